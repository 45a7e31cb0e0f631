"""The decision regions of a two-class network, as a picture cheap enough to change
every frame.

:func:`region_rgba` colours a grid of the network's outputs (nnmath.regions.output_grid)
by the class it picks, stronger where it is sure; :class:`RegionImage` paints such a
grid into a rectangle of the scene with Cairo.

Example::

    from scenes.theme import THEME

    net = nnmath.Network.random((2, 4, 1), ("tanh", "sigmoid"), seed=0)
    _, _, Z = nnmath.regions.output_grid(net, (-2, 2), (-2, 2), n=120)
    regions = RegionImage(region_rgba(Z, THEME, 0.5), width=6, height=6)
    self.play(FadeIn(regions))
    regions.set_image(region_rgba(1 - Z, THEME, 0.5))  # the classes swapped
"""

from __future__ import annotations

from functools import lru_cache

import cairo
import numpy as np
from manim import PMobject

from scenes.theme import Theme, rgb

__all__ = ["RegionImage", "region_rgba"]


def region_rgba(output: np.ndarray, theme: Theme, opacity: float) -> np.ndarray:
    """An opaque image (rows top to bottom, uint8 RGBA) of the network's output on a
    grid (``output[i, j]`` at the i-th y from the bottom): each cell in the colour of
    the class the network picks there (class 1 where the output is >= 0.5), laid over
    the background at ``opacity`` where the network is sure and at a third of it where
    it hesitates (output near 0.5), times the theme's ``tint``. Outputs are read to
    1/1024."""
    levels = _region_colors(theme.class_colors, theme.background, float(opacity) * theme.tint)
    p = np.asarray(output, dtype=float)[::-1]
    return levels[np.clip(np.rint(p * 1023), 0, 1023).astype(np.intp)]


@lru_cache(maxsize=4)
def _region_colors(classes: tuple[str, str], background: str, opacity: float) -> np.ndarray:
    """The colours of :func:`region_rgba` for outputs 0, 1/1023, ..., 1: shape (1024, 4)."""
    p = np.linspace(0.0, 1.0, 1024)[:, None]
    c0, c1 = rgb(classes)
    hue = np.where(p >= 0.5, c1, c0)
    alpha = opacity * (1 + 2 * np.abs(2 * p - 1)) / 3
    mixed = rgb(background) * (1 - alpha) + hue * alpha
    out = np.full((len(p), 4), 255, dtype=np.uint8)
    out[:, :3] = np.round(255 * mixed)
    return out


class RegionImage(PMobject):
    """A grid of colours filling a rectangle of the scene, cheap enough to change every
    frame: the camera hands it the frame and it paints itself there with Cairo, scaled
    up bilinearly (measured at 1080p: 1.5 ms a frame, where PIL's resize of the same
    picture, as an ImageMobject is drawn, took 14 ms). Its four points are the corners, so
    it moves and sizes like any mobject; FadeIn fades it. Drawn by the chapters'
    cameras (:mod:`scenes.components.camera`), like a PointCloud.

    Example::

        rgba = np.zeros((2, 2, 4), np.uint8)  # (rows, cols, 4): a dark 2 x 2 grid
        rgba[..., 3] = 255
        regions = RegionImage(rgba, width=6, height=6)
        self.play(FadeIn(regions))
        rgba[0, 0, :3] = 200  # one cell lit
        regions.set_image(rgba)
    """

    def __init__(self, rgba: np.ndarray, width: float, height: float, **kwargs) -> None:
        super().__init__(**kwargs)
        w, h = width / 2, height / 2
        self.points = np.array([[-w, h, 0], [w, h, 0], [w, -h, 0], [-w, -h, 0]], dtype=float)
        self.rgbas = np.ones((4, 4))
        self.set_image(rgba)

    def set_image(self, rgba: np.ndarray) -> RegionImage:
        """New colours: uint8 RGBA of shape (rows, cols, 4), rows top to bottom, alpha 255
        (the frame's own byte order, which Cairo copies as it is)."""
        image = np.asarray(rgba)
        if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 4:
            raise ValueError(f"a region image needs uint8 RGBA colours of shape (rows, cols, 4), "
                             f"got {image.dtype} {image.shape}")
        self.image = np.ascontiguousarray(image)
        return self

    def fade(self, darkness: float = 0.5, family: bool = True) -> RegionImage:
        self.rgbas[:, 3] *= 1.0 - float(np.clip(darkness, 0.0, 1.0))
        return self

    def set_opacity(self, opacity: float, family: bool = True) -> RegionImage:
        self.rgbas[:, 3] = float(np.clip(opacity, 0.0, 1.0))
        return self

    def draw_points(self, camera, pixel_array: np.ndarray) -> None:
        """Paint the picture into the frame (called by the chapters' cameras)."""
        opacity = float(self.rgbas[0, 3])
        if opacity <= 0:
            return
        xy = camera.points_to_subpixel_coords(self, self.points)
        (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
        if x1 - x0 < 1 or y1 - y0 < 1:
            return
        rows, cols = self.image.shape[:2]
        source = cairo.ImageSurface.create_for_data(self.image, cairo.FORMAT_ARGB32, cols, rows)
        pattern = cairo.SurfacePattern(source)
        pattern.set_filter(cairo.FILTER_BILINEAR)
        pattern.set_extend(cairo.EXTEND_PAD)  # no fade to transparent at the edges
        sx, sy = cols / (x1 - x0), rows / (y1 - y0)
        pattern.set_matrix(cairo.Matrix(xx=sx, yy=sy, x0=-x0 * sx, y0=-y0 * sy))
        ctx = camera.get_cairo_context(pixel_array)
        ctx.save()
        ctx.identity_matrix()  # pixels
        ctx.new_path()  # Manim leaves the last mobject's path in the context
        ctx.rectangle(x0, y0, x1 - x0, y1 - y0)
        ctx.clip()
        ctx.set_source(pattern)
        ctx.paint_with_alpha(opacity)
        ctx.restore()
        ctx.new_path()
