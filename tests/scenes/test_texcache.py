"""One LaTeX folder shared by renders (scenes/texcache.py): a formula compiled once,
written whole, whichever process gets there first."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import numpy as np
import pytest
from manim import MathTex, tempconfig
from manim.utils import tex_file_writing

from scenes.texcache import compile_into_shared_folder

ROOT = Path(__file__).resolve().parents[2]
LETTERS = str.maketrans("0123456789", "ghijklmnop")  # a command name has no digits

# a process making the formulas of argv[2:] with argv[1] as its LaTeX folder
MAKE = """
import sys
from manim import MathTex, tempconfig
from scenes.texcache import compile_into_shared_folder
compile_into_shared_folder()
with tempconfig({"tex_dir": sys.argv[1]}):
    for tex in sys.argv[2:]:
        assert len(MathTex(tex).submobjects[0]) > 0
"""


def test_two_processes_compiling_the_same_formulas_at_once_both_get_them(tmp_path):
    folder = tmp_path / "Tex"
    token = uuid.uuid4().hex[:6]  # formulas no cache has seen
    formulas = [rf"\text{{{token}}}_{k} = {k}" for k in range(4)]
    procs = [subprocess.Popen([sys.executable, "-c", MAKE, str(folder), *formulas], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
    svgs = sorted(folder.glob("*.svg"))
    assert len(svgs) == len(formulas) and all(p.stat().st_size > 0 for p in svgs)
    # nothing else but the preamble's format: no .part, no piece of a compile
    assert sorted(p.name for p in folder.iterdir() if p.suffix != ".svg") == ["formats"]
    assert [p.suffix for p in (folder / "formats").iterdir()] == [".fmt"]


def test_a_formula_in_the_folder_is_read_not_compiled(tmp_path, monkeypatch):
    compile_into_shared_folder()
    formula = rf"x_{{{uuid.uuid4().hex[:6]}}}"
    with tempconfig({"tex_dir": str(tmp_path)}):
        first = MathTex(formula)
        (svg,) = tmp_path.glob("*.svg")

        def no_latex(*args, **kwargs):
            raise AssertionError("compiled again")

        monkeypatch.setattr(tex_file_writing, "compile_tex", no_latex)
        again = MathTex(formula)
    assert len(again.submobjects[0]) == len(first.submobjects[0])
    assert sorted(tmp_path.glob("*.svg")) == [svg]  # Manim's name: the formula's hash
    assert compile_into_shared_folder()  # installing twice changes nothing
    assert getattr(tex_file_writing.tex_to_svg_file, "shares_its_folder", False)


def _drawing(svg: Path):
    """What an .svg draws: its size, each glyph's outline by id, and every element outside
    ``<defs>`` in order with its attributes. dvisvgm orders ``<defs>`` by its own memory
    layout (the length of the paths it is given moves it), so their order is left out."""
    import xml.etree.ElementTree as ET

    root = ET.parse(svg).getroot()
    defs = [el for el in root.iter() if el.tag.endswith("}defs")]
    in_defs = {id(el) for d in defs for el in d.iter()}
    glyphs = {el.get("id"): el.get("d") for d in defs for el in d if el.get("id")}
    drawn = [(el.tag, sorted(el.attrib.items())) for el in root.iter() if id(el) not in in_defs]
    return root.attrib, glyphs, drawn


def test_the_preamble_format_draws_what_manims_compile_draws(tmp_path, monkeypatch):
    """A formula compiled with the preamble read once (a LaTeX format), and converted
    without dvisvgm's special handlers, draws what Manim's own compile draws: the same
    glyphs at the same places, the same points in the mobject."""
    from scenes import texcache

    compile_into_shared_folder()
    formula = rf"W = \begin{{bmatrix}} 0.{uuid.uuid4().int % 1000} & 2 \\ 3 & 4 \end{{bmatrix}}"
    with tempconfig({"tex_dir": str(tmp_path / "fast")}):
        fast_tex = MathTex(formula)
    monkeypatch.setattr(texcache, "_preamble_format", lambda code, folder: None)
    with tempconfig({"tex_dir": str(tmp_path / "manims")}):
        manims_tex = MathTex(formula)
    (fast,), (manims,) = ((tmp_path / name).glob("*.svg") for name in ("fast", "manims"))
    assert fast.name == manims.name and _drawing(fast) == _drawing(manims)
    assert len(_drawing(fast)[1]) >= 6  # W, =, brackets and digits: glyphs were compared
    assert np.array_equal(fast_tex.get_all_points(), manims_tex.get_all_points())
    assert list((tmp_path / "fast" / "formats").glob("*.fmt"))
    assert not (tmp_path / "manims" / "formats").exists()


def test_a_formula_latex_refuses_names_a_log_that_is_there(tmp_path):
    compile_into_shared_folder()
    with tempconfig({"tex_dir": str(tmp_path)}), pytest.raises(ValueError) as err:
        MathTex(r"\nosuchcommand" + uuid.uuid4().hex[:6].translate(LETTERS))
    log = Path(str(err.value).split("the log file: ")[1].strip())
    assert log.parent == tmp_path and log.is_file() and log.with_suffix(".tex").is_file()
