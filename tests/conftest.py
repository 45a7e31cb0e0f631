"""Shared pytest set-up: Manim's frame-comparison options and its Cairo check.

Manim's ``frames_comparison`` needs three things that its own test suite sets up
in a conftest we do not get (ENGINEERING.md):

1. ``--set_test`` (write control frames) and ``--show_diff`` options;
2. its Cairo >= 1.18 check turned off: Debian 12 ships Cairo 1.16 and control
   data is made on this same image, so the comparison is still meaningful;
3. a ``control_data/<module>/`` folder beside the tests (kept in git).

Hypothesis runs without a per-example deadline (the ``project`` profile).

Mobjects are copied faster (:mod:`scenes.svgcopy`, as in every render: plain data copied
directly, a text's parsed SVG paths shared): half the time of building a scene went
into copies. A formula is compiled once into the LaTeX cache every render
shares (:mod:`scenes.texcache`, :func:`pipeline.facts.tex_cache`: ``~/.cache/
nn-explainers/tex``, or ``NN_CACHE_DIR``): both workers, the renders the tests start
and the next clone's tests read what was compiled before.

Under pytest-xdist (``-n``, with ``--dist loadgroup`` from pyproject.toml), tests that
share something costly run on one worker, so it is made once, not once per worker
(:func:`pytest_collection_modifyitems`): a module- or session-scoped fixture of ours
(the examples rendered end to end, a rendered chapter), or a scene built at its defaults
(``tests/scenes/helpers.py: build`` keeps it for the session).
"""

from __future__ import annotations

import importlib
import inspect
import re

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
    import signal

    # A test run started in the background (``&`` in a script, nohup) inherits Ctrl-C's
    # signal ignored, and an ignored signal stays ignored in every program it starts:
    # the tests that interrupt a render would wait for a render that never stops.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        fc = importlib.import_module("manim.utils.testing.frames_comparison")
    except ImportError:  # nnmath tests run without manim too
        return
    fc.MIN_CAIRO_VERSION = 0
    from scenes.svgcopy import faster_copies
    from scenes.texcache import compile_into_shared_folder

    faster_copies()
    compile_into_shared_folder()


# a call of tests/scenes/helpers.py's build with the scene's defaults, or of last_frame
_DEFAULT_BUILD = re.compile(r"\b(?:build\(|last_frame\(\s*request,)\s*(\w+),\s*"
                            r"(?:\{\}|None|monkeypatch)\s*,")


def _shared_fixture(item: pytest.Function) -> str | None:
    """The first module- or session-scoped fixture of this project the test uses."""
    for name in item.fixturenames:
        for fixturedef in item._fixtureinfo.name2fixturedefs.get(name, ()):
            if fixturedef.scope in ("module", "session", "package") and \
                    fixturedef.func.__module__.startswith("tests."):
                return f"{fixturedef.baseid}::{name}"
    return None


def _shared_scene(item: pytest.Function) -> str | None:
    """The scene class the test builds first at its defaults, if any (a class of the
    test's module, or its ``scene_class`` parameter; the smoke test builds its own)."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    if item.module.__name__.endswith("test_smoke"):
        klass = params.get("scene_class")
    else:
        try:
            found = _DEFAULT_BUILD.search(inspect.getsource(item.function))
        except (OSError, TypeError):
            found = None
        name = found.group(1) if found else None
        klass = params.get(name, getattr(item.module, name, None)) if name else None
    return f"scene-{klass.__name__}" if inspect.isclass(klass) else None


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which reads the groups
def pytest_collection_modifyitems(config, items):
    """Each test that shares something costly joins an xdist group named after it; the
    modules marked ``render`` (whole videos in other processes, the longest tests) come
    first, so that two workers end together instead of one finishing a render alone."""
    for item in items:
        if not isinstance(item, pytest.Function) or item.get_closest_marker("xdist_group"):
            continue
        group = _shared_fixture(item) or _shared_scene(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
    items.sort(key=lambda item: item.get_closest_marker("render") is None)  # stable


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


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    """A Dask scheduler and two workers (a task each) on loopback, from the project's
    .venv (tests/nnexplain/test_cluster.py, and make's chapters on it): its address.
    Every process it starts, it stops."""
    from pipeline.cluster import loopback_cluster

    with loopback_cluster(tmp_path_factory.mktemp("cluster"), 2) as address:
        yield address
