"""Chapter 10: a small convolutional network, trained here on scikit-learn's 8x8 digits,
with every number on screen computed from it: a 3x3 kernel sliding over a digit, every
kernel's feature map, 2x2 max-pooling and the flattened column, softmax's shares, the
kernels it learned, and the parameters and accuracy beside a dense network's.

Render one scene::

    manim -qm scenes/ch10_convolutions.py KernelSlide
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Brace,
    Create,
    FadeIn,
    FadeOut,
    Group,
    LaggedStart,
    Rectangle,
    ReplacementTransform,
    Transform,
    VGroup,
    Write,
)

from narrator.fmt import adding_decimals, fmt_number, fmt_percent, fmt_shared
from nnmath import conv_digits
from nnmath.convolution import windows
from scenes.base import ChapterScene, beat
from scenes.components import (
    body_text,
    formula,
    formula_parts,
    label_text,
    note_text,
    panel,
)
from scenes.components.grids import ValueGrid
from scenes.components.pixels import PixelColumn, PixelImage, WeightImage
from scenes.params import ParamsError, SceneParams
from scenes.theme import colour_word

__all__ = [
    "ConvVersusDense",
    "ConvVersusDenseParams",
    "FeatureMaps",
    "FeatureMapsParams",
    "KernelSlide",
    "KernelSlideParams",
    "LearnedKernels",
    "LearnedKernelsParams",
    "PoolAndFlatten",
    "PoolAndFlattenParams",
    "SoftmaxShares",
    "SoftmaxSharesParams",
    "kernel_responses",
    "region_word",
    "tex_signed",
    "window_region",
]

BAR_X = 0.4  # where softmax's share bars start
CELL = 0.72  # side of a cell that holds a number like -0.62 at the theme's small size
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth")


# --- facts, in words ------------------------------------------------------------------


def region_word(row: float, col: float, height: int, width: int) -> str:
    """Where a point (row, column, from the top left) lies in a ``height`` x ``width``
    picture, in thirds: ``"top left"``, ``"top"``, ``"middle"``, ``"bottom right"`` ...

    >>> region_word(0, 0, 8, 8), region_word(3.5, 3.5, 8, 8), region_word(7, 4, 8, 8)
    ('top left', 'middle', 'bottom')
    """
    def third(x: float, size: int) -> int:
        return min(2, int(3 * (x + 0.5) / size))

    vertical = ("top", "", "bottom")[third(row, height)]
    horizontal = ("left", "", "right")[third(col, width)]
    return " ".join(w for w in (vertical, horizontal) if w) or "middle"


def window_region(cell: tuple[int, int], kernel_shape: tuple[int, int],
                  image_shape: tuple[int, int]) -> str:
    """Where on the image lies the window behind feature-map cell ``cell`` (its centre),
    in words (:func:`region_word`).

    >>> window_region((0, 0), (3, 3), (8, 8)), window_region((5, 5), (3, 3), (8, 8))
    ('top left', 'bottom right')
    """
    (kh, kw), (h, w) = kernel_shape, image_shape
    return region_word(cell[0] + (kh - 1) / 2, cell[1] + (kw - 1) / 2, h, w)


def tex_signed(x: float, digits: int = 2) -> str:
    """``+ 0.4`` or ``- 0.4``: a term added in a formula, its sign outside.

    >>> tex_signed(0.4), tex_signed(-1.25)
    ('+ 0.4', '- 1.25')
    """
    return ("- " if x < 0 else "+ ") + fmt_number(abs(x), digits)


def _small(x: float) -> str:
    """A value in 0..1 for a table: two decimals, ``< 0.01`` below what they show, and
    more decimals where two would round a value below 1 up to 1: a value that is not 0
    never reads as 0, nor one that is not 1 as 1.

    >>> _small(0.256), _small(0.0004), _small(1.0), _small(0.9987)
    ('0.26', '< 0.01', '1', '0.999')
    """
    if 0 < x < 0.005:
        return "< 0.01"
    digits = 2
    while x < 1 and fmt_number(x, digits) == "1" and digits < 6:
        digits += 1
    return fmt_number(x, digits)


def _share(x: float, words: bool = False) -> str:
    """A share as a percentage with one decimal, ``< 0.1 %`` below that (``words``: as
    said, ``under 0.1 percent``), so a share that is not 0 never reads as 0.

    >>> _share(0.782), _share(0.0004), _share(0.126, words=True), _share(1e-9, words=True)
    ('78.2 %', '< 0.1 %', '12.6 percent', 'under 0.1 percent')
    """
    unit = "percent" if words else "%"
    if x < 0.001:
        return f"{'under' if words else '<'} 0.1 {unit}"
    return f"{fmt_percent(x, 1)} {unit}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def kernel_responses(trained: conv_digits.TrainedConv) -> np.ndarray:
    """Each held-out image's strongest response to each kernel: the largest value of
    the kernel's map after ReLU, shape (n images, k kernels)."""
    relu = trained.network.trace(trained.images)["relu"]
    return relu.max(axis=(2, 3))


def _trained() -> conv_digits.TrainedConv:
    return conv_digits.load_trained()


def _digit(trained: conv_digits.TrainedConv, index: int) -> np.ndarray:
    n = len(trained.images)
    if not 0 <= index < n:
        raise ParamsError(f"digit must be a held-out index from 0 to {n - 1}, got {index}")
    return np.asarray(trained.images[index], dtype=float)


def _read(trained: conv_digits.TrainedConv, index: int):
    """Held-out digit ``index``: its image, its label and its trace through the CNN."""
    image = _digit(trained, index)
    return image, int(trained.labels[index]), trained.network.trace(image[None])


def _kernel(trained: conv_digits.TrainedConv, kernel: int) -> int:
    """The 0-based index of kernel number ``kernel`` (kernels are numbered from 1)."""
    k = trained.network.kernels.shape[0]
    if not 1 <= kernel <= k:
        raise ParamsError(f"kernel must be from 1 to {k} (kernels are numbered from 1), "
                          f"got {kernel}")
    return kernel - 1


def _digit_picture(th, image: np.ndarray, cell: float, label: int | None = None):
    """A digit without numbers, with its caption under it."""
    grid = ValueGrid(image, cell=cell, kind="grey", numbers=False, theme=th)
    h, w = image.shape
    words = f"a held-out {label} · {h}×{w}" if label is not None else f"{h}×{w}"
    caption = note_text(th, words, color=th.muted).next_to(grid, DOWN, buff=0.2)
    return grid, caption


# --- 1. a kernel slides ---------------------------------------------------------------


@dataclass(frozen=True)
class KernelSlideParams(SceneParams):
    """Which digit and kernel; how many windows are worked out in full."""

    digit: int = 0  # index into the held-out set (0 .. 449) of the digit slid over
    kernel: int = 1  # which of the trained kernels slides (1 .. 8)
    written: int = 3  # windows whose nine products are written out (1 .. 36)
    fill_time: float = 2.5  # seconds to fill in the rest of the feature map

    def __post_init__(self) -> None:
        if self.written < 1:
            raise ParamsError(f"written must be at least 1, got {self.written}")
        if self.fill_time <= 0:
            raise ParamsError(f"fill_time must be positive, got {self.fill_time}")


class KernelSlide(ChapterScene):
    """A trained 3x3 kernel slides over a held-out digit: the first windows' nine
    products and their sum written out, then the feature map filled in cell by cell."""

    title = "A kernel slides over a digit"
    Params = KernelSlideParams

    def prepare(self) -> None:
        p = self.params
        trained = _trained()
        net = trained.network
        self.image, self.label, trace = _read(trained, p.digit)
        self.k = _kernel(trained, p.kernel)
        self.weights = np.asarray(net.kernels[self.k], dtype=float)
        self.bias = float(net.kernel_bias[self.k])
        kh, kw = self.weights.shape
        self.map = np.asarray(trace["conv"][0, self.k], dtype=float)
        rows, cols = self.map.shape
        if p.written > rows * cols:
            raise ParamsError(f"written must be at most {rows * cols} (the {rows}×{cols} "
                              f"windows of a {kh}×{kw} kernel on this digit), got {p.written}")
        self.windows = windows(self.image, kh, kw)
        self.steps = []
        for n in range(p.written):
            r, c = divmod(n, cols)
            pixels = np.asarray(self.windows[r, c], dtype=float)
            products = pixels * self.weights
            total = float(products.sum())
            self.steps.append({"row": r, "col": c, "pixels": pixels, "products": products,
                               "sum": total, "value": float(self.map[r, c])})
        # the sum on screen adds up: sum, bias and value with enough decimals
        self.decimals = adding_decimals([s["sum"] for s in self.steps], self.bias, most=4)
        top = np.unravel_index(np.argmax(self.map), self.map.shape)
        low = np.unravel_index(np.argmin(self.map), self.map.shape)
        self.top = (int(top[0]), int(top[1]))
        self.low = (int(low[0]), int(low[1]))

    def _where(self, cell: tuple[int, int]) -> str:
        return window_region(cell, self.weights.shape, self.image.shape)

    @beat("A digit and a kernel")
    def kernel(self) -> None:
        th = self.theme
        self.digit, self.digit_caption = _digit_picture(th, self.image, 0.45, self.label)
        VGroup(self.digit, self.digit_caption).move_to([-5.0, -0.3, 0])
        self.kernel_grid = ValueGrid(self.weights, cell=CELL, kind="signed", theme=th)
        self.kernel_grid.move_to([0.9, 1.85, 0])
        self.kernel_label = label_text(th, f"kernel {self.k + 1}").next_to(
            self.kernel_grid, UP, buff=0.15)
        self.bias_tex = formula(th, rf"b = {fmt_number(self.bias, self.decimals)}",
                                color=th.bias).next_to(self.kernel_grid, DOWN, buff=0.2)
        h, w = self.image.shape
        kh, kw = self.weights.shape
        self.say(f"A held-out {self.label}: {h} by {w} pixels, each a number from 0 to 1.")
        self.play(FadeIn(self.digit), FadeIn(self.digit_caption))
        pos, neg = colour_word(th.positive), colour_word(th.negative)
        self.say(f"Kernel {self.k + 1} of the trained network: {kh} by {kw} weights, "
                 f"{pos} above 0 and {neg} below, and a bias of "
                 f"{fmt_number(self.bias, self.decimals)}.")
        self.play(FadeIn(self.kernel_grid), FadeIn(self.kernel_label), Write(self.bias_tex))

    def _working(self, step: dict) -> VGroup:
        """A window's pixels, times the kernel, their products, and the sum plus bias."""
        th = self.theme
        pixels = ValueGrid(step["pixels"], cell=CELL, kind="grey", theme=th)
        pixels.move_to([-1.75, 1.85, 0])
        times = formula(th, r"\times").move_to([-0.42, 1.85, 0])
        products = ValueGrid(step["products"], cell=CELL, kind="signed",
                             scale=float(np.abs(self.weights).max()), theme=th)
        products.move_to([-0.42, -0.95, 0])
        equals = formula(th, "=").next_to(products, UP, buff=0.12)
        d = self.decimals
        total = formula(th, rf"\textstyle\sum = {fmt_number(step['sum'], d)}")
        value = formula(th, rf"{fmt_number(step['sum'], d)} {tex_signed(self.bias, d)} = "
                            rf"{fmt_number(step['value'], d)}", color=th.accent)
        sums = VGroup(total, value).arrange(DOWN, buff=0.15).next_to(products, DOWN, buff=0.25)
        return VGroup(pixels, times, equals, products, sums)

    def _map_frame(self) -> None:
        th = self.theme
        self.map_grid = ValueGrid(self.map, cell=0.66, kind="signed", theme=th)
        self.map_grid.move_to([4.8, -0.3, 0])
        self.empty = VGroup(*(
            cell.copy().set_fill(opacity=0.0) for cell in self.map_grid.cells))
        rows, cols = self.map.shape
        self.map_caption = note_text(th, f"feature map · {rows}×{cols}", color=th.muted)
        self.map_caption.next_to(self.map_grid, DOWN, buff=0.2)

    def _fill(self, row: int, col: int) -> VGroup:
        return VGroup(self.map_grid.cell(row, col), self.map_grid.number(row, col))

    @beat("Nine products and their sum")
    def products(self) -> None:
        step = self.steps[0]
        kh, kw = self.weights.shape
        self._map_frame()
        self.window = self.digit.block(0, 0, kh, kw)
        self.work = self._working(step)
        d = self.decimals
        self.say(f"Lay the kernel on the top-left {kh} by {kw} window. Multiply each pixel "
                 f"by the weight over it and add the {kh * kw} products: "
                 f"{fmt_number(step['sum'], d)}.")
        self.play(Create(self.window), FadeIn(self.empty), FadeIn(self.map_caption))
        self.play(FadeIn(self.work[0]), FadeIn(self.work[1]))
        self.play(FadeIn(self.work[2]), FadeIn(self.work[3]))
        self.play(Write(self.work[4][0]))
        self.say(f"Add the bias: {fmt_number(step['value'], d)}, the feature map's first "
                 "number.")
        self.play(Write(self.work[4][1]))
        self.play(ReplacementTransform(self.work[4][1].copy(), self._fill(0, 0)))
        self.say("Libraries call this a convolution, but the kernel is not flipped first: "
                 "strictly, it is a cross-correlation.")
        self.wait(1.0)

    @beat("The kernel slides")
    def slide(self) -> None:
        d = self.decimals
        kh, kw = self.weights.shape
        rows, cols = self.map.shape
        for step in self.steps[1:]:
            r, c = step["row"], step["col"]
            where = "one pixel to the right" if c else "down a row, back to the left edge"
            self.say(f"Slide {where}: nine new products, {fmt_number(step['sum'], d)} "
                     f"with the bias {fmt_number(step['value'], d)}.")
            work = self._working(step)
            self.play(self.window.animate.move_to(self.digit.block(r, c, kh, kw)),
                      Transform(self.work, work))
            self.play(ReplacementTransform(self.work[4][1].copy(), self._fill(r, c)))
        rest = [(r, c) for r in range(rows) for c in range(cols)][len(self.steps):]
        self.say(f"The kernel slides one pixel at a time, row by row, over all {rows} by "
                 f"{cols} = {rows * cols} windows: one number each.")
        if rest:
            self.play(FadeOut(self.work))
            last = rest[-1]
            self.play(LaggedStart(*(FadeIn(self._fill(r, c)) for r, c in rest),
                                  lag_ratio=0.5),
                      self.window.animate.move_to(self.digit.block(*last, kh, kw)),
                      run_time=self.params.fill_time)
        self.wait(0.5)

    @beat("A feature map")
    def feature_map(self) -> None:
        th = self.theme
        kh, kw = self.weights.shape
        d = self.decimals
        self.top_mark = self.map_grid.block(*self.top, 1, 1)
        top_window = self.digit.block(*self.top, kh, kw)
        self.say(f"This is kernel {self.k + 1}'s feature map of this {self.label}. It is "
                 f"largest, {fmt_number(self.map[self.top], d)}, where the window covers "
                 f"the {self._where(self.top)} of the digit.")
        self.play(Create(self.top_mark), Transform(self.window, top_window))
        low_mark = self.map_grid.block(*self.low, 1, 1, color=th.negative)
        low_sum = float(self.map[self.low]) - self.bias  # the nine products' sum there
        why = ("there the ink under the kernel's negative weights outweighs the ink under its "
               "positive ones" if low_sum < 0 else "even there the nine products add up to "
               "more than 0")
        self.say(f"Smallest, {fmt_number(self.map[self.low], d)}, at the "
                 f"{self._where(self.low)}: {why}.")
        self.play(Create(low_mark))
        self.wait(1.0)


# --- 2. every kernel's map -------------------------------------------------------------


@dataclass(frozen=True)
class FeatureMapsParams(SceneParams):
    """Which held-out digit every kernel reads."""

    digit: int = 0  # index into the held-out set (0 .. 449) of the digit shown


class FeatureMaps(ChapterScene):
    """Every trained kernel's feature map of one digit after ReLU, side by side; where
    each lights up on the digit, in words computed from the maps."""

    title = "Every kernel makes a map"
    Params = FeatureMapsParams

    def prepare(self) -> None:
        trained = _trained()
        net = trained.network
        self.image, self.label, trace = _read(trained, self.params.digit)
        self.relu = np.asarray(trace["relu"][0], dtype=float)
        self.kh, self.kw = net.kernels.shape[1:]
        k = len(self.relu)
        self.totals = self.relu.sum(axis=(1, 2))
        self.zeros = (self.relu == 0).sum(axis=(1, 2))
        self.peaks = [np.unravel_index(np.argmax(m), m.shape) for m in self.relu]
        self.brightest = int(np.argmax(self.totals))
        self.darkest = int(np.argmin(self.totals))
        self.where = [window_region(self.peaks[j], (self.kh, self.kw), self.image.shape)
                      if self.totals[j] > 0 else "dark" for j in range(k)]

    @beat("A map for every kernel")
    def maps(self) -> None:
        th = self.theme
        k = len(self.relu)
        self.digit, caption = _digit_picture(th, self.image, 0.45, self.label)
        VGroup(self.digit, caption).move_to([-5.0, -0.3, 0])
        scale = float(self.relu.max()) or 1.0
        tiles = []
        for j, m in enumerate(self.relu):
            grid = ValueGrid(m, cell=0.3, kind="signed", scale=scale, numbers=False, theme=th)
            name = note_text(th, f"{j + 1}").next_to(grid, UP, buff=0.1)
            where = note_text(th, self.where[j], color=th.muted).next_to(grid, DOWN, buff=0.1)
            tiles.append(VGroup(name, grid, where))
        rows = 1 if k <= 4 else 2 if k <= 8 else 3
        self.tiles = VGroup(*tiles).arrange_in_grid(rows=rows, buff=(0.45, 0.35))
        self.tiles.scale_to_fit_width(min(self.tiles.width, 8.6)).move_to([2.2, -0.3, 0])
        if self.tiles.height > 6.6:
            self.tiles.scale_to_fit_height(6.6)
        rows_, cols_ = self.relu.shape[1:]
        self.say(f"Each of the {k} kernels slides over this {self.label} and makes its "
                 f"own {rows_} by {cols_} map. ReLU has set the negative values to 0.")
        self.play(FadeIn(self.digit), FadeIn(caption))
        self.play(LaggedStart(*(FadeIn(t[:2]) for t in tiles), lag_ratio=0.15), run_time=2)
        self.say("Under each map: where on the digit its strongest window lies.")
        self.play(LaggedStart(*(FadeIn(t[2]) for t in tiles), lag_ratio=0.1))

    @beat("What lights each map")
    def strokes(self) -> None:
        th = self.theme
        j = self.brightest
        if self.totals[j] == 0:  # ReLU left every map at 0: no window to point at
            self.say(f"No map lights up on this {self.label}: ReLU leaves all "
                     f"{len(self.relu)} at 0.")
            self.wait(1.0)
            return
        grid = self.tiles[j][1]
        peak = tuple(int(v) for v in self.peaks[j])
        mark = grid.block(*peak, 1, 1)
        window = self.digit.block(*peak, self.kh, self.kw)
        cells = self.relu[j].size
        self.say(f"Map {j + 1} lights up most, strongest at the {self.where[j]} of the digit, "
                 f"where its window covers these pixels.")
        self.play(Create(mark), Create(window))
        m = self.darkest
        if self.totals[m] == 0:
            self.say(f"Map {m + 1} stays dark: none of its {cells} windows gets above 0 on "
                     f"this {self.label}.")
        elif m == j:  # every map is the same: nothing darker to say
            self.say("Every map lights up alike here.")
        else:
            self.say(f"Map {m + 1} lights up least: {self.zeros[m]} of its {cells} cells "
                     "are 0.")
        self.play(Create(self.tiles[m][1].block(0, 0, *self.relu[m].shape,
                                                color=th.negative)))
        self.wait(1.0)


# --- 3. pooling and flattening ---------------------------------------------------------


@dataclass(frozen=True)
class PoolAndFlattenParams(SceneParams):
    """Which digit, and which kernel's map is pooled block by block."""

    digit: int = 0  # index into the held-out set (0 .. 449) of the digit read
    kernel: int = 1  # whose map is pooled in detail (1 .. 8)
    written: int = 2  # blocks whose four values are read out in words (1 .. 9)

    def __post_init__(self) -> None:
        if self.written < 1:
            raise ParamsError(f"written must be at least 1, got {self.written}")


class PoolAndFlatten(ChapterScene):
    """2x2 max-pooling of one feature map, block by block, the winning cell marked;
    then every pooled map flattened into one column."""

    title = "Pooling, then one column"
    Params = PoolAndFlattenParams

    def prepare(self) -> None:
        p = self.params
        trained = _trained()
        self.image, self.label, trace = _read(trained, p.digit)
        self.k = _kernel(trained, p.kernel)
        self.relu = np.asarray(trace["relu"][0], dtype=float)
        self.pooled = np.asarray(trace["pool"][0], dtype=float)
        self.rows = np.asarray(trace.pooled.rows[0], dtype=int)
        self.cols = np.asarray(trace.pooled.cols[0], dtype=int)
        self.flat = np.asarray(trace["flat"][0], dtype=float)
        self.size = trained.network.pool
        blocks = self.pooled.shape[1] * self.pooled.shape[2]
        if p.written > blocks:
            raise ParamsError(f"written must be at most {blocks} (the blocks of a map), "
                              f"got {p.written}")

    def _block_values(self, i: int, j: int) -> np.ndarray:
        s = self.size
        return self.relu[self.k, s * i:s * i + s, s * j:s * j + s]

    def _block_words(self, i: int, j: int) -> str:
        vals = self._block_values(i, j).ravel()
        texts = fmt_shared(vals, 2)
        kept = fmt_shared([*vals, self.pooled[self.k, i, j]], 2)[-1]
        if len(set(texts)) == 1:
            return f"four {texts[0]}s keep {kept}"
        return f"{', '.join(texts[:-1])} and {texts[-1]} keep {kept}"

    @beat("The largest of each block")
    def pool(self) -> None:
        th = self.theme
        s = self.size
        m = self.relu[self.k]
        self.map_grid = ValueGrid(m, cell=CELL, kind="signed", theme=th)
        self.map_grid.move_to([-3.6, -0.3, 0])
        scale = float(np.abs(m).max()) or None
        self.pool_grid = ValueGrid(self.pooled[self.k], cell=CELL, kind="signed",
                                   scale=scale, theme=th).move_to([2.6, -0.3, 0])
        map_label = label_text(th, f"map {self.k + 1} after ReLU").next_to(
            self.map_grid, UP, buff=0.2)
        pool_label = label_text(th, f"after {s}×{s} max-pooling").next_to(
            self.pool_grid, UP, buff=0.2)
        empty = VGroup(*(c.copy().set_fill(opacity=0.0) for c in self.pool_grid.cells))
        self.say(f"Map {self.k + 1} of this {self.label}, after ReLU. Max-pooling cuts it "
                 f"into {s} by {s} blocks and keeps only the largest value of each.")
        self.play(FadeIn(self.map_grid), FadeIn(map_label), FadeIn(empty),
                  FadeIn(pool_label))
        ph, pw = self.pooled.shape[1:]
        box = None
        for n in range(ph * pw):
            i, j = divmod(n, pw)
            block = self.map_grid.block(s * i, s * j, s, s)
            winner = self.map_grid.block(int(self.rows[self.k, i, j]),
                                         int(self.cols[self.k, i, j]), 1, 1,
                                         color=th.bias, stroke_width=5)
            target = VGroup(self.pool_grid.cell(i, j), self.pool_grid.number(i, j))
            slow = n < self.params.written
            if slow:
                ordinal = ORDINALS[n] if n < len(ORDINALS) else f"number {n + 1}"
                self.say(f"The {ordinal} block: {self._block_words(i, j)}.")
            self.play(Create(block) if box is None else box.animate.move_to(block),
                      run_time=0.6 if slow else 0.2)
            box = box or block
            self.play(Create(winner), run_time=0.4 if slow else 0.2)
            source = self.map_grid.number(int(self.rows[self.k, i, j]),
                                          int(self.cols[self.k, i, j]))
            self.play(ReplacementTransform(source.copy(), target),
                      run_time=0.8 if slow else 0.2)
            if slow:
                self.wait(0.6)
        self.say(f"{ph * pw} blocks, {ph * pw} numbers: the map's strongest responses, "
                 "wherever each sat in its block.")
        self.wait(1.0)

    @beat("Every map, pooled")
    def every_map(self) -> None:
        th = self.theme
        self.clear_stage()
        k, h, w = self.relu.shape
        _, ph, pw = self.pooled.shape
        scale = float(self.pooled.max()) or None
        self.pooled_maps = VGroup(*(
            ValueGrid(p, cell=0.36, kind="signed", scale=scale, numbers=False, theme=th)
            for p in self.pooled)).arrange(DOWN, buff=0.12)
        if self.pooled_maps.height > 6.8:
            self.pooled_maps.scale_to_fit_height(6.8)
        self.pooled_maps.move_to([-3.2, -0.3, 0])
        self.maps_note = note_text(th, f"{k} pooled maps\n{ph}×{pw} each", color=th.muted)
        self.maps_note.next_to(self.pooled_maps, LEFT, buff=0.4)
        share = Fraction(ph * pw, h * w)
        words = {Fraction(1, 4): "a quarter", Fraction(1, 2): "half"}.get(
            share, f"{share.numerator} in {share.denominator}")
        self.say(f"Every one of the {k} maps is pooled the same way: {k} maps of {h} by {w}, "
                 f"{k * h * w} numbers, become {k} of {ph} by {pw}: {k * ph * pw}, "
                 f"{words} as many.")
        self.play(LaggedStart(*(FadeIn(g) for g in self.pooled_maps), lag_ratio=0.1),
                  FadeIn(self.maps_note), run_time=1.5)

    @beat("One column")
    def column(self) -> None:
        th = self.theme
        k, ph, pw = self.pooled.shape
        # the column's cells coloured as the pooled maps (read map by map, row by row);
        # each shown cell flies out of its map
        stack = WeightImage(self.pooled.reshape(k * ph, pw), scale=float(self.pooled.max())
                            or None, theme=th)
        column = PixelColumn(stack, head=6, tail=6, cell=0.36).move_to([1.2, -0.3, 0])
        flights = []
        for index, target in zip(column.indices, column.cells, strict=True):
            m, rest = divmod(index, ph * pw)
            flights.append(ReplacementTransform(
                self.pooled_maps[m].cell(*divmod(rest, pw)).copy(), target))
        flights.append(FadeIn(column.dots))
        brace = Brace(column, direction=RIGHT, color=th.muted, buff=0.15)
        count = formula(th, str(self.flat.size)).next_to(brace, RIGHT, buff=0.15)
        note = note_text(th, "into the dense layer:\nten scores", color=th.muted)
        note.next_to(count, RIGHT, buff=0.4)
        self.say(f"Read map by map, row by row, the pooled maps become one column of "
                 f"{self.flat.size} numbers: the input of a dense layer that gives ten "
                 "scores, one per digit.")
        self.play(*flights, run_time=2.0)
        self.play(Create(brace), Write(count), FadeIn(note))
        self.wait(1.0)


# --- 4. softmax ------------------------------------------------------------------------


@dataclass(frozen=True)
class SoftmaxSharesParams(SceneParams):
    """Which held-out digit's ten scores become shares."""

    digit: int = 25  # index into the held-out set (0 .. 449) of the digit read (a 2, unsure)


class SoftmaxShares(ChapterScene):
    """The dense layer's ten scores, their exponentials after subtracting the largest,
    and the shares they make, as bars adding up to 1; the largest is the answer."""

    title = "Softmax: ten scores become shares"
    Params = SoftmaxSharesParams

    def prepare(self) -> None:
        self.image, self.label, trace = _read(_trained(), self.params.digit)
        self.logits = np.asarray(trace["scores"][0], dtype=float)
        self.shifted = self.logits - self.logits.max()
        self.exps = np.exp(self.shifted)
        self.total = float(self.exps.sum())
        self.share_values = self.exps / self.total
        self.answer = int(np.argmax(self.share_values))
        self.net_shares = np.asarray(trace["softmax"][0], dtype=float)
        self.second = int(np.argsort(self.share_values)[-2])

    def _column(self, texts: list[str], x: float, color: str | None = None) -> VGroup:
        cells = VGroup(*formula_parts(self.theme, texts, color=color))
        for n, cell in enumerate(cells):
            cell.move_to([x, self._row_y(n), 0])
        return cells

    @staticmethod
    def _row_y(n: int) -> float:
        return 2.35 - 0.55 * n

    @beat("Ten scores")
    def scores(self) -> None:
        th = self.theme
        digit = ValueGrid(self.image, cell=0.25, kind="grey", numbers=False, theme=th)
        caption = note_text(th, f"a held-out {self.label}", color=th.muted)
        self.picture = VGroup(digit, caption).arrange(DOWN, buff=0.2).move_to([-5.9, 0.3, 0])
        heads = [("digit", -4.2), ("score z", -2.8), (r"e^{z - z_{\max}}", -0.9),
                 ("share", BAR_X + 0.6)]
        self.heads = VGroup(*(
            (formula(th, text, color=th.muted) if "{" in text else
             label_text(th, text, color=th.muted)).move_to([x, 2.95, 0])
            for text, x in heads))
        self.digits = self._column([str(d) for d in range(10)], -4.2, th.muted)
        self.score_col = self._column(fmt_shared(self.logits, 2), -2.8)
        lo, hi = int(np.argmin(self.logits)), int(np.argmax(self.logits))
        self.say(f"The dense layer gives ten scores, one per digit: from "
                 f"{fmt_number(self.logits[lo])} for {lo} to {fmt_number(self.logits[hi])} "
                 f"for {hi}.")
        self.play(FadeIn(self.picture), FadeIn(self.heads[:2]), FadeIn(self.digits),
                  LaggedStart(*(FadeIn(c) for c in self.score_col), lag_ratio=0.1))
        self.say("A score can be any number, of either sign: not yet a share.")
        self.wait(0.5)

    @beat("Exponentials")
    def exponentials(self) -> None:
        self.exp_col = self._column([_small(e) for e in self.exps], -0.9)
        self.say("Take e to the power of each score minus the largest: every result is "
                 "positive, the largest is exactly 1, and none can overflow.")
        self.play(FadeIn(self.heads[2]),
                  LaggedStart(*(ReplacementTransform(s.copy(), e)
                                for s, e in zip(self.score_col, self.exp_col, strict=True)),
                              lag_ratio=0.1), run_time=2)
        self.say(f"Their sum: {fmt_number(self.total, 3)}.")
        self.wait(0.5)

    @beat("Shares that add up to 1")
    def shares(self) -> None:
        th = self.theme
        width = 4.2  # a share of 1
        bars = VGroup()
        labels = VGroup()
        for n, share in enumerate(self.share_values):
            colour = th.accent if n == self.answer else th.positive
            bar = Rectangle(width=max(share * width, 0.02), height=0.34, stroke_width=0,
                            fill_color=colour, fill_opacity=1.0)
            bar.move_to([BAR_X, self._row_y(n), 0], aligned_edge=LEFT)
            bars.add(bar)
            labels.add(note_text(th, _share(share), color=colour).next_to(bar, RIGHT,
                                                                          buff=0.12))
        self.bars = bars
        self.say(f"Divide each by the sum, {fmt_number(self.total, 3)}: ten shares, each "
                 "between 0 and 1, that add up to 1.")
        self.play(FadeIn(self.heads[3]),
                  LaggedStart(*(ReplacementTransform(e.copy(), b)
                                for e, b in zip(self.exp_col, bars, strict=True)),
                              lag_ratio=0.1), run_time=2)
        self.play(FadeIn(labels))
        verdict = ("and it is right" if self.answer == self.label
                   else f"and it is wrong: this is a {self.label}")
        top, second = self.share_values[self.answer], self.share_values[self.second]
        self.say(f"The largest share, {_share(top, words=True)} for {self.answer}, is the "
                 f"network's answer, {verdict}. Next comes {self.second}, with "
                 f"{_share(second, words=True)}.")
        self.play(self.digits[self.answer].animate.set_color(th.accent))
        self.wait(1.0)


# --- 5. the learned kernels ------------------------------------------------------------


@dataclass(frozen=True)
class LearnedKernelsParams(SceneParams):
    """Which kernel is told about in words; how many of its strongest digits are shown."""

    kernel: int = 1  # the kernel whose strongest responses are said (1 .. 8)
    examples: int = 3  # held-out digits shown beside each kernel (1 .. 5): those it answers most

    def __post_init__(self) -> None:
        if not 1 <= self.examples <= 5:
            raise ParamsError(f"examples must be from 1 to 5, got {self.examples}")


class LearnedKernels(ChapterScene):
    """The trained kernels as 3x3 pictures with their numbers, and the held-out digits
    each answers most, measured over the whole held-out set."""

    title = "What the kernels learned"
    Params = LearnedKernelsParams

    def prepare(self) -> None:
        trained = _trained()
        self.kernel_values = np.asarray(trained.network.kernels, dtype=float)
        self.k = _kernel(trained, self.params.kernel)
        self.images = np.asarray(trained.images, dtype=float)
        self.labels = np.asarray(trained.labels, dtype=int)
        self.responses = kernel_responses(trained)  # (n, k)
        n = self.params.examples
        self.strongest_images = np.argsort(-self.responses, axis=0, kind="stable")[:n].T  # (k, n)
        classes = np.unique(self.labels)
        self.class_means = np.array([[self.responses[self.labels == c, j].mean()
                                      for c in classes] for j in range(len(self.kernel_values))])
        self.favourite = [int(classes[np.argmax(m)]) for m in self.class_means]
        self.least = [int(classes[np.argmin(m)]) for m in self.class_means]

    @beat("The kernels")
    def kernels(self) -> None:
        th = self.theme
        scale = float(np.abs(self.kernel_values).max())
        # each kernel: its name, its grid with its strongest digits in a column beside it,
        # and the digit it answers most under it; laid out whole now, shown in two beats
        blocks = []
        for j, kernel in enumerate(self.kernel_values):
            grid = ValueGrid(kernel, cell=CELL, kind="signed", scale=scale, theme=th)
            thumbs = Group(*(
                PixelImage(self.images[i], height=0.56, theme=th, frame_width=1.0)
                for i in self.strongest_images[j])).arrange(DOWN, buff=0.1)
            thumbs.next_to(grid, RIGHT, buff=0.15)
            name = label_text(th, f"kernel {j + 1}").next_to(grid, UP, buff=0.12)
            note = note_text(th, f"most: {self.favourite[j]}s", color=th.muted)
            note.next_to(grid, DOWN, buff=0.12)
            blocks.append(Group(name, grid, thumbs, note))
        rows = 1 if len(blocks) <= 4 else 2 if len(blocks) <= 8 else 3
        self.blocks = Group(*blocks).arrange_in_grid(rows=rows, buff=(0.45, 0.4))
        self.blocks.scale(min(1.0, 13.4 / self.blocks.width, 6.8 / self.blocks.height))
        self.blocks.move_to([0, -0.35, 0])
        pos, neg = colour_word(th.positive), colour_word(th.negative)
        kh, kw = self.kernel_values.shape[1:]
        self.say(f"The {len(self.kernel_values)} kernels training found, each {kh} by {kw} "
                 f"weights: {pos} above 0, {neg} below, brighter the larger.")
        self.play(LaggedStart(*(FadeIn(b[:2]) for b in blocks), lag_ratio=0.15), run_time=2)
        self.say("Nobody chose these numbers: gradient descent did, to read digits.")
        self.wait(0.5)

    @beat("What each answers most")
    def strongest(self) -> None:
        th = self.theme
        n = self.params.examples
        which = ("the held-out digit that excites it most" if n == 1 else
                 f"the {n} held-out digits that excite it most")
        self.say(f"Beside each kernel: {which}. Under it: the digit it answers most on "
                 "average.")
        self.play(LaggedStart(*(FadeIn(b[2:]) for b in self.blocks), lag_ratio=0.1),
                  run_time=2)
        j = self.k
        seen = ", ".join(str(int(self.labels[i])) for i in self.strongest_images[j])
        means = self.class_means[j]
        top, low = self.favourite[j], self.least[j]
        these = f"this {seen}" if n == 1 else f"these: {seen}"
        self.say(f"Kernel {j + 1} answers most strongly to {these}. Averaged over "
                 f"each digit's held-out images, its strongest response is largest for {top}s, "
                 f"{fmt_number(means.max())}, and smallest for {low}s, "
                 f"{fmt_number(means.min())}.")
        block = self.blocks[j]
        self.play(Create(Rectangle(width=block.width + 0.25, height=block.height + 0.2,
                                   stroke_color=th.accent, stroke_width=4).move_to(block)))
        average = self.responses.mean(axis=0)
        weak, strong = int(np.argmin(average)), int(np.argmax(average))
        if weak != strong:
            self.say(f"Kernel {weak + 1} answers least of all: its strongest response averages "
                     f"{fmt_number(average[weak])} over the {len(self.images)} held-out digits, "
                     f"against {fmt_number(average[strong])} for kernel {strong + 1}.")
        self.wait(1.0)


# --- 6. convolution against dense ------------------------------------------------------


@dataclass(frozen=True)
class ConvVersusDenseParams(SceneParams):
    """The comparison has no parameters of its own: both networks are the trained ones."""


class ConvVersusDense(ChapterScene):
    """The same 8x8 digits through the convolutional network and a dense one:
    parameters counted out (one kernel's weights shared by every window) and held-out
    accuracy side by side."""

    title = "Convolutional against dense"
    Params = ConvVersusDenseParams

    def prepare(self) -> None:
        trained = _trained()
        net, dense = trained.network, trained.dense
        k, kh, kw = net.kernels.shape
        self.k, self.kh, self.kw = k, kh, kw
        self.side = trained.images.shape[1]
        self.map_side = self.side - kh + 1
        self.n_windows = self.map_side ** 2
        n_flat = net.W.shape[1]
        n_out = net.W.shape[0]
        self.conv_lines = [
            ("kernels", rf"{k} \times {kh} \times {kw}", k * kh * kw),
            ("kernel biases", f"{k}", k),
            ("dense weights", rf"{n_flat} \times {n_out}", n_flat * n_out),
            ("dense biases", f"{n_out}", n_out),
        ]
        self.conv_total = sum(v for *_, v in self.conv_lines)
        self.dense_lines = []
        for n, layer in enumerate(dense.layers, start=1):
            n_out_, n_in = layer.W.shape
            self.dense_lines.append((f"layer {n} weights", rf"{n_in} \times {n_out_}",
                                     n_in * n_out_))
            self.dense_lines.append((f"layer {n} biases", f"{n_out_}", n_out_))
        self.dense_total = sum(v for *_, v in self.dense_lines)
        self.unshared = k * self.n_windows * kh * kw
        self.n_test = len(trained.labels)
        self.conv_right = int(round(trained.accuracy * self.n_test))
        self.dense_right = int(round(trained.dense_accuracy * self.n_test))
        self.conv_accuracy, self.dense_accuracy = trained.accuracy, trained.dense_accuracy
        self.sizes = "-".join(str(s) for s in dense.sizes)

    def _card(self, title: str, lines, total: int, x: float) -> VGroup:
        th = self.theme
        rows = VGroup()
        for name, tex, value in lines:
            words = note_text(th, name, color=th.muted)
            maths = formula(th, tex if tex == str(value) else rf"{tex} = {value:,}"
                            .replace(",", "{,}"))
            rows.add(VGroup(words, maths))
        for row in rows:
            row[1].next_to(row[0], RIGHT, buff=0.3)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        total_line = formula(th, rf"\text{{total}} = {total:,}".replace(",", "{,}"),
                             color=th.accent, size=th.body_size + 6)
        card = panel(body_text(th, title), rows, total_line, theme=th)
        card.move_to([x, 0, 0])
        return card.shift((2.9 - card.get_top()[1]) * UP)

    @beat("Counting the convolutional network")
    def conv_count(self) -> None:
        self.conv_card = self._card("convolutional", self.conv_lines, self.conv_total, -3.6)
        k, kh, kw = self.k, self.kh, self.kw
        self.say(f"The convolutional network: {k} kernels of {kh} by {kw} weights and a bias "
                 f"each, then a dense layer from the pooled column to ten scores: "
                 f"{self.conv_total:,} parameters.")
        self.play(FadeIn(self.conv_card, shift=0.2 * UP))
        self.say(f"A kernel uses the same {kh * kw} weights at all {self.n_windows} windows. "
                 f"With weights of their own, {self.n_windows} windows of {k} maps would need "
                 f"{self.unshared:,}.")
        self.wait(1.0)

    @beat("Counting the dense network")
    def dense_count(self) -> None:
        self.dense_card = self._card(f"dense {self.sizes}", self.dense_lines, self.dense_total,
                                     3.6)
        self.say(f"A dense network on the same {self.side} by {self.side} digits, "
                 f"{self.sizes}: every pixel reaches every hidden neuron with a weight of its "
                 f"own, {self.dense_total:,} parameters.")
        self.play(FadeIn(self.dense_card, shift=0.2 * UP))
        self.wait(0.5)

    @beat("Held-out accuracy")
    def accuracy(self) -> None:
        th = self.theme
        results = VGroup()
        self.shown_accuracies = []
        for card, acc, right in ((self.conv_card, self.conv_accuracy, self.conv_right),
                                 (self.dense_card, self.dense_accuracy, self.dense_right)):
            self.shown_accuracies.append(f"{fmt_percent(acc, 1)} %")
            line = VGroup(body_text(th, self.shown_accuracies[-1], color=th.accent),
                          note_text(th, f"{right} of {self.n_test} held-out digits",
                                    color=th.muted)).arrange(DOWN, aligned_edge=LEFT,
                                                             buff=0.12)
            low = min(self.conv_card.get_bottom()[1], self.dense_card.get_bottom()[1])
            line.next_to(card, DOWN, buff=0.5).align_to(card, LEFT)
            line.shift((low - 0.45 - line.get_top()[1]) * UP)
            results.add(line)
        self.say(f"Both read the same {self.n_test} held-out digits, never seen in training.")
        self.play(FadeIn(results))
        self.say(self.verdict())
        self.wait(1.5)

    def verdict(self) -> str:
        """The comparison in words, true whichever way the numbers fall."""
        ratio = self.dense_total / self.conv_total
        if self.conv_total < self.dense_total:
            size = (f"with {fmt_number(ratio, 1)} times fewer parameters"
                    if ratio >= 1.5 else "with fewer parameters")
        elif self.conv_total > self.dense_total:
            size = "with more parameters"
        else:
            size = "with as many parameters"
        diff = self.conv_right - self.dense_right
        if diff > 0:
            reads = f"reads {_plural(diff, 'more digit')} right"
        elif diff < 0:
            reads = f"reads {_plural(-diff, 'fewer digit')} right"
        else:
            reads = "reads exactly as many digits right"
        return f"The convolutional network, {size}, {reads}."
