"""Manim processes run side by side, quietly: each writes its whole log to a file;
progress lines (``[nn] ...``, printed by the scenes when ``NN_PROGRESS`` is set) and
one-line errors (``error: ...``) come back to the caller. Ctrl-C stops every process,
removes each job's scratch files (Manim's partial clips) and raises KeyboardInterrupt
again, for the caller to say :data:`INTERRUPTED` in one line.

Standard library only. Used by ``tools/render.py`` (a chapter's scenes, ``make chN``)
and ``nnexplain render`` (a lecturer's specs).

Usage (each job a whole manim process)::

    jobs = [Job("ExplainSpec", ["manim", "-ql", "scenes/explainer.py", "ExplainSpec"],
                Path("renders/logs/moons.log"))]
    failed = run_jobs(jobs, at_once=2, cwd=ROOT, env=dict(os.environ, NN_PROGRESS="1"))
"""

from __future__ import annotations

import argparse
import configparser
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.facts import usable_tex_cache

ROOT = Path(__file__).resolve().parents[1]

__all__ = ["INTERRUPTED", "Job", "Status", "default_jobs", "positive_int", "report_failure",
           "run_jobs", "scene_config", "stop_jobs"]

INTERRUPTED = "interrupted: the renders were stopped and their partial files removed"
STOP_WAIT = 10.0  # seconds a stopped manim process gets to end before it is killed


def default_jobs() -> int:
    """``JOBS`` from the environment, else the CPU cores shared among make's parallel
    jobs: under ``make -j2 render`` two chapters render at once, a core each, so the
    machine runs as many scenes as it has cores (not four on two)."""
    value = os.environ.get("JOBS", "").strip()
    if value:
        return positive_int(value)
    return max(1, (os.cpu_count() or 1) // make_jobs())


def make_jobs(makeflags: str | None = None) -> int:
    """How many recipes the calling ``make`` runs at once (its ``-jN``; 1 outside make
    or without ``-j``). A bare ``-j`` (no limit) counts as the CPU cores.

    >>> make_jobs(" -j2 --jobserver-auth=3,4"), make_jobs("s"), make_jobs("")
    (2, 1, 1)
    """
    flags = os.environ.get("MAKEFLAGS", "") if makeflags is None else makeflags
    match = re.search(r"(?:^|\s)-j(\d*)(?:\s|$)", flags)
    if match is None:
        return 1
    return int(match.group(1)) if match.group(1) else (os.cpu_count() or 1)


def positive_int(text: str) -> int:
    """argparse type of a job count: a whole number >= 1 (how many renders at once)."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(
            f"jobs must be a whole number >= 1 (how many renders at once), got {text!r}")
    return n


def scene_config(media_dir: str, scene: str, cfg_dir: Path) -> Path:
    """A Manim config file for one scene's process: the project's ``manim.cfg`` (which
    ``--config_file`` would otherwise replace), the LaTeX cache every render shares
    (:func:`pipeline.facts.tex_cache`, or the media folder's where that cannot be made:
    each formula compiled once; ``scenes.texcache`` writes it whole or not at all), a
    text cache of the scene's own (Pango writes its files in place), and no cache of
    partial movies."""
    parser = configparser.ConfigParser()
    parser.read(ROOT / "manim.cfg")
    if not parser.has_section("CLI"):
        parser.add_section("CLI")
    # not under Manim's own Tex/ folder: Manim empties that of everything but .svg and
    # .tex after each compile and fails on a folder it finds there
    parser["CLI"]["tex_dir"] = str(usable_tex_cache(Path(media_dir) / "scene-caches" / "Tex"))
    parser["CLI"]["text_dir"] = str(Path(media_dir) / "scene-caches" / scene / "texts")
    # Manim's cache of partial movies is never read again (finish_render removes them),
    # and hashing every animation for it costs a fifth of a render's time
    parser["CLI"]["disable_caching"] = "True"
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
    env: dict[str, str] | None = None  # this job's environment (default: run_jobs')
    # what an interrupted render leaves that no one wants: Manim's partial clips
    scratch: tuple[Path, ...] = ()


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


def run_jobs(jobs: list[Job], at_once: int, cwd: Path = ROOT,
             env: dict[str, str] | None = None) -> list[Job]:
    """Run ``jobs`` (``at_once`` at a time) showing their progress; return the failed
    ones. After a failure no further job starts (the running ones finish). On Ctrl-C
    (KeyboardInterrupt) every running process is stopped, every job's scratch removed,
    and KeyboardInterrupt raised again."""
    env = dict(os.environ, NN_PROGRESS="1") if env is None else env
    try:
        return _run(jobs, at_once, cwd, env)
    except KeyboardInterrupt:
        stop_jobs(jobs)
        raise


def stop_jobs(jobs: list[Job]) -> None:
    """Stop every running job (SIGINT, as Ctrl-C in a terminal would; killed after
    :data:`STOP_WAIT` seconds) and remove every job's scratch files: those of a finished
    job too, whose video the caller has not finished yet."""
    running = [job for job in jobs if job.proc is not None and job.proc.poll() is None]
    for job in running:
        job.proc.send_signal(signal.SIGINT)
    for job in running:
        try:
            job.proc.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            job.proc.kill()
            job.proc.wait()
    for job in jobs:
        for path in job.scratch:
            shutil.rmtree(path, ignore_errors=True)
            parent = path.parent
            if parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()


def _run(jobs: list[Job], at_once: int, cwd: Path, env: dict[str, str]) -> list[Job]:
    status = Status()
    lines: queue.Queue = queue.Queue()
    waiting, running, failed = list(jobs), 0, []
    while waiting or running:
        while waiting and running < at_once and not failed:
            job = waiting.pop(0)
            job.log_path.parent.mkdir(parents=True, exist_ok=True)
            job.proc = subprocess.Popen(job.cmd, cwd=cwd, env=job.env or env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, bufsize=1)
            threading.Thread(target=_pump, args=(job, lines), daemon=True).start()
            running += 1
        if failed and waiting:  # one job failed: start no more
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
    return failed


def report_failure(failed: list[Job], order: list[Job]) -> int:
    """Say why the first failed job (in ``order``) failed, in one line on stderr, and
    return its exit status: its own ``error:`` line (a mistake in the input, the same
    for every job alike) or where its whole log is."""
    job = min(failed, key=order.index)
    if job.errors:
        print(job.errors[0], file=sys.stderr)
    else:
        print(f"rendering {job.scene} failed (exit status {job.status}); "
              f"its whole log: {job.log_path}", file=sys.stderr)
    return job.status or 1
