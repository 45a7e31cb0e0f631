"""Renders on a Dask cluster made here (a scheduler and two worker processes on
127.0.0.1, from the project's .venv): specs render there and their files come back; a
task that fails for its own reason fails once with its line; another version is
refused. Every process the tests start, they stop."""

from __future__ import annotations

import subprocess
import sys

import av
import pytest

from pipeline.cluster import PYTHON, SCRATCH, Task, fingerprint, run_on_cluster
from tests.nnexplain import write_spec

pytestmark = pytest.mark.render  # whole renders in other processes: started first


def test_three_specs_render_on_the_cluster_and_come_back_whole(cluster, tmp_path):
    specs = []
    for k, kind in enumerate(("grid", "square", "xor")):
        doc = {"title": f"Cluster {k}",
               "network": {"sizes": [2, 2], "activations": ["tanh"], "seed": k},
               "data": {"kind": kind, "n": 16}}
        specs.append(write_spec(tmp_path, doc, f"spec{k}.toml"))
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "nnexplain", "render", *map(str, specs),
                           "-q", "d", "--out", str(out), "--scheduler", cluster],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.stdout.count(" done on w") == 3 and "dashboard http" in done.stdout
    folder = out / "explain" / "240p5"
    for k in range(3):
        video = folder / f"spec{k}.mp4"
        assert video.stat().st_size > 5_000 and video.with_suffix(".srt").is_file()
        assert (folder / f"spec{k}.json").is_file()  # the manifest
        assert (folder / "sections" / f"spec{k}.json").is_file()  # the clips' index
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".part")
                 or "partial_movie_files" in p.parts]
    assert not leftovers


def test_a_failing_task_fails_once_another_version_is_refused_a_slow_one_stopped(cluster, tmp_path):
    """A render that fails for its own reason is said in its one line and not run
    again (the count file says once); the others finish; a worker with another version
    refuses; a render over its time limit is stopped and said."""
    count = tmp_path / "runs.txt"
    fails = Task("broken", (PYTHON, "-c", "import sys; open(sys.argv[1], 'a').write('x'); "
                            "print('error: bad parameter', file=sys.stderr); sys.exit(2)",
                            str(count)), {}, "out")
    works = Task("fine", (PYTHON, "-c", "import sys, pathlib; p = pathlib.Path(sys.argv[1]); "
                          "p.mkdir(); (p / 'a.txt').write_text('made on the worker')",
                          f"{SCRATCH}/out"), {}, "out", version=fingerprint())
    other = Task("old", (PYTHON, "-c", "pass"), {}, "out", version="nn-explainers 0.0.1 (x)")
    slow = Task("slow", (PYTHON, "-c", "import time; time.sleep(30)"), {}, "out", timeout=1.0)
    said: list[str] = []
    errors = run_on_cluster(cluster, [fails, works, other, slow], tmp_path / "back",
                            said.append)
    assert count.read_text() == "x"  # run once, not retried
    assert any("broken on w" in e and "error: bad parameter" in e for e in errors), errors
    assert any("runs nn-explainers" in e and "the client nn-explainers 0.0.1" in e
               for e in errors), errors
    assert any(e.startswith("slow: took more than 1 s on w") for e in errors), errors
    assert (tmp_path / "back" / "a.txt").read_text() == "made on the worker"
    assert len(errors) == 3 and sum(" done on w" in line for line in said) == 1


def test_a_worker_killed_mid_render_and_every_video_still_arrives_whole(cluster, tmp_path):
    """SIGKILL to a worker while it renders: the scheduler runs its task again (on the
    other worker, or on the one its nanny starts again), the client gets every video
    whole, and nothing half-written is left in --out."""
    import os
    import signal
    import time

    from distributed import Client

    specs = []
    for k in range(2):
        doc = {"title": f"Killed {k}",
               "network": {"sizes": [2, 3, 2], "activations": ["relu", "tanh"], "seed": k},
               "data": {"kind": "moons", "n": 60}}
        specs.append(write_spec(tmp_path, doc, f"killed{k}.toml"))
    out = tmp_path / "out"
    render = subprocess.Popen([sys.executable, "-m", "nnexplain", "render", *map(str, specs),
                               "-q", "d", "--out", str(out), "--scheduler", cluster],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Client(cluster, timeout="30s") as client:
        busy: dict = {}
        for _ in range(300):  # until a worker is rendering one of them
            busy = {w: keys for w, keys in client.processing().items() if keys}
            if busy:
                break
            time.sleep(0.1)
        assert busy, "no task started"
        time.sleep(2.0)  # well into the render
        victim = next(iter(busy))
        pid = client.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
    stdout, stderr = render.communicate(timeout=600)
    assert render.returncode == 0, stdout[-2000:] + stderr[-2000:]
    for k in range(2):
        video = out / "explain" / "240p5" / f"killed{k}.mp4"
        assert video.stat().st_size > 5_000 and video.with_suffix(".srt").is_file()
        with av.open(str(video)) as container:  # whole: it decodes to its last frame
            assert sum(1 for _ in container.decode(video=0)) > 20
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
