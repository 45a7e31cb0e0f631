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
    Axes,
    Create,
    FadeIn,
    FadeOut,
    Polygon,
    SurroundingRectangle,
    Text,
    VGroup,
)

from nnmath import Network, examples
from scenes.base import ChapterScene, beat
from scenes.components import MatrixLabel, panel
from scenes.components.point_cloud import CloudFrame, MoveCloud, PointCloud
from scenes.components.stages import StageFormula, stage_sentence, stage_title

__all__ = ["PointCloud2D", "PointCloud2DParams"]


@dataclass(frozen=True)
class PointCloud2DParams:
    """The input cloud and the network (default: the course's lively 2-2-2 network)."""

    n_points: int = 2000
    data_seed: int = 7
    network_seed: int = examples.NETWORK_222_SEED
    stage_time: float = 2.0
    point_radius: float = 0.035


def data_axes(points: list[np.ndarray], length: float, theme) -> Axes:
    """Square axes, ticks every unit, large enough for every stage's points."""
    reach = max(1.0, float(np.max(np.abs(np.vstack([p[:, :2] for p in points])))))
    bound = float(np.ceil(reach * 1.08))
    return Axes(
        x_range=(-bound, bound, 1), y_range=(-bound, bound, 1),
        x_length=length, y_length=length,
        axis_config={"color": theme.axis, "stroke_width": 2, "tip_length": 0.18,
                     "tip_width": 0.18, "include_numbers": True,
                     "font_size": theme.small_size, "numbers_to_exclude": [0]},
    )


class PointCloud2D(ChapterScene):
    """A square of points through W1, + b1, ReLU, W2, + b2 and the sigmoid."""

    chapter = 4
    title = "A cloud of points through a 2-2-2 network"
    Params = PointCloud2DParams

    def setup(self) -> None:
        super().setup()
        p = self.params
        self.net = Network.random((2, 2, 2), ("relu", "sigmoid"), seed=p.network_seed)
        self.X = examples.example_square(p.n_points, seed=p.data_seed)
        self.stages = self.net.trace(self.X)

    @beat("A square of points")
    def square(self) -> None:
        th = self.theme
        self.axes = data_axes([s.points for s in self.stages], 6.6, th)
        self.axes.move_to([-3.3, -0.35, 0])
        self.cloud = PointCloud(self.stages[0].points, frame=CloudFrame.from_axes(self.axes),
                                radius=self.params.point_radius, theme=th)
        self.say(f"{len(self.X):,} points spread over a square, each coloured by where it "
                 "starts, so we can follow it.")
        self.play(Create(self.axes), run_time=1.0)
        self.play(FadeIn(self.cloud), run_time=1.0)

    @beat("The network and its numbers")
    def network(self) -> None:
        th = self.theme
        L1, L2 = self.net.layers
        small = th.label_size
        self.formula = StageFormula(self.net.activations, theme=th)
        self.labels = {
            ("linear", 0): MatrixLabel(L1.W, name="W_1", font_size=small),
            ("bias", 0): MatrixLabel(L1.b, name="b_1", font_size=small),
            ("linear", 1): MatrixLabel(L2.W, name="W_2", font_size=small),
            ("bias", 1): MatrixLabel(L2.b, name="b_2", font_size=small),
        }
        rows = VGroup(
            VGroup(self.labels["linear", 0], self.labels["bias", 0]).arrange(RIGHT, buff=0.35),
            VGroup(self.labels["linear", 1], self.labels["bias", 1]).arrange(RIGHT, buff=0.35),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        self.card = panel(rows, theme=th)
        right = VGroup(self.formula, self.card).arrange(DOWN, buff=0.45)
        right.move_to([3.75, 0.55, 0])
        self.stage_label = Text(" ", font=th.font, font_size=th.body_size, color=th.accent)
        self.say("A 2-2-2 network with random weights: ReLU in the hidden layer, "
                 "sigmoid at the output. Here are its real numbers.")
        self.play(FadeIn(self.formula), FadeIn(self.card))

    def _play_stage(self, i: int) -> None:
        th = self.theme
        stage = self.stages[i]
        self.say(stage_sentence(self.net, self.stages, i))
        part = self.formula.part(stage)
        marks = [SurroundingRectangle(part, color=th.accent, buff=0.06, stroke_width=2.5)]
        label = self.labels.get((stage.kind, stage.layer))
        if label is not None:
            marks.append(SurroundingRectangle(label, color=th.accent, buff=0.08,
                                              stroke_width=2.5))
        title = Text(f"{i}/6  {stage_title(stage)}", font=th.font, font_size=th.body_size,
                     color=th.accent).next_to(self.card, DOWN, buff=0.4)
        old = [m for m in (getattr(self, "_marks", None), self.stage_label) if m is not None]
        self.play(*(FadeOut(m) for m in old), *(Create(m) for m in marks), FadeIn(title),
                  run_time=0.5)
        self._marks = VGroup(*marks)
        self.stage_label = title
        extra = []
        if stage.kind == "activation" and stage.layer == len(self.net.layers) - 1:
            extra.append(Create(self._unit_square()))
        self.play(MoveCloud(self.cloud, stage.points), *extra, run_time=self.params.stage_time)

    def _unit_square(self) -> Polygon:
        a = self.axes
        return Polygon(a.c2p(0, 0), a.c2p(1, 0), a.c2p(1, 1), a.c2p(0, 1),
                       color=self.theme.accent, stroke_width=2.5)

    @beat("W1: a linear map")
    def linear_1(self) -> None:
        self._play_stage(1)

    @beat("+ b1: a shift")
    def bias_1(self) -> None:
        self._play_stage(2)

    @beat("ReLU: the fold")
    def relu_1(self) -> None:
        self._play_stage(3)

    @beat("W2: another linear map")
    def linear_2(self) -> None:
        self._play_stage(4)

    @beat("+ b2: another shift")
    def bias_2(self) -> None:
        self._play_stage(5)

    @beat("Sigmoid: the squish")
    def sigmoid_2(self) -> None:
        self._play_stage(6)
        self.wait(1.0)


