"""Images of arrays: a grey digit, a weight grid coloured by sign, pixels to a column.

``PixelImage`` draws a 2-D array of values in 0..1 (a 28x28 digit) as one
``ImageMobject`` scaled with nearest-neighbour resampling (crisp square pixels)
inside a thin frame: 0 is the theme's background, 1 its text colour.
``WeightImage`` draws a weight grid of any sign: ``theme.positive`` for w > 0,
``theme.negative`` for w < 0, brighter with ``|w|`` (relative to the largest
``|w|``, or a ``scale`` you give so that two images compare). ``product_image``
is the elementwise product weights x digit in the same colours, and
``flatten_column`` turns an image's pixels into a column of cells (the first and
last few of the 784, a ``\\vdots`` between).

Example::

    from scenes.components.pixels import PixelImage, WeightImage, flatten_column, product_image

    digit = np.zeros((28, 28))
    digit[6:22, 12:16] = 1.0                                 # a synthetic "1"
    model = nnmath.Network.random((784, 16, 16, 10), "sigmoid", seed=0)
    W = model.layers[0].W[3].reshape(28, 28)                 # neuron 3's weights
    image = PixelImage(digit, height=2.5).shift(4 * LEFT)
    weights = WeightImage(W, height=2.5)
    product = product_image(W, digit, height=2.5).shift(4 * RIGHT)
    self.play(FadeIn(image), FadeIn(weights), FadeIn(product))
    self.play(Create(image.pixel_marker(10, 13)))            # point at one pixel
    column, animations = flatten_column(image, cell=0.3)
    column.to_edge(RIGHT)
    self.play(*animations)
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UL,
    UP,
    Animation,
    FadeIn,
    Group,
    ImageMobject,
    ManimColor,
    MathTex,
    Rectangle,
    ReplacementTransform,
    Square,
    VGroup,
)
from manim.constants import RESAMPLING_ALGORITHMS
from numpy.typing import ArrayLike

from nnmath.digits import pixel_products
from scenes.theme import THEME, Theme, rgb

__all__ = ["PixelColumn", "PixelImage", "WeightImage", "flatten_column", "grey_rgba",
           "product_image", "weight_rgba"]


def _rgb255(color: str) -> np.ndarray:
    return rgb(color) * 255.0


def _as_grid(values: ArrayLike, what: str) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{what} must be a non-empty 2-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} must be finite")
    return arr


def grey_rgba(values: ArrayLike, theme: Theme = THEME) -> np.ndarray:
    """uint8 RGBA array (h, w, 4): 0 -> ``theme.background``, 1 -> ``theme.text``,
    linearly between (values clipped to 0..1)."""
    v = np.clip(_as_grid(values, "values"), 0.0, 1.0)[..., None]
    rgb = _rgb255(theme.background) * (1 - v) + _rgb255(theme.text) * v
    alpha = np.full(v.shape, 255.0)
    return np.round(np.concatenate([rgb, alpha], axis=-1)).astype(np.uint8)


def weight_rgba(values: ArrayLike, scale: float | None = None, theme: Theme = THEME) -> np.ndarray:
    """uint8 RGBA array (h, w, 4) of a signed grid: from ``theme.background`` (w = 0)
    towards ``theme.positive`` (w > 0) or ``theme.negative`` (w < 0), reaching the full
    colour at ``|w| = scale`` (default: the largest ``|w|``)."""
    w = _as_grid(values, "weights")
    if scale is None:
        scale = float(np.abs(w).max())
    if scale < 0:
        raise ValueError(f"scale must be positive, got {scale}")
    u = np.clip(np.abs(w) / scale, 0.0, 1.0)[..., None] if scale > 0 else np.zeros(w.shape + (1,))
    hue = np.where((w >= 0)[..., None], _rgb255(theme.positive), _rgb255(theme.negative))
    rgb = _rgb255(theme.background) * (1 - u) + hue * u
    alpha = np.full(u.shape, 255.0)
    return np.round(np.concatenate([rgb, alpha], axis=-1)).astype(np.uint8)


class PixelImage(Group):
    """A grey image (values in 0..1, e.g. a 28x28 digit) as one ImageMobject in a frame.

    Args:
        values: 2-D array, row 0 at the top.
        height: height in scene units (the width follows the array's aspect).
        theme: colours.
        frame_width: stroke width of the frame (0: no frame).

    Attributes:
        values: the array drawn (float, shape (h, w)).
        image: the ImageMobject (nearest-neighbour scaling).
        frame: the Rectangle around it.
    """

    def _rgba(self, values: np.ndarray) -> np.ndarray:
        return grey_rgba(values, self.theme)

    def __init__(self, values: ArrayLike, height: float = 3.0, theme: Theme = THEME,
                 frame_width: float = 2.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.theme = theme
        self.values = _as_grid(values, "values")
        self.image = ImageMobject(self._rgba(self.values))
        self.image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        self.image.height = height
        self.frame = Rectangle(width=self.image.width, height=self.image.height,
                               stroke_color=theme.muted, stroke_width=frame_width,
                               fill_opacity=0.0).move_to(self.image)
        self.add(self.image, self.frame)

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape

    @property
    def pixel_size(self) -> float:
        """Side of one pixel in scene units."""
        return self.image.height / self.values.shape[0]

    def pixel_center(self, row: int, col: int) -> np.ndarray:
        """Screen position (a 3-D point) of the centre of pixel ``[row, col]``."""
        h, w = self.values.shape
        if not (0 <= row < h and 0 <= col < w):
            raise IndexError(f"pixel ({row}, {col}) is outside a {h}x{w} image")
        side = self.pixel_size
        return self.image.get_corner(UL) + (col + 0.5) * side * RIGHT + (row + 0.5) * side * DOWN

    def pixel_center_of(self, index: int) -> np.ndarray:
        """Screen position of pixel ``index`` of the flattened (row-major) image."""
        return self.pixel_center(*divmod(int(index), self.values.shape[1]))

    def pixel_marker(self, row: int, col: int, color: str | None = None) -> Square:
        """An outline square (``theme.accent``) around pixel ``[row, col]``: add or Create it."""
        return Square(side_length=self.pixel_size, stroke_color=color or self.theme.accent,
                      stroke_width=3).move_to(self.pixel_center(row, col))

    def pixel_color(self, row: int, col: int) -> str:
        """Hex colour the image gives pixel ``[row, col]``."""
        r, g, b, _ = self.image.pixel_array[row, col]
        return ManimColor.from_rgb((int(r), int(g), int(b))).to_hex()


class WeightImage(PixelImage):
    """A signed grid (e.g. one neuron's 784 weights as 28x28) coloured by sign.

    ``theme.positive`` for w > 0, ``theme.negative`` for w < 0, from the background
    at w = 0 to the full colour at ``|w| = scale`` (default: the largest ``|w|``).
    Same attributes and pixel helpers as ``PixelImage``; ``scale`` is kept.
    """

    def __init__(self, values: ArrayLike, height: float = 3.0, scale: float | None = None,
                 theme: Theme = THEME, frame_width: float = 2.0, **kwargs) -> None:
        grid = _as_grid(values, "weights")
        self.scale_value = float(np.abs(grid).max()) if scale is None else float(scale)
        super().__init__(grid, height=height, theme=theme, frame_width=frame_width, **kwargs)

    def _rgba(self, values: np.ndarray) -> np.ndarray:
        return weight_rgba(values, self.scale_value, self.theme)


def product_image(weights: ArrayLike, digit: ArrayLike, height: float = 3.0,
                  scale: float | None = None, theme: Theme = THEME, **kwargs) -> WeightImage:
    """The elementwise product ``weights * digit`` (what a neuron adds up) as a
    ``WeightImage``. ``scale`` defaults to the largest ``|weights|``, so the product
    reads in the same brightness as the weights image beside it."""
    w, x = _as_grid(weights, "weights"), _as_grid(digit, "digit")
    if scale is None:
        scale = float(np.abs(w).max())
    return WeightImage(pixel_products(w, x), height=height, scale=scale, theme=theme,
                       **kwargs)


class PixelColumn(VGroup):
    """The flattened image as a column of cells: the first ``head`` and last ``tail``
    pixels (row-major), a ``\\vdots`` between, each cell coloured like its pixel.

    Attributes:
        cells: VGroup of Squares, top to bottom.
        indices: the flat pixel index of each cell.
        dots: the ``\\vdots``.
    """

    def __init__(self, image: PixelImage, head: int = 6, tail: int = 6, cell: float = 0.3,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        n = image.values.size
        head, tail = min(head, n), min(tail, max(n - head, 0))
        self.indices = [*range(head), *range(n - tail, n)]
        th = image.theme
        flat = image.image.pixel_array.reshape(n, 4)
        self.cells = VGroup()
        for index in self.indices:
            r, g, b, _ = flat[index]
            self.cells.add(Square(
                side_length=cell, stroke_color=th.muted, stroke_width=1.5,
                fill_color=ManimColor.from_rgb((int(r), int(g), int(b))), fill_opacity=1.0,
            ))
        self.dots = MathTex(r"\vdots", color=th.muted).scale_to_fit_height(1.6 * cell)
        top, bottom = self.cells[:head], self.cells[head:]
        VGroup(*top).arrange(DOWN, buff=0)
        VGroup(*bottom).arrange(DOWN, buff=0)
        VGroup(VGroup(*top), self.dots, VGroup(*bottom)).arrange(DOWN, buff=0.1)
        self.add(self.cells, self.dots)

    def cell_of(self, index: int) -> Square:
        """The cell of flat pixel ``index`` (a ValueError if it is behind the dots)."""
        return self.cells[self.indices.index(index)]


def flatten_column(image: PixelImage, head: int = 6, tail: int = 6, cell: float = 0.3,
                   ) -> tuple[PixelColumn, list[Animation]]:
    """A ``PixelColumn`` of ``image`` and the animations that fly each shown pixel
    out of the image into its cell (the ellipsis fades in). Place the column before
    playing (``column.next_to(image, RIGHT)``): the animations read its position when
    played. The image itself stays; fade it out yourself if wanted.
    """
    column = PixelColumn(image, head=head, tail=tail, cell=cell)
    side = image.pixel_size
    animations: list[Animation] = []
    for index, target in zip(column.indices, column.cells, strict=True):
        r, g, b, _ = image.image.pixel_array.reshape(-1, 4)[index]
        source = Square(side_length=side, stroke_width=0,
                        fill_color=ManimColor.from_rgb((int(r), int(g), int(b))),
                        fill_opacity=1.0).move_to(image.pixel_center_of(index))
        animations.append(ReplacementTransform(source, target))
    animations.append(FadeIn(column.dots, shift=0.2 * UP))
    return column, animations
