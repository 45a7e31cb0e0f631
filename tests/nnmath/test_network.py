"""Tests for nnmath.network: layers, networks and stage traces."""

from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnmath import ACTIVATIONS, Layer, Network, Stage, Trace, activation, parameter_count

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
    with pytest.raises(
        ValueError, match="^seed must be an int, a numpy Generator or None, got 'abc'$"
    ):
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
    assert isinstance(stages, Trace)
    assert [s.name for s in stages] == [
        "input", "linear 1", "bias 1", "relu 1", "linear 2", "bias 2", "sigmoid 2",
    ]  # fmt: skip
    assert stages.names == tuple(s.name for s in stages)
    assert [s.kind for s in stages] == ["input"] + ["linear", "bias", "activation"] * 2
    assert [s.layer for s in stages] == [0, 1, 1, 1, 2, 2, 2]  # 1-based, like W_1, b_1
    assert [s.width for s in stages] == [2, 3, 3, 3, 1, 1, 1]
    assert all(isinstance(s, Stage) for s in stages)
    np.testing.assert_array_equal(stages.stage("input").points, X)
    W1, b1 = net.layers[0].W, net.layers[0].b
    np.testing.assert_allclose(stages.stage("linear 1").points, X @ W1.T)
    np.testing.assert_allclose(stages.stage("bias 1").points, X @ W1.T + b1)
    np.testing.assert_allclose(stages.stage("relu 1").points, np.maximum(X @ W1.T + b1, 0))
    np.testing.assert_array_equal(stages.output, net.forward(X))


def test_trace_of_single_point_and_xor() -> None:
    stages = XOR_NET.trace(BITS)
    assert stages.output[:, 0].tolist() == [0.0, 1.0, 1.0, 0.0]
    assert stages.a(1).tolist() == [[0, 0], [1, 0], [1, 0], [2, 1]]
    single = XOR_NET.trace([1.0, 1.0])
    assert single.a(0).shape == (1, 2)


def test_stage_validation_and_immutability() -> None:
    with pytest.raises(ValueError, match="unknown stage kind 'pool'"):
        Stage("pool 1", "pool", 1, np.zeros((2, 2)))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"shape \(n, width\)"):
        Stage("input", "input", 0, np.zeros(3))
    s = XOR_NET.trace(BITS).stage("input")
    with pytest.raises(ValueError):
        s.points[0, 0] = 1.0


@pytest.mark.parametrize(
    ("kind", "layer", "message"),
    [
        ("input", None, "Stage layer must be an integer, got None"),
        ("input", 1, "layer 1 for a 'input' stage"),
        ("linear", 0, "layer 0 for a 'linear' stage"),
        ("bias", -1, "layer -1 for a 'bias' stage"),
        ("activation", 1.0, "Stage layer must be an integer, got 1.0"),
        ("activation", True, "Stage layer must be an integer, got True"),
    ],
)
def test_stage_layer_is_0_for_the_input_and_counts_from_1(kind, layer, message) -> None:
    with pytest.raises(ValueError, match=message):
        Stage("s", kind, layer, np.zeros((2, 2)))  # type: ignore[arg-type]
    assert Stage("bias 1", "bias", np.int64(1), np.zeros((1, 1))).layer == 1


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
    assert len(stages) == 1 + 3 * n_layers == len(list(stages))
    assert stages.n_layers == n_layers
    start = stages.stage("input")
    assert start.kind == "input" and start.layer == 0 and stages.index(start) == 0
    np.testing.assert_array_equal(stages.a(0), X)
    for k in range(1, n_layers + 1):
        lin, bias, act = (stages.stage(kind, k) for kind in ("linear", "bias", "activation"))
        assert stages.index(lin) + 1 == stages.index(bias) == stages.index(act) - 1
        assert (lin.kind, bias.kind, act.kind) == ("linear", "bias", "activation")
        assert (lin.name, bias.name, act.name) == (f"linear {k}", f"bias {k}", f"{acts[k - 1]} {k}")
        assert lin.layer == bias.layer == act.layer == k
        assert lin.width == bias.width == act.width == sizes[k]
        assert stages.stage(acts[k - 1], k) is act is stages.stage(act.name)
        assert stages.z(k) is bias.points and stages.a(k) is act.points
        for s in (lin, bias, act):
            assert s.points.shape == (n, sizes[k])
        np.testing.assert_array_equal(lin.points, stages.a(k - 1) @ net.layers[k - 1].W.T)
        np.testing.assert_array_equal(bias.points, lin.points + net.layers[k - 1].b)
        np.testing.assert_array_equal(act.points, activation(acts[k - 1])(bias.points))
        if acts[k - 1] == "relu":
            assert np.all(act.points >= 0)
        if acts[k - 1] in ("sigmoid", "heaviside"):
            assert np.all((act.points >= 0) & (act.points <= 1))
    assert stages.output is stages.a(n_layers)
    np.testing.assert_array_equal(stages.output, net.forward(X))


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


# --- the trace: one forward pass, stages looked up by name ---------------------------------

NET_231 = Network.random((2, 3, 1), ["relu", "sigmoid"], seed=1)
X_231 = np.array([[0.5, -1.0], [2.0, 0.25], [0.0, 0.0], [-1.5, 0.75]])


def test_trace_is_a_read_only_sequence_of_stages() -> None:
    trace = NET_231.trace(X_231)
    assert len(trace) == 7
    assert list(trace) == list(trace.stages)
    assert trace[1:3] == tuple(list(trace)[1:3])
    relu = trace.stage("relu 1")
    assert trace.index(relu) == 3 and relu in trace and trace.count(relu) == 1
    assert list(reversed(trace))[0] is trace.stage("sigmoid 2")
    with pytest.raises(TypeError):
        trace[0] = relu  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        trace.stages = ()  # type: ignore[misc]
    assert trace == NET_231.trace(X_231) and hash(trace) == hash(NET_231.trace(X_231))
    assert trace != NET_231.trace(X_231[:2])
    assert "relu 1" in repr(trace)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("input",), "input"),
        (("input", 0), "input"),
        (("linear 1",), "linear 1"),
        (("linear", 1), "linear 1"),
        (("bias", 2), "bias 2"),
        (("relu", 1), "relu 1"),
        (("activation", 1), "relu 1"),
        (("sigmoid", 2), "sigmoid 2"),
        (("activation", np.int64(2)), "sigmoid 2"),
    ],
)
def test_trace_stage_by_name_or_by_kind_and_layer(args, name) -> None:
    trace = NET_231.trace(X_231)
    assert trace.stage(*args).name == name
    assert trace.stage(*args) is trace.stage(name)


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (("relu 2",), "'relu 2'"),
        (("relu",), "'relu'"),  # a kind or activation needs its layer
        (("sigmoid", 1), "'sigmoid' in layer 1"),
        (("bias", 3), "'bias' in layer 3"),
        (("bias", 0), "'bias' in layer 0"),
        (("tanh", 1), "'tanh' in layer 1"),
    ],
)
def test_unknown_stage_names_list_the_stages_there_are(args, wanted) -> None:
    trace = NET_231.trace(X_231)
    known = "input, linear 1, bias 1, relu 1, linear 2, bias 2, sigmoid 2"
    with pytest.raises(ValueError, match=f"no stage {wanted}; its stages are: {known}$"):
        trace.stage(*args)


def test_trace_stage_rejects_bad_arguments() -> None:
    trace = NET_231.trace(X_231)
    with pytest.raises(ValueError, match="a stage name must be a string, got 3"):
        trace.stage(3)  # type: ignore[arg-type]
    for layer in (1.0, True, "1"):
        with pytest.raises(ValueError, match="layer must be a layer number"):
            trace.stage("bias", layer)  # type: ignore[arg-type]


def test_z_and_a_are_the_bias_and_activation_stages() -> None:
    trace = NET_231.trace(X_231)
    assert trace.n_layers == 2
    np.testing.assert_array_equal(trace.a(0), X_231)
    for k in (1, 2):
        assert trace.z(k) is trace.stage("bias", k).points
        assert trace.a(k) is trace.stage("activation", k).points
        layer = NET_231.layers[k - 1]
        np.testing.assert_array_equal(trace.z(k), trace.a(k - 1) @ layer.W.T + layer.b)
    assert trace.output is trace.a(2) is trace.stage("sigmoid 2").points
    for bad in (0, 3, -1):
        with pytest.raises(ValueError, match="layer must be a layer number from 1 to 2"):
            trace.z(bad)
    for bad in (3, -1, 1.5, True):
        with pytest.raises(ValueError, match="layer must be a layer number from 0 to 2"):
            trace.a(bad)


def test_forward_is_the_trace_output_bit_for_bit() -> None:
    net = Network.random((3, 5, 4, 2), ["tanh", "relu", "sigmoid"], seed=4)
    X = np.random.default_rng(2).normal(size=(50, 3))
    np.testing.assert_array_equal(net.forward(X), net.trace(X).output)
    out = X  # the arithmetic, spelled out: lin = X @ W.T; biased = lin + b; out = f(biased)
    for layer in net.layers:
        lin = out @ layer.W.T
        biased = lin + layer.b
        out = activation(layer.activation)(biased)
    np.testing.assert_array_equal(net.forward(X), out)
    single = net.forward(X[0])
    assert single.shape == (2,)
    np.testing.assert_array_equal(single, net.trace(X[:1]).output[0])
    np.testing.assert_array_equal(net(X), out)


def test_trace_checks_its_stages() -> None:
    parts = NET_231.trace(X_231).stages  # to build broken traces from
    assert Trace(list(parts)) == NET_231.trace(X_231)
    with pytest.raises(ValueError, match="linear, a bias and an activation stage"):
        Trace(parts[:-1])
    with pytest.raises(ValueError, match="linear, a bias and an activation stage"):
        Trace(parts[1:])
    with pytest.raises(ValueError, match="got: nothing"):
        Trace(())
    with pytest.raises(ValueError, match="stage 1 of a Trace is not a Stage"):
        Trace((parts[0], "linear 1"))  # type: ignore[arg-type]


def test_the_network_leaves_training_to_nnmath_training() -> None:
    # one public way to train: nnmath.training (network.py must not import it)
    assert not hasattr(Network, "gradients")
    assert not hasattr(Network, "loss")
    source = (Path(__file__).resolve().parents[2] / "nnmath" / "network.py").read_text()
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            imported.add("." * node.level + (node.module or ""))
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not {name for name in imported if "training" in name}, imported


def test_forward_gives_the_caller_an_array_of_its_own() -> None:
    out = NET_231.forward(X_231)
    out[0, 0] = 5.0  # writable, as before the trace became the one computation
    assert NET_231.forward(X_231)[0, 0] != 5.0
    NET_231.layers[0](X_231)[0, 0] = 1.0
    NET_231.forward(X_231[0])[0] = 1.0


# --- parameter_breakdown -----------------------------------------------------------


def test_parameter_breakdown_of_the_digits_network():
    from nnmath.network import LayerParameters, parameter_breakdown

    parts = parameter_breakdown((784, 16, 16, 10))
    assert parts == (
        LayerParameters(784, 16, 12544, 16),
        LayerParameters(16, 16, 256, 16),
        LayerParameters(16, 10, 160, 10),
    )
    assert sum(p.weights for p in parts) == 12960
    assert sum(p.biases for p in parts) == 42
    assert sum(p.total for p in parts) == parameter_count((784, 16, 16, 10)) == 13002


@given(st.lists(st.integers(1, 50), min_size=2, max_size=6))
@settings(max_examples=50, deadline=None)
def test_parameter_breakdown_sums_to_parameter_count(sizes):
    from nnmath.network import parameter_breakdown

    parts = parameter_breakdown(sizes)
    assert len(parts) == len(sizes) - 1
    assert [p.n_in for p in parts] == sizes[:-1] and [p.n_out for p in parts] == sizes[1:]
    assert sum(p.total for p in parts) == parameter_count(sizes)


def test_parameter_breakdown_refuses_bad_sizes():
    from nnmath.network import parameter_breakdown

    with pytest.raises(ValueError, match="at least 2"):
        parameter_breakdown([784])
