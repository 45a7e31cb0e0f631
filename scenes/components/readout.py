"""A short number that changes every frame (an epoch, a loss, a percentage), drawn
from glyphs made once.

Example::

    label = Text("epoch", font_size=30)
    epoch = Readout("0", font_size=30, color=WHITE).next_to(label, RIGHT)
    self.add(label, epoch)
    epoch.set_text("12")
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from manim import Text, VectorizedPoint, VMobject

__all__ = ["Readout"]


@lru_cache(maxsize=8)
def _glyphs(font: str, size: float) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """Outline points of the characters a readout writes, each relative to the start of
    its own advance on the baseline, and each character's advance (scene units)."""
    digits = Text("0123456789", font=font, font_size=size)
    advance = (digits[9].get_left()[0] - digits[0].get_left()[0]) / 9  # tabular figures
    start, base = digits[0].get_left()[0], digits[0].get_bottom()[1]
    shapes = {c: g.points - [start + k * advance, base, 0] for k, (c, g) in
              enumerate(zip("0123456789", digits, strict=True))}
    advances = dict.fromkeys("0123456789", advance)
    for char in ".%- ":  # between two zeros: where it starts and how far it pushes the next
        probe = Text(f"0{char}0", font=font, font_size=size)
        first = probe[0].get_left()[0]
        advances[char] = probe[-1].get_left()[0] - first - advance
        if char != " ":
            shapes[char] = probe[1].points - [first + advance, probe[0].get_bottom()[1], 0]
    return shapes, advances


class Readout(VMobject):
    """A short number that changes every frame, in the theme's font: one VMobject whose
    outline is assembled from glyphs rendered once (Manim's DecimalNumber deep-copies
    a TeX mobject per character at every change, some 30 ms a frame). Writes digits,
    ``.``, ``%``, ``-`` and spaces; its text starts at a fixed point, its ``anchor``.

    Example::

        loss = Readout("0.706", font_size=26, color=WHITE)
        self.add(loss)
        loss.set_text("0.001")
    """

    def __init__(self, text: str, font_size: float, color: str, font: str = "DejaVu Sans",
                 **kwargs) -> None:
        super().__init__(fill_color=color, fill_opacity=1.0, stroke_width=0, **kwargs)
        self.shapes, self.advances = _glyphs(font, font_size)
        self.anchor = VectorizedPoint()  # the start of the text on its baseline
        self.add(self.anchor)
        self.text = ""
        self.set_text(text)

    def set_text(self, text: str) -> Readout:
        unknown = set(text) - set(self.advances)
        if unknown:
            raise ValueError(f"a Readout writes digits, '.', '%', '-' and spaces, "
                             f"got {''.join(sorted(unknown))!r} in {text!r}")
        origin = self.anchor.get_center()
        parts, x = [], 0.0
        for char in text:
            if char in self.shapes:
                parts.append(self.shapes[char] + origin + [x, 0, 0])
            x += self.advances[char]
        self.text = text
        self.set_points(np.vstack(parts) if parts else np.zeros((0, 3)))
        return self
