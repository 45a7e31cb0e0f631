"""Labelled example days for the weather perceptron of chapter 1.

A day is a row of measurements (temperature in degrees C, humidity in %, wind
speed in km/h, ...) drawn uniformly at random inside the given ranges; its label
is what a given perceptron says about it (1 = good weather, 0 = bad). A margin
keeps every day a little away from the decision boundary, so no picture shows a
day sitting right on the line.

Example:
    >>> from nnmath.perceptron import Perceptron
    >>> judge = Perceptron([0.5, -0.1], -5.0)
    >>> X, y = example_days(judge, 12, ranges=[(0, 40), (0, 100)], seed=0, margin=1.0)
    >>> X.shape, bool((judge.predict(X) == y).all())
    ((12, 2), True)
    >>> bool((abs(judge.pre_activation(X)) >= 1.0).all())
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._validate import Seed, as_array, as_generator, check_positive_int, check_scalar
from .perceptron import Perceptron

__all__ = ["example_days"]

_MAX_ROUNDS = 1000


def example_days(
    perceptron: Perceptron,
    n: int,
    ranges: Sequence[tuple[float, float]] | Any,
    seed: Seed = None,
    margin: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` random days inside ``ranges``, labelled by ``perceptron``.

    Args:
        perceptron: the rule that labels a day (its ``predict``: 1 where
            ``w . x + b >= 0``); its input width must equal ``len(ranges)``.
        n: number of days.
        ranges: one ``(low, high)`` pair per measurement, ``low < high``.
        seed: an int (the same int gives the same days), a ``numpy.random.Generator``
            (drawn from, so its state advances) or ``None`` (fresh OS entropy).
        margin: days with ``|w . x + b| < margin`` are drawn again.

    Returns:
        ``(X, y)``: ``X`` of shape ``(n, d)``, integer labels ``y`` in ``{0, 1}``.

    Example:
        >>> p = Perceptron([1.0], -20.0)
        >>> X, y = example_days(p, 5, [(-10, 40)], seed=1)
        >>> bool(np.array_equal(y, (X[:, 0] >= 20).astype(int)))
        True
    """
    if not isinstance(perceptron, Perceptron):
        raise ValueError(f"perceptron must be an nnmath Perceptron, got {perceptron!r}")
    n = check_positive_int(n, "n")
    box = as_array(ranges, "ranges", ndim=2)
    if box.shape != (perceptron.dim, 2):
        raise ValueError(
            f"ranges must hold one (low, high) pair per input: shape ({perceptron.dim}, 2), "
            f"got {box.shape}"
        )
    if not np.all(box[:, 0] < box[:, 1]):
        raise ValueError(f"every range must have low < high, got {box.tolist()}")
    m = check_scalar(margin, "margin")
    if m < 0:
        raise ValueError(f"margin must be >= 0, got {m}")
    gen = as_generator(seed)
    kept: list[np.ndarray] = []
    have = 0
    for _ in range(_MAX_ROUNDS):
        cand = gen.uniform(box[:, 0], box[:, 1], size=(2 * n + 16, perceptron.dim))
        cand = cand[np.abs(perceptron.pre_activation(cand)) >= m]
        kept.append(cand)
        have += cand.shape[0]
        if have >= n:
            break
    else:
        raise ValueError(
            f"margin {m} leaves (almost) no room inside the ranges; choose a smaller margin"
        )
    X = np.vstack(kept)[:n]
    y = perceptron.predict(X).astype(np.int64)
    return X, y
