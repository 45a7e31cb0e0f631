"""nnmath.fourpixel: the four-pixel camera's images, the hand-set network, receptive
fields computed from the weights, and the same network learnt by backprop."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import Network, fourpixel
from nnmath.fourpixel import (
    CLASSES,
    classify,
    flatten,
    hand_set_network,
    pure_images,
    receptive_field,
    train_camera,
    training_set,
)
from nnmath.training import gradients, mean_loss


def test_two_pure_black_and_white_images_a_class():
    images = pure_images()
    assert tuple(images) == CLASSES
    seen = set()
    for pair in images.values():
        assert len(pair) == 2
        for image in pair:
            assert image.shape == (2, 2) and set(np.unique(image)) <= {-1.0, 1.0}
            seen.add(image.tobytes())
        np.testing.assert_array_equal(pair[0], -pair[1])  # the two are opposites
    assert len(seen) == 8
    a, b, c, d = (flatten(image) for image in images["solid"][:1] + images["vertical"][:1]
                  + images["diagonal"][:1] + images["horizontal"][:1])
    assert len(set(a)) == 1                                    # solid: all alike
    assert b[0] == b[2] and b[1] == b[3] and b[0] != b[1]      # vertical: columns differ
    assert c[0] == c[3] and c[1] == c[2] and c[0] != c[1]      # diagonal
    assert d[0] == d[1] and d[2] == d[3] and d[0] != d[2]      # horizontal: rows differ


def test_hand_set_network_is_an_ordinary_network_of_plus_minus_one_and_zero():
    net = hand_set_network()
    assert isinstance(net, Network)
    assert net.sizes == fourpixel.ARCHITECTURE[0]
    assert tuple(layer.activation for layer in net.layers) == fourpixel.ARCHITECTURE[1]
    for layer in net.layers:
        assert set(np.unique(layer.W)) <= {-1.0, 0.0, 1.0}
        np.testing.assert_array_equal(layer.b, 0)


def test_it_reads_every_pure_image_and_the_dark_top_image():
    for name, images in pure_images().items():
        for image in images:
            assert classify(image) == name
    dark_top = np.array([[-1.0, -1.0], [1.0, 1.0]])
    assert classify(dark_top) == "horizontal"
    out = hand_set_network().forward(flatten(dark_top)[None, :])[0]
    assert out[CLASSES.index("horizontal")] > 0.9
    np.testing.assert_array_equal(np.delete(out, CLASSES.index("horizontal")), 0)


def test_receptive_fields_follow_the_weights():
    net = hand_set_network()
    # pixels: each input neuron cares about its own pixel only
    field = receptive_field(net, 0, 1)
    np.testing.assert_array_equal(field.patterns[0], [[0, 1], [0, 0]])
    # first layer: a column's two pixels; the other column ignored
    np.testing.assert_array_equal(receptive_field(net, 1, 0).patterns[0], [[1, 0], [1, 0]])
    np.testing.assert_array_equal(receptive_field(net, 1, 2).patterns[0], [[1, 0], [-1, 0]])
    assert receptive_field(net, 1, 2).ignored.tolist() == [[False, True], [False, True]]
    # second layer: whole-image patterns; the ReLU layer: patterns and their opposites
    np.testing.assert_array_equal(receptive_field(net, 2, 3).patterns[0], [[1, 1], [-1, -1]])
    relu = [receptive_field(net, 3, k).patterns[0] for k in (6, 7)]
    np.testing.assert_array_equal(relu[0], -relu[1])
    # outputs: a class's pattern or its opposite, both pure images of that class
    for k, name in enumerate(CLASSES):
        patterns = receptive_field(net, 4, k).patterns
        assert {p.tobytes() for p in patterns} == {i.tobytes() for i in pure_images()[name]}
    # on a first-layer neuron, the field is the sign of its weights (0 = ignored)
    for k, row in enumerate(net.layers[0].W):
        np.testing.assert_array_equal(receptive_field(net, 1, k).patterns[0].reshape(4),
                                      np.sign(row))


def test_backprop_on_this_network_matches_finite_differences():
    X, Y, _ = training_set(noisy_copies=1, seed=1)
    net = Network.random(*fourpixel.ARCHITECTURE, seed=2)
    grads = gradients(net, X, Y)
    h = 1e-6
    for k, (dW, _db) in enumerate(grads):
        for i, j in [(0, 0), (dW.shape[0] - 1, dW.shape[1] - 1)]:
            def loss_at(delta: float, k=k, i=i, j=j) -> float:
                layers = list(net.layers)
                W = layers[k].W.copy()
                W[i, j] += delta
                layers[k] = type(layers[k])(W, layers[k].b, layers[k].activation)
                return mean_loss(Network(tuple(layers)), X, Y)
            numeric = (loss_at(h) - loss_at(-h)) / (2 * h)
            assert dW[i, j] == pytest.approx(numeric, abs=1e-6)


def test_learnt_from_random_weights_it_reads_every_pure_image():
    trained = train_camera()
    history = trained.result.history
    assert history[-1] < 0.01 < history[0] / 50  # the error falls a long way
    assert trained.accuracy_on_pure() == 1.0
    assert trained.snapshot_epochs[-1] == len(history) - 1
    assert trained.snapshots[-1] == trained.network
    assert trained.start != trained.network
    X, Y, names = training_set()
    assert X.shape == (40, 4) and Y.shape == (40, 4) and len(names) == 40
    assert np.all(np.abs(X) <= 1)


@pytest.mark.parametrize(("image", "message"), [
    ([[1, 1, 1, 1]], "2x2"),
    ([[2, 0], [0, 0]], "between -1"),
    ([[np.nan, 0], [0, 0]], "NaN"),
])
def test_bad_images_are_refused(image, message):
    with pytest.raises(ValueError, match=message):
        classify(image)


def test_bad_neurons_and_settings_are_refused():
    net = hand_set_network()
    with pytest.raises(ValueError, match="layer must be 0"):
        receptive_field(net, 5, 0)
    with pytest.raises(ValueError, match="neurons 0 to 7"):
        receptive_field(net, 3, 8)
    with pytest.raises(ValueError, match="noise"):
        training_set(noise=1.5)
    with pytest.raises(ValueError, match="unknown class"):
        fourpixel.one_hot("round")
