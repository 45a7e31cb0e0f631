"""Lecture files for the office suites lecturers teach from: a PowerPoint deck and a
PDF handout, made from what a render wrote (its beats' clips, last frames and words).

- :func:`write_deck`: a ``.pptx`` with a slide per beat, in order. The beat's clip is
  embedded (it plays when the slide is shown and clicked, as PowerPoint and Impress do
  with a video), with the beat's last frame as its poster, so the slide looks right
  before it plays and in print; a small heading names the chapter, scene and beat; the
  **speaker notes hold the beat's subtitles** (what a narrator would say). The slide
  has the render's shape (16:9, 4:3, 1:1 or 9:16: :func:`slide_size`) and the colour
  of the render's own background, read off the frame.
- :func:`write_handout`: a PDF, A4 or US letter: the outline (each scene and its beats),
  then each beat's last frame at the render's own resolution and its words, as text a
  student can search and copy (the DejaVu Sans font, embedded: Greek letters,
  subscripts and arrows included), two or three beats a page.

python-pptx writes the deck and reportlab the handout, each imported when used. Each
file is written whole or not at all (a ``.part`` file renamed into place).

    write_deck(Path("ch3.pptx"), "Chapter 3 · Linear maps", slides)
    write_handout(Path("ch3.pdf"), "Chapter 3 · Linear maps", outline, slides, "letter")
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.aspect import aspect_name, ratio

__all__ = ["PAPERS", "OfficeError", "Slide", "beat_slides", "handout_fonts", "slide_size",
           "write_deck", "write_handout"]

PAPERS = ("a4", "letter")
EMU_PER_INCH = 914400
SHORT_SIDE = 7.5  # inches: PowerPoint's own widescreen slide is 13.333 x 7.5
MIME_TYPES = {".mp4": "video/mp4", ".webm": "video/webm", ".mov": "video/quicktime"}


class OfficeError(ValueError):
    """A deck or handout that cannot be made: one line naming what is missing."""


@dataclass(frozen=True)
class Slide:
    """One beat on a slide or in a handout: its heading (chapter, scene, beat), its clip
    (None: no clip, as for a gif: the still is shown instead), its last frame as an
    image file and its words (the subtitles shown during it)."""

    heading: str
    clip: Path | None
    still: Path
    words: str
    scene: str = ""  # the scene's title: a handout starts a section when it changes
    beat: str = ""  # the beat's own title


def beat_slides(video: Path, stills: Path, chapter: str | None = None) -> list[Slide]:
    """A :class:`Slide` per beat of ``video`` that has a clip, from its manifest
    (:mod:`pipeline.manifest`): its heading names ``chapter`` (if any), the scene and the
    beat; its still is the clip's last frame, drawn into ``stills``; its words are the
    cues shown during it, in order."""
    from pipeline.manifest import load, manifest_path
    from pipeline.videofiles import still

    video = Path(video)
    m = load(manifest_path(video))
    slides = []
    for beat, cues in zip(m.beats, m.cues_by_beat(), strict=True):
        if not beat.clip:
            continue
        clip = video.parent / beat.clip
        heading = " · ".join(part for part in (chapter, m.title, beat.title) if part)
        words = " ".join(" ".join(cue.text.split()) for cue in cues)
        slides.append(Slide(heading, clip, still(clip, stills), words, m.title, beat.title))
    return slides


def slide_size(aspect: str) -> tuple[int, int]:
    """A slide's width and height in EMU for ``aspect``: its short side 7.5 inches (so
    16:9 is PowerPoint's own 13.333 x 7.5 and 4:3 its 10 x 7.5).

    >>> [round(v / EMU_PER_INCH, 3) for v in slide_size("16:9") + slide_size("9:16")]
    [13.333, 7.5, 7.5, 13.333]
    """
    r = ratio(aspect_name(aspect))
    short = SHORT_SIDE * EMU_PER_INCH
    width, height = (short * r, short) if r >= 1 else (short, short / r)
    return round(width), round(height)


def _part(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(f".{path.name}.{os.getpid()}.part")


def _background(still: Path) -> tuple[int, int, int]:
    """The render's background colour: the frame's top-left pixel (a scene keeps its
    corners clear; a transparent render's frame reads as white paper)."""
    from PIL import Image

    with Image.open(still) as image:
        rgba = image.convert("RGBA").getpixel((0, 0))
    if rgba[3] < 128:
        return (255, 255, 255)
    return rgba[:3]


def _ink(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """Text that reads on ``background``: a light grey on a dark one, a dark on a light."""
    luminance = (0.2126 * background[0] + 0.7152 * background[1] + 0.0722 * background[2])
    return (200, 204, 210) if luminance < 128 else (60, 64, 72)


def _fit(box_w: float, box_h: float, w: float, h: float) -> tuple[float, float]:
    """The largest ``w`` x ``h`` shape inside ``box_w`` x ``box_h``."""
    scale = min(box_w / w, box_h / h)
    return w * scale, h * scale


def write_deck(path: Path, title: str, slides: Sequence[Slide], aspect: str) -> Path:
    """A ``.pptx`` at ``path``: a slide per item of ``slides``, shaped for ``aspect``."""
    from PIL import Image
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Pt

    if not slides:
        raise OfficeError(f"{path.name}: no beats to put on slides")
    deck = Presentation()
    deck.slide_width, deck.slide_height = (Emu(v) for v in slide_size(aspect))
    deck.core_properties.title = title
    width, height = deck.slide_width, deck.slide_height
    margin = Emu(int(0.2 * EMU_PER_INCH))
    band = Emu(int(0.45 * EMU_PER_INCH))  # the heading's line
    blank = deck.slide_layouts[6]
    for item in slides:
        slide = deck.slides.add_slide(blank)
        background = _background(item.still)
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = RGBColor(*background)
        box = slide.shapes.add_textbox(margin, Emu(int(0.05 * EMU_PER_INCH)),
                                       width - 2 * margin, band)
        frame = box.text_frame
        frame.word_wrap = True
        run = frame.paragraphs[0].add_run()
        run.text = item.heading
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(*_ink(background))
        with Image.open(item.still) as image:
            w, h = _fit(width - 2 * margin, height - band - margin, *image.size)
        left, top = int((width - w) / 2), int(band + (height - band - margin - h) / 2)
        if item.clip is not None and item.clip.suffix.lower() in MIME_TYPES:
            slide.shapes.add_movie(str(item.clip), left, top, int(w), int(h),
                                   poster_frame_image=str(item.still),
                                   mime_type=MIME_TYPES[item.clip.suffix.lower()])
        else:
            slide.shapes.add_picture(str(item.still), left, top, int(w), int(h))
        slide.notes_slide.notes_text_frame.text = item.words
    part = _part(path)
    try:
        deck.save(str(part))
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return path


# --- the handout -----------------------------------------------------------------------------
def handout_fonts() -> tuple[Path, Path]:
    """DejaVu Sans, regular and bold, as fontconfig finds them (Debian's
    fonts-dejavu-core); OfficeError naming the package when they are missing."""
    found = []
    for style in ("Book", "Bold"):
        path = None
        if shutil.which("fc-match"):
            done = subprocess.run(["fc-match", "-f", "%{file}", f"DejaVu Sans:style={style}"],
                                  capture_output=True, text=True)
            candidate = Path(done.stdout.strip())
            if done.returncode == 0 and candidate.name.startswith("DejaVuSans") and \
                    candidate.suffix == ".ttf" and candidate.is_file():
                path = candidate
        if path is None:
            name = "DejaVuSans.ttf" if style == "Book" else "DejaVuSans-Bold.ttf"
            path = Path("/usr/share/fonts/truetype/dejavu") / name
        if not path.is_file():
            raise OfficeError("a handout needs the DejaVu Sans font: install it (Debian: "
                              "apt-get install fonts-dejavu-core; make setup does)")
        found.append(path)
    return found[0], found[1]


def _paper(paper: str):
    from reportlab.lib.pagesizes import A4, letter

    sizes = {"a4": A4, "letter": letter}
    key = paper.strip().lower()
    if key not in sizes:
        raise OfficeError(f"paper: unknown paper {paper!r}; expected one of: "
                          f"{', '.join(PAPERS)}")
    return sizes[key]


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def write_handout(path: Path, title: str, outline: Sequence[tuple[str, Sequence[str]]],
                  slides: Sequence[Slide], paper: str = "a4") -> Path:
    """A PDF handout at ``path`` on ``paper`` (``a4`` or ``letter``): ``title``, the
    ``outline`` (each scene's title with its beats' titles), then each of ``slides``:
    its heading, its still and its words."""
    from PIL import Image as PILImage
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (
        Image,
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
    )

    if not slides:
        raise OfficeError(f"{path.name}: no beats to put in a handout")
    size = _paper(paper)
    regular, bold = handout_fonts()
    pdfmetrics.registerFont(TTFont("NNSans", str(regular)))
    pdfmetrics.registerFont(TTFont("NNSans-Bold", str(bold)))
    pdfmetrics.registerFontFamily("NNSans", normal="NNSans", bold="NNSans-Bold")
    styles = {
        "title": ParagraphStyle("title", fontName="NNSans-Bold", fontSize=18, leading=23,
                                spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName="NNSans-Bold", fontSize=13, leading=17,
                             spaceBefore=8, spaceAfter=4),
        "outline": ParagraphStyle("outline", fontName="NNSans", fontSize=10, leading=14,
                                  leftIndent=8, spaceAfter=4),
        "beat": ParagraphStyle("beat", fontName="NNSans-Bold", fontSize=10, leading=13,
                               spaceAfter=2),
        "words": ParagraphStyle("words", fontName="NNSans", fontSize=9.5, leading=12.5),
    }
    margin = 15 * mm
    usable_w = size[0] - 2 * margin
    image_h = 56 * mm  # three beats a page at 16:9 and 4:3, two with long words
    story = [Paragraph(_escape(title), styles["title"]),
             Paragraph("Outline", styles["h2"])]
    for scene, beats in outline:
        story.append(Paragraph(f"<b>{_escape(scene)}</b>: " +
                               _escape(" · ".join(beats)), styles["outline"]))
    story.append(Spacer(1, 4 * mm))
    scene = None
    for item in slides:
        block = []
        if item.scene and item.scene != scene:
            scene = item.scene
            block.append(Paragraph(_escape(scene), styles["h2"]))
        with PILImage.open(item.still) as image:
            w, h = _fit(usable_w, image_h, *image.size)
        block += [Paragraph(_escape(item.heading), styles["beat"]),
                  Image(str(item.still), width=w, height=h),
                  Spacer(1, 2 * mm),
                  Paragraph(_escape(item.words) or "(no words)", styles["words"]),
                  Spacer(1, 6 * mm)]
        story.append(KeepTogether(block))

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("NNSans", 8)
        canvas.setFillGray(0.45)
        canvas.drawString(margin, 9 * mm, title)
        canvas.drawRightString(size[0] - margin, 9 * mm, str(doc.page))
        canvas.restoreState()

    part = _part(path)
    try:
        doc = SimpleDocTemplate(str(part), pagesize=size, leftMargin=margin,
                                rightMargin=margin, topMargin=margin, bottomMargin=18 * mm,
                                title=title)
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return path
