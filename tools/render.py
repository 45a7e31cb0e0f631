"""Render one chapter quietly, its scenes side by side: a line per scene and beat with
the time so far; Manim's whole log goes to a file per scene under renders/logs/, whose
path is printed if anything fails.

    python tools/render.py scenes/ch03_linear_maps.py --quality l [--jobs 2]
        [--format mp4|webm|gif|mov] [--transparent]

Used by ``make chN`` (``JOBS=n`` sets ``--jobs``). Each scene is its own ``manim``
process, ``--jobs`` of them at once (default: one per CPU core): Manim draws a frame
on one core, so a chapter renders almost twice as fast on two. Each scene keeps its
own LaTeX and text cache, so two processes never write the same cache file.
``NN_PARAMS`` (set by ``make chN PARAMS=file.toml``) and ``NN_THEME`` (``THEME=light``)
pass through; the render then lands in its variant folder (``pipeline.variants``), as does
a ``--transparent`` one (Manim's ``-t``: an alpha channel, in a mov or webm; an mp4
cannot hold one, so ``--transparent`` turns mp4 into mov). Every format but gif gets
its clip per beat: mp4's under ``sections/``, the others' under ``sections-<format>/``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.facts import (  # noqa: E402
    DEFAULT_FORMAT,
    DEFAULT_QUALITY,
    FORMATS,
    QUALITIES,
    chapter_folder,
    container,
    manim_command,
)
from pipeline.jobs import (  # noqa: E402  (stdlib only)
    INTERRUPTED,
    Job,
    default_jobs,
    positive_int,
    report_failure,
    run_jobs,
    scene_config,
    stop_jobs,
)
from pipeline.variants import variant_name  # noqa: E402
from scenes.chapters import chapter_of_module, scene_names_in  # noqa: E402  (stdlib only)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", type=Path, help="the chapter's module, scenes/chNN_*.py")
    parser.add_argument("--quality", choices=list(QUALITIES), default=DEFAULT_QUALITY)
    parser.add_argument("--media-dir", default="renders")
    parser.add_argument("--format", choices=FORMATS, default=DEFAULT_FORMAT,
                        help="the video's container (default mp4; gif gets no clip per beat)")
    parser.add_argument("--transparent", action="store_true",
                        help="a transparent background (an alpha channel; mp4 becomes mov)")
    parser.add_argument("--manim-flags", default="", help="extra flags for manim")
    parser.add_argument("--jobs", type=positive_int, default=None,
                        help="scenes rendered at once (default: JOBS, else the CPU cores)")
    parser.add_argument("--scene", action="append", default=None, metavar="NAME",
                        help="render only this scene of the module (again for more)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="render on a Dask cluster, each scene one task (default: "
                        "NN_SCHEDULER; unset: here)")
    args = parser.parse_args(argv)
    try:
        jobs_wanted = args.jobs or default_jobs()
    except argparse.ArgumentTypeError as err:
        parser.error(f"JOBS: {err}")

    module = args.module.stem
    if not args.module.is_file():
        parser.error(f"{args.module}: no such file (expected a chapter module, "
                     "scenes/chNN_*.py)")
    scenes = scene_names_in(args.module)
    if not scenes:
        parser.error(f"{args.module} holds no chapter scene (a class built on ChapterScene)")
    if args.scene:
        unknown = [name for name in args.scene if name not in scenes]
        if unknown:
            parser.error(f"{args.module} has no scene {unknown[0]!r} (expected one of: "
                         f"{', '.join(scenes)})")
        scenes = [name for name in scenes if name in args.scene]
    number = chapter_of_module(module)
    fmt = container(args.format, args.transparent)
    try:
        variant = variant_name(transparent=args.transparent)
    except ValueError as err:  # NN_THEME names no theme, NN_PARAMS no file
        parser.error(str(err))
    out = chapter_folder(args.media_dir, module, args.quality, variant)
    logs = Path(args.media_dir) / "logs" / (
        f"{module}{'-' + variant if variant else ''}-{args.quality}")
    logs.mkdir(parents=True, exist_ok=True)

    from pipeline.cluster import scheduler_address

    address = scheduler_address(args.scheduler)
    if address is not None:
        return on_cluster(address, args, scenes, title=f"chapter {number}" if number
                          else module, out=out)

    env = dict(os.environ, NN_PROGRESS="1")
    jobs = [
        Job(scene, manim_command(args.module, scene, args.quality, fmt, args.media_dir,
                                 scene_config(args.media_dir, scene, logs),
                                 args.transparent, shlex.split(args.manim_flags)),
            logs / f"{scene}.log", scratch=(out / "partial_movie_files" / scene,))
        for scene in scenes
    ]
    at_once = min(jobs_wanted, len(jobs))
    title = f"chapter {number}" if number else module
    print(f"rendering {title} at {QUALITIES[args.quality].folder} as {fmt}"
          f"{f' (variant {variant!r})' if variant else ''}: {len(jobs)} scenes, "
          f"{at_once} at a time (logs: {logs}/)", flush=True)

    started = time.perf_counter()
    try:
        failed = run_jobs(jobs, at_once, cwd=ROOT, env=env)
        if failed:
            # the first scene (in story order) that failed speaks: a bad PARAMS file
            # stops every scene alike, and one line says what is wrong
            return report_failure(failed, jobs)
        from pipeline.videofiles import finish_render  # .srt in each video; pieces removed

        finish_render(out, scenes)
    except KeyboardInterrupt:  # Ctrl-C: one line, no partial clips left (finished
        stop_jobs(jobs)  # videos are whole: Manim and finish_render write them last)
        if os.environ.get("MAKELEVEL"):  # make says the one line ("... Interrupt")
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        print(INTERRUPTED, file=sys.stderr, flush=True)
        return 130
    seconds = time.perf_counter() - started
    print(f"rendered {title} in {seconds:.0f} s: {out}/", flush=True)
    return 0


def on_cluster(address: str, args: argparse.Namespace, scenes: list[str], title: str,
               out: Path) -> int:
    """Each scene one task on the Dask cluster at ``address`` (:mod:`pipeline.cluster`):
    a worker renders it with this same tool in a scratch media folder (the parameter
    file, if any, travels with it) and the video, subtitles, clips, manifest and log come
    back into ``--media-dir`` as a local render writes them. Returns the exit status."""
    from pipeline.cluster import PYTHON, SCRATCH, Task, fingerprint, render_on_cluster

    inputs: dict[str, bytes] = {}
    env = {name: os.environ[name] for name in ("NN_THEME", "NN_ASPECT", "NN_NARRATION")
           if os.environ.get(name)}
    params = os.environ.get("NN_PARAMS", "").strip()
    if params:  # its name makes the variant's folder: it keeps it
        inputs[f"in/{Path(params).name}"] = Path(params).read_bytes()
        env["NN_PARAMS"] = f"{SCRATCH}/in/{Path(params).name}"
    command = [PYTHON, "tools/render.py", str(args.module.resolve().relative_to(ROOT)),
               "--quality", args.quality, "--media-dir", f"{SCRATCH}/media",
               "--format", args.format, "--jobs", "1"]
    if args.transparent:
        command.append("--transparent")
    if args.manim_flags:
        command.append(f"--manim-flags={args.manim_flags}")
    version = fingerprint()
    tasks = [Task(scene, (*command, "--scene", scene), inputs, "media", env, version)
             for scene in scenes]
    started = time.perf_counter()
    status = render_on_cluster(address, tasks, Path(args.media_dir),
                               f"{title}: {len(tasks)} scenes", INTERRUPTED)
    if status:
        return status
    print(f"rendered {title} in {time.perf_counter() - started:.0f} s: {out}/", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
