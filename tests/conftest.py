"""Shared pytest set-up: Manim's frame-comparison options and its Cairo check.

Manim's ``frames_comparison`` needs three things that its own test suite sets up
in a conftest we do not get (ENGINEERING.md):

1. ``--set_test`` (write control frames) and ``--show_diff`` options;
2. its Cairo >= 1.18 check turned off: Debian 12 ships Cairo 1.16 and control
   data is made on this same image, so the comparison is still meaningful;
3. a ``control_data/<module>/`` folder beside the tests (kept in git).

Hypothesis runs without a per-example deadline (the ``project`` profile).
"""

from __future__ import annotations

import importlib

import pytest
from hypothesis import settings

# Property tests run on shared 2-core machines beside renders: a time limit per example
# would fail them for the machine's load, not for a wrong answer.
settings.register_profile("project", deadline=None)
settings.load_profile("project")


def pytest_addoption(parser):
    group = parser.getgroup("frames", "Manim frame comparison")
    group.addoption(
        "--set_test",
        action="store_true",
        default=False,
        help="write new control frames instead of comparing (look at them first!)",
    )
    group.addoption(
        "--show_diff",
        action="store_true",
        default=False,
        help="show a picture of any frame difference (needs a display)",
    )


def pytest_configure(config):
    try:
        fc = importlib.import_module("manim.utils.testing.frames_comparison")
    except ImportError:  # nnmath tests run without manim too
        return
    fc.MIN_CAIRO_VERSION = 0


@pytest.fixture(autouse=True)
def _default_params(monkeypatch):
    """Every test starts with NN_PARAMS unset, so scenes use their defaults (a test that
    wants an override sets it with ``monkeypatch.setenv``), and leaves Manim's output
    folders as it found them (a scene with parameters points them at its variant)."""
    monkeypatch.delenv("NN_PARAMS", raising=False)
    monkeypatch.delenv("NN_PROGRESS", raising=False)
    try:
        from manim import config
    except ImportError:  # nnmath tests run without manim too
        yield
        return
    saved = {key: config._d[key] for key in ("video_dir", "images_dir")}
    yield
    for key, value in saved.items():
        config._d[key] = value
