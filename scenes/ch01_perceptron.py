"""Chapter 1: the perceptron, one neuron that draws a boundary.

Render one scene::

    manim -qm scenes/ch01_perceptron.py WeatherPerceptron

Scenes, in story order: WeatherPerceptron, NegationPerceptron, Perceptron2D,
Perceptron3D, Separability. Every number, line and plane they show comes from
:mod:`nnmath` (``Perceptron``, ``perceptron_rule``, ``best_linear_accuracy``,
``clouds``, ``weather.example_days``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    DEGREES,
    DL,
    DOWN,
    DR,
    LEFT,
    OUT,
    RIGHT,
    UL,
    UP,
    UR,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    Line,
    Mobject,
    NumberLine,
    Polygon,
    ReplacementTransform,
    ThreeDAxes,
    Transform,
    Triangle,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
    config,
    linear,
)

from narrator.fmt import fmt_column
from nnmath import (
    Perceptron,
    accuracy,
    best_linear_accuracy,
    clouds,
    describe_map,
    perceptron_rule,
)
from nnmath.examples import NEGATION_INPUTS
from nnmath.linear import moves_points
from nnmath.perceptron import separating_line
from nnmath.readout import crossings
from nnmath.regions import half_planes
from nnmath.weather import example_days
from scenes.base import ChapterScene, ChapterScene3D, beat
from scenes.chapters import chapter
from scenes.components import (
    MatrixLabel,
    body_text,
    fmt_number,
    fmt_percent,
    formula,
    label_text,
    linear_tex,
    note_text,
    panel,
)
from scenes.components.axes import themed_axes
from scenes.components.camera import AimedCamera
from scenes.components.network_diagram import NetworkDiagram
from scenes.components.placement import to_corner, to_edge
from scenes.params import SceneParams
from scenes.theme import Theme

__all__ = [
    "NegationParams",
    "NegationPerceptron",
    "Perceptron2D",
    "Perceptron2DParams",
    "Perceptron3D",
    "Perceptron3DParams",
    "Separability",
    "SeparabilityParams",
    "WeatherParams",
    "WeatherPerceptron",
    "half_plane",
]

Range = tuple[float, float]


# --- formatting helpers (no math: they only write numbers nnmath computed) -------------
def half_plane(perceptron: Perceptron, xlim: Range, ylim: Range, side: int) -> np.ndarray | None:
    """Corners of the part of the box where ``perceptron`` says ``side`` (1: w.x + b >= 0),
    from nnmath's half-plane split; ``None`` if that side misses the box."""
    off, on = half_planes(perceptron.weights, perceptron.bias, xlim, ylim)
    corners = on if side == 1 else off
    return corners if len(corners) >= 3 else None


def _output_color(th: Theme, y: float) -> str:
    return th.on if y >= 0.5 else th.off


def _sign_color(th: Theme, w: float) -> str:
    return th.positive if w > 0 else th.negative if w < 0 else th.muted


# =====================================================================================
# 1. WeatherPerceptron
# =====================================================================================
@dataclass(frozen=True)
class WeatherParams(SceneParams):
    """The 1-input weather perceptron: good weather (1) from 20 degrees C up."""

    weight: float = 1.0  # w in H(w x + b), per degree C; its sign picks the side that gives 1
    bias: float = -20.0  # b in H(w x + b): the boundary sits at x = -b / w (degrees C)
    flipped_weight: float = -1.0  # w after the flip: negative, so the cold side gives 1
    flipped_bias: float = 20.0  # b after the flip; the boundary moves to -b / w (degrees C)
    t_range: tuple[float, float, float] = (-10.0, 40.0, 10.0)  # number line: from, to, tick (C)
    sweep: tuple[float, ...] = (4.0, 17.0, 35.0, 14.0)  # marker stops (C); the 2nd leg crosses
    flipped_sweep: tuple[float, ...] = (14.0, 33.0, 8.0)  # marker stops (degrees C) after the flip
    readout_digits: int = 0  # the marker's temperature is read to this many decimals
    probes: tuple[float, ...] = (19.9, 20.0, 20.1)  # temperatures (C) tabled at the boundary
    sweep_time: float = 2.6  # seconds per leg of the sweep


class WeatherPerceptron(ChapterScene):
    """A number line of temperatures; the perceptron switches on at 20 degrees C."""

    title = "A perceptron draws a boundary"
    Params = WeatherParams

    def prepare(self) -> None:
        p = self.params
        for name, w in (("weight", p.weight), ("flipped_weight", p.flipped_weight)):
            if w == 0:
                raise ValueError(f"{name} must be non-zero: with a weight of 0 the output "
                                 "never changes, so there is no boundary on the line")
        if len(p.sweep) < 2:
            raise ValueError(f"sweep must hold at least 2 stops (where the marker starts, "
                             f"then where it goes), got {list(p.sweep)}")
        if not p.probes:
            raise ValueError("probes must hold at least one temperature to look at, got []")
        self.judge = Perceptron([p.weight], p.bias)
        self.flipped = Perceptron([p.flipped_weight], p.flipped_bias)
        self.threshold = self.judge.threshold
        self.flipped_threshold = self.flipped.threshold
        self.active = self.judge  # the perceptron the marker's readout asks
        lo, hi, _ = p.t_range
        for name, t in (("weight/bias", self.threshold),
                        ("flipped_weight/flipped_bias", self.flipped_threshold)):
            if not lo < t < hi:
                raise ValueError(f"{name} put the boundary at {fmt_number(t)} degrees, "
                                 f"outside t_range ({fmt_number(lo)}, {fmt_number(hi)}); "
                                 "expected a boundary inside the number line")
        # (x, w x + b, H(w x + b)) for the close look at the boundary
        self.probe_rows = self.probe_table(self.judge)
        self.flipped_probe_rows = self.probe_table(self.flipped)
        # the step graph's levels: left end, at the boundary, right end
        self.levels = self.step_levels(self.judge)
        self.flipped_levels = self.step_levels(self.flipped)
        self.formula_tex = linear_tex(self.judge.weights, self.judge.bias, ["x"])
        self.flipped_formula_tex = linear_tex(self.flipped.weights, self.flipped.bias, ["x"])
        self.span = (lo, hi)
        # how the marker's sweep first reaches the boundary: "up", "down" or never (None)
        t = self.threshold
        first = crossings(p.sweep, t) or (("up",) if t in p.sweep else ())
        self.sweep_first = first[0] if first else None
        # are the probes on both sides of the boundary, and close to it?
        self.probes_straddle = min(p.probes) <= t <= max(p.probes)
        self.probes_close = max(abs(x - t) for x in p.probes) <= 0.02 * (hi - lo)
        # does the second perceptron's weight have the other sign? (then it flips)
        self.flips = bool((self.flipped.weights[0] > 0) != (self.judge.weights[0] > 0))

    def probe_table(self, perceptron: Perceptron) -> list[tuple[float, float, float]]:
        return [
            (x, float(perceptron.pre_activation(x)), float(perceptron(x)))
            for x in self.params.probes
        ]

    def step_levels(self, perceptron: Perceptron) -> tuple[float, float, float]:
        lo, hi, _ = self.params.t_range
        return float(perceptron(lo)), float(perceptron(perceptron.threshold)), float(perceptron(hi))

    def reading(self, x: float) -> tuple[float, float]:
        """The marker's temperature as shown, and the active perceptron's output there."""
        shown = round(float(x), self.params.readout_digits)
        return shown, float(self.active(shown))

    # -- geometry of the picture -------------------------------------------------------
    graph_height = 2.0

    def pt(self, x: float, y: float = 0.0) -> np.ndarray:
        return self.line.n2p(x) + y * self.graph_height * UP

    @beat("A number line of temperatures")
    def number_line(self) -> None:
        th = self.theme
        lo, hi, step = self.params.t_range
        self.line = NumberLine(
            x_range=[lo, hi, step], length=10.5, color=th.axis, include_tip=False,
            stroke_width=3, tick_size=0.1,
        ).move_to(0.4 * LEFT + 1.3 * DOWN)
        ticks = np.arange(lo, hi + step / 2, step)
        self.tick_labels = VGroup(*(
            formula(th, fmt_number(t), size=th.label_size).next_to(self.line.n2p(t), DOWN, 0.22)
            for t in ticks
        ))
        self.unit = formula(th, r"x\ (^\circ\mathrm{C})", size=th.label_size)
        self.unit.next_to(self.line, RIGHT, buff=0.3)
        question = body_text(th, "Is the weather good?", size=th.header_size)
        question.move_to(1.2 * UP)
        self.say("Is today's weather good or bad? Let one number decide: the temperature.")
        self.play(Create(self.line), FadeIn(self.tick_labels), FadeIn(self.unit), run_time=1.5)
        self.play(FadeIn(question, shift=0.2 * DOWN))
        self.wait(1.0)
        self.play(FadeOut(question))

    @beat("The boundary on the line")
    def boundary(self) -> None:
        th = self.theme
        lo, hi = self.span
        t = self.threshold
        self.boundary_line = DashedLine(self.pt(t), self.pt(t, 1.15), color=th.text,
                                        stroke_width=2.5)
        self.boundary_label = note_text(th, f"boundary: {fmt_number(t)} °C")
        self.boundary_label.next_to(self.boundary_line, UP, buff=0.15)
        self.bands = self.make_bands(self.judge)
        left, _, right = self.levels
        self.band_labels = VGroup(
            formula(th, rf"y = {fmt_number(left)}", color=_output_color(th, left)).move_to(
                0.5 * (self.pt(lo) + self.pt(t)) + 0.55 * UP),
            formula(th, rf"y = {fmt_number(right)}", color=_output_color(th, right)).move_to(
                0.5 * (self.pt(t) + self.pt(hi)) + 0.55 * UP),
        )
        self.say(
            f"A perceptron with one input draws a single boundary on this line, "
            f"here at {fmt_number(t)} degrees."
        )
        self.play(Create(self.boundary_line), FadeIn(self.boundary_label))
        warm = "good" if right == 1 else "bad"
        cold = "good" if left == 1 else "bad"
        self.say(f"Warmer than that counts as {warm}: output {fmt_number(right)}. "
                 f"Colder counts as {cold}: output {fmt_number(left)}.")
        self.play(FadeIn(self.bands), FadeIn(self.band_labels))
        self.wait(0.8)

    def make_bands(self, perceptron: Perceptron) -> VGroup:
        """Thick translucent stripes along the line, coloured by the output on each side."""
        lo, hi = self.span
        t = perceptron.threshold
        left, _, right = self.step_levels(perceptron)
        return VGroup(
            Line(self.pt(lo), self.pt(t), stroke_width=14, stroke_opacity=0.45,
                 color=_output_color(self.theme, left)),
            Line(self.pt(t), self.pt(hi), stroke_width=14, stroke_opacity=0.45,
                 color=_output_color(self.theme, right)),
        )

    @beat("A marker sweeps across the boundary")
    def sweep(self) -> None:
        th = self.theme
        stops = self.params.sweep
        self.x = ValueTracker(stops[0])

        def marker() -> Mobject:
            shown, _ = self.reading(self.x.get_value())
            return Triangle(color=th.accent, fill_opacity=1.0, stroke_width=0).scale(0.14).rotate(
                np.pi
            ).move_to(self.pt(shown) + 0.3 * UP)

        built: dict[tuple[float, float], Mobject] = {}  # one line per reading, then copies
        spot = 3.0 * LEFT + 2.95 * DOWN

        def reading_line(shown: float, y: float) -> Mobject:
            if (shown, y) not in built:
                digits = self.params.readout_digits
                x_tex = formula(th, rf"x = {fmt_number(shown, digits)}\,^\circ\mathrm{{C}}")
                arrow = formula(th, r"\longrightarrow")
                y_tex = formula(th, f"y = {fmt_number(y)}", color=_output_color(th, y))
                built[shown, y] = VGroup(x_tex, arrow, y_tex).arrange(RIGHT, buff=0.3)
            return built[shown, y].copy().move_to(spot)

        # the card stays put; only the line on it is redrawn (sized for the widest reading)
        widest = max((self.reading(t) for t in self.span), key=lambda r: len(fmt_number(r[0])))
        self.readout_card = panel(reading_line(*widest), theme=th)[0].move_to(spot)
        self.readout = always_redraw(lambda: reading_line(*self.reading(self.x.get_value())))
        self.marker = always_redraw(marker)
        left, at, _ = self.levels
        below = self.params.sweep[0] < self.threshold  # where the marker starts
        self.say(f"Slide the temperature along. {'Below' if below else 'Above'} the boundary "
                 f"the output is {fmt_number(left if below else self.levels[2])}...")
        self.play(FadeIn(self.marker), FadeIn(self.readout_card), FadeIn(self.readout))
        self.play(self.x.animate.set_value(stops[1]), run_time=self.params.sweep_time,
                  rate_func=linear)
        before, after = (left, self.levels[2]) if below else (self.levels[2], left)
        if self.sweep_first is None:
            self.say(f"...but this sweep never reaches the boundary, so the output stays "
                     f"{fmt_number(before)}.")
        elif at != before:
            self.say(f"...and the moment we reach it, the output switches to {fmt_number(at)}.")
        else:  # the boundary itself still gives the level we come from (H(0) = 1)
            self.say(f"...and it is still {fmt_number(at)} at the boundary itself; just past "
                     f"it, the output switches to {fmt_number(after)}.")
        self.wait(0.5)
        for stop in stops[2:]:
            self.play(self.x.animate.set_value(stop), run_time=self.params.sweep_time,
                      rate_func=linear)
        self.wait(0.5)

    @beat("The formula and the step graph")
    def formula(self) -> None:
        th = self.theme
        self.eq = formula(th, "y = H(", self.formula_tex, ")", size=th.body_size + 6)
        self.eq.move_to(3.2 * LEFT + 2.3 * UP)
        self.h_def = formula(
            th, r"H(z) = \begin{cases} 1 & z \ge 0 \\ 0 & z < 0 \end{cases}",
        ).move_to(2.9 * RIGHT + 2.3 * UP)
        self.y_axis = self.make_y_axis()
        self.graph = self.step_graph(self.judge)
        self.probes = self.make_probes(self.probe_rows)
        self.say(
            f"As a formula: y = H({self.formula_tex}), where H is the Heaviside "
            "step: 1 for inputs of zero or more, 0 for anything below zero."
        )
        self.play(Write(self.eq), FadeIn(self.h_def))
        self.play(FadeOut(self.boundary_label), FadeOut(self.band_labels), Create(self.y_axis))
        self.play(Create(self.graph), FadeOut(self.bands), run_time=1.5)

        def rider() -> Mobject:
            shown, y = self.reading(self.x.get_value())
            return Dot(self.pt(shown, y), radius=0.09, color=th.accent)

        self.rider = always_redraw(rider)
        self.play(FadeIn(self.rider))
        if self.probes_straddle and self.probes_close:
            lead = "Right at the boundary: "
        elif self.probes_straddle:
            lead = "On both sides of the boundary: "
        else:
            lead = f"All on one side of the boundary at {fmt_number(self.threshold)}: "
        self.say(
            lead
            + ", ".join(f"{fmt_number(x)} gives {fmt_number(y)}" for x, _, y in self.probe_rows)
            + "."
        )
        self.play(FadeIn(self.probes))
        self.wait(1.5)

    def make_y_axis(self) -> VGroup:
        th = self.theme
        lo, _ = self.span
        axis = Line(self.pt(lo), self.pt(lo, 1.2), color=th.axis, stroke_width=2.5)
        ticks = VGroup(*(
            formula(th, fmt_number(v), size=th.small_size).next_to(self.pt(lo, v), LEFT, 0.15)
            for v in (0.0, 1.0)
        ))
        marks = VGroup(*(
            Line(self.pt(lo, v) + 0.08 * LEFT, self.pt(lo, v) + 0.08 * RIGHT, color=th.axis)
            for v in (0.0, 1.0)
        ))
        name = formula(th, "y", size=th.label_size).next_to(axis, UP, buff=0.1)
        return VGroup(axis, marks, ticks, name)

    def step_graph(self, perceptron: Perceptron) -> VGroup:
        """Two flat pieces and the jump at the threshold: filled dot where H(0) lands."""
        th = self.theme
        lo, hi = self.span
        t = perceptron.threshold
        left, at, right = self.step_levels(perceptron)
        open_level = left if at != left else right
        return VGroup(
            Line(self.pt(lo, left), self.pt(t, left), color=_output_color(th, left),
                 stroke_width=5),
            Line(self.pt(t, right), self.pt(hi, right), color=_output_color(th, right),
                 stroke_width=5),
            Dot(self.pt(t, open_level), radius=0.08, fill_color=th.background,
                fill_opacity=1.0, stroke_color=_output_color(th, open_level), stroke_width=3),
            Dot(self.pt(t, at), radius=0.08, color=_output_color(th, at)),
        )

    def make_probes(self, rows: list[tuple[float, float, float]]) -> VGroup:
        """A small table: x, then y = H(w x + b), for the probe temperatures."""
        th = self.theme
        cells: list[Mobject] = [formula(th, "x"), formula(th, "y")]
        # the x row keeps one number of decimals: 20.0 between 19.9 and 20.1
        xs = fmt_column(x for x, _, _ in rows)
        for x_text, (_, _, y) in zip(xs, rows, strict=True):
            cells.append(formula(th, x_text))
            cells.append(formula(th, fmt_number(y), color=_output_color(th, y)))
        grid = VGroup(*cells).arrange_in_grid(rows=2, flow_order="dr", buff=(0.45, 0.25))
        rule = Line(grid.get_left(), grid.get_right(), color=th.grid, stroke_width=2)
        rule.move_to(grid)
        return panel(VGroup(grid, rule), theme=th).move_to(3.6 * RIGHT + 2.95 * DOWN)

    @beat("A negative weight flips the decision")
    def flip(self) -> None:
        th = self.theme
        new_eq = formula(th, "y = H(", self.flipped_formula_tex, ")", size=th.body_size + 6)
        new_eq.move_to(self.eq)
        side = "at or below" if self.flipped_levels[0] == 1 else "from"
        if self.flips:
            sign = "negative" if self.flipped.weights[0] < 0 else "positive"
            self.say(
                f"Make the weight {sign}, y = H({self.flipped_formula_tex}), and the decision "
                f"flips: now temperatures {side} {fmt_number(self.flipped_threshold)} give 1."
            )
        else:
            self.say(
                f"Change the weight and bias, y = H({self.flipped_formula_tex}): the weight "
                f"keeps its sign, so the decision does not flip; now temperatures {side} "
                f"{fmt_number(self.flipped_threshold)} give 1."
            )
        self.play(ReplacementTransform(self.eq, new_eq))
        self.eq = new_eq
        self.active = self.flipped
        t = self.flipped_threshold
        moved = DashedLine(self.pt(t), self.pt(t, 1.15), color=th.text, stroke_width=2.5)
        self.play(
            Transform(self.boundary_line, moved),
            Transform(self.graph, self.step_graph(self.flipped)),
            Transform(self.probes, self.make_probes(self.flipped_probe_rows)),
            run_time=1.5,
        )
        for stop in self.params.flipped_sweep:
            self.play(self.x.animate.set_value(stop), run_time=self.params.sweep_time,
                      rate_func=linear)
        self.wait(0.5)

    @beat("The general form y = H(wx + b)")
    def general(self) -> None:
        th = self.theme
        general = formula(th, "y = H(", "w", "x", "+", "b", ")", size=th.body_size + 10)
        general[1].set_color(th.accent)
        general[4].set_color(th.bias)
        general.move_to(self.eq).align_to(self.eq, LEFT)
        size = th.body_size + 4
        legend = VGroup(
            formula(th, rf"w = {fmt_number(self.flipped.weights[0])}", size=size, color=th.accent),
            formula(th, rf"b = {fmt_number(self.flipped.bias)}", size=size, color=th.bias),
            formula(th, rf"\text{{boundary: }} x = -\tfrac{{b}}{{w}} = "
                        rf"{fmt_number(self.flipped_threshold)}", size=size),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        legend.move_to(self.h_def).align_to(self.h_def, LEFT)
        self.say(
            "In general, one input x, one weight w and one bias b: y = H(wx + b). "
            "The weight sets which side is on; together with the bias it places the boundary."
        )
        self.play(FadeOut(self.h_def), ReplacementTransform(self.eq, general))
        self.play(FadeIn(legend, shift=0.2 * LEFT))
        self.play(Indicate(self.boundary_line, color=th.accent))
        self.wait(1.5)


# =====================================================================================
# 2. NegationPerceptron
# =====================================================================================
@dataclass(frozen=True)
class NegationParams(SceneParams):
    """A 1-input linear neuron with w = -1: it negates whatever comes in."""

    weight: float = -1.0  # w in y = w x + b (no step: a linear neuron); -1 negates
    bias: float = 0.0  # b in y = w x + b; 0 keeps it a pure product
    inputs: tuple[float, ...] = NEGATION_INPUTS  # the numbers fed in, one after another
    travel_time: float = 1.0  # seconds a pulse takes along the weight's edge, per input


class NegationPerceptron(ChapterScene):
    """Input -> output through one weight; with w = -1 the output is the input negated."""

    title = "A perceptron that negates"
    Params = NegationParams

    def prepare(self) -> None:
        p = self.params
        if not p.inputs:
            raise ValueError("inputs must hold at least one number to feed in, got []")
        self.neuron = Perceptron([p.weight], p.bias, activation="identity")
        self.facts = describe_map([[p.weight]])  # w as a 1x1 map: identity, negation, zero
        self.shifts = moves_points([p.bias])
        self.outputs = [float(self.neuron(x)) for x in p.inputs]
        self.w_text = fmt_number(self.neuron.weights[0])
        bias = fmt_number(self.neuron.bias)
        self.b_text = "" if bias == "0" else (f" - {bias[1:]}" if bias[0] == "-" else f" + {bias}")

    @beat("Two neurons and one weight")
    def diagram(self) -> None:
        th = self.theme
        w = float(self.neuron.weights[0])
        self.net = NetworkDiagram(
            [1, 1], weights=[[[w]]], theme=th, node_radius=0.7, layer_buff=6.0,
        ).move_to(1.5 * UP)
        self.captions = VGroup(
            label_text(th, "input", color=th.muted).next_to(
                self.net.node(0, 0), DOWN, buff=0.25),
            label_text(th, "output", color=th.muted).next_to(
                self.net.node(1, 0), DOWN, buff=0.25),
        )
        edge = self.net.edge(0, 0, 0)
        self.w_label = formula(th, f"w = {self.w_text}", color=_sign_color(th, w),
                               size=th.body_size + 6)
        self.w_label.next_to(edge, UP, buff=0.25)
        rule_tex = r"y = w \cdot x" + self.b_text
        self.rule = formula(th, rule_tex, size=th.body_size + 4).move_to(0.3 * DOWN)
        self.say("The smallest network there is: one input neuron, one output neuron, "
                 "and a single weight w on the link between them.")
        self.play(FadeIn(self.net.layers), FadeIn(self.captions))
        self.play(Create(self.net.edges), Write(self.w_label))
        if self.shifts:
            self.say(f"No step this time: the output is the input times the weight, plus "
                     f"the bias {fmt_number(self.neuron.bias)}.")
        else:
            self.say("No step this time: the output is simply the input times the weight.")
        self.play(Write(self.rule))
        self.wait(0.8)

    @beat("Feed in a few numbers")
    def feed(self) -> None:
        th = self.theme
        p = self.params
        edge = self.net.edge(0, 0, 0)
        w_tex = self.w_text
        f = self.facts
        if f.is_reflection and not self.shifts:  # w = -1, b = 0
            what = "it turns every number into its negative"
        elif f.is_identity and not self.shifts:
            what = "it leaves every number as it is"
        elif f.is_zero:
            what = f"it ignores the input: every number gives {fmt_number(self.neuron.bias)}"
        else:
            what = "that is the rule"
        self.table = self.make_table(len(p.inputs))
        header, *slots = self.table
        self.say(
            "Feed it " + ", ".join(fmt_number(x) for x in p.inputs) + " and out come "
            + ", ".join(fmt_number(y) for y in self.outputs)
            + f": with w = {w_tex} {what}."
        )
        self.play(FadeIn(header), run_time=0.5)
        for x, y, slot in zip(p.inputs, self.outputs, slots, strict=True):
            x_in = self.net.value_label(0, 0, x, font_size=th.body_size + 10)
            y_out = self.net.value_label(1, 0, y, font_size=th.body_size + 10,
                                         color=_sign_color(th, y))
            pulse = Dot(edge.get_start(), radius=0.1, color=th.accent)
            worked = formula(th, rf"y = ({w_tex}) \cdot ({fmt_number(x)}){self.b_text} = "
                                 rf"{fmt_number(y)}", size=th.body_size + 4).move_to(self.rule)
            self.play(FadeIn(x_in, scale=0.6), run_time=0.5)
            self.play(pulse.animate.move_to(edge.get_end()), run_time=p.travel_time)
            self.play(FadeOut(pulse), FadeIn(y_out, scale=0.6),
                      ReplacementTransform(self.rule, worked), run_time=0.6)
            self.rule = worked
            self.play(FadeIn(slot), run_time=0.5)
            self.wait(0.6)
            self.play(FadeOut(x_in), FadeOut(y_out), run_time=0.4)

    def make_table(self, n: int) -> VGroup:
        """Header column (x, y) and one column per example, as a table at the bottom."""
        th = self.theme
        size = th.body_size + 6
        header = VGroup(formula(th, "x", color=th.muted, size=size),
                        formula(th, "y", color=th.muted, size=size))
        columns = [header]
        # the x row and the y row each keep one number of decimals: 4.0 beside -0.5
        xs, ys = fmt_column(self.params.inputs), fmt_column(self.outputs)
        for x, y, y_text in zip(xs[:n], self.outputs[:n], ys[:n], strict=True):
            columns.append(VGroup(formula(th, x, size=size),
                                  formula(th, y_text, color=_sign_color(th, y), size=size)))
        for col in columns:
            col.arrange(DOWN, buff=0.4)
        table = VGroup(*columns).arrange(RIGHT, buff=0.9).move_to(2.75 * DOWN)
        for col in columns[1:]:  # rows line up whatever the widths
            for cell, ref in zip(col, header, strict=True):
                cell.set_y(ref.get_y())
        rule = Line(header.get_corner(UR) + 0.45 * RIGHT + 0.1 * UP,
                    header.get_corner(DR) + 0.45 * RIGHT + 0.1 * DOWN,
                    color=th.grid, stroke_width=2)
        header.add(rule)
        return table

    @beat("How would a computer find w?")
    def question(self) -> None:
        th = self.theme
        ch = chapter(7)
        unknown = formula(th, "w = ?", color=th.accent, size=th.body_size + 6)
        unknown.move_to(self.w_label)
        ask = body_text(th, "How could a computer find w by itself?", size=th.header_size)
        hint = label_text(th, f"Chapter {ch.number}: {ch.title}", color=th.muted)
        card = panel(ask, hint, theme=th).move_to(1.0 * DOWN)
        self.say(f"Here we picked w = {self.w_text} by hand. "
                 "But how could a computer find the right w on its own, just from examples?")
        self.play(ReplacementTransform(self.w_label, unknown), FadeOut(self.rule),
                  self.net.animate.set_weights(None))  # neutral: the sign is not known
        self.play(FadeIn(card, shift=0.2 * UP))
        self.say(f"That is what gradient descent does; we meet it in chapter {ch.number}.")
        self.play(Indicate(unknown, color=th.accent))
        self.wait(1.5)


# =====================================================================================
# shared by the 3D scenes
# =====================================================================================
def _legend(th: Theme, on: str, off: str) -> VGroup:
    rows = VGroup(
        VGroup(Dot(radius=0.09, color=th.on), label_text(th, on)),
        VGroup(Dot(radius=0.09, color=th.off), label_text(th, off)),
    )
    for row in rows:
        row.arrange(RIGHT, buff=0.2)
    return panel(rows.arrange(DOWN, aligned_edge=LEFT, buff=0.25), theme=th)


# =====================================================================================
# 3. Perceptron2D
# =====================================================================================
@dataclass(frozen=True)
class Perceptron2DParams(SceneParams):
    """Two inputs, temperature x1 (degrees C) and humidity x2 (%)."""

    weights: tuple[float, float] = (0.5, -0.1)  # (w1, w2): per degree C, per % humidity
    bias: float = -5.0  # b: the boundary is the line w1 x1 + w2 x2 + b = 0 (must cross the box)
    temperature: tuple[float, float] = (0.0, 40.0)  # x1 axis and the days' range: from, to (C)
    humidity: tuple[float, float] = (0.0, 100.0)  # x2 axis and the days' range: from, to (%)
    temperature_ticks: tuple[float, ...] = (0.0, 20.0, 40.0)  # numbered ticks on x1 (degrees C)
    humidity_ticks: tuple[float, ...] = (50.0, 100.0)  # numbered ticks on x2 (%)
    z_range: tuple[float, float, float] = (-15.0, 15.0, 5.0)  # z = w . x + b axis: from, to, tick
    n_days: int = 22  # how many random example days are drawn
    seed: int = 1  # random seed of the days (the same seed gives the same days)
    margin: float = 1.5  # every day keeps |w . x + b| >= margin, off the line
    camera_phi: float = 58.0  # tilt of the 3D view, degrees from looking straight down
    camera_theta: tuple[float, float] = (-100.0, -125.0)  # degrees: start, end of the swing
    swing_time: float = 4.0  # seconds of the camera's swing from start to end theta


class Perceptron2D(ChapterScene3D):
    """Example days in the temperature-humidity plane, the boundary line, and the tilted
    plane z = w1 x1 + w2 x2 + b that crosses zero along it."""

    title = "Two inputs: the boundary is a line"
    Params = Perceptron2DParams

    def prepare(self) -> None:
        p = self.params
        self.renderer.camera.should_apply_shading = False  # colours stay the theme's
        if not any(p.weights):
            raise ValueError(f"weights must not all be zero: with no weight the output never "
                             f"changes, so there is no boundary line; got {list(p.weights)}")
        self.judge = Perceptron(list(p.weights), p.bias)
        self.box = (tuple(p.temperature), tuple(p.humidity))
        self.days, self.labels = example_days(
            self.judge, p.n_days, ranges=self.box, seed=p.seed, margin=p.margin,
        )
        self.heights = self.judge.pre_activation(self.days)  # z of each day
        self.segment = self.judge.boundary().segment(*self.box)
        if self.segment is None:
            raise ValueError(f"the line {linear_tex(p.weights, p.bias, ['x_1', 'x_2'])} = 0 "
                             f"misses the box temperature {self.box[0]} x humidity "
                             f"{self.box[1]}; expected weights and bias whose line crosses it")
        z_lo, z_hi, _ = p.z_range
        if not (z_lo <= self.heights.min() and self.heights.max() <= z_hi):
            raise ValueError(f"the days' heights w . x + b run from "
                             f"{fmt_number(self.heights.min())} to "
                             f"{fmt_number(self.heights.max())}, outside z_range "
                             f"({fmt_number(z_lo)}, {fmt_number(z_hi)}); widen z_range")
        self.sides = {s: half_plane(self.judge, *self.box, side=s) for s in (0, 1)}
        self.side_heights = {
            s: None if v is None else self.judge.pre_activation(v) for s, v in self.sides.items()
        }
        self.formula = linear_tex(self.judge.weights, self.judge.bias, ["x_1", "x_2"])
        self.view_center = 2.4 * RIGHT + 0.1 * DOWN  # top view: axes left, cards right
        self.tilt_center = 0.3 * OUT + 0.3 * RIGHT  # 3D view: the box in the middle
        self.cards_left = 1.6 * RIGHT  # left edge of the cards beside the top view

    # -- pictures ---------------------------------------------------------------------
    def make_axes(self) -> ThreeDAxes:
        th = self.theme
        p = self.params
        (t0, t1), (h0, h1) = self.box
        return themed_axes(
            (t0, t1, (t1 - t0) / 4), (h0, h1, (h1 - h0) / 4), p.z_range,
            x_length=6.0, y_length=4.6, z_length=4.0, theme=th,
            num_axis_pieces=1,  # one piece per axis: far cheaper to copy and draw
        )

    def plane_labels(self) -> VGroup:
        """Tick numbers and names of the temperature and humidity axes."""
        th = self.theme
        p = self.params
        ax = self.axes
        (t0, t1), (h0, _) = self.box
        labels = VGroup()
        for t in p.temperature_ticks:
            labels.add(formula(th, fmt_number(t), size=th.small_size).move_to(
                ax.c2p(t, h0, 0) + 0.35 * DOWN))
        for h in p.humidity_ticks:
            labels.add(formula(th, fmt_number(h), size=th.small_size).move_to(
                ax.c2p(t0, h, 0) + 0.45 * LEFT))
        x_name = formula(th, r"x_1\ (^\circ\mathrm{C})", size=th.label_size)
        x_name.move_to(ax.c2p(0.25 * t0 + 0.75 * t1, h0, 0) + 0.8 * DOWN)
        y_name = formula(th, r"x_2\ (\%)", size=th.label_size)
        y_name.move_to(ax.c2p(t0, 0.25 * h0 + 0.75 * self.box[1][1], 0) + 1.0 * LEFT)
        return labels.add(x_name, y_name)

    def height_axis(self) -> tuple[VGroup, VGroup]:
        """A z axis standing at the front right corner (clear of the humidity labels),
        and its labels."""
        th = self.theme
        lo, hi, _ = self.params.z_range
        (_, t1), (h0, _) = self.box
        ax = self.axes
        axis = VGroup(Line(ax.c2p(t1, h0, lo), ax.c2p(t1, h0, hi)), *(
            Line(ax.c2p(t1, h0, z) + 0.08 * LEFT, ax.c2p(t1, h0, z) + 0.08 * RIGHT)
            for z in (lo, 0.0, hi)
        )).set_stroke(th.axis, width=2)
        labels = VGroup(*(
            formula(th, fmt_number(z), size=th.small_size).move_to(ax.c2p(t1, h0, z) + 0.5 * RIGHT)
            for z in (lo, hi)
        ))
        labels.add(formula(th, "z", size=th.label_size).move_to(ax.c2p(t1, h0, hi) + 0.4 * OUT))
        return axis, labels

    def half_planes(self, lift: bool, opacity: float) -> VGroup:
        """The box split by the boundary: on side and off side, flat or lifted to z."""
        th = self.theme
        pieces = VGroup()
        for side in (1, 0):
            corners = self.sides[side]
            if corners is None:
                continue
            zs = self.side_heights[side] if lift else np.zeros(len(corners))
            pieces.add(Polygon(
                *(self.axes.c2p(x, y, z) for (x, y), z in zip(corners, zs, strict=True)),
                stroke_width=1.5, stroke_color=_output_color(th, side),
                fill_color=_output_color(th, side), fill_opacity=opacity,
            ))
        return pieces

    def label_spot(self, side: int) -> np.ndarray | None:
        """A point on ``side`` of the line, as far from every day (on screen) as possible."""
        corners = self.sides[side]
        if corners is None:
            return None
        (t0, t1), (h0, h1) = self.box
        ts, hs = np.meshgrid(np.linspace(t0, t1, 13)[2:-2], np.linspace(h0, h1, 13)[2:-2])
        grid = np.column_stack([ts.ravel(), hs.ravel()])
        grid = grid[self.judge.predict(grid) == side]
        if len(grid) == 0:
            return self.axes.c2p(*corners.mean(axis=0), 0)
        screen = np.array([self.axes.c2p(*g, 0) for g in grid])
        avoid = [self.axes.c2p(*d, 0) for d in self.days]
        if self.segment is not None:  # keep off the line too
            a, b = (self.axes.c2p(*end, 0) for end in self.segment)
            avoid += [a + s * (b - a) for s in np.linspace(0.0, 1.0, 25)]
        avoid = np.array(avoid)
        gaps = np.linalg.norm(screen[:, None, :] - avoid[None, :, :], axis=2).min(axis=1)
        return screen[int(np.argmax(gaps))]

    # -- beats ------------------------------------------------------------------------
    @beat("Example days: temperature and humidity")
    def days_plane(self) -> None:
        th = self.theme
        (t0, t1), (h0, h1) = self.box
        self.set_camera_orientation(frame_center=self.view_center)
        self.axes = self.make_axes()
        self.axes.get_z_axis().set_opacity(0)
        ax = self.axes
        self.grid = VGroup(
            *(Line(ax.c2p(t, h0, 0), ax.c2p(t, h1, 0)) for t in ax.get_x_axis().get_tick_range()),
            *(Line(ax.c2p(t0, h, 0), ax.c2p(t1, h, 0)) for h in ax.get_y_axis().get_tick_range()),
            Line(ax.c2p(t1, h0, 0), ax.c2p(t1, h1, 0)),
            Line(ax.c2p(t0, h1, 0), ax.c2p(t1, h1, 0)),
        ).set_stroke(th.grid, width=1.2, opacity=0.7)
        self.ticks = self.plane_labels()
        self.dots = VGroup(*(
            Dot(ax.c2p(*day, 0), radius=0.09, color=_output_color(th, label))
            for day, label in zip(self.days, self.labels, strict=True)
        ))
        self.legend = _legend(th, "good day, y = 1", "bad day, y = 0")
        self.legend.move_to(self.cards_left + 2.4 * UP, aligned_edge=UL)
        self.fix_unshown(self.legend)
        self.keep_facing_camera(*self.ticks, *self.dots)
        self.say("Now two inputs: temperature and humidity. Each dot is one day, "
                 "marked good or bad.")
        self.play(Create(self.axes), FadeIn(self.grid), FadeIn(self.ticks), run_time=1.5)
        self.play(FadeIn(self.dots, lag_ratio=0.05), FadeIn(self.legend), run_time=1.5)
        self.wait(0.8)

    @beat("The boundary is a line")
    def boundary_line(self) -> None:
        th = self.theme
        a, b = self.segment
        self.line = Line(self.axes.c2p(*a, 0), self.axes.c2p(*b, 0), color=th.accent,
                         stroke_width=5)
        general = formula(th, r"w_1x_1 + w_2x_2 + b = 0")
        actual = formula(th, self.formula, "= 0")
        self.eq_card = panel(general, actual, theme=th)
        self.eq_card.next_to(self.legend, DOWN, buff=0.3).align_to(self.legend, LEFT)
        self.fix_unshown(self.eq_card)
        good = int(np.sum(self.labels))
        if 0 < good < len(self.labels):
            self.say("A perceptron with two inputs splits them with a straight line: "
                     "the points where w1 x1 + w2 x2 + b is exactly zero.")
        else:  # every day came out on the same side
            self.say("A perceptron with two inputs draws a straight line: the points where "
                     "w1 x1 + w2 x2 + b is exactly zero. Here every day lies on its "
                     f"{'good' if good else 'bad'} side.")
        self.play(Create(self.line), FadeIn(self.eq_card), run_time=1.5)
        self.wait(1.0)

    @beat("The tilted plane z = w1 x1 + w2 x2 + b crosses zero")
    def tilted_plane(self) -> None:
        th = self.theme
        p = self.params
        self.z_axis, self.z_labels = self.height_axis()
        self.flat = self.half_planes(lift=False, opacity=0.3)
        tilted = self.half_planes(lift=True, opacity=0.45)
        self.z_card = to_corner(panel(formula(th, r"z = w_1x_1 + w_2x_2 + b"),
                                      formula(th, "z = ", self.formula), theme=th),
                                UR, buff=0.3).shift(0.4 * DOWN)
        self.fix_unshown(self.z_card)
        self.keep_facing_camera(*self.z_labels)
        self.say("Where does that line come from? Give every point a height, "
                 "z = w1 x1 + w2 x2 + b. Those heights make a tilted plane.")
        self.move_camera(
            phi=p.camera_phi * DEGREES, theta=p.camera_theta[0] * DEGREES, zoom=0.95,
            frame_center=self.axes.get_center() + self.tilt_center,
            added_anims=[FadeOut(self.legend), FadeOut(self.eq_card), FadeIn(self.z_axis)],
            run_time=2.5,
        )
        self.play(FadeIn(self.z_card), FadeIn(self.z_labels))
        self.remove(self.line, self.dots)
        self.add(self.flat, self.line, self.dots)  # days and line stay over the planes
        self.play(
            Transform(self.flat, tilted),
            *(dot.animate.move_to(self.axes.c2p(*day, z))
              for dot, day, z in zip(self.dots, self.days, self.heights, strict=True)),
            run_time=2.5,
        )
        self.say("Good days sit above zero, bad days below. The plane crosses z = 0 "
                 "exactly along our boundary line.")
        self.move_camera(theta=p.camera_theta[1] * DEGREES, run_time=p.swing_time,
                         added_anims=[Indicate(self.line, color=th.accent, scale_factor=1.0)])
        self.wait(0.5)

    @beat("Back to 2D: the two half-planes")
    def top_view(self) -> None:
        th = self.theme
        flat = self.half_planes(lift=False, opacity=0.22)
        side_labels = VGroup()
        for side in (1, 0):
            spot = self.label_spot(side)
            if spot is not None:
                label = formula(th, f"y = {side}", color=_output_color(th, side)).move_to(spot)
                label.add_background_rectangle(color=th.background, opacity=0.75, buff=0.08)
                side_labels.add(label)
        out_card = panel(formula(th, "y = H(", self.formula, ")"), theme=th)
        out_card.next_to(self.eq_card, DOWN, buff=0.3).align_to(self.eq_card, LEFT)
        self.fix_unshown(out_card)
        self.say("Look from straight above again. The perceptron outputs 1 on one side "
                 "of the line and 0 on the other: two half-planes.")
        self.move_camera(
            phi=0, theta=-90 * DEGREES, zoom=1.0, frame_center=self.view_center,
            added_anims=[
                Transform(self.flat, flat),
                FadeOut(self.z_labels), FadeOut(self.z_card), FadeOut(self.z_axis),
                *(dot.animate.move_to(self.axes.c2p(*day, 0))
                  for dot, day in zip(self.dots, self.days, strict=True)),
            ],
            run_time=2.5,
        )
        self.play(FadeIn(self.legend), FadeIn(self.eq_card), FadeIn(out_card),
                  FadeIn(side_labels))
        self.wait(1.5)


# =====================================================================================
# 4. Perceptron3D
# =====================================================================================
@dataclass(frozen=True)
class Perceptron3DParams(SceneParams):
    """Three inputs: temperature (degrees C), humidity (%), wind speed (km/h)."""

    weights: tuple[float, float, float] = (0.5, -0.1, -1.0)  # (w1, w2, w3): per C, %, km/h
    bias: float = 10.0  # b: the boundary is the plane w . x + b = 0 (must stay in the box)
    temperature: tuple[float, float] = (0.0, 40.0)  # x1 axis and the days' range: from, to (C)
    humidity: tuple[float, float] = (0.0, 100.0)  # x2 axis and the days' range: from, to (%)
    wind: tuple[float, float] = (0.0, 30.0)  # x3 axis and the days' range: from, to (km/h)
    n_days: int = 26  # how many random example days are drawn
    seed: int = 2  # random seed of the days (the same seed gives the same days)
    margin: float = 2.5  # every day keeps |w . x + b| >= margin, off the plane
    camera_phi: float = 62.0  # tilt of the view, degrees from looking straight down
    camera_theta: float = -165.0  # degrees, where the slow turn starts
    rotation_rate: float = 0.035  # radians per second of the slow turn
    zoom: float = 0.92  # camera zoom: above 1 magnifies, below 1 shows more
    screen_spot: tuple[float, float] = (1.6, 0.9)  # screen point (x, y) of the box's centre


DAY_RADIUS = 0.08  # a day's dot in Perceptron3D (scene units)
WIND_NAME_GAP = 0.4  # from the end of the wind axis to the centre of its name
TURN_SECONDS = 30.0  # Perceptron3D turns its camera for about this long (seconds)


class Perceptron3D(ChapterScene3D):
    """Days as points in 3D, a separating plane, and the perceptron as y = H(Wx + b)."""

    camera_class = AimedCamera  # the box on the right, flat cards on the left
    title = "Three inputs: the boundary is a plane"
    Params = Perceptron3DParams

    def prepare(self) -> None:
        p = self.params
        self.renderer.camera.should_apply_shading = False  # colours stay the theme's
        if p.weights[2] == 0:
            raise ValueError(f"weights[2], the wind's weight, must be non-zero: the boundary "
                             f"is drawn as a plane over temperature and humidity, got "
                             f"{list(p.weights)}")
        self.judge = Perceptron(list(p.weights), p.bias)
        self.box = (tuple(p.temperature), tuple(p.humidity), tuple(p.wind))
        self.days, self.labels = example_days(
            self.judge, p.n_days, ranges=self.box, seed=p.seed, margin=p.margin,
        )
        self.corners = self.judge.boundary().corners(self.box[0], self.box[1])
        (v0, v1), wind = self.box[2], np.asarray(self.corners)[:, 2]
        if wind.min() < v0 - 1e-9 or wind.max() > v1 + 1e-9:
            raise ValueError(f"the plane's wind speed runs from {fmt_number(wind.min())} to "
                             f"{fmt_number(wind.max())} over the box, outside wind "
                             f"({fmt_number(v0)}, {fmt_number(v1)}); expected weights and "
                             "bias whose plane stays inside the box, or a wider wind range")
        self.W = self.judge.weights[None, :]  # one output neuron: W is a row
        self.good_below = bool(self.judge.weights[2] < 0)  # more wind, lower w . x + b

    def axis_names(self) -> VGroup:
        """Axis names just past the end of each axis, facing the camera; the wind's
        name high enough above its axis to stay clear of the days (``wind_rise``)."""
        th = self.theme
        ax = self.axes
        (t0, t1), (h0, h1), (v0, v1) = self.box
        wind = formula(th, r"x_3\ (\mathrm{km/h})", size=th.label_size)
        rise = self.wind_rise(wind)
        names = VGroup(
            formula(th, r"x_1\ (^\circ\mathrm{C})", size=th.label_size).move_to(
                ax.c2p(t1, h0, v0) + 0.75 * RIGHT + 0.35 * DOWN),
            formula(th, r"x_2\ (\%)", size=th.label_size).move_to(
                ax.c2p(t0, h1, v0) + 0.6 * UP + 0.3 * LEFT),
            wind.move_to(ax.c2p(t0, h0, v1) + rise * OUT),
        )
        self.wind_axis_end = VGroup()  # the wind axis runs on, without ticks, to its name
        if rise > WIND_NAME_GAP:
            top = ax.c2p(t0, h0, v1)
            self.wind_axis_end.add(Line(top, top + (rise - WIND_NAME_GAP) * OUT,
                                        color=th.axis, stroke_width=th.axis_width))
        return names

    def wind_rise(self, name: Mobject) -> float:
        """How far above the wind axis's top (scene units, at least ``WIND_NAME_GAP``)
        the wind's name sits: the least height at which no day, stem, floor edge, axis
        or edge of the boundary plane comes under it, at every angle the camera turns
        through (``turns``), while it stays in the frame and clear of the header.

        The axis stands at the box's corner nearest the camera, and the days behind it
        are drawn higher up the screen, among its top. Where no height clears them all
        (a camera looking nearly straight down), the height that leaves the fewest;
        where every height leaves the frame, the least."""
        cam = self.renderer.camera
        ax = self.axes
        (t0, t1), (h0, h1), (v0, v1) = self.box
        days = np.array([ax.c2p(*day) for day in self.days])
        corner, x_end, y_end = ax.c2p(t0, h0, v0), ax.c2p(t1, h0, v0), ax.c2p(t0, h1, v0)
        segments = [(corner, x_end), (corner, y_end), (x_end, ax.c2p(t1, h1, v0)),
                    (y_end, ax.c2p(t1, h1, v0)),
                    *((ax.c2p(t, h, v0), ax.c2p(t, h, v)) for t, h, v in self.days),
                    *((ax.c2p(*a), ax.c2p(*b))  # the boundary plane's edges
                      for a, b in zip(self.corners, np.roll(self.corners, 1, axis=0),
                                      strict=True))]
        along = np.linspace(0.0, 1.0, 32)[:, None]
        marks = np.vstack([days, *(a + along * (b - a) for a, b in segments)])
        size = np.array([name.width, name.height]) / 2
        half = size + DAY_RADIUS + 0.05
        top = ax.c2p(t0, h0, v1)
        rises = np.arange(WIND_NAME_GAP, 4.0, 0.1)
        covered = np.zeros(len(rises), dtype=int)
        outside = np.zeros(len(rises), dtype=bool)
        room = np.array([config.frame_x_radius, config.frame_y_radius]) - 0.1 - size
        header = None if self.header is None else (
            np.asarray(self.header.get_corner(DL))[:2] - size,
            np.asarray(self.header.get_corner(UR))[:2] + size)
        theta = cam.get_theta()
        try:
            for turn in self.turns():
                cam.set_theta(turn)
                cam.reset_rotation_matrix()
                seen = cam.project_points(marks)[:, :2]
                centres = cam.project_points(top + np.outer(rises, OUT))[:, :2]
                under = (np.abs(seen[None] - centres[:, None]) < half).all(axis=2)
                covered += under.sum(axis=1)
                outside |= (np.abs(centres) > room).any(axis=1)
                if header is not None:
                    outside |= ((centres > header[0]) & (centres < header[1])).all(axis=1)
        finally:
            cam.set_theta(theta)
            cam.reset_rotation_matrix()
        if outside.all():
            return float(rises[0])
        return float(rises[int(np.argmin(np.where(outside, covered.max() + 1, covered)))])

    def turns(self) -> np.ndarray:
        """The camera's angles (radians) while it turns: from ``camera_theta`` at
        ``rotation_rate`` for at most ``TURN_SECONDS`` (the scene lasts about half of
        that), every 5 degrees, a whole turn at most."""
        p = self.params
        sweep = min(abs(p.rotation_rate) * TURN_SECONDS, 2 * np.pi)
        angles = np.append(np.arange(0.0, sweep, np.radians(5.0)), sweep)
        return p.camera_theta * DEGREES + np.sign(p.rotation_rate) * angles

    @beat("Add wind speed: days in space")
    def days_space(self) -> None:
        th = self.theme
        p = self.params
        (t0, t1), (h0, h1), (v0, v1) = self.box
        self.axes = themed_axes(
            (t0, t1, (t1 - t0) / 4), (h0, h1, (h1 - h0) / 4), (v0, v1, (v1 - v0) / 3),
            x_length=4.6, y_length=3.8, z_length=3.2, theme=th,
            num_axis_pieces=1,  # one piece per axis: far cheaper to copy and draw
        )
        self.set_camera_orientation(phi=p.camera_phi * DEGREES,
                                    theta=p.camera_theta * DEGREES, zoom=p.zoom)
        self.camera.look_at.move_to(self.axes.get_center())  # turn about the box's centre
        self.camera.spot.move_to([*p.screen_spot, 0.0])  # and draw it there
        self.names = self.axis_names()
        self.dots = VGroup(*(
            Dot(self.axes.c2p(*day), radius=DAY_RADIUS, color=_output_color(th, label))
            for day, label in zip(self.days, self.labels, strict=True)
        ))
        for dot in self.dots:
            dot.set_shade_in_3d(True)  # drawn in depth order with the plane
        self.floor = VGroup(  # the wind = 0 floor's far edges, and a stem under each day
            Line(self.axes.c2p(t1, h0, v0), self.axes.c2p(t1, h1, v0)),
            Line(self.axes.c2p(t0, h1, v0), self.axes.c2p(t1, h1, v0)),
            *(Line(self.axes.c2p(t, h, v0), self.axes.c2p(t, h, v)) for t, h, v in self.days),
        ).set_stroke(th.grid, width=1.5, opacity=0.6)
        self.net = NetworkDiagram([3, 1], theme=th, node_radius=0.3, layer_buff=1.6,
                                  labels=[["x_1", "x_2", "x_3"], ["y"]])
        inputs = VGroup(*(
            note_text(th, name, color=th.muted).next_to(
                self.net.node(0, i), LEFT, buff=0.2)
            for i, name in enumerate(("temperature", "humidity", "wind"))
        ))
        self.net_group = to_edge(VGroup(self.net, inputs), LEFT, buff=0.3).shift(1.0 * UP)
        self.legend = _legend(th, "good, y = 1", "bad, y = 0")
        self.legend.next_to(self.net_group, DOWN, buff=0.5).align_to(self.net_group, LEFT)
        self.fix_unshown(self.legend, self.net_group)
        self.keep_facing_camera(*self.names, *self.dots)
        self.say("Add a third input, wind speed. Every day becomes a point in space.")
        self.play(Create(self.axes), FadeIn(self.wind_axis_end), FadeIn(self.names),
                  FadeIn(self.net_group), run_time=1.5)
        self.play(FadeIn(self.dots, lag_ratio=0.05), FadeIn(self.floor), FadeIn(self.legend),
                  run_time=1.5)
        self.begin_ambient_camera_rotation(rate=p.rotation_rate)
        self.wait(1.0)

    @beat("The boundary is a plane")
    def plane(self) -> None:
        th = self.theme
        self.plane_mob = Polygon(
            *(self.axes.c2p(*c) for c in self.corners),
            stroke_color=th.accent, stroke_width=2.5, fill_color=th.text, fill_opacity=0.16,
        )
        self.plane_mob.set_shade_in_3d(True)
        where = "under" if self.good_below else "above"
        self.say(f"Now the boundary is a flat plane. Good days lie {where} it, "
                 "bad days on the other side.")
        self.play(Create(self.plane_mob), run_time=2.0)
        self.wait(2.0)

    @beat("Collect the weights: y = H(Wx + b)")
    def matrix_form(self) -> None:
        th = self.theme
        w = self.judge.weights
        long_form = formula(th, r"y = H(w_1x_1 + w_2x_2 + w_3x_3 + b)", size=th.body_size + 4)
        strip = to_edge(panel(long_form, theme=th), DOWN, buff=0.25)
        short_form = formula(th, "y = H(", "W", "x", "+", "b", ")", size=th.body_size + 6)
        short_form[1].set_color(th.accent)
        short_form[4].set_color(th.bias)
        w_label = MatrixLabel(self.W, name="W", theme=th, font_size=th.body_size,
                              column_colors=[_sign_color(th, v) for v in w])
        x_label = formula(th, r"x = \begin{bmatrix} x_1 \\ x_2 \\ x_3 \end{bmatrix}")
        b_label = formula(th, f"b = {fmt_number(self.judge.bias)}", color=th.bias)
        row = VGroup(short_form, w_label, x_label, b_label).arrange(RIGHT, buff=0.6)
        matrix_strip = to_edge(panel(row, theme=th, buff=0.2), DOWN, buff=0.2)
        self.fix_unshown(strip, matrix_strip)
        self.say("Three inputs, three weights: each input is multiplied by its weight, "
                 "and the bias is added.")
        self.play(FadeIn(strip), self.net.animate.set_weights([self.W]))
        self.wait(1.0)
        self.say("Gather the weights into a row W and the inputs into a column x. "
                 "The whole perceptron is y = H(Wx + b), for any number of inputs.")
        # fade, not morph: a morph's in-between parts are not fixed to the frame
        self.play(FadeOut(strip, shift=0.3 * DOWN), FadeIn(matrix_strip, shift=0.3 * DOWN),
                  run_time=1.2)
        self.play(Indicate(short_form[1], color=th.accent),
                  Indicate(w_label.matrix, color=th.accent))
        self.wait(2.0)


# =====================================================================================
# 5. Separability
# =====================================================================================
@dataclass(frozen=True)
class SeparabilityParams(SceneParams):
    """A set one line can split (found by the perceptron rule) and one it cannot."""

    n_points: int = 40  # points in the set one line can split
    separable_seed: int = 3  # random seed of that set (its points and its splitting line)
    rule_seed: int = 3  # seed of the perceptron rule's order of visiting points, per epoch
    hard_set: str = "circles"  # the set no line can split: "circles" or "xor"
    hard_n: int = 80  # points in that hard set
    hard_noise: float = 0.08  # standard deviation of the noise on the hard set's points
    hard_seed: int = 0  # random seed of the hard set
    view: float = 1.4  # the axes show [-view, view]^2
    step_time: float = 1.0  # seconds per epoch as the rule moves the line


class Separability(ChapterScene):
    """Linearly separable data and the perceptron rule; then data no line can split."""

    title = "What one line can and cannot split"
    Params = SeparabilityParams

    def prepare(self) -> None:
        p = self.params
        self.lim = (-p.view, p.view)
        self.X, self.y = clouds.linearly_separable(p.n_points, seed=p.separable_seed)
        if len(set(self.y.tolist())) < 2:
            raise ValueError(f"n_points={p.n_points} with separable_seed={p.separable_seed} "
                             "gives points of one class only, so there is nothing to split; "
                             "expected more points (or another seed)")
        run = perceptron_rule(self.X, self.y, seed=p.rule_seed)
        self.rule, self.history = run.perceptron, list(run.mistakes)
        self.rule_accuracy = accuracy(self.rule, self.X, self.y)
        # the line after each epoch that changed it (the last epoch makes no mistakes)
        self.epoch_lines: list[tuple[int, int, Perceptron]] = []
        for k, (mistakes, after) in enumerate(zip(run.mistakes, run.epochs, strict=True), start=1):
            if mistakes == 0:
                break
            self.epoch_lines.append((k, mistakes, after))
        if p.hard_set == "circles":
            self.hX, self.hy = clouds.circles(p.hard_n, noise=p.hard_noise, seed=p.hard_seed)
        elif p.hard_set == "xor":
            self.hX, self.hy = clouds.xor(p.hard_n, noise=p.hard_noise, seed=p.hard_seed)
        else:
            raise ValueError(f"hard_set must be 'circles' or 'xor', got {p.hard_set!r}")
        if len(set(self.hy.tolist())) < 2:
            raise ValueError(f"hard_n={p.hard_n} with hard_seed={p.hard_seed} gives points "
                             "of one class only, so there is nothing to split; expected "
                             "more points (or another seed)")
        # "no line can" needs the exact test: the search below only finds lines
        splitter = separating_line(self.hX, self.hy)
        self.hard_split = splitter is not None  # a line splits the "hard" set after all
        if self.hard_split:
            self.best_accuracy, self.best = accuracy(splitter, self.hX, self.hy), splitter
        else:
            self.best_accuracy, self.best = best_linear_accuracy(self.hX, self.hy)
        self.best_wrong = self.best.predict(self.hX) != self.hy
        self.rule_percent = fmt_percent(self.rule_accuracy)
        self.best_percent = fmt_percent(self.best_accuracy)

    # -- pictures --------------------------------------------------------------------
    def make_axes(self) -> VGroup:
        th = self.theme
        lo, hi = self.lim
        side = 6.2
        self.origin = 3.2 * LEFT + 0.4 * DOWN
        self.scale = side / (hi - lo)
        frame = Polygon(*(self.to_screen(c) for c in ((lo, lo), (hi, lo), (hi, hi), (lo, hi))),
                        stroke_color=th.axis, stroke_width=2)
        axes = VGroup(
            Line(self.to_screen((lo, 0)), self.to_screen((hi, 0))),
            Line(self.to_screen((0, lo)), self.to_screen((0, hi))),
        ).set_stroke(th.grid, width=1.5)
        return VGroup(axes, frame)

    def to_screen(self, xy: Sequence[float]) -> np.ndarray:
        mid = 0.5 * (self.lim[0] + self.lim[1])
        return self.origin + self.scale * np.array([xy[0] - mid, xy[1] - mid, 0.0])

    def make_points(self, X: np.ndarray, y: np.ndarray) -> VGroup:
        colors = self.theme.class_colors
        return VGroup(*(Dot(self.to_screen(x), radius=0.07, color=colors[int(c)])
                        for x, c in zip(X, y, strict=True)))

    def make_split(self, perceptron: Perceptron) -> VGroup:
        """The boundary line and the two faintly shaded sides."""
        th = self.theme
        colors = th.class_colors
        pieces = VGroup()
        for side in (0, 1):
            corners = half_plane(perceptron, self.lim, self.lim, side)
            if corners is not None:
                pieces.add(Polygon(*(self.to_screen(c) for c in corners), stroke_width=0,
                                   fill_color=colors[side], fill_opacity=0.14))
        ends = perceptron.boundary().segment(self.lim, self.lim)
        if ends is not None:
            pieces.add(Line(self.to_screen(ends[0]), self.to_screen(ends[1]),
                            color=th.accent, stroke_width=4))
        return pieces

    @beat("Two classes, one line?")
    def separable(self) -> None:
        th = self.theme
        colors = th.class_colors
        self.frame = self.make_axes()
        self.points = self.make_points(self.X, self.y)
        legend = VGroup(*(
            VGroup(Dot(radius=0.09, color=colors[c]),
                   label_text(th, f"class {c}")).arrange(RIGHT, buff=0.2)
            for c in (0, 1)
        )).arrange(RIGHT, buff=0.5)
        self.legend = panel(legend, theme=th).move_to(0.7 * RIGHT + 2.85 * UP, aligned_edge=LEFT)
        self.say("Two classes of points. Can a single straight line split them?")
        self.play(Create(self.frame), run_time=1.0)
        self.play(FadeIn(self.points, lag_ratio=0.03), FadeIn(self.legend), run_time=1.5)
        self.wait(0.5)

    def status_card(self, *lines: str, accent_last: bool = False) -> VGroup:
        """The card under the legend: a title line, then smaller lines."""
        th = self.theme
        title, *rest = lines
        texts = [body_text(th, title)]
        for i, line in enumerate(rest):
            last = accent_last and i == len(rest) - 1
            texts.append(label_text(th, line, color=th.accent if last else th.text))
        card = panel(*texts, theme=th)
        return card.next_to(self.legend, DOWN, buff=0.3).align_to(self.legend, LEFT)

    @beat("The perceptron rule finds a line")
    def learn(self) -> None:
        p = self.params
        card = self.status_card("perceptron rule", "start: w = 0, b = 0")
        self.say("The perceptron learning rule starts from zero weights and, for every "
                 "point it gets wrong, nudges the line toward it. One pass is an epoch.")
        self.play(FadeIn(card))
        split: VGroup | None = None
        for k, mistakes, after in self.epoch_lines:
            new_card = self.status_card("perceptron rule", f"epoch {k}: {mistakes} mistakes")
            new_split = self.make_split(after)
            if split is None:
                split = new_split
                self.add_background(split)
                self.play(FadeIn(split), ReplacementTransform(card, new_card),
                          run_time=p.step_time)
            else:
                self.play(Transform(split, new_split), ReplacementTransform(card, new_card),
                          run_time=p.step_time)
            card = new_card
            self.wait(0.3)
        epochs, left = len(self.history), self.history[-1]
        n_epochs = f"{epochs} epoch{'s' if epochs != 1 else ''}"
        done = self.status_card(
            "perceptron rule", f"epoch {epochs}: {left} mistakes",
            f"accuracy: {self.rule_percent} %", accent_last=True,
        )
        if left == 0:
            self.say(f"After {n_epochs} nothing is wrong any more: the line "
                     f"splits the two classes, {self.rule_percent} percent correct. "
                     "Data like this is called linearly separable.")
        else:  # only with overridden data: the rule ran out of epochs
            points = "point is" if left == 1 else "points are"
            self.say(f"After {n_epochs} the rule gives up: {left} {points} still "
                     f"wrong, {self.rule_percent} percent correct.")
        self.play(ReplacementTransform(card, done))
        self.wait(1.5)
        self.split, self.card = split, done

    def add_background(self, split: VGroup) -> None:
        """Put the shading under the points."""
        self.add(split)
        self.bring_to_front(self.points)

    @beat("Data no line can split")
    def not_separable(self) -> None:
        th = self.theme
        gone = [m for m in (self.points, self.split, self.card) if m is not None]
        self.play(*(FadeOut(m) for m in gone), run_time=0.6)
        self.points = self.make_points(self.hX, self.hy)
        split = self.make_split(self.best)
        rings = VGroup(*(
            Circle(radius=0.13, color=th.accent, stroke_width=2.5).move_to(self.to_screen(x))
            for x in self.hX[self.best_wrong]
        ))
        name = "one ring inside another" if self.params.hard_set == "circles" else "XOR blobs"
        if self.hard_split:
            self.say(f"Now this set: {name}. Drawn like this, though, a straight line can "
                     "still put each class on its own side.")
        else:
            self.say(f"Now this set: {name}. No straight line can put each class on its "
                     "own side.")
        self.play(FadeIn(self.points, lag_ratio=0.02), run_time=1.5)
        self.wait(0.5)
        circled = "circled: on the wrong side" if not self.hard_split else "none on the wrong side"
        card = self.status_card(f"best line: {self.best_percent} % right", circled)
        card[1][0].set_color(th.accent)
        if self.hard_split:
            self.say("The best line we can find gets all 100 percent of the points right: "
                     "no point is on the wrong side.")
        else:
            self.say(f"Even the best line we can find gets only {self.best_percent} percent "
                     "of the points right; every circled point is on the wrong side.")
        self.add_background(split)
        self.play(FadeIn(split))
        self.play(FadeIn(card), Create(rings, lag_ratio=0.05), run_time=1.5)
        self.wait(1.5)
        self.split, self.card, self.rings = split, card, rings

    @beat("Layers and nonlinear activations fix this")
    def layers(self) -> None:
        th = self.theme
        title = note_text(th, "layers + nonlinear activations")
        net = NetworkDiagram([2, 4, 1], theme=th, node_radius=0.2, layer_buff=1.3,
                             labels=[["x_1", "x_2"], None, ["y"]])
        card = panel(title, net, theme=th, buff=0.25)
        net.set_x(card[0].get_x())
        card.next_to(self.card, DOWN, buff=0.3).align_to(self.card, LEFT)
        self.say("A single perceptron can only ever draw straight boundaries. "
                 "To bend them we stack neurons in layers, with nonlinear activations "
                 "in between. That is where the next chapters go.")
        self.play(FadeIn(card[0]), FadeIn(title), Create(net), run_time=1.5)
        self.wait(2.5)

