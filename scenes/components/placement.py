"""Placing mobjects against the edges of the composition, whatever the frame's aspect.

Every scene is composed on the 16:9 frame (:data:`pipeline.aspect.DESIGN_FRAME`). In a
4:3, square or portrait render the frame is larger than that composition and holds it
whole, centred; Manim's ``to_edge``/``to_corner`` would send a formula to the far edge
of the larger frame, away from the picture it explains. These place against the
composition's edges instead (in 16:9 they are Manim's own), so a scene looks the same
in every aspect, only framed differently.

    formula = to_edge(MathTex("y = Wx + b"), UP, buff=0.5)
"""

from __future__ import annotations

import numpy as np
from manim import MED_LARGE_BUFF, Mobject, config

from pipeline.aspect import DESIGN_FRAME

__all__ = ["to_corner", "to_edge"]


def _align(mob: Mobject, direction: np.ndarray, buff: float) -> Mobject:
    """Manim's ``align_on_border``, against the composition's borders: the frame's own
    sides where the frame is no taller than the composition (16:9: Manim's placement to
    the pixel), its 8 units of height where the frame is taller (4:3, 1:1, 9:16; the
    frame is then exactly as wide as the composition)."""
    direction = np.asarray(direction, dtype=float)
    radii = np.array([config.frame_x_radius, min(config.frame_y_radius, DESIGN_FRAME[1] / 2),
                      0.0])
    target = np.sign(direction) * radii
    shift = (target - mob.get_critical_point(direction) - buff * direction) \
        * np.abs(np.sign(direction))
    return mob.shift(shift)


def to_edge(mob: Mobject, edge: np.ndarray, buff: float = MED_LARGE_BUFF) -> Mobject:
    """``mob.to_edge(edge, buff)`` against the composition's edge; returns ``mob``."""
    return _align(mob, edge, buff)


def to_corner(mob: Mobject, corner: np.ndarray, buff: float = MED_LARGE_BUFF) -> Mobject:
    """``mob.to_corner(corner, buff)`` against the composition's corner; returns ``mob``."""
    return _align(mob, corner, buff)
