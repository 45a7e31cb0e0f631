"""Seeing a wide layer: a point cloud of more than three coordinates, shown through
its principal components (PCA by numpy's SVD).

A hidden layer of width 8 cannot be drawn; its three directions of greatest spread
can. :func:`principal_axes` finds them for a layer's clouds (all its stages at once,
so the picture does not jump between ``linear k``, ``bias k`` and the activation),
:func:`project` draws a cloud along them, and :func:`kept_share` says how much of
the cloud's spread (variance) the picture keeps, to be shown on screen beside it.

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

__all__ = ["kept_share", "principal_axes", "project"]


def _cloud(points: ArrayLike, name: str = "points") -> np.ndarray:
    P = as_array(points, name, ndim=2, nonempty=True)
    return P


def principal_axes(clouds: Sequence[ArrayLike], dims: int = 3) -> np.ndarray:
    """The ``dims`` orthonormal directions (columns, shape ``(width, dims)``) along
    which the clouds together spread most, largest first.

    Each cloud is centred on its own mean before they are stacked, so a shift between
    stages (a bias) does not count as spread. Signs are fixed (each direction's
    largest entry is positive), so the same clouds always give the same picture.
    A cloud no wider than ``dims`` gets the identity (its own coordinates).

    Example:
        >>> principal_axes([[[1.0, 0.0], [-1.0, 0.0]]], 3).tolist()
        [[1.0, 0.0], [0.0, 1.0]]
        >>> V = principal_axes([[[0, 0, 0, 2.0], [0, 0, 0, -2.0], [0, 1.0, 0, 0]]], 1)
        >>> (V[:, 0].round(6) + 0.0).tolist()
        [0.0, 0.0, 0.0, 1.0]
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
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    V = vt[:dims].T.copy()
    for k in range(dims):  # fix each direction's sign: its largest entry is positive
        j = int(np.argmax(np.abs(V[:, k])))
        if V[j, k] < 0:
            V[:, k] = -V[:, k]
    return V


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
    of its spread a picture along them shows. 1.0 for a cloud that does not spread.

    Example:
        >>> kept_share([[1.0, 0.0, 0.0, 0.0], [-1.0, 0.0, 0.0, 1.0]], np.eye(4)[:, :3])
        0.8
    """
    P = _cloud(points)
    centred = P - P.mean(axis=0)
    total = float(np.sum(centred**2))
    if total <= 1e-24 * max(1.0, float(np.max(np.abs(P))) ** 2):
        return 1.0
    return float(np.sum(project(centred, axes) ** 2)) / total
