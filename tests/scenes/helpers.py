"""Helpers shared by the scene tests."""

from __future__ import annotations

import importlib
import inspect
import os
import subprocess
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from manim import Scene
from manim.utils.testing._frames_testers import _ControlDataWriter
from manim.utils.testing.frames_comparison import frames_comparison

from pipeline.facts import tex_cache
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
# The LaTeX cache every render and both pytest-xdist workers share (scenes.texcache
# writes a formula whole or not at all); one text cache per worker (Pango writes its
# files in place, and a process could read another's half-written file).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
TEX_CACHE = tex_cache()
TEXT_CACHE = ROOT / "renders" / "test-cache" / _WORKER / "texts"


def make_dry_run(*args: str) -> subprocess.CompletedProcess:
    """``make -n -B ARGS`` from the project root, without the settings a caller's
    environment may hold (theme, aspect, parameters, an outer make's flags); ``-B``:
    every command, as from a fresh clone, whatever ``renders/`` holds here."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("NN_THEME", "NN_PALETTE", "NN_PARAMS", "NN_ASPECT", "NN_NARRATION",
                        "MAKEFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "-n", "-B", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)


def assert_readable(captions: list) -> None:
    """Every cue (an ``srt.Subtitle``) has at most 2 lines of at most 42 characters (two
    only where one would not do), stays up at least 5/6 s and asks at most 17 characters
    a second (Netflix's English guide), and the cues follow one another without
    overlapping."""
    for cue in captions:
        lines = cue.content.split("\n")
        assert len(lines) <= 2, cue.content
        assert all(0 < len(line) <= 42 for line in lines), cue.content
        assert len(lines) == 1 or len(" ".join(lines)) > 42, cue.content
        seconds = (cue.end - cue.start).total_seconds()
        assert seconds >= 5 / 6 - 1e-3, (cue.content, seconds)
        assert len(" ".join(lines)) / seconds <= 17, (cue.content, seconds)
    for before, after in zip(captions, captions[1:], strict=False):
        assert after.start >= before.end - timedelta(milliseconds=1), (before, after)


# Scenes built by ``build``, once per test session (per xdist worker): see ``build``.
_BUILT: dict[tuple, Scene] = {}


def _build_key(scene_class: type, params: dict[str, Any] | None) -> tuple:
    """What a dry run's outcome depends on besides the code: the class (a test's own
    subclass is another class), its theme and aspect, the parameters and every ``NN_*``
    setting of the environment (theme, aspect, narration, spec, ...)."""
    import json

    env = tuple(sorted((k, v) for k, v in os.environ.items()
                       if k.startswith("NN_") and k != "NN_PARAMS"))
    theme = getattr(getattr(scene_class, "theme", None), "name", None)
    return (scene_class, theme, getattr(scene_class, "aspect", None),
            json.dumps(params or {}, sort_keys=True), env)


_IN_ASPECT: dict[tuple[type, str], type] = {}


def in_aspect(scene_class: type, aspect: str) -> type:
    """``scene_class`` laid out for ``aspect`` (its ``aspect``; the same class for the
    same pair, so that its build is shared)."""
    if aspect == getattr(scene_class, "aspect", None):
        return scene_class
    key = (scene_class, aspect)
    if key not in _IN_ASPECT:
        _IN_ASPECT[key] = type(scene_class.__name__, (scene_class,),
                               {"aspect": aspect, "__module__": scene_class.__module__})
    return _IN_ASPECT[key]


def build(scene_class: type, params: dict[str, Any] | None, monkeypatch, tmp_path: Path,
          layout: bool = True, aspect: str | None = None) -> Scene:
    """The scene played to its end with ``params`` from NN_PARAMS (``{}`` or ``None``:
    the defaults; a dry run, nothing written), in ``aspect`` if given; with ``layout``,
    at every beat's end nothing overlaps and nothing is cut off (``scene.layout_report``
    is empty).

    A scene is built once per test session for the same class, parameters and ``NN_*``
    environment, and the smoke, word and layout tests share it: read it, never change
    it. A test that has patched an attribute (``monkeypatch.setattr`` on a module or a
    class: other data, another theme) gets a scene of its own, built fresh."""
    import json

    from manim import tempconfig

    if params:
        monkeypatch.setenv("NN_PARAMS", json.dumps(params))
    else:
        monkeypatch.delenv("NN_PARAMS", raising=False)
    monkeypatch.delenv("NN_SPEC", raising=False)
    if aspect is not None:
        scene_class = in_aspect(scene_class, aspect)
    key = _build_key(scene_class, params)
    # pytest's MonkeyPatch lists the attributes it has set in _setattr; without that
    # list (another pytest), share nothing rather than risk a scene of other data
    shared = getattr(monkeypatch, "_setattr", None) == []
    scene = _BUILT.get(key) if shared else None
    if scene is None:
        with tempconfig(dry_run_config(tmp_path)):
            scene = dry_run(scene_class)
        if shared:
            _BUILT[key] = scene
    assert not layout or scene.layout_report == [], scene.layout_report
    return scene


def last_frame(request, scene_class: type, monkeypatch, tmp_path: Path,
               aspect: str | None = None) -> Scene:
    """The scene built at its defaults (:func:`build`, shared with the smoke, word and
    layout tests), its last frame compared with the calling test's control frame as
    Manim's ``frames_comparison`` does (``control_data/<__module_test__>/<name>.npz``,
    the test's name without ``test_``; ``--set_test`` writes it instead): a last-frame
    test that builds nothing of its own."""
    from manim.utils.testing._frames_testers import _FramesTester
    from manim.utils.testing.frames_comparison import _control_data_path

    scene = build(scene_class, {}, monkeypatch, tmp_path, aspect=aspect)
    setting = request.config.getoption("--set_test")
    path = _control_data_path(str(request.path), request.module.__module_test__,
                              request.node.originalname[len("test_"):], setting)
    tester = (_ControlDataWriter(path, size_frame=scene.last_frame.shape[:2]) if setting
              else _FramesTester(path, show_diff=request.config.getoption("--show_diff")))
    with tester.testing():
        tester.check_frame(-1, scene.last_frame)
    return scene


def drawing_only_the_end(scene: Scene) -> Scene:
    """``scene`` (made with ``skip_animations=True``) not drawing a frame while it skips.

    Manim draws the still and the moving mobjects at every skipped ``play`` and ``wait``
    all the same, frames no one sees in a dry run: a fifth of its time. A frame test
    (``scene_frames``) draws them; a check of what a scene says or where its text lies
    does not need them."""
    renderer = scene.renderer
    draw = renderer.update_frame

    def update_frame(on: Scene, mobjects: Any = None, *args: Any, **kwargs: Any) -> None:
        if renderer.skip_animations and mobjects is not None:  # a play's, not the end's
            return
        draw(on, mobjects, *args, **kwargs)

    def save_static_frame_data(on: Scene, static_mobjects: Any) -> None:
        renderer.static_image = None

    renderer.update_frame = update_frame
    renderer.save_static_frame_data = save_static_frame_data
    return scene


def dry_run(scene_class: type[Scene]) -> Scene:
    """``scene_class`` played to its end, animations skipped, no frame drawn on the way
    and its last frame drawn once (a scene that cannot be drawn fails here); call it
    inside ``tempconfig(dry_run_config(...))``."""
    scene = drawing_only_the_end(scene_class(skip_animations=True))
    scene.render()
    scene.renderer.update_frame(scene)
    scene.last_frame = scene.renderer.get_frame()  # a copy: what later tests draw stays out
    return scene


def said(scene: Scene) -> str:
    """Every subtitle cue of the scene, joined by spaces, one line."""
    cues = [c.content for c in scene.renderer.file_writer.subcaptions]
    return " ".join(" ".join(cue.replace("\n", " ").split()) for cue in cues)


def says(text: str, true=(), false=()) -> None:
    """``text`` (what a scene said) holds every phrase of ``true`` and none of ``false``."""
    missing = [phrase for phrase in true if phrase not in text]
    wrong = [phrase for phrase in false if phrase in text]
    assert not missing and not wrong, f"missing {missing}, false {wrong}\n{text}"


def prepared(scene_class: type[Scene]) -> Scene:
    """A scene with its parameters loaded and ``prepare()`` run, nothing played: for
    tests of the numbers it computes."""
    scene = scene_class()
    scene.setup()
    return scene


# Manim's frame tests draw a 16:9 scene 854x480 pixels on a frame 8 units high and
# 8 x 854/480 wide (its test configuration), a hair wider than a render's 128/9. Builds
# are drawn so, and a last-frame test compares a shared build's frame with its control
# frame (:func:`last_frame`); the layout check measures a piece leaving the frame
# against a render's frame all the same (scenes/layoutcheck.py).
FRAME_TEST_WIDTH = 8.0 * 854 / 480


def dry_run_config(media_dir: Path) -> dict[str, Any]:
    """Manim config for building a scene fast: no files written, animations skipped by
    the caller (``scene_class(skip_animations=True)``), the shared TeX/text cache, the
    frame of Manim's frame tests (``FRAME_TEST_WIDTH``; another aspect sets its own)."""
    return {
        "dry_run": True,
        "quality": "low_quality",
        "frame_width": FRAME_TEST_WIDTH,
        "media_dir": str(media_dir),
        "tex_dir": str(TEX_CACHE),
        "text_dir": str(TEXT_CACHE),
        "disable_caching": True,
        "progress_bar": "none",
    }


def scene_frames(**kwargs: Any) -> Callable:
    """``frames_comparison`` with a shared TeX/text cache: ``@scene_frames(base_scene=X)``."""
    TEX_CACHE.mkdir(parents=True, exist_ok=True)
    TEXT_CACHE.mkdir(parents=True, exist_ok=True)
    return frames_comparison(tex_dir=TEX_CACHE, text_dir=TEXT_CACHE, **kwargs)


def _keep_the_frames_size(check_frame: Callable) -> Callable:
    """Manim's control-data writer (``--set_test``) expects frames of its own test size
    (854x480); a scene in another aspect (``StoryScene.aspect``) draws 640x480 or
    480x854 ones. The first frame sets the size the writer keeps."""

    def check(self: Any, index: int, frame: np.ndarray) -> None:
        if len(self.frames) == 0 and self.frames.shape[1:] != frame.shape:
            self.frames = np.empty((0, *frame.shape), dtype=frame.dtype)
        check_frame(self, index, frame)

    return check


_ControlDataWriter.check_frame = _keep_the_frames_size(_ControlDataWriter.check_frame)
