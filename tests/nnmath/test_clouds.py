"""Tests for nnmath.clouds: seeded point clouds and toy data sets."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import clouds

LABELLED = [clouds.two_moons, clouds.circles, clouds.spiral, clouds.xor, clouds.linearly_separable]


@pytest.mark.parametrize("maker", LABELLED)
@pytest.mark.parametrize("n", [1, 2, 7, 200])
def test_labelled_shapes_and_labels(maker, n: int) -> None:
    X, y = maker(n, seed=0)
    assert X.shape == (n, 2)
    assert y.shape == (n,)
    assert X.dtype == np.float64
    assert np.issubdtype(y.dtype, np.integer)
    assert set(np.unique(y).tolist()) <= {0, 1}
    assert np.all(np.isfinite(X))
    if n >= 7 and maker is not clouds.linearly_separable:
        assert set(y.tolist()) == {0, 1}


@pytest.mark.parametrize("maker", LABELLED)
def test_labelled_determinism(maker) -> None:
    X1, y1 = maker(100, seed=123)
    X2, y2 = maker(100, seed=123)
    X3, _ = maker(100, seed=124)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    X4, y4 = maker(100, seed=np.random.default_rng(123))
    X5, y5 = maker(100, seed=np.random.default_rng(123))
    np.testing.assert_array_equal(X4, X5)
    np.testing.assert_array_equal(y4, y5)


def test_uniform_square() -> None:
    X = clouds.uniform_square(500, seed=1)
    assert X.shape == (500, 2)
    assert np.all((X >= -1) & (X <= 1))
    np.testing.assert_array_equal(X, clouds.uniform_square(500, seed=1))
    assert not np.array_equal(X, clouds.uniform_square(500, seed=2))
    Y = clouds.uniform_square(300, low=2.0, high=3.0, seed=0)
    assert np.all((Y >= 2) & (Y <= 3))
    with pytest.raises(ValueError, match="low must be smaller than high"):
        clouds.uniform_square(10, low=1.0, high=1.0)


def test_shared_generator_advances() -> None:
    gen = np.random.default_rng(0)
    a = clouds.uniform_square(10, seed=gen)
    b = clouds.uniform_square(10, seed=gen)
    assert not np.array_equal(a, b)


def test_grid() -> None:
    G = clouds.grid(5)
    assert G.shape == (25, 2)
    np.testing.assert_array_equal(G, clouds.grid(5))
    assert G[0].tolist() == [-1.0, -1.0] and G[-1].tolist() == [1.0, 1.0]
    assert G[1].tolist() == [-0.5, -1.0]  # x varies fastest
    assert len({tuple(p) for p in G.tolist()}) == 25
    assert clouds.grid(1).tolist() == [[0.0, 0.0]]
    assert clouds.grid(3, low=0, high=2).max() == 2.0
    with pytest.raises(ValueError, match="n_per_side must be a positive integer, got 0"):
        clouds.grid(0)


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "10", None])
@pytest.mark.parametrize(
    "maker",
    [clouds.uniform_square, *LABELLED],
)
def test_n_must_be_positive_integer(maker, bad) -> None:
    with pytest.raises(ValueError, match="n must be a positive integer, got"):
        maker(bad, seed=0)


def test_n_zero_message() -> None:
    with pytest.raises(ValueError, match="n must be a positive integer, got 0"):
        clouds.two_moons(0)


def test_bad_seed_and_noise() -> None:
    with pytest.raises(ValueError, match="^seed must be an int, a numpy Generator or None, got"):
        clouds.two_moons(10, seed="seed")
    with pytest.raises(ValueError, match="noise must be >= 0"):
        clouds.circles(10, noise=-0.1, seed=0)
    with pytest.raises(ValueError, match="factor must be between 0 and 1"):
        clouds.circles(10, factor=1.5, seed=0)
    with pytest.raises(ValueError, match="turns must be positive"):
        clouds.spiral(10, turns=0, seed=0)
    with pytest.raises(ValueError, match="margin must be in"):
        clouds.linearly_separable(10, seed=0, margin=0.7)


def test_two_moons_balanced_and_shaped() -> None:
    X, y = clouds.two_moons(1001, seed=5)
    counts = np.bincount(y)
    assert abs(int(counts[0]) - int(counts[1])) <= 1
    clean, yc = clouds.two_moons(400, noise=0.0, seed=5)
    upper = clean[yc == 0] + [0.5, 0.25]
    lower = clean[yc == 1] + [0.5, 0.25]
    np.testing.assert_allclose(np.linalg.norm(upper, axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(lower - [1.0, 0.5], axis=1), 1.0)
    assert upper[:, 1].mean() > lower[:, 1].mean()
    assert abs(X.mean(axis=0)).max() < 0.15  # roughly centred at the origin


def test_circles_radii() -> None:
    X, y = clouds.circles(300, noise=0.0, factor=0.3, seed=2)
    r = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)
    assert abs(int(np.sum(y)) - 150) == 0


def test_spiral_radii_and_arms() -> None:
    X, y = clouds.spiral(400, noise=0.0, seed=3)
    r = np.linalg.norm(X, axis=1)
    assert np.all((r >= 0.1 - 1e-12) & (r <= 1.0 + 1e-12))
    # the two arms are each other's half-turn rotation: class 1 points, rotated by pi,
    # lie on the class 0 arm r -> angle = 2 pi turns r
    theta = np.arctan2(X[:, 1], X[:, 0]) + np.pi * y
    expected = 2 * np.pi * 1.5 * r
    diff = np.angle(np.exp(1j * (theta - expected)))
    np.testing.assert_allclose(diff, 0.0, atol=1e-9)


def test_xor_labels_follow_quadrants() -> None:
    X, y = clouds.xor(200, noise=0.0, seed=4)
    expected = (np.sign(X[:, 0]) * np.sign(X[:, 1]) < 0).astype(int)
    np.testing.assert_array_equal(y, expected)
    assert set(np.unique(np.round(X, 6), axis=0).flatten().tolist()) == {-0.5, 0.5}
    Xn, yn = clouds.xor(400, seed=4)
    assert np.bincount(yn).tolist() == [200, 200]
    agree = np.mean((np.sign(Xn[:, 0]) * np.sign(Xn[:, 1]) < 0) == (yn == 1))
    assert agree > 0.9


def test_linearly_separable_has_a_margin() -> None:
    X, y = clouds.linearly_separable(500, seed=6, margin=0.2)
    assert np.all((X >= -1) & (X <= 1))
    assert 0 < y.sum() < 500
    # a hard-margin separator exists: fit it back with least squares on the sign
    from nnmath import best_linear_accuracy

    acc, p = best_linear_accuracy(X, y)
    assert acc == 1.0
    d = np.abs(p.pre_activation(X)) / np.linalg.norm(p.weights)
    assert d.min() > 0.0
    # every point keeps |w . x + b| >= margin from a unit-normal line, with the classes
    # on opposite sides: any point of class 0 is at least 2 * margin from any of class 1
    gaps = np.linalg.norm(X[y == 0][:, None, :] - X[y == 1][None, :, :], axis=2)
    assert gaps.min() >= 2 * 0.2
