"""Narration (issue 15): every say() line spoken by an offline Piper voice, timed to
the animation; the subtitles fall inside the speech, the beat clips speak, and an
unchanged re-render synthesises nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import av
import numpy as np
import pytest

from pipeline import narration
from pipeline.narration import GAP, NarrationError, narration_on, speech, spoken_text
from pipeline.subtitles import cues
from pipeline.videofiles import audio_seconds, parse_srt, video_seconds
from tests.scenes.helpers import ROOT

pytest.importorskip("piper", reason="the narration extra (make setup NARRATION=1)")
pytestmark = pytest.mark.render  # whole renders in other processes: started first

TINY = '''
from manim import Dot, FadeIn

from scenes.base import ChapterScene, beat


class Spoken(ChapterScene):
    chapter = 1
    title = "Spoken"

    @beat("A dot")
    def dot(self):
        self.say("A dot appears in the middle, and it is blue.")
        self.play(FadeIn(Dot(radius=0.8, color=self.theme.positive)), run_time=0.5)

    @beat("Two lines")
    def two(self):
        self.say("One short line.")
        self.say("Then a second line, a little longer than the first one, which runs on "
                 "over two cues of subtitles because it is long enough for that.")
        self.wait(0.5)
'''


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NN_THEME", "NN_PARAMS", "NN_ASPECT", "NN_VOICE", "MAKEFLAGS",
                        "MAKELEVEL", "JOBS")}
    return {**env, "NN_NARRATION": "1", **extra}


def _sound(video: Path) -> tuple[np.ndarray, int]:
    """The video's sound, mono, and its sample rate."""
    with av.open(str(video)) as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=stream.rate)
        parts = [f.to_ndarray().ravel() for frame in container.decode(stream)
                 for f in resampler.resample(frame)]
        return np.concatenate(parts), stream.rate


def _speaking(samples: np.ndarray, rate: int, window: float = 0.05) -> np.ndarray:
    """Whether each ``window`` of seconds holds speech (its RMS above a floor)."""
    n = int(rate * window)
    frames = samples[: len(samples) // n * n].reshape(-1, n)
    return np.sqrt((frames ** 2).mean(axis=1)) > 0.01


def check_narrated(video: Path) -> None:
    """Sound as long as the picture (within half a second); every subtitle cue inside
    speech (speech at its start, and speaking for most of it); every beat clip with
    sound as long as its picture."""
    assert audio_seconds(video) == pytest.approx(video_seconds(video), abs=0.5)
    samples, rate = _sound(video)
    speaking = _speaking(samples, rate)
    cues = parse_srt(video.with_suffix(".srt").read_text())
    assert cues
    for cue in cues:
        first, last = int(cue.start / 0.05), int(cue.end / 0.05)
        inside = speaking[first:max(last, first + 1)]
        assert inside[:12].any(), (video.name, cue)  # the voice is heard as the cue shows
        assert inside.mean() > 0.4, (video.name, cue, inside.mean())  # and through it
    index = json.loads((video.parent / "sections" / f"{video.stem}.json").read_text())
    for entry in index:
        clip = video.parent / "sections" / entry["video"]
        assert audio_seconds(clip) == pytest.approx(video_seconds(clip), abs=0.1), clip.name


# --- the voice -------------------------------------------------------------------------
def test_the_voice_waits_for_work_asleep_and_speaks():
    """Piper's session with ONNX Runtime's spinning threads off (renders run one per
    core); the voice still says a line."""
    voice = narration._voice(*narration.voice_files())
    options = voice.session.get_session_options()
    for entry in ("session.intra_op.allow_spinning", "session.inter_op.allow_spinning"):
        assert options.get_session_config_entry(entry) == "0"
    import io

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        voice.synthesize_wav("One line.", wav)
    with wave.open(io.BytesIO(buffer.getvalue())) as wav:
        assert wav.getnframes() / wav.getframerate() > 0.3


def test_narration_is_asked_for_by_the_environment(monkeypatch):
    monkeypatch.delenv("NN_NARRATION", raising=False)
    assert not narration_on()
    for value in ("1", "true", "Yes"):
        monkeypatch.setenv("NN_NARRATION", value)
        assert narration_on()
    monkeypatch.setenv("NN_NARRATION", "0")
    assert not narration_on()


def test_spoken_text_reads_symbols_as_words():
    assert spoken_text("0.35 × 2 ≈ 0.7, a 50 % chance") == \
        "0.35 times 2 about 0.7, a 50 percent chance"
    assert spoken_text("W₂ → ŷ") == "W2 to y hat"


def test_a_line_is_synthesised_once_then_cached(tmp_path, monkeypatch):
    monkeypatch.delenv("NN_VOICE", raising=False)
    first = speech("Gradient descent takes one small step.", tmp_path)
    assert first.synthesised and first.path.is_file()
    with wave.open(str(first.path)) as wav:
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
        assert first.seconds == pytest.approx(wav.getnframes() / wav.getframerate())
    assert 1.0 < first.seconds < 6.0
    again = speech("Gradient descent takes one small step.", tmp_path)
    assert not again.synthesised and again.path == first.path
    other = speech("Another line.", tmp_path)
    assert other.synthesised and other.path != first.path
    assert not list(tmp_path.rglob("*.part"))


def test_a_split_line_shows_its_second_cue_as_the_voice_says_it(tmp_path, monkeypatch):
    """The line whose second cue once appeared in the voice's pause (more than 0.6 s
    before its words, in a CI run): the voice's pauses are found, and the cut is where
    the voice starts again after one (the voice varies from run to run, so this holds
    for whatever pauses this synthesis made)."""
    monkeypatch.delenv("NN_VOICE", raising=False)
    text = ("At the bottom the slope is 0: the valley is flat there, and that is exactly "
            "where the minimum is.")
    said = speech(text, tmp_path)
    assert all(a < b for a, b in said.pauses) and said.pauses  # a colon's, a comma's
    with wave.open(str(said.path)) as wav:
        rate = wav.getframerate()
        samples = np.frombuffer(wav.readframes(wav.getnframes()), np.int16) / 32768
    (_, _, cut), (_, begin, _) = cues(text, *said.voiced, pauses=said.pauses)
    assert cut == begin and any(b == begin for _, b in said.pauses)
    assert _speaking(samples[int(begin * rate):], rate)[:3].any()  # words within 0.15 s


def test_a_missing_voice_is_one_line_naming_the_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "piper", None)  # as if piper-tts were not installed
    narration._voice.cache_clear()
    try:
        with pytest.raises(NarrationError) as err:
            speech("Not said.", tmp_path)
    finally:
        narration._voice.cache_clear()
    assert "piper-tts" in str(err.value) and "make setup NARRATION=1" in str(err.value)
    assert "\n" not in str(err.value)
    monkeypatch.setenv("NN_VOICE", str(tmp_path / "nobody.onnx"))
    with pytest.raises(NarrationError, match=r"NN_VOICE: no such file .*nobody\.onnx"):
        speech("Not said.", tmp_path)


def test_a_missing_voice_stops_manim_with_one_line(tmp_path):
    module = tmp_path / "spoken.py"
    module.write_text(TINY)
    done = subprocess.run(
        [str(Path(sys.executable).with_name("manim")), "-ql", "--media_dir",
         str(tmp_path / "media"), str(module), "Spoken"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env=_env(NN_VOICE=str(tmp_path / "nobody.onnx")))
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: NN_VOICE: no such file")


def test_make_narration_is_a_variant_and_installs_the_voice():
    from tests.scenes.helpers import make_dry_run

    done = make_dry_run("ch3", "NARRATION=1")
    assert done.returncode == 0, done.stderr
    assert "NN_EXTRAS=test,narration bash tools/setup.sh" in done.stdout
    assert "renders/.stamps/ch03_linear_maps.l.narrated " in done.stdout
    silent = make_dry_run("ch3")
    assert "NN_EXTRAS=test bash tools/setup.sh" in silent.stdout  # no TTS without it
    assert "renders/.stamps/ch03_linear_maps.l " in silent.stdout
    assert "--narrate" in make_dry_run("examples", "NARRATION=1").stdout
    bad = make_dry_run("ch3", "NARRATION=yes")
    assert bad.returncode != 0 and "NARRATION must be 1" in bad.stderr


def test_narration_is_a_variant_folder(monkeypatch):
    from pipeline.variants import variant_name

    assert variant_name("", "dark", narrated=True) == "narrated"
    assert variant_name("", "light", True, "4:3", True) == "light-transparent-4x3-narrated"
    monkeypatch.setenv("NN_NARRATION", "1")
    assert variant_name("", "dark") == "narrated"


# --- a narrated render -------------------------------------------------------------------
def test_a_narrated_render_speaks_in_time_and_caches(tmp_path):
    module = tmp_path / "spoken_course.py"
    module.write_text(TINY)
    media = tmp_path / "media"

    def render() -> str:
        done = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "render.py"), str(module), "--quality", "l",
             "--media-dir", str(media), "--jobs", "1"],
            cwd=ROOT, capture_output=True, text=True, timeout=600, env=_env())
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    said = render()
    out = media / "videos" / "spoken_course" / "480p15" / "narrated"
    video = out / "Spoken.mp4"
    check_narrated(video)
    assert "4 lines" in said and "4 synthesised now" in said
    assert not (out / "Spoken.wav").exists()  # Manim's sound file: in the video now
    # a line lasts its speech and a gap: the voice never runs into the next line
    cues = parse_srt(video.with_suffix(".srt").read_text())
    cache = sorted((media / "narration").rglob("*.wav"))
    assert len(cache) == 4
    stamps = [p.stat().st_mtime_ns for p in cache]
    for before, after in zip(cues[:3], cues[1:4], strict=True):  # four different lines
        assert after.start >= before.end + GAP - 0.05, (before, after)
    # again, nothing changed: nothing synthesised
    said = render()
    assert "0 synthesised now" in said
    assert sorted((media / "narration").rglob("*.wav")) == cache
    assert [p.stat().st_mtime_ns for p in cache] == stamps
    check_narrated(video)


# one scene per written chapter (chapter 3 whole, through make, below)
CHAPTER_SCENES = [("ch01_perceptron", "Perceptron3D"), ("ch02_activations", "BiasThreshold"),
                  ("ch04_point_clouds", "NotALinearMap"),
                  ("ch05_point_clouds_3d", "DirectMap"), ("ch06_digits", "DigitAsNeurons"),
                  ("ch07_gradient_descent", "FunctionAndDerivative"),
                  ("ch08_backprop", "ForwardPass"), ("ch09_training", "DecisionBoundaryTraining"),
                  ("ch10_convolutions", "SoftmaxShares")]


def test_a_scene_of_each_chapter_narrated(tmp_path):
    """Small and few frames (160x90 at 5 frames a second: a third of -ql's frames to
    draw): what is checked is sound against time, which holds at any size and rate (the
    sound is timed by the scene's clock, and each clip's by its picture's length). One
    manim process renders them all, from a module of one subclass per scene (Manim
    renders the scenes a file defines), so Manim and the voice load once, not eight
    times."""
    from pipeline.videofiles import finish_render

    module = tmp_path / "each_chapter.py"
    module.write_text("".join(f"from scenes.{m} import {s} as _{s}\n" for m, s in CHAPTER_SCENES)
                      + "".join(f"\n\nclass {s}(_{s}):\n    pass\n" for _, s in CHAPTER_SCENES))
    scenes = [scene for _, scene in CHAPTER_SCENES]
    media = tmp_path / "media"
    done = subprocess.run(
        [str(Path(sys.executable).with_name("manim")), "-ql", "-r", "160,90",
         "--frame_rate", "5", "--save_sections", "--progress_bar", "none",
         "--disable_caching", "--media_dir", str(media), str(module), *scenes],
        cwd=ROOT, capture_output=True, text=True, timeout=1200, env=_env())
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    out = media / "videos" / module.stem / "90p5" / "narrated"
    finish_render(out, scenes)
    for scene in scenes:
        check_narrated(out / f"{scene}.mp4")


def test_make_ch3_narration(tmp_path):
    """The issue's own words: ``make ch3 NARRATION=1`` renders narrated videos and
    narrated beat clips with matching subtitles (as a draft, ``QUALITY=d``: the sound
    against time holds at any size and rate)."""
    media = tmp_path / "media"
    done = subprocess.run(["make", "ch3", "NARRATION=1", "QUALITY=d", f"MEDIA_DIR={media}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=1200, env=_env())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = media / "videos" / "ch03_linear_maps" / "240p5" / "narrated"
    for scene in ("WeightMatrixAsTransform", "TransformGallery", "LayerEquations"):
        check_narrated(out / f"{scene}.mp4")
    assert (media / ".stamps" / "ch03_linear_maps.d.narrated").is_file()
