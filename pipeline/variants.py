"""Where a render with parameters, another theme or a transparent background lands:
its *variant* folder (standard library only, so the Makefile can ask before anything
is installed).

``NN_PARAMS`` names a parameter file (TOML, or JSON for one scene) or holds inline
JSON. Its variant is the file's stem (``examples/params/rotation.toml`` ->
``rotation``) or, for inline JSON, ``params-`` and a hash of the text. A theme other
than the default (``NN_THEME=light``) and a transparent render (manim's ``-t``) join
the name: ``light``, ``rotation-light``, ``rotation-light-transparent``, and so does
an aspect other than 16:9 (``NN_ASPECT=4:3``, :mod:`pipeline.aspect`): ``4x3``,
``light-4x3``, and a spoken one (``NN_NARRATION=1``, :mod:`pipeline.narration`):
``narrated``. The videos go
to ``renders/videos/<chapter>/<quality>/<variant>/`` beside the defaults.

    python -m pipeline.variants --variant [--transparent]   # the folder ('' for defaults)
    python -m pipeline.variants --stamp [--transparent]     # the name and a hash of the
                                                          # parameters' content, for make
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from pipeline.facts import DEFAULT_THEME, slug, theme_name

__all__ = ["params_name", "params_source", "read_source", "stamp", "variant_name"]


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


def params_name(source: str) -> str | None:
    """The parameters' part of a variant name: a file's stem, ``params-<hash>`` for
    inline JSON, ``None`` for none.

    >>> params_name("examples/params/rotation.toml"), params_name("")
    ('rotation', None)
    """
    source = source.strip()
    if not source:
        return None
    if source.lstrip().startswith("{"):
        return "params-" + hashlib.sha256(source.encode()).hexdigest()[:8]
    return slug(Path(source).stem, "params")


def _join(*parts: str | None) -> str | None:
    named = [part for part in parts if part]
    return "-".join(named) or None


def _theme_part(theme: str | None) -> str | None:
    """The theme's part of a variant name (``None`` for the default theme)."""
    name = theme_name(theme)
    return None if name == DEFAULT_THEME else name


def variant_name(source: str | None = None, theme: str | None = None,
                 transparent: bool = False, aspect: str | None = None,
                 narrated: bool | None = None) -> str | None:
    """The folder a render lands in (``None``: the defaults): the parameters' name
    (``source``, default ``$NN_PARAMS``), the theme unless it is the default
    (``theme``, default ``$NN_THEME``), ``transparent`` and the aspect unless it is
    16:9 (``aspect``, default ``$NN_ASPECT``) and ``narrated`` (default
    ``$NN_NARRATION``), joined by ``-``.

    >>> variant_name("", "dark"), variant_name("examples/params/rotation.toml", "dark")
    (None, 'rotation')
    >>> variant_name('{"matrix": [[0, -1], [1, 0]]}', "dark")
    'params-ef346acf'
    >>> variant_name("", "light"), variant_name("rotation.toml", "light", transparent=True)
    ('light', 'rotation-light-transparent')
    >>> variant_name("", "dark", aspect="4:3"), variant_name("", "light", aspect="9x16")
    ('4x3', 'light-9x16')
    """
    from pipeline.aspect import folder_part  # stdlib only
    from pipeline.narration import narration_on  # stdlib only

    source = params_source() if source is None else source.strip()
    narrated = narration_on() if narrated is None else narrated
    return _join(params_name(source), _theme_part(theme),
                 "transparent" if transparent else None, folder_part(aspect),
                 "narrated" if narrated else None)


def stamp(source: str | None = None, theme: str | None = None,
          transparent: bool = False, aspect: str | None = None,
          narrated: bool | None = None) -> str:
    """The variant and a hash of the parameters' content ('' for the defaults): make's
    up-to-date check renders again when the file's content, the theme or the
    transparency changes."""
    source = params_source() if source is None else source.strip()
    digest = None
    if source:
        text, _ = read_source(source)
        digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return _join(variant_name(source, theme, transparent, aspect, narrated), digest) or ""


def main(argv: list[str]) -> int:
    usage = "usage: python -m pipeline.variants --variant | --stamp [--transparent]"
    transparent = "--transparent" in argv
    argv = [arg for arg in argv if arg != "--transparent"]
    try:
        if argv == ["--variant"]:
            print(variant_name(transparent=transparent) or "")
        elif argv == ["--stamp"]:
            print(stamp(transparent=transparent))
        else:
            print(usage, file=sys.stderr)
            return 2
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
