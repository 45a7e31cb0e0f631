"""The one theme: colours, fonts, sizes and timings every scene draws from.

Three themes, picked with the environment variable ``NN_THEME`` (``make ch4
THEME=light`` sets it):

- ``dark`` (the default): Okabe & Ito's colour-blind-safe set on a dark background,
  positive = sky blue, negative = orange;
- ``light``: a light background for projectors in bright rooms, dark text, and
  darker Okabe-Ito colours that keep their contrast on white (the yellow accent
  becomes a dark gold);
- ``classic``: the dark background with green/red positive/negative weights.

``NN_PALETTE`` (``classic`` or ``okabe-ito``) is the old name of ``NN_THEME`` and still
works when ``NN_THEME`` is not set. Every colour a scene draws comes from here; the
module is standard library only at import (make asks it for names before anything
is installed).

The theme is read once, when this module is first imported: :data:`THEME` is a
constant that scenes and components take as their default. So a ``NN_THEME`` that
names no theme stops the import: a ValueError, or, under the ``manim`` command, one
line on stderr and exit status 2 (:mod:`scenes.manimcli`).

Example::

    from scenes.theme import THEME
    dot = Dot(color=THEME.positive)
    self.add(dot)
"""

from __future__ import annotations

import colorsys
import sys
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from pipeline.facts import DEFAULT_THEME, THEME_NAMES, theme_name
from scenes.manimcli import in_manim_command, refuse

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

__all__ = ["COLOR_FIELDS", "DEFAULT_THEME", "LINE_FIELDS", "TEXT_FIELDS", "THEMES", "THEME",
           "Theme", "colour_word", "contrast_ratio", "position_colors", "rgb", "theme_for",
           "theme_name", "with_overrides"]


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
    # what Manim draws in its own WHITE when a scene gives no colour (formulas, plain
    # lines, dots): the strongest ink on the background
    ink: str = "#FFFFFF"
    # the four-pixel camera (chapter 8): its pixels' black and white, and the mid-grey
    # card under its network, so that white and black links both read on any background
    pixel_black: str = "#000000"
    pixel_white: str = "#FFFFFF"
    card: str = "#6B7280"
    text_on_dark: str = "#ECEFF4"  # a label on a black pixel, whatever the background
    # how strongly a shaded region (chapter 9's decision regions) takes its class's
    # colour: a light background needs paler regions for the points on them to show
    tint: float = 1.0
    # the colours of up to 8 classes (the explainer's point clouds): Okabe & Ito's eight,
    # the first two the two-class colours (class_colors), black, which the background
    # would hide, as the text's ink
    class_palette: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7",
                                      "#F0E442", "#0072B2", "#ECEFF4")
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

    @property
    def is_light(self) -> bool:
        """Whether the background is light (dark ink on it)."""
        return _luminance(self.background) > 0.5


# Text colours need a contrast of at least 4.5:1 with the background, lines and
# markers 3:1 (WCAG 2.x); ``grid`` is deliberately faint and is not held to either.
TEXT_FIELDS = ("text", "muted", "ink")
LINE_FIELDS = ("axis", "positive", "negative", "accent", "i_hat", "j_hat", "bias", "slope",
               "on", "off")
COLOR_FIELDS = tuple(f.name for f in fields(Theme) if f.type == "str" and f.name != "name"
                     and f.name != "font")

THEMES: dict[str, Theme] = {
    "dark": Theme(name="dark"),
    "light": Theme(
        name="light",
        background="#FAFAF7",
        text="#1B1F24",
        muted="#5B6472",
        grid="#D0D6DF",
        axis="#3A4250",
        positive="#0072B2",  # Okabe-Ito blue
        negative="#B35900",  # Okabe-Ito orange, darkened for white
        accent="#8F6E00",  # dark gold: the yellow accent on white
        i_hat="#007A5A",  # bluish green, darkened
        j_hat="#C13A0B",  # vermillion, darkened
        bias="#AD4E8F",  # reddish purple, darkened
        slope="#AD4E8F",
        on="#0072B2",
        off="#B35900",
        ink="#1B1F24",
        tint=0.45,
        # darkened to keep 3:1 on white; the sky blue darkened, Okabe & Ito's black kept
        class_palette=("#B35900", "#0072B2", "#007A5A", "#C13A0B", "#AD4E8F", "#8F6E00",
                       "#2F8FC8", "#1B1F24"),
    ),
    "classic": Theme(
        name="classic",
        positive="#4CAF50",
        negative="#E53935",
        on="#4CAF50",
        off="#E53935",
        i_hat="#7CB342",
        j_hat="#EF5350",
        class_palette=("#E53935", "#4CAF50", "#56B4E9", "#E69F00", "#CC79A7", "#F0E442",
                       "#0072B2", "#ECEFF4"),
    ),
}
assert tuple(THEMES) == THEME_NAMES, "pipeline.facts.THEME_NAMES lists the themes drawn here"
def theme_for(name: str | None = None) -> Theme:
    """The theme called ``name`` (default: ``$NN_THEME``, see :func:`theme_name`).

    >>> theme_for("classic").positive
    '#4CAF50'
    """
    return THEMES[theme_name(name)]


def _startup_theme() -> Theme:
    """The theme of this process (read at import, see the module's docstring); under
    the ``manim`` command a wrong name is one line on stderr and exit status 2 instead
    of a traceback."""
    try:
        return theme_for()
    except ValueError as err:
        if in_manim_command():
            refuse(str(err))
        raise


THEME: Theme = _startup_theme()


def _luminance(color: str) -> float:
    """WCAG relative luminance of a ``#RRGGBB`` colour."""
    h = color.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours, 1 (same) to 21 (black on white).

    >>> round(contrast_ratio("#000000", "#FFFFFF"), 1)
    21.0
    """
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def colour_word(hex_colour: str) -> str:
    """The everyday name of a colour's hue: ``blue``, ``orange``, ``green``, ``red`` ...

    >>> colour_word("#56B4E9"), colour_word("#E69F00"), colour_word("#E53935")
    ('blue', 'orange', 'red')
    """
    channels = [int(hex_colour.lstrip("#")[k:k + 2], 16) / 255 for k in (0, 2, 4)]
    hue = 360 * colorsys.rgb_to_hls(*channels)[0]
    for top, word in ((15, "red"), (45, "orange"), (70, "yellow"), (170, "green"),
                      (260, "blue"), (330, "purple")):
        if hue < top:
            return word
    return "red"


def rgb(colors: str | Sequence[str]) -> np.ndarray:
    """A colour (``#RRGGBB``, or any colour Manim reads) as RGB floats in [0, 1], shape
    (3,); several colours as rows, shape (n, 3). Pictures drawn with numpy (decision
    regions, point clouds, pixel images) mix colours this way.

    >>> rgb("#FF8000").round(3).tolist(), rgb(["#000000", "#FFFFFF"]).tolist()
    ([1.0, 0.502, 0.0], [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]])
    """
    import numpy as np  # local: the module stays standard library only at import
    from manim import ManimColor  # local: theme constants stay importable without manim

    if isinstance(colors, str | ManimColor):
        return np.array(ManimColor(colors).to_rgb(), dtype=float)
    return np.array([ManimColor(c).to_rgb() for c in colors], dtype=float).reshape(-1, 3)


def position_colors(points: np.ndarray, theme: Theme = THEME) -> np.ndarray:
    """RGB colours (n, 3) in [0, 1] that encode each 2D point's starting position.

    x runs from the theme's negative colour (left) to its positive colour (right),
    y from dark (bottom) to full colour (top), so a fold or a squish reads as colours
    moving; dark points keep their contrast on a light background too. Only the first
    two coordinates are used.
    """
    import numpy as np  # local: the module stays standard library only at import

    pts = np.asarray(points, dtype=float)
    if pts.ndim != 2 or pts.shape[1] < 2:
        raise ValueError(f"position_colors expects points of shape (n, 2+), got {pts.shape}")
    lo, hi = pts[:, :2].min(axis=0), pts[:, :2].max(axis=0)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    u = (pts[:, :2] - lo) / span
    left, right = rgb([theme.negative, theme.positive])
    base = left[None, :] * (1 - u[:, :1]) + right[None, :] * u[:, :1]
    light = 0.55 + 0.45 * u[:, 1:2]
    return np.clip(base * light + (1 - light) * 0.08, 0.0, 1.0)


def with_overrides(theme: Theme, **changes) -> Theme:
    """A copy of ``theme`` with some fields changed (for a lecturer's own look)."""
    return replace(theme, **changes)


def main(argv: list[str]) -> int:
    """``python -m scenes.theme [--names]``: the theme names, one line."""
    if argv not in ([], ["--names"]):
        print("usage: python -m scenes.theme [--names]", file=sys.stderr)
        return 2
    print(" ".join(THEMES))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
