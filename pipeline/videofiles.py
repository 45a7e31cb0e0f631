"""The finished video files of a render: subtitles in and beside them.

After Manim writes a scene's video and its ``.srt``, :func:`finish_render` puts the
subtitles into each finished video as a soft track (``mov_text`` in .mp4/.mov, WebVTT
in .webm; players show them as CC) and removes Manim's ``partial_movie_files/``, its
cache of pieces, from the folder a lecturer copies from. ``tools/render.py`` (a
chapter) and ``nnexplain render`` (a spec) call it; ``tools/lecture.py`` (decks and
the gallery) reads the cues and durations with the rest.

Standard library at import; numpy and PyAV (``av``) where a video is read or written.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.facts import QUALITY_DIR, sections_folder

if TYPE_CHECKING:
    import numpy as np

__all__ = ["QUALITY_DIR", "SUBTITLE_CODECS", "Cue", "audio_seconds", "embed_subtitles",
           "finish_render", "give_sections_audio", "last_frame", "parse_srt", "srt_to_vtt", "still",
           "subtitle_streams", "video_seconds", "write_vtt"]

SUBTITLE_CODECS = {".mp4": "mov_text", ".mov": "mov_text", ".webm": "webvtt",
                   ".mkv": "webvtt"}
# a quality's folder: 480p15, 1080p60


# --- subtitles -----------------------------------------------------------------------
@dataclass(frozen=True)
class Cue:
    """One subtitle: seconds from the start of its video, and its text (lines joined by
    newlines)."""

    start: float
    end: float
    text: str


_SRT_TIME = re.compile(
    r"(\d+):(\d\d):(\d\d)[,.](\d{1,3})\s*-->\s*(\d+):(\d\d):(\d\d)[,.](\d{1,3})")


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms.ljust(3, "0")) / 1000


def parse_srt(text: str) -> list[Cue]:
    """The cues of an .srt file's text, in file order.

    >>> parse_srt("1\\n00:00:01,500 --> 00:00:02,000\\nHello\\nthere\\n")
    [Cue(start=1.5, end=2.0, text='Hello\\nthere')]
    """
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = block.split("\n")
        for k, line in enumerate(lines[:2]):
            match = _SRT_TIME.search(line)
            if match:
                g = match.groups()
                body = "\n".join(lines[k + 1:]).strip("\n")
                cues.append(Cue(_seconds(*g[:4]), _seconds(*g[4:]), body))
                break
    return cues


def _vtt_time(seconds: float) -> str:
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02}:{m:02}:{s:02}.{ms:03}"


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def srt_to_vtt(text: str) -> str:
    """WebVTT for an .srt file's text: a header, then the same cues numbered alike, with
    ``.`` before the milliseconds and ``&``, ``<``, ``>`` escaped.

    >>> print(srt_to_vtt("1\\n00:00:00,000 --> 00:00:02,933\\nA & B\\n"), end="")
    WEBVTT
    <BLANKLINE>
    1
    00:00:00.000 --> 00:00:02.933
    A &amp; B
    """
    out = ["WEBVTT", ""]
    for n, cue in enumerate(parse_srt(text), start=1):
        out += [str(n), f"{_vtt_time(cue.start)} --> {_vtt_time(cue.end)}",
                _vtt_escape(cue.text), ""]
    return "\n".join(out)


def write_vtt(srt: Path) -> Path:
    """``X.vtt`` beside ``X.srt`` (written again only when the .srt is newer)."""
    vtt = srt.with_suffix(".vtt")
    if not vtt.is_file() or vtt.stat().st_mtime < srt.stat().st_mtime:
        vtt.write_text(srt_to_vtt(srt.read_text(encoding="utf-8")), encoding="utf-8")
    return vtt


# --- soft subtitles inside the videos --------------------------------------------------
# mov_text's encoder reads the styles of an ASS header (FFmpeg's default, shortened)
_ASS_HEADER = b"""[Script Info]
ScriptType: v4.00+
PlayResX: 384
PlayResY: 288

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, \
BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, \
BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,DejaVu Sans,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,\
10,0

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""


def subtitle_streams(video: Path) -> int:
    """How many subtitle streams ``video`` holds."""
    import av

    with av.open(str(video)) as container:
        return len(container.streams.subtitles)


def embed_subtitles(video: Path, srt: Path | None = None, force: bool = False) -> bool:
    """Put ``srt`` (default: the .srt beside ``video``) into ``video`` as its one soft
    subtitle track, in place: the video and audio packets are copied untouched, any
    older subtitle stream is replaced. Cues end with the video, so its duration stays.

    Returns False (and changes nothing) for a format without text subtitles (.gif), a
    missing .srt, or a video that already carries them and is newer than its .srt.
    """
    import av

    srt = srt or video.with_suffix(".srt")
    codec = SUBTITLE_CODECS.get(video.suffix.lower())
    if codec is None or not srt.is_file() or not video.is_file():
        return False
    if (not force and video.stat().st_mtime >= srt.stat().st_mtime
            and subtitle_streams(video)):
        return False
    cues = parse_srt(srt.read_text(encoding="utf-8"))
    tmp = video.with_name(f".{video.stem}.subtitled{video.suffix}")
    try:
        # mp4/mov: the index (moov) before the data, so that a browser reads a video's
        # length without fetching all of it (python -m http.server cannot send a part)
        options = {"movflags": "+faststart"} if codec == "mov_text" else {}
        with av.open(str(video)) as source, av.open(str(tmp), "w", options=options) as out:
            kept = [s for s in source.streams if s.type in ("video", "audio")]
            copies = {s.index: out.add_stream_from_template(s) for s in kept}
            end = _video_seconds(source)
            subs = out.add_stream(codec)
            subs.time_base = Fraction(1, 1000)
            subs.metadata["language"] = "eng"
            subs.metadata["title"] = "English"
            subs.codec_context.subtitle_header = _ASS_HEADER
            packets = []
            for n, cue in enumerate(cues):
                begin = round(cue.start * 1000)
                finish = round(min(cue.end, end) * 1000) if end else round(cue.end * 1000)
                if finish <= begin:
                    continue
                text = cue.text
                if codec == "webvtt":  # stored as WebVTT text, where <b> would be a tag
                    text = _vtt_escape(text)
                text = text.replace("\n", "\\N")  # an ASS line break
                item = av.subtitles.subtitle.SubtitleSet.create(
                    f"{n},0,Default,,0,0,0,,{text}".encode(), 0, finish - begin, begin)
                packet = subs.codec_context.encode_subtitle(item)
                packets.append((begin / 1000, packet, begin, finish - begin))
            pending = iter(packets)
            upcoming = next(pending, None)
            for packet in source.demux(kept):
                if packet.dts is None:
                    continue
                when = float(packet.dts * packet.time_base)
                while upcoming is not None and upcoming[0] <= when:
                    _mux_subtitle(out, subs, upcoming)
                    upcoming = next(pending, None)
                packet.stream = copies[packet.stream_index]
                out.mux(packet)
            while upcoming is not None:
                _mux_subtitle(out, subs, upcoming)
                upcoming = next(pending, None)
        os.replace(tmp, video)
    finally:
        tmp.unlink(missing_ok=True)
    return True


def _mux_subtitle(out, stream, item) -> None:
    _, packet, begin, length = item
    packet.stream = stream
    packet.time_base = stream.time_base
    packet.pts = packet.dts = begin
    packet.duration = length
    out.mux(packet)


def _video_seconds(container) -> float:
    """The length of a container's first video stream (else the container's) in seconds."""
    for stream in container.streams.video:
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
    return float(container.duration / 1_000_000) if container.duration else 0.0


def last_frame(video: Path):
    """The last frame of ``video`` as a PIL image (decodes from the last key frame before
    its final two seconds)."""
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        seconds = _video_seconds(container)
        if seconds > 3 and stream.time_base:
            container.seek(int((seconds - 2) / stream.time_base), stream=stream,
                           backward=True)
        frame = None
        for frame in container.decode(stream):  # noqa: B007 - the last one is kept
            pass
    if frame is None:
        raise ValueError(f"{video}: no video frames")
    return frame.to_image()


def still(clip: Path, folder: Path) -> Path:
    """``folder/<clip's name>.png``: the last frame of ``clip`` (a beat's picture, as it
    is left on screen), drawn again only when the clip is newer."""
    png = Path(folder) / f"{Path(clip).stem}.png"
    if not (png.is_file() and png.stat().st_mtime >= Path(clip).stat().st_mtime):
        png.parent.mkdir(parents=True, exist_ok=True)
        part = png.with_name(f".{png.name}.{os.getpid()}.part")
        last_frame(clip).save(part, format="PNG")
        os.replace(part, png)
    return png


def video_seconds(video: Path) -> float:
    """How long ``video`` plays, in seconds (PyAV)."""
    import av

    with av.open(str(video)) as container:
        return _video_seconds(container)


def audio_seconds(video: Path) -> float:
    """Seconds of sound in ``video`` (0.0 when it has no audio stream)."""
    import av

    with av.open(str(video)) as container:
        if not container.streams.audio:
            return 0.0
        stream = container.streams.audio[0]
        if stream.duration is not None:
            return float(stream.duration * stream.time_base)
        return sum(frame.samples for frame in container.decode(stream)) / stream.rate


def give_sections_audio(video: Path, sections: Path | None = None) -> int:
    """Give ``video`` its sound as long as its picture, and each clip per beat of it
    (Manim's ``--save_sections`` under ``sections/``, listed in ``<Scene>.json``) its
    slice of that sound: Manim 0.22 adds sound only to the whole movie, and it ends
    with the last line. The pictures are copied untouched. Returns the number of clips
    given sound (0 when the video has none).

    The sound is taken from the ``.wav`` Manim leaves beside the video when there is
    one (the voice as synthesised, mono at its own rate: one AAC generation, a quarter
    of the encoding of the movie's 48 kHz stereo), else decoded from the video."""
    import json

    import numpy as np

    sections = sections or video.parent / sections_folder(video.suffix[1:])
    index = sections / f"{video.stem}.json"
    if not video.is_file():
        return 0
    wav = video.with_suffix(".wav")
    found = (_wav_sound(wav) if wav.is_file() else None) or _decoded_sound(video)
    if found is None:
        return 0
    sound, rate, layout = found
    # silence to the end of the picture (or the sound cut there): two tracks as long
    # as each other
    frames = round(video_seconds(video) * rate)
    if sound.shape[1] < frames:
        sound = np.concatenate(
            [sound, np.zeros((sound.shape[0], frames - sound.shape[1]), np.float32)], axis=1)
    sound = np.ascontiguousarray(sound[:, :frames])
    _with_sound(video, sound, rate, layout)
    if not index.is_file():  # no clips per beat (a gif, or no --save_sections)
        return 0
    given, at = 0, Fraction(0)
    for entry in json.loads(index.read_text()):
        length = Fraction(int(entry["nb_frames"])) / Fraction(entry["avg_frame_rate"])
        begin, end = round(at * rate), round((at + length) * rate)
        at += length
        clip = sections / entry["video"]
        if clip.is_file():
            part = sound[:, begin:end]
            if part.shape[1] < end - begin:  # the movie's sound ends early: silence
                pad = np.zeros((sound.shape[0], end - begin - part.shape[1]), np.float32)
                part = np.concatenate([part, pad], axis=1)
            _with_sound(clip, np.ascontiguousarray(part, dtype=np.float32), rate, layout)
            given += 1
    return given


def _wav_sound(wav: Path) -> tuple[np.ndarray, int, str] | None:
    """A 16-bit .wav's samples (float, channels x samples), rate and channel layout."""
    import wave

    import numpy as np

    with wave.open(str(wav)) as sound:
        channels, rate, width = sound.getnchannels(), sound.getframerate(), sound.getsampwidth()
        data = sound.readframes(sound.getnframes())
    if width != 2 or channels not in (1, 2):
        return None
    samples = np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0
    return (samples.reshape(-1, channels).T.copy(), rate,
            "mono" if channels == 1 else "stereo")


def _decoded_sound(video: Path) -> tuple[np.ndarray, int, str] | None:
    """The video's sound (float, channels x samples, from the video's start), its rate
    and channel layout; None when it has none."""
    import av
    import numpy as np

    with av.open(str(video)) as source:
        if not source.streams.audio:
            return None
        stream = source.streams.audio[0]
        rate, layout = stream.rate, stream.layout.name
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
        chunks, first = [], None
        for frame in source.decode(stream):
            if first is None and frame.pts is not None:
                first = float(frame.pts * frame.time_base)
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray())
    sound = np.concatenate(chunks, axis=1) if chunks else np.zeros((1, 0), np.float32)
    lead = max(0, round((first or 0.0) * rate))  # sound that starts late: silence first
    return (np.concatenate([np.zeros((sound.shape[0], lead), np.float32), sound], axis=1),
            rate, layout)


def _with_sound(clip: Path, samples, rate: int, layout: str) -> None:
    """``clip`` with ``samples`` (float, channels x samples) as its AAC (Opus in webm)
    sound, its picture copied; in place."""
    import av

    tmp = clip.with_name(f".{clip.stem}.sound{clip.suffix}")
    codec = "libopus" if clip.suffix == ".webm" else "aac"
    try:
        options = {"movflags": "+faststart"} if clip.suffix in (".mp4", ".mov") else {}
        with av.open(str(clip)) as source, av.open(str(tmp), "w", options=options) as out:
            pictures = [s for s in source.streams if s.type == "video"]
            copies = {s.index: out.add_stream_from_template(s) for s in pictures}
            audio = out.add_stream(codec, rate=48000 if codec == "libopus" else rate)
            audio.layout = layout
            for packet in source.demux(pictures):
                if packet.dts is None:
                    continue
                packet.stream = copies[packet.stream_index]
                out.mux(packet)
            frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout=layout)
            frame.sample_rate, frame.pts = rate, 0
            for packet in audio.encode(frame):
                out.mux(packet)
            for packet in audio.encode(None):
                out.mux(packet)
        os.replace(tmp, clip)
    finally:
        tmp.unlink(missing_ok=True)


def finish_render(folder: Path, scenes: Iterable[str]) -> list[Path]:
    """After scenes rendered into ``folder`` (``videos/<module>/<quality>[/<variant>]``,
    or ``explain/<quality>[/<variant>]`` for specs): each video named after a scene gets
    its .srt as a soft subtitle track, and Manim's pieces of those videos
    (``partial_movie_files/<scene>/``) are removed from the folder a lecturer copies
    from; another render's pieces beside them are left alone, and an emptied
    ``partial_movie_files/`` goes too. Returns the videos given subtitles."""
    folder, scenes = Path(folder), list(scenes)
    done = []
    for scene in scenes:
        for ext in SUBTITLE_CODECS:
            video = folder / f"{scene}{ext}"
            if not video.is_file():
                continue
            give_sections_audio(video)  # a narrated render's clips speak too
            if audio_seconds(video) > 0:  # Manim's sound file beside it: in it now
                (folder / f"{scene}.wav").unlink(missing_ok=True)
            if embed_subtitles(video, force=True):
                done.append(video)
    holders = [folder / "partial_movie_files"]
    if folder.parent.name and QUALITY_DIR.match(folder.parent.name):  # a variant
        holders.append(folder.parent / "partial_movie_files")
    for holder in holders:
        for scene in scenes:
            shutil.rmtree(holder / scene, ignore_errors=True)
        if holder.is_dir() and not any(holder.iterdir()):
            holder.rmdir()
    return done
