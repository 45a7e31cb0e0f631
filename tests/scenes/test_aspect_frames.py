"""4:3 frame tests, one scene per chapter (issue 14): the 16:9 composition sits whole in
a 640x480 frame, the header in the frame's own corner, panels placed against the
composition's edges (scenes/components/placement.py). Regenerate the control frames
with ``pytest tests/scenes/test_aspect_frames.py --set_test`` and look at them."""

from __future__ import annotations

import pytest

from scenes.ch01_perceptron import WeatherPerceptron
from scenes.ch02_activations import BiasThreshold
from scenes.ch03_linear_maps import WeightMatrixAsTransform
from scenes.ch04_point_clouds import PointCloud2D
from scenes.ch05_point_clouds_3d import PointCloud3D
from scenes.ch06_digits import DigitNetwork
from scenes.ch07_gradient_descent import UpdateRule
from scenes.ch08_backprop import ChainRule
from scenes.ch09_training import DecisionBoundaryTraining
from tests.scenes.helpers import in_aspect, last_frame, scene_frames

__module_test__ = "aspect"


def four_three(scene_class: type) -> type:
    """``scene_class`` laid out for a 4:3 frame (its ``aspect``)."""
    return in_aspect(scene_class, "4:3")


def _check_frame(scene) -> None:
    frame = scene.renderer.get_frame()
    assert frame.shape[:2] == (480, 640), frame.shape
    assert scene.camera.frame_width == pytest.approx(128 / 9)  # the 16:9 width, whole
    assert scene.camera.frame_height == pytest.approx(32 / 3)


def test_ch1_weather_perceptron_4x3(request, monkeypatch, tmp_path):
    _check_frame(last_frame(request, WeatherPerceptron, monkeypatch, tmp_path, aspect="4:3"))


def test_ch2_bias_threshold_4x3(request, monkeypatch, tmp_path):
    _check_frame(last_frame(request, BiasThreshold, monkeypatch, tmp_path, aspect="4:3"))


@scene_frames(base_scene=four_three(WeightMatrixAsTransform))
def test_ch3_weight_matrix_4x3(scene):
    scene.play_story(until="targets")
    _check_frame(scene)


@scene_frames(base_scene=four_three(PointCloud2D))
def test_ch4_point_cloud_4x3(scene):
    scene.play_story(until="linear_1")
    _check_frame(scene)


@scene_frames(base_scene=four_three(PointCloud3D))
def test_ch5_point_cloud_3d_4x3(scene):
    scene.play_story(until="linear_1")
    _check_frame(scene)


@scene_frames(base_scene=four_three(DigitNetwork))
def test_ch6_digit_network_4x3(scene):
    scene.play_story(until="network")
    _check_frame(scene)


@scene_frames(base_scene=four_three(UpdateRule))
def test_ch7_update_rule_4x3(scene):
    scene.play_story(until="start")
    _check_frame(scene)


@scene_frames(base_scene=four_three(ChainRule))
def test_ch8_chain_rule_4x3(scene):
    scene.play_story(until="link_slopes")
    _check_frame(scene)


@scene_frames(base_scene=four_three(DecisionBoundaryTraining))
def test_ch9_decision_boundary_4x3(scene):
    scene.play_story(until="untrained")
    _check_frame(scene)
