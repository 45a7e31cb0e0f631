"""Chapters 2 and 3 at edge parameters a user may set: nothing overlaps and nothing leaves
the frame at any beat's end (``helpers.build`` with ``layout=True`` asserts
``scene.layout_report == []``), and the words still hold.

- StepToSigmoid read off far out (``read_at`` 12 on a -6..6 axis): the x axis reaches the
  input, the reading "1" takes the place of the axis's own "1", and the long chance keeps
  its card inside the frame.
- WeightMatrixAsTransform with columns that meet (both zero, equal) or a zero column: one
  label names both columns where they land on one point, and a vanished arrow's target
  is named by its own label.

The numbers the checks expect are worked out here with the standard library or numpy.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from pipeline.aspect import DESIGN_FRAME
from scenes.ch02_activations import StepToSigmoid
from scenes.ch03_linear_maps import WeightMatrixAsTransform
from tests.scenes.helpers import build, said, says


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _seen(mob) -> bool:
    """Whether any part of ``mob`` is drawn (not faded out)."""
    return any(m.get_fill_opacity() > 0.15 for m in mob.family_members_with_points())


def _has(phrases, part: str) -> bool:
    return any(part in phrase for phrase in phrases)


def _bare(tex: str) -> str:
    return "".join(tex.split())


def _coords(v) -> str:
    return "(" + ", ".join(f"{x:g}" for x in v) + ")"


# --- chapter 2: StepToSigmoid read off far out --------------------------------------------
def test_a_far_reading_is_on_the_axis_and_clear_of_its_numbers(monkeypatch, tmp_path):
    scene = build(StepToSigmoid, {"steepness": [0.2, 0.5, 1], "read_at": 12}, monkeypatch,
                  tmp_path)
    value = _sigmoid(12)
    assert 0.999 < value < 1  # rounds to 1 at 3 decimals, never is 1
    says(said(scene), ["gentle sigmoid", "as k rises to 1", "the sigmoid gives almost 1",
                         "almost 1 is a 99.99"],
           ["steep sigmoid", "100 % chance", "gives 1."])
    assert scene.shown["sigma_read"] == r"\sigma(12) \approx 1"
    # the x axis reaches 12, numbered there, and the reading's dot is on it
    plot = scene.plot
    assert plot.x_range[:2] == (-6.0, 12.0) and 12.0 in plot.x_numbers
    assert scene.reading.dot.get_x() <= plot.axes.x_axis.get_end()[0] + 1e-6
    # the axis's "1" gave its place to the reading "1"
    on_screen = {id(m) for m in scene.get_mobject_family_members()}
    assert id(plot.y_numbers[1.0]) not in on_screen
    assert id(scene.reading.label) in on_screen and _seen(scene.reading.label)
    # the card with the long chance stays inside the frame
    assert scene.chance_card.get_right()[0] <= DESIGN_FRAME[0] / 2


@pytest.mark.parametrize(("read_at", "words"), [
    (-12, "the sigmoid gives almost 0"),    # a reading of "0" beside the axes' crossing
    (0.001, "the sigmoid gives 0.5"),       # its input "0.001" where the axis writes "0"
    (18, "the sigmoid gives almost 1"),     # the farthest the axis stretches to, at 24 ticks
])
def test_other_readings_off_the_middle_read_cleanly(read_at, words, monkeypatch, tmp_path):
    scene = build(StepToSigmoid, {"read_at": read_at}, monkeypatch, tmp_path)
    says(said(scene), [words])
    assert scene.plot.x_range[0] <= read_at <= scene.plot.x_range[1]


def test_a_reading_too_far_for_the_axis_is_refused(monkeypatch, tmp_path):
    with pytest.raises(ValueError, match=r"read_at 40 is too far from x_range"):
        build(StepToSigmoid, {"read_at": 40}, monkeypatch, tmp_path)


def test_the_default_axis_is_the_one_asked_for(monkeypatch, tmp_path):
    scene = build(StepToSigmoid, {}, monkeypatch, tmp_path)
    assert scene.plot.x_range == (-6.0, 6.0, 1.0)
    on_screen = {id(m) for m in scene.get_mobject_family_members()}
    assert all(id(n) in on_screen and _seen(n) for n in scene.plot.numbers)


# --- chapter 3: WeightMatrixAsTransform with columns that meet ----------------------------
@pytest.mark.parametrize(("matrix", "labels", "true", "false"), [
    ([[0, 0], [0, 0]], [r"\hat{\imath},\ \hat{\jmath} \to (0, 0)"],
     ["collapses onto a single point", "Its two columns are equal: both land on (0, 0)"],
     ["onto a line", "stay straight"]),
    ([[1, 1], [1, 1]], [r"\hat{\imath},\ \hat{\jmath} \to (1, 1)"],
     ["collapses onto a line", "Its two columns are equal: both land on (1, 1)"],
     ["single point", "stay straight"]),
    ([[1, 2], [2, 4]], ["(1, 2)", "(2, 4)"],
     ["collapses onto a line"], ["columns are equal", "single point"]),
    ([[0, 0], [0, 1]], [r"\hat{\imath} \to (0, 0)", "(0, 1)"],
     ["collapses onto a line"], ["columns are equal", "single point"]),
    ([[0, -1], [0, 0]], [r"\hat{\imath} \to (0, 0)", "(-1, 0)"],
     ["collapses onto a line"], ["columns are equal"]),
    ([[1, 1.05], [1, 1]], ["(1, 1)", "(1.05, 1)"],  # two labels a hair apart
     ["The determinant is negative"], ["columns are equal", "collapses"]),
    ([[0.2, 0], [0, 0.2]], ["(0.2, 0)", "(0, 0.2)"],  # short arrows: labels crowd them
     ["shrinks every direction by the same factor, 0.2"], ["collapses"]),
])
def test_columns_that_meet_get_one_label_each_point(matrix, labels, true, false, monkeypatch,
                                                     tmp_path):
    scene = build(WeightMatrixAsTransform, {"matrix": matrix}, monkeypatch, tmp_path)
    W = np.array(matrix, dtype=float)
    columns = W.T
    # the facts the words rest on, worked out here
    rank = np.linalg.matrix_rank(W)
    assert _has(true, "single point") == (rank == 0)
    assert _has(true, "collapses onto a line") == (rank == 1)
    assert _has(true, "columns are equal") == bool(np.array_equal(*columns))
    says(said(scene), true, false)
    # one label per point reached, naming every column that lands there
    shown = [_bare(t.tex_string) for t in scene.target_labels]
    assert shown == [_bare(t) for t in labels]
    assert len(shown) == len({tuple(c) for c in columns})
    for text in shown:
        assert any(_bare(_coords(c)) in text for c in columns)
    # the label of an arrow shrunk into the origin fades out there; the others show
    for label, column in zip((scene.plane.i_label, scene.plane.j_label), columns, strict=True):
        assert _seen(label) == bool(np.any(column))
