"""The docs stand on their own: the README, manim.cfg and docs/ point only at files
inside the repository, and every relative link resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "manim.cfg", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_no_pointer_leaves_the_repository(path):
    text = path.read_text()
    assert "../" not in text, f"{path.name} points outside the repository"
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):  # markdown links
        assert (path.parent / target).resolve().is_relative_to(ROOT), target
        assert (path.parent / target).exists(), f"{path.name} links to missing {target}"


def test_the_course_outline_names_every_written_scene():
    from scenes.chapters import CHAPTERS, scene_names

    outline = (ROOT / "docs" / "course.md").read_text()
    for ch in CHAPTERS:
        assert f"`make ch{ch.number}`" in outline
        for name in scene_names(ch):
            assert f"**{name}**" in outline, name
