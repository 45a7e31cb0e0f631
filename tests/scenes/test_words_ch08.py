"""Chapter 8's words stay true for its numbers, at the defaults and at edge parameters.

As in ``test_words.py``: each case builds a scene in a dry run with ``NN_PARAMS``,
joins its subtitle cues and looks for the phrases the facts call for (and for the
ones they make false). The facts are worked out here, independently of the scene:
own counts of images and parameters, own batches, own forward passes.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest

from nnmath import fourpixel
from nnmath.training import loss_label, loss_name
from scenes.ch08_backprop import (
    BackpropSteps,
    ErrorAndSlope,
    ForwardPass,
    FourPixelCamera,
    TrainingLoop,
)
from tests.scenes.helpers import build, said, says

# --- own facts ------------------------------------------------------------------------


def own_kind(pixels: tuple[float, ...]) -> str | None:
    """The kind of a black-and-white image (tl, tr, bl, br), by the rules of chapter 8's
    classes, written out again: all alike; columns alike and differ; diagonals alike
    and differ; rows alike and differ."""
    tl, tr, bl, br = pixels
    if tl == tr == bl == br:
        return "solid"
    if tl == bl and tr == br:
        return "vertical"
    if tl == br and tr == bl:
        return "diagonal"
    if tl == tr and bl == br:
        return "horizontal"
    return None


def own_count(sizes) -> int:
    """Weights and biases of a dense network, counted layer by layer."""
    return sum(a * b + b for a, b in itertools.pairwise(sizes))


def own_batches(examples: int, batch: int) -> list[int]:
    """The batches of one epoch: full ones, then whatever is left."""
    full, rest = divmod(examples, batch)
    return [batch] * full + ([rest] if rest else [])


def own_classify(net, X) -> list[str]:
    """The class of the largest output of each row, by a forward pass written out."""
    a = np.asarray(X, dtype=float)
    for layer in net.layers:
        z = a @ layer.W.T + layer.b
        a = {"tanh": np.tanh, "relu": lambda v: np.maximum(v, 0),
             "identity": lambda v: v}[layer.activation](z)
    return [fourpixel.CLASSES[k] for k in np.argmax(a, axis=1)]


# --- point 12: FourPixelCamera ---------------------------------------------------------


def test_camera_says_how_many_pictures_belong_to_a_kind(monkeypatch, tmp_path):
    every = list(itertools.product((-1.0, 1.0), repeat=4))
    kinds = [own_kind(p) for p in every]
    classed = sum(k is not None for k in kinds)
    odd = [p for p, k in zip(every, kinds, strict=True) if k is None]
    assert (len(every), classed, len(odd)) == (16, 8, 8)
    assert all(sorted(p).count(-1.0) in (1, 3) for p in odd)  # one pixel unlike the rest
    text = said(build(FourPixelCamera, {}, monkeypatch, tmp_path))
    says(text, [f"That makes {len(every)} possible pictures. {classed} of them come in four "
                 "kinds: solid, vertical, diagonal and horizontal",
                 f"the other {len(odd)}, with one pixel unlike the rest, fit none"],
          ["Its pictures come in four kinds"])


# --- point 11: ForwardPass and ErrorAndSlope describe the picture they are given --------


@pytest.mark.parametrize(("image", "words", "answer"), [
    ([[-1, -1], [1, 1]], "a black top row and a white bottom row", "horizontal"),
    ([[1, -1], [1, -1]], "a white left column and a black right column", "vertical"),
    ([[-1, 1], [1, -1]], "a top row of black and white and a bottom row of white and black, "
                         "left to right", "diagonal"),
    ([[1, 1], [1, 1]], "all four pixels white", "solid"),
    ([[0.5, 0.5], [-1, -1]], "a light grey top row and a black bottom row", "horizontal"),
])
def test_forward_pass_describes_its_image(image, words, answer, monkeypatch, tmp_path):
    text = said(build(ForwardPass, {"image": image}, monkeypatch, tmp_path))
    assert own_classify(fourpixel.hand_set_network(), [np.ravel(image)]) == [answer]
    says(text, [f"Take the picture with {words}, and feed it", f"the network says {answer}"],
          ["dark top row"])


def test_forward_pass_says_stands_out_only_when_the_others_are_zero(monkeypatch, tmp_path):
    image = [[0.5, 0.5], [-1, 0]]
    out = fourpixel.hand_set_network().forward(np.ravel(image)[None])[0]
    assert np.sum(np.abs(out) >= 0.005) > 1  # more than one output is not zero
    text = said(build(ForwardPass, {"image": image}, monkeypatch, tmp_path))
    says(text, ["the largest value names the class", "output is the largest"],
          ["stands out", "read zero"])


def test_forward_pass_says_only_the_tanh_layers_squash(monkeypatch, tmp_path):
    """The layers lit together are the hand-set network's first two, both tanh; the ReLU
    layer and the plain outputs squash nothing, and the words say so."""
    acts = fourpixel.hand_set_network().activations
    assert acts[:2] == ("tanh", "tanh") and acts[2:] == ("relu", "identity")
    text = said(build(ForwardPass, {}, monkeypatch, tmp_path))
    says(text, ["Each neuron of the next two layers adds up its weighted inputs and squashes "
                 "the sum with tanh", "The ReLU layer keeps"],
          ["adds up its weighted inputs and squashes the sum. "])


def test_forward_pass_refuses_an_image_with_no_largest_output(monkeypatch, tmp_path):
    with pytest.raises(ValueError, match="image must give one largest output"):
        build(ForwardPass, {"image": [[0, 0], [0, 0]]}, monkeypatch, tmp_path)


def test_error_and_slope_truth_follows_the_image(monkeypatch, tmp_path):
    text = said(build(ErrorAndSlope, {}, monkeypatch, tmp_path))
    says(text, ["Here is the picture with a black top row and a white bottom row. The truth "
                 "says horizontal: one for that class"], ["our picture again"])
    text = said(build(ErrorAndSlope, {"image": [[1, -1], [1, -1]], "truth": "vertical"},
                      monkeypatch, tmp_path))
    says(text, ["a white left column and a black right column. The truth says vertical"])
    # an image of no kind: its truth is a choice, and said as one
    text = said(build(ErrorAndSlope, {"image": [[0.9, 0.8], [-1, -0.7]]},
                      monkeypatch, tmp_path))
    says(text, ["Say its truth is horizontal"], ["The truth says"])


def test_error_and_slope_refuses_a_truth_the_image_contradicts(monkeypatch, tmp_path):
    with pytest.raises(ValueError, match="truth must be the class of the image"):
        build(ErrorAndSlope, {"image": [[1, -1], [1, -1]]}, monkeypatch, tmp_path)


# --- point 13: the slope is a rate, and it points uphill --------------------------------


@pytest.mark.parametrize(("w", "true", "false"), [
    (-1.0, ["A negative slope: the error falls as w grows", "we step against it, to a larger w",
            "which is -2"], ["to a smaller w"]),
    (1.5, ["A positive slope: the error rises as w grows", "we step against it, to a smaller w",
           "which is 3"], ["to a larger w"]),
    (0.0, ["A zero slope: the weight sits at the bottom"], ["we step against it"]),
])
def test_error_and_slope_words_follow_the_slope(w, true, false, monkeypatch, tmp_path):
    # E = w^2 climbs where its slope 2w is positive: the slope points uphill
    assert math.copysign(1, 2 * w) == math.copysign(1, (w + 1e-3) ** 2 - w**2) or w == 0
    text = said(build(ErrorAndSlope, {"w": w}, monkeypatch, tmp_path))
    common = ["change in error per unit of weight"] + (["The slope points uphill"] if w else [])
    says(text, common + true,
          ["says which way lowers the error", "the change in error for a small change", *false])


# --- point 10: BackpropSteps ------------------------------------------------------------


@pytest.mark.parametrize("big", [(784, 16, 16, 10), (784, 100, 10), (2, 1)])
def test_backprop_counts_the_baseline_pass(big, monkeypatch, tmp_path):
    small = own_count(fourpixel.ARCHITECTURE[0])
    count = own_count(big)
    assert (small, own_count((784, 16, 16, 10))) == (116, 13002)
    scene = build(BackpropSteps, {"big_sizes": list(big)}, monkeypatch, tmp_path)
    text = said(scene)
    layers = "-".join(map(str, big))
    says(text, [f"1 + {small} = {small + 1} passes for this little camera network",
                 f"layers {layers} has {count:,} weights and biases, so {count + 1:,} forward "
                 "passes"],
          [f": {small} passes", f"so {count:,} forward passes", "13002", "13003"])
    assert scene.counter.get_value() == small + 1
    shown = [m.tex_string for m in scene.table_rows[2]]
    assert shown[2] == f"{count:,}".replace(",", "{,}")
    assert shown[3].startswith(f"{count + 1:,}".replace(",", "{,}"))


@pytest.mark.parametrize("a", [0.5, 1.0, -2.0])
def test_backprop_gives_tanh_slope_and_adds_paths(a, monkeypatch, tmp_path):
    t = math.tanh(a)
    slope = (math.tanh(a + 1e-6) - math.tanh(a - 1e-6)) / 2e-6
    text = said(build(BackpropSteps, {"tanh_input": a}, monkeypatch, tmp_path))
    says(text, ["the slope of tanh, the squash in our camera network",
                 "it is one minus t squared",
                 f"so the slope is {round(slope, 2):g}.",
                 "add up what each path gives: that sum is the weight's slope"],
          ["Chain these local slopes"])
    # t as said is t rounded, and one minus it squared gives the slope as said
    shown = re.search(r"t is (-?[0-9.]+) here", text).group(1)
    digits = len(shown.split(".")[1]) if "." in shown else 0
    assert float(shown) == round(t, digits)
    assert round(1 - float(shown) ** 2, 2) == round(slope, 2)


# --- points 2, 3 and 4: TrainingLoop ----------------------------------------------------


def test_training_loop_names_its_loss_and_epochs(monkeypatch, tmp_path):
    scene = build(TrainingLoop, {}, monkeypatch, tmp_path)
    text = said(scene)
    X, Y, _ = fourpixel.training_set(4, seed=3)
    n = len(X)
    batches = own_batches(n, 8)
    assert (n, batches) == (40, [8] * 5)
    # the number plotted is half the squared error summed over the outputs, averaged
    start = scene.trained.start
    out = start.forward(X)
    assert scene.history[0] == pytest.approx(0.5 * np.mean(np.sum((out - Y) ** 2, axis=1)))
    assert scene.loss_key.text.replace(" ", "") == (
        "loss=" + loss_label("mse", 4)).replace(" ", "")
    says(text, [
        "measure the loss",
        "Training calls its error the loss, and measures it differently: not the sum of gaps "
        f"between truth and answer, but {loss_name('mse', 4)}",
        f"Each epoch runs the loop {len(batches)} times, on batches of 8 of the {n} examples: "
        f"{len(batches)} small steps, and every example used once",
        f"They were among its {n} training examples, and it names 8 of 8 right",
    ], ["one lap of the loop over all the examples", "measure the error"])

    # the test: images it never trained on (same scene: training takes a while)
    X, _, names = fourpixel.test_set(5, seed=3)
    train_X, _, _ = fourpixel.training_set(4, seed=3)
    assert not any(np.allclose(x, t) for x in X for t in train_X)  # none trained on
    right = sum(a == b for a, b in zip(own_classify(scene.trained.network, X), names,
                                       strict=True))
    says(said(scene), [f"{len(X)} new noisy copies. It names {right} of {len(X)} right"])


@pytest.mark.parametrize(("params", "batches"), [
    ({"batch_size": 12, "epochs": 20}, own_batches(40, 12)),
    ({"noisy_copies": 0, "epochs": 20}, own_batches(8, 8)),
    ({"batch_size": 64, "epochs": 20}, [40]),
])
def test_training_loop_epoch_follows_the_batches(params, batches, monkeypatch, tmp_path):
    scene = build(TrainingLoop, params, monkeypatch, tmp_path)
    text = said(scene)
    n = sum(batches)
    assert list(scene.trained.batches) == batches
    if len(batches) == 1:
        says(text, [f"Each epoch is one lap of the loop over all {n} examples at once: one "
                     "small step", f"among its {n} training examples"], ["batches of"])
    else:
        last = f", the last of {batches[-1]}" if batches[-1] != batches[0] else ""
        says(text, [f"Each epoch runs the loop {len(batches)} times, on batches of "
                     f"{batches[0]} of the {n} examples{last}: {len(batches)} small steps"])


def test_training_loop_does_not_say_down_when_the_loss_did_not_fall(monkeypatch, tmp_path):
    scene = build(TrainingLoop, {"epochs": 1, "lr": 1e-9}, monkeypatch, tmp_path)
    start, final = scene.history[0], scene.history[-1]
    assert abs(final - start) < 1e-6  # a step this small leaves the loss as it was
    says(said(scene), [f"After 1 epoch the loss is still {scene.shown['start_loss']}"],
          ["down to", "Watch the curve drop"])
