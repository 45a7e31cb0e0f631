"""Tests for nnmath.activations (and the package surface of nnmath)."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import check_grad

import nnmath
from nnmath import (
    ACTIVATIONS,
    Activation,
    activation,
    heaviside,
    identity,
    relu,
    sigmoid,
    tanh,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
finite_floats = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
float_lists = st.lists(finite_floats, min_size=1, max_size=20)


# --- exact values ---------------------------------------------------------


def test_heaviside_exact_values() -> None:
    assert heaviside(0) == 1.0
    assert heaviside(0.0) == 1.0
    assert heaviside(-0.0) == 1.0
    assert heaviside(-0.001) == 0.0
    assert heaviside(0.001) == 1.0
    assert heaviside([-3.0, 0.0, 2.0]).tolist() == [0.0, 1.0, 1.0]


def test_sigmoid_tanh_relu_identity_exact_values() -> None:
    assert sigmoid(0) == 0.5
    assert round(float(tanh(0.5)), 3) == 0.462
    assert tanh(0) == 0.0
    assert relu(-2) == 0.0
    assert relu(3) == 3.0
    assert relu(0) == 0.0
    assert identity(-4) == -4.0
    assert sigmoid(np.log(3.0)) == pytest.approx(0.75)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_scalar_in_numpy_float_out_and_shapes_preserved(name: str) -> None:
    f = activation(name)
    out = f(0.7)
    assert isinstance(out, np.floating)
    arr = f(np.arange(12, dtype=int).reshape(3, 4) - 6)
    assert arr.shape == (3, 4)
    assert arr.dtype == np.float64
    assert f([1, 2, 3]).shape == (3,)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_does_not_modify_input(name: str) -> None:
    x = np.array([-1.0, 0.0, 2.0])
    f_x = activation(name)(x)
    f_x[...] = 99.0
    assert x.tolist() == [-1.0, 0.0, 2.0]


def test_sigmoid_extreme_inputs_stay_finite_without_warnings() -> None:
    x = np.linspace(-1e4, 1e4, 20001)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sigmoid(x)
        ds = activation("sigmoid").derivative(x)
        t = tanh(x)
    assert np.all(np.isfinite(s))
    assert np.all((s >= 0.0) & (s <= 1.0))
    assert s[0] == 0.0 and s[-1] == 1.0
    assert np.all(np.isfinite(ds)) and np.all(ds >= 0)
    assert np.all(np.abs(t) <= 1.0)
    moderate = np.linspace(-30, 30, 6001)
    sm = sigmoid(moderate)
    assert np.all((sm > 0.0) & (sm < 1.0))
    assert np.all(np.diff(sm) >= 0)


# --- properties -------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(float_lists)
def test_relu_nonnegative_and_equal_to_max(xs: list[float]) -> None:
    x = np.array(xs)
    r = relu(x)
    assert np.all(r >= 0)
    assert np.array_equal(r, np.maximum(x, 0.0))


@settings(max_examples=60, deadline=None)
@given(float_lists)
def test_sigmoid_in_unit_interval_and_symmetric(xs: list[float]) -> None:
    x = np.array(xs)
    s = sigmoid(x)
    assert np.all((s >= 0.0) & (s <= 1.0))
    np.testing.assert_allclose(s + sigmoid(-x), 1.0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(float_lists)
def test_tanh_in_range_and_odd(xs: list[float]) -> None:
    x = np.array(xs)
    t = tanh(x)
    assert np.all((t >= -1.0) & (t <= 1.0))
    np.testing.assert_array_equal(tanh(-x), -t)


@settings(max_examples=60, deadline=None)
@given(float_lists)
def test_heaviside_is_zero_or_one(xs: list[float]) -> None:
    x = np.array(xs)
    h = heaviside(x)
    assert set(np.unique(h).tolist()) <= {0.0, 1.0}
    assert np.array_equal(h == 1.0, x >= 0)


# --- derivatives --------------------------------------------------------------

POINTS = [-2.5, -0.7, 0.3, 1.9, 4.0]  # away from the kink at 0
#: the activations that work number by number (softmax shares out a whole row), and a
#: leaky ReLU of another slope than the default
ELEMENTWISE = [n for n in ACTIVATIONS if activation(n).elementwise] + ["leaky_relu(0.2)"]


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("x0", POINTS)
def test_derivative_matches_finite_differences(name: str, x0: float) -> None:
    f, df = activation(name), activation(name).derivative
    err = check_grad(
        lambda v: float(f(v[0])),
        lambda v: np.array([float(df(v[0]))]),
        np.array([x0]),
    )
    assert err < 1e-6


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_vectorised_matches_finite_differences(name: str) -> None:
    f, df = activation(name), activation(name).derivative
    x0 = np.array(POINTS)
    err = check_grad(lambda v: float(np.sum(f(v))), lambda v: df(v), x0)
    assert err < 1e-6


def _d(name: str):
    return activation(name).derivative


def test_derivative_exact_values() -> None:
    assert _d("sigmoid")(0.0) == 0.25
    assert _d("tanh")(0.0) == 1.0
    assert _d("relu")(0.0) == 0.0  # convention: relu'(0) = 0
    assert _d("relu")([-1.0, 2.0]).tolist() == [0.0, 1.0]
    assert _d("heaviside")([-1.0, 0.0, 1.0]).tolist() == [0.0, 0.0, 0.0]
    assert _d("identity")([-5.0, 0.0, 7.0]).tolist() == [1.0, 1.0, 1.0]
    s = sigmoid(1.3)
    assert _d("sigmoid")(1.3) == pytest.approx(s * (1 - s))
    assert _d("tanh")(0.4) == pytest.approx(1 - np.tanh(0.4) ** 2)


# --- lookup by name -----------------------------------------------------------


def test_lookup_by_name() -> None:
    assert ACTIVATIONS == ("heaviside", "sigmoid", "tanh", "relu", "identity", "leaky_relu",
                           "softmax")
    assert activation("relu").function is relu
    assert activation("sigmoid").function is sigmoid
    assert activation("tanh").function is tanh
    assert activation("heaviside").function is heaviside
    assert activation("identity").function is identity
    for name in ACTIVATIONS:
        record = activation(name)
        assert isinstance(record, Activation) and record.name == name
        assert activation(name) is record  # one record per activation


def test_records_say_how_each_activation_is_named_and_where_it_jumps() -> None:
    shown = {name: activation(name).display for name in ACTIVATIONS}
    assert shown == {"heaviside": "step", "sigmoid": "sigmoid", "tanh": "tanh",
                     "relu": "ReLU", "identity": "identity", "leaky_relu": "leaky ReLU",
                     "softmax": "softmax"}
    spoken = {name: activation(name).spoken for name in ACTIVATIONS}
    assert spoken == {"heaviside": "the step", "sigmoid": "the sigmoid", "tanh": "tanh",
                      "relu": "ReLU", "identity": "the identity",
                      "leaky_relu": "the leaky ReLU", "softmax": "softmax"}
    assert {n: activation(n).jumps for n in ACTIVATIONS if activation(n).jumps} == {
        "heaviside": (0.0,)}
    assert {n: activation(n).slope_jumps for n in ACTIVATIONS if activation(n).slope_jumps} == {
        "relu": (0.0,), "leaky_relu": (0.0,)}


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_jumps_are_where_the_function_or_its_slope_jumps(name: str) -> None:
    record, eps = activation(name), 1e-9
    for x in record.jumps:
        assert abs(float(record(x + eps)) - float(record(x - eps))) > 0.5
    for x in record.slope_jumps:
        slope = record.derivative
        assert abs(float(slope(x + eps)) - float(slope(x - eps))) > 0.5
    for x in (-1.5, 0.0, 2.0):  # nowhere else (on these probes)
        if x not in record.jumps:
            assert abs(float(record(x + eps)) - float(record(x - eps))) < 1e-6


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_a_record_is_its_function(name: str) -> None:
    record = activation(name)
    x = np.linspace(-3, 3, 13)
    np.testing.assert_array_equal(record(x), record.function(x))
    assert isinstance(record(0.5), np.floating)
    with pytest.raises(AttributeError):
        record.name = "other"  # type: ignore[misc]


def test_unknown_activation_names_bad_name_and_known_ones() -> None:
    pattern = r"unknown activation 'swish'.*heaviside.*relu.*identity.*softmax"
    with pytest.raises(ValueError, match=pattern):
        activation("swish")
    for bad in ("leaky_relu(1.5)", "leaky_relu(-0.1)", "leaky_relu(nan)", "leaky_relu(x)"):
        with pytest.raises(ValueError, match="slope below 0 must be a number from 0"):
            activation(bad)
    with pytest.raises(ValueError, match="unknown activation"):
        activation(relu)  # callables are not accepted, names only


def test_one_lookup_only() -> None:
    assert not hasattr(nnmath, "get_activation")
    assert not hasattr(nnmath, "derivative")
    assert not hasattr(nnmath.activations, "get_activation")
    assert not hasattr(nnmath.activations, "derivative")


# --- package surface ------------------------------------------------------------


def test_package_exports() -> None:
    expected = {
        "heaviside", "sigmoid", "tanh", "relu", "identity", "activation", "Activation",
        "ACTIVATIONS", "Perceptron", "PerceptronRun", "Boundary", "perceptron_rule",
        "accuracy", "best_linear_accuracy", "Layer", "Network", "Stage", "Trace",
        "parameter_count",
        "update", "descend", "clouds",
    }  # fmt: skip
    assert expected <= set(nnmath.__all__)
    for name in nnmath.__all__:
        assert hasattr(nnmath, name), name
    assert callable(nnmath.clouds.two_moons)


def test_import_does_not_pull_in_manim_or_sklearn() -> None:
    code = (
        "import sys, nnmath; "
        "assert 'nnmath' in sys.modules; "
        "assert hasattr(nnmath, 'Network'); "
        "bad = [m for m in ('manim', 'sklearn') if m in sys.modules]; "
        "assert not bad, bad"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_records_say_which_activations_squash() -> None:
    bounds = {name: activation(name).bounds for name in ACTIVATIONS}
    assert bounds == {"heaviside": (0.0, 1.0), "sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0),
                      "relu": (0.0, np.inf), "identity": (-np.inf, np.inf),
                      "leaky_relu": (-np.inf, np.inf), "softmax": (0.0, 1.0)}
    squash = {name for name in ACTIVATIONS if activation(name).squashes}
    # bounded and smooth, number by number; the step jumps; softmax shares out a row
    assert squash == {"sigmoid", "tanh"}
    xs = np.linspace(-50, 50, 1001)
    for name in ACTIVATIONS:  # the bounds hold
        lo, hi = activation(name).bounds
        values = activation(name)(xs)
        assert np.all((values >= lo) & (values <= hi)), name


def test_slope_hill_height_and_half_height_width() -> None:
    """sigma' = s(1 - s) peaks at 1/4 and halves where s = (1 + 1/sqrt 2) / 2; tanh' =
    1 - t^2 peaks at 1 and halves where t = 1/sqrt 2: four times as tall, half as wide."""
    from nnmath.activations import slope_hill

    s = (1 + 1 / np.sqrt(2)) / 2
    top, width = slope_hill("sigmoid")
    assert top == pytest.approx(0.25) and width == pytest.approx(2 * np.log(s / (1 - s)))
    top, width = slope_hill("tanh")
    assert top == pytest.approx(1.0) and width == pytest.approx(2 * np.arctanh(1 / np.sqrt(2)))
    with pytest.raises(ValueError, match="relu's slope draws no hill"):
        slope_hill("relu")


# --- softmax and the leaky ReLU ------------------------------------------------------


def test_softmax_rows_are_shares_that_add_up_to_one_and_never_overflow() -> None:
    from nnmath import softmax

    rng = np.random.default_rng(0)
    z = rng.normal(scale=30, size=(200, 4))
    z[0] = [1000.0, 999.0, -1000.0, 0.0]  # exp(1000) overflows a float; shares do not
    p = softmax(z)
    assert np.all(np.isfinite(p)) and np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(p[0, :2], [1 / (1 + np.exp(-1)), 1 / (1 + np.e)], rtol=1e-12)
    assert np.array_equal(p.argmax(axis=1), z.argmax(axis=1))  # the largest wins
    np.testing.assert_allclose(softmax(z + 7.5), p, rtol=0, atol=1e-12)  # shift-free
    # two outputs: the sigmoid of their difference
    np.testing.assert_allclose(softmax(z[:, :2])[:, 0], sigmoid(z[:, 0] - z[:, 1]), atol=1e-12)
    with pytest.raises(ValueError, match="no derivative number by number"):
        activation("softmax").derivative(z)
    assert not activation("softmax").elementwise


def test_leaky_relu_keeps_a_slope_below_zero_named_in_its_name() -> None:
    from nnmath import leaky_relu, leaky_relu_name

    assert activation("leaky_relu").slope == 0.01
    x = np.array([-3.0, -0.5, 0.0, 2.0])
    assert activation("leaky_relu")(x).tolist() == [-0.03, -0.005, 0.0, 2.0]
    fifth = activation("leaky_relu(0.2)")
    assert fifth.name == "leaky_relu" and fifth.slope == 0.2
    assert fifth(x).tolist() == leaky_relu(x, 0.2).tolist() == (x * [0.2, 0.2, 1, 1]).tolist()
    assert fifth.derivative(x).tolist() == [0.2, 0.2, 1.0, 1.0]
    assert leaky_relu_name(0.01) == "leaky_relu" and leaky_relu_name(0.0) == "leaky_relu(0)"
    assert activation(leaky_relu_name(np.float32(0.3))).slope == 0.3  # read from float32
