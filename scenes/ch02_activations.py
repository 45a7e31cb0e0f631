"""Chapter 2: activation functions.

The step becomes a sigmoid, ReLU and tanh (read off their curves, and shown not to
be linear), a bias slides the sigmoid's threshold, and every activation meets its
derivative. Every number on screen comes from :mod:`nnmath`.

Render one scene::

    manim -qm scenes/ch02_activations.py StepToSigmoid
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    UR,
    Circle,
    Create,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    Flash,
    Indicate,
    Line,
    Mobject,
    ReplacementTransform,
    Transform,
    TransformMatchingTex,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
    linear,
)

from narrator.fmt import column_decimals
from nnmath import activation, heaviside, relu, sigmoid, tanh
from nnmath.activations import slope_hill
from nnmath.readout import Additivity, additivity, crossing, crossings, hill, neuron, percent
from nnmath.training import loss_name
from pipeline.aspect import DESIGN_FRAME
from scenes.base import ChapterScene, beat
from scenes.components import (
    activation_tex,
    body_text,
    fmt_fixed,
    fmt_number,
    fmt_percent,
    formula,
    label_text,
    note_text,
    panel,
)
from scenes.components.plots import ActivationPlot, ReadOff
from scenes.params import SceneParams

__all__ = [
    "BiasThreshold",
    "BiasThresholdParams",
    "Derivatives",
    "DerivativesParams",
    "ReluAndTanh",
    "ReluAndTanhParams",
    "StepToSigmoid",
    "StepToSigmoidParams",
]

Range = tuple[float, float, float]


def _inp(x: float) -> str:
    """An input as the lecturer typed it (up to 6 decimals: 0.001 stays 0.001)."""
    return fmt_number(x, 6)


def _places(*values: float) -> int:
    """Decimal places a counter needs to end on ``fmt_number`` of each value (-10, 2.5)."""
    return max(len(fmt_number(v).partition(".")[2]) for v in values)


def _every_other_tick(axis_range: Range) -> list[float]:
    """Every second tick of an axis, counted from 0 like Manim's ticks (0 included)."""
    lo, hi, step = axis_range
    spacing = 2 * step
    return [k * spacing for k in range(int(np.ceil(lo / spacing)), int(np.floor(hi / spacing)) + 1)]


_MOST_TICKS = 24  # an x axis of 7.6 units numbers every other one of this many ticks


def _clash(a: Mobject, b: Mobject, gap: float = 0.05) -> bool:
    """Whether the boxes of ``a`` and ``b`` come closer than ``gap`` both ways (never
    for an empty mobject)."""
    if not len(a.get_all_points()) or not len(b.get_all_points()):
        return False
    return bool(np.all(a.get_corner(DL)[:2] < b.get_corner(UR)[:2] + gap)
                and np.all(b.get_corner(DL)[:2] < a.get_corner(UR)[:2] + gap))


def _about(value: float) -> str:
    """A sigmoid's output in words: ``0.98``, or ``almost 0`` where it rounds to 0 or 1
    without being it."""
    text = fmt_number(value)
    return f"almost {text}" if text in ("0", "1") and float(text) != value else text


def _join(words: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]


def _apart(check: Additivity, digits: int = 2, most: int = 6) -> int:
    """Decimals to show ``f(a + b)`` and ``f(a) + f(b)`` with: ``digits``, or more where a
    failing test's two numbers would otherwise read the same (tanh near 0)."""
    if check.additive:
        if activation(check.name).squashes and check.a * check.b != 0:
            # sigmoid and tanh fail for every pair without a 0 in it, however slightly
            raise ValueError(
                f"pair ({_inp(check.a)}, {_inp(check.b)}) is too close to 0 or too far out: "
                f"{check.name}'s f(a + b) and f(a) + f(b) differ by less than floating-point "
                "accuracy, so the failed test would not show; expected a pair of moderate "
                "size, like (1, -2)")
        return digits
    for places in range(digits, most + 1):
        if fmt_number(check.f_of_sum, places) != fmt_number(check.sum_of_f, places):
            return places
    raise ValueError(
        f"pair ({_inp(check.a)}, {_inp(check.b)}) is too close to 0: {check.name} gives "
        f"f(a + b) and f(a) + f(b) equal to {most} decimals, so the failed test would not "
        "show; expected a pair further from 0")


# --- 1. StepToSigmoid -----------------------------------------------------------


@dataclass(frozen=True)
class StepToSigmoidParams(SceneParams):
    """The step's two nearby inputs, the steepness of each bend, the read-off input."""

    x_range: Range = (-6.0, 6.0, 1.0)  # the plot's x axis: from, to, tick step
    nudge: float = 0.001  # H(+nudge) = 1, H(-nudge) = 0: a hair's breadth either side of 0
    steepness: tuple[float, ...] = (40.0, 8.0, 3.0, 1.0)  # k of each sigma(k x); must end in 1
    read_at: float = 0.0  # the x where sigma(x) is read off as a probability
    morph_time: float = 1.3  # seconds per change of the steepness k


class StepToSigmoid(ChapterScene):
    """Heaviside's all-or-nothing jump, joined and relaxed into the sigmoid."""

    title = "From a step to a sigmoid"
    Params = StepToSigmoidParams

    def prepare(self) -> None:
        p = self.params
        if not p.steepness or p.steepness[-1] != 1:
            raise ValueError(
                "steepness must be a list of values ending in 1 (the plain sigmoid that is "
                f"read off at the end), got {list(p.steepness)}"
            )
        if min(p.steepness) <= 0:
            raise ValueError(f"steepness must hold positive numbers (k in sigma(k x): the step "
                             f"relaxing into the sigmoid), got {list(p.steepness)}")
        if p.nudge == 0:
            raise ValueError("nudge must be non-zero: the step's two answers are shown at "
                             "+nudge and -nudge, on either side of its jump at 0")
        # the x axis reaches the read-off input, to the tick beyond it if it lies outside
        lo, hi, step = p.x_range
        if step <= 0 or hi <= lo:
            raise ValueError(f"x_range must be (from, to, tick step) with from < to and a "
                             f"positive step, got {list(p.x_range)}")
        self.x_range = (min(lo, step * np.floor(p.read_at / step)),
                        max(hi, step * np.ceil(p.read_at / step)), step)
        ticks = (self.x_range[1] - self.x_range[0]) / step
        if self.x_range != tuple(p.x_range) and ticks > _MOST_TICKS:
            raise ValueError(
                f"read_at {_inp(p.read_at)} is too far from x_range {list(p.x_range)}: the x "
                f"axis would need {ticks:.0f} ticks to reach it, more than {_MOST_TICKS} "
                "can be numbered legibly; expected a read_at within the x range, or a wider "
                "tick step")
        self.h_plus = float(heaviside(p.nudge))
        self.h_minus = float(heaviside(-p.nudge))
        self.sigma_read = float(sigmoid(p.read_at))
        self.chance = percent(self.sigma_read)
        # a reading rounded to 0 or 1 is "almost" that: the sigmoid never reaches either
        read = fmt_number(self.sigma_read, 3)
        self.read_words = read
        read_rel = "="
        if read in ("0", "1") and float(read) != self.sigma_read:
            self.read_words, read_rel = f"almost {read}", r"\approx"
        # a nudge that is small beside the plot is a hair's breadth
        self.tiny_nudge = abs(p.nudge) <= 0.01 * (self.x_range[1] - self.x_range[0])
        ks = [fmt_number(k, 6) for k in p.steepness]
        self.shown = {
            "h_def": r"H(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}",
            "h_plus": f"H({_inp(p.nudge)}) = {fmt_number(self.h_plus)}",
            "h_minus": f"H({_inp(-p.nudge)}) = {fmt_number(self.h_minus)}",
            "families": [(r"\sigma(", "x)") if k == "1" else (r"\sigma(", k, "x)") for k in ks],
            "sigma_def": r"\sigma(x) = \frac{1}{1 + e^{-x}}",
            "sigma_read": rf"\sigma({_inp(p.read_at)}) {read_rel} {read}",
            "chance": f"a {fmt_percent(self.sigma_read, 1)} % chance",
        }

    @beat("The step: all or nothing")
    def step(self) -> None:
        th, p = self.theme, self.params
        self.plot = ActivationPlot(
            "heaviside", self.x_range, (0.0, 1.2, 0.5), th, x_length=7.6, y_length=4.2,
            x_numbers=_every_other_tick(self.x_range), y_numbers=(1,),
        ).move_to(2.7 * LEFT + 0.45 * DOWN)
        self.definition = panel(formula(th, self.shown["h_def"]), theme=th)
        self.definition.move_to(4.6 * RIGHT + 1.6 * UP)
        plus = formula(th, self.shown["h_plus"], color=th.on)
        minus = formula(th, self.shown["h_minus"], color=th.off)
        self.values = panel(plus, minus, theme=th).next_to(self.definition, DOWN, buff=0.4)
        self.say("The Heaviside step knows only two answers: 0 below zero, 1 from zero on.")
        self.play(Create(self.plot.axes), FadeIn(self.plot.numbers), FadeIn(self.plot.labels))
        self.play(Create(self.plot.graph), FadeIn(self.plot.jump_dots), run_time=1.5)
        self.play(FadeIn(self.definition, shift=0.2 * LEFT))
        what = "a hair's breadth" if self.tiny_nudge else "the side of zero"
        self.say(
            f"So {what} decides everything: {_inp(p.nudge)} gives "
            f"{fmt_number(self.h_plus)}, {_inp(-p.nudge)} gives {fmt_number(self.h_minus)}."
        )
        self.play(FadeIn(self.values[0]), FadeIn(plus))
        self.play(Flash(self.plot.point(p.nudge), color=th.on), Indicate(plus, color=th.on))
        self.play(FadeIn(minus))
        self.play(Flash(self.plot.point(-p.nudge), color=th.off), Indicate(minus, color=th.off))
        self.wait(0.8)

    @beat("Join the two ends")
    def join_ends(self) -> None:
        th, p = self.theme, self.params
        plot = self.plot
        join = Line(plot.c2p(0, 0), plot.c2p(0, 1), color=th.accent, stroke_width=6)
        self.curve = plot.plot(neuron("sigmoid", weight=p.steepness[0]))
        families = [formula(th, *t, size=th.body_size + 4, color=th.positive)
                    for t in self.shown["families"]]
        for family in families:
            family.move_to(plot.c2p(self.x_range[0], 0.8), aligned_edge=LEFT).shift(0.3 * RIGHT)
        self.family = families[0]
        k = p.steepness[0]
        steep = ("a very steep sigmoid" if k >= 10 else "a steep sigmoid" if k > 1
                 else "the sigmoid itself" if k == 1 else "a gentle sigmoid")
        self.say("Join its two loose ends at zero with a ramp, and the step turns into "
                 f"{steep}.")
        self.play(Create(join), run_time=0.8)
        y_label = formula(th, r"\sigma(x)", size=th.label_size, color=th.muted)
        self.play(
            FadeIn(self.curve), FadeOut(plot.graph), FadeOut(plot.jump_dots), FadeOut(join),
            FadeIn(self.family), FadeOut(self.values),
            Transform(plot.y_label, y_label.move_to(plot.y_label)),
        )
        self.wait(1.5)
        ks = p.steepness
        if len(ks) == 1:
            self.say("With k = 1 from the start, there is nothing left to relax: this is the "
                     "sigmoid, a smooth S.")
        elif all(a > b for a, b in zip(ks, ks[1:], strict=False)):
            self.say("Now let the ramp relax: as k falls to 1 the corners round off into a "
                     "smooth S, the sigmoid.")
        elif all(a < b for a, b in zip(ks, ks[1:], strict=False)):
            self.say("Now let the ramp steepen: as k rises to 1 the curve tightens into a "
                     "smooth S, the sigmoid.")
        else:
            self.say("Now let k move, ending at 1: the curve settles into a smooth S, "
                     "the sigmoid.")
        for k, family in zip(p.steepness[1:], families[1:], strict=True):
            self.play(
                Transform(self.curve, plot.plot(neuron("sigmoid", weight=k))),
                TransformMatchingTex(self.family, family),
                run_time=p.morph_time,
            )
            self.family = family
        sigma_def = panel(formula(th, self.shown["sigma_def"]), theme=th)
        self.play(ReplacementTransform(self.definition, sigma_def.move_to(self.definition)))
        self.definition = sigma_def
        self.wait(0.6)

    @beat("A sigmoid output read as a chance")
    def half_chance(self) -> None:
        th, p = self.theme, self.params
        self.reading = self.plot.read_off(p.read_at, digits=3, function=sigmoid)
        reading = self.reading
        value = formula(th, self.shown["sigma_read"], color=th.accent)
        chance = label_text(th, self.shown["chance"])
        card = panel(value, chance, theme=th).next_to(self.definition, DOWN, buff=0.4)
        self.chance_card = card
        card.align_to(self.definition, LEFT)
        # a long chance ("a 99.999 % chance") keeps its card inside the frame
        card.shift(min(0.0, DESIGN_FRAME[0] / 2 - 0.2 - card.get_right()[0]) * RIGHT)
        # a reading near an axis number (0.999 by the "1") takes that number's place
        hidden = [n for n in self.plot.numbers
                  if any(_clash(n, r) for r in (reading.label, reading.input_label))]
        self.say(
            f"Read the curve at {_inp(p.read_at)}: the sigmoid gives {self.read_words}."
        )
        self.play(Create(reading.vertical), FadeIn(reading.input_label),
                  *(FadeOut(n) for n in hidden if _clash(n, reading.input_label)))
        self.play(FadeIn(reading.dot, scale=0.5), Create(reading.horizontal))
        self.play(Write(reading.label), FadeIn(card[0]), Write(value),
                  *(FadeOut(n) for n in hidden if not _clash(n, reading.input_label)))
        self.say(
            "Its outputs stay between 0 and 1, so they can be read as probabilities when "
            "the network is trained for that, for instance by lowering "
            f"{loss_name('cross_entropy')}: then {self.read_words} is a "
            f"{fmt_percent(self.sigma_read, 1)} % chance."
        )
        self.play(FadeIn(chance, shift=0.2 * UP))
        self.say("Several sigmoid outputs, one per class, need not add up to 1, though; "
                 "the outputs of a softmax always do.")
        self.wait(1.5)


# --- 2. ReluAndTanh -------------------------------------------------------------


@dataclass(frozen=True)
class ReluAndTanhParams(SceneParams):
    """Plot ranges, ReLU's two examples, tanh's read-off input, the linearity pair."""

    x_range: Range = (-3.0, 3.0, 1.0)  # x axis of the ReLU and tanh plots: from, to, tick step
    relu_examples: tuple[float, float] = (-2.0, 2.0)  # two inputs marked on ReLU's curve
    read_at: float = 0.5  # the x where tanh is read off its curve
    read_digits: int = 3  # decimals of that reading
    pair: tuple[float, float] = (1.0, -2.0)  # a, b of the test f(a + b) = f(a) + f(b)
    names: tuple[str, ...] = ("relu", "tanh", "sigmoid")  # activations tested (nnmath names)


class ReluAndTanh(ChapterScene):
    """ReLU keeps the positive part, tanh squashes into (-1, 1); neither is linear."""

    title = "ReLU and tanh"
    Params = ReluAndTanhParams

    def prepare(self) -> None:
        p = self.params
        self.relu_values = [float(relu(x)) for x in p.relu_examples]
        self.tanh_read = float(tanh(p.read_at))
        a, b = p.pair
        self.checks = [additivity(name, a, b) for name in (*p.names, "identity")]
        # each row's decimals: enough that a failing row's two numbers read differently;
        # the table's two columns of numbers, compared side by side, then keep one
        # number of decimals (-0.20 under 1.00, and equal values read alike)
        self.row_digits = [_apart(c) for c in self.checks]
        lhs, rhs = ([c.f_of_sum for c in self.checks], [c.sum_of_f for c in self.checks])
        places = column_decimals(lhs + rhs, max(self.row_digits))
        lhs, rhs = ([fmt_fixed(v, places) for v in side] for side in (lhs, rhs))
        self.shown = {
            "relu_def": r"\mathrm{ReLU}(x) = \max(0,\, x)",
            "relu_examples": [
                rf"\mathrm{{ReLU}}({_inp(x)}) = {fmt_number(y)}"
                for x, y in zip(p.relu_examples, self.relu_values, strict=True)
            ],
            "tanh_band": r"-1 < \tanh(x) < 1",
            "tanh_read": rf"\tanh({_inp(p.read_at)}) \approx "
            f"{fmt_number(self.tanh_read, p.read_digits)}",
            "pair": rf"a = {_inp(a)},\quad b = {_inp(b)},\quad a + b = "
            f"{_inp(self.checks[0].a_plus_b)}",
            "rows": [
                (
                    activation_tex(c.name) if c.name != "identity" else r"x\ (\mathrm{linear})",
                    f_of_sum,
                    "=" if c.additive else r"\neq",
                    sum_of_f,
                )
                for c, f_of_sum, sum_of_f in zip(self.checks, lhs, rhs, strict=True)
            ],
        }

    @beat("ReLU = max(0, x)")
    def relu_curve(self) -> None:
        th, p = self.theme, self.params
        self.plot = ActivationPlot(
            "relu", p.x_range, (0.0, 3.0, 1.0), th, x_length=6.6, y_length=4.0,
            y_numbers=(1, 2, 3),
        ).move_to(3.0 * LEFT + 0.4 * DOWN)
        definition = formula(th, self.shown["relu_def"])
        self.card = panel(definition, theme=th).move_to(3.9 * RIGHT + 1.6 * UP)
        lines = [formula(th, t, color=th.accent) for t in self.shown["relu_examples"]]
        examples = panel(*lines, theme=th).next_to(self.card, DOWN, buff=0.4)
        examples.align_to(self.card, LEFT)
        dots = VGroup(*(Dot(self.plot.point(x), radius=0.09, color=th.accent)
                        for x in p.relu_examples))
        self.say("ReLU is the simplest bend there is: negative inputs become 0, "
                 "positive ones pass straight through.")
        self.play(Create(self.plot.axes), FadeIn(self.plot.numbers), FadeIn(self.plot.labels))
        self.play(Create(self.plot.graph), FadeIn(self.card[0]), Write(definition),
                  run_time=1.5)
        x0, x1 = (_inp(x) for x in p.relu_examples)
        y0, y1 = (fmt_number(y) for y in self.relu_values)
        self.say(f"So {x0} comes out as {y0}, while {x1} comes out as {y1}.")
        self.play(FadeIn(examples[0]), FadeIn(dots[0], scale=0.5), Write(lines[0]))
        self.play(FadeIn(dots[1], scale=0.5), Write(lines[1]))
        self.wait(1.0)

    @beat("tanh squashes into (-1, 1)")
    def tanh_squash(self) -> None:
        th, p = self.theme, self.params
        self.say("tanh squeezes every input into the band between -1 and 1: "
                 "the further the input is from 0, the closer it crowds to an edge.")
        self.clear_stage()
        self.plot = ActivationPlot(
            "tanh", p.x_range, (-1.2, 1.2, 0.5), th, x_length=7.0, y_length=4.6,
            y_numbers=(),
        ).move_to(2.8 * LEFT + 0.35 * DOWN)
        lo, hi = p.x_range[:2]
        self.edges = VGroup()  # the band's edges, numbered at their right ends
        for y in (-1, 1):
            edge = DashedLine(self.plot.c2p(lo, y), self.plot.c2p(hi, y), color=th.muted,
                              stroke_width=2, dash_length=0.12)
            number = formula(th, fmt_number(y), size=th.small_size, color=th.muted)
            number.next_to(edge, RIGHT, buff=0.15)
            self.edges.add(VGroup(edge, number))
        band = formula(th, self.shown["tanh_band"])
        self.card = panel(band, theme=th).move_to(4.4 * RIGHT + 1.6 * UP)
        self.play(Create(self.plot.axes), FadeIn(self.plot.numbers), FadeIn(self.plot.labels))
        self.play(Create(self.plot.graph), run_time=1.5)
        self.play(Create(self.edges), FadeIn(self.card))
        self.wait(0.8)

    @beat("Reading tanh off its curve")
    def tanh_read_off(self) -> None:
        th, p = self.theme, self.params
        self.reading = self.plot.read_off(p.read_at, digits=p.read_digits)
        reading = self.reading
        value = formula(th, self.shown["tanh_read"], color=th.accent)
        card = panel(value, theme=th).next_to(self.card, DOWN, buff=0.4)
        card.align_to(self.card, LEFT)
        self.say(f"To read tanh at {_inp(p.read_at)}, go straight up from "
                 f"{_inp(p.read_at)} until you meet the curve...")
        self.play(FadeIn(reading.input_label))
        self.play(Create(reading.vertical), run_time=1.0)
        self.play(FadeIn(reading.dot, scale=0.5))
        self.say(f"...then across to the y axis, where it reads "
                 f"{fmt_number(self.tanh_read, p.read_digits)}.")
        self.play(Create(reading.horizontal), run_time=1.0)
        self.play(Write(reading.label))
        self.play(FadeIn(card[0]), Write(value))
        self.wait(1.2)

    @beat("None of them is linear")
    def not_linear(self) -> None:
        th, p = self.theme, self.params
        a, b = p.pair
        self.say("A linear function passes one simple test: f(a + b) always equals "
                 "f(a) + f(b).")
        self.clear_stage()
        rule = formula(th, r"f \text{ linear} \;\Rightarrow\; f(a + b) = f(a) + f(b)",
                       size=th.body_size + 2)
        pair = formula(th, self.shown["pair"], color=th.accent)
        top = VGroup(rule, pair).arrange(DOWN, buff=0.3).move_to(2.3 * UP)
        self.table = self._table()
        self.table.next_to(top, DOWN, buff=0.55)
        header, rows = self.table[0], self.table[1]
        self.play(Write(rule))
        tested = [c for c in self.checks if c.name != "identity"]
        parts = [
            f"{activation(c.name).spoken} gives {fmt_number(c.f_of_sum, d)} against "
            f"{fmt_number(c.sum_of_f, d)}"
            for c, d in zip(self.checks, self.row_digits, strict=False) if c in tested
        ]
        self.say(f"Try a = {_inp(a)} and b = {_inp(b)}: " + ", ".join(parts) + ".")
        self.play(FadeIn(pair), FadeIn(header))
        for row in rows[:-1]:
            self.play(FadeIn(row, shift=0.15 * UP), run_time=0.8)
            self.play(Indicate(row[2], color=th.accent), run_time=0.6)
        fails = [activation(c.name).spoken for c in tested if not c.additive]
        passes = [activation(c.name).spoken for c in tested if c.additive]
        if passes:
            fail = "fails" if len(fails) == 1 else "fail"
            passing = "passes" if len(passes) == 1 else "pass"
            verdict = (f"{_join(fails) or 'None'} {fail} here; {_join(passes)} {passing} for "
                       "this pair, but one failing pair anywhere is enough to rule out a line.")
            verdict = verdict[0].upper() + verdict[1:]  # "The sigmoid fails here", not "the"
        elif len(fails) == 1:
            verdict = f"{fails[0]} fails: it is not linear."
        elif len(fails) == 2:
            verdict = f"{_join(fails)} both fail: neither is linear."
        else:
            verdict = f"{_join(fails)} all fail: none of them is linear."
        self.say("The straight line f(x) = x passes, as every linear function does. "
                 + verdict)
        self.play(FadeIn(rows[-1], shift=0.15 * UP))
        self.wait(2.0)

    # -- helpers ---------------------------------------------------------------
    def _table(self) -> VGroup:
        """Header and rows ``f | f(a+b) | =/≠ | f(a)+f(b)``, columns aligned."""
        th = self.theme
        size = th.body_size
        head = [r"f", r"f(a + b)", r"", r"f(a) + f(b)"]
        cells = [[formula(th, t, size=size, color=th.muted) if t else VGroup() for t in head]]
        for name, lhs, rel, rhs in self.shown["rows"]:
            fails = rel != "="
            cells.append([
                formula(th, name, size=size),
                formula(th, lhs, size=size),
                formula(th, rel, size=size + 4, color=th.accent if fails else th.muted),
                formula(th, rhs, size=size),
            ])
        widths = [max(row[j].width for row in cells) for j in range(4)]
        gaps = [0.9, 0.6, 0.6]
        lefts = [0.0]
        for w, g in zip(widths[:-1], gaps, strict=True):
            lefts.append(lefts[-1] + w + g)
        lines = VGroup()
        for i, row in enumerate(cells):
            y = -0.75 * i - (0.2 if i else 0.0)
            for j, cell in enumerate(row):
                if j == 0:
                    cell.move_to([lefts[0], y, 0], aligned_edge=LEFT)
                else:
                    cell.move_to([lefts[j] + widths[j] / 2, y, 0])
            lines.add(VGroup(*row))
        total = lefts[-1] + widths[-1]
        rule = Line([0, -0.42, 0], [total, -0.42, 0], color=th.grid, stroke_width=2)
        header = VGroup(lines[0], rule)
        table = VGroup(header, VGroup(*lines[1:]))
        return table.move_to(0.6 * DOWN)



# --- 3. BiasThreshold -----------------------------------------------------------


@dataclass(frozen=True)
class BiasThresholdParams(SceneParams):
    """The sum's range, the bias and the sweep that lights the neuron."""

    s_range: Range = (-4.0, 14.0, 2.0)  # axis of the weighted sum s: from, to, tick step
    bias: float = -10.0  # b in a = sigma(s + b); negative slides the curve right, to s = -b
    level: float = 0.5  # the output that counts as "half on"; where s reaches it is the threshold
    slide_time: float = 4.0  # seconds the bias takes to slide from 0 to its value
    sweep: tuple[float, float] = (-2.0, 14.0)  # the sum s sweeps from, to, lighting the neuron
    sweep_time: float = 6.0  # seconds of that sweep


LEVEL_DASH = 0.12  # dash length of BiasThreshold's level line
LEVEL_GAP = 0.1  # space the level line leaves either side of its number


class BiasThreshold(ChapterScene):
    """A bias of -10 slides the sigmoid: the neuron waits for a sum of about 10."""

    title = "A bias sets the threshold"
    Params = BiasThresholdParams

    def prepare(self) -> None:
        p = self.params
        self.start_crossing = crossing("sigmoid", p.level, bias=0.0)
        self.threshold = crossing("sigmoid", p.level, bias=p.bias)
        lo, hi = p.s_range[:2]
        for name, at in (("level", self.start_crossing), ("bias", self.threshold)):
            if not lo < at < hi:
                raise ValueError(
                    f"{name} puts the sigmoid's crossing of {fmt_number(p.level)} at s = "
                    f"{fmt_number(at)}, outside s_range ({fmt_number(lo)}, {fmt_number(hi)}); "
                    "expected a crossing inside the plot")
        # how the marker's sweep meets the threshold: "up", "down" or not at all
        self.sweep_crossings = crossings(p.sweep, self.threshold)
        self.shown = {
            "sum": r"s = \sum_i w_i\, x_i",
            "neuron": r"a = \sigma(s + b)",
            "crossing": f"s = {fmt_number(self.threshold)}",
            "level": fmt_number(p.level),
        }

    def _curve(self, bias: float) -> Mobject:
        return self.plot.plot(neuron("sigmoid", bias=bias))

    @beat("A weighted sum into a sigmoid")
    def weighted_sum(self) -> None:
        th, p = self.theme, self.params
        self.bias = ValueTracker(0.0)
        self.plot = ActivationPlot(
            "sigmoid", p.s_range, (0.0, 1.2, 0.5), th, x_length=8.6, y_length=4.2,
            x_label="s", y_label=r"a", x_numbers=_every_other_tick(p.s_range),
            y_numbers=(p.level, 1),
        ).move_to(2.3 * LEFT + 0.5 * DOWN)
        plot = self.plot
        self.level_line = self._level_line().set_z_index(-1)  # under the curve and axes
        self.curve = always_redraw(lambda: self._curve(self.bias.get_value()))
        self.marker = always_redraw(self._marker)
        s_line = formula(th, self.shown["sum"])
        a_line = formula(th, self.shown["neuron"])
        b_label = formula(th, "b =", color=th.bias)
        self.b_value = DecimalNumber(p.bias, num_decimal_places=_places(0.0, p.bias),
                                     font_size=th.body_size, color=th.bias)  # final size
        b_line = VGroup(b_label, self.b_value).arrange(RIGHT, buff=0.15)
        self.card = panel(s_line, a_line, b_line, theme=th).move_to(4.6 * RIGHT + 1.7 * UP)
        self.b_value.set_value(self.bias.get_value())
        self.b_value.add_updater(lambda m: m.set_value(self.bias.get_value()))
        self.say("A neuron first adds up its weighted inputs into one number, the sum s, "
                 "then passes s + b through a sigmoid.")
        self.play(FadeIn(self.card[0]), Write(s_line))
        self.play(Create(plot.axes), FadeIn(plot.numbers), FadeIn(plot.labels))
        self.play(Write(a_line), FadeIn(b_line), Create(self.curve), run_time=1.5)
        self.add(self.curve)
        on = "half on, at" if p.level == 0.5 else "at the level"
        self.say(f"With no bias, it is {on} {self.shown['level']}, as soon as s "
                 f"reaches {fmt_number(self.start_crossing)}.")
        self.play(Create(self.level_line), FadeIn(self.marker))
        self.add(self.marker)
        self.wait(1.0)

    def _level_line(self) -> VGroup:
        """The level's dashed line across the plot, broken where its own number sits
        (left of the y axis, where the axis crosses inside the sum's range)."""
        th, p = self.theme, self.params
        number = self.plot.y_numbers[float(p.level)]
        (lo, y, _), (hi, _, _) = (self.plot.c2p(p.s_range[0], p.level),
                                  self.plot.c2p(p.s_range[1], p.level))
        gap = (number.get_left()[0] - LEVEL_GAP, number.get_right()[0] + LEVEL_GAP)
        spans = ((lo, min(gap[0], hi)), (max(gap[1], lo), hi))
        return VGroup(*(
            DashedLine([a, y, 0.0], [b, y, 0.0], color=th.muted, stroke_width=2,
                       dash_length=LEVEL_DASH)
            for a, b in spans if b - a > LEVEL_DASH
        ))

    def _marker(self) -> VGroup:
        th, p = self.theme, self.params
        at = crossing("sigmoid", p.level, bias=self.bias.get_value())
        foot, top = self.plot.c2p(at, 0), self.plot.c2p(at, p.level)
        return VGroup(
            DashedLine(foot, top, color=th.accent, stroke_width=3, dash_length=0.1),
            Dot(top, radius=0.08, color=th.accent),
        )

    @beat("A negative bias slides the curve")
    def slide_bias(self) -> None:
        th, p = self.theme, self.params
        shift = self.threshold - self.start_crossing  # where the crossing moves
        if shift:
            self.say(f"Add a bias of {fmt_number(p.bias)} before the sigmoid, and the whole "
                     f"curve slides along to the {'right' if shift > 0 else 'left'}.")
        else:
            self.say(f"Add a bias of {fmt_number(p.bias)} before the sigmoid, and the curve "
                     "stays where it is.")
        self.play(self.bias.animate.set_value(p.bias), run_time=p.slide_time, rate_func=linear)
        self.b_value.clear_updaters()
        self.marker.clear_updaters()
        self.curve.clear_updaters()
        label = formula(th, self.shown["crossing"], color=th.accent)
        label.add_background_rectangle(color=th.background, opacity=0.85, buff=0.06)
        label.next_to(self.marker[1], RIGHT, buff=0.2).shift(0.35 * DOWN)
        self.crossing_label = label
        when = ("only reaches" if shift > 0 else "already reaches" if shift < 0
                else "still reaches")
        self.say(f"Now the neuron {when} {self.shown['level']} once the sum passes "
                 f"{fmt_number(self.threshold)}.")
        self.play(Write(label), Indicate(self.marker[1], color=th.accent))
        self.wait(1.2)

    @beat("The neuron lights up past the threshold")
    def light_up(self) -> None:
        th, p = self.theme, self.params
        respond = neuron("sigmoid", bias=p.bias)
        s = ValueTracker(p.sweep[0])
        ring = Circle(radius=0.75, color=th.text, stroke_width=3)
        ring.next_to(self.card, DOWN, buff=0.75)
        name = note_text(th, "neuron", color=th.muted)
        name.next_to(ring, UP, buff=0.15)
        body = always_redraw(lambda: Circle(radius=0.75, stroke_width=0).set_fill(
            th.on, opacity=float(respond(s.get_value()))).move_to(ring))
        s_value = DecimalNumber(p.sweep[0], num_decimal_places=_places(*p.sweep),
                                font_size=th.body_size, color=th.text)
        a_value = DecimalNumber(float(respond(p.sweep[0])), num_decimal_places=2,
                                font_size=th.body_size, color=th.on)
        self.s_value, self.a_value = s_value, a_value  # their last values stay on screen
        s_line = VGroup(formula(th, "s ="), s_value).arrange(RIGHT, buff=0.15)
        a_line = VGroup(formula(th, "a =", color=th.on), a_value).arrange(RIGHT, buff=0.15)
        readout = VGroup(s_line, a_line).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        readout.next_to(ring, DOWN, buff=0.35)
        s_value.add_updater(lambda m: m.set_value(s.get_value()))
        a_value.add_updater(lambda m: m.set_value(float(respond(s.get_value()))))
        dot = always_redraw(lambda: Dot(self.plot.point(s.get_value(), respond),
                                        radius=0.1, color=th.on))
        lo, hi = p.sweep
        t, level = fmt_number(self.threshold), self.shown["level"]
        # "dark" where the readout shows a = 0.00; "lights up" at the half-on level only
        dark = fmt_fixed(float(respond(min(lo, hi))), 2) == "0.00"
        plain = dark and p.level == 0.5
        if self.sweep_crossings and not plain:
            down = " down" if self.sweep_crossings[0] == "down" else ""
            self.say(f"Sweep the sum from {_inp(lo)}{down} to {_inp(hi)}: the output goes from "
                     f"{_about(float(respond(lo)))} to {_about(float(respond(hi)))}, "
                     f"passing {level} at s = {t}.")
        elif self.sweep_crossings[:1] == ("up",):
            self.say(f"Sweep the sum from {_inp(lo)} to {_inp(hi)}: the neuron stays dark "
                     f"until s nears {t}, then lights up.")
        elif self.sweep_crossings:
            self.say(f"Sweep the sum from {_inp(lo)} down to {_inp(hi)}: the neuron starts "
                     f"lit and goes dark as s drops past {t}.")
        else:
            side = "below" if lo < self.threshold else "above"
            self.say(f"Sweep the sum from {_inp(lo)} to {_inp(hi)}: it never passes {t}, so "
                     f"the neuron stays {side} {level} all the way.")
        self.play(FadeIn(body), Create(ring), FadeIn(name), FadeIn(readout), FadeIn(dot))
        self.play(s.animate.set_value(hi), run_time=p.sweep_time, rate_func=linear)
        for m in (s_value, a_value, dot, body):
            m.clear_updaters()
        self.play(Flash(ring, color=th.on, flash_radius=1.0))
        self.wait(1.0)


# --- 4. Derivatives -------------------------------------------------------------


@dataclass(frozen=True)
class DerivativesParams(SceneParams):
    """Each pair's x range, the tangent's sweep and where slopes are compared."""

    sigmoid_range: Range = (-6.0, 6.0, 2.0)  # x axis of sigmoid and its slope: from, to, tick
    tanh_range: Range = (-3.0, 3.0, 1.0)  # x axis of tanh and its slope: from, to, tick
    relu_range: Range = (-3.0, 3.0, 1.0)  # x axis of ReLU and its slope: from, to, tick
    step_range: Range = (-3.0, 3.0, 1.0)  # x axis of the step and its slope: from, to, tick
    sweep: tuple[float, float] = (-4.0, 4.0)  # the tangent slides along the sigmoid: from, to x
    sweep_time: float = 4.0  # seconds of the tangent's slide
    probe: float = 1.0  # where the last beat compares the sigmoid's and the step's slope


_PLOT_SIZE = {"x_length": 5.2, "y_length": 2.9}


class _Pair(VGroup):
    """An activation's plot (``f``), its derivative's plot (``df``) and their formulas."""

    def __init__(self, f: ActivationPlot, df: ActivationPlot, formulas: VGroup) -> None:
        super().__init__(f, df, formulas)
        self.f, self.df, self.formulas = f, df, formulas


_PAIR_Y = 0.15  # centre of the plot pairs


class Derivatives(ChapterScene):
    """Each activation beside its slope; a flat zero slope leaves nothing to learn from."""

    title = "Activations and their slopes"
    Params = DerivativesParams

    def prepare(self) -> None:
        p = self.params
        if p.probe in activation("heaviside").jumps:
            raise ValueError(f"probe must not be {fmt_number(p.probe)}: the step jumps there "
                             "and has no slope to compare; expected a non-zero input")
        # each slope curve's highest point on its plot, and how low its ends are
        self.sigmoid_hill = hill(activation("sigmoid").derivative, *p.sigmoid_range[:2])
        self.tanh_hill = hill(activation("tanh").derivative, *p.tanh_range[:2])
        # the two slope hills whole (height, width at half height), not just the plotted parts
        self.hills = (slope_hill("sigmoid"), slope_hill("tanh"))
        self.sigmoid_peak = (self.sigmoid_hill.x, self.sigmoid_hill.top)
        self.tanh_peak = (self.tanh_hill.x, self.tanh_hill.top)
        # ReLU's slope on each side of 0 (the same anywhere on that side)
        self.relu_slopes = tuple(float(v) for v in activation("relu").derivative([-1.0, 1.0]))
        self.heaviside_slope = float(activation("heaviside").derivative(p.probe))
        self.peak_readings: list[ReadOff] = []  # the peak labels on screen, in order
        self.pair: _Pair | None = None  # the pair on screen
        self._extras: list[Mobject] = []  # what goes with it (readings, notes)
        self.probe_slopes = {
            name: float(activation(name).derivative(p.probe)) for name in ("sigmoid", "heaviside")
        }
        lo, hi = (fmt_number(v) for v in self.relu_slopes)
        self.shown = {
            "sigmoid": (r"\sigma(x) = \frac{1}{1 + e^{-x}}",
                        r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)"),
            "tanh": (r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
                     r"\tanh'(x) = 1 - \tanh^2(x)"),
            "relu": (r"\mathrm{ReLU}(x) = \max(0,\, x)",
                     rf"\mathrm{{ReLU}}'(x) = \begin{{cases}} {lo} & x \le 0 \\ {hi} & x > 0"
                     r"\end{cases}"),
            "heaviside": (r"H(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}",
                          rf"H'(x) = {fmt_number(self.heaviside_slope)} \quad (x \ne 0)"),
            "sigmoid_peak": (f"peak {fmt_number(self.sigmoid_peak[1])} "
                             f"at x = {fmt_number(self.sigmoid_peak[0])}"),
            "tanh_peak": (f"peak {fmt_number(self.tanh_peak[1])} "
                          f"at x = {fmt_number(self.tanh_peak[0])}"),
            "probe": {
                name: rf"{activation_tex(name)}'({_inp(p.probe)}) = {fmt_number(v)}"
                for name, v in self.probe_slopes.items()
            },
        }

    # -- building blocks -------------------------------------------------------
    def _pair(self, name: str, x_range: Range, y_range: Range, dy_range: Range,
              y_numbers: tuple[float, ...] = (1,), dy_numbers: tuple[float, ...] = ()) -> _Pair:
        """Function (left) and derivative (right), each under its formula."""
        th = self.theme
        tex = activation_tex(name)
        left = ActivationPlot(name, x_range, y_range, th, y_numbers=y_numbers, **_PLOT_SIZE)
        right = ActivationPlot(
            activation(name).derivative, x_range, dy_range, th, y_label=f"{tex}'(x)",
            y_numbers=dy_numbers, color=th.slope, jumps=activation(name).slope_jumps,
            **_PLOT_SIZE,
        )
        left.move_to([-3.55, _PAIR_Y, 0])
        right.move_to([3.45, _PAIR_Y, 0])
        f_tex, df_tex = self.shown[name]
        formulas = VGroup(formula(th, f_tex), formula(th, df_tex))
        for shown, plot in zip(formulas, (left, right), strict=True):
            shown.move_to([plot.axes.get_center()[0], 2.75, 0])
        return _Pair(left, right, formulas)

    def _show(self, pair: _Pair) -> None:
        if self.pair is not None:
            self.play(FadeOut(self.pair), *(FadeOut(m) for m in self._extras), run_time=0.6)
        self._extras = []
        self.pair = pair
        self.play(FadeIn(pair.f.axes), FadeIn(pair.f.numbers), FadeIn(pair.f.labels),
                  FadeIn(pair.df.axes), FadeIn(pair.df.numbers),
                  FadeIn(pair.df.labels), run_time=0.6)
        self.play(Write(pair.formulas[0]), Create(pair.f.graph),
                  FadeIn(pair.f.jump_dots), run_time=1.2)
        self.play(Write(pair.formulas[1]), Create(pair.df.graph),
                  FadeIn(pair.df.jump_dots), run_time=1.2)

    def _note(self, *texts: str) -> VGroup:
        th = self.theme
        lines = [body_text(th, t) for t in texts]
        card = panel(*lines, theme=th).move_to(2.95 * DOWN)
        self._extras.append(card)
        return card

    def _show_peak(self, plot: ActivationPlot, at: float, note: str) -> None:
        """Read the slope curve at its peak, with a note underneath."""
        reading = plot.read_off(at, digits=3, label_direction=UR)  # clear of the hill
        card = self._note(note)
        self._extras.append(reading)
        self.peak_readings.append(reading)
        self.play(Create(reading.vertical), FadeIn(reading.dot, scale=0.5),
                  FadeIn(reading.input_label), Write(reading.label), FadeIn(card))

    # -- beats -------------------------------------------------------------------
    @beat("sigmoid' = sigma (1 - sigma)")
    def sigmoid_slope(self) -> None:
        th, p = self.theme, self.params
        # the slope on the same scale as the function: its 0.25 peak is honestly small
        pair = self._pair("sigmoid", p.sigmoid_range, (0.0, 1.2, 0.5), (0.0, 1.2, 0.5),
                          dy_numbers=(1,))
        self.say("Put each activation beside its slope. The sigmoid's slope is built from "
                 "its own output: sigma times (1 - sigma).")
        self._show(pair)
        x = ValueTracker(p.sweep[0])
        touch = always_redraw(lambda: pair.f.tangent(x.get_value(), length=1.8))
        on_f = always_redraw(lambda: Dot(pair.f.point(x.get_value()), radius=0.08,
                                         color=th.accent))
        on_df = always_redraw(lambda: Dot(pair.df.point(x.get_value()), radius=0.08,
                                          color=th.accent))
        self.say("Slide a tangent along the curve: the steeper it is, the higher the "
                 "slope curve on the right.")
        self.play(Create(touch), FadeIn(on_f), FadeIn(on_df))
        self.play(x.animate.set_value(p.sweep[1]), run_time=p.sweep_time, rate_func=linear)
        self.play(FadeOut(touch), FadeOut(on_f), FadeOut(on_df))
        px, py = self.sigmoid_peak
        where = self.sigmoid_hill.where
        spot = "in the middle" if where == "inside" else f"at the plot's {where}"
        fade = ("fades to almost nothing far out" if self.sigmoid_hill.fades
                else "falls away from there")
        self.say(f"The slope is largest {spot}, {fmt_number(py)} at x = "
                 f"{fmt_number(px)}, and {fade}.")
        self._show_peak(pair.df, px, self.shown["sigmoid_peak"])
        self.wait(1.2)

    @beat("tanh' = 1 - tanh^2")
    def tanh_slope(self) -> None:
        p = self.params
        pair = self._pair("tanh", p.tanh_range, (-1.2, 1.2, 0.5), (0.0, 1.2, 0.5),
                          y_numbers=(-1, 1))
        (sig_top, sig_width), (tanh_top, tanh_width) = self.hills
        wide = tanh_width / sig_width
        wide_words = "half" if fmt_number(wide) == "0.5" else f"{fmt_number(wide)} times"
        self.say(f"tanh's slope is 1 minus tanh squared: a hill of the same shape, "
                 f"{fmt_number(tanh_top / sig_top)} times as tall and {wide_words} as wide.")
        self._show(pair)
        px, py = self.tanh_peak
        if self.tanh_hill.where == "inside":
            self.say(f"It peaks at {fmt_number(py)} at x = {fmt_number(px)}.")
        else:
            self.say(f"On this plot it is highest at its {self.tanh_hill.where}: "
                     f"{fmt_number(py)} at x = {fmt_number(px)}.")
        self._show_peak(pair.df, px, self.shown["tanh_peak"])
        self.wait(1.2)

    @beat("ReLU' = 0 or 1")
    def relu_slope(self) -> None:
        p = self.params
        pair = self._pair("relu", p.relu_range, (0.0, 3.0, 1.0), (0.0, 1.2, 0.5),
                          y_numbers=(1, 2, 3), dy_numbers=(1,))
        lo, hi = (fmt_number(v) for v in self.relu_slopes)
        self.say(f"ReLU's slope takes just two values: {lo} for negative inputs, "
                 f"{hi} for positive ones.")
        self._show(pair)
        note = self._note("flat, then a steady slope: no fading")
        self.play(FadeIn(note))
        self.wait(1.5)

    @beat("Heaviside' = 0 almost everywhere")
    def step_slope(self) -> None:
        th, p = self.theme, self.params
        pair = self._pair("heaviside", p.step_range, (0.0, 1.2, 0.5), (0.0, 1.2, 0.5),
                          dy_numbers=(1,))
        self.say(f"The step's slope is {fmt_number(self.heaviside_slope)} everywhere, except at "
                 "the jump, where it has no slope at all.")
        self._show(pair)
        self.play(Indicate(pair.df.graph, color=th.accent, scale_factor=1.05))
        note = self._note("flat everywhere: no slope to follow")
        self.play(FadeIn(note))
        self.wait(1.5)

    @beat("Why learning needs a slope")
    def why_smooth(self) -> None:
        th, p = self.theme, self.params
        self.say("Gradient descent nudges each weight downhill, and by the chain rule "
                 "every nudge is multiplied by the activation's slope f'(s).")
        self.clear_stage()
        rule = formula(th, r"\Delta w = -\eta\,\frac{\partial E}{\partial a}\,", r"f'(s)",
                       r"\,x", size=th.body_size + 4)
        rule[1].set_color(th.accent)
        rule.move_to(2.6 * UP)
        plots = []
        for name, x_range, shift in (("sigmoid", p.sigmoid_range, LEFT),
                                     ("heaviside", p.step_range, RIGHT)):
            plot = ActivationPlot(name, x_range, (0.0, 1.2, 0.5), th, y_numbers=(1,),
                                  x_label="s", **_PLOT_SIZE).move_to(3.5 * shift + 0.2 * UP)
            plots.append(plot)
        self.play(Write(rule), *(FadeIn(plot) for plot in plots))
        tangents, labels = [], []
        for plot, name in zip(plots, ("sigmoid", "heaviside"), strict=True):
            touch = plot.tangent(p.probe, length=1.6)
            dot = Dot(plot.point(p.probe), radius=0.08, color=th.accent)
            label = formula(th, self.shown["probe"][name], color=th.accent)
            label.next_to(plot.axes, DOWN, buff=0.55)
            tangents.append(VGroup(touch, dot))
            labels.append(label)
        slope_s, slope_h = (fmt_number(v) for v in self.probe_slopes.values())
        if slope_s != "0":
            self.say(f"At s = {_inp(p.probe)} the sigmoid's slope is {slope_s}: not zero, so "
                     "the weight still gets a nudge.")
        else:  # far out on the sigmoid: a slope that rounds to 0
            self.say(f"At s = {_inp(p.probe)} the sigmoid's slope is almost 0: so far out, "
                     "even the sigmoid gives hardly any signal.")
        self.play(Create(tangents[0]), Write(labels[0]))
        self.say(f"The step's slope there is {slope_h}, and so it is almost everywhere: "
                 "every nudge is multiplied by 0, so gradient descent never moves the weights.")
        self.play(Create(tangents[1]), Write(labels[1]))
        self.play(Indicate(labels[1], color=th.accent))
        self.say("That is why networks use smooth activations, or at least ones with "
                 "a slope, like ReLU.")
        self.wait(2.5)
