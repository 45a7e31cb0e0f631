"""What a scene says about its numbers stays true for any parameters.

Each case builds a scene with edge parameters set through ``NN_PARAMS`` (a dry run,
animations skipped), reads back its subtitles and checks that the sentence the facts
call for is there and the one they make false is gone. Cues may split a sentence
over several subtitles, so the cues are joined with spaces and searched for short
phrases. Parameters whose picture cannot be drawn are refused with a ValueError that
names the parameter.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnmath import activation, examples
from scenes.ch01_perceptron import (
    NegationPerceptron,
    Perceptron2D,
    Perceptron3D,
    Separability,
    WeatherPerceptron,
)
from scenes.ch02_activations import BiasThreshold, Derivatives, ReluAndTanh, StepToSigmoid
from scenes.ch03_linear_maps import LayerEquations, TransformGallery, WeightMatrixAsTransform
from scenes.ch04_point_clouds import Classification2D, NotALinearMap, PointCloud2D
from scenes.ch05_point_clouds_3d import DirectMap, PointCloud3D
from tests.scenes.helpers import build, said

# a data seed whose single point no ReLU of the course's networks folds (checked below)
UNFOLDED_SEED = 11


def _case(scene_class, params, true, false=(), name=None):
    return pytest.param(scene_class, params, tuple(true), tuple(false), id=name)


CASES = [
    # --- chapter 1 ------------------------------------------------------------------
    _case(WeatherPerceptron,
          {"weight": -1, "bias": 20, "flipped_weight": 1, "flipped_bias": -20},
          ["Colder counts as good: output 1", "still 1 at the boundary itself",
           "just past it, the output switches to 0", "Make the weight positive",
           "the decision flips"],
          ["the moment we reach it", "Make the weight negative"],
          "weather-negative-weight"),
    _case(WeatherPerceptron,
          {"sweep": [0, 5, 10], "probes": [30, 35], "flipped_weight": 2,
           "flipped_bias": -30},
          ["never reaches the boundary, so the output stays 0",
           "All on one side of the boundary at 20", "does not flip",
           "now temperatures from 15 give 1"],
          ["the moment we reach it", "Right at the boundary", "the decision flips"],
          "weather-sweep-misses"),
    _case(WeatherPerceptron, {"sweep": [30, 10]},
          ["Above the boundary the output is 1", "still 1 at the boundary itself",
           "just past it, the output switches to 0"],
          ["Below the boundary the output", "the moment we reach it"], "weather-sweep-down"),
    _case(NegationPerceptron, {"weight": 1},
          ["it leaves every number as it is", "simply the input times the weight"],
          ["its negative"], "negation-identity"),
    _case(NegationPerceptron, {"weight": 0, "bias": 3},
          ["it ignores the input: every number gives 3", "plus the bias 3"],
          ["simply the input times the weight", "its negative"], "negation-zero-weight"),
    _case(NegationPerceptron, {"weight": -1, "bias": 2},
          ["plus the bias 2", "that is the rule"],
          ["its negative", "simply the input"], "negation-with-bias"),
    _case(NegationPerceptron, {"weight": 1000, "inputs": [1e6]},
          ["out come 1000000000", "with w = 1000 that is the rule"], ["its negative"],
          "negation-large"),
    _case(Perceptron2D,
          {"weights": [1, 0], "bias": -39.9, "z_range": [-45, 45, 15]},
          ["Here every day lies on its bad side"], ["splits them"], "2d-one-side"),
    _case(Perceptron3D, {"weights": [0.5, -0.1, 1.0], "bias": -20},
          ["Good days lie above it"], ["Good days lie under it"], "3d-wind-helps"),
    _case(Separability, {"hard_n": 2},
          ["can still put each class on its own side", "all 100 percent",
           "no point is on the wrong side"],
          ["No straight line can", "gets only"], "separability-hard-set-split"),
    _case(Separability, {"hard_set": "xor", "hard_n": 4, "hard_noise": 0},
          ["No straight line can put each class", "gets only 75 percent"],
          ["can still put"], "separability-xor-4"),
    # --- chapter 2 ------------------------------------------------------------------
    _case(StepToSigmoid, {"steepness": [1], "nudge": 2},
          ["the side of zero decides everything", "turns into the sigmoid itself",
           "nothing left to relax"],
          ["hair's breadth", "very steep", "as k falls to 1"], "step-only-k1-wide-nudge"),
    _case(StepToSigmoid, {"steepness": [0.2, 0.5, 1], "read_at": 12},
          ["gentle sigmoid", "as k rises to 1", "the sigmoid gives almost 1",
           "almost 1 is a 99.9"],
          ["steep sigmoid", "as k falls", "100 % chance", "gives 1."], "step-rising-k-far-read"),
    _case(ReluAndTanh, {"pair": [1, 2]},
          ["ReLU passes for this pair", "fail here"], ["all fail"], "relu-tanh-positive-pair"),
    _case(ReluAndTanh, {"names": ["tanh"]},
          ["tanh fails: it is not linear"], ["all fail"], "relu-tanh-one-name"),
    _case(BiasThreshold, {"bias": 0},
          ["the curve stays where it is", "still reaches 0.5 once the sum passes 0",
           "goes from 0.12 to almost 1, passing 0.5 at s = 0"],
          ["slides along", "only reaches"], "bias-zero"),
    _case(BiasThreshold, {"bias": 3},
          ["slides along to the left", "already reaches 0.5 once the sum passes -3",
           "never passes -3, so the neuron stays above 0.5"],
          ["to the right", "only reaches", "stays dark"], "bias-positive"),
    _case(BiasThreshold, {"sweep": [14, -2], "level": 0.8},
          ["at the level 0.8", "goes from 0.98 to almost 0, passing 0.8 at s = 11.39"],
          ["half on", "stays dark until", "goes dark"], "bias-sweep-down"),
    _case(Derivatives, {"probe": -1},
          ["0 for negative inputs, 1 for positive ones"], ["1 for negative inputs"],
          "slopes-negative-probe"),
    _case(Derivatives, {"probe": 10, "sigmoid_range": [2, 6, 1], "tanh_range": [1, 3, 1]},
          ["largest at the plot's left end, 0.1 at x = 2", "highest at its left end",
           "slope is almost 0"],
          ["in the middle", "It peaks at", "a signal that says which way"],
          "slopes-far-probe-half-ranges"),
    _case(Derivatives, {"sigmoid_range": [-1, 1, 0.5]},
          ["largest in the middle", "falls away from there"], ["fades to almost nothing"],
          "slopes-narrow-sigmoid"),
    # --- chapter 3 ------------------------------------------------------------------
    _case(WeightMatrixAsTransform, {},
          ["grid lines stay straight, parallel and evenly spaced", "flipped over"],
          ["collapses", "identity"], "matrix-default"),
    _case(WeightMatrixAsTransform, {"matrix": [[1, 2], [2, 4]]},
          ["collapses onto a line"], ["stay straight, parallel and evenly spaced"],
          "matrix-rank-1"),
    _case(WeightMatrixAsTransform, {"matrix": [[0, 0], [0, 0]]},
          ["collapses onto a single point"], ["stay straight", "onto a line"],
          "matrix-rank-0"),
    _case(WeightMatrixAsTransform, {"matrix": [[1, 0], [0, 1]]},
          ["W is the identity: nothing moves"], ["stay straight", "flipped", "collapses"],
          "matrix-identity"),
    _case(WeightMatrixAsTransform, {"matrix": [[1, 0], [0, -1]]},
          ["W is a reflection", "mirrored"], ["rotation", "collapses"], "matrix-reflection"),
    _case(WeightMatrixAsTransform, {"matrix": [[2, 1], [1, -1]]},
          ["stay straight, parallel and evenly spaced", "also flipped over"],
          ["reflection", "rotation"], "matrix-negative-determinant"),
    _case(WeightMatrixAsTransform, {"matrix": [[0, -1], [1, 0]]},
          ["a rotation by 90 degrees", "lengths and angles survive"], ["flipped"],
          "matrix-rotation"),
    _case(WeightMatrixAsTransform, {"matrix": [[100, 0], [0, 100]]},
          ["stretches every direction by the same factor, 100"],
          ["flipped", "rotation", "identity"], "matrix-large"),
    _case(TransformGallery,
          {"bias": [0, 0], "rotation_degrees": 360, "shear": 0, "scale": [1, 1]},
          ["rotation by 360 degrees is no turn at all", "A shear by 0 slides nothing",
           "Scaling by 1 in both directions changes nothing", "the bias b is zero",
           "shifts nothing", "still a linear map"],
          ["turns the whole grid", "slides each row", "stretches one direction",
           "shifts everything", "no longer a linear map"], "gallery-identities-zero-bias"),
    _case(TransformGallery, {"scale": [0, 1]},
          ["squashes the whole plane onto a line"], ["stretches one direction"],
          "gallery-scale-rank-1"),
    _case(TransformGallery, {"scale": [0, 0]},
          ["squashes the whole plane onto the origin"], ["stretches"],
          "gallery-scale-rank-0"),
    _case(TransformGallery, {"scale": [-1, 1]},
          ["keeps every length", "flips the plane over"], ["stretches", "squeezes"],
          "gallery-scale-mirror"),
    _case(TransformGallery, {"scale": [1000, 1000]},
          ["stretches both directions by the same factor, 1000"], ["squeezes"],
          "gallery-scale-large"),
    _case(LayerEquations, {"output_activation": "relu"},
          ["adds its bias and passes the sum through ReLU", "ReLU of W x plus b"],
          ["squashes", "sigma of"], "equations-relu-output"),
    _case(LayerEquations, {"output_activation": "identity"},
          ["passes the sum on unchanged", "id of W x plus b"], ["squashes", "sigma"],
          "equations-identity-output"),
    _case(LayerEquations, {"output_activation": "tanh"},
          ["squashes the sum", "tanh of W x plus b"], ["sigma"], "equations-tanh-output"),
    # --- chapter 4 ------------------------------------------------------------------
    _case(PointCloud2D, {"n_points": 1, "data_seed": UNFOLDED_SEED},
          ["A single point on the square", "no coordinate is negative: no point moves",
           "bent on its way there"],
          ["fold onto the axes", "folded", "1 points"], "cloud-nothing-folded"),
    _case(PointCloud2D, {"n_points": 1, "data_seed": 0},
          ["all of them fold onto the axes", "folded and bent"], ["100 %"],
          "cloud-everything-folded"),
    _case(NotALinearMap, {"n_points": 3},
          ["hits the 3 points exactly", "With more points the fold would show"],
          ["misses by", "That fold is"], "not-linear-exact-fit"),
    _case(NotALinearMap, {"n_points": 1, "data_seed": UNFOLDED_SEED},
          ["The ReLU folds none of these points"], ["That fold is"],
          "not-linear-nothing-folded"),
    _case(Classification2D, {"epochs": 1, "learning_rate": 0.01},
          ["only partly come apart", "only roughly follows the moons"],
          ["and the moons come apart", "a curve that follows"], "moons-untrained"),
    _case(Classification2D, {"n_points": 4},
          ["a straight line could still split"], ["No straight line splits them"],
          "moons-four-points"),
    # --- chapter 5 ------------------------------------------------------------------
    _case(PointCloud3D, {"n_points": 1, "data_seed": UNFOLDED_SEED},
          ["nothing is creased", "this bent blob", "with a single point on it"],
          ["creased flat", "creased, bent", "1 points"], "cloud-3d-nothing-folded"),
    _case(DirectMap, {"n_points": 1, "data_seed": UNFOLDED_SEED},
          ["With only one point the closest one misses nothing"],
          ["creases and bends come from"], "direct-map-one-point"),
]


@pytest.mark.parametrize(("scene_class", "params", "true", "false"), CASES)
def test_the_words_fit_the_numbers(scene_class, params, true, false, monkeypatch, tmp_path):
    text = said(build(scene_class, params, monkeypatch, tmp_path))
    missing = [phrase for phrase in true if phrase not in text]
    wrong = [phrase for phrase in false if phrase in text]
    assert not missing and not wrong, (
        f"{scene_class.__name__} {params}: missing {missing}, false {wrong}\n{text}")


REFUSED = [
    (WeatherPerceptron, {"weight": 0}, r"weight must be non-zero"),
    (WeatherPerceptron, {"flipped_weight": 0}, r"flipped_weight must be non-zero"),
    (WeatherPerceptron, {"bias": -1000}, r"weight/bias put the boundary at 1000 .*outside"),
    (WeatherPerceptron, {"sweep": [5]}, r"sweep must hold at least 2 stops"),
    (WeatherPerceptron, {"probes": []}, r"probes must hold at least one"),
    (NegationPerceptron, {"inputs": []}, r"inputs must hold at least one"),
    (Perceptron2D, {"weights": [0, 0]}, r"weights must not all be zero"),
    (Perceptron2D, {"weights": [50, -10], "bias": -500}, r"outside z_range"),
    (Perceptron3D, {"weights": [0.5, -0.1, 0]}, r"weights\[2\], the wind's weight"),
    (StepToSigmoid, {"nudge": 0}, r"nudge must be non-zero"),
    (StepToSigmoid, {"steepness": [-1, 1]}, r"steepness must hold positive numbers"),
    (BiasThreshold, {"bias": -100}, r"bias puts the sigmoid's crossing .* at s = 100, outside"),
    (Derivatives, {"probe": 0}, r"probe must not be 0"),
]


@pytest.mark.parametrize(("scene_class", "params", "message"), REFUSED,
                         ids=[f"{c.__name__}-{json.dumps(p)}" for c, p, _ in REFUSED])
def test_what_cannot_be_drawn_is_refused_by_name(scene_class, params, message, monkeypatch,
                                                 tmp_path):
    with pytest.raises(ValueError, match=message):
        build(scene_class, params, monkeypatch, tmp_path)


def test_the_unfolded_seed_folds_nothing():
    """The cases above that expect no fold use a point that really is not folded (and
    the seed-0 point really is)."""
    for network in (examples.network_222(), examples.network_232()):
        lone = examples.example_square(1, seed=UNFOLDED_SEED)
        assert examples.fold_share(network.trace(lone).z(1)) == 0.0
    lone = examples.example_square(1, seed=0)
    assert examples.fold_share(examples.network_222().trace(lone).z(1)) == 1.0


def test_on_screen_words_follow_the_numbers_too(monkeypatch, tmp_path):
    """Non-default parameters change what is written on screen where it would be false
    (with the defaults it is exactly as before: the frame tests check that)."""
    scene = build(StepToSigmoid, {"read_at": 12}, monkeypatch, tmp_path)
    assert scene.shown["sigma_read"] == r"\sigma(12) \approx 1"  # never exactly 1
    assert scene.shown["chance"] != "a 100 % chance"
    scene = build(TransformGallery, {"reflection_axis": "y=x"}, monkeypatch, tmp_path)
    assert scene.gallery["reflect"][0] == "Reflection across the line y = x"


def test_relu_slopes_do_not_depend_on_the_probe(monkeypatch, tmp_path):
    scene = build(Derivatives, {"probe": -2}, monkeypatch, tmp_path)
    assert scene.relu_slopes == (0.0, 1.0)
    assert scene.relu_slopes == tuple(activation("relu").derivative(np.array([-1.0, 1.0])))


def test_percentages_never_round_to_all_or_none():
    from scenes.components import fmt_percent

    assert [fmt_percent(s) for s in (0.42, 0.6375, 1.0, 0.0)] == ["42", "64", "100", "0"]
    assert fmt_percent(0.9996) == "99.96" and fmt_percent(0.0004) == "0.04"
    assert fmt_percent(0.999993856, 1) == "99.999" and fmt_percent(0.5, 1) == "50"
