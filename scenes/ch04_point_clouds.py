"""Chapter 4: a point cloud carried through a network, stage by stage, in 2D.

Render one scene::

    manim -qm scenes/ch04_point_clouds.py PointCloud2D
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedVMobject,
    FadeIn,
    FadeOut,
    Line,
    Polygon,
    Text,
    Transform,
    VGroup,
    VMobject,
    Write,
)

from narrator.fmt import fmt_nonzero
from narrator.stages import stage_words
from nnmath import Perceptron, affine_map, best_affine_fit, examples
from nnmath.perceptron import separating_line
from nnmath.regions import decision_curves, half_planes
from scenes.base import ChapterScene, beat, beat_call
from scenes.components import MatrixLabel, fmt_percent, linear_tex, panel
from scenes.components.axes import themed_axes
from scenes.components.placement import to_edge
from scenes.components.point_cloud import CloudFrame, MoveCloud, PointCloud, Reframe
from scenes.components.stages import StageFormula, StageMarker
from scenes.components.text import body_text, formula, note_text
from scenes.params import CloudParams, SceneParams
from scenes.theme import rgb

__all__ = [
    "Classification2D",
    "Classification2DParams",
    "NotALinearMap",
    "NotALinearMapParams",
    "PointCloud2D",
    "PointCloud2DParams",
]


@dataclass(frozen=True)
class PointCloud2DParams(CloudParams):
    """The input cloud and the network (default: the course's lively 2-2-2 network)."""

    stage_time: float = 2.0  # seconds per stage of the network (W1, + b1, ReLU, ...)


def data_axes(points: list[np.ndarray], length: float, theme) -> Axes:
    """Square axes, ticks every unit, large enough for every stage's points, numbered
    along the bottom and left edges (beside the axes they would sit on the cloud)."""
    reach = max(1.0, float(np.max(np.abs(np.vstack([p[:, :2] for p in points])))))
    bound = float(np.ceil(reach * 1.08))
    return themed_axes((-bound, bound, 1), (-bound, bound, 1), x_length=length,
                       y_length=length, tips=True, numbers=True, numbers_at="edges",
                       theme=theme)


class PointCloud2D(ChapterScene):
    """A square of points through W1, + b1, ReLU, W2, + b2 and the sigmoid."""

    title = "A cloud of points through a 2-2-2 network"
    Params = PointCloud2DParams

    def prepare(self) -> None:
        self.net, self.X, self.stages = self.params.cloud(examples.network_222)
        self.relu_share = examples.fold_share(self.stages.z(1))  # 0: the ReLU folds nothing

    @beat("A square of points")
    def square(self) -> None:
        th = self.theme
        self.axes = data_axes([s.points for s in self.stages], 6.3, th)
        self.axes.move_to([-3.3, -0.35, 0])
        self.cloud = PointCloud(self.stages.a(0), frame=CloudFrame.from_axes(self.axes),
                                radius=self.params.point_radius, theme=th)
        self.say(_points_on_square(len(self.X)))
        self.play(Create(self.axes), run_time=1.0)
        self.play(FadeIn(self.cloud), run_time=1.0)

    @beat("The network and its numbers")
    def network(self) -> None:
        th = self.theme
        L1, L2 = self.net.layers
        small = th.label_size
        self.formula = StageFormula(self.net.activations, theme=th)
        self.labels = {
            ("linear", 1): MatrixLabel(L1.W, name="W_1", font_size=small),
            ("bias", 1): MatrixLabel(L1.b, name="b_1", font_size=small),
            ("linear", 2): MatrixLabel(L2.W, name="W_2", font_size=small),
            ("bias", 2): MatrixLabel(L2.b, name="b_2", font_size=small),
        }
        rows = VGroup(
            VGroup(self.labels["linear", 1], self.labels["bias", 1]).arrange(RIGHT, buff=0.35),
            VGroup(self.labels["linear", 2], self.labels["bias", 2]).arrange(RIGHT, buff=0.35),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        self.card = panel(rows, theme=th)
        right = VGroup(self.formula, self.card).arrange(DOWN, buff=0.45)
        right.move_to([3.75, 0.55, 0])
        self.marker = StageMarker(self.formula, self.stages, labels=self.labels,
                                  anchor=self.card, theme=th)
        self.say("A 2-2-2 network with random weights: ReLU in the hidden layer, "
                 "sigmoid at the output. Here are its real numbers.")
        self.play(FadeIn(self.formula), FadeIn(self.card))

    def play_stage(self, name: str) -> None:
        """Say what stage ``name`` does, mark it, and carry the cloud there (the last
        activation also draws the unit square)."""
        stage = self.stages.stage(name)
        self.say(stage_words(self.net, self.stages, stage))
        self.play(*self.marker.show(stage), run_time=0.5)
        extra = []
        if stage.kind == "activation" and stage.layer == len(self.net.layers):
            self.unit_outline = self._unit_square(self.axes)
            extra.append(Create(self.unit_outline))
        self.play(MoveCloud(self.cloud, stage.points), *extra, run_time=self.params.stage_time)

    def _unit_square(self, a: Axes) -> Polygon:
        return Polygon(a.c2p(0, 0), a.c2p(1, 0), a.c2p(1, 1), a.c2p(0, 1),
                       color=self.theme.accent, stroke_width=2.5)

    linear_1 = beat_call("W1: a linear map", "play_stage", "linear 1")
    bias_1 = beat_call("+ b1: a shift", "play_stage", "bias 1")
    relu_1 = beat_call("ReLU: the fold", "play_stage", "relu 1")
    linear_2 = beat_call("W2: another linear map", "play_stage", "linear 2")
    bias_2 = beat_call("+ b2: another shift", "play_stage", "bias 2")

    @beat("Sigmoid: the squish")
    def sigmoid_2(self) -> None:
        self.play_stage("sigmoid 2")
        th = self.theme
        how = "folded and bent" if self.relu_share > 0 else "bent"
        self.say("Closer in: the whole square now fits in the unit square, "
                 f"{how} on its way there.")
        zoomed = themed_axes((0, 1.15, 0.5), (0, 1.15, 0.5), x_length=5.4, y_length=5.4,
                             tips=True, numbers=True, decimals=1, theme=th)
        zoomed.move_to(self.axes.get_center())
        self.play(FadeOut(self.axes), Create(zoomed),
                  Transform(self.unit_outline, self._unit_square(zoomed)),
                  Reframe(self.cloud, CloudFrame.from_axes(zoomed)),
                  run_time=self.params.stage_time)
        self.axes = zoomed
        self.wait(1.5)


@dataclass(frozen=True)
class NotALinearMapParams(CloudParams):
    """The same cloud and network as PointCloud2D, and how many error lines to draw."""

    error_lines: int = 60  # how many misses are drawn, each from best-fit point to true point
    morph_time: float = 2.5  # seconds of each move of the cloud


class NotALinearMap(ChapterScene):
    """The network's blob beside the best affine fit: no linear map makes the fold."""

    title = "No linear map makes this shape"
    Params = NotALinearMapParams

    def prepare(self) -> None:
        self.net, self.X, trace = self.params.cloud(examples.network_222)
        self.Y = trace.output
        self.W_fit, self.b_fit, self.rms = best_affine_fit(self.X, self.Y)
        self.exact = self.rms <= 1e-9  # so few points that an affine map hits them all
        self.relu_share = examples.fold_share(trace.z(1))  # 0: the ReLU folds nothing
        self.Y_fit = affine_map(self.W_fit, self.X, self.b_fit)
        span = np.vstack([self.Y, self.Y_fit])
        self.lo = np.floor(span.min(axis=0) * 4) / 4
        self.hi = np.ceil(span.max(axis=0) * 4) / 4

    def _panel(self, x: float, caption: str) -> tuple[Axes, Text]:
        th = self.theme
        (x0, y0), (x1, y1) = self.lo, self.hi
        side = 3.9 / max(x1 - x0, y1 - y0)
        axes = themed_axes((x0, x1, 0.25), (y0, y1, 0.25), x_length=side * (x1 - x0),
                           y_length=side * (y1 - y0), numbers=True, decimals=2, theme=th)
        axes.move_to([x, 0.1, 0])
        for axis in (axes.x_axis, axes.y_axis):  # keep every other number: legible at 480p
            for k, number in enumerate(axis.numbers):
                if k % 2:
                    number.set_opacity(0)
        label = body_text(th, caption)
        label.next_to(axes, UP, buff=0.25)
        return axes, label

    @beat("The network's output")
    def network_blob(self) -> None:
        self.left, left_label = self._panel(-3.4, "the network")
        frame = CloudFrame.from_axes(self.left)
        self.blob = PointCloud(self.X, frame=frame, radius=self.params.point_radius,
                               theme=self.theme)
        self.say("Here is the square again, carried through the whole 2-2-2 network.")
        self.play(Create(self.left), FadeIn(left_label), FadeIn(self.blob))
        self.play(MoveCloud(self.blob, self.Y), run_time=self.params.morph_time)

    @beat("The best affine map")
    def best_fit(self) -> None:
        th = self.theme
        self.right, right_label = self._panel(3.4, "best affine fit")
        self.fit = PointCloud(self.X, frame=CloudFrame.from_axes(self.right),
                              radius=self.params.point_radius, theme=th)
        formula = VGroup(
            MatrixLabel(self.W_fit, name="W", font_size=th.label_size),
            MatrixLabel(self.b_fit, name="b", font_size=th.label_size),
        ).arrange(RIGHT, buff=0.3)
        formula.next_to(self.right, DOWN, buff=0.25)
        self.fit_formula = formula
        self.say("Least squares finds the affine map W x + b whose squared misses from the "
                 "points' true destinations add up to the least.")
        self.play(Create(self.right), FadeIn(right_label), FadeIn(self.fit))
        self.play(MoveCloud(self.fit, self.Y_fit), FadeIn(formula),
                  run_time=self.params.morph_time)

    @beat("What no linear map can do")
    def residual(self) -> None:
        th = self.theme
        p = self.params
        pick = np.linspace(0, len(self.X) - 1, p.error_lines).astype(int)
        corners = affine_map(self.W_fit, np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]]),
                             self.b_fit)
        ghost = DashedVMobject(
            Polygon(*(self.left.c2p(*c) for c in corners), color=th.text, stroke_width=2),
            num_dashes=60,
        )
        lines = VGroup(*(
            Line(self.left.c2p(*self.Y_fit[i]), self.left.c2p(*self.Y[i]),
                 stroke_width=1.5, color=th.accent)
            for i in pick
        ))
        verdict = formula(th, r"\text{RMS miss} = " + fmt_nonzero(self.rms, 3),
                          color=th.accent).next_to(self.left, DOWN, buff=0.35)
        if self.exact:
            few = "one point" if len(self.X) == 1 else f"{len(self.X)} points"
            self.say(f"Laid over the real blob, the best affine map hits the {few} "
                     "exactly: so few points do not show what straight lines miss.")
        else:
            self.say(f"Laid over the real blob, even the best affine map misses by "
                     f"{fmt_nonzero(self.rms, 3)} (root mean square): straight lines cannot "
                     "fold.")
        self.play(Create(ghost), Create(lines), run_time=1.5)
        self.play(Write(verdict))
        if self.relu_share == 0:
            self.say("The ReLU folds none of these points; what bends them is the sigmoid: "
                     "the activations are what let a network bend space.")
        elif self.exact:
            self.say("With more points the fold would show, and it is the ReLU's doing: the "
                     "activation is what lets a network bend space.")
        else:
            self.say("That fold is the ReLU's doing: the activation is what lets a network "
                     "bend space.")
        self.wait(2.0)


@dataclass(frozen=True)
class Classification2DParams(SceneParams):
    """The two-moons set and the trained network (see nnmath.examples.moons_classifier)."""

    n_points: int = 400  # points in the two moons (the held-out set: as many, next seed)
    noise: float = 0.1  # standard deviation of the noise on the moons' points
    seed: int = 0  # seed of the data, the starting weights and the shuffling
    hidden: tuple[int, ...] = (8, 2)  # hidden layer sizes (tanh); the last must be 2
    epochs: int = 300  # training epochs of gradient descent (batches of 32)
    learning_rate: float = 1.0  # gradient descent's step size
    morph_time: float = 3.0  # seconds of each move of the cloud
    point_radius: float = 0.05  # radius of each drawn point (scene units)


class Classification2D(ChapterScene):
    """Two moons through a trained network: a straight line in the last hidden layer is
    a curved boundary back in the input plane."""

    title = "A straight cut in the hidden layer"
    Params = Classification2DParams

    def prepare(self) -> None:
        p = self.params
        if len(p.hidden) < 1 or p.hidden[-1] != 2:
            raise ValueError(f"the last hidden layer must have 2 neurons to be drawn, "
                             f"got hidden={p.hidden}")
        self.trained = examples.moons_classifier(
            p.n_points, p.noise, p.seed, tuple(p.hidden), p.epochs, p.learning_rate)
        net = self.net = self.trained.network
        self.accuracy = self.trained.accuracy(held_out=True)
        self.H = net.trace(self.trained.X).a(len(net.layers) - 1)  # the last hidden layer
        out = net.layers[-1]
        self.line = Perceptron(out.W[0], float(out.b[0]))
        self.xlim, self.ylim = (-2.0, 2.0), (-1.5, 1.5)
        self.curves = decision_curves(net, self.xlim, self.ylim, n=160)
        self.curve_images = [net.trace(c).a(len(net.layers) - 1) for c in self.curves]
        # can one straight line split the points as drawn? (not the moons, normally)
        self.line_splits = separating_line(self.trained.X, self.trained.y) is not None
        # does the trained network pull its points apart, and get fresh points right?
        self.separated = self.trained.accuracy(held_out=False) >= 0.9
        self.follows = self.accuracy >= 0.9

    @beat("Two moons")
    def moons(self) -> None:
        th = self.theme
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        # numbers along the edges: the moons and their images in the hidden layer cross
        # the axes (numbered there, a number would sit on points)
        self.axes = themed_axes((x0, x1, 0.5), (y0, y1, 0.5), x_length=7.2, y_length=5.4,
                                numbers=True, skip_numbers=[-1.5, -0.5, 0.5, 1.5],
                                numbers_at="edges", theme=th)
        self.axes.move_to([-2.9, -0.35, 0])
        colors = rgb(th.class_colors)[self.trained.y]
        self.cloud = PointCloud(self.trained.X, frame=CloudFrame.from_axes(self.axes),
                                colors=colors, radius=self.params.point_radius, theme=th)
        if self.line_splits:
            self.say("Two interleaved moons, two classes. These few points a straight line "
                     "could still split, but not the moons they are drawn from.")
        else:
            self.say("Two interleaved moons, two classes. No straight line splits them.")
        self.play(Create(self.axes), FadeIn(self.cloud))

    @beat("A trained network")
    def trained_net(self) -> None:
        th = self.theme
        sizes = "-".join(str(s) for s in self.net.sizes)
        acts = ", ".join(self.net.activations)
        lines = [
            f"network {sizes}",
            f"({acts})",
            f"trained {len(self.trained.history) - 1} epochs",
            f"held-out accuracy {fmt_percent(self.accuracy, 1)} %",
        ]
        self.card = to_edge(panel(*(note_text(th, t) for t in lines), theme=th),
                            RIGHT, buff=0.35).shift(UP)
        self.say(f"A small {sizes} network, trained by gradient descent, gets "
                 f"{fmt_percent(self.accuracy, 1)} % of fresh points right.")
        self.play(FadeIn(self.card))

    @beat("Inside the last hidden layer")
    def hidden(self) -> None:
        if self.separated:
            self.say("Follow the points into the network's last hidden layer, two neurons "
                     "wide, and the moons come apart.")
        else:
            percent = fmt_percent(self.trained.accuracy(held_out=False), 1)
            self.say("Follow the points into the network's last hidden layer, two neurons "
                     f"wide: the moons only partly come apart, {percent} % end up on the "
                     "right side.")
        self.play(MoveCloud(self.cloud, self.H), run_time=self.params.morph_time)

    @beat("A straight line splits them")
    def cut(self) -> None:
        th = self.theme
        w, b = self.line.weights, self.line.bias
        neg, pos = half_planes(w, b, self.xlim, self.ylim)
        self.shades = VGroup(*(
            Polygon(*(self.axes.c2p(*q) for q in poly), stroke_width=0, fill_color=color,
                    fill_opacity=0.15)
            for poly, color in ((neg, th.class_colors[0]), (pos, th.class_colors[1]))
            if len(poly) >= 3
        ))
        ends = self.line.boundary().segment(self.xlim, self.ylim)
        self.cut_line = VGroup() if ends is None else Line(
            *(self.axes.c2p(*e) for e in ends), color=th.accent, stroke_width=4)
        self.line_tex = linear_tex(w, b, [r"\,h_1", r"\,h_2"]) + " = 0"
        equation = formula(th, self.line_tex, color=th.accent).next_to(self.card, DOWN,
                                                                         buff=0.5)
        if ends is None:
            self.say("Here the output neuron draws a straight line, but it falls outside "
                     "this picture: every point lands in the same class.")
        else:
            self.say("Here the output neuron only has to draw a straight line: "
                     "one side is one class, the other side the other.")
        self.add(self.shades, self.cloud)  # shading under the points
        self.play(FadeIn(self.shades), Create(self.cut_line), Write(equation))
        self.equation = equation

    @beat("Pulled back, the line bends")
    def pull_back(self) -> None:
        th = self.theme
        bent = VGroup(*(
            VMobject(color=th.accent, stroke_width=4).set_points_as_corners(
                [self.axes.c2p(*q) for q in image])
            for image in self.curve_images
        ))
        curves = VGroup(*(
            VMobject(color=th.accent, stroke_width=4).set_points_as_corners(
                [self.axes.c2p(*q) for q in curve])
            for curve in self.curves
        ))
        if not self.curves:
            self.say("Now carry the points back to the input plane: the boundary stays "
                     "outside the picture, so every point here gets the same class.")
        elif self.follows:
            self.say("Now carry the points back to the input plane, and the boundary with "
                     "them: the straight cut becomes a curve that follows the moons.")
        else:
            self.say("Now carry the points back to the input plane, and the boundary with "
                     "them: the straight cut becomes a curve that only roughly follows the "
                     "moons.")
        self.play(FadeOut(self.shades), FadeOut(self.cut_line), FadeIn(bent), run_time=0.6)
        self.play(MoveCloud(self.cloud, self.trained.X), Transform(bent, curves),
                  run_time=self.params.morph_time)
        self.wait(1.5)


def _points_on_square(n: int) -> str:
    """The opening subtitle: how many points there are (one is "a single point")."""
    if n == 1:
        return "A single point on the square, coloured by where it starts, so we can follow it."
    return (f"{n:,} points spread over a square, each coloured by where it starts, "
            "so we can follow it.")


