"""Chapter 7 scenes 4 and 5 (LearningRates, LearnTheWeight): frames compared with
control data, every number shown checked against nnmath."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import VALLEY, WeightError, descend
from nnmath.examples import NEGATION_INPUTS
from scenes.ch01_perceptron import NegationParams
from scenes.ch07_gradient_descent import LearningRates, LearnTheWeight, outcome
from scenes.components import fmt_fixed, fmt_number
from scenes.params import ParamsError
from tests.scenes.helpers import last_frame, prepared, scene_frames

__module_test__ = "ch07"

# --- frames -------------------------------------------------------------------


def test_rates_learning_rates_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, LearningRates, monkeypatch, tmp_path)
    assert scene.verdict_texts == [o.text for o in scene.outcomes] == scene.shown["outcomes"]
    assert [v[0].text for v in scene.verdicts] == ["crawls", "settles", "overshoots"]


@scene_frames(base_scene=LearningRates)
def test_rates_learning_rates_hops(scene):
    scene.play_story(until="hop")
    p = scene.params
    for k, path in enumerate(scene.paths):  # each ball where its path says after the hops
        x = path[min(p.shown_steps, len(path) - 1)]
        np.testing.assert_allclose(scene.balls[k].get_center(), scene.plots[k].point(x),
                                   atol=1e-6)


def test_rates_learn_the_weight_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, LearnTheWeight, monkeypatch, tmp_path)
    assert scene.w_label.get_tex_string() == "w = -1.00"
    np.testing.assert_allclose(scene.ball.get_center(), scene.plot.point(scene.learned),
                               atol=1e-6)


@scene_frames(base_scene=LearnTheWeight)
def test_rates_learn_the_weight_start(scene):
    scene.play_story(until="start")


# --- numbers shown ------------------------------------------------------------


def test_rates_learning_rates_numbers():
    scene = prepared(LearningRates)
    p = scene.params
    assert p.rates == (0.05, 0.5, 2.3) and p.start == 3.0
    assert scene.shown["rates"] == ["z = 0.05", "z = 0.5", "z = 2.3"]
    for z, path in zip(p.rates, scene.paths, strict=True):
        np.testing.assert_array_equal(path, descend(VALLEY.slope, 3.0, z, p.max_steps,
                                                    tol=p.tol))
    crawl, good, big = scene.paths
    assert len(crawl) - 1 == 90 and abs(VALLEY.slope(crawl[-1])) < p.tol
    assert len(good) - 1 == 8 and abs(VALLEY.slope(good[-1])) < p.tol
    assert len(big) - 1 == p.max_steps  # never settles
    assert np.all(np.sign(big[1:-1]) * np.sign(big[2:]) < 0)  # crosses the bottom every step
    assert abs(abs(big[-1]) - 1.29) < 0.01
    assert scene.shown["outcomes"] == [
        "crawls: 90 steps", "settles: 8 steps", "overshoots: not settled after 150 steps"]


def test_rates_outcome_words():
    slope = VALLEY.slope
    zig = descend(slope, 3.0, 1.5, 150, tol=0.05)
    o = outcome(zig, slope, 0.05, 150, patient=12, near=VALLEY.width)
    assert o.settled and o.crossed and o.kind == "zigzags"
    far = descend(slope, 3.0, 40.0, 150, tol=0.05)  # thrown onto the flat
    assert outcome(far, slope, 0.05, 150, patient=12, near=VALLEY.width).kind == "stalls"
    slow = descend(slope, 3.0, 0.01, 20, tol=0.05)
    o = outcome(slow, slope, 0.05, 20, patient=12)
    assert o.text == "crawls: not settled after 20 steps"
    blown = descend(lambda x: -x, 1.0, 1.0, 2000, tol=0.05)  # a hill: runs away forever
    assert outcome(blown, lambda x: -x, 0.05, 2000, patient=12).kind == "diverges"


def test_rates_learn_the_weight_numbers():
    scene = prepared(LearnTheWeight)
    p = scene.params
    # chapter 1's negation neuron's inputs, from where both chapters read them
    assert p.inputs == NEGATION_INPUTS == NegationParams().inputs == (4.0, 1.0, -0.5)
    E = WeightError.negation(p.inputs)
    path = descend(E.slope, 1.0, 0.1, p.max_steps, tol=5e-4)
    np.testing.assert_array_equal(scene.path, path)
    assert abs(scene.learned - E.best) < 1e-3 and E.best == -1.0
    assert scene.steps == len(path) - 1 == 12
    assert scene.shown["learned"] == "w = -1.00"
    assert scene.shown["error"] == (r"E(w) = \frac{1}{2} \cdot \frac{1}{3} "
                                    r"\sum_{x \in \{4, 1, -0.5\}} (w x + x)^2")
    assert scene.shown["loss"] == "E(w) = ½ · mean squared error"
    for k, (step, w, e) in enumerate(scene.shown["readouts"]):
        assert step == f"step {k}"
        assert w == f"w = {fmt_fixed(path[k])}"
        assert e == f"E(w) = {fmt_number(float(E(path[k])), 3)}"
    assert scene.shown["readouts"][0] == ("step 0", "w = 1.00", "E(w) = 11.5")
    assert scene.shown["first_slope"] == "E'(1) = 11.5" and float(E.slope(1.0)) == 11.5
    assert scene.shown["first_update"] == r"w \leftarrow 1 - 0.1 \cdot 11.5 = -0.15"
    assert scene.shown["outputs"] == [("4", "-4.00"), ("1", "-1.00"), ("-0.5", "0.50")]
    np.testing.assert_allclose(scene.outputs, [scene.learned * x for x in p.inputs])


def test_rates_fixed_never_shows_minus_zero():
    assert fmt_fixed(-0.0001) == "0.00" and fmt_fixed(-0.99993) == "-1.00"
    assert fmt_fixed(0.5) == "0.50"


# --- bad parameters -------------------------------------------------------------


@pytest.mark.parametrize("scene_class, params, words", [
    (LearningRates, '{"rates": [0.05, 0, 2.3]}', "positive"),
    (LearningRates, '{"tol": -1}', "tol"),
    (LearningRates, '{"shown_steps": 0}', "shown_steps"),
    (LearnTheWeight, '{"inputs": []}', "at least one"),
    (LearnTheWeight, '{"inputs": [0, 0]}', "all be 0"),
    (LearnTheWeight, '{"rate": -0.1}', "positive learning rate"),
    (LearnTheWeight, '{"rate": 0.5}', "does not settle"),
])
def test_rates_bad_params_are_refused(monkeypatch, scene_class, params, words):
    monkeypatch.setenv("NN_PARAMS", params)
    with pytest.raises(ParamsError, match=words):
        prepared(scene_class)
