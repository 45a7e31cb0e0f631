"""Chapter 3 scenes: frames compared with control data, numbers shown checked."""

from __future__ import annotations

import numpy as np

from scenes.ch03_linear_maps import LayerEquations, TransformGallery, WeightMatrixAsTransform
from tests.scenes.helpers import scene_frames

__module_test__ = "ch03"


@scene_frames(base_scene=WeightMatrixAsTransform)
def test_weight_matrix_last_frame(scene):
    scene.play_story()


@scene_frames(base_scene=WeightMatrixAsTransform)
def test_weight_matrix_before_transform(scene):
    scene.play_story(until="targets")


def test_weight_matrix_shows_the_columns_of_w():
    scene = WeightMatrixAsTransform()
    scene.setup()
    np.testing.assert_array_equal(scene.images, [[1.0, 2.0], [2.0, 1.0]])
    np.testing.assert_array_equal(scene.images, scene.W.T)


@scene_frames(base_scene=TransformGallery)
def test_gallery_last_frame(scene):
    scene.play_story()


@scene_frames(base_scene=TransformGallery)
def test_gallery_after_reflection(scene):
    scene.play_story(until="reflect")


def test_gallery_matrices_and_moved_origin():
    scene = TransformGallery()
    scene.setup()
    shown = {key: W for key, (_, W) in scene.gallery.items()}
    np.testing.assert_array_equal(shown["rotate"], [[0, -1], [1, 0]])
    np.testing.assert_array_equal(shown["scale"], [[2, 0], [0, 0.5]])
    np.testing.assert_array_equal(shown["shear"], [[1, 1], [0, 1]])
    np.testing.assert_array_equal(shown["reflect"], [[-1, 0], [0, 1]])
    assert scene.gallery["rotate"][0] == "Rotation by 90°"
    np.testing.assert_array_equal(scene.moved_origin, [1.5, 1.0])  # W 0 + b = b


@scene_frames(base_scene=LayerEquations)
def test_layer_equations_last_frame(scene):
    scene.play_story()


@scene_frames(base_scene=LayerEquations)
def test_layer_equations_collapsed(scene):
    scene.play_story(until="collapse")


def test_layer_equations_index_convention_matches_nnmath():
    """The scene writes w_ij with i = output neuron, j = input: nnmath's W[i, j] acts the
    same way (row i of W feeds output i)."""
    import nnmath

    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    layer = nnmath.Layer(W, np.zeros(2), "identity")
    y = layer(np.array([[1.0, 0.0]]))[0]  # only input 1 is on
    np.testing.assert_array_equal(y, [W[0, 0], W[1, 0]])  # w_11 to neuron 1, w_21 to neuron 2
