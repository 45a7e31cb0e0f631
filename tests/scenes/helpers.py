"""Helpers shared by the scene tests."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from manim import Scene
from manim.utils.testing.frames_comparison import frames_comparison

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


ROOT = Path(__file__).resolve().parents[2]
# LaTeX and Pango output are cached by content hash, so one cache can serve every
# frame test (Manim's frames_comparison would otherwise recompile all TeX per test).
TEX_CACHE = ROOT / "renders" / "test-cache" / "tex"
TEXT_CACHE = ROOT / "renders" / "test-cache" / "texts"


def scene_frames(**kwargs: Any) -> Callable:
    """``frames_comparison`` with a shared TeX/text cache: ``@scene_frames(base_scene=X)``."""
    TEX_CACHE.mkdir(parents=True, exist_ok=True)
    TEXT_CACHE.mkdir(parents=True, exist_ok=True)
    return frames_comparison(tex_dir=TEX_CACHE, text_dir=TEXT_CACHE, **kwargs)
