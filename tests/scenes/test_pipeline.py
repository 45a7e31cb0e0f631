"""End to end: the manim CLI with the project's manim.cfg writes a video, its .srt
subtitles and one section clip per storyboard beat."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import av
import srt

from scenes.ch03_linear_maps import WeightMatrixAsTransform

ROOT = Path(__file__).resolve().parents[2]


def test_cli_render_writes_video_subtitles_and_sections(tmp_path):
    manim = Path(sys.executable).with_name("manim")
    cmd = [
        str(manim), "-ql", "--save_sections", "--disable_caching", "--progress_bar", "none",
        "--media_dir", str(tmp_path), "scenes/ch03_linear_maps.py", "WeightMatrixAsTransform",
    ]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]

    out = tmp_path / "videos" / "ch03_linear_maps" / "480p15"
    video = out / "WeightMatrixAsTransform.mp4"
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (854, 480)
        seconds = float(container.duration / av.time_base)
    assert 15 <= seconds <= 120  # storyboard: 20 s to 2 min at normal speed, incl. title

    subtitles = list(srt.parse((out / "WeightMatrixAsTransform.srt").read_text()))
    beats = WeightMatrixAsTransform.beats()
    assert len(subtitles) >= len(beats) + 1
    assert subtitles[-1].end.total_seconds() <= seconds + 0.05
    assert any("(1, 2)" in s.content for s in subtitles)  # W's first column, computed

    index = json.loads((out / "sections" / "WeightMatrixAsTransform.json").read_text())
    names = [section["name"] for section in index]
    assert names == ["title"] + [name for name, _ in beats]
    for section in index:
        assert (out / "sections" / section["video"]).is_file()
