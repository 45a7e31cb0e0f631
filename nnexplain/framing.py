"""Where the explainer's picture looks: for each stage, the box of data coordinates its
axes span, fitted to the cloud so that a real data set (iris, 1 to 7 cm) fills the
picture instead of a corner of axes from -8 to 8.

A :class:`Box` has round ends (multiples of 1, 2, 2.5 or 5 times a power of ten) a
little beyond the points. It keeps the origin in view where the words talk about it
(a bias moves the cloud, an activation works coordinate by coordinate from zero) and
wherever that costs little room; else the axes meet at the box's corner, as a
plotting library draws them. The picture has one scale for every axis, so that a
linear map's turn or shear is seen as it is.

No manim here: the story says what the scene will show (``zoom_words``).

    >>> box = fit(np.array([[4.3, 2.0], [7.9, 4.4]]))
    >>> box.lo[:2].tolist(), box.hi[:2].tolist(), box.dims, box.has_origin
    ([4.0, 1.75], [8.25, 4.75], 2, False)
    >>> box = fit(np.array([[1.0, 0.1], [6.9, 2.5]]))  # the origin costs little: kept
    >>> box.lo[:2].tolist(), box.hi[:2].tolist()
    ([0.0, 0.0], [7.5, 3.0])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from narrator.fmt import fmt_number

__all__ = ["SIMPLEX", "Box", "fit", "simplex_box", "zoom_words"]

MARGIN = 0.05  # of the widest span, kept free beyond the outermost points
ORIGIN_COST = 1.5  # the origin is kept in view when it widens the widest span at most this much
SIMPLEX = 1.2  # a softmax's box reaches this far: the corners at 1, the axes' names past them
_STEPS = (1.0, 2.0, 2.5, 5.0)


@dataclass(frozen=True)
class Box:
    """The data coordinates the axes span: ``lo[k]`` to ``hi[k]`` on axis ``k`` (always
    three; the axes beyond ``dims`` are hidden)."""

    lo: np.ndarray
    hi: np.ndarray
    dims: int

    @property
    def span(self) -> np.ndarray:
        return self.hi - self.lo

    @property
    def centre(self) -> np.ndarray:
        return (self.lo + self.hi) / 2

    @property
    def has_origin(self) -> bool:
        return bool(np.all(self.lo[: self.dims] <= 0) and np.all(self.hi[: self.dims] >= 0))

    def holds(self, other: Box) -> bool:
        """Whether ``other``'s drawn axes lie inside this box's (in no more dimensions)."""
        d = other.dims
        return (d <= self.dims and bool(np.all(self.lo[:d] <= other.lo[:d] + 1e-12))
                and bool(np.all(self.hi[:d] >= other.hi[:d] - 1e-12)))

    def holds_points(self, points: np.ndarray, dims: int) -> bool:
        """Whether every point's first ``dims`` coordinates lie within the axes."""
        P = np.asarray(points, dtype=float)[:, :dims]
        return (dims <= self.dims and bool(np.all(P >= self.lo[:dims] - 1e-9))
                and bool(np.all(P <= self.hi[:dims] + 1e-9)))

    def loose(self, points: np.ndarray) -> bool:
        """Whether ``points`` fill less than half of this box's widest span drawn, on
        every axis: the picture should look closer."""
        P = np.asarray(points, dtype=float)[:, : self.dims]
        spread = np.ptp(P, axis=0) if len(P) > 1 else np.zeros(self.dims)
        return bool(np.max(spread) < 0.5 * float(np.max(self.span[: self.dims])))

    def same(self, other: Box) -> bool:
        return (self.dims == other.dims and np.allclose(self.lo, other.lo)
                and np.allclose(self.hi, other.hi))

    def union(self, other: Box) -> Box:
        """The box holding both (the larger number of dimensions)."""
        return Box(np.minimum(self.lo, other.lo), np.maximum(self.hi, other.hi),
                   max(self.dims, other.dims))


def _step(span: float) -> float:
    """A round tick step about an eighth of ``span``."""
    target = max(span, 1e-9) / 8
    power = 10.0 ** np.floor(np.log10(target))
    return float(max(s * power for s in _STEPS if s * power <= target * (1 + 1e-9)))


def fit(points: np.ndarray, dims: int | None = None, origin: bool = False) -> Box:
    """The box of ``points`` (n, 3; the first ``dims`` coordinates drawn): round ends a
    little beyond them, the origin inside when ``origin`` or when it costs little, every
    axis at least a fifth of the widest (a flat cloud still has axes to sit on)."""
    P = np.asarray(points, dtype=float)
    dims = dims or P.shape[1]
    lo, hi = P[:, :dims].min(axis=0), P[:, :dims].max(axis=0)
    widest = max(float(np.max(hi - lo)), 1e-6 * max(1.0, float(np.max(np.abs(P)))))
    if not origin:
        with0 = float(np.max(np.maximum(hi, 0) - np.minimum(lo, 0)))
        origin = with0 <= ORIGIN_COST * widest
    if origin:
        lo, hi = np.minimum(lo, 0), np.maximum(hi, 0)
        widest = float(np.max(hi - lo))
    short = np.maximum(0.2 * widest - (hi - lo), 0) / 2  # widen a flat axis round its middle
    lo_m, hi_m = lo - short - MARGIN * widest, hi + short + MARGIN * widest
    if origin:  # an axis whose points all lie on one side of 0 starts at 0
        room = 0.2 * widest
        lo_m = np.where((lo >= 0) & (hi_m >= room), 0.0, lo_m)
        hi_m = np.where((hi <= 0) & (lo_m <= -room), 0.0, hi_m)
    lo, hi = lo_m, hi_m
    step = _step(float(np.max(hi - lo)))
    lo, hi = np.floor(lo / step + 1e-9) * step, np.ceil(hi / step - 1e-9) * step
    lo, hi = np.where(lo == 0, 0.0, lo), np.where(hi == 0, 0.0, hi)  # no -0
    full_lo, full_hi = np.full(3, -0.1), np.full(3, 0.1)
    half = float(np.max(hi - lo)) / 4  # the hidden axes (a line's spread dots): round 0
    full_lo[:], full_hi[:] = -half, half
    full_lo[:dims], full_hi[:dims] = lo, hi
    return Box(full_lo, full_hi, dims)


def simplex_box(k: int) -> Box:
    """The box of a softmax's ``k`` = 2 or 3 shares: 0 to :data:`SIMPLEX` on each."""
    lo, hi = np.zeros(3), np.full(3, SIMPLEX)
    if k == 2:
        lo[2], hi[2] = -SIMPLEX / 8, SIMPLEX / 8
    return Box(lo, hi, k)


def range_text(box: Box, names: list[str] | None = None) -> str:
    """The box as the picture's caption says it: ``axes from −10 to 10`` when every
    axis spans the same, else each axis's range (``x₁ 4 to 8, x₂ 0 to 4.5``)."""
    d = box.dims
    ends = [(fmt_number(box.lo[k], 3).replace("-", "−"), fmt_number(box.hi[k], 3)
             .replace("-", "−")) for k in range(d)]
    if len(set(ends)) == 1:
        return f"axes from {ends[0][0]} to {ends[0][1]}"
    names = names or [f"axis {k + 1}" for k in range(d)]
    return ", ".join(f"{names[k]} {a} to {b}" for k, (a, b) in enumerate(ends))


#: A zoom is said when the widest span changes at least this much (the caption under the
#: picture gives the axes' ranges at every stage; the words keep to the big changes).
SAID_ZOOM = 2.0


def zoom_words(before: Box, after: Box) -> str:
    """What the picture does when its box changes, said from the numbers when it is
    worth saying: zooms in or out by at least :data:`SAID_ZOOM` (the widest span), and
    where its longest axis runs now; the origin leaving or coming back into view. ""
    for a smaller change (the caption shows the new ranges).

    >>> a, b = fit(np.array([[0.0, 0.0], [8.0, 3.0]])), fit(np.array([[0.0, 0.0], [23.0, 9.0]]))
    >>> zoom_words(a, b)
    'Zoomed out: the longest axis now runs from 0 to 25.'
    >>> zoom_words(a, fit(np.array([[0.0, 0.0], [11.0, 3.0]])))
    ''
    """
    d = after.dims
    wide_before = float(np.max(before.span[: before.dims]))
    wide_after = float(np.max(after.span[:d]))
    origin = ("the origin out of view" if before.has_origin and not after.has_origin else
              "the origin back in view" if after.has_origin and not before.has_origin else "")
    ratio = max(wide_after / wide_before, wide_before / wide_after)
    if ratio < SAID_ZOOM and not origin:
        return ""
    how = ("Zoomed out" if wide_after > wide_before * 1.001 else
           "Zoomed in" if wide_after < wide_before * 0.999 else "Moved")
    k = int(np.argmax(after.span[:d]))
    text = (f"{how}: the longest axis now runs from {fmt_number(after.lo[k], 3)} to "
            f"{fmt_number(after.hi[k], 3)}")
    return text + (f", {origin}." if origin else ".")
