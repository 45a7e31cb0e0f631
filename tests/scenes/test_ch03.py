"""Chapter 3 scenes: frames compared with control data, numbers shown checked."""

from __future__ import annotations

import numpy as np
from manim import tempconfig

from scenes.ch03_linear_maps import LayerEquations, TransformGallery, WeightMatrixAsTransform
from tests.scenes.helpers import TEX_CACHE, TEXT_CACHE, last_frame, scene_frames

__module_test__ = "ch03"


def _entries(label) -> list[list[str]]:
    """A MatrixLabel's entries as shown, row by row."""
    return [[entry.tex_string for entry in row] for row in label.matrix.get_rows()]


def _columns_shown(scene) -> list[list[str]]:
    return [[entry.tex_string for entry in scene.w_label.column(j)] for j in range(2)]


def _rendered(scene_class, tmp_path):
    """The scene played to its end, animations skipped, nothing written."""
    config = {"dry_run": True, "quality": "low_quality", "media_dir": str(tmp_path),
              "tex_dir": str(TEX_CACHE), "text_dir": str(TEXT_CACHE),
              "disable_caching": True, "progress_bar": "none"}
    with tempconfig(config):
        scene = scene_class(skip_animations=True)
        scene.render()
    return scene


def test_weight_matrix_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, WeightMatrixAsTransform, monkeypatch, tmp_path)
    np.testing.assert_array_equal(scene.w_label.values, [[1, 2], [2, 1]])
    assert _columns_shown(scene) == [["1", "2"], ["2", "1"]]
    assert [t.tex_string for t in scene.target_labels] == ["(1, 2)", "(2, 1)"]
    assert [line[1].tex_string for line in scene.reading] == [
        r"\begin{bmatrix}1 \\ 2\end{bmatrix}", r"\begin{bmatrix}2 \\ 1\end{bmatrix}"]
    assert scene.stays[1].tex_string == r"\begin{bmatrix}0 \\ 0\end{bmatrix}"  # W 0 = 0


@scene_frames(base_scene=WeightMatrixAsTransform)
def test_weight_matrix_before_transform(scene):
    scene.play_story(until="targets")
    assert [t.tex_string for t in scene.target_labels] == ["(1, 2)", "(2, 1)"]


def test_weight_matrix_shows_the_columns_of_w():
    scene = WeightMatrixAsTransform()
    scene.setup()
    np.testing.assert_array_equal(scene.images, [[1.0, 2.0], [2.0, 1.0]])
    np.testing.assert_array_equal(scene.images, scene.W.T)
    assert scene.shown["targets"] == ("(1, 2)", "(2, 1)")
    assert scene.shown["origin"] == r"\begin{bmatrix}0 \\ 0\end{bmatrix}"


def test_weight_matrix_shows_columns_not_rows(monkeypatch, tmp_path):
    """With a non-symmetric W, i-hat lands on the first column (1, 3), not the first row."""
    monkeypatch.setenv("NN_PARAMS", '{"matrix": [[1, 2], [3, 4]]}')
    scene = _rendered(WeightMatrixAsTransform, tmp_path)
    assert _entries(scene.w_label) == [["1", "2"], ["3", "4"]]
    assert _columns_shown(scene) == [["1", "3"], ["2", "4"]]
    assert [t.tex_string for t in scene.target_labels] == ["(1, 3)", "(2, 4)"]
    assert [line[1].tex_string for line in scene.reading] == [
        r"\begin{bmatrix}1 \\ 3\end{bmatrix}", r"\begin{bmatrix}2 \\ 4\end{bmatrix}"]
    plane = scene.plane  # the dots and the moved arrows end on the columns too
    for dot, arrow, column in zip(scene.target_dots, (plane.i_arrow, plane.j_arrow),
                                  ([1, 3], [2, 4]), strict=True):
        np.testing.assert_allclose(dot.get_center(), plane.to_screen(column), atol=1e-6)
        np.testing.assert_allclose(arrow.get_end(), plane.to_screen(column), atol=1e-6)


def test_gallery_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, TransformGallery, monkeypatch, tmp_path)
    shown = {key: _entries(label) for key, label in scene.labels.items()}
    assert shown == {
        "rotate": [["0", "-1"], ["1", "0"]],
        "scale": [["2.0", "0.0"], ["0.0", "0.5"]],  # one matrix, one number of decimals
        "shear": [["1", "1"], ["0", "1"]],
        "reflect": [["-1", "0"], ["0", "1"]],
        "affine": [["1", "1"], ["0", "1"]],
        "bias": [["1.5"], ["1.0"]],
    }
    assert scene.where[1].tex_string == "(1.5, 1)"  # W 0 + b = b


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
    assert scene.shown["moved_origin"] == "(1.5, 1)"


def test_layer_equations_last_frame(request, monkeypatch, tmp_path):
    last_frame(request, LayerEquations, monkeypatch, tmp_path)


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
