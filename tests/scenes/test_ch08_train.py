"""Chapter 8, scenes 6 and 7: BackpropSteps and TrainingLoop.

Frame tests compare against control data in ``tests/scenes/control_data/ch08/``
(regenerate with ``pytest tests/scenes/test_ch08_train.py --set_test``); the other
tests check that every number shown is nnmath's.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from narrator.fmt import fmt_significant
from nnmath import activation, fourpixel, parameter_count
from scenes.ch08_backprop import (
    BackpropSteps,
    BackpropStepsParams,
    TrainingLoop,
    TrainingLoopParams,
    _two_lines,
    weights_only,
)
from scenes.components import fmt_number
from scenes.params import ParamsError
from tests.scenes.helpers import last_frame, prepared, scene_frames

__module_test__ = "ch08"

H = 1e-6


def _slope(f, x: float) -> float:
    """Central finite difference of f at x."""
    return (float(f(x + H)) - float(f(x - H))) / (2 * H)


# --- frames -------------------------------------------------------------------


def test_train_steps_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, BackpropSteps, monkeypatch, tmp_path)
    shown = [[m.tex_string for m in row] for row in scene.table_rows]
    c = scene.counts
    assert shown[1][2] == "116" and shown[2][2] == "13{,}002"
    assert shown[1][3].startswith("117") and shown[2][3].startswith("13{,}003")
    assert scene.counter.get_value() == c["small_passes"] == 117


@scene_frames(base_scene=BackpropSteps)
def test_train_steps_blocks(scene):
    scene.play_story(until="relu")
    assert [card[1][2].tex_string for card in (scene.link_card, scene.sum_card,
            scene.sigmoid_card, scene.tanh_card, scene.relu_card)] == [
        _two_lines(scene.shown[k]) for k in ("link", "sum", "sigmoid", "tanh", "relu")]


def test_train_loop_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, TrainingLoop, monkeypatch, tmp_path)
    given = [label.text for label in scene.answer_labels]
    net = scene.trained.network
    assert given == [fourpixel.classify(image, net) for _, image, _ in scene.shown_tests]
    for drawn, layer in zip(scene.diagram.weights, net.layers, strict=True):
        np.testing.assert_array_equal(drawn, layer.W)


@scene_frames(base_scene=TrainingLoop)
def test_train_loop_training(scene):
    scene.play_story(until="training")
    assert scene.epoch_number.get_value() == scene.n_epochs
    assert scene.final_label.tex_string.count(scene.shown["final_loss"]) == 1


# --- numbers shown: BackpropSteps ---------------------------------------------


def test_train_steps_local_slopes_are_finite_differences():
    scene = prepared(BackpropSteps)
    p = scene.params
    sig, relu = activation("sigmoid"), activation("relu")
    w, a = p.link_weight, p.link_input
    assert scene.values["link"] == w * a
    assert scene.slopes["link"] == pytest.approx(_slope(lambda x: w * x, a))
    x1, x2, x3 = p.sum_inputs
    assert scene.slopes["sum"] == pytest.approx(_slope(lambda x: x + x2 + x3, x1))
    s = float(sig.function(p.sigmoid_input))
    assert scene.values["sigmoid"] == s
    assert scene.slopes["sigmoid"] == pytest.approx(_slope(sig.function, p.sigmoid_input))
    assert scene.slopes["sigmoid"] == pytest.approx(float(sig.derivative(p.sigmoid_input)))
    tanh = activation("tanh")
    assert scene.values["tanh"] == pytest.approx(np.tanh(p.tanh_input))
    assert scene.slopes["tanh"] == pytest.approx(_slope(tanh.function, p.tanh_input))
    pos, neg = p.relu_inputs
    assert scene.slopes["relu_pos"] == pytest.approx(_slope(relu.function, pos)) == 1.0
    assert scene.slopes["relu_neg"] == pytest.approx(_slope(relu.function, neg)) == 0.0
    assert scene.slopes["relu_pos"] == float(relu.derivative(pos))


def test_train_steps_shown_text():
    scene = prepared(BackpropSteps)
    assert scene.shown["link"].endswith(r"\frac{db}{da} = 0.5")
    assert scene.shown["sum"].startswith("1 - 2 + 0.5 = -0.5")
    assert scene.shown["sigmoid"] == (rf"\sigma(0.5) = {fmt_number(scene.values['sigmoid'])},"
                                      r"\quad 0.62\,(1 - 0.62) = 0.24")
    assert scene.shown["relu"] == r"\mathrm{ReLU}'(1.5) = 1,\quad \mathrm{ReLU}'(-1) = 0"
    assert scene.shown["tanh"] == r"\tanh(0.5) = 0.46,\quad 1 - 0.46^2 = 0.79"


@pytest.mark.parametrize("a", [0.3, 1.0, -0.8, 2.2, 0.05])
def test_train_steps_squash_products_shown_give_the_slope_shown(a, monkeypatch):
    """The output is shown with enough digits that the product on the card, worked
    from the shown numbers, rounds to the slope shown."""
    monkeypatch.setenv("NN_PARAMS", json.dumps({"sigmoid_input": a, "tanh_input": a}))
    scene = prepared(BackpropSteps)
    s, t = scene.values["sigmoid"], scene.values["tanh"]
    ds, dt = scene.out_digits["sigmoid"], scene.out_digits["tanh"]
    assert fmt_number(round(s, ds) * (1 - round(s, ds))) == fmt_number(scene.slopes["sigmoid"])
    assert fmt_number(1 - round(t, dt) ** 2) == fmt_number(scene.slopes["tanh"])
    assert scene.shown["tanh"].endswith(f"= {fmt_number(1 - np.tanh(a) ** 2)}")


def test_train_steps_counts():
    scene = prepared(BackpropSteps)
    sizes = fourpixel.hand_set_network().sizes
    assert scene.counts["small"] == parameter_count(sizes) == 116
    assert scene.counts["big"] == parameter_count((784, 16, 16, 10)) == 13002
    # nudging: one baseline pass, then one per weight and bias
    assert scene.counts["small_passes"] == 116 + 1
    assert scene.counts["big_passes"] == 13002 + 1
    assert scene.counts["small_weights"] == weights_only(sizes) == 96
    assert scene.counts["big_weights"] == 784 * 16 + 16 * 16 + 16 * 10


def test_train_steps_bad_params():
    with pytest.raises(ParamsError, match="relu_inputs"):
        BackpropStepsParams(relu_inputs=(-1.0, 1.0))
    with pytest.raises(ParamsError, match="big_sizes"):
        BackpropStepsParams(big_sizes=(784,))


# --- numbers shown: TrainingLoop ----------------------------------------------


def test_train_loop_losses_are_the_history():
    scene = prepared(TrainingLoop)
    p = scene.params
    trained = fourpixel.train_camera(epochs=p.epochs, lr=p.lr, seed=p.seed,
                                     noisy_copies=p.noisy_copies, snapshots=p.snapshots)
    history = trained.result.history
    np.testing.assert_array_equal(scene.history, history)
    assert scene.shown == {"start_loss": fmt_significant(history[0]),
                           "final_loss": fmt_significant(history[-1]),
                           "epochs": str(len(history) - 1)}
    assert scene.shown["epochs"] == str(p.epochs)
    assert float(scene.shown["final_loss"]) == pytest.approx(history[-1], rel=0.05)
    assert float(scene.shown["start_loss"]) == pytest.approx(history[0], rel=0.01)


def test_train_loop_classifications_all_right():
    scene = prepared(TrainingLoop)
    net = scene.trained.network
    assert len(scene.answers) == 8
    for truth, image, given in scene.answers:
        assert given == fourpixel.classify(image, net) == truth
    assert scene.all_right and scene.trained.accuracy_on_pure() == 1.0


def test_train_loop_weights_follow_the_snapshots():
    scene = prepared(TrainingLoop)
    t = scene.trained
    for got, layer in zip(scene.weights_at(0), t.start.layers, strict=True):
        np.testing.assert_array_equal(got, layer.W)
    for epoch, net in zip(t.snapshot_epochs, t.snapshots, strict=True):
        for got, layer in zip(scene.weights_at(epoch), net.layers, strict=True):
            np.testing.assert_allclose(got, layer.W)
    for got, layer in zip(scene.weights_at(scene.n_epochs), t.network.layers, strict=True):
        np.testing.assert_array_equal(got, layer.W)


def test_train_loop_bad_params():
    with pytest.raises(ParamsError, match="train_time"):
        TrainingLoopParams(train_time=0.0)
    bad = dataclasses.replace(TrainingLoopParams(), epochs=0)

    class Bad(TrainingLoop):
        Params = type(bad)

    scene = Bad.__new__(Bad)
    scene.params = bad
    with pytest.raises(ParamsError):
        scene.prepare()


def test_train_loss_shown_with_two_significant_digits():
    assert fmt_significant(0.9404) == "0.94" and fmt_significant(0.0010982) == "0.0011"
