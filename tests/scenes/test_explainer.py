"""The generator's scene (scenes/explainer.py) on small specs: last frames against
control data in ``tests/scenes/control_data/explainer/`` (regenerate with
``pytest tests/scenes/test_explainer.py --set_test``), subtitles from the script, the
spec's refusals, and the manim command end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnexplain import check
from nnexplain.story import story
from scenes.explainer import ExplainSpec
from scenes.params import ParamsError
from tests.scenes.helpers import last_frame, prepared

__module_test__ = "explainer"

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tests" / "specs"


class TinySpec(ExplainSpec):
    def spec_path(self) -> Path:
        return SPECS / "tiny-232.toml"


class LineSpec(ExplainSpec):
    def spec_path(self) -> Path:
        return SPECS / "line-131.toml"


class WideSpec(ExplainSpec):
    def spec_path(self) -> Path:
        return SPECS / "wide-xor.toml"


def test_explainer_tiny_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, TinySpec, monkeypatch, tmp_path)
    ex = check(SPECS / "tiny-232.toml")
    frame = scene.cloud.frame
    # the cloud ends on the network's output, drawn in the last axes' frame
    np.testing.assert_allclose(scene.cloud.data[:, :2], ex.trace.output)
    box, out = scene.box, ex.trace.output
    assert np.all(out >= box.lo[:2]) and np.all(out <= box.hi[:2])  # fits
    assert np.max(np.ptp(out, axis=0) / box.span[:2]) >= 0.5  # not too small
    np.testing.assert_allclose(frame.basis[0, 0] * scene.bound, frame.basis[1, 1] * scene.bound)


def test_explainer_line_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, LineSpec, monkeypatch, tmp_path)
    out = check(SPECS / "line-131.toml").trace.output
    np.testing.assert_allclose(scene.cloud.data[:, 0], out[:, 0])
    assert np.ptp(scene.cloud.data[:, 1]) > 0  # spread up and down to be seen


def test_explainer_wide_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, WideSpec, monkeypatch, tmp_path)
    np.testing.assert_allclose(scene.cloud.data[:, :2],
                               check(SPECS / "wide-xor.toml").trace.output)


def test_subtitles_are_the_script():
    scene = prepared(WideSpec)
    script = story(check(SPECS / "wide-xor.toml"))
    assert [s.sentence for s in scene.script.shots] == [s.sentence for s in script.shots]
    assert (scene.script.opening, scene.script.network, scene.script.closing) == (
        script.opening, script.network, script.closing)
    assert [s.name for s in scene.script.shots] == list(scene.explained.stages)


def test_no_spec_is_a_clear_refusal(monkeypatch):
    monkeypatch.delenv("NN_SPEC", raising=False)
    with pytest.raises(ParamsError, match="no spec to explain: name one in NN_SPEC"):
        prepared(ExplainSpec)


def test_a_bad_spec_is_refused_with_its_message(tmp_path, monkeypatch):
    bad = tmp_path / "bad.toml"
    bad.write_text('[network]\nsizes = [2, 3]\nactivations = ["relu", "tanh"]\nseed = 1\n'
                   '[data]\nkind = "square"\nn = 10\n')
    monkeypatch.setenv("NN_SPEC", str(bad))
    with pytest.raises(ParamsError, match=r"bad\.toml.*network"):
        prepared(ExplainSpec)


def _manim(spec: Path, media: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NN_SPEC=str(spec))
    return subprocess.run(
        [sys.executable, "-m", "manim", "-ql", "--progress_bar", "none", "--media_dir",
         str(media), str(ROOT / "scenes" / "explainer.py"), "ExplainSpec"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_the_manim_command_refuses_a_bad_spec_in_one_line(tmp_path):
    bad = tmp_path / "typo.toml"
    bad.write_text('[network]\nsizes = [2, 2]\nactivation = ["relu"]\nseed = 1\n'
                   '[data]\nkind = "square"\nn = 10\n')
    result = _manim(bad, tmp_path / "media")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "typo.toml" in lines[0] and "activations" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "media" / "explain").exists()
