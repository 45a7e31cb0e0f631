"""Chapter 6, scenes 4-6 (scenes/ch06_digits.py): frames compared with control
data; every number shown checked against nnmath."""

from __future__ import annotations

import numpy as np
import pytest

import nnmath
from nnmath.digits import load_trained
from nnmath.network import parameter_breakdown
from scenes.ch06_digits import (
    LayersOfAbstraction,
    MatrixNotation,
    ParameterCount,
    count_tex,
)
from scenes.components import fmt_number, fmt_percent
from scenes.components.labels import activation_tex
from tests.scenes.helpers import build, last_frame, prepared, scene_frames

__module_test__ = "ch06"

PART2 = [ParameterCount, MatrixNotation, LayersOfAbstraction]


def test_part2_parameter_count_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, ParameterCount, monkeypatch, tmp_path)
    assert scene.total_line.tex_string.endswith("13{,}002")


@scene_frames(base_scene=ParameterCount)
def test_part2_parameter_count_weights(scene):
    scene.play_story(until="weights")


def test_part2_matrix_notation_last_frame(request, monkeypatch, tmp_path):
    last_frame(request, MatrixNotation, monkeypatch, tmp_path)


@scene_frames(base_scene=MatrixNotation)
def test_part2_matrix_notation_entry(scene):
    scene.play_story(until="entry")


def test_part2_layers_of_abstraction_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, LayersOfAbstraction, monkeypatch, tmp_path)
    assert len(scene.cells) == 16


@scene_frames(base_scene=LayersOfAbstraction)
def test_part2_layers_of_abstraction_hope(scene):
    scene.play_story(until="hope")




def test_part2_count_tex_separates_thousands():
    assert count_tex(13002) == "13{,}002"
    assert count_tex(12544) == "12{,}544"
    assert count_tex(256) == "256"


def test_part2_parameter_count_shows_every_term():
    scene = prepared(ParameterCount)
    parts = parameter_breakdown((784, 16, 16, 10))
    assert scene.parts == parts
    assert scene.weight_texs == [
        (r"784 \times 16", "12{,}544"),
        (r"16 \times 16", "256"),
        (r"16 \times 10", "160"),
    ]
    assert [(p.n_in, p.n_out, p.weights) for p in parts] == [
        (784, 16, 12544), (16, 16, 256), (16, 10, 160)]
    assert scene.bias_tex == ("16 + 16 + 10", "42")
    assert scene.total_tex == ("12{,}960 + 42", "13{,}002")
    assert scene.total == nnmath.parameter_count((784, 16, 16, 10)) == 13002
    assert scene.n_weights + scene.n_biases == scene.total


def test_part2_matrix_notation_shapes_and_entry_from_the_trained_network():
    scene = prepared(MatrixNotation)
    trained = load_trained()
    layer = trained.network.layers[0]
    assert scene.shapes == {"W": (16, 784), "a0": (784, 1), "b": (16, 1), "a1": (16, 1)}
    assert scene.shapes["W"] == layer.W.shape
    # the one entry shown: the sigmoid of row one's weighted sum plus bias, for the
    # held-out digit of `sample`, exactly as nnmath's trace computes it
    x = trained.X_test[scene.params.sample]
    trace = trained.network.trace(x[None, :])
    z = float(trace.z(1)[0, 0])
    assert scene.z_first == pytest.approx(float(layer.W[0] @ x + layer.b[0]))
    assert scene.z_first == z
    assert scene.a_first == float(trace.a(1)[0, 0])
    assert scene.a_first == pytest.approx(float(nnmath.sigmoid(z)))
    assert fmt_number(z) == "1.97" and fmt_number(scene.a_first) == "0.88"
    assert scene.entry_tex.endswith(r"\sigma\big(1.97\big) = 0.88")
    assert scene.act_tex == activation_tex("sigmoid") and layer.activation == "sigmoid"
    assert scene.modern_tex == activation_tex("relu")


def test_part2_matrix_notation_shape_labels_match_the_arrays(monkeypatch, tmp_path):
    scene = build(MatrixNotation, {}, monkeypatch, tmp_path)  # the smoke test's, shared
    texts = [label.get_tex_string() for label in scene.shape_labels]
    assert texts == [r"16 \times 1", r"16 \times 784", r"784 \times 1", r"16 \times 1"]


def test_part2_layers_of_abstraction_shows_the_measured_accuracy():
    scene = prepared(LayersOfAbstraction)
    trained = load_trained()
    np.testing.assert_array_equal(scene.W1, trained.network.layers[0].W)
    assert scene.W1.shape == (16, 784)
    assert scene.accuracy_text == fmt_percent(trained.accuracy, 1) + "%"
    assert scene.accuracy_text == "95.6%"
    assert scene.n_test == len(trained.y_test)
