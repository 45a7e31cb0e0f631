"""Renders on a Dask cluster made here (a scheduler and two worker processes on
127.0.0.1, from the project's .venv): specs render there and their files come back; a
task that fails for its own reason fails once with its line; another version is
refused. Every process the tests start, they stop."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cluster import PYTHON, SCRATCH, Task, fingerprint, run_on_cluster
from tests.nnexplain import write_spec

pytestmark = pytest.mark.render  # whole renders in other processes: started first

DASK = Path(sys.executable).with_name("dask")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two workers (a thread each) on loopback: the scheduler's address."""
    folder = tmp_path_factory.mktemp("cluster")
    spec = folder / "scheduler.json"
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--scheduler-file", str(spec), "--dashboard-address", ":0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)]
    try:
        for _ in range(300):
            if spec.is_file() and spec.read_text().strip():
                break
            time.sleep(0.1)
        for name in ("w1", "w2"):
            procs.append(subprocess.Popen(
                [str(DASK), "worker", "--scheduler-file", str(spec), "--nworkers", "1",
                 "--nthreads", "1", "--name", name, "--no-dashboard"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        address = json.loads(spec.read_text())["address"]
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for proc in procs:  # each with its children (a nanny's worker process)
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


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


def test_a_failing_task_fails_once_and_another_version_is_refused(cluster, tmp_path):
    """A render that fails for its own reason is said in its one line and not run
    again (the count file says once); the others finish; a worker with another version
    refuses."""
    count = tmp_path / "runs.txt"
    fails = Task("broken", (PYTHON, "-c", "import sys; open(sys.argv[1], 'a').write('x'); "
                            "print('error: bad parameter', file=sys.stderr); sys.exit(2)",
                            str(count)), {}, "out")
    works = Task("fine", (PYTHON, "-c", "import sys, pathlib; p = pathlib.Path(sys.argv[1]); "
                          "p.mkdir(); (p / 'a.txt').write_text('made on the worker')",
                          f"{SCRATCH}/out"), {}, "out", version=fingerprint())
    other = Task("old", (PYTHON, "-c", "pass"), {}, "out", version="nn-explainers 0.0.1 (x)")
    said: list[str] = []
    errors = run_on_cluster(cluster, [fails, works, other], tmp_path / "back", said.append)
    assert count.read_text() == "x"  # run once, not retried
    assert any("broken on w" in e and "error: bad parameter" in e for e in errors), errors
    assert any("runs nn-explainers" in e and "the client nn-explainers 0.0.1" in e
               for e in errors), errors
    assert (tmp_path / "back" / "a.txt").read_text() == "made on the worker"
    assert len(errors) == 2 and sum(" done on w" in line for line in said) == 1
