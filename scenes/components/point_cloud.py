"""Thousands of antialiased points as one mobject, moved stage by stage.

Cairo draws a VMobject by walking its curves in Python, so a VGroup of 2,000 Dots
costs thousands of Python calls per frame. :class:`PointCloud` is a PMobject that
draws itself with a numpy rasteriser instead: every point is an antialiased disc
splatted straight into the frame's pixel array, with no per-point Python. The
cameras of :mod:`scenes.components.camera` (every chapter scene's) hand it the
pixel array; Manim's own cameras would draw its points as square pixels.

Example::

    net = nnmath.Network.random((2, 2, 2), ("relu", "sigmoid"), seed=0)
    trace = net.trace(nnmath.clouds.uniform_square(500, seed=0))
    axes = Axes(x_range=(-3, 3, 1), y_range=(-3, 3, 1), x_length=6, y_length=6)
    cloud = PointCloud(trace.a(0), frame=CloudFrame.from_axes(axes))  # coloured by position
    self.add(axes, cloud)
    for stage in trace:
        self.play(MoveCloud(cloud, stage.points), run_time=1)

Works in 2D and 3D scenes (the 3D camera projects the points first) whose camera is
one of :mod:`scenes.components.camera` (every chapter scene's is).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from manim import Animation, Axes, PMobject
from manim.camera.camera import Camera
from manim.camera.three_d_camera import ThreeDCamera
from numpy.typing import ArrayLike

from scenes.theme import THEME, Theme, position_colors

__all__ = ["CloudFrame", "PointCloud", "MoveCloud", "Reframe", "splat_discs"]


@dataclass(frozen=True)
class CloudFrame:
    """An affine map from data coordinates (up to 3) to scene coordinates."""

    origin: np.ndarray
    basis: np.ndarray  # (3, 3): row k is the scene vector of data unit vector k

    @classmethod
    def from_axes(cls, axes: Axes) -> CloudFrame:
        """The frame of a 2D ``Axes`` or a ``ThreeDAxes`` (data = the axes' coordinates)."""
        dim = axes.dimension
        origin = np.asarray(axes.c2p(*([0.0] * dim)), dtype=float)
        basis = np.zeros((3, 3))
        for k in range(dim):
            unit = [0.0] * dim
            unit[k] = 1.0
            basis[k] = np.asarray(axes.c2p(*unit), dtype=float) - origin
        return cls(origin=origin, basis=basis)

    @classmethod
    def scaled(cls, origin: ArrayLike = (0.0, 0.0, 0.0), unit: float = 1.0) -> CloudFrame:
        return cls(origin=np.asarray(origin, dtype=float), basis=unit * np.eye(3))

    def to_scene(self, data: np.ndarray) -> np.ndarray:
        return self.origin + pad3(data) @ self.basis

    def interpolate(self, other: CloudFrame, t: float) -> CloudFrame:
        """The frame a share ``t`` of the way to ``other`` (a straight zoom and pan)."""
        if t == 1:
            return other
        return CloudFrame(origin=(1 - t) * self.origin + t * other.origin,
                          basis=(1 - t) * self.basis + t * other.basis)


def pad3(data: ArrayLike) -> np.ndarray:
    """Points of width 1, 2 or 3 as (n, 3), missing coordinates zero."""
    P = np.asarray(data, dtype=float)
    if P.ndim != 2 or not 1 <= P.shape[1] <= 3:
        raise ValueError(f"point data must have shape (n, 1..3), got {P.shape}")
    if P.shape[1] == 3:
        return P
    out = np.zeros((len(P), 3))
    out[:, : P.shape[1]] = P
    return out


class PointCloud(PMobject):
    """Points given in data coordinates, drawn as antialiased discs of ``radius``
    (scene units) with fixed per-point colours (default: by starting position)."""

    def __init__(
        self,
        data: ArrayLike,
        frame: CloudFrame | None = None,
        colors: ArrayLike | None = None,
        radius: float = 0.035,
        opacity: float = 1.0,
        theme: Theme = THEME,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        P = pad3(data)
        if len(P) == 0:
            raise ValueError("a PointCloud needs at least one point")
        if not np.all(np.isfinite(P)):
            raise ValueError("point data contain NaN or infinity (expected finite numbers)")
        self.frame = frame or CloudFrame.scaled()
        self.radius = float(radius)
        self.opacity = float(opacity)
        rgb = position_colors(P, theme) if colors is None else np.asarray(colors, float)
        if rgb.shape != (len(P), 3):
            raise ValueError(f"colors must have shape ({len(P)}, 3), got {rgb.shape}")
        self.point_rgb = rgb
        self.data = P
        self.points = self.frame.to_scene(P)
        self.rgbas = np.hstack([rgb, np.full((len(P), 1), self.opacity)])

    def set_data(self, data: ArrayLike) -> PointCloud:
        """Move every point to new data coordinates (same number of points)."""
        P = pad3(data)
        if len(P) != len(self.data):
            raise ValueError(f"expected {len(self.data)} points, got {len(P)}")
        self.data = P
        self.points = self.frame.to_scene(P)
        return self

    def set_frame(self, frame: CloudFrame) -> PointCloud:
        """Draw the same data in another frame (new axes), e.g. to zoom in."""
        self.frame = frame
        self.points = frame.to_scene(self.data)
        return self

    # -- drawing --------------------------------------------------------------
    def draw_points(self, camera: Camera, pixel_array: np.ndarray) -> None:
        """Splat the cloud into the camera's pixel array (called by the cameras of
        :mod:`scenes.components.camera`)."""
        xy = camera.points_to_subpixel_coords(self, self.points)
        if isinstance(camera, ThreeDCamera):
            # a 3D camera's projection already puts frame_center at the origin, and the
            # subpixel mapping subtracts it again; Cairo (lines, text) does not
            scale = np.array([camera.pixel_width / camera.frame_width,
                              -camera.pixel_height / camera.frame_height])
            xy = xy + np.asarray(camera.frame_center)[:2] * scale
        px_per_unit = camera.pixel_width / camera.frame_width
        splat_discs(pixel_array, xy, self.point_rgb, self.radius * px_per_unit, self.opacity)


class MoveCloud(Animation):
    """Carry a :class:`PointCloud` in straight lines to ``target`` data coordinates.

    Linear and bias stages are straight lines by nature; for an activation stage
    the same straight path from pre- to post-activation slides negative ReLU
    coordinates onto the axes and squeezes sigmoid outputs smoothly into the cube.
    """

    def __init__(self, cloud: PointCloud, target: ArrayLike, **kwargs) -> None:
        self.target = pad3(target)
        if len(self.target) != len(cloud.data):
            raise ValueError(f"expected {len(cloud.data)} target points, got {len(self.target)}")
        super().__init__(cloud, **kwargs)

    def begin(self) -> None:
        self.start = self.mobject.data.copy()
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        self.mobject.set_data((1 - a) * self.start + a * self.target)


class Reframe(Animation):
    """Carry a :class:`PointCloud` over to another :class:`CloudFrame` (axes that zoom
    or pan): the data stay, the picture moves. Pair it with a transform of the axes."""

    def __init__(self, cloud: PointCloud, frame: CloudFrame, **kwargs) -> None:
        self.target = frame
        super().__init__(cloud, **kwargs)

    def begin(self) -> None:
        self.start = self.mobject.frame
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        self.mobject.set_frame(self.start.interpolate(self.target, self.rate_func(alpha)))


_PHASES = 4  # sub-pixel positions per axis for which disc stencils are precomputed


@lru_cache(maxsize=32)
def _stencils(radius_px: float) -> tuple[int, list[tuple[np.ndarray, ...]]]:
    """For each of the ``_PHASES**2`` sub-pixel centres, the disc's pixel offsets split
    into a fully covered core and a partially covered rim (with its coverage)."""
    r = radius_px
    reach = int(np.ceil(r + 0.5))
    offs = np.arange(-reach, reach + 1)
    ox, oy = (a.ravel() for a in np.meshgrid(offs, offs))
    tables = []
    for qy in range(_PHASES):
        for qx in range(_PHASES):
            fx, fy = (qx + 0.5) / _PHASES, (qy + 0.5) / _PHASES
            cover = np.clip(r + 0.5 - np.hypot(ox + 0.5 - fx, oy + 0.5 - fy), 0.0, 1.0)
            core = cover >= 1.0
            rim = (cover > 0.0) & ~core
            tables.append((oy[core], ox[core], oy[rim], ox[rim],
                           cover[rim].astype(np.float32)[None, :, None]))
    return reach, tables


def splat_discs(
    pixel_array: np.ndarray,
    xy: np.ndarray,
    rgb: np.ndarray,
    radius_px: float,
    opacity: float = 1.0,
) -> None:
    """Draw antialiased discs into an (h, w, 4) uint8 RGBA array, in numpy.

    Rims (partial coverage) are blended with what is underneath first; then the
    cores (full coverage) are written on top, so overlapping discs never show a
    dark seam. Sub-pixel positions are quantised to 1/4 pixel.
    """
    h, w = pixel_array.shape[:2]
    reach, tables = _stencils(round(max(float(radius_px), 0.5), 2))
    x, y = xy[:, 0], xy[:, 1]
    inside = (x >= reach) & (x < w - reach - 1) & (y >= reach) & (y < h - reach - 1)
    if not np.all(inside):  # points near or past the border: drop what is off screen
        near = ~inside & (x > -reach) & (x < w + reach) & (y > -reach) & (y < h + reach)
        if np.any(near):
            _splat_clipped(pixel_array, xy[near], rgb[near], radius_px, opacity)
        x, y, rgb = x[inside], y[inside], rgb[inside]
        if len(x) == 0:
            return
    cx, cy = x.astype(np.int32), y.astype(np.int32)  # floor: all positive here
    qx = np.minimum(((x - cx) * _PHASES).astype(np.int32), _PHASES - 1)
    qy = np.minimum(((y - cy) * _PHASES).astype(np.int32), _PHASES - 1)
    phase = qy * _PHASES + qx
    order = np.argsort(phase, kind="stable")
    bounds = np.searchsorted(phase[order], np.arange(_PHASES * _PHASES + 1))
    base = (cy * w + cx)[order]
    color = np.empty((len(x), 4), np.float32)
    color[:, :3] = rgb[order] * 255.0
    color[:, 3] = 255.0
    if pixel_array.shape[2] != 4 or not pixel_array.flags.c_contiguous:
        raise ValueError("splat_discs needs a C-contiguous (h, w, 4) uint8 pixel array")
    words = pixel_array.view(np.uint32).reshape(-1)  # one RGBA pixel per uint32
    groups = [(k, slice(bounds[k], bounds[k + 1])) for k in range(len(tables))
              if bounds[k + 1] > bounds[k]]
    solid = opacity >= 1.0
    for k, part in groups:  # rims first, blended with what is underneath
        core_y, core_x, rim_y, rim_x, cover = tables[k]
        _blend(words, base[part], rim_y * w + rim_x, color[part], cover * opacity)
        if not solid:  # translucent points: the core is a blend too
            _blend(words, base[part], core_y * w + core_x, color[part],
                   np.float32(opacity))
    if solid:
        packed = color.astype(np.uint8).view(np.uint32).reshape(-1)
        for k, part in groups:  # then cores, opaque, on top
            core_y, core_x = tables[k][:2]
            words[base[part, None] + (core_y * w + core_x)[None, :]] = packed[part, None]


def _blend(
    words: np.ndarray, base: np.ndarray, offsets: np.ndarray, color: np.ndarray, cover
) -> None:
    """pixel = color * cover + pixel * (1 - cover) at ``base + offsets`` (RGBA as uint32)."""
    idx = base[:, None] + offsets[None, :]
    under = words[idx].view(np.uint8).reshape(idx.shape + (4,)).astype(np.float32)
    under -= color[:, None, :]
    under *= 1.0 - cover
    under += color[:, None, :]
    words[idx] = under.astype(np.uint8).view(np.uint32).reshape(idx.shape)


def _splat_clipped(
    pixel_array: np.ndarray, xy: np.ndarray, rgb: np.ndarray, radius_px: float, opacity: float
) -> None:
    """The slow, exact path for the few discs that touch the frame's border."""
    h, w = pixel_array.shape[:2]
    r = max(float(radius_px), 0.5)
    reach = int(np.ceil(r + 0.5))
    offs = np.arange(-reach, reach + 1)
    ox, oy = (a.ravel() for a in np.meshgrid(offs, offs))
    X = np.floor(xy[:, :1]).astype(np.int64) + ox[None, :]
    Y = np.floor(xy[:, 1:2]).astype(np.int64) + oy[None, :]
    cover = np.clip(r + 0.5 - np.hypot(X + 0.5 - xy[:, :1], Y + 0.5 - xy[:, 1:2]), 0, 1)
    keep = (X >= 0) & (X < w) & (Y >= 0) & (Y < h) & (cover > 0)
    color = np.concatenate([rgb * 255.0, np.full((len(rgb), 1), 255.0)], axis=1)
    ys, xs = Y[keep], X[keep]
    c = (cover * opacity)[keep][:, None]
    under = pixel_array[ys, xs].astype(np.float32)
    target = np.broadcast_to(color[:, None, :], X.shape + (4,))[keep]
    pixel_array[ys, xs] = (under + (target - under) * c).astype(np.uint8)
