"""The explainer's script for several specs: every sentence, note and drawn point is
checked against nnmath, computed here independently where it can be."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nnexplain import check
from nnexplain.story import story
from nnmath import describe_map
from nnmath.projection import kept_share, principal_axes
from scenes.fmt import fmt_number, fmt_percent

ROOT = Path(__file__).resolve().parents[2]
SPECS = [
    "examples/seed-222.toml",
    "examples/seed-232.toml",
    "examples/moons.toml",
    "examples/rings.toml",
    "tests/specs/tiny-232.toml",
    "tests/specs/line-131.toml",
    "tests/specs/wide-xor.toml",
]


@pytest.fixture(scope="module", params=SPECS)
def case(request):
    ex = check(ROOT / request.param)
    return ex, story(ex)


def test_one_shot_per_chosen_stage_in_order(case):
    ex, script = case
    assert [s.name for s in script.shots] == list(ex.stages)
    names = ex.trace.names
    assert [names.index(s.name) for s in script.shots] == sorted(
        names.index(s.name) for s in script.shots)


def test_drawn_points_are_the_trace_or_its_principal_view(case):
    ex, script = case
    for shot in script.shots:
        stage = ex.trace.stage(shot.name)
        if stage.width <= 3:
            assert shot.share is None
            np.testing.assert_allclose(shot.points[:, : stage.width], stage.points)
            assert not np.any(shot.points[:, stage.width:])
        else:
            clouds = [s.points for s in ex.trace if s.layer == stage.layer]
            V = principal_axes(clouds, 3)
            np.testing.assert_allclose(shot.points, stage.points @ V)
            assert shot.share == pytest.approx(kept_share(stage.points, V))
            assert f"{fmt_percent(shot.share)} % kept" in shot.note


def test_every_sentence_states_computed_facts(case):
    ex, script = case
    net = ex.network
    for shot in script.shots:
        k = shot.layer
        layer = net.layers[k - 1]
        text = shot.sentence
        assert text.startswith(("W", "Adding", "b", "ReLU", "The", "tanh"))
        if shot.kind == "linear":
            facts = describe_map(layer.W)
            n_out, n_in = layer.W.shape
            if n_out > n_in:
                assert f"into {n_out} dimensions" in text
            elif n_out < n_in:
                assert f"down to {n_out}-D" in text
            elif facts.area_scale is not None and not facts.keeps_lengths:
                assert fmt_number(facts.area_scale) in text
            if shot.width > 3:
                assert "(PCA)" in text
        elif shot.kind == "bias":
            before = ex.trace.stage("linear", k).points.mean(axis=0)
            if len(layer.b) <= 3 and len(layer.b) > 1:
                moved = ", ".join(fmt_number(v) for v in before + layer.b)
                assert f"to ({moved})" in text
            elif len(layer.b) > 3:
                assert f"distance of {fmt_number(np.linalg.norm(layer.b))}" in text
        elif layer.activation == "relu":
            pre = ex.trace.z(k)
            folded = float(np.mean(np.any(pre < 0, axis=1)))
            assert f"folds {fmt_percent(folded)} % of the points" in text
        elif layer.activation in ("sigmoid", "tanh"):
            pre, post = ex.trace.z(k), ex.trace.a(k)
            assert f"values from {fmt_number(pre.min())} to {fmt_number(pre.max())}" in text
            assert f"between {fmt_number(post.min())} and {fmt_number(post.max())}" in text


def test_the_framing_sentences(case):
    ex, script = case
    n = len(ex.X)
    assert f"{n:,} points" in script.opening
    assert "-".join(map(str, ex.network.sizes)) in script.network
    if ex.labels is not None:
        classes = len(np.unique(ex.labels))
        assert f"{classes} class" in script.opening
        right = ex.accuracy
        # the accuracy the video says is the network's own, recomputed here
        out = ex.network.forward(ex.X)
        if out.shape[1] == 1:
            guess = (out[:, 0] >= 0.5).astype(int)
        else:
            guess = out.argmax(axis=1)
        assert right == pytest.approx(float(np.mean(guess == ex.labels)))
        assert f"{fmt_percent(right, 1)} % of the points" in script.network
        assert f"{fmt_percent(right, 1)} %" in script.closing
    if ex.history is not None:
        assert f"{len(ex.history) - 1} epochs" in script.network
    assert f"{len(script.shots)} stages" in script.closing
    assert f"{ex.network.n_out}-D" in script.closing


def test_trained_specs_improve():
    ex = check(ROOT / "examples/moons.toml")
    assert ex.history[-1] < 0.1 * ex.history[0]
    assert ex.accuracy >= 0.95
    untrained = ex.initial.forward(ex.X)[:, 0] >= 0.5
    assert float(np.mean(untrained == ex.labels)) < ex.accuracy


def test_a_spec_stopping_before_the_output_does_not_claim_the_whole_network(tmp_path):
    spec = tmp_path / "part.toml"
    spec.write_text('[network]\nsizes = [2, 3, 1]\nactivations = ["relu", "sigmoid"]\n'
                    'seed = 1\n[data]\nkind = "moons"\nn = 50\n'
                    '[render]\nstages = ["linear 1", "relu 1"]\n')
    script = story(check(spec))
    assert "whole network" not in script.closing and "right side" not in script.closing
    assert "after relu 1, the cloud lives in 3-D" in script.closing
