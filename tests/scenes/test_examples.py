"""Every ``Example::`` in a docstring of ``scenes/`` is a runnable example: built here.

Like a doctest, an example runs with its module's globals, plus Manim's names,
``np`` and ``nnmath``. A block that defines Scene classes has them rendered; any
other block is the body of a ``construct`` (``self`` is the scene). Rendering is a
dry run with animations skipped: every mobject and animation is really built.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from pathlib import Path

import manim
import numpy as np
import pytest
from manim import Scene, ThreeDScene, tempconfig

import nnmath
from scenes.components.camera import CloudCamera, CloudCamera3D
from tests.scenes.helpers import dry_run_config

ROOT = Path(__file__).resolve().parents[2]


def _blocks(doc: str) -> list[str]:
    """The indented code blocks that follow an ``Example::`` line."""
    lines = doc.splitlines()
    blocks = []
    for i, line in enumerate(lines):
        if not line.strip().endswith("Example::"):
            continue
        indent = len(line) - len(line.lstrip())
        body: list[str] = []
        for nxt in lines[i + 1:]:
            if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                break
            body.append(nxt)
        blocks.append(textwrap.dedent("\n".join(body)).strip("\n"))
    return blocks


def _examples() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted((ROOT / "scenes").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        tree = ast.parse(path.read_text())
        for node in [tree, *ast.walk(tree)]:
            if not isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
                continue
            doc = ast.get_docstring(node)
            for k, block in enumerate(_blocks(doc or "")):
                where = getattr(node, "name", "module")
                found.append((module, f"{module}:{where}:{k}", block))
    return found


EXAMPLES = _examples()


def test_examples_are_found():
    modules = {module for module, _, _ in EXAMPLES}
    assert {"scenes.base", "scenes.components.stages", "scenes.components.point_cloud",
            "scenes.components.camera"} <= modules
    assert all(block.strip() for _, _, block in EXAMPLES)


def _namespace(module_name: str) -> dict:
    ns = {name: getattr(manim, name) for name in dir(manim) if not name.startswith("_")}
    ns.update(np=np, nnmath=nnmath)
    ns.update(vars(importlib.import_module(module_name)))
    ns["__name__"] = f"{module_name}_example"
    return ns


def _scene_classes(module_name: str, block: str) -> list[type[Scene]]:
    ns = _namespace(module_name)
    code = compile(block, f"<example in {module_name}>", "exec")
    if any(isinstance(node, ast.ClassDef) for node in ast.parse(block).body):
        exec(code, ns)
        classes = [v for k, v in ns.items() if inspect.isclass(v) and issubclass(v, Scene)
                   and k not in _namespace(module_name) and v.__module__ == ns["__name__"]]
        assert classes, "an example that defines classes must define a Scene"
        return classes
    three_d = "ThreeDAxes" in block or "themed_axes(" in block and "z_length" in block
    base, camera = (ThreeDScene, CloudCamera3D) if three_d else (Scene, CloudCamera)

    class Example(base):
        def __init__(self, **kwargs):
            super().__init__(camera_class=camera, **kwargs)

        def construct(self):
            exec(code, {**ns, "self": self})

    return [Example]


@pytest.mark.parametrize(("module_name", "where", "block"), EXAMPLES,
                         ids=[where for _, where, _ in EXAMPLES])
def test_example_builds(module_name, where, block, tmp_path):
    with tempconfig(dry_run_config(tmp_path)):
        for scene_class in _scene_classes(module_name, block):
            scene = scene_class(skip_animations=True)
            scene.render()
            assert scene.mobjects, f"{where}: the example shows nothing"
