"""Each fact is said once: checks on the sources that keep it that way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("nnmath", "scenes", "benchmarks", "tools", "tests")

# A stage is looked up by its name (trace.stage("relu 1"), trace.z(k), trace.a(k),
# trace.output), never by where it happens to sit in the trace.
POSITIONAL = {
    "a traced call indexed by position": re.compile(r"\.trace\([^\n]*?\)\s*\[\s*-?\d+\s*\]"),
    "a hard-coded stage index": re.compile(r"\bstages\s*\[\s*-?\d+\s*\]"),
    "a search by kind and layer": re.compile(r"\bs\.kind\s*==[^\n]*\bs\.layer\s*=="),
}


def _python_files():
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "control_data" in path.parts or path == Path(__file__).resolve():
                continue
            yield path


@pytest.mark.parametrize(
    "line",
    [
        "        return net.trace(X)[-2].points",
        "self.H = net.trace(self.trained.X)[-4].points",
        "folded = net.trace(X)[3].points",
        "self.end_points = self.stages[-1].points",
        "self.play(MoveCloud(self.cloud, self.stages[3].points))",
        "out = stages[-1].points",
        'pre = next(s.points for s in stages if s.kind == "bias" and s.layer == 0)',
    ],
)
def test_the_patterns_catch_positional_stage_access(line):
    assert any(p.search(line) for p in POSITIONAL.values())


@pytest.mark.parametrize(
    "line",
    [
        'relu = trace.stage("relu 1").points',
        "pre, out = trace.z(1), trace.output",
        "self.play(MoveCloud(self.cloud, self.stages[i].points))",
        "hidden = net.trace(X).a(len(net.layers) - 1)",
        "for before, after in zip(stages, stages[1:]):",  # neighbours, not a position
    ],
)
def test_the_patterns_let_name_lookups_through(line):
    assert not any(p.search(line) for p in POSITIONAL.values())


def test_no_stage_is_fetched_by_position():
    found = []
    for path in _python_files():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for what, pattern in POSITIONAL.items():
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {what}: {line.strip()}")
    assert not found, "look stages up by name (trace.stage, z, a, output):\n" + "\n".join(found)


def test_network_does_not_import_training():
    source = (ROOT / "nnmath" / "network.py").read_text()
    assert not re.search(r"^\s*(from\s+(\.|nnmath\.)training|import\s+nnmath\.training)",
                         source, re.MULTILINE)
    assert "training" not in re.findall(r"^\s*from\s+\.(\w+)", source, re.MULTILINE)
