"""Chapter 6's words against an independent computation (issue 21), at the defaults and
at edge parameters: where the digits come from, why the edge detector's winner wins,
sums that add up, one numbering of the neurons, the activation swapped in, the count's
title, and what the first layer's weight grids look like.

Each case builds a scene in a dry run with ``NN_PARAMS`` (as tests/scenes/test_words.py
does) and searches its joined subtitles; numbers are recomputed here with numpy and scipy,
not with the helpers the scene uses.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from scipy.ndimage import zoom

from nnmath import Network, digits
from scenes.ch06_digits import (
    DigitAsNeurons,
    DigitNetwork,
    LayersOfAbstraction,
    MatrixNotation,
    ParameterCount,
    WeightGrid,
)
from tests.scenes.helpers import build, said

TRAINED = digits.load_trained()
X = TRAINED.X_test.astype(float)
W1 = TRAINED.network.layers[0].W
b1 = TRAINED.network.layers[0].b


def _ink(indices: list[int], row: int = 14, width: int = 2, margin: int = 4):
    """Ink on the detector's stripe and on its border, by slicing the images."""
    grids = X[indices].reshape(-1, 28, 28)
    cols = slice(margin, 28 - margin)
    stripe = grids[:, row:row + width, cols].sum(axis=(1, 2))
    border = (grids[:, row - width:row, cols].sum(axis=(1, 2))
              + grids[:, row + width:row + 2 * width, cols].sum(axis=(1, 2)))
    return stripe, border


def _one(x: float) -> str:
    return f"{x:.1f}"


def _as_said(stripe: float, border: float) -> tuple[str, str]:
    """The winner's inks as said: the fewest decimals (one at least) at which the stripe
    ink minus half the border ink, both as said, rounds to the sum."""
    for d in range(1, 5):
        s, b = f"{stripe:.{d}f}", f"{border:.{d}f}"
        if f"{float(s) - 0.5 * float(b):.{d}f}" == f"{stripe - 0.5 * border:.{d}f}":
            return s, b
    raise AssertionError("no decimals make it add up")


def _check_winner_inks(text: str, stripe: float, border: float) -> None:
    s, b = _as_said(stripe, border)
    assert f"its {s} units of ink on the stripe count in full, its {b} on the border " \
           "count half" in text, text
    found = re.search(r"its (-?[\d.]+) units of ink on the stripe count in full, its "
                      r"(-?[\d.]+) on the border", text)
    d = len(found.group(1).split(".")[1])
    assert round(float(found.group(1)) - 0.5 * float(found.group(2)), d) == round(
        stripe - 0.5 * border, d)


# --- point 1: why the edge detector's winner wins ------------------------------------------


def test_the_winner_s_reason_is_its_ink_at_the_defaults(monkeypatch, tmp_path):
    text = said(build(WeightGrid, {}, monkeypatch, tmp_path))
    stripe, border = _ink([0, 4, 7, 9])
    labels = TRAINED.y_test[[0, 4, 7, 9]].tolist()
    response = stripe - 0.5 * border
    k = int(np.argmax(response))
    assert labels[k] == 7 and f"{response[k]:.2f}" == "4.26"
    assert "The 7 responds most, 4.26" in text
    assert f"The 7 responds most, 4.26: its {_one(stripe[k])} units of ink on the stripe " \
           f"count in full, its {_one(border[k])} on the border count half, against it" in text
    assert (_one(stripe[k]), _one(border[k])) == ("30.0", "51.4")
    # it has neither the most ink on the stripe nor the least on the border
    top, low = int(np.argmax(stripe)), int(np.argmin(border))
    assert top != k and low != k
    assert f"Not the most ink on the stripe (the {labels[top]} has {_one(stripe[top])}), " \
           f"nor the least on the border (the {labels[low]} has {_one(border[low])})" in text
    assert "stays off the border" not in text and "crosses the stripe" not in text


def _pair_where_one_has_more_stripe_and_less_border() -> tuple[int, int]:
    stripe, border = _ink(list(range(60)))
    for a in range(60):
        for b in range(60):
            if (stripe[a] > stripe[b] and border[a] < border[b]
                    and TRAINED.y_test[a] != TRAINED.y_test[b]):
                return a, b
    raise AssertionError("no such pair among the first 60 held-out digits")


def _edge_cases():
    a, b = _pair_where_one_has_more_stripe_and_less_border()
    return [
        ([4, 7], "No other digit here has as little ink on the border. The 4 has more on "
                 "the stripe, 30.3, but more on the border too, 56.6."),
        ([9, 7], "No other digit here has as much ink on the stripe. The 3 has less on the "
                 "border, 22.1, but only 10.0 on the stripe."),
        ([b, a], "No other digit here has as much ink on the stripe, or as little on the "
                 "border."),
        ([7], "The 7 gives 4.26"),
    ]


@pytest.mark.parametrize(("edge_digits", "phrase"), _edge_cases())
def test_the_winner_s_reason_at_other_digits(edge_digits, phrase, monkeypatch, tmp_path):
    text = said(build(WeightGrid, {"edge_digits": edge_digits}, monkeypatch, tmp_path))
    stripe, border = _ink(edge_digits)
    k = int(np.argmax(stripe - 0.5 * border))
    label = int(TRAINED.y_test[edge_digits[k]])
    assert phrase in text, text
    _check_winner_inks(text, stripe[k], border[k])
    if len(edge_digits) == 1:
        assert "responds most" not in text and "for a held-out digit:" in text
    else:
        assert f"The {label} responds most" in text
        assert f"for {len(edge_digits)} held-out digits:" in text


def test_two_digits_of_one_label_are_told_apart(monkeypatch, tmp_path):
    sevens = [int(i) for i in np.flatnonzero(TRAINED.y_test == 7)[:2]]
    text = said(build(WeightGrid, {"edge_digits": sevens}, monkeypatch, tmp_path))
    stripe, border = _ink(sevens)
    k = int(np.argmax(stripe - 0.5 * border))
    ordinal = ("first", "second")[k]
    assert f"The {ordinal} digit, a 7, responds most" in text


def test_the_detector_and_its_weights_in_words(monkeypatch, tmp_path):
    text = said(build(WeightGrid, {"edge_row": 6, "edge_width": 3}, monkeypatch, tmp_path))
    assert "a horizontal stripe of weight 1, with a border of weight -0.5" in text
    stripe, border = _ink([0, 4, 7, 9], row=6, width=3)
    k = int(np.argmax(stripe - 0.5 * border))
    _check_winner_inks(text, stripe[k], border[k])


# --- point 14: the weighted sum adds up ----------------------------------------------------


@pytest.mark.parametrize("neuron", [1, 16])
def test_the_weighted_sum_adds_up_as_shown(neuron, monkeypatch, tmp_path):
    scene = build(WeightGrid, {"neuron": neuron}, monkeypatch, tmp_path)
    text = said(scene)
    found = re.search(r"Add up those 784 products: (-?[\d.]+)\. Plus the bias, (-?[\d.]+), "
                      r"gives the neuron's weighted input z = (-?[\d.]+)\.", text)
    assert found, text
    total, bias, z = (float(g) for g in found.groups())
    assert round(total + bias, 6) == z  # the shown numbers add up
    products = float(W1[neuron - 1] @ X[3])
    decimals = len(found.group(1).split(".")[1]) if "." in found.group(1) else 0
    assert total == round(products, decimals) and bias == round(float(b1[neuron - 1]), decimals)
    assert z == round(products + float(b1[neuron - 1]), decimals)
    # on screen: the same three numbers
    shown = [t.tex_string for t in scene.sum_tex[1]]
    assert shown[1] == found.group(1) and shown[-1] == found.group(3)
    if neuron == 1:
        assert "z = 6.53." not in text  # 5.26 + 1.28 is not 6.53


# --- point 6: one numbering of the neurons -------------------------------------------------


def test_neuron_1_is_row_1_is_tile_1(monkeypatch, tmp_path):
    grid = build(WeightGrid, {"neuron": 16}, monkeypatch, tmp_path)
    np.testing.assert_array_equal(grid.weights.ravel(), W1[15])
    assert "First-layer neuron 16 has one weight per pixel" in said(grid)
    assert grid.captions[0].original_text == "neuron 16's weights"
    matrix = build(MatrixNotation, {}, monkeypatch, tmp_path)
    text = said(matrix)
    assert "Row 1 is neuron 1:" in text and "Row one" not in text
    z = float(W1[0] @ X[2] + b1[0])
    assert f"neuron 1's weighted sum plus bias is {z:.2f}" in text
    assert matrix.row_note.original_text == "neuron 1's incoming weights"
    layers = build(LayersOfAbstraction, {}, monkeypatch, tmp_path)
    assert "first-layer neurons 1 to 16" in said(layers)
    labels = [cell[1].original_text for cell in layers.cells]
    assert labels == [str(k) for k in range(1, 17)]


@pytest.mark.parametrize("neuron", [0, 17])
def test_a_neuron_outside_1_to_16_is_refused(neuron, monkeypatch, tmp_path):
    with pytest.raises(ValueError, match=r"neuron must be from 1 to 16 \(neurons are numbered"):
        build(WeightGrid, {"neuron": neuron}, monkeypatch, tmp_path)


def test_a_repeated_edge_digit_is_refused(monkeypatch, tmp_path):
    with pytest.raises(ValueError, match=r"edge_digits must not repeat an index"):
        build(WeightGrid, {"edge_digits": [7, 7]}, monkeypatch, tmp_path)


# --- point 11: the activation swapped in; the count's title --------------------------------


def test_only_relu_is_called_today_s_usual_choice(monkeypatch, tmp_path):
    relu = build(MatrixNotation, {}, monkeypatch, tmp_path)
    assert "Most networks today use ReLU in their hidden layers instead" in said(relu)
    assert relu.modern_note.original_text == "today's usual choice: ReLU"
    tanh = build(MatrixNotation, {"modern": "tanh"}, monkeypatch, tmp_path)
    text = said(tanh)
    assert "Swap in tanh and it is the same line" in text
    assert "today" not in text and "Modern networks" not in text
    assert tanh.modern_note.original_text == "swapped in: tanh"
    with pytest.raises(ValueError, match="modern must name an activation other than the "
                                         "layer's own sigmoid"):
        build(MatrixNotation, {"modern": "sigmoid"}, monkeypatch, tmp_path)


def test_the_count_s_title_and_words_follow_the_sizes(monkeypatch, tmp_path):
    assert not re.search(r"\d", ParameterCount.title)
    sizes = [100, 1, 3, 2]
    weights = sum(a * b for a, b in zip(sizes, sizes[1:], strict=False))
    biases = sum(sizes[1:])
    text = said(build(ParameterCount, {"sizes": sizes}, monkeypatch, tmp_path))
    assert text.startswith("Chapter 6: How many numbers to set?")
    assert f"{weights} weights and {biases} biases: {weights + biases} numbers" in text
    assert "The one first-layer neuron has one weight per input: 100 times 1" in text
    assert "13,002" not in text and "pixel" not in text
    default = said(build(ParameterCount, {}, monkeypatch, tmp_path))
    assert "12,960 weights and 42 biases: 13,002 numbers" in default
    assert "Each of the 16 first-layer neurons has one weight per pixel" in default


# --- point 5: where the digits come from, and what that does to the weights ----------------


def _share_outside(rows: np.ndarray) -> np.ndarray:
    """Each row's share (of its sum of squares) in the span of the 64 enlarged one-pixel
    images, by least squares on scipy's zoom (not nnmath's basis)."""
    units = np.stack([zoom(np.eye(64)[k].reshape(8, 8), 3.5, order=1).ravel()
                      for k in range(64)])
    coef, *_ = np.linalg.lstsq(units.T, rows.T, rcond=None)
    return ((units.T @ coef).T ** 2).sum(axis=1) / (rows ** 2).sum(axis=1)


def _neighbours(rows: np.ndarray) -> np.ndarray:
    out = []
    for g in rows.reshape(-1, 28, 28):
        out.append(np.corrcoef(np.r_[g[:, :-1].ravel(), g[:-1, :].ravel()],
                               np.r_[g[:, 1:].ravel(), g[1:, :].ravel()])[0, 1])
    return np.array(out)


def test_the_defaults_say_the_digits_are_enlarged_8x8_scans(monkeypatch, tmp_path):
    values = np.linalg.svd(X, compute_uv=False)
    dimension = int(np.sum(values > 1e-6 * values[0]))
    assert dimension == 58 and np.allclose(_share_outside(X), 1, atol=1e-9)
    first = build(DigitAsNeurons, {}, monkeypatch, tmp_path)
    text = said(first)
    assert "one of scikit-learn's 8 by 8 scans, enlarged to 28 by 28" in text
    assert f"all 450 held-out images together span just {dimension} dimensions" in text
    assert first.source_tex.original_text == "enlarged from scikit-learn's 8×8"
    network = build(DigitNetwork, {}, monkeypatch, tmp_path)
    text = said(network)
    assert "learned from scikit-learn's handwritten digits, each enlarged from 8 by 8" in text
    assert "real handwritten digits" not in text
    assert "95.6 percent" in text and "cannot be compared with scores on MNIST" in text
    assert network.source_tex.original_text == "scikit-learn's 8×8 digits, enlarged to 28×28"


def test_the_verdict_on_the_weights_is_measured(monkeypatch, tmp_path):
    share = _share_outside(W1)
    lo, hi = round(100 * share.min()), round(100 * share.max())
    assert (lo, hi) == (90, 96)
    assert _neighbours(W1).min() > 0.5  # smooth, unlike noise
    scene = build(LayersOfAbstraction, {}, monkeypatch, tmp_path)
    text = said(scene)
    assert f"They are smooth blobs, not crisp little edges: {lo} to {hi} percent of each " \
           "grid lies in the space of enlarged 8 by 8 images" in text
    assert f"The other {100 - hi} to {100 - lo} percent, the fine speckle, is left from " \
           "their random start" in text
    assert "noise" not in text
    assert scene.verdict_lines[0].original_text == \
        "Smooth blobs: the digits were enlarged from 8×8."


def test_an_untrained_first_layer_is_called_noise(monkeypatch, tmp_path):
    start = Network.random(digits.DIGITS_SIZES, "sigmoid", seed=0)
    fake = digits.TrainedDigits(network=start, X_test=TRAINED.X_test, y_test=TRAINED.y_test,
                                test_indices=TRAINED.test_indices,
                                accuracy=digits.accuracy(start, X, TRAINED.y_test))
    monkeypatch.setattr(digits, "load_trained", lambda *a, **k: fake)
    text = said(build(LayersOfAbstraction, {}, monkeypatch, tmp_path))
    r = _neighbours(start.layers[0].W)
    assert f"They look like noise: neighbouring weights correlate at only {r.min():.2f} to " \
           f"{r.max():.2f}" in text
    assert "smooth" not in text


@pytest.fixture
def mnist_like(monkeypatch) -> digits.TrainedDigits:
    """The committed network reading 28x28 images with pixel-sharp detail (as MNIST's
    are): the held-out digits with a little pixel noise of their own."""
    sharp = np.clip(X + 0.1 * np.random.default_rng(0).uniform(size=X.shape), 0, 1)
    fake = digits.TrainedDigits(network=TRAINED.network, X_test=sharp, y_test=TRAINED.y_test,
                                test_indices=TRAINED.test_indices,
                                accuracy=digits.accuracy(TRAINED.network, sharp,
                                                         TRAINED.y_test))
    monkeypatch.setattr(digits, "load_trained", lambda *a, **k: fake)
    return fake


def test_idx_data_change_the_words(mnist_like, monkeypatch, tmp_path):
    first = said(build(DigitAsNeurons, {}, monkeypatch, tmp_path))
    assert "It comes from IDX files, MNIST's format" in first
    assert "scikit-learn" not in first
    dimension = np.linalg.matrix_rank(mnist_like.X_test)
    assert dimension == 450
    assert f"span {dimension} of these 784 dimensions" in first
    network = build(DigitNetwork, {}, monkeypatch, tmp_path)
    text = said(network)
    assert "scikit-learn" not in text and "MNIST" not in text
    assert network.source_tex.original_text == "28×28 digits from IDX files"
    layers = said(build(LayersOfAbstraction, {}, monkeypatch, tmp_path))
    r = _neighbours(W1)
    assert f"They are smooth blobs: neighbouring weights correlate at {r.min():.2f} to " \
           f"{r.max():.2f}." in layers
    assert "8 by 8" not in layers and "random start" not in layers


def test_no_output_is_called_a_probability(monkeypatch, tmp_path):
    """The ten sigmoid outputs need not sum to 1: chapter 6 calls them activations."""
    outputs = TRAINED.network.forward(X)
    assert not np.allclose(outputs.sum(axis=1), 1, atol=1e-3)
    for scene_class in (DigitNetwork, MatrixNotation, LayersOfAbstraction):
        text = said(build(scene_class, {}, monkeypatch, tmp_path)).lower()
        assert "probab" not in text and "likel" not in text and "confiden" not in text


@pytest.mark.parametrize(("theme", "positive", "negative"),
                         [("dark", "Blue", "orange"), ("classic", "Green", "red")])
def test_the_colour_words_follow_the_theme(theme, positive, negative, monkeypatch, tmp_path):
    from scenes.theme import theme_for

    monkeypatch.setattr(WeightGrid, "theme", theme_for(theme))  # the theme is read at import
    text = said(build(WeightGrid, {}, monkeypatch, tmp_path))
    assert f"{positive} weights are positive, {negative} ones negative" in text
