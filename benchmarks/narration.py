"""What narration costs: the synthesis time per minute of speech, and how much longer
each chapter plays when it speaks.

    python -m benchmarks.narration              # every written chapter
    python -m benchmarks.narration --chapters 3 # one

Each scene is built twice without rendering a video (Manim's dry run, animations
skipped), silent and narrated, into a fresh voice cache, so every line is synthesised
once: the scene's clock after its last beat is the video's length, and the time spent
in Piper is the synthesis time (``make bench-narration``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scenes.chapters import CHAPTERS, chapter, scene_names  # noqa: E402


def measure(ch, name: str, cache: Path) -> tuple[float, float, float, float]:
    """(silent length, narrated length, seconds of speech, seconds synthesising)."""
    import importlib
    import os

    from manim import tempconfig

    from pipeline import narration

    cls = getattr(importlib.import_module(f"scenes.{ch.module}"), name)
    spent = [0.0]
    original = narration.speech

    def timed(text: str, where: Path):
        start = time.perf_counter()
        try:
            return original(text, where)
        finally:
            spent[0] += time.perf_counter() - start

    lengths = []
    for narrated in (False, True):
        os.environ["NN_NARRATION"] = "1" if narrated else ""
        with tempconfig({"dry_run": True, "quality": "low_quality", "media_dir": str(cache),
                         "disable_caching": True, "progress_bar": "none",
                         "verbosity": "ERROR"}):
            import scenes.base as base

            base.speech = timed  # what StoryScene.say calls
            try:
                scene = cls(skip_animations=True)
                scene.render()
            finally:
                base.speech = original
        lengths.append(float(scene.time))
    return lengths[0], lengths[1], scene.narration["seconds"], spent[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, nargs="*")
    args = parser.parse_args(argv)
    numbers = args.chapters or [ch.number for ch in CHAPTERS if scene_names(ch)]
    total = [0.0, 0.0, 0.0, 0.0]
    print(f"{'chapter':<24} {'silent':>8} {'narrated':>9} {'longer':>7} {'speech':>8} "
          f"{'synthesis':>10} {'per minute':>11}")
    with tempfile.TemporaryDirectory(prefix="nn-narration-") as tmp:
        for number in numbers:
            ch = chapter(number)
            sums = [0.0, 0.0, 0.0, 0.0]
            for name in scene_names(ch):
                for k, value in enumerate(measure(ch, name, Path(tmp))):
                    sums[k] += value
            total = [a + b for a, b in zip(total, sums, strict=True)]
            _row(f"ch{number} {ch.alias}", *sums)
    _row("course", *total)
    return 0


def _row(name: str, silent: float, narrated: float, speech: float, spent: float) -> None:
    per_minute = spent / (speech / 60) if speech else float("nan")
    print(f"{name:<24} {silent:7.1f}s {narrated:8.1f}s {100 * (narrated / silent - 1):6.1f}% "
          f"{speech:7.1f}s {spent:9.1f}s {per_minute:9.1f}s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
