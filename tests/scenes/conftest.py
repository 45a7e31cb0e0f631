"""Renders that several end-to-end tests read, made once per test session.

A real render costs seconds of CPU per scene: a test that only inspects what a render
wrote reads one of these instead of rendering its own (tests/conftest.py puts the tests
that share one on the same xdist worker, so it is made once per run, not per worker).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def chapters_3_and_4(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """``make -j2 ch3 ch4 QUALITY=d`` into a media folder of its own, as a user runs it
    (none of our NN_* settings or make's from outside): the media folder and the
    finished make. A draft (240p at 5 frames a second): what is checked is the files,
    the words and the running side by side, the same at any quality; the default
    quality make asks for is checked without rendering (test_pipeline)."""
    media = tmp_path_factory.mktemp("chapters-3-4") / "media"
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MAKELEVEL", "JOBS", "NN_THEME", "NN_ASPECT", "NN_PARAMS",
                        "NN_NARRATION")}
    done = subprocess.run(["make", "-j2", "ch3", "ch4", "QUALITY=d", f"MEDIA_DIR={media}"],
                          cwd=ROOT,
                          capture_output=True, text=True, timeout=900, env=env)
    return media, done
