"""tools/lecture.py: WebVTT from .srt, subtitles inside the videos, beats with their
subtitles, decks, the gallery and stills, on a tiny course made with PyAV
(tests/lecture/course.py); and tools/render.py finishing a real chapter render."""

from __future__ import annotations

import doctest
import hashlib
import html.parser
import json
import re
import struct
from pathlib import Path
from urllib.parse import unquote

import av
import lecture
import numpy as np
import pytest
import srt as srt_lib

from tests.lecture.course import MODULE, SCENES, make_course, render_scene

SAMPLE_SRT = """1
00:00:00,000 --> 00:00:02,933
Chapter 3: From neuron equations to one
matrix.

2
00:00:02,933 --> 00:00:06,000
x < 0 & y > 1

3
01:02:03,004 --> 01:02:05,600
one line
"""

SAMPLE_VTT = """WEBVTT

1
00:00:00.000 --> 00:00:02.933
Chapter 3: From neuron equations to one
matrix.

2
00:00:02.933 --> 00:00:06.000
x &lt; 0 &amp; y &gt; 1

3
01:02:03.004 --> 01:02:05.600
one line
"""


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    media = tmp_path_factory.mktemp("course") / "renders"
    return media, make_course(media)


def test_the_module_examples_hold():
    assert doctest.testmod(lecture).failed == 0


def test_vtt_is_the_srt_with_a_header_dots_and_escapes():
    assert lecture.srt_to_vtt(SAMPLE_SRT) == SAMPLE_VTT
    # Windows line ends and a cue without its number read the same
    loose = SAMPLE_SRT.replace("\n", "\r\n").replace("2\r\n00:00:02", "00:00:02")
    assert lecture.srt_to_vtt(loose) == SAMPLE_VTT


def test_srt_reading_agrees_with_the_srt_package():
    ours = lecture.parse_srt(SAMPLE_SRT)
    theirs = list(srt_lib.parse(SAMPLE_SRT))
    assert [(c.start, c.end, c.text) for c in ours] == [
        (s.start.total_seconds(), s.end.total_seconds(), s.content) for s in theirs]


def test_write_vtt_lands_beside_the_srt(tmp_path):
    path = tmp_path / "Scene.srt"
    path.write_text(SAMPLE_SRT)
    assert lecture.write_vtt(path) == tmp_path / "Scene.vtt"
    assert (tmp_path / "Scene.vtt").read_text() == SAMPLE_VTT


def _packets(video: Path) -> list[str]:
    with av.open(str(video)) as container:
        return [hashlib.sha1(bytes(p)).hexdigest()
                for p in container.demux(video=0) if p.size]


def _subtitles(video: Path) -> list[tuple[float, bytes]]:
    with av.open(str(video)) as container:
        stream = container.streams.subtitles[0]
        return [(float(p.pts * p.time_base), bytes(p)) for p in container.demux(stream)
                if p.size > 2]  # mov_text: a 2-byte length before the text; gaps are empty


def _atoms(path: Path) -> list[str]:
    """The top-level boxes of an mp4, in file order."""
    names = []
    with path.open("rb") as f:
        while len(head := f.read(8)) == 8:
            size, kind = struct.unpack(">I4s", head)
            if size == 1:
                size = struct.unpack(">Q", f.read(8))[0] - 8
            f.seek(size - 8, 1)
            names.append(kind.decode())
    return names


def test_subtitles_go_inside_mp4_and_webm_without_touching_the_picture(tmp_path):
    video = render_scene(tmp_path, "First", sections=False, webm=True)
    before = _packets(video)
    seconds = lecture.video_seconds(video)
    assert lecture.embed_subtitles(video) is True
    assert _packets(video) == before  # the video packets are copied, not re-encoded
    assert lecture.video_seconds(video) == pytest.approx(seconds)
    with av.open(str(video)) as container:
        assert container.streams.subtitles[0].codec_context.name == "mov_text"
        assert container.streams.subtitles[0].metadata.get("language") == "eng"
        assert container.duration / 1e6 == pytest.approx(seconds, abs=0.01)
    atoms = _atoms(video)
    assert atoms.index("moov") < atoms.index("mdat")  # its length readable first
    texts = [data for _, data in _subtitles(video)]
    cues = lecture.parse_srt((tmp_path / "First.srt").read_text())
    assert len(texts) == len(cues)
    assert [t[2:].decode() for t in texts] == [c.text for c in cues]  # mov_text: raw text
    # up to date: nothing done; forced (a new .srt): the old track is replaced, not added
    assert lecture.embed_subtitles(video) is False
    assert lecture.embed_subtitles(video, force=True) is True
    assert lecture.subtitle_streams(video) == 1 and _packets(video) == before

    webm = tmp_path / "First.webm"
    assert lecture.embed_subtitles(webm) is True
    with av.open(str(webm)) as container:
        assert container.streams.subtitles[0].codec_context.name == "webvtt"
    stored = [data.decode() for _, data in _subtitles(webm)]
    assert "It moves &amp; &lt;grows&gt;." in stored  # WebVTT text, escaped
    # frames still decode as before (tools/frames.py, the frame tests)
    with av.open(str(video)) as container:
        assert sum(1 for _ in container.decode(video=0)) == round(3.2 * 15)

    gif = tmp_path / "First.gif"
    gif.write_bytes(b"GIF89a")
    assert lecture.embed_subtitles(gif) is False


def test_finishing_a_render_embeds_and_removes_manims_pieces(tmp_path):
    folder = tmp_path / "videos" / MODULE / "480p15"
    render_scene(folder, "First")
    render_scene(folder / "rotation", "First", sections=False)
    (folder / "partial_movie_files" / "First").mkdir(parents=True, exist_ok=True)
    done = lecture.finish_render(folder, ["First"])
    assert done == [folder / "First.mp4"]
    assert not (folder / "partial_movie_files").exists()
    assert lecture.subtitle_streams(folder / "First.mp4") == 1
    lecture.finish_render(folder / "rotation", ["First"])  # a variant: its own folder
    assert not (folder / "rotation" / "partial_movie_files").exists()


def test_beats_follow_the_sections_each_with_its_subtitles(course):
    media, _ = course
    render = lecture.pick(lecture.renders_of(media / "videos" / MODULE, "First"), "l")
    assert render.quality == "480p15" and render.variant is None
    beats = lecture.beats_of(render)
    expected = SCENES["First"][1]
    assert [b.name for b in beats] == [b.name for b in expected]
    assert [b.title for b in beats] == ["Title", "A dot appears", "The sum"]
    assert [[c.text for c in b.cues] for b in beats] == [list(b.cues) for b in expected]
    for beat, fake in zip(beats, expected, strict=True):
        assert beat.clip.is_file() and beat.duration == pytest.approx(fake.seconds, abs=0.07)
        assert all(0 <= c.start < c.end <= beat.duration + 1e-6 for c in beat.cues)
    assert beats[1].start == pytest.approx(beats[0].duration)
    # the quality asked for, else the best one that plays
    assert lecture.pick(lecture.renders_of(media / "videos" / MODULE, "First"),
                        "m").quality == "720p30"
    assert lecture.pick(lecture.renders_of(media / "videos" / MODULE, "First"),
                        "h").quality == "720p30"


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "poster", "data-file") and value:
                self.links.append(value)


def _links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text())
    return parser.links


def _deck_data(page: Path) -> dict:
    text = re.search(r'<script type="application/json" id="deck-data">(.*?)</script>',
                     page.read_text(), re.S).group(1)
    return json.loads(text)


def test_a_deck_lists_every_beat_in_order_with_its_subtitle(course):
    media, chapters = course
    (media / "index.html").unlink(missing_ok=True)
    decks = lecture.build_slides(media, "l", chapters)
    assert decks == [media / "slides" / "ch1.html"]  # chapter 2 has nothing rendered
    assert "../index.html" not in decks[0].read_text()  # no gallery yet: no link to it
    data = _deck_data(decks[0])
    want = [(scene, b.name, list(b.cues)) for scene, (_, beats) in SCENES.items()
            for b in beats]
    got = [(b["scene"], b["name"], [c[2] for c in b["cues"]]) for b in data["beats"]]
    assert got == want
    assert data["scenes"] == 2 and data["beats"][3]["scene_title"] == "The second scene"
    for beat in data["beats"]:
        clip = (decks[0].parent / unquote(beat["src"])).resolve()
        assert clip.is_file() and clip.parent.name == "sections"
        assert not beat["src"].startswith(("/", "file:", "http"))
    for link in _links(decks[0]):
        assert link.startswith("data:") or (decks[0].parent / unquote(link)).exists(), link
    text = decks[0].read_text()
    assert "http://" not in text and "https://" not in text  # offline: nothing fetched


def test_the_gallery_links_only_files_that_exist(course):
    media, chapters = course
    index = lecture.build_gallery(media, "l", chapters)
    links = _links(index)
    files = [link for link in links if not link.startswith(("data:", "#"))]
    for link in files:
        assert not link.startswith(("/", "file:", "http")), link
        assert (media / unquote(link)).is_file(), link
    names = {Path(unquote(link)).relative_to("videos").as_posix() for link in files
             if link.startswith("videos/")}
    folder = f"{MODULE}/480p15"
    for wanted in (f"{folder}/First.mp4", f"{folder}/First.webm", f"{folder}/First.srt",
                   f"{folder}/First.vtt", f"{folder}/Second.mp4",
                   f"{folder}/rotation/First.mp4", f"{MODULE}/720p30/First.mp4"):
        assert wanted in names
    assert "slides/ch1.html" in links and "slides/ch2.html" not in links
    assert "../index.html" in _links(media / "slides" / "ch1.html")  # and back
    assert any(link.startswith("gallery/") and link.endswith(".jpg") for link in links)
    assert "explain/480p15/moons.mp4" in links  # "Your networks"
    page = index.read_text()
    assert "Your networks" in page and "not rendered yet: make ch2" in page
    assert "The first scene" in page and "0:03" in page  # title and duration
    # each player has its track: the .vtt inline (file:// pages cannot fetch tracks)
    tracks = re.findall(r'<track [^>]*src="data:text/vtt;base64,([^"]+)"', page)
    assert len(tracks) == 3
    import base64

    assert base64.b64decode(tracks[0]).decode() == (
        media / "videos" / folder / "First.vtt").read_text()
    assert lecture.subtitle_streams(media / "explain" / "480p15" / "moons.mp4") == 1
    from scenes.theme import THEME

    assert THEME.background in page  # the theme's colours, not retyped ones


def test_a_variant_and_a_webm_render_get_their_own_decks(tmp_path):
    """``make slides PARAMS=rotation.toml`` (or another theme) decks the variant's
    renders, into ``chN-<variant>.html``; a webm render's clips are under
    ``sections-webm/``."""
    media = tmp_path / "renders"
    chapters = make_course(media)
    render_scene(media / "videos" / MODULE / "480p15" / "light", "First", fmt="webm")
    decks = lecture.build_slides(media, "l", chapters, variant="light")
    assert decks == [media / "slides" / "ch1-light.html"]
    data = _deck_data(decks[0])
    assert [b["src"] for b in data["beats"]] == [
        f"../videos/{MODULE}/480p15/light/sections-webm/First_{k:04}_{b.name}.webm"
        for k, b in enumerate(SCENES["First"][1])]  # Second has no light render: left out
    assert "(light)" in data["title"]
    index = lecture.build_gallery(media, "l", chapters)
    links = _links(index)
    assert "slides/ch1.html" in links and "slides/ch1-light.html" in links
    assert f"videos/{MODULE}/480p15/light/First.webm" in links
    stills = lecture.build_stills(media, "l", chapters, variant="light")
    assert stills[0] == (media / "stills" / MODULE / "480p15" / "light" / "First"
                         / "First_0000_title.png")


def test_stills_are_the_last_frame_of_each_beat(course):
    media, chapters = course
    stills = lecture.build_stills(media, "l", chapters)
    folder = media / "stills" / MODULE / "480p15"
    assert [p.relative_to(folder).as_posix() for p in stills] == [
        f"{scene}/{scene}_{k:04}_{b.name}.png"
        for scene, (_, beats) in SCENES.items() for k, b in enumerate(beats)]
    from PIL import Image

    # the square has moved to the right edge by a beat's last frame, in the beat's colour
    image = np.asarray(Image.open(folder / "First" / "First_0001_dot.png").convert("RGB"))
    right = image[80:100, 285:300].reshape(-1, 3).mean(axis=0)
    assert np.abs(right - [0x56, 0xB4, 0xE9]).max() < 25
    left = image[80:100, 15:40].reshape(-1, 3).mean(axis=0)
    assert np.abs(left - [0x0F, 0x14, 0x19]).max() < 25


def test_a_chapter_render_ends_with_subtitles_inside_and_no_pieces(tiny_chapter):
    out, done = tiny_chapter
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (out / "partial_movie_files").exists()
    assert (out / "sections" / "Tiny.json").is_file()
    with av.open(str(out / "Tiny.mp4")) as container:
        assert [s.type for s in container.streams] == ["video", "subtitle"]
    assert [t[2:].decode() for _, t in _subtitles(out / "Tiny.mp4")] == [
        c.text for c in lecture.parse_srt((out / "Tiny.srt").read_text())]
