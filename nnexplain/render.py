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

__all__ = ["render_specs"]

ROOT = Path(__file__).resolve().parents[1]
EXPLAINER = ROOT / "scenes" / "explainer.py"
SCENE = "ExplainSpec"


def render_specs(specs: Sequence[Explained], quality: str | None = None, fmt: str = DEFAULT_FORMAT,
                 out: Path = Path("renders"), jobs: int = 1, transparent: bool = False,
                 aspect: str | None = None, narrate: bool = False,
                 written: list[Path] | None = None) -> int:
    """Render every spec (``quality`` None: each spec's own ``[render] quality``) in
    ``fmt``, with a transparent background if asked (an mp4 then becomes a mov: it has
    no alpha channel), in ``aspect`` (None: ``$NN_ASPECT``, else 16:9), spoken if
    ``narrate`` (or ``$NN_NARRATION``; :mod:`pipeline.narration`); return the exit
    status (0: every video written). The subtitles go into each video as a track and
    Manim's pieces are removed. ``written`` (if given) receives each video's path."""
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


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is under it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
