"""Chapter 5 scenes: frames compared with control data, numbers shown checked."""

from __future__ import annotations

import numpy as np

from narrator.stages import fold_note, stage_words
from nnmath import best_affine_fit, examples
from scenes.ch05_point_clouds_3d import DirectMap, PointCloud3D
from scenes.components import fmt_number
from tests.scenes.helpers import build, last_frame, prepared, scene_frames

__module_test__ = "ch05"


def test_point_cloud_3d_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, PointCloud3D, monkeypatch, tmp_path)
    np.testing.assert_allclose(scene.cloud.data[:, :2], scene.net.forward(scene.X))
    np.testing.assert_array_equal(scene.cloud.data[:, 2], 0)  # back in the plane z = 0
    # the card shows the network's own weights and biases
    for k, layer in enumerate(scene.net.layers, start=1):  # layers count from 1, like W_1
        np.testing.assert_array_equal(scene.labels["linear", k][1].values, layer.W)
        np.testing.assert_array_equal(scene.labels["bias", k][1].values, layer.b[:, None])


@scene_frames(base_scene=PointCloud3D)
def test_point_cloud_3d_after_relu(scene):
    scene.play_story(until="relu_1")
    np.testing.assert_array_equal(scene.cloud.data, scene.stages.stage("relu 1").points)


def test_direct_map_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, DirectMap, monkeypatch, tmp_path)
    np.testing.assert_allclose(scene.cloud.data[:, :2], scene.net.forward(scene.X))




def test_point_cloud_3d_network_is_the_course_2_3_2():
    scene = prepared(PointCloud3D)
    course = examples.network_232()
    assert scene.net == course
    assert scene.net.sizes == (2, 3, 2)
    assert scene.net.activations == ("relu", "sigmoid")
    for shown, want in zip(scene.net.layers, course.layers, strict=True):
        np.testing.assert_array_equal(shown.W, want.W)
        np.testing.assert_array_equal(shown.b, want.b)
    np.testing.assert_array_equal(scene.X, examples.example_square(2000))
    # the card shows W1 (3x2), b1, W2 (2x3), b2 to 2 decimals: first entries as nnmath says
    assert scene.net.layers[0].W.shape == (3, 2) and scene.net.layers[1].W.shape == (2, 3)
    assert round(float(course.layers[0].W[0, 0]), 2) == 0.35
    assert round(float(course.layers[1].b[0]), 2) == -0.47


def test_point_cloud_3d_says_every_stage_as_the_one_narrator_does(monkeypatch, tmp_path):
    """Each stage's subtitle is narrator.stages' sentence for it (the explainer's words
    for the same fact), in the order the stages play; the ReLU's note is its fold note."""
    scene = build(PointCloud3D, {}, monkeypatch, tmp_path, layout=False)  # words only
    lines = iter(text for text, _ in scene.script_lines)
    for stage in scene.stages[1:]:
        sentence = stage_words(scene.net, scene.stages, stage)
        assert sentence in lines, f"{stage.name}: {sentence!r} not said (in order)"
    assert scene.relu_note() == fold_note(scene.stages.z(1)) == "74 % of the points folded"


def test_point_cloud_3d_stages_lift_fold_and_squash():
    scene = prepared(PointCloud3D)
    stages = scene.stages
    kinds = ["input", "linear", "bias", "activation", "linear", "bias", "activation"]
    assert [s.kind for s in stages] == kinds
    assert [s.width for s in stages] == [2, 3, 3, 3, 2, 2, 2]
    X = scene.X
    np.testing.assert_allclose(stages.stage("linear 1").points, X @ scene.net.layers[0].W.T)
    pre, relu = stages.z(1), stages.a(1)
    assert np.all(relu >= 0)
    np.testing.assert_array_equal(relu, np.maximum(pre, 0))
    for k in range(3):  # points lie exactly on every coordinate plane h_k = 0
        on_plane = relu[:, k] == 0
        assert on_plane.any()
        np.testing.assert_array_equal(on_plane, pre[:, k] <= 0)
    assert np.all(relu[np.all(pre > 0, axis=1)] > 0)  # the rest stay inside the octant
    # the share shown on screen
    assert scene.relu_share == float(np.mean(np.any(pre < 0, axis=1)))
    assert round(100 * scene.relu_share) == 74
    out = stages.output
    assert np.all((out > 0) & (out < 1))
    np.testing.assert_allclose(out, scene.net.forward(X))


def test_point_cloud_3d_axes_hold_every_stage():
    scene = prepared(PointCloud3D)
    scene._make_axes()
    reach = max(float(np.abs(s.points).max()) for s in scene.stages)
    assert reach < scene.bound <= reach + 0.6
    assert scene.bound == 2.5


def test_direct_map_is_the_same_network_and_ends_at_forward():
    scene = prepared(DirectMap)
    assert scene.net == examples.network_232()
    np.testing.assert_array_equal(scene.start_points, examples.example_square(2000))
    np.testing.assert_allclose(scene.end_points, scene.net.forward(scene.X))
    W, b, rms = best_affine_fit(scene.X, scene.net.forward(scene.X))
    np.testing.assert_allclose(scene.fit_W, W)
    np.testing.assert_allclose(scene.fit_b, b)
    assert scene.fit_rms == rms > 0.02  # no affine map reproduces the network
    assert fmt_number(scene.fit_rms) == "0.07"  # as the key and the subtitle say
    corners = np.array([[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]])
    np.testing.assert_allclose(scene.fit_corners, corners @ W.T + b)
