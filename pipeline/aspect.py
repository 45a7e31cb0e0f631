"""The frame's aspect: 16:9 (the default), 4:3, 1:1 or 9:16 (standard library only, so
the Makefile can ask before anything is installed).

Every scene is composed on Manim's 16:9 frame, 14.2 by 8 units. In another aspect the
frame grows around that composition until it fits whole, centred, and what is pinned
to the frame (the header in its corner) follows the frame's own edges: nothing is cut
off and nothing lands on anything else, because the composition itself is unchanged.
The short side keeps the quality's pixels (480, 720, 1080, 2160), so a 4:3 render at
``-qh`` is 1440x1080 and a 9:16 one 1080x1920.

``NN_ASPECT`` (``make ch3 ASPECT=4:3``, ``nnexplain render --aspect 4:3``) picks it;
``4:3``, ``4x3`` and ``4/3`` are the same aspect. A render in an aspect other than 16:9
lands in its own folder (``pipeline.variants``): ``.../1080p60/4x3/``.

    >>> frame_size("16:9"), frame_size("1:1")
    ((14.222222222222221, 8.0), (14.222222222222221, 14.222222222222221))
    >>> pixel_size("4:3", 1080), pixel_size("9:16", 480)
    ((1440, 1080), (480, 854))
"""

from __future__ import annotations

import math
import os
import re
from fractions import Fraction

__all__ = ["ASPECTS", "DEFAULT_ASPECT", "DESIGN_FRAME", "aspect_name", "folder_part",
           "frame_size", "pixel_size", "ratio"]

ASPECTS = ("16:9", "4:3", "1:1", "9:16")
DEFAULT_ASPECT = "16:9"
# the frame every scene is composed on (Manim's default): width, height in units
DESIGN_FRAME = (8.0 * 16 / 9, 8.0)


def aspect_name(value: str | None = None) -> str:
    """The canonical name of aspect ``value`` (default ``$NN_ASPECT``, else 16:9);
    ValueError (one line) for anything else.

    >>> aspect_name("4x3"), aspect_name(" 9/16 "), aspect_name("")
    ('4:3', '9:16', '16:9')
    """
    source = "aspect"
    if value is None:
        value, source = os.environ.get("NN_ASPECT", ""), "NN_ASPECT"
    text = value.strip()
    if not text:
        return DEFAULT_ASPECT
    name = re.sub(r"\s*[x×/:]\s*", ":", text.lower())
    if name not in ASPECTS:
        raise ValueError(f"{source}: unknown aspect {text!r}; expected one of: "
                         f"{', '.join(ASPECTS)}")
    return name


def ratio(name: str) -> Fraction:
    """Width over height of aspect ``name``."""
    width, height = aspect_name(name).split(":")
    return Fraction(int(width), int(height))


def frame_size(name: str) -> tuple[float, float]:
    """The frame (width, height, in units) of aspect ``name``: the smallest of that
    aspect that holds the 16:9 composition whole."""
    width, height = DESIGN_FRAME
    r = float(ratio(name))
    if r >= width / height:
        return height * r, height
    return width, width / r


def pixel_size(name: str, short_side: int) -> tuple[int, int]:
    """Pixels (width, height) of aspect ``name`` whose short side is ``short_side``;
    the long side is rounded up to an even number (H.264 wants even sizes), as Manim's
    own 854x480."""
    r = ratio(name)
    long_px = math.ceil(short_side * max(r, 1 / r))
    long_px += long_px % 2
    return (long_px, short_side) if r >= 1 else (short_side, long_px)


def folder_part(name: str | None = None) -> str | None:
    """The aspect's part of a variant folder's name (``None`` for 16:9): ``4x3``."""
    name = aspect_name(name)
    return None if name == DEFAULT_ASPECT else name.replace(":", "x")
