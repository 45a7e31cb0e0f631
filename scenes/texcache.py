"""A formula is compiled once per LaTeX folder, however many renders share it.

Manim compiles a ``MathTex`` in its ``tex_dir``: it writes ``<hash>.tex`` there, runs
LaTeX and dvisvgm into the same folder, and then deletes every file but the ``.tex``
and ``.svg`` files in it. Two renders sharing the folder trip over each other: one
deletes the other's half-made ``.dvi``, or reads its half-written ``.svg``. So each
scene had a folder of its own, and a course render compiled the same formula once per
scene that shows it.

:func:`compile_into_shared_folder` wraps Manim's ``tex_to_svg_file``: a formula whose
``<hash>.svg`` is in ``tex_dir`` is read from there, as before; another is compiled by
Manim's own function in a private folder and its ``.svg`` moved into ``tex_dir`` in
one step (``os.replace``), so a render sees a whole file or none; the copy of an SVG
Manim writes to parse it is named after the process. The name is Manim's
(the hash of the formula and its template), so the files are the ones Manim would
write. Every render shares one folder, :func:`pipeline.facts.tex_cache`
(``~/.cache/nn-explainers/tex``), and so do the tests.

A formula is compiled with its template's preamble dumped once as a LaTeX format
(``mylatexformat``, kept in ``formats/`` of the same folder): the same glyphs placed
at the same points, in about 0.21 s instead of 0.25 s a new formula (LaTeX, dvisvgm
and the parsing, measured here). A formula with no colour, link or picture in its TeX
is converted by dvisvgm without its handlers of ``\\special`` commands (0.03 s instead
of 0.09 s, the same drawing). The files need not be equal byte for byte: dvisvgm
writes its ``<defs>`` in an order that follows its own memory layout (the length of
the paths it was given moves it), which changes nothing drawn. A formula LaTeX refuses
goes through Manim's own compile, which reports the error as it always has.

Importing this module changes nothing: :func:`scenes.base.start_scene` installs it
when a chapter scene is built, and the tests' conftest for formulas made outside a
scene; only on the Manim version it was written against.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import manim

__all__ = ["compile_into_shared_folder"]

_WRITTEN_FOR = "0.22."


def compile_into_shared_folder() -> bool:
    """Install the wrapper (once; again: no change); False on another Manim. A render
    whose LaTeX folder is Manim's default (``<media_dir>/Tex``: the ``manim`` command
    run by hand) uses the shared cache, :func:`pipeline.facts.tex_cache`, as make's and
    nnexplain's renders do."""
    if not manim.__version__.startswith(_WRITTEN_FOR):
        return False
    from manim import config

    from pipeline.facts import usable_tex_cache

    if config.tex_dir == "{media_dir}/Tex":
        config.tex_dir = str(usable_tex_cache(config.tex_dir))
    from manim.mobject.text import tex_mobject
    from manim.utils import tex_file_writing

    made = tex_file_writing.tex_to_svg_file
    if getattr(made, "shares_its_folder", False):
        return True

    def tex_to_svg_file(expression, environment=None, tex_template=None) -> Path:
        from manim import config

        template = tex_template if tex_template is not None else config["tex_template"]
        code = (template.get_texcode_for_expression(expression) if environment is None
                else template.get_texcode_for_expression_in_env(expression, environment))
        folder = config.get_dir("tex_dir")
        svg = folder / f"{tex_file_writing.tex_hash(code)}.svg"
        if svg.is_file():
            return svg
        folder.mkdir(parents=True, exist_ok=True)
        shared = config.tex_dir
        with tempfile.TemporaryDirectory(prefix="nn-tex-") as private:
            compiled = _with_preamble_format(code, template, folder, Path(private))
            if compiled is None:  # Manim's own compile, and its report of an error
                config.tex_dir = private
                try:
                    compiled = made(expression, environment, template)
                except ValueError as err:  # LaTeX refused it: its .tex and .log kept
                    raise _kept(err, Path(private), folder) from None
                finally:
                    config.tex_dir = shared
            part = svg.with_name(f".{svg.stem}.{os.getpid()}.part")
            shutil.copyfile(compiled, part)
            os.replace(part, svg)
        return svg

    tex_to_svg_file.shares_its_folder = True  # type: ignore[attr-defined]
    tex_file_writing.tex_to_svg_file = tex_to_svg_file
    tex_mobject.tex_to_svg_file = tex_to_svg_file
    _parse_through_a_file_of_its_own()
    return True


def _kept(err: ValueError, private: Path, folder: Path) -> ValueError:
    """Manim's error for a formula LaTeX refused, naming the log it points to in the
    shared folder, where its ``.tex`` and ``.log`` are copied (the private folder goes)."""
    for piece in [*private.glob("*.tex"), *private.glob("*.log")]:
        shutil.copyfile(piece, folder / piece.name)
    return ValueError(str(err).replace(str(private), str(folder)))


def _parse_through_a_file_of_its_own() -> None:
    """Manim's ``SVGMobject.generate_mobject``, with the modified copy of the SVG that
    it writes beside the file (``<name>_.svg``, parsed and deleted at once) named after
    the process too: two renders reading one formula no longer write and delete the
    same copy."""
    import xml.etree.ElementTree as ET

    import svgelements as se
    from manim import RIGHT
    from manim.mobject.svg.svg_mobject import SVGMobject

    def generate_mobject(self):
        file_path = self.get_file_path()
        new_tree = self.modify_xml_tree(ET.parse(file_path))
        modified = file_path.with_name(f"{file_path.stem}_{os.getpid()}_{file_path.suffix}")
        new_tree.write(modified)
        try:
            svg = se.SVG.parse(modified)
        finally:
            modified.unlink(missing_ok=True)
        mobjects, mobject_dict = self.get_mobjects_from(svg)
        self.add(*mobjects)
        self.id_to_vgroup_dict = mobject_dict
        self.flip(RIGHT)  # Flip y
        return self

    SVGMobject.generate_mobject = generate_mobject


_FORMATS: dict[str, Path | None] = {}  # a folder's format of a preamble, per process


def _with_preamble_format(code: str, template, folder: Path, private: Path) -> Path | None:
    """The formula's ``.svg``, compiled by ``latex`` from its template's preamble read
    once and dumped as a format (``mylatexformat``: the same pages, a sixth less time
    per formula than reading the preamble every time); None when that cannot be done
    (another compiler, no format, a formula LaTeX refuses), and Manim's compile runs."""
    import subprocess

    from manim.utils import tex_file_writing

    if template.tex_compiler != "latex" or template.output_format != ".dvi":
        return None
    fmt = _preamble_format(code, folder)
    if fmt is None:
        return None
    tex = private / "formula.tex"
    tex.write_text(code, encoding="utf-8")
    done = subprocess.run(["latex", f"-fmt={fmt.with_suffix('')}", "-interaction=batchmode",
                           "-halt-on-error", f"-output-directory={private}", str(tex)],
                          cwd=private, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dvi = tex.with_suffix(".dvi")
    if done.returncode != 0 or not dvi.is_file():
        return None
    if any(command in code for command in _SPECIALS):  # colour, links, pictures: Manim's
        svg = tex_file_writing.convert_to_svg(dvi, ".dvi")
    else:  # no special to read: dvisvgm without its handlers, a third of its time
        svg = dvi.with_suffix(".svg")
        subprocess.run(["dvisvgm", "--page=1", "--no-fonts", "--no-specials", "--verbosity=0",
                        f"--output={svg}", str(dvi)], cwd=private,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return svg if svg.is_file() else None


# what puts a \special in the DVI that dvisvgm must read (colour, links, pictures)
_SPECIALS = ("\\color", "\\textcolor", "\\colorbox", "\\pagecolor", "\\special", "\\href",
             "\\url", "\\includegraphics")


def _preamble_format(code: str, folder: Path) -> Path | None:
    """The format of ``code``'s preamble in ``folder/formats/``, made once (whole or
    not at all) and named by a hash of the preamble and of LaTeX's own format file (a
    TeX Live update makes a new one); None when it cannot be made."""
    import hashlib
    import subprocess

    preamble = code.split("\\begin{document}")[0]
    known = f"{folder}\n{preamble}"
    if known in _FORMATS:
        return _FORMATS[known]
    _FORMATS[known] = None
    try:
        base = subprocess.run(["kpsewhich", "-engine=pdftex", "latex.fmt"], text=True,
                              capture_output=True).stdout.strip()
        stamp = f"{base} {os.stat(base).st_mtime_ns}" if base else ""
    except OSError:
        return None
    key = hashlib.sha256(f"{stamp}\n{preamble}".encode()).hexdigest()[:16]
    fmt = folder / "formats" / f"{key}.fmt"
    if not fmt.is_file():
        with tempfile.TemporaryDirectory(prefix="nn-fmt-") as private:
            (Path(private) / "preamble.tex").write_text(code, encoding="utf-8")
            subprocess.run(["latex", "-ini", "-interaction=batchmode", "-jobname=preamble",
                            "&latex", "mylatexformat.ltx", "preamble.tex"], cwd=private,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            made = Path(private) / "preamble.fmt"
            if not made.is_file():
                return None
            fmt.parent.mkdir(parents=True, exist_ok=True)
            part = fmt.with_name(f".{fmt.stem}.{os.getpid()}.part")
            shutil.copyfile(made, part)
            os.replace(part, fmt)
    _FORMATS[known] = fmt
    return fmt
