"""The shared scene vocabulary: text and formula factories in the theme's font, sizes
and colours (scenes/components/text.py), one colour helper (scenes.theme.rgb), and
chapters that share through components and nnmath, never through each other."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
from manim import BOLD, MathTex, Text, tempconfig

from scenes.components import body_text, formula, label_text, note_text
from scenes.theme import THEMES, rgb
from tests.scenes.helpers import dry_run_config

ROOT = Path(__file__).resolve().parents[2]
DARK, LIGHT = THEMES["dark"], THEMES["light"]


@pytest.fixture(scope="module", autouse=True)
def _shared_cache(tmp_path_factory):
    """Pango and LaTeX write into the test session's shared cache, not the project."""
    with tempconfig(dry_run_config(tmp_path_factory.mktemp("text"))):
        yield


@pytest.mark.parametrize(("factory", "size"), [
    (body_text, "body_size"), (label_text, "label_size"), (note_text, "small_size")])
def test_each_role_has_its_size_in_the_theme_font_and_text_colour(factory, size):
    for th in (DARK, LIGHT):
        text = factory(th, "held-out accuracy")
        assert isinstance(text, Text)
        assert text.font == th.font
        assert text.font_size == pytest.approx(getattr(th, size))
        assert text.color.to_hex() == th.text


def test_a_factory_draws_what_manim_draws():
    """Same words, same font, size and colour: the same outlines as Manim's own Text and
    MathTex, so swapping a chapter's helper for a factory keeps its frames."""
    th = DARK
    mine = note_text(th, "no single pixel", color=th.accent)
    theirs = Text("no single pixel", font=th.font, font_size=th.small_size, color=th.accent)
    np.testing.assert_allclose(mine.get_all_points(), theirs.get_all_points())
    assert mine.color == theirs.color
    mine = formula(th, r"u(x, y, z) =", r"x - y z", size=th.body_size + 8)
    theirs = MathTex(r"u(x, y, z) =", r"x - y z", font_size=th.body_size + 8, color=th.text)
    assert len(mine) == len(theirs) == 2
    assert [p.tex_string for p in mine] == [p.tex_string for p in theirs]
    np.testing.assert_allclose(mine.get_all_points(), theirs.get_all_points())


def test_size_and_colour_can_be_overridden_and_other_keywords_reach_manim():
    th = DARK
    big = body_text(th, "Is the weather good?", size=th.header_size, color=th.muted)
    assert big.font_size == pytest.approx(th.header_size) and big.color.to_hex() == th.muted
    bold = label_text(th, "step 0", weight=BOLD)
    assert bold.font_size == pytest.approx(th.label_size)
    assert bold.width > label_text(th, "step 0").width  # bold glyphs are wider
    apart = formula(th, "y =", "w", arg_separator=r"\,")
    assert apart.arg_separator == r"\," and apart[1].tex_string == "w"
    assert formula(th, "x").font_size == pytest.approx(th.body_size)
    assert formula(th, "x", size=th.small_size).font_size == pytest.approx(th.small_size)


def test_each_call_returns_a_fresh_copy():
    """A string is laid out once and copied: changing one result leaves the next alone."""
    th = DARK
    first = note_text(th, "the input plane")
    first.set_color(th.accent).shift(3 * np.array([1.0, 0.0, 0.0]))
    second = note_text(th, "the input plane")
    assert second.color.to_hex() == th.text
    assert abs(second.get_center()[0]) < 1e-9
    tex = formula(th, "E = w^2")
    tex[0].set_color(th.positive)
    assert formula(th, "E = w^2")[0][0].get_fill_color().to_hex() == th.text


def test_rgb_reads_one_colour_or_many():
    np.testing.assert_array_equal(rgb("#FF0000"), [1.0, 0.0, 0.0])
    many = rgb(DARK.class_colors)
    assert many.shape == (2, 3) and many.dtype == float
    np.testing.assert_array_equal(many[1], rgb(DARK.positive))
    assert rgb([]).shape == (0, 3)
    assert np.all((many >= 0) & (many <= 1))


CHAPTERS = sorted((ROOT / "scenes").glob("ch[0-9][0-9]_*.py"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_chapter_imports_another(path):
    """What two chapters share lives in components or nnmath (chapter 7 took chapter 1's
    NegationParams; the inputs now come from nnmath.examples)."""
    chapters = {p.stem for p in CHAPTERS}
    imported = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[-1])
        elif isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[-1] for alias in node.names}
    assert imported & chapters == set()


# every chapter makes its text through the factories
FACTORY_CHAPTERS = CHAPTERS


@pytest.mark.parametrize("path", FACTORY_CHAPTERS, ids=lambda p: p.stem)
def test_chapters_make_text_through_the_factories(path):
    """No chapter builds a Text, or a MathTex in a theme colour, by hand (the factories
    do), nor defines a helper of its own that does; none borrows a component's private
    colour helper."""
    tree = ast.parse(path.read_text())
    by_hand = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
               and isinstance(node.func, ast.Name)
               and (node.func.id == "Text" or node.func.id == "MathTex"
                    and any(k.arg == "color" for k in node.keywords))]
    assert by_hand == []
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                for alias in node.names}
    assert not {name for name in imported if name.startswith("_")}


def test_formula_parts_are_the_formulas_typeset_alone():
    """One LaTeX run for many numbers: each part has the glyphs and the size of the same
    formula typeset on its own (a leading minus stays a sign), in order."""
    from scenes.components.text import formula, formula_parts
    from scenes.theme import THEME

    texts = ["0.66", "-1.13", "1", "12{,}544"]
    parts = formula_parts(THEME, texts)
    alone = [formula(THEME, text) for text in texts]
    assert len(parts) == len(texts)
    for part, single in zip(parts, alone, strict=True):
        assert len(part.family_members_with_points()) == len(single.family_members_with_points())
        assert part.width == pytest.approx(single.width, abs=1e-3)
        assert part.height == pytest.approx(single.height, abs=1e-3)
    with pytest.raises(ValueError, match="non-empty formulas"):
        formula_parts(THEME, ["1", ""])
