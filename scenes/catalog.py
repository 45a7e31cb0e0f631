"""Every scene's parameters, read from the code: name, type, default and meaning.

For each scene of each written chapter (in course order) the catalog lists the
fields of its ``Params`` dataclass: the type as the source writes it (a module's
type alias such as ``Range`` spelled out), the default as a lecturer writes it in a
TOML or JSON parameter file (tuples as lists), and the meaning, which is the
trailing ``# comment`` on the field's line. A field is documented where it is
declared: the first class along the ``Params`` MRO that declares it and has a
comment there (so a field redeclared only to change its default keeps the meaning
given in :mod:`scenes.params`); a field with no comment anywhere has the meaning
``""`` (``tests/scenes/test_catalog.py`` names them).

    python -m scenes.catalog                      # plain text, every scene
    python -m scenes.catalog --scene WeightMatrixAsTransform
    python -m scenes.catalog --markdown > docs/parameters.md

Importing this module is cheap; :func:`parameters` imports the chapter modules
(and so Manim).
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import importlib
import inspect
import io
import json
import sys
import tokenize
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.docblocks import replace_block
from scenes.chapters import CHAPTERS, Chapter, chapter, scene_names

__all__ = [
    "FieldDoc",
    "SceneParameters",
    "all_scene_names",
    "fields_of",
    "listing",
    "main",
    "markdown",
    "parameters",
]

MARKDOWN_COMMAND = "python -m scenes.catalog --markdown > docs/parameters.md"


@dataclass(frozen=True)
class FieldDoc:
    """One parameter of a scene."""

    name: str
    type: str  # as written in the source, with module-level type aliases spelled out
    default: str  # as a lecturer writes it in TOML or JSON: tuples as lists
    meaning: str  # the trailing comment on the field's line ("" if there is none)
    declared_in: str  # the class whose declaration gives the default (its __qualname__)


@dataclass(frozen=True)
class SceneParameters:
    """A scene, its ``Params`` dataclass and that dataclass's fields, in order."""

    chapter: int
    scene: str
    title: str
    params: type
    fields: tuple[FieldDoc, ...]


# --- reading the source ----------------------------------------------------------------
@dataclass(frozen=True)
class _Module:
    tree: ast.Module
    comments: dict[int, str]  # line number -> comment text, without the '#'
    aliases: dict[str, ast.expr]  # module-level type aliases: name -> what it stands for


@cache
def _module(path: str) -> _Module:
    text = Path(path).read_text(encoding="utf-8")
    comments = {
        tok.start[0]: tok.string.lstrip("#").strip()
        for tok in tokenize.generate_tokens(io.StringIO(text).readline)
        if tok.type == tokenize.COMMENT
    }
    tree = ast.parse(text, filename=path)
    aliases: dict[str, ast.expr] = {}
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, (ast.Subscript, ast.BinOp))):
            aliases[node.targets[0].id] = node.value  # Range = tuple[float, float, float]
        elif (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
              and node.value is not None and "TypeAlias" in ast.unparse(node.annotation)):
            aliases[node.target.id] = node.value
    return _Module(tree, comments, aliases)


class _SpellOut(ast.NodeTransformer):
    """Replaces alias names by what they stand for (aliases of aliases too)."""

    def __init__(self, aliases: dict[str, ast.expr], depth: int = 0) -> None:
        self.aliases, self.depth = aliases, depth

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if node.id in self.aliases and self.depth < 8:
            return _SpellOut(self.aliases, self.depth + 1).visit(
                ast.parse(ast.unparse(self.aliases[node.id]), mode="eval").body)
        return node


@dataclass(frozen=True)
class _Declared:
    type: str
    meaning: str


@cache
def _declarations(klass: type) -> dict[str, _Declared]:
    """The annotated fields ``klass`` itself declares in its source: type and comment."""
    try:
        path = inspect.getsourcefile(klass)
    except TypeError:  # a built-in class
        return {}
    if path is None or not Path(path).is_file():
        return {}
    module = _module(path)
    body: list[ast.stmt] = module.tree.body
    node: ast.ClassDef | None = None
    for part in klass.__qualname__.split("."):
        node = next((n for n in body if isinstance(n, ast.ClassDef) and n.name == part), None)
        if node is None:
            return {}
        body = node.body
    found = {}
    for stmt in body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            lines = range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1)
            meaning = " ".join(module.comments[n] for n in lines if n in module.comments)
            annotation = _SpellOut(module.aliases).visit(
                ast.parse(ast.unparse(stmt.annotation), mode="eval").body)
            found[stmt.target.id] = _Declared(ast.unparse(annotation), meaning)
    return found


def _plain(value: Any) -> Any:
    """Tuples as lists, as a lecturer writes them."""
    return [_plain(v) for v in value] if isinstance(value, (tuple, list)) else value


def _default_text(field: dataclasses.Field) -> str:
    if field.default is not dataclasses.MISSING:
        value = field.default
    elif field.default_factory is not dataclasses.MISSING:
        value = field.default_factory()
    else:
        return ""
    return json.dumps(_plain(value), ensure_ascii=False)


def fields_of(params_type: type) -> tuple[FieldDoc, ...]:
    """The documented fields of a ``Params`` dataclass, in field order."""
    docs = []
    for field in dataclasses.fields(params_type):
        declaring = [k for k in params_type.__mro__
                     if field.name in k.__dict__.get("__annotations__", {})]
        first = declaring[0] if declaring else params_type
        written = [d for k in declaring if (d := _declarations(k).get(field.name))]
        type_text = written[0].type if written else str(field.type)
        meaning = next((d.meaning for d in written if d.meaning), "")
        docs.append(FieldDoc(field.name, type_text, _default_text(field), meaning,
                             first.__qualname__))
    return tuple(docs)


def parameters(scenes: Collection[str] | None = None) -> list[SceneParameters]:
    """Every scene of every written chapter (or only those named in ``scenes``), in
    course order, with its parameters."""
    found = []
    for ch in CHAPTERS:
        names = [n for n in scene_names(ch) if scenes is None or n in scenes]
        if not names:
            continue
        module = importlib.import_module(f"scenes.{ch.module}")
        for name in names:
            scene = getattr(module, name)
            params = scene.Params
            found.append(SceneParameters(ch.number, name, getattr(scene, "title", ""),
                                         params, fields_of(params)))
    return found


def all_scene_names() -> list[str]:
    """The names of every scene of every written chapter (no Manim import)."""
    return [name for ch in CHAPTERS for name in scene_names(ch)]


# --- rendering -------------------------------------------------------------------------
def listing(entries: list[SceneParameters] | None = None) -> str:
    """Plain text: each scene, then ``  name: type = default  - meaning`` per field."""
    entries = parameters() if entries is None else entries
    blocks = []
    for e in entries:
        lines = [f"{e.scene}  (chapter {e.chapter}, {e.params.__qualname__})"]
        for f in e.fields:
            meaning = f"  - {f.meaning}" if f.meaning else ""
            lines.append(f"  {f.name}: {f.type} = {f.default}{meaning}")
        if not e.fields:
            lines.append("  (no parameters)")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


_INTRO = f"""\
# Scene parameters

Every number a scene is built from is a parameter with a default, listed here scene
by scene. This file is generated from the code (the `Params` dataclass of each scene,
its defaults and the comment on each field's line); do not edit it by hand, but run
`make params-doc` or `{MARKDOWN_COMMAND}`.

## Changing them

Write a TOML file with one table per scene, named after the scene, holding only the
parameters you change:

```toml
[WeightMatrixAsTransform]
matrix = [[0.0, -1.0], [1.0, 0.0]]

[TransformGallery]
rotation_degrees = 45.0
```

and render with it: `make ch3 PARAMS=my.toml`. Each scene reads its own table; the
videos land in a folder of their own, beside the defaults. For a single scene,
`NN_PARAMS` also takes inline JSON as a shorthand:

```sh
NN_PARAMS='{{"matrix": [[0, -1], [1, 0]]}}' \\
    .venv/bin/manim -ql scenes/ch03_linear_maps.py WeightMatrixAsTransform
```

Write values as in the *default* column: lists for tuples (a `tuple[float, ...]`
takes any number of entries, the others exactly as many as the default), strings in
double quotes. Every value is checked against the default's type, and a mistake
stops the render with one line naming the scene and the parameter. Times are in
seconds and angles in degrees unless the meaning says otherwise; lengths and
positions on screen are in scene units (the frame is about 14.2 wide and 8 high,
with (0, 0) in the middle).
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{_cell(text)}`" if text else ""


def _chapter_heading(ch: Chapter) -> list[str]:
    return [f"## Chapter {ch.number}: {ch.title}", "",
            f"`scenes/{ch.module}.py`, rendered with `make ch{ch.number}`.", ""]


def markdown(entries: list[SceneParameters] | None = None) -> str:
    """The parameter document (``docs/parameters.md``): how to override, then a heading
    per chapter and a table per scene."""
    entries = parameters() if entries is None else entries
    out = [_INTRO]
    current = None
    for e in entries:
        if e.chapter != current:
            current = e.chapter
            out += _chapter_heading(chapter(e.chapter))
        out += [f"### {e.scene}", ""]
        what = f"*{e.title}*: " if e.title else ""
        out += [f"{what}`{e.params.__qualname__}`", ""]
        if not e.fields:
            out += ["No parameters.", ""]
            continue
        out += ["| parameter | type | default | meaning |", "|---|---|---|---|"]
        out += [f"| {_code(f.name)} | {_code(f.type)} | {_code(f.default)} | {_cell(f.meaning)} |"
                for f in e.fields]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


README_START = "<!-- parameters: made by `make params-doc`, do not edit -->"
README_END = "<!-- end of parameters -->"


def readme_table(entries: list[SceneParameters] | None = None) -> str:
    """The README's table: every scene and the names of its parameters (the full
    listing, with types, defaults and meanings, is ``docs/parameters.md``)."""
    entries = parameters() if entries is None else entries
    out = [README_START, "| chapter | scene | parameters |", "|---|---|---|"]
    out += [f"| {e.chapter} | `{e.scene}` | "
            f"{', '.join(f.name for f in e.fields) or '(none)'} |" for e in entries]
    return "\n".join([*out, README_END])


def with_readme_table(readme: str, table: str | None = None) -> str:
    """``readme`` with the text between the table's markers replaced by ``table``."""
    table = readme_table() if table is None else table
    return replace_block(readme, README_START, README_END, table, "README.md")


# --- command line ----------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scenes.catalog",
        description="Every scene's parameters: name, type, default and meaning.",
    )
    parser.add_argument("--markdown", action="store_true",
                        help="print the markdown document (docs/parameters.md)")
    parser.add_argument("--scene", metavar="NAME", help="only this scene")
    parser.add_argument("--update-readme", metavar="PATH",
                        help="rewrite the parameter table of this README in place")
    args = parser.parse_args(argv)
    if args.update_readme:
        path = Path(args.update_readme)
        path.write_text(with_readme_table(path.read_text()))
        return 0
    only = None
    if args.scene is not None:
        known = all_scene_names()
        if args.scene not in known:
            print(f"error: unknown scene {args.scene!r}; valid scenes: {', '.join(known)}",
                  file=sys.stderr)
            return 2
        only = {args.scene}
    entries = parameters(only)
    sys.stdout.write(markdown(entries) if args.markdown else listing(entries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
