"""Backprop against finite differences, and training that actually learns."""

from __future__ import annotations

import inspect
import re
import warnings

import numpy as np
import pytest
from scipy.optimize import check_grad

import nnmath
from nnmath import Layer, Network, clouds
from nnmath.training import gradients, mean_loss, sgd_step, train


def _flat(net: nnmath.Network) -> np.ndarray:
    return np.concatenate([np.concatenate([l.W.ravel(), l.b]) for l in net.layers])


def _unflat(net: nnmath.Network, theta: np.ndarray) -> nnmath.Network:
    layers, k = [], 0
    for layer in net.layers:
        nw, nb = layer.W.size, layer.b.size
        W = theta[k : k + nw].reshape(layer.W.shape)
        b = theta[k + nw : k + nw + nb]
        layers.append(nnmath.Layer(W, b, layer.activation))
        k += nw + nb
    return nnmath.Network(tuple(layers))


@pytest.mark.parametrize(
    ("sizes", "acts", "loss"),
    [
        ((2, 2, 2), ("relu", "sigmoid"), "mse"),
        ((2, 3, 2), ("tanh", "sigmoid"), "cross_entropy"),
        ((3, 4, 4, 2), ("sigmoid", "tanh", "identity"), "mse"),
        ((4, 3, 1), ("relu", "sigmoid"), "cross_entropy"),
    ],
)
def test_gradients_match_finite_differences(sizes, acts, loss):
    rng = np.random.default_rng(1)
    net = nnmath.Network.random(sizes, acts, seed=2)
    X = rng.normal(size=(7, sizes[0]))
    Y = rng.uniform(0.05, 0.95, size=(7, sizes[-1]))

    def f(theta):
        return mean_loss(_unflat(net, theta), X, Y, loss=loss)

    def g(theta):
        grads = gradients(_unflat(net, theta), X, Y, loss=loss)
        return np.concatenate([np.concatenate([dW.ravel(), db]) for dW, db in grads])

    theta = _flat(net)
    err = check_grad(f, g, theta, epsilon=1e-6)
    assert err < 1e-6 * max(1.0, np.linalg.norm(g(theta)))


def test_gradient_shapes_follow_the_layers():
    net = nnmath.Network.random((2, 3, 2), ("relu", "sigmoid"), seed=0)
    grads = gradients(net, np.zeros((4, 2)), np.zeros((4, 2)))
    assert [(dW.shape, db.shape) for dW, db in grads] == [((3, 2), (3,)), ((2, 3), (2,))]


def test_zero_error_gives_zero_gradient():
    net = nnmath.Network.random((2, 2), "sigmoid", seed=0)
    X = np.array([[0.3, -0.2], [1.0, 0.5]])
    grads = gradients(net, X, net.forward(X))
    for dW, db in grads:
        assert np.all(dW == 0) and np.all(db == 0)


def test_one_step_uses_the_update_rule():
    net = nnmath.Network.random((2, 1), "sigmoid", seed=3)
    X, Y = np.array([[1.0, 2.0]]), np.array([[1.0]])
    (dW, db), = gradients(net, X, Y)
    stepped = sgd_step(net, X, Y, lr=0.5)
    np.testing.assert_allclose(stepped.layers[0].W, nnmath.update(net.layers[0].W, dW, 0.5))
    np.testing.assert_allclose(stepped.layers[0].b, net.layers[0].b - 0.5 * db)
    assert mean_loss(stepped, X, Y) < mean_loss(net, X, Y)


def test_training_separates_two_moons_on_held_out_points():
    X, y = clouds.two_moons(600, noise=0.1, seed=0)
    X_test, y_test = clouds.two_moons(400, noise=0.1, seed=1)
    net = nnmath.Network.random((2, 8, 1), ("tanh", "sigmoid"), seed=0)
    result = train(net, X, y, lr=1.0, epochs=120, batch_size=32, loss="cross_entropy", seed=0)
    assert result.history[-1] < 0.5 * result.history[0]
    accuracy = np.mean((result.network.forward(X_test)[:, 0] >= 0.5) == y_test)
    assert accuracy >= 0.95


def test_training_is_reproducible_for_a_seed():
    X, y = clouds.xor(80, seed=0)
    net = nnmath.Network.random((2, 4, 1), ("tanh", "sigmoid"), seed=0)
    a = train(net, X, y, epochs=5, seed=3)
    b = train(net, X, y, epochs=5, seed=3)
    assert a.history == b.history and a.network == b.network


@pytest.mark.parametrize(("sizes", "acts", "loss", "batch_size"), [
    ((2, 4, 1), ("tanh", "sigmoid"), "cross_entropy", 7),
    ((2, 3, 2, 1), ("relu", "tanh", "sigmoid"), "mse", None),
    ((3, 5, 2), ("sigmoid", "identity"), "mse", 16),
])
def test_training_is_sgd_step_batch_after_batch_to_the_bit(sizes, acts, loss, batch_size):
    """train's inner loop skips the checks, not the arithmetic: the same weights and
    losses as the checked sgd_step applied to each shuffled batch in turn."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, sizes[0]))
    Y = (rng.random((40, sizes[-1])) > 0.5).astype(float)
    net = nnmath.Network.random(sizes, acts, seed=3)
    result = train(net, X, Y, lr=0.7, epochs=4, batch_size=batch_size, loss=loss, seed=5)
    order_from = np.random.default_rng(5)
    size = len(X) if batch_size is None else batch_size
    history = [mean_loss(net, X, Y, loss)]
    for _ in range(4):
        order = order_from.permutation(len(X))
        for start in range(0, len(X), size):
            net = sgd_step(net, X[order[start:start + size]], Y[order[start:start + size]],
                           0.7, loss)
        history.append(mean_loss(net, X, Y, loss))
    assert result.history == tuple(history)
    for ours, checked in zip(result.network.layers, net.layers, strict=True):
        assert np.array_equal(ours.W, checked.W) and np.array_equal(ours.b, checked.b)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"Y": np.zeros((5, 3))}, r"targets must have shape \(5, 2\)"),
        ({"Y": np.full((5, 2), np.nan)}, "NaN"),
        ({"loss": "hinge"}, "unknown loss 'hinge'"),
        ({"loss": None}, "unknown loss None"),
    ],
)
def test_bad_training_input_is_named(kwargs, message):
    net = nnmath.Network.random((2, 2), "sigmoid", seed=0)
    args = {"X": np.zeros((5, 2)), "Y": np.zeros((5, 2)), "loss": "mse"}
    args.update(kwargs)
    for call in (gradients, mean_loss, train):
        with pytest.raises(ValueError, match=message):
            call(net, args["X"], args["Y"], loss=args["loss"])
    with pytest.raises(ValueError, match=message):
        sgd_step(net, args["X"], args["Y"], lr=0.1, loss=args["loss"])


def test_cross_entropy_needs_sigmoid_and_lr_must_be_positive():
    net = nnmath.Network.random((2, 2), "tanh", seed=0)
    with pytest.raises(ValueError, match="sigmoid or softmax output"):
        gradients(net, np.zeros((1, 2)), np.zeros((1, 2)), loss="cross_entropy")
    with pytest.raises(ValueError, match="learning rate"):
        train(net, np.zeros((3, 2)), np.zeros((3, 2)), lr=0)


def test_divergence_is_reported():
    net = nnmath.Network.random((1, 1), "identity", seed=0)
    X = np.linspace(-10, 10, 20)[:, None]
    with pytest.raises(ValueError, match="diverged"):
        train(net, X, 3 * X, lr=1e6, epochs=50, batch_size=None)


@pytest.mark.parametrize("lr", ["a", None, [0.1, 0.2], True, 0.0, -1.0, float("nan")])
def test_train_rejects_bad_learning_rates_with_one_message(lr):
    net = nnmath.Network.random((2, 1), "sigmoid", seed=0)
    with pytest.raises(ValueError, match=r"learning rate must be positive and finite \(a finite"):
        train(net, np.zeros((3, 2)), np.zeros((3, 1)), lr=lr, epochs=1)


def test_train_accepts_numpy_integers_for_epochs_and_batch_size():
    net = nnmath.Network.random((2, 1), "sigmoid", seed=0)
    X, y = clouds.linearly_separable(20, seed=0)
    plain = train(net, X, y, lr=0.5, epochs=3, batch_size=8)
    numpy = train(net, X, y, lr=np.float64(0.5), epochs=np.int64(3), batch_size=np.int32(8))
    assert plain.history == numpy.history
    assert train(net, X, y, epochs=0).history == plain.history[:1]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_size": True}, r"batch_size \(or None for the whole set\) must be a positive"),
        ({"batch_size": 0}, "batch_size .* must be a positive integer, got 0"),
        ({"batch_size": 2.5}, "batch_size .* must be a positive integer, got 2.5"),
        ({"epochs": -1}, "epochs must be a non-negative integer, got -1"),
        ({"epochs": 2.0}, "epochs must be a non-negative integer, got 2.0"),
        ({"epochs": True}, "epochs must be a non-negative integer, got True"),
    ],
)
def test_train_rejects_bad_epochs_and_batch_sizes(kwargs, message):
    net = nnmath.Network.random((2, 1), "sigmoid", seed=0)
    with pytest.raises(ValueError, match=message):
        train(net, np.zeros((3, 2)), np.zeros((3, 1)), **kwargs)


def test_targets_go_through_as_array():
    net = nnmath.Network.random((2, 1), "sigmoid", seed=0)
    with pytest.raises(ValueError, match="targets must be numeric array-like"):
        mean_loss(net, np.zeros((2, 2)), ["a", "b"])
    with pytest.raises(ValueError, match="targets contain NaN or infinity"):
        train(net, np.zeros((2, 2)), [0.0, np.inf])


@pytest.mark.parametrize("bad", [-0.5, 1.5, 2.0])
def test_cross_entropy_rejects_targets_outside_0_1(bad):
    net = nnmath.Network.random((2, 1), "sigmoid", seed=0)
    X, Y = np.zeros((2, 2)), np.array([[0.0], [bad]])
    for call in (mean_loss, gradients, train):
        with pytest.raises(ValueError, match=r"cross_entropy targets must lie in \[0, 1\]"):
            call(net, X, Y, loss="cross_entropy")
    assert np.isfinite(mean_loss(net, X, Y, loss="mse"))  # any real target is fine for mse
    assert np.isfinite(mean_loss(net, X, [[0.0], [0.3]], loss="cross_entropy"))


@pytest.mark.parametrize(
    ("sizes", "acts", "lr", "batch_size"),
    [
        ((1, 1), ("identity",), 1e10, 1),  # the weights overflow inside the first epoch
        ((2, 4, 1), ("relu", "identity"), 1e150, 10),  # the gradient overflows first
    ],
)
def test_a_blow_up_inside_an_epoch_says_training_diverged(sizes, acts, lr, batch_size):
    net = nnmath.Network.random(sizes, acts, seed=0)
    X = np.random.default_rng(0).uniform(-10, 10, size=(40, sizes[0]))
    Y = 3 * X[:, :1]
    finished = []
    message = (rf"^training diverged at epoch 1 \(loss (inf|nan|[0-9.e+]+)\); "
               rf"try a smaller learning rate than {re.escape(str(lr))}$")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warnings on the way either
        with pytest.raises(ValueError, match=message):
            train(net, X, Y, lr=lr, epochs=5, batch_size=batch_size,
                  on_epoch=lambda *args: finished.append(args))
    assert finished == []  # it never got to the end of epoch 1


def test_a_step_that_blows_up_says_so():
    net = nnmath.Network.random((1, 1), "identity", seed=0)
    X = np.array([[1e200]])
    with pytest.raises(ValueError, match="the step diverged .* smaller learning rate than 1.0"):
        sgd_step(net, X, X, lr=1.0)


def test_every_training_function_names_the_loss_loss():
    for function in (mean_loss, gradients, sgd_step, train):
        parameters = inspect.signature(function).parameters
        assert parameters["loss"].default == "mse", function.__name__
        assert "kind" not in parameters
    assert not hasattr(nnmath.training, "loss")


def test_backprop_reads_the_forward_pass_from_the_trace(monkeypatch):
    net = nnmath.Network.random((2, 3, 2), ("tanh", "sigmoid"), seed=0)
    X, Y = np.zeros((4, 2)), np.ones((4, 2))
    traced = []
    real = nnmath.Network.trace

    def spy(self, X):
        traced.append(len(X))
        return real(self, X)

    monkeypatch.setattr(nnmath.Network, "trace", spy)
    gradients(net, X, Y)
    assert traced == [4]  # one forward pass, the trace
    assert not hasattr(nnmath.training, "_forward")


def test_softmax_output_trains_with_cross_entropy_and_its_gradient_checks_out() -> None:
    """A softmax output's loss is minus the log of the true class's share; backprop's
    gradient equals finite differences of it; mse and a hidden softmax are refused."""
    from nnmath.training import gradients, mean_loss

    rng = np.random.default_rng(3)
    net = Network.random((4, 5, 3), ("leaky_relu(0.2)", "softmax"), seed=1)
    X = rng.normal(size=(7, 4))
    labels = rng.integers(0, 3, size=7)
    Y = np.eye(3)[labels]
    p = net.forward(X)
    assert mean_loss(net, X, Y, "cross_entropy") == pytest.approx(
        -np.mean(np.log(p[np.arange(7), labels])), rel=1e-12)
    grads = gradients(net, X, Y, "cross_entropy")
    eps = 1e-6
    for k, (dW, db) in enumerate(grads):
        for which, analytic in (("W", dW), ("b", db)):
            numeric = np.zeros_like(analytic)
            for idx in np.ndindex(analytic.shape):
                shifted = []
                for sign in (1, -1):
                    layers = list(net.layers)
                    values = getattr(layers[k], which).copy()
                    values[idx] += sign * eps
                    W, b = (values, layers[k].b) if which == "W" else (layers[k].W, values)
                    layers[k] = Layer(W, b, layers[k].activation)
                    shifted.append(mean_loss(Network(tuple(layers)), X, Y, "cross_entropy"))
                numeric[idx] = (shifted[0] - shifted[1]) / (2 * eps)
            np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)
    trained = train(net, X, Y, 0.5, 200, None, "cross_entropy", seed=0)
    assert trained.history[-1] < trained.history[0] / 4
    with pytest.raises(ValueError, match="softmax output trains with loss='cross_entropy'"):
        gradients(net, X, Y, "mse")
    hidden = Network.random((4, 3, 3), ("softmax", "sigmoid"), seed=0)
    with pytest.raises(ValueError, match="softmax in hidden layer 1"):
        gradients(hidden, X, Y, "cross_entropy")
    assert [s.name for s in net.trace(X)][1:4] == ["linear 1", "bias 1", "leaky_relu 1"]
