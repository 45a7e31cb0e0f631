"""End to end: the manim CLI with the project's manim.cfg writes a video, its .srt
subtitles and one section clip per storyboard beat."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av
import pytest
import srt

from pipeline.facts import QUALITIES
from scenes.ch03_linear_maps import WeightMatrixAsTransform
from tests.scenes.helpers import assert_readable

pytestmark = pytest.mark.render  # whole renders in other processes: started first

ROOT = Path(__file__).resolve().parents[2]


def test_cli_render_writes_video_subtitles_and_sections(chapters_3_and_4):
    """The manim CLI as ``make ch3`` runs it (tools/render.py: -ql, --save_sections, the
    project's manim.cfg): the render is tests/scenes/conftest.py's ``make -j2 ch3 ch4``,
    which test_render_tool reads too; the variant test below calls manim itself."""
    media, done = chapters_3_and_4
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    out = media / "videos" / "ch03_linear_maps" / "240p5"
    video = out / "WeightMatrixAsTransform.mp4"
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (426, 240)
        assert stream.average_rate == 5
        seconds = float(container.duration / av.time_base)
    assert 15 <= seconds <= 120  # storyboard: 20 s to 2 min at normal speed, incl. title

    subtitles = list(srt.parse((out / "WeightMatrixAsTransform.srt").read_text()))
    beats = WeightMatrixAsTransform.beats()
    assert len(subtitles) >= len(beats) + 1
    assert subtitles[-1].end.total_seconds() <= seconds + 0.05
    assert any("(1, 2)" in s.content for s in subtitles)  # W's first column, computed
    assert_readable(subtitles)

    index = json.loads((out / "sections" / "WeightMatrixAsTransform.json").read_text())
    names = [section["name"] for section in index]
    assert names == ["title"] + [name for name, _ in beats]
    for section in index:
        assert (out / "sections" / section["video"]).is_file()


def test_make_renders_at_the_default_quality_480p15_unless_asked():
    """What ``make ch3`` asks manim for without QUALITY: the one table's default, 854x480
    at 15 frames a second into 480p15/ (read from make's plan, nothing rendered)."""
    from pipeline.facts import DEFAULT_QUALITY

    env = {k: v for k, v in os.environ.items() if k not in ("QUALITY", "MAKEFLAGS")}
    plan = subprocess.run(["make", "-n", "-B", "ch3", "MEDIA_DIR=/tmp/nowhere"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=env).stdout
    assert "--quality l " in plan and DEFAULT_QUALITY == "l"
    q = QUALITIES[DEFAULT_QUALITY]
    assert (q.width, q.height, q.fps, q.folder) == (854, 480, 15, "480p15")


RENDERED_SRT = sorted((ROOT / "renders" / "videos").rglob("*.srt"))


@pytest.mark.parametrize("path", RENDERED_SRT, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_rendered_srt_is_readable(path):
    """Whatever has been rendered here (make render, make chN): two lines of 42 at most."""
    assert_readable(list(srt.parse(path.read_text())))


def test_a_variant_lands_beside_the_defaults_with_its_own_sections(tmp_path):
    """NN_PARAMS naming a parameter file: the video, .srt and clips go to the file's
    variant folder; the default folder gets nothing."""
    manim = Path(sys.executable).with_name("manim")
    params = ROOT / "examples" / "params" / "rotation.toml"
    draft = QUALITIES["d"]  # what is checked is where the files go, at any quality
    cmd = [
        str(manim), *draft.manim_flags, "--save_sections", "--disable_caching",
        "--progress_bar", "none", "--media_dir", str(tmp_path),
        "scenes/ch03_linear_maps.py", "WeightMatrixAsTransform",
    ]
    env = dict(os.environ, NN_PARAMS=str(params))
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    default = tmp_path / "videos" / "ch03_linear_maps" / draft.folder
    variant = default / "rotation"
    assert (variant / "WeightMatrixAsTransform.mp4").is_file()
    assert (variant / "sections" / "WeightMatrixAsTransform.json").is_file()
    assert not list(default.glob("*.mp4")) and not (default / "sections").exists()
    subtitles = list(srt.parse((variant / "WeightMatrixAsTransform.srt").read_text()))
    text = " ".join(s.content.replace("\n", " ") for s in subtitles)
    assert "(0, 1)" in text  # the quarter turn sends i-hat to (0, 1), computed
    assert_readable(subtitles)
