"""Axes in the theme's look: the one place an axis's colour, width, tips and numbers
are set.

Example::

    axes = themed_axes((-3, 3, 1), (-3, 3, 1), x_length=6, y_length=6, tips=True,
                       numbers=True)
    space = themed_axes((-2, 2, 1), (-2, 2, 1), (-2, 2, 1), x_length=4, y_length=4,
                        z_length=4)
    self.add(axes)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from manim import Axes, ThreeDAxes

from scenes.theme import THEME, Theme

__all__ = ["themed_axes"]


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
            (Manim's default if ``None``), leaving out ``skip_numbers`` (default: 0).
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
        return _ink_numbers(Axes(**ranges), theme)
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
