"""The packages' directions (docs/architecture.md): each package imports only those
below it, read from every import statement in its files (a lazy one inside a
function counts too), and importing the lower packages pulls in no Manim.

    nnmath  <-  narrator  <-  nnexplain  <-  scenes
    pipeline (stands alone)  <-  nnexplain, scenes, tools
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = {"nnmath", "narrator", "pipeline", "nnexplain", "scenes", "tools", "benchmarks"}
# what each package may import of the project's own packages and of Manim
ALLOWED = {
    "nnmath": set(),
    "narrator": {"nnmath"},
    "pipeline": set(),
    "nnexplain": {"nnmath", "narrator", "pipeline"},
}


def imported(path: Path) -> set[str]:
    """The top-level names that a file imports (relative imports: its own package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(path.parent.name if node.level else (node.module or "").split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_lies_below_it(package):
    wrong = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = (imported(path) & (PROJECT | {"manim"})) - ALLOWED[package] - {package}
        if bad:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert wrong == {}, f"{package} may import only {sorted(ALLOWED[package])}"


def test_the_check_sees_a_wrong_import(tmp_path):
    (tmp_path / "pipeline").mkdir()
    bad = tmp_path / "pipeline" / "x.py"
    bad.write_text("def f():\n    from scenes.theme import THEME\n    from . import facts\n")
    assert imported(bad) == {"scenes", "pipeline"}


def test_lower_packages_load_without_manim():
    modules = [f"{package}.{path.stem}" for package in ("narrator", "pipeline", "nnexplain")
               for path in sorted((ROOT / package).glob("*.py"))
               if path.stem not in ("__init__", "__main__")]
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('manim', 'scenes'))\n"
            + "assert not bad, bad\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
