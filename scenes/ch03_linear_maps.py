"""Chapter 3: weight matrices are linear maps.

Render one scene::

    manim -qm scenes/ch03_linear_maps.py WeightMatrixAsTransform
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    UR,
    ApplyMatrix,
    Arrow,
    Create,
    Dot,
    FadeIn,
    Flash,
    GrowArrow,
    Indicate,
    MathTex,
    NumberPlane,
    Transform,
    VGroup,
    Write,
)

from nnmath.linear import affine_map, as_matrix, basis_images
from scenes.base import ChapterScene, beat
from scenes.components import MatrixLabel, fmt_number, panel

__all__ = ["WeightMatrixAsTransform", "WeightMatrixParams"]


@dataclass(frozen=True)
class WeightMatrixParams:
    """The matrix whose action is shown (default: the seed's [[1, 2], [2, 1]])."""

    matrix: tuple[tuple[float, float], tuple[float, float]] = ((1.0, 2.0), (2.0, 1.0))
    origin: tuple[float, float] = (-1.8, -1.3)  # where the plane's origin sits on screen
    transform_time: float = 3.0


def _coords(v: np.ndarray) -> str:
    return "(" + ", ".join(fmt_number(x) for x in v) + ")"


class WeightMatrixAsTransform(ChapterScene):
    """i-hat and j-hat land on W's columns; the grid follows; the origin stays put."""

    chapter = 3
    title = "A weight matrix moves the whole plane"
    Params = WeightMatrixParams

    def setup(self) -> None:
        super().setup()
        p = self.params
        self.W = as_matrix(p.matrix)
        if self.W.shape != (2, 2):
            raise ValueError(f"matrix must be 2x2 for this scene, got shape {self.W.shape}")
        self.images = basis_images(self.W)  # row i = where e_i lands
        reach = max(1.0, float(np.abs(self.images).max()))
        self.unit = min(1.5, 3.0 / reach)  # W's columns large, but on screen
        self.origin = np.array([*p.origin, 0.0])

    def to_screen(self, xy: np.ndarray) -> np.ndarray:
        return self.origin + self.unit * np.array([xy[0], xy[1], 0.0])

    @beat("The plane and its unit vectors")
    def grid(self) -> None:
        th = self.theme
        span = dict(x_range=(-12, 12, 1), y_range=(-9, 9, 1))
        self.backdrop = NumberPlane(
            **span,
            x_length=24 * self.unit,
            y_length=18 * self.unit,
            background_line_style={"stroke_color": th.grid, "stroke_opacity": 0.35},
            axis_config={"stroke_opacity": 0.0},
        ).move_to(self.origin)
        self.plane = NumberPlane(
            **span,
            x_length=24 * self.unit,
            y_length=18 * self.unit,
            background_line_style={"stroke_color": th.positive, "stroke_opacity": 0.55},
            axis_config={"stroke_color": th.axis},
        ).move_to(self.origin)
        self.i_arrow = self._arrow(np.array([1.0, 0.0]), th.i_hat)
        self.j_arrow = self._arrow(np.array([0.0, 1.0]), th.j_hat)
        self.i_label = MathTex(r"\hat{\imath}", color=th.i_hat, font_size=th.body_size + 6)
        self.j_label = MathTex(r"\hat{\jmath}", color=th.j_hat, font_size=th.body_size + 6)
        self._place_labels()
        self.origin_dot = Dot(self.origin, color=th.accent, radius=0.07)
        self.say("Start with the plane's grid and its two unit vectors, i-hat and j-hat.")
        self.add(self.backdrop)
        self.play(Create(self.plane), run_time=1.5)
        self.play(GrowArrow(self.i_arrow), GrowArrow(self.j_arrow), FadeIn(self.origin_dot))
        self.play(Write(self.i_label), Write(self.j_label))
        self.wait(0.5)

    @beat("The weight matrix W")
    def matrix(self) -> None:
        th = self.theme
        col1, col2 = self.images
        self.w_label = MatrixLabel(self.W, name="W", column_colors=[th.i_hat, th.j_hat])
        self.reading = VGroup(
            MathTex(r"W\hat{\imath} = ", _coords_tex(col1), color=th.i_hat,
                    font_size=th.body_size),
            MathTex(r"W\hat{\jmath} = ", _coords_tex(col2), color=th.j_hat,
                    font_size=th.body_size),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.card = panel(self.w_label, theme=th).to_corner(UR, buff=0.4).shift(0.5 * DOWN)
        self.say(
            f"Here is a weight matrix W. Its first column is {_coords(col1)}, "
            f"its second is {_coords(col2)}."
        )
        self.play(FadeIn(self.card, shift=0.2 * LEFT))
        self.play(Indicate(self.w_label.column(0), color=th.i_hat))
        self.play(Indicate(self.w_label.column(1), color=th.j_hat))

    @beat("i-hat and j-hat land on the columns")
    def targets(self) -> None:
        th = self.theme
        col1, col2 = self.images
        self.target_dots = VGroup(
            Dot(self.to_screen(col1), color=th.i_hat, radius=0.08),
            Dot(self.to_screen(col2), color=th.j_hat, radius=0.08),
        )
        self.target_labels = VGroup(
            MathTex(_coords(col1), color=th.i_hat, font_size=th.body_size),
            MathTex(_coords(col2), color=th.j_hat, font_size=th.body_size),
        )
        for label in self.target_labels:
            label.add_background_rectangle(color=th.background, opacity=0.85, buff=0.06)
        for dot, label, v in zip(self.target_dots, self.target_labels, self.images, strict=True):
            label.next_to(dot, _away(v), buff=0.15)
        self.say("W sends i-hat to its first column and j-hat to its second.")
        self.play(FadeIn(self.target_dots[0], scale=0.5), Write(self.target_labels[0]))
        self.play(FadeIn(self.target_dots[1], scale=0.5), Write(self.target_labels[1]))

    @beat("The whole grid follows")
    def transform(self) -> None:
        th = self.theme
        col1, col2 = self.images
        new_i = self._arrow(col1, th.i_hat)
        new_j = self._arrow(col2, th.j_hat)
        self.say(
            "Every other point follows: grid lines stay straight, parallel and evenly spaced."
        )
        self.play(
            ApplyMatrix(self.W, self.plane, about_point=self.origin),
            Transform(self.i_arrow, new_i),
            Transform(self.j_arrow, new_j),
            self.i_label.animate.move_to(self._beside(col1, side=+1)),
            self.j_label.animate.move_to(self._beside(col2, side=-1)),
            run_time=self.params.transform_time,
        )
        self.card.add(self.reading.next_to(self.w_label, DOWN, aligned_edge=LEFT, buff=0.3))
        self._refit_card()
        self.play(FadeIn(self.reading))

    @beat("The origin stays put")
    def origin_fixed(self) -> None:
        th = self.theme
        image = affine_map(self.W, np.zeros((1, 2)))[0]
        stays = MathTex(r"W\,\vec{0} = ", _coords_tex(image), color=th.accent,
                        font_size=th.body_size)
        stays.next_to(self.reading, DOWN, aligned_edge=LEFT, buff=0.25)
        self.card.add(stays)
        self._refit_card()
        self.say("And the origin stays where it is: a linear map never moves it.")
        self.play(Flash(self.origin_dot, color=th.accent), FadeIn(stays))
        self.wait(1.0)

    # -- helpers ---------------------------------------------------------------
    def _arrow(self, v: np.ndarray, color: str) -> Arrow:
        return Arrow(
            self.origin, self.to_screen(v), buff=0, color=color, stroke_width=6,
            max_tip_length_to_length_ratio=0.2,
        )

    def _place_labels(self) -> None:
        self.i_label.move_to(self._beside(np.array([1.0, 0.0]), side=-1))
        self.j_label.move_to(self._beside(np.array([0.0, 1.0]), side=+1))

    def _beside(self, v: np.ndarray, side: int) -> np.ndarray:
        """A spot beside the middle of the arrow to ``v``, on its left (+1) or right (-1)."""
        mid = self.to_screen(0.5 * v)
        normal = np.array([-v[1], v[0], 0.0]) / max(np.linalg.norm(v), 1e-9)
        return mid + side * 0.4 * normal

    def _refit_card(self) -> None:
        card, content = self.card[0], VGroup(*self.card[1:])
        card.stretch_to_fit_height(content.height + 0.6, about_edge=UP)
        card.stretch_to_fit_width(max(card.width, content.width + 0.6), about_edge=LEFT)


def _coords_tex(v: np.ndarray) -> str:
    return r"\begin{pmatrix}" + r" \\ ".join(fmt_number(x) for x in v) + r"\end{pmatrix}"


def _away(v: np.ndarray) -> np.ndarray:
    """A label direction pointing away from the origin along ``v``."""
    direction = np.array([v[0], v[1], 0.0])
    norm = np.linalg.norm(direction)
    return RIGHT if norm == 0 else direction / norm
