"""Gradient descent, one step at a time, and the curves chapter 7 descends.

The update rule is ``u(x, y, z) = x - y * z``: new position = position
minus slope times learning rate. :func:`descend` repeats it, optionally until the
slope is nearly flat; :func:`crossings` counts the steps of a path that jump over the
bottom. :data:`VALLEY` is chapter 7's one-dimensional valley and :class:`WeightError`
the loss of a one-weight neuron (half the mean squared error) as a function of its
weight.

Example:
    >>> round(float(update(3.0, 1.21, 0.5)), 3)
    2.395
    >>> descend(lambda x: 2 * x, 1.0, lr=0.25, steps=2).tolist()
    [1.0, 0.5, 0.25]
    >>> path = descend(VALLEY.slope, 3.0, lr=0.5, steps=50, tol=0.02)
    >>> len(path) - 1, round(float(path[1]), 3)   # steps taken, the first new x
    (9, 2.388)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from ._validate import (
    as_array,
    as_examples,
    check_learning_rate,
    check_positive_int,
    check_scalar,
    readonly_copy,
)

__all__ = ["VALLEY", "Valley", "WeightError", "crossings", "descend", "step", "update"]


def _broadcasts_to(shape: tuple[int, ...], *others: tuple[int, ...]) -> bool:
    try:
        return np.broadcast_shapes(shape, *others) == shape
    except ValueError:
        return False


def update(x: Any, y: Any, z: Any) -> Any:
    """One gradient-descent step ``x - y * z``.

    Args:
        x: current position (float or array), finite.
        y: slope / gradient at ``x``, finite, same shape as ``x`` or broadcastable to it.
        z: learning rate > 0 (or an array of per-coordinate rates, broadcastable to ``x``).

    Returns:
        A numpy float for scalar inputs, otherwise an array.

    Example:
        >>> update([1.0, 2.0], [1.0, -1.0], 0.5).tolist()
        [0.5, 2.5]
    """
    rate = np.asarray(check_learning_rate(z, per_coordinate=True))
    pos = as_array(x, "x (position)")
    slope = as_array(y, "y (slope)")
    if not _broadcasts_to(pos.shape, slope.shape, rate.shape):
        raise ValueError(
            f"y (slope) and z (learning rate) must have the shape of x (position) {pos.shape} "
            f"or broadcast to it, got y {slope.shape} and z {rate.shape}"
        )
    out = step(pos, slope, rate)
    return out[()] if out.ndim == 0 else out


def step(x: np.ndarray, y: np.ndarray, z: Any) -> np.ndarray:
    """The update's arithmetic, ``x - y * z``, on arrays already checked: what
    :func:`update` computes after its checks, and what :func:`nnmath.training.train`
    applies to every weight at every step.

    Example:
        >>> step(np.array([1.0, 2.0]), np.array([1.0, -1.0]), 0.5).tolist()
        [0.5, 2.5]
    """
    return x - y * z


def descend(
    df: Callable[[Any], Any],
    x0: Any,
    lr: float,
    steps: int,
    *,
    tol: float | None = None,
) -> np.ndarray:
    """Run up to ``steps`` gradient-descent updates from ``x0`` using the slope ``df``.

    Returns the whole path including ``x0``: shape ``(n + 1,)`` for a scalar ``x0`` or
    ``(n + 1, d)`` for a vector ``x0``, where ``n`` is the number of steps taken. If the
    iteration diverges the path simply contains the huge / infinite / NaN values (no
    exception, no warning), so callers can show the divergence.

    The stopping rule: with ``tol``, the descent stops at the first position whose
    slope is smaller than ``tol`` in size (its norm, for a vector), so ``n`` may be
    less than ``steps``; without it every step is taken.

    Raises:
        ValueError: non-positive ``lr`` or ``tol``, negative ``steps`` or non-finite
            ``x0``.

    Example:
        >>> descend(lambda x: x, [2.0, -2.0], lr=0.5, steps=1).tolist()
        [[2.0, -2.0], [1.0, -1.0]]
        >>> descend(lambda x: x, 1.0, lr=0.5, steps=10, tol=0.2).tolist()  # |x| < 0.2
        [1.0, 0.5, 0.25, 0.125]
    """
    rate = np.asarray(check_learning_rate(lr, per_coordinate=True))
    steps = check_positive_int(steps, "steps", allow_zero=True)
    if tol is not None:
        tol = check_scalar(tol, "tol", positive=True)
    x = as_array(x0, "x0", ndim=(0, 1), nonempty=True)
    if not _broadcasts_to(x.shape, rate.shape):
        raise ValueError(f"lr must be a number or have the shape of x0 {x.shape}, got {rate.shape}")
    path = np.empty((steps + 1, *x.shape), dtype=float)
    path[0] = x
    taken = steps
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(1, steps + 1):
            here = path[i - 1].copy() if x.ndim else float(path[i - 1])
            slope = np.asarray(df(here), dtype=float)
            if slope.size == 1:
                slope = slope.reshape(())
            elif slope.shape != x.shape:
                raise ValueError(f"df returned shape {slope.shape}, expected {x.shape} like x0")
            if tol is not None and float(np.linalg.norm(slope)) < tol:
                taken = i - 1
                break
            path[i] = path[i - 1] - slope * lr
    return path[: taken + 1]


def crossings(path: Any, bottom: float = 0.0) -> int:
    """How many steps of a one-dimensional ``path`` jump over ``bottom``: from one side
    of it to the other (a step that lands exactly on it, or starts there, does not).

    Example:
        >>> crossings([3.0, 0.19, -0.4, 0.5, 0.2])
        2
    """
    side = np.sign(as_array(path, "path", ndim=1) - check_scalar(bottom, "bottom"))
    return int(np.count_nonzero(side[:-1] * side[1:] < 0))


@dataclass(frozen=True)
class Valley:
    """Chapter 7's valley: ``f(x) = depth * (1 - exp(-x^2 / (2 width^2)))``.

    One minimum, ``f(0) = 0``; hills that flatten towards ``depth`` far out, so going
    down from far away the slope first grows, is largest at ``x = ±width``
    (``depth / (width * sqrt(e))``), then shrinks to 0 at the bottom. With the
    defaults, from ``x = 3`` at learning rate 0.5 the first slope is 1.22 and the
    first step lands at 2.39, the numbers of the seed's worked example; after 9 steps
    the slope is below 0.02 (``x = 0.016``).

    Example:
        >>> round(float(VALLEY(3.0)), 3), round(float(VALLEY.slope(3.0)), 3)
        (3.027, 1.223)
    """

    depth: float = 5.0
    width: float = 2.2

    def __post_init__(self) -> None:
        check_scalar(self.depth, "depth", positive=True)
        check_scalar(self.width, "width", positive=True)

    def __call__(self, x: Any) -> Any:
        """The height ``f(x)``."""
        x = as_array(x, "x")
        out = self.depth * -np.expm1(-(x**2) / (2 * self.width**2))
        return out[()] if out.ndim == 0 else out

    def slope(self, x: Any) -> Any:
        """The exact derivative ``f'(x) = depth * x / width^2 * exp(-x^2 / (2 width^2))``."""
        x = as_array(x, "x")
        out = self.depth * x / self.width**2 * np.exp(-(x**2) / (2 * self.width**2))
        return out[()] if out.ndim == 0 else out

    @property
    def steepest(self) -> float:
        """Where the slope is largest (``x = width``; by symmetry also ``-width``)."""
        return float(self.width)

    def steepest_between(self, a: float, b: float) -> tuple[float, float]:
        """``(x, |f'(x)|)`` where the slope is largest in size for ``x`` from ``a`` to
        ``b``: at ``±width`` if one lies between them, else at the end nearer to it.

        Example:
            >>> [round(v, 2) for v in VALLEY.steepest_between(0.0, 3.0)]  # rolling from 3
            [2.2, 1.38]
            >>> [round(v, 2) for v in VALLEY.steepest_between(1.0, 0.0)]  # from 1: no rise
            [1.0, 0.93]
        """
        lo, hi = sorted((check_scalar(a, "a"), check_scalar(b, "b")))
        candidates = [lo, hi] + [x for x in (-self.width, self.width) if lo < x < hi]
        x = max(candidates, key=lambda v: abs(float(self.slope(v))))
        return float(x), abs(float(self.slope(x)))

    @property
    def bottom_curvature(self) -> float:
        """``f''(0) = depth / width^2``: how sharply the valley curves at its bottom."""
        return float(self.depth / self.width**2)

    @property
    def settling_limit(self) -> float:
        """``2 / f''(0)``: near the bottom a step multiplies the distance to it by
        ``1 - z f''(0)``, so descent can settle there only for learning rates ``z``
        below this (1.94 for :data:`VALLEY`); above ``1 / f''(0)`` it settles jumping
        to and fro across the bottom.

        Example:
            >>> round(VALLEY.settling_limit, 2)
            1.94
        """
        return 2.0 / self.bottom_curvature


VALLEY = Valley()


@dataclass(frozen=True, eq=False)
class WeightError:
    """The loss of the one-weight neuron ``y = w * x`` over examples, as a function of
    ``w``: half the mean squared error, ``E(w) = 1/2 mean((w * x - t)^2)`` over inputs
    ``x`` and targets ``t`` -- nnmath's ``"mse"`` (:attr:`loss`), the loss
    :func:`nnmath.training.mean_loss` computes and chapter 7's loss surface shows.

    Its slope is ``E'(w) = mean((w * x - t) * x)`` and its lowest point
    ``w* = sum(x t) / sum(x^2)``. Chapter 7 teaches the negation neuron of chapter 1
    (targets ``t = -x``), whose best weight is -1.

    Example:
        >>> E = WeightError.negation([4.0, 1.0, -0.5])
        >>> float(E(-1.0)), float(E.slope(0.0)), float(E.best)
        (0.0, 5.75, -1.0)
    """

    inputs: np.ndarray
    targets: np.ndarray
    #: which of :data:`nnmath.training.LOSSES` this is (for its name and label)
    loss: ClassVar[str] = "mse"

    def __post_init__(self) -> None:
        xs, ts = as_examples(self.inputs, self.targets)
        if not np.any(xs):
            raise ValueError("inputs are all 0: the error does not depend on w")
        object.__setattr__(self, "inputs", readonly_copy(xs))
        object.__setattr__(self, "targets", readonly_copy(ts))

    @classmethod
    def negation(cls, inputs: Any) -> WeightError:
        """The error of learning to negate ``inputs`` (targets ``-x``)."""
        xs = as_array(inputs, "inputs", ndim=1, nonempty=True)
        return cls(xs, -xs)

    def _w(self, w: Any) -> np.ndarray:
        return as_array(w, "w")[..., None]

    def __call__(self, w: Any) -> Any:
        """``E(w)`` for a number or an array of weights."""
        out = 0.5 * np.mean((self._w(w) * self.inputs - self.targets) ** 2, axis=-1)
        return out[()] if out.ndim == 0 else out

    def slope(self, w: Any) -> Any:
        """``E'(w)``, exact."""
        out = np.mean((self._w(w) * self.inputs - self.targets) * self.inputs, axis=-1)
        return out[()] if out.ndim == 0 else out

    @property
    def best(self) -> float:
        """The weight with the least error, ``sum(x t) / sum(x^2)``."""
        return float(self.inputs @ self.targets / (self.inputs @ self.inputs))

    @property
    def curvature(self) -> float:
        """``E''(w) = mean(x^2)``; descent settles for learning rates below
        ``2 / curvature`` and overshoots back and forth above ``1 / curvature``."""
        return float(np.mean(self.inputs**2))
