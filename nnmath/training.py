"""Backpropagation and mini-batch gradient descent, vectorised with numpy.

The loss of a network on samples ``X`` (n, in) with targets ``Y`` (n, out) is the
mean over samples of ``1/2 ||y_hat - y||^2`` (``loss="mse"``), or for sigmoid
outputs the binary cross-entropy ``-[y log y_hat + (1 - y) log(1 - y_hat)]``
summed over outputs (``loss="cross_entropy"``).

Backprop walks the layers from last to first carrying ``delta = dL/dz`` (z the
pre-activation): ``dW = delta^T a_prev``, ``db = sum(delta)``, and
``delta_prev = (delta W) * f'(z_prev)``: the chain rule, one layer at a time.

Example:
    >>> from nnmath import Network
    >>> net = Network.random((2, 3, 1), ("tanh", "sigmoid"), seed=0)
    >>> [(dW.shape, db.shape) for dW, db in gradients(net, [[0.0, 1.0]], [[1.0]])]
    [((3, 2), (3,)), ((1, 3), (1,))]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import xlogy

from ._validate import as_array, as_rng, check_learning_rate, check_positive_int
from .activations import activation as get_activation
from .activations import derivative
from .descent import update
from .network import Layer, Network

__all__ = ["LOSSES", "loss", "gradients", "sgd_step", "train", "TrainingResult"]

LOSSES = ("mse", "cross_entropy")


def _data(net: Network, X: Any, Y: Any, kind: str) -> tuple[np.ndarray, np.ndarray]:
    Xa, _ = net._inputs(X)
    Ya = as_array(Y, "targets")
    if Ya.ndim == 1 and net.n_out == 1 and len(Ya) == len(Xa):
        Ya = Ya[:, None]
    if Ya.shape != (len(Xa), net.n_out):
        raise ValueError(
            f"targets must have shape ({len(Xa)}, {net.n_out}) to match {len(Xa)} inputs "
            f"and {net.n_out} outputs, got {Ya.shape}"
        )
    if kind == "cross_entropy" and not np.all((Ya >= 0) & (Ya <= 1)):
        raise ValueError(
            "cross_entropy targets must lie in [0, 1] (probabilities or 0/1 labels), "
            f"got values from {Ya.min()} to {Ya.max()}"
        )
    return Xa, Ya


def _check_loss(net: Network, kind: str) -> None:
    if kind not in LOSSES:
        raise ValueError(f"unknown loss {kind!r}; expected one of: {', '.join(LOSSES)}")
    if kind == "cross_entropy" and net.layers[-1].activation != "sigmoid":
        raise ValueError(
            "cross_entropy needs a sigmoid output layer, "
            f"got {net.layers[-1].activation!r}; use loss='mse'"
        )


def _forward(net: Network, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Activations a_0 = X, a_1, ... and pre-activations z_1, ... of every layer."""
    acts, pres = [X], []
    for layer in net.layers:
        z = acts[-1] @ layer.W.T + layer.b
        pres.append(z)
        acts.append(get_activation(layer.activation)(z))
    return acts, pres


def loss(net: Network, X: Any, Y: Any, kind: str = "mse") -> float:
    """Mean loss over the samples (see the module docstring)."""
    _check_loss(net, kind)
    Xa, Ya = _data(net, X, Y, kind)
    out = net.forward(Xa)
    if kind == "mse":
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run reports inf
            return float(0.5 * np.mean(np.sum((out - Ya) ** 2, axis=1)))
    eps = 1e-12
    p = np.clip(out, eps, 1 - eps)
    return float(-np.mean(np.sum(xlogy(Ya, p) + xlogy(1 - Ya, 1 - p), axis=1)))


def gradients(
    net: Network, X: Any, Y: Any, kind: str = "mse"
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``[(dW, db), ...]``: the loss's gradient for every layer's W and b, in order."""
    _check_loss(net, kind)
    Xa, Ya = _data(net, X, Y, kind)
    n = len(Xa)
    acts, pres = _forward(net, Xa)
    last = net.layers[-1]
    if kind == "cross_entropy":  # sigmoid + cross-entropy: dL/dz simplifies to y_hat - y
        delta = (acts[-1] - Ya) / n
    else:
        delta = (acts[-1] - Ya) * derivative(last.activation)(pres[-1]) / n
    grads: list[tuple[np.ndarray, np.ndarray]] = []
    for i in range(len(net.layers) - 1, -1, -1):
        grads.append((delta.T @ acts[i], delta.sum(axis=0)))
        if i > 0:
            below = net.layers[i - 1]
            delta = (delta @ net.layers[i].W) * derivative(below.activation)(pres[i - 1])
    return grads[::-1]


def sgd_step(net: Network, X: Any, Y: Any, lr: float, kind: str = "mse") -> Network:
    """One gradient-descent step: every parameter p becomes ``update(p, dL/dp, lr)``."""
    new_layers = []
    for layer, (dW, db) in zip(net.layers, gradients(net, X, Y, kind), strict=True):
        new_layers.append(Layer(update(layer.W, dW, lr), update(layer.b, db, lr),
                                layer.activation))
    return Network(tuple(new_layers))


@dataclass(frozen=True)
class TrainingResult:
    """The trained network and the loss on the whole training set after each epoch
    (``history[0]`` is before training)."""

    network: Network
    history: tuple[float, ...]


def train(
    net: Network,
    X: Any,
    Y: Any,
    lr: float = 0.5,
    epochs: int = 100,
    batch_size: int | None = 32,
    kind: str = "mse",
    rng: int | np.random.Generator | None = 0,
    on_epoch: Callable[[int, Network, float], None] | None = None,
) -> TrainingResult:
    """Mini-batch gradient descent, seeded: shuffle, step on each batch, repeat.

    ``batch_size=None`` uses the whole set each step. ``on_epoch(epoch, net, loss)``
    is called after every epoch (for snapshots an animation can play).
    """
    _check_loss(net, kind)
    Xa, Ya = _data(net, X, Y, kind)
    epochs = check_positive_int(epochs, "epochs", allow_zero=True)
    if batch_size is not None:
        batch_size = check_positive_int(batch_size, "batch_size (or None for the whole set)")
    lr = check_learning_rate(lr)
    generator = as_rng(rng)
    size = len(Xa) if batch_size is None else min(batch_size, len(Xa))
    history = [loss(net, Xa, Ya, kind)]
    for epoch in range(1, epochs + 1):
        order = generator.permutation(len(Xa))
        for start in range(0, len(Xa), size):
            batch = order[start : start + size]
            net = sgd_step(net, Xa[batch], Ya[batch], lr, kind)
        history.append(loss(net, Xa, Ya, kind))
        if not np.isfinite(history[-1]):
            raise ValueError(
                f"training diverged at epoch {epoch} (loss {history[-1]}); "
                f"try a smaller learning rate than {lr}"
            )
        if on_epoch is not None:
            on_epoch(epoch, net, history[-1])
    return TrainingResult(network=net, history=tuple(history))
