"""Chapter 5 at edge parameters: few points (the axes' range shrinks, so one unit is long on
screen) and a deep closing zoom. Every beat ends with nothing overlapping and nothing cut
off (``build`` asserts ``scene.layout_report`` is empty)."""

from __future__ import annotations

import pytest

from scenes.ch05_point_clouds_3d import DirectMap, PointCloud3D
from tests.scenes.helpers import build

EDGES = [
    {"n_points": 1, "data_seed": 11},  # axes to +-1.5: the close-up would leave the frame
    {"n_points": 1, "data_seed": 0},  # axes to +-1: the 3D axis labels reached the header
    {"n_points": 2, "data_seed": 2},
    {"n_points": 3, "data_seed": 11},
    {"end_zoom": 8.0},
]


@pytest.mark.parametrize("scene_class", [PointCloud3D, DirectMap])
@pytest.mark.parametrize("params", EDGES, ids=lambda p: "-".join(f"{k}={v}" for k, v in p.items()))
def test_chapter_5_reads_cleanly_at_the_edges(scene_class, params, monkeypatch, tmp_path):
    scene = build(scene_class, params, monkeypatch, tmp_path, layout=True)
    zoom = scene.camera.get_zoom()
    assert zoom == pytest.approx(scene.close_up_zoom())
    assert zoom <= scene.params.end_zoom


@pytest.mark.parametrize("scene_class", [PointCloud3D, DirectMap])
def test_the_defaults_close_up_is_end_zoom_times_closer(scene_class, monkeypatch, tmp_path):
    scene = build(scene_class, {}, monkeypatch, tmp_path, layout=True)
    assert scene.close_up_zoom() == scene.params.end_zoom == scene.camera.get_zoom()


@pytest.mark.parametrize(("params", "note"), [
    ({}, "% of the points folded"),
    ({"n_points": 1, "data_seed": 11}, "its one point not folded"),
])
def test_the_fold_note_counts_one_point_as_one(params, note, monkeypatch, tmp_path):
    scene = build(PointCloud3D, params, monkeypatch, tmp_path)
    relu = scene.stages.stage("relu 1")
    folded = bool((relu.points != scene.stages.stage("bias 1").points).any())
    assert note in scene.relu_note()
    assert len(relu.points) > 1 or folded == (scene.relu_note() == "its one point folded")
