"""Chapter 6, scenes 1-3: frames compared with control data; every number shown checked."""

from __future__ import annotations

import numpy as np

from nnmath import digits
from scenes.ch06_digits import DigitAsNeurons, DigitNetwork, WeightGrid
from scenes.components import fmt_number, fmt_percent
from tests.scenes.helpers import last_frame, prepared, scene_frames

__module_test__ = "ch06"


def test_digit_as_neurons_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, DigitAsNeurons, monkeypatch, tmp_path)
    assert scene.count_tex.tex_string == "784"


@scene_frames(base_scene=DigitAsNeurons)
def test_digit_as_neurons_pixel_values(scene):
    scene.play_story(until="values")
    assert scene.value_texts["dark"].tex_string.endswith("= " + fmt_number(scene.dark_value))
    assert scene.value_texts["bright"].tex_string.endswith("= " + fmt_number(scene.bright_value))


def test_digit_network_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, DigitNetwork, monkeypatch, tmp_path)
    assert scene.diagram.brightest() == scene.readings[scene.wrong]["guess"]


@scene_frames(base_scene=DigitNetwork)
def test_digit_network_first_answer(scene):
    scene.play_story(until="forward")
    reading = scene.readings[scene.first]
    assert scene.diagram.highlighted == reading["guess"]
    assert scene.verdict[0].text == f"reads{reading['guess']}"  # Text drops spaces


def test_weight_grid_last_frame(request, monkeypatch, tmp_path):
    last_frame(request, WeightGrid, monkeypatch, tmp_path)


@scene_frames(base_scene=WeightGrid)
def test_weight_grid_weighted_sum(scene):
    scene.play_story(until="weighted_sum")
    assert scene.sum_tex[1][-1].tex_string == fmt_number(scene.z_trace, scene.sum_decimals)




def test_digit_as_neurons_shows_the_held_out_pixels():
    scene = prepared(DigitAsNeurons)
    trained = digits.load_trained()
    image = trained.X_test[scene.params.digit].reshape(28, 28)
    np.testing.assert_array_equal(scene.image_values, image)
    assert scene.n_inputs == 784 == trained.X_test.shape[1]
    assert scene.dark_value == float(image.min()) == 0.0
    assert scene.bright_value == float(image.max())
    assert fmt_number(scene.bright_value) == "0.97"
    assert scene.label == 2


def test_digit_network_answers_as_nnmath_predicts():
    scene = prepared(DigitNetwork)
    trained = digits.load_trained()
    net = trained.network
    for index, reading in scene.readings.items():
        x = trained.X_test[index:index + 1]
        out = net.forward(x)[0]
        assert reading["guess"] == int(digits.predict(net, x)[0]) == int(np.argmax(out))
        assert reading["activation"] == float(out[reading["guess"]])
        assert reading["label"] == int(trained.y_test[index])
        assert reading["right"] == (reading["guess"] == reading["label"])
    first = scene.readings[scene.first]
    assert first["right"] and first["guess"] == 5 and fmt_number(first["activation"], 3) == "0.998"
    assert scene.wrong == int(digits.misread(trained)[0]) == 1
    wrong = scene.readings[scene.wrong]
    assert not wrong["right"] and (wrong["label"], wrong["guess"]) == (5, 9)
    assert fmt_number(wrong["activation"], 3) == "0.991"


def test_digit_network_shows_the_held_out_accuracy():
    scene = prepared(DigitNetwork)
    trained = digits.load_trained()
    assert fmt_percent(trained.accuracy, 1) == "95.6"
    assert scene.n_test - scene.n_wrong == round(trained.accuracy * len(trained.y_test)) == 430


def test_weight_grid_sum_is_the_traced_weighted_input():
    scene = prepared(WeightGrid)
    trained = digits.load_trained()
    p = scene.params
    W, b = trained.network.layers[0].W, trained.network.layers[0].b
    row = p.neuron - 1  # neurons are numbered from 1, as the rows of W
    z = trained.network.trace(trained.X_test[p.digit:p.digit + 1]).z(1)[0, row]
    assert np.isclose(scene.z, z) and np.isclose(scene.z_trace, z)
    products = W[row] * trained.X_test[p.digit]
    assert np.isclose(scene.product_sum, products.sum())
    assert scene.bias == float(b[row])
    assert fmt_number(scene.z) == fmt_number(z)


def test_weight_grid_edge_detector_responses():
    scene = prepared(WeightGrid)
    trained = digits.load_trained()
    p = scene.params
    detector = digits.edge_detector(p.edge_row, p.edge_width)
    np.testing.assert_array_equal(scene.detector, detector)
    want = trained.X_test[list(p.edge_digits)] @ detector.reshape(-1)
    np.testing.assert_allclose(scene.responses, want)
    assert scene.best == int(np.argmax(want)) == 2
    assert int(trained.y_test[p.edge_digits[scene.best]]) == 7
    assert [fmt_number(r) for r in want] == ["-1.35", "2.02", "4.26", "-1.04"]


def test_digit_network_picked_on_a_misread_digit_shows_another_one(monkeypatch):
    first_wrong = int(digits.misread(digits.load_trained())[0])
    monkeypatch.setenv("NN_PARAMS", f'{{"digit": {first_wrong}}}')
    scene = prepared(DigitNetwork)
    assert not scene.readings[scene.first]["right"]
    assert scene.wrong != scene.first
    assert not scene.readings[scene.wrong]["right"]
