"""Numbers and matrices as LaTeX, formatted one way everywhere.

Example::

    label = MatrixLabel([[1, 2], [2, 1]], name="W", column_colors=[GREEN, RED])
    self.add(label, panel(Text("a card")).next_to(label, DOWN))
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    MathTex,
    Matrix,
    Mobject,
    RoundedRectangle,
    VGroup,
)
from numpy.typing import ArrayLike

from narrator.fmt import fmt_fixed, fmt_number, fmt_percent, fmt_shared
from nnmath.activations import activation, check_activation_name
from scenes.theme import THEME, Theme

__all__ = ["ACTIVATION_TEX", "activation_tex", "fmt_fixed", "fmt_number", "fmt_percent",
           "fmt_shared", "linear_tex", "tex_matrix", "MatrixLabel", "panel"]

#: How each nnmath activation is written in a formula, keyed by nnmath's names.
ACTIVATION_TEX: dict[str, str] = {
    "heaviside": "H",
    "sigmoid": r"\sigma",
    "tanh": r"\tanh",
    "relu": r"\mathrm{ReLU}",
    "identity": r"\mathrm{id}",
    "leaky_relu": r"\mathrm{LReLU}",
    "softmax": r"\mathrm{softmax}",
}


def activation_tex(name: str) -> str:
    r"""The TeX symbol of the nnmath activation ``name`` (a ValueError names the known ones).

    >>> activation_tex("relu"), activation_tex("leaky_relu(0.2)")
    ('\\mathrm{ReLU}', '\\mathrm{LReLU}')
    """
    return ACTIVATION_TEX[activation(check_activation_name(name)).name]


def linear_tex(weights: Sequence[float], bias: float, names: Sequence[str]) -> str:
    """TeX for ``w1 x1 + w2 x2 + ... + b`` with the signs folded in: ``0.5x_1 - 0.1x_2 - 5``.

    >>> linear_tex([-1.0], 20.0, ["x"])
    '-x + 20'
    """
    terms: list[tuple[str, str]] = []
    for w, name in zip(weights, names, strict=True):
        coef = fmt_number(abs(float(w)))
        if coef == "0":
            continue
        terms.append(("-" if w < 0 else "+", name if coef == "1" else coef + name))
    if fmt_number(abs(float(bias))) != "0" or not terms:
        terms.append(("-" if bias < 0 else "+", fmt_number(abs(float(bias)))))
    first_sign, first = terms[0]
    text = ("-" if first_sign == "-" else "") + first
    return text + "".join(f" {sign} {body}" for sign, body in terms[1:])


def tex_matrix(values: ArrayLike, digits: int = 2) -> str:
    """LaTeX for a bracketed matrix (a 1-D array is a column vector), its entries with
    one number of decimals (:func:`~narrator.fmt.fmt_shared`)."""
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"tex_matrix expects a vector or a matrix, got shape {arr.shape}")
    shown = np.array(fmt_shared(arr.flat, digits), dtype=object).reshape(arr.shape)
    rows = [" & ".join(row) for row in shown]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


class MatrixLabel(VGroup):
    """``name = [matrix]`` built on Manim's :class:`~manim.Matrix`, entries formatted by
    :func:`~narrator.fmt.fmt_shared` (one number of decimals for all), with optional
    per-column colours.

    ``self.matrix`` is the Matrix, so ``get_columns()``/``get_rows()`` work for
    highlighting.
    """

    def __init__(
        self,
        values: ArrayLike,
        name: str | None = None,
        digits: int = 2,
        column_colors: Sequence[str] | None = None,
        font_size: float | None = None,
        theme: Theme = THEME,
    ) -> None:
        arr = np.asarray(values, dtype=float)
        if arr.ndim == 1:
            arr = arr[:, None]
        if arr.ndim != 2:
            raise ValueError(f"MatrixLabel expects a vector or a matrix, got shape {arr.shape}")
        size = font_size or theme.body_size + 6
        shown = np.array(fmt_shared(arr.flat, digits), dtype=object).reshape(arr.shape)
        widest = max(len(text) for text in shown.flat)
        matrix = Matrix(
            shown.tolist(),
            element_to_mobject=lambda s: MathTex(s, font_size=size, color=theme.text),
            h_buff=0.45 + 0.16 * widest * size / 30,
            v_buff=0.6 * size / 30,
            bracket_h_buff=0.12,
        )
        matrix.get_brackets().set_color(theme.text)
        parts: list[Mobject] = []
        if name:
            parts.append(MathTex(name, "=", font_size=size, color=theme.text))
        parts.append(matrix)
        super().__init__(*parts)
        self.arrange(RIGHT, buff=0.15)
        self.matrix = matrix
        self.values = arr
        if column_colors is not None:
            for column, color in zip(matrix.get_columns(), column_colors, strict=False):
                column.set_color(color)

    def column(self, j: int) -> VGroup:
        return self.matrix.get_columns()[j]

    def row(self, i: int) -> VGroup:
        return self.matrix.get_rows()[i]


def panel(*mobjects: Mobject, theme: Theme = THEME, buff: float = 0.3) -> VGroup:
    """Mobjects stacked on an opaque rounded card, so grid lines never run through text."""
    content = VGroup(*mobjects).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
    card = RoundedRectangle(
        corner_radius=0.15,
        width=content.width + 2 * buff,
        height=content.height + 2 * buff,
        fill_color=theme.background,
        fill_opacity=0.92,
        stroke_color=theme.grid,
        stroke_width=1.5,
    ).move_to(content)
    return VGroup(card, content)
