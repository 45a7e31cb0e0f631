"""Chapter 3 scenes: frames compared with control data, numbers shown checked."""

from __future__ import annotations

import numpy as np
from manim.utils.testing.frames_comparison import frames_comparison

from scenes.ch03_linear_maps import WeightMatrixAsTransform

__module_test__ = "ch03"


@frames_comparison(base_scene=WeightMatrixAsTransform)
def test_weight_matrix_last_frame(scene):
    scene.play_story()


@frames_comparison(base_scene=WeightMatrixAsTransform)
def test_weight_matrix_before_transform(scene):
    scene.play_story(until="targets")


def test_weight_matrix_shows_the_columns_of_w():
    scene = WeightMatrixAsTransform()
    scene.setup()
    np.testing.assert_array_equal(scene.images, [[1.0, 2.0], [2.0, 1.0]])
    np.testing.assert_array_equal(scene.images, scene.W.T)
