"""Chapter 9, ExplainMyNetwork: the generator's scene on an example spec, chosen by
the ``spec`` parameter (control data in ``tests/scenes/control_data/ch09/``)."""

from __future__ import annotations

import numpy as np
import pytest

from nnexplain import check
from scenes.ch09_training import ROOT, ExplainMyNetwork, ExplainMyNetworkParams
from scenes.params import ParamsError, load_params
from tests.scenes.helpers import last_frame, prepared

__module_test__ = "ch09"


def test_explain_my_network_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, ExplainMyNetwork, monkeypatch, tmp_path)
    ex = check(ROOT / scene.params.spec)
    np.testing.assert_allclose(scene.cloud.data[:, 0], ex.trace.output[:, 0])
    assert scene.chapter_number() == 9


def test_the_default_spec_is_the_moons_example(monkeypatch):
    monkeypatch.delenv("NN_SPEC", raising=False)
    scene = prepared(ExplainMyNetwork)
    assert scene.explained.spec.path.name == "moons.toml"
    assert scene.explained.accuracy >= 0.95  # trained before it is explained
    assert any(shot.share is not None for shot in scene.script.shots)  # an 8-wide layer


def test_another_example_through_the_spec_parameter(monkeypatch, tmp_path):
    monkeypatch.delenv("NN_SPEC", raising=False)
    params = tmp_path / "p.toml"
    params.write_text('[ExplainMyNetwork]\nspec = "examples/seed-222.toml"\n')
    monkeypatch.setenv("NN_PARAMS", str(params))
    scene = prepared(ExplainMyNetwork)
    assert scene.explained.network.sizes == (2, 2, 2)


def test_a_missing_spec_is_refused():
    with pytest.raises(ParamsError, match="no such file"):
        load_params(ExplainMyNetworkParams, '{"spec": "examples/nope.toml"}')
