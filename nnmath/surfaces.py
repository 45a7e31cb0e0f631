"""A real loss over two parameters: chapter 7's "many-dimensional valley", cut down to
two dimensions so that it can be drawn.

:class:`NeuronLoss` is the loss of the one-input sigmoid neuron
``y = sigmoid(w * x + b)`` on a few labelled points, as a function of its weight
and bias. Every value comes from :class:`~nnmath.Network` and
:mod:`nnmath.training` (``mean_loss`` and the backprop ``gradients``), so the
surface, its level curves and the descent path are the training this project does,
only small enough to see.

Example:
    >>> loss = NeuronLoss()
    >>> round(float(loss([1.0, 0.0])), 4)
    0.0718
    >>> loss.gradient([1.0, 0.0]).shape
    (2,)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import xlogy

from ._validate import as_array, as_examples, check_lim, check_positive_int, readonly_copy
from .activations import sigmoid
from .network import Layer, Network
from .regions import decision_curves, output_grid
from .training import LOSSES, gradients, mean_loss

__all__ = ["LOSS_INPUTS", "LOSS_TARGETS", "Lowest", "NeuronLoss", "Plateau",
           "hidden_permutations"]

#: Six points on a line, labelled 0 or 1, that no threshold splits perfectly (the
#: 1 at -0.3 and the 0 at 0.4 sit on the wrong sides), so the best (w, b) is finite.
LOSS_INPUTS = (-2.0, -1.0, -0.3, 0.4, 1.0, 2.0)
LOSS_TARGETS = (0.0, 0.0, 1.0, 0.0, 1.0, 1.0)


@dataclass(frozen=True)
class Plateau:
    """Where the loss surface flattens out far away: the neuron turned into a sharp
    step (``|w|`` large, the threshold ``-b / w`` fixed), the loss tends to ``level``
    and its slope to 0. ``right`` of the ``n`` points lie on their label's side of the
    best such step's threshold, and ``threshold`` is where it steps (up if ``rising``)."""

    level: float
    right: int
    n: int
    threshold: float
    rising: bool


@dataclass(frozen=True)
class Lowest:
    """The least loss found (``value``) and where (``params`` = ``(w, b)``)."""

    params: tuple[float, float]
    value: float


@dataclass(frozen=True, eq=False)
class NeuronLoss:
    """``L(w, b)``: the ``loss`` (``"mse"`` or ``"cross_entropy"``, as in
    :mod:`nnmath.training`) of ``y = sigmoid(w x + b)`` over ``inputs`` and ``targets``
    (targets between 0 and 1)."""

    inputs: Any = LOSS_INPUTS
    targets: Any = LOSS_TARGETS
    loss: str = "mse"

    def __post_init__(self) -> None:
        xs, ys = as_examples(self.inputs, self.targets)
        if np.any((ys < 0) | (ys > 1)):
            raise ValueError("targets must lie between 0 and 1 (a sigmoid's outputs)")
        if self.loss not in LOSSES:
            raise ValueError(f"loss must be one of {', '.join(LOSSES)}, got {self.loss!r}")
        object.__setattr__(self, "inputs", readonly_copy(xs))
        object.__setattr__(self, "targets", readonly_copy(ys))

    def network(self, params: Any) -> Network:
        """The neuron with weight ``params[0]`` and bias ``params[1]``."""
        p = as_array(params, "params (w, b)")
        if p.shape != (2,):
            _refuse_params(params)
        return Network((Layer([[p[0]]], [p[1]], "sigmoid"),))

    def _data(self) -> tuple[np.ndarray, np.ndarray]:
        return self.inputs[:, None], self.targets[:, None]

    def __call__(self, params: Any) -> Any:
        """``L`` at one ``(w, b)`` (a number) or at each row of an (n, 2) array."""
        p = as_array(params, "params (w, b)")
        if p.shape == (2,):
            return np.float64(mean_loss(self.network(p), *self._data(), loss=self.loss))
        if p.ndim != 2 or p.shape[1] != 2:
            _refuse_params(params)
        return self._losses(p)

    def _losses(self, p: np.ndarray) -> np.ndarray:
        """``L`` at each row of ``p`` at once: :func:`~nnmath.training.mean_loss`'s sums
        for every ``(w, b)`` in one array (a loss surface's grid of thousands of points,
        a hundred times faster than a network per point; the same numbers to rounding)."""
        x, t = self.inputs[None, :], self.targets[None, :]
        out = sigmoid(p[:, :1] * x + p[:, 1:])
        if self.loss == "mse":
            with np.errstate(over="ignore", invalid="ignore"):
                return 0.5 * np.mean((out - t) ** 2, axis=1)
        q = np.clip(out, 1e-12, 1 - 1e-12)
        return -np.mean(xlogy(t, q) + xlogy(1 - t, 1 - q), axis=1)

    def gradient(self, params: Any) -> np.ndarray:
        """``(dL/dw, dL/db)`` at ``(w, b)``, by nnmath's backprop."""
        ((dW, db),) = gradients(self.network(params), *self._data(), loss=self.loss)
        return np.array([dW[0, 0], db[0]])

    def grid(self, wlim: tuple[float, float], blim: tuple[float, float],
             n: int = 25) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(ws, bs, L)``: the loss on an ``n`` x ``n`` grid, ``L[i, j]`` at
        ``(ws[j], bs[i])``."""
        return output_grid(self, check_lim(wlim, "wlim"), check_lim(blim, "blim"),
                           check_positive_int(n, "n (grid points a side)"))

    def level_curves(self, level: float, wlim: tuple[float, float],
                     blim: tuple[float, float], n: int = 60) -> list[np.ndarray]:
        """Where ``L(w, b) = level``, as (m, 2) arrays of ``(w, b)`` points."""
        return decision_curves(self, wlim, blim, n=n, level=level)

    def _step_loss(self, outputs: np.ndarray) -> float:
        """The loss of outputs that are exactly 0 or 1 (a step's)."""
        t = self.targets
        if self.loss == "mse":
            return float(0.5 * np.mean((outputs - t) ** 2))
        with np.errstate(divide="ignore"):  # log 0: a confident wrong answer costs inf
            per = -np.where(outputs == 1, np.log(t), np.log(1 - t))
        return float(np.mean(np.where(t == outputs, 0.0, per)))

    def plateau(self) -> Plateau:
        """The lowest level the surface flattens out to far away, where the sigmoid is
        a sharp step: ``sigmoid(w x + b)`` tends to 0 or 1 on each side of the threshold
        ``-b / w`` as ``|w|`` grows, so ``L`` tends to the loss of those 0s and 1s (for
        ``"mse"`` with 0/1 labels, the points on the wrong side over ``2 n``).

        Example:
            >>> p = NeuronLoss().plateau()   # 5 of the 6 points right: 1/12
            >>> round(p.level, 4), p.right, p.n
            (0.0833, 5, 6)
        """
        xs = np.unique(self.inputs)
        cuts = np.concatenate([[xs[0] - 1.0], (xs[:-1] + xs[1:]) / 2, [xs[-1] + 1.0]])
        best: Plateau | None = None
        for cut in cuts:
            for rising in (True, False):
                outputs = (self.inputs > cut) if rising else (self.inputs < cut)
                outputs = outputs.astype(float)
                level = self._step_loss(outputs)
                right = int(np.sum(np.abs(outputs - self.targets) < 0.5))
                if best is None or level < best.level:
                    best = Plateau(level, right, len(self.inputs), float(cut), rising)
        assert best is not None
        return best

    def lowest(self, wlim: tuple[float, float] = (-20.0, 20.0),
               blim: tuple[float, float] = (-20.0, 20.0)) -> Lowest:
        """The least loss with ``(w, b)`` in the box ``wlim`` x ``blim``: the best
        point of a coarse grid, polished by BFGS with nnmath's backprop gradient (and
        kept in the box). Where the loss keeps falling towards the box's edge (points
        a step splits perfectly), the answer lies on that edge.

        Example:
            >>> low = NeuronLoss().lowest()
            >>> [round(v, 2) for v in low.params], round(low.value, 4)
            ([1.23, -0.02], 0.0708)
        """
        ws, bs, grid = self.grid(wlim, blim, n=41)
        i, j = np.unravel_index(int(np.argmin(grid)), grid.shape)
        start = np.array([ws[j], bs[i]])
        found = minimize(lambda p: float(self(p)), start, jac=self.gradient,
                         method="L-BFGS-B", bounds=[wlim, blim])
        if float(found.fun) < float(grid[i, j]):
            return Lowest((float(found.x[0]), float(found.x[1])), float(found.fun))
        return Lowest((float(start[0]), float(start[1])), float(grid[i, j]))


def hidden_permutations(sizes: Sequence[int]) -> int:
    """How many ways the hidden neurons of a network with layer ``sizes`` can be
    reordered, each hidden layer among itself, weights and all: every order computes
    the same outputs, so every point of the loss has this many arrangements with the
    same loss (distinct ones wherever a layer's neurons differ).

    Example:
        >>> hidden_permutations((784, 16, 16, 10)) == math.factorial(16) ** 2
        True
    """
    sizes = tuple(check_positive_int(s, "sizes") for s in sizes)
    if len(sizes) < 2:
        raise ValueError(f"sizes must name at least an input and an output layer, got {sizes}")
    return math.prod(math.factorial(s) for s in sizes[1:-1])


def _refuse_params(params: Any) -> None:
    raise ValueError(f"params must be a pair (w, b) or an (n, 2) array of pairs, "
                     f"got shape {np.shape(params)}")
