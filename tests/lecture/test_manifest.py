"""The manifest beside every video (pipeline/manifest.py): a real chapter render writes
one that agrees with its .srt and its clips on disk, so does a spec's render; decks,
stills and the README's lengths read it; a render without one is one line saying how
to fix it. And importing scenes.base changes nothing in Manim."""

from __future__ import annotations

import doctest
import json
import os
import subprocess
import sys
from pathlib import Path

import lecture
import pytest
import readme
from manim import tempconfig

from pipeline import manifest
from pipeline.manifest import Beat, Manifest, ManifestError, Variant
from pipeline.videofiles import parse_srt, video_seconds
from tests.lecture.course import MODULE, make_course, render_scene
from tests.scenes.helpers import TEX_CACHE, TEXT_CACHE

ROOT = Path(__file__).resolve().parents[2]
FRAME = 1 / 15  # a frame at 480p15


def test_the_module_examples_hold():
    assert doctest.testmod(manifest).failed == 0


def test_a_chapter_render_writes_a_manifest_that_agrees_with_its_files(tiny_chapter):
    out, done = tiny_chapter
    assert done.returncode == 0, done.stdout + done.stderr
    m = manifest.load(out / "Tiny.json")
    assert (m.chapter, m.scene, m.title, m.video, m.quality) == (
        1, "Tiny", "Tiny", "Tiny.mp4", "480p15")
    assert m.variant == Variant(name=None, params={}, theme="dark", aspect="16:9")
    assert [(b.name, b.title) for b in m.beats] == [
        ("title", "Title"), ("dot", "A dot"), ("square", "A square")]
    # the beats follow each other from 0 to the video's end, each as long as its clip
    assert m.beats[0].start == 0 and m.beats[-1].end == m.length
    assert all(a.end == b.start for a, b in zip(m.beats, m.beats[1:], strict=False))
    assert m.length == pytest.approx(video_seconds(out / "Tiny.mp4"), abs=FRAME)
    index = json.loads((out / "sections" / "Tiny.json").read_text())  # Manim's own
    assert [b.clip for b in m.beats] == [f"sections/{s['video']}" for s in index]
    for beat, section in zip(m.beats, index, strict=True):
        assert (out / beat.clip).is_file() and beat.name == section["name"]
        assert beat.duration == pytest.approx(float(section["duration"]), abs=FRAME)
    # the cues are the .srt's, each in the beat it is said in
    assert list(m.cues) == parse_srt((out / "Tiny.srt").read_text())
    said = [[c.text.replace("\n", " ") for c in cues] for cues in m.cues_by_beat()]
    assert said[:2] == [["Chapter 1: Tiny."], ["A dot."]]
    assert len(said[2]) == 2 and " ".join(said[2]) == (
        "A square appears beside the dot, and it stays there until the very end of "
        "the scene.")
    assert [p.name for p in out.glob(".*")] == []  # no temporary file left


def test_a_deck_and_stills_of_a_real_render_follow_its_manifest(tiny_chapter):
    out, _ = tiny_chapter
    media = out.parents[2]
    chapters = [lecture.ChapterInfo(1, "tiny", "tiny_lecture", "A tiny chapter", ["Tiny"])]
    (deck,) = lecture.build_slides(media, "l", chapters)
    m = manifest.load(out / "Tiny.json")
    text = deck.read_text()
    data = json.loads(text.split('id="deck-data">', 1)[1].split("</script>", 1)[0])
    assert [(b["name"], b["title"], b["scene_title"]) for b in data["beats"]] == [
        (b.name, b.title, m.title) for b in m.beats]
    assert [[c[2] for c in b["cues"]] for b in data["beats"]] == [
        [c.text for c in cues] for cues in m.cues_by_beat()]
    stills = lecture.build_stills(media, "l", chapters)
    assert [p.stem for p in stills] == [Path(b.clip).stem for b in m.beats]


def test_a_spec_render_writes_its_manifest_beside_the_spec_video(tmp_path, monkeypatch):
    """What each process of ``nnexplain render`` runs: ExplainSpec with ``NN_SPEC``, its
    video named after the spec under ``explain/``; here up to its second beat, small."""
    from scenes.explainer import ExplainSpec

    class UpToTheData(ExplainSpec):
        def construct(self):
            self.play_story(until="data")

    monkeypatch.setenv("NN_SPEC", str(ROOT / "tests" / "specs" / "tiny-232.toml"))
    config = {"media_dir": str(tmp_path), "pixel_width": 160, "pixel_height": 90,
              "frame_rate": 5, "save_sections": True, "disable_caching": True,
              "progress_bar": "none", "verbosity": "ERROR", "tex_dir": str(TEX_CACHE),
              "text_dir": str(TEXT_CACHE)}
    with tempconfig(config):
        scene = UpToTheData()
        scene.render()
    folder = tmp_path / "explain" / "90p5"
    m = manifest.load(folder / "tiny-232.json")
    assert m.video == "tiny-232.mp4" and (folder / m.video).is_file()
    assert m.chapter is None and m.title == scene.explained.spec.title
    assert [b.name for b in m.beats] == ["title", "data"]
    assert [b.clip for b in m.beats] == ["sections/tiny-232_0000_title.mp4",
                                        "sections/tiny-232_0001_data.mp4"]
    assert list(m.cues) == parse_srt((folder / "tiny-232.srt").read_text())


def test_a_render_without_a_manifest_is_one_line_not_a_guess(tmp_path, capsys):
    media = tmp_path / "renders"
    chapters = make_course(media)
    (media / "videos" / MODULE / "480p15" / "Second.json").unlink()
    lecture.build_slides(media, "l", chapters)
    lines = capsys.readouterr().out.splitlines()
    said = [line for line in lines if "Second" in line]
    assert said == [f"{media}/videos/{MODULE}/480p15/Second.mp4: no manifest (Second.json) "
                    "beside it, an older render; render it again: make ch1",
                    f"deck: {media}/slides/ch1.html (3 beats); missing: Second (make ch1)"]


def test_a_broken_manifest_names_its_file_and_field(tmp_path, capsys):
    media = tmp_path / "renders"
    make_course(media)
    path = media / "videos" / MODULE / "480p15" / "First.json"
    data = json.loads(path.read_text())
    data["beats"][1]["end"] = "soon"
    path.write_text(json.dumps(data))
    with pytest.raises(ManifestError, match=r"First\.json: beats\[1\]\.end: expected "
                                            r"seconds, got 'soon'"):
        manifest.load(path)
    # the decks of the course: one line, not a traceback
    render_scene(media / "videos" / "ch01_perceptron" / "480p15", "First", stem="Perceptron2D")
    path = media / "videos" / "ch01_perceptron" / "480p15" / "Perceptron2D.json"
    path.write_text("{")
    assert lecture.main(["--media-dir", str(media), "slides"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {path}: not JSON") and "\n" not in err


def test_a_gif_beside_an_mp4_keeps_pointing_at_the_mp4s_clips(tmp_path):
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "S_0000_title.mp4").write_bytes(b"")
    mp4 = Manifest(1, "S", "S", "S.mp4", "480p15", Variant(), 2.0,
                   (Beat("title", "Title", 0.0, 2.0, "sections/S_0000_title.mp4"),), ())
    gif = Manifest(1, "S", "S", "S.gif", "480p15", Variant(), 2.0,
                   (Beat("title", "Title", 0.0, 2.0, None),), ())
    assert manifest.with_earlier_clips(gif, mp4, tmp_path).beats == mp4.beats
    other = Manifest(**{**gif.__dict__, "beats": (Beat("title", "Title", 0.0, 3.0, None),)})
    assert manifest.with_earlier_clips(other, mp4, tmp_path) == other  # another story


def test_the_readmes_lengths_are_read_from_manifests(tmp_path):
    from scenes.chapters import chapter

    ch3 = chapter(3)
    folder = tmp_path / "videos" / ch3.module
    render_scene(folder / "480p15", "First", stem="WeightMatrixAsTransform")
    seconds, read = readme.scene_length(tmp_path, ch3, "WeightMatrixAsTransform")
    assert seconds == manifest.load(folder / "480p15" / "WeightMatrixAsTransform.json").length
    assert read.endswith("480p15/WeightMatrixAsTransform.json")
    assert readme.scene_length(tmp_path, ch3, "WeightMatrixAsTransform", "h")[0] is None
    (folder / "480p15" / "WeightMatrixAsTransform.json").unlink()
    seconds, said = readme.scene_length(tmp_path, ch3, "WeightMatrixAsTransform")
    assert seconds is None and said.endswith("render it again: make ch3")
    assert readme.scene_length(tmp_path, ch3, "LayerEquations")[1] == (
        f"LayerEquations: not rendered under {tmp_path}; render it: make ch3")


def test_importing_the_scene_base_changes_nothing_in_manim():
    """The faster writer of held frames is installed when a scene is built, and a wrong
    NN_ASPECT is found then too, not on import (scenes/base.py's docstring)."""
    code = """
from manim.scene.video_segment_encoder import VideoSegmentEncoder
before = VideoSegmentEncoder.write_frame
import scenes.base
from scenes import encoding
print(VideoSegmentEncoder.write_frame is before)
try:
    scenes.base.start_scene()
except ValueError as err:
    print(err)
print(VideoSegmentEncoder.write_frame is encoding._write_frame)
"""
    env = dict(os.environ, NN_ASPECT="5:4")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "True", "NN_ASPECT: unknown aspect '5:4'; expected one of: 16:9, 4:3, 1:1, 9:16",
        "True"]
