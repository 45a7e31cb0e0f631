"""The course's example networks really do something visible at every stage."""

from __future__ import annotations

import numpy as np
import pytest

import nnmath
from nnmath import examples


@pytest.mark.parametrize("make", [examples.network_222, examples.network_232])
def test_example_networks_are_lively(make):
    net = make()
    X = examples.example_square()
    assert examples.is_lively(net, X)
    share = examples.relu_fold_share(net, X)
    assert 0.35 <= share <= 0.75
    stages = net.trace(X)
    relu = stages.stage("relu 1").points
    assert np.all(relu >= 0)
    assert np.any(np.all(relu > 0, axis=1))  # a chunk stays in the first quadrant/octant
    for k in range(relu.shape[1]):
        assert np.mean(relu[:, k] == 0) >= 0.1  # points land exactly on every axis/plane
    out = stages.output
    assert np.all((out > 0) & (out < 1))


def test_example_shapes_and_activations():
    assert examples.network_222().sizes == (2, 2, 2)
    assert examples.network_232().sizes == (2, 3, 2)
    assert examples.network_222().activations == ("relu", "sigmoid")


def test_seeds_are_the_first_lively_ones():
    X = examples.example_square()
    assert examples.find_seed((2, 2, 2), ("relu", "sigmoid"), X) == examples.NETWORK_222_SEED
    assert (
        examples.find_seed((2, 3, 2), ("relu", "sigmoid"), X,
                           seeds=range(examples.NETWORK_222_SEED + 1, 10_000))
        == examples.NETWORK_232_SEED
    )


def test_a_scaling_network_is_not_lively():
    dull = nnmath.Network((
        nnmath.Layer(np.eye(2), np.zeros(2), "relu"),
        nnmath.Layer(np.eye(2), np.zeros(2), "sigmoid"),
    ))
    assert not examples.is_lively(dull, examples.example_square())


def test_find_seed_says_when_nothing_fits():
    with pytest.raises(ValueError, match="no seed"):
        examples.find_seed((2, 2, 2), ("relu", "sigmoid"), examples.example_square(50),
                           accept=lambda net, X: False, seeds=range(3))


def test_moons_classifier_generalises_and_its_boundary_is_a_hidden_line():
    trained = examples.moons_classifier()
    assert trained.accuracy(held_out=True) >= 0.95
    assert trained.history[-1] < 0.1 * trained.history[0]
    net = trained.network
    curves = nnmath.regions.decision_curves(net, (-2.5, 2.5), (-1.5, 1.5), n=120)
    assert curves, "the trained network has a boundary in the plane"
    points = np.vstack(curves)
    np.testing.assert_allclose(net.forward(points)[:, 0], 0.5, atol=0.02)
    # in the last hidden layer the same points sit on the output neuron's line
    hidden = net.trace(points).a(len(net.layers) - 1)
    out = net.layers[-1]
    np.testing.assert_allclose(hidden @ out.W[0] + out.b[0], 0.0, atol=0.1)


def test_decision_curves_of_a_known_line():
    net = nnmath.Network((nnmath.Layer([[1.0, -1.0]], [0.0], "sigmoid"),))  # boundary y = x
    (curve,) = nnmath.regions.decision_curves(net, (-1, 1), (-1, 1), n=11)
    np.testing.assert_allclose(curve[:, 0], curve[:, 1], atol=1e-9)


def test_output_grid_rejects_bad_limits():
    net = nnmath.Network((nnmath.Layer([[1.0, 0.0]], [0.0], "sigmoid"),))
    with pytest.raises(ValueError, match="increasing"):
        nnmath.regions.output_grid(net, (1, -1), (0, 1))


def test_half_planes_split_the_box_along_the_line():
    neg, pos = nnmath.regions.half_planes(np.array([1.0, 0.0]), -0.5, (0, 1), (0, 2))
    # x = 0.5 cuts the 1 x 2 box into two 0.5 x 2 rectangles
    for poly, inside in ((neg, [0.25, 1.0]), (pos, [0.75, 1.0])):
        area = 0.5 * abs(np.dot(poly[:, 0], np.roll(poly[:, 1], 1))
                         - np.dot(poly[:, 1], np.roll(poly[:, 0], 1)))
        assert area == pytest.approx(1.0)
        assert poly[:, 0].min() <= inside[0] <= poly[:, 0].max()
    np.testing.assert_allclose(neg[:, 0].max(), 0.5)
    np.testing.assert_allclose(pos[:, 0].min(), 0.5)
    empty, whole = nnmath.regions.half_planes(np.array([1.0, 0.0]), 5.0, (0, 1), (0, 1))
    assert len(empty) == 0 and len(whole) == 4


@pytest.mark.parametrize(
    ("pre", "message"),
    [
        (np.array([1.0, -1.0]), "pre-activations must be 2-D, got 1-D"),
        (np.zeros((0, 2)), "pre-activations is empty"),
        ([], "pre-activations must be 2-D"),
        (np.array([[np.nan, 1.0]]), "pre-activations contain NaN"),
    ],
)
def test_fold_share_rejects_bad_input(pre, message):
    with pytest.raises(ValueError, match=message):
        examples.fold_share(pre)


@pytest.mark.parametrize("layer", [3, 0, -1, 1.0, True, "1"])
def test_relu_fold_share_rejects_a_layer_out_of_range(layer):
    net = examples.network_222()
    X = examples.example_square(20)
    with pytest.raises(ValueError, match="layer must be"):
        examples.relu_fold_share(net, X, layer)


def test_relu_fold_share_of_each_layer_agrees_with_fold_share():
    net = examples.network_232()
    X = examples.example_square(50)
    for layer in (1, np.int64(2)):  # layers count from 1, like W_1 and the stage names
        pre = net.trace(X).stage("bias", int(layer)).points
        assert examples.relu_fold_share(net, X, layer) == examples.fold_share(pre)
    assert examples.relu_fold_share(net, X) == examples.relu_fold_share(net, X, 1)


_LINE = nnmath.Network((nnmath.Layer([[1.0, 0.0]], [0.0], "sigmoid"),))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 1}, "at least 2 points a side, got n=1"),
        ({"n": 2.5}, r"n \(grid points a side\) must be a positive integer, got 2.5"),
        ({"n": True}, "must be a positive integer, got True"),
        ({"xlim": (0, 0)}, "xlim must be an increasing pair"),
        ({"ylim": (0, np.inf)}, "ylim contains NaN or infinity"),
        ({"xlim": (0, 1, 2)}, "xlim must be an increasing pair"),
        ({"output": 1}, "output must be an index from 0 to 0, got 1"),
        ({"output": -1}, "output must be a non-negative integer, got -1"),
        ({"output": 0.0}, "output must be a non-negative integer"),
    ],
)
def test_output_grid_and_decision_curves_check_their_input(kwargs, message):
    args = {"xlim": (-1, 1), "ylim": (-1, 1), "n": 5, "output": 0}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        nnmath.regions.output_grid(_LINE, **args)
    with pytest.raises(ValueError, match=message):
        nnmath.regions.decision_curves(_LINE, **args)


@pytest.mark.parametrize("level", [np.nan, np.inf, None, "half", [0.5]])
def test_decision_curves_level_must_be_a_finite_number(level):
    with pytest.raises(ValueError, match="level must be"):
        nnmath.regions.decision_curves(_LINE, (-1, 1), (-1, 1), n=5, level=level)


def test_output_grid_checks_what_a_callable_returns():
    with pytest.raises(ValueError, match=r"one output row per grid point, shape \(25,\)"):
        nnmath.regions.output_grid(lambda P: P[:3], (-1, 1), (-1, 1), n=5)
    xs, ys, Z = nnmath.regions.output_grid(lambda P: P[:, 0], (-1, 1), (-1, 1), n=5)
    np.testing.assert_array_equal(Z[0], xs)


@pytest.mark.parametrize(
    ("normal", "offset", "xlim", "message"),
    [
        ([np.nan, 1.0], 0.0, (0, 1), "normal contains NaN or infinity"),
        ([0.0, 0.0], 0.0, (0, 1), "normal must be a finite, non-zero 2-vector"),
        ([1.0, 0.0, 0.0], 0.0, (0, 1), "normal must be a finite, non-zero 2-vector"),
        ([1.0, 0.0], np.nan, (0, 1), "offset must be finite"),
        ([1.0, 0.0], [0.5], (0, 1), "offset must be a real number"),
        ([1.0, 0.0], 0.0, (1, 0), "xlim must be an increasing pair"),
        ([1.0, 0.0], 0.0, (0, np.nan), "xlim contains NaN or infinity"),
    ],
)
def test_half_planes_check_their_input(normal, offset, xlim, message):
    with pytest.raises(ValueError, match=message):
        nnmath.regions.half_planes(normal, offset, xlim, (0, 1))
