"""End to end: ``nnexplain render *.toml -q d -j 2`` in the examples' folder (the specs
named where the user stands, their model and CSV files relative to them) writes a video
and an .srt for every example, whose subtitles are the script nnmath's facts make (at the
draft quality: what is checked is the files and the words, the same at any size)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nnexplain import check
from nnexplain.story import story
from pipeline.facts import explain_path as output_path

pytestmark = pytest.mark.render  # whole renders in other processes: started first

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("renders")
    result = subprocess.run(  # from the specs' own folder: manim runs from the project's
        [sys.executable, "-m", "nnexplain", "render", *(p.name for p in EXAMPLES), "-q", "d",
         "-j", "2", "--pptx", "--out", str(out)],
        cwd=ROOT / "examples", capture_output=True, text=True, timeout=1500)
    return out, result


def test_there_are_at_least_four_examples():
    assert len(EXAMPLES) >= 4
    names = {p.stem for p in EXAMPLES}
    assert {"seed-222", "seed-232", "moons", "rings", "iris-onnx", "digits-8x8"} <= names


def test_every_example_gets_a_video_and_subtitles(rendered):
    out, result = rendered
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    for spec in EXAMPLES:
        video = output_path(out, spec.stem, "d")
        assert video.is_file() and video.stat().st_size > 10_000, video
        assert video.with_suffix(".srt").is_file()
        assert str(video.name) in result.stdout  # the paths are printed at the end
    assert "stage 1/" in result.stdout  # progress, stage by stage


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.stem)
def test_the_subtitles_say_the_script(rendered, spec):
    out, _ = rendered
    srt = output_path(out, spec.stem, "d").with_suffix(".srt").read_text()
    said = " ".join(line for line in srt.splitlines()
                    if line and "-->" not in line and not line.isdigit())
    script = story(check(spec))
    for sentence in (script.opening, *(s.sentence for s in script.shots), script.closing):
        # cues split a sentence over lines and cues: compare the words in order
        assert " ".join(sentence.split()) in " ".join(said.split()), sentence


def test_the_videos_are_finished(rendered):
    """The subtitles travel inside each video as a track, and Manim's pieces are gone
    from the folder a lecturer copies from."""
    from pipeline.videofiles import subtitle_streams

    out, result = rendered
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    folder = output_path(out, "seed-222", "d").parent
    assert not (folder / "partial_movie_files").exists()
    for spec in EXAMPLES:
        assert subtitle_streams(output_path(out, spec.stem, "d")) == 1


def test_sections_hold_a_clip_per_stage(rendered):
    out, _ = rendered
    sections = output_path(out, "seed-222", "d").parent / "sections"
    clips = sorted(sections.glob("seed-222_*.mp4"))
    stages = check(ROOT / "examples" / "seed-222.toml").stages
    assert len(clips) >= len(stages)


def test_pptx_puts_a_deck_beside_each_video_that_impress_opens(rendered, tmp_path):
    """``--pptx``: a deck per spec, a slide per stage with its clip and its subtitles as
    speaker notes, each converted by LibreOffice Impress to a PDF of a page per slide."""
    from pptx import Presentation

    from pipeline.manifest import load, manifest_path
    from tests.office import impress_to_pdf, pdfinfo

    out, result = rendered
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    decks = []
    for spec in EXAMPLES:
        video = output_path(out, spec.stem, "d")
        deck = video.with_suffix(".pptx")
        assert f"{deck.name}  (a deck: " in result.stdout
        made = load(manifest_path(video))
        slides = Presentation(str(deck)).slides
        assert len(slides) == len([b for b in made.beats if b.clip])
        said = [" ".join(" ".join(c.text.split()) for c in cues) for cues in made.cues_by_beat()]
        assert [s.notes_slide.notes_text_frame.text for s in slides] == said
        decks.append(deck)
    done = impress_to_pdf(decks, tmp_path)
    assert done.returncode == 0, done.stderr
    for deck in decks:
        assert int(pdfinfo(tmp_path / f"{deck.stem}.pdf")["Pages"]) == \
            len(Presentation(str(deck)).slides)


def test_pptx_with_a_gif_is_refused_before_rendering(tmp_path):
    done = subprocess.run([sys.executable, "-m", "nnexplain", "render", "seed-222.toml",
                           "--format", "gif", "--pptx", "--out", str(tmp_path)],
                          cwd=ROOT / "examples", capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: --pptx puts a clip per stage on each slide, and a gif has none; use "
        "--format mp4 (the default), webm or mov"]
    assert not list(tmp_path.iterdir())
