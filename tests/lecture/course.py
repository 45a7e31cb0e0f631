"""A tiny rendered course, made in a second with PyAV instead of Manim: the folders,
files and formats ``make chN`` leaves under ``renders/`` (a finished video, its .srt
and its manifest per scene, a clip per beat under ``sections/`` with Manim's JSON
index), small enough for the presenting tools' tests and the browser tests.

Chapter 1 ("ch01_tiny") has two scenes rendered at 480p15, ``First`` (three beats) and
``Second`` (two beats), plus a 720p30 ``First`` and a ``rotation`` variant of it;
chapter 2 is written but not rendered; the generator's folder holds ``moons``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.facts import QUALITY_DIR
from pipeline.manifest import Beat, Cue, Manifest, Variant, manifest_path, write
from scenes.theme import THEME

FPS = 15
SIZE = (320, 180)
MODULE = "ch01_tiny"


@dataclass(frozen=True)
class FakeBeat:
    name: str
    title: str
    seconds: float
    cues: tuple[str, ...]  # subtitles said in the beat, one after another
    color: str  # the moving square's colour


SCENES: dict[str, tuple[str, tuple[FakeBeat, ...]]] = {
    "First": ("The first scene", (
        FakeBeat("title", "Title", 1.0, ("Chapter 1: The first scene.",), THEME.text),
        FakeBeat("dot", "A dot appears", 1.2, ("A dot.", "It moves & <grows>."),
                 THEME.positive),
        FakeBeat("sum", "The sum", 1.0, ("One plus one\nis two.",), THEME.negative),
    )),
    "Second": ("The second scene", (
        FakeBeat("title", "Title", 0.8, ("Chapter 1: The second scene.",), THEME.text),
        FakeBeat("line", "A line", 1.0, ("A line through the plane.",), THEME.accent),
    )),
}


def _hex(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return tuple(int(color[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def beat_frames(scene: str, k: int, beat: FakeBeat, size=SIZE, fps=FPS) -> list[np.ndarray]:
    """The frames of one beat: the background, the beat's name, and a square that moves
    from left to right (so the last frame is told apart from the first)."""
    width, height = size
    font = ImageFont.load_default(size=max(12, height // 10))
    n = max(1, round(beat.seconds * fps))
    frames = []
    for i in range(n):
        image = Image.new("RGB", size, _hex(THEME.background))
        draw = ImageDraw.Draw(image)
        draw.text((10, 8), f"{scene} · {k}: {beat.title}", fill=_hex(THEME.text), font=font)
        x = int(10 + (width - 60) * i / max(1, n - 1))
        draw.rectangle([x, height // 2 - 20, x + 40, height // 2 + 20], fill=_hex(beat.color))
        frames.append(np.asarray(image))
    return frames


def write_video(path: Path, frames: list[np.ndarray], fps: int = FPS) -> None:
    """H.264 in .mp4 (or VP9 in .webm), as Manim writes them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    codec = "libvpx-vp9" if path.suffix == ".webm" else "libx264"
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=Fraction(fps))
        stream.width, stream.height = frames[0].shape[1], frames[0].shape[0]
        stream.pix_fmt = "yuv420p"
        for array in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(array, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def _srt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02}:{ms // 60_000 % 60:02}:{ms // 1000 % 60:02},{ms % 1000:03}"


def render_scene(folder: Path, scene: str, sections: bool = True, webm: bool = False,
                 size=SIZE, fps: int = FPS, stem: str | None = None,
                 fmt: str = "mp4", aspect: str = "16:9") -> Path:
    """One scene as Manim and the scene leave it in ``folder``: ``<stem>.<fmt>``,
    ``<stem>.srt``, its manifest ``<stem>.json`` and, with ``sections``,
    ``sections/<stem>_000k_<beat>.mp4`` and ``sections/<stem>.json`` (``sections-webm/``
    for a webm render; ``stem``: the scene's name unless given; ``webm``: a webm beside
    the mp4; ``aspect``: the manifest's, frames of ``size``)."""
    title, beats = SCENES[scene]
    stem = stem or scene
    clips = folder / ("sections" if fmt == "mp4" else f"sections-{fmt}")
    everything, index, cues, start, timed = [], [], [], 0.0, []
    for k, beat in enumerate(beats):
        frames = beat_frames(scene, k, beat, size, fps)
        everything += frames
        seconds = len(frames) / fps
        clip = None
        if sections:
            clip = f"{stem}_{k:04}_{beat.name}.{fmt}"
            write_video(clips / clip, frames, fps)
            index.append({"name": beat.name, "type": "default.normal", "video": clip,
                          "width": size[0], "height": size[1], "nb_frames": str(len(frames)),
                          "duration": f"{seconds:.6f}", "avg_frame_rate": f"{fps}/1",
                          "codec_name": "h264", "pix_fmt": "yuv420p"})
            clip = f"{clips.name}/{clip}"
        timed.append(Beat(beat.name, beat.title, round(start, 3), round(start + seconds, 3),
                          clip))
        share = seconds / len(beat.cues)
        for j, text in enumerate(beat.cues):
            cues.append((start + j * share, start + (j + 1) * share - 0.05, text))
        start += seconds
    write_video(folder / f"{stem}.{fmt}", everything, fps)
    if webm:
        write_video(folder / f"{stem}.webm", everything, fps)
    srt = "\n".join(f"{n}\n{_srt_time(a)} --> {_srt_time(b)}\n{text}\n"
                    for n, (a, b, text) in enumerate(cues, start=1))
    (folder / f"{stem}.srt").write_text(srt)
    if sections:
        (clips / f"{stem}.json").write_text(json.dumps(index, indent=4))
    variant = None if QUALITY_DIR.match(folder.name) else folder.name
    write(Manifest(chapter=1, scene=scene, title=title, video=f"{stem}.{fmt}",
                   quality=f"{size[1]}p{fps}", variant=Variant(name=variant, aspect=aspect),
                   length=round(start, 3), beats=tuple(timed),
                   cues=tuple(Cue(round(a, 3), round(b, 3), text) for a, b, text in cues)),
          manifest_path(folder / f"{stem}.{fmt}"))
    # Manim's cache of pieces, which finish_render removes
    (folder / "partial_movie_files" / stem).mkdir(parents=True, exist_ok=True)
    (folder / "partial_movie_files" / stem / "0123abcd.mp4").write_bytes(b"\0")
    return folder / f"{stem}.{fmt}"


def make_course(media: Path):
    """The tiny course under ``media`` (a ``renders/``) and its table of contents, as
    :func:`lecture.course` gives it for the real one."""
    import lecture

    low = media / "videos" / MODULE / "480p15"
    render_scene(low, "First", webm=True)
    render_scene(low, "Second")
    render_scene(media / "videos" / MODULE / "720p30", "First", size=(640, 360), fps=30)
    render_scene(low / "rotation", "First", sections=False)
    render_scene(media / "explain" / "480p15", "Second", stem="moons")
    chapters = [
        lecture.ChapterInfo(1, "tiny", MODULE, "A tiny chapter", list(SCENES)),
        lecture.ChapterInfo(2, "later", "ch02_later", "Not rendered yet", ["Later"]),
    ]
    return chapters
