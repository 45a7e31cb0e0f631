"""scenes.catalog: every scene's parameters documented from the code (names, types,
defaults a lecturer can paste, meanings from the comments), and docs/parameters.md."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from scenes import catalog
from scenes.chapters import CHAPTERS, scene_names
from scenes.params import SceneParams, load_params

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "parameters.md"
REGENERATE = f"make params-doc (or: .venv/bin/{catalog.MARKDOWN_COMMAND})"


@pytest.fixture(scope="module")
def entries() -> list[catalog.SceneParameters]:
    return catalog.parameters()


def _plain(value):
    return [_plain(v) for v in value] if isinstance(value, tuple) else value


def test_every_written_scene_is_listed_in_course_order(entries):
    expected = [(ch.number, name) for ch in CHAPTERS for name in scene_names(ch)]
    assert expected, "no written chapter found"
    assert [(e.chapter, e.scene) for e in entries] == expected


def test_every_field_is_listed_in_field_order(entries):
    for e in entries:
        assert [f.name for f in e.fields] == [f.name for f in dataclasses.fields(e.params)]


def test_every_field_has_a_meaning(entries):
    missing = sorted({f"{f.declared_in}.{f.name} (e.g. in {e.scene})"
                      for e in entries for f in e.fields if not f.meaning.strip()})
    assert not missing, (
        "give these fields a one-line meaning as a trailing '# comment' on their line: "
        + "; ".join(missing)
    )


def test_shown_defaults_are_the_dataclass_defaults(entries):
    for e in entries:
        defaults = e.params()
        for f in e.fields:
            shown = json.loads(f.default)  # JSON, as NN_PARAMS takes it...
            assert shown == _plain(getattr(defaults, f.name)), f"{e.scene}.{f.name}"
            assert tomllib.loads(f"x = {f.default}")["x"] == shown  # ...and TOML


def test_a_toml_file_of_the_shown_defaults_gives_the_defaults(entries, tmp_path):
    """What the doc shows, pasted into a lecturer's TOML file, is accepted unchanged."""
    text = "\n\n".join(
        f"[{e.scene}]\n" + "\n".join(f"{f.name} = {f.default}" for f in e.fields)
        for e in entries
    )
    path = tmp_path / "defaults.toml"
    path.write_text(text + "\n")
    for e in entries:
        assert load_params(e.params, str(path), owner=e.scene) == e.params(), e.scene


def test_types_are_written_as_in_the_source_with_aliases_spelled_out(entries):
    fields = {(e.scene, f.name): f for e in entries for f in e.fields}
    matrix = fields["WeightMatrixAsTransform", "matrix"]
    assert matrix.type == "tuple[tuple[float, float], tuple[float, float]]"
    assert matrix.default == "[[1.0, 2.0], [2.0, 1.0]]"
    assert fields["StepToSigmoid", "x_range"].type == "tuple[float, float, float]"  # Range
    assert fields["ReluAndTanh", "names"].default == '["relu", "tanh", "sigmoid"]'


def test_shared_fields_are_documented_where_declared(entries):
    """A cloud scene's fields come from CloudParams; a redeclared default wins."""
    fields = {(e.scene, f.name): f for e in entries for f in e.fields}
    assert fields["PointCloud2D", "n_points"].declared_in == "CloudParams"
    assert fields["PointCloud3D", "network_seed"].declared_in == "Cloud3DParams"
    from nnmath import examples

    assert fields["PointCloud3D", "network_seed"].default == str(examples.NETWORK_232_SEED)


@dataclasses.dataclass(frozen=True)
class _Base(SceneParams):
    size: int = 3  # how big | in units
    bare: float = 1.0
    pair: tuple[float, float] = (
        1.0, 2.0)  # a wrapped default, commented on its last line


@dataclasses.dataclass(frozen=True)
class _Child(_Base):
    size: int = 5
    bare: float = 2.0  # now it has a meaning


def test_meanings_follow_the_mro_and_a_missing_one_is_empty():
    base = {f.name: f for f in catalog.fields_of(_Base)}
    assert base["size"].meaning == "how big | in units"
    assert base["bare"].meaning == ""
    assert base["pair"].meaning == "a wrapped default, commented on its last line"
    child = {f.name: f for f in catalog.fields_of(_Child)}
    assert (child["size"].default, child["size"].meaning) == ("5", "how big | in units")
    assert child["size"].declared_in == "_Child"
    assert child["bare"].meaning == "now it has a meaning"
    assert child["pair"].default == "[1.0, 2.0]"


def test_markdown_has_a_table_per_scene(entries):
    text = catalog.markdown(entries)
    assert "make ch3 PARAMS=my.toml" in text and "NN_PARAMS" in text
    for ch in CHAPTERS:
        if scene_names(ch):
            assert f"## Chapter {ch.number}: {ch.title}" in text
    for e in entries:
        assert f"### {e.scene}\n" in text
    assert text.count("| parameter | type | default | meaning |") == sum(
        1 for e in entries if e.fields)
    row = ("| `matrix` | `tuple[tuple[float, float], tuple[float, float]]` | "
           "`[[1.0, 2.0], [2.0, 1.0]]` |")
    assert row in text


def test_docs_parameters_md_is_up_to_date(entries):
    expected = catalog.markdown(entries)
    actual = DOC.read_text(encoding="utf-8") if DOC.is_file() else ""
    if actual != expected:
        old, new = actual.splitlines(), expected.splitlines()
        line = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                    min(len(old), len(new)))
        pytest.fail(
            f"docs/parameters.md is out of date (first difference at line {line + 1}: "
            f"{old[line] if line < len(old) else '<end>'!r} should be "
            f"{new[line] if line < len(new) else '<end>'!r}); regenerate it: {REGENERATE}",
            pytrace=False,
        )


def test_cli_lists_one_scene(capsys):
    assert catalog.main(["--scene", "WeightMatrixAsTransform"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("WeightMatrixAsTransform")
    matrix = next(line for line in lines if line.startswith("  matrix: "))
    assert matrix.startswith("  matrix: tuple[tuple[float, float], tuple[float, float]] = "
                             "[[1.0, 2.0], [2.0, 1.0]]  - ")
    assert "TransformGallery" not in out


def test_cli_markdown_is_the_document(capsys, entries):
    assert catalog.main(["--markdown"]) == 0
    assert capsys.readouterr().out == catalog.markdown(entries)


def test_cli_unknown_scene_is_one_line_and_status_2():
    run = subprocess.run(
        [sys.executable, "-m", "scenes.catalog", "--scene", "NoSuchScene"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 2
    assert run.stdout == ""
    err = run.stderr.strip().splitlines()
    assert len(err) == 1, run.stderr
    assert "NoSuchScene" in err[0]
    for name in ("WeatherPerceptron", "WeightMatrixAsTransform", "DirectMap"):
        assert name in err[0]


def test_python_dash_m_lists_every_scene():
    run = subprocess.run([sys.executable, "-m", "scenes.catalog"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "  matrix: tuple[tuple[float, float], tuple[float, float]] = [[1.0, 2.0], [2.0, 1.0]]" \
        in run.stdout
    for ch in CHAPTERS:
        for name in scene_names(ch):
            assert f"\n{name}  (chapter {ch.number}," in "\n" + run.stdout


def test_the_readme_table_is_made_from_the_code():
    from scenes.catalog import README_START, readme_table, with_readme_table

    readme = (ROOT / "README.md").read_text()
    assert README_START in readme
    assert with_readme_table(readme) == readme, (
        "README.md's parameter table is out of date: run `make params-doc`")
    assert "| 3 | `WeightMatrixAsTransform` | matrix, origin, transform_time |" in readme_table()
