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


def _movie(tmp_path, name: str, scene_class: type[Scene]):
    """``scene_class`` rendered at -ql into ``tmp_path/name``: the movie's path."""
    config = {"media_dir": str(tmp_path / name), "quality": "low_quality",
              "disable_caching": True, "progress_bar": "none", "output_file": name}
    with tempconfig(config):
        scene = scene_class()
        scene.render()
        return scene.renderer.file_writer.movie_file_path


def _render(tmp_path, name: str) -> list[np.ndarray]:
    with av.open(str(_movie(tmp_path, name, _Held))) as container:
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
    from manim.scene import scene_file_writer

    monkeypatch.setattr(scene_file_writer, "convert_audio", encoding._original_convert_audio)
    assert encoding.encode_sound_as_recorded() is False
    assert scene_file_writer.convert_audio is encoding._original_convert_audio


def _tone(path, rate: int = 22050, seconds: float = 1.0) -> None:
    """A mono 16-bit .wav: a 440 Hz tone for its first half, then silence."""
    import wave

    t = np.arange(int(rate * seconds)) / rate
    samples = np.where(t < seconds / 2, 0.5 * np.sin(2 * np.pi * 440 * t), 0.0)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes((samples * 32767).astype("<i2").tobytes())


def _sounded(tmp_path, name: str):
    """A scene saying a tone: its movie's sound stream (rate, channels) and loudness
    (mean absolute sample, channels averaged) from 0.1 to 0.4 s and after 0.55 s."""
    tone = tmp_path / "tone.wav"
    _tone(tone)

    class Said(Scene):
        def construct(self):
            self.add_sound(str(tone))
            self.play(FadeIn(Square()), run_time=1.0)

    with av.open(str(_movie(tmp_path, name, Said))) as container:
        stream = container.streams.audio[0]
        rate, channels = stream.rate, stream.channels
        sound = np.concatenate([f.to_ndarray().mean(axis=0) for f in container.decode(stream)])
    at = (rate * np.array([0.1, 0.4, 0.55])).astype(int)
    return rate, channels, float(np.abs(sound[at[0]:at[1]]).mean()), float(
        np.abs(sound[at[2]:]).mean())


def test_sound_is_encoded_at_its_own_rate_and_heard_as_manims(tmp_path, monkeypatch):
    """The scene's sound as recorded (mono 22.05 kHz, at its own level) instead of
    Manim's 48 kHz stereo (the voice spread over two channels at -3 dB each): the same
    tone, then silence, at the same places."""
    from manim.scene import scene_file_writer

    assert scene_file_writer.convert_audio is encoding._convert_audio  # start_scene's
    ours = _sounded(tmp_path, "ours")
    monkeypatch.setattr(scene_file_writer, "convert_audio", encoding._original_convert_audio)
    manims = _sounded(tmp_path, "manims")
    assert ours[:2] == (22050, 1) and manims[:2] == (48000, 2)
    assert ours[2] == pytest.approx(0.5 * 2 / np.pi, rel=0.02)  # the tone as recorded
    assert manims[2] == pytest.approx(ours[2] / np.sqrt(2), rel=0.02)
    assert ours[3] < 0.01 and manims[3] < 0.01  # then silence


@pytest.fixture(autouse=True)
def _installed():
    from scenes.base import start_scene

    start_scene()  # what building a chapter scene does first: installs it
    yield
    encoding.convert_held_frames_once()
    encoding.encode_sound_as_recorded()
