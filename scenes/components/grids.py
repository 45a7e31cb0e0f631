"""A small array as a grid of coloured cells with its numbers written in them.

Chapter 10 shows every number of a convolution: an 8x8 digit's pixels, a 3x3 kernel,
a 6x6 feature map, a 3x3 pooled map. :class:`ValueGrid` draws such an array cell by
cell: ``kind="grey"`` for values in 0..1 (0 the background, 1 the text colour, as
:class:`~scenes.components.pixels.PixelImage`), ``kind="signed"`` for values of any sign
(``theme.positive`` above 0, ``theme.negative`` below, as
:class:`~scenes.components.pixels.WeightImage`). With ``numbers=True`` each cell holds
its value, all of a grid's numbers with one number of decimals
(:func:`~narrator.fmt.fmt_shared`), in black or white ink, whichever reads on the cell.

Example::

    from scenes.components.grids import ValueGrid
    from scenes.theme import THEME as th

    kernel = ValueGrid([[0.5, -1, 0.2], [1, 0, -0.3], [0.1, 0.4, -0.8]], cell=0.7,
                       kind="signed", theme=th)
    box = kernel.block(0, 0, 2, 2)            # an outline around the top-left 2x2 cells
    self.play(FadeIn(kernel), Create(box))
    self.play(Indicate(kernel.number(1, 0)))  # the 1
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, UL, ManimColor, Rectangle, Square, VGroup
from numpy.typing import ArrayLike

from narrator.fmt import fmt_shared
from scenes.components.pixels import grey_rgba, weight_rgba
from scenes.components.text import formula_parts
from scenes.theme import THEME, Theme

__all__ = ["ValueGrid", "ink_on"]

KINDS = ("grey", "signed")


def ink_on(fill: str, theme: Theme = THEME) -> str:
    """The ink that reads on a cell of colour ``fill``: the theme's black pixel on a
    light fill, its white one on a dark fill (relative luminance against 0.4).

    >>> ink_on("#FFFFFF"), ink_on("#0F1419")
    ('#000000', '#FFFFFF')
    """
    r, g, b = (int(fill.lstrip("#")[k:k + 2], 16) / 255 for k in (0, 2, 4))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return theme.pixel_black if luminance > 0.4 else theme.pixel_white


class ValueGrid(VGroup):
    """A 2-D array as square cells, row 0 at the top, its numbers optionally written in.

    Args:
        values: the 2-D array (finite).
        cell: side of one cell in scene units.
        kind: ``"grey"`` (values in 0..1) or ``"signed"`` (any sign; full colour at
            ``|value| = scale``).
        scale: the ``|value|`` drawn in full colour (signed grids; default the largest),
            so that several grids compare.
        numbers: write each value in its cell.
        digits: at most this many decimals (one number of decimals for the whole grid).
        number_size: font size of the numbers (default the theme's small size).

    Attributes:
        values, cells (a VGroup of Squares, row by row), numbers (a VGroup of MathTex,
        row by row; empty without ``numbers``), texts (the numbers' strings).
    """

    def __init__(self, values: ArrayLike, cell: float = 0.6, kind: str = "grey",
                 scale: float | None = None, numbers: bool = True, digits: int = 2,
                 number_size: float | None = None, theme: Theme = THEME, **kwargs) -> None:
        super().__init__(**kwargs)
        grid = np.asarray(values, dtype=float)
        if grid.ndim != 2 or grid.size == 0:
            raise ValueError(f"a value grid needs a non-empty 2-D array, got shape {grid.shape}")
        if not np.all(np.isfinite(grid)):
            raise ValueError("a value grid's values must be finite")
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        self.values, self.theme, self.cell_side = grid, theme, float(cell)
        rgba = grey_rgba(grid, theme) if kind == "grey" else weight_rgba(grid, scale, theme)
        h, w = grid.shape
        self.cells = VGroup()
        for row in range(h):
            for col in range(w):
                r, g, b, _ = rgba[row, col]
                square = Square(side_length=cell, stroke_color=theme.muted, stroke_width=1.5,
                                fill_color=ManimColor.from_rgb((int(r), int(g), int(b))),
                                fill_opacity=1.0)
                square.move_to((col + 0.5) * cell * RIGHT + (row + 0.5) * cell * DOWN)
                self.cells.add(square)
        self.texts = fmt_shared(grid.ravel(), digits) if numbers else []
        self.numbers = VGroup()
        if self.texts:
            # every number of the grid typeset in one LaTeX run, then laid in its cell
            size = theme.small_size if number_size is None else number_size
            parts = formula_parts(theme, self.texts, size=size)
            for square, number in zip(self.cells, parts, strict=True):
                number.set_color(ink_on(square.get_fill_color().to_hex(), theme))
                if number.width > 0.9 * cell:
                    number.scale_to_fit_width(0.9 * cell)
                self.numbers.add(number.move_to(square))
        self.add(self.cells, self.numbers)
        self.move_to([0.0, 0.0, 0.0])

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape

    def _index(self, row: int, col: int) -> int:
        h, w = self.values.shape
        if not (0 <= row < h and 0 <= col < w):
            raise IndexError(f"cell ({row}, {col}) is outside a {h}x{w} grid")
        return row * w + col

    def cell(self, row: int, col: int) -> Square:
        """The square of cell ``[row, col]``."""
        return self.cells[self._index(row, col)]

    def number(self, row: int, col: int):
        """The number written in cell ``[row, col]`` (an IndexError without numbers)."""
        return self.numbers[self._index(row, col)]

    def block(self, row: int, col: int, height: int, width: int, color: str | None = None,
              stroke_width: float = 5.0) -> Rectangle:
        """An outline (``theme.accent``) around the ``height`` x ``width`` cells whose
        top-left cell is ``[row, col]``: a kernel's window, a pooling block."""
        self._index(row, col)
        self._index(row + height - 1, col + width - 1)
        corner = self.cell(row, col).get_corner(UL)
        box = Rectangle(width=width * self.cell_side, height=height * self.cell_side,
                        stroke_color=color or self.theme.accent, stroke_width=stroke_width)
        return box.move_to(corner + 0.5 * width * self.cell_side * RIGHT
                           + 0.5 * height * self.cell_side * DOWN)
