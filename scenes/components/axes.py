"""Axes in the theme's look: the one place an axis's colour, width, tips and numbers
are set, and where a 3D axis's name sits (past the cloud, see :func:`axis_label`).

Example::

    from scenes.components.point_cloud import CloudFrame

    axes = themed_axes((-3, 3, 1), (-3, 3, 1), x_length=6, y_length=6, tips=True,
                       numbers=True)
    plot = themed_axes((-2, 2, 1), (-2, 2, 1), x_length=6, y_length=6, numbers=True,
                       numbers_at="edges")       # numbers clear of the data
    space = themed_axes((-2, 2, 1), (-2, 2, 1), (-2, 2, 1), x_length=4, y_length=4,
                        z_length=4)
    cloud = PointCloud(np.random.default_rng(0).normal(size=(200, 3)),
                       frame=CloudFrame.from_axes(space))
    self.add(space, cloud)
    # h_1 at the x axis's end, slid out along the axis while the cloud is in the way
    label = axis_label("h_1", space, 0, reach=2.2, cloud=cloud, camera=self.camera)
    self.add_fixed_orientation_mobjects(label)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from manim import DOWN, LEFT, Axes, MathTex, ThreeDAxes
from manim.camera.three_d_camera import ThreeDCamera

from scenes.components.point_cloud import PointCloud
from scenes.theme import THEME, Theme

__all__ = ["axis_label", "place_past_cloud", "themed_axes"]

LABEL_CLEARANCE = 0.12  # screen units between a 3D axis's label and the cloud's points
_LABEL_SAMPLES = 64  # points along an axis at which the label's place is looked up


def themed_axes(
    x_range: Sequence[float],
    y_range: Sequence[float],
    z_range: Sequence[float] | None = None,
    *,
    x_length: float,
    y_length: float,
    z_length: float | None = None,
    tips: bool = False,
    numbers: bool = False,
    decimals: int | None = None,
    skip_numbers: Sequence[float] | None = None,
    numbers_at: Literal["axes", "edges"] = "axes",
    axis_options: dict[str, Any] | None = None,
    theme: Theme = THEME,
    **kwargs: Any,
) -> Axes:
    """:class:`~manim.Axes` (or :class:`~manim.ThreeDAxes` when ``z_range`` is given)
    drawn in the theme's axis colour and width.

    Args:
        x_range, y_range, z_range: ``(min, max, tick step)`` of each axis.
        x_length, y_length, z_length: size on screen (scene units).
        tips: arrow tips of the theme's size at the positive ends.
        numbers: number the ticks, in the theme's small size and ink, ``decimals`` places
            (Manim's default if ``None``), leaving out ``skip_numbers`` (default: 0
            beside the axes, none at the edges).
        numbers_at: ``"axes"``: the numbers beside the axes, where they cross (Manim's
            way); ``"edges"``: the x numbers under the plot's bottom edge and the y numbers
            left of its left edge, as plotting libraries set them: outside the ranges,
            so never over a point plotted inside them (a cloud round the origin).
        axis_options: anything else for every axis (e.g. ``{"tick_size": 0.06}``).
        kwargs: passed on to the Axes (e.g. ``num_axis_pieces`` of ThreeDAxes, 1 by
            default here: one piece per axis, far cheaper to shade and draw).
    """
    config: dict[str, Any] = {"color": theme.axis, "stroke_width": theme.axis_width}
    if tips:
        config.update(tip_length=theme.tip_size, tip_width=theme.tip_size)
    else:
        config["include_tip"] = False
    if numbers:
        config.update(include_numbers=True, font_size=theme.small_size)
        if decimals is not None:
            config["decimal_number_config"] = {"num_decimal_places": decimals}
        if skip_numbers is not None:
            config["numbers_to_exclude"] = list(skip_numbers)
    config.update(axis_options or {})
    ranges = {"x_range": x_range, "y_range": y_range, "x_length": x_length,
              "y_length": y_length, "axis_config": config, **kwargs}
    if z_range is None:
        axes = Axes(**ranges)
        if numbers and numbers_at == "edges":
            _numbers_to_edges(axes, skip_numbers or [])
        return _ink_numbers(axes, theme)
    if numbers_at != "axes":
        raise ValueError("3D axes number their ticks beside the axes only")
    if z_length is None:
        raise ValueError("3D axes need z_length as well as z_range")
    # One piece per axis: Manim's default 20 pieces each recompute their shading from
    # the whole axis every frame, most of a 3D frame's drawing time (PointCloud3D at -ql:
    # 82 of 182 s). Pass num_axis_pieces for axes that must sort against a surface.
    ranges.setdefault("num_axis_pieces", 1)
    return _ink_numbers(ThreeDAxes(z_range=z_range, z_length=z_length, **ranges), theme)


def _ink_numbers(axes: Axes, theme: Theme) -> Axes:
    """The tick numbers in the theme's ink (Manim draws them in its WHITE)."""
    for axis in axes.axes:
        numbers = getattr(axis, "numbers", None)
        if numbers is not None:
            numbers.set_color(theme.ink)
    return axes


def _numbers_to_edges(axes: Axes, skip: Sequence[float]) -> None:
    """Each x number under the bottom edge (the lowest y), each y number left of the
    left edge (the lowest x), as far from the edge as Manim sets them from their axis;
    0 numbered too (away from the axes, it meets no other number)."""
    for axis, edge, side in ((axes.x_axis, axes.y_range[0], DOWN),
                             (axes.y_axis, axes.x_range[0], LEFT)):
        values = {float(v) + 0.0 for v in axis.get_tick_range()}  # + 0.0: no "-0"
        if axis.x_min <= 0 < axis.x_max:
            values.add(0.0)
        axis.remove(axis.numbers)
        axis.add_numbers(x_values=sorted(values), excluding=list(skip))
        for number in axis.numbers:
            spot = ((number.get_value(), edge) if axis is axes.x_axis
                    else (edge, number.get_value()))
            number.next_to(axes.c2p(*spot), side, buff=axis.line_to_number_buff)


def axis_label(name: str, axes: ThreeDAxes, axis: int, reach: float, cloud: PointCloud,
               camera: ThreeDCamera, theme: Theme = THEME) -> MathTex:
    """The name of a 3D axis (``name`` in TeX, e.g. ``"h_1"``), in the theme's muted
    ink on a card of the background (where another axis runs behind it, the line stops
    at it), kept on the line of axis ``axis`` (0: x, 1: y, 2: z) at ``reach`` (in the
    axes' coordinates) or farther out, past every point of ``cloud`` as ``camera``
    draws it (see :func:`place_past_cloud`).

    Add it facing the camera (``add_fixed_orientation_mobjects``); to fade it in or out
    while it follows the cloud, pass ``suspend_mobject_updating=False`` to the
    animation (``label.animate(suspend_mobject_updating=False).set_opacity(1)``).
    """
    label = MathTex(name, font_size=theme.label_size + 4, color=theme.muted)
    label.add_background_rectangle(color=theme.background, opacity=1.0, buff=0.05)
    label.add_updater(lambda mob: place_past_cloud(mob, axes, axis, reach, cloud, camera))
    return place_past_cloud(label, axes, axis, reach, cloud, camera)


def place_past_cloud(label, axes: Axes, axis: int, reach: float, cloud: PointCloud,
                     camera: ThreeDCamera, clearance: float = LABEL_CLEARANCE):
    """Move ``label`` to the point ``reach`` of axis ``axis`` (in the axes' coordinates),
    or farther out along the axis, to the first point where it is past the cloud on
    screen: its whole box beyond the line, across the axis's direction on screen, that
    every drawn point of ``cloud`` stays behind (with ``clearance`` to spare).

    A label at an axis's end reads as that axis's name; turned by the camera, a cloud
    that reaches towards the axis's end (or lies in front of it) would sit under the
    label. Past that line no point can: the label slides out along the axis as the cloud
    grows or the camera turns, smoothly (the line moves smoothly), and back to
    ``reach`` once the cloud is clear of it. An axis seen end-on keeps its label at
    ``reach``. Returns ``label``.
    """
    camera.reset_rotation_matrix()  # the camera's turn now (it keeps the last frame's)
    dim = axes.dimension
    unit = np.zeros(dim)
    unit[axis] = 1.0
    origin = np.asarray(axes.c2p(*np.zeros(dim)), dtype=float)
    step = np.asarray(axes.c2p(*unit), dtype=float) - origin
    far = reach + 2.0 * max(abs(reach), 1.0)  # the farthest the label slides out
    along = np.linspace(reach, far, _LABEL_SAMPLES)
    spots = origin + along[:, None] * step
    shown = camera.project_points(np.vstack([origin, spots]))[:, :2]
    direction = shown[-1] - shown[0]
    length = float(np.linalg.norm(direction))
    target = spots[0]
    if length > 1e-3 and len(cloud.points):
        u = direction / length
        screen = shown[1:] @ u - shown[0] @ u  # how far out each spot is drawn
        points = camera.project_points(np.asarray(cloud.points, dtype=float))[:, :2]
        half = (label.width * abs(u[0]) + label.height * abs(u[1])) / 2
        needed = float(np.max(points @ u - shown[0] @ u)) + cloud.radius + clearance + half
        if needed > screen[0] and np.all(np.diff(screen) > 0):
            t = float(np.interp(needed, screen, along))
            target = origin + t * step
    return label.move_to(target)
