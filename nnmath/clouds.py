"""Seeded 2-D point clouds and toy classification data sets.

Every random generator takes ``seed``: an int (the same int always gives the same
points), a ``numpy.random.Generator`` (drawn from, so its state advances) or
``None`` (fresh OS entropy, different points on every call). Labelled data
sets return ``(X, y)`` with ``X`` of shape ``(n, 2)`` and integer labels
``y`` in ``{0, 1}``. No scikit-learn needed.

Example:
    >>> X, y = two_moons(100, seed=0)
    >>> X.shape, sorted(set(y.tolist()))
    ((100, 2), [0, 1])
    >>> grid(3).shape
    (9, 2)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validate import Seed, as_generator, check_positive_int, check_scalar

__all__ = [
    "circles",
    "grid",
    "linearly_separable",
    "spiral",
    "two_moons",
    "uniform_square",
    "xor",
]

Labelled = tuple[np.ndarray, np.ndarray]


def _box(low: Any, high: Any) -> tuple[float, float]:
    lo, hi = check_scalar(low, "low"), check_scalar(high, "high")
    if not lo < hi:
        raise ValueError(f"low must be smaller than high, got low={lo}, high={hi}")
    return lo, hi


def _noise(noise: Any) -> float:
    value = check_scalar(noise, "noise")
    if value < 0:
        raise ValueError(f"noise must be >= 0, got {value}")
    return value


def _halves(n: int) -> np.ndarray:
    """Labels 0 for the first n // 2 points, 1 for the rest."""
    return (np.arange(n) >= n // 2).astype(np.int64)


def _shuffle(X: np.ndarray, y: np.ndarray, gen: np.random.Generator) -> Labelled:
    order = gen.permutation(X.shape[0])
    return X[order], y[order]


def uniform_square(
    n: int, low: float = -1.0, high: float = 1.0, seed: Seed = None
) -> np.ndarray:
    """``n`` points uniformly distributed in the square ``[low, high]^2``.

    Example:
        >>> X = uniform_square(5, seed=1)
        >>> X.shape, bool(((X >= -1) & (X <= 1)).all())
        ((5, 2), True)
    """
    n = check_positive_int(n, "n")
    lo, hi = _box(low, high)
    return as_generator(seed).uniform(lo, hi, size=(n, 2))


def grid(n_per_side: int, low: float = -1.0, high: float = 1.0) -> np.ndarray:
    """Regular ``n_per_side x n_per_side`` grid over ``[low, high]^2`` (x varies fastest).

    Example:
        >>> grid(2).tolist()
        [[-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0], [1.0, 1.0]]
    """
    k = check_positive_int(n_per_side, "n_per_side")
    lo, hi = _box(low, high)
    ticks = np.linspace(lo, hi, k) if k > 1 else np.array([(lo + hi) / 2.0])
    xs, ys = np.meshgrid(ticks, ticks)
    return np.column_stack([xs.ravel(), ys.ravel()])


def two_moons(n: int, noise: float = 0.1, seed: Seed = None) -> Labelled:
    """Two interleaving half circles (class 0 on top, class 1 below), centred at 0.

    Classes have ``n // 2`` and ``n - n // 2`` points; the points are shuffled.

    Example:
        >>> X, y = two_moons(10, seed=0)
        >>> int(y.sum())
        5
    """
    n = check_positive_int(n, "n")
    sigma = _noise(noise)
    gen = as_generator(seed)
    y = _halves(n)
    t = gen.uniform(0.0, np.pi, size=n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(y[:, None] == 0, upper, lower) - np.array([0.5, 0.25])
    X = X + sigma * gen.standard_normal((n, 2))
    return _shuffle(X, y, gen)


def circles(n: int, noise: float = 0.05, factor: float = 0.5, seed: Seed = None) -> Labelled:
    """An outer circle of radius 1 (class 0) around an inner one of radius ``factor`` (class 1).

    Example:
        >>> X, y = circles(200, noise=0.0, seed=0)
        >>> bool(np.allclose(np.linalg.norm(X[y == 1], axis=1), 0.5))
        True
    """
    n = check_positive_int(n, "n")
    sigma = _noise(noise)
    f = check_scalar(factor, "factor")
    if not 0 < f < 1:
        raise ValueError(f"factor must be between 0 and 1 (exclusive), got {f}")
    gen = as_generator(seed)
    y = _halves(n)
    t = gen.uniform(0.0, 2.0 * np.pi, size=n)
    r = np.where(y == 0, 1.0, f)
    X = r[:, None] * np.column_stack([np.cos(t), np.sin(t)])
    X = X + sigma * gen.standard_normal((n, 2))
    return _shuffle(X, y, gen)


def spiral(n: int, turns: float = 1.5, noise: float = 0.03, seed: Seed = None) -> Labelled:
    """Two interleaved spiral arms (class 0 and class 1, rotated by half a turn).

    Radii run from 0.1 to 1, so points lie roughly in the unit disc.

    Example:
        >>> X, y = spiral(50, seed=0)
        >>> X.shape, y.shape
        ((50, 2), (50,))
    """
    n = check_positive_int(n, "n")
    sigma = _noise(noise)
    k = check_scalar(turns, "turns", positive=True)
    gen = as_generator(seed)
    y = _halves(n)
    r = gen.uniform(0.1, 1.0, size=n)
    angle = 2.0 * np.pi * k * r + np.pi * y
    X = r[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    X = X + sigma * gen.standard_normal((n, 2))
    return _shuffle(X, y, gen)


def xor(n: int, noise: float = 0.15, seed: Seed = None) -> Labelled:
    """Four blobs at ``(+-0.5, +-0.5)``: label 1 where the centre's signs differ.

    That is, ``y = 1`` for the blobs at ``(0.5, -0.5)`` and ``(-0.5, 0.5)``
    (``sign(x1) * sign(x2) < 0``), ``y = 0`` for the other two; labels follow
    the blob, even if noise pushes a point across an axis. Blob sizes differ
    by at most one.

    Example:
        >>> X, y = xor(8, noise=0.0, seed=0)
        >>> bool(np.all((np.sign(X[:, 0]) * np.sign(X[:, 1]) < 0) == (y == 1)))
        True
    """
    n = check_positive_int(n, "n")
    sigma = _noise(noise)
    gen = as_generator(seed)
    centres = np.array([[0.5, 0.5], [-0.5, -0.5], [0.5, -0.5], [-0.5, 0.5]])
    blob = np.arange(n) % 4
    y = (blob >= 2).astype(np.int64)
    X = centres[blob] + sigma * gen.standard_normal((n, 2))
    return _shuffle(X, y, gen)


def linearly_separable(n: int, seed: Seed = None, margin: float = 0.15) -> Labelled:
    """Uniform points in ``[-1, 1]^2`` split by a random line, with an empty band.

    A random unit normal ``w`` and offset ``b`` in ``[-0.3, 0.3]`` are drawn;
    points with ``|w . x + b| < margin`` are rejected and resampled, and
    ``y = 1`` where ``w . x + b > 0``. The margin guarantees that the
    perceptron rule converges quickly.

    Example:
        >>> X, y = linearly_separable(40, seed=3)
        >>> X.shape, set(y.tolist()) <= {0, 1}
        ((40, 2), True)
    """
    n = check_positive_int(n, "n")
    m = check_scalar(margin, "margin")
    if not 0 <= m < 0.5:
        raise ValueError(f"margin must be in [0, 0.5), got {m}")
    gen = as_generator(seed)
    angle = gen.uniform(0.0, 2.0 * np.pi)
    w = np.array([np.cos(angle), np.sin(angle)])
    b = gen.uniform(-0.3, 0.3)
    kept: list[np.ndarray] = []
    have = 0
    while have < n:
        cand = gen.uniform(-1.0, 1.0, size=(2 * n + 16, 2))
        cand = cand[np.abs(cand @ w + b) >= m]
        kept.append(cand)
        have += cand.shape[0]
    X = np.vstack(kept)[:n]
    y = (X @ w + b > 0).astype(np.int64)
    return X, y
