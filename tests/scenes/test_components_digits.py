"""Components of chapter 6 (digits, 784-16-16-10): pixel images and the big network diagram.

Random networks and synthetic 28x28 images only (no trained weights here).
"""

from __future__ import annotations

import numpy as np
import pytest
from manim import RIGHT, Camera, ManimColor, ReplacementTransform, tempconfig

import nnmath
from scenes.components.network_diagram import WIDTH_LEVELS, NetworkDiagram
from scenes.components.pixels import (
    PixelColumn,
    PixelImage,
    WeightImage,
    flatten_column,
    grey_rgba,
    product_image,
    weight_rgba,
)
from scenes.theme import THEME, theme_for
from tests.scenes.helpers import dry_run_config

SIZES = (784, 16, 16, 10)


def _digit() -> np.ndarray:
    digit = np.zeros((28, 28))
    digit[6:22, 12:16] = 1.0
    digit[6:9, 9:12] = 0.5
    return digit


def _rgb(hex_color: str) -> np.ndarray:
    return np.array(ManimColor(hex_color).to_rgb()) * 255


def _model() -> nnmath.Network:
    return nnmath.Network.random(SIZES, "sigmoid", seed=0)


# --- PixelImage / WeightImage -------------------------------------------------------
def test_pixel_image_size_and_grey_levels():
    img = PixelImage(_digit(), height=2.8)
    assert img.image.height == pytest.approx(2.8)
    assert img.image.width == pytest.approx(2.8)
    assert img.frame.width == pytest.approx(2.8)
    assert img.pixel_size == pytest.approx(0.1)
    arr = img.image.pixel_array
    assert arr.dtype == np.uint8 and arr.shape == (28, 28, 4)
    assert np.allclose(arr[0, 0, :3], _rgb(THEME.background), atol=0.5)  # 0 -> background
    assert np.allclose(arr[10, 13, :3], _rgb(THEME.text), atol=0.5)  # 1 -> text colour
    half = (_rgb(THEME.background) + _rgb(THEME.text)) / 2
    assert np.allclose(arr[7, 10, :3], half, atol=1)  # 0.5 -> halfway
    assert img.pixel_color(10, 13).lower() == THEME.text.lower()
    wide = PixelImage(np.zeros((2, 4)), height=1.0)
    assert wide.image.width == pytest.approx(2.0)


def test_pixel_center_is_where_the_pixel_is_drawn(tmp_path):
    digit = np.zeros((28, 28))
    digit[3, 20] = 1.0  # one bright pixel
    img = PixelImage(digit, height=4.0).shift([1.0, -0.5, 0.0])
    centre = img.pixel_center(3, 20)
    corner = img.image.get_corner(np.array([-1.0, 1.0, 0.0]))
    assert centre[0] == pytest.approx(corner[0] + 20.5 * img.pixel_size)
    assert centre[1] == pytest.approx(corner[1] - 3.5 * img.pixel_size)
    assert np.allclose(img.pixel_center_of(3 * 28 + 20), centre)
    assert np.allclose(img.pixel_marker(3, 20).get_center(), centre)
    with pytest.raises(IndexError):
        img.pixel_center(28, 0)
    with tempconfig(dry_run_config(tmp_path)):
        camera = Camera()
        camera.capture_mobject(img.image)
        frame = camera.pixel_array
        x, y = camera.points_to_pixel_coords(img.image, np.array([centre]))[0]
        assert np.allclose(frame[y, x, :3], _rgb(THEME.text), atol=2)
        x, y = camera.points_to_pixel_coords(img.image, np.array([img.pixel_center(10, 10)]))[0]
        assert np.allclose(frame[y, x, :3], _rgb(THEME.background), atol=2)


def test_weight_image_colours_by_sign_and_size():
    W = np.zeros((3, 4))
    W[0, 0], W[1, 1], W[2, 2] = 2.0, -2.0, 1.0
    img = WeightImage(W, height=1.5)
    arr = img.image.pixel_array
    assert img.image.height == pytest.approx(1.5) and img.image.width == pytest.approx(2.0)
    assert np.allclose(arr[0, 0, :3], _rgb(THEME.positive), atol=0.5)
    assert np.allclose(arr[1, 1, :3], _rgb(THEME.negative), atol=0.5)
    assert np.allclose(arr[0, 1, :3], _rgb(THEME.background), atol=0.5)  # w = 0
    half = (_rgb(THEME.background) + _rgb(THEME.positive)) / 2
    assert np.allclose(arr[2, 2, :3], half, atol=1)  # |w| = half the largest
    # a given scale: |w| = 1 is full colour, larger values are clipped
    scaled = weight_rgba(W, scale=1.0)
    assert np.allclose(scaled[2, 2, :3], _rgb(THEME.positive), atol=0.5)
    assert np.allclose(scaled[0, 0, :3], _rgb(THEME.positive), atol=0.5)
    assert np.all(weight_rgba(np.zeros((2, 2)))[..., :3] == grey_rgba(np.zeros((2, 2)))[..., :3])
    green = weight_rgba(W, theme=theme_for("classic"))
    assert np.allclose(green[0, 0, :3], _rgb(theme_for("classic").positive), atol=0.5)


def test_product_image_is_weights_times_digit():
    model = _model()
    W = model.layers[0].W[5].reshape(28, 28)
    digit = _digit()
    prod = product_image(W, digit, height=2.0)
    assert isinstance(prod, WeightImage)
    assert np.array_equal(prod.values, W * digit)
    assert prod.scale_value == pytest.approx(np.abs(W).max())  # the weights' scale
    # same colouring as the weights: where the digit is 1 the pixels agree
    weights = WeightImage(W, height=2.0)
    on = digit == 1.0
    assert np.array_equal(prod.image.pixel_array[on], weights.image.pixel_array[on])
    off = digit == 0.0
    assert np.allclose(prod.image.pixel_array[off][:, :3], _rgb(THEME.background), atol=0.5)
    with pytest.raises(ValueError, match="same shape"):
        product_image(W, np.zeros((4, 4)))


def test_flatten_column_cells_follow_the_flat_pixels():
    digit = np.zeros((28, 28))
    digit[0, 1] = 1.0  # flat index 1
    digit[27, 27] = 1.0  # flat index 783
    img = PixelImage(digit, height=2.8)
    column, animations = flatten_column(img, head=4, tail=3, cell=0.25)
    assert isinstance(column, PixelColumn)
    assert column.indices == [0, 1, 2, 3, 781, 782, 783]
    assert len(animations) == 7 + 1  # a flight per cell, the dots fade in
    assert all(isinstance(a, ReplacementTransform) for a in animations[:-1])
    text = ManimColor(THEME.text).to_hex().lower()
    assert column.cell_of(1).get_fill_color().to_hex().lower() == text
    assert column.cell_of(783).get_fill_color().to_hex().lower() == text
    assert column.cell_of(0).get_fill_color().to_hex().lower() != text
    # top to bottom, the dots between head and tail
    ys = [c.get_center()[1] for c in column.cells]
    assert ys == sorted(ys, reverse=True)
    assert column.cells[3].get_center()[1] > column.dots.get_center()[1] > ys[4]
    # each flight starts at its pixel
    assert np.allclose(animations[1].mobject.get_center(), img.pixel_center_of(1))


# --- NetworkDiagram at 784-16-16-10 -------------------------------------------------
@pytest.fixture(scope="module")
def digits_diagram():
    model = _model()
    net = NetworkDiagram(SIZES, weights=[layer.W for layer in model.layers],
                         output_labels=[str(d) for d in range(10)], edge_width=(0.4, 2.5))
    return model, net


def test_big_layer_is_cut_with_a_brace(digits_diagram):
    _, net = digits_diagram
    assert [len(col) for col in net.layers] == [16, 16, 16, 10]
    assert net.shown[0] == [*range(8), *range(776, 784)]
    assert net.shown[1] == list(range(16))
    assert set(net.ellipses) == {0} and set(net.size_labels) == {0}
    assert net.size_labels[0].tex_string == "784"
    # the dots sit between neuron 7 and neuron 776, the label left of the brace
    ys = [c.get_center()[1] for c in net.layers[0]]
    assert ys == sorted(ys, reverse=True)
    assert ys[7] > net.ellipses[0].get_center()[1] > ys[8]
    assert net.size_labels[0].get_right()[0] < net.braces[0].get_left()[0] + 1e-6
    assert net.braces[0].get_right()[0] < net.layers[0].get_left()[0]
    assert net.node_of(0, 783) is net.node(0, 15)
    with pytest.raises(ValueError, match="not drawn"):
        net.node_of(0, 100)
    assert net.height <= 5.5 + 0.5  # the columns fit max_height, the brace adds little


def test_big_diagram_edges_only_between_drawn_neurons(digits_diagram):
    model, net = digits_diagram
    assert net.bundled  # 672 drawn edges > BUNDLE_OVER
    th = net.theme
    biggest = max(float(np.abs(layer.W).max()) for layer in model.layers)
    for k, n_edges in enumerate([16 * 16, 16 * 16, 10 * 16]):
        # every drawn edge is one straight cubic of one bundle; no bundle is empty
        assert sum(len(b.points) for b in net.edges[k]) == 4 * n_edges
        assert all(len(b.points) for b in net.edges[k])
        styles = {(b.get_stroke_color().to_hex(), b.get_stroke_width()) for b in net.edges[k]}
        assert len(styles) == len(net.edges[k]) <= 2 * WIDTH_LEVELS + 1
    W = model.layers[0].W
    step = 2.1 / (WIDTH_LEVELS - 1)
    for i, j in [(0, 0), (3, 9), (15, 15)]:
        w = W[net.shown[1][i], net.shown[0][j]]  # drawn -> true index
        bundle = net.edge_bundle(0, i, j)
        color = th.positive if w > 0 else th.negative
        assert bundle.get_stroke_color().to_hex().lower() == color.lower()
        # the width is |w| rounded to one of WIDTH_LEVELS steps
        assert bundle.get_stroke_width() == pytest.approx(0.4 + 2.1 * abs(w) / biggest,
                                                          abs=step / 2 + 1e-9)
        start, end = net.edge_ends(0, i, j)
        assert np.linalg.norm(start - net.node(0, j).get_center()) == pytest.approx(net.radius)
        assert np.linalg.norm(end - net.node(1, i).get_center()) == pytest.approx(net.radius)
        # the bundle really holds that segment
        ends = bundle.points.reshape(-1, 4, 3)[:, [0, 3]]
        assert np.isclose(ends, np.stack([start, end])).all(axis=(1, 2)).sum() == 1
    with pytest.raises(ValueError, match="bundles"):
        net.edge(0, 0, 0)


def test_bundled_edges_follow_the_diagram(digits_diagram):
    """After a move and a scale, new weights are bundled where the neurons now are,
    and the same network unbundled draws the same segments as Lines."""
    model, _ = digits_diagram
    weights = [layer.W for layer in model.layers]
    net = NetworkDiagram(SIZES, weights=weights).scale(0.5).shift(2 * RIGHT)
    net.set_weights([-w for w in weights])
    start, end = net.edge_ends(1, 2, 3)
    assert np.linalg.norm(start - net.node(1, 3).get_center()) == pytest.approx(net.radius / 2)
    bundle = net.edge_bundle(1, 2, 3)
    ends = bundle.points.reshape(-1, 4, 3)[:, [0, 3]]
    assert np.isclose(ends, np.stack([start, end])).all(axis=(1, 2)).sum() == 1
    flat = NetworkDiagram(SIZES, weights=weights, bundled=False)
    assert not flat.bundled and [len(g) for g in flat.edges] == [256, 256, 160]
    line = flat.edge(2, 9, 15)
    assert np.allclose(line.get_start_and_end(), flat.edge_ends(2, 9, 15))
    small = NetworkDiagram([2, 3, 1])
    assert not small.bundled  # chapters 1-5 keep a Line per weight


def test_activations_from_a_trace(digits_diagram):
    model, _ = digits_diagram
    net = NetworkDiagram(SIZES, weights=[layer.W for layer in model.layers],
                         output_labels=[str(d) for d in range(10)])
    rng = np.random.default_rng(3)
    image = rng.uniform(size=(28, 28))
    trace = model.trace(image.reshape(1, 784))
    steps = net.forward_pass(trace)
    assert [len(s) for s in steps] == [16, 16, 16, 10]
    for k in range(4):
        net.set_activations(k, trace.a(k))  # what the animations end in
    x = trace.a(0)[0]
    assert net.node(0, 9).get_fill_opacity() == pytest.approx(x[777])  # drawn 9 = pixel 777
    assert net.node(0, 2).get_fill_opacity() == pytest.approx(x[2])
    assert net.node(2, 4).get_fill_opacity() == pytest.approx(trace.a(2)[0, 4])
    out = trace.output[0]
    assert [c.get_fill_opacity() for c in net.layers[3]] == pytest.approx(out.tolist())
    assert net.node(1, 0).get_fill_color().to_hex().lower() == net.theme.text.lower()
    # the animations end where set_activations does
    anim = steps[0][9]
    anim.begin()
    anim.interpolate(1.0)
    assert anim.mobject.get_fill_opacity() == pytest.approx(x[777])
    with pytest.raises(ValueError, match="784 neurons"):
        net.set_activations(0, np.zeros(16))


def test_brightest_output_is_highlighted(digits_diagram):
    model, _ = digits_diagram
    net = NetworkDiagram(SIZES, weights=[layer.W for layer in model.layers],
                         output_labels=[str(d) for d in range(10)])
    out = np.full(10, 0.1)
    out[7] = 0.9
    net.set_activations(3, out)
    assert net.brightest() == 7
    animations = net.highlight_output()
    assert net.highlighted == 7 and len(animations) == 2
    assert np.allclose(net.highlight.get_center(), net.node(3, 7).get_center())
    assert net.highlight.get_stroke_color().to_hex().lower() == net.theme.accent.lower()
    label = animations[1]
    label.begin()
    label.finish()
    glyphs = net.output_labels[7].family_members_with_points()
    assert {g.get_fill_color().to_hex().lower() for g in glyphs} == {net.theme.accent.lower()}
    assert net.output_labels[7].get_left()[0] > net.node(3, 7).get_right()[0]
    # with a real trace: the argmax of nnmath's output
    trace = model.trace(_digit().reshape(1, 784))
    for step in net.forward_pass(trace):
        assert step
    net.highlight_output()
    assert net.highlighted == int(np.argmax(trace.output[0]))


def test_small_diagrams_are_not_cut():
    net = NetworkDiagram([2, 16, 1])
    assert net.shown == [[0, 1], list(range(16)), [0]]
    assert not net.ellipses and not len(net.braces) and not len(net.output_labels)
    assert len(net.submobjects) == 3  # edges, layers, node labels: as before
    cut = NetworkDiagram([20, 3], max_shown=6)
    assert cut.shown[0] == [0, 1, 2, 17, 18, 19]
    with pytest.raises(ValueError, match="output_labels"):
        NetworkDiagram([3, 2], output_labels=["a"])
