"""Lecture files for office suites (issue 25): a PowerPoint deck and a PDF handout per
chapter (tools/lecture.py ``build_office``, pipeline/office.py), opened by LibreOffice
Impress and read by poppler's pdftotext, the programs a lecturer and a student use."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pipeline.manifest import load
from pipeline.office import OfficeError, slide_size, write_handout
from tests.lecture.course import MODULE, make_course, render_scene
from tests.office import impress_to_pdf, need_office_tools, page_size, pdf_text, pdfinfo

ROOT = Path(__file__).resolve().parents[2]
@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """The tiny course (tests/lecture/course.py) with a 4:3 variant of its first scene;
    every chapter's deck and handout (A4; the variant's on US letter), and each deck as
    LibreOffice Impress converts it to PDF (one soffice run for them all)."""
    import lecture

    need_office_tools()
    media = tmp_path_factory.mktemp("office") / "renders"
    chapters = make_course(media)
    render_scene(media / "videos" / MODULE / "480p15" / "light-4x3", "First", size=(240, 180),
                 aspect="4:3")
    made = {
        "pptx": lecture.build_office(media, "pptx", "l", chapters),
        "pdf": lecture.build_office(media, "handouts", "l", chapters),
        "pptx-4x3": lecture.build_office(media, "pptx", "l", chapters, variant="light-4x3"),
        "pdf-letter": lecture.build_office(media, "handouts", "l", chapters,
                                           variant="light-4x3", paper="letter"),
    }
    converted = media / "converted"
    done = impress_to_pdf(made["pptx"] + made["pptx-4x3"], converted)
    return media, chapters, made, converted, done


def _beats(media: Path, scenes: list[str], folder: str = "480p15") -> list:
    """The beats of the rendered scenes, in order, with their cues (the manifests)."""
    out = []
    for scene in scenes:
        m = load(media / "videos" / MODULE / folder / f"{scene}.json")
        for beat, cues in zip(m.beats, m.cues_by_beat(), strict=True):
            out.append((m.title, beat, [" ".join(c.text.split()) for c in cues]))
    return out


def test_a_deck_and_a_handout_per_rendered_chapter(office):
    media, _, made, _, _ = office
    assert made["pptx"] == [media / "slides" / "ch1.pptx"]  # chapter 2 is not rendered
    assert made["pdf"] == [media / "handouts" / "ch1.pdf"]
    assert made["pptx-4x3"] == [media / "slides" / "ch1-light-4x3.pptx"]
    assert made["pdf-letter"] == [media / "handouts" / "ch1-light-4x3.pdf"]
    assert not list(media.rglob("*.part"))


def test_each_slide_is_a_beat_with_its_clip_its_poster_and_its_words(office):
    """Read back with python-pptx (what is inside the file; the office suite's reading
    is the next test)."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    media, _, made, _, _ = office
    deck = Presentation(str(made["pptx"][0]))
    beats = _beats(media, ["First", "Second"])
    assert len(deck.slides) == len(beats) == 5
    assert (deck.slide_width, deck.slide_height) == slide_size("16:9")
    for slide, (scene, beat, words) in zip(deck.slides, beats, strict=True):
        heading = slide.shapes[0].text_frame.text
        assert heading == f"Chapter 1 · {scene} · {beat.title}"
        (movie,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.MEDIA]
        clip = media / "videos" / MODULE / "480p15" / beat.clip
        embedded = [rel.target_part.blob for rel in slide.part.rels.values()
                    if rel.reltype.endswith("/video") or rel.reltype.endswith("/media")]
        assert clip.read_bytes() in embedded  # the beat's own clip, whole
        assert movie.width / movie.height == pytest.approx(16 / 9, rel=0.02)
        assert slide.notes_slide.notes_text_frame.text == " ".join(words)


def test_libreoffice_opens_every_deck_a_page_per_slide_in_its_shape(office):
    media, _, made, converted, done = office
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Error" not in done.stderr, done.stderr
    for deck, (width, height), slides in ((made["pptx"][0], (16, 9), 5),
                                          (made["pptx-4x3"][0], (4, 3), 3)):
        pdf = converted / f"{deck.stem}.pdf"
        assert pdf.is_file(), (deck, done.stdout, done.stderr)
        assert int(pdfinfo(pdf)["Pages"]) == slides
        w, h = page_size(pdf)
        assert w / h == pytest.approx(width / height, rel=0.01)


def test_the_handout_says_every_subtitle_in_order_as_text(office):
    media, _, made, _, _ = office
    text = pdf_text(made["pdf"][0])
    assert text.startswith("Chapter 1 · A tiny chapter")
    assert "The first scene: Title · A dot appears · The sum" in text  # the outline
    at = text.index("The sum")  # past the outline
    for _, beat, words in _beats(media, ["First", "Second"]):
        at = text.index(beat.title, at)
        for cue in words:
            at = text.index(cue, at) + len(cue)  # found, after what came before
    w, h = page_size(made["pdf"][0])
    assert (round(w), round(h)) == (595, 842)  # A4


def test_the_variants_handout_is_on_letter_paper_with_its_frames(office):
    pdf = office[2]["pdf-letter"][0]
    w, h = page_size(pdf)
    assert (round(w), round(h)) == (612, 792)
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert [line.split()[3:5] for line in images] == [["240", "180"]] * 3  # the frames, whole


def test_a_wrong_paper_or_nothing_rendered_is_one_line(tmp_path, capsys):
    import lecture

    with pytest.raises(OfficeError, match=r"^paper: unknown paper 'a5'; expected one of: "
                                          r"a4, letter$"):
        write_handout(tmp_path / "x.pdf", "x", [], [object()], "a5")  # type: ignore[list-item]
    assert lecture.main(["--media-dir", str(tmp_path), "handouts", "--paper", "a5"]) == 0
    assert "nothing rendered" in capsys.readouterr().out
    assert not (tmp_path / "handouts").exists()


def test_make_pptx_and_handouts_render_first_and_pass_the_paper(tmp_path):
    from tests.scenes.helpers import make_dry_run

    done = make_dry_run("pptx", "handouts", "PAPER=letter", f"MEDIA_DIR={tmp_path}")
    assert done.returncode == 0, done.stderr
    assert f"tools/lecture.py --media-dir {tmp_path} --quality l  pptx" in done.stdout
    assert "handouts --paper letter" in done.stdout
    assert "tools/render.py scenes/ch03_linear_maps.py" in done.stdout  # rendered first
    bad = make_dry_run("handouts", "PAPER=a5")
    assert bad.returncode != 0 and "PAPER must be a4 or letter; got 'a5'" in bad.stderr
