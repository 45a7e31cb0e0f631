"""The explainer's speed: each example spec's render time ÷ its video's length, and how
long ``nnexplain validate`` takes on a large spec (10,000 points of 64 inputs).

    python -m benchmarks.explain                      # every example at -qh
    python -m benchmarks.explain --quality l examples/iris-onnx.toml

Each spec renders alone through ``nnexplain render`` (one manim process on this
machine's cores, nothing cached but the LaTeX every render shares) into a temporary
folder; the length is read from the video with PyAV. Targets (issue 23): a render at
``-qh`` in at most 1.0x its video's length on 2 cores, ``validate`` of the large spec
under 5 s. Exit status 1 when a target is missed. ``make bench-explain`` runs it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import timed  # noqa: E402
from pipeline.facts import QUALITIES  # noqa: E402
from pipeline.videofiles import video_seconds  # noqa: E402

NNEXPLAIN = [sys.executable, "-m", "nnexplain"]


def render_factor(spec: Path, quality: str, out: Path) -> tuple[float, float]:
    """Seconds to render ``spec`` at ``quality`` and its video's length."""
    seconds = timed([*NNEXPLAIN, "render", str(spec), "-q", quality, "-j", "1", "--out",
                     str(out)], f"rendering {spec.name}")
    video = out / "explain" / QUALITIES[quality].folder / f"{spec.stem}.mp4"
    return seconds, video_seconds(video)


def validate_seconds(folder: Path, n: int = 10_000, width: int = 64) -> float:
    """Seconds ``nnexplain validate`` takes on a spec of ``n`` points of ``width``
    inputs from a CSV, through a trained-looking 64-16-10 softmax network's .npz."""
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 16, (n, width))
    labels = rng.integers(0, 10, n)
    np.savetxt(folder / "points.csv", np.column_stack([X, labels]),
               fmt=["%.4f"] * width + ["%d"], delimiter=",")
    np.savez(folder / "w.npz", W1=rng.normal(size=(16, width)) * 0.1, b1=np.zeros(16),
             W2=rng.normal(size=(10, 16)), b2=np.zeros(10))
    spec = folder / "large.toml"
    spec.write_text(f'[network]\nsizes = [{width}, 16, 10]\nactivations = ["relu", '
                    '"softmax"]\nweights = "w.npz"\n[data]\nkind = "csv"\n'
                    'path = "points.csv"\n')
    return timed([*NNEXPLAIN, "validate", str(spec)], "validate")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", type=Path,
                        default=sorted((ROOT / "examples").glob("*.toml")))
    parser.add_argument("--quality", choices=list(QUALITIES), default="h")
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(prefix="nn-bench-explain-") as tmp:
        seconds = validate_seconds(Path(tmp))
        print(f"validate, 10,000 points of 64 inputs: {seconds:.2f} s (target < 5)", flush=True)
        ok &= seconds < 5
        factors = []
        for spec in args.specs:
            took, length = render_factor(spec.resolve(), args.quality, Path(tmp) / "out")
            factors.append(took / length)
            print(f"  -q{args.quality} {spec.stem:<14} {took:6.1f} s for {length:5.1f} s of "
                  f"video: {took / length:.2f}x", flush=True)
        worst = max(factors)
        print(f"-q{args.quality}: render / video length {min(factors):.2f}x to {worst:.2f}x "
              f"(target <= 1.0 at -qh)")
        ok &= worst <= 1.0 or args.quality != "h"
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
