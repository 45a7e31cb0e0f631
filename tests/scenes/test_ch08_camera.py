"""Chapter 8, part one: FourPixelCamera and ReceptiveFields.

Frame tests compare against control data in ``tests/scenes/control_data/ch08/``
(regenerate with ``pytest tests/scenes/test_ch08_camera.py --set_test``); the other
tests check that every number, image and field shown is nnmath's.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import fourpixel
from scenes.ch08_backprop import (
    FourPixelCamera,
    FourPixelCameraParams,
    ReceptiveFields,
    ReceptiveFieldsParams,
)
from scenes.components.labels import fmt_number
from scenes.params import ParamsError
from tests.scenes.helpers import last_frame, prepared, scene_frames

__module_test__ = "ch08"


def _tile_fields(group):
    """The (values, ignored) of each Tile in a field_tiles group (skipping "or")."""
    return [(t.values, t.ignored) for t in group if hasattr(t, "values")]


# --- frames -------------------------------------------------------------------


def test_camera_pixels_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, FourPixelCamera, monkeypatch, tmp_path)
    shown = [label.tex_string for label in scene.value_labels]
    assert shown == [("+" if v > 0 else "") + fmt_number(v)
                     for v in fourpixel.flatten(scene.image)]


@scene_frames(base_scene=FourPixelCamera)
def test_camera_pixels_classes(scene):
    scene.play_story(until="classes_beat")
    for name, (first, second) in scene.gallery_tiles.items():
        want = fourpixel.pure_images()[name]
        np.testing.assert_array_equal(first.values, want[0])
        np.testing.assert_array_equal(second.values, want[1])


@scene_frames(base_scene=ReceptiveFields)
def test_camera_fields_last_frame(scene):
    """The last frame, and every drawn field is receptive_field's for its neuron."""
    scene.play_story()
    net = fourpixel.hand_set_network()
    assert len(scene.field_groups) == sum(net.sizes)
    for (k, i), group in scene.field_groups.items():
        want = fourpixel.receptive_field(net, k, i).patterns
        drawn = _tile_fields(group)
        assert len(drawn) == len(want)
        for (values, ignored), pattern in zip(drawn, want, strict=True):
            np.testing.assert_array_equal(ignored, pattern == 0)
            np.testing.assert_array_equal(values[~ignored], pattern[pattern != 0])


@scene_frames(base_scene=ReceptiveFields)
def test_camera_fields_one_neuron(scene):
    scene.play_story(until="one_neuron")
    assert scene.shown["squash"] == r"\tanh(0.5) = 0.462"


# --- numbers shown ------------------------------------------------------------


def test_camera_inputs_are_flattened_pixels():
    scene = prepared(FourPixelCamera)
    np.testing.assert_array_equal(scene.inputs, fourpixel.flatten(scene.image))
    np.testing.assert_array_equal(scene.image, np.array(FourPixelCameraParams().image))
    assert scene.shown_inputs == ["1", "0", "-1", "1"]  # top-left, top-right, bottom-...
    assert scene.horizontal_flips
    assert all(np.all(mean == 0) for mean in scene.class_means.values())


def test_camera_worked_neuron_numbers():
    scene = prepared(ReceptiveFields)
    net = fourpixel.hand_set_network()
    x = fourpixel.flatten(np.array(ReceptiveFieldsParams().image))
    w = net.layers[0].W[2]
    np.testing.assert_array_equal(scene.inputs, x)
    np.testing.assert_array_equal(scene.neuron_weights, w)
    assert scene.z == pytest.approx(float(w @ x)) and scene.z == pytest.approx(0.5)
    assert scene.a == pytest.approx(np.tanh(0.5))
    assert scene.shown["sum"] == (r"z = 1 \cdot 1 + 0 \cdot 0 + (-1) \cdot 0.5 + "
                                  r"0 \cdot (-1) = 0.5")


def test_camera_weights_drawn_are_the_networks(tmp_path):
    from manim import tempconfig

    from scenes.ch08_backprop import camera_diagram
    from scenes.theme import THEME
    from tests.scenes.helpers import dry_run_config

    net = fourpixel.hand_set_network()
    scene = prepared(ReceptiveFields)
    for drawn, layer in zip(scene.weights, net.layers, strict=True):
        np.testing.assert_array_equal(drawn, layer.W)
    with tempconfig(dry_run_config(tmp_path)):
        diagram, _card = camera_diagram(net.sizes, THEME, weights=scene.weights)
    for k, layer in enumerate(net.layers):
        np.testing.assert_array_equal(diagram.weights[k], layer.W)
        for i in range(layer.W.shape[0]):
            for j in range(layer.W.shape[1]):
                w = layer.W[i, j]
                if w != 0:  # white for positive, black for negative
                    want = "#FFFFFF" if w > 0 else "#000000"
                    assert diagram.edge(k, i, j).get_stroke_color().to_hex().upper() == want


def test_camera_refuses_bad_params():
    with pytest.raises(ParamsError, match="2x2 image"):
        FourPixelCameraParams(image=((1.0, 2.0), (0.0, 0.0)))
    with pytest.raises(ParamsError, match="first-layer neuron"):
        ReceptiveFieldsParams(neuron=5)
