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


def _busy_worker(client, seconds: float = 60.0) -> str:
    """The first worker seen rendering a task (waits up to ``seconds``)."""
    import time

    for _ in range(int(seconds / 0.1)):
        busy = [w for w, keys in client.processing().items() if keys]
        if busy:
            return busy[0]
        time.sleep(0.1)
    raise AssertionError("no task started")


def test_three_specs_come_back_whole_though_a_worker_is_killed_mid_render(cluster, tmp_path):
    """Three specs render on the cluster; SIGKILL to a worker while it renders one: the
    scheduler runs that task again (on the other worker, or on the one its nanny starts
    again), the client gets every video whole with its subtitles, manifest and clips,
    and nothing half-written is left in --out."""
    import os
    import signal
    import time

    from distributed import Client

    specs = []
    for k, kind in enumerate(("grid", "square", "xor")):
        doc = {"title": f"Cluster {k}",
               "network": {"sizes": [2, 2], "activations": ["tanh"], "seed": k},
               "data": {"kind": kind, "n": 16}}
        specs.append(write_spec(tmp_path, doc, f"spec{k}.toml"))
    out = tmp_path / "out"
    render = subprocess.Popen([sys.executable, "-m", "nnexplain", "render", *map(str, specs),
                               "-q", "d", "--out", str(out), "--scheduler", cluster],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Client(cluster, timeout="30s") as client:
        victim = _busy_worker(client)
        time.sleep(2.0)  # well into the render
        pid = client.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
    stdout, stderr = render.communicate(timeout=600)
    assert render.returncode == 0, stdout[-2000:] + stderr[-2000:]
    assert stdout.count(" done on w") == 3 and "dashboard http" in stdout
    folder = out / "explain" / "240p5"
    for k in range(3):
        video = folder / f"spec{k}.mp4"
        assert video.stat().st_size > 5_000 and video.with_suffix(".srt").is_file()
        with av.open(str(video)) as container:  # whole: it decodes to its last frame
            assert sum(1 for _ in container.decode(video=0)) > 20
        assert (folder / f"spec{k}.json").is_file()  # the manifest
        assert (folder / "sections" / f"spec{k}.json").is_file()  # the clips' index
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".part")
                 or "partial_movie_files" in p.parts]
    assert not leftovers


def test_ctrl_c_cancels_the_renders_on_the_workers_and_leaves_nothing(cluster, tmp_path):
    """SIGINT to ``nnexplain render --scheduler`` while a worker renders: one line, exit
    130, nothing written into --out, and the render on the worker stopped with every
    process it started (none is left naming the spec)."""
    import time

    import psutil
    from distributed import Client

    doc = {"title": "Interrupted",
           "network": {"sizes": [2, 3, 2], "activations": ["relu", "tanh"], "seed": 3},
           "data": {"kind": "moons", "n": 60}}
    spec = write_spec(tmp_path, doc, "interrupted.toml")
    out = tmp_path / "out"
    render = subprocess.Popen([sys.executable, "-m", "nnexplain", "render", str(spec), "-q", "d",
                               "--out", str(out), "--scheduler", cluster],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Client(cluster, timeout="30s") as client:
        _busy_worker(client)
        time.sleep(1.5)
        render.send_signal(subprocess.signal.SIGINT)
        stdout, stderr = render.communicate(timeout=60)
        assert render.returncode == 130, stdout + stderr
        assert stderr.strip().count("\n") == 0 and "interrupted" in stderr, stderr
        for _ in range(200):  # the worker lets go of it within a few polls
            if not any(client.processing().values()):
                break
            time.sleep(0.1)
        assert not any(client.processing().values())

    def naming_the_spec() -> list:
        found = []
        for proc in psutil.process_iter(["cmdline"]):
            if any("nn-task-" in part and "interrupted" in part
                   for part in proc.info["cmdline"] or ()):
                found.append(proc)
        return found

    for _ in range(100):
        if not naming_the_spec():
            break
        time.sleep(0.1)
    assert not naming_the_spec()
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


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


def test_a_render_over_the_workers_memory_limit_is_stopped_and_said(cluster, tmp_path):
    """A worker started with Dask's own ``--memory-limit``: a render (a process of the
    task's own, which Dask does not watch) that grows past it is stopped, its line
    names the limit, and the worker lives on to take the next task."""
    import os
    import signal

    from distributed import Client

    from pipeline.cluster import WORKER_SETTINGS, RenderFailed, run_task, worker_command

    worker = subprocess.Popen(worker_command(address=cluster, name="small", threads=1,
                                             memory="600MB"),
                              env={**os.environ, **WORKER_SETTINGS}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        with Client(cluster, timeout="30s") as client:
            client.wait_for_workers(3, timeout=60)
            greedy = Task("greedy", (PYTHON, "-c", "import time; b = b'x' * 900_000_000; "
                                     "time.sleep(30)"), {}, "out", timeout=60)
            with pytest.raises(RenderFailed, match=r"greedy: used [\d,]+ MiB on small, over "
                               r"the worker's memory limit of 572 MiB"):
                client.submit(run_task, greedy, workers=["small"], pure=False).result()
            fine = Task("fine", (PYTHON, "-c", "pass"), {}, "out")
            assert client.submit(run_task, fine, workers=["small"], pure=False,
                                 allow_other_workers=False).result().worker == "small"
    finally:  # at once: the scheduler forgets a worker whose connection closes
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)


def test_a_render_does_not_inherit_the_nannys_malloc_trimming(monkeypatch):
    """Dask's nanny sets MALLOC_TRIM_THRESHOLD_ for its worker (a tenth of a render's
    time when the render inherits it): a render's environment drops the nanny's value,
    keeps one a user set otherwise, and keeps everything else."""
    from pipeline.cluster import _render_environment

    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    env = _render_environment()
    assert "MALLOC_TRIM_THRESHOLD_" not in env and env["OMP_NUM_THREADS"] == "1"
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "131072")
    assert _render_environment()["MALLOC_TRIM_THRESHOLD_"] == "131072"
