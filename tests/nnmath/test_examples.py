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
    relu = stages[3].points
    assert np.all(relu >= 0)
    assert np.any(np.all(relu > 0, axis=1))  # a chunk stays in the first quadrant/octant
    for k in range(relu.shape[1]):
        assert np.mean(relu[:, k] == 0) >= 0.1  # points land exactly on every axis/plane
    out = stages[-1].points
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
