"""Gradient descent, one step at a time.

The update rule is ``u(x, y, z) = x - y * z``: new position = position
minus slope times learning rate.

Example:
    >>> round(float(update(3.0, 1.21, 0.5)), 3)
    2.395
    >>> descend(lambda x: 2 * x, 1.0, lr=0.25, steps=2).tolist()
    [1.0, 0.5, 0.25]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._validate import as_array, check_learning_rate, check_positive_int

__all__ = ["descend", "update"]


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
    out = pos - slope * rate
    return out[()] if out.ndim == 0 else out


def descend(
    df: Callable[[Any], Any],
    x0: Any,
    lr: float,
    steps: int,
) -> np.ndarray:
    """Run ``steps`` gradient-descent updates from ``x0`` using the slope ``df``.

    Returns the whole path including ``x0``: shape ``(steps + 1,)`` for a scalar
    ``x0`` or ``(steps + 1, d)`` for a vector ``x0``. If the iteration diverges
    the path simply contains the huge / infinite / NaN values (no exception, no
    warning), so callers can show the divergence.

    Raises:
        ValueError: non-positive ``lr``, negative ``steps`` or non-finite ``x0``.

    Example:
        >>> descend(lambda x: x, [2.0, -2.0], lr=0.5, steps=1).tolist()
        [[2.0, -2.0], [1.0, -1.0]]
    """
    rate = np.asarray(check_learning_rate(lr, per_coordinate=True))
    steps = check_positive_int(steps, "steps", allow_zero=True)
    x = as_array(x0, "x0", ndim=(0, 1), nonempty=True)
    if not _broadcasts_to(x.shape, rate.shape):
        raise ValueError(f"lr must be a number or have the shape of x0 {x.shape}, got {rate.shape}")
    path = np.empty((steps + 1, *x.shape), dtype=float)
    path[0] = x
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(1, steps + 1):
            here = path[i - 1].copy() if x.ndim else float(path[i - 1])
            slope = np.asarray(df(here), dtype=float)
            if slope.size == 1:
                slope = slope.reshape(())
            elif slope.shape != x.shape:
                raise ValueError(f"df returned shape {slope.shape}, expected {x.shape} like x0")
            path[i] = path[i - 1] - slope * lr
    return path
