"""Tests for nnmath.network: layers, networks and stage traces."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnmath import ACTIVATIONS, Layer, Network, Stage, activation, parameter_count

# A hand-made ReLU network computing XOR on {0, 1}^2:
# h1 = relu(x1 + x2), h2 = relu(x1 + x2 - 1), out = h1 - 2 h2.
XOR_NET = Network(
    (
        Layer([[1.0, 1.0], [1.0, 1.0]], [0.0, -1.0], "relu"),
        Layer([[1.0, -2.0]], [0.0], "identity"),
    )
)
BITS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)


# --- parameter counting -------------------------------------------------------


def test_parameter_count() -> None:
    assert parameter_count((784, 16, 16, 10)) == 13002
    assert parameter_count([2, 3, 2]) == 17
    assert parameter_count((1, 1)) == 2
    net = Network.random((784, 16, 16, 10), "sigmoid", seed=0)
    assert net.parameter_count == 13002
    assert net.parameter_count == sum(layer.W.size + layer.b.size for layer in net.layers)


@pytest.mark.parametrize("sizes", [(3,), (), (2, 0, 1), (2, -1), (2, 1.5), "ab"])
def test_parameter_count_rejects_bad_sizes(sizes) -> None:
    with pytest.raises(ValueError, match="sizes"):
        parameter_count(sizes)


# --- layers ------------------------------------------------------------------------


def test_layer_basics() -> None:
    layer = Layer([[1.0, -1.0], [0.5, 2.0], [0.0, 0.0]], [0.0, 1.0, -1.0], "relu")
    assert (layer.n_in, layer.n_out) == (2, 3)
    assert layer.W.shape == (3, 2) and layer.b.shape == (3,)
    assert layer.activation == "relu"
    out = layer([[1.0, 2.0], [3.0, -1.0]])
    assert out.tolist() == [[0.0, 5.5, 0.0], [4.0, 0.5, 0.0]]
    assert layer([1.0, 2.0]).tolist() == [0.0, 5.5, 0.0]


def test_layer_bias_shape_message() -> None:
    with pytest.raises(
        ValueError, match=r"Layer bias has shape \(3,\), expected \(2,\) to match W with 2 rows"
    ):
        Layer(np.zeros((2, 4)), np.zeros(3), "relu")


@pytest.mark.parametrize(
    ("W", "b", "act", "pattern"),
    [
        (np.zeros(3), np.zeros(3), "relu", r"2-D array of shape \(out, in\), got shape \(3,\)"),
        (np.zeros((0, 2)), np.zeros(0), "relu", "non-empty 2-D"),
        ([[1.0, np.nan]], [0.0], "relu", "Layer weights contain NaN or infinity"),
        ([[1.0, 2.0]], [np.inf], "relu", "Layer biases contain NaN or infinity"),
        ([[1.0, 2.0]], [0.0], "softplus", "unknown activation 'softplus'"),
        ([[1.0, 2.0]], [[0.0]], "relu", r"Layer bias has shape \(1, 1\), expected \(1,\)"),
    ],
)
def test_layer_validation(W, b, act: str, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        Layer(W, b, act)


def test_layer_is_frozen_and_copies_its_arrays() -> None:
    W = np.eye(2)
    layer = Layer(W, np.zeros(2), "identity")
    W[0, 0] = 7.0
    assert layer.W[0, 0] == 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        layer.activation = "relu"  # type: ignore[misc]
    with pytest.raises(ValueError):
        layer.W[0, 0] = 3.0
    assert layer == Layer(np.eye(2), np.zeros(2), "identity")
    assert hash(layer) == hash(Layer(np.eye(2), np.zeros(2), "identity"))


# --- networks ------------------------------------------------------------------------


def test_mismatched_layers_message() -> None:
    with pytest.raises(ValueError, match="layer 2 expects 3 inputs but layer 1 gives 2 outputs"):
        first = Layer(np.ones((2, 2)), np.zeros(2), "relu")
        Network((first, Layer(np.ones((1, 3)), [0.0], "relu")))


def test_network_needs_layers() -> None:
    with pytest.raises(ValueError, match="at least one layer"):
        Network(())
    with pytest.raises(ValueError, match="layer 1 is not a Layer"):
        Network(("relu",))  # type: ignore[arg-type]


def test_network_accepts_a_list_and_stores_a_tuple() -> None:
    net = Network([Layer([[1.0]], [0.0], "relu")])  # type: ignore[arg-type]
    assert isinstance(net.layers, tuple)
    assert net.sizes == (1, 1)


def test_xor_network_forward() -> None:
    assert XOR_NET.sizes == (2, 2, 1)
    assert XOR_NET.activations == ("relu", "identity")
    assert XOR_NET.forward(BITS)[:, 0].tolist() == [0.0, 1.0, 1.0, 0.0]
    assert XOR_NET(BITS).shape == (4, 1)
    single = XOR_NET.forward([1.0, 0.0])
    assert single.shape == (1,) and single[0] == 1.0


def test_random_network_is_seeded() -> None:
    a = Network.random((2, 3, 2), ["relu", "sigmoid"], seed=42)
    b = Network.random((2, 3, 2), ("relu", "sigmoid"), seed=42)
    c = Network.random((2, 3, 2), ["relu", "sigmoid"], seed=43)
    assert a == b
    assert a != c
    assert a.sizes == (2, 3, 2)
    assert a.activations == ("relu", "sigmoid")
    assert [layer.W.shape for layer in a.layers] == [(3, 2), (2, 3)]
    gen_a = Network.random((2, 3, 2), "tanh", seed=np.random.default_rng(5))
    gen_b = Network.random((2, 3, 2), "tanh", seed=np.random.default_rng(5))
    assert gen_a == gen_b
    assert gen_a.activations == ("tanh", "tanh")


def test_random_network_weight_scale() -> None:
    net = Network.random((400, 300), "identity", seed=0)
    W = net.layers[0].W
    assert abs(W.mean()) < 0.01
    assert W.std() == pytest.approx(1 / np.sqrt(400), rel=0.05)


def test_random_network_validation() -> None:
    with pytest.raises(ValueError, match="got 1 activations for 2 layers"):
        Network.random((2, 3, 2), ["relu"], seed=0)
    with pytest.raises(ValueError, match="unknown activation 'gelu'"):
        Network.random((2, 3, 2), "gelu", seed=0)
    with pytest.raises(ValueError, match="sizes"):
        Network.random((2,), "relu", seed=0)
    with pytest.raises(ValueError, match="rng must be"):
        Network.random((2, 2), "relu", seed="abc")  # type: ignore[arg-type]


def test_network_input_validation() -> None:
    net = Network.random((2, 3, 2), "relu", seed=0)
    msg = r"Network expects inputs of width 2 \(shape \(n, 2\)\), got shape \(10, 3\)"
    with pytest.raises(ValueError, match=msg):
        net.forward(np.zeros((10, 3)))
    with pytest.raises(ValueError, match=msg):
        net.trace(np.zeros((10, 3)))
    with pytest.raises(ValueError, match=r"empty \(shape \(0, 2\)\)"):
        net.forward(np.zeros((0, 2)))
    with pytest.raises(ValueError, match=r"empty \(shape \(0, 2\)\)"):
        net.trace(np.zeros((0, 2)))
    with pytest.raises(ValueError, match="NaN or infinity"):
        net.forward([[0.0, np.nan]])
    with pytest.raises(ValueError, match="NaN or infinity"):
        net.trace([[np.inf, 0.0]])
    with pytest.raises(ValueError, match="width 2"):
        net.forward(np.zeros((2, 2, 2)))


# --- trace ------------------------------------------------------------------------------


def test_trace_names_kinds_and_values() -> None:
    net = Network.random((2, 3, 1), ["relu", "sigmoid"], seed=1)
    X = np.array([[0.5, -1.0], [2.0, 0.25], [0.0, 0.0]])
    stages = net.trace(X)
    assert [s.name for s in stages] == [
        "input", "linear 1", "bias 1", "relu 1", "linear 2", "bias 2", "sigmoid 2",
    ]  # fmt: skip
    assert [s.kind for s in stages] == ["input"] + ["linear", "bias", "activation"] * 2
    assert [s.layer for s in stages] == [None, 0, 0, 0, 1, 1, 1]
    assert [s.width for s in stages] == [2, 3, 3, 3, 1, 1, 1]
    assert all(isinstance(s, Stage) for s in stages)
    np.testing.assert_array_equal(stages[0].points, X)
    W1, b1 = net.layers[0].W, net.layers[0].b
    np.testing.assert_allclose(stages[1].points, X @ W1.T)
    np.testing.assert_allclose(stages[2].points, X @ W1.T + b1)
    np.testing.assert_allclose(stages[3].points, np.maximum(X @ W1.T + b1, 0))
    np.testing.assert_array_equal(stages[-1].points, net.forward(X))


def test_trace_of_single_point_and_xor() -> None:
    stages = XOR_NET.trace(BITS)
    assert stages[-1].points[:, 0].tolist() == [0.0, 1.0, 1.0, 0.0]
    assert stages[3].points.tolist() == [[0, 0], [1, 0], [1, 0], [2, 1]]
    single = XOR_NET.trace([1.0, 1.0])
    assert single[0].points.shape == (1, 2)


def test_stage_validation_and_immutability() -> None:
    with pytest.raises(ValueError, match="unknown stage kind 'pool'"):
        Stage("pool 1", "pool", 0, np.zeros((2, 2)))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"shape \(n, width\)"):
        Stage("input", "input", None, np.zeros(3))
    s = XOR_NET.trace(BITS)[0]
    with pytest.raises(ValueError):
        s.points[0, 0] = 1.0


sizes_st = st.lists(st.integers(1, 5), min_size=2, max_size=5)


@settings(max_examples=40, deadline=None)
@given(
    sizes=sizes_st,
    data=st.data(),
    seed=st.integers(0, 2**32 - 1),
)
def test_trace_properties(sizes: list[int], data: st.DataObject, seed: int) -> None:
    n_layers = len(sizes) - 1
    acts = data.draw(st.lists(st.sampled_from(ACTIVATIONS), min_size=n_layers, max_size=n_layers))
    n = data.draw(st.integers(1, 8))
    X = data.draw(arrays(np.float64, (n, sizes[0]), elements=st.floats(-10, 10, allow_nan=False)))
    net = Network.random(sizes, acts, seed=seed)
    stages = net.trace(X)
    assert len(stages) == 1 + 3 * n_layers
    assert stages[0].kind == "input" and stages[0].layer is None
    for i in range(n_layers):
        lin, bias, act = stages[1 + 3 * i : 4 + 3 * i]
        assert (lin.kind, bias.kind, act.kind) == ("linear", "bias", "activation")
        assert lin.layer == bias.layer == act.layer == i
        assert lin.width == bias.width == act.width == sizes[i + 1]
        assert act.name == f"{acts[i]} {i + 1}"
        for s in (lin, bias, act):
            assert s.points.shape == (n, sizes[i + 1])
        np.testing.assert_array_equal(act.points, activation(acts[i])(bias.points))
        if acts[i] == "relu":
            assert np.all(act.points >= 0)
        if acts[i] in ("sigmoid", "heaviside"):
            assert np.all((act.points >= 0) & (act.points <= 1))
    np.testing.assert_array_equal(stages[-1].points, net.forward(X))


# --- serialisation -------------------------------------------------------------------


def test_dict_round_trip_through_json() -> None:
    net = Network.random((3, 4, 2), ["tanh", "identity"], seed=9)
    data = json.loads(json.dumps(net.to_dict()))
    assert data["sizes"] == [3, 4, 2]
    again = Network.from_dict(data)
    assert again == net
    X = np.random.default_rng(0).normal(size=(5, 3))
    np.testing.assert_array_equal(again.forward(X), net.forward(X))


def test_from_dict_validation() -> None:
    with pytest.raises(ValueError, match="'layers'"):
        Network.from_dict({})
    with pytest.raises(ValueError, match="layer 1 must be a mapping"):
        Network.from_dict({"layers": [{"W": [[1.0]]}]})
    data = Network.random((1, 2), "relu", seed=0).to_dict()
    data["sizes"] = [1, 3]
    with pytest.raises(ValueError, match="'sizes' says"):
        Network.from_dict(data)


def test_random_network_without_a_seed_is_fresh_each_call() -> None:
    # seed=None draws OS entropy (documented): two calls give different weights
    a = Network.random((2, 3, 2), "tanh", seed=None)
    b = Network.random((2, 3, 2), "tanh")
    assert a != b
    assert a.sizes == b.sizes == (2, 3, 2)


def test_random_network_accepts_numpy_integer_seeds() -> None:
    assert Network.random((2, 2), "relu", seed=np.int64(3)) == Network.random(
        (2, 2), "relu", seed=3
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"layers": None}, "'layers' must be a list of layer mappings, got None"),
        ({"layers": 3}, "'layers' must be a list of layer mappings, got 3"),
        ({"layers": "abc"}, "'layers' must be a list of layer mappings"),
        ({"layers": {"W": [[1.0]], "b": [0.0]}}, "'layers' must be a list of layer mappings"),
        ({"layers": []}, "at least one layer"),
    ],
)
def test_from_dict_rejects_bad_layers(data, message) -> None:
    with pytest.raises(ValueError, match=message):
        Network.from_dict(data)


@pytest.mark.parametrize("sizes", [3, None, [1], [1, 0], "12"])
def test_from_dict_rejects_bad_sizes(sizes) -> None:
    data = Network.random((1, 2), "relu", seed=0).to_dict()
    data["sizes"] = sizes
    with pytest.raises(ValueError, match=r"^sizes (must|needs at least 2 entries)"):
        Network.from_dict(data)
