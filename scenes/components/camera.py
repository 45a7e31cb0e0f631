"""The cameras the chapter scenes film with.

:class:`CloudCamera` (2D) and :class:`CloudCamera3D` are Manim's cameras plus one
things: a point mobject that can draw itself (a :class:`~scenes.components.point_cloud.
PointCloud`, whose ``draw_points`` splats antialiased discs with numpy) is handed the
pixel array instead of going through Manim's square-pixel point drawing; and an
image (an :class:`~manim.ImageMobject`, e.g. a digit's pixels) is blended into the
frame over its own box only, where Manim blends a frame-sized copy of it (the same
pixels, several times faster: chapter 6 shows up to sixteen images at once). A
:class:`~scenes.components.surface.MeshSurface` draws itself the same way as a point
cloud. Every
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
from manim.utils.space_ops import cross2d
from PIL import Image

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


class _ImagesInTheirBox:
    """Camera mixin: Manim's image drawing (the same perspective transform, the same
    resampling), blended into the pixel array over the image's box only."""

    def display_image_mobject(self, image_mobject, pixel_array: np.ndarray) -> None:
        sub_image = Image.fromarray(image_mobject.get_pixel_array())
        w, h = sub_image.width, sub_image.height
        original = np.array([[0, 0], [w, 0], [0, h], [w, h]], dtype=float)
        target = self.points_to_subpixel_coords(image_mobject, image_mobject.points)
        shift = target.astype(np.int64).min(axis=0)
        target = target - shift
        size = tuple(int(v) for v in (target.astype(np.int64)).max(axis=0))
        # an image seen edge-on, or of no size, covers no pixel (as in Manim)
        corners = target[[0, 1, 3, 2]]
        sides = np.roll(corners, -1, axis=0) - corners
        lengths = np.linalg.norm(sides, axis=1)
        longest = int(np.argmax(lengths))
        if lengths[longest] == 0 or min(size) <= 0:
            return
        across = abs(cross2d(sides[longest], sides[(longest - 1) % 4])) / lengths[longest]
        if across < 0.5:
            return
        rows = []
        for (x, y), (u, v) in zip(target, original, strict=True):
            rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
            rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        try:
            coefficients = np.linalg.solve(np.array(rows), original.reshape(8))
        except np.linalg.LinAlgError:
            return
        picture = sub_image.transform(size=size, method=Image.Transform.PERSPECTIVE,
                                      data=coefficients,
                                      resample=image_mobject.resampling_algorithm)
        # the part of the frame the picture covers
        x0, y0 = max(int(shift[0]), 0), max(int(shift[1]), 0)
        x1 = min(int(shift[0]) + size[0], self.pixel_width)
        y1 = min(int(shift[1]) + size[1], self.pixel_height)
        if x0 >= x1 or y0 >= y1:
            return
        picture = picture.crop((x0 - shift[0], y0 - shift[1], x1 - shift[0], y1 - shift[1]))
        under = Image.fromarray(np.ascontiguousarray(pixel_array[y0:y1, x0:x1]))
        pixel_array[y0:y1, x0:x1] = np.asarray(Image.alpha_composite(under, picture))


class CloudCamera(_PointsDrawThemselves, _ImagesInTheirBox, Camera):
    """Manim's 2D camera, drawing point clouds with their own antialiased rasteriser."""


class CloudCamera3D(_PointsDrawThemselves, _ImagesInTheirBox, ThreeDCamera):
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
        # a VectorizedPoint is its one point: reading it is far cheaper than
        # get_center(), and this runs once per mobject per frame
        projected = super().project_points(points - self.look_at.points[0])
        projected[:, :2] += self.spot.points[0][:2]
        return projected
