"""Chapter 10's convolution math: conv2d against scipy, windows, max-pooling, the
ConvNet's trace, its gradients against finite differences, and training."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.signal import correlate2d

import nnmath
from nnmath import activations
from nnmath.convolution import (
    STAGE_NAMES,
    ConvGradients,
    ConvNet,
    ConvTrace,
    Pooled,
    conv2d,
    dense,
    flatten,
    max_pool,
    softmax,
    train_convnet,
    windows,
)


def _reference(x: np.ndarray, kernels: np.ndarray) -> np.ndarray:
    """conv2d by scipy: each map the valid cross-correlation summed over channels."""
    return np.array([[sum(correlate2d(image[c], kernel[c], mode="valid")
                          for c in range(image.shape[0])) for kernel in kernels]
                     for image in x])


# --- conv2d ------------------------------------------------------------------------------


def test_conv2d_with_one_channel_is_scipys_valid_correlation_plus_the_bias():
    rng = np.random.default_rng(0)
    x, kernels, bias = rng.normal(size=(3, 8, 7)), rng.normal(size=(4, 3, 2)), rng.normal(size=4)
    out = conv2d(x, kernels, bias)
    assert out.shape == (3, 4, 6, 6)
    expected = _reference(x[:, None], kernels[:, None]) + bias[:, None, None]
    np.testing.assert_allclose(out, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(conv2d(x, kernels), expected - bias[:, None, None], atol=1e-12)


def test_conv2d_with_several_channels_sums_over_them():
    rng = np.random.default_rng(1)
    x, kernels = rng.normal(size=(2, 3, 6, 9)), rng.normal(size=(5, 3, 3, 4))
    out = conv2d(x, kernels)
    assert out.shape == (2, 5, 4, 6)
    np.testing.assert_allclose(out, _reference(x, kernels), atol=1e-12)
    # a one-channel kernel set of shape (k, 1, kh, kw) and (k, kh, kw) are the same
    np.testing.assert_array_equal(conv2d(x[:, :1], kernels[:, :1]), conv2d(x[:, 0], kernels[:, 0]))


@given(
    n=st.integers(1, 2), c=st.integers(1, 3), k=st.integers(1, 3),
    h=st.integers(1, 7), w=st.integers(1, 7), kh=st.integers(1, 4), kw=st.integers(1, 4),
    seed=st.integers(0, 2**16),
)
def test_conv2d_matches_scipy_for_any_shapes(n, c, k, h, w, kh, kw, seed):
    kh, kw = min(kh, h), min(kw, w)
    rng = np.random.default_rng(seed)
    x, kernels = rng.uniform(-2, 2, size=(n, c, h, w)), rng.uniform(-2, 2, size=(k, c, kh, kw))
    np.testing.assert_allclose(conv2d(x, kernels), _reference(x, kernels), atol=1e-12)


def test_conv2d_does_not_flip_the_kernel():
    image = np.zeros((5, 5))
    image[2, 2] = 1.0  # one bright pixel
    kernel = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])  # no symmetry
    out = conv2d(image[None], kernel[None])[0, 0]
    # out[r, c] = kernel[2 - r, 2 - c]: the pixel reads the kernel from its far corner
    np.testing.assert_array_equal(out, kernel[::-1, ::-1])
    # a horizontal step: kernel [-1, 1] answers +1 where brightness rises to the right
    step = np.array([[0.0, 0.0, 1.0, 1.0]])
    assert conv2d(step[None], [[[-1.0, 1.0]]])[0, 0].tolist() == [[0.0, 1.0, 0.0]]
    # a true (flipped) convolution would give -1 there
    from scipy.signal import convolve2d

    assert convolve2d(step, [[-1.0, 1.0]], mode="valid").tolist() == [[0.0, -1.0, 0.0]]


@pytest.mark.parametrize(
    ("x", "kernels", "bias", "message"),
    [
        (np.zeros((8, 8)), np.zeros((1, 3, 3)), None,
         r"images x must have shape \(n, h, w\) or \(n, c, h, w\), got \(8, 8\)"),
        (np.zeros((1, 8, 8)), np.zeros((3, 3)), None,
         r"kernels must have shape \(k, kh, kw\) or \(k, c, kh, kw\), got \(3, 3\)"),
        (np.zeros((1, 3, 8, 8)), np.zeros((2, 2, 3, 3)), None,
         r"kernels have 2 channel\(s\) .* but the images have 3"),
        (np.zeros((1, 3, 8, 8)), np.zeros((2, 3, 3)), None,
         r"kernels have 1 channel\(s\) .* but the images have 3"),
        (np.zeros((1, 4, 4)), np.zeros((1, 5, 3)), None,
         r"kernels of 5x3 are bigger than the 4x4 images"),
        (np.full((1, 4, 4), np.nan), np.zeros((1, 3, 3)), None, r"images contain NaN"),
        (np.zeros((1, 4, 4)), np.full((1, 3, 3), np.inf), None, r"kernels contain NaN"),
        (np.zeros((1, 4, 4)), np.zeros((2, 3, 3)), [1.0, 2.0, 3.0],
         r"bias must have shape \(2,\), one number per kernel, got \(3,\)"),
        (np.zeros((1, 4, 4)), np.zeros((2, 3, 3)), [1.0, np.nan], r"bias values contain NaN"),
        (np.zeros((0, 4, 4)), np.zeros((2, 3, 3)), None, r"must not be empty"),
    ],
)
def test_conv2d_errors_say_what_is_wrong(x, kernels, bias, message):
    with pytest.raises(ValueError, match=message):
        conv2d(x, kernels, bias)


# --- windows -------------------------------------------------------------------------------


def test_windows_times_the_kernel_summed_plus_bias_is_the_map():
    rng = np.random.default_rng(2)
    image, kernels, bias = rng.uniform(size=(8, 8)), rng.normal(size=(3, 3, 3)), rng.normal(size=3)
    win = windows(image, 3, 3)
    assert win.shape == (6, 6, 3, 3) and not win.flags.writeable
    maps = conv2d(image[None], kernels, bias)[0]
    for k in range(3):
        for r, c in [(0, 0), (2, 5), (5, 5)]:
            np.testing.assert_array_equal(win[r, c], image[r:r + 3, c:c + 3])
            assert (win[r, c] * kernels[k]).sum() + bias[k] == pytest.approx(maps[k, r, c],
                                                                            abs=1e-12)
    assert windows(image, 1, 8).shape == (8, 1, 1, 8)


def test_windows_errors():
    with pytest.raises(ValueError, match=r"one 2-D image of shape \(h, w\), got \(1, 8, 8\)"):
        windows(np.zeros((1, 8, 8)), 3, 3)
    with pytest.raises(ValueError, match="a 3x9 kernel is bigger than the 8x8 image"):
        windows(np.zeros((8, 8)), 3, 9)
    with pytest.raises(ValueError, match="kh .* must be a positive integer, got 0"):
        windows(np.zeros((8, 8)), 0, 3)
    with pytest.raises(ValueError, match="image contains NaN"):
        windows(np.full((4, 4), np.nan), 3, 3)


# --- max-pooling -------------------------------------------------------------------------


def test_max_pool_values_and_where_each_maximum_sat():
    maps = np.array([[1.0, 5.0, 2.0, 0.0],
                     [3.0, 4.0, 7.0, 6.0],
                     [0.0, 0.0, 1.0, 2.0],
                     [9.0, 8.0, 3.0, 4.0]])
    pooled = max_pool(maps, 2)
    assert pooled.values.tolist() == [[5.0, 7.0], [9.0, 4.0]]
    assert pooled.rows.tolist() == [[0, 1], [3, 3]]
    assert pooled.cols.tolist() == [[1, 2], [0, 3]]
    np.testing.assert_array_equal(maps[pooled.rows, pooled.cols], pooled.values)
    assert pooled.rows.dtype == np.int64 and not pooled.values.flags.writeable
    assert max_pool(maps, 1) == Pooled(maps, *np.indices(maps.shape))


def test_max_pool_takes_the_first_maximum_on_ties():
    pooled = max_pool(np.zeros((4, 4)), 2)  # every cell ties: the block's top-left
    assert pooled.rows.tolist() == [[0, 0], [2, 2]] and pooled.cols.tolist() == [[0, 2], [0, 2]]
    tie = np.array([[0.0, 3.0], [3.0, 3.0]])  # row-major order: (0, 1) comes first
    assert (int(max_pool(tie).rows[0, 0]), int(max_pool(tie).cols[0, 0])) == (0, 1)


def test_max_pool_drops_a_remainder_that_fills_no_block():
    maps = np.arange(49.0).reshape(7, 7)
    maps[6, :] = maps[:, 6] = 100.0  # the last row and column: dropped, never pooled
    pooled = max_pool(maps, 2)
    assert pooled.values.shape == (3, 3) and pooled.values.max() < 100
    assert pooled.values.tolist() == [[8.0, 10.0, 12.0], [22.0, 24.0, 26.0],
                                      [36.0, 38.0, 40.0]]
    assert max_pool(np.ones((5, 8)), 3).values.shape == (1, 2)


def test_max_pool_works_over_any_leading_axes():
    rng = np.random.default_rng(3)
    maps = rng.normal(size=(2, 3, 6, 6))
    pooled = max_pool(maps, 2)
    assert pooled.values.shape == pooled.rows.shape == pooled.cols.shape == (2, 3, 3, 3)
    for i, k in [(0, 0), (1, 2)]:
        one = max_pool(maps[i, k], 2)
        np.testing.assert_array_equal(pooled.values[i, k], one.values)
        np.testing.assert_array_equal(pooled.rows[i, k], one.rows)
        np.testing.assert_array_equal(pooled.cols[i, k], one.cols)
        expected = maps[i, k].reshape(3, 2, 3, 2).max(axis=(1, 3))
        np.testing.assert_array_equal(one.values, expected)
    n, k = np.indices((2, 3))
    np.testing.assert_array_equal(
        maps[n[..., None, None], k[..., None, None], pooled.rows, pooled.cols], pooled.values)


def test_max_pool_errors():
    with pytest.raises(ValueError, match="the pool size must be a positive integer, got 0"):
        max_pool(np.zeros((4, 4)), 0)
    with pytest.raises(ValueError, match="the pool size 5 is bigger than the 4x6 maps"):
        max_pool(np.zeros((4, 6)), 5)
    with pytest.raises(ValueError, match=r"maps must have shape \(\.\.\., H, W\)"):
        max_pool(np.zeros(4), 2)
    with pytest.raises(ValueError, match="maps contain NaN"):
        max_pool(np.full((4, 4), np.nan), 2)
    with pytest.raises(ValueError, match="Pooled rows must be integers of the values' shape"):
        Pooled(np.zeros((2, 2)), np.zeros((2, 2)), np.zeros((2, 2), dtype=int))


# --- softmax, flatten, dense ---------------------------------------------------------------


def test_softmax_is_the_activations_and_never_overflows():
    assert softmax is activations.softmax is nnmath.softmax
    p = softmax(np.array([[1000.0, 0.0], [-1000.0, 1000.0], [0.0, 0.0]]))
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p, [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]], atol=1e-12)
    rng = np.random.default_rng(4)
    z = rng.normal(scale=500.0, size=(3, 4, 5))
    for axis in (0, 1, 2, -1):
        shares = softmax(z, axis=axis)
        assert np.all(np.isfinite(shares)) and np.all(shares >= 0)
        np.testing.assert_allclose(shares.sum(axis=axis), 1.0, atol=1e-12)
    np.testing.assert_array_equal(softmax(z), softmax(z, axis=2))
    np.testing.assert_allclose(softmax(z, axis=0), np.moveaxis(softmax(np.moveaxis(z, 0, -1)),
                                                               -1, 0), atol=1e-15)
    with pytest.raises(ValueError, match="axis must be an integer from -3 to 2"):
        softmax(z, axis=3)


def test_flatten_goes_kernel_then_row_then_column():
    maps = np.zeros((2, 3, 2, 2))
    maps[1, 2, 0, 1] = 7.0  # sample 1, kernel 2, row 0, column 1
    flat = flatten(maps)
    assert flat.shape == (2, 12)
    assert np.flatnonzero(flat[1]).tolist() == [2 * 4 + 0 * 2 + 1] and flat[1, 9] == 7.0
    np.testing.assert_array_equal(flatten(np.arange(24.0).reshape(2, 3, 2, 2))[1],
                                  np.arange(12.0, 24.0))
    with pytest.raises(ValueError, match=r"maps must have shape \(n, k, Hp, Wp\), got \(3, 2, 2\)"):
        flatten(np.zeros((3, 2, 2)))


def test_dense_is_a_layers_weighted_sum():
    rng = np.random.default_rng(5)
    x, W, b = rng.normal(size=(4, 6)), rng.normal(size=(3, 6)), rng.normal(size=3)
    layer = nnmath.Layer(W, b, "identity")
    np.testing.assert_allclose(dense(x, W, b), layer(x), atol=1e-12)
    with pytest.raises(ValueError, match=r"W of shape \(3, 6\) take 6 inputs but x has 5"):
        dense(x[:, :5], W, b)
    with pytest.raises(ValueError, match=r"biases b must have shape \(3,\)"):
        dense(x, W, b[:2])


# --- the network -------------------------------------------------------------------------


def test_random_network_shapes_counts_and_seeds():
    net = ConvNet.random(n_kernels=16, kernel_size=3, image_side=8, seed=0)
    assert net.kernels.shape == (16, 3, 3) and net.kernel_bias.shape == (16,)
    assert net.W.shape == (10, 16 * 3 * 3) and net.b.shape == (10,) and net.pool == 2
    assert (net.n_kernels, net.kernel_size, net.n_classes, net.n_features) == (16, (3, 3), 10,
                                                                                144)
    assert net.map_shape((8, 8)) == (6, 6) and net.pooled_shape((8, 8)) == (3, 3)
    assert [tuple(part) for part in net.parameter_breakdown] == [
        ("kernel weights", 144), ("kernel biases", 16), ("dense weights", 1440),
        ("dense biases", 10)]
    assert net.parameter_count == 1610
    for name in ("kernels", "kernel_bias", "W", "b"):
        assert not getattr(net, name).flags.writeable
    assert ConvNet.random(seed=1) == ConvNet.random(seed=1) != ConvNet.random(seed=2)
    gen = np.random.default_rng(7)
    assert ConvNet.random(seed=gen) != ConvNet.random(seed=gen)  # the generator advances
    # He-style: the kernels' spread is about sqrt(2 / 9)
    big = ConvNet.random(n_kernels=400, seed=0)
    assert big.kernels.std() == pytest.approx(np.sqrt(2 / 9), rel=0.05)
    assert np.all(big.kernel_bias == 0) and np.all(big.b == 0)


def test_the_network_keeps_read_only_copies_and_checks_its_shapes():
    kernels = np.zeros((2, 3, 3))
    net = ConvNet(kernels, np.zeros(2), np.zeros((10, 18)), np.zeros(10))
    kernels[0, 0, 0] = 5.0
    assert net.kernels[0, 0, 0] == 0.0
    cases = [
        ((np.zeros((3, 3)), np.zeros(2), np.zeros((10, 18)), np.zeros(10)),
         r"kernels must have shape \(k, kh, kw\), non-empty, got \(3, 3\)"),
        ((kernels, np.zeros(3), np.zeros((10, 18)), np.zeros(10)),
         r"kernel_bias must have shape \(2,\), one per kernel, got \(3,\)"),
        ((kernels, np.zeros(2), np.zeros((10, 17)), np.zeros(10)),
         r"W must have shape \(n_classes, k \* Hp \* Wp\), a multiple of the 2 kernels wide"),
        ((kernels, np.zeros(2), np.zeros((10, 18)), np.zeros(9)),
         r"b must have shape \(10,\), one per row of W, got \(9,\)"),
        ((kernels, [np.nan, 0.0], np.zeros((10, 18)), np.zeros(10)),
         r"ConvNet kernel biases contain NaN"),
    ]
    for args, message in cases:
        with pytest.raises(ValueError, match=message):
            ConvNet(*args)
    with pytest.raises(ValueError, match="pool must be a positive integer"):
        ConvNet(kernels, np.zeros(2), np.zeros((10, 18)), np.zeros(10), pool=0)
    with pytest.raises(ValueError, match="kernel_size 9 is bigger than the images' side 8"):
        ConvNet.random(kernel_size=9)


def test_the_trace_holds_every_stage_by_name():
    rng = np.random.default_rng(6)
    net = ConvNet.random(n_kernels=4, seed=0).with_parameters(kernel_bias=rng.normal(size=4))
    images = rng.uniform(size=(5, 8, 8))
    trace = net.trace(images)
    assert isinstance(trace, ConvTrace)
    assert trace.names == STAGE_NAMES == ("input", "conv", "relu", "pool", "flat", "scores",
                                          "softmax")
    shapes = {name: trace[name].shape for name in trace.names}
    assert shapes == {"input": (5, 8, 8), "conv": (5, 4, 6, 6), "relu": (5, 4, 6, 6),
                      "pool": (5, 4, 3, 3), "flat": (5, 36), "scores": (5, 10),
                      "softmax": (5, 10)}
    np.testing.assert_array_equal(trace["input"], images)
    np.testing.assert_array_equal(trace["conv"], conv2d(images, net.kernels, net.kernel_bias))
    np.testing.assert_array_equal(trace["relu"], np.maximum(trace["conv"], 0))
    assert trace.pooled == max_pool(trace["relu"], 2)
    assert trace.stage("pool") is trace.pooled.values
    np.testing.assert_array_equal(trace["flat"], flatten(trace["pool"]))
    np.testing.assert_allclose(trace["scores"], dense(trace["flat"], net.W, net.b), atol=1e-12)
    np.testing.assert_allclose(trace.output, softmax(trace["scores"]), atol=1e-15)
    assert trace.output is trace["softmax"]
    for name in trace.names:
        assert not trace[name].flags.writeable
    # the scenes' sum: window (r, c) times kernel k, plus its bias
    r, c, k = 2, 3, 1
    window = windows(images[0], 3, 3)[r, c]
    assert (window * net.kernels[k]).sum() + net.kernel_bias[k] == pytest.approx(
        trace["conv"][0, k, r, c], abs=1e-12)
    with pytest.raises(ValueError, match="no stage 'dense'; its stages are: input, conv, relu"):
        trace["dense"]
    one = net.trace(images[2])  # a single image is n = 1
    assert one["input"].shape == (1, 8, 8)
    np.testing.assert_allclose(one.output[0], trace.output[2], rtol=0, atol=1e-15)


def test_forward_predict_accuracy_and_loss():
    rng = np.random.default_rng(7)
    net = ConvNet.random(n_kernels=3, seed=1)
    images = rng.uniform(size=(6, 8, 8))
    shares = net.forward(images)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0, atol=1e-12)
    predicted = net.predict(images)
    assert predicted.tolist() == np.argmax(shares, axis=1).tolist()
    assert net.accuracy(images, predicted) == 1.0
    assert net.accuracy(images, (predicted + 1) % 10) == 0.0
    labels = np.array([0, 1, 2, 3, 4, 5])
    expected = -np.mean(np.log(shares[np.arange(6), labels]))
    assert net.loss(images, labels) == pytest.approx(expected, rel=1e-12)
    # huge scores: the log-softmax never takes log(0)
    loud = net.with_parameters(W=net.W * 1e6)
    assert np.isfinite(loud.loss(images, labels)) and loud.loss(images, labels) > 1e3


def test_wrong_images_and_labels_say_what_is_wrong():
    net = ConvNet.random(seed=0)
    with pytest.raises(ValueError, match="10x10 images do not fit this network: its W takes 72"):
        net.trace(np.zeros((1, 10, 10)))
    with pytest.raises(ValueError, match=r"images must have shape \(n, h, w\)"):
        net.trace(np.zeros((1, 1, 8, 8)))
    with pytest.raises(ValueError, match="images contain NaN or infinity"):
        net.forward(np.full((1, 8, 8), np.inf))
    with pytest.raises(ValueError, match="got 2 images but 3 labels"):
        net.loss(np.zeros((2, 8, 8)), [1, 2, 3])
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.9, got values from 0 to 10"):
        net.gradients(np.zeros((2, 8, 8)), [0, 10])
    with pytest.raises(ValueError, match="labels must be a 1-D array of integers"):
        net.accuracy(np.zeros((2, 8, 8)), [0.5, 1.0])
    assert net.fits((9, 9)) and not net.fits((7, 7)) and not net.fits((2, 2))


def test_arrays_round_trip_and_a_missing_key_is_named():
    net = ConvNet.random(n_kernels=5, seed=3)
    arrays = net.to_arrays()
    assert sorted(arrays) == ["W", "b", "kernel_bias", "kernels", "pool"]
    assert ConvNet.from_arrays(arrays) == net
    del arrays["W"], arrays["pool"]
    with pytest.raises(ValueError, match=r"the ConvNet's arrays lack W, pool \(expected kernels"):
        ConvNet.from_arrays(arrays)


# --- backprop ------------------------------------------------------------------------------


def _kinkless(seed: int = 0):
    """A small float64 network and images on which no ReLU input and no pool tie lies
    within a finite-difference step of its kink."""
    rng = np.random.default_rng(seed)
    net = ConvNet.random(n_kernels=2, kernel_size=3, image_side=6, n_classes=4, seed=seed)
    net = net.with_parameters(kernel_bias=rng.normal(scale=0.1, size=2),
                              b=rng.normal(scale=0.1, size=4))
    images = rng.uniform(size=(3, 6, 6))
    labels = np.array([0, 3, 1])
    trace = net.trace(images)
    assert np.abs(trace["conv"]).min() > 1e-4  # no ReLU input near 0
    blocks = trace["relu"].reshape(3, 2, 2, 2, 2, 2).swapaxes(3, 4).reshape(3, 2, 2, 2, 4)
    top2 = np.sort(blocks, axis=-1)[..., -2:]
    assert np.all((top2[..., 1] - top2[..., 0] > 1e-4) | (top2[..., 1] == 0))  # no near-tie
    assert np.any(trace["relu"] == 0) and np.any(trace["pool"] > 0)  # both sides exercised
    return net, images, labels


def _numeric(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        grad[i] = (f(up) - f(down)) / (2 * eps)
    return grad


def _relative_error(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a - b).max() / max(np.abs(a).max(), np.abs(b).max()))


def test_gradients_match_central_finite_differences_for_every_parameter_and_the_input():
    net, images, labels = _kinkless()
    grads = net.gradients(images, labels)
    assert isinstance(grads, ConvGradients)
    assert grads.loss == pytest.approx(net.loss(images, labels), rel=1e-12)
    for name in ("kernels", "kernel_bias", "W", "b"):
        numeric = _numeric(lambda p, name=name: net.with_parameters(**{name: p}).loss(
            images, labels), np.array(getattr(net, name)))
        got = getattr(grads, name)
        assert got.shape == getattr(net, name).shape
        assert np.abs(got).max() > 1e-4, name  # a gradient that is not all zero
        assert _relative_error(got, numeric) < 1e-6, name
    numeric = _numeric(lambda x: net.loss(x, labels), images)
    assert grads.input.shape == images.shape
    assert _relative_error(grads.input, numeric) < 1e-6
    np.testing.assert_array_equal(net.input_gradient(images, labels), grads.input)


def test_the_pool_sends_each_gradient_to_its_blocks_maximum_only():
    """The kernel biases' gradient, routed by hand: each pooled cell's gradient lands on
    the cell of its block's maximum (trace.pooled.rows/cols), the others get none, and
    ReLU lets it through where the map is above 0."""
    net, images, labels = _kinkless(1)
    trace = net.trace(images)
    shares = trace.output.copy()
    shares[np.arange(3), labels] -= 1  # softmax with the cross-entropy
    d_pool = (shares / 3 @ net.W).reshape(trace.pooled.shape)
    n, k = np.indices(trace.pooled.shape[:2])
    d_conv = np.zeros(trace["conv"].shape)
    d_conv[n[..., None, None], k[..., None, None], trace.pooled.rows, trace.pooled.cols] = d_pool
    d_conv *= trace["conv"] > 0
    assert np.count_nonzero(d_conv) <= d_pool.size < d_conv.size
    np.testing.assert_allclose(net.gradients(images, labels).kernel_bias,
                               d_conv.sum(axis=(0, 2, 3)), atol=1e-15)


# --- training ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small():
    from nnmath.conv_digits import load_digits_8x8

    data = load_digits_8x8()
    return data.X_train[:120], data.y_train[:120]


def test_training_is_reproducible_bit_for_bit_and_lowers_the_loss(small):
    images, labels = small
    settings = {"n_kernels": 3, "epochs": 3, "lr": 0.1, "batch_size": 16}
    first = train_convnet(images, labels, seed=5, **settings)
    again = train_convnet(images, labels, seed=5, **settings)
    other = train_convnet(images, labels, seed=6, **settings)
    assert first.network == again.network and first.losses == again.losses
    for name in ("kernels", "kernel_bias", "W", "b"):
        assert getattr(first.network, name).tobytes() == getattr(again.network, name).tobytes()
    assert first.network != other.network
    assert len(first.losses) == 4 and first.losses[-1] < first.losses[0]
    assert first.losses[-1] == pytest.approx(first.network.loss(images, labels), rel=1e-12)
    assert first.network.n_kernels == 3


def test_training_steps_with_the_courses_update_and_the_gradients(small):
    """One epoch with the whole set as one batch is one step: p - gradient * lr."""
    images, labels = small
    start = ConvNet.random(n_kernels=2, seed=np.random.default_rng(9))
    grads = start.gradients(images, labels)
    run = train_convnet(images, labels, n_kernels=2, epochs=1, lr=0.5, batch_size=None,
                        seed=np.random.default_rng(9))
    for name in ("kernels", "kernel_bias", "W", "b"):
        np.testing.assert_allclose(getattr(run.network, name),
                                   nnmath.update(getattr(start, name), getattr(grads, name),
                                                 0.5), atol=1e-14)


def test_on_epoch_sees_every_epoch_and_bad_settings_are_refused(small):
    images, labels = small
    seen = []
    run = train_convnet(images[:32], labels[:32], n_kernels=2, epochs=2, seed=0,
                        on_epoch=lambda e, net, loss: seen.append((e, loss)))
    assert seen == [(1, run.losses[1]), (2, run.losses[2])]
    with pytest.raises(ValueError, match="learning rate must be positive"):
        train_convnet(images, labels, lr=-1.0)
    with pytest.raises(ValueError, match=r"images must have shape \(n, side, side\)"):
        train_convnet(images.reshape(len(images), -1), labels)
    with pytest.raises(ValueError, match="got 120 images but 119 labels"):
        train_convnet(images, labels[:-1])
    with pytest.raises(ValueError, match="training diverged at epoch 1"):
        train_convnet(images, labels, n_kernels=2, epochs=1, lr=1e300, seed=0)
