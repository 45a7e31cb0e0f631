"""The one theme: colours, fonts, sizes and timings every scene draws from.

The default palette is Okabe & Ito's colour-blind-safe set, with
positive = blue and negative = orange. A "classic" green/red palette is
available by setting the environment variable ``NN_PALETTE=classic`` before
rendering (``make ch4 NN_PALETTE=classic``).

Example::

    from scenes.theme import THEME
    dot = Dot(color=THEME.positive)
    self.add(dot)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

import numpy as np

__all__ = ["Theme", "THEME", "PALETTES", "theme_for", "position_colors"]


@dataclass(frozen=True)
class Theme:
    """Colours (hex strings), font sizes (Manim units at 16:9) and timings."""

    name: str
    background: str = "#0F1419"
    text: str = "#ECEFF4"
    muted: str = "#8A93A3"
    grid: str = "#3B4A66"
    axis: str = "#C8CFDA"
    positive: str = "#56B4E9"  # sky blue
    negative: str = "#E69F00"  # orange
    accent: str = "#F0E442"  # yellow: highlights, markers
    i_hat: str = "#009E73"  # bluish green
    j_hat: str = "#D55E00"  # vermillion
    bias: str = "#CC79A7"  # reddish purple
    slope: str = "#CC79A7"  # derivatives and tangents (reddish purple)
    on: str = "#56B4E9"
    off: str = "#E69F00"
    axis_width: float = 2.0  # stroke width of every axis
    tip_size: float = 0.18  # length and width of axis arrow tips
    font: str = "DejaVu Sans"  # Debian's fonts-dejavu-core, installed by make setup
    # font sizes: at 480p, 24 is the smallest size that stays readable
    title_size: float = 48
    header_size: float = 30
    body_size: float = 30
    label_size: float = 26
    small_size: float = 24
    # timings (seconds)
    title_card_time: float = 1.6
    beat_pause: float = 0.6
    reading_speed: float = 16.0  # subtitle characters per second a viewer can read

    @property
    def class_colors(self) -> tuple[str, str]:
        """Colours of class 0 and class 1 in two-class data sets."""
        return (self.negative, self.positive)


PALETTES: dict[str, Theme] = {
    "okabe-ito": Theme(name="okabe-ito"),
    "classic": Theme(
        name="classic",
        positive="#4CAF50",
        negative="#E53935",
        on="#4CAF50",
        off="#E53935",
        i_hat="#7CB342",
        j_hat="#EF5350",
    ),
}


def theme_for(name: str | None = None) -> Theme:
    """The theme called ``name`` (default: ``$NN_PALETTE`` or "okabe-ito").

    >>> theme_for("classic").positive
    '#4CAF50'
    """
    key = (name or os.environ.get("NN_PALETTE") or "okabe-ito").strip().lower()
    try:
        return PALETTES[key]
    except KeyError:
        known = ", ".join(sorted(PALETTES))
        raise ValueError(f"unknown palette {key!r}; expected one of: {known}") from None


THEME: Theme = theme_for()


def position_colors(points: np.ndarray, theme: Theme = THEME) -> np.ndarray:
    """RGB colours (n, 3) in [0, 1] that encode each 2D point's starting position.

    x runs from the theme's negative colour (left) to its positive colour (right),
    y from dark (bottom) to light (top), so a fold or a squish reads as colours
    moving. Only the first two coordinates are used.
    """
    from manim import ManimColor  # local: theme constants stay importable without manim

    pts = np.asarray(points, dtype=float)
    if pts.ndim != 2 or pts.shape[1] < 2:
        raise ValueError(f"position_colors expects points of shape (n, 2+), got {pts.shape}")
    lo, hi = pts[:, :2].min(axis=0), pts[:, :2].max(axis=0)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    u = (pts[:, :2] - lo) / span
    left = np.array(ManimColor(theme.negative).to_rgb())
    right = np.array(ManimColor(theme.positive).to_rgb())
    base = left[None, :] * (1 - u[:, :1]) + right[None, :] * u[:, :1]
    light = 0.55 + 0.45 * u[:, 1:2]
    return np.clip(base * light + (1 - light) * 0.08, 0.0, 1.0)


def with_overrides(theme: Theme, **changes) -> Theme:
    """A copy of ``theme`` with some fields changed (for a lecturer's own look)."""
    return replace(theme, **changes)
