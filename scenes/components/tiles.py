"""The four-pixel camera's pictures: a 2x2 image as four square cells.

A pixel's value runs from -1 (black) through 0 (grey) to +1 (white), as in
:mod:`nnmath.fourpixel` (the theme's ``pixel_black`` and ``pixel_white``). Every cell
has a thin muted outline, so that black pixels still show on a dark background and
white ones on a light one. A pixel a neuron does not care about (its
receptive field has a 0 there) is drawn checkered, black and white.

Example::

    from nnmath import fourpixel
    from scenes.components.tiles import Tile, field_tiles

    image = Tile([[-1, -1], [1, 1]], size=1.2)            # dark top row, white bottom
    net = fourpixel.hand_set_network()
    field = field_tiles(fourpixel.receptive_field(net, 1, 2), size=0.8)
    self.play(FadeIn(image), FadeIn(field.next_to(image, RIGHT)))
"""

from __future__ import annotations

import numpy as np
from manim import (
    RIGHT,
    ManimColor,
    MathTex,
    Mobject,
    RoundedRectangle,
    Square,
    VGroup,
    interpolate_color,
)
from numpy.typing import ArrayLike

from scenes.components.network_diagram import NetworkDiagram
from scenes.theme import THEME, Theme, with_overrides

__all__ = ["Tile", "camera_diagram", "diagram_card", "field_tiles", "pixel_color"]


def pixel_color(value: float, theme: Theme = THEME) -> str:
    """The grey of a pixel value: -1 black, 0 mid grey, +1 white (the theme's)."""
    v = float(np.clip(value, -1.0, 1.0))
    return interpolate_color(ManimColor(theme.pixel_black), ManimColor(theme.pixel_white),
                             (v + 1) / 2).to_hex()


class Tile(VGroup):
    """A 2x2 image: ``cells`` are the four squares, row by row (top-left, top-right,
    bottom-left, bottom-right, the order of the network's inputs).

    Args:
        pixels: 2x2 values between -1 and 1.
        size: side of the whole tile.
        ignored: optional 2x2 booleans: those pixels are drawn checkered.
        theme: the outline's colour.
    """

    def __init__(self, pixels: ArrayLike, size: float = 1.0, ignored: ArrayLike | None = None,
                 theme: Theme = THEME, **kwargs) -> None:
        super().__init__(**kwargs)
        values = np.asarray(pixels, dtype=float)
        if values.shape != (2, 2):
            raise ValueError(f"a tile is 2x2 pixels, got shape {values.shape}")
        skip = np.zeros((2, 2), bool) if ignored is None else np.asarray(ignored, bool)
        if skip.shape != (2, 2):
            raise ValueError(f"ignored must be 2x2 booleans, got shape {skip.shape}")
        self.values, self.ignored = values, skip
        side = size / 2
        self.cells = VGroup()
        for row in range(2):
            for col in range(2):
                at = np.array([(col - 0.5) * side, (0.5 - row) * side, 0.0])
                if skip[row, col]:
                    cell = self._checkered(side, theme).move_to(at)
                else:
                    cell = Square(side, stroke_color=theme.muted, stroke_width=1.5,
                                  fill_color=pixel_color(values[row, col], theme),
                                  fill_opacity=1)
                    cell.move_to(at)
                self.cells.add(cell)
        self.add(self.cells)

    @staticmethod
    def _checkered(side: float, theme: Theme) -> VGroup:
        quarter = side / 2
        squares = VGroup(*(
            Square(quarter, stroke_width=0,
                   fill_color=theme.pixel_white if (r + c) % 2 == 0 else theme.pixel_black,
                   fill_opacity=1).move_to([(c - 0.5) * quarter, (0.5 - r) * quarter, 0])
            for r in range(2) for c in range(2)
        ))
        frame = Square(side, stroke_color=theme.muted, stroke_width=1.5, fill_opacity=0)
        return VGroup(squares, frame)

    def cell(self, row: int, col: int) -> VGroup | Square:
        return self.cells[2 * row + col]


def camera_diagram(net, theme: Theme = THEME, weights=None,
                   pad: tuple[float, float] = (0.5, 0.45),
                   **kwargs) -> tuple[NetworkDiagram, RoundedRectangle]:
    """Chapter 8's network picture: white links for positive weights, black for
    negative, thicker with |w| (the seed's convention), on a mid-grey rounded card
    (the theme's ``pixel_white``, ``pixel_black`` and ``card``)
    ``pad`` (width, height) larger than the diagram. ``net`` is an nnmath Network (its
    own weights are drawn) or a list of layer sizes with ``weights``; ``kwargs`` go to
    NetworkDiagram."""
    if hasattr(net, "layers"):
        sizes, weights = net.sizes, [layer.W for layer in net.layers]
    else:
        sizes = net
    diagram = NetworkDiagram(sizes, weights=weights,
                             theme=with_overrides(theme, positive=theme.pixel_white,
                                                 negative=theme.pixel_black),
                             **kwargs)
    return diagram, diagram_card(diagram, theme, pad)


def diagram_card(content: Mobject, theme: Theme = THEME,
                 pad: tuple[float, float] = (0.5, 0.45)) -> RoundedRectangle:
    """The mid-grey rounded card under a chapter 8 network picture, ``pad`` (width,
    height) larger than ``content`` and centred on it: a diagram, or a diagram and the
    value labels beside its outputs, so that they lie on the card, not across its edge."""
    return RoundedRectangle(corner_radius=0.2, width=content.width + pad[0],
                            height=content.height + pad[1], fill_color=theme.card,
                            fill_opacity=1, stroke_width=0).move_to(content)


def field_tiles(field, size: float = 1.0, theme: Theme = THEME) -> VGroup:
    """A neuron's receptive field (:class:`nnmath.fourpixel.ReceptiveField`) as tiles:
    its pattern, checkered where it does not care; two patterns side by side with
    "or" between when either one makes the neuron largest."""
    tiles = [Tile(p, size=size, ignored=(p == 0), theme=theme) for p in field.patterns]
    if len(tiles) == 1:
        return VGroup(tiles[0])
    parts: list = [tiles[0]]
    for tile in tiles[1:]:
        parts += [MathTex(r"\text{or}", font_size=theme.small_size, color=theme.muted), tile]
    return VGroup(*parts).arrange(RIGHT, buff=0.12)
