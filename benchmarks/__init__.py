"""Render-speed benchmarks (``make bench``, ``bench-course``, ``bench-explain``,
``bench-cluster``, ``bench-narration``), and the one way they time a command."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd: list[str], what: str) -> float:
    """Seconds ``cmd`` takes, run from the project's folder; a failure stops the
    benchmark with ``what`` failed and the command's last output."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{what} failed:\n{done.stdout[-1500:]}{done.stderr[-1500:]}")
    return seconds
