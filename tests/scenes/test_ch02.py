"""Chapter 2 scenes: frames compared with control data, every number shown checked.

The number tests read what each scene displays (its ``shown`` strings, built in
``setup()``) and compare them with nnmath, so they fail if a scene shows something
else; the frame tests also check the read-off labels the scenes put on screen.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import activation, heaviside, relu, sigmoid, tanh
from nnmath.readout import neuron
from scenes.ch02_activations import BiasThreshold, Derivatives, ReluAndTanh, StepToSigmoid
from scenes.components import fmt_number
from scenes.components.plots import ActivationPlot
from tests.scenes.helpers import last_frame, prepared, scene_frames

__module_test__ = "ch02"

# --- frames -------------------------------------------------------------------


def test_step_to_sigmoid_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, StepToSigmoid, monkeypatch, tmp_path)
    assert scene.reading.label.tex_string == "0.5"  # the read-off label on screen


@scene_frames(base_scene=StepToSigmoid)
def test_step_to_sigmoid_joined(scene):
    scene.play_story(until="join_ends")


def test_relu_and_tanh_last_frame(request, monkeypatch, tmp_path):
    last_frame(request, ReluAndTanh, monkeypatch, tmp_path)


@scene_frames(base_scene=ReluAndTanh)
def test_relu_and_tanh_read_off(scene):
    scene.play_story(until="tanh_read_off")
    assert scene.reading.label.tex_string == "0.462"


def _counter(number) -> str:
    """The text a DecimalNumber shows now."""
    return number._get_num_string(number.get_value())


def test_bias_threshold_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, BiasThreshold, monkeypatch, tmp_path)
    # the readout left on screen after the sweep: s at its end, a = sigma(s + b) there
    bias, (_, end) = scene.params.bias, scene.params.sweep
    assert _counter(scene.b_value) == fmt_number(bias) == "-10"
    assert _counter(scene.s_value) == fmt_number(end) == "14"
    assert _counter(scene.a_value) == fmt_number(float(sigmoid(end + bias)), 2) == "0.98"


@scene_frames(base_scene=BiasThreshold)
def test_bias_threshold_slid(scene):
    scene.play_story(until="slide_bias")
    assert scene.crossing_label.tex_string == "s = 10"
    assert _counter(scene.b_value) == fmt_number(scene.params.bias) == "-10"


def test_derivatives_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, Derivatives, monkeypatch, tmp_path)
    assert [r.label.tex_string for r in scene.peak_readings] == ["0.25", "1"]


@scene_frames(base_scene=Derivatives)
def test_derivatives_sigmoid_slope(scene):
    scene.play_story(until="sigmoid_slope")


# --- numbers shown ------------------------------------------------------------




def test_step_to_sigmoid_numbers():
    scene = prepared(StepToSigmoid)
    assert scene.h_plus == heaviside(0.001) == 1.0
    assert scene.h_minus == heaviside(-0.001) == 0.0
    assert scene.shown["h_plus"] == "H(0.001) = 1"
    assert scene.shown["h_minus"] == "H(-0.001) = 0"
    assert scene.sigma_read == sigmoid(0.0) == 0.5
    assert scene.shown["sigma_read"] == r"\sigma(0) = 0.5"
    assert scene.chance == 50.0
    assert scene.shown["chance"] == "a 50 % chance"
    assert scene.shown["families"][-1] == (r"\sigma(", "x)")  # ends on the plain sigmoid


@pytest.mark.parametrize("steepness", ["[40, 8, 3]", "[]"])
def test_step_to_sigmoid_refuses_steepness_not_ending_in_1(monkeypatch, steepness):
    """The read-off uses sigma(x): the last curve drawn, sigma(k x), must be that one."""
    monkeypatch.setenv("NN_PARAMS", f'{{"steepness": {steepness}}}')
    with pytest.raises(ValueError, match=r"^steepness must be a list of values ending in 1"):
        prepared(StepToSigmoid)


def test_relu_and_tanh_numbers():
    scene = prepared(ReluAndTanh)
    assert scene.relu_values == [0.0, 2.0]
    assert scene.shown["relu_examples"] == [r"\mathrm{ReLU}(-2) = 0", r"\mathrm{ReLU}(2) = 2"]
    assert round(scene.tanh_read, 3) == round(float(tanh(0.5)), 3) == 0.462
    assert scene.shown["tanh_read"] == r"\tanh(0.5) \approx 0.462"
    assert scene.shown["pair"] == r"a = 1,\quad b = -2,\quad a + b = -1"
    # f(a + b) against f(a) + f(b) for a = 1, b = -2, each column with one number of
    # decimals: -0.20 under 1.00, not -0.2 under 1
    assert scene.shown["rows"] == [
        (r"\mathrm{ReLU}", "0.00", r"\neq", "1.00"),
        (r"\tanh", "-0.76", r"\neq", "-0.20"),
        (r"\sigma", "0.27", r"\neq", "0.85"),
        (r"x\ (\mathrm{linear})", "-1.00", "=", "-1.00"),
    ]
    relu_check, tanh_check, sigmoid_check, identity_check = scene.checks
    assert relu_check.f_of_sum == relu(-1.0) == 0.0
    assert relu_check.sum_of_f == relu(1.0) + relu(-2.0) == 1.0
    assert tanh_check.f_of_sum == pytest.approx(float(tanh(-1.0)))
    assert tanh_check.sum_of_f == pytest.approx(float(tanh(1.0) + tanh(-2.0)))
    assert sigmoid_check.f_of_sum == pytest.approx(float(sigmoid(-1.0)))
    assert sigmoid_check.sum_of_f == pytest.approx(float(sigmoid(1.0) + sigmoid(-2.0)))
    assert [c.additive for c in scene.checks] == [False, False, False, True]


@pytest.mark.parametrize("pair", [(1.0, -2.0), (0.01, 0.02), (0.3, 0.5), (-0.05, 0.07)])
def test_relu_and_tanh_table_keeps_one_number_of_decimals(monkeypatch, pair):
    """The two columns of numbers share their decimals, so a failing row's numbers
    read differently and a passing row's alike, and none that is not 0 reads 0."""
    monkeypatch.setenv("NN_PARAMS", f'{{"pair": [{pair[0]}, {pair[1]}]}}')
    scene = prepared(ReluAndTanh)
    numbers = [text for _, lhs, _, rhs in scene.shown["rows"] for text in (lhs, rhs)]
    assert len({len(text.partition(".")[2]) for text in numbers}) == 1
    for (_, lhs, rel, rhs), check in zip(scene.shown["rows"], scene.checks, strict=True):
        assert (lhs == rhs) == (rel == "=") == check.additive
        for text, value in ((lhs, check.f_of_sum), (rhs, check.sum_of_f)):
            assert (float(text) == 0) == (value == 0)


def test_bias_threshold_numbers():
    scene = prepared(BiasThreshold)
    assert scene.params.bias == -10.0
    assert scene.start_crossing == 0.0
    assert scene.threshold == 10.0
    assert float(sigmoid(scene.threshold + scene.params.bias)) == 0.5
    assert scene.shown["crossing"] == "s = 10"
    assert scene.shown["level"] == "0.5"
    # dark at the start of the sweep, lit at its end (the end is read in the frame test)
    lo, hi = (float(neuron("sigmoid", bias=scene.params.bias)(s)) for s in scene.params.sweep)
    assert lo < 0.01 and hi > 0.95


def test_derivatives_numbers():
    scene = prepared(Derivatives)
    x, top = scene.sigmoid_peak
    assert abs(x) < 1e-6 and top == pytest.approx(0.25)
    assert float(activation("sigmoid").derivative(0.0)) == 0.25
    assert scene.shown["sigmoid_peak"] == "peak 0.25 at x = 0"
    x, top = scene.tanh_peak
    assert abs(x) < 1e-6 and top == pytest.approx(1.0)
    assert scene.shown["tanh_peak"] == "peak 1 at x = 0"
    assert scene.relu_slopes == (0.0, 1.0)
    assert r"\begin{cases} 0 & x \le 0 \\ 1 & x > 0" in scene.shown["relu"][1]
    assert scene.heaviside_slope == 0.0
    assert scene.shown["heaviside"][1].startswith("H'(x) = 0")
    assert scene.shown["probe"] == {"sigmoid": r"\sigma'(1) = 0.2", "heaviside": "H'(1) = 0"}


# --- the ActivationPlot component ---------------------------------------------------


def test_activation_plot_reads_off_tanh_at_one_half():
    plot = ActivationPlot("tanh", (-3, 3, 1), (-1.2, 1.2, 0.5), y_numbers=())
    reading = plot.read_off(0.5)
    assert reading.value == float(tanh(0.5))
    assert reading.label.tex_string == "0.462"
    assert reading.input_label.tex_string == "0.5"
    # the dashed lines meet on the curve, start on the x axis, end on the y axis
    np.testing.assert_allclose(reading.vertical.get_start(), plot.c2p(0.5, 0), atol=1e-6)
    np.testing.assert_allclose(reading.vertical.get_end(), plot.point(0.5), atol=1e-6)
    np.testing.assert_allclose(reading.horizontal.get_end(), plot.c2p(0, tanh(0.5)), atol=1e-6)


def test_activation_plot_draws_the_step_as_two_pieces_and_two_dots():
    plot = ActivationPlot("heaviside", (-6, 6, 1), (0, 1.2, 0.5))
    assert len(plot.graph.get_subpaths()) == 2  # no vertical segment at the jump
    hollow, filled = plot.jump_dots
    np.testing.assert_allclose(filled.get_center(), plot.c2p(0, 1), atol=1e-6)  # H(0) = 1
    np.testing.assert_allclose(hollow.get_center(), plot.c2p(0, 0), atol=1e-6)


def test_activation_plot_tangent_follows_the_derivative():
    plot = ActivationPlot("sigmoid", (-6, 6, 2), (0, 1.2, 0.5), x_length=6, y_length=3)
    touch = plot.tangent(1.0)
    units = (3 / 1.2) / (6 / 12)  # screen slope per unit of slope
    assert touch.get_slope() == pytest.approx(float(activation("sigmoid").derivative(1.0)) * units)
    np.testing.assert_allclose(touch.get_center(), plot.point(1.0), atol=1e-6)
    with pytest.raises(ValueError, match="no derivative"):
        ActivationPlot(lambda x: x**2, (-2, 2, 1), (0, 4, 1)).tangent(1.0)
