"""Formats, aspects and themes (issue 14): every FORMAT, TRANSPARENT, ASPECT and THEME
renders one small scene correctly through tools/render.py (what ``make chN`` runs), and
the themes keep their colours readable (WCAG contrast) and complete."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from manim import ManimColor

from pipeline.variants import stamp, variant_name
from scenes import theme as theme_module
from scenes.theme import (
    COLOR_FIELDS,
    LINE_FIELDS,
    TEXT_FIELDS,
    THEMES,
    Theme,
    contrast_ratio,
    theme_for,
    theme_name,
)
from tests.scenes.helpers import ROOT, make_dry_run

pytestmark = pytest.mark.render  # whole renders in other processes: started first

# A scene of the course in miniature: the title card (the theme's text colour on its
# background), one beat with a big dot in the positive colour. Text only (no LaTeX),
# so that a render takes a few seconds.
TINY = '''
from manim import Dot, FadeIn

from scenes.base import ChapterScene, ChapterScene3D, beat


class Tiny(ChapterScene):
    chapter = 1
    title = "Tiny course"

    @beat("A dot")
    def dot(self):
        self.say("A dot.")
        self.play(FadeIn(Dot(radius=0.8, color=self.theme.positive)), run_time=0.5)


class Tiny3D(ChapterScene3D):
    chapter = 1
    title = "Tiny space"

    @beat("A dot")
    def dot(self):
        self.say("A dot.")
        self.play(FadeIn(Dot(radius=0.8, color=self.theme.positive)), run_time=0.5)
'''
WIDTH, HEIGHT, FPS = 854, 480, 15  # -ql
TITLE_AT = 1.2  # seconds: the title card is up (faded in by 0.8 s, gone after 1.6 s)


def _rgb(color: str) -> np.ndarray:
    return np.array(ManimColor(color).to_rgb()) * 255


def _render(tmp_path: Path, *args: str, theme: str | None = None, scenes: str = "Tiny",
            aspect: str | None = None):
    module = tmp_path / "tiny_course.py"
    source = TINY if scenes != "Tiny" else TINY.split("\n\nclass Tiny3D")[0] + "\n"
    module.write_text(source)
    env = dict(os.environ)
    env.pop("NN_PARAMS", None)
    env.pop("NN_PALETTE", None)
    env["NN_THEME"] = theme or "dark"
    env.pop("NN_ASPECT", None)
    if aspect:
        env["NN_ASPECT"] = aspect
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "render.py"), str(module), "--quality", "l",
         "--media-dir", str(tmp_path / "media"), "--jobs", "2", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp_path / "media" / "videos" / "tiny_course" / "480p15"


def _frames(path: Path, alpha: bool = False) -> tuple[list[np.ndarray], str]:
    """Every frame as RGBA arrays and the decoded pixel format. A VP9 alpha channel is
    side data that FFmpeg's own vp9 decoder drops: libvpx's decoder keeps it."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if alpha and stream.codec_context.name == "vp9":
            decoder = av.CodecContext.create("libvpx-vp9", "r")
            frames = [f for packet in container.demux(stream) for f in decoder.decode(packet)]
        else:
            frames = list(container.decode(stream))
    assert frames, f"{path}: no frames"
    return [f.to_ndarray(format="rgba") for f in frames], frames[-1].format.name


def _check_video(path: Path, n_frames: int | None = None) -> list[np.ndarray]:
    """The video decodes to frames of -ql's size, as many as expected (the scene's
    length: the title card, a beat, the pauses), and has its subtitles beside it."""
    assert path.is_file() and path.stat().st_size > 1000, path
    frames, _ = _frames(path)
    assert all(f.shape == (HEIGHT, WIDTH, 4) for f in frames)
    seconds = len(frames) / FPS
    assert 2.5 < seconds < 6, f"{path.name}: {len(frames)} frames"
    if n_frames is not None:
        assert abs(len(frames) - n_frames) <= 1, (path.name, len(frames), n_frames)
    assert "A dot." in path.with_suffix(".srt").read_text()
    return frames


def _sections(folder: Path) -> list[str]:
    index = folder / "Tiny.json"
    assert index.is_file(), folder
    return [entry["video"] for entry in json.loads(index.read_text())]


# --- every ASPECT ------------------------------------------------------------------
@pytest.mark.parametrize("aspect, size, folder", [
    ("4:3", (640, 480), "4x3"), ("1:1", (480, 480), "1x1"), ("9:16", (480, 854), "9x16")])
def test_each_aspect_renders_in_its_frame_and_folder(tmp_path, aspect, size, folder):
    """The 16:9 picture whole in the frame (the dot in the middle, as large as in 16:9:
    its radius 0.8 of the composition's 8 units high), the header in the frame's corner,
    under the quality's folder (480p15, also for 480x854)."""
    out = _render(tmp_path, aspect=aspect) / folder
    video = out / "Tiny.mp4"
    assert video.is_file(), sorted(p.name for p in out.parent.iterdir())
    frames, _ = _frames(video)
    width, height = size
    assert all(f.shape == (height, width, 4) for f in frames)
    last = frames[-1][:, :, :3].astype(int)
    positive = _rgb(THEMES["dark"].positive)
    assert np.abs(last[height // 2, width // 2] - positive).max() < 8
    # the dot's width on screen: 1.6 units of a frame 14.2 units wide
    row = np.abs(last[height // 2] - positive).max(axis=1) < 40
    assert row.sum() == pytest.approx(1.6 / (128 / 9) * width, abs=3)
    assert (out / "sections" / "Tiny.json").is_file()
    # the header: text in the frame's top-left corner, nothing drawn beyond the frame
    header = np.abs(frames[-1][: height // 12, : width // 2, :3].astype(int)
                    - _rgb(THEMES["dark"].background)).max(axis=2) > 40
    assert header.any()


# --- every FORMAT ------------------------------------------------------------------
def test_mp4_is_the_default_and_gif_has_no_clips(tmp_path):
    out = _render(tmp_path)
    frames = _check_video(out / "Tiny.mp4")
    assert [Path(v).suffix for v in _sections(out / "sections")] == [".mp4", ".mp4"]
    # the dark theme: its background in the corner, the dot in the positive colour
    assert np.abs(frames[-1][2, 2, :3] - _rgb(THEMES["dark"].background)).max() < 6
    assert np.abs(frames[-1][HEIGHT // 2, WIDTH // 2, :3] - _rgb(THEMES["dark"].positive)).max() < 8

    out = _render(tmp_path, "--format", "gif")
    gif = out / "Tiny.gif"  # the scene's name, not Manim's versioned one
    frames_gif = _check_video(gif, n_frames=len(frames))
    assert not (out / "sections-gif").exists()
    # Manim writes GIFs in a fixed 3-3-2 bit palette: near the colours, not on them
    assert np.abs(frames_gif[-1][2, 2, :3] - _rgb(THEMES["dark"].background)).max() < 48
    assert list(out.glob("*ManimCE*")) == []


@pytest.mark.parametrize("fmt", ["webm", "mov"])
def test_webm_and_mov_with_their_own_clips(tmp_path, fmt):
    out = _render(tmp_path, "--format", fmt)
    frames = _check_video(out / f"Tiny.{fmt}")
    assert np.abs(frames[-1][2, 2, :3] - _rgb(THEMES["dark"].background)).max() < 6
    # the clips (and their index) beside the mp4's sections/, not over them
    clips = _sections(out / f"sections-{fmt}")
    assert [Path(v).suffix for v in clips] == [f".{fmt}"] * 2
    assert not (out / "sections").exists() and not (out / "Tiny.mp4").exists()


# --- TRANSPARENT -------------------------------------------------------------------
@pytest.mark.parametrize("fmt, pixel_format", [("mp4", "argb"), ("webm", "yuva420p")])
def test_transparent_has_an_alpha_channel(tmp_path, fmt, pixel_format):
    """mp4 cannot hold an alpha channel: --transparent makes it a mov (QuickTime
    Animation, ARGB); webm keeps its container (VP9 with alpha). Either lands in the
    'transparent' folder, beside the opaque videos."""
    out = _render(tmp_path, "--format", fmt, "--transparent") / "transparent"
    name = "Tiny.mov" if fmt == "mp4" else "Tiny.webm"
    _check_video(out / name)
    frames, decoded = _frames(out / name, alpha=True)
    assert decoded == pixel_format
    last = frames[-1]
    assert last[2, 2, 3] < 8  # the background: see-through
    assert last[HEIGHT // 2, WIDTH // 2, 3] > 247  # the dot: solid
    assert np.abs(last[HEIGHT // 2, WIDTH // 2, :3] - _rgb(THEMES["dark"].positive)).max() < 12


# --- every THEME -------------------------------------------------------------------
def _text_pixels(frame: np.ndarray, color: str, tolerance: float = 40) -> int:
    """How many pixels of the middle of the frame (the title card) are near ``color``."""
    middle = frame[HEIGHT // 3: 2 * HEIGHT // 3, WIDTH // 6: 5 * WIDTH // 6, :3].astype(float)
    return int((np.abs(middle - _rgb(color)).max(axis=-1) < tolerance).sum())


@pytest.mark.parametrize("name", ["light", "classic"])
def test_each_theme_draws_in_its_colours(tmp_path, name):
    """The theme's background fills the corner of every frame (the title card's and the
    3D scene's too), the title is written in its text colour, the dot in its positive
    colour; a theme other than dark lands in its own folder."""
    th = THEMES[name]
    out = _render(tmp_path, theme=name, scenes="both") / name
    assert not (out.parent / "Tiny.mp4").exists()  # the defaults are not touched
    for scene in ("Tiny", "Tiny3D"):
        frames = _check_video(out / f"{scene}.mp4")
        for frame in (frames[0], frames[int(TITLE_AT * FPS)], frames[-1]):
            assert np.abs(frame[2, 2, :3] - _rgb(th.background)).max() < 6, scene
            assert np.abs(frame[-3, -3, :3] - _rgb(th.background)).max() < 6, scene
        title = frames[int(TITLE_AT * FPS)]
        assert _text_pixels(title, th.text) > 300, scene  # the big title's letters
        if th.is_light:  # dark letters on the light page
            assert title[HEIGHT // 3: 2 * HEIGHT // 3, :, :3].sum(axis=-1).min() < 3 * 60
        dot = frames[-1][HEIGHT // 2, WIDTH // 2, :3]
        assert np.abs(dot - _rgb(th.positive)).max() < 8, scene


# --- the theme module --------------------------------------------------------------
@pytest.mark.parametrize("name", list(THEMES))
def test_text_and_lines_keep_their_contrast(name):
    """WCAG 2.x: text at least 4.5:1 against the background, lines and markers 3:1
    (the grid is faint on purpose)."""
    th = THEMES[name]
    low = {f: round(contrast_ratio(getattr(th, f), th.background), 2)
           for f in TEXT_FIELDS if contrast_ratio(getattr(th, f), th.background) < 4.5}
    low |= {f: round(contrast_ratio(getattr(th, f), th.background), 2)
            for f in LINE_FIELDS if contrast_ratio(getattr(th, f), th.background) < 3.0}
    assert not low, f"{name}: too little contrast with {th.background}: {low}"
    # labels on the four-pixel camera's black pixels
    assert contrast_ratio(th.text_on_dark, th.pixel_black) >= 4.5


def test_contrast_ratio_is_wcags():
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#0072B2", "#FFFFFF") == pytest.approx(5.17, abs=0.05)


@pytest.mark.parametrize("name", list(THEMES))
def test_every_theme_has_every_field(name):
    th = THEMES[name]
    assert isinstance(th, Theme) and th.name == name
    assert {"background", "text", "muted", "positive", "negative", "accent", "ink",
            "pixel_black", "pixel_white", "card"} <= set(COLOR_FIELDS)
    for field in COLOR_FIELDS:
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", getattr(th, field)), (name, field)
    assert th.is_light == (name == "light")
    assert 0 < th.tint <= 1


def test_the_dark_theme_is_the_old_default_look():
    """Pixel-identical frames need the old palette: the dark theme is Theme()'s defaults."""
    dark = THEMES["dark"]
    assert dark == Theme(name="dark")
    assert (dark.background, dark.positive, dark.negative, dark.accent, dark.ink) == (
        "#0F1419", "#56B4E9", "#E69F00", "#F0E442", "#FFFFFF")


def test_theme_names_from_the_environment(monkeypatch):
    monkeypatch.delenv("NN_THEME", raising=False)
    monkeypatch.delenv("NN_PALETTE", raising=False)
    assert theme_name() == "dark" and theme_for() is THEMES["dark"]
    monkeypatch.setenv("NN_THEME", " Light ")
    assert theme_name() == "light"
    monkeypatch.setenv("NN_PALETTE", "classic")  # the old name, when NN_THEME is unset
    assert theme_name() == "light"
    monkeypatch.delenv("NN_THEME")
    assert theme_name() == "classic"
    monkeypatch.setenv("NN_PALETTE", "okabe-ito")
    assert theme_name() == "dark"
    monkeypatch.setenv("NN_THEME", "sepia")
    with pytest.raises(ValueError) as err:
        theme_for()
    message = str(err.value)
    assert "\n" not in message and "NN_THEME" in message and "'sepia'" in message
    assert all(name in message for name in THEMES)


def test_the_makefile_knows_the_same_themes():
    shown = subprocess.run(["make", "-s", "-f", "Makefile", "-f", "-", "shown"], cwd=ROOT,
                           input="shown:\n\t@echo $(THEMES)\n", capture_output=True,
                           text=True, check=True)
    assert shown.stdout.split() == list(THEMES)
    names = subprocess.run([sys.executable, "-m", "scenes.theme", "--names"], cwd=ROOT,
                           capture_output=True, text=True, check=True)
    assert names.stdout.split() == list(THEMES)


def test_the_theme_module_is_standard_library_only_at_import():
    """make asks pipeline.variants (which asks the theme) before anything is installed."""
    code = ("import sys; import pipeline.variants, scenes.theme; "
            "print(sorted(m for m in ('numpy', 'manim') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert theme_module.THEME in THEMES.values()


# --- variants, make, the manim command ---------------------------------------------
def test_a_theme_or_transparency_is_a_variant():
    assert variant_name("", "dark") is None and stamp("", "dark") == ""
    assert variant_name("", "light") == "light"
    assert variant_name("", "dark", transparent=True) == "transparent"
    rotation = str(ROOT / "examples" / "params" / "rotation.toml")
    assert variant_name(rotation, "classic", True) == "rotation-classic-transparent"
    assert stamp(rotation, "dark").startswith("rotation-")  # as before the themes
    assert stamp(rotation, "light").startswith("rotation-light-")
    with pytest.raises(ValueError, match="known|expected one of"):
        variant_name("", "sepia")


_make = make_dry_run


def test_make_passes_format_transparency_and_theme_and_stamps_them():
    done = _make("ch3", "FORMAT=webm", "TRANSPARENT=1", "THEME=light")
    assert done.returncode == 0, done.stderr
    assert "--format webm --transparent" in done.stdout
    assert "renders/.stamps/ch03_linear_maps.l.webm.light-transparent " in done.stdout
    default = _make("ch3")
    assert "--format mp4" in default.stdout and "--transparent" not in default.stdout
    assert "renders/.stamps/ch03_linear_maps.l " in default.stdout  # unchanged
    examples = _make("examples", "FORMAT=mov", "TRANSPARENT=1")
    assert "--format mov --transparent" in examples.stdout


@pytest.mark.parametrize("setting, says", [
    ("FORMAT=avi", "FORMAT must be one of mp4, webm, gif, mov; got 'avi'"),
    ("TRANSPARENT=yes", "TRANSPARENT must be 1"),
    ("THEME=sepia", "THEME must be one of dark light classic"),
])
def test_make_stops_early_on_a_wrong_setting(setting, says):
    done = _make("ch3", setting)
    assert done.returncode != 0 and says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and not done.stdout


def test_a_wrong_theme_is_one_line_from_manim_and_the_render_tool(tmp_path):
    env = dict(os.environ, NN_THEME="sepia")
    done = subprocess.run(
        [str(Path(sys.executable).with_name("manim")), "-ql", "--media_dir",
         str(tmp_path), str(ROOT / "scenes" / "ch03_linear_maps.py"),
         "WeightMatrixAsTransform"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert errors == ["error: NN_THEME: unknown theme 'sepia'; expected one of: "
                      "dark, light, classic"], done.stderr
    tool = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "render.py"),
         str(ROOT / "scenes" / "ch03_linear_maps.py"), "--media-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert tool.returncode == 2 and "unknown theme 'sepia'" in tool.stderr


def test_nnexplain_renders_transparent_mov_in_its_variant_folder(tmp_path, monkeypatch):
    """``nnexplain render --format mp4 --transparent``: manim gets ``--format mov -t``
    and ``--save_sections``; the video is announced under explain/480p15/transparent/."""
    from nnexplain import check
    from nnexplain import render as explain_render
    from pipeline.facts import explain_path

    jobs: list = []
    monkeypatch.setattr(explain_render, "run_jobs",
                        lambda todo, at_once, cwd: jobs.extend(todo) or [])
    monkeypatch.setenv("NN_THEME", "light")
    spec = check(ROOT / "tests" / "specs" / "tiny-232.toml")
    assert explain_render.render_specs([spec], quality="l", out=tmp_path,
                                       transparent=True) == 0
    (job,) = jobs
    cmd = " ".join(job.cmd)
    assert "--format mov" in cmd and " -t " in cmd and "--save_sections" in cmd
    assert explain_path(tmp_path, "tiny-232", "l", "mov", "light-transparent") \
        == tmp_path / "explain" / "480p15" / "light-transparent" / "tiny-232.mov"
    gif = explain_path(tmp_path, "x", "l", "gif")
    assert gif == tmp_path / "explain" / "480p15" / "x.gif"


def test_chapter_6_says_what_the_light_theme_shows(tmp_path):
    """On a light background the paper is white and the ink dark: the subtitles say so."""
    from manim import tempconfig

    from scenes.ch06_digits import DigitAsNeurons
    from tests.scenes.helpers import dry_run_config

    said = {}
    for name in ("dark", "light"):
        klass = type("DigitAsNeurons", (DigitAsNeurons,),
                     {"theme": THEMES[name], "__module__": DigitAsNeurons.__module__})
        with tempconfig(dry_run_config(tmp_path)):
            scene = klass(skip_animations=True)
            scene.render()
        said[name] = " ".join(c.content.replace("\n", " ")
                              for c in scene.renderer.file_writer.subcaptions)
    assert "paper is black" in said["dark"] and "0 for black to 1 for white" in said["dark"]
    assert "paper is white" in said["light"] and "ink is darkest" in said["light"]
    assert "0 for white to 1 for black" in said["light"] and "is black," not in said["light"]
