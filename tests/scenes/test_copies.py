"""Faster copies of mobjects (scenes/svgcopy.py): a copy equals the one Manim's own
``__deepcopy__`` makes, owns its arrays, and keeps what is shared inside the family."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from manim import (
    BLUE,
    DecimalNumber,
    Dot,
    Line,
    ManimColor,
    MathTex,
    Square,
    Text,
    VGroup,
)
from manim.mobject.mobject import Mobject

from scenes.svgcopy import faster_copies


def _family() -> VGroup:
    """Text, TeX, a number, shapes with colours and an updater, an attribute naming a
    member of the family and an array two attributes share."""
    label = MathTex(r"\sigma(w x + b)", color=BLUE)
    group = VGroup(label, Text("weather"), DecimalNumber(0.35), Dot(color="#E69F00"),
                   Square().set_fill(BLUE, 0.4), Line().add_updater(lambda m: m))
    group.label = label  # a member named twice: the copy names its own member twice
    group.shared = group.also = np.arange(6.0)
    return group


def _same(made, expected, original, seen: set) -> None:
    """``made`` (the fast copy) equals ``expected`` (Manim's copy), and holds no array
    or list of ``original``."""
    assert type(made) is type(expected)
    if isinstance(made, Mobject):
        if id(made) in seen:
            return
        seen.add(id(made))
        assert made is not original
        assert made.__dict__.keys() == expected.__dict__.keys()
        for key in made.__dict__:
            if key == "original_id":
                continue
            _same(made.__dict__[key], expected.__dict__[key], original.__dict__[key], seen)
    elif isinstance(made, np.ndarray):
        np.testing.assert_array_equal(made, expected)
        assert made.dtype == expected.dtype and not np.shares_memory(made, original)
    elif isinstance(made, list | tuple):
        assert len(made) == len(expected)
        assert isinstance(made, tuple) or made is not original  # a list is a new list
        for a, b, o in zip(made, expected, original, strict=True):
            _same(a, b, o, seen)
    elif isinstance(made, dict):
        assert made.keys() == expected.keys() and (made is not original or not made)
        for key in made:
            _same(made[key], expected[key], original[key], seen)
    elif isinstance(made, ManimColor):
        assert made == expected
    elif callable(made):
        assert made is expected  # functions are not copied
    else:
        assert made == expected or made is expected or repr(made) == repr(expected), made


def test_a_fast_copy_equals_manims(monkeypatch):
    faster_copies()
    group = _family()
    made = group.copy()
    with monkeypatch.context() as patched:
        patched.setattr(Mobject, "__deepcopy__", Mobject.__deepcopy__.manims)
        expected = group.copy()
    _same(made, expected, group, set())
    assert made.label is made[0] and expected.label is expected[0]
    assert made.shared is made.also and made.shared is not group.shared
    assert made.original_id == str(id(group))


def test_a_copy_changed_leaves_the_original_as_it_was():
    faster_copies()
    group = _family()
    points = [m.points.copy() for m in group.family_members_with_points()]
    made = copy.deepcopy(group)
    made.shift([1, 2, 0]).set_color("#FF0000")
    made[0].become(Square())
    for mob, before in zip(group.family_members_with_points(), points, strict=True):
        np.testing.assert_array_equal(mob.points, before)
    assert group[0].get_color() == ManimColor(BLUE)
    assert isinstance(group.label, MathTex)


def test_installing_twice_changes_nothing():
    faster_copies()
    installed = Mobject.__deepcopy__
    faster_copies()
    assert Mobject.__deepcopy__ is installed
    assert installed.copies_plain_data
    with pytest.raises(AttributeError):
        Mobject.__deepcopy__.manims.copies_plain_data  # noqa: B018 Manim's own beneath
