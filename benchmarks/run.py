"""Render the benchmark scenes at QUALITY=m and h in one run and print the ratios.

    python -m benchmarks.run                 # both qualities
    python -m benchmarks.run --quality m     # one

Targets (issue 4): 2D cloud <= 1.5x the empty scene and >= 5x faster than the
naive VGroup of Dots; 3D cloud <= 3x the empty 3D scene. Exit status 1 when a
target is missed, so CI or a script can use it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import timed  # noqa: E402

SCENE_FILE = "benchmarks/cloud_scenes.py"
ORDER = ["Empty2D", "Cloud2D", "Naive2D", "Empty3D", "Cloud3D"]


def render(scene: str, quality: str, media: Path) -> float:
    manim = Path(sys.executable).with_name("manim")
    cmd = [str(manim), f"-q{quality}", "--disable_caching", "--progress_bar", "none",
           "--verbosity", "WARNING", "--media_dir", str(media), SCENE_FILE, scene]
    return timed(cmd, f"rendering {scene}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", choices=["l", "m", "h", "k"], action="append")
    parser.add_argument("--skip-naive", action="store_true", help="skip the slow naive scene")
    args = parser.parse_args(argv)
    qualities = args.quality or ["m", "h"]
    scenes = [s for s in ORDER if not (args.skip_naive and s == "Naive2D")]
    ok = True
    with tempfile.TemporaryDirectory(prefix="nn-bench-") as tmp:
        for q in qualities:
            times = {}
            for scene in scenes:
                times[scene] = render(scene, q, Path(tmp))
                print(f"  -q{q} {scene:<8} {times[scene]:6.1f} s", flush=True)
            r2 = times["Cloud2D"] / times["Empty2D"]
            r3 = times["Cloud3D"] / times["Empty3D"]
            print(f"-q{q}: 2D cloud / empty = {r2:.2f} (target <= 1.5)")
            ok &= r2 <= 1.5
            if "Naive2D" in times:
                speedup = times["Naive2D"] / times["Cloud2D"]
                print(f"-q{q}: naive VGroup / 2D cloud = {speedup:.1f}x (target >= 5)")
                ok &= speedup >= 5
            print(f"-q{q}: 3D cloud / empty 3D = {r3:.2f} (target <= 3)")
            ok &= r3 <= 3
    print("all targets met" if ok else "some targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
