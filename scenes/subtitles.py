"""Subtitle cues a viewer can read: at most two lines of 42 characters each (the usual
broadcast limit); a longer sentence becomes successive cues, each shown for its share
of the sentence's time (by length, so every cue gets the same reading speed).

Example:
    >>> for text, begin, end in cues("A weight matrix moves the whole plane: the grid "
    ...                              "lines stay straight and the origin stays put.", 0, 6):
    ...     print(repr(text), round(begin, 2), round(end, 2))
    'A weight matrix moves the whole plane: the\\ngrid lines stay straight and the origin' 0.0 5.35
    'stays put.' 5.35 6.0
"""

from __future__ import annotations

import textwrap

__all__ = ["LINE_LENGTH", "LINES_PER_CUE", "cues"]

LINE_LENGTH = 42
LINES_PER_CUE = 2


def cues(text: str, start: float, end: float) -> list[tuple[str, float, float]]:
    """``(cue text, begin, end)`` for ``text`` shown from ``start`` to ``end`` (seconds):
    lines of at most :data:`LINE_LENGTH` characters joined by newlines, at most
    :data:`LINES_PER_CUE` lines a cue, times split by each cue's number of characters."""
    if not end > start:
        raise ValueError(f"a subtitle needs end > start, got {start} .. {end}")
    lines = textwrap.wrap(" ".join(text.split()), LINE_LENGTH, break_on_hyphens=False)
    if not lines:
        raise ValueError("a subtitle needs some text")
    chunks = ["\n".join(lines[i : i + LINES_PER_CUE])
              for i in range(0, len(lines), LINES_PER_CUE)]
    sizes = [len(chunk.replace("\n", " ")) for chunk in chunks]
    total = sum(sizes)
    out, begin, done = [], float(start), 0
    for chunk, size in zip(chunks, sizes, strict=True):
        done += size
        finish = float(end) if done == total else start + (end - start) * done / total
        out.append((chunk, begin, finish))
        begin = finish
    return out
