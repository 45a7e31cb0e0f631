"""nnexplain.schema: every field of a spec written once, and the checks, the example
``nnexplain example`` prints and the README's spec table all made from that table; a
field added to it appears in all three. And no nnexplain module over 600 lines."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from nnexplain import EXAMPLE, documents, schema
from nnexplain.schema import FIELDS, KEYS, REQUIRED, TABLES, Field, stage_names
from nnexplain.spec import SpecError, check, load_spec
from nnmath import ACTIVATIONS, Network
from tests.nnexplain import base, write_spec

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
SCALAR = ("text", "path", "whole", "whole or all", "number", "choice")


def refused(path: Path, name: str) -> str:
    """Check ``path``; the SpecError must name the file and the field ``name``. The
    message."""
    with pytest.raises(SpecError) as info:
        check(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: {name}: "), msg
    return msg


# --- the package ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((ROOT / "nnexplain").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT / "nnexplain")))
def test_no_nnexplain_file_is_over_600_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 600, f"{path.name} has {lines} lines; split it along a seam"


# --- the table ------------------------------------------------------------------------------


def test_each_field_is_written_once_and_keys_come_from_the_table():
    names = [f.name for f in FIELDS]
    assert len(names) == len(set(names))
    assert KEYS[""] == ("title", *(t.name for t in TABLES))
    for t in TABLES:
        assert KEYS[t.name] == tuple(f.key for f in FIELDS if f.table == t.name)
        assert KEYS[t.name], f"[{t.name}] has no fields"
    assert all(f.meaning and f.example is not None for f in FIELDS)


def test_the_dataclasses_take_their_defaults_from_the_table():
    train = {f.name: f for f in dataclasses.fields(schema.TrainSpec)}
    assert tuple(train) == KEYS["train"]  # nnexplain.spec builds a TrainSpec from [train]
    for key in ("batch_size", "seed"):
        assert train[key].default == schema.field("train", key).default
    assert schema.RenderSpec().quality == schema.field("render", "quality").default


def test_an_absent_optional_field_gets_the_tables_default(tmp_path):
    doc = base()
    for table in ("data", "train", "render"):
        for f in FIELDS:
            if f.table == table and f.default is not REQUIRED:
                doc[table].pop(f.key, None)
    spec = load_spec(write_spec(tmp_path, doc))
    assert spec.data.seed == schema.field("data", "seed").default
    assert spec.train.batch_size == schema.field("train", "batch_size").default
    assert spec.train.seed == schema.field("train", "seed").default
    assert spec.render.quality == schema.field("render", "quality").default
    assert spec.render.stages is None  # "all"


@pytest.mark.parametrize("f", [f for f in FIELDS if f.table and f.default is REQUIRED],
                         ids=lambda f: f.name)
def test_a_missing_required_field_is_asked_for_with_its_example_line(tmp_path, f):
    doc = base()
    del doc[f.table][f.key]
    msg = refused(write_spec(tmp_path, doc), f.name)
    if f.key != "seed":  # seed or weights: that rule says it
        assert msg.endswith(f"missing; expected a line {f.line} in [{f.table}]"), msg


def _wrong(f: Field) -> object:
    """A value of ``f``'s type that its range or choices refuse."""
    return {"text": 3, "path": 3, "whole": f.low - 1, "whole or all": f.low - 1,
            "number": f.low - 1, "choice": "zzz"}[f.type]


@pytest.mark.parametrize("f", [f for f in FIELDS if f.type in SCALAR], ids=lambda f: f.name)
def test_every_scalar_field_is_checked_by_its_type_and_range(tmp_path, f):
    doc = base()
    (doc[f.table] if f.table else doc)[f.key] = _wrong(f)
    msg = refused(write_spec(tmp_path, doc), f.name)
    if f.type == "choice":
        assert f"unknown {f.noun} 'zzz'" in msg and ", ".join(f.choices) in msg
    else:
        assert f.meaning in msg


@pytest.mark.parametrize("f", [f for f in FIELDS if f.table], ids=lambda f: f.name)
def test_a_misspelt_key_is_told_the_fields_name(tmp_path, f):
    doc = base()
    doc[f.table][f.key + "s"] = 1
    msg = refused(write_spec(tmp_path, doc), f"{f.name}s")
    assert f"unknown key '{f.key}s' in [{f.table}]; did you mean {f.key!r}?" in msg


def test_stage_names_are_nnmaths():
    acts = tuple(ACTIVATIONS) + ("relu",)
    net = Network.random((2,) * (len(acts) + 1), acts, seed=0)
    assert stage_names(acts) == net.trace([[0.0, 0.0]]).names[1:]


# --- the documents --------------------------------------------------------------------------


def test_the_example_and_the_readme_table_are_current():
    assert EXAMPLE == documents.example_toml(), "example.toml is stale: run `make params-doc`"
    readme = README.read_text(encoding="utf-8")
    assert documents.with_readme_table(readme) == readme, (
        "README.md's spec table is stale: run `make params-doc`")
    assert documents.main(["--check", str(README)]) == 0


def test_check_names_a_stale_readme(tmp_path, capsys):
    stale = tmp_path / "README.md"
    stale.write_text(f"# x\n{documents.README_START}\nold\n{documents.README_END}\n")
    assert documents.main(["--check", str(stale)]) == 1
    assert f"{stale} is out of date" in capsys.readouterr().err


def test_the_example_holds_every_field_with_its_example_value():
    parsed = tomllib.loads(EXAMPLE)
    for f in FIELDS:
        table = parsed[f.table] if f.table else parsed
        if f.shown:
            assert table[f.key] == f.example, f.name
        else:  # an alternative, commented out
            assert f.key not in table and f"# {f.line}" in EXAMPLE, f.name
    assert set(parsed) == set(KEYS[""])


def test_the_readme_table_has_a_row_per_table_and_field():
    table = documents.readme_table()
    rows = [line.split(" | ")[0].strip("| `") for line in table.splitlines()[3:-1]]
    assert rows == [name for t in (None, *TABLES)
                    for name in ([f"[{t.name}]"] if t else [])
                    + [f.name for f in FIELDS if f.table == (t.name if t else "")]]
    f = schema.field("train", "epochs")
    assert f"| `train.epochs` | {f.allowed()} | required | {f.meaning}" in table


def test_a_field_added_to_the_table_is_checked_shown_and_documented(tmp_path):
    """One line added to FIELDS (in a copy of the package) reaches all three."""
    package = tmp_path / "nnexplain"
    shutil.copytree(ROOT / "nnexplain", package, ignore=shutil.ignore_patterns("__pycache__"))
    source = (package / "schema.py").read_text(encoding="utf-8")
    start = "FIELDS: tuple[Field, ...] = (\n"
    assert start in source
    added = '    Field("render", "fps", "whole", "frames a second", 24, default=30, low=1),\n'
    (package / "schema.py").write_text(source.replace(start, start + added), encoding="utf-8")
    good = write_spec(tmp_path, {**base(), "render": {"fps": 24}}, "good.toml")
    low = write_spec(tmp_path, {**base(), "render": {"fps": 0}}, "low.toml")
    typo = write_spec(tmp_path, {**base(), "render": {"fsp": 24}}, "typo.toml")
    code = (
        "import sys, tomllib\n"
        "from nnexplain import documents, spec\n"
        "assert documents.__file__.startswith(sys.argv[1]), documents.__file__\n"
        "assert tomllib.loads(documents.example_toml())['render']['fps'] == 24\n"
        "assert '| `render.fps` | whole number >= 1 | 30 | frames a second |' "
        "in documents.readme_table()\n"
        "spec.load_spec(sys.argv[2])\n"
        "for path in sys.argv[3:]:\n"
        "    try:\n"
        "        spec.load_spec(path)\n"
        "    except spec.SpecError as err:\n"
        "        print(err)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(package), str(good), str(low), str(typo)],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": f"{tmp_path}:{ROOT}"},
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{low}: render.fps: 0 is too small; expected a whole number >= 1 (frames a second)",
        f"{typo}: render.fsp: unknown key 'fsp' in [render]; did you mean 'fps'? "
        "(expected one of: fps, quality, stages)",
    ]
