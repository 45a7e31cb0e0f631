"""Small input-validation helpers shared by the :mod:`nnmath` modules.

Every helper raises :class:`ValueError` with a message that names the
offending argument and says what was expected.

Example:
    >>> as_array([1, 2], "weights", ndim=1).dtype
    dtype('float64')
    >>> bool(as_rng(0).integers(10) == as_rng(0).integers(10))
    True
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

__all__ = [
    "as_array",
    "as_rng",
    "check_finite",
    "check_positive_int",
    "check_scalar",
]


def check_finite(arr: np.ndarray, name: str) -> np.ndarray:
    """Raise ``ValueError`` if ``arr`` contains NaN or infinity.

    Example:
        >>> check_finite(np.array([1.0, 2.0]), "weights")
        array([1., 2.])
    """
    if not np.all(np.isfinite(arr)):
        verb = "contain" if name.endswith("s") else "contains"
        raise ValueError(f"{name} {verb} NaN or infinity (expected finite numbers)")
    return arr


def as_array(
    x: Any,
    name: str,
    ndim: int | tuple[int, ...] | None = None,
    *,
    finite: bool = True,
    nonempty: bool = False,
) -> np.ndarray:
    """Convert ``x`` to a float64 ndarray and validate it.

    Args:
        x: Anything ``np.asarray`` understands (numbers only).
        name: Used in error messages, e.g. ``"weights"``.
        ndim: Required number of dimensions (an int or a tuple of allowed ints).
        finite: Reject NaN / infinity.
        nonempty: Reject arrays with zero elements.

    Example:
        >>> as_array([[1, 2]], "X", ndim=2).shape
        (1, 2)
    """
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric array-like, got {x!r}") from exc
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(
                f"{name} must be {want}, got {arr.ndim}-D array with shape {arr.shape}"
            )
    if nonempty and arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); expected at least one value")
    if finite:
        check_finite(arr, name)
    return arr


def check_scalar(x: Any, name: str, *, positive: bool = False) -> float:
    """Return ``x`` as a finite Python float (optionally required > 0).

    Example:
        >>> check_scalar(2, "bias")
        2.0
    """
    if isinstance(x, bool) or not isinstance(x, numbers.Real | np.ndarray):
        raise ValueError(f"{name} must be a real number, got {x!r}")
    arr = np.asarray(x, dtype=float)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a scalar, got array with shape {arr.shape}")
    value = float(arr)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value


def check_positive_int(n: Any, name: str = "n") -> int:
    """Return ``n`` as an int, raising ``ValueError`` unless it is a positive integer.

    Example:
        >>> check_positive_int(3)
        3
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n <= 0:
        raise ValueError(f"{name} must be a positive integer, got {n!r}")
    return int(n)


def as_rng(rng: int | np.random.Generator | None = None) -> np.random.Generator:
    """Turn an int seed, a Generator or ``None`` into a ``numpy.random.Generator``.

    A Generator is returned unchanged (so callers share its state); an int seeds
    a fresh PCG64 generator; ``None`` gives an OS-seeded generator.

    Example:
        >>> float(as_rng(1).random()) == float(as_rng(1).random())
        True
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise ValueError(f"rng must be an int seed, a numpy Generator or None, got {rng!r}")
