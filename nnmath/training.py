"""Backpropagation and mini-batch gradient descent, vectorised with numpy.

The loss of a network on samples ``X`` (n, in) with targets ``Y`` (n, out) is the
mean over samples of ``1/2 ||y_hat - y||^2`` (``loss="mse"``), or for sigmoid
outputs the binary cross-entropy ``-[y log y_hat + (1 - y) log(1 - y_hat)]``
summed over outputs (``loss="cross_entropy"``); for a softmax output, whose shares
add up to 1, the cross-entropy ``-sum_j y_j log y_hat_j`` (minus the log of the true
class's share). Either way ``dL/dz`` of the output layer is ``y_hat - y``.

Backprop reads every layer's pre-activation ``z_k`` and activation ``a_k`` from one
:meth:`~nnmath.Network.trace`, then walks the layers from last to first carrying
``delta = dL/dz``: ``dW = delta^T a_prev``, ``db = sum(delta)``, and
``delta_prev = (delta W) * f'(z_prev)``: the chain rule, one layer at a time.

The loss is named by ``loss=`` everywhere: :func:`mean_loss`, :func:`gradients`,
:func:`sgd_step` and :func:`train`.

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

from ._validate import Seed, as_array, as_generator, check_learning_rate, check_positive_int
from .activations import activation
from .descent import step, update
from .network import Layer, Network

__all__ = ["LOSSES", "TrainingResult", "gradients", "loss_label", "loss_name", "mean_loss",
           "sgd_step", "train"]

LOSSES = ("mse", "cross_entropy")


def _data(net: Network, X: Any, Y: Any, loss: str) -> tuple[np.ndarray, np.ndarray]:
    Xa, _ = net._inputs(X)
    Ya = as_array(Y, "targets")
    if Ya.ndim == 1 and net.n_out == 1 and len(Ya) == len(Xa):
        Ya = Ya[:, None]
    if Ya.shape != (len(Xa), net.n_out):
        raise ValueError(
            f"targets must have shape ({len(Xa)}, {net.n_out}) to match {len(Xa)} inputs "
            f"and {net.n_out} outputs, got {Ya.shape}"
        )
    if loss == "cross_entropy" and not np.all((Ya >= 0) & (Ya <= 1)):
        raise ValueError(
            "cross_entropy targets must lie in [0, 1] (probabilities or 0/1 labels), "
            f"got values from {Ya.min()} to {Ya.max()}"
        )
    return Xa, Ya


def loss_name(loss: str, outputs: int = 1) -> str:
    """What :func:`mean_loss` computes, in the words a subtitle says: the one home of
    each loss's name, so every scene calls the same number the same thing.

    >>> loss_name("mse"), loss_name("cross_entropy")
    ('half the mean squared error', 'the cross-entropy')
    >>> loss_name("mse", 3)
    'half the squared error summed over the 3 outputs, averaged over the examples'
    """
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; expected one of: {', '.join(LOSSES)}")
    if loss == "cross_entropy":
        return "the cross-entropy"
    if outputs == 1:
        return "half the mean squared error"
    return (f"half the squared error summed over the {outputs} outputs, averaged over the "
            "examples")


def loss_label(loss: str, outputs: int = 1) -> str:
    """The same loss as a short label beside a plotted number or curve.

    >>> loss_label("mse"), loss_label("mse", 3), loss_label("cross_entropy")
    ('½ · mean squared error', '½ · mean of Σ squared errors', 'cross-entropy')
    """
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; expected one of: {', '.join(LOSSES)}")
    if loss == "cross_entropy":
        return "cross-entropy"
    return "½ · mean squared error" if outputs == 1 else "½ · mean of Σ squared errors"


def _check_loss(net: Network, loss: str) -> None:
    if not isinstance(loss, str) or loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; expected one of: {', '.join(LOSSES)}")
    out = net.layers[-1].activation
    if loss == "cross_entropy" and out not in ("sigmoid", "softmax"):
        raise ValueError(
            f"cross_entropy needs a sigmoid or softmax output layer, got {out!r}; "
            "use loss='mse'"
        )
    if loss == "mse" and out == "softmax":
        raise ValueError("a softmax output trains with loss='cross_entropy' (its shares' "
                         "gradient is then simply output - target), not 'mse'")
    hidden = [k for k, layer in enumerate(net.layers[:-1], 1) if layer.activation == "softmax"]
    if hidden:
        raise ValueError(f"softmax in hidden layer {hidden[0]} cannot be trained here; "
                         "expected softmax only as the output layer")


def mean_loss(net: Network, X: Any, Y: Any, loss: str = "mse") -> float:
    """Mean loss of ``net`` over the samples ``(X, Y)`` (see the module docstring).

    Example:
        >>> from nnmath import Layer
        >>> net = Network((Layer([[1.0]], [0.0], "identity"),))
        >>> mean_loss(net, [[1.0], [3.0]], [[0.0], [3.0]])
        0.25
    """
    _check_loss(net, loss)
    Xa, Ya = _data(net, X, Y, loss)
    out = net.forward(Xa)
    if loss == "mse":
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run reports inf
            return float(0.5 * np.mean(np.sum((out - Ya) ** 2, axis=1)))
    eps = 1e-12
    p = np.clip(out, eps, 1 - eps)
    if net.layers[-1].activation == "softmax":  # one class per row: -log of its share
        return float(-np.mean(np.sum(xlogy(Ya, p), axis=1)))
    return float(-np.mean(np.sum(xlogy(Ya, p) + xlogy(1 - Ya, 1 - p), axis=1)))


def gradients(
    net: Network, X: Any, Y: Any, loss: str = "mse"
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``[(dW, db), ...]``: the loss's gradient for every layer's W and b, in order.

    One forward pass (:meth:`Network.trace`) gives every layer's pre-activation
    ``z_k`` and activation ``a_k``; backprop walks back through them.
    """
    _check_loss(net, loss)
    Xa, Ya = _data(net, X, Y, loss)
    n = len(Xa)
    trace = net.trace(Xa)
    top = len(net.layers)
    if loss == "cross_entropy":  # sigmoid or softmax + cross-entropy: dL/dz = y_hat - y
        delta = (trace.output - Ya) / n
    else:
        slope = activation(net.layers[top - 1].activation).derivative
        delta = (trace.output - Ya) * slope(trace.z(top)) / n
    grads: list[tuple[np.ndarray, np.ndarray]] = []
    for k in range(top, 0, -1):  # layer k is net.layers[k - 1]
        grads.append((delta.T @ trace.a(k - 1), delta.sum(axis=0)))
        if k > 1:
            slope = activation(net.layers[k - 2].activation).derivative
            delta = (delta @ net.layers[k - 1].W) * slope(trace.z(k - 1))
    return grads[::-1]


def _finite(pairs: list[tuple[np.ndarray, np.ndarray]]) -> bool:
    return all(np.isfinite(W).all() and np.isfinite(b).all() for W, b in pairs)


def _step(net: Network, X: Any, Y: Any, lr: float, loss: str) -> Network | None:
    """One gradient-descent step, or ``None`` if the gradient or the new weights are
    not finite (the step diverges)."""
    grads = gradients(net, X, Y, loss)
    if not _finite(grads):
        return None
    new = [(update(layer.W, dW, lr), update(layer.b, db, lr))
           for layer, (dW, db) in zip(net.layers, grads, strict=True)]
    if not _finite(new):
        return None
    return Network(tuple(Layer(W, b, layer.activation)
                         for layer, (W, b) in zip(net.layers, new, strict=True)))


def _fast_step(net: Network, params: list[tuple[np.ndarray, np.ndarray]], X: np.ndarray,
               Y: np.ndarray, lr: float, loss: str) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """:func:`_step` on checked arrays: ``net``'s activations with the weights ``params``
    (the same arithmetic in the same order, so the same bits, without checking and
    freezing each step's network: the inner loop of :func:`train`, three times faster)."""
    kinds = [activation(layer.activation) for layer in net.layers]
    zs, activations = [], [X]
    out = X
    for (W, b), kind in zip(params, kinds, strict=True):
        z = out @ W.T + b
        out = kind.function(z)
        zs.append(z)
        activations.append(out)
    n = len(X)
    if loss == "cross_entropy":
        delta = (out - Y) / n
    else:
        delta = (out - Y) * kinds[-1].derivative(zs[-1]) / n
    grads = []
    for k in range(len(params), 0, -1):
        grads.append((delta.T @ activations[k - 1], delta.sum(axis=0)))
        if k > 1:
            delta = (delta @ params[k - 1][0]) * kinds[k - 2].derivative(zs[k - 2])
    grads.reverse()
    if not _finite(grads):
        return None
    new = [(step(W, dW, lr), step(b, db, lr))
           for (W, b), (dW, db) in zip(params, grads, strict=True)]
    return new if _finite(new) else None


def _with(net: Network, params: list[tuple[np.ndarray, np.ndarray]]) -> Network:
    """``net``'s layers with the weights ``params``."""
    return Network(tuple(Layer(W, b, layer.activation)
                         for layer, (W, b) in zip(net.layers, params, strict=True)))


def sgd_step(net: Network, X: Any, Y: Any, lr: float, loss: str = "mse") -> Network:
    """One gradient-descent step: every parameter p becomes ``update(p, dL/dp, lr)``.

    Raises ``ValueError`` if the step diverges (a gradient or a new weight is not finite).
    """
    lr = check_learning_rate(lr)
    with np.errstate(over="ignore", invalid="ignore"):
        stepped = _step(net, X, Y, lr, loss)
    if stepped is None:
        raise ValueError(
            "the step diverged (a gradient or a new weight is not finite); "
            f"try a smaller learning rate than {lr}"
        )
    return stepped


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
    loss: str = "mse",
    seed: Seed = 0,
    on_epoch: Callable[[int, Network, float], None] | None = None,
) -> TrainingResult:
    """Mini-batch gradient descent: shuffle (with ``seed``), step on each batch, repeat.

    ``batch_size=None`` uses the whole set each step. ``seed`` is an int (the same
    int gives the same run), a ``numpy.random.Generator`` (drawn from, so its state
    advances) or ``None`` (fresh OS entropy). ``on_epoch(epoch, net, loss)`` is
    called after every epoch (for snapshots an animation can play).

    A run whose loss, gradients or weights stop being finite raises ``ValueError``:
    ``training diverged at epoch k (loss ...); try a smaller learning rate than ...``.
    """
    _check_loss(net, loss)
    Xa, Ya = _data(net, X, Y, loss)
    epochs = check_positive_int(epochs, "epochs", allow_zero=True)
    if batch_size is not None:
        batch_size = check_positive_int(batch_size, "batch_size (or None for the whole set)")
    lr = check_learning_rate(lr)
    generator = as_generator(seed)
    size = len(Xa) if batch_size is None else min(batch_size, len(Xa))

    def diverged(epoch: int, value: float) -> ValueError:
        return ValueError(
            f"training diverged at epoch {epoch} (loss {value}); "
            f"try a smaller learning rate than {lr}"
        )

    history = [mean_loss(net, Xa, Ya, loss)]
    params = [(layer.W, layer.b) for layer in net.layers]
    for epoch in range(1, epochs + 1):
        order = generator.permutation(len(Xa))
        with np.errstate(over="ignore", invalid="ignore"):
            for start in range(0, len(Xa), size):
                batch = order[start : start + size]
                stepped = _fast_step(net, params, Xa[batch], Ya[batch], lr, loss)
                if stepped is None:  # blew up inside the epoch: the loss it had reached
                    raise diverged(epoch, mean_loss(_with(net, params), Xa, Ya, loss))
                params = stepped
        net = _with(net, params)
        history.append(mean_loss(net, Xa, Ya, loss))
        if not np.isfinite(history[-1]):
            raise diverged(epoch, history[-1])
        if on_epoch is not None:
            on_epoch(epoch, net, history[-1])
    return TrainingResult(network=net, history=tuple(history))
