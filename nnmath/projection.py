"""Seeing a wide layer: a point cloud of more than three coordinates, shown through
its principal components (PCA by numpy's SVD).

A hidden layer of width 8 cannot be drawn; its three directions of greatest spread
can. :func:`principal_axes` finds them for a layer's clouds (all its stages at once,
so the picture does not jump between ``linear k``, ``bias k`` and the activation;
a flat piece the picture must show whole, such as the sheet a lift puts the cloud
on, can be kept among them), :func:`project` draws a cloud along them, and
:func:`kept_share` says how much of the cloud's spread (variance) the picture keeps,
to be shown on screen beside it.

The projection is linear and not centred: the origin stays at the origin, so a bias
still shows as a shift and a ReLU still pushes points towards the origin's side.

Example:
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((500, 5)) * [3.0, 2.0, 1.0, 0.1, 0.1]
    >>> V = principal_axes([X], 3)
    >>> V.shape, project(X, V).shape
    ((5, 3), (500, 3))
    >>> round(kept_share(X, V), 3)
    0.999
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_array, check_positive_int

__all__ = ["kept_share", "principal_axes", "project", "shown_length", "span_basis"]

#: Singular values below this share of the largest count as zero (a rank, a kept share).
RELATIVE_TOLERANCE = 1e-9


def _cloud(points: ArrayLike, name: str = "points") -> np.ndarray:
    P = as_array(points, name, ndim=2, nonempty=True)
    return P


def span_basis(vectors: ArrayLike, tolerance: float = RELATIVE_TOLERANCE) -> np.ndarray:
    """An orthonormal basis (columns) of the span of the columns of ``vectors``, shape
    ``(width, rank)``: singular values below ``tolerance`` times the largest count as 0.

    Example:
        >>> span_basis([[1.0, 2.0], [0.0, 0.0], [1.0, 2.0]]).shape
        (3, 1)
    """
    M = as_array(vectors, "vectors", ndim=2)
    U, s, _ = np.linalg.svd(M, full_matrices=False)
    if not len(s) or s[0] == 0:
        return np.zeros((M.shape[0], 0))
    return U[:, : int(np.sum(s > tolerance * s[0]))].copy()


def _fix_signs(V: np.ndarray) -> np.ndarray:
    """Each direction's largest entry positive, so the same clouds give the same picture."""
    for k in range(V.shape[1]):
        j = int(np.argmax(np.abs(V[:, k])))
        if V[j, k] < 0:
            V[:, k] = -V[:, k]
    return V


def principal_axes(clouds: Sequence[ArrayLike], dims: int = 3,
                   keep: ArrayLike | None = None) -> np.ndarray:
    """The ``dims`` orthonormal directions (columns, shape ``(width, dims)``) along
    which the clouds together spread most, largest first.

    Each cloud is centred on its own mean before they are stacked, so a shift between
    stages (a bias) does not count as spread. Signs are fixed (each direction's
    largest entry is positive), so the same clouds always give the same picture.
    A cloud no wider than ``dims`` gets the identity (its own coordinates).

    ``keep`` (columns spanning at most ``dims`` directions, e.g. a lift's ``W``, whose
    columns span the sheet it puts the cloud on) is kept whole: the axes start with
    its span (in the order the clouds spread most within it), and the rest are the
    directions in which the clouds spread most beyond it. A cloud lying in that span
    is then shown as it is, every length and angle in it kept.

    Example:
        >>> principal_axes([[[1.0, 0.0], [-1.0, 0.0]]], 3).tolist()
        [[1.0, 0.0], [0.0, 1.0]]
        >>> V = principal_axes([[[0, 0, 0, 2.0], [0, 0, 0, -2.0], [0, 1.0, 0, 0]]], 1)
        >>> (V[:, 0].round(6) + 0.0).tolist()
        [0.0, 0.0, 0.0, 1.0]
        >>> V = principal_axes([[[0, 0, 0, 2.0], [0, 0, 0, -2.0], [0, 1.0, 0, 0]]], 1,
        ...                    keep=[[0.0], [1.0], [0.0], [0.0]])
        >>> (V[:, 0].round(6) + 0.0).tolist()
        [0.0, 1.0, 0.0, 0.0]
    """
    dims = check_positive_int(dims, "dims")
    if isinstance(clouds, np.ndarray) or not len(clouds):
        raise ValueError("principal_axes expects a list of point clouds, each (n, width)")
    parts = [_cloud(c, f"cloud {i + 1}") for i, c in enumerate(clouds)]
    width = parts[0].shape[1]
    if any(p.shape[1] != width for p in parts):
        widths = sorted({p.shape[1] for p in parts})
        raise ValueError(f"the clouds must all have the same width, got widths {widths}")
    if width <= dims:
        return np.eye(width)
    centred = np.vstack([p - p.mean(axis=0) for p in parts])
    Q = np.zeros((width, 0))
    if keep is not None:
        K = as_array(keep, "keep", ndim=2)
        if K.shape[0] != width:
            raise ValueError(f"keep has {K.shape[0]} rows but the clouds have width {width}; "
                             f"expected {width} rows")
        Q = span_basis(K)
        if Q.shape[1] > dims:
            raise ValueError(f"keep spans {Q.shape[1]} directions; expected at most {dims}")
        if Q.shape[1]:  # ordered by the spread within the kept span
            _, _, rt = np.linalg.svd(centred @ Q, full_matrices=True)
            Q = Q @ rt.T
    rest = centred - (centred @ Q) @ Q.T
    _, _, vt = np.linalg.svd(rest, full_matrices=False)
    more = vt[: dims - Q.shape[1]].T
    return _fix_signs(np.hstack([Q, more]).copy())


def project(points: ArrayLike, axes: ArrayLike) -> np.ndarray:
    """The cloud's coordinates along ``axes`` (from :func:`principal_axes`):
    ``points @ axes``, shape ``(n, dims)``.

    Example:
        >>> project([[1.0, 2.0, 3.0, 4.0]], np.eye(4)[:, :3]).tolist()
        [[1.0, 2.0, 3.0]]
    """
    P = _cloud(points)
    V = as_array(axes, "axes", ndim=2)
    if V.shape[0] != P.shape[1]:
        raise ValueError(f"axes of shape {V.shape} do not fit points of width {P.shape[1]}; "
                         f"expected {P.shape[1]} rows")
    return P @ V


def kept_share(points: ArrayLike, axes: ArrayLike) -> float:
    """The share (0 to 1) of the cloud's variance that lies along ``axes``: how much
    of its spread a picture along them shows. 1.0 for a cloud that does not spread,
    or that lies along the axes (to rounding: what is lost is below
    :data:`RELATIVE_TOLERANCE` of the spread).

    Example:
        >>> kept_share([[1.0, 0.0, 0.0, 0.0], [-1.0, 0.0, 0.0, 1.0]], np.eye(4)[:, :3])
        0.8
    """
    P = _cloud(points)
    centred = P - P.mean(axis=0)
    total = float(np.sum(centred**2))
    if total <= 1e-24 * max(1.0, float(np.max(np.abs(P))) ** 2):
        return 1.0
    kept = float(np.sum(project(centred, axes) ** 2))
    if total - kept <= RELATIVE_TOLERANCE * total:
        return 1.0
    return kept / total


def shown_length(vector: ArrayLike, axes: ArrayLike) -> float:
    """How long ``vector`` (a shift, e.g. a bias) looks in a picture along ``axes``
    (orthonormal columns): the length of its part along them.

    Example:
        >>> shown_length([3.0, 0.0, 0.0, 4.0], np.eye(4)[:, :3])
        3.0
    """
    v = as_array(vector, "vector", ndim=1)
    return float(np.linalg.norm(project(v[None, :], axes)))
