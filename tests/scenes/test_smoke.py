"""Every scene of every written chapter builds (animations skipped, nothing written)."""

from __future__ import annotations

import pytest
from manim import tempconfig

from scenes.base import StoryScene
from tests.scenes.helpers import TEX_CACHE, TEXT_CACHE, all_scene_classes

SCENES = all_scene_classes()


def test_some_scenes_exist():
    assert len(SCENES) >= 1


@pytest.mark.parametrize("scene_class", SCENES, ids=lambda c: c.__name__)
def test_scene_builds(scene_class, tmp_path):
    config = {
        "dry_run": True,
        "quality": "low_quality",
        "media_dir": str(tmp_path),
        "tex_dir": str(TEX_CACHE),
        "text_dir": str(TEXT_CACHE),
        "disable_caching": True,
        "progress_bar": "none",
    }
    with tempconfig(config):
        scene = scene_class(skip_animations=True)
        scene.render()
    assert isinstance(scene, StoryScene)
    beats = [name for name, _ in scene_class.beats()]
    assert beats, f"{scene_class.__name__} has no beats"
    assert scene.header is not None  # the title card ran and left its header
    # every beat produced at least one subtitle, plus the title card's
    captions = scene.renderer.file_writer.subcaptions
    assert len(captions) >= len(beats) + 1
    assert all(c.end > c.start for c in captions)
