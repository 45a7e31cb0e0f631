"""Weight matrices seen as linear maps of the plane (and space).

Example:
    >>> basis_images([[1, 2], [2, 1]])
    array([[1., 2.],
           [2., 1.]])
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_array, check_scalar

__all__ = [
    "as_matrix",
    "basis_images",
    "affine_map",
    "determinant",
    "rotation",
    "scaling",
    "shear",
    "reflection",
    "best_affine_fit",
]


def as_matrix(W: ArrayLike, name: str = "W") -> np.ndarray:
    """``W`` as a finite 2-D float array, or a ValueError saying what is wrong."""
    M = np.asarray(W, dtype=float)
    if M.ndim != 2 or 0 in M.shape:
        raise ValueError(f"{name} must be a non-empty 2-D matrix, got shape {M.shape}")
    if not np.all(np.isfinite(M)):
        raise ValueError(f"{name} contains NaN or infinity (expected finite numbers)")
    return M


def basis_images(W: ArrayLike) -> np.ndarray:
    """Where each unit vector lands under ``W``: row ``i`` is ``W @ e_i``, W's i-th column."""
    M = as_matrix(W)
    return affine_map(M, np.eye(M.shape[1]))  # row i: the image of e_i


def affine_map(W: ArrayLike, points: ArrayLike, b: ArrayLike | None = None) -> np.ndarray:
    """Apply ``x -> W x + b`` to every row of ``points`` (finite, shape (n, d_in), n >= 1)."""
    M = as_matrix(W)
    P = as_array(points, "points", nonempty=True)
    if P.ndim != 2 or P.shape[1] != M.shape[1]:
        raise ValueError(
            f"points must have shape (n, {M.shape[1]}) to match W of shape {M.shape}, "
            f"got {P.shape}"
        )
    out = P @ M.T
    if b is not None:
        bias = as_array(b, "b")
        if bias.shape != (M.shape[0],):
            raise ValueError(f"b must have shape ({M.shape[0]},) to match W, got {bias.shape}")
        out = out + bias
    return out


def determinant(W: ArrayLike) -> float:
    """Signed area (volume) scale of a square ``W``; negative means a reflection."""
    M = as_matrix(W)
    if M.shape[0] != M.shape[1]:
        raise ValueError(f"determinant needs a square matrix, got shape {M.shape}")
    return float(np.linalg.det(M))


def rotation(degrees: float) -> np.ndarray:
    """Counter-clockwise rotation of the plane by ``degrees``.

    >>> rotation(90)
    array([[ 0., -1.],
           [ 1.,  0.]])
    """
    theta = np.deg2rad(check_scalar(degrees, "degrees"))
    c, s = np.cos(theta), np.sin(theta)
    M = np.array([[c, -s], [s, c]])
    return np.where(np.abs(M) < 1e-15, 0.0, M)  # exact zeros at multiples of 90 degrees


def scaling(sx: float, sy: float | None = None) -> np.ndarray:
    """Stretch x by ``sx`` and y by ``sy`` (default: ``sx``)."""
    sx = check_scalar(sx, "sx")
    sy = sx if sy is None else check_scalar(sy, "sy")
    return as_matrix([[sx, 0.0], [0.0, sy]])


def shear(k: float, axis: str = "x") -> np.ndarray:
    """Shear parallel to ``axis``: x-shear sends (x, y) to (x + k y, y)."""
    k = check_scalar(k, "shear factor k")
    if axis == "x":
        return as_matrix([[1.0, k], [0.0, 1.0]])
    if axis == "y":
        return as_matrix([[1.0, 0.0], [k, 1.0]])
    raise ValueError(f"shear axis must be 'x' or 'y', got {axis!r}")


def reflection(axis: str = "y") -> np.ndarray:
    """Mirror image across the ``axis`` ("x", "y" or the diagonal "y=x")."""
    table = {
        "x": [[1.0, 0.0], [0.0, -1.0]],
        "y": [[-1.0, 0.0], [0.0, 1.0]],
        "y=x": [[0.0, 1.0], [1.0, 0.0]],
    }
    if not isinstance(axis, str) or axis not in table:
        raise ValueError(f"reflection axis must be one of {sorted(table)}, got {axis!r}")
    return as_matrix(table[axis])


def best_affine_fit(X: ArrayLike, Y: ArrayLike) -> tuple[np.ndarray, np.ndarray, float]:
    """The affine map ``x -> W x + b`` closest to sending each row of X to the row of Y,
    by least squares (``numpy.linalg.lstsq``), and its RMS residual (the mean
    distance left between ``W x + b`` and ``y``, root-mean-square).

    >>> X = np.array([[0.0, 0], [1, 0], [0, 1], [1, 1]])
    >>> W, b, rms = best_affine_fit(X, X @ [[2.0, 0], [1, 1]] + [1.0, -1])
    >>> (np.round(W, 6) + 0.0).tolist(), (np.round(b, 6) + 0.0).tolist(), round(rms, 9)
    ([[2.0, 1.0], [0.0, 1.0]], [1.0, -1.0], 0.0)
    """
    Xa = np.asarray(X, dtype=float)
    Ya = np.asarray(Y, dtype=float)
    if Xa.ndim != 2 or Ya.ndim != 2 or len(Xa) != len(Ya) or len(Xa) == 0:
        raise ValueError(
            f"X and Y must be non-empty 2-D arrays with the same number of rows, "
            f"got shapes {Xa.shape} and {Ya.shape}"
        )
    if not (np.all(np.isfinite(Xa)) and np.all(np.isfinite(Ya))):
        raise ValueError("X and Y must be finite (no NaN or infinity)")
    A = np.hstack([Xa, np.ones((len(Xa), 1))])
    coef, *_ = np.linalg.lstsq(A, Ya, rcond=None)
    W, b = coef[:-1].T, coef[-1]
    residual = Ya - (Xa @ W.T + b)
    rms = float(np.sqrt(np.mean(np.sum(residual**2, axis=1))))
    return W, b, rms
