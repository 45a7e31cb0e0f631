"""Subtitle cues a viewer can read: at most two lines of 42 characters each (the usual
broadcast limit). A longer sentence becomes successive cues of about equal length, cut
where its punctuation pauses when that costs little, each shown for its share of the
sentence's time (by length, so every cue gets the same reading speed). So no cue is a
short orphan ("side." for 0.3 s), and a cue's two lines are balanced.

Example:
    >>> for text, begin, end in cues("A weight matrix moves the whole plane: the grid "
    ...                              "lines stay straight and the origin stays put.", 0, 6):
    ...     print(repr(text), round(begin, 2), round(end, 2))
    'A weight matrix moves the whole plane:' 0.0 2.48
    'the grid lines stay straight\\nand the origin stays put.' 2.48 6.0
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from functools import cache

__all__ = ["FASTEST", "LINE_LENGTH", "LINES_PER_CUE", "SHORTEST", "SNAP", "cues", "split_cues",
           "two_lines"]

LINE_LENGTH = 42
LINES_PER_CUE = 2
_PAUSES = (".", ",", ":", ";", "!", "?")  # a cue or a line may end here at a discount
_SENTENCE_ENDS = (".", "!", "?")
# a cue may be about 27 % off the even length to end a sentence, 17 % to end a clause
_SENTENCE_BONUS, _PAUSE_BONUS = 0.15, 0.06
_PAUSE_CHARS = 8  # a line ending at a pause may be this much longer than the even cut
# A cue stays up at least 5/6 s and asks at most 17 characters a second (Netflix's
# English guide); a cut within SNAP seconds of a pause in the voice moves to its end.
SHORTEST, FASTEST, SNAP = 5 / 6, 17.0, 1.0


def two_lines(words: tuple[str, ...]) -> str | None:
    """``words`` as one line if they fit, else as two lines as even as can be (the
    longer one as short as possible), joined by a newline; None if they do not fit in
    :data:`LINES_PER_CUE` lines of :data:`LINE_LENGTH`.

    >>> two_lines(("a", "b")), two_lines(tuple("x" * 20 for _ in range(5))) is None
    ('a b', True)
    >>> print(two_lines(tuple("Good days lie under it, bad days on the other side.".split())))
    Good days lie under it,
    bad days on the other side.
    """
    text = " ".join(words)
    if len(text) <= LINE_LENGTH:
        return text
    best = None
    for cut in range(1, len(words)):
        top, bottom = " ".join(words[:cut]), " ".join(words[cut:])
        longest = max(len(top), len(bottom))
        score = longest - (_PAUSE_CHARS if top.endswith(_PAUSES) else 0)
        if longest <= LINE_LENGTH and (best is None or score < best[0]):
            best = (score, f"{top}\n{bottom}")
    return None if best is None else best[1]


def split_cues(text: str) -> list[str]:
    """``text`` as the fewest cues that fit, their lengths as even as can be; a cut
    after a pause (a comma, a colon, a full stop) is preferred where it costs little.

    >>> split_cues("Now the boundary is a flat plane. Good days lie under it, bad days on "
    ...            "the other side.")
    ['Now the boundary is a flat plane.', 'Good days lie under it,\\nbad days on the other side.']
    """
    words = tuple(text.split())
    if not words:
        raise ValueError("a subtitle needs some text")
    if too_long := [w for w in words if len(w) > LINE_LENGTH]:
        raise ValueError(f"a subtitle word is longer than a line: {too_long[0]!r}")
    length = len(" ".join(words))
    fewest = max(1, math.ceil(length / (LINE_LENGTH * LINES_PER_CUE)))
    for count in range(fewest, len(words) + 1):
        cuts = _cheapest(words, count, length / count)
        if cuts is not None:
            bounds = (0, *cuts, len(words))
            return [two_lines(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    raise AssertionError("unreachable: one word a cue always fits")


def _cheapest(words: tuple[str, ...], count: int, target: float) -> tuple[int, ...] | None:
    """Where to cut ``words`` into ``count`` cues that fit, at the least total
    :func:`_cost`; None if they cannot fit in that many."""

    @cache
    def best(i: int, left: int) -> tuple[float, tuple[int, ...]] | None:
        if left == 1:
            return None if two_lines(words[i:]) is None else (_cost(words[i:], target), ())
        options = []
        for j in range(i + 1, len(words) - left + 2):
            if two_lines(words[i:j]) is None:
                break
            rest = best(j, left - 1)
            if rest is not None:
                options.append((_cost(words[i:j], target) + rest[0], (j, *rest[1])))
        return min(options, default=None)

    found = best(0, count)
    return None if found is None else found[1]


def _cost(words: tuple[str, ...], target: float) -> float:
    """How far a cue of ``words`` is from the even length, less a pause's discount."""
    size = len(" ".join(words))
    last = words[-1]
    pause = (_SENTENCE_BONUS if last.endswith(_SENTENCE_ENDS) else
             _PAUSE_BONUS if last.endswith(_PAUSES) else 0.0)
    return ((size - target) / target) ** 2 - pause


def cues(text: str, start: float, end: float,
         pauses: Sequence[tuple[float, float]] = ()) -> list[tuple[str, float, float]]:
    """``(cue text, begin, end)`` for ``text`` shown from ``start`` to ``end`` (seconds):
    the cues of :func:`split_cues`, times split by each cue's number of characters.

    ``pauses`` are the silences inside a spoken line (seconds, on the same clock): a cut
    that falls within :data:`SNAP` of one moves to where the voice starts again, so the
    next cue appears as its words are heard, not in a pause before them. A moved cue
    reads at the voice's own pace for its words (a narrated line's cues follow the
    voice, as a subtitler times them); a move that would leave a cue shorter than
    :data:`SHORTEST` is not made.

    >>> [round(b, 2) for _, b, _ in cues("A weight matrix moves the whole plane: the grid "
    ...     "lines stay straight and the origin stays put.", 0, 7, pauses=[(2.5, 3.1)])]
    [0.0, 3.1]
    """
    if not end > start:
        raise ValueError(f"a subtitle needs end > start, got {start} .. {end}")
    chunks = split_cues(text)
    sizes = [len(chunk.replace("\n", " ")) for chunk in chunks]
    total = sum(sizes)
    done = list(itertools.accumulate(sizes))[:-1]
    bounds = [float(start), *(start + (end - start) * d / total for d in done), float(end)]
    for i in range(1, len(bounds) - 1):
        near = [(max(a - bounds[i], bounds[i] - b, 0.0), b) for a, b in pauses
                if bounds[i - 1] < b < bounds[i + 1]]
        if not near or min(near)[0] > SNAP:
            continue
        moved = min(near)[1]
        if min(moved - bounds[i - 1], bounds[i + 1] - moved) >= SHORTEST:
            bounds[i] = moved
    return [(chunk, a, b) for chunk, a, b in zip(chunks, bounds[:-1], bounds[1:], strict=True)]
