"""The README's pictures and numbers (``make readme``).

    python tools/readme.py stills    # docs/stills/chN.png: the frame that stands for
                                     # each chapter (scenes/chapters.py names it)
    python tools/readme.py lengths [--media-dir renders] [--quality l|m|h|k]
                                     # the table of scenes and their lengths in README.md

A still is the camera's picture at the end of the chapter's chosen beat, drawn by
building the scene without rendering a video (Manim's dry run, animations skipped) at
640x360 and stored in 64 colours (tens of kB each). A scene's length is read from its
rendered video's manifest (``<Scene>.json`` beside it, :mod:`pipeline.manifest`): the
defaults' render at ``--quality`` (default: the best one rendered). A scene without one
(not rendered, or rendered before manifests were written) is one line saying how to
render it, and the README is left as it is.
``tests/scenes/test_smoke.py`` checks the README's lengths against every scene.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.docblocks import replace_block  # noqa: E402
from pipeline.facts import FORMATS, QUALITIES, chapter_folder  # noqa: E402
from pipeline.manifest import load, missing_note  # noqa: E402
from scenes.chapters import CHAPTERS, Chapter, scene_names  # noqa: E402

STILLS = ROOT / "docs" / "stills"
README = ROOT / "README.md"
BEGIN, END = "<!-- scene lengths -->", "<!-- end of scene lengths -->"
STILL_SIZE = (640, 360)


def _dry_config(media: Path, quality: str = "low_quality") -> dict:
    return {"dry_run": True, "quality": quality, "media_dir": str(media),
            "disable_caching": True, "progress_bar": "none", "verbosity": "ERROR"}


def scene_class(ch: Chapter, name: str) -> type:
    return getattr(importlib.import_module(f"scenes.{ch.module}"), name)


def still(ch: Chapter, out: Path) -> Path:
    """``ch``'s still: its chosen beat's last frame as a small PNG."""
    from manim import tempconfig
    from PIL import Image

    name, beat_name = ch.still.split(".")
    base = scene_class(ch, name)
    frames: list = []

    class Still(base):  # type: ignore[misc, valid-type]
        def construct(self) -> None:
            self.play_story(until=beat_name)
            self.renderer.update_frame(self)
            frames.append(self.renderer.get_frame())

    Still.__name__ = name
    with tempfile.TemporaryDirectory() as tmp, tempconfig(_dry_config(Path(tmp), "medium_quality")):
        Still(skip_animations=True).render()
    image = Image.fromarray(frames[0]).convert("RGB").resize(STILL_SIZE, Image.LANCZOS)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE) \
        .save(out, optimize=True)
    return out


def scene_length(media_dir: Path, ch: Chapter, name: str,
                 quality: str | None = None) -> tuple[float | None, str]:
    """Seconds the defaults' video of scene ``name`` of ``ch`` plays, from its manifest
    under ``media_dir`` at ``quality`` (default: the best rendered), and what was read;
    ``(None, what to do)`` when there is no manifest."""
    # the best rendered; a draft's length, cut to its coarse frames, is not the video's
    flags = [quality] if quality else [q for q in reversed(QUALITIES)
                                       if not QUALITIES[q].draft]
    videos = []
    for flag in flags:
        folder = chapter_folder(media_dir, ch.module, flag)
        path = folder / f"{name}.json"
        if path.is_file():
            return load(path).length, str(path)
        videos += [folder / f"{name}.{fmt}" for fmt in FORMATS
                   if (folder / f"{name}.{fmt}").is_file()]
    if videos:
        return None, missing_note(videos[0], f"make ch{ch.number}")
    return None, (f"{name}: not rendered{f' at QUALITY={quality}' if quality else ''} under "
                  f"{media_dir}; render it: make ch{ch.number}")


def length_table(lengths: dict[str, dict[str, float]]) -> str:
    """The README's table: a row per chapter, its scenes with their lengths (m:ss)."""
    def mmss(seconds: float) -> str:
        whole = round(seconds)
        return f"{whole // 60}:{whole % 60:02d}"

    rows = ["| chapter | scenes (length) | total |", "| --- | --- | --- |"]
    course = 0.0
    for ch in CHAPTERS:
        scenes = lengths.get(ch.alias)
        if not scenes:
            continue
        total = sum(scenes.values())
        course += total
        listed = ", ".join(f"`{n}` {mmss(s)}" for n, s in scenes.items())
        rows.append(f"| {ch.number} {ch.title} | {listed} | {mmss(total)} |")
    rows.append(f"| the course | {sum(len(s) for s in lengths.values())} scenes | "
                f"{mmss(course)} |")
    return "\n".join(rows)


def read_lengths(text: str) -> dict[str, float]:
    """Scene name -> seconds, as the README's table lists them."""
    block = text.split(BEGIN, 1)[1].split(END, 1)[0]
    return {name: int(m) * 60 + int(s)
            for name, m, s in re.findall(r"`(\w+)` (\d+):(\d\d)", block)}


def update_readme(table: str, path: Path = README) -> bool:
    text = path.read_text()
    try:
        new = replace_block(text, BEGIN, END, f"{BEGIN}\n{table}\n{END}", str(path))
    except ValueError as err:
        raise SystemExit(str(err)) from None
    if new != text:
        path.write_text(new)
    return new != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["stills", "lengths"])
    parser.add_argument("--media-dir", type=Path, default=ROOT / "renders",
                        help="where the videos were rendered (default: renders/)")
    parser.add_argument("--quality", choices=list(QUALITIES), default=None,
                        help="the renders whose lengths are read (default: the best)")
    args = parser.parse_args(argv)
    written = [ch for ch in CHAPTERS if scene_names(ch)]
    if args.what == "stills":
        for ch in written:
            started = time.perf_counter()
            path = still(ch, STILLS / f"ch{ch.number}.png")
            print(f"{path.relative_to(ROOT)}  ({path.stat().st_size // 1024} kB, "
                  f"{time.perf_counter() - started:.0f} s)", flush=True)
        return 0
    lengths: dict[str, dict[str, float]] = {}
    missing = 0
    for ch in written:
        lengths[ch.alias] = {}
        for name in scene_names(ch):
            seconds, read = scene_length(args.media_dir, ch, name, args.quality)
            if seconds is None:
                print(read, flush=True)
                missing += 1
                continue
            lengths[ch.alias][name] = seconds
            print(f"ch{ch.number} {name:<26} {seconds:6.1f} s  ({read})", flush=True)
    if missing:
        print(f"README.md not updated: {missing} scene(s) without a manifest", flush=True)
        return 1
    changed = update_readme(length_table(lengths))
    print(f"README.md {'updated' if changed else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
