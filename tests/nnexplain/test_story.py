"""The explainer's script for several specs: every sentence, note and drawn point is
checked against nnmath, computed here independently where it can be."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from sklearn.decomposition import PCA

from narrator.fmt import fmt_number, fmt_percent
from nnexplain import check
from nnexplain.spec import class_threshold, training_loss
from nnexplain.story import story
from nnmath import describe_map
from nnmath.training import loss_label, loss_name, mean_loss

ROOT = Path(__file__).resolve().parents[2]
SPECS = [
    "examples/seed-222.toml",
    "examples/seed-232.toml",
    "examples/moons.toml",
    "examples/rings.toml",
    "tests/specs/tiny-232.toml",
    "tests/specs/line-131.toml",
    "tests/specs/wide-xor.toml",
    "tests/specs/iris-243.toml",
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
            _check_picture(ex, shot, stage)


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
                assert "The picture looks along" in text
        elif shot.kind == "bias":
            if len(layer.b) <= 3:
                _check_centre_shift(ex, k, text)
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
        if out.shape[1] == 1:
            assert "right side of 0.5" in script.closing
        else:  # point 15: several outputs have no "side"; the largest names the class
            assert "side" not in script.closing
            assert f"the largest of the {out.shape[1]} outputs names the right class" in (
                script.closing)
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


# --- issue 21: the picture of a wide layer, the loss, the classes, the sums -------------


def _axes(ex, k: int) -> np.ndarray:
    """The picture's axes for layer ``k``, computed here: the span of W_k first when it
    has at most 3 dimensions (QR), then scikit-learn's principal axes of the spread of
    the layer's three stages beyond it."""
    W = ex.network.layers[k - 1].W
    clouds = [s.points for s in ex.trace if s.layer == k]
    centred = np.vstack([c - c.mean(axis=0) for c in clouds])
    rank = np.linalg.matrix_rank(W)
    Q = np.linalg.svd(W)[0][:, :rank] if rank <= 3 else np.zeros((W.shape[0], 0))
    beyond = centred - centred @ Q @ Q.T
    more = 3 - Q.shape[1]
    rest = PCA(n_components=more).fit(beyond).components_.T if more else Q[:, :0]
    return np.hstack([Q, rest])


def _share(points: np.ndarray, V: np.ndarray) -> float:
    c = points - points.mean(axis=0)
    return float(np.sum((c @ V) ** 2) / np.sum(c ** 2))


def _check_picture(ex, shot, stage) -> None:
    """Point 8: each wide stage is drawn along the layer's axes, and its sentence and
    note say the share of *its own* spread the picture keeps."""
    V = _axes(ex, stage.layer)
    # the same 3-D view, up to the order and signs of the axes within the kept span
    P = shot.points
    np.testing.assert_allclose(P @ P.T, (stage.points @ V) @ (stage.points @ V).T, atol=1e-8)
    share = _share(stage.points, V)
    assert shot.share == pytest.approx(share, abs=1e-9)
    said = "all" if shot.share == 1.0 else f"{fmt_percent(share, 1)} %"
    assert f"keeps {said} of this cloud's spread" in shot.sentence
    assert f"{said} kept" in shot.note
    W = ex.network.layers[stage.layer - 1].W
    if stage.kind == "linear" and np.linalg.matrix_rank(W) <= 3:
        # a flat piece is flat in the picture, so nothing of it is lost
        assert shot.share == 1.0 and "keeps all of this cloud's spread" in shot.sentence


def _numbers(text: str) -> list[Decimal]:
    return [Decimal(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text)]


def _check_centre_shift(ex, k: int, text: str) -> None:
    """Point 14: the shown centre plus the shown b is the shown new centre, each within
    its last digit of the true value."""
    b = ex.network.layers[k - 1].b
    if not np.any(b):
        assert text == f"b{k} is zero: no point moves."
        return
    centre = ex.trace.stage("linear", k).points.mean(axis=0)
    got = _numbers(text.split("=", 1)[1])
    w = len(b)
    shown_b, start, end = got[:w], got[w:2 * w], got[2 * w:3 * w]
    assert [x + y for x, y in zip(start, shown_b, strict=True)] == end, text
    last = max(-x.as_tuple().exponent for x in got)
    for shown, true in zip(got, [*b, *centre, *(centre + b)], strict=True):
        assert abs(float(shown) - true) <= 1.0001 * 10.0 ** -last, text


def _targets(ex) -> np.ndarray:
    """What the network was trained towards, written out here."""
    net = ex.initial
    if net.n_out > 1:
        return np.eye(net.n_out)[ex.labels]
    low = -1.0 if net.activations[-1] == "tanh" else 0.0
    return np.where(ex.labels == 1, 1.0, low)[:, None]


def test_the_loss_is_named_for_what_was_trained(case):
    """Point 4: the history is the loss the words name (recomputed from the untrained
    network), said by nnmath.training.loss_name and labelled by loss_label."""
    ex, script = case
    if ex.history is None:
        assert script.loss_label is None and "loss" not in script.network
        return
    loss = training_loss(ex.initial)
    assert mean_loss(ex.initial, ex.X, _targets(ex), loss) == pytest.approx(ex.history[0])
    other = "mse" if loss == "cross_entropy" else "cross_entropy"
    if ex.initial.activations[-1] == "sigmoid":  # the other loss would give another number
        assert mean_loss(ex.initial, ex.X, _targets(ex), other) != pytest.approx(
            ex.history[0], rel=1e-3)
    n_out = ex.network.n_out
    assert f"its loss, {loss_name(loss, n_out)}, falls from" in script.network
    assert script.loss_label == loss_label(loss, n_out)
    batch = ex.spec.train.batch_size
    steps = -(-len(ex.X) // min(batch or len(ex.X), len(ex.X)))
    assert (f"({steps} steps an epoch)" in script.network) == (steps > 1)


def test_the_three_class_iris_spec():
    """The auditor's 3-class case: loss, classes and the PCA of its 4-wide layer."""
    ex = check(ROOT / "tests/specs/iris-243.toml")
    script = story(ex)
    assert ex.network.sizes == (2, 4, 3) and len(np.unique(ex.labels)) == 3
    assert ex.accuracy == pytest.approx(np.mean(ex.network.forward(ex.X).argmax(axis=1)
                                                == ex.labels))
    assert ex.accuracy >= 0.9
    assert ("half the squared error summed over the 3 outputs, averaged over the examples"
            in script.network)
    assert "largest of the 3 outputs" in script.closing and "side" not in script.closing
    linear = script.shots[0]
    assert "flat sheet" in linear.sentence and linear.share == 1.0


def test_one_output_is_read_against_its_threshold(tmp_path):
    """A tanh output is read at 0, a sigmoid's at 0.5: the closing says which, and the
    accuracy it says is the one that threshold gives."""
    spec = tmp_path / "tanh-out.toml"
    spec.write_text('[network]\nsizes = [2, 3, 1]\nactivations = ["relu", "tanh"]\n'
                    'seed = 4\n[data]\nkind = "moons"\nn = 60\n')
    ex = check(spec)
    script = story(ex)
    assert class_threshold(ex.network) == 0.0
    right = np.mean((ex.network.forward(ex.X)[:, 0] >= 0.0) == ex.labels)
    assert ex.accuracy == pytest.approx(right)
    assert f"{fmt_percent(right, 1)} % of the points end on the right side of 0." in (
        script.closing)


def _edge_spec(tmp_path: Path, layers: list[tuple[np.ndarray, np.ndarray]],
               activations: list[str], data: str) -> Path:
    weights = {}
    for k, (W, b) in enumerate(layers, start=1):
        weights[f"W{k}"], weights[f"b{k}"] = W, b
    np.savez(tmp_path / "w.npz", **weights)
    sizes = [layers[0][0].shape[1], *(W.shape[0] for W, _ in layers)]
    acts = ", ".join(f'"{a}"' for a in activations)
    spec = tmp_path / "edge.toml"
    spec.write_text(f'[network]\nsizes = {sizes}\nactivations = [{acts}]\n'
                    f'weights = "w.npz"\n[data]\n{data}\n')
    return spec


def test_edge_networks_say_only_what_is_true(tmp_path):
    """Identity W, zero bias, a 1-D input, a 5-wide layer, three outputs: every
    sentence at these edges."""
    rng = np.random.default_rng(3)
    layers = [(np.eye(1), np.zeros(1)),  # 1-D: the identity, no bias
              (rng.normal(size=(5, 1)), np.zeros(5)),  # a lift onto a line in 5-D
              (rng.normal(size=(3, 5)), np.array([0.004, -1.0, 0.0]))]
    spec = _edge_spec(tmp_path, layers, ["identity", "tanh", "sigmoid"],
                      'kind = "grid"\nn = 40')
    ex = check(spec)
    script = story(ex)
    by = {s.name: s.sentence for s in script.shots}
    assert by["linear 1"] == "W1 is the identity: no point moves."
    assert by["bias 1"] == "b1 is zero: no point moves."
    assert by["identity 1"] == "The identity activation leaves every point where it is."
    assert by["linear 2"].startswith("W2 has 5 rows: it lifts the 1-D cloud into 5 "
                                     "dimensions, where it lies on a straight line")
    assert "the one of the straight line W2 puts the cloud on, and the 2 in which" in (
        by["linear 2"])
    assert "keeps all of this cloud's spread" in by["linear 2"]
    assert by["bias 2"].startswith("b2 is zero: no point moves.")
    assert "The picture still keeps all of this cloud's spread." in by["bias 2"]
    tanh = next(s for s in script.shots if s.name == "tanh 2")
    assert "The picture looks along" not in tanh.sentence  # said once per layer
    assert f"The same picture keeps {fmt_percent(tanh.share, 1)} %" in tanh.sentence
    assert "b3 = (0.004, -1.000, 0)" in by["bias 3"]
    _check_centre_shift(ex, 3, by["bias 3"])
    for shot in script.shots:
        stage = ex.trace.stage(shot.name)
        if shot.width > 3:
            _check_picture(ex, shot, stage)
    assert "cloud now lives in 3-D" in script.closing


def test_a_picture_that_starts_after_the_linear_stage_still_says_how_it_looks(tmp_path):
    """Stages can be chosen: the first one shown of a wide layer introduces its view."""
    spec = tmp_path / "late.toml"
    spec.write_text('[network]\nsizes = [2, 6, 1]\nactivations = ["tanh", "sigmoid"]\n'
                    'seed = 2\n[data]\nkind = "moons"\nn = 80\n'
                    '[render]\nstages = ["tanh 1", "sigmoid 2"]\n')
    ex = check(spec)
    shot = story(ex).shots[0]
    assert shot.name == "tanh 1"
    assert "The picture looks along 3 directions of the 6-D space" in shot.sentence
    _check_picture(ex, shot, ex.trace.stage("tanh 1"))


def test_the_opening_and_the_weights_say_how_they_were_made(case):
    ex, script = case
    if ex.spec.data.kind == "square":  # uniform random, not a grid
        assert "drawn uniformly at random" in script.opening
    if ex.spec.network.seed is not None and ex.spec.network.weights is None:
        starting = "starting " if ex.history is not None else ""
        assert f"random {starting}weights (seed {ex.spec.network.seed})" in script.network
