"""Every scene of every written chapter builds (animations skipped, nothing written).

The scene is built by ``helpers.build`` (at its defaults), which the word and layout tests
share: the same scene is built once per test session."""

from __future__ import annotations

import importlib.util

import pytest

from scenes.base import StoryScene
from tests.scenes.helpers import ROOT, all_scene_classes, assert_readable, build
from tools.readme import read_lengths

SCENES = all_scene_classes()
VOICE = importlib.util.find_spec("piper") is not None  # the narration extra


def test_some_scenes_exist():
    assert len(SCENES) >= 1


@pytest.mark.parametrize("scene_class", SCENES, ids=lambda c: c.__name__)
def test_scene_builds(scene_class, monkeypatch, tmp_path):
    scene = build(scene_class, None, monkeypatch, tmp_path, layout=False)
    assert isinstance(scene, StoryScene)
    beats = [name for name, _ in scene_class.beats()]
    assert beats, f"{scene_class.__name__} has no beats"
    assert scene.header is not None  # the title card ran and left its header
    # every beat produced at least one subtitle, plus the title card's
    captions = scene.renderer.file_writer.subcaptions
    assert len(captions) >= len(beats) + 1
    assert all(c.end > c.start for c in captions)
    assert_readable(captions)
    # at the end of every beat no two pieces of text overlap and none leaves the frame
    # (scenes/layoutcheck.py; the other aspects: test_layout.py)
    assert scene.layout_report == []
    # what the voice would say: every minus, prime, power and fraction in words
    # (tests/spoken.py phonemizes each line as the Piper voice does)
    assert scene.script_lines and len(scene.script_lines) + 1 >= len(beats)
    if VOICE:
        from tests.spoken import unspoken_lines

        assert unspoken_lines(scene.script_lines) == []
    # the README lists the scene with the length its video plays (tools/readme.py reads
    # it from the render's manifest): the scene's clock, less the part of a frame that
    # each animation's last frame rounds away (under half a second in all)
    listed = read_lengths((ROOT / "README.md").read_text())
    assert round(scene.time - 0.5) <= listed.get(scene_class.__name__, -1) <= round(scene.time), (
        f"README.md lists {scene_class.__name__} as {listed.get(scene_class.__name__)} s, "
        f"it plays {scene.time:.1f} s: make readme")


def test_manim_renders_exactly_the_listed_scenes():
    """``manim -a`` (what ``make chN`` runs) picks every Scene subclass defined in a
    module: helpers and mixins must not be Scenes, or the chapter render fails."""
    import importlib

    from manim.utils.module_ops import get_scene_classes_from_module

    from scenes.chapters import CHAPTERS, scene_names

    for ch in CHAPTERS:
        names = scene_names(ch)
        if not names:
            continue
        module = importlib.import_module(f"scenes.{ch.module}")
        found = [c.__name__ for c in get_scene_classes_from_module(module)]
        assert sorted(found) == sorted(names), ch.module
