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


# --- which pictures belong to a class, and their words --------------------------------


def test_half_the_black_and_white_images_belong_to_a_class():
    every = fourpixel.black_and_white_images()
    assert len({im.tobytes() for im in every}) == len(every) == 16
    classed = [im for im in every if fourpixel.class_of(im) is not None]
    unclassed = [im for im in every if fourpixel.class_of(im) is None]
    assert len(classed) == len(unclassed) == 8
    for name, pair in pure_images().items():
        assert [fourpixel.class_of(im) for im in pair] == [name, name]
    for im in unclassed:  # one pixel unlike the other three
        assert sorted([int(np.sum(im > 0)), int(np.sum(im < 0))]) == [1, 3]
    assert fourpixel.class_of([[0.9, 1], [-1, -1]]) is None  # not pure: no class


@pytest.mark.parametrize(("image", "words"), [
    ([[-1, -1], [1, 1]], "a black top row and a white bottom row"),
    ([[0, 0], [0, 0]], "all four pixels grey"),
    ([[1, -1], [1, -1]], "a white left column and a black right column"),
    ([[1, -1], [-1, 1]], "a top row of white and black and a bottom row of black and white, "
                         "left to right"),
    ([[0.3, -0.2], [1, 1]], "a top row of light grey and dark grey and a bottom row of white "
                            "and white, left to right"),
])
def test_describe_names_rows_columns_or_pixels(image, words):
    assert fourpixel.describe(image) == words


# --- the held-out test, the batches, the nudging count ------------------------------------


def test_the_test_set_is_seeded_and_never_trained_on():
    X, Y, names = fourpixel.test_set(copies=5, seed=3)
    assert X.shape == (40, 4) and Y.shape == (40, 4) and len(names) == 40
    np.testing.assert_array_equal(X, fourpixel.test_set(copies=5, seed=3)[0])
    train_X, _, _ = training_set(noisy_copies=4, seed=3)
    distance = np.abs(X[:, None, :] - train_X[None, :, :]).max(axis=2)
    assert distance.min() > 1e-3  # no test image is a training image
    # each is a pure image of its class moved towards grey by at most NOISE
    for x, name in zip(X, names, strict=True):
        pure = [flatten(p) for p in pure_images()[name]]
        ratios = [x / p for p in pure if np.all(np.sign(x) == p)]
        assert len(ratios) == 1
        assert np.all((ratios[0] >= 1 - fourpixel.NOISE) & (ratios[0] <= 1))


def test_the_trained_camera_reads_images_it_never_saw():
    trained = train_camera()
    X, _, names = fourpixel.test_set(copies=5, seed=trained.seed)
    assert trained.score(X, names) == 40
    assert trained.examples == 40 and trained.batch_size == fourpixel.BATCH_SIZE


@pytest.mark.parametrize(("batch_size", "noisy_copies", "want"), [
    (8, 4, (8, 8, 8, 8, 8)),
    (12, 4, (12, 12, 12, 4)),
    (64, 4, (40,)),
    (8, 0, (8,)),
])
def test_batches_are_the_weight_updates_of_an_epoch(batch_size, noisy_copies, want,
                                                     monkeypatch):
    """Counted from the training itself: one call of the step per batch."""
    import nnmath.training as training

    sizes = []
    real = training._fast_step

    def counting(net, params, X, Y, lr, loss):
        sizes.append(len(X))
        return real(net, params, X, Y, lr, loss)

    monkeypatch.setattr(training, "_fast_step", counting)
    trained = train_camera(epochs=1, snapshots=1, batch_size=batch_size,
                           noisy_copies=noisy_copies)
    assert sorted(sizes, reverse=True) == sorted(want, reverse=True)
    assert trained.batches == want


def test_few_epochs_keep_snapshots_after_training_started():
    trained = train_camera(epochs=2, snapshots=6)
    assert trained.snapshot_epochs == (1, 2)


def test_nudging_needs_a_baseline_pass_and_one_per_parameter():
    assert fourpixel.nudging_passes(fourpixel.ARCHITECTURE[0]) == 1 + 96 + 20 == 117
    assert fourpixel.nudging_passes((784, 16, 16, 10)) == 1 + 13002
