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

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import as_array, as_examples, check_lim, check_positive_int, readonly_copy
from .network import Layer, Network
from .regions import decision_curves, output_grid
from .training import LOSSES, gradients, mean_loss

__all__ = ["LOSS_INPUTS", "LOSS_TARGETS", "NeuronLoss"]

#: Six points on a line, labelled 0 or 1, that no threshold splits perfectly (the
#: 1 at -0.3 and the 0 at 0.4 sit on the wrong sides), so the best (w, b) is finite.
LOSS_INPUTS = (-2.0, -1.0, -0.3, 0.4, 1.0, 2.0)
LOSS_TARGETS = (0.0, 0.0, 1.0, 0.0, 1.0, 1.0)


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
        return np.array([mean_loss(self.network(row), *self._data(), loss=self.loss)
                         for row in p])

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


def _refuse_params(params: Any) -> None:
    raise ValueError(f"params must be a pair (w, b) or an (n, 2) array of pairs, "
                     f"got shape {np.shape(params)}")
