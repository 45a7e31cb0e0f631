"""Renders on a Dask cluster: each scene or spec one task, run by a worker in a fresh
process, its finished files sent back to the machine that asked.

Dask distributed schedules (``dask scheduler`` somewhere, ``dask worker ADDRESS`` on
each machine, this module as the client); nothing of a scheduler is written here. No
file system is shared: a :class:`Task` carries its inputs as bytes (a spec and the
files it names), the worker writes them into a scratch folder of its own, runs the
render command there in a new process (Manim's configuration is global to a process:
nothing of one task's theme, aspect or quality reaches the next), and returns the files
the render wrote; the client writes each one whole (a temporary name, then
``os.replace``) into the usual folders. The scratch folder is removed whatever happens.

A worker lost in the middle of a task: the scheduler runs the task again on another
(Dask's own rule); a render that fails for its own reason fails once, with its one
line. A worker whose project or Manim differs from the client's refuses the task
(:func:`fingerprint`). Standard library and ``distributed`` only; no Manim here.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

__all__ = ["PYTHON", "SCRATCH", "WORKER_SETTINGS", "Done", "RenderFailed", "Task",
           "VersionMismatch", "fingerprint", "render_on_cluster", "run_on_cluster", "run_task",
           "loopback_cluster", "scheduler_address", "worker_command", "write_whole"]

#: In a task's command and environment, where the worker's scratch folder goes.
SCRATCH = "{scratch}"
#: In a task's command, the worker's own Python (the project's environment there).
PYTHON = "{python}"
#: Dask settings of a rendering worker (environment variables, Dask's own form): its
#: statistical profiler off, which samples the task's thread every 10 ms though the
#: render's work is in processes of its own (an idle loopback scheduler and two workers
#: took 9.7 % of a core with it, 7.4 % without).
WORKER_SETTINGS = {"DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}
#: The folders whose source makes a render: a worker must have the same.
_SOURCES = ("nnmath", "narrator", "pipeline", "nnexplain", "scenes", "tools", "assets")


class RenderFailed(RuntimeError):
    """A task's render failed for its own reason (its one ``error:`` line, or its log's
    last lines): said once, never run again."""


class VersionMismatch(RuntimeError):
    """The worker runs another version of the project or of Manim than the client."""


@dataclass(frozen=True)
class Task:
    """One render for a worker: ``command`` (:data:`PYTHON` stands for the worker's own
    Python, :data:`SCRATCH` for its scratch folder) run from the project's folder,
    ``inputs`` written under the scratch folder first, ``outputs`` the folder under it
    whose files come back, ``env`` added to the worker's environment."""

    name: str
    command: tuple[str, ...]
    inputs: dict[str, bytes]
    outputs: str
    env: dict[str, str] = field(default_factory=dict)
    version: str = ""
    timeout: float | None = None


@dataclass(frozen=True)
class Done:
    """What came back: the files (relative to the task's ``outputs``), the worker that
    rendered them and how long it took."""

    name: str
    files: dict[str, bytes]
    worker: str
    seconds: float


def fingerprint() -> str:
    """This installation's version: the project's and Manim's version numbers and a hash
    of every source file that makes a render (two workers with the same fingerprint
    render the same frames).

    >>> fingerprint() == fingerprint() and fingerprint().startswith("nn-explainers ")
    True
    """
    digest = hashlib.sha256()
    for folder in _SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
                digest.update(path.read_bytes())
    try:
        manim = metadata.version("manim")
    except metadata.PackageNotFoundError:
        manim = "none"
    return (f"nn-explainers {metadata.version('nn-explainers')} ({digest.hexdigest()[:12]}), "
            f"manim {manim}")


def worker_command(*, address: str | None = None, scheduler_file: Path | None = None,
                   name: str, threads: int, memory: str | None = None) -> list[str]:
    """``dask worker`` from this environment for the scheduler at ``address`` (or named
    in ``scheduler_file``): one worker process running ``threads`` tasks at once (each
    render a process of its own), called ``name``, with Dask's ``--memory-limit`` if
    ``memory``. Run it with :data:`WORKER_SETTINGS` in its environment."""
    if (address is None) == (scheduler_file is None):
        raise ValueError("a worker needs the scheduler's address or its file, not both")
    where = [address] if address is not None else ["--scheduler-file", str(scheduler_file)]
    return [str(Path(sys.executable).with_name("dask")), "worker", *where, "--nworkers", "1",
            "--nthreads", str(threads), "--name", name, "--no-dashboard",
            *(["--memory-limit", memory] if memory else [])]


@contextmanager
def loopback_cluster(folder: Path, workers: int) -> Iterator[str]:
    """A scheduler and ``workers`` one-task workers on 127.0.0.1 from this environment
    (the tests', the benchmark's, a try on one machine), its file in ``folder``: yields
    its address once every worker is there; every process it started is stopped after
    (SIGTERM to each with its children, killed after 20 s)."""
    import json
    import signal

    spec = Path(folder) / "scheduler.json"
    spec.unlink(missing_ok=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
             "start_new_session": True}
    procs = [subprocess.Popen([str(Path(sys.executable).with_name("dask")), "scheduler",
                               "--host", "127.0.0.1", "--port", "0", "--scheduler-file",
                               str(spec), "--dashboard-address", ":0"], **quiet)]
    try:
        for _ in range(600):
            if spec.is_file() and spec.read_text().strip():
                break
            time.sleep(0.1)
        for k in range(workers):
            procs.append(subprocess.Popen(
                worker_command(scheduler_file=spec, name=f"w{k + 1}", threads=1),
                env={**os.environ, **WORKER_SETTINGS}, **quiet))
        address = json.loads(spec.read_text())["address"]
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=60)
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


def run_task(task: Task) -> Done:
    """Run ``task`` here (on a worker): refuse another version, write the inputs into a
    fresh scratch folder, run the command in a new process, return the files under
    ``outputs``. The scratch folder is removed in every case."""
    mine = fingerprint()
    worker = _worker_name()
    if task.version and task.version != mine:
        raise VersionMismatch(f"worker {worker} runs {mine}, the client {task.version}; "
                              "install the same version on both (make worker)")
    _remove_orphans()
    scratch = Path(tempfile.mkdtemp(prefix=f"nn-task-{os.getpid()}-"))
    try:
        for relative, data in task.inputs.items():
            target = scratch / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        command = [part.replace(PYTHON, sys.executable).replace(SCRATCH, str(scratch))
                   for part in task.command]
        env = {**_render_environment(), **{k: v.replace(SCRATCH, str(scratch)) for k, v in
                                           task.env.items()}}
        started = time.perf_counter()
        done = _run_until_stopped(task, command, env, worker)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            said = [line for line in done.stderr.splitlines() if line.startswith("error:")]
            tail = said[-1] if said else " | ".join(done.stderr.strip().splitlines()[-3:])
            raise RenderFailed(f"{task.name} on {worker}: {tail or f'exit {done.returncode}'}")
        out = scratch / task.outputs
        files = {str(p.relative_to(out)): p.read_bytes()
                 for p in sorted(out.rglob("*")) if p.is_file()} if out.is_dir() else {}
        return Done(task.name, files, worker, seconds)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _run_until_stopped(task: Task, command: list[str], env: dict[str, str],
                       worker: str) -> subprocess.CompletedProcess:
    """Run ``command`` through :data:`_LAUNCHER` and wait for it, stopping it (and every
    process it started) when the task's time limit passes or the client cancels the
    task (Ctrl-C there: Dask marks the running task cancelled on this worker)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(os.getpid()), *command],
                                cwd=ROOT, env=env, stdout=out, stderr=err, text=True)
        deadline = None if task.timeout is None else time.monotonic() + task.timeout
        limit, at_once = _memory_limit()
        while True:
            try:
                code = proc.wait(timeout=_POLL)
                break
            except subprocess.TimeoutExpired:
                late = deadline is not None and time.monotonic() > deadline
                used = _memory_used(proc.pid) if limit else 0
                if late or used > limit or _cancelled():
                    proc.terminate()  # the launcher stops the render's processes
                    proc.wait()
                    if late:
                        raise RenderFailed(f"{task.name}: took more than {task.timeout:g} s "
                                           f"on {worker}; expected a render within the time "
                                           "limit") from None
                    if used > limit:
                        share = (f"the worker's memory limit of {limit / 2**20:,.0f} MiB"
                                 if at_once == 1 else f"its share of the worker's memory "
                                 f"limit, {limit / 2**20:,.0f} MiB for each of {at_once} "
                                 "tasks at once")
                        raise RenderFailed(
                            f"{task.name}: used {used / 2**20:,.0f} MiB on {worker}, over "
                            f"{share}; expected a smaller spec, or a worker with more memory "
                            "(dask worker --memory-limit)") from None
                    raise RenderFailed(f"{task.name}: cancelled on {worker}") from None
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(command, code, out.read(), err.read())


_POLL = 0.5  # seconds between looks at a running render's limits and cancellation


def _render_environment() -> dict[str, str]:
    """The worker's environment for a render, less what Dask's nanny set for the
    worker's own process (``distributed.nanny.pre-spawn-environ``): its
    ``MALLOC_TRIM_THRESHOLD_`` hands memory back to the system at every free, which cost
    a render a tenth more time here (1.2 s more in the kernel for a 20 s render). The
    one-thread settings for numerical libraries stay: a render runs per core."""
    env = dict(os.environ)
    try:
        import dask
        import distributed  # noqa: F401  (its defaults, the nanny's among them, join dask's)

        nanny = dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {}
    except ImportError:
        nanny = {}
    for key, value in nanny.items():
        if key == "MALLOC_TRIM_THRESHOLD_" and env.get(key) == str(value):
            del env[key]
    return env


def _memory_limit() -> tuple[int, int]:
    """What one task may use on this worker, in bytes, and how many tasks it runs at
    once: its memory limit (``dask worker --memory-limit``) shared by its threads; 0
    for no limit or off a worker. Dask watches the worker's own process; a render runs
    in processes of its own, which :func:`_run_until_stopped` holds to this share."""
    try:
        from distributed import get_worker

        me = get_worker()
        threads = max(1, int(me.state.nthreads))
        return int(me.memory_manager.memory_limit or 0) // threads, threads
    except (ImportError, ValueError, AttributeError):
        return 0, 1


def _memory_used(pid: int) -> int:
    """Bytes resident in process ``pid`` and every process under it."""
    import psutil

    try:
        root = psutil.Process(pid)
        family = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    used = 0
    for proc in family:
        try:
            used += proc.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return used


def _cancelled() -> bool:
    """Whether the client no longer wants the task this thread runs (Dask's worker
    state says ``cancelled`` once the client lets go of it, on Ctrl-C)."""
    try:
        from distributed import get_worker

        me = get_worker()
        state = me.state.tasks.get(me.get_current_task())
    except (ImportError, ValueError, KeyError):
        return False  # not on a worker: run_task called here
    return state is None or state.state in ("cancelled", "released", "forgotten")


# The render's parent on the worker: it starts the render in a process group of its own
# and ends with the worker that started it (Linux's parent-death signal: a worker killed
# mid-task leaves no render running; one already gone by then ends it at once). Asked
# to stop (SIGTERM: a time limit, a cancelled task, the worker's death), it interrupts
# the whole group as Ctrl-C would (the render removes its partial files), then kills.
_LAUNCHER = """
import ctypes, os, signal, subprocess, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
except (OSError, AttributeError):  # not Linux: the render runs to its end
    pass
if os.getppid() != int(sys.argv[1]):
    sys.exit(1)
render, stopped = None, []
def signal_group(sig):
    try:
        os.killpg(render.pid, sig)
    except ProcessLookupError:
        pass
def stop(signum, frame):  # no waiting in here: the main line's wait is under way
    if render is None:
        os._exit(128 + signum)
    stopped.append(signum)
    signal_group(signal.SIGINT)
    signal.alarm(10)  # then killed, if it has not ended by then
signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGALRM, lambda signum, frame: signal_group(signal.SIGKILL))
render = subprocess.Popen(sys.argv[2:], start_new_session=True)
signal.signal(signal.SIGINT, signal.SIG_IGN)  # the worker's Ctrl-C (not the render's: it
# would start with SIGINT ignored, and an interrupted render would not clean up)
code = render.wait()
if stopped:
    signal_group(signal.SIGKILL)  # what the render started and left behind
    code = 128 + stopped[0]
sys.exit(code)
"""


def _remove_orphans() -> None:
    """Remove the scratch folders of workers that are gone (killed mid-task, their
    ``finally`` never ran): each folder is named after the process that made it."""
    for folder in Path(tempfile.gettempdir()).glob("nn-task-*-*"):
        try:
            pid = int(folder.name.split("-")[2])
            os.kill(pid, 0)
        except ValueError:
            continue
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # another user's process: alive
            continue


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().name)
    except (ImportError, ValueError):
        return "local"


def write_whole(files: dict[str, bytes], root: Path) -> list[Path]:
    """Write each file under ``root`` whole: a temporary name beside it, then one
    ``os.replace`` (a reader sees the old file or the new, never half of one)."""
    written = []
    for relative, data in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f".{target.name}.{os.getpid()}.part")
        try:
            part.write_bytes(data)
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
        written.append(target)
    return written


def scheduler_address(given: str | None) -> str | None:
    """The scheduler to use: ``given``, else ``$NN_SCHEDULER``, else None (render
    here)."""
    value = (given or os.environ.get("NN_SCHEDULER", "")).strip()
    return value or None


def run_on_cluster(address: str, tasks: Sequence[Task], root: Path,
                   say: Callable[[str], None] = print) -> list[str]:
    """Run ``tasks`` on the cluster at ``address``, writing each one's files under
    ``root`` as it finishes and saying one line per task (its worker and time); return
    the one-line errors of the tasks that failed (the others finish). Ctrl-C cancels
    what is left: nothing half-written is left behind."""
    from distributed import Client, as_completed

    with Client(address, timeout="20s") as client:
        if client.dashboard_link:
            say(f"cluster {address}: {len(client.scheduler_info()['workers'])} workers, "
                f"dashboard {client.dashboard_link}")
        futures = [client.submit(run_task, task, key=f"nn-{task.name}-{os.getpid()}",
                                 pure=False) for task in tasks]
        errors = []
        try:
            for future in as_completed(futures):
                try:
                    done = future.result()
                except (RenderFailed, VersionMismatch) as err:
                    errors.append(str(err))
                    say(f"error: {err}")
                    continue
                except Exception as err:  # a worker lost too often (KilledWorker), ...
                    errors.append(f"{future.key}: {type(err).__name__}: {err}")
                    say(f"error: {errors[-1]}")
                    continue
                write_whole(done.files, root)
                say(f"  {done.name:<26} done on {done.worker} in {done.seconds:.1f} s "
                    f"({len(done.files)} files)")
        except KeyboardInterrupt:
            client.cancel(futures)
            raise
        return errors


def render_on_cluster(address: str, tasks: Sequence[Task], root: Path, what: str,
                      interrupted: str) -> int:
    """:func:`run_on_cluster` for a command line: ``rendering <what> on <address>``,
    a line per task, and the exit status: 0 when every task's files came back, 2 when
    one failed or the scheduler cannot be reached (one line), 130 on Ctrl-C (the line
    ``interrupted``)."""
    print(f"rendering {what} on {address}", flush=True)
    try:
        errors = run_on_cluster(address, tasks, root)
    except KeyboardInterrupt:
        print(interrupted, file=sys.stderr, flush=True)
        return 130
    except OSError as err:  # no scheduler there
        print(f"error: cannot reach the scheduler at {address} ({err}); expected a running "
              "`dask scheduler` (see README: Scale out)", file=sys.stderr, flush=True)
        return 2
    return 2 if errors else 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pipeline.cluster worker ADDRESS [--memory 4GB]`` (``make worker``):
    a worker for that cluster, one task per core, named after this machine."""
    import argparse
    import socket

    parser = argparse.ArgumentParser(prog="python -m pipeline.cluster",
                                     description="A Dask worker that renders (README: Scale out)")
    parser.add_argument("what", choices=["worker"])
    parser.add_argument("address", help="the scheduler's address, tcp://HOST:8786")
    parser.add_argument("--memory", help="Dask's memory limit for the worker, e.g. 4GB")
    args = parser.parse_args(argv)
    cores = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
             else os.cpu_count() or 1)
    command = worker_command(address=args.address, threads=cores,
                             name=f"{socket.gethostname()}-{os.getpid()}", memory=args.memory)
    print(" ".join(command), flush=True)
    os.execve(command[0], command, {**os.environ, **WORKER_SETTINGS})


if __name__ == "__main__":
    raise SystemExit(main())
