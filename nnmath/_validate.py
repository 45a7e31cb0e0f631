"""Small input-validation helpers shared by the :mod:`nnmath` modules.

Every helper raises :class:`ValueError` with a message that names the
offending argument and says what was expected.

Example:
    >>> as_array([1, 2], "weights", ndim=1).dtype
    dtype('float64')
    >>> bool(as_generator(0).integers(10) == as_generator(0).integers(10))
    True
"""

from __future__ import annotations

import dataclasses
import numbers
from typing import Any

import numpy as np

__all__ = [
    "ArrayValued",
    "as_array",
    "as_generator",
    "as_examples",
    "check_finite",
    "check_learning_rate",
    "check_lim",
    "check_positive_int",
    "check_scalar",
    "readonly_copy",
    "Seed",
]

#: What every nnmath function that draws random numbers takes as ``seed``
#: (see :func:`as_generator`).
Seed = int | np.random.Generator | None


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


def as_examples(inputs: Any, targets: Any) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and their targets, as two finite, non-empty 1-D arrays of one length.

    Example:
        >>> xs, ts = as_examples([4, 1], [-4, -1])
        >>> xs.tolist(), ts.tolist()
        ([4.0, 1.0], [-4.0, -1.0])
    """
    xs = as_array(inputs, "inputs", ndim=1, nonempty=True)
    ts = as_array(targets, "targets", ndim=1, nonempty=True)
    if xs.shape != ts.shape:
        raise ValueError(f"inputs and targets must have the same length, got "
                         f"{len(xs)} inputs and {len(ts)} targets")
    return xs, ts


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


def check_positive_int(n: Any, name: str = "n", *, allow_zero: bool = False) -> int:
    """Return ``n`` as an int, raising ``ValueError`` unless it is a positive integer
    (or, with ``allow_zero``, a non-negative one). numpy integers are accepted, bools not.

    Example:
        >>> check_positive_int(3), check_positive_int(np.int64(0), "steps", allow_zero=True)
        (3, 0)
    """
    low = 0 if allow_zero else 1
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < low:
        kind = "non-negative" if allow_zero else "positive"
        raise ValueError(f"{name} must be a {kind} integer, got {n!r}")
    return int(n)


def check_learning_rate(lr: Any, *, per_coordinate: bool = False) -> Any:
    """Return the learning rate ``lr`` as a float that is finite and > 0.

    With ``per_coordinate`` an array of such rates (one per coordinate) is also
    accepted and returned as a float array. Anything else raises one ``ValueError``
    with the same message wherever a learning rate is taken.

    Example:
        >>> check_learning_rate(0.5), check_learning_rate([0.1, 0.2], per_coordinate=True)
        (0.5, array([0.1, 0.2]))
    """
    expected = "a finite number > 0" + (" or an array of them" if per_coordinate else "")
    try:
        if per_coordinate and not isinstance(lr, numbers.Real):
            arr = as_array(lr, "learning rate", nonempty=True)
            if np.asarray(lr).dtype == bool or not np.all(arr > 0):
                raise ValueError("not positive")
            return arr
        return check_scalar(lr, "learning rate", positive=True)
    except ValueError as exc:
        raise ValueError(
            f"learning rate must be positive and finite ({expected}), got {lr!r}"
        ) from exc


def check_lim(lim: Any, name: str) -> tuple[float, float]:
    """Return the axis limits ``lim`` as a pair of floats ``(low, high)``, ``low < high``.

    Example:
        >>> check_lim([-1, 2], "xlim")
        (-1.0, 2.0)
    """
    arr = as_array(lim, name, ndim=1)
    if arr.shape != (2,) or not arr[0] < arr[1]:
        got = tuple(arr.tolist())
        raise ValueError(
            f"{name} must be an increasing pair (low, high) with low < high, got {got}"
        )
    return float(arr[0]), float(arr[1])


def as_generator(seed: Seed = None) -> np.random.Generator:
    """Turn ``seed`` into a ``numpy.random.Generator``: the one meaning of ``seed`` in nnmath.

    Like scikit-learn's ``random_state``: an int seeds a fresh PCG64 generator (the same
    int always gives the same numbers); a Generator is returned unchanged (so the caller
    shares, and advances, its state); ``None`` gives a generator seeded from fresh OS
    entropy (different numbers on every call). Anything else raises ``ValueError``.

    Example:
        >>> float(as_generator(1).random()) == float(as_generator(1).random())
        True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        if seed < 0:
            raise ValueError(
                f"seed must be a non-negative int (or a numpy Generator or None), got {seed!r}"
            )
        return np.random.default_rng(seed)
    if seed is None:
        return np.random.default_rng()
    raise ValueError(f"seed must be an int, a numpy Generator or None, got {seed!r}")


def readonly_copy(arr: Any) -> np.ndarray:
    """A float64 copy of ``arr`` that cannot be written to (for frozen dataclasses).

    Example:
        >>> readonly_copy([1, 2]).flags.writeable
        False
    """
    out = np.array(arr, dtype=float, copy=True)
    out.setflags(write=False)
    return out


def _value_key(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return (value.shape, tuple(value.ravel().tolist()))
    return value


class ArrayValued:
    """Mixin for frozen dataclasses (declared with ``eq=False``) that hold numpy arrays:
    ``==`` compares every field by value, arrays element by element, and ``hash``
    agrees with it.

    Example:
        >>> from dataclasses import dataclass
        >>> @dataclass(frozen=True, eq=False)
        ... class Pair(ArrayValued):
        ...     a: np.ndarray
        ...     name: str
        >>> Pair(np.zeros(2), "p") == Pair(np.zeros(2), "p") != Pair(np.ones(2), "p")
        True
        >>> hash(Pair(np.zeros(2), "p")) == hash(Pair(-np.zeros(2), "p"))
        True
    """

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self))  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(
            np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b
            for a, b in zip(self._values(), other._values(), strict=True)  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash(tuple(_value_key(v) for v in self._values()))
