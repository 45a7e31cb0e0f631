"""The whole course's real-time factor: render time ÷ video length, per chapter and in
all, beside the floor this machine can reach (encoding as many empty frames).

    python -m benchmarks.course --quality l            # every written chapter at -ql
    python -m benchmarks.course --quality h --jobs 2   # the scenes two at a time
    python -m benchmarks.course --chapters 1 5 --quality l
    python -m benchmarks.course --quality h --make 2     # the course as `make -j2 render`
    python -m benchmarks.course --quality l --make 1 --jobs 1   # `make render JOBS=1`:
                                                               # one scene at a time

Each chapter renders through ``tools/render.py`` (its scenes side by side, ``--jobs``
at once, nothing cached) into a temporary media folder; lengths are read from the
videos with PyAV. The floor encodes the same number of frames of the background colour
at the same size with the project's x264 settings (manim.cfg), the picture converted
once as the project's writer does for a held frame: no scene can be faster than that on
this machine.
``make bench`` prints the cloud benchmark; ``make bench-course`` this one.
"""

from __future__ import annotations

import argparse
import configparser
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.facts import QUALITIES, chapter_folder  # noqa: E402
from scenes.chapters import CHAPTERS, chapter, scene_names  # noqa: E402


@dataclass(frozen=True)
class Row:
    name: str
    render: float  # seconds of wall time
    length: float  # seconds of video
    frames: int

    @property
    def factor(self) -> float:
        return self.render / self.length if self.length else float("nan")

    def line(self) -> str:
        return (f"{self.name:<22} {self.render:7.1f} s for {self.length:6.1f} s of video "
                f"= {self.factor:4.2f}x")


def video_lengths(folder: Path) -> tuple[float, int]:
    """Total seconds and frames of the videos (not the section clips) in ``folder``."""
    seconds, frames = 0.0, 0
    for path in sorted(folder.glob("*.mp4")):
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            seconds += float(container.duration) / av.time_base
            frames += stream.frames or int(round(float(container.duration) / av.time_base
                                                 * float(stream.average_rate)))
    return seconds, frames


def encoder_options() -> dict[str, str]:
    """The x264 options of manim.cfg's [video_encoder.options]."""
    parser = configparser.ConfigParser()
    parser.read(ROOT / "manim.cfg")
    if parser.has_section("video_encoder.options"):
        return {k: str(v) for k, v in parser["video_encoder.options"].items()}
    return {}


def floor_seconds(frames: int, quality: str, sample: int = 600) -> float:
    """Seconds to encode ``frames`` frames of the empty background at ``quality`` with
    the project's x264 settings, as the project's writer does with a held picture
    (converted to the codec's pixels once, then encoded frame after frame; measured on
    ``sample`` of them, scaled): the least any render of that many frames can take."""
    q = QUALITIES[quality]
    width, height, rate = q.width, q.height, q.fps
    n = max(1, min(frames, sample))
    with tempfile.TemporaryDirectory(prefix="nn-floor-") as tmp:
        out = Path(tmp) / "floor.mp4"
        start = time.perf_counter()
        with av.open(str(out), "w") as container:
            stream = container.add_stream("libx264", rate=rate)
            stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
            stream.options = encoder_options()
            background = np.full((height, width, 4), (15, 20, 25, 255), np.uint8)
            picture = av.VideoFrame.from_ndarray(background, format="rgba").reformat(
                format="yuv420p")
            for k in range(n):
                picture.pts = k
                for packet in stream.encode(picture):
                    container.mux(packet)
            for packet in stream.encode():
                container.mux(packet)
        seconds = time.perf_counter() - start
    return seconds * frames / n


def render_chapter(number: int, quality: str, jobs: int, media: Path) -> Row:
    ch = chapter(number)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "render.py"), str(ch.path), "--quality", quality,
         "--media-dir", str(media), "--jobs", str(jobs), "--manim-flags=--disable_caching"],
        cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"chapter {number} failed:\n{(done.stdout + done.stderr)[-2000:]}")
    length, frames = video_lengths(chapter_folder(media, ch.module, quality))
    return Row(f"ch{number} {ch.alias}", seconds, length, frames)


def render_course(quality: str, make_jobs: int, jobs: int | None, media: Path) -> Row:
    """The whole course as a lecturer renders it: ``make -j<make_jobs> render`` (each
    chapter's scenes share the cores make leaves it; ``jobs``: JOBS, scenes a chapter
    renders at once), into ``media``."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "JOBS")}
    cmd = ["make", f"-j{make_jobs}", "render", f"QUALITY={quality}", f"MEDIA_DIR={media}",
           "MANIM_FLAGS=--disable_caching"]
    if jobs is not None:
        cmd.append(f"JOBS={jobs}")
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{(done.stdout + done.stderr)[-2000:]}")
    length, frames = 0.0, 0
    for ch in CHAPTERS:
        folder = chapter_folder(media, ch.module, quality)
        if folder.is_dir():
            add, n = video_lengths(folder)
            length, frames = length + add, frames + n
    what = f"make -j{make_jobs} render" + (f" JOBS={jobs}" if jobs is not None else "")
    return Row(what, seconds, length, frames)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", choices=list(QUALITIES), default="l")
    parser.add_argument("--jobs", type=int, default=None,
                        help="scenes rendered at once (default 2; with --make: JOBS, "
                        "unset by default)")
    parser.add_argument("--chapters", type=int, nargs="*",
                        help="chapter numbers (default: every written chapter)")
    parser.add_argument("--make", type=int, metavar="N", default=None,
                        help="render the whole course with one `make -jN render` instead "
                        "(--jobs then sets JOBS; default: make shares the cores out)")
    args = parser.parse_args(argv)
    if args.make is not None:
        with tempfile.TemporaryDirectory(prefix="nn-course-") as tmp:
            row = render_course(args.quality, args.make, args.jobs, Path(tmp))
        print(f"rendered the course at -q{args.quality}, nothing cached")
        report(row, args.quality)
        return 0
    args.jobs = args.jobs or 2
    numbers = args.chapters or [ch.number for ch in CHAPTERS if scene_names(ch)]
    rows = []
    print(f"rendering {len(numbers)} chapters at -q{args.quality}, {args.jobs} scenes at "
          "once, nothing cached", flush=True)
    with tempfile.TemporaryDirectory(prefix="nn-course-") as tmp:
        for number in numbers:
            row = render_chapter(number, args.quality, args.jobs, Path(tmp))
            rows.append(row)
            print(f"  {row.line()}", flush=True)
    report(Row("course", sum(r.render for r in rows), sum(r.length for r in rows),
               sum(r.frames for r in rows)), args.quality)
    return 0


def report(total: Row, quality: str) -> None:
    """The course's line and, beside it, the floor for as many frames."""
    floor = floor_seconds(total.frames, quality)
    print(f"  {total.line()}")
    print(f"  floor: encoding {total.frames:,} empty frames at -q{quality} takes "
          f"{floor:.1f} s = {floor / total.length:4.2f}x the course's length", flush=True)


if __name__ == "__main__":
    sys.exit(main())
