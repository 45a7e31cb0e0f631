"""A 3D camera whose picture can sit anywhere on screen.

Manim's :class:`ThreeDCamera` always shows its ``frame_center`` in the middle of
the frame. A chapter that keeps its 3D picture on the left and flat text on the
right needs two points instead: the scene point the camera turns about
(``look_at``) and the screen point where that scene point is shown (``spot``).

Example::

    class MyScene(ChapterScene3D):
        camera_class = AimedCamera

        def construct(self):
            self.camera.look_at.move_to(axes.c2p(0, 0, 0))
            self.camera.spot.move_to(LEFT * 3)               # picture on the left
            self.play(self.camera.spot.animate.move_to(ORIGIN))  # a smooth pan
"""

from __future__ import annotations

import numpy as np
from manim import ORIGIN, VectorizedPoint
from manim.camera.three_d_camera import ThreeDCamera

__all__ = ["AimedCamera"]


class AimedCamera(ThreeDCamera):
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
