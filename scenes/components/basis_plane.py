"""A grid with i-hat, j-hat and the unit square that a matrix (and a bias) can move.

Example::

    plane = BasisPlane(origin=np.array([-2, -1, 0]), unit=1.2)
    self.play(Create(plane))
    self.play(*plane.apply(nnmath.rotation(90)))
    self.play(*plane.reset())
"""

from __future__ import annotations

import numpy as np
from manim import (
    Animation,
    ApplyFunction,
    Arrow,
    Dot,
    MathTex,
    NumberPlane,
    Polygon,
    Restore,
    Transform,
    VGroup,
)
from numpy.typing import ArrayLike

from nnmath.linear import affine_map, as_matrix, basis_images
from scenes.theme import THEME, Theme

__all__ = ["BasisPlane"]

_SHORTEST = 0.2  # screen units: a shorter arrow is a dot, its label fades out at the origin
_BESIDE_LENGTH = 0.8  # screen units: a shorter arrow has its label past its tip
_SQUARE = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])


class BasisPlane(VGroup):
    """A faint fixed backdrop grid, a moving grid, the unit square, i-hat, j-hat and
    the origin, drawn with ``unit`` screen units per grid step around ``origin``.

    ``apply(W, b)`` returns the animations of the map ``x -> W x + b`` (positions
    from :func:`nnmath.affine_map`); ``reset()`` the animations back to the start.
    """

    def __init__(
        self,
        origin: ArrayLike = (0.0, 0.0, 0.0),
        unit: float = 1.0,
        extent: tuple[int, int] = (12, 9),
        show_square: bool = True,
        theme: Theme = THEME,
    ) -> None:
        super().__init__()
        self.theme = theme
        self.origin = np.asarray(origin, dtype=float)
        self.unit = float(unit)
        nx, ny = extent
        span = {
            "x_range": (-nx, nx, 1),
            "y_range": (-ny, ny, 1),
            "x_length": 2 * nx * self.unit,
            "y_length": 2 * ny * self.unit,
        }
        self.backdrop = NumberPlane(
            **span,
            background_line_style={"stroke_color": theme.grid, "stroke_opacity": 0.35},
            axis_config={"stroke_opacity": 0.0},
        ).move_to(self.origin)
        self.grid = NumberPlane(
            **span,
            background_line_style={"stroke_color": theme.positive, "stroke_opacity": 0.55},
            axis_config={"stroke_color": theme.axis},
        ).move_to(self.origin)
        self.square = self._square(np.eye(2), np.zeros(2))
        self.i_arrow = self._arrow(np.zeros(2), np.array([1.0, 0.0]), theme.i_hat)
        self.j_arrow = self._arrow(np.zeros(2), np.array([0.0, 1.0]), theme.j_hat)
        self.i_label = MathTex(r"\hat{\imath}", color=theme.i_hat, font_size=theme.body_size + 6)
        self.j_label = MathTex(r"\hat{\jmath}", color=theme.j_hat, font_size=theme.body_size + 6)
        self.i_label.move_to(self.beside(np.zeros(2), np.array([1.0, 0.0]), side=-1))
        self.j_label.move_to(self.beside(np.zeros(2), np.array([0.0, 1.0]), side=+1))
        self.origin_dot = Dot(self.origin, color=theme.accent, radius=0.07)
        self.show_square = show_square
        self.add(self.backdrop, self.grid)
        if show_square:
            self.add(self.square)
        self.add(self.i_arrow, self.j_arrow, self.origin_dot, self.i_label, self.j_label)
        # drawing order: grid, square, arrows, origin, labels (Restore re-adds in this order)
        self.movers = VGroup(self.grid, *([self.square] if show_square else []), self.i_arrow,
                             self.j_arrow, self.origin_dot, self.i_label, self.j_label)
        self.movers.save_state()

    # -- geometry -------------------------------------------------------------
    def to_screen(self, xy: ArrayLike) -> np.ndarray:
        """Screen point of plane coordinates ``xy`` (shape (2,) or (n, 2))."""
        p = np.asarray(xy, dtype=float)
        flat = np.zeros(p.shape[:-1] + (3,))
        flat[..., :2] = p
        return self.origin + self.unit * flat

    def beside(self, start: np.ndarray, v: np.ndarray, side: int) -> np.ndarray:
        """A spot beside the middle of the arrow start -> start + v, left (+1) or right
        (-1); beside a point past its tip where the arrow is too short on screen for a
        label beside it to clear the line it starts from."""
        length = max(float(np.linalg.norm(v)), 1e-9)
        direction = np.array([v[0], v[1], 0.0]) / length
        normal = np.array([-v[1], v[0], 0.0]) / length
        if length * self.unit < _BESIDE_LENGTH:
            anchor = self.to_screen(start + v) + 0.5 * _BESIDE_LENGTH * direction
        else:
            anchor = self.to_screen(start + 0.5 * v)
        return anchor + side * 0.4 * normal

    def _arrow(self, start: np.ndarray, v: np.ndarray, color: str) -> Arrow:
        return Arrow(
            self.to_screen(start), self.to_screen(start + v), buff=0, color=color,
            stroke_width=6, max_tip_length_to_length_ratio=0.2,
        )

    def _square(self, W: np.ndarray, b: np.ndarray) -> Polygon:
        corners = affine_map(W, _SQUARE, b)
        return Polygon(
            *self.to_screen(corners), color=self.theme.accent, stroke_width=2,
            fill_color=self.theme.accent, fill_opacity=0.18,
        )

    # -- animations -----------------------------------------------------------
    def apply(self, W: ArrayLike, b: ArrayLike | None = None) -> list[Animation]:
        """Animations carrying the grid, square, arrows and origin through ``W x + b``."""
        M = as_matrix(W)
        if M.shape != (2, 2):
            raise ValueError(f"BasisPlane shows 2x2 matrices, got shape {M.shape}")
        shift = np.zeros(2) if b is None else np.asarray(b, dtype=float)
        new_origin = affine_map(M, np.zeros((1, 2)), shift)[0]
        i_img, j_img = basis_images(M)  # columns of W, without the shift
        screen_shift = self.to_screen(new_origin) - self.origin
        i_spot, j_spot = self.label_spots(M, shift)

        def move_grid(grid: NumberPlane) -> NumberPlane:
            grid.apply_matrix(M, about_point=self.origin)
            return grid.shift(screen_shift)

        square = [Transform(self.square, self._square(M, shift))] if self.show_square else []
        return [
            ApplyFunction(move_grid, self.grid),
            *square,
            Transform(self.i_arrow, self._arrow(new_origin, i_img, self.theme.i_hat)),
            Transform(self.j_arrow, self._arrow(new_origin, j_img, self.theme.j_hat)),
            self.origin_dot.animate.move_to(self.to_screen(new_origin)),
            *(_label_to(label, spot, self.to_screen(new_origin))
              for label, spot in ((self.i_label, i_spot), (self.j_label, j_spot))),
        ]

    def label_spots(self, W: ArrayLike, b: ArrayLike | None = None) -> list[np.ndarray | None]:
        """Where ``apply(W, b)`` puts the labels of i-hat and j-hat on screen: beside their
        arrows, on the side they start on unless the map flips orientation; ``None`` for
        an arrow the map shrinks to (almost) nothing, :meth:`shrinks` (its label fades out
        at the origin)."""
        M = as_matrix(W)
        shift = np.zeros(2) if b is None else np.asarray(b, dtype=float)
        new_origin = affine_map(M, np.zeros((1, 2)), shift)[0]
        flip = 1 if np.linalg.det(M) >= 0 else -1
        return [None if self.shrinks(v) else self.beside(new_origin, v, side=side)
                for v, side in zip(basis_images(M), (-flip, flip), strict=True)]

    def shrinks(self, v: ArrayLike) -> bool:
        """Whether an arrow along ``v`` is too short on screen to be told from the origin
        (and to be labelled beside)."""
        return float(np.linalg.norm(np.asarray(v, dtype=float))) * self.unit < _SHORTEST

    def reset(self) -> list[Animation]:
        """Animations back to the identity map."""
        return [Restore(self.movers)]


def _label_to(label: MathTex, spot: np.ndarray | None, origin: np.ndarray) -> Animation:
    """A label moving beside its arrow, or fading out into the origin with an arrow that
    shrinks to nothing (two such labels would pile up there)."""
    if spot is None:
        return label.animate.move_to(origin).set_opacity(0)
    return label.animate.move_to(spot)
