"""Chapters 1-5 read once more (issue 21): each corrected sentence against a computation
of its own, at the defaults and at an edge value of the scene's parameters.

Scenes are built in a dry run with ``NN_PARAMS`` (see ``test_words.build``) and their
joined subtitles searched for short phrases. The numbers a phrase must hold are worked
out here with the standard library or plain numpy, not with the scene's helpers.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from scipy.spatial import Delaunay

from nnmath import clouds, examples
from nnmath.perceptron import best_linear_accuracy, separating_line
from scenes.ch01_perceptron import NegationPerceptron, Separability
from scenes.ch02_activations import BiasThreshold, Derivatives, ReluAndTanh, StepToSigmoid
from scenes.ch03_linear_maps import TransformGallery
from scenes.ch04_point_clouds import Classification2D, NotALinearMap, PointCloud2D
from scenes.ch05_point_clouds_3d import DirectMap
from tests.scenes.helpers import build, said, says


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _rms_of_best_affine_fit(X: np.ndarray, Y: np.ndarray) -> float:
    """Least squares by the normal equations' own solver: [X 1] B ~ Y."""
    A = np.hstack([X, np.ones((len(X), 1))])
    B = np.linalg.pinv(A) @ Y
    return float(np.sqrt(np.mean(np.sum((A @ B - Y) ** 2, axis=1))))


def _shown(value: float, text: str) -> bool:
    """``text`` is ``value`` rounded to the decimals ``text`` shows."""
    places = len(text.partition(".")[2])
    return abs(float(text) - value) <= 0.5 * 10.0 ** -places + 1e-12


# --- chapter 2: what a sigmoid output is (issue 21, point 15) ---------------------------
@pytest.mark.parametrize("read_at", [0.0, -3.0])
def test_a_sigmoid_output_is_a_probability_only_when_trained_to_be(read_at, monkeypatch,
                                                                   tmp_path):
    text = said(build(StepToSigmoid, {"read_at": read_at}, monkeypatch, tmp_path))
    value = _sigmoid(read_at)
    read = f"{value:.3f}".rstrip("0").rstrip(".")
    chance = f"{100 * value:.1f}".rstrip("0").rstrip(".")
    says(text,
           ["can be read as probabilities when the network is trained for that",
            "by lowering the cross-entropy",
            f"then {read} is a {chance} % chance",
            "Several sigmoid outputs, one per class, need not add up to 1",
            "the outputs of a softmax always do"],
           ["so we can read them as probabilities"])
    # the claim itself: sigmoids of several scores need not add up to 1, a softmax's do
    scores = np.array([2.0, -1.0, 0.5])
    assert abs(sum(_sigmoid(s) for s in scores) - 1.0) > 0.1
    soft = np.exp(scores) / np.exp(scores).sum()
    assert soft.sum() == pytest.approx(1.0)


# --- chapter 2: slopes ------------------------------------------------------------------
def test_tanh_slope_hill_is_four_times_as_tall_and_half_as_wide(monkeypatch, tmp_path):
    # sigma' = s(1 - s) is 1/4 at 0 and half that where s = (1 + 1/sqrt 2) / 2;
    # tanh' = 1 - t^2 is 1 at 0 and half that where t = 1/sqrt 2
    s_half = (1 + 1 / math.sqrt(2)) / 2
    sigmoid_width = 2 * math.log(s_half / (1 - s_half))
    tanh_width = 2 * math.atanh(1 / math.sqrt(2))
    assert 1.0 / 0.25 == 4 and tanh_width / sigmoid_width == pytest.approx(0.5)
    for params in ({}, {"tanh_range": [1, 3, 1], "sigmoid_range": [-1, 1, 0.5]}):
        text = said(build(Derivatives, params, monkeypatch, tmp_path))
        says(text, ["a hill of the same shape, 4 times as tall and half as wide"],
               ["only taller"])


@pytest.mark.parametrize("probe", [1.0, -3.0])
def test_a_slope_lets_a_nudge_through_it_does_not_point_the_way(probe, monkeypatch,
                                                               tmp_path):
    """The sigmoid's slope is positive everywhere: it scales the nudge, the sign comes
    from elsewhere. A zero slope stops gradient descent, not learning by any rule
    (chapter 1's perceptron rule learns with a step)."""
    text = said(build(Derivatives, {"probe": probe}, monkeypatch, tmp_path))
    s = _sigmoid(probe)
    slope = f"{s * (1 - s):.2f}".rstrip("0").rstrip(".")
    says(text,
           [f"the sigmoid's slope is {slope}: not zero, so the weight still gets a nudge",
            "every nudge is multiplied by 0, so gradient descent never moves the weights"],
           ["which way to move", "the weights never learn"])


def test_a_far_probe_gets_no_nudge_words(monkeypatch, tmp_path):
    text = said(build(Derivatives, {"probe": 10}, monkeypatch, tmp_path))
    assert round(_sigmoid(10) * (1 - _sigmoid(10)), 2) == 0
    says(text, ["the sigmoid's slope is almost 0"], ["not zero"])


# --- chapter 2: tanh's band, and the additivity test's digits ---------------------------
def test_tanh_crowds_to_an_edge_the_further_from_zero(monkeypatch, tmp_path):
    xs = np.array([0.5, 1.0, 2.0, 3.0])
    for sign in (1, -1):  # the gap to the nearer edge shrinks on both sides
        gaps = 1 - np.abs(np.tanh(sign * xs))
        assert np.all(np.diff(gaps) < 0)
    # "the bigger the input, the closer to the edge" fails for negative inputs
    assert abs(-1 - math.tanh(-1)) < abs(-1 - math.tanh(-0.5))  # closer at -1 than -0.5 ...
    assert math.tanh(-1) < math.tanh(-0.5)  # ... though -1 is the smaller input
    text = said(build(ReluAndTanh, {}, monkeypatch, tmp_path))
    says(text, ["the further the input is from 0, the closer it crowds to an edge"],
           ["the bigger the input"])


@pytest.mark.parametrize("pair", [(1.0, -2.0), (0.01, 0.02)])
def test_a_failed_additivity_test_shows_two_different_numbers(pair, monkeypatch, tmp_path):
    a, b = pair
    text = said(build(ReluAndTanh, {"pair": list(pair)}, monkeypatch, tmp_path))
    lhs, rhs = re.search(r"tanh gives (\S+) against (\S+?),", text).groups()
    assert lhs != rhs, text
    assert _shown(math.tanh(a + b), lhs) and _shown(math.tanh(a) + math.tanh(b), rhs), text
    says(text, ["tanh", "fail"], ["tanh passes"])


@pytest.mark.parametrize(("pair", "why"), [((0.001, 0.002), "too close to 0"),
                                           ((1e-5, 1e-5), "too close to 0 or too far out"),
                                           ((-30, -30), "too close to 0 or too far out")])
def test_a_pair_whose_failure_cannot_show_is_refused(pair, why, monkeypatch, tmp_path):
    with pytest.raises(ValueError, match=rf"pair .*{why}"):
        build(ReluAndTanh, {"pair": list(pair)}, monkeypatch, tmp_path)


def test_a_verdict_sentence_starts_with_a_capital(monkeypatch, tmp_path):
    text = said(build(ReluAndTanh, {"pair": [0, 2], "names": ["sigmoid", "tanh"]},
                      monkeypatch, tmp_path))
    says(text, ["The sigmoid fails here; tanh passes for this pair"], [". the sigmoid"])


# --- chapter 2: the bias sweep ------------------------------------------------------------
def test_the_sweep_says_the_default_sweep_plainly(monkeypatch, tmp_path):
    text = said(build(BiasThreshold, {}, monkeypatch, tmp_path))
    assert f"{_sigmoid(-2 - 10):.2f}" == "0.00"  # dark where the sweep starts
    says(text, ["the neuron stays dark until s nears 10, then lights up"], ["passing"])


@pytest.mark.parametrize(("params", "words"), [
    ({"level": 0.8}, "the output goes from almost 0 to {end}, passing 0.8 at s = {t}"),
    ({"sweep": [8, 14]}, "the output goes from {start} to {end}, passing 0.5 at s = {t}"),
])
def test_a_sweep_that_is_not_dark_to_half_on_gives_its_numbers(params, words, monkeypatch,
                                                              tmp_path):
    level = params.get("level", 0.5)
    lo, hi = params.get("sweep", (-2, 14))
    t = 10 + math.log(level / (1 - level))  # sigma(s - 10) = level
    expected = words.format(start=f"{_sigmoid(lo - 10):.2f}".rstrip("0"),
                            end=f"{_sigmoid(hi - 10):.2f}".rstrip("0"),
                            t=f"{t:.2f}".rstrip("0").rstrip("."))
    text = said(build(BiasThreshold, params, monkeypatch, tmp_path))
    says(text, [expected], ["stays dark until"])


# --- chapter 3: the shear -----------------------------------------------------------------
@pytest.mark.parametrize("k", [1.0, -0.5])
def test_a_shear_slides_rows_in_proportion_to_height(k, monkeypatch, tmp_path):
    scene = build(TransformGallery, {"shear": k}, monkeypatch, tmp_path)
    W = scene.gallery["shear"][1]
    rows = np.array([[x, y] for y in (-2.0, -1.0, 0.0, 1.0, 2.0) for x in (-1.0, 0.5)])
    slide = rows @ np.asarray(W).T - rows
    assert np.allclose(slide[:, 1], 0) and np.allclose(slide[:, 0], k * rows[:, 1])
    # rows below the x axis slide the other way: "more the higher" is not the rule
    assert np.sign(slide[0, 0]) == -np.sign(slide[-1, 0])
    says(said(scene), ["in proportion to its height; the x axis stays put"],
           ["more the higher it is"])


# --- chapters 4 and 5: misses and areas that are not zero -----------------------------------
@pytest.mark.parametrize(("params", "rms_text"), [({}, "0.042"),
                                                  ({"n_points": 4, "data_seed": 6}, "0.0001")])
def test_the_affine_miss_is_a_root_mean_square(params, rms_text, monkeypatch, tmp_path):
    scene = build(NotALinearMap, params, monkeypatch, tmp_path)
    rms = _rms_of_best_affine_fit(scene.X, scene.Y)
    assert _shown(rms, rms_text) and rms > 0
    says(said(scene), [f"misses by {rms_text} (root mean square)"],
           ["on average", "misses by 0 "])


def test_the_direct_map_never_misses_by_zero(monkeypatch, tmp_path):
    scene = build(DirectMap, {"n_points": 4, "data_seed": 15}, monkeypatch, tmp_path)
    rms = _rms_of_best_affine_fit(scene.X, scene.end_points[:, :2])
    assert _shown(rms, "0.004")
    says(said(scene), ["its points miss by 0.004 (root mean square)"], ["miss by 0 "])


def test_a_tiny_area_is_not_said_to_be_zero(monkeypatch, tmp_path):
    W1 = examples.network_222(37).layers[0].W
    area = abs(W1[0, 0] * W1[1, 1] - W1[0, 1] * W1[1, 0])
    assert 0 < area < 0.005 and _shown(area, "0.005")
    text = said(build(PointCloud2D, {"network_seed": 37}, monkeypatch, tmp_path))
    says(text, ["W1 turns and stretches the cloud, by 1.26 one way and 0.004 the other, so "
                "areas are multiplied by 0.005"],
           ["multiplied by 0;", "multiplied by 0 ", "and 0 the other"])


# --- chapter 4: held-out accuracy never rounds to 100 % -------------------------------------
def test_the_moons_accuracy_is_not_rounded_up_to_all(monkeypatch, tmp_path):
    params = {"n_points": 2000, "noise": 0.09, "seed": 0}
    scene = build(Classification2D, params, monkeypatch, tmp_path)
    tr = scene.trained
    wrong = int(np.sum((tr.network.forward(tr.X_test)[:, 0] >= 0.5) != tr.y_test))
    assert wrong == 1 and len(tr.y_test) == 2000
    says(said(scene), ["gets 99.95 % of fresh points right"], ["100 %"])


def _inside_other_hull(X: np.ndarray, y: np.ndarray) -> bool:
    """Some point lies inside the convex hull of the other class: then no line splits
    the classes (a certificate independent of any line search)."""
    for c in (0, 1):
        hull = Delaunay(X[y == c])
        if np.any(hull.find_simplex(X[y != c]) >= 0):
            return True
    return False


# --- chapter 1: "no straight line can" is exact ---------------------------------------------
def test_no_line_is_said_only_where_none_exists(monkeypatch, tmp_path):
    X, y = clouds.circles(80, noise=0.08, seed=0)  # the scene's default hard set
    assert _inside_other_hull(X, y)
    text = said(build(Separability, {}, monkeypatch, tmp_path))
    says(text, ["No straight line can put each class on its own side"], ["can still put"])


def test_separating_line_finds_a_line_the_search_misses():
    """A split only a sliver of directions achieves: the exact test finds it, the
    720-direction search does not, so a sentence built on the search would say
    "no straight line can" falsely."""
    X = np.array([[0.0, 0.0], [1000.0, 1.0], [0.0, 0.002], [1000.0, 1.002]])
    y = np.array([0, 0, 1, 1])
    line = separating_line(X, y)
    assert line is not None
    z = X @ line.weights + line.bias
    assert np.all(z[y == 1] > 0) and np.all(z[y == 0] < 0)
    assert best_linear_accuracy(X, y)[0] < 1.0
    assert separating_line([[0, 0], [1, 1], [0, 1], [1, 0]], [0, 0, 1, 1]) is None  # XOR


@pytest.mark.parametrize(("params", "name"), [({"n_points": 1}, "n_points"),
                                              ({"hard_n": 1}, "hard_n")])
def test_a_set_of_one_class_is_refused(params, name, monkeypatch, tmp_path):
    with pytest.raises(ValueError, match=rf"{name}=1 .* one class only"):
        build(Separability, params, monkeypatch, tmp_path)


def test_the_moons_need_a_curve_by_the_exact_test(monkeypatch, tmp_path):
    scene = build(Classification2D, {}, monkeypatch, tmp_path)
    assert _inside_other_hull(scene.trained.X, scene.trained.y)
    says(said(scene), ["No straight line splits them"], ["could still split"])


# --- chapter 1: the negating neuron has no step ---------------------------------------------
@pytest.mark.parametrize(("params", "outputs"), [({}, "-4, -1, 0.5"),
                                                 ({"bias": 2}, "-2, 1, 2.5")])
def test_the_negating_neuron_says_it_has_no_step(params, outputs, monkeypatch, tmp_path):
    w, b = -1.0, params.get("bias", 0.0)
    computed = ", ".join(f"{w * x + b:g}" for x in (4.0, 1.0, -0.5))
    assert computed == outputs  # outputs below 0 and above 1: no step could give them
    text = said(build(NegationPerceptron, params, monkeypatch, tmp_path))
    says(text, ["No step this time: the output is", f"out come {outputs}"])


# --- chapter 5: "the same points as before" only when they are --------------------------------
@pytest.mark.parametrize(("params", "same"), [({}, True), ({"data_seed": 3}, False)])
def test_the_3d_square_is_the_same_as_before_only_when_it_is(params, same, monkeypatch,
                                                              tmp_path):
    from scenes.ch04_point_clouds import PointCloud2DParams
    from scenes.ch05_point_clouds_3d import PointCloud3D

    before = PointCloud2DParams()
    chapter4 = examples.example_square(before.n_points, seed=before.data_seed)
    scene = build(PointCloud3D, params, monkeypatch, tmp_path)
    assert (scene.X.shape == chapter4.shape and np.array_equal(scene.X, chapter4)) == same
    text = said(scene)
    if same:
        says(text, ["The same 2,000 points on a square as before"])
    else:
        says(text, ["2,000 points on a square, seen from above"], ["The same", "as before"])


# --- chapter 4: what least squares makes smallest --------------------------------------------
def test_least_squares_is_said_to_minimise_the_summed_squared_misses(monkeypatch, tmp_path):
    """Not "closest to every point": the fit trades points off against each other, so
    nudging it can bring some point closer while the sum of squared misses grows."""
    scene = build(NotALinearMap, {}, monkeypatch, tmp_path)
    A = np.hstack([scene.X, np.ones((len(scene.X), 1))])
    B = np.vstack([np.asarray(scene.W_fit).T, scene.b_fit])

    def misses(B):
        return np.sum((A @ B - scene.Y) ** 2, axis=1)

    best = misses(B)
    rng = np.random.default_rng(0)
    closer_somewhere = False
    for _ in range(20):
        nudged = misses(B + 0.01 * rng.standard_normal(B.shape))
        assert nudged.sum() > best.sum()
        closer_somewhere |= bool(np.any(nudged < best))
    assert closer_somewhere
    says(said(scene), ["whose squared misses from the points' true destinations add up "
                         "to the least"], ["closest to every point"])
