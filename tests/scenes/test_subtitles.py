"""Subtitle cues: no orphans, balanced lines, sentences kept whole where it costs little."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.subtitles import LINE_LENGTH, cues, split_cues

ORPHANS = [  # sentences the old splitter ended with a one-word cue, and that word
    ("Now the boundary is a flat plane. Good days lie under it, bad days on the other side.",
     "side."),
    ("Three inputs, three weights: each input is multiplied by its weight, and the bias is "
     "added.", "added."),
    ("A weight matrix moves the whole plane: the grid lines stay straight and the origin "
     "stays put.", "stays put."),
]


@pytest.mark.parametrize(("text", "orphan"), ORPHANS)
def test_no_cue_is_an_orphan(text, orphan):
    shown = cues(text, 0.0, len(text) / 16)  # held for its reading time, as scenes do
    assert all(c.replace("\n", " ") != orphan for c, _, _ in shown)
    assert min(end - begin for _, begin, end in shown) >= 5 / 6


def test_a_cue_ends_a_sentence_where_that_costs_little():
    assert split_cues(ORPHANS[0][0])[0] == "Now the boundary is a flat plane."


def test_two_lines_break_at_a_pause_or_else_evenly():
    (cue,) = split_cues("Each pixel is one number: 0 where the paper is black, up to 0.97")
    assert cue.split("\n")[0] == "Each pixel is one number:"
    words = "one two three four five six seven eight nine ten eleven twelve thirteen"
    (cue,) = split_cues(words)
    top, bottom = cue.split("\n")
    assert abs(len(top) - len(bottom)) <= max(len(w) for w in words.split()) + 1


WORDS = st.lists(st.text(alphabet="abcdefghij,.", min_size=1, max_size=12), min_size=1,
                 max_size=60)


@given(WORDS)
def test_cues_keep_every_word_in_order_in_the_fewest_cues_that_fit(words):
    text = " ".join(words)
    out = split_cues(text)
    assert " ".join(c.replace("\n", " ") for c in out) == text
    for cue in out:
        lines = cue.split("\n")
        assert len(lines) <= 2 and all(len(line) <= LINE_LENGTH for line in lines)
        assert len(lines) == 1 or len(cue) > LINE_LENGTH
    # never more than one cue beyond the fewest two full lines a cue would need
    assert len(out) <= math.ceil(len(text) / (2 * LINE_LENGTH)) + 1


@given(WORDS)
def test_cue_times_cover_the_line_by_length(words):
    text = " ".join(words)
    shown = cues(text, 2.0, 7.0)
    assert shown[0][1] == 2.0 and shown[-1][2] == 7.0
    for (_, _, end), (_, begin, _) in zip(shown, shown[1:], strict=False):
        assert end == begin


def test_a_word_longer_than_a_line_is_refused():
    with pytest.raises(ValueError, match="longer than a line"):
        split_cues("x" * 43)
