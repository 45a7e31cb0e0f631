"""A held frame converted once encodes to the same video as Manim's own writer."""

from __future__ import annotations

import av
import manim
import numpy as np
import pytest
from manim import FadeIn, Scene, Square, tempconfig
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from scenes import encoding


class _Held(Scene):
    def construct(self):
        self.play(FadeIn(Square()), run_time=0.5)
        self.wait(1.0)  # one frame, repeated


def _render(tmp_path, name: str) -> list[np.ndarray]:
    config = {"media_dir": str(tmp_path / name), "quality": "low_quality",
              "disable_caching": True, "progress_bar": "none", "output_file": name}
    with tempconfig(config):
        scene = _Held()
        scene.render()
        path = scene.renderer.file_writer.movie_file_path
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def test_held_frames_encode_to_the_same_video(tmp_path, monkeypatch):
    assert VideoSegmentEncoder.write_frame is encoding._write_frame  # start_scene's
    ours = _render(tmp_path, "ours")
    monkeypatch.setattr(VideoSegmentEncoder, "write_frame", encoding._original)
    manims = _render(tmp_path, "manims")
    assert len(ours) == len(manims) >= 15 + 7  # the fade, then the held second
    for a, b in zip(ours, manims, strict=True):
        np.testing.assert_array_equal(a, b)


def test_another_manim_keeps_its_own_writer(monkeypatch):
    monkeypatch.setattr(manim, "__version__", "0.23.0")
    monkeypatch.setattr(VideoSegmentEncoder, "write_frame", encoding._original)
    assert encoding.convert_held_frames_once() is False
    assert VideoSegmentEncoder.write_frame is encoding._original


@pytest.fixture(autouse=True)
def _installed():
    from scenes.base import start_scene

    start_scene()  # what building a chapter scene does first: installs it
    yield
    encoding.convert_held_frames_once()
