"""Where a render with parameters lands: its *variant* folder (standard library only,
so the Makefile can ask before anything is installed).

``NN_PARAMS`` names a parameter file (TOML, or JSON for one scene) or holds inline
JSON. Its variant is the file's stem (``examples/params/rotation.toml`` ->
``rotation``) or, for inline JSON, ``params-`` and a hash of the text; its videos go
to ``renders/videos/<chapter>/<quality>/<variant>/`` beside the defaults.

    python -m scenes.variants --variant   # the folder name ('' for the defaults)
    python -m scenes.variants --stamp     # the name and a hash of the content, for make
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

__all__ = ["params_source", "read_source", "stamp", "variant_name"]


def params_source() -> str:
    """What ``NN_PARAMS`` holds (empty when unset)."""
    return os.environ.get("NN_PARAMS", "").strip()


def read_source(source: str) -> tuple[str, str | None]:
    """``(text, path)``: inline JSON and no path, or a parameter file's text and path.

    Raises ValueError (one line) for a path that is not a file.
    """
    if source.lstrip().startswith("{"):
        return source, None
    if not Path(source).is_file():
        raise ValueError(f"NN_PARAMS names {source!r}, which is neither JSON nor a file")
    return Path(source).read_text(), source


def variant_name(source: str | None = None) -> str | None:
    """The folder a render with parameters lands in (``None``: the defaults).

    >>> variant_name(""), variant_name("examples/params/rotation.toml")
    (None, 'rotation')
    >>> variant_name('{"matrix": [[0, -1], [1, 0]]}')
    'params-ef346acf'
    """
    source = params_source() if source is None else source.strip()
    if not source:
        return None
    if source.lstrip().startswith("{"):
        return "params-" + hashlib.sha256(source.encode()).hexdigest()[:8]
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(source).stem).strip("-.")
    return stem or "params"


def stamp(source: str | None = None) -> str:
    """The variant and a hash of the parameters' content ('' for the defaults): make's
    up-to-date check renders again when the file's content changes."""
    source = params_source() if source is None else source.strip()
    if not source:
        return ""
    text, _ = read_source(source)
    return f"{variant_name(source)}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def main(argv: list[str]) -> int:
    try:
        if argv == ["--variant"]:
            print(variant_name() or "")
        elif argv == ["--stamp"]:
            print(stamp())
        else:
            print("usage: python -m scenes.variants --variant | --stamp", file=sys.stderr)
            return 2
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
