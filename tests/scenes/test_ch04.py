"""Chapter 4: frames compared with control data; every number shown checked."""

from __future__ import annotations

import numpy as np

import nnmath
from narrator.stages import stage_words
from nnmath import examples
from scenes.ch04_point_clouds import Classification2D, NotALinearMap, PointCloud2D
from scenes.components import fmt_number, linear_tex
from tests.scenes.helpers import build, last_frame, prepared, scene_frames

__module_test__ = "ch04"


def test_point_cloud_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, PointCloud2D, monkeypatch, tmp_path)
    np.testing.assert_allclose(scene.cloud.data[:, :2], scene.net.forward(scene.X))
    # zoomed in: the cloud is drawn inside the unit square of the new axes
    lo, hi = scene.axes.c2p(0, 0), scene.axes.c2p(1, 1)
    xy = scene.cloud.points[:, :2]
    assert np.all((xy > lo[:2]) & (xy < hi[:2]))
    assert hi[0] - lo[0] > 4  # scene units: the unit square fills most of the left half


@scene_frames(base_scene=PointCloud2D)
def test_point_cloud_after_relu_fold(scene):
    scene.play_story(until="relu_1")


def test_not_a_linear_map_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, NotALinearMap, monkeypatch, tmp_path)
    # the fit shown under the right panel is least squares' W and b
    shown_W, shown_b = scene.fit_formula
    np.testing.assert_array_equal(shown_W.values, scene.W_fit)
    np.testing.assert_array_equal(shown_b.values, scene.b_fit[:, None])


def test_classification_last_frame(request, monkeypatch, tmp_path):
    last_frame(request, Classification2D, monkeypatch, tmp_path)


@scene_frames(base_scene=Classification2D)
def test_classification_hidden_cut(scene):
    scene.play_story(until="cut")
    # the equation shown is the output neuron's line w . h + b = 0, from its weights
    out = scene.net.layers[-1]
    assert scene.line_tex == linear_tex(out.W[0], out.b[0], [r"\,h_1", r"\,h_2"]) + " = 0"
    assert scene.line_tex.startswith(fmt_number(out.W[0][0]) + r"\,h_1")




def test_point_cloud_shows_the_course_network_and_its_trace():
    scene = prepared(PointCloud2D)
    assert scene.net == examples.network_222()
    assert len(scene.X) >= 1000
    stages = scene.stages
    assert [s.kind for s in stages] == ["input"] + ["linear", "bias", "activation"] * 2
    relu = stages.stage("relu 1").points
    assert np.all(relu >= 0) and np.any(relu == 0, axis=0).all()  # folded onto both axes
    assert np.all((stages.output > 0) & (stages.output < 1))
    np.testing.assert_array_equal(stages.output, scene.net.forward(scene.X))
    share = examples.relu_fold_share(scene.net, scene.X)
    sentence = stage_words(scene.net, stages, "relu 1")
    assert f"folds {round(100 * share)} % of the points" in sentence
    assert 0.35 <= share <= 0.75


def test_point_cloud_says_every_stage_as_the_one_narrator_does(monkeypatch, tmp_path):
    """Each stage's subtitle is narrator.stages' sentence for it (the explainer's words
    for the same fact), in the order the stages play."""
    scene = build(PointCloud2D, {}, monkeypatch, tmp_path, layout=False)  # words only
    lines = iter(text for text, _ in scene.script_lines)
    for stage in scene.stages[1:]:
        sentence = stage_words(scene.net, scene.stages, stage)
        assert sentence in lines, f"{stage.name}: {sentence!r} not said (in order)"


def test_not_a_linear_map_shows_the_least_squares_residual():
    scene = prepared(NotALinearMap)
    W, b, rms = nnmath.best_affine_fit(scene.X, scene.net.forward(scene.X))
    np.testing.assert_allclose(scene.W_fit, W)
    np.testing.assert_allclose(scene.b_fit, b)
    assert scene.rms == rms > 0.02  # the fold leaves a real miss


def test_classification_accuracy_and_boundary():
    scene = prepared(Classification2D)
    assert scene.accuracy == examples.moons_classifier().accuracy()
    assert scene.accuracy >= 0.95
    # the hidden points of each class fall on their side of the drawn line
    side = scene.H @ scene.line.weights + scene.line.bias >= 0
    assert np.mean(side == scene.trained.y) >= 0.95
    # the drawn line is the output neuron's own: w . h + b = 0, as the equation says
    out = scene.net.layers[-1]
    np.testing.assert_array_equal(scene.line.weights, out.W[0])
    assert scene.line.bias == float(out.b[0])
    # each drawn curve point maps onto the hidden line
    for image in scene.curve_images:
        np.testing.assert_allclose(image @ scene.line.weights + scene.line.bias, 0, atol=0.1)
