"""tools/render.py: a chapter's scenes rendered side by side, each with its own log and
its own LaTeX cache; a failing scene names its log, a bad parameter is said once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import av
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import render  # noqa: E402

from tests.scenes.helpers import make_dry_run  # noqa: E402

pytestmark = pytest.mark.render  # whole renders in other processes: started first

TINY = '''
from dataclasses import dataclass

from manim import Dot, FadeIn, MathTex

from scenes.base import ChapterScene, beat
from scenes.params import SceneParams


@dataclass(frozen=True)
class TinyParams(SceneParams):
    """One dot."""

    run_time: float = 0.5  # seconds of the fade


class First(ChapterScene):
    chapter = 1
    title = "First"
    Params = TinyParams

    @beat("A dot")
    def dot(self):
        self.say("A dot and a sum.")
        self.play(FadeIn(Dot()), FadeIn(MathTex("1 + 1")), run_time=self.params.run_time)


class Second(First):
    title = "Second"
'''


def _run(module: Path, media: Path, *args: str, env: dict | None = None):
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "render.py"), str(module), "--quality", "l",
         "--media-dir", str(media), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env=env,
    )


def test_two_scenes_render_at_once_each_with_its_own_log_and_text_cache(tmp_path):
    module = tmp_path / "tiny_course.py"
    module.write_text(TINY)
    done = _run(module, tmp_path / "media", "--jobs", "2",
                env=dict(os.environ, NN_CACHE_DIR=str(tmp_path / "cache")))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 scenes, 2 at a time" in done.stdout
    assert "First" in done.stdout and "Second" in done.stdout
    out = tmp_path / "media" / "videos" / "tiny_course" / "480p15"
    for scene in ("First", "Second"):
        assert (out / f"{scene}.mp4").stat().st_size > 0
        assert "A dot and a sum." in (out / f"{scene}.srt").read_text()
        assert (tmp_path / "media" / "logs" / "tiny_course-l" / f"{scene}.log").is_file()
        assert list((tmp_path / "media" / "scene-caches" / scene / "texts").iterdir())
    # both scenes' formulas went to the one LaTeX cache, written whole: no piece of a
    # compile (a .dvi, a .log, a half-copied .part, a parsed copy) is left there
    tex = tmp_path / "cache" / "tex"
    assert list(tex.glob("*.svg"))
    assert {p.suffix or p.name for p in tex.iterdir()} == {".svg", "formats"}, \
        sorted(tex.iterdir())
    # and nothing was put in Manim's own Tex folder, which Manim keeps to files only
    shared = tmp_path / "media" / "Tex"
    assert not shared.exists() or not any(p.is_dir() for p in shared.iterdir())


def test_a_bad_parameter_is_said_once_and_a_crash_names_its_log(tmp_path):
    module = tmp_path / "tiny_course.py"
    module.write_text(TINY)
    params = tmp_path / "bad.toml"
    params.write_text("[First\n")  # not TOML: every scene stops alike, one line says so
    env = dict(os.environ, NN_PARAMS=str(params))
    done = _run(module, tmp_path / "media", "--jobs", "2", env=env)
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 2 and len(errors) == 1, done.stderr
    assert errors[0].startswith("error: ") and "bad.toml" in errors[0]

    # the failing scene alone: First and Second rendering beside it would prove nothing
    module.write_text(TINY.split("\n\n\nclass First")[0] + textwrap.dedent('''


        class Broken(ChapterScene):
            chapter = 1
            title = "Broken"

            def prepare(self):
                raise RuntimeError("boom")
    '''))
    done = _run(module, tmp_path / "media", "--jobs", "1")
    assert done.returncode != 0
    log = tmp_path / "media" / "logs" / "tiny_course-l" / "Broken.log"
    assert f"its whole log: {log}" in done.stderr
    assert "boom" in log.read_text()


def test_jobs_come_from_the_flag_or_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("JOBS", "3")
    assert render.default_jobs() == 3
    monkeypatch.delenv("JOBS")
    assert render.default_jobs() >= 1
    for bad in ("0", "two", "-1"):
        with pytest.raises(Exception, match="jobs must be a whole number"):
            render.positive_int(bad)
    monkeypatch.setenv("NN_CACHE_DIR", str(tmp_path / "cache"))
    cfg = render.scene_config("renders", "First", tmp_path).read_text()
    assert f"tex_dir = {tmp_path / 'cache' / 'tex'}" in cfg  # one for every render
    monkeypatch.setenv("NN_CACHE_DIR", "/dev/null/cache")  # cannot be made: the media's
    cfg = render.scene_config("renders", "First", tmp_path).read_text()
    assert "tex_dir = renders/scene-caches/Tex" in cfg
    assert "text_dir = renders/scene-caches/First/texts" in cfg
    assert "preset = superfast" in cfg  # the project's manim.cfg comes along


def test_make_j2_renders_two_chapters_side_by_side_without_collisions(chapters_3_and_4):
    """``make -j2 ch3 ch4`` (as ``make -j2 render`` does for all): two chapters at once,
    a core each (MAKEFLAGS' -j2 shares the cores out), each in its own folders; both
    come out whole, with subtitles, clips per beat and no leftover pieces (the render is
    tests/scenes/conftest.py's, which test_pipeline reads too)."""
    media, done = chapters_3_and_4
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    # each chapter ran its scenes one at a time: make runs two chapters on two cores
    assert "3 scenes, 1 at a time" in done.stdout and done.stdout.count("1 at a time") == 2
    for module, scenes in (("ch03_linear_maps", ("WeightMatrixAsTransform",
                                                 "TransformGallery", "LayerEquations")),
                           ("ch04_point_clouds", ("PointCloud2D", "NotALinearMap",
                                                  "Classification2D"))):
        out = media / "videos" / module / "240p5"
        for scene in scenes:
            assert (out / f"{scene}.mp4").stat().st_size > 5_000, scene
            assert (out / f"{scene}.srt").read_text().strip(), scene
            assert (out / "sections" / f"{scene}.json").is_file(), scene
        assert not (out / "partial_movie_files").exists()
        assert (media / ".stamps" / f"{module}.d").is_file()


def _last_frame(video: Path) -> np.ndarray:
    with av.open(str(video)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    return frames[-1]


def test_make_ch3_on_a_cluster_gives_the_files_a_local_render_gives(chapters_3_and_4, cluster,
                                                                      tmp_path):
    """``make ch3 SCHEDULER=...``: every scene a task on the cluster (tests/conftest.py's,
    two workers on loopback), its files sent back: the same files as the local ``make
    ch3`` of chapters_3_and_4, the same subtitles and the same last frames."""
    local_media, done = chapters_3_and_4
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    media = tmp_path / "media"
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MAKELEVEL", "JOBS", "NN_THEME", "NN_ASPECT", "NN_PARAMS",
                        "NN_NARRATION")}
    made = subprocess.run(["make", "ch3", "QUALITY=d", f"MEDIA_DIR={media}",
                           f"SCHEDULER={cluster}"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env)
    assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-2000:]
    assert made.stdout.count(" done on w") == 3, made.stdout
    remote = media / "videos" / "ch03_linear_maps" / "240p5"
    local = local_media / "videos" / "ch03_linear_maps" / "240p5"
    names = sorted(str(p.relative_to(remote)) for p in remote.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(local)) for p in local.rglob("*") if p.is_file())
    for scene in ("WeightMatrixAsTransform", "TransformGallery", "LayerEquations"):
        assert (remote / f"{scene}.srt").read_text() == (local / f"{scene}.srt").read_text()
        np.testing.assert_array_equal(_last_frame(remote / f"{scene}.mp4"),
                                      _last_frame(local / f"{scene}.mp4"))
    assert (media / ".stamps" / "ch03_linear_maps.d").is_file()


def test_make_gallery_renders_its_chapters_on_the_cluster_then_builds_here():
    """``make gallery SCHEDULER=...``: every chapter it needs renders on the cluster
    (the same rule as ``make chN SCHEDULER=...``, tested above), then the gallery is
    built here from the files that came back."""
    from scenes.chapters import CHAPTERS

    done = make_dry_run("-B", "gallery", "SCHEDULER=tcp://10.0.0.2:8786")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.replace("\\\n", " ").splitlines()
    renders = [line for line in lines if "tools/render.py" in line]
    assert len(renders) == len([c for c in CHAPTERS if c.path.is_file()])
    assert all("--scheduler tcp://10.0.0.2:8786" in line for line in renders)
    gallery = [i for i, line in enumerate(lines)
               if "tools/lecture.py" in line and line.endswith("gallery")]
    assert gallery and gallery[0] > max(lines.index(line) for line in renders)


def test_make_worker_starts_a_dask_worker_with_its_memory_limit():
    """``make worker SCHEDULER=... MEMORY=...``: this environment's ``dask worker`` for
    that scheduler, a task per core, Dask's memory limit, its profiler off."""
    from pipeline.cluster import WORKER_SETTINGS, worker_command

    done = make_dry_run("worker", "SCHEDULER=tcp://10.0.0.2:8786", "MEMORY=4GB")
    assert done.returncode == 0, done.stderr
    assert "-m pipeline.cluster worker tcp://10.0.0.2:8786 --memory 4GB" in done.stdout
    assert "--memory" not in make_dry_run("worker", "SCHEDULER=tcp://h:8786").stdout
    command = worker_command(address="tcp://10.0.0.2:8786", name="m-1", threads=2,
                             memory="4GB")
    assert command[0] == str(Path(sys.executable).with_name("dask"))
    assert command[1:] == ["worker", "tcp://10.0.0.2:8786", "--nworkers", "1", "--nthreads",
                           "2", "--name", "m-1", "--no-dashboard", "--memory-limit", "4GB"]
    assert WORKER_SETTINGS["DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED"] == "False"
    with pytest.raises(ValueError, match="address or its file"):
        worker_command(name="m", threads=1)
