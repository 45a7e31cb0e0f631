"""The one narrator of stages (narrator/stages.py): its sentences say what nnmath
computes for many kinds of W, b and activation, word for word at the course's networks
and at the edges (an identity, a zero bias, a ReLU that folds nothing, everything, or
sends every point to the origin, the sigmoid and tanh). Chapters 4 and 5 and the
explainer all say their stages with it (tests/scenes/test_ch04.py, test_ch05.py and
tests/nnexplain/test_story.py check that they do)."""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pytest

from narrator import stages
from narrator.fmt import fmt_nonzero, fmt_number, fmt_percent
from nnmath import Layer, Network, clouds, describe_map, examples, rotation, shear

RNG = np.random.default_rng(5)

# chapter 4's and chapter 5's square at their defaults (scenes.params.CloudParams)
SQUARE = examples.example_square(2000, seed=7)

CH04 = {
    "linear 1": "W1 turns and stretches the cloud, by 1.63 one way and 0.86 the other, so "
                "areas are multiplied by 1.41.",
    "bias 1": "Adding b1 = (-0.207, 0.827) slides every point the same way: the centre of the "
              "cloud moves from (0.004, -0.004) to (-0.203, 0.823).",
    "relu 1": "ReLU sets every negative coordinate to zero: it folds 73 % of the points onto "
              "the axes, and 4 % lose every coordinate and land on the origin.",
    "linear 2": "W2 turns and stretches the cloud, by 0.98 one way and 0.62 the other, so "
                "areas are multiplied by 0.61.",
    "bias 2": "Adding b2 = (0.35, 0.35) slides every point the same way: the centre of the "
              "cloud moves from (0.51, -0.59) to (0.86, -0.24).",
    "sigmoid 2": "The sigmoid squashes every coordinate into (0, 1): values from -1.2 to 2.24 "
                 "end between 0.23 and 0.9, 5.1 times narrower, inside the unit square it "
                 "cannot leave.",
}
CH05 = {
    "linear 1": "W1 has 3 rows: it lifts the 2-D cloud into 3 dimensions, where it lies on a "
                "flat sheet through the origin.",
    "bias 1": "Adding b1 = (0.614, 0.254, -0.217) slides every point the same way: the centre "
              "of the cloud moves from (0.005, -0.001, 0.004) to (0.619, 0.253, -0.213).",
    "relu 1": "ReLU sets every negative coordinate to zero: it folds 74 % of the points onto "
              "the coordinate planes, and 6 % lose every coordinate and land on the origin.",
    "linear 2": "W2 has 2 rows: it flattens the 3-D cloud down to 2-D; one direction is lost, "
                "so distinct points can land together.",
    "bias 2": "Adding b2 = (-0.47, 0.42) slides every point the same way: the centre of the "
              "cloud moves from (0.42, -0.56) to (-0.05, -0.14).",
    "sigmoid 2": "The sigmoid squashes every coordinate into (0, 1): values from -1.36 to 1.46 "
                 "end between 0.2 and 0.81, 4.6 times narrower, inside the unit square it "
                 "cannot leave.",
}


@pytest.mark.parametrize(("network", "said"), [(examples.network_222, CH04),
                                               (examples.network_232, CH05)],
                         ids=["ch04-2-2-2", "ch05-2-3-2"])
def test_the_course_networks_word_for_word(network, said):
    """Every stage of chapters 4 and 5 at their defaults, as the subtitles say it; the
    numbers in them are checked against nnmath by the tests below."""
    net = network()
    trace = net.trace(SQUARE)
    assert {s.name: stages.stage_words(net, trace, s) for s in trace[1:]} == said
    assert stages.stage_words(net, trace, "relu 1") == stages.stage_words(
        net, trace, trace.stage("relu", 1))


def test_stage_words_is_the_sentence_of_its_kind():
    net = examples.network_232()
    trace = net.trace(SQUARE[:50])
    L1 = net.layers[0]
    assert stages.stage_words(net, trace, "linear 1") == stages.linear_words(1, L1.W)
    assert stages.stage_words(net, trace, "bias 1") == stages.bias_words(
        1, trace.stage("linear 1").points, L1.b)
    assert stages.stage_words(net, trace, "relu 1") == stages.activation_words(
        1, "relu", trace.z(1), trace.a(1))
    with pytest.raises(ValueError, match="the input stage has no sentence"):
        stages.stage_words(net, trace, "input")


def test_a_bias_seen_in_a_picture_says_how_much_of_it_shows():
    """A layer wider than 3 is drawn along 3 axes (``basis``): the bias says the part of
    its move the picture shows."""
    b = np.array([3.0, 0.0, 0.0, 4.0])
    net = Network((Layer(np.ones((4, 2)), b, "tanh"),))
    trace = net.trace(SQUARE[:20])
    text = stages.stage_words(net, trace, "bias 1", basis=np.eye(4)[:, :3])
    assert text.endswith("moves a distance of 5, 3 of it along the picture's directions.")
    assert stages.stage_words(net, trace, "bias 1").endswith("moves a distance of 5.")


# --- the edges, word for word -----------------------------------------------------------


def _net(W1, b1) -> Network:
    return Network((Layer(W1, b1, "relu"), Layer(np.eye(2), np.zeros(2), "sigmoid")))


def _says(W1, b1, stage: str) -> str:
    net = _net(W1, b1)
    return stages.stage_words(net, net.trace(clouds.uniform_square(50, seed=0)), stage)


LEAD = "ReLU sets every negative coordinate to zero"


@pytest.mark.parametrize(("W1", "b1", "stage", "sentence"), [
    ([[1, 0], [0, 1]], [0, 0], "linear 1", "W1 is the identity: no point moves."),
    ([[0, -1], [1, 0]], [0, 0], "linear 1",
     "W1 rotates the cloud by 90 degrees: lengths and angles survive."),
    ([[1, 0], [0, -1]], [0, 0], "linear 1",
     "W1 mirrors the cloud: lengths and angles survive, but it comes out flipped over."),
    ([[1, 2], [2, 4]], [0, 0], "linear 1",
     "W1 has rank 1: it collapses the 2-D cloud onto a line through the origin, and "
     "distinct points land together."),
    ([[0, 0], [0, 0]], [0, 0], "linear 1", "W1 is all zeros: every point lands on the origin."),
    ([[2, 1], [1, -1]], [1, 1], "linear 1",
     "W1 stretches the cloud, by 2.3 one way and 1.3 the other, so areas are multiplied by "
     "3; it also flips the cloud over."),
    ([[1, 2], [2, 1]], [0, 0], "bias 1", "b1 is zero: no point moves."),
    ([[1, 0], [0, 1]], [5, 5], "relu 1",
     f"{LEAD}, but here no coordinate is negative: no point moves."),
    ([[1, 0], [0, 1]], [-5, 5], "relu 1",
     f"{LEAD}: every point has one, so all of them fold onto the axes."),
    ([[1, 0], [0, 1]], [-5, 0], "relu 1",
     f"{LEAD}: every point has one, so all of them fold onto the axes, and 44 % lose every "
     "coordinate and land on the origin."),
    ([[1, 0], [0, 1]], [-5, -5], "relu 1",
     f"{LEAD}: every coordinate of every point is negative, so all of them land on the "
     "origin."),
], ids=["identity", "rotation", "reflection", "collapse", "zero", "flip", "zero-bias",
        "relu-nothing", "relu-everything", "relu-everything-some-to-origin",
        "relu-all-to-origin"])
def test_edge_networks_word_for_word(W1, b1, stage, sentence):
    """Hand-made networks: the random example networks never hit these cases, a
    lecturer's network or a user's spec might."""
    assert _says(W1, b1, stage) == sentence


def test_the_shares_at_the_edges_are_the_computed_ones():
    pre = _net(np.eye(2), [-5, 0]).trace(clouds.uniform_square(50, seed=0)).z(1)
    assert np.all(pre[:, 0] < 0)  # every point has a negative coordinate
    assert fmt_percent(np.mean(np.all(pre < 0, axis=1))) == "44"


@pytest.mark.parametrize(("name", "pre", "sentence"), [
    ("sigmoid", [[-2.0, 0.0], [1.0, 2.0]],
     "The sigmoid squashes every coordinate into (0, 1): values from -2 to 2 end between 0.12 "
     "and 0.88, 5.3 times narrower, inside the unit square it cannot leave."),
    ("tanh", [[-2.0, 0.0], [1.0, 2.0]],
     "tanh squashes every coordinate into (-1, 1): values from -2 to 2 end between -0.96 and "
     "0.96, 2.1 times narrower, inside the square it cannot leave."),
    ("tanh", [[0.5], [0.5]],
     "tanh squashes every coordinate into (-1, 1): every coordinate here is 0.5 and becomes "
     "0.46, inside the interval it cannot leave."),
    ("sigmoid", [[0.0, 0.0, 0.0]] * 2,
     "The sigmoid squashes every coordinate into (0, 1): every coordinate here is 0 and "
     "becomes 0.5, inside the unit cube it cannot leave."),
    ("relu", [[-1.0], [2.0], [-0.5], [3.0]],
     f"{LEAD}: it folds 50 % of the points onto zero."),
    ("relu", [[-1.0], [-2.0]], f"{LEAD}: every point has one, so all of them fold onto zero."),
    ("identity", [[-1.0, 2.0]], "The identity activation leaves every point where it is."),
], ids=["sigmoid", "tanh", "tanh-one-value", "sigmoid-3d-one-value", "relu-line",
        "relu-line-everything", "identity"])
def test_activations_word_for_word(name, pre, sentence):
    from nnmath import activation

    z = np.array(pre)
    assert stages.activation_words(1, name, z, activation(name)(z)) == sentence


def test_the_fold_note_says_a_share_or_the_one_point():
    pre = _net(np.eye(2), [0, 0]).trace(clouds.uniform_square(50, seed=0)).z(1)
    assert stages.fold_note(pre) == (
        f"{fmt_percent(np.mean(np.any(pre < 0, axis=1)))} % of the points folded")
    assert stages.fold_note(np.array([[0.0, 1.0]])) == "its one point not folded"
    assert stages.fold_note(np.array([[0.0, -1e-9]])) == "its one point folded"


def test_a_tiny_factor_is_never_said_as_zero():
    """An area of 0.0048 is not 'multiplied by 0' (chapter 4 at network_seed 37)."""
    W1 = examples.network_222(37).layers[0].W
    area = abs(float(np.linalg.det(W1)))
    assert 0 < area < 0.005
    text = stages.linear_words(1, W1)
    assert f"areas are multiplied by {fmt_nonzero(area)};" in text and "by 0.005;" in text
    s = np.linalg.svd(W1, compute_uv=False)
    assert f"by {fmt_nonzero(s[0])} one way and {fmt_nonzero(s[1])} the other" in text
    assert " 0 " not in text and "by 0," not in text


# --- many kinds of W, b and activation ------------------------------------------------


def numbers_in(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text.replace(",", ""))]


@pytest.mark.parametrize("degrees", [30.0, 90.0, -45.0, 170.0])
def test_a_rotation_is_said_with_its_angle(degrees):
    text = stages.linear_words(1, rotation(degrees))
    assert text.startswith("W1 rotates the cloud by ")
    assert numbers_in(text)[1] == pytest.approx(describe_map(rotation(degrees)).rotation_degrees,
                                                abs=0.05)
    assert "shear" not in text and "flip" not in text


def test_a_reflection_mirrors_and_flips():
    text = stages.linear_words(2, np.array([[1.0, 0.0], [0.0, -1.0]]))
    assert "mirrors" in text and "flipped" in text


@pytest.mark.parametrize("scale", [0.5, 2.0, 3.0])
def test_a_uniform_scaling_says_the_factor_and_the_area(scale):
    text = stages.linear_words(1, scale * np.eye(2))
    assert f"by {fmt_number(scale)} in every direction" in text
    assert f"multiplied by {fmt_number(scale ** 2)}" in text
    assert "turning" not in text  # a pure scaling does not turn
    turned = stages.linear_words(1, scale * rotation(40))
    assert "turning" in turned


@pytest.mark.parametrize("k", [0.5, 1.0, -2.0])
def test_a_shear_keeps_the_area_and_says_its_stretches(k):
    W = shear(k)
    text = stages.linear_words(1, W)
    s = np.linalg.svd(W, compute_uv=False)
    assert "shears" in text and "area stays the same" in text
    assert f"{fmt_number(s[0])} one way and {fmt_number(s[1])} the other" in text


def test_a_general_map_says_its_area_scale_and_flip():
    for _ in range(20):
        W = RNG.normal(size=(2, 2))
        det = float(np.linalg.det(W))
        if abs(abs(det) - 1) < 0.05 or np.allclose(W.T @ W, np.eye(2), atol=0.05):
            continue
        text = stages.linear_words(3, W)
        s = np.linalg.svd(W, compute_uv=False)
        if abs(s[0] - s[1]) < 1e-6:
            continue
        assert f"areas are multiplied by {fmt_number(abs(det))}" in text
        assert ("flips" in text) == (det < 0)
        assert fmt_number(s[0]) in text and fmt_number(s[1]) in text


def test_three_d_maps_speak_of_volume():
    W = np.diag([2.0, 1.0, 0.25]) @ rotation3()
    text = stages.linear_words(1, W)
    assert "volumes are multiplied by 0.5" in text
    assert "by factors from 2 down to 0.25" in text
    assert "turns and stretches" in text
    assert stages.linear_words(1, np.diag([3.0, 0.5])).startswith("W1 stretches the cloud")
    # volume kept but no shear (a squeeze, turned): not called a shear
    kept = stages.linear_words(1, np.diag([2.0, 1.0, 0.5]) @ rotation3())
    assert "turns and stretches the cloud, by factors from 2 down to 0.5: its volume stays " \
        "the same, but its shape changes" in kept and "shear" not in kept


def rotation3() -> np.ndarray:
    q, _ = np.linalg.qr(np.random.default_rng(1).normal(size=(3, 3)))
    return q * np.sign(np.linalg.det(q))


@pytest.mark.parametrize("W, image", [
    ([[1.0, 2.0], [2.0, 4.0]], "line"),
    ([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 1.0, 0.0]], "plane"),
])
def test_a_collapse_names_the_image(W, image):
    text = stages.linear_words(1, np.array(W))
    assert f"onto a {image} through the origin" in text
    assert f"rank {describe_map(W).rank}" in text


def test_zero_and_identity():
    assert "all zeros" in stages.linear_words(1, np.zeros((2, 2)))
    assert "identity" in stages.linear_words(1, np.eye(3))


def test_lift_and_flatten():
    lift = stages.linear_words(1, RNG.normal(size=(3, 2)))
    assert "lifts the 2-D cloud into 3 dimensions" in lift and "flat sheet" in lift
    wide = stages.linear_words(1, RNG.normal(size=(8, 2)))
    assert "into 8 dimensions" in wide and "flat sheet" in wide
    line = stages.linear_words(1, np.ones((3, 1)))
    assert "straight line" in line
    flat = stages.linear_words(2, RNG.normal(size=(2, 3)))
    assert "flattens the 3-D cloud down to 2-D" in flat and "one direction is lost" in flat
    down = stages.linear_words(2, RNG.normal(size=(1, 3)))
    assert "2 directions are lost" in down and "1 row:" in down


def test_bias_moves_the_centre_by_b():
    before = RNG.normal(size=(50, 2))
    b = np.array([0.7, -1.2])
    text = stages.bias_words(1, before, b)
    c = before.mean(axis=0)
    num = r"(-?\d+\.?\d*)"
    found = re.search(rf"from \({num}, {num}\) to \({num}, {num}\)", text.replace("\u2212", "-"))
    assert found, text
    said = [Decimal(v) for v in found.groups()]
    places = max(-v.as_tuple().exponent for v in said)  # one number of decimals for all,
    assert all(-v.as_tuple().exponent == places for v in said if v != 0), text  # "0" alone
    assert np.allclose([float(v) for v in said[:2]], c, atol=0.5 * 10.0 ** -places + 1e-12)
    assert said[2:] == [said[0] + Decimal("0.70"), said[1] + Decimal("-1.20")]  # sum as shown
    wide = stages.bias_words(2, RNG.normal(size=(9, 6)), np.full(6, 0.5))
    assert f"a distance of {fmt_number(np.sqrt(6 * 0.25))}" in wide
    assert stages.bias_words(3, before, np.zeros(2)) == "b3 is zero: no point moves."


def test_relu_shares_are_counted():
    pre = RNG.normal(size=(400, 3))
    text = stages.activation_words(1, "relu", pre, np.maximum(pre, 0))
    folded = np.mean(np.any(pre < 0, axis=1))
    origin = np.mean(np.all(pre < 0, axis=1))
    assert f"folds {fmt_percent(folded)} % of the points onto the coordinate planes" in text
    assert f"{fmt_percent(origin)} % lose every coordinate" in text
    positive = np.abs(pre)
    assert "no point moves" in stages.activation_words(1, "relu", positive, positive)


@pytest.mark.parametrize("name, f, box", [
    ("sigmoid", lambda z: 1 / (1 + np.exp(-z)), "square"),
    ("tanh", np.tanh, "square"),
])
def test_squashing_reports_the_ranges(name, f, box):
    pre = RNG.normal(scale=3, size=(300, 2))
    text = stages.activation_words(2, name, pre, f(pre))
    for value in (pre.min(), pre.max(), f(pre).min(), f(pre).max()):
        assert fmt_number(value) in text
    narrower = (pre.max() - pre.min()) / (f(pre).max() - f(pre).min())
    assert f"{fmt_number(narrower, 1)} times narrower" in text
    assert box in text


def test_step_counts_the_corners_it_uses():
    pre = np.array([[1.0, 1.0, -1.0], [2.0, 3.0, -1.0], [-1.0, 1.0, 1.0]])
    post = (pre >= 0).astype(float)
    text = stages.activation_words(1, "heaviside", pre, post)
    assert "lands on 2 of the 8 corners of the unit cube" in text


def test_small_nonzero_numbers_are_not_said_as_zero():
    text = stages.bias_words(2, np.zeros((3, 1)), np.array([0.0041]))
    assert "b2 = 0.0041" in text and "from 0 to 0.0041" in text


def test_a_step_on_a_line_lands_on_its_ends():
    pre = np.array([[1.0], [-2.0], [0.5]])
    assert "both ends of the unit interval" in stages.activation_words(
        1, "heaviside", pre, (pre >= 0).astype(float))
    assert "one end" in stages.activation_words(1, "heaviside", pre[:1], np.ones((1, 1)))


def _shown_numbers(text: str) -> list[Decimal]:
    return [Decimal(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text)]


@pytest.mark.parametrize("width", [1, 2, 3])
def test_a_centre_shift_adds_up_as_shown(width):
    """Point 14: "the centre moves from c to c + b" with b shown: the shown terms add up
    to the shown sum (exact decimal arithmetic on the printed numbers), and each shown
    number is the true one to within its last digit."""
    rng = np.random.default_rng(width)
    for _ in range(300):
        before = rng.normal(scale=rng.choice([0.01, 0.3, 2.0]), size=(20, width))
        b = rng.normal(scale=rng.choice([0.004, 0.5, 3.0]), size=width)
        text = stages.bias_words(2, before, b)
        got = _shown_numbers(text.split("=", 1)[1])
        shown_b, start, end = got[:width], got[width:2 * width], got[2 * width:]
        assert len(got) == 3 * width, text
        assert [x + y for x, y in zip(start, shown_b, strict=True)] == end, text
        places = max(-x.as_tuple().exponent for x in got)
        for shown, true in zip(got, [*b, *before.mean(axis=0), *(before.mean(axis=0) + b)],
                               strict=True):
            assert abs(float(shown) - true) <= 1.0001 * 10.0 ** -places, text
        assert all(x != 0 for x, v in zip(shown_b, b, strict=True) if v != 0), text


def test_the_audited_centre_shift_adds_up():
    """ExplainMyNetwork's b2 (point 14: '(-0.59, -0.53) + (0.52, 0.51)' was said to give
    '(-0.07, -0.01)')."""
    c, b = np.array([-0.58552, -0.52599]), np.array([0.51594, 0.51287])
    text = stages.bias_words(2, c[None, :], b)
    assert "b2 = (0.516, 0.513)" in text
    assert "from (-0.586, -0.526) to (-0.070, -0.013)" in text


def test_zero_and_one_d_biases():
    assert stages.bias_words(1, np.ones((3, 1)), np.zeros(1)) == "b1 is zero: no point moves."
    text = stages.bias_words(3, np.array([[-0.02], [-0.021]]), np.array([0.03]))
    assert "b3 = 0.03" in text and "from -0.02 to 0.01" in text


def test_a_wide_bias_says_how_much_of_its_move_the_picture_shows():
    b = np.array([3.0, 0.0, 0.0, 4.0, 0.0])
    assert stages.bias_words(1, np.zeros((2, 5)), b, shown=3.0).endswith(
        "moves a distance of 5, 3 of it along the picture's directions.")
    assert stages.bias_words(1, np.zeros((2, 5)), b, shown=5.0).endswith("a distance of 5.")


def test_a_lift_that_loses_a_direction_says_so():
    W = np.array([[1.0, 2.0], [2.0, 4.0], [0.5, 1.0], [1.0, 2.0]])  # rank 1
    text = stages.linear_words(1, W)
    assert "lies on a straight line through the origin, and distinct points land together" in text
    full = stages.linear_words(1, RNG.normal(size=(4, 2)))
    assert "flat sheet through the origin." in full and "land together" not in full
    assert "lies in a flat 3-D space" in stages.linear_words(1, RNG.normal(size=(6, 3)))


def test_identity_and_one_d_maps():
    assert stages.linear_words(2, np.eye(1)) == "W2 is the identity: no point moves."
    assert stages.linear_words(1, np.array([[-2.0]])) == (
        "W1 scales the line by 2 and flips it end to end.")


def test_only_a_shear_is_called_one():
    """det 1 is not a shear: a squeeze keeps the area but has no sheared direction."""
    squeeze = stages.linear_words(1, np.diag([2.0, 0.5]))
    assert squeeze == ("W1 stretches the cloud, by 2 one way and 0.5 the other: its area "
                       "stays the same, but its shape changes.")
    assert "shear" not in stages.linear_words(1, np.diag([2.0, 0.5]) @ rotation(30))
    for k in (0.3, -1.5):
        W = shear(k) @ np.eye(2)
        assert stages.linear_words(1, W).startswith("W1 shears the cloud")
        # a shear: W - I is nilpotent, computed here
        N = W - np.eye(2)
        assert np.allclose(N @ N, 0) and np.any(N)


def test_a_squash_near_zero_is_not_called_narrower():
    z = np.linspace(-0.1, 0.1, 9)[:, None]
    text = stages.activation_words(1, "tanh", z, np.tanh(z))
    assert (np.ptp(z) / np.ptp(np.tanh(z))) < 1.05
    assert "times narrower" not in text and "about as wide as before" in text
    one = stages.activation_words(1, "tanh", np.full((3, 1), 0.5), np.tanh(np.full((3, 1), 0.5)))
    assert "every coordinate here is 0.5 and becomes 0.46" in one and "from" not in one


def test_relu_in_many_dimensions_names_its_walls():
    pre = RNG.normal(size=(200, 6))
    text = stages.activation_words(1, "relu", pre, np.maximum(pre, 0))
    assert "onto the walls where a coordinate is zero" in text


def test_the_leaky_relu_says_its_slope_and_the_share_it_bends_at_any_slope():
    """The share with a negative coordinate, counted; "pulled toward the walls" only
    while the slope is above 0 (a slope of 0 is ReLU: they land on the walls)."""
    pre = np.array([[-1.0, 2.0], [1.0, 1.0], [0.5, -3.0], [2.0, 0.1]])
    bent = stages.activation_words(1, "leaky_relu(0.2)", pre, np.where(pre >= 0, pre, 0.2 * pre))
    assert "multiplies negative ones by 0.2: 50 % of the points have one" in bent
    assert "without reaching them, so no two points merge" in bent
    flat = stages.activation_words(1, "leaky_relu(0)", pre, np.maximum(pre, 0))
    assert flat.endswith("by 0, as ReLU does: 50 % of the points have one, and they land on "
                         "the walls where it is zero.")
    none = stages.activation_words(1, "leaky_relu", np.abs(pre), np.abs(pre))
    assert none.endswith("by 0.01, but here no coordinate is negative: no point moves.")
