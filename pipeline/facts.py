"""The render facts, each written once: the qualities and their folders, the formats
and the rule that turns a transparent mp4 into a mov, the themes' names, where a
finished video lands and what it is called, and the ``manim`` command line that
renders one scene.

Standard library only: make asks :mod:`pipeline.variants` for folder names before
anything is installed, and every renderer (``make chN`` through ``tools/render.py``,
``nnexplain render``, the benchmarks, the decks and the gallery) reads the same table.

    >>> QUALITIES["h"].folder, QUALITY_DIRS["m"]
    ('1080p60', '720p30')
    >>> container("mp4", transparent=True), sections_folder("webm")
    ('mov', 'sections-webm')
    >>> str(chapter_folder("renders", "ch03_linear_maps", "l", "light"))
    'renders/videos/ch03_linear_maps/480p15/light'
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_FORMAT", "DEFAULT_QUALITY", "DEFAULT_THEME", "FORMATS", "QUALITIES",
           "QUALITY_DIR", "QUALITY_DIRS", "THEME_NAMES", "Quality", "chapter_folder",
           "container", "explain_path", "manim_command", "sections_folder",
           "slug", "spec_name", "tex_cache", "theme_name",
           "usable_tex_cache"]


@dataclass(frozen=True)
class Quality:
    """A render quality: its letter (``QUALITY=l``, ``-q l``), the folder Manim writes
    it to, and the frame's size (16:9) and rate. Manim's own qualities are asked for by
    their flag (``-ql``); a draft, which Manim does not have, by its size and rate.

    >>> QUALITIES["h"].manim_flags, QUALITIES["d"].manim_flags
    (['-qh'], ['-ql', '-r', '426,240', '--frame_rate', '5'])
    """

    flag: str
    folder: str
    width: int
    height: int
    fps: int
    draft: bool = False

    @property
    def manim_flags(self) -> list[str]:
        """The ``manim`` options that render at this quality."""
        if self.draft:
            return ["-ql", "-r", f"{self.width},{self.height}", "--frame_rate", str(self.fps)]
        return [f"-q{self.flag}"]


# d: a draft, to check a render's order, timing and words quickly (a fifth of -ql's
# pixels, a third of its frames); small text is hard to read at its size
QUALITIES: dict[str, Quality] = {
    q.flag: q for q in (
        Quality("d", "240p5", 426, 240, 5, draft=True),
        Quality("l", "480p15", 854, 480, 15),
        Quality("m", "720p30", 1280, 720, 30),
        Quality("h", "1080p60", 1920, 1080, 60),
        Quality("k", "2160p60", 3840, 2160, 60),
    )
}
QUALITY_DIRS: dict[str, str] = {flag: q.folder for flag, q in QUALITIES.items()}
DEFAULT_QUALITY = "l"
QUALITY_DIR = re.compile(r"^(\d+)p(\d+)$")  # a folder Manim names after a quality


FORMATS: tuple[str, ...] = ("mp4", "webm", "gif", "mov")
DEFAULT_FORMAT = "mp4"


def container(fmt: str, transparent: bool = False) -> str:
    """The container a render is written in: ``fmt``, except that a transparent mp4 is
    a mov (H.264 in mp4 has no alpha channel, and Manim refuses the pair).

    >>> container("webm", True), container("mp4")
    ('webm', 'mp4')
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    return "mov" if transparent and fmt == "mp4" else fmt


def sections_folder(fmt: str) -> str | None:
    """The folder beside a video holding its clip per beat: ``sections`` for mp4,
    ``sections-<format>`` for the others, ``None`` for a gif (its clips would be mp4s,
    so a gif gets none)."""
    if fmt == "gif":
        return None
    return "sections" if fmt == "mp4" else f"sections-{fmt}"


DEFAULT_THEME = "dark"
THEME_NAMES: tuple[str, ...] = ("dark", "light", "classic")  # scenes.theme draws them
_THEME_ALIASES = {"okabe-ito": "dark"}  # NN_PALETTE's old name
_warned: set[str] = set()


def theme_name(name: str | None = None) -> str:
    """The canonical name of theme ``name`` (default: ``$NN_THEME``, else the deprecated
    ``$NN_PALETTE``, else "dark"); ValueError (one line) for a name that is not a theme.

    >>> theme_name("Light"), theme_name("okabe-ito")
    ('light', 'dark')
    """
    source = "theme"
    if name is None:
        name, source = os.environ.get("NN_THEME", ""), "NN_THEME"
        if not name.strip() and os.environ.get("NN_PALETTE", "").strip():
            name, source = os.environ["NN_PALETTE"], "NN_PALETTE"
            message = ("warning: NN_PALETTE is deprecated; use NN_THEME "
                       "(make ... THEME=name); themes: " + ", ".join(THEME_NAMES))
            if message not in _warned:
                _warned.add(message)
                print(message, file=sys.stderr, flush=True)
    key = name.strip().lower() or DEFAULT_THEME
    key = _THEME_ALIASES.get(key, key)
    if key not in THEME_NAMES:
        known = ", ".join(THEME_NAMES)
        raise ValueError(f"{source}: unknown theme {name.strip()!r}; expected one of: {known}")
    return key


def slug(text: str, fallback: str) -> str:
    """``text`` made safe as a file or folder name (runs of other characters become one
    ``-``), or ``fallback`` if nothing is left.

    >>> slug("my net (v2)", "spec"), slug("((", "params")
    ('my-net-v2', 'params')
    """
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.") or fallback


def chapter_folder(media_dir: str | Path, module: str, quality: str,
                   variant: str | None = None) -> Path:
    """Where the videos of a chapter's module land: Manim's
    ``<media>/videos/<module>/<quality folder>/``, in the variant's folder if any."""
    folder = Path(media_dir) / "videos" / module / QUALITY_DIRS[quality]
    return folder / variant if variant else folder


def explain_path(out: str | Path, name: str, quality: str, fmt: str = DEFAULT_FORMAT,
                 variant: str | None = None) -> Path:
    """Where the video of the spec called ``name`` lands:
    ``<out>/explain/<quality folder>/[<variant>/]<name>.<format>``."""
    folder = Path(out) / "explain" / QUALITY_DIRS[quality]
    return (folder / variant if variant else folder) / f"{name}.{fmt}"


def tex_cache() -> Path:
    """The folder every render keeps its compiled formulas in, named by a hash of each
    formula (as matplotlib keeps its own in ``~/.cache/matplotlib``): ``$NN_CACHE_DIR``,
    else ``$XDG_CACHE_HOME/nn-explainers``, else ``~/.cache/nn-explainers``, then
    ``tex/``. Shared by every scene, chapter, spec and media folder (a formula is
    written whole or not at all: ``scenes.texcache``); safe to delete.

    >>> os.environ["NN_CACHE_DIR"] = "/tmp/nn"; str(tex_cache())
    '/tmp/nn/tex'
    >>> del os.environ["NN_CACHE_DIR"]
    """
    root = os.environ.get("NN_CACHE_DIR", "").strip()
    if not root:
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        root = str(Path(xdg) / "nn-explainers") if xdg else str(Path.home() / ".cache" /
                                                               "nn-explainers")
    return Path(root).expanduser() / "tex"


def usable_tex_cache(fallback: str | Path) -> Path:
    """:func:`tex_cache`, made if need be; ``fallback`` when it cannot be (a home folder
    that cannot be written to, an ``NN_CACHE_DIR`` under a file): a render then keeps
    its formulas there instead of failing.

    >>> os.environ["NN_CACHE_DIR"] = "/dev/null/cache"; str(usable_tex_cache("/tmp/x"))
    '/tmp/x'
    >>> del os.environ["NN_CACHE_DIR"]
    """
    try:
        folder = tex_cache()
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: Path.home() without a home
        return Path(fallback)
    return folder


def manim_command(scene_file: str | Path, scene: str, quality: str, fmt: str,
                  media_dir: str | Path, config_file: str | Path,
                  transparent: bool = False, extra: Sequence[str] = (),
                  name: str | None = None) -> list[str]:
    """The ``manim`` command that renders one scene quietly: the format (a transparent
    mp4 becoming a mov), a clip per beat (none for a gif, whose file is called ``name``,
    default the scene's, instead of getting Manim's version suffix), no progress bar,
    the media folder and the scene's own config file."""
    fmt = container(fmt, transparent)
    manim = Path(sys.executable).with_name("manim")
    return [str(manim), *QUALITIES[quality].manim_flags, "--format", fmt,
            *(["-t"] if transparent else []),
            *(["--save_sections"] if sections_folder(fmt) else ["-o", name or scene]),
            "--progress_bar", "none", "--media_dir", str(media_dir),
            "--config_file", str(config_file), *extra, str(scene_file), scene]


def spec_name(path: str | Path) -> str:
    """The name a spec's video is saved under: its file's stem made safe.

    >>> spec_name("talks/my net (v2).toml")
    'my-net-v2'
    """
    return slug(Path(path).stem, "spec")


def main(argv: Sequence[str]) -> int:
    """For make, which reads the table before anything is installed: ``--qualities``,
    ``--formats`` and ``--themes`` print the names, ``--default-quality`` the quality a
    render has unless asked for another, ``--folder Q`` quality Q's folder,
    ``--describe`` the qualities in a line for ``make help``."""
    if argv[:1] == ["--qualities"]:
        print(" ".join(QUALITIES))
    elif argv[:1] == ["--default-quality"]:
        print(DEFAULT_QUALITY)
    elif argv[:1] == ["--formats"]:
        print(" ".join(FORMATS))
    elif argv[:1] == ["--themes"]:
        print(" ".join(THEME_NAMES))
    elif argv[:1] == ["--folder"] and len(argv) == 2 and argv[1] in QUALITIES:
        print(QUALITIES[argv[1]].folder)
    elif argv[:1] == ["--describe"]:
        print(" | ".join(f"{q.flag} {q.folder}{' (draft)' if q.draft else ''}"
                         for q in QUALITIES.values()))
    else:
        print("usage: python3 -m pipeline.facts --qualities | --default-quality | --formats | "
              "--themes | --folder Q | --describe",
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
