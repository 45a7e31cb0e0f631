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

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from ._validate import as_array

__all__ = ["descend", "update"]


def _check_lr(lr: Any) -> None:
    # Works for scalars and arrays of per-coordinate learning rates.
    arr = np.asarray(lr, dtype=float)
    if arr.size == 0 or not np.all(np.isfinite(arr)) or not np.all(arr > 0):
        raise ValueError(f"learning rate must be positive and finite, got {lr!r}")


def update(x: Any, y: Any, z: Any) -> Any:
    """One gradient-descent step ``x - y * z``.

    Args:
        x: current position (float or array).
        y: slope / gradient at ``x`` (same shape as ``x`` or broadcastable).
        z: learning rate, must be > 0.

    Returns:
        A numpy float for scalar inputs, otherwise an array.

    Example:
        >>> update([1.0, 2.0], [1.0, -1.0], 0.5).tolist()
        [0.5, 2.5]
    """
    _check_lr(z)
    out = np.asarray(x, dtype=float) - np.asarray(y, dtype=float) * np.asarray(z, dtype=float)
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
    _check_lr(lr)
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    x = as_array(x0, "x0", ndim=(0, 1), nonempty=True)
    path = np.empty((int(steps) + 1, *x.shape), dtype=float)
    path[0] = x
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(1, int(steps) + 1):
            here = path[i - 1].copy() if x.ndim else float(path[i - 1])
            slope = np.asarray(df(here), dtype=float)
            if slope.size == 1:
                slope = slope.reshape(())
            elif slope.shape != x.shape:
                raise ValueError(f"df returned shape {slope.shape}, expected {x.shape} like x0")
            path[i] = path[i - 1] - slope * lr
    return path
