"""Tests for nnmath.readout: neuron, additivity, crossing, peak, percent."""

from __future__ import annotations

import doctest
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnmath.readout as readout
from nnmath import ACTIVATIONS, activation, relu, sigmoid, tanh
from nnmath.readout import additivity, crossing, neuron, peak, percent

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_doctests() -> None:
    result = doctest.testmod(readout)
    assert result.attempted > 0 and result.failed == 0


# --- neuron -------------------------------------------------------------------------


def test_neuron_is_activation_of_weighted_input_plus_bias() -> None:
    x = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(neuron("sigmoid", 3.0, -1.0)(x), sigmoid(3.0 * x - 1.0))
    np.testing.assert_array_equal(neuron("relu", -2.0, 1.0)(x), relu(-2.0 * x + 1.0))
    assert neuron("sigmoid", bias=-10.0)(10.0) == 0.5
    assert isinstance(neuron("tanh")(0.3), np.floating)  # scalar in, numpy float out


def test_neuron_with_defaults_is_the_activation_itself() -> None:
    x = np.linspace(-3, 3, 13)
    for name in ACTIVATIONS:
        if readout.activation(name).elementwise:  # softmax is no one neuron's: refused
            np.testing.assert_array_equal(neuron(name)(x), readout.activation(name)(x))


def test_steep_sigmoid_neuron_approaches_the_step_without_overflow() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        steep = neuron("sigmoid", weight=1e4)
        assert steep(0.01) > 0.999 and steep(-0.01) < 0.001


def test_neuron_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unknown activation"):
        neuron("swish")
    with pytest.raises(ValueError, match="softmax shares a whole layer's outputs"):
        neuron("softmax")
    with pytest.raises(ValueError, match="weight must be finite"):
        neuron("relu", weight=float("inf"))
    with pytest.raises(ValueError, match="bias must be a real number"):
        neuron("relu", bias="1")


# --- additivity -----------------------------------------------------------------------


def test_additivity_table_of_chapter_two() -> None:
    """a = 1, b = -2: the numbers the ReluAndTanh scene shows."""
    r, t, s = (additivity(name, 1.0, -2.0) for name in ("relu", "tanh", "sigmoid"))
    assert (r.f_of_sum, r.sum_of_f) == (0.0, 1.0)
    assert round(t.f_of_sum, 2) == -0.76 and round(t.sum_of_f, 2) == -0.2
    assert round(s.f_of_sum, 2) == 0.27 and round(s.sum_of_f, 2) == 0.85
    assert not (r.additive or t.additive or s.additive)
    assert t.f_of_sum == pytest.approx(float(tanh(-1.0)))
    assert t.sum_of_f == pytest.approx(float(tanh(1.0) + tanh(-2.0)))
    assert r.a_plus_b == -1.0 and r.f_a == 1.0 and r.f_b == 0.0
    assert r.gap == -1.0


@settings(max_examples=60, deadline=None)
@given(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3))
def test_identity_is_always_additive(a: float, b: float) -> None:
    assert additivity("identity", a, b).additive


def test_relu_is_additive_for_same_sign_inputs_only() -> None:
    assert additivity("relu", 1.0, 2.0).additive  # one pair passing proves nothing
    assert not additivity("relu", 1.0, -2.0).additive


# --- crossing ---------------------------------------------------------------------------


def test_biased_sigmoid_crosses_one_half_at_minus_bias() -> None:
    assert crossing("sigmoid", 0.5, bias=-10.0) == 10.0
    assert crossing("sigmoid", 0.5) == 0.0
    assert str(crossing("sigmoid", 0.5, weight=2.0, bias=0.0)) == "0.0"  # never -0.0
    assert crossing("sigmoid", 0.5, weight=2.0, bias=-10.0) == 5.0
    assert crossing("identity", 3.0, weight=2.0, bias=1.0) == 1.0


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["sigmoid", "tanh", "identity"]),
    st.floats(0.02, 0.98),
    st.floats(0.2, 5.0) | st.floats(-5.0, -0.2),
    st.floats(-20.0, 20.0),
)
def test_crossing_inverts_the_neuron(name: str, level: float, w: float, b: float) -> None:
    if name == "tanh":
        level = 2 * level - 1  # into (-1, 1)
    x = crossing(name, level, w, b)
    assert float(neuron(name, w, b)(x)) == pytest.approx(level, abs=1e-9)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("sigmoid", 1.0), "strictly between 0 and 1"),
        (("sigmoid", 0.0), "strictly between 0 and 1"),
        (("tanh", -1.0), "strictly between -1 and 1"),
        (("relu", 0.5), "strictly increasing"),
        (("heaviside", 0.5), "strictly increasing"),
        (("swish", 0.5), "unknown activation"),
        (("softmax", 0.5), "strictly increasing"),
    ],
)
def test_crossing_rejects_levels_it_cannot_reach(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        crossing(*args)


def test_crossing_rejects_a_zero_weight() -> None:
    with pytest.raises(ValueError, match="weight must be non-zero"):
        crossing("sigmoid", 0.5, weight=0.0)


# --- peak -------------------------------------------------------------------------------


def test_peaks_of_the_smooth_slopes() -> None:
    x, top = peak(activation("sigmoid").derivative, -6.0, 6.0)
    assert abs(x) < 1e-6 and top == pytest.approx(0.25, abs=1e-12)
    x, top = peak(activation("tanh").derivative, -3.0, 3.0)
    assert abs(x) < 1e-6 and top == pytest.approx(1.0, abs=1e-12)
    x, top = peak(activation("sigmoid").derivative, -5.0, 7.0)  # 0 off the grid's centre
    assert abs(x) < 1e-6 and top == pytest.approx(0.25, abs=1e-12)


def test_peak_at_an_end_and_on_a_plateau() -> None:
    x, top = peak(sigmoid, -2.0, 3.0)
    assert x == pytest.approx(3.0) and top == pytest.approx(float(sigmoid(3.0)))
    x, top = peak(activation("relu").derivative, -3.0, 3.0)
    assert top == 1.0 and x > 0


def test_peak_rejects_bad_intervals_and_functions() -> None:
    with pytest.raises(ValueError, match="lo < hi"):
        peak(sigmoid, 1.0, 1.0)
    with pytest.raises(ValueError, match="samples must be at least 3"):
        peak(sigmoid, 0.0, 1.0, samples=2)
    with pytest.raises(ValueError, match="finite outputs"):
        peak(lambda x: np.full_like(x, np.nan), -1.0, 1.0)


# --- percent ------------------------------------------------------------------------------


def test_percent() -> None:
    assert percent(sigmoid(0.0)) == 50.0
    assert percent(0) == 0.0 and percent(1) == 100.0
    with pytest.raises(ValueError, match=r"probability must lie in \[0, 1\]"):
        percent(1.5)


def test_readout_does_not_import_manim() -> None:
    code = "import sys, nnmath.readout; assert 'manim' not in sys.modules"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# --- hill and crossings: facts the subtitles are chosen from -----------------------


def test_hill_finds_where_a_slope_curve_peaks_and_whether_it_fades():
    from nnmath.readout import hill

    middle = hill(activation("sigmoid").derivative, -6.0, 6.0)
    assert middle.where == "inside" and abs(middle.x) < 1e-6 and middle.fades
    assert middle.top == pytest.approx(0.25)
    narrow = hill(activation("sigmoid").derivative, -1.0, 1.0)  # ends still at 0.2
    assert narrow.where == "inside" and not narrow.fades
    left = hill(activation("sigmoid").derivative, 2.0, 6.0)
    assert (left.where, left.x) == ("left end", 2.0) and not left.fades
    right = hill(activation("tanh").derivative, -3.0, -1.0)
    assert right.where == "right end" and right.x == pytest.approx(-1.0)
    assert right.ends == (pytest.approx(float(activation("tanh").derivative(-3.0))),
                          pytest.approx(right.top))


@pytest.mark.parametrize(
    ("stops", "at", "expected"),
    [
        ([4.0, 17.0, 35.0, 14.0], 20.0, ("up", "down")),  # the weather marker's sweep
        ([-2.0, 14.0], 10.0, ("up",)),  # the bias scene's sweep
        ([14.0, -2.0], 10.0, ("down",)),
        ([-2.0, 5.0], 10.0, ()),  # never gets there
        ([0.0, 20.0], 20.0, ("up",)),  # reaching it counts
        ([20.0, 30.0], 20.0, ()),  # starting on it is not a crossing
        ([5.0], 5.0, ()),
        ([], 0.0, ()),
    ],
)
def test_crossings_say_how_a_sweep_meets_a_value(stops, at, expected):
    from nnmath.readout import crossings

    assert crossings(stops, at) == expected


def test_crossings_refuse_what_is_not_a_number():
    from nnmath.readout import crossings

    with pytest.raises(ValueError, match="stop must be finite"):
        crossings([0.0, np.nan], 1.0)
    with pytest.raises(ValueError, match="at must be finite"):
        crossings([0.0, 1.0], np.inf)
