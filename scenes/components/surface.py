"""A surface z = f(x, y) drawn fast: one mobject whose faces the camera fills with a
few Cairo calls each, sorted far to near and shaded by numpy.

Manim's :class:`~manim.Surface` is a VGroup of one VMobject per face; the Cairo
camera spends close to a millisecond of Python on each face every frame (path,
stroke, light per face), so a 20x20 surface costs a quarter of a second a frame at
480p while the camera turns. :class:`MeshSurface` is a point mobject holding the
grid of vertices as its points (so ``shift``, ``scale``, ``rotate`` and ``FadeIn``
work) that draws itself, as the point clouds do: the chapters' cameras
(:mod:`scenes.components.camera`) hand it the frame and it fills the faces with Cairo:
it projects every vertex at once, sorts the faces by depth and shades them with
Manim's light rule (:func:`manim.utils.color.core.get_shaded_rgb`), each face's
normal turned towards the camera.

It draws as a flat mobject in the 3D camera's order, that is after every mobject
Manim shades in 3D and in the order of ``scene.add`` among the rest: add what lies
under it (level curves on the floor) before it and what lies on it (a path, a ball
facing the camera) after it.

Example::

    from scenes.components.surface import MeshSurface

    axes = ThreeDAxes()
    xs = ys = np.linspace(-2, 2, 21)
    Z = np.exp(-(xs[None, :] ** 2 + ys[:, None] ** 2))
    hill = MeshSurface.from_grid(axes, xs, ys, Z, colors=("#56B4E9", "#E69F00"))
    self.set_camera_orientation(phi=60 * DEGREES, theta=-60 * DEGREES)
    self.play(FadeIn(hill))
"""

from __future__ import annotations

from collections.abc import Sequence

import cairo
import numpy as np
from manim import PMobject
from manim.utils.space_ops import normalize

from scenes.theme import rgb

__all__ = ["MeshSurface"]


class MeshSurface(PMobject):
    """A grid of ``(rows, cols)`` vertices, each a point in the scene, filled face by
    face (``rows - 1`` by ``cols - 1`` quadrilaterals).

    Args:
        vertices: array of shape (rows, cols, 3), scene coordinates.
        face_rgbs: array of shape (rows - 1, cols - 1, 3), colours 0..1 per face.
        opacity: fill opacity of every face (the points' opacity: FadeIn animates it).
        shade: light the faces as Manim's 3D camera does (facing the light is
            brighter); off, each face keeps its colour.
        seam_width: the faces are also stroked in their own colour, this wide, so no
            hairline of background shows between neighbours.
    """

    def __init__(self, vertices: np.ndarray, face_rgbs: np.ndarray, opacity: float = 0.9,
                 shade: bool = True, seam_width: float = 0.6, **kwargs) -> None:
        super().__init__(**kwargs)
        grid = np.asarray(vertices, dtype=float)
        if grid.ndim != 3 or grid.shape[2] != 3 or min(grid.shape[:2]) < 2:
            raise ValueError(f"vertices must have shape (rows >= 2, cols >= 2, 3), "
                             f"got {grid.shape}")
        rgbs = np.asarray(face_rgbs, dtype=float)
        want = (grid.shape[0] - 1, grid.shape[1] - 1, 3)
        if rgbs.shape != want:
            raise ValueError(f"face_rgbs must have shape {want}, got {rgbs.shape}")
        self.grid_shape = grid.shape[:2]
        self.face_rgbs = rgbs
        self.shade = shade
        self.seam_width = seam_width
        self.points = grid.reshape(-1, 3).copy()
        self.rgbas = np.tile([1.0, 1.0, 1.0, float(opacity)], (len(self.points), 1))

    @classmethod
    def from_grid(cls, axes, xs: np.ndarray, ys: np.ndarray, Z: np.ndarray,
                  colors: Sequence[str], z_of=None, **kwargs) -> MeshSurface:
        """The surface over ``axes`` with ``Z[i, j]`` above ``(xs[j], ys[i])``, its faces
        coloured from ``colors[0]`` (lowest) to ``colors[-1]`` (highest) by their mean
        height; ``z_of`` maps a value of Z to the axes' third coordinate (default: as is)."""
        Z = np.asarray(Z, dtype=float)
        z_of = z_of or (lambda z: z)
        gx, gy = np.meshgrid(xs, ys)
        coords = np.column_stack([gx.ravel(), gy.ravel(), z_of(Z).ravel()])
        vertices = np.array(axes.c2p(coords)).reshape(len(ys), len(xs), 3)
        mean = (Z[:-1, :-1] + Z[1:, :-1] + Z[:-1, 1:] + Z[1:, 1:]) / 4
        span = float(mean.max() - mean.min()) or 1.0
        share = (mean - mean.min()) / span
        stops = rgb(list(colors))
        at = share * (len(stops) - 1)
        k = np.minimum(at.astype(int), len(stops) - 2)
        f = (at - k)[..., None]
        rgbs = stops[k] * (1 - f) + stops[k + 1] * f
        return cls(vertices, rgbs, **kwargs)

    # --- opacity: FadeIn/FadeOut fade a copy (Manim's PMobject ignores fade) ----------
    def fade(self, darkness: float = 0.5, family: bool = True) -> MeshSurface:
        self.rgbas[:, 3] *= 1.0 - float(np.clip(darkness, 0.0, 1.0))
        return self

    def set_opacity(self, opacity: float, family: bool = True) -> MeshSurface:
        self.rgbas[:, 3] = float(np.clip(opacity, 0.0, 1.0))
        return self

    # --- drawing (called by the chapters' cameras) ------------------------------------
    def draw_points(self, camera, pixel_array: np.ndarray) -> None:
        """Fill every face, far ones first, into the frame (called by the camera)."""
        opacity = float(self.rgbas[0, 3]) if len(self.rgbas) else 0.0
        if opacity <= 0 or not self.has_points():
            return
        ctx = camera.get_cairo_context(pixel_array)
        rows, cols = self.grid_shape
        world = self.points.reshape(rows, cols, 3)
        flat = camera.transform_points_pre_display(self, self.points).reshape(rows, cols, 3)
        corners = [(slice(None, -1), slice(None, -1)), (slice(None, -1), slice(1, None)),
                   (slice(1, None), slice(1, None)), (slice(1, None), slice(None, -1))]
        quads = np.stack([flat[c] for c in corners], axis=2)  # (r-1, c-1, 4, 3)
        rgbs = self.face_rgbs
        if self.shade:
            rgbs = self._shaded(camera, world, rgbs)
        depth = quads[..., 2].mean(axis=2).ravel()
        quads = quads.reshape(-1, 4, 3)
        rgbs = np.clip(rgbs.reshape(-1, 3), 0, 1)
        ctx.set_line_width(self.seam_width * camera.cairo_line_width_multiple)
        ctx.set_line_join(cairo.LINE_JOIN_ROUND)
        for index in np.argsort(depth, kind="stable"):  # far (low z) first
            (x0, y0, _), (x1, y1, _), (x2, y2, _), (x3, y3, _) = quads[index]
            ctx.new_path()
            ctx.move_to(x0, y0)
            ctx.line_to(x1, y1)
            ctx.line_to(x2, y2)
            ctx.line_to(x3, y3)
            ctx.close_path()
            r, g, b = rgbs[index]
            ctx.set_source_rgba(b, g, r, opacity)  # Cairo writes the RGBA frame as BGRA
            if self.seam_width > 0:
                ctx.fill_preserve()
                ctx.stroke()
            else:
                ctx.fill()

    @staticmethod
    def _shaded(camera, world: np.ndarray, rgbs: np.ndarray) -> np.ndarray:
        """Manim's light rule for every face at once: ``+ 0.5 (n . to_light)^3``, halved
        when negative, with n the face's normal turned towards the camera."""
        a = world[1:, 1:] - world[:-1, :-1]
        b = world[:-1, 1:] - world[1:, :-1]
        normals = np.cross(b, a)
        normals /= np.maximum(np.linalg.norm(normals, axis=-1, keepdims=True), 1e-12)
        centres = (world[:-1, :-1] + world[1:, 1:]) / 2
        towards = normalize(camera.get_rotation_matrix()[2])  # from the scene to the eye
        flip = np.sign(normals @ towards)
        normals *= np.where(flip == 0, 1, flip)[..., None]
        to_light = camera.light_source.get_center() - centres
        to_light /= np.maximum(np.linalg.norm(to_light, axis=-1, keepdims=True), 1e-12)
        light = 0.5 * np.sum(normals * to_light, axis=-1) ** 3
        light = np.where(light < 0, 0.5 * light, light)
        return rgbs + light[..., None]
