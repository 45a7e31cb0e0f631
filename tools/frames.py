"""Save frames as PNG: from a rendered video at given times, or from control data.

    python tools/frames.py renders/videos/ch03_linear_maps/480p15/WeightMatrixAsTransform.mp4 \
        --at 3 8.5 14 -o /tmp/frames
    python tools/frames.py --npz tests/scenes/control_data/ch03/weight_matrix_last_frame.npz -o /tmp

``--at`` takes seconds; ``--last`` adds the last frame. Prints the paths it wrote.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def video_frames(video: Path, times: list[float], last: bool, out: Path) -> list[Path]:
    import av

    if not video.is_file():
        raise SystemExit(f"no such video: {video}")
    wanted = sorted(times)
    written: list[Path] = []
    final = None
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            t = float(frame.pts * frame.time_base)
            while wanted and t >= wanted[0]:
                path = out / f"{video.stem}_{wanted.pop(0):07.2f}s.png"
                frame.to_image().save(path)
                written.append(path)
            final = frame
    if last and final is not None:
        path = out / f"{video.stem}_last.png"
        final.to_image().save(path)
        written.append(path)
    return written


def npz_frames(npz: Path, out: Path) -> list[Path]:
    import numpy as np
    from PIL import Image

    data = np.load(npz)["frame_data"]
    frames = data if data.ndim == 4 else data[None]
    written = []
    for i, frame in enumerate(frames):
        path = out / f"{npz.stem}_{i}.png"
        Image.fromarray(frame).save(path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", type=Path)
    parser.add_argument("--at", nargs="*", type=float, default=[], help="times in seconds")
    parser.add_argument("--last", action="store_true", help="also save the last frame")
    parser.add_argument("--npz", type=Path, help="a frames_comparison control-data file")
    parser.add_argument("-o", "--out", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.npz:
        written = npz_frames(args.npz, args.out)
    elif args.video:
        written = video_frames(args.video, args.at, args.last or not args.at, args.out)
    else:
        parser.error("give a video or --npz")
    print("\n".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
