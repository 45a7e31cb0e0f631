"""``nnexplain render``: each checked spec rendered by its own ``manim`` process,
``jobs`` of them side by side, a progress line per stage, the output paths at the end.

Each spec's video lands in ``<out>/explain/<quality>/<spec name>.<format>`` with its
``.srt`` subtitles beside it and a clip per stage under ``sections/`` (mp4) or
``sections-<format>/`` (webm, mov; a gif gets none); a theme other than the default
(``NN_THEME``), a transparent background or an aspect other than 16:9 puts it in the
variant's folder, ``<out>/explain/<quality>/light/``, ``.../transparent/``, ``.../4x3/``.
The subtitles also go into each video as a soft track; Manim's pieces are removed.
Manim's whole log in
``<out>/logs/explain/<spec name>-<quality>.log``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from nnexplain.compute import Explained
from pipeline.facts import DEFAULT_FORMAT, container, explain_path, manim_command
from pipeline.jobs import INTERRUPTED, Job, report_failure, run_jobs, scene_config, stop_jobs
from pipeline.narration import narration_on
from pipeline.variants import variant_name
from pipeline.videofiles import finish_render

__all__ = ["render_specs", "write_decks"]

ROOT = Path(__file__).resolve().parents[1]
EXPLAINER = ROOT / "scenes" / "explainer.py"
SCENE = "ExplainSpec"


def render_specs(specs: Sequence[Explained], quality: str | None = None, fmt: str = DEFAULT_FORMAT,
                 out: Path = Path("renders"), jobs: int = 1, transparent: bool = False,
                 aspect: str | None = None, narrate: bool = False,
                 written: list[Path] | None = None, scheduler: str | None = None,
                 timeout: float | None = None) -> int:
    """Render every spec (``quality`` None: each spec's own ``[render] quality``) in
    ``fmt``, with a transparent background if asked (an mp4 then becomes a mov: it has
    no alpha channel), in ``aspect`` (None: ``$NN_ASPECT``, else 16:9), spoken if
    ``narrate`` (or ``$NN_NARRATION``; :mod:`pipeline.narration`); return the exit
    status (0: every video written). The subtitles go into each video as a track and
    Manim's pieces are removed. ``written`` (if given) receives each video's path.
    ``scheduler`` (or ``$NN_SCHEDULER``): a Dask scheduler's address, each spec then
    one task on its cluster (:func:`render_on_cluster`), which may take ``timeout``
    seconds at most."""
    from pipeline.cluster import scheduler_address

    address = scheduler_address(scheduler)
    if address is not None:
        return render_on_cluster(specs, address, quality, fmt, out, transparent, aspect,
                                 narrate, written, timeout)
    fmt = container(fmt, transparent)
    # the theme comes from NN_THEME; a chapter's parameters are not the spec's
    narrate = narrate or narration_on()
    variant = variant_name(source="", transparent=transparent, aspect=aspect,
                           narrated=narrate)
    out = Path(out).resolve()
    todo = []
    for ex in specs:
        q = quality or ex.spec.render.quality
        name = ex.spec.name
        logs = out / "logs" / "explain"
        cfg = scene_config(str(out), f"explain-{name}", logs)
        cmd = manim_command(EXPLAINER, SCENE, q, fmt, out, cfg, transparent, name=name)
        env = dict(os.environ, NN_PROGRESS="1", NN_SPEC=str(ex.spec.path))
        if aspect is not None:
            env["NN_ASPECT"] = aspect
        env["NN_NARRATION"] = "1" if narrate else ""
        env.pop("NN_PARAMS", None)  # a chapter's parameters are not the spec's
        path = explain_path(out, name, q, fmt, variant)
        job = Job(name, cmd, logs / f"{name}-{q}.log", env=env,
                  scratch=(path.parent / "partial_movie_files" / name,))
        todo.append((job, path))
    at_once = max(1, min(jobs, len(todo)))
    print(f"rendering {len(todo)} spec{'s' if len(todo) != 1 else ''}, {at_once} at a time "
          f"(logs: {out / 'logs' / 'explain'}/)", flush=True)
    started = time.perf_counter()
    jobs = [job for job, _ in todo]
    try:
        failed = run_jobs(jobs, at_once, cwd=ROOT)
        if failed:
            return report_failure(failed, jobs)
        folders: dict[Path, list[str]] = {}
        for _, path in todo:
            folders.setdefault(path.parent, []).append(path.stem)
        for folder, names in folders.items():
            finish_render(folder, names)
    except KeyboardInterrupt:  # Ctrl-C: one line, no partial clips left
        stop_jobs(jobs)
        print(INTERRUPTED, file=sys.stderr, flush=True)
        return 130
    if written is not None:
        written.extend(path for _, path in todo)
    print(f"rendered {len(todo)} in {time.perf_counter() - started:.0f} s:", flush=True)
    for _, path in todo:
        srt = path.with_suffix(".srt")
        extra = f"  (subtitles: {_shown(srt)})" if srt.is_file() else ""
        print(f"  {_shown(path)}{extra}", flush=True)
    return 0


def write_decks(videos: Sequence[Path]) -> int:
    """A PowerPoint deck beside each video (``<name>.pptx``): a slide per stage, its clip
    embedded with its last frame as poster (drawn into ``stills/<name>/`` beside it), its
    subtitles in the speaker notes (:mod:`pipeline.office`). Returns the exit status."""
    from pipeline.manifest import load, manifest_path
    from pipeline.office import OfficeError, beat_slides, write_deck

    for video in videos:
        try:
            made = load(manifest_path(video))
            slides = beat_slides(video, video.parent / "stills" / video.stem)
            deck = write_deck(video.with_suffix(".pptx"), made.title, slides,
                              made.variant.aspect)
        except OfficeError as err:
            print(f"error: {err}", file=sys.stderr, flush=True)
            return 1
        print(f"  {_shown(deck)}  (a deck: {len(slides)} slides, one per stage)", flush=True)
    return 0


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is under it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def render_on_cluster(specs: Sequence[Explained], address: str, quality: str | None,
                      fmt: str, out: Path, transparent: bool, aspect: str | None,
                      narrate: bool, written: list[Path] | None = None,
                      timeout: float | None = None) -> int:
    """Every spec one task on the Dask cluster at ``address`` (:mod:`pipeline.cluster`):
    the spec and the files it names travel with it, a worker renders it with
    ``nnexplain render`` in a fresh process, and the video, its subtitles, clips and log
    come back into ``out`` as a local render writes them. Returns the exit status."""
    from pipeline.cluster import PYTHON, SCRATCH, Task, fingerprint
    from pipeline.cluster import render_on_cluster as cluster_render

    out = Path(out).resolve()
    fmt = container(fmt, transparent)
    narrate = narrate or narration_on()
    variant = variant_name(source="", transparent=transparent, aspect=aspect, narrated=narrate)
    version = fingerprint()
    tasks, paths = [], []
    for ex in specs:
        q = quality or ex.spec.render.quality
        name = ex.spec.name
        command = [PYTHON, "-m", "nnexplain", "render", f"{SCRATCH}/in/{name}.toml", "-q", q,
                   "--format", fmt, "--out", f"{SCRATCH}/out", "-j", "1"]
        if transparent:
            command.append("--transparent")
        env = {"NN_NARRATION": "1" if narrate else ""}
        if aspect is not None:
            env["NN_ASPECT"] = aspect
        if os.environ.get("NN_THEME"):
            env["NN_THEME"] = os.environ["NN_THEME"]
        tasks.append(Task(name, tuple(command), _bundle(ex), "out", env, version, timeout))
        paths.append(explain_path(out, name, q, fmt, variant))
    started = time.perf_counter()
    status = cluster_render(address, tasks, out,
                            f"{len(tasks)} spec{'s' if len(tasks) != 1 else ''}", INTERRUPTED)
    if status:
        return status
    if written is not None:
        written.extend(paths)
    print(f"rendered {len(tasks)} in {time.perf_counter() - started:.0f} s:", flush=True)
    for path in paths:
        print(f"  {_shown(path)}", flush=True)
    return 0


def _bundle(ex: Explained) -> dict[str, bytes]:
    """The spec made whole for a machine without this one's files: its TOML with the
    files it names renamed beside it (``in/<name>-weights.<suffix>``,
    ``in/<name>-points.csv``), and those files' bytes."""
    import tomllib

    from nnexplain.errors import toml_text

    spec = ex.spec
    doc = tomllib.loads(spec.path.read_text(encoding="utf-8"))
    files: dict[str, bytes] = {}
    if spec.network.weights is not None:
        local = f"{spec.name}-weights{spec.network.weights.suffix}"
        doc["network"]["weights"] = local
        files[f"in/{local}"] = spec.network.weights.read_bytes()
    if spec.data.path is not None:
        local = f"{spec.name}-points.csv"
        doc["data"]["path"] = local
        files[f"in/{local}"] = spec.data.path.read_bytes()
    lines = [f"{key} = {toml_text(value)}" for key, value in doc.items()
             if not isinstance(value, dict)]
    for table, values in doc.items():
        if isinstance(values, dict):
            lines += ["", f"[{table}]"] + [f"{k} = {toml_text(v)}" for k, v in values.items()]
    files[f"in/{spec.name}.toml"] = ("\n".join(lines) + "\n").encode("utf-8")
    return files
