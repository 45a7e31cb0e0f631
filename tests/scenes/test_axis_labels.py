"""Axis numbers and 3D axis names kept off the data (scenes/components/axes.py): a
plot's numbers along its bottom and left edges, a 3D axis's name slid out along its
axis past the cloud as the camera draws it."""

from __future__ import annotations

import numpy as np
from manim import DEGREES, MathTex, tempconfig

from scenes.base import ChapterScene3D
from scenes.components.axes import axis_label, themed_axes
from scenes.components.camera import AimedCamera
from scenes.components.point_cloud import CloudFrame, PointCloud
from scenes.layoutcheck import layout_problems
from tests.scenes.helpers import dry_run_config


def test_edge_numbers_lie_outside_the_plotted_ranges():
    axes = themed_axes((-3, 3, 1), (-2, 2, 1), x_length=6, y_length=4, numbers=True,
                       numbers_at="edges")
    left, bottom = axes.c2p(-3, -2)[:2]
    xs = [n.get_value() for n in axes.x_axis.numbers]
    assert xs == [-3, -2, -1, 0, 1, 2, 3]  # 0 too: away from the axes it meets nothing
    for number in axes.x_axis.numbers:
        assert number.get_top()[1] < bottom  # under the bottom edge
        assert np.isclose(number.get_x(), axes.c2p(number.get_value(), 0)[0])
    for number in axes.y_axis.numbers:
        assert number.get_right()[0] < left  # left of the left edge
        assert np.isclose(number.get_y(), axes.c2p(0, number.get_value())[1])
    beside = themed_axes((-3, 3, 1), (-2, 2, 1), x_length=6, y_length=4, numbers=True)
    assert 0 not in [n.get_value() for n in beside.x_axis.numbers]  # Manim's way kept


class _Space(ChapterScene3D):
    chapter = 5
    camera_class = AimedCamera


def _label_on(tmp_path, points: np.ndarray, phi: float, theta: float):
    """A scene seen from ``phi``/``theta`` with a cloud of ``points``, h_2 on its y
    axis and a plain z at the y axis's end; the label, the axes, the layout check's
    lines on h_2 and on z."""
    with tempconfig(dry_run_config(tmp_path)):
        scene = _Space(skip_animations=True)
        axes = themed_axes((-2, 2, 1), (-2, 2, 1), (-2, 2, 1), x_length=4, y_length=4,
                           z_length=4)
        cloud = PointCloud(points, frame=CloudFrame.from_axes(axes))
        scene.set_camera_orientation(phi=phi * DEGREES, theta=theta * DEGREES)
        scene.add(axes, cloud)
        label = axis_label("h_2", axes, 1, 2.3, cloud, scene.camera)
        still = MathTex("z").move_to(axes.c2p(0, 2.3, 0))
        scene.add_fixed_orientation_mobjects(label, still)
        scene.renderer.update_frame(scene, ignore_skipping=True)
        report = layout_problems(scene)
        return (label, axes, [p for p in report if "h_2" in p and "'z'" not in p],
                [p for p in report if "'z'" in p and "covers" in p])


def test_a_3d_axis_name_slides_out_past_the_cloud(tmp_path):
    # a wall of points standing over the y axis's end: seen tilted, it hides the end
    rng = np.random.default_rng(0)
    wall = np.column_stack([rng.uniform(-1, 1, 400), rng.uniform(1, 2, 400),
                            rng.uniform(0, 2, 400)])
    label, axes, report, at_the_end = _label_on(tmp_path, wall, 68, -55)
    assert at_the_end  # a name left at the axis's end would sit on the cloud
    assert report == []
    reach = axes.y_axis.p2n(label.get_center())
    assert reach > 2.3 + 0.5  # out along the axis, not at its end
    assert np.allclose(label.get_center()[[0, 2]], 0)  # on the axis's line


def test_a_3d_axis_name_stays_at_the_axis_end_when_the_cloud_is_clear(tmp_path):
    square = np.random.default_rng(0).uniform(-1, 1, (300, 2))
    label, axes, report, at_the_end = _label_on(tmp_path, square, 0, -90)
    assert at_the_end == []
    assert report == []
    assert np.allclose(label.get_center(), axes.c2p(0, 2.3, 0))
