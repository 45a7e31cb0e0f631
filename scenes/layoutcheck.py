"""A layout check that can fail: no two pieces of text on screen overlap, none leaves
the frame, and none covers what the picture shows: no point of a cloud and no dot lies
under a piece of text or a card, no line crosses a piece of text (unless a card between
them hides it), and no card straddles a piece of text or another card.

A *piece of text* is a :class:`~manim.Text` (or ``MarkupText``), a piece of TeX (a
``MathTex``/``Tex`` or one of its parts) or a ``DecimalNumber``: the outermost such
mobject, not its letters. Its box is where the camera draws it, in pixels, after the
camera's projection: a 3D label counts where it lands on screen, a label fixed in the
frame where it is pinned. Pieces drawn (nearly) transparent do not count.

The *marks* it keeps text clear of, found among everything else on screen:

- points: a :class:`~scenes.components.point_cloud.PointCloud`'s points and every
  ``Dot``, each with its radius;
- cards: an opaque ``RoundedRectangle`` (what :func:`scenes.components.panel` puts
  under text, so that grid lines never run through it) or ``BackgroundRectangle``; a
  piece of text lies on a card wholly or not at all, cards lie apart or one inside the
  other, and a card hides no point;
- lines: every ``Line`` (arrows and axes included) and plotted curve, but not a
  coordinate plane's grid, which is drawn faint on purpose.

:class:`scenes.base.StoryScene` runs :func:`layout_problems` at the end of every beat
(after the beat's pause, when nothing moves) and keeps what it finds in
``scene.layout_report``; the tests run every scene in every aspect and expect it empty.

    problems = layout_problems(scene)   # [] when the frame reads cleanly
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from manim import (
    BackgroundRectangle,
    DecimalNumber,
    Dot,
    Line,
    MarkupText,
    Mobject,
    NumberPlane,
    ParametricFunction,
    PMobject,
    RoundedRectangle,
    SingleStringMathTex,
    Text,
    ThreeDCamera,
)

from pipeline.aspect import aspect_name, frame_size

__all__ = ["Marks", "TextBox", "layout_problems", "marks", "text_boxes"]

TEXT_TYPES = (Text, MarkupText, SingleStringMathTex, DecimalNumber)
# pieces that touch by less than this many units (about 1.5 px at 480p) do not overlap
TOLERANCE = 0.025
VISIBLE = 0.15  # an opacity below this is not read as text
OPAQUE = 0.5  # a card at least this opaque hides what lies under it
CURVE_SAMPLES = 8  # points per Bezier curve where a line's path is followed


@dataclass(frozen=True)
class TextBox:
    """Where a piece of text is drawn: pixels (left, top, right, bottom)."""

    mobject: Mobject
    left: float
    top: float
    right: float
    bottom: float

    def name(self) -> str:
        mob = self.mobject
        text = (getattr(mob, "tex_string", None) or getattr(mob, "text", None)
                or getattr(mob, "original_text", None))
        if text is None and isinstance(mob, DecimalNumber):
            text = str(mob.get_value())
        text = " ".join(str(text).split()) if text is not None else "?"
        return f"{type(mob).__name__} {text[:40]!r}"

    def overlap(self, other: TextBox) -> tuple[float, float]:
        """Width and height (pixels) of the part two boxes share (<= 0: none)."""
        return (min(self.right, other.right) - max(self.left, other.left),
                min(self.bottom, other.bottom) - max(self.top, other.top))


def _pieces(mobjects: Iterable[Mobject]) -> Iterator[Mobject]:
    """The outermost text mobjects among ``mobjects`` and their families."""
    seen: set[int] = set()
    stack = list(reversed(list(mobjects)))
    while stack:
        mob = stack.pop()
        if id(mob) in seen:
            continue
        seen.add(id(mob))
        if isinstance(mob, TEXT_TYPES):
            yield mob
        else:
            stack.extend(reversed(mob.submobjects))


def _visible(mob: Mobject) -> bool:
    for leaf in mob.family_members_with_points():
        fill = getattr(leaf, "get_fill_opacity", lambda: 0.0)()
        stroke = getattr(leaf, "get_stroke_opacity", lambda: 0.0)()
        width = getattr(leaf, "get_stroke_width", lambda: 0.0)()
        if fill >= VISIBLE or (stroke >= VISIBLE and width > 0):
            return True
    return False


def _to_pixels(camera) -> Callable[[Mobject, np.ndarray], np.ndarray]:
    """Where the camera draws a mobject's points, in pixels: as Cairo does, through the
    matrix of the context the camera keeps (made at its first frame), a 3D camera
    turned as it is now (it turns its matrix only when it draws). A 3D camera's
    projection already centres on its ``frame_center``: its context is made before the
    scene moves that centre, so without one yet the matrix is the origin's."""
    if isinstance(camera, ThreeDCamera):  # turned as it is now, drawn since or not
        camera.reset_rotation_matrix()
    ctx = camera.get_cached_cairo_context(camera.pixel_array)
    if ctx is not None:
        m = ctx.get_matrix()
        xx, yx, xy, yy, x0, y0 = m.xx, m.yx, m.xy, m.yy, m.x0, m.y0
    else:
        centre = np.zeros(3) if isinstance(camera, ThreeDCamera) else camera.frame_center
        xx, yy = camera.pixel_width / camera.frame_width, -camera.pixel_height / camera.frame_height
        xy = yx = 0.0
        x0 = camera.pixel_width / 2 - centre[0] * xx
        y0 = camera.pixel_height / 2 - centre[1] * yy

    def pixels(mob: Mobject, points: np.ndarray) -> np.ndarray:
        shown = camera.transform_points_pre_display(mob, points)
        return np.column_stack((xx * shown[:, 0] + xy * shown[:, 1] + x0,
                                yx * shown[:, 0] + yy * shown[:, 1] + y0))

    return pixels


def text_boxes(scene) -> list[TextBox]:
    """Every visible piece of text of ``scene`` and its box on screen."""
    camera = scene.renderer.camera
    to_pixels = _to_pixels(camera)
    boxes = []
    for piece in _pieces([*scene.mobjects, *scene.foreground_mobjects]):
        if not _visible(piece):
            continue
        corners = []
        for leaf in piece.family_members_with_points():
            pixels = to_pixels(leaf, leaf.points)
            corners.append((pixels.min(axis=0), pixels.max(axis=0)))
        if not corners:
            continue
        low = np.min([c[0] for c in corners], axis=0)
        high = np.max([c[1] for c in corners], axis=0)
        boxes.append(TextBox(piece, float(low[0]), float(low[1]), float(high[0]),
                             float(high[1])))
    return boxes


@dataclass
class Marks:
    """What a frame shows besides text, in pixels (see the module's docstring)."""

    points: np.ndarray  # (n, 2) centres
    radii: np.ndarray  # (n,) pixels
    point_order: np.ndarray  # (n,) the drawing order of each point's mobject
    cards: list[TextBox]  # boxes of the cards, with their drawing order in ``order``
    lines: list[tuple[Mobject, np.ndarray]]  # a line and its path, (m, 2) pixels
    order: dict[int, int]  # id(mobject) -> drawing order (later: on top; by z_index first)


def _box(mob: Mobject, to_pixels) -> TextBox | None:
    corners = [to_pixels(leaf, leaf.points) for leaf in mob.family_members_with_points()]
    corners = [c for c in corners if len(c)]
    if not corners:
        return None
    every = np.vstack(corners)
    low, high = every.min(axis=0), every.max(axis=0)
    return TextBox(mob, float(low[0]), float(low[1]), float(high[0]), float(high[1]))


def _path(mob: Mobject, to_pixels) -> np.ndarray:
    """A line's drawn path in pixels: each cubic Bezier curve sampled."""
    points = np.asarray(mob.points, dtype=float)
    if len(points) < 4:
        return to_pixels(mob, points)
    curves = points[: len(points) // 4 * 4].reshape(-1, 4, 3)
    t = np.linspace(0.0, 1.0, CURVE_SAMPLES)[:, None, None]
    a, b, c, d = (curves[:, k][None] for k in range(4))
    sampled = ((1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t ** 2 * c
               + t ** 3 * d)
    return to_pixels(mob, sampled.transpose(1, 0, 2).reshape(-1, 3))


def _walked(scene) -> Iterator[Mobject]:
    """Every mobject on screen, each once, in family order."""
    seen: set[int] = set()
    for mob in [*scene.mobjects, *scene.foreground_mobjects]:
        for member in mob.get_family():
            if id(member) not in seen:
                seen.add(id(member))
                yield member


def marks(scene) -> Marks:
    """Every visible point, card and line of ``scene`` (text and what text holds, such
    as a formula's own background rectangle, not included)."""
    camera = scene.renderer.camera
    to_pixels = _to_pixels(camera)
    per_unit = camera.pixel_width / camera.frame_width
    grid: set[int] = set()
    order: dict[int, int] = {}
    points, radii, orders, cards, lines = [], [], [], [], []
    stack = list(reversed([*scene.mobjects, *scene.foreground_mobjects]))
    while stack:
        mob = stack.pop()
        if id(mob) in order:
            continue
        order[id(mob)] = len(order)
        if isinstance(mob, TEXT_TYPES) or id(mob) in grid:
            continue
        if isinstance(mob, NumberPlane):  # its grid is faint on purpose
            for faint in (mob.background_lines, mob.faded_lines):
                grid |= {id(m) for m in faint.get_family()}
        if isinstance(mob, PMobject) and hasattr(mob, "radius"):  # a PointCloud
            if getattr(mob, "opacity", 1.0) >= VISIBLE and len(mob.points):
                points.append(to_pixels(mob, mob.points))
                radii.append(np.full(len(mob.points), mob.radius * per_unit))
                orders.append([id(mob)] * len(mob.points))
            continue
        if isinstance(mob, Dot):
            if _visible(mob):
                points.append(to_pixels(mob, mob.get_center()[None]))
                radii.append(np.array([mob.width / 2 * per_unit]))
                orders.append([id(mob)])
            continue
        if isinstance(mob, RoundedRectangle | BackgroundRectangle):
            if mob.get_fill_opacity() >= OPAQUE:
                box = _box(mob, to_pixels)
                if box is not None:
                    cards.append(box)
            continue
        if isinstance(mob, Line | ParametricFunction) and _visible(mob) and len(mob.points):
            lines.append((mob, _path(mob, to_pixels)))
        stack.extend(reversed(mob.submobjects))
    # the camera draws by z_index, then in family order: rank the marks the same way
    z = {id(m): m.z_index for m in _walked(scene)}
    ranked = sorted(order, key=lambda key: (z.get(key, 0), order[key]))
    order = {key: rank for rank, key in enumerate(ranked)}
    if orders:
        orders = [np.array([order[k] for k in keys]) for keys in orders]
    return Marks(np.vstack(points) if points else np.zeros((0, 2)),
                 np.concatenate(radii) if radii else np.zeros(0),
                 np.concatenate(orders) if orders else np.zeros(0, dtype=int),
                 cards, lines, order)


def _inside(inner: TextBox, outer: TextBox, tol: float) -> bool:
    return (inner.left >= outer.left - tol and inner.top >= outer.top - tol
            and inner.right <= outer.right + tol and inner.bottom <= outer.bottom + tol)


def _overlaps(a: TextBox, b: TextBox, tol: float) -> bool:
    w, h = a.overlap(b)
    return w > tol and h > tol


def _covered_points(box: TextBox, m: Marks, tol: float, above: int = -1) -> int:
    """How many points lie (with their discs) under ``box``, shrunk by ``tol``, among
    those drawn before the mobject of drawing order ``above`` (-1: all of them; a
    legend's dots drawn on their card are not covered by it)."""
    if not len(m.points):
        return 0
    x, y, r = m.points[:, 0], m.points[:, 1], m.radii
    under = (m.point_order < above) if above >= 0 else True
    return int(np.count_nonzero((x + r > box.left + tol) & (x - r < box.right - tol)
                                & (y + r > box.top + tol) & (y - r < box.bottom - tol)
                                & under))


def _crosses(path: np.ndarray, box: TextBox, tol: float) -> bool:
    """Whether a path (a polyline, pixels) runs through ``box`` shrunk by ``tol``."""
    left, top, right, bottom = box.left + tol, box.top + tol, box.right - tol, box.bottom - tol
    if left >= right or top >= bottom or len(path) == 0:
        return False
    if len(path) == 1:
        x, y = path[0]
        return bool(left < x < right and top < y < bottom)
    a, b = path[:-1], path[1:]
    d = b - a
    # Liang-Barsky: the part of each segment inside the box, t in [t0, t1]
    t0, t1 = np.zeros(len(a)), np.ones(len(a))
    for p, q in ((-d[:, 0], a[:, 0] - left), (d[:, 0], right - a[:, 0]),
                 (-d[:, 1], a[:, 1] - top), (d[:, 1], bottom - a[:, 1])):
        parallel = np.isclose(p, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
        t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
        t1 = np.where(parallel & (q < 0), -1.0, t1)
    return bool(np.any(t0 < t1))


def _hidden_by_card(text: TextBox, line: Mobject, m: Marks, tol: float) -> bool:
    """Whether a card drawn over ``line`` holds ``text`` (so the line stops at it): a
    card of its own or the text's own opaque background rectangle."""
    at = m.order.get(id(line), -1)
    if m.order.get(id(text.mobject), -1) > at and any(
            isinstance(sub, BackgroundRectangle) and sub.get_fill_opacity() >= OPAQUE
            for sub in text.mobject.submobjects):
        return True
    return any(m.order.get(id(card.mobject), -1) > at and _inside(text, card, tol)
               for card in m.cards)


def mark_problems(scene, boxes: list[TextBox], prefix: str = "") -> list[str]:
    """A line per piece of text or card that covers a point, is crossed by a line or
    straddles a card (see the module's docstring)."""
    camera = scene.renderer.camera
    per_unit = camera.pixel_width / camera.frame_width
    tol = TOLERANCE * per_unit
    m = marks(scene)
    problems = []
    for box in [*boxes, *m.cards]:
        card = any(box is c for c in m.cards)
        covered = _covered_points(box, m, tol, m.order.get(id(box.mobject), -1) if card else -1)
        if covered:
            what = "card" if card else box.name()
            problems.append(f"{prefix}{what} {_where(box, per_unit)} covers {covered} "
                            f"point{'s' if covered != 1 else ''}")
    # each line's extent: only a line whose extent reaches into a box can cross it
    extents = np.array([[*path.min(axis=0), *path.max(axis=0)] if len(path) else
                        [np.inf, np.inf, -np.inf, -np.inf] for _, path in m.lines])
    for box in boxes:
        for card in m.cards:
            if _overlaps(box, card, tol) and not _inside(box, card, tol):
                problems.append(f"{prefix}{box.name()} straddles the edge of a card "
                                f"{_where(card, per_unit)}")
        near = [] if not m.lines else np.flatnonzero(
            (extents[:, 2] >= box.left + tol) & (extents[:, 0] <= box.right - tol)
            & (extents[:, 3] >= box.top + tol) & (extents[:, 1] <= box.bottom - tol))
        for line, path in (m.lines[k] for k in near):
            if _crosses(path, box, tol) and not _hidden_by_card(box, line, m, tol):
                problems.append(f"{prefix}{box.name()} is crossed by a "
                                f"{type(line).__name__}")
    for i, a in enumerate(m.cards):
        for b in m.cards[i + 1:]:
            if (_overlaps(a, b, tol) and not _inside(a, b, tol)
                    and not _inside(b, a, tol)):
                problems.append(f"{prefix}the cards {_where(a, per_unit)} and "
                                f"{_where(b, per_unit)} overlap")
    return problems


def _where(box: TextBox, per_unit: float) -> str:
    return f"at ({box.left / per_unit:.1f}, {box.top / per_unit:.1f}) units"


def _rendered_frame(scene) -> tuple[float, float, float, float]:
    """The frame a render of ``scene`` shows, in the camera's pixels (left, top, right,
    bottom): the frame of its aspect (:func:`pipeline.aspect.frame_size`), centred. It is
    the camera's own, except in Manim's frame tests, whose 16:9 frame is a hair wider
    (8 x 854/480 units, not 128/9): a piece of text that leaves a render's frame is
    found there too."""
    camera = scene.renderer.camera
    width, height = frame_size(aspect_name(getattr(scene, "aspect", None)))
    x = max(0.0, camera.pixel_width * (1 - width / camera.frame_width) / 2)
    y = max(0.0, camera.pixel_height * (1 - height / camera.frame_height) / 2)
    return x, y, camera.pixel_width - x, camera.pixel_height - y


def layout_problems(scene, where: str = "") -> list[str]:
    """What is wrong with the frame ``scene`` shows now: a line per pair of pieces of
    text that overlap, per piece that leaves the frame and per mark a piece or a card
    covers (empty: nothing)."""
    camera = scene.renderer.camera
    per_unit = camera.pixel_width / camera.frame_width
    tol = TOLERANCE * per_unit
    boxes = text_boxes(scene)
    prefix = f"{type(scene).__name__}{' ' + where if where else ''}: "
    problems = []
    left, top, right, bottom = _rendered_frame(scene)
    for box in boxes:
        out = max(left - box.left, top - box.top, box.right - right, box.bottom - bottom)
        if out > tol:
            problems.append(f"{prefix}{box.name()} leaves the frame by "
                            f"{out / per_unit:.2f} units")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w, h = a.overlap(b)
            if w > tol and h > tol:
                problems.append(f"{prefix}{a.name()} overlaps {b.name()} "
                                f"({w / per_unit:.2f} x {h / per_unit:.2f} units)")
    return problems + mark_problems(scene, boxes, prefix)
