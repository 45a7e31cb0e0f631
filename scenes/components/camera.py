"""The cameras the chapter scenes film with.

:class:`CloudCamera` (2D) and :class:`CloudCamera3D` are Manim's cameras plus one
thing: a point mobject that can draw itself (a :class:`~scenes.components.point_cloud.
PointCloud`, whose ``draw_points`` splats antialiased discs with numpy) is handed the
pixel array instead of going through Manim's square-pixel point drawing. Every
:class:`~scenes.base.ChapterScene` films with one (its ``camera_class``); a plain
``Scene`` that shows a PointCloud passes ``camera_class=CloudCamera``.

:class:`AimedCamera` is a 3D one whose picture can sit anywhere on screen.
Manim's :class:`ThreeDCamera` always shows its ``frame_center`` in the middle of
the frame. A chapter that keeps its 3D picture on the left and flat text on the
right needs two points instead: the scene point the camera turns about
(``look_at``) and the screen point where that scene point is shown (``spot``).

Example::

    from scenes.base import ChapterScene3D

    class MyScene(ChapterScene3D):
        camera_class = AimedCamera

        def construct(self):
            axes = ThreeDAxes()
            self.add(axes)
            self.camera.look_at.move_to(axes.c2p(0, 0, 0))
            self.camera.spot.move_to(LEFT * 3)               # picture on the left
            self.play(self.camera.spot.animate.move_to(ORIGIN))  # a smooth pan
"""

from __future__ import annotations

import numpy as np
from manim import ORIGIN, VectorizedPoint
from manim.camera.camera import Camera
from manim.camera.three_d_camera import ThreeDCamera

__all__ = ["AimedCamera", "CloudCamera", "CloudCamera3D"]


class _PointsDrawThemselves:
    """Camera mixin: a point mobject with ``draw_points(camera, pixel_array)`` draws
    itself; every other point mobject is drawn by Manim as usual."""

    def display_point_cloud(self, pmobject, points, rgbas, thickness, pixel_array) -> None:
        draw = getattr(pmobject, "draw_points", None)
        if draw is None:
            super().display_point_cloud(pmobject, points, rgbas, thickness, pixel_array)
        else:
            draw(self, pixel_array)


class CloudCamera(_PointsDrawThemselves, Camera):
    """Manim's 2D camera, drawing point clouds with their own antialiased rasteriser."""


class CloudCamera3D(_PointsDrawThemselves, ThreeDCamera):
    """Manim's 3D camera, drawing point clouds with their own antialiased rasteriser."""


class AimedCamera(CloudCamera3D):
    """A 3D camera that shows the scene point ``look_at`` at the screen point ``spot``.

    Turning and zooming happen about ``look_at``; the picture is then slid so that
    ``look_at`` lands on ``spot``. Both are mobjects, so ``camera.spot.animate`` and
    ``camera.look_at.animate`` pan smoothly, and the scene redraws while they move.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.look_at = VectorizedPoint(ORIGIN)
        self.spot = VectorizedPoint(ORIGIN)

    def get_value_trackers(self) -> list:
        # the scene redraws everything while any of these moves
        return [*super().get_value_trackers(), self.look_at, self.spot]

    def project_points(self, points: np.ndarray) -> np.ndarray:
        projected = super().project_points(points - self.look_at.get_center())
        projected[:, :2] += self.spot.get_center()[:2]
        return projected
