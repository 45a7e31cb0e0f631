"""Subtitle cues: no orphans, balanced lines, sentences kept whole where it costs little."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.subtitles import LINE_LENGTH, SHORTEST, SNAP, cues, split_cues

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


PAUSES = st.lists(st.tuples(st.floats(0, 30), st.floats(0.12, 1.5)), max_size=8)


@given(WORDS, PAUSES)
def test_a_cut_near_a_pause_moves_to_where_the_voice_starts_again(words, gaps):
    """Spoken cues: each cut either stays where the length puts it or moves to the end
    of a pause within SNAP of it, and a moved cut never makes a cue shorter than
    SHORTEST that was not so before."""
    text = " ".join(words)
    end = max(len(text) / 12, 1.0)
    pauses = [(a, a + d) for a, d in gaps]
    plain, spoken = cues(text, 0.0, end), cues(text, 0.0, end, pauses=pauses)
    assert [c for c, _, _ in plain] == [c for c, _, _ in spoken]
    assert spoken[0][1] == 0.0 and spoken[-1][2] == end
    for (_, _, stop), (_, begin, _) in zip(spoken, spoken[1:], strict=False):
        assert stop == begin
    for (_, was, _), (_, now, _) in zip(plain[1:], spoken[1:], strict=True):
        assert now == was or any(b == now and max(a - was, was - b, 0) <= SNAP
                                 for a, b in pauses)
    for (_, a, b), (_, c, d) in zip(spoken, plain, strict=True):
        assert b - a >= min(SHORTEST, d - c) - 1e-9


def test_the_cut_of_a_spoken_line_is_at_its_pause():
    text = ("At the bottom the slope is 0: the valley is flat there, and that is exactly "
            "where the minimum is.")
    (_, _, cut), _ = cues(text, 0.0, 7.0)
    (_, _, moved), (_, begin, _) = cues(text, 0.0, 7.0, pauses=[(cut - 0.9, cut - 0.3)])
    assert moved == begin == pytest.approx(cut - 0.3)
    (_, _, kept), _ = cues(text, 0.0, 7.0, pauses=[(cut - 1.9, cut - 1.3)])  # too far
    assert kept == cut
