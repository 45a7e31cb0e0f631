"""Chapter 9 and the explainer say only what is true (issue 21, points 4, 8, 14, 15),
at the defaults and at edge parameters.

Each case builds the scene in a dry run (animations skipped, ``NN_PARAMS`` set),
joins its subtitle cues and checks the sentence against a computation made here:
the loss recomputed from the untrained network, the steps an epoch takes, the share of
spread a wide layer's picture keeps (scikit-learn's PCA), the centre shift's sum in
exact decimals, the classes read from the outputs.
"""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pytest
from manim import Text
from sklearn.decomposition import PCA

from narrator.fmt import fmt_loss, fmt_percent
from nnexplain import check
from scenes.ch09_training import ROOT, DecisionBoundaryTraining, ExplainMyNetwork
from tests.scenes.helpers import build, said

IRIS = "tests/specs/iris-243.toml"


def texts(mobject) -> list[str]:
    """The texts of every Text inside ``mobject`` (manim keeps them without spaces; a
    card of several lines may be one Text)."""
    return [m.text for m in mobject.get_family() if isinstance(m, Text)]


def bare(text: str) -> str:
    """``text`` as manim keeps a Text's: without spaces."""
    return "".join(text.split())


def cross_entropy(p: np.ndarray, y: np.ndarray) -> float:
    """Binary cross-entropy of outputs ``p`` (n,) against labels ``y``, written out."""
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def steps(n: int, batch: int) -> int:
    return -(-n // min(batch, n))


# --- DecisionBoundaryTraining -------------------------------------------------------


@pytest.mark.parametrize("params", [
    {},
    {"data": "moons", "n_points": 20, "hidden": [3, 2], "epochs": 3, "snapshots": 3,
     "grid": 16},
    {"data": "moons", "n_points": 70, "hidden": [2], "epochs": 2, "snapshots": 2,
     "grid": 16},
], ids=["defaults", "fewer-points-than-a-batch", "three-batches"])
def test_boundary_training_names_its_loss_and_its_steps(params, monkeypatch, tmp_path):
    """Point 4 (and point 2's lesson): the loss curve and the sentence name the
    cross-entropy, which is what the numbers are; an epoch is counted in steps."""
    scene = build(DecisionBoundaryTraining, params, monkeypatch, tmp_path)
    text = said(scene)
    film = scene.film
    start = film.snapshots[0].network.forward(film.X)[:, 0]
    assert film.history[0] == pytest.approx(cross_entropy(start, film.y), rel=1e-9)
    final = film.network.forward(film.X)[:, 0]
    assert film.history[-1] == pytest.approx(cross_entropy(final, film.y), rel=1e-6, abs=1e-12)
    went = "down" if film.history[-1] < film.history[0] else "up"
    assert (f"Its loss, the cross-entropy, went {went} from {fmt_loss(film.history[0])} to "
            f"{fmt_loss(film.history[-1])}.") in text
    n = len(film.X)
    k = steps(n, film.batch_size)
    assert film.batch_size == 32
    assert f"each a pass over all {n} points." in text
    if k == 1:
        assert f"An epoch is one step, on all {n} points at once." in text
    else:  # the batches train() cuts an epoch into, counted here
        last = n - 32 * (k - 1)
        tail = "" if last == 32 else f" (the last of {last})"
        assert f"An epoch is {k} steps, on batches of 32 points{tail}." in text
    assert "cross-entropy" in texts(scene.loss_labels)  # on screen, over the curve


# --- ExplainMyNetwork ----------------------------------------------------------------


def _layer_axes(ex, k: int) -> np.ndarray:
    """The picture's axes, computed here: the span of W_k (SVD), then scikit-learn's
    principal axis of the layer's spread beyond it."""
    W = ex.network.layers[k - 1].W
    rank = np.linalg.matrix_rank(W)
    Q = np.linalg.svd(W)[0][:, :rank]
    clouds = [s.points for s in ex.trace if s.layer == k]
    centred = np.vstack([c - c.mean(axis=0) for c in clouds])
    beyond = centred - centred @ Q @ Q.T
    return np.hstack([Q, PCA(n_components=3 - rank).fit(beyond).components_.T])


def _share(points: np.ndarray, V: np.ndarray) -> float:
    c = points - points.mean(axis=0)
    return float(np.sum((c @ V) ** 2) / np.sum(c ** 2))


@pytest.fixture(scope="module")
def moons(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    try:
        yield build(ExplainMyNetwork, {}, mp, tmp_path_factory.mktemp("moons"))
    finally:
        mp.undo()


def test_explainer_names_the_cross_entropy(moons):
    """Point 4: ExplainMyNetwork's numbers are the cross-entropy, and it says so."""
    ex = check(ROOT / "examples/moons.toml")
    p0 = ex.initial.forward(ex.X)[:, 0]
    assert ex.history[0] == pytest.approx(cross_entropy(p0, ex.labels), rel=1e-9)
    text = said(moons)
    a, b = fmt_loss(ex.history[0]), fmt_loss(ex.history[-1])
    assert f"its loss, the cross-entropy, falls from {a} to {b}" in text
    assert f"in batches of 32 points ({steps(len(ex.X), 32)} steps an epoch)" in text
    assert bare(f"cross-entropy: {a} → {b}") in "".join(texts(moons.summary))


def test_explainer_says_the_share_of_each_stage_shown(moons):
    """Point 8: the flat sheet is shown whole ("all" of its spread), and the tanh
    stage's picture says its own, smaller share (93.3 % here)."""
    ex = check(ROOT / "examples/moons.toml")
    V = _layer_axes(ex, 1)
    text = said(moons)
    assert "where it lies on a flat sheet through the origin." in text
    assert _share(ex.trace.stage("linear 1").points, V) == pytest.approx(1.0, abs=1e-12)
    assert "the 2 of the flat sheet W1 puts the cloud on" in text
    assert "It keeps all of this cloud's spread (its variance)." in text
    tanh = _share(ex.trace.stage("tanh 1").points, V)
    assert fmt_percent(tanh, 1) == "93.3"
    assert f"The same picture keeps {fmt_percent(tanh, 1)} % of this cloud's spread." in text
    b = ex.network.layers[0].b
    shown = float(np.linalg.norm(V.T @ b))
    assert (f"moves a distance of {np.linalg.norm(b):.2f}, {shown:.2f} of it along the "
            "picture's directions") in text


def test_explainer_centre_shifts_add_up(moons):
    """Point 14: every "the centre moves from c to d" with b shown adds up, exactly, in
    the decimals shown (the audit's b2: (-0.59, -0.53) + (0.52, 0.51) != (-0.07, -0.01))."""
    text = said(moons)
    found = re.findall(r"Adding b(\d) = (\(?[-\d., ]+\)?) slides every point the same way: "
                       r"the centre of the cloud moves from (\(?[-\d., ]+\)?) to "
                       r"(\(?[-\d., ]+?\)?)\.(?: |$)", text)
    assert len(found) == 2  # b2 and b3: b1 is 8-wide
    for _, b, c, d in found:
        def parse(v: str) -> list[Decimal]:
            return [Decimal(x) for x in v.strip("()").split(", ")]
        assert [x + y for x, y in zip(parse(c), parse(b), strict=True)] == parse(d), (b, c, d)
    assert "(-0.07, -0.01)" not in text


def test_explainer_reads_one_output_against_its_threshold(moons):
    ex = check(ROOT / "examples/moons.toml")
    right = np.mean((ex.network.forward(ex.X)[:, 0] >= 0.5) == ex.labels)
    assert (f"Read as classes (class 1 at 0.5 or above, class 0 below), "
            f"{fmt_percent(right, 1)} % of the points end on the right side of 0.5.") in said(
                moons)


def test_a_three_class_explainer(monkeypatch, tmp_path):
    """Points 4 and 15 on the auditor's case: iris petals, 2-4-3, three outputs, trained
    with half the squared error summed over them; the largest output names the class."""
    scene = build(ExplainMyNetwork, {"spec": IRIS}, monkeypatch, tmp_path)
    text = said(scene)
    ex = check(ROOT / IRIS)
    out = ex.network.forward(ex.X)
    right = np.mean(out.argmax(axis=1) == ex.labels)
    assert "right side" not in text
    assert (f"the largest of the 3 outputs names the right class for {fmt_percent(right, 1)} "
            "% of the points") in text
    start = ex.initial.forward(ex.X)
    half_sq = 0.5 * np.mean(np.sum((start - np.eye(3)[ex.labels]) ** 2, axis=1))
    assert ex.history[0] == pytest.approx(half_sq, rel=1e-9)
    assert ("its loss, half the squared error summed over the 3 outputs, averaged over the "
            f"examples, falls from {fmt_loss(ex.history[0])}") in text
    assert bare("½ · mean of Σ squared errors:") in "".join(texts(scene.summary))
