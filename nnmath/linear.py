"""Weight matrices seen as linear maps of the plane (and space).

Example:
    >>> basis_images([[1, 2], [2, 1]])
    array([[1., 2.],
           [2., 1.]])
"""

from __future__ import annotations

from dataclasses import dataclass

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
    "LinearMapFacts",
    "describe_map",
    "moves_points",
]

#: Entries closer than this (absolutely) count as equal in :func:`describe_map`:
#: matrices typed by hand or built from degrees (``rotation(90)``) are exact to it.
TOLERANCE = 1e-9


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


_IMAGE_NAMES = ("point", "line", "plane")


@dataclass(frozen=True)
class LinearMapFacts:
    """What a matrix ``W`` does to space, as facts a sentence can be built from.

    Attributes:
        shape: ``(outputs, inputs)`` of ``W``.
        rank: how many dimensions survive: the image of all space is a point (0),
            a line (1), a plane (2)... (:attr:`image`).
        determinant: signed area (volume) scale of a square ``W``, exactly 0.0 when it
            collapses space; ``None`` for a non-square ``W``.
        stretches: ``W``'s singular values, largest first: how much it stretches (> 1)
            or squeezes (< 1) space along its principal directions.
        is_identity: ``W`` is the identity: nothing moves.
        keeps_lengths: ``W`` is orthogonal: lengths and angles survive (a rotation or
            a reflection, or the identity).
        rotation_degrees: for a 2x2 rotation (:attr:`is_rotation`), its angle in
            degrees, counter-clockwise, in (-180, 180]; ``None`` otherwise.

    Example:
        >>> facts = describe_map([[1, 2], [2, 4]])
        >>> facts.rank, facts.image, facts.collapses, facts.flips
        (1, 'line', True, False)
        >>> describe_map([[0, -1], [1, 0]]).rotation_degrees
        90.0
    """

    shape: tuple[int, int]
    rank: int
    determinant: float | None
    stretches: tuple[float, ...]
    is_identity: bool
    keeps_lengths: bool
    rotation_degrees: float | None

    @property
    def image(self) -> str:
        """Where all of space lands: ``"point"``, ``"line"``, ``"plane"``, or
        ``"<rank>-dimensional space"``."""
        if self.rank < len(_IMAGE_NAMES):
            return _IMAGE_NAMES[self.rank]
        return f"{self.rank}-dimensional space"

    @property
    def collapses(self) -> bool:
        """Some input dimension is lost: distinct points land on the same point."""
        return self.rank < self.shape[1]

    @property
    def is_zero(self) -> bool:
        """``W`` sends every point to the origin (rank 0)."""
        return self.rank == 0

    @property
    def flips(self) -> bool:
        """A square ``W`` that reverses orientation (negative determinant): the picture
        comes out mirrored; i-hat and j-hat swap their turning order."""
        return self.determinant is not None and self.determinant < 0

    @property
    def area_scale(self) -> float | None:
        """How much a square ``W`` scales areas (volumes): ``|det W|``."""
        return None if self.determinant is None else abs(self.determinant)

    @property
    def is_rotation(self) -> bool:
        """A square ``W`` that turns space rigidly (orthogonal, det +1), not the identity."""
        return self.keeps_lengths and not self.flips and not self.is_identity

    @property
    def is_reflection(self) -> bool:
        """A square ``W`` that mirrors space rigidly (orthogonal, det -1)."""
        return self.keeps_lengths and self.flips

    @property
    def is_uniform(self) -> bool:
        """``W`` stretches every direction by the same factor (a scaling by
        ``stretches[0]``, possibly turned or mirrored), and collapses nothing."""
        top, low = self.stretches[0], self.stretches[-1]
        return not self.collapses and top - low <= TOLERANCE * max(1.0, top)


def describe_map(W: ArrayLike) -> LinearMapFacts:
    """The facts of :class:`LinearMapFacts` for the matrix ``W`` (finite, 2-D).

    Entries are compared with :data:`TOLERANCE`, so ``rotation(360)`` is the identity
    and ``[[1, 2], [2, 4]]`` collapses the plane onto a line.

    Example:
        >>> describe_map(np.eye(2)).is_identity
        True
        >>> facts = describe_map([[1, 2], [2, 1]])
        >>> round(facts.determinant, 9), facts.flips, facts.rank
        (-3.0, True, 2)
        >>> describe_map([[0, 0], [0, 0]]).image
        'point'
    """
    M = as_matrix(W)
    n_out, n_in = M.shape
    stretches = np.linalg.svd(M, compute_uv=False)
    top = float(stretches[0]) if stretches.size else 0.0
    rank = int(np.sum(stretches > TOLERANCE * max(1.0, top)))
    square = n_out == n_in
    identity = square and bool(np.allclose(M, np.eye(n_in), rtol=0.0, atol=TOLERANCE))
    orthogonal = square and bool(np.allclose(M.T @ M, np.eye(n_in), rtol=0.0,
                                             atol=TOLERANCE))
    det: float | None = None
    if square:
        det = 0.0 if rank < n_in else float(np.linalg.det(M))
    degrees = None
    if orthogonal and not identity and n_in == 2 and det is not None and det > 0:
        degrees = float(np.degrees(np.arctan2(M[1, 0], M[0, 0])))
        degrees = 180.0 if degrees == -180.0 else degrees
    return LinearMapFacts(
        shape=(int(n_out), int(n_in)),
        rank=rank,
        determinant=det,
        stretches=tuple(float(s) for s in stretches),
        is_identity=identity,
        keeps_lengths=orthogonal,
        rotation_degrees=degrees,
    )


def moves_points(b: ArrayLike) -> bool:
    """Whether adding the bias vector ``b`` moves anything (False for a zero vector,
    entries within :data:`TOLERANCE` of 0).

    Example:
        >>> moves_points([0.0, 0.0]), moves_points([1.5, 0.0])
        (False, True)
    """
    bias = as_array(b, "b", nonempty=True)
    return bool(np.any(np.abs(bias) > TOLERANCE))
