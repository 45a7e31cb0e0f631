"""The documents made from the spec's fields (:data:`nnexplain.schema.FIELDS`): the
commented example spec ``nnexplain example`` prints (``example.toml``) and the README's
spec table, so that a field added to the table appears in both.

``python -m nnexplain.documents --update README.md`` rewrites the two files (``make
params-doc`` runs it); ``--check README.md`` exits 1, naming each one that is stale.

Example:
    >>> "n = 1000" in example_toml() and "| `data.n` |" in readme_table()
    True
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from pipeline.docblocks import replace_block

from .schema import FIELDS, REQUIRED, TABLES, Field, Table

__all__ = ["EXAMPLE_FILE", "README_END", "README_START", "example_toml", "main",
           "readme_table", "with_readme_table"]

_EXAMPLE_HEAD = """\
# A spec for `nnexplain`: your own small network and your own points, explained
# stage by stage (W x, + b, activation) in a point-cloud video.
#
#   nnexplain validate my-network.toml      check it (fast, draws nothing)
#   nnexplain render my-network.toml        make the video
#
# Paths (weights, csv) are relative to this file. Lines starting with # are comments;
# a commented-out setting is an alternative. Made from nnexplain/schema.py's FIELDS.
"""
_COMMENT_AT = 38
_WIDTH = 100


def _commented(code: str, comment: str) -> list[str]:
    """``code`` with ``comment`` at column 38, wrapped onto comment lines below."""
    lead = code.ljust(_COMMENT_AT) if len(code) < _COMMENT_AT else code + "  "
    lines = textwrap.wrap(comment, _WIDTH - len(lead) - 2, break_on_hyphens=False) or [""]
    pad = " " * _COMMENT_AT
    return [f"{lead}# {lines[0]}"] + [f"{pad}# {line}" for line in lines[1:]]


def _about(f: Field) -> str:
    """What the example and the README say of ``f`` beyond its type and default."""
    return "; ".join(part for part in (f.meaning, f.only_text(), f.note) if part)


def _need(t: Table) -> str:
    """``"required"`` or ``"optional"``."""
    return "required" if t.required else "optional"


def _example_comment(f: Field) -> str:
    """The example's comment on ``f``: what it is, the values it takes where a value
    alone does not show them, and its default if it has one."""
    parts = [f.meaning]
    if f.type not in ("text", "path", "whole", "number"):
        parts.append(f.allowed())
    parts += [f.only_text(), f.note]
    if f.default is not REQUIRED:
        said = f.default_text()
        parts.append(said if said.startswith("required") else f"default {said}")
    return "; ".join(part for part in parts if part)


def _sections() -> list[tuple[Table | None, list[Field]]]:
    """The top of the file (``None``), then each table, with their fields in order."""
    return [(t, [f for f in FIELDS if f.table == (t.name if t else "")])
            for t in (None, *TABLES)]


def example_toml() -> str:
    """The commented example spec: every field of :data:`FIELDS`, table by table, its
    example value and what it takes (``nnexplain example`` prints ``example.toml``, this
    text as ``make params-doc`` last wrote it)."""
    out = [_EXAMPLE_HEAD]
    for t, fields in _sections():
        if t is not None:
            out += ["", *_commented(f"[{t.name}]", f"{_need(t)}: {t.meaning}")]
        out += [line for f in fields
                for line in _commented(f.line if f.shown else f"# {f.line}", _example_comment(f))]
    return "\n".join(out) + "\n"


README_START = "<!-- spec fields: made by `make params-doc` from nnexplain/schema.py -->"
README_END = "<!-- end of spec fields -->"


def readme_table() -> str:
    """The README's spec table: a row per table and per field of :data:`FIELDS`."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    out = [README_START, "| field | value | default | meaning |", "|---|---|---|---|"]
    for t, fields in _sections():
        if t is not None:
            out.append(f"| `[{t.name}]` | table | {_need(t)} | {cell(t.meaning)} |")
        out += [f"| `{f.name}` | {cell(f.allowed())} | {cell(f.default_text())} "
                f"| {cell(_about(f))} |" for f in fields]
    return "\n".join([*out, README_END])


def with_readme_table(readme: str, table: str | None = None) -> str:
    """``readme`` with the text between the spec table's markers replaced by ``table``."""
    table = readme_table() if table is None else table
    return replace_block(readme, README_START, README_END, table, "the README")


EXAMPLE_FILE = Path(__file__).with_name("example.toml")


def main(argv: list[str] | None = None) -> int:
    """``python -m nnexplain.documents --update README.md``: rewrite the README's spec table
    and ``example.toml`` from the table; ``--check README.md``: exit 1, naming the
    stale file, if either is not what the table makes."""
    parser = argparse.ArgumentParser(prog="python -m nnexplain.documents",
                                     description="The documents made from a spec's fields.")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--update", metavar="README", help="rewrite both files")
    action.add_argument("--check", metavar="README", help="exit 1 if either is stale")
    args = parser.parse_args(argv)
    readme = Path(args.update or args.check)
    wanted = {readme: with_readme_table(readme.read_text(encoding="utf-8")),
              EXAMPLE_FILE: example_toml()}
    stale = [path for path, text in wanted.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path} is out of date: run `make params-doc`", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
