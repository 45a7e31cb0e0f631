"""Chapter 10's digits: the 8x8 data on chapter 6's split, the CNN and the dense network
beside it, and the committed pair in assets/digits_cnn_8x8.npz."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import numpy as np
import pytest

from nnmath import Network, conv_digits, digits
from nnmath.conv_digits import (
    DENSE_SIZES,
    TRAINING,
    DigitImages,
    TrainedConv,
    dense_accuracy,
    load_digits_8x8,
    load_trained,
    train_cnn,
    train_dense,
)
from nnmath.convolution import ConvNet

ROOT = Path(__file__).resolve().parents[2]
ASSET = ROOT / "assets" / "digits_cnn_8x8.npz"


@pytest.fixture(scope="module")
def data() -> DigitImages:
    return load_digits_8x8()


# --- the data ----------------------------------------------------------------------------


def test_images_are_sklearns_8x8_digits_scaled_to_0_1(data):
    from sklearn.datasets import load_digits

    source = load_digits()
    assert data.X_train.shape == (1347, 8, 8) and data.X_test.shape == (450, 8, 8)
    for X in (data.X_train, data.X_test):
        assert X.min() == 0.0 and X.max() == 1.0 and not X.flags.writeable
    np.testing.assert_array_equal(data.X_test, source.images[data.test_indices] / 16)
    np.testing.assert_array_equal(data.y_test, source.target[data.test_indices])
    train_rows = np.setdiff1d(np.arange(1797), data.test_indices)
    np.testing.assert_array_equal(data.X_train, source.images[train_rows] / 16)
    np.testing.assert_array_equal(data.y_train, source.target[train_rows])


def test_the_split_is_chapter_6s(data):
    chapter6 = digits.load_digits_784()
    np.testing.assert_array_equal(data.test_indices, chapter6.test_indices)
    np.testing.assert_array_equal(data.y_test, chapter6.y_test)
    np.testing.assert_array_equal(data.y_train, chapter6.y_train)
    other = load_digits_8x8(seed=1)
    np.testing.assert_array_equal(other.test_indices, digits.load_digits_784(seed=1).test_indices)
    assert not np.array_equal(other.test_indices, data.test_indices)
    assert load_digits_8x8() == data


@pytest.mark.parametrize("bad", [0, 1, 1.5, True, "0.25"])
def test_test_size_must_be_a_fraction(bad):
    with pytest.raises(ValueError, match="test_size must be a fraction between 0 and 1"):
        load_digits_8x8(test_size=bad)


def test_digit_images_want_images_and_one_label_each():
    with pytest.raises(ValueError, match=r"X_train must hold images of shape \(n, h, w\)"):
        DigitImages(np.zeros((3, 64)), [0, 1, 2], np.zeros((1, 8, 8)), [0], [0])
    with pytest.raises(ValueError, match="3 training images but 2 labels"):
        DigitImages(np.zeros((3, 8, 8)), [0, 1], np.zeros((1, 8, 8)), [0], [0])


# --- training (short runs; the committed settings are checked by make weights --check) ------


def _small(data: DigitImages, n: int = 100) -> DigitImages:
    return DigitImages(data.X_train[:n], data.y_train[:n], data.X_test[:50], data.y_test[:50],
                       data.test_indices[:50])


def test_train_cnn_is_seeded_and_uses_the_chapters_kernels(data):
    small = _small(data)
    first = train_cnn(small, n_kernels=2, epochs=2, seed=3)
    assert first.network == train_cnn(small, n_kernels=2, epochs=2, seed=3).network
    assert first.network != train_cnn(small, n_kernels=2, epochs=2, seed=4).network
    assert first.network.kernel_size == (TRAINING["kernel_size"],) * 2
    assert first.network.pool == TRAINING["pool"] and first.network.fits((8, 8))


def test_train_dense_is_seeded_and_has_the_comparison_layers(data):
    small = _small(data)
    first = train_dense(small, epochs=2, seed=3)
    assert first.network == train_dense(small, epochs=2, seed=3).network
    assert first.network != train_dense(small, epochs=2, seed=4).network
    assert first.network.sizes == DENSE_SIZES == (64, 32, 10)
    assert first.network.activations == ("relu", "softmax")
    assert first.history[-1] < first.history[0]


def test_dense_accuracy_flattens_the_images():
    net = Network.random(DENSE_SIZES, ("relu", "softmax"), seed=0)
    images = np.random.default_rng(0).uniform(size=(5, 8, 8))
    predicted = np.argmax(net.forward(images.reshape(5, 64)), axis=1)
    assert dense_accuracy(net, images, predicted) == 1.0
    assert dense_accuracy(net, images, (predicted + 1) % 10) == 0.0
    with pytest.raises(ValueError, match="got 5 images but labels of shape"):
        dense_accuracy(net, images, predicted[:4])


# --- the committed pair --------------------------------------------------------------------


@pytest.fixture(scope="module")
def trained() -> TrainedConv:
    if not ASSET.is_file():
        pytest.fail(f"{ASSET} is missing: make weights writes it")
    return load_trained()


def test_the_first_three_fields_are_network_images_labels(trained):
    names = [f.name for f in dataclasses.fields(TrainedConv)]
    assert names == ["network", "images", "labels", "test_indices", "accuracy", "dense",
                     "dense_accuracy"]
    network, images, labels = (getattr(trained, name) for name in names[:3])
    assert isinstance(network, ConvNet) and isinstance(trained.dense, Network)
    assert images.shape == (450, 8, 8) and images.dtype == np.float64
    assert 0.0 <= images.min() and images.max() <= 1.0
    assert labels.shape == (450,) and np.issubdtype(labels.dtype, np.integer)
    for arr in (images, labels, trained.test_indices, network.kernels, network.W):
        assert not arr.flags.writeable


def test_the_asset_holds_the_held_out_set(trained, data):
    np.testing.assert_array_equal(trained.test_indices, data.test_indices)
    np.testing.assert_array_equal(trained.test_indices, digits.load_digits_784().test_indices)
    np.testing.assert_array_equal(trained.labels, data.y_test)
    np.testing.assert_array_equal(trained.images, data.X_test.astype(np.float32))
    with np.load(ASSET) as stored:
        assert stored["images"].dtype == np.float32 and stored["labels"].dtype == np.uint8
        assert stored["test_indices"].dtype == np.int32
        assert set(stored.files) == set(conv_digits.ARRAYS)
    assert ASSET.stat().st_size < 1_000_000


def test_the_stored_accuracies_are_measured_on_the_stored_images(trained):
    network = trained.network
    assert network.n_kernels == TRAINING["n_kernels"] and network.kernel_size == (3, 3)
    assert network.pool == 2 and network.n_classes == 10 and network.fits((8, 8))
    assert network.accuracy(trained.images, trained.labels) == trained.accuracy
    predicted = np.argmax(network.forward(trained.images), axis=1)
    assert float(np.mean(predicted == trained.labels)) == trained.accuracy
    assert trained.accuracy >= 0.97  # the chapter's requirement
    assert trained.dense.sizes == DENSE_SIZES
    assert dense_accuracy(trained.dense, trained.images, trained.labels) == trained.dense_accuracy
    assert trained.network.parameter_count < trained.dense.parameter_count


def test_load_trained_is_read_once_per_file(trained, tmp_path):
    assert load_trained() is trained and load_trained(str(ASSET)) is trained
    copy = tmp_path / "copy.npz"
    shutil.copyfile(ASSET, copy)
    assert load_trained(copy) == trained


def test_a_missing_or_incomplete_file_is_one_line_naming_it_and_make_weights(tmp_path):
    missing = tmp_path / "nothing.npz"
    with pytest.raises(ValueError, match="does not exist; `make weights` writes it") as info:
        load_trained(missing)
    assert str(missing) in str(info.value) and "\n" not in str(info.value)
    partial = tmp_path / "partial.npz"
    with np.load(ASSET) as stored:
        np.savez(partial, **{k: stored[k] for k in stored.files if k not in ("W", "dense_b2")})
    with pytest.raises(ValueError, match="lacks W, dense_b2; `make weights` remakes it") as info:
        load_trained(partial)
    assert str(partial) in str(info.value) and "\n" not in str(info.value)


def test_the_readme_says_what_the_asset_holds(trained):
    """The README's figures for chapter 10's networks are those of the committed file."""
    readme = (ROOT / "README.md").read_text()
    dense = sum(layer.W.size + layer.b.size for layer in trained.dense.layers)
    assert (f"{trained.network.parameter_count:,} parameters, "
            f"{100 * trained.accuracy:.2f} % held-out") in readme
    assert f"({dense:,} parameters, {100 * trained.dense_accuracy:.2f} %)" in readme
    assert f"{trained.network.n_kernels} kernels of 3×3" in readme
