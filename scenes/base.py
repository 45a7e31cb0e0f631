"""The chapter scene base: title card, one section per storyboard beat, subtitles.

A chapter scene is a short list of *beats*, methods marked with :func:`beat`, played
in the order they are written. For each beat the base opens a Manim section (so
``--save_sections`` writes one clip per beat) and every :meth:`StoryScene.say` line
becomes a subtitle that lasts until the next line or the end of the beat, so every
video gets an ``.srt`` beside it.

Example::

    class Hello(ChapterScene):
        chapter = 0
        title = "Hello"

        @beat("A dot appears")
        def dot(self):
            self.say("This is a dot.")
            self.play(FadeIn(Dot()))

Scene parameters live in a frozen dataclass (``Params``); a lecturer overrides
them with the environment variable ``NN_PARAMS`` holding JSON or a path to a JSON
file, e.g. ``NN_PARAMS='{"matrix": [[0, -1], [1, 0]]}' manim -ql scenes/ch03_linear_maps.py
WeightMatrixAsTransform``.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from manim import (
    DOWN,
    UL,
    UP,
    FadeIn,
    FadeOut,
    Mobject,
    Scene,
    Text,
    ThreeDScene,
    VGroup,
)
from manim.camera.three_d_camera import ThreeDCamera

from scenes.chapters import chapter
from scenes.theme import THEME, Theme

__all__ = ["beat", "ChapterScene", "ChapterScene3D", "StoryScene", "load_params"]

_BEAT_ATTR = "_story_beat_title"


def beat(title: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Mark a scene method as a storyboard beat titled ``title``."""

    def mark(method: Callable[..., None]) -> Callable[..., None]:
        setattr(method, _BEAT_ATTR, title)
        return method

    return mark


@dataclasses.dataclass(frozen=True)
class NoParams:
    """Scenes without tunable parameters."""


def load_params(params_type: type, source: str | None = None) -> Any:
    """Build ``params_type`` from its defaults, overridden by JSON from ``source``.

    ``source`` (default: ``$NN_PARAMS``) is inline JSON or the path of a JSON file
    holding an object whose keys are field names of ``params_type``.
    """
    source = os.environ.get("NN_PARAMS") if source is None else source
    if not source:
        return params_type()
    text = source
    if not source.lstrip().startswith("{"):
        path = Path(source)
        if not path.is_file():
            raise ValueError(f"NN_PARAMS names {source!r}, which is neither JSON nor a file")
        text = path.read_text()
    try:
        values = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"NN_PARAMS is not valid JSON: {err}") from None
    if not isinstance(values, dict):
        raise ValueError("NN_PARAMS must hold a JSON object of parameter names to values")
    fields = {f.name: f for f in dataclasses.fields(params_type)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ValueError(
            f"unknown parameter(s) {', '.join(unknown)} for {params_type.__qualname__}; "
            f"expected some of: {', '.join(sorted(fields))}"
        )
    defaults = params_type()
    checked = {}
    for name, value in values.items():
        where = f"NN_PARAMS: {params_type.__qualname__}.{name}"
        variadic = "..." in str(fields[name].type)
        checked[name] = _like(value, getattr(defaults, name), variadic, where)
    return dataclasses.replace(defaults, **checked)


def _like(value: Any, default: Any, variadic: bool, where: str) -> Any:
    """``value`` (from JSON) checked against the type of ``default``: a finite number
    for a number, a list of the same length (any length if ``variadic``) for a tuple."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(f"{where} must be true or false, got {value!r}")
        return value
    if isinstance(default, (int, float)):
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if isinstance(default, int) and not (is_number and float(value).is_integer()):
            raise ValueError(f"{where} must be a whole number, got {value!r}")
        if not is_number or not np.isfinite(value):
            raise ValueError(f"{where} must be a finite number, got {value!r}")
        return int(value) if isinstance(default, int) else float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ValueError(f"{where} must be a string, got {value!r}")
        return value
    if isinstance(default, tuple):
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"{where} must be a list like {list(default)!r}, got {value!r}")
        if not variadic and len(value) != len(default):
            raise ValueError(f"{where} must have {len(default)} entries like "
                             f"{_plain(default)!r}, got {len(value)}: {value!r}")
        if not default:
            return tuple(value)
        return tuple(_like(v, default[min(k, len(default) - 1)], variadic, f"{where}[{k}]")
                     for k, v in enumerate(value))
    return value


def _plain(value: Any) -> Any:
    """Tuples as lists, as the JSON a user writes."""
    return [_plain(v) for v in value] if isinstance(value, tuple) else value


class StoryScene:
    """Mixin with the story machinery; use :class:`ChapterScene` or :class:`ChapterScene3D`."""

    chapter: ClassVar[int] = 0
    title: ClassVar[str] = ""
    Params: ClassVar[type] = NoParams
    theme: ClassVar[Theme] = THEME

    # --- beats ---------------------------------------------------------------
    @classmethod
    def beats(cls) -> list[tuple[str, str]]:
        """``(method name, beat title)`` pairs in story order."""
        seen: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                title = getattr(value, _BEAT_ATTR, None)
                if title is not None:
                    seen[name] = title
        return list(seen.items())

    def setup(self) -> None:  # noqa: D401 - Manim hook
        super().setup()  # type: ignore[misc]
        self.camera.background_color = self.theme.background  # type: ignore[attr-defined]
        self.params = load_params(self.Params)
        self._caption: tuple[str, float] | None = None
        self.header: Mobject | None = None

    def construct(self) -> None:
        self.play_story()

    def play_story(self, until: str | None = None, title_card: bool = True) -> None:
        """Play the title card and every beat in order, stopping after beat ``until``."""
        names = [name for name, _ in self.beats()]
        if until is not None and until not in names:
            raise ValueError(f"{type(self).__name__} has no beat {until!r}; beats: {names}")
        if title_card:
            self.next_section("title")  # type: ignore[attr-defined]
            self.title_card()
        for name, _title in self.beats():
            self.next_section(name)  # type: ignore[attr-defined]
            getattr(self, name)()
            self.wait(self.theme.beat_pause)  # a breath between beats; clips cut cleanly
            self.end_caption()
            if name == until:
                break

    # --- subtitles -----------------------------------------------------------
    def say(self, text: str) -> None:
        """Start a subtitle; it lasts until the next ``say`` or the end of the beat."""
        self.end_caption()
        self._caption = (text, self.time)  # type: ignore[attr-defined]

    def end_caption(self) -> None:
        if self._caption is None:
            return
        text, start = self._caption
        now = self.time  # type: ignore[attr-defined]
        reading = max(1.0, len(text) / self.theme.reading_speed)  # keep it up long enough
        if now - start < reading:
            self.wait(reading - (now - start))  # type: ignore[attr-defined]
            now = self.time  # type: ignore[attr-defined]
        self.add_subcaption(text, duration=now - start, offset=start - now)  # type: ignore[attr-defined]
        self._caption = None

    # --- furniture -----------------------------------------------------------
    def title_card(self) -> None:
        """Chapter and scene title, then a small header that stays in the corner."""
        th = self.theme
        chapter_title = chapter(self.chapter).title
        kicker_text = f"Chapter {self.chapter} · {chapter_title}"
        kicker = Text(kicker_text, font=th.font, font_size=th.header_size, color=th.muted)
        name = Text(self.title, font=th.font, font_size=th.title_size, color=th.text)
        card = VGroup(kicker, name).arrange(DOWN, buff=0.35)
        self.say(f"Chapter {self.chapter}: {self.title}.")
        self.play(FadeIn(card, shift=0.2 * UP), run_time=0.8)  # type: ignore[attr-defined]
        self.wait(th.title_card_time - 0.8)  # type: ignore[attr-defined]
        self.header = Text(self.title, font=th.font, font_size=th.small_size, color=th.muted)
        self.header.to_corner(UL, buff=0.3)
        self.header.add_background_rectangle(color=th.background, opacity=0.85, buff=0.12)
        self.play(FadeOut(card), FadeIn(self.header), run_time=0.6)  # type: ignore[attr-defined]
        self.fix_in_frame(self.header)
        self.end_caption()

    def fix_in_frame(self, *mobjects: Mobject) -> None:
        """Keep mobjects still on screen (a no-op in 2D; fixed to the frame in 3D)."""

    def clear_stage(self, keep_header: bool = True, run_time: float = 0.6) -> None:
        """Fade out everything but the header."""
        gone = [m for m in self.mobjects if not (keep_header and m is self.header)]  # type: ignore[attr-defined]
        if gone:
            self.play(*(FadeOut(m) for m in gone), run_time=run_time)  # type: ignore[attr-defined]


class ChapterScene(StoryScene, Scene):
    """A 2D chapter scene."""


class ChapterScene3D(StoryScene, ThreeDScene):
    """A 3D chapter scene; text added through :meth:`fix_in_frame` stays flat on screen.

    ``camera_class`` picks the camera (a subclass of Manim's ThreeDCamera, e.g.
    :class:`scenes.components.camera.AimedCamera`).
    """

    camera_class: ClassVar[type[ThreeDCamera]] = ThreeDCamera

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("camera_class", self.camera_class)
        super().__init__(*args, **kwargs)
        # A renderer handed in from outside (Manim's frames_comparison does so for any
        # subclass of ThreeDScene) comes with a flat camera: give it ours.
        if not isinstance(self.renderer.camera, self.camera_class):
            self.renderer.camera = self.camera_class()

    def fix_in_frame(self, *mobjects: Mobject) -> None:
        self.add_fixed_in_frame_mobjects(*mobjects)

    def fix_unshown(self, *mobjects: Mobject) -> None:
        """Fix mobjects to the frame without adding them yet (``fix_in_frame`` shows
        them at once, before their FadeIn)."""
        self.renderer.camera.add_fixed_in_frame_mobjects(*mobjects)

    def keep_facing_camera(self, *mobjects: Mobject) -> None:
        """Keep mobjects flat towards the camera (they still move with their 3D
        position), without adding them: a later FadeIn really fades them in."""
        self.renderer.camera.add_fixed_orientation_mobjects(*mobjects)
