"""The explainer's sentences say what nnmath computes, for many kinds of W, b and
activation; the PCA view keeps what scikit-learn's PCA says it keeps."""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pytest
from sklearn.decomposition import PCA

from narrator.fmt import fmt_number, fmt_percent
from nnexplain import words
from nnmath import describe_map, rotation, shear
from nnmath.projection import kept_share, principal_axes, project
from nnmath.training import loss_name

RNG = np.random.default_rng(5)


def numbers_in(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text.replace(",", ""))]


# --- linear stages ---------------------------------------------------------------


@pytest.mark.parametrize("degrees", [30.0, 90.0, -45.0, 170.0])
def test_a_rotation_is_said_with_its_angle(degrees):
    text = words.linear_words(1, rotation(degrees))
    assert text.startswith("W1 rotates the cloud by ")
    assert numbers_in(text)[1] == pytest.approx(describe_map(rotation(degrees)).rotation_degrees,
                                                abs=0.05)
    assert "shear" not in text and "flip" not in text


def test_a_reflection_mirrors_and_flips():
    text = words.linear_words(2, np.array([[1.0, 0.0], [0.0, -1.0]]))
    assert "mirrors" in text and "flipped" in text


@pytest.mark.parametrize("scale", [0.5, 2.0, 3.0])
def test_a_uniform_scaling_says_the_factor_and_the_area(scale):
    text = words.linear_words(1, scale * np.eye(2))
    assert f"by {fmt_number(scale)} in every direction" in text
    assert f"multiplied by {fmt_number(scale ** 2)}" in text
    assert "turning" not in text  # a pure scaling does not turn
    turned = words.linear_words(1, scale * rotation(40))
    assert "turning" in turned


@pytest.mark.parametrize("k", [0.5, 1.0, -2.0])
def test_a_shear_keeps_the_area_and_says_its_stretches(k):
    W = shear(k)
    text = words.linear_words(1, W)
    s = np.linalg.svd(W, compute_uv=False)
    assert "shears" in text and "area stays the same" in text
    assert f"{fmt_number(s[0])} one way and {fmt_number(s[1])} the other" in text


def test_a_general_map_says_its_area_scale_and_flip():
    for _ in range(20):
        W = RNG.normal(size=(2, 2))
        det = float(np.linalg.det(W))
        if abs(abs(det) - 1) < 0.05 or np.allclose(W.T @ W, np.eye(2), atol=0.05):
            continue
        text = words.linear_words(3, W)
        s = np.linalg.svd(W, compute_uv=False)
        if abs(s[0] - s[1]) < 1e-6:
            continue
        assert f"areas are multiplied by {fmt_number(abs(det))}" in text
        assert ("flips" in text) == (det < 0)
        assert fmt_number(s[0]) in text and fmt_number(s[1]) in text


def test_three_d_maps_speak_of_volume():
    W = np.diag([2.0, 1.0, 0.25]) @ rotation3()
    text = words.linear_words(1, W)
    assert "volumes are multiplied by 0.5" in text
    assert "by factors from 2 down to 0.25" in text
    assert "turns and stretches" in text
    assert words.linear_words(1, np.diag([3.0, 0.5])).startswith("W1 stretches the cloud")
    # volume kept but no shear (a squeeze, turned): not called a shear
    kept = words.linear_words(1, np.diag([2.0, 1.0, 0.5]) @ rotation3())
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
    text = words.linear_words(1, np.array(W))
    assert f"onto a {image} through the origin" in text
    assert f"rank {describe_map(W).rank}" in text


def test_zero_and_identity():
    assert "all zeros" in words.linear_words(1, np.zeros((2, 2)))
    assert "identity" in words.linear_words(1, np.eye(3))


def test_lift_and_flatten():
    lift = words.linear_words(1, RNG.normal(size=(3, 2)))
    assert "lifts the 2-D cloud into 3 dimensions" in lift and "flat sheet" in lift
    wide = words.linear_words(1, RNG.normal(size=(8, 2)))
    assert "into 8 dimensions" in wide and "flat sheet" in wide
    line = words.linear_words(1, np.ones((3, 1)))
    assert "straight line" in line
    flat = words.linear_words(2, RNG.normal(size=(2, 3)))
    assert "flattens the 3-D cloud down to 2-D" in flat and "one direction is lost" in flat
    down = words.linear_words(2, RNG.normal(size=(1, 3)))
    assert "2 directions are lost" in down and "1 row:" in down


# --- bias and activations ----------------------------------------------------------


def test_bias_moves_the_centre_by_b():
    before = RNG.normal(size=(50, 2))
    b = np.array([0.7, -1.2])
    text = words.bias_words(1, before, b)
    c = before.mean(axis=0)
    assert f"from ({fmt_number(c[0])}, {fmt_number(c[1])})" in text
    assert f"to ({fmt_number(c[0] + b[0])}, {fmt_number(c[1] + b[1])})" in text
    wide = words.bias_words(2, RNG.normal(size=(9, 6)), np.full(6, 0.5))
    assert f"a distance of {fmt_number(np.sqrt(6 * 0.25))}" in wide
    assert words.bias_words(3, before, np.zeros(2)) == "b3 is zero: no point moves."


def test_relu_shares_are_counted():
    pre = RNG.normal(size=(400, 3))
    text = words.activation_words(1, "relu", pre, np.maximum(pre, 0))
    folded = np.mean(np.any(pre < 0, axis=1))
    origin = np.mean(np.all(pre < 0, axis=1))
    assert f"folds {fmt_percent(folded)} % of the points onto the coordinate planes" in text
    assert f"{fmt_percent(origin)} % lose every coordinate" in text
    positive = np.abs(pre)
    assert "no point moves" in words.activation_words(1, "relu", positive, positive)


@pytest.mark.parametrize("name, f, box", [
    ("sigmoid", lambda z: 1 / (1 + np.exp(-z)), "square"),
    ("tanh", np.tanh, "square"),
])
def test_squashing_reports_the_ranges(name, f, box):
    pre = RNG.normal(scale=3, size=(300, 2))
    text = words.activation_words(2, name, pre, f(pre))
    for value in (pre.min(), pre.max(), f(pre).min(), f(pre).max()):
        assert fmt_number(value) in text
    narrower = (pre.max() - pre.min()) / (f(pre).max() - f(pre).min())
    assert f"{fmt_number(narrower, 1)} times narrower" in text
    assert box in text


def test_step_counts_the_corners_it_uses():
    pre = np.array([[1.0, 1.0, -1.0], [2.0, 3.0, -1.0], [-1.0, 1.0, 1.0]])
    post = (pre >= 0).astype(float)
    text = words.activation_words(1, "heaviside", pre, post)
    assert "lands on 2 of the 8 corners of the unit cube" in text


def test_training_words_follow_the_history():
    text = words.training_words((0.69, 0.4, 0.08), 0.5, 0.9731)
    assert "2 epochs" in text and "from 0.690 to 0.080" in text and "97.3 %" in text
    assert "goes from" in words.training_words((0.1, 0.2), 5.0, None)


# --- the PCA view --------------------------------------------------------------------


def test_principal_axes_match_scikit_learn():
    X = RNG.normal(size=(500, 6)) @ RNG.normal(size=(6, 6))
    V = principal_axes([X], 3)
    pca = PCA(n_components=3).fit(X)
    for k in range(3):  # the same directions, up to sign
        assert abs(float(V[:, k] @ pca.components_[k])) == pytest.approx(1.0, abs=1e-8)
    assert kept_share(X, V) == pytest.approx(float(pca.explained_variance_ratio_.sum()))
    assert np.allclose(project(X, V), X @ V)


def test_principal_axes_ignore_a_shift_between_stages():
    X = RNG.normal(size=(300, 5)) * [5, 1, 1, 0.1, 0.1]
    V1 = principal_axes([X, X + 10.0], 3)
    V2 = principal_axes([X], 3)
    assert np.allclose(V1, V2)


def test_pca_words_say_the_share():
    assert "It keeps 93.4 % of this cloud's spread" in words.pca_words(8, 0.934)


def test_small_nonzero_numbers_are_not_said_as_zero():
    text = words.bias_words(2, np.zeros((3, 1)), np.array([0.0041]))
    assert "b2 = 0.0041" in text and "from 0 to 0.0041" in text


def test_a_step_on_a_line_lands_on_its_ends():
    pre = np.array([[1.0], [-2.0], [0.5]])
    assert "both ends of the unit interval" in words.activation_words(
        1, "heaviside", pre, (pre >= 0).astype(float))
    assert "one end" in words.activation_words(1, "heaviside", pre[:1], np.ones((1, 1)))


# --- issue 21: every sentence true at the edges -----------------------------------------


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
        text = words.bias_words(2, before, b)
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
    text = words.bias_words(2, c[None, :], b)
    assert "b2 = (0.516, 0.513)" in text
    assert "from (-0.586, -0.526) to (-0.070, -0.013)" in text


def test_zero_and_one_d_biases():
    assert words.bias_words(1, np.ones((3, 1)), np.zeros(1)) == "b1 is zero: no point moves."
    text = words.bias_words(3, np.array([[-0.02], [-0.021]]), np.array([0.03]))
    assert "b3 = 0.03" in text and "from -0.02 to 0.01" in text


def test_a_wide_bias_says_how_much_of_its_move_the_picture_shows():
    b = np.array([3.0, 0.0, 0.0, 4.0, 0.0])
    assert words.bias_words(1, np.zeros((2, 5)), b, shown=3.0).endswith(
        "moves a distance of 5, 3 of it along the picture's directions.")
    assert words.bias_words(1, np.zeros((2, 5)), b, shown=5.0).endswith("a distance of 5.")


@pytest.mark.parametrize("share, said", [(1.0, "all"), (0.93323, "93.3 %"),
                                         (0.99988, "99.99 %"), (0.5, "50 %")])
def test_the_share_is_said_for_the_stage_shown(share, said):
    """Point 8: the share of *this* stage's spread; 'all' only when it is all."""
    assert f"It keeps {said} of this cloud's spread" in words.pca_words(8, share, kept=2)
    later = words.pca_words(8, share, first=False)
    assert f"keeps {said} of this cloud's spread" in later
    assert ("still" in later) == (share == 1.0)


def test_the_picture_of_a_kept_flat_names_it():
    two = words.pca_words(8, 1.0, k=1, kept=2)
    assert "the 2 of the flat sheet W1 puts the cloud on, and the one in which" in two
    one = words.pca_words(5, 1.0, k=2, kept=1)
    assert "the one of the straight line W2 puts the cloud on, and the 2 in which" in one
    three = words.pca_words(6, 1.0, k=1, kept=3)
    assert "along the flat 3-D space W1 puts the cloud in" in three and "PCA" not in three
    plain = words.pca_words(4, 0.999, kept=0)
    assert "the 3 directions of the 4-D space in which this layer's stages spread most" in plain


def test_a_lift_that_loses_a_direction_says_so():
    W = np.array([[1.0, 2.0], [2.0, 4.0], [0.5, 1.0], [1.0, 2.0]])  # rank 1
    text = words.linear_words(1, W)
    assert "lies on a straight line through the origin, and distinct points land together" in text
    full = words.linear_words(1, RNG.normal(size=(4, 2)))
    assert "flat sheet through the origin." in full and "land together" not in full
    assert "lies in a flat 3-D space" in words.linear_words(1, RNG.normal(size=(6, 3)))


def test_identity_and_one_d_maps():
    assert words.linear_words(2, np.eye(1)) == "W2 is the identity: no point moves."
    assert words.linear_words(1, np.array([[-2.0]])) == (
        "W1 scales the line by 2 and flips it end to end.")


@pytest.mark.parametrize("outputs", [1, 2, 3, 5])
def test_classes_are_read_as_the_output_width_says(outputs):
    """Point 15: one output has a right side of its threshold; several, a largest."""
    text = words.class_words(outputs, 0.96, 0.0 if outputs == 1 else 0.5)
    assert "96 % of the points" in text
    if outputs == 1:
        assert "right side of 0" in text and "class 1 at 0 or above" in text
    else:
        assert "side" not in text
        assert f"the largest of the {outputs} outputs names the right class" in text


@pytest.mark.parametrize("loss, outputs", [("cross_entropy", 1), ("mse", 1), ("mse", 3)])
def test_training_words_name_their_loss(loss, outputs):
    """Point 4: the loss is named by nnmath.training.loss_name, the one home."""
    text = words.training_words((0.44, 0.04), 0.5, 0.96, loss=loss, outputs=outputs)
    assert f"its loss, {loss_name(loss, outputs)}, falls from 0.440 to 0.040" in text


@pytest.mark.parametrize("n, batch, steps", [(800, 32, 25), (150, 32, 5), (40, 8, 5),
                                             (33, 32, 2), (20, 32, 1), (20, None, 1)])
def test_an_epoch_is_counted_in_steps(n, batch, steps):
    text = words.batch_words(n, batch)
    assert steps == -(-n // min(batch or n, n))
    if steps == 1:
        assert text == f"on all {n} points at once (one step an epoch)"
    else:
        assert text == f"in batches of {batch} points ({steps} steps an epoch)"


def test_only_a_shear_is_called_one():
    """det 1 is not a shear: a squeeze keeps the area but has no sheared direction."""
    squeeze = words.linear_words(1, np.diag([2.0, 0.5]))
    assert squeeze == ("W1 stretches the cloud, by 2 one way and 0.5 the other: its area "
                       "stays the same, but its shape changes.")
    assert "shear" not in words.linear_words(1, np.diag([2.0, 0.5]) @ rotation(30))
    for k in (0.3, -1.5):
        W = shear(k) @ np.eye(2)
        assert words.linear_words(1, W).startswith("W1 shears the cloud")
        # a shear: W - I is nilpotent, computed here
        N = W - np.eye(2)
        assert np.allclose(N @ N, 0) and np.any(N)


def test_a_squash_near_zero_is_not_called_narrower():
    z = np.linspace(-0.1, 0.1, 9)[:, None]
    text = words.activation_words(1, "tanh", z, np.tanh(z))
    assert (np.ptp(z) / np.ptp(np.tanh(z))) < 1.05
    assert "times narrower" not in text and "about as wide as before" in text
    one = words.activation_words(1, "tanh", np.full((3, 1), 0.5), np.tanh(np.full((3, 1), 0.5)))
    assert "every coordinate here is 0.5 and becomes 0.46" in one and "from" not in one


def test_relu_in_many_dimensions_names_its_walls():
    pre = RNG.normal(size=(200, 6))
    text = words.activation_words(1, "relu", pre, np.maximum(pre, 0))
    assert "onto the walls where a coordinate is zero" in text
