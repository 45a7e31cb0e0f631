"""Decision regions and boundaries of a network over a patch of the plane.

The boundary of a classifier with one sigmoid output is the level curve
``y_hat = 0.5``; :func:`decision_curves` traces it with contourpy (the contour
engine matplotlib uses) on a grid of network outputs.

Example:
    >>> import nnmath
    >>> net = nnmath.Network((nnmath.Layer([[1.0, 0.0]], [0.0], "sigmoid"),))
    >>> [c.shape[1] for c in decision_curves(net, (-1, 1), (-1, 1), n=5)]
    [2]
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from contourpy import contour_generator

from ._validate import as_array, check_lim, check_positive_int, check_scalar
from .network import Network

__all__ = ["output_grid", "decision_curves", "half_planes"]

#: A network, or any function from points (n, 2) to outputs (n,) or (n, outputs).
Forward = Network | Callable[[np.ndarray], np.ndarray]
Lim = tuple[float, float]


def output_grid(net: Forward, xlim: Lim, ylim: Lim, n: int = 200,
                output: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(xs, ys, Z)``: output ``output`` of ``net`` on an ``n`` x ``n`` grid, ``Z[i, j]``
    at ``(xs[j], ys[i])``.

    ``n`` is an integer >= 2, ``xlim`` / ``ylim`` finite increasing pairs and ``output``
    an index ``0 <= output < width`` of the network's output.
    """
    n = check_positive_int(n, "n (grid points a side)")
    if n < 2:
        raise ValueError(f"the grid needs at least 2 points a side, got n={n}")
    (x0, x1), (y0, y1) = check_lim(xlim, "xlim"), check_lim(ylim, "ylim")
    output = check_positive_int(output, "output", allow_zero=True)
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    gx, gy = np.meshgrid(xs, ys)
    forward = net.forward if isinstance(net, Network) else net
    out = np.asarray(forward(np.column_stack([gx.ravel(), gy.ravel()])))
    if out.ndim not in (1, 2) or out.shape[0] != n * n:
        raise ValueError(
            f"net must give one output row per grid point, shape ({n * n},) or "
            f"({n * n}, outputs), got shape {out.shape}"
        )
    if out.ndim == 1:
        out = out[:, None]
    if output >= out.shape[1]:
        raise ValueError(f"output must be an index from 0 to {out.shape[1] - 1}, got {output}")
    return xs, ys, out[:, output].reshape(n, n)


def decision_curves(net: Forward, xlim: Lim, ylim: Lim, n: int = 200, level: float = 0.5,
                    output: int = 0) -> list[np.ndarray]:
    """The curves where the network's output crosses ``level`` (a finite number), as
    (m, 2) point arrays; ``n``, ``xlim``, ``ylim``, ``output`` as in :func:`output_grid`."""
    level = check_scalar(level, "level")
    if isinstance(net, Network) and net.layers[-1].activation == "sigmoid" and 0 < level < 1:
        # sigmoid(z) = level exactly where z = logit(level); z varies gently where a
        # confident network's output is a cliff, so its contour is far more accurate
        xs, ys, Z = output_grid(_logits(net), xlim, ylim, n, output)
        level = float(np.log(level / (1 - level)))
    else:
        xs, ys, Z = output_grid(net, xlim, ylim, n, output)
    lines = contour_generator(xs, ys, Z).lines(level)
    return [np.asarray(line, dtype=float) for line in lines if len(line) >= 2]


def _logits(net: Network) -> Callable[[np.ndarray], np.ndarray]:
    """The network up to its last pre-activation (W h + b, before the sigmoid)."""

    def forward(X: np.ndarray) -> np.ndarray:
        return net.trace(X).z(len(net.layers))

    return forward


def half_planes(
    normal: np.ndarray, offset: float, xlim: tuple[float, float], ylim: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """The box ``xlim x ylim`` cut by the line ``normal . p + offset = 0``: the polygon
    where the expression is negative and the one where it is positive (either may be
    empty, shape (0, 2)). ``normal`` is a finite non-zero 2-vector, ``offset`` a finite
    number and ``xlim`` / ``ylim`` finite increasing pairs."""
    (x0, x1), (y0, y1) = check_lim(xlim, "xlim"), check_lim(ylim, "ylim")
    box = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=float)
    w = as_array(normal, "normal", ndim=1)
    if w.shape != (2,) or not np.any(w):
        raise ValueError(f"normal must be a finite, non-zero 2-vector, got {normal!r}")
    offset = check_scalar(offset, "offset")
    return _clip(box, -w, -offset), _clip(box, w, offset)


def _clip(poly: np.ndarray, w: np.ndarray, c: float) -> np.ndarray:
    """Sutherland-Hodgman: the part of a convex polygon where ``w . p + c >= 0``."""
    out = []
    values = poly @ w + c
    for i in range(len(poly)):
        p, q = poly[i], poly[(i + 1) % len(poly)]
        vp, vq = values[i], values[(i + 1) % len(poly)]
        if vp >= 0:
            out.append(p)
        if (vp >= 0) != (vq >= 0):
            out.append(p + (q - p) * vp / (vp - vq))
    return np.array(out, dtype=float).reshape(-1, 2)
