"""Chapter 9: training you can watch, and your own network.

DecisionBoundaryTraining films a small network learning a two-class set, epoch by
epoch: every picture and number comes from :func:`nnmath.watch.training_film` (the
regions the network gives the input plane, its 0.5 boundary, where its two-neuron last
hidden layer puts the points with the output neuron's line, the loss and accuracy of
every epoch). ExplainMyNetwork is the generator's explainer
(:mod:`scenes.explainer`) on one of the example specs in ``examples/``;
``nnexplain render my.toml`` makes the same video for any spec.

Render one scene::

    manim -qm scenes/ch09_training.py DecisionBoundaryTraining
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    Dot,
    FadeIn,
    Indicate,
    Rectangle,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from narrator.fmt import fmt_loss, fmt_percent_fixed
from nnexplain.words import epoch_steps
from nnmath import Perceptron
from nnmath.regions import half_planes
from nnmath.training import loss_label, loss_name
from nnmath.watch import LOSS, TrainingFilm, boundary_bend, training_film
from scenes.base import ChapterScene, beat
from scenes.components import fmt_number, fmt_percent, note_text, panel
from scenes.components.axes import themed_axes
from scenes.components.point_cloud import CloudFrame, PointCloud
from scenes.components.readout import Readout
from scenes.components.regions import RegionImage, region_rgba
from scenes.explainer import ExplainSpec, ExplainSpecParams, env_spec
from scenes.params import ParamsError, SceneParams
from scenes.theme import rgb

__all__ = ["DecisionBoundaryTraining", "DecisionBoundaryTrainingParams", "ExplainMyNetwork",
           "ExplainMyNetworkParams"]

ROOT = Path(__file__).resolve().parents[1]

#: How each data set is introduced, and what its boundary does once it bends.
DATA_WORDS = {
    "spiral": ("Two spiral arms wound into each other", "winds between the arms"),
    "moons": ("Two interleaved moons", "curves between the moons"),
}
#: A boundary that strays further than this share of the plane's width from every
#: straight line is said to bend.
BENT = 0.1


@dataclass(frozen=True)
class DecisionBoundaryTrainingParams(SceneParams):
    """The data, the network, its training, and how the film of it is played."""

    data: str = "spiral"  # the two-class set: "spiral" or "moons"
    n_points: int = 300  # training points, half of each class
    noise: float = 0.05  # standard deviation of the noise on the points
    seed: int = 17  # seed of the data, the starting weights and the shuffling
    hidden: tuple[int, ...] = (16, 16, 2)  # hidden layer widths (tanh); the last must be 2
    epochs: int = 400  # passes of gradient descent over the points (batches of 32)
    learning_rate: float = 0.3  # gradient descent's step size
    snapshots: int = 24  # networks shown, at epochs 0, 1, 2, ... spaced wider later on
    snapshot_time: float = 0.8  # seconds of film from one snapshot to the next
    grid: int = 128  # output samples a side of the shaded regions
    region_opacity: float = 0.5  # opacity of the shading where the network is sure
    point_radius: float = 0.045  # radius of each drawn point (scene units)

    def __post_init__(self) -> None:
        if not self.snapshot_time > 0:
            raise ParamsError(f"snapshot_time must be positive (seconds), "
                              f"got {self.snapshot_time}")
        if not 0 < self.region_opacity <= 1:
            raise ParamsError(f"region_opacity must be in (0, 1], got {self.region_opacity}")
        if not self.point_radius > 0:
            raise ParamsError(f"point_radius must be positive, got {self.point_radius}")


def _polyline_points(frame: CloudFrame, curves) -> np.ndarray:
    """Bezier points (4 per segment) of polylines through data points, one subpath each."""
    parts = []
    for curve in curves:
        P = frame.to_scene(np.asarray(curve, dtype=float))
        if len(P) < 2:
            continue
        a, b = P[:-1], P[1:]
        parts.append(np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], axis=1)
                     .reshape(-1, 3))
    return np.vstack(parts) if parts else np.zeros((0, 3))


class DecisionBoundaryTraining(ChapterScene):
    """A small network trained on spirals (or moons): the decision regions, the last
    hidden layer and the loss curve change together, snapshot by snapshot."""

    title = "Watching a network learn"
    Params = DecisionBoundaryTrainingParams

    def prepare(self) -> None:
        p = self.params
        try:
            self.film: TrainingFilm = training_film(
                p.data, p.n_points, p.noise, p.seed, p.hidden, p.epochs, p.learning_rate,
                p.snapshots, p.grid)
        except ValueError as err:
            raise ParamsError(str(err)) from None
        film = self.film
        self.sizes = "-".join(str(s) for s in film.network.sizes)
        self.n_epochs = film.epochs
        span = film.xlim[1] - film.xlim[0]
        self.bend = boundary_bend(film.final.curves)
        self.bent = self.bend > BENT * span
        # the best straight line nnmath finds in the last hidden layer (the output
        # neuron's own line is one, so it does at least as well as the network)
        self.hidden_split = max(film.hidden_line_accuracy(), film.final.accuracy)
        self.start_split = max(film.hidden_line_accuracy(0), film.start.accuracy)
        start_share = float(np.mean(film.predictions(0)))
        self.start_picks_both = 0 < start_share < 1  # the random line has points on each side
        gaps = np.diff(film.epochs_shown)
        self.first_gap, self.last_gap = int(gaps[0]), int(gaps[-1])
        self.facts = {
            "line": fmt_percent(film.line_accuracy, 1),
            "start_accuracy": fmt_percent(film.start.accuracy, 1),
            "final_accuracy": fmt_percent(film.final.accuracy, 1),
            "start_loss": fmt_loss(film.start.loss),
            "final_loss": fmt_loss(film.final.loss),
            "hidden_split": fmt_percent(self.hidden_split, 1),
            "epochs": str(self.n_epochs),
            "points": str(len(film.X)),
        }

    # --- layout ------------------------------------------------------------------
    def _input_plane(self) -> None:
        th, film, p = self.theme, self.film, self.params
        (x0, x1), (y0, y1) = film.xlim, film.ylim
        side = min(6.2 / (x1 - x0), 6.4 / (y1 - y0))
        self.plane = themed_axes((x0, x1, 0.25), (y0, y1, 0.25), x_length=side * (x1 - x0),
                                 y_length=side * (y1 - y0), axis_options={"include_ticks": False},
                                 theme=th)
        self.plane.set_stroke(opacity=0.5)
        self.plane.move_to([-3.85, -0.5, 0])
        self.plane_frame = CloudFrame.from_axes(self.plane)
        corner_lo, corner_hi = self.plane.c2p(x0, y0), self.plane.c2p(x1, y1)
        self.box = Rectangle(width=corner_hi[0] - corner_lo[0], height=corner_hi[1] - corner_lo[1],
                             stroke_color=th.grid, stroke_width=2).move_to(
                                 (corner_lo + corner_hi) / 2)
        self.plane_caption = note_text(th, "the input plane", color=th.muted)
        self.plane_caption.next_to(self.box, UP, buff=0.15).align_to(self.box, RIGHT)
        colors = rgb(th.class_colors)[film.y]
        self.points = PointCloud(film.X, frame=self.plane_frame, colors=colors,
                                 radius=p.point_radius, theme=th)

    def _regions(self) -> None:
        th, p = self.theme, self.params
        self.regions = RegionImage(region_rgba(self.film.start.output, th, p.region_opacity),
                                   width=self.box.width, height=self.box.height)
        self.regions.move_to(self.box)
        self.boundary = VMobject(stroke_color=th.accent, stroke_width=4)

    def _hidden_plane(self) -> None:
        th, p = self.theme, self.params
        lim = (-1.15, 1.15)
        self.hidden_lim = lim
        self.hidden_axes = themed_axes((*lim, 0.5), (*lim, 0.5), x_length=2.9, y_length=2.9,
                                       axis_options={"include_ticks": False}, theme=th)
        self.hidden_axes.set_stroke(opacity=0.5)
        self.hidden_axes.move_to([1.15, 1.5, 0])
        lo, hi = self.hidden_axes.c2p(lim[0], lim[0]), self.hidden_axes.c2p(lim[1], lim[1])
        self.hidden_box = Rectangle(width=hi[0] - lo[0], height=hi[1] - lo[1],
                                    stroke_color=th.grid, stroke_width=2).move_to((lo + hi) / 2)
        self.hidden_caption = note_text(th, "last hidden layer", color=th.muted)
        self.hidden_caption.next_to(self.hidden_box, UP, buff=0.15)
        self.hidden_frame = CloudFrame.from_axes(self.hidden_axes)
        colors = rgb(th.class_colors)[self.film.y]
        self.hidden_points = PointCloud(self.film.start.hidden, frame=self.hidden_frame,
                                        colors=colors, radius=0.8 * p.point_radius, theme=th)
        self.sides = VGroup(*(VMobject(stroke_width=0, fill_color=c,
                                       fill_opacity=0.4 * p.region_opacity)
                              for c in th.class_colors))
        self.cut = VMobject(stroke_color=th.accent, stroke_width=4)

    def _readout(self) -> None:
        th = self.theme
        names = [note_text(th, t, color=th.muted) for t in ("epoch", "loss", "accuracy")]
        for k, name in enumerate(names):  # baselines evenly spaced, whatever descends
            name.shift((-0.5 * k - name[0].get_bottom()[1]) * UP - name.get_left()[0] * RIGHT)
        names = VGroup(*names)
        column = names.get_right()[0] + 0.3
        # made with the widest text they will show, so the card has room for it
        film = self.film
        widest = (str(self.n_epochs), max(map(fmt_loss, film.history), key=len),
                  max((fmt_percent_fixed(a) + " %" for a in film.accuracies), key=len))
        self.readouts = {}
        for key, name, text in zip(("epoch", "loss", "accuracy"), names, widest, strict=True):
            number = Readout(text, font_size=th.label_size, color=th.text, font=th.font)
            baseline = name[0].get_bottom()[1]  # e, l, a: no descender
            number.shift([column, baseline, 0] - number.anchor.get_center())
            self.readouts[key] = number
        self.network_label = note_text(th, f"network {self.sizes}")
        numbers = VGroup(*self.readouts.values())
        self.card = panel(self.network_label, VGroup(names, numbers), theme=th)
        self.card.move_to([4.95, 1.5, 0])
        self.card[1][1].remove(numbers)  # they change every frame: drawn apart from the card
        self.readout = numbers

    def _loss_plot(self) -> None:
        th, film = self.theme, self.film
        history = np.asarray(film.history, dtype=float)
        self.loss_top = top = float(np.ceil(history.max() * 10) / 10)
        E = self.n_epochs
        self.loss_axes = themed_axes((0, E, E), (0, top, top), x_length=5.8, y_length=2.1,
                                     theme=th)
        self.loss_axes.move_to([3.55, -2.3, 0])
        ax = self.loss_axes
        zero = note_text(th, "0", color=th.muted).next_to(ax.c2p(0, 0), DOWN, buff=0.12)
        end = note_text(th, str(E), color=th.muted).next_to(ax.c2p(E, 0), DOWN, buff=0.12)
        top_tick = note_text(th, fmt_number(top, 1), color=th.muted)
        top_tick.next_to(ax.c2p(0, top), LEFT, buff=0.12)
        x_label = note_text(th, "epoch", color=th.muted)
        x_label.next_to(ax.c2p(E / 2, 0), DOWN, buff=0.12)
        # the loss by its name (nnmath.training.loss_label), over the top of its axis
        y_label = note_text(th, loss_label(LOSS), color=th.muted)
        y_label.next_to(top_tick, UP, buff=0.22).align_to(top_tick, LEFT)
        self.loss_labels = VGroup(zero, end, top_tick, x_label, y_label)
        self.loss_points = np.array([ax.c2p(e, v) for e, v in enumerate(history)])
        self.loss_curve = VMobject(stroke_color=th.accent, stroke_width=4)
        self.loss_head = Dot(self.loss_points[0], radius=0.07, color=th.accent)

    # --- the film --------------------------------------------------------------
    def show(self, position: float) -> None:
        """Draw the film at ``position`` (0 = the first snapshot, ``len - 1`` the last):
        regions, boundary, hidden points and line, readout and loss curve."""
        film, th, p = self.film, self.theme, self.params
        still = film.still(position)
        self.position_shown = position
        self.regions.set_image(region_rgba(still.output, th, p.region_opacity))
        self.boundary.set_points(_polyline_points(self.plane_frame, still.curves))
        self.hidden_points.set_data(still.hidden)
        self._draw_cut(*still.line)
        epoch = int(np.floor(still.epoch + 1e-9))
        self.epoch_shown = epoch
        self.readouts["epoch"].set_text(str(epoch))
        self.readouts["loss"].set_text(fmt_loss(film.history[epoch]))
        self.readouts["accuracy"].set_text(fmt_percent_fixed(film.accuracies[epoch]) + " %")
        self._grow_loss(still.epoch)

    def _draw_cut(self, w: np.ndarray, b: float) -> None:
        """The output neuron's line ``w . h + b = 0`` in the hidden plane, and the two
        sides it makes, shaded in the class colours."""
        lim = self.hidden_lim
        frame = self.hidden_frame
        if not np.any(w):
            for mob in (*self.sides, self.cut):
                mob.clear_points()
            return
        for side, poly in zip(self.sides, half_planes(w, b, lim, lim), strict=True):
            if len(poly) >= 3:
                side.set_points_as_corners(frame.to_scene(np.vstack([poly, poly[:1]])))
            else:
                side.clear_points()
        ends = Perceptron(w, b).boundary().segment(lim, lim)
        if ends is None:
            self.cut.clear_points()
        else:
            self.cut.set_points_as_corners(frame.to_scene(ends))

    def _grow_loss(self, epoch: float) -> None:
        n = int(np.floor(epoch))
        shown = self.loss_points[: n + 1]
        if n < self.n_epochs and epoch > n:  # the last piece reaches the epoch shown
            a, b = self.loss_points[n], self.loss_points[n + 1]
            shown = np.vstack([shown, a + (epoch - n) * (b - a)])
        self.loss_head.move_to(shown[-1])
        if len(shown) < 2:
            shown = np.vstack([shown, shown])
        self.loss_curve.set_points_as_corners(shown)

    def play_film(self, start: int, stop: int) -> None:
        """Play the snapshots from ``start`` to ``stop`` (indices), one ``snapshot_time``
        each, everything updated every frame."""
        # what does not change is drawn once, below the regions (the first mobject that
        # changes): Cairo then redraws only what comes after them each frame
        self.bring_to_back(self.plane_caption, self.card, self.hidden_caption,
                           self.hidden_axes, self.hidden_box, self.loss_axes, self.loss_labels)
        self.position.set_value(start)
        self.regions.add_updater(lambda _: self.show(self.position.get_value()))
        self.play(self.position.animate.set_value(stop),
                  run_time=(stop - start) * self.params.snapshot_time, rate_func=linear)
        self.regions.clear_updaters()
        self.show(stop)

    # --- beats -------------------------------------------------------------------
    @beat("Two classes in the plane")
    def data(self) -> None:
        self._input_plane()
        intro = DATA_WORDS[self.film.data][0]
        self.say(f"{intro}: {self.facts['points']} points in two classes.")
        self.play(Create(self.box), Create(self.plane), FadeIn(self.plane_caption),
                  run_time=1.0)
        self.play(FadeIn(self.points), run_time=1.0)
        if self.film.line_accuracy < 0.9:
            self.say(f"The best straight line gets only {self.facts['line']} % of them right.")
        else:
            self.say(f"Even a straight line gets {self.facts['line']} % of them right.")

    @beat("Random weights")
    def untrained(self) -> None:
        self._regions()
        self._hidden_plane()
        self._readout()
        self._loss_plot()
        self.position = ValueTracker(0.0)
        self.show(0)
        # drawing order: regions under the plane's lines, the boundary and the points
        self.remove(self.points, self.plane, self.box)
        self.add(self.regions, self.plane, self.box, self.boundary, self.points)
        self.say(f"Random weights: a {self.sizes} network shades the plane by the class it "
                 "picks.")
        self.play(FadeIn(self.regions), Create(self.boundary), run_time=1.2)
        self.say(f"It gets {self.facts['start_accuracy']} % of the points right.")
        self.play(FadeIn(self.card), FadeIn(self.readout), run_time=0.6)
        self.say("Its last hidden layer is two neurons wide: we can draw where it puts "
                 "each point.")
        self.play(Create(self.hidden_box), Create(self.hidden_axes),
                  FadeIn(self.hidden_caption), FadeIn(self.sides), run_time=0.8)
        self.add(self.cut, self.hidden_points)
        self.play(FadeIn(self.hidden_points), Create(self.cut), run_time=1.0)
        if self.start_picks_both:
            self.say("The output neuron splits them there with one straight line.")
        else:
            self.say("The output neuron's straight line leaves them all on one side for now.")
        self.play(Create(self.loss_axes), FadeIn(self.loss_labels), FadeIn(self.loss_head),
                  run_time=0.8)
        self.add(self.loss_curve, self.loss_head)
        self.wait(0.5)

    @beat("Training")
    def training(self) -> None:
        lines = [f"Now {self.n_epochs} epochs of gradient descent, each a pass over all "
                 f"{self.facts['points']} points.", self.steps_line()]
        if self.first_gap == 1 and self.last_gap > 1:
            lines.append(f"Snapshots start 1 epoch apart and end {self.last_gap} apart: the "
                         "first epochs get the most time.")
        lines += ["The regions, the hidden layer and the loss curve change together.",
                  "One set of weights, three pictures of it."]
        # each line plays over a stretch of the film as long as it takes to read
        last = len(self.film.snapshots) - 1
        shares = np.cumsum([len(line) for line in lines]) / sum(len(line) for line in lines)
        ends = [int(round(share * last)) for share in shares]
        start = 0
        for line, stop in zip(lines, ends, strict=True):
            self.say(line)
            if stop > start:
                self.play_film(start, stop)
                start = stop

    def steps_line(self) -> str:
        """How an epoch steps: the batches nnmath's training cuts it into."""
        n = len(self.film.X)
        steps, size, last = epoch_steps(n, self.film.batch_size)
        if steps == 1:
            return f"An epoch is one step, on all {n} points at once."
        tail = "" if last == size else f" (the last of {last})"
        return f"An epoch is {steps} steps, on batches of {size} points{tail}."

    @beat("What it learned")
    def learned(self) -> None:
        film = self.film
        self.say(f"After {self.n_epochs} epochs it gets {self.facts['final_accuracy']} % of "
                 "the points right.")
        self.play(Indicate(VGroup(self.readouts["epoch"], self.readouts["accuracy"]),
                           color=self.theme.accent, scale_factor=1.15), run_time=1.2)
        went = "down" if film.final.loss < film.start.loss else "up"
        self.say(f"Its loss, {loss_name(LOSS)}, went {went} from {self.facts['start_loss']} "
                 f"to {self.facts['final_loss']}.")
        self.wait(0.5)
        if self.bent and film.line_accuracy < film.final.accuracy:
            self.say(f"Its boundary {DATA_WORDS[film.data][1]}, where no straight line "
                     "could go.")
        elif self.bent:
            self.say("Its boundary bends, though here a straight line would do as well.")
        else:
            self.say("Its boundary is still close to a straight line.")
        self.play(Indicate(self.boundary, color=self.theme.text, scale_factor=1.0),
                  run_time=1.5)
        now = " now" if self.start_split < 1.0 else ""
        if film.final.accuracy == 1.0:
            self.say(f"In the last hidden layer the output neuron's line{now} separates "
                     "the classes.")
            self.play(Indicate(self.cut, color=self.theme.text, scale_factor=1.0),
                      run_time=1.5)
            self.say("The layers before it bent the plane until a straight line was enough.")
        elif self.hidden_split == 1.0:
            self.say("In the last hidden layer a straight line could split the classes "
                     "completely.")
            self.play(Indicate(self.cut, color=self.theme.text, scale_factor=1.0),
                      run_time=1.5)
            self.say(f"The output neuron's line gets {self.facts['final_accuracy']} % right "
                     "so far.")
        else:
            self.say(f"In the last hidden layer the best straight line splits "
                     f"{self.facts['hidden_split']} % of the points.")
            self.play(Indicate(self.cut, color=self.theme.text, scale_factor=1.0),
                      run_time=1.5)
            self.say("The layers before it have not pulled the classes fully apart yet.")
        self.wait(1.0)

    def shown_numbers(self) -> dict[str, str]:
        """The readout's texts as drawn now."""
        return {key: number.text for key, number in self.readouts.items()}


@dataclass(frozen=True)
class ExplainMyNetworkParams(ExplainSpecParams):
    """Which spec the chapter explains (a path relative to the project), and how it plays."""

    spec: str = "examples/moons.toml"  # the spec file to explain (see nnexplain example)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not (ROOT / self.spec).is_file():
            raise ParamsError(f"spec must name a spec file (e.g. examples/moons.toml), "
                              f"got {self.spec!r}: no such file")


class ExplainMyNetwork(ExplainSpec):
    """A spec in, the whole stage-by-stage explainer out: the generator on an example."""

    title = "Explain your own network"
    Params = ExplainMyNetworkParams
    chapter = None  # chapter 9, from the module

    def spec_path(self) -> Path | None:
        """``$NN_SPEC`` if set, else the ``spec`` parameter."""
        return env_spec() or ROOT / self.params.spec
