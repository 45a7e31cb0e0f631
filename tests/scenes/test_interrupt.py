"""Ctrl-C during a render: one line on stderr, every manim process stopped, no partial
clips left behind, exit status 130 (as a shell reports a SIGINT)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.jobs import INTERRUPTED

pytestmark = pytest.mark.render  # whole renders in other processes: started first

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _interrupt(cmd: list[str], media: Path, whole_group: bool,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``cmd`` in its own process group; once Manim has written partial clips, send
    SIGINT to the group (as a terminal's Ctrl-C does) or to the parent alone."""
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, text=True, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if any(files for folder, _, files in os.walk(media) if "partial_movie_files" in folder):
            break
        time.sleep(0.5)
    assert proc.poll() is None, "the render ended before it could be interrupted"
    if whole_group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    with pytest.raises(ProcessLookupError):  # every process it started has ended
        os.killpg(proc.pid, 0)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _partial(media: Path) -> list[str]:
    return [folder for folder, _, _ in os.walk(media) if "partial_movie_files" in folder]


def test_ctrl_c_during_make_chN_is_makes_one_line(tmp_path):
    """Under make, the render dies of the SIGINT after cleaning up, so make's own
    'Interrupt' line is the only one (and make writes no stamp)."""
    media = tmp_path / "media"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")}
    result = _interrupt(["make", "ch3", f"MEDIA_DIR={media}", "JOBS=2"], media,
                        whole_group=True, env=env)
    assert result.returncode == -signal.SIGINT
    (line,) = result.stderr.splitlines()
    assert line.startswith("make: *** [") and line.endswith("] Interrupt"), line
    assert _partial(media) == []
    assert not list((media / ".stamps").glob("ch03_linear_maps.*"))


def test_ctrl_c_sent_to_nnexplain_alone_stops_its_renders(tmp_path):
    out = tmp_path / "out"
    result = _interrupt([str(BIN / "nnexplain"), "render", "tests/specs/tiny-232.toml",
                         "--out", str(out), "-q", "l"], out, whole_group=False)
    assert result.returncode == 130
    assert result.stderr.splitlines() == [INTERRUPTED]
    assert _partial(out) == []
    assert not list(out.rglob("*.mp4"))  # no half-written video either
