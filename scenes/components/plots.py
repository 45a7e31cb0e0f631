"""Axes with one curve on them: an nnmath activation by name, or any function.

:class:`ActivationPlot` draws the axes (a few numbered ticks, axis labels) and the
curve, jumps included (Heaviside is two flat pieces, a filled dot where the
function's value is and a hollow one where it is not). It answers the questions a
scene asks of a curve: where is the point above x (:meth:`ActivationPlot.point`),
what does the curve read at x (:meth:`ActivationPlot.read_off`, dashed lines up and
across to the y axis with the value), what is its tangent there
(:meth:`ActivationPlot.tangent`), and what does another function look like on the
same axes (:meth:`ActivationPlot.plot`).

Example::

    plot = ActivationPlot("tanh", x_range=(-3, 3, 1), y_range=(-1.2, 1.2, 0.5),
                          y_numbers=(-1, 1))
    reading = plot.read_off(0.5)          # up from x = 0.5, across to "0.462"
    self.play(Create(plot))
    self.play(Create(reading.vertical), FadeIn(reading.dot))
    self.play(Create(reading.horizontal), Write(reading.label))

    bowl = ActivationPlot(lambda x: x**2, x_range=(-2, 2, 1), y_range=(0, 4, 1),
                          y_label="E(w)", x_label="w", derivative=lambda x: 2 * x)
    ball = Dot(bowl.point(1.5)); touch = bowl.tangent(1.5)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    DashedLine,
    Dot,
    Line,
    MathTex,
    ParametricFunction,
    VGroup,
    VMobject,
)

from nnmath import activation
from scenes.components.axes import themed_axes
from scenes.components.labels import activation_tex, fmt_number
from scenes.theme import THEME, Theme

__all__ = ["ActivationPlot", "ReadOff"]

Function = Callable[[Any], Any]


class ReadOff(VGroup):
    """Reading a curve at one input: ``vertical``, ``horizontal`` (dashed lines),
    ``dot`` on the curve, ``label`` (the value beside the y axis) and ``input_label``
    (the input under the x axis, empty when that number is already on the axis).

    ``x`` and ``value`` are the numbers read. A line of zero length (reading at
    x = 0, or where the curve meets the x axis) is an empty ``VMobject``.
    """

    def __init__(
        self,
        x: float,
        value: float,
        vertical: VMobject,
        horizontal: VMobject,
        dot: Dot,
        label: MathTex,
        input_label: VMobject,
    ) -> None:
        super().__init__(vertical, horizontal, dot, label, input_label)
        self.x = x
        self.value = value
        self.vertical = vertical
        self.horizontal = horizontal
        self.dot = dot
        self.label = label
        self.input_label = input_label


class ActivationPlot(VGroup):
    """Axes plus the curve of ``function``: an nnmath activation name or a callable.

    Args:
        function: ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"heaviside"``,
            ``"identity"``, or a callable taking a numpy array (``vectorized=False``
            for one taking floats only).
        x_range, y_range: ``(min, max, tick step)`` of each axis.
        theme: colours and font sizes.
        x_length, y_length: size on screen (Manim units).
        color: of the curve (default: the theme's positive colour).
        x_label, y_label: axis labels as LaTeX; ``y_label`` defaults to ``f(x)``
            written with the activation's own name (``\\sigma(x)``...).
        x_numbers, y_numbers: ticks to number (default: every tick but 0 on x,
            the ends' whole numbers on y). Numbers are formatted with ``fmt_number``.
        jumps: inputs where the function jumps (default: 0 for Heaviside); each
            gets a filled dot at its value and a hollow dot at the other side.
        derivative: the slope function used by :meth:`tangent` (default: nnmath's
            derivative of a named activation).
        samples: curve samples across the x range (more for steep curves).

    Attributes:
        axes: the :class:`~manim.Axes`; ``numbers`` its tick numbers; ``labels``
        its axis labels; ``graph`` the curve (a :class:`~manim.ParametricFunction`,
        one sub-path per piece); ``jump_dots`` the dots at jumps; ``function`` the
        callable; ``activation_name`` the activation's name or ``None``;
        ``curve_color`` the curve's colour.
    """

    def __init__(
        self,
        function: str | Function = "sigmoid",
        x_range: Sequence[float] = (-6.0, 6.0, 1.0),
        y_range: Sequence[float] = (0.0, 1.0, 0.5),
        theme: Theme = THEME,
        *,
        x_length: float = 6.0,
        y_length: float = 3.0,
        color: str | None = None,
        x_label: str = "x",
        y_label: str | None = None,
        x_numbers: Sequence[float] | None = None,
        y_numbers: Sequence[float] | None = None,
        jumps: Sequence[float] | None = None,
        derivative: Function | None = None,
        samples: int = 600,
        vectorized: bool = True,
        stroke_width: float = 5.0,
    ) -> None:
        super().__init__()
        self.theme = theme
        if isinstance(function, str):
            self.activation_name: str | None = function
            record = activation(function)
            self.function: Function = record.function
            self.slope: Function | None = derivative or record.derivative
            default_jumps = record.jumps
            default_y_label = f"{activation_tex(function)}({x_label})"
        elif callable(function):
            self.activation_name = None
            self.function = function
            self.slope = derivative
            default_jumps = ()
            default_y_label = "y"
        else:
            raise TypeError(f"function must be an activation name or a callable, got {function!r}")
        if len(x_range) != 3 or len(y_range) != 3:
            raise ValueError("x_range and y_range must be (min, max, tick step)")
        self.x_range = tuple(float(v) for v in x_range)
        self.y_range = tuple(float(v) for v in y_range)
        self.jumps = tuple(default_jumps if jumps is None else jumps)
        self.samples = int(samples)
        self.vectorized = vectorized
        self.curve_color = color or theme.positive
        self.stroke_width = stroke_width

        self.axes = themed_axes(list(self.x_range), list(self.y_range), x_length=x_length,
                                y_length=y_length, axis_options={"tick_size": 0.06},
                                theme=theme)
        # the point where the axes cross (0 if it is in range, else the nearer end)
        self.origin_x = float(np.clip(0.0, self.x_range[0], self.x_range[1]))
        self.origin_y = float(np.clip(0.0, self.y_range[0], self.y_range[1]))
        if x_numbers is None:
            x_numbers = [v for v in self.axes.x_axis.get_tick_range() if abs(v) > 1e-9]
        if y_numbers is None:
            y_numbers = [v for v in (np.ceil(self.y_range[0]), np.floor(self.y_range[1])) if v]
        self.x_numbers = {float(v): self._number(v, DOWN, horizontal=True) for v in x_numbers}
        self.y_numbers = {float(v): self._number(v, LEFT, horizontal=False) for v in y_numbers}
        self.numbers = VGroup(*self.x_numbers.values(), *self.y_numbers.values())

        size = theme.label_size
        self.x_label = MathTex(x_label, font_size=size, color=theme.muted)
        self.x_label.next_to(self.axes.x_axis.get_end(), RIGHT, buff=0.15)
        self.y_label = MathTex(y_label or default_y_label, font_size=size, color=theme.muted)
        self.y_label.next_to(self.axes.y_axis.get_end(), UP, buff=0.15)
        self.labels = VGroup(self.x_label, self.y_label)

        self.graph = self.plot(self.function, jumps=self.jumps)
        self.jump_dots = self.jump_markers(self.function, self.jumps)
        self.add(self.axes, self.numbers, self.labels, self.graph, self.jump_dots)

    # --- drawing ----------------------------------------------------------------
    def plot(
        self,
        function: Function,
        color: str | None = None,
        jumps: Sequence[float] = (),
        x_range: Sequence[float] | None = None,
        **kwargs: Any,
    ) -> ParametricFunction:
        """A new curve of ``function`` on these axes (not added to the plot).

        Pieces between ``jumps`` are separate sub-paths, so no vertical line is drawn
        at a jump. Use it for a family of curves: ``plot.plot(neuron("sigmoid", 4))``.
        """
        lo, hi = (x_range or self.x_range)[:2]
        step = (hi - lo) / self.samples
        graph = self.axes.plot(
            function,
            x_range=[lo, hi, step],
            use_smoothing=False,
            use_vectorized=self.vectorized,
            discontinuities=[j for j in jumps if lo < j < hi] or None,
            dt=1e-9,
            color=color or self.curve_color,
            stroke_width=kwargs.pop("stroke_width", self.stroke_width),
            **kwargs,
        )
        return graph

    def jump_markers(self, function: Function, jumps: Sequence[float]) -> VGroup:
        """At each jump: a filled dot at the function's value, a hollow one opposite."""
        th = self.theme
        dots = VGroup()
        for j in jumps:
            value = _scalar(function, j)
            left, right = _scalar(function, j - 1e-9), _scalar(function, j + 1e-9)
            other = left if np.isclose(value, right) else right
            hollow = Circle(radius=0.08, color=self.curve_color, stroke_width=3)
            hollow.set_fill(th.background, opacity=1.0).move_to(self.c2p(j, other))
            dots.add(hollow, Dot(self.c2p(j, value), radius=0.08, color=self.curve_color))
        return dots

    def _number(self, v: float, direction: np.ndarray, horizontal: bool) -> MathTex:
        where = self.c2p(v, self.origin_y) if horizontal else self.c2p(self.origin_x, v)
        tex = MathTex(fmt_number(v), font_size=self.theme.small_size, color=self.theme.muted)
        tex.next_to(where, direction, buff=0.15)
        tex.add_background_rectangle(color=self.theme.background, opacity=0.85, buff=0.04)
        return tex

    # --- questions about the curve ------------------------------------------------
    def c2p(self, x: float, y: float) -> np.ndarray:
        """Screen point of the axes coordinates ``(x, y)``."""
        return np.asarray(self.axes.c2p(x, y), dtype=float)

    def value(self, x: float, function: Function | None = None) -> float:
        """The function's value at ``x`` (of ``function`` if given)."""
        return _scalar(self.function if function is None else function, x)

    def point(self, x: float, function: Function | None = None) -> np.ndarray:
        """Screen point of the curve above ``x`` (of ``function`` if given, e.g. a
        shifted copy drawn with :meth:`plot`)."""
        return self.c2p(x, self.value(x, function))

    def read_off(
        self,
        x: float,
        digits: int = 3,
        color: str | None = None,
        show_input: bool = True,
        function: Function | None = None,
        label_direction: np.ndarray | None = None,
    ) -> ReadOff:
        """Read the curve at ``x``: a dashed line up from the x axis to the curve, one
        across to the y axis, and the value there (``fmt_number(value, digits)``).
        ``function`` reads another curve drawn on these axes (default: the plot's own).
        The value sits beside the y axis, or beside the dot on the curve towards
        ``label_direction`` (e.g. ``UR`` for a peak on the y axis).

        Nothing is added to the plot; animate the parts in order, e.g.
        ``Create(r.vertical)``, ``Create(r.horizontal)``, ``Write(r.label)``.
        """
        th = self.theme
        color = color or th.accent
        value = self.value(x, function)
        on_curve = self.c2p(x, value)
        foot = self.c2p(x, self.origin_y)
        axis = self.c2p(self.origin_x, value)
        vertical = _dashed(foot, on_curve, color)
        horizontal = _dashed(on_curve, axis, color)
        dot = Dot(on_curve, radius=0.08, color=color)
        label = MathTex(fmt_number(value, digits), font_size=th.label_size, color=color)
        if label_direction is None:
            label.next_to(axis, LEFT if x >= self.origin_x else RIGHT, buff=0.15)
        else:
            label.next_to(dot, label_direction, buff=0.1)
        label.add_background_rectangle(color=th.background, opacity=0.85, buff=0.05)
        input_label: VMobject = VMobject()
        if show_input and not any(np.isclose(x, v) for v in self.x_numbers):
            input_label = MathTex(fmt_number(x, 6), font_size=th.label_size, color=color)
            input_label.next_to(foot, DOWN if value >= self.origin_y else UP, buff=0.15)
            input_label.add_background_rectangle(color=th.background, opacity=0.85, buff=0.05)
        return ReadOff(x, value, vertical, horizontal, dot, label, input_label)

    def tangent(self, x: float, length: float = 2.0, color: str | None = None) -> Line:
        """The tangent line at ``x``, ``length`` long on screen, centred on the curve.

        Its slope comes from ``derivative`` (nnmath's for a named activation).
        """
        if self.slope is None:
            raise ValueError("this plot has no derivative: pass derivative= to draw tangents")
        slope = _scalar(self.slope, x)
        y = self.value(x)
        direction = self.c2p(x + 1.0, y + slope) - self.c2p(x, y)
        direction /= np.linalg.norm(direction)
        centre = self.c2p(x, y)
        half = 0.5 * length * direction
        return Line(centre - half, centre + half, color=color or self.theme.accent,
                    stroke_width=4)


def _scalar(function: Function, x: float) -> float:
    return float(np.asarray(function(float(x)), dtype=float))


def _dashed(start: np.ndarray, end: np.ndarray, color: str) -> VMobject:
    if np.linalg.norm(end - start) < 1e-6:
        return VMobject()
    return DashedLine(start, end, color=color, stroke_width=3, dash_length=0.1)
