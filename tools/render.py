"""Render one chapter quietly, its scenes side by side: a line per scene and beat with
the time so far; Manim's whole log goes to a file per scene under renders/logs/, whose
path is printed if anything fails.

    python tools/render.py scenes/ch03_linear_maps.py --quality l [--jobs 2]

Used by ``make chN`` (``JOBS=n`` sets ``--jobs``). Each scene is its own ``manim``
process, ``--jobs`` of them at once (default: one per CPU core): Manim draws a frame
on one core, so a chapter renders almost twice as fast on two. Each scene keeps its
own LaTeX and text cache, so two processes never write the same cache file.
``NN_PARAMS`` (set by ``make chN PARAMS=file.toml``) passes through; the render then
lands in the parameters' variant folder.
"""

from __future__ import annotations

import argparse
import configparser
import os
import queue
import shlex
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scenes.chapters import chapter_of_module, scene_names_in  # noqa: E402  (stdlib only)
from scenes.variants import variant_name  # noqa: E402

QUALITY_DIRS = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}


def default_jobs() -> int:
    """``JOBS`` from the environment, else the number of CPU cores."""
    value = os.environ.get("JOBS", "").strip()
    if value:
        return positive_int(value)
    return os.cpu_count() or 1


def positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"jobs must be a whole number >= 1, got {text!r}")
    return n


def scene_config(media_dir: str, scene: str, cfg_dir: Path) -> Path:
    """A Manim config file for one scene's process: the project's ``manim.cfg`` (which
    ``--config_file`` would otherwise replace) plus a LaTeX and a text cache of the
    scene's own."""
    parser = configparser.ConfigParser()
    parser.read(ROOT / "manim.cfg")
    if not parser.has_section("CLI"):
        parser.add_section("CLI")
    # not under Manim's own Tex/ folder: Manim empties that of everything but .svg and
    # .tex after each compile and fails on a folder it finds there
    cache = Path(media_dir) / "scene-caches" / scene
    parser["CLI"]["tex_dir"] = str(cache / "Tex")
    parser["CLI"]["text_dir"] = str(cache / "texts")
    cfg_dir.mkdir(parents=True, exist_ok=True)
    path = cfg_dir / f"{scene}.cfg"
    with path.open("w") as out:
        parser.write(out)
    return path


@dataclass
class Job:
    scene: str
    cmd: list[str]
    log_path: Path
    proc: subprocess.Popen | None = None
    errors: list[str] = field(default_factory=list)
    status: int | None = None


def _pump(job: Job, lines: queue.Queue) -> None:
    """Copy a job's output to its log; pass progress and error lines on."""
    assert job.proc is not None and job.proc.stdout is not None
    with job.log_path.open("w") as log:
        log.write(f"$ {shlex.join(job.cmd)}\n")
        for line in job.proc.stdout:
            log.write(line)
            if line.startswith("[nn] "):
                lines.put((job, "progress", line[5:].rstrip()))
            elif line.startswith("error: "):
                job.errors.append(line.rstrip())
    lines.put((job, "exit", str(job.proc.wait())))


class Status:
    """The progress lines: on a terminal, finished scenes stay and one line at the
    bottom shows each running scene's beat; elsewhere every line is printed."""

    def __init__(self) -> None:
        self.live = sys.stdout.isatty()
        self.running: dict[str, str] = {}

    def progress(self, scene: str, text: str) -> None:
        if " done in " in text or not self.live:
            self.running.pop(scene, None)
            self._print(f"  {text}")
        else:
            self.running[scene] = text.strip()
            self._redraw()

    def forget(self, scene: str) -> None:
        self.running.pop(scene, None)
        self._redraw()

    def _print(self, text: str) -> None:
        print(f"\r\033[K{text}" if self.live else text, flush=True)
        self._redraw()

    def _redraw(self) -> None:
        if self.live:
            width = os.get_terminal_size().columns if sys.stdout.isatty() else 100
            line = "  " + " | ".join(" ".join(t.split()) for t in self.running.values())
            print(f"\r\033[K{line[: width - 1]}", end="", flush=True)

    def close(self) -> None:
        if self.live:
            print("\r\033[K", end="", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", type=Path, help="the chapter's module, scenes/chNN_*.py")
    parser.add_argument("--quality", choices=sorted(QUALITY_DIRS), default="l")
    parser.add_argument("--media-dir", default="renders")
    parser.add_argument("--manim-flags", default="", help="extra flags for manim")
    parser.add_argument("--jobs", type=positive_int, default=None,
                        help="scenes rendered at once (default: JOBS, else the CPU cores)")
    args = parser.parse_args(argv)
    try:
        jobs_wanted = args.jobs or default_jobs()
    except argparse.ArgumentTypeError as err:
        parser.error(f"JOBS: {err}")

    module = args.module.stem
    if not args.module.is_file():
        parser.error(f"{args.module}: no such file (expected a chapter module, "
                     "scenes/chNN_*.py)")
    scenes = scene_names_in(args.module)
    if not scenes:
        parser.error(f"{args.module} holds no chapter scene (a class built on ChapterScene)")
    number = chapter_of_module(module)
    variant = variant_name()
    out = Path(args.media_dir) / "videos" / module / QUALITY_DIRS[args.quality]
    if variant:
        out = out / variant
    logs = Path(args.media_dir) / "logs" / (
        f"{module}{'-' + variant if variant else ''}-{args.quality}")
    logs.mkdir(parents=True, exist_ok=True)

    manim = Path(sys.executable).with_name("manim")
    env = dict(os.environ, NN_PROGRESS="1")
    jobs = [
        Job(scene, [str(manim), f"-q{args.quality}", "--save_sections", "--progress_bar",
                    "none", "--media_dir", args.media_dir,
                    "--config_file", str(scene_config(args.media_dir, scene, logs)),
                    *shlex.split(args.manim_flags), str(args.module), scene],
            logs / f"{scene}.log")
        for scene in scenes
    ]
    at_once = min(jobs_wanted, len(jobs))
    title = f"chapter {number}" if number else module
    print(f"rendering {title} at -q{args.quality}"
          f"{f' with the parameters {variant!r}' if variant else ''}: {len(jobs)} scenes, "
          f"{at_once} at a time (logs: {logs}/)", flush=True)

    started = time.perf_counter()
    status = Status()
    lines: queue.Queue = queue.Queue()
    waiting, running, failed = list(jobs), 0, []
    while waiting or running:
        while waiting and running < at_once and not failed:
            job = waiting.pop(0)
            job.proc = subprocess.Popen(job.cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, bufsize=1)
            threading.Thread(target=_pump, args=(job, lines), daemon=True).start()
            running += 1
        if failed and waiting:  # one scene failed: start no more
            waiting.clear()
        job, kind, text = lines.get()
        if kind == "progress":
            status.progress(job.scene, text)
            continue
        running -= 1
        job.status = int(text)
        status.forget(job.scene)
        if job.status != 0:
            failed.append(job)
    status.close()
    seconds = time.perf_counter() - started
    if failed:
        # the first scene (in story order) that failed speaks: a bad PARAMS file stops
        # every scene alike, and one line says what is wrong
        job = min(failed, key=jobs.index)
        if job.errors:  # a mistake in the input, said in one line by the scene
            print(job.errors[0], file=sys.stderr)
        else:
            print(f"rendering {job.scene} failed (exit status {job.status}); "
                  f"its whole log: {job.log_path}", file=sys.stderr)
        return job.status or 1
    print(f"rendered {title} in {seconds:.0f} s: {out}/", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
