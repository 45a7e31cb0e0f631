"""Chapter 7: gradient descent, from a rolling ball to a loss surface.

The valley, the update rule ``u(x, y, z) = x - y * z`` and every path come from
:mod:`nnmath` (``nnmath.VALLEY``, ``nnmath.update``, ``nnmath.descend``); the last
scene's surface is the real loss of a sigmoid neuron over its weight and bias
(:class:`nnmath.surfaces.NeuronLoss`), computed with nnmath's network and backprop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    DR,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    UR,
    Arrow,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Flash,
    Indicate,
    Line,
    MathTex,
    Mobject,
    ReplacementTransform,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    always_redraw,
    linear,
    smooth,
)

from narrator.fmt import fmt_column
from nnmath import VALLEY, WeightError, activation, descend, parameter_count, update
from nnmath.descent import crossings
from nnmath.digits import DIGITS_SIZES
from nnmath.examples import NEGATION_INPUTS
from nnmath.readout import hill
from nnmath.surfaces import NeuronLoss, hidden_permutations
from nnmath.training import loss_label, loss_name
from scenes.base import ChapterScene, ChapterScene3D, beat
from scenes.components import (
    body_text,
    fmt_fixed,
    fmt_number,
    formula,
    label_text,
    note_text,
    panel,
)
from scenes.components.axes import themed_axes
from scenes.components.camera import AimedCamera
from scenes.components.network_diagram import NetworkDiagram
from scenes.components.plots import ActivationPlot
from scenes.components.surface import MeshSurface
from scenes.params import ParamsError, SceneParams
from scenes.theme import Theme

__all__ = [
    "BallOnValley",
    "BallOnValleyParams",
    "FunctionAndDerivative",
    "FunctionAndDerivativeParams",
    "UpdateRule",
    "UpdateRuleParams",
    "LearningRates",
    "LearnTheWeight",
    "Outcome",
    "outcome",
    "LossSurface",
    "LossSurfaceParams",
]

# --- 1-3. the valley, its slope, the update rule ---------------------------------------

Range = tuple[float, float, float]


def _valley_tex() -> str:
    """The valley's formula with nnmath's depth and width."""
    d, w2 = fmt_number(VALLEY.depth), fmt_number(2 * VALLEY.width**2)
    return rf"f(x) = {d}\,\bigl(1 - \exp(-x^2 / {w2})\bigr)"


def _valley_plot(x_range: Range, y_range: Range, th: Theme, **size) -> ActivationPlot:
    lo, hi = int(np.ceil(y_range[0])), int(np.floor(y_range[1]))
    return ActivationPlot(VALLEY, x_range, y_range, th, derivative=VALLEY.slope,
                          y_label="f(x)", y_numbers=[v for v in range(lo, hi + 1) if v],
                          **size)


def _even_ticks(axis_range: Range) -> list[float]:
    """The non-zero even whole numbers inside an axis range (fewer numbers, no crowding)."""
    lo, hi = int(np.ceil(axis_range[0])), int(np.floor(axis_range[1]))
    return [float(v) for v in range(lo, hi + 1) if v and v % 2 == 0]


class _Ball(VGroup):
    """A ball resting on a plot's curve at ``tracker``'s x, with its tangent.

    The ball's centre sits one radius off the curve along the curve's normal (on
    screen), so it touches the curve wherever it is.
    """

    def __init__(self, plot: ActivationPlot, tracker: ValueTracker, radius: float,
                 tangent_length: float, th: Theme) -> None:
        super().__init__()
        self.plot, self.tracker, self.radius = plot, tracker, radius
        self.ball = Circle(radius=radius, stroke_width=0).set_fill(th.accent, opacity=1.0)
        self.ball.add_updater(lambda m: m.move_to(self.centre()))
        self.tangent = always_redraw(
            lambda: plot.tangent(self.x, length=tangent_length, color=th.slope))
        self.add(self.ball)

    @property
    def x(self) -> float:
        return float(self.tracker.get_value())

    def normal(self) -> np.ndarray:
        """Unit normal of the curve on screen at the ball's x, pointing up."""
        x = self.x
        p0 = self.plot.point(x)
        step = self.plot.c2p(x + 1.0, self.plot.value(x) + float(VALLEY.slope(x))) \
            if self.plot.function is VALLEY else self.plot.point(x + 1e-4)
        d = step - p0
        d /= np.linalg.norm(d)
        n = np.array([-d[1], d[0], 0.0])
        return n if n[1] >= 0 else -n

    def centre(self) -> np.ndarray:
        return self.plot.point(self.x) + self.radius * self.normal()


class _LiveNumber(VGroup):
    """A number with two decimals that is cheap to change every frame.

    Manim's DecimalNumber deep-copies a TeX glyph per character on every change
    (~50 ms a frame for two numbers); this one copies only the glyphs' points from
    one set of templates, and only when the shown text changes.
    """

    _CHARS = "0123456789.-"

    def __init__(self, value: float, font_size: float, color: str) -> None:
        super().__init__()
        self.templates = MathTex(self._CHARS, font_size=font_size)[0]
        digits = self.templates[:10]
        self.advance = (digits[9].get_left()[0] - digits[0].get_left()[0]) / 9
        self.baseline = self.templates[0].get_bottom()[1]
        # the glyphs are a fixed set of slots whose points change: a play that starts
        # with one number keeps drawing the same mobjects, never stale ones
        self.slots = [VMobject(stroke_width=0).set_fill(color, opacity=1.0) for _ in range(8)]
        self.add(*self.slots)
        self.text = ""
        self.value = 0.0
        self.set_value(value)

    def set_value(self, value: float) -> _LiveNumber:
        self.value = round(float(value), 2) + 0.0  # never "-0.00"
        text = f"{self.value:.2f}"
        if text == self.text:
            return self
        if len(text) > len(self.slots):
            raise ValueError(f"{text} has more than {len(self.slots)} characters")
        anchor = self.get_left() if self.text else None
        cursor = 0.0
        for i, slot in enumerate(self.slots):
            if i >= len(text):
                slot.points = np.zeros((0, 3))
                continue
            c = text[i]
            t = self.templates[self._CHARS.index(c)]
            slot.points = t.points.copy()
            width = t.width if c in ".-" else self.advance
            pad = 0.25 * self.advance if c in ".-" else 0.5 * (self.advance - t.width)
            slot.shift([cursor - t.get_left()[0] + pad, -self.baseline, 0.0])
            cursor += width + (0.5 * self.advance if c in ".-" else 0.0)
        self.text = text
        if anchor is not None:
            self.shift(anchor - self.get_left())
        return self

    def get_value(self) -> float:
        return self.value


# --- 1. BallOnValley ---------------------------------------------------------------


@dataclass(frozen=True)
class BallOnValleyParams(SceneParams):
    """Where the ball starts, where it rolls to, and how the slope is drawn."""

    x_range: Range = (-4.5, 4.5, 1.0)  # the valley plot's x axis: from, to, tick step
    y_range: Range = (0.0, 5.0, 1.0)  # the valley plot's y axis: from, to, tick step
    start: float = 3.0  # x where the ball first rests (right-hand hill)
    other_side: float = -3.0  # x on the other hill, where the arrow flips
    bottom: float = 0.0  # x the ball rolls down to
    ball_radius: float = 0.2  # radius of the ball (scene units)
    tangent_length: float = 2.2  # length of the tangent segment on screen (scene units)
    arrow_scale: float = 1.1  # arrow length on screen per unit of slope (scene units)
    roll_time: float = 5.0  # seconds the ball takes to roll down to the bottom
    carry_time: float = 1.6  # seconds to carry the ball over to the other hill

    def __post_init__(self) -> None:
        for name in ("start", "other_side", "bottom"):
            v = getattr(self, name)
            if not self.x_range[0] < v < self.x_range[1]:
                raise ParamsError(f"{name} must lie inside x_range {self.x_range[:2]}, got {v}")
        if self.ball_radius <= 0 or self.arrow_scale <= 0 or self.tangent_length <= 0:
            raise ParamsError("ball_radius, arrow_scale and tangent_length must be positive")


_ARROW_DROP = 0.95  # the arrows run this far below the x axis (scene units)


class BallOnValley(ChapterScene):
    """A ball on a valley: the derivative as an arrow (uphill) and a tangent
    (steepness); descent goes against it; the ball rolls down; the other hill flips it."""

    title = "A ball in a valley"
    Params = BallOnValleyParams

    def prepare(self) -> None:
        p = self.params
        self.start_slope = float(VALLEY.slope(p.start))
        self.other_slope = float(VALLEY.slope(p.other_side))
        self.bottom_slope = float(VALLEY.slope(p.bottom))
        # the story says the first hill slopes up to the right and the other to the left
        if not (p.start > 0 and fmt_number(self.start_slope) not in ("0", "-0")):
            raise ParamsError(f"start must be on the right-hand hill where it still slopes "
                              f"(x > 0, f'(x) not 0 to 2 decimals), got {p.start}")
        if not (p.other_side < 0 and fmt_number(self.other_slope) != "0"):
            raise ParamsError(f"other_side must be on the left-hand hill where it still "
                              f"slopes (x < 0, f'(x) not 0 to 2 decimals), got {p.other_side}")
        # the story says the ball rolls down to flat ground, the valley's bottom
        if fmt_number(self.bottom_slope) not in ("0", "-0") or not p.bottom < p.start:
            raise ParamsError(f"bottom must be the valley's flat bottom, left of start "
                              f"(f'(x) 0 to 2 decimals, near x = 0), got {p.bottom}")
        # on the way down the slope may first grow: the steepest point passed on the roll
        self.roll_peak = VALLEY.steepest_between(p.bottom, p.start)
        self.shown = {
            "start_slope": f"f'(x) = {fmt_number(self.start_slope)}",
            "other_slope": f"f'(x) = {fmt_number(self.other_slope)}",
            "bottom_slope": f"f'(x) = {fmt_number(self.bottom_slope)}",
        }

    # -- building blocks ---------------------------------------------------------
    def _beside(self, number: _LiveNumber, head: MathTex) -> None:
        """Put a number after ``head`` ("... ="), its digits on the head's baseline."""
        equals = head[0][-1]
        if not hasattr(self, "_equals_lift"):  # how far "=" sits above the baseline
            probe = MathTex("0 =", font_size=head.font_size)[0]
            self._equals_lift = probe[1].get_bottom()[1] - probe[0].get_bottom()[1]
        number.next_to(head, RIGHT, buff=0.15)
        number.shift((equals.get_bottom()[1] - self._equals_lift - number.get_bottom()[1]) * UP)

    def _arrow(self, sign: float, color: str) -> VMobject:
        """A horizontal arrow under the x axis at the ball's x, ``sign`` times the slope."""
        p = self.params
        x = self.tracker.get_value()
        length = sign * float(VALLEY.slope(x)) * p.arrow_scale
        base = self.plot.c2p(x, 0.0) + _ARROW_DROP * DOWN
        if abs(length) < 0.04:
            return Dot(base, radius=0.05, color=color)
        return Arrow(base, base + length * RIGHT, buff=0, color=color, stroke_width=6,
                     max_tip_length_to_length_ratio=0.4, max_stroke_width_to_length_ratio=20,
                     tip_length=0.22)

    def _tag(self, arrow: VMobject, tex: str, color: str) -> MathTex:
        """A label that stays beyond its arrow's tip."""
        tag = formula(self.theme, tex, size=self.theme.label_size, color=color)

        def follow(m: Mobject) -> None:
            a = arrow
            x = self.tracker.get_value()
            left = a.get_left()[0] < self.plot.c2p(x, 0)[0] - 0.05
            m.next_to(a, LEFT if left else RIGHT, buff=0.12)
            # near the bottom both arrows shrink to a dot: their labels fade out rather
            # than pile up on it
            length = abs(float(VALLEY.slope(x))) * self.params.arrow_scale
            m.set_opacity(float(np.clip((length - 0.15) / 0.35, 0.0, 1.0)))

        tag.add_updater(follow)
        return tag

    # -- beats -------------------------------------------------------------------
    @beat("A valley and a ball")
    def valley(self) -> None:
        th, p = self.theme, self.params
        self.plot = _valley_plot(p.x_range, p.y_range, th, x_length=8.0, y_length=4.2)
        self.plot.move_to([-1.0, 0.45, 0])
        self.tracker = ValueTracker(p.start)
        self.ball = _Ball(self.plot, self.tracker, p.ball_radius, p.tangent_length, th)
        self.say("Picture the curve as a valley between two hills, and put a ball on "
                 "one of the slopes.")
        self.play(FadeIn(self.plot.axes), FadeIn(self.plot.numbers),
                  FadeIn(self.plot.labels), run_time=0.6)
        self.play(Create(self.plot.graph), run_time=1.2)
        self.play(FadeIn(self.ball.ball, scale=0.3))
        self.say("Let go, and it would roll down to the bottom. Which way, and how "
                 "fast? The derivative says.")
        self.wait(1.0)

    @beat("The derivative: direction and steepness")
    def slope_at_ball(self) -> None:
        th, p = self.theme, self.params
        self.up_arrow = always_redraw(lambda: self._arrow(+1.0, th.slope))
        self.up_tag = self._tag(self.up_arrow, "f'(x)", th.slope)
        self.drop = always_redraw(lambda: DashedLine(  # from under the tick numbers
            self.plot.c2p(self.tracker.get_value(), 0.0) + 0.5 * DOWN,
            self.plot.c2p(self.tracker.get_value(), 0.0) + (_ARROW_DROP - 0.1) * DOWN,
            color=th.muted, stroke_width=2, dash_length=0.06))
        # the live readout: x and f'(x), numbers that follow the ball
        x_head = formula(th, "x =")
        d_head = formula(th, "f'(x) =", color=th.slope)
        self.x_number = _LiveNumber(p.start, th.body_size, th.text)
        self.slope_number = _LiveNumber(self.start_slope, th.body_size, th.slope)
        rows = VGroup(VGroup(x_head, self.x_number), VGroup(d_head, self.slope_number))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        for head, number in rows:
            self._beside(number, head)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        widest = -max(abs(self.start_slope), abs(self.other_slope), abs(p.start),
                      abs(p.other_side))  # the card fits the widest number shown
        for number in (self.x_number, self.slope_number):
            head = x_head if number is self.x_number else d_head
            self._beside(number.set_value(widest), head)
        self.readout = panel(rows, theme=th).move_to([5.15, 2.35, 0])
        self.x_number.set_value(p.start)
        self.slope_number.set_value(round(self.start_slope, 2))

        def live(number: _LiveNumber, head: MathTex, fn) -> None:
            def go(m: _LiveNumber) -> None:
                before = m.text
                m.set_value(float(fn(self.tracker.get_value())))
                if m.text != before:
                    self._beside(m, head)
            number.add_updater(go)

        live(self.x_number, x_head, lambda x: x)
        live(self.slope_number, d_head, VALLEY.slope)
        self.say(f"Here the derivative is {fmt_number(self.start_slope)}. Its sign gives a "
                 "direction: positive, so the arrow points to the right.")
        self.play(FadeIn(self.readout), Create(self.drop))
        self.play(FadeIn(self.up_arrow), FadeIn(self.up_tag))
        self.say("Its size is the steepness: the tangent line touching the curve under "
                 "the ball rises that much for every step to the right.")
        self.play(Create(self.ball.tangent))
        self.add(self.ball.ball)  # the ball stays in front of its tangent
        self.play(Indicate(self.slope_number, color=th.accent))
        self.wait(0.8)

    @beat("Uphill: descent goes against it")
    def against_it(self) -> None:
        th = self.theme
        self.say("But that arrow points uphill. The derivative tells you how to climb.")
        self.play(Indicate(self.up_arrow, color=th.accent, scale_factor=1.1))
        self.down_arrow = always_redraw(lambda: self._arrow(-1.0, th.negative))
        self.down_tag = self._tag(self.down_arrow, "-f'(x)", th.negative)
        self.say("To go down, go the other way: follow minus the derivative. That is "
                 "the whole idea of gradient descent.")
        self.play(FadeIn(self.down_arrow), FadeIn(self.down_tag))
        self.wait(1.2)

    def roll_sentence(self) -> str:
        """What the arrows do on the way down: grow first if the ball passes a point
        steeper than its start (by how much, and where), then shrink."""
        x, top = self.roll_peak
        growth = round(100 * (top / abs(self.start_slope) - 1))
        if x == self.params.start or top <= abs(self.start_slope):
            return ("Now let it roll. The tangent flattens, and both arrows shrink as the "
                    "ground levels out.")
        if growth < 1:
            return (f"Now let it roll. Down to x = {fmt_number(x)} the ground gets very "
                    "slightly steeper; then the tangent flattens, and both arrows shrink as "
                    "the ground levels out.")
        return (f"Now let it roll. At first the ground gets steeper: both arrows grow, by "
                f"{growth} %, until x = {fmt_number(x)}. Then the tangent flattens, and they "
                "shrink as the ground levels out.")

    @beat("The ball rolls down")
    def roll_down(self) -> None:
        p = self.params
        self.say(self.roll_sentence())
        self.play(self.tracker.animate.set_value(p.bottom), run_time=p.roll_time,
                  rate_func=smooth)
        self.say(f"At the bottom the slope is {fmt_number(self.bottom_slope)}: flat ground, "
                 "no arrow, nowhere lower to go.")
        self.wait(1.5)

    @beat("The other hill: the arrow flips")
    def other_side(self) -> None:
        th, p = self.theme, self.params
        self.say("Carry the ball up the other hill.")
        self.play(self.tracker.animate.set_value(p.other_side), run_time=p.carry_time,
                  rate_func=smooth)
        self.say(f"Now the derivative is {fmt_number(self.other_slope)}: negative, so "
                 "uphill is to the left and the way down is to the right.")
        self.play(Indicate(self.slope_number, color=th.accent),
                  Indicate(self.down_arrow, color=th.accent, scale_factor=1.1))
        self.wait(2.0)


# --- 2. FunctionAndDerivative ----------------------------------------------------


@dataclass(frozen=True)
class FunctionAndDerivativeParams(SceneParams):
    """The two curves shown with their slopes, and the tangent's sweep."""

    valley_range: Range = (-5.0, 5.0, 1.0)  # x axis of the valley and its slope: from, to, tick
    valley_y: Range = (-2.0, 5.0, 1.0)  # y axis shared by the valley and its slope
    sigmoid_range: Range = (-6.0, 6.0, 1.0)  # x axis of the sigmoid and its slope
    sigmoid_y: Range = (0.0, 1.0, 0.25)  # y axis shared by the sigmoid and its slope
    sweep: tuple[float, float] = (-4.5, 4.5)  # the tangent slides along the valley: from, to x
    sweep_time: float = 5.0  # seconds of the tangent's slide


_PAIR_SIZE = {"x_length": 8.4, "y_length": 4.6}
_PAIR_CENTRE = np.array([-1.3, 0.05, 0.0])


class FunctionAndDerivative(ChapterScene):
    """A curve and its derivative on the same axes: the valley (slope 0 at the
    bottom, largest where steepest), then the sigmoid (slope peaks at 0)."""

    title = "A curve and its derivative"
    Params = FunctionAndDerivativeParams

    def prepare(self) -> None:
        p = self.params
        lo, hi = p.valley_range[:2]
        if not lo < 0 < hi:
            raise ParamsError(f"valley_range must contain 0 (the bottom), got {p.valley_range}")
        # the slope's highest point on the plot: where the valley is steepest
        self.valley_hill = hill(VALLEY.slope, lo, hi)
        self.valley_peak = (self.valley_hill.x, self.valley_hill.top)
        self.bottom_slope = float(VALLEY.slope(0.0))
        sig = activation("sigmoid")
        self.sigmoid_hill = hill(sig.derivative, *p.sigmoid_range[:2])
        self.sigmoid_peak = (self.sigmoid_hill.x, self.sigmoid_hill.top)
        vx, vy = self.valley_peak
        sx, sy = self.sigmoid_peak
        self.shown = {
            "valley": _valley_tex(),
            "bottom": f"f'(0) = {fmt_number(self.bottom_slope)}",
            "valley_peak": f"f'({fmt_number(vx)}) = {fmt_number(vy)}",
            "sigmoid": r"\sigma(x) = \frac{1}{1 + e^{-x}}",
            "sigmoid_peak": rf"\sigma'({fmt_number(sx)}) = {fmt_number(sy)}",
        }
        self.marks: dict[str, str] = {}  # what each marked point's label says, as shown

    def _legend(self, f_tex: str, df_tex: str, note: str) -> VGroup:
        th = self.theme
        f_line = Line(ORIGIN, ORIGIN + 0.5 * RIGHT, color=th.positive, stroke_width=5)
        d_line = Line(ORIGIN, ORIGIN + 0.5 * RIGHT, color=th.slope, stroke_width=5)
        f_row = VGroup(f_line, formula(th, f_tex, color=th.positive)).arrange(RIGHT, buff=0.2)
        d_row = VGroup(d_line, formula(th, df_tex, color=th.slope)).arrange(RIGHT, buff=0.2)
        words = note_text(th, note, color=th.muted)
        return panel(f_row, d_row, words, theme=th, buff=0.25)

    def _mark(self, plot: ActivationPlot, x: float, function, text: str, direction) -> VGroup:
        th = self.theme
        y = plot.value(x, function)
        dot = Dot(plot.c2p(x, y), radius=0.09, color=th.accent)
        label = formula(th, text, size=th.label_size, color=th.accent)
        label.next_to(dot, direction, buff=0.12)
        label.add_background_rectangle(color=th.background, opacity=0.85, buff=0.05)
        return VGroup(dot, label)

    @beat("The valley and its slope")
    def valley_pair(self) -> None:
        th, p = self.theme, self.params
        plot = _valley_plot(p.valley_range, p.valley_y, th, x_numbers=_even_ticks(p.valley_range),
                            **_PAIR_SIZE)
        y_label = formula(th, "y", size=th.label_size, color=th.muted)
        plot.y_label.become(y_label.move_to(plot.y_label))
        plot.move_to(_PAIR_CENTRE)
        self.valley_plot = plot
        self.valley_slope = plot.plot(VALLEY.slope, color=th.slope)
        legend = self._legend("f(x)", "f'(x)", "the valley\nand its slope")
        legend.move_to([5.25, 1.9, 0])
        shown = formula(th, self.shown["valley"], color=th.positive)
        shown.move_to([plot.axes.get_center()[0], -2.95, 0])  # under the plot
        self.valley_formula = shown
        self.say("Draw the valley and its derivative on the same axes, so you can compare "
                 "them point by point.")
        self.play(FadeIn(plot.axes), FadeIn(plot.numbers), FadeIn(plot.labels), run_time=0.6)
        self.play(Create(plot.graph), FadeIn(legend[0]), FadeIn(legend[1][0]), Write(shown),
                  run_time=1.2)
        self.play(Create(self.valley_slope), FadeIn(legend[1][1:]), run_time=1.4)
        x = ValueTracker(p.sweep[0])
        touch = always_redraw(lambda: plot.tangent(x.get_value(), length=1.6, color=th.accent))
        on_f = always_redraw(lambda: Dot(plot.point(x.get_value()), radius=0.08,
                                         color=th.accent))
        on_df = always_redraw(lambda: Dot(plot.point(x.get_value(), VALLEY.slope),
                                          radius=0.08, color=th.accent))
        self.say("Slide a tangent along the valley: the slope curve is high where the "
                 "tangent is steep going up, low where it goes down.")
        self.play(Create(touch), FadeIn(on_f), FadeIn(on_df))
        self.play(x.animate.set_value(p.sweep[1]), run_time=p.sweep_time, rate_func=linear)
        self.play(FadeOut(touch), FadeOut(on_f), FadeOut(on_df))
        self.wait(0.4)

    @beat("Flat at the bottom, largest where steepest")
    def bottom_and_steepest(self) -> None:
        th = self.theme
        plot = self.valley_plot
        vx, vy = self.valley_peak
        bottom = self._mark(plot, 0.0, VALLEY.slope, self.shown["bottom"], DOWN)
        # below the tick numbers, in the empty corner right of the bottom
        bottom[1].move_to(bottom[0].get_center() + np.array([1.05, -0.75, 0.0]))
        self.marks["bottom"] = self.shown["bottom"]
        self.say(f"At the bottom the slope is {fmt_number(self.bottom_slope)}: the valley "
                 "is flat there, and that is exactly where the minimum is.")
        self.play(FadeIn(bottom[0], scale=0.5), Write(bottom[1]))
        peak = self._mark(plot, vx, VALLEY.slope, self.shown["valley_peak"], UR)
        # right of the tangent drawn next, between the valley and its slope curve
        peak[1].move_to(plot.c2p(vx + 1.45, vy + 0.5))
        self.marks["valley_peak"] = self.shown["valley_peak"]
        guide = DashedLine(plot.c2p(vx, plot.value(vx, VALLEY.slope)), plot.point(vx),
                           color=th.accent, stroke_width=3, dash_length=0.1)
        steep = plot.tangent(vx, length=1.8, color=th.accent)
        self.say(f"The slope is largest at x = {fmt_number(vx)}, where the valley wall is "
                 f"steepest: {fmt_number(vy)}.")
        self.play(FadeIn(peak[0], scale=0.5), Write(peak[1]))
        self.play(Create(guide), Create(steep))
        self.wait(1.5)

    @beat("A sigmoid and its slope")
    def sigmoid_pair(self) -> None:
        th, p = self.theme, self.params
        sig = activation("sigmoid")
        self.say("One more: the sigmoid from chapter 2, with its derivative on the "
                 "same axes.")
        self.clear_stage()
        plot = ActivationPlot("sigmoid", p.sigmoid_range, p.sigmoid_y, th,
                              derivative=sig.derivative, y_label="y", y_numbers=(0.5, 1),
                              x_numbers=_even_ticks(p.sigmoid_range), **_PAIR_SIZE)
        plot.move_to(_PAIR_CENTRE)
        self.sigmoid_plot = plot
        slope = plot.plot(sig.derivative, color=th.slope)
        legend = self._legend(r"\sigma(x)", r"\sigma'(x)", "the plain sigmoid,\nnot stretched")
        legend.move_to([5.25, 1.9, 0])
        shown = formula(th, self.shown["sigmoid"])
        shown.next_to(legend, DOWN, buff=0.35)
        self.play(FadeIn(plot.axes), FadeIn(plot.numbers), FadeIn(plot.labels), run_time=0.6)
        self.play(Create(plot.graph), FadeIn(legend[0]), FadeIn(legend[1][0]),
                  Write(shown), run_time=1.2)
        self.play(Create(slope), FadeIn(legend[1][1:]), run_time=1.4)
        sx, sy = self.sigmoid_peak
        self.say("Far out on either side the sigmoid is nearly flat, and its slope "
                 "fades towards 0.")
        self.wait(1.0)
        peak = self._mark(plot, sx, sig.derivative, self.shown["sigmoid_peak"], UR)
        self.marks["sigmoid_peak"] = self.shown["sigmoid_peak"]
        guide = DashedLine(plot.c2p(sx, sy), plot.point(sx), color=th.accent,
                           stroke_width=3, dash_length=0.1)
        steep = plot.tangent(sx, length=1.8, color=th.accent)
        self.say(f"In the middle it climbs fastest, so its slope peaks there: "
                 f"{fmt_number(sy)} at x = {fmt_number(sx)}.")
        self.play(FadeIn(peak[0], scale=0.5), Write(peak[1]))
        self.play(Create(guide), Create(steep))
        self.wait(2.0)


# --- 3. UpdateRule ---------------------------------------------------------------


@dataclass(frozen=True)
class UpdateRuleParams(SceneParams):
    """The descent shown step by step: start, learning rate, stopping rule, timing."""

    start: float = 3.0  # x where the ball starts
    learning_rate: float = 0.5  # z, the learning rate of u(x, y, z) = x - y z
    tol: float = 0.05  # stop once |f'(x)| is below this
    max_steps: int = 12  # give up after this many steps (at most 9 rows fit the table)
    x_range: Range = (-1.0, 4.0, 1.0)  # the valley plot's x axis: from, to, tick step
    y_range: Range = (0.0, 4.0, 1.0)  # the valley plot's y axis: from, to, tick step
    explained_steps: int = 2  # the first steps whose arithmetic is spelt out
    slow_step_time: float = 1.4  # seconds per jump while the arithmetic is spelt out
    fast_step_time: float = 0.7  # seconds per jump after that
    ball_radius: float = 0.16  # radius of the ball (scene units)

    def __post_init__(self) -> None:
        if self.learning_rate <= 0 or self.tol <= 0:
            raise ParamsError("learning_rate and tol must be positive")
        if self.max_steps < 1:
            raise ParamsError(f"max_steps must be at least 1, got {self.max_steps}")
        if not self.x_range[0] <= self.start <= self.x_range[1]:
            raise ParamsError(f"start must lie inside x_range {self.x_range[:2]}, "
                              f"got {self.start}")


_MAX_ROWS = 9  # rows the table has room for (one per x visited)
_COLUMNS = (r"x", r"f(x)", r"f'(x)", r"\text{new } x")
_COL_X = (1.35, 2.75, 4.15, 5.75)  # column centres (scene units)
_ROW_H = 0.42
_TABLE_TOP = 1.6  # centre of the header row


class UpdateRule(ChapterScene):
    """u(x, y, z) = x - y z step by step from x = 3: the ball jumps, a table fills with
    x, f(x), f'(x) and the new x, until the slope is nearly flat."""

    title = "The update rule"
    Params = UpdateRuleParams

    def prepare(self) -> None:
        p = self.params
        self.path = descend(VALLEY.slope, p.start, p.learning_rate, p.max_steps, tol=p.tol)
        if len(self.path) > _MAX_ROWS:
            raise ParamsError(f"the descent visits {len(self.path)} points, the table holds "
                              f"{_MAX_ROWS}: raise tol or learning_rate, or lower max_steps")
        if not np.all(np.isfinite(self.path)) or np.any(
                (self.path < p.x_range[0]) | (self.path > p.x_range[1])):
            raise ParamsError("the descent leaves the plot's x_range: choose a smaller "
                              "learning_rate or a wider x_range")
        self.heights = np.asarray(VALLEY(self.path), dtype=float)
        self.slopes = np.asarray(VALLEY.slope(self.path), dtype=float)
        self.stopped = bool(abs(self.slopes[-1]) < p.tol)  # False: max_steps ran out
        z = p.learning_rate
        # one row per x visited: x, f(x), f'(x), new x (the last row: stop, no new x);
        # each column with one number of decimals, so 1.70 stands under 2.39, and as
        # many as its smallest value needs to show its digit (0.0005, never 0 or 0.00)
        xs, heights, slopes = (fmt_column(v) for v in (self.path, self.heights, self.slopes))
        news = fmt_column(self.path[1:]) + ["-"] if len(self.path) > 1 else ["-"]
        self.rows: list[tuple[str, str, str, str]] = list(zip(xs, heights, slopes, news,
                                                              strict=True))
        self.steps: list[str] = []  # the arithmetic of each step, as shown
        for k in range(len(self.path) - 1):
            x, y = self.path[k], self.slopes[k]
            new = update(x, y, z)
            assert np.isclose(new, self.path[k + 1])
            self.steps.append(
                rf"u({fmt_number(x)},\ {fmt_number(y)},\ {fmt_number(z)}) = "
                rf"{fmt_number(x)} - {fmt_number(y)} \cdot {fmt_number(z)} = {fmt_number(new)}")
        last = abs(self.slopes[-1])
        if self.stopped:
            self.stop_rule = rf"|f'(x)| = {fmt_number(last)} < {fmt_number(p.tol)}"
        else:
            self.stop_rule = rf"|f'(x)| = {fmt_number(last)} \ge {fmt_number(p.tol)}"
        self.shown = {"formula": r"u(x, y, z) = x - y \cdot z",
                      "z": rf"z = {fmt_number(z)}"}
        self.table_rows: list[VGroup] = []  # the rows on screen, in order

    # -- words -------------------------------------------------------------------
    def rate_sentence(self) -> str:
        """The rate's part in the rule, and whether this run's steps jump over the
        bottom (counted on the path)."""
        z = fmt_number(self.params.learning_rate)
        n, over = len(self.path) - 1, crossings(self.path)
        if over == 0:
            jumps = "none of its steps jumps over the bottom" if n > 1 else \
                "the step does not jump over the bottom"
        elif over == n:
            jumps = "every step jumps over the bottom" if n > 1 else \
                "the step jumps over the bottom"
        else:
            jumps = f"{over} of its {n} steps jump over the bottom"
        return (f"The new position is x minus y times z. Here z = {z}: each step moves the "
                f"ball {z} times the slope, and on this valley {jumps}.")

    def steps_sentence(self) -> str:
        """How the step sizes from the first unexplained one on change, as counted."""
        k = self.params.explained_steps
        sizes = np.abs(np.diff(self.path))[k:]
        head = ("And so on: each new x" if k else "Each new x") + " goes back into the rule."
        if len(sizes) < 2:
            return head
        change = np.diff(sizes)
        if np.all(change < 0):
            return head + " The steps shrink as the slope flattens."
        top = int(np.argmax(sizes))
        if np.all(change[:top] > 0) and np.all(change[top:] < 0):
            return head + " The steps grow while the slope steepens, then shrink as it flattens."
        return head

    # -- building blocks ---------------------------------------------------------
    def _row(self, k: int, cells: tuple[str, ...], color: str) -> VGroup:
        th = self.theme
        y = _TABLE_TOP - (k + 1) * _ROW_H
        row = VGroup()
        for text, cx in zip(cells, _COL_X, strict=True):
            row.add(formula(th, text, size=th.small_size, color=color).move_to([cx, y, 0]))
        return row

    def _jump(self, to: float, run_time: float) -> None:
        """The ball hops along the curve to ``to``, its tangent following."""
        self.play(self.tracker.animate.set_value(to), run_time=run_time, rate_func=smooth)

    # -- beats -------------------------------------------------------------------
    @beat("The update rule")
    def rule(self) -> None:
        th, p = self.theme, self.params
        rule = formula(th, self.shown["formula"], size=th.body_size + 8)
        rule.move_to([0.0, 2.95, 0])
        names = VGroup(
            formula(th, r"x:\ \text{position}", size=th.small_size, color=th.accent),
            formula(th, r"y = f'(x):\ \text{slope}", size=th.small_size, color=th.slope),
            formula(th, r"z = " + fmt_number(p.learning_rate) + r":\ \text{learning rate}",
                    size=th.small_size),
        ).arrange(RIGHT, buff=0.6).move_to([0.0, 2.3, 0])
        self.formula, self.names = rule, names
        self.say("Gradient descent in one line: take the position x, the slope y there, "
                 "and a learning rate z.")
        self.play(Write(rule))
        self.play(FadeIn(names[0]))
        self.play(FadeIn(names[1]))
        self.say(self.rate_sentence())
        self.play(FadeIn(names[2]))
        self.wait(1.0)

    @beat("Start at x = 3")
    def start(self) -> None:
        th, p = self.theme, self.params
        plot = _valley_plot(p.x_range, p.y_range, th, x_length=6.0, y_length=3.4)
        plot.move_to([-3.55, -0.3, 0])
        self.plot = plot
        self.tracker = ValueTracker(self.path[0])
        self.ball = _Ball(plot, self.tracker, p.ball_radius, 1.4, th)
        header = VGroup(*(formula(th, c, size=th.small_size, color=th.muted)
                          .move_to([cx, _TABLE_TOP, 0])
                          for c, cx in zip(_COLUMNS, _COL_X, strict=True)))
        rule = Line([_COL_X[0] - 0.7, _TABLE_TOP - 0.24, 0],
                    [_COL_X[-1] + 0.75, _TABLE_TOP - 0.24, 0], color=th.grid, stroke_width=2)
        self.table_header = VGroup(header, rule)
        self.say(f"Start the ball at x = {fmt_number(self.path[0])} and keep a table of "
                 "every step.")
        self.play(FadeIn(plot), FadeIn(self.table_header), run_time=0.8)
        self.play(FadeIn(self.ball.ball, scale=0.3), Create(self.ball.tangent))
        self.add(self.ball.ball)
        self.wait(0.6)

    @beat("Step by step down the valley")
    def descend_steps(self) -> None:
        th, p = self.theme, self.params
        arithmetic: Mobject | None = None
        n = len(self.path) - 1
        for k in range(n):
            slow = k < p.explained_steps
            cells = self.rows[k]
            row = self._row(k, cells, th.text)
            row[1].set_color(th.positive)
            row[2].set_color(th.slope)
            row[3].set_color(th.accent)
            self.table_rows.append(row)
            if slow:
                x, f, y = (fmt_number(v) for v in (self.path[k], self.heights[k], self.slopes[k]))
                if k == 0:
                    self.say(f"At x = {x} the valley is {f} high and the slope is {y}.")
                else:
                    self.say(f"Again: at x = {x} the slope is {y}.")
                self.play(FadeIn(row[0]), FadeIn(row[1]), run_time=0.6)
                self.play(FadeIn(row[2]), run_time=0.6)
                line = formula(th, self.steps[k], size=th.small_size + 2)
                line.move_to([self.plot.axes.get_center()[0], -2.75, 0])
                if k == 0:
                    self.say(f"Feed x, y and z into u: {x} minus {y} times "
                             f"{fmt_number(p.learning_rate)} gives {cells[3]}.")
                if arithmetic is None:
                    self.play(Write(line), run_time=1.0)
                else:
                    self.play(ReplacementTransform(arithmetic, line), run_time=0.8)
                arithmetic = line
                self.play(FadeIn(row[3], shift=0.2 * RIGHT), run_time=0.5)
                self._jump(self.path[k + 1], p.slow_step_time)
                self.wait(0.3)
            else:
                if k == p.explained_steps:
                    self.say(self.steps_sentence())
                    if arithmetic is not None:
                        self.play(FadeOut(arithmetic), run_time=0.4)
                        arithmetic = None
                self.play(FadeIn(row), run_time=0.4)
                self._jump(self.path[k + 1], p.fast_step_time)
        if arithmetic is not None:
            self.play(FadeOut(arithmetic), run_time=0.4)
        self.arithmetic_done = True

    @beat("Stop when the slope is nearly flat")
    def stop(self) -> None:
        th, p = self.theme, self.params
        k = len(self.path) - 1
        row = self._row(k, self.rows[k], th.text)
        row[1].set_color(th.positive)
        row[2].set_color(th.slope)
        self.table_rows.append(row)
        self.play(FadeIn(row[:3]), run_time=0.5)
        if self.stopped:
            rule = formula(th, self.stop_rule + r":\ \text{stop}", color=th.accent)
            self.say(f"Here the slope is only {fmt_number(abs(self.slopes[-1]))}, below "
                     f"{fmt_number(p.tol)}: the ground is flat enough, so we stop.")
            stop_cell = formula(th, r"\text{stop}", size=th.small_size, color=th.accent)
        else:
            rule = formula(th, self.stop_rule + r":\ \text{out of steps}", color=th.accent)
            self.say(f"After {p.max_steps} steps the slope is still "
                     f"{fmt_number(abs(self.slopes[-1]))}: we ran out of steps.")
            stop_cell = formula(th, r"\text{-}", size=th.small_size, color=th.accent)
        stop_cell.move_to(row[3])
        row.submobjects[3] = stop_cell
        card = panel(rule, theme=th, buff=0.2)
        card.move_to([(_COL_X[0] + _COL_X[-1]) / 2, -2.75, 0])
        self.stop_card = card
        self.play(FadeIn(stop_cell), FadeIn(card))
        self.play(Flash(self.ball.ball, color=th.accent, flash_radius=0.4))
        self.say(f"The ball went from x = {fmt_number(self.path[0])} to "
                 f"{fmt_number(self.path[-1])}, close to the bottom at 0, in {k} steps.")
        self.wait(2.0)



# --- 4-5. learning rates, learning the weight -------------------------------------------


def _steps(n: int) -> str:
    return f"{n} step" if n == 1 else f"{n} steps"


def _jump_arc(x_from: float, x_to: float) -> float:
    """A path arc that makes a ball hop over the curve (up, whichever way it goes)."""
    return -0.9 * float(np.sign(x_to - x_from))


def _nice_ceiling(v: float) -> tuple[float, float]:
    """A round top at or above ``v`` (1, 1.5, 2, 3, 4, 5, 6 or 8 times a power of ten)
    and a tick step that splits it into a few parts."""
    power = 10 ** math.floor(math.log10(v))
    for m, parts in ((1, 2), (1.5, 3), (2, 2), (3, 3), (4, 2), (5, 5), (6, 3), (8, 4), (10, 2)):
        if m * power >= v:
            return m * power, m * power / parts
    return 10 * power, 5 * power  # pragma: no cover


# =====================================================================================
# 4. LearningRates
# =====================================================================================
@dataclass(frozen=True)
class Outcome:
    """How one run of gradient descent ended: ``kind`` (crawls, settles, zigzags,
    overshoots, stalls, diverges), ``headline`` (the word on screen), ``detail`` (the
    step count line) and ``steps`` taken."""

    kind: str
    headline: str
    detail: str
    steps: int
    settled: bool
    crossed: bool

    @property
    def text(self) -> str:
        """One line: ``"crawls: 90 steps"``."""
        return f"{self.headline}: {self.detail}"


def outcome(path: np.ndarray, slope, tol: float, max_steps: int, patient: int,
            bottom: float = 0.0, near: float = 1.0) -> Outcome:
    """Classify a descent ``path`` (from :func:`nnmath.descend` with ``tol``).

    Settled: the last position's slope is below ``tol``. Crossed: some step jumped
    over ``bottom``. A run that settles without crossing but needs more than
    ``patient`` steps crawls; one that settles farther than ``near`` from the bottom
    stalls on a flat stretch; one that leaves the finite numbers diverges.
    """
    path = np.asarray(path, dtype=float)
    steps = len(path) - 1
    finite = bool(np.all(np.isfinite(path)))
    side = np.sign(path - bottom)
    crossed = bool(np.any(side[:-1] * side[1:] < 0))
    settled = finite and abs(float(slope(path[-1]))) < tol
    if not finite:
        return Outcome("diverges", "diverges", "thrown out of the valley", steps, False, crossed)
    if settled and abs(path[-1] - bottom) > near:
        return Outcome("stalls", "stalls", f"stuck on the flat after {_steps(steps)}",
                       steps, True, crossed)
    if settled and crossed:
        return Outcome("zigzags", "zigzags", f"settles after {_steps(steps)}", steps, True,
                       True)
    if settled:
        kind = "crawls" if steps > patient else "settles"
        return Outcome(kind, kind, _steps(steps), steps, True, False)
    if crossed:
        return Outcome("overshoots", "overshoots", f"not settled after {_steps(max_steps)}",
                       steps, False, True)
    return Outcome("crawls", "crawls", f"not settled after {_steps(max_steps)}", steps,
                   False, False)


@dataclass(frozen=True)
class LearningRatesParams(SceneParams):
    """Three learning rates on chapter 7's valley, from one start, side by side."""

    start: float = 3.0  # x where all three balls start
    rates: tuple[float, float, float] = (0.05, 0.5, 2.3)  # learning rates z: tiny, good, too large
    tol: float = 0.05  # a ball has settled once the slope under it is smaller than this
    max_steps: int = 150  # steps a run may take before we call it unsettled
    shown_steps: int = 12  # steps played one by one, all three balls in sync
    step_time: float = 0.55  # seconds of one hop
    finish_time: float = 2.0  # seconds of the fast-forward to each run's end


_PANEL_X = (-4.55, 0.0, 4.55)  # centres of the three plots
_PLOT_Y = 0.35  # centre of the plots


class LearningRates(ChapterScene):
    """A tiny, a good and a too-large learning rate on the same valley, in sync."""

    title = "Small steps, big steps"
    Params = LearningRatesParams

    def prepare(self) -> None:
        p = self.params
        for z in p.rates:
            if z <= 0:
                raise ParamsError(f"rates must all be positive learning rates, got {list(p.rates)}")
        if p.tol <= 0:
            raise ParamsError(f"tol must be a positive slope, got {p.tol}")
        if p.max_steps < 1:
            raise ParamsError(f"max_steps must be at least 1, got {p.max_steps}")
        if not 1 <= p.shown_steps <= p.max_steps:
            raise ParamsError(f"shown_steps must be from 1 to max_steps ({p.max_steps}), "
                              f"got {p.shown_steps}")
        if not math.isfinite(p.start) or abs(p.start) > 20:
            raise ParamsError(f"start must be a number from -20 to 20, got {p.start}")
        if p.step_time <= 0 or p.finish_time <= 0:
            raise ParamsError("step_time and finish_time must be positive seconds")
        self.paths = [descend(VALLEY.slope, p.start, z, p.max_steps, tol=p.tol)
                      for z in p.rates]
        self.outcomes = [outcome(path, VALLEY.slope, p.tol, p.max_steps, p.shown_steps,
                                 near=VALLEY.width)
                         for path in self.paths]
        self.ends = [float(path[-1]) for path in self.paths]
        drawn = [x for path in self.paths for x in path if np.isfinite(x) and abs(x) < 60]
        self.half = float(_nice_ceiling(max(4.0, max(abs(x) for x in drawn)))[0])
        self.shown = {
            "rates": [f"z = {fmt_number(z, 3)}" for z in p.rates],
            "outcomes": [o.text for o in self.outcomes],
            "ends": [f"x = {fmt_number(x)}" if np.isfinite(x) else "" for x in self.ends],
            "limit": fmt_number(VALLEY.settling_limit),
        }

    # -- parts ------------------------------------------------------------------
    def _x(self, x: float) -> float:
        """A position clipped to the drawn x range (a runaway ball waits at the edge)."""
        return float(np.clip(x, -self.half, self.half)) if np.isfinite(x) else self.half

    def _spot(self, k: int, x: float) -> np.ndarray:
        return self.plots[k].point(self._x(x))

    @beat("One valley, three step sizes")
    def setup_runs(self) -> None:
        th, p = self.theme, self.params
        step = self.half / 2
        self.plots = []
        self.rate_labels = VGroup()
        self.balls = []
        colors = (th.positive, th.accent, th.negative)
        for k, (z_tex, x_c) in enumerate(zip(self.shown["rates"], _PANEL_X, strict=True)):
            plot = ActivationPlot(
                VALLEY, (-self.half, self.half, step), (0.0, VALLEY.depth + 1, 1.0), th,
                x_length=3.6, y_length=2.5, y_label="f(x)", y_numbers=(VALLEY.depth,),
                derivative=VALLEY.slope, samples=300, stroke_width=4, color=th.muted,
            ).move_to([x_c, _PLOT_Y, 0])
            self.plots.append(plot)
            label = formula(th, z_tex, color=colors[k])
            label.move_to([plot.axes.get_center()[0], 2.55, 0])
            self.rate_labels.add(label)
            self.balls.append(Dot(self._spot(k, p.start), radius=0.11, color=colors[k]))
        self.colors = colors
        self.say(self.rates_sentence())
        self.play(*(FadeIn(plot) for plot in self.plots), run_time=1.0)
        self.play(Write(self.rate_labels), *(FadeIn(b, scale=0.5) for b in self.balls))
        self.say("Each ball follows the same rule, new x = x minus z times the slope; "
                 "only z differs.")
        self.wait(1.0)

    @beat("Step by step, side by side")
    def hop(self) -> None:
        th, p = self.theme, self.params
        self.trail = VGroup()
        self.counter = label_text(th, "step 0", color=th.muted)
        self.counter.move_to([0.0, -2.6, 0])  # under the plots, clear of the header
        self.add(self.counter)
        self.bring_to_front(*self.balls)
        self.say("Now they all hop together, one step at a time. A faint dot marks "
                 "every place a ball has been.")
        for i in range(1, p.shown_steps + 1):
            moves, marks = [], []
            for k, path in enumerate(self.paths):
                if i >= len(path):  # this run has settled already
                    continue
                mark = Dot(self._spot(k, path[i - 1]), radius=0.05, color=self.colors[k])
                mark.set_opacity(0.5)
                marks.append(mark)
                moves.append(self.balls[k].animate(path_arc=_jump_arc(path[i - 1], path[i]))
                             .move_to(self._spot(k, path[i])))
            if not moves:
                break
            counter = label_text(th, f"step {i}", color=th.muted).move_to(self.counter)
            self.remove(self.counter)
            self.counter = counter
            self.trail.add(*marks)
            self.add(*marks, self.counter)
            self.bring_to_front(*self.balls)
            self.play(*moves, run_time=p.step_time)
        self.wait(0.5)

    @beat("How each run ends")
    def outcomes_beat(self) -> None:
        th, p = self.theme, self.params
        self.say("Run each one on until it settles, that is, until the slope under it "
                 f"is below {fmt_number(p.tol)}, or until {p.max_steps} steps have passed.")
        moves, rest = [], VGroup()
        for k, path in enumerate(self.paths):
            if len(path) - 1 <= p.shown_steps:  # it stopped during the hops
                continue
            for x in path[p.shown_steps:-1]:  # the places passed on the way to the end
                rest.add(Dot(self._spot(k, x), radius=0.05, color=self.colors[k])
                         .set_opacity(0.5))
            moves.append(self.balls[k].animate.move_to(self._spot(k, path[-1])))
        self.remove(self.counter)
        self.trail.add(*rest)
        if moves:
            self.play(FadeIn(rest), *moves, run_time=p.finish_time)
        self.bring_to_front(*self.balls)
        self.verdicts = VGroup()
        self.verdict_texts = []  # what each panel's verdict says, headline: detail
        for k, o in enumerate(self.outcomes):
            head = body_text(th, o.headline, color=self.colors[k])
            detail = note_text(th, o.detail)
            if detail.width > 4.2:
                detail.scale_to_fit_width(4.2)
            verdict = VGroup(head, detail).arrange(DOWN, buff=0.15)
            self.verdict_texts.append(f"{o.headline}: {o.detail}")
            verdict.move_to([self.plots[k].axes.get_center()[0], 0, 0]).set_y(-1.6, UP)
            self.verdicts.add(verdict)
        self.play(*(FadeIn(v, shift=0.15 * UP) for v in self.verdicts), run_time=0.8)
        for k, o in enumerate(self.outcomes):
            self.say(self._sentence(k, o))
            self.play(Indicate(self.verdicts[k][0], color=self.colors[k]), run_time=0.8)
        c = fmt_number(VALLEY.bottom_curvature)
        self.limit_card = formula(th, r"\text{settles at the bottom only for } z < "
                                  rf"\frac{{2}}{{f''(0)}} = \frac{{2}}{{{c}}} = "
                                  rf"{self.shown['limit']}").move_to([0.0, -3.0, 0])
        kinds = {o.kind for o in self.outcomes}
        if "crawls" in kinds and kinds & {"overshoots", "diverges"}:
            self.say("Too small wastes time, too large never lands.")
        else:
            self.say("The learning rate decides how fast the ball gets down, and whether "
                     "it gets down at all.")
        self.play(FadeIn(self.limit_card), run_time=0.8)
        text, spoken = self.limit_sentence()
        self.say(text, spoken=spoken)
        self.wait(1.5)

    # -- words -------------------------------------------------------------------
    def rates_sentence(self) -> str:
        """The three rates, named by their values (and their order, when they rise)."""
        p = self.params
        z = [fmt_number(v, 3) for v in p.rates]
        rising = all(a < b for a, b in zip(p.rates, p.rates[1:], strict=False))
        return (f"Same valley, same start at x = {fmt_number(p.start)}, three learning "
                f"rates: z = {z[0]}, {z[1]} and {z[2]}" + (", from small to large." if rising
                                                          else "."))

    def limit_sentence(self) -> tuple[str, str]:
        """What sets "too large": the valley's curvature at its bottom, and the bound
        ``2 / f''(0)`` below which a rate can settle there (with how the voice says it)."""
        c = fmt_number(VALLEY.bottom_curvature)
        limit = self.shown["limit"]
        text = (f"What makes a rate too large is not the slope but how sharply the valley "
                f"curves at its bottom, f''(0) = {c}: only rates below 2 / {c} = {limit} can "
                "settle there.")
        spoken = (f"What makes a rate too large is not the slope but how sharply the valley "
                  f"curves at its bottom: f double prime of 0 is {c}, so only rates below 2 "
                  f"over {c}, that is {limit}, can settle there.")
        return text, spoken

    def _sentence(self, k: int, o: Outcome) -> str:
        z = fmt_number(self.params.rates[k], 3)
        over = crossings(self.paths[k])
        if o.kind == "crawls" and o.settled:
            return f"With z = {z} the ball crawls: it needs {_steps(o.steps)} to settle."
        if o.kind == "crawls":
            return f"With z = {z} the ball crawls and has still not settled after " \
                   f"{_steps(self.params.max_steps)}."
        if o.kind == "settles":
            return f"With z = {z} it settles in just {_steps(o.steps)}."
        if o.kind == "zigzags":
            times = "once" if over == 1 else "twice" if over == 2 else f"{over} times"
            return f"With z = {z} it jumps across the bottom {times}, but settles " \
                   f"after {_steps(o.steps)}."
        if o.kind == "overshoots":
            jumps = (f"every one of its {o.steps} steps jumps" if over == o.steps else
                     f"{over} of its {_steps(o.steps)} jump")
            still = ("it is still bouncing from side to side" if crossings(self.paths[k][-2:])
                     else "it has not settled")
            return f"With z = {z}, {jumps} right over the bottom; after " \
                   f"{_steps(self.params.max_steps)} {still}."
        if o.kind == "stalls":
            return f"With z = {z} it is thrown out to x = {fmt_number(self.ends[k])}, on " \
                   f"the flat far from the bottom, where the slope is below " \
                   f"{fmt_number(self.params.tol)}: it stops there."
        return f"With z = {z} the steps grow without limit: the ball leaves the valley."


# =====================================================================================
# 5. LearnTheWeight
# =====================================================================================
@dataclass(frozen=True)
class LearnTheWeightParams(SceneParams):
    """Chapter 1's negation neuron learning its weight by gradient descent on E(w)."""

    inputs: tuple[float, ...] = NEGATION_INPUTS  # the examples x; the target of each is -x
    start: float = 1.0  # the weight w the descent starts from
    rate: float = 0.1  # learning rate z of each update w <- w - z E'(w)
    tol: float = 5e-4  # stop once |E'(w)| is smaller than this
    max_steps: int = 200  # give up after this many steps
    shown_steps: int = 14  # steps played one by one; the rest run in one go
    step_time: float = 0.7  # seconds of one step


class LearnTheWeight(ChapterScene):
    """Gradient descent on the negation neuron's loss finds w = -1 by itself."""

    title = "Learning the weight"
    Params = LearnTheWeightParams

    def prepare(self) -> None:
        p = self.params
        if not p.inputs:
            raise ParamsError("inputs must hold at least one example number, got []")
        if len(p.inputs) > 6:
            raise ParamsError(f"inputs may hold at most 6 examples (they are listed on "
                              f"screen), got {len(p.inputs)}")
        if not any(p.inputs):
            raise ParamsError("inputs must not all be 0: then every w is equally good")
        if p.rate <= 0:
            raise ParamsError(f"rate must be a positive learning rate, got {p.rate}")
        if p.tol <= 0:
            raise ParamsError(f"tol must be a positive slope, got {p.tol}")
        if p.max_steps < 1 or p.shown_steps < 1:
            raise ParamsError("max_steps and shown_steps must be at least 1")
        if p.step_time <= 0:
            raise ParamsError(f"step_time must be positive seconds, got {p.step_time}")
        self.E = E = WeightError.negation(p.inputs)
        if not math.isfinite(p.start) or abs(p.start - E.best) > 10:
            raise ParamsError(f"start must be within 10 of the best weight "
                              f"{fmt_number(E.best)}, got {p.start}")
        self.path = descend(E.slope, p.start, p.rate, p.max_steps, tol=p.tol)
        self.steps = len(self.path) - 1
        self.learned = float(self.path[-1])
        if not (np.all(np.isfinite(self.path)) and abs(float(E.slope(self.learned))) < p.tol):
            limit = 2 / E.curvature
            raise ParamsError(
                f"rate {p.rate} does not settle within max_steps={p.max_steps} "
                f"(E'(w) is never below tol={p.tol}); expected a rate below "
                f"{fmt_number(limit, 3)} and enough steps")
        self.errors = [float(E(w)) for w in self.path]
        self.slopes = [float(E.slope(w)) for w in self.path]
        self.outputs = [self.learned * x for x in p.inputs]
        # the plot: centred on the best weight, wide enough for the start
        half = math.ceil(max(abs(w - E.best) for w in self.path)) + 1
        lo, hi = math.floor(E.best - half), math.ceil(E.best + half)
        top, tick = _nice_ceiling(float(max(E(lo), E(hi))))
        self.w_range = (float(lo), float(hi), 1.0 if hi - lo <= 8 else 2.0)
        self.e_range = (0.0, top, tick)
        xs = ", ".join(fmt_number(x) for x in p.inputs)
        n = len(p.inputs)
        self.shown = {
            "error": (rf"E(w) = \frac{{1}}{{2}} \cdot \frac{{1}}{{{n}}} "
                      rf"\sum_{{x \in \{{{xs}\}}}} (w x + x)^2"),
            "loss": f"E(w) = {loss_label(E.loss)}",
            "readouts": [(f"step {k}", f"w = {fmt_fixed(w)}", f"E(w) = {fmt_number(e, 3)}")
                         for k, (w, e) in enumerate(zip(self.path, self.errors, strict=True))],
            "first_slope": rf"E'({fmt_number(p.start)}) = {fmt_number(self.slopes[0])}",
            "first_update": (rf"w \leftarrow {fmt_number(p.start)} - {fmt_number(p.rate, 3)}"
                             rf" \cdot {fmt_number(self.slopes[0])} = {fmt_number(self.path[1])}"
                             if self.steps else ""),
            "learned": f"w = {fmt_fixed(self.learned)}",
            "outputs": [(fmt_number(x), fmt_fixed(y)) for x, y in zip(p.inputs, self.outputs,
                                                                  strict=True)],
        }

    @beat("A neuron that does not know its weight")
    def unknown(self) -> None:
        th = self.theme
        self.net = NetworkDiagram([1, 1], weights=None, theme=th, node_radius=0.45,
                                  layer_buff=3.2).move_to([-3.9, 2.1, 0])
        edge = self.net.edge(0, 0, 0)
        self.w_label = formula(th, "w = {?}", size=th.body_size + 4, color=th.accent)
        self.w_label.next_to(edge, UP, buff=0.2)
        self.rule = formula(th, r"y = w\,x \quad \text{target: } -x")
        self.rule.next_to(self.net, DOWN, buff=0.35)
        self.say("Chapter 1's neuron again: it should turn every number into its negative, "
                 "but this time nobody tells it the weight.")
        self.play(FadeIn(self.net.layers), Create(self.net.edges), Write(self.w_label))
        self.play(Write(self.rule))
        self.wait(0.8)

    @beat("The loss as a function of w")
    def error_curve(self) -> None:
        th = self.theme
        self.formula = formula(th, self.shown["error"])
        if self.formula.width > 6.2:
            self.formula.scale_to_fit_width(6.2)
        self.formula.next_to(self.rule, DOWN, buff=0.45)
        self.plot = ActivationPlot(
            self.E, self.w_range, self.e_range, th, x_length=5.6, y_length=4.4,
            x_label="w", y_label="E(w)", y_numbers=(self.e_range[1],),
            derivative=self.E.slope, color=th.positive,
        ).move_to([3.3, 0.0, 0])
        self.loss_label = note_text(th, self.shown["loss"], color=th.muted)
        self.loss_label.next_to(self.plot, UP, buff=0.2)
        self.say(f"How wrong is it for a given w? Square each miss, w x minus the target, "
                 f"average over the examples and halve: that is the loss E(w), "
                 f"{loss_name(self.E.loss)}.")
        self.play(Write(self.formula), FadeIn(self.loss_label))
        self.play(FadeIn(self.plot.axes), FadeIn(self.plot.numbers), FadeIn(self.plot.labels))
        self.say("Plotted against w, the loss is a valley too, and its bottom is the "
                 "weight we want.")
        self.play(Create(self.plot.graph), run_time=1.5)
        self.wait(0.6)

    @beat("Start at a guess")
    def start(self) -> None:
        th, p = self.theme, self.params
        w0 = float(self.path[0])
        self.ball = Dot(self.plot.point(w0), radius=0.12, color=th.accent)
        self.touch = self.plot.tangent(w0, length=1.6, color=th.slope)
        self.readout = self._readout(0)
        slope = formula(th, self.shown["first_slope"], size=th.label_size, color=th.slope)
        slope.next_to(self.ball, DR, buff=0.15)
        self.say(f"Start from a guess, w = {fmt_number(w0)}. There the loss is "
                 f"{fmt_number(self.errors[0], 3)} and the slope "
                 f"{fmt_number(self.slopes[0])}: uphill to the "
                 f"{'right' if self.slopes[0] > 0 else 'left'}.")
        self.play(FadeIn(self.ball, scale=0.5), FadeIn(self.readout))
        self.play(Create(self.touch), FadeIn(slope))
        if self.shown["first_update"]:
            update = formula(th, self.shown["first_update"], size=th.label_size)
            update.next_to(self.readout, UP, buff=0.35).align_to(self.readout, LEFT)
            self.say(f"So step against the slope: w minus {fmt_number(p.rate, 3)} times "
                     f"{fmt_number(self.slopes[0])} gives {fmt_number(self.path[1])}.")
            self.play(Write(update))
            self.wait(1.2)
            self.play(FadeOut(update), FadeOut(slope))
        else:
            self.wait(1.0)
            self.play(FadeOut(slope))

    @staticmethod
    def _about(e: float) -> str:
        shown = fmt_number(e, 3)
        return f"practically {shown}" if shown == "0" and e != 0 else shown

    def _readout(self, k: int) -> VGroup:
        th = self.theme
        step, w, e = self.shown["readouts"][k]
        group = VGroup(label_text(th, step, color=th.muted),
                       formula(th, w, color=th.accent),
                       formula(th, e))
        group.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        group.move_to([-3.9, -2.05, 0])
        return group

    @beat("Roll down to the bottom")
    def descend_beat(self) -> None:
        th, p = self.theme, self.params
        self.say("Repeat: read the slope, step against it. The steps shrink as the "
                 "valley flattens out.")
        self.trail = VGroup()
        self.bring_to_front(self.touch, self.ball)
        shown = min(p.shown_steps, self.steps)
        for k in range(1, shown + 1):
            w_from, w_to = float(self.path[k - 1]), float(self.path[k])
            mark = Dot(self.plot.point(w_from), radius=0.05, color=th.accent).set_opacity(0.5)
            self.trail.add(mark)
            self.add(mark)
            self.bring_to_front(self.touch, self.ball)
            new = self._readout(k)
            self.remove(self.readout)
            self.add(new)
            self.readout = new
            self.play(
                self.ball.animate(path_arc=_jump_arc(w_from, w_to)).move_to(
                    self.plot.point(w_to)),
                Transform(self.touch, self.plot.tangent(w_to, length=1.6, color=th.slope)),
                run_time=p.step_time,
            )
        if shown < self.steps:
            rest = VGroup(*(Dot(self.plot.point(float(w)), radius=0.05, color=th.accent)
                            .set_opacity(0.5) for w in self.path[shown:-1]))
            self.trail.add(*rest)
            self.remove(self.readout)
            self.readout = self._readout(self.steps)
            self.add(self.readout)
            self.play(FadeIn(rest), self.ball.animate.move_to(self.plot.point(self.learned)),
                      Transform(self.touch, self.plot.tangent(self.learned, length=1.6,
                                                              color=th.slope)),
                      run_time=1.5)
        self.say(f"After {_steps(self.steps)} the slope is almost flat and the ball rests "
                 f"at w = {fmt_fixed(self.learned)}, where the loss is "
                 f"{self._about(self.errors[-1])}.")
        self.play(Flash(self.ball, color=th.accent, flash_radius=0.35), FadeOut(self.touch))
        self.wait(1.0)

    @beat("The learned weight negates")
    def negates(self) -> None:
        th = self.theme
        learned = formula(th, self.shown["learned"], size=th.body_size + 4,
                          color=th.negative if self.learned < 0 else th.positive)
        learned.move_to(self.w_label)
        w = self.learned
        self.say(f"Write the learned weight onto the link: w = {fmt_fixed(w)}.")
        self.play(ReplacementTransform(self.w_label, learned),
                  self.net.animate.set_weights([[[w]]]), FadeOut(self.formula))
        self.w_label = learned
        rows = VGroup()
        for x_text, y_text in self.shown["outputs"]:
            rows.add(formula(th, rf"{x_text} \;\mapsto\; {y_text}"))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        card = panel(rows, theme=th).move_to(self.formula).align_to(self.formula, UP)
        examples = ", ".join(x for x, _ in self.shown["outputs"])
        results = ", ".join(y for _, y in self.shown["outputs"])
        self.say(f"Feed it the examples {examples} and out come {results}: the neuron has "
                 "learned to negate, from examples alone.")
        self.play(FadeIn(card[0]))
        for row in rows:
            self.play(FadeIn(row, shift=0.1 * RIGHT), run_time=0.5)
        self.wait(1.5)
        self.negation_card = card



# --- 6. the loss surface ----------------------------------------------------------------

PICTURE_SPOT = (-2.9, -0.45, 0.0)  # where the surface's middle is shown
_SEARCH = 20.0  # the lowest loss is searched for with |w|, |b| up to this
_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "ten", "eleven", "twelve")
COLUMN_X = 4.1  # centre of the flat text column on the right


@dataclass(frozen=True)
class LossSurfaceParams(SceneParams):
    """The neuron's data, the patch of (w, b) drawn, and the descent on it."""

    inputs: tuple[float, ...] = (-2.0, -1.0, -0.3, 0.4, 1.0, 2.0)  # the points x
    targets: tuple[float, ...] = (0.0, 0.0, 1.0, 0.0, 1.0, 1.0)  # their labels t (0..1)
    w_range: tuple[float, float] = (-4.0, 6.0)  # the weight axis: from, to
    b_range: tuple[float, float] = (-4.0, 4.0)  # the bias axis: from, to
    start: tuple[float, float] = (-3.0, 3.0)  # (w, b) where the descent starts
    learning_rate: float = 4.0  # z in u(x, y, z) = x - y z, for both parameters
    tol: float = 2e-3  # stop when the gradient's length is below this
    max_steps: int = 400  # stop anyway after this many steps
    resolution: int = 32  # surface faces a side
    levels: int = 6  # level curves drawn on the floor
    height: float = 2.6  # on-screen height of the highest loss on the patch
    descent_time: float = 8.0  # seconds of the ball's roll
    turn: float = 6.0  # degrees a second the camera turns while the ball rolls

    def __post_init__(self) -> None:
        for name in ("w_range", "b_range"):
            lo, hi = getattr(self, name)
            if not lo < hi:
                raise ParamsError(f"{name} must be (from, to) with from < to, got {(lo, hi)}")
        w, b = self.start
        if not (self.w_range[0] <= w <= self.w_range[1]
                and self.b_range[0] <= b <= self.b_range[1]):
            raise ParamsError(f"start {self.start} must lie on the patch drawn: w in "
                              f"{self.w_range}, b in {self.b_range}")
        if self.resolution < 4:
            raise ParamsError(f"resolution must be at least 4 faces a side, got "
                              f"{self.resolution}")


class LossSurface(ChapterScene3D):
    """A sigmoid neuron's real loss over its weight and bias as a surface, level
    curves on the floor, and the ball following nnmath's gradient-descent path."""

    title = "The loss surface: from two dimensions to many"
    Params = LossSurfaceParams
    camera_class = AimedCamera

    def prepare(self) -> None:
        p = self.params
        try:
            self.loss = NeuronLoss(p.inputs, p.targets)
            self.path = descend(self.loss.gradient, list(p.start), p.learning_rate,
                                p.max_steps, tol=p.tol)
        except ValueError as err:
            raise ParamsError(str(err)) from None
        self.path_loss = self.loss(self.path)
        self.steps = len(self.path) - 1
        self.settled = bool(np.linalg.norm(self.loss.gradient(self.path[-1])) < p.tol)
        # what the words say about the whole surface: its lowest point, and the plateau
        # it flattens out to where the neuron is a sharp step
        box = (-_SEARCH, _SEARCH)
        self.lowest = self.loss.lowest(box, box)
        self.plateau = self.loss.plateau()
        if (max(abs(v) for v in self.lowest.params) > 0.99 * _SEARCH
                or fmt_number(self.plateau.level, 3) == fmt_number(self.lowest.value, 3)):
            raise ParamsError(
                "targets: on these points the loss has no lowest point within reach (it "
                "keeps falling as the neuron turns into a step); expected labels that no "
                "threshold splits perfectly, like the defaults")
        self.at_lowest = fmt_number(float(self.path_loss[-1]), 3) == fmt_number(
            self.lowest.value, 3)
        self.ws, self.bs, self.grid = self.loss.grid(p.w_range, p.b_range, n=p.resolution + 1)
        self.top = float(self.grid.max())
        lows = np.linspace(float(self.grid.min()), self.top, p.levels + 2)[1:-1]
        self.level_values = [float(v) for v in lows]
        self.curves = [self.loss.level_curves(v, p.w_range, p.b_range, n=60)
                       for v in self.level_values]
        self.n_digits_params = parameter_count(DIGITS_SIZES)
        self.arrangements = hidden_permutations(DIGITS_SIZES)

    # --- drawing helpers ------------------------------------------------------------
    def _z(self, value: float) -> float:
        """Loss -> the axes' third coordinate (scaled so the patch's top is ``height``)."""
        return value / self.top * self.z_top

    def _point(self, w: float, b: float, value: float | None = None,
               lift: float = 0.0) -> np.ndarray:
        z = self._z(float(self.loss([w, b])) if value is None else value)
        return self.axes.c2p(w, b, z + lift)

    # --- words ------------------------------------------------------------------------
    def model_sentence(self) -> str:
        """The neuron, its points counted, and its loss named (the same as the weight's
        loss earlier in the chapter, when it is)."""
        n = len(self.loss.inputs)
        count = _WORDS[n] if n < len(_WORDS) else str(n)
        again = " again" if self.loss.loss == WeightError.loss else ""
        return (f"Take one sigmoid neuron and {count} labelled points. Its loss, "
                f"{loss_name(self.loss.loss)}{again}, depends on just two numbers, its "
                "weight w and its bias b.")

    def plateau_sentence(self) -> str:
        """Not one simple bowl: the level the surface flattens out to where the neuron
        is a sharp step, and how many points such a step gets right."""
        pl = self.plateau
        return (f"It is not one simple bowl. Far out, where the neuron turns into a sharp "
                f"step, the surface flattens into a plateau near L = "
                f"{fmt_number(pl.level, 3)}, the loss of a step that gets {pl.right} of the "
                f"{pl.n} points right. There the slope is almost 0.")

    def _arrangements(self) -> tuple[str, str]:
        """The digits network's hidden-neuron orders: ("16! · 16!", "4·10²⁶")."""
        hidden = DIGITS_SIZES[1:-1]
        factorials = " · ".join(f"{h}!" for h in hidden)
        mantissa, power = f"{float(self.arrangements):.0e}".split("e")
        sup = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
        return factorials, f"{mantissa}·10{str(int(power)).translate(sup)}"

    def dimensions_sentence(self) -> tuple[str, str]:
        """13,002 parameters, a landscape, and why it is not one valley: reordering the
        hidden neurons leaves the loss unchanged (with how the voice says it)."""
        n = f"{self.n_digits_params:,}"
        factorials, _ = self._arrangements()
        mantissa, power = f"{float(self.arrangements):.0e}".split("e")
        power = str(int(power))
        head = (f"The digits network of chapter 6 has {n} parameters, so its loss is a "
                f"landscape in {n} dimensions, and not one valley either: swap two of its "
                "hidden neurons, weights and all, and the loss stays the same, so each low "
                "point is one of up to ")
        tail = (" equally low ones. Gradient descent walks down it the same way: against "
                "the slope, one step at a time.")
        spoken_factorials = " times ".join(f"{h} factorial" for h in DIGITS_SIZES[1:-1])
        return (head + f"{factorials}, about {mantissa} · 10^{power}," + tail,
                head + f"{spoken_factorials}, about {mantissa} times 10 to the power of "
                f"{power}," + tail)

    @beat("One neuron, its points, one loss")
    def model(self) -> None:
        th, p = self.theme, self.params
        self.set_camera_orientation(phi=60 * DEGREES, theta=-120 * DEGREES, zoom=1.0)
        w0, w1 = p.w_range
        b0, b1 = p.b_range
        self.z_top = p.height
        # the axes only place points; the patch gets three edges of its own, at its
        # corner, so that no axis runs through the middle of the surface
        self.axes = themed_axes((w0, w1, 2), (b0, b1, 2), (0, p.height, p.height),
                                x_length=4.6, y_length=3.7, z_length=p.height,
                                tips=False, theme=th)
        self.camera.look_at.move_to(self.axes.c2p((w0 + w1) / 2, (b0 + b1) / 2, 0))
        self.camera.spot.move_to(PICTURE_SPOT)
        corner = self.axes.c2p(w0, b0, 0)
        # w and b along two edges of the floor; L stands at the far end of w, where the
        # surface is low, so the line is not lost inside it
        edges = {"w": (corner, self.axes.c2p(w1, b0, 0)),
                 "b": (corner, self.axes.c2p(w0, b1, 0)),
                 "L": (self.axes.c2p(w1, b0, 0), self.axes.c2p(w1, b0, p.height))}
        self.edges = VGroup(*(Line(a, z, color=th.axis, stroke_width=2.5)
                              for a, z in edges.values()))
        labels = VGroup()
        for (name, (a, z)), push in zip(edges.items(), (0.45, 0.45, 0.35), strict=True):
            away = (z - a) / np.linalg.norm(z - a)
            labels.add(formula(th, name, size=th.label_size + 4, color=th.muted).move_to(
                z + push * away))
        self.add_fixed_orientation_mobjects(*labels)
        self.axis_labels = labels
        neuron = formula(th, r"y = \sigma(w\,x + b)")
        loss = VGroup(formula(th, r"L(w, b) = \tfrac{1}{2}\,\mathrm{mean}\,(y - t)^2"),
                      note_text(th, loss_label(self.loss.loss), color=th.muted))
        loss.arrange(DOWN, buff=0.15)
        line = self._data_line()
        self.column = VGroup(neuron, line, loss).arrange(DOWN, buff=0.45)
        self.column.move_to([COLUMN_X, 1.3, 0])
        self.fix_unshown(self.column)
        self.say(self.model_sentence())
        self.play(FadeIn(self.column), Create(self.edges), FadeIn(labels), run_time=1.5)

    def _data_line(self) -> VGroup:
        """The six points on a number line, filled by their label (0 or 1)."""
        th = self.theme
        xs, ts = self.loss.inputs, self.loss.targets
        lo, hi = float(np.floor(xs.min())), float(np.ceil(xs.max()))
        length = 3.6
        axis = Line(LEFT * length / 2, RIGHT * length / 2, color=th.axis, stroke_width=2)
        dots = VGroup()
        for x, t in zip(xs, ts, strict=True):
            at = axis.point_from_proportion((x - lo) / (hi - lo))
            color = th.positive if t >= 0.5 else th.negative
            dots.add(Dot(at, radius=0.09, color=color))
        ends = VGroup(
            formula(th, fmt_number(lo), size=th.small_size, color=th.muted).next_to(
                axis.get_start(), DOWN, buff=0.12),
            formula(th, fmt_number(hi), size=th.small_size, color=th.muted).next_to(
                axis.get_end(), DOWN, buff=0.12),
        )
        key = VGroup(
            Dot(radius=0.07, color=th.positive),
            formula(th, "t = 1", size=th.small_size, color=th.muted),
            Dot(radius=0.07, color=th.negative),
            formula(th, "t = 0", size=th.small_size, color=th.muted),
        ).arrange(RIGHT, buff=0.12)
        key[2].shift(0.25 * RIGHT)
        key[3].shift(0.25 * RIGHT)
        key.next_to(axis, UP, buff=0.3)
        return VGroup(key, axis, dots, ends)

    @beat("The loss over every (w, b)")
    def surface(self) -> None:
        th = self.theme
        ws, bs, grid = self.ws, self.bs, self.grid
        self.surface_mob = MeshSurface.from_grid(
            self.axes, ws, bs, grid, colors=(th.positive, th.negative), z_of=self._z,
            opacity=0.9)
        self.floor = VGroup()
        for curves in self.curves:
            for curve in curves:
                line = VMobject(stroke_color=th.muted, stroke_width=1.5)
                line.set_points_as_corners([self.axes.c2p(w, b, 0) for w, b in curve])
                self.floor.add(line)
        low, high = self.level_values[0], self.level_values[-1]
        self.say(f"Every point of this surface is the loss of one neuron: from "
                 f"{fmt_number(float(self.grid.min()), 3)} at the lowest point drawn to "
                 f"{fmt_number(self.top, 3)} at the highest.")
        self.play(Create(self.floor), run_time=1.2)
        self.play(FadeIn(self.surface_mob), run_time=1.5)  # added after the floor: above it
        self.add(self.axis_labels)  # and the axis names over it, never hidden
        self.say(f"On the floor, its level curves, from L = {fmt_number(low, 3)} to "
                 f"{fmt_number(high, 3)}: the map of the surface seen from above.")
        self.wait(1.0)
        self.say(self.plateau_sentence())
        self.wait(1.5)

    @beat("Downhill, step by step")
    def descent(self) -> None:
        th, p = self.theme, self.params
        path, losses = self.path, self.path_loss
        lift = 0.03
        on_surface = [self._point(w, b, v, lift) for (w, b), v in zip(path, losses,
                                                                       strict=True)]
        on_floor = [self.axes.c2p(w, b, 0) for w, b in path]
        trail = VMobject(stroke_color=th.accent, stroke_width=4)
        trail.set_points_as_corners(on_surface)
        shadow = VMobject(stroke_color=th.accent, stroke_width=2.5, stroke_opacity=0.8)
        shadow.set_points_as_corners(on_floor)
        step = ValueTracker(0.0)

        def where(t: float) -> np.ndarray:
            k = min(int(t), self.steps - 1) if self.steps else 0
            f = t - k if self.steps else 0.0
            return on_surface[k] + f * (on_surface[min(k + 1, self.steps)] - on_surface[k])

        ball = Dot(where(0.0), radius=0.11, color=th.accent)  # a disc facing the camera
        self.add_fixed_orientation_mobjects(ball)
        ball.add_updater(lambda m: m.move_to(where(step.get_value())))
        readout = VGroup(note_text(th, "step 0"), note_text(th, "L = " + fmt_number(losses[0], 3)))
        readout.arrange(RIGHT, buff=0.6).next_to(self.column, DOWN, buff=0.5)
        shown = self.shown_step = {"k": 0}  # the step the readout shows

        def show_step(m: VGroup) -> None:
            k = min(round(step.get_value()), self.steps)
            if k != shown["k"]:  # new Text only when the step changes
                shown["k"] = k
                for old, text in zip(m, (f"step {k}", "L = " + fmt_number(losses[k], 3)),
                                     strict=True):
                    old.become(note_text(th, text).move_to(old, aligned_edge=LEFT))
                self.fix_unshown(m)  # the new glyphs stay flat on screen too

        readout.add_updater(show_step)
        self.fix_unshown(readout)
        rule = formula(th, r"(w, b) \leftarrow (w, b) - z\,\nabla L,\quad z = "
                       + fmt_number(p.learning_rate), size=th.small_size + 2)
        rule.next_to(readout, DOWN, buff=0.35)
        self.fix_unshown(rule)
        w0, b0 = (fmt_number(v) for v in path[0])
        self.say(f"Start at w = {w0}, b = {b0} and apply the update rule to both numbers at "
                 "once: each step goes against the gradient, the slope in w and in b.")
        self.play(FadeIn(ball), FadeIn(readout), Write(rule), run_time=1.0)
        self.add(trail, ball)  # drawn over the surface, the ball on top
        self.bring_to_back(shadow)  # the shadow on the floor lies under it
        self.begin_ambient_camera_rotation(rate=p.turn * DEGREES)
        self.play(step.animate.set_value(float(self.steps)), Create(trail), Create(shadow),
                  run_time=p.descent_time, rate_func=linear)
        self.stop_ambient_camera_rotation()
        ball.update()
        show_step(readout)  # the end state, also when animations are skipped
        for m in (ball, readout):
            m.clear_updaters()
        self.readout, self.rule = readout, rule
        w1, b1 = (fmt_number(v) for v in path[-1])
        loss = fmt_number(float(losses[-1]), 3)
        lowest = fmt_number(self.lowest.value, 3)
        if self.settled and self.at_lowest:
            self.say(f"After {self.steps} steps the gradient is nearly flat: w = {w1}, "
                     f"b = {b1}, loss {loss}, the lowest this neuron can reach on these "
                     "points.")
        elif self.settled:
            self.say(f"After {self.steps} steps the gradient is nearly flat: w = {w1}, "
                     f"b = {b1}, loss {loss}. The ball has stopped on a flat stretch, "
                     f"above the lowest loss, {lowest}.")
        else:
            self.say(f"After {self.steps} steps the ball is still rolling: w = {w1}, "
                     f"b = {b1}, loss {loss}; the lowest loss is {lowest}.")
        self.wait(1.5)

    @beat("Many dimensions, many low points")
    def dimensions(self) -> None:
        th = self.theme
        n = f"{self.n_digits_params:,}"
        note = VGroup(
            note_text(th, "Two parameters: a surface to see."),
            note_text(th, f"The digits network has {n}:"),
            note_text(th, f"a landscape in {n} dimensions,"),
            note_text(th, f"up to {self._arrangements()[1]} copies of each low point,"),
            note_text(th, "walked down the same way.", color=th.accent),
        ).arrange(DOWN, buff=0.15)
        if note.width > 4.6:  # the text column's width
            note.scale_to_fit_width(4.6)
        note.next_to(self.column[2], DOWN, buff=0.5)
        self.fix_unshown(note)
        self.play(FadeOut(self.readout), FadeOut(self.rule), FadeOut(self.column[1]),
                  run_time=0.6)
        self.play(self.column[2].animate.next_to(self.column[0], DOWN, buff=0.4),
                  run_time=0.6)
        note.next_to(self.column[2], DOWN, buff=0.5)
        self.note = note
        text, spoken = self.dimensions_sentence()
        self.say(text, spoken=spoken)
        self.play(FadeIn(note), run_time=1.0)
        self.wait(2.0)
