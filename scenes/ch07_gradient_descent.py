"""Chapter 7: gradient descent, from a rolling ball to a loss surface.

The valley, the update rule ``u(x, y, z) = x - y * z`` and every path come from
:mod:`nnmath` (``nnmath.VALLEY``, ``nnmath.update``, ``nnmath.descend``); the last
scene's surface is the real loss of a sigmoid neuron over its weight and bias
(:class:`nnmath.surfaces.NeuronLoss`), computed with nnmath's network and backprop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    Dot,
    Dot3D,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Surface,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
)

from nnmath import descend, parameter_count
from nnmath.surfaces import NeuronLoss
from scenes.base import ChapterScene3D, beat
from scenes.components.axes import themed_axes
from scenes.components.camera import AimedCamera
from scenes.components.labels import fmt_number
from scenes.params import ParamsError, SceneParams

PICTURE_SPOT = (-2.9, -0.45, 0.0)  # where the surface's middle is shown
COLUMN_X = 4.1  # centre of the flat text column on the right


# --- 6. the loss surface ----------------------------------------------------------------


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
    resolution: int = 20  # surface faces a side (render time grows with its square)
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

    title = "The loss surface: a valley in many dimensions"
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
        self.ws, self.bs, self.grid = self.loss.grid(p.w_range, p.b_range, n=p.resolution + 1)
        self.top = float(self.grid.max())
        lows = np.linspace(float(self.grid.min()), self.top, p.levels + 2)[1:-1]
        self.level_values = [float(v) for v in lows]
        self.curves = [self.loss.level_curves(v, p.w_range, p.b_range, n=60)
                       for v in self.level_values]
        self.n_digits_params = parameter_count((784, 16, 16, 10))

    # --- drawing helpers ------------------------------------------------------------
    def _z(self, value: float) -> float:
        """Loss -> the axes' third coordinate (scaled so the patch's top is ``height``)."""
        return value / self.top * self.z_top

    def _point(self, w: float, b: float, value: float | None = None,
               lift: float = 0.0) -> np.ndarray:
        z = self._z(float(self.loss([w, b])) if value is None else value)
        return self.axes.c2p(w, b, z + lift)

    def _text(self, text: str, size: float | None = None, color: str | None = None) -> Text:
        th = self.theme
        return Text(text, font=th.font, font_size=size or th.small_size,
                    color=color or th.text)

    @beat("A neuron, six points, one loss")
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
        ends = {"w": self.axes.c2p(w1, b0, 0), "b": self.axes.c2p(w0, b1, 0),
                "L": self.axes.c2p(w0, b0, p.height)}
        self.edges = VGroup(*(Line(corner, end, color=th.axis, stroke_width=2.5)
                              for end in ends.values()))
        labels = VGroup()
        for (name, end), push in zip(ends.items(), (0.45, 0.45, 0.35), strict=True):
            away = (end - corner) / np.linalg.norm(end - corner)
            labels.add(MathTex(name, font_size=th.label_size + 4, color=th.muted).move_to(
                end + push * away))
        self.add_fixed_orientation_mobjects(*labels)
        neuron = MathTex(r"y = \sigma(w\,x + b)", font_size=th.body_size, color=th.text)
        loss = MathTex(r"L(w, b) = \tfrac{1}{2}\,\mathrm{mean}\,(y - t)^2",
                       font_size=th.body_size, color=th.text)
        line = self._data_line()
        self.column = VGroup(neuron, line, loss).arrange(DOWN, buff=0.45)
        self.column.move_to([COLUMN_X, 1.3, 0])
        self.fix_unshown(self.column)
        self.say("Take one sigmoid neuron and six labelled points. Its loss depends on "
                 "just two numbers, its weight w and its bias b.")
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
            MathTex(fmt_number(lo), font_size=th.small_size, color=th.muted).next_to(
                axis.get_start(), DOWN, buff=0.12),
            MathTex(fmt_number(hi), font_size=th.small_size, color=th.muted).next_to(
                axis.get_end(), DOWN, buff=0.12),
        )
        key = VGroup(
            Dot(radius=0.07, color=th.positive), MathTex("t = 1", font_size=th.small_size,
                                                        color=th.muted),
            Dot(radius=0.07, color=th.negative), MathTex("t = 0", font_size=th.small_size,
                                                        color=th.muted),
        ).arrange(RIGHT, buff=0.12)
        key[2].shift(0.25 * RIGHT)
        key[3].shift(0.25 * RIGHT)
        key.next_to(axis, UP, buff=0.3)
        return VGroup(key, axis, dots, ends)

    @beat("The loss over every (w, b)")
    def surface(self) -> None:
        th, p = self.theme, self.params
        ws, bs, grid = self.ws, self.bs, self.grid
        n = p.resolution

        def at(u: float, v: float) -> np.ndarray:
            # u, v run over grid indices, so every vertex is a loss nnmath computed
            i, j = int(round(v)), int(round(u))
            return self.axes.c2p(ws[j], bs[i], self._z(grid[i, j]))

        self.surface_mob = Surface(at, u_range=(0, n), v_range=(0, n), resolution=(n, n),
                                   stroke_width=0.4, stroke_color=th.background,
                                   fill_opacity=0.85, checkerboard_colors=False)
        self.surface_mob.set_fill_by_value(
            self.axes, colorscale=[(th.positive, 0.0), (th.negative, self.z_top)], axis=2)
        self.floor = VGroup()
        for curves in self.curves:
            for curve in curves:
                line = VMobject(stroke_color=th.muted, stroke_width=1.5)
                line.set_points_as_corners([self.axes.c2p(w, b, 0) for w, b in curve])
                self.floor.add(line)
        low, high = self.level_values[0], self.level_values[-1]
        self.say(f"Every point of this surface is the loss of one neuron: from "
                 f"{fmt_number(float(self.grid.min()), 3)} in the valley to "
                 f"{fmt_number(self.top, 3)} on the heights.")
        self.play(Create(self.floor), run_time=1.2)
        self.play(FadeIn(self.surface_mob), run_time=1.5)
        self.say(f"On the floor, its level curves, from L = {fmt_number(low, 3)} to "
                 f"{fmt_number(high, 3)}: the map of the valley seen from above.")
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

        ball = Dot3D(where(0.0), radius=0.11, color=th.accent)
        ball.add_updater(lambda m: m.move_to(where(step.get_value())))
        readout = VGroup(self._text("step 0"), self._text("L = " + fmt_number(losses[0], 3)))
        readout.arrange(RIGHT, buff=0.6).next_to(self.column, DOWN, buff=0.5)
        shown = self.shown_step = {"k": 0}  # the step the readout shows

        def show_step(m: VGroup) -> None:
            k = min(round(step.get_value()), self.steps)
            if k != shown["k"]:  # new Text only when the step changes
                shown["k"] = k
                for old, text in zip(m, (f"step {k}", "L = " + fmt_number(losses[k], 3)),
                                     strict=True):
                    old.become(self._text(text).move_to(old, aligned_edge=LEFT))

        readout.add_updater(show_step)
        self.fix_unshown(readout)
        rule = MathTex(r"(w, b) \leftarrow (w, b) - z\,\nabla L,\quad z = "
                       + fmt_number(p.learning_rate), font_size=th.small_size + 2,
                       color=th.text).next_to(readout, DOWN, buff=0.35)
        self.fix_unshown(rule)
        w0, b0 = (fmt_number(v) for v in path[0])
        self.say(f"Start at w = {w0}, b = {b0} and apply the update rule to both numbers at "
                 "once: each step goes against the gradient, the slope in w and in b.")
        self.play(FadeIn(ball), FadeIn(readout), Write(rule), run_time=1.0)
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
        end = "the gradient is nearly flat" if self.settled else "the steps run out"
        self.say(f"After {self.steps} steps {end}: w = {w1}, b = {b1}, loss "
                 f"{fmt_number(float(losses[-1]), 3)}, the bottom of this valley.")
        self.wait(1.5)

    @beat("The many-dimensional valley")
    def dimensions(self) -> None:
        th = self.theme
        n = f"{self.n_digits_params:,}"
        note = VGroup(
            self._text("Two parameters: a surface to see.", th.small_size),
            self._text(f"The digits network has {n}:", th.small_size),
            self._text(f"a valley in {n} dimensions,", th.small_size),
            self._text("walked down the same way.", th.small_size, th.accent),
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
        self.say(f"The digits network of chapter 6 has {n} parameters. Its loss is a "
                 f"valley in {n} dimensions, and gradient descent walks down it the same "
                 "way: against the slope, one step at a time.")
        self.play(FadeIn(note), run_time=1.0)
        self.wait(2.0)
