"""Render one chapter quietly: a line per scene and beat with the time so far (on a
terminal, each scene's line is rewritten beat by beat, so a chapter is a line per
scene); Manim's whole log goes to a file under renders/logs/, whose path is printed if
anything fails.

    python tools/render.py scenes/ch03_linear_maps.py --quality l [-- extra manim flags]

Used by ``make chN``. ``NN_PARAMS`` (set by ``make chN PARAMS=file.toml``) passes
through; the render then lands in the parameters' variant folder.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scenes.chapters import chapter_of_module  # noqa: E402  (stdlib only)
from scenes.variants import variant_name  # noqa: E402

QUALITY_DIRS = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", type=Path, help="the chapter's module, scenes/chNN_*.py")
    parser.add_argument("--quality", choices=sorted(QUALITY_DIRS), default="l")
    parser.add_argument("--media-dir", default="renders")
    parser.add_argument("--manim-flags", default="", help="extra flags for manim")
    args = parser.parse_args(argv)

    module = args.module.stem
    number = chapter_of_module(module)
    variant = variant_name()
    out = Path(args.media_dir) / "videos" / module / QUALITY_DIRS[args.quality]
    if variant:
        out = out / variant
    logs = Path(args.media_dir) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / f"{module}{'-' + variant if variant else ''}-{args.quality}.log"

    manim = Path(sys.executable).with_name("manim")
    cmd = [str(manim), f"-q{args.quality}", "--save_sections", "--progress_bar", "none",
           "--media_dir", args.media_dir, *shlex.split(args.manim_flags), "-a",
           str(args.module)]
    env = dict(os.environ, NN_PROGRESS="1")
    title = f"chapter {number}" if number else module
    print(f"rendering {title} at -q{args.quality}"
          f"{f' with the parameters {variant!r}' if variant else ''} (log: {log_path})",
          flush=True)
    started = time.perf_counter()
    errors: list[str] = []
    live = sys.stdout.isatty()  # rewrite a scene's line in place as its beats go by
    with log_path.open("w") as log:
        log.write(f"$ {shlex.join(cmd)}\n")
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, bufsize=1)
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            if line.startswith("[nn] "):
                text = "  " + line[5:].rstrip()
                if live and " beat " in text:
                    print(f"\r\033[K{text}", end="", flush=True)
                else:
                    print(f"\r\033[K{text}" if live else text, flush=True)
            elif line.startswith("error: "):
                errors.append(line.rstrip())
        status = proc.wait()
    seconds = time.perf_counter() - started
    if status != 0:
        if errors:  # a mistake in the input, said in one line by the scene
            print("\n".join(errors), file=sys.stderr)
        else:
            print(f"rendering {title} failed after {seconds:.0f} s (exit status {status}); "
                  f"the whole log: {log_path}", file=sys.stderr)
        return status
    print(f"rendered {title} in {seconds:.0f} s: {out}/", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
