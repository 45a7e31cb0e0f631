"""A layout check that can fail: no two pieces of text on screen overlap, and none
leaves the frame.

A *piece of text* is a :class:`~manim.Text` (or ``MarkupText``), a piece of TeX (a
``MathTex``/``Tex`` or one of its parts) or a ``DecimalNumber``: the outermost such
mobject, not its letters. Its box is where the camera draws it, in pixels, after the
camera's projection: a 3D label counts where it lands on screen, a label fixed in the
frame where it is pinned. Pieces drawn (nearly) transparent do not count.

:class:`scenes.base.StoryScene` runs :func:`layout_problems` at the end of every beat
(after the beat's pause, when nothing moves) and keeps what it finds in
``scene.layout_report``; the tests run every scene in every aspect and expect it empty.

    problems = layout_problems(scene)   # [] when the frame reads cleanly
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from manim import DecimalNumber, MarkupText, Mobject, SingleStringMathTex, Text, ThreeDCamera

__all__ = ["TextBox", "layout_problems", "text_boxes"]

TEXT_TYPES = (Text, MarkupText, SingleStringMathTex, DecimalNumber)
# pieces that touch by less than this many units (about 1.5 px at 480p) do not overlap
TOLERANCE = 0.025
VISIBLE = 0.15  # an opacity below this is not read as text


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
    matrix of the context the camera keeps (made at its first frame). A 3D camera's
    projection already centres on its ``frame_center``: its context is made before the
    scene moves that centre, so without one yet the matrix is the origin's."""
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


def layout_problems(scene, where: str = "") -> list[str]:
    """What is wrong with the frame ``scene`` shows now: a line per pair of pieces of
    text that overlap and per piece that leaves the frame (empty: nothing)."""
    camera = scene.renderer.camera
    per_unit = camera.pixel_width / camera.frame_width
    tol = TOLERANCE * per_unit
    boxes = text_boxes(scene)
    prefix = f"{type(scene).__name__}{' ' + where if where else ''}: "
    problems = []
    for box in boxes:
        out = max(-box.left, -box.top, box.right - camera.pixel_width,
                  box.bottom - camera.pixel_height)
        if out > tol:
            problems.append(f"{prefix}{box.name()} leaves the frame by "
                            f"{out / per_unit:.2f} units")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w, h = a.overlap(b)
            if w > tol and h > tol:
                problems.append(f"{prefix}{a.name()} overlaps {b.name()} "
                                f"({w / per_unit:.2f} x {h / per_unit:.2f} units)")
    return problems
