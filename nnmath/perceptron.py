"""A single artificial neuron (perceptron), its decision boundary and learning.

Example:
    >>> p = Perceptron(weights=[1.0], bias=-20.0)   # "is it at least 20 degrees?"
    >>> float(p(25.0)), float(p(19.9)), p.threshold
    (1.0, 0.0, 20.0)
    >>> b = Perceptron([1.0, 1.0], -1.0).boundary()
    >>> b.segment((-2, 2), (-2, 2)).shape
    (2, 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._validate import (
    ArrayValued,
    Seed,
    as_array,
    as_generator,
    check_learning_rate,
    check_lim,
    check_positive_int,
    check_scalar,
    readonly_copy,
)
from .activations import activation as _get_activation
from .activations import check_activation_name

__all__ = [
    "Boundary",
    "Perceptron",
    "PerceptronRun",
    "accuracy",
    "best_linear_accuracy",
    "perceptron_rule",
    "separating_line",
]

_Lim = tuple[float, float] | Sequence[float]


@dataclass(frozen=True, eq=False)
class Boundary(ArrayValued):
    """The hyperplane ``{x : normal . x + offset = 0}`` in ``dim`` dimensions.

    Helpers make it drawable: :meth:`point` (closest point to the origin),
    :attr:`threshold` (1-D), :meth:`segment` (2-D line clipped to a box) and
    :meth:`plane_z` / :meth:`corners` (3-D plane over a box).

    Example:
        >>> b = Boundary(normal=np.array([0.0, 1.0]), offset=-0.5)
        >>> b.point().tolist()
        [0.0, 0.5]
        >>> b.segment((-1, 1), (-1, 1)).tolist()
        [[1.0, 0.5], [-1.0, 0.5]]
    """

    normal: np.ndarray
    offset: float
    dim: int = field(init=False)

    def __post_init__(self) -> None:
        w = as_array(self.normal, "boundary normal", ndim=1, nonempty=True)
        if not np.any(w != 0):
            raise ValueError("weights are all zero: the perceptron has no decision boundary")
        object.__setattr__(self, "normal", readonly_copy(w))
        object.__setattr__(self, "offset", check_scalar(self.offset, "boundary offset"))
        object.__setattr__(self, "dim", int(w.shape[0]))

    def _need_dim(self, dim: int, what: str) -> None:
        if self.dim != dim:
            raise ValueError(f"{what} needs a {dim}-D boundary, but this boundary is {self.dim}-D")

    def point(self) -> np.ndarray:
        """Closest point of the hyperplane to the origin, ``-b w / |w|^2``.

        Example:
            >>> Boundary(np.array([2.0]), -4.0).point().tolist()
            [2.0]
        """
        w = self.normal
        return -self.offset * w / float(w @ w)

    @property
    def threshold(self) -> float:
        """For a 1-D boundary: the single point ``x = -b / w``.

        Example:
            >>> Boundary(np.array([-1.0]), 20.0).threshold
            20.0
        """
        self._need_dim(1, "threshold")
        return -self.offset / float(self.normal[0])

    def signed_value(self, x: Any) -> Any:
        """``normal . x + offset`` (positive on the side the normal points to).

        Example:
            >>> float(Boundary(np.array([1.0, 0.0]), 0.0).signed_value([3.0, 5.0]))
            3.0
        """
        arr = as_array(x, "points", ndim=(1, 2))
        if arr.shape[-1] != self.dim:
            raise ValueError(f"points must have {self.dim} coordinates, got shape {arr.shape}")
        out = arr @ self.normal + self.offset
        return out[()] if np.ndim(out) == 0 else out

    def segment(self, xlim: _Lim, ylim: _Lim) -> np.ndarray | None:
        """2-D only: the part of the line inside the box ``xlim x ylim``.

        Returns an array ``[[x0, y0], [x1, y1]]`` of the two endpoints, or ``None``
        if the line misses the box (a line touching only a corner gives two equal
        endpoints).

        Example:
            >>> Boundary(np.array([1.0, 0.0]), 5.0).segment((-1, 1), (-1, 1)) is None
            True
        """
        self._need_dim(2, "segment()")
        lims = (check_lim(xlim, "xlim"), check_lim(ylim, "ylim"))
        p0 = self.point()
        w = self.normal
        direction = np.array([-w[1], w[0]]) / float(np.hypot(w[0], w[1]))
        t_lo, t_hi = -np.inf, np.inf
        for axis, (lo, hi) in enumerate(lims):
            if abs(direction[axis]) < 1e-15:  # (numerically) parallel to this axis
                if not lo <= p0[axis] <= hi:
                    return None
                continue
            t1 = (lo - p0[axis]) / direction[axis]
            t2 = (hi - p0[axis]) / direction[axis]
            t_lo = max(t_lo, min(t1, t2))
            t_hi = min(t_hi, max(t1, t2))
        if t_lo > t_hi:
            return None
        ends = np.array([p0 + t_lo * direction, p0 + t_hi * direction])
        ends[:, 0] = np.clip(ends[:, 0], *lims[0])
        ends[:, 1] = np.clip(ends[:, 1], *lims[1])
        return ends

    def plane_z(self, x1: Any, x2: Any) -> Any:
        """3-D only: the height ``z`` with ``w1 x1 + w2 x2 + w3 z + b = 0``.

        Raises ``ValueError`` if the plane is vertical (``w3 == 0``).

        Example:
            >>> float(Boundary(np.array([0.0, 0.0, 2.0]), -1.0).plane_z(3.0, 4.0))
            0.5
        """
        self._need_dim(3, "plane_z()")
        w1, w2, w3 = (float(v) for v in self.normal)
        if w3 == 0.0:
            raise ValueError(
                "the boundary plane is vertical (w3 == 0), so z is not a function of x1, x2"
            )
        a1 = as_array(x1, "x1")
        a2 = as_array(x2, "x2")
        z = -(w1 * a1 + w2 * a2 + self.offset) / w3
        return z[()] if np.ndim(z) == 0 else z

    def corners(self, xlim: _Lim, ylim: _Lim) -> np.ndarray:
        """3-D only: the 4 corners (shape (4, 3)) of the plane above the box.

        Corners are ordered (xlo, ylo), (xhi, ylo), (xhi, yhi), (xlo, yhi).

        Example:
            >>> Boundary(np.array([0.0, 0.0, 1.0]), -1.0).corners((0, 1), (0, 1))[:, 2].tolist()
            [1.0, 1.0, 1.0, 1.0]
        """
        self._need_dim(3, "corners()")
        (x0, x1), (y0, y1) = check_lim(xlim, "xlim"), check_lim(ylim, "ylim")
        xs = np.array([x0, x1, x1, x0])
        ys = np.array([y0, y0, y1, y1])
        return np.column_stack([xs, ys, self.plane_z(xs, ys)])


@dataclass(frozen=True, eq=False)
class Perceptron(ArrayValued):
    """One neuron: ``activation(w . x + b)``.

    Args:
        weights: 1-D, non-empty, finite; its length ``d`` is the input width.
        bias: finite scalar.
        activation: one of :data:`nnmath.ACTIVATIONS` (default ``"heaviside"``).

    Calling it on shape ``(n, d)`` gives shape ``(n,)``; on shape ``(d,)`` (or a
    plain number when ``d == 1``) gives a numpy float.

    Example:
        >>> neg = Perceptron([-1.0], 0.0, activation="identity")
        >>> neg([[4.0], [1.0], [-0.5]]).tolist()
        [-4.0, -1.0, 0.5]
    """

    weights: np.ndarray
    bias: float
    activation: str = "heaviside"

    def __post_init__(self) -> None:
        w = as_array(self.weights, "weights", ndim=1, nonempty=True)
        object.__setattr__(self, "weights", readonly_copy(w))
        object.__setattr__(self, "bias", check_scalar(self.bias, "bias"))
        name = check_activation_name(self.activation, one_neuron=True)
        object.__setattr__(self, "activation", name)

    @property
    def dim(self) -> int:
        """Number of input features ``d``."""
        return int(self.weights.shape[0])

    def _inputs(self, x: Any) -> np.ndarray:
        arr = np.asarray(x, dtype=float)
        d = self.dim
        ok = (arr.ndim == 2 and arr.shape[1] == d) or (arr.ndim == 1 and arr.shape[0] == d)
        ok = ok or (arr.ndim == 0 and d == 1)
        if not ok:
            raise ValueError(
                f"Perceptron expects inputs with {d} feature{'s' if d != 1 else ''} "
                f"(shape (n, {d}) or ({d},)), got shape {arr.shape}"
            )
        if arr.ndim == 2 and arr.shape[0] == 0:
            raise ValueError(f"inputs are empty (shape {arr.shape}); expected at least one point")
        if not np.all(np.isfinite(arr)):
            raise ValueError("inputs contain NaN or infinity (expected finite numbers)")
        return arr.reshape(1) if arr.ndim == 0 else arr

    def pre_activation(self, x: Any) -> Any:
        """The weighted sum ``x . w + b`` (before the activation).

        Example:
            >>> float(Perceptron([1.0, 2.0], 0.5).pre_activation([1.0, 1.0]))
            3.5
        """
        z = self._inputs(x) @ self.weights + self.bias
        return z[()] if np.ndim(z) == 0 else z

    def __call__(self, x: Any) -> Any:
        """Apply the neuron: ``activation(x . w + b)``."""
        return _get_activation(self.activation)(self.pre_activation(x))

    def predict(self, x: Any) -> Any:
        """Class labels 0/1: 1 where ``x . w + b >= 0`` (whatever the activation).

        Example:
            >>> Perceptron([1.0], -20.0, "sigmoid").predict([[19.0], [21.0]]).tolist()
            [0.0, 1.0]
        """
        z = np.asarray(self.pre_activation(x))
        out = np.where(z >= 0, 1.0, 0.0)
        return out[()] if out.ndim == 0 else out

    @property
    def threshold(self) -> float:
        """For ``d == 1``: the input ``-b / w`` where the neuron switches.

        Example:
            >>> Perceptron([-1.0], 20.0).threshold
            20.0
        """
        if self.dim != 1:
            raise ValueError(
                f"threshold is only defined for 1 input, this perceptron has {self.dim}"
            )
        if self.weights[0] == 0:
            raise ValueError("weights are all zero: the perceptron has no decision boundary")
        return -self.bias / float(self.weights[0])

    def boundary(self) -> Boundary:
        """The decision boundary ``{x : w . x + b = 0}`` as a :class:`Boundary`.

        Raises ``ValueError`` if all weights are zero.

        Example:
            >>> Perceptron([1.0, -1.0], 0.0).boundary().dim
            2
        """
        return Boundary(normal=self.weights, offset=self.bias)


def _labels(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    Xa = as_array(X, "X", ndim=2)
    if Xa.shape[0] == 0 or Xa.shape[1] == 0:
        raise ValueError(
            f"X is empty (shape {Xa.shape}); expected at least one point with one feature"
        )
    ya = as_array(y, "y", ndim=1)
    if ya.shape[0] != Xa.shape[0]:
        raise ValueError(f"y has {ya.shape[0]} labels but X has {Xa.shape[0]} points")
    if not np.all((ya == 0) | (ya == 1)):
        raise ValueError("y must contain only the labels 0 and 1")
    return Xa, ya


def accuracy(perceptron: Perceptron, X: Any, y: Any) -> float:
    """Fraction of points whose 0/1 label ``perceptron.predict`` gets right.

    Example:
        >>> accuracy(Perceptron([1.0], 0.0), [[-1.0], [1.0]], [0, 1])
        1.0
    """
    Xa, ya = _labels(X, y)
    return float(np.mean(perceptron.predict(Xa) == ya))


@dataclass(frozen=True)
class PerceptronRun:
    """What one run of :func:`perceptron_rule` did, epoch by epoch.

    Attributes:
        perceptron: the final Heaviside perceptron (``epochs[-1]``).
        mistakes: the number of points it got wrong (and so updated on) in each epoch.
        epochs: the perceptron after each epoch, one per entry of ``mistakes``.
        converged: whether the last epoch made no mistake (every point is classified
            right and the rule stopped early).
    """

    perceptron: Perceptron
    mistakes: tuple[int, ...]
    epochs: tuple[Perceptron, ...]
    converged: bool


def perceptron_rule(
    X: Any,
    y: Any,
    lr: float = 1.0,
    epochs: int = 100,
    seed: Seed = 0,
    shuffle: bool = True,
) -> PerceptronRun:
    """Rosenblatt's perceptron learning rule for labels 0/1.

    Starts from zero weights and bias. For every misclassified point,
    ``w += lr * (y - h) * x`` and ``b += lr * (y - h)`` where ``h`` is the
    Heaviside output. Stops after the first epoch with no mistakes (or after
    ``epochs`` epochs).

    With ``shuffle`` (the default) the points are visited in a new random order
    every epoch, drawn with ``seed``: an int (the same int gives the same run), a
    ``numpy.random.Generator`` (drawn from, so its state advances) or ``None``
    (fresh OS entropy). ``shuffle=False`` visits them in order (``seed`` is unused).

    Returns:
        a :class:`PerceptronRun`: the final perceptron, the mistakes per epoch, the
        perceptron after every epoch and whether the rule converged.

    Example:
        >>> X, y = [[0.0], [1.0], [3.0], [4.0]], [0, 0, 1, 1]
        >>> run = perceptron_rule(X, y, shuffle=False)
        >>> run.mistakes, run.converged, accuracy(run.perceptron, X, y)
        ((2, 2, 1, 0), True, 1.0)
        >>> [(p.weights.tolist(), p.bias) for p in run.epochs[:2]]
        [([3.0], 0.0), ([2.0], -2.0)]
    """
    Xa, ya = _labels(X, y)
    lr = check_learning_rate(lr)
    epochs = check_positive_int(epochs, "epochs")
    if not isinstance(shuffle, bool | np.bool_):
        raise ValueError(f"shuffle must be True or False, got {shuffle!r}")
    gen = as_generator(seed)  # checked even when unused, so a bad seed is never silent
    if not shuffle:
        gen = None
    w = np.zeros(Xa.shape[1])
    b = 0.0
    mistakes_per_epoch: list[int] = []
    snapshots: list[Perceptron] = []
    order = np.arange(Xa.shape[0])
    for _ in range(epochs):
        if gen is not None:
            order = gen.permutation(Xa.shape[0])
        mistakes = 0
        for i in order:
            h = 1.0 if Xa[i] @ w + b >= 0 else 0.0
            err = ya[i] - h
            if err != 0:
                w = w + lr * err * Xa[i]
                b += lr * err
                mistakes += 1
        mistakes_per_epoch.append(mistakes)
        snapshots.append(Perceptron(w, b, "heaviside"))
        if mistakes == 0:
            break
    return PerceptronRun(
        perceptron=snapshots[-1],
        mistakes=tuple(mistakes_per_epoch),
        epochs=tuple(snapshots),
        converged=mistakes_per_epoch[-1] == 0,
    )


def _best_split(P: np.ndarray, ya: np.ndarray) -> tuple[int, float]:
    """For projections P (n, m) return (best column, threshold).

    The rule is "predict 1 where projection >= threshold"; the threshold is
    chosen exactly (midway between consecutive distinct projections).
    """
    n = P.shape[0]
    order = np.argsort(P, axis=0, kind="stable")
    Ps = np.take_along_axis(P, order, axis=0)
    Ys = ya[order]
    # Predict 0 for the first k sorted points, 1 for the rest (k = 0..n).
    zeros_before = np.vstack([np.zeros((1, P.shape[1])), np.cumsum(1.0 - Ys, axis=0)])
    ones_total = ya.sum()
    ones_before = np.vstack([np.zeros((1, P.shape[1])), np.cumsum(Ys, axis=0)])
    correct = zeros_before + (ones_total - ones_before)  # shape (n+1, m)
    # A split between k-1 and k is only realisable if the projections differ.
    valid = np.ones_like(correct, dtype=bool)
    valid[1:n] = Ps[1:] > Ps[:-1]
    correct = np.where(valid, correct, -1.0)
    flat = int(np.argmax(correct))
    k, col = divmod(flat, P.shape[1])
    if k == 0:
        t = Ps[0, col] - 1.0 - abs(Ps[0, col])
    elif k == n:
        t = Ps[-1, col] + 1.0 + abs(Ps[-1, col])
    else:
        below, above = Ps[k - 1, col], Ps[k, col]
        t = below + 0.5 * (above - below)
        if not below < t <= above:  # rounding (e.g. subnormals): use the upper value
            t = above
    return col, float(t)


def best_linear_accuracy(
    X: Any,
    y: Any,
    n_directions: int = 720,
    seed: Seed = 0,
) -> tuple[float, Perceptron]:
    """Best accuracy a single line / hyperplane reaches on labelled points.

    For every candidate direction ``u`` the points are projected onto ``u``,
    sorted, and the best threshold is found exactly. Candidates: for 1-D data
    both directions (exact); for 2-D data ``n_directions`` evenly spaced angles;
    for higher dimensions ``n_directions`` random unit vectors plus the axes.
    The direction found by the (pocket) perceptron rule is always added. The
    result is a lower bound on the true optimum that is tight up to the
    angular resolution, and it is *honest*: the returned accuracy is the one
    the returned perceptron actually achieves.

    ``seed`` draws the random directions (3-D data and up): an int (the same
    int gives the same result), a ``numpy.random.Generator`` (drawn from, so its
    state advances) or ``None`` (fresh OS entropy).

    Returns:
        ``(accuracy, perceptron)`` with a Heaviside perceptron.

    Example:
        >>> X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
        >>> best_linear_accuracy(X, [0, 1, 1, 0])[0]
        0.75
    """
    Xa, ya = _labels(X, y)
    n_directions = check_positive_int(n_directions, "n_directions")
    gen = as_generator(seed)
    d = Xa.shape[1]
    if d == 1:
        U = np.array([[1.0], [-1.0]])
    elif d == 2:
        theta = np.linspace(0.0, 2.0 * np.pi, n_directions, endpoint=False)
        U = np.column_stack([np.cos(theta), np.sin(theta)])
    else:
        R = gen.standard_normal((n_directions, d))
        R /= np.linalg.norm(R, axis=1, keepdims=True)
        U = np.vstack([R, np.eye(d), -np.eye(d)])
    pocket, _ = _pocket(Xa, ya)
    pw = pocket.weights
    norm = float(np.linalg.norm(pw))
    if norm > 0:
        U = np.vstack([U, pw / norm])
    candidates = []
    for start in range(0, U.shape[0], 256):
        block = U[start : start + 256]
        col, t = _best_split(Xa @ block.T, ya)
        candidates.append(Perceptron(block[col], -t, "heaviside"))
    if norm > 0:
        candidates.append(pocket)
    scored = [(accuracy(p, Xa, ya), i) for i, p in enumerate(candidates)]
    best_acc, best_i = max(scored, key=lambda s: (s[0], -s[1]))
    return best_acc, candidates[best_i]


def _pocket(Xa: np.ndarray, ya: np.ndarray, epochs: int = 20) -> tuple[Perceptron, float]:
    """The perceptron rule (in order, no shuffling) keeping ("pocketing") the best
    weights it reached after any epoch: the first of the most accurate ones."""
    run = perceptron_rule(Xa, ya, epochs=epochs, shuffle=False)
    scores = [accuracy(p, Xa, ya) for p in run.epochs]
    best = int(np.argmax(scores))  # the first of equals
    return run.epochs[best], scores[best]


def separating_line(X: Any, y: Any) -> Perceptron | None:
    """A line (hyperplane) that puts every point on its own class's side, or ``None``
    if there is none: an exact test of linear separability, unlike the search of
    :func:`best_linear_accuracy`.

    Solves the linear program "find ``w``, ``b`` with ``(w . x + b) >= 1`` for every
    class-1 point and ``<= -1`` for every class-0 point" (``scipy.optimize.linprog``);
    it is feasible exactly when some line splits the classes strictly. Points of one
    class only are split by a line that leaves them all on one side.

    Example:
        >>> line = separating_line([[0.0, 0.0], [1.0, 1.0]], [0, 1])
        >>> line.predict([[0.0, 0.0], [1.0, 1.0]]).tolist()
        [0.0, 1.0]
        >>> separating_line([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]) is None  # XOR
        True
    """
    from scipy.optimize import linprog

    Xa, ya = _labels(X, y)
    sign = np.where(ya == 1, 1.0, -1.0)
    n, d = Xa.shape
    # variables (w, b): -sign * (w . x + b) <= -1 for every point
    A = -sign[:, None] * np.hstack([Xa, np.ones((n, 1))])
    result = linprog(np.zeros(d + 1), A_ub=A, b_ub=-np.ones(n),
                     bounds=[(None, None)] * (d + 1), method="highs")
    if result.status != 0:  # 2: infeasible (no line); anything else: no answer either
        return None
    w, b = result.x[:d], float(result.x[d])
    line = Perceptron(w, b, "heaviside")
    return line if np.all(line.predict(Xa) == ya) else None
