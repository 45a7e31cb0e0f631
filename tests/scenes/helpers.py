"""Helpers shared by the scene tests."""

from __future__ import annotations

import importlib
import inspect

from manim import Scene

from scenes.base import StoryScene
from scenes.chapters import CHAPTERS, scene_names


def all_scene_classes() -> list[type[Scene]]:
    """Every scene class of every written chapter, in course order."""
    classes = []
    for ch in CHAPTERS:
        names = scene_names(ch)
        if not names:
            continue
        module = importlib.import_module(f"scenes.{ch.module}")
        for name in names:
            cls = getattr(module, name)
            assert inspect.isclass(cls) and issubclass(cls, StoryScene), name
            classes.append(cls)
    return classes
