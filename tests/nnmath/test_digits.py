"""Chapter 6's digits: the 28x28 data, the IDX reader, training, and the committed weights."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from nnmath import Network, digits
from nnmath.digits import (
    DIGITS_SIZES,
    DigitsData,
    accuracy,
    load_digits_784,
    load_idx_dir,
    one_hot,
    predict,
    read_idx,
    train_digits,
)
from nnmath.training import mean_loss

ROOT = Path(__file__).resolve().parents[2]
ASSET = ROOT / "assets" / "digits_784_16_16_10.npz"


@pytest.fixture(scope="module")
def data() -> DigitsData:
    return load_digits_784()


# --- the data --------------------------------------------------------------------------


def test_shapes_and_range(data):
    n = len(data.y_train) + len(data.y_test)
    assert n == 1797
    assert data.X_train.shape == (len(data.y_train), 784)
    assert data.X_test.shape == (len(data.y_test), 784)
    for X in (data.X_train, data.X_test):
        assert X.min() == 0.0 and X.max() == 1.0
    assert set(np.unique(data.y_train)) == set(range(10)) == set(np.unique(data.y_test))
    assert abs(len(data.y_test) / n - 0.25) < 0.01


def test_the_split_is_stratified_and_partitions_the_rows(data):
    from sklearn.datasets import load_digits

    target = load_digits().target
    assert np.all(np.diff(data.test_indices) > 0)  # ascending: load_digits order
    assert np.array_equal(data.y_test, target[data.test_indices])
    train_rows = np.setdiff1d(np.arange(len(target)), data.test_indices)
    assert np.array_equal(data.y_train, target[train_rows])
    per_class = np.bincount(data.y_test) / np.bincount(target)
    assert np.all(np.abs(per_class - 0.25) < 0.02)


def test_images_are_the_upscaled_originals(data):
    from sklearn.datasets import load_digits

    images = load_digits().images
    i = int(data.test_indices[0])
    upscaled = data.X_test[0].reshape(28, 28)
    # corners of the bilinear zoom are the original corner pixels
    assert upscaled[0, 0] == images[i][0, 0] / 16 and upscaled[-1, -1] == images[i][-1, -1] / 16
    # 4x4 blocks average back to roughly the original
    coarse = upscaled.reshape(7, 4, 7, 4).mean(axis=(1, 3))
    assert coarse.max() > 0.5


def test_the_split_is_deterministic_for_a_seed(data):
    assert load_digits_784(seed=0) == data
    other = load_digits_784(seed=1)
    assert not np.array_equal(other.test_indices, data.test_indices)
    assert len(load_digits_784(test_size=0.5).y_test) == pytest.approx(1797 / 2, abs=10)


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1, True, "0.25"])
def test_test_size_must_be_a_fraction(bad):
    with pytest.raises(ValueError, match="test_size"):
        load_digits_784(test_size=bad)


def test_one_hot():
    assert one_hot([0, 9, 3]).tolist() == np.eye(10)[[0, 9, 3]].tolist()
    assert one_hot(np.array([1, 0]), 2).tolist() == [[0.0, 1.0], [1.0, 0.0]]
    assert one_hot(np.array([], dtype=int)).shape == (0, 10)
    with pytest.raises(ValueError, match=r"0\.\.9"):
        one_hot([10])
    with pytest.raises(ValueError, match="integers"):
        one_hot([0.5])


def test_predict_and_accuracy():
    net = Network.random((3, 2), "sigmoid", seed=0)
    X = np.eye(3)
    y = predict(net, X)
    assert y.shape == (3,) and accuracy(net, X, y) == 1.0
    assert accuracy(net, X, 1 - y) == 0.0
    with pytest.raises(ValueError, match="labels"):
        accuracy(net, X, y[:2])


# --- IDX files ---------------------------------------------------------------------------


def _idx(array: np.ndarray, type_byte: int = 0x08) -> bytes:
    header = bytes([0, 0, type_byte, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def _write(path: Path, payload: bytes) -> Path:
    path.write_bytes(gzip.compress(payload) if path.suffix == ".gz" else payload)
    return path


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_read_idx_round_trips(tmp_path, suffix):
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    got = read_idx(_write(tmp_path / f"img{suffix}", _idx(images)))
    assert got.dtype == np.uint8 and np.array_equal(got, images)
    wide = np.array([[-1, 70000]], dtype=np.int32)
    assert np.array_equal(read_idx(_write(tmp_path / f"i32{suffix}", _idx(wide, 0x0C))), wide)


def test_read_idx_errors_are_one_line_and_name_the_file(tmp_path):
    good = _idx(np.zeros((2, 2, 2), dtype=np.uint8))
    cases = {
        "short": (good[:-1], "truncated"),
        "header": (good[:6], "truncated"),
        "magic": (b"\x12\x34" + good[2:], "not an IDX file"),
        "gz.gz": (None, "truncated or corrupt gzip"),
    }
    for name, (payload, message) in cases.items():
        path = tmp_path / name
        if payload is None:
            path.write_bytes(gzip.compress(good)[:-5])
        else:
            path.write_bytes(payload)
        with pytest.raises(ValueError, match=message) as info:
            read_idx(path)
        assert str(path) in str(info.value) and "\n" not in str(info.value)


def _mnist_dir(tmp_path: Path, n_train: int = 5, n_test: int = 3, gz: bool = False) -> Path:
    rng = np.random.default_rng(0)
    ext = ".gz" if gz else ""
    for split, n in (("train", n_train), ("t10k", n_test)):
        images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, size=n, dtype=np.uint8)
        _write(tmp_path / f"{split}-images-idx3-ubyte{ext}", _idx(images))
        _write(tmp_path / f"{split}-labels-idx1-ubyte{ext}", _idx(labels))
    return tmp_path


@pytest.mark.parametrize("gz", [False, True])
def test_load_idx_dir(tmp_path, gz):
    data = load_idx_dir(_mnist_dir(tmp_path, gz=gz))
    assert data.X_train.shape == (5, 784) and data.X_test.shape == (3, 784)
    assert 0 <= data.X_train.min() and data.X_train.max() <= 1
    raw = read_idx(next(tmp_path.glob("train-images*")))
    assert np.array_equal(data.X_train, raw.reshape(5, -1) / 255)
    assert data.test_indices.tolist() == [0, 1, 2]


def test_load_idx_dir_refuses_mismatched_counts(tmp_path):
    _mnist_dir(tmp_path)
    labels = tmp_path / "t10k-labels-idx1-ubyte"
    _write(labels, _idx(np.zeros(4, dtype=np.uint8)))
    with pytest.raises(ValueError, match="4 labels but t10k-images-idx3-ubyte holds 3") as info:
        load_idx_dir(tmp_path)
    assert str(labels) in str(info.value) and "\n" not in str(info.value)


def test_load_idx_dir_names_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte"):
        load_idx_dir(tmp_path)


# --- training ----------------------------------------------------------------------------


def _small(data: DigitsData, n: int = 200) -> DigitsData:
    return DigitsData(data.X_train[:n], data.y_train[:n], data.X_test[:100], data.y_test[:100],
                      data.test_indices[:100])


def test_a_short_run_is_deterministic_and_lowers_the_loss(data):
    small = _small(data)
    first = train_digits(small, epochs=3, lr=0.1, batch_size=16, seed=3)
    again = train_digits(small, epochs=3, lr=0.1, batch_size=16, seed=3)
    other = train_digits(small, epochs=3, lr=0.1, batch_size=16, seed=4)
    assert first.network == again.network and first.history == again.history
    assert first.network != other.network
    assert first.network.sizes == DIGITS_SIZES
    assert all(layer.activation == "sigmoid" for layer in first.network.layers)
    assert first.history[-1] < first.history[0]


def test_on_epoch_sees_every_epoch(data):
    seen = []
    result = train_digits(_small(data, 50), epochs=2, seed=0,
                          on_epoch=lambda e, net, loss: seen.append((e, loss)))
    assert [e for e, _ in seen] == [1, 2] and [loss for _, loss in seen] == list(result.history[1:])


# --- the committed weights -----------------------------------------------------------------


@pytest.fixture(scope="module")
def asset():
    if not ASSET.is_file():
        pytest.fail(f"{ASSET} is missing: make weights writes it")
    with np.load(ASSET) as stored:
        return {name: stored[name] for name in stored.files}


def _network(asset) -> Network:
    from nnmath import Layer

    return Network(tuple(Layer(asset[f"W{k}"], asset[f"b{k}"], "sigmoid") for k in (1, 2, 3)))


def test_asset_shapes(asset):
    shapes = {name: asset[name].shape for name in ("W1", "b1", "W2", "b2", "W3", "b3")}
    assert shapes == {"W1": (16, 784), "b1": (16,), "W2": (16, 16), "b2": (16,),
                      "W3": (10, 16), "b3": (10,)}
    n = len(asset["test_indices"])
    assert asset["X_test"].shape == (n, 784) and asset["y_test"].shape == (n,)
    assert ASSET.stat().st_size < 2_000_000


def test_asset_holds_the_held_out_set(asset, data):
    assert np.array_equal(asset["test_indices"], data.test_indices)
    assert np.array_equal(asset["y_test"], data.y_test)
    assert np.array_equal(asset["X_test"], data.X_test.astype(np.float32))
    np.testing.assert_allclose(asset["X_test"], data.X_test, atol=1e-7)


def test_asset_reaches_its_stated_accuracy(asset):
    net = _network(asset)
    got = accuracy(net, asset["X_test"], asset["y_test"])
    assert got == pytest.approx(float(asset["accuracy"])) and got >= 0.90
    targets = one_hot(asset["y_test"].astype(np.int64))
    assert mean_loss(net, asset["X_test"], targets, "cross_entropy") < 1.0


def test_load_trained_gives_the_committed_network_and_its_accuracy(tmp_path):
    trained = digits.load_trained()
    assert trained.network.sizes == (784, 16, 16, 10)
    assert trained.network.activations == ("sigmoid",) * 3
    assert digits.accuracy(trained.network, trained.X_test, trained.y_test) == trained.accuracy
    with pytest.raises(ValueError, match="does not exist; `make weights` writes it"):
        digits.load_trained(tmp_path / "none.npz")
    partial = tmp_path / "partial.npz"
    np.savez(partial, W1=np.zeros((16, 784)))
    with pytest.raises(ValueError, match="lacks b1, W2"):
        digits.load_trained(partial)


# --- chapter 6, scenes 1-3 --------------------------------------------------------------


def test_extreme_pixels_finds_a_dark_pixel_by_the_ink_and_the_brightest():
    image = np.zeros((5, 5))
    image[1:4, 1] = 1.0
    image[1:4, 3] = 0.5
    assert digits.extreme_pixels(image) == ((2, 2), (1, 1))
    trained = digits.load_trained()
    grid = trained.X_test[3].reshape(28, 28)
    dark, bright = digits.extreme_pixels(grid)
    assert grid[dark] == grid.min() and grid[bright] == grid.max()
    with pytest.raises(ValueError, match="all black"):
        digits.extreme_pixels(np.zeros((3, 3)))


def test_misread_lists_the_held_out_digits_read_wrong():
    trained = digits.load_trained()
    wrong = digits.misread(trained)
    predicted = predict(trained.network, trained.X_test)
    assert np.all(predicted[wrong] != trained.y_test[wrong])
    assert np.all(np.diff(wrong) > 0)
    assert 1 - len(wrong) / len(trained.y_test) == pytest.approx(trained.accuracy)


def test_neuron_input_is_the_first_layer_weighted_input():
    trained = digits.load_trained()
    layer = trained.network.layers[0]
    X = trained.X_test[:5]
    z = trained.network.trace(X).z(1)
    for neuron in (0, 7, 15):
        got = digits.neuron_input(layer.W[neuron], layer.b[neuron], X)
        np.testing.assert_allclose(got, z[:, neuron], atol=1e-9)
    one = digits.neuron_input(layer.W[0].reshape(28, 28), layer.b[0], X[0].reshape(28, 28))
    np.testing.assert_allclose(one, z[:1, 0], atol=1e-9)
    with pytest.raises(ValueError, match="rows of 784"):
        digits.neuron_input(layer.W[0], 0.0, np.ones(5))


def test_edge_detector_stripe_border_and_balance():
    grid = digits.edge_detector(14, 2)
    assert grid.shape == (28, 28)
    assert np.all(grid[14:16, 4:24] == 1.0)
    assert np.all(grid[12:14, 4:24] == -0.5) and np.all(grid[16:18, 4:24] == -0.5)
    assert np.all(grid[:12] == 0) and np.all(grid[18:] == 0) and np.all(grid[:, :4] == 0)
    assert grid.sum() == 0  # an evenly lit image gives 0
    bar = np.zeros((28, 28))
    bar[14:16, 4:24] = 1.0
    assert digits.neuron_input(grid, 0.0, bar)[0] == 40.0
    with pytest.raises(ValueError, match="do not fit"):
        digits.edge_detector(1, 2)


def test_pixel_products_are_what_the_neuron_adds_up():
    rng = np.random.default_rng(0)
    w, x = rng.normal(size=(28, 28)), rng.uniform(size=(28, 28))
    np.testing.assert_array_equal(digits.pixel_products(w, x), w * x)
    assert digits.pixel_products(w, x).sum() + 0.5 == pytest.approx(
        float(digits.neuron_input(w, 0.5, x)[0]))
    with pytest.raises(ValueError, match=r"weights \(28, 28\) and image \(8, 8\) must have"):
        digits.pixel_products(w, np.zeros((8, 8)))


# --- where the digits come from; what the first layer's weights look like -----------------


def _zoomed_units() -> np.ndarray:
    """Each of the 64 one-pixel 8x8 images zoomed to 28x28 directly with scipy (not through
    nnmath), one per row: they span the enlarged images."""
    from scipy.ndimage import zoom

    return np.stack([zoom(np.eye(64)[k].reshape(8, 8), 3.5, order=1).ravel()
                     for k in range(64)])


def _share_by_lstsq(rows: np.ndarray) -> np.ndarray:
    """Each row's share of its sum of squares in that span, by least squares."""
    units = _zoomed_units()
    coef, *_ = np.linalg.lstsq(units.T, rows.T, rcond=None)
    inside = (units.T @ coef).T
    return (inside ** 2).sum(axis=1) / (rows ** 2).sum(axis=1)


def test_enlarged_basis_is_orthonormal_and_spans_the_enlarged_images():
    basis = digits.enlarged_basis()
    assert basis.shape == (784, 64)
    np.testing.assert_allclose(basis.T @ basis, np.eye(64), atol=1e-12)
    units = _zoomed_units()
    np.testing.assert_allclose(basis @ (basis.T @ units.T), units.T, atol=1e-12)
    with pytest.raises(ValueError, match="low must be"):
        digits.enlarged_basis(0)


def test_the_held_out_digits_are_enlarged_8x8_images_and_mnist_like_ones_are_not(tmp_path):
    trained = digits.load_trained()
    assert digits.is_enlarged(trained.X_test)  # stored as float32
    assert digits.is_enlarged(load_digits_784().X_train)
    np.testing.assert_allclose(_share_by_lstsq(trained.X_test.astype(float)), 1, atol=1e-9)
    mnist_like = load_idx_dir(_mnist_dir(tmp_path))
    assert not digits.is_enlarged(mnist_like.X_test)
    sharp = trained.X_test[:1].astype(float).copy()
    sharp[0, 14 * 28 + 14] += 0.5  # one pixel changed: no longer an enlarged image
    assert not digits.is_enlarged(sharp)


def test_the_held_out_digits_span_58_dimensions():
    X = digits.load_trained().X_test.astype(float)
    values = np.linalg.svd(X, compute_uv=False)
    assert values[57] / values[0] > 1e-4 > 1e-8 > values[58] / values[0]  # a clear gap
    assert digits.spanned_dimension(X) == 58 == np.linalg.matrix_rank(X, tol=1e-6 * values[0])
    assert digits.spanned_dimension(np.zeros((3, 4))) == 0


def test_share_in_enlarged_matches_least_squares_and_noise_gets_about_64_of_784():
    W = digits.load_trained().network.layers[0].W
    share = digits.share_in_enlarged(W)
    np.testing.assert_allclose(share, _share_by_lstsq(W), atol=1e-9)
    assert 0.89 < share.min() < 0.90 and 0.96 < share.max() < 0.97  # "90 to 96 percent"
    noise = np.random.default_rng(0).normal(size=(200, 784))
    assert abs(digits.share_in_enlarged(noise).mean() - 64 / 784) < 0.01
    assert digits.share_in_enlarged(np.zeros(784)).tolist() == [1.0]


def test_the_part_outside_the_enlarged_space_is_the_random_start_training_never_touched():
    """What LayersOfAbstraction says of the speckle: gradient descent changes W1 by
    combinations of training images, all in the enlarged space, so the rest of each row
    is the row ``Network.random`` drew (the committed weights: seed 0, as make weights)."""
    from nnmath._validate import as_generator

    start = Network.random(DIGITS_SIZES, "sigmoid", seed=as_generator(0)).layers[0].W
    trained = digits.load_trained().network.layers[0].W
    basis = digits.enlarged_basis()

    def outside(W):
        return W - (W @ basis) @ basis.T

    np.testing.assert_allclose(outside(trained), outside(start), atol=1e-12)
    assert not np.allclose(trained, start)


def test_neighbour_correlation_by_hand():
    rng = np.random.default_rng(1)
    grid = rng.normal(size=(28, 28))
    right = np.corrcoef(np.r_[grid[:, :-1].ravel(), grid[:-1, :].ravel()],
                        np.r_[grid[:, 1:].ravel(), grid[1:, :].ravel()])[0, 1]
    assert digits.neighbour_correlation(grid.reshape(1, -1))[0] == pytest.approx(right)
    assert abs(right) < 0.1  # noise
    W = digits.load_trained().network.layers[0].W
    r = digits.neighbour_correlation(W)
    assert r.shape == (16,) and 0.80 < r.min() and r.max() < 0.89
    with pytest.raises(ValueError, match="square"):
        digits.neighbour_correlation(np.ones((1, 5)))


def test_weight_texture_of_the_trained_and_of_a_random_first_layer():
    trained = digits.load_trained()
    W = trained.network.layers[0].W
    texture = digits.weight_texture(W, trained.X_test)
    assert texture.enlarged and texture.smooth and not texture.noisy
    np.testing.assert_array_equal(texture.share, digits.share_in_enlarged(W))
    start = Network.random(DIGITS_SIZES, "sigmoid", seed=0).layers[0].W
    random = digits.weight_texture(start, trained.X_test)
    assert random.noisy and not random.smooth and random.share.max() < 0.2


def test_detector_ink_is_the_stripe_and_border_sums():
    trained = digits.load_trained()
    detector = digits.edge_detector(14, 2)
    X = trained.X_test[[0, 4, 7, 9]].astype(float)
    stripe, border = digits.detector_ink(detector, X)
    grids = X.reshape(-1, 28, 28)
    np.testing.assert_allclose(stripe, grids[:, 14:16, 4:24].sum(axis=(1, 2)))
    np.testing.assert_allclose(border, grids[:, 12:14, 4:24].sum(axis=(1, 2))
                               + grids[:, 16:18, 4:24].sum(axis=(1, 2)))
    np.testing.assert_allclose(stripe - 0.5 * border, digits.neuron_input(detector, 0.0, X))
    # issue 21: the 7 (third) has 51.4 on the border and 30.0 on the stripe; every digit
    # has more ink on the border than on the stripe
    assert (round(float(stripe[2]), 1), round(float(border[2]), 1)) == (30.0, 51.4)
    assert np.all(border > stripe)
    with pytest.raises(ValueError, match="do not match"):
        digits.detector_ink(detector, np.ones((1, 5)))
