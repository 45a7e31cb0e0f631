"""Chapter 1 scenes: frames compared with control data, every number shown checked.

The number tests build each scene and call ``setup()`` (no rendering), then check
the attributes the scene draws from against nnmath, so they fail if a scene shows
something other than what nnmath computes.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnmath import Perceptron, accuracy, best_linear_accuracy, clouds, perceptron_rule
from nnmath.weather import example_days
from scenes.ch01_perceptron import (
    NegationPerceptron,
    Perceptron2D,
    Perceptron3D,
    Separability,
    WeatherPerceptron,
    half_plane,
)
from scenes.components import fmt_number, linear_tex
from scenes.components.network_diagram import NetworkDiagram
from tests.scenes.helpers import build, last_frame, prepared, scene_frames

__module_test__ = "ch01"


# --- frames -------------------------------------------------------------------------
def test_weather_last_frame(request, monkeypatch, tmp_path):
    last_frame(request, WeatherPerceptron, monkeypatch, tmp_path)


@scene_frames(base_scene=WeatherPerceptron)
def test_weather_after_sweep(scene):
    scene.play_story(until="sweep")


def test_negation_last_frame(request, monkeypatch, tmp_path):
    last_frame(request, NegationPerceptron, monkeypatch, tmp_path)


@scene_frames(base_scene=NegationPerceptron)
def test_negation_after_feeding(scene):
    scene.play_story(until="feed")


@scene_frames(base_scene=Perceptron2D)
def test_perceptron2d_last_frame(scene):
    scene.play_story()


@scene_frames(base_scene=Perceptron2D)
def test_perceptron2d_tilted_plane(scene):
    scene.play_story(until="tilted_plane")


@scene_frames(base_scene=Perceptron3D)
def test_perceptron3d_last_frame(scene):
    scene.play_story()


@scene_frames(base_scene=Perceptron3D)
def test_perceptron3d_plane(scene):
    scene.play_story(until="plane")


def test_separability_last_frame(request, monkeypatch, tmp_path):
    last_frame(request, Separability, monkeypatch, tmp_path)


@scene_frames(base_scene=Separability)
def test_separability_rule_found_line(scene):
    scene.play_story(until="learn")


# --- numbers --------------------------------------------------------------------------


def test_weather_threshold_and_outputs():
    scene = prepared(WeatherPerceptron)
    assert scene.threshold == 20.0 == Perceptron([1.0], -20.0).threshold
    assert scene.flipped_threshold == 20.0 == Perceptron([-1.0], 20.0).threshold
    assert scene.formula_tex == "x - 20"
    assert scene.flipped_formula_tex == "-x + 20"
    # the close look at the boundary: (x, w x + b, H(w x + b))
    assert [(x, y) for x, _, y in scene.probe_rows] == [(19.9, 0.0), (20.0, 1.0), (20.1, 1.0)]
    assert [(x, y) for x, _, y in scene.flipped_probe_rows] == [
        (19.9, 1.0), (20.0, 1.0), (20.1, 0.0),
    ]
    assert fmt_number(scene.probe_rows[0][1]) == "-0.1"
    # step graph levels: left end, at the boundary, right end
    assert scene.levels == (0.0, 1.0, 1.0)
    assert scene.flipped_levels == (1.0, 1.0, 0.0)


def test_weather_readout_follows_the_perceptron():
    scene = prepared(WeatherPerceptron)
    judge = Perceptron([1.0], -20.0)
    assert scene.reading(19.4) == (19.0, 0.0)  # shown to whole degrees, output of what is shown
    assert scene.reading(19.6) == (20.0, 1.0)
    for x in np.linspace(-10, 40, 51):
        shown, y = scene.reading(x)
        assert y == float(judge(shown))
    scene.active = scene.flipped
    assert scene.reading(10.0) == (10.0, 1.0)  # flipped: cold is "on"
    assert scene.reading(30.0) == (30.0, 0.0)


def test_negation_outputs():
    scene = prepared(NegationPerceptron)
    assert scene.outputs == [-4.0, -1.0, 0.5]
    neg = Perceptron([-1.0], 0.0, activation="identity")
    assert scene.outputs == neg([[4.0], [1.0], [-0.5]]).tolist()
    assert [fmt_number(y) for y in scene.outputs] == ["-4", "-1", "0.5"]
    assert scene.w_text == "-1" and scene.b_text == ""  # the label on the link: w = -1


def test_perceptron2d_line_is_nnmaths_segment():
    scene = prepared(Perceptron2D)
    judge = Perceptron([0.5, -0.1], -5.0)
    expected = judge.boundary().segment((0.0, 40.0), (0.0, 100.0))
    np.testing.assert_array_equal(scene.segment, expected)
    np.testing.assert_allclose(scene.segment, [[10.0, 0.0], [30.0, 100.0]])
    assert scene.formula == "0.5x_1 - 0.1x_2 - 5"
    days, labels = example_days(judge, 22, [(0, 40), (0, 100)], seed=1, margin=1.5)
    np.testing.assert_array_equal(scene.days, days)
    np.testing.assert_array_equal(scene.labels, labels)
    assert set(scene.labels.tolist()) == {0, 1}
    # each day is lifted to z = w . x + b: good days above zero, bad days below
    np.testing.assert_array_equal(scene.heights, judge.pre_activation(days))
    assert np.all((scene.heights >= 0) == (scene.labels == 1))
    # the shaded half-planes: each side's corners are on that side of (or on) the line
    for side in (0, 1):
        z = judge.pre_activation(scene.sides[side])
        assert np.all(z >= -1e-9) if side == 1 else np.all(z <= 1e-9)
        np.testing.assert_allclose(scene.side_heights[side], z)


def test_perceptron3d_plane_and_weights():
    scene = prepared(Perceptron3D)
    judge = Perceptron([0.5, -0.1, -1.0], 10.0)
    np.testing.assert_array_equal(scene.W, [[0.5, -0.1, -1.0]])
    expected = judge.boundary().corners((0.0, 40.0), (0.0, 100.0))
    np.testing.assert_array_equal(scene.corners, expected)
    assert np.all((scene.corners[:, 2] >= 0) & (scene.corners[:, 2] <= 30))  # inside the box
    assert scene.good_below
    wind_on_plane = judge.boundary().plane_z(scene.days[:, 0], scene.days[:, 1])
    assert np.all((scene.days[:, 2] <= wind_on_plane) == (scene.labels == 1))
    assert set(scene.labels.tolist()) == {0, 1}


@pytest.mark.parametrize("params", [{"n_days": 60}, {"zoom": 0.7}, {"seed": 7}])
def test_perceptron3d_wind_name_is_clear_of_the_days(params, monkeypatch, tmp_path):
    """The wind's name sits above the top of its axis, which runs on to reach it, clear
    of every day, stem and plane edge at every beat's end (build checks the layout):
    at these parameters the name at the top of the axis covered days and stems."""
    scene = build(Perceptron3D, params, monkeypatch, tmp_path)
    name, axis_end = scene.names[2], scene.wind_axis_end
    assert len(axis_end) == 1
    np.testing.assert_allclose(axis_end[0].get_end() + 0.4 * np.array([0, 0, 1]),
                               name.get_center(), atol=1e-9)
    assert name.get_center()[2] > scene.axes.c2p(0, 0, 30)[2] + 0.4


def test_separability_rule_and_best_line():
    scene = prepared(Separability)
    X, y = clouds.linearly_separable(40, seed=3)
    run = perceptron_rule(X, y, seed=3)
    rule, history = run.perceptron, list(run.mistakes)
    assert scene.rule == rule and scene.history == history
    assert scene.rule_accuracy == 1.0 == accuracy(rule, X, y)
    assert scene.rule_percent == "100"
    assert history[-1] == 0
    # the lines shown epoch by epoch end on the rule's final line
    assert [k for k, _, _ in scene.epoch_lines] == list(range(1, len(history)))
    assert scene.epoch_lines[-1][2] == rule
    assert [m for _, m, _ in scene.epoch_lines] == history[:-1]
    # each line is the rule's after that epoch: the same as running only that many epochs
    for k, _, after in scene.epoch_lines:
        assert after == perceptron_rule(X, y, epochs=k, seed=3).perceptron

    hX, hy = clouds.circles(80, noise=0.08, seed=0)
    best_acc, best = best_linear_accuracy(hX, hy)
    assert scene.best_accuracy == best_acc == accuracy(best, hX, hy)
    assert scene.best_percent == fmt_number(100 * best_acc, 0) == "71"
    assert scene.best_accuracy < 0.8
    assert int(scene.best_wrong.sum()) == round((1 - best_acc) * len(hy))


# --- helpers ---------------------------------------------------------------------------
def test_linear_tex():
    assert linear_tex([1.0], -20.0, ["x"]) == "x - 20"
    assert linear_tex([-1.0], 20.0, ["x"]) == "-x + 20"
    assert linear_tex([0.5, -0.1], -5.0, ["x_1", "x_2"]) == "0.5x_1 - 0.1x_2 - 5"
    assert linear_tex([2.0, 0.0], 0.0, ["a", "b"]) == "2a"


def test_half_plane_splits_the_box():
    p = Perceptron([1.0, 0.0], -0.5)  # the vertical line x = 0.5
    on = half_plane(p, (0.0, 1.0), (0.0, 2.0), side=1)
    off = half_plane(p, (0.0, 1.0), (0.0, 2.0), side=0)
    assert sorted(map(tuple, on.tolist())) == [(0.5, 0.0), (0.5, 2.0), (1.0, 0.0), (1.0, 2.0)]
    assert sorted(map(tuple, off.tolist())) == [(0.0, 0.0), (0.0, 2.0), (0.5, 0.0), (0.5, 2.0)]
    assert half_plane(Perceptron([1.0, 0.0], -5.0), (0.0, 1.0), (0.0, 1.0), side=1) is None


def test_network_diagram_edges_follow_weights():
    W1 = np.array([[1.0, -2.0], [0.0, 0.5]])
    net = NetworkDiagram([2, 2], weights=[W1])
    assert len(net.layers) == 2 and len(net.edges[0]) == 4
    thick = net.edge(0, 0, 1)  # W1[0, 1] = -2: the largest |w|, negative
    thin = net.edge(0, 1, 1)  # W1[1, 1] = 0.5
    assert thick.get_stroke_width() > thin.get_stroke_width()
    assert thick.get_stroke_color().to_hex().lower() == net.theme.negative.lower()
    assert thin.get_stroke_color().to_hex().lower() == net.theme.positive.lower()
    # edge(k, i, j) starts at node(k, j) and ends at node(k + 1, i)
    start, end = net.edge(0, 1, 0).get_start_and_end()
    assert np.linalg.norm(start - net.node(0, 0).get_center()) == pytest.approx(net.radius)
    assert np.linalg.norm(end - net.node(1, 1).get_center()) == pytest.approx(net.radius)
    with pytest.raises(ValueError, match="shape"):
        NetworkDiagram([2, 3], weights=[W1])
    tall = NetworkDiagram([16, 4], max_height=5.5)
    assert tall.layers.height <= 5.5 + 1e-9


def test_example_days_are_labelled_by_the_perceptron():
    judge = Perceptron([0.5, -0.1, -1.0], 10.0)
    box = [(0, 40), (0, 100), (0, 30)]
    X, y = example_days(judge, 50, box, seed=7, margin=2.0)
    X2, y2 = example_days(judge, 50, box, seed=7, margin=2.0)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert X.shape == (50, 3) and y.dtype.kind == "i"
    np.testing.assert_array_equal(y, judge.predict(X))
    assert np.all(np.abs(judge.pre_activation(X)) >= 2.0)
    assert np.all((X >= np.array(box)[:, 0]) & (X <= np.array(box)[:, 1]))
    with pytest.raises(ValueError, match="one \\(low, high\\) pair per input"):
        example_days(judge, 5, box[:2])
    with pytest.raises(ValueError, match="margin"):
        example_days(Perceptron([1.0], 0.0), 5, [(-1, 1)], margin=5.0)


@pytest.mark.parametrize(("cls", "params", "message"), [
    (WeatherPerceptron, {"bias": -50.0}, r"boundary at 50 degrees, outside t_range \(-10, 40\)"),
    (WeatherPerceptron, {"flipped_bias": 80.0}, r"flipped_weight/flipped_bias put"),
    (Perceptron2D, {"bias": 100.0}, r"misses the box temperature"),
    (Perceptron2D, {"z_range": [-1.0, 1.0, 1.0]}, r"outside z_range \(-1, 1\); widen"),
    (Perceptron3D, {"bias": 40.0}, r"wind speed runs from 30 to 60 .* outside wind \(0, 30\)"),
])
def test_params_that_cannot_be_drawn_are_refused(monkeypatch, cls, params, message):
    monkeypatch.setenv("NN_PARAMS", json.dumps(params))
    with pytest.raises(ValueError, match=message):
        prepared(cls)
