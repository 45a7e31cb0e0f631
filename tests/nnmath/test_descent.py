"""Tests for nnmath.descent: the update rule u(x, y, z) = x - y z."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnmath import descend, update


def test_update_worked_example() -> None:
    assert update(3, 1.21, 0.5) == pytest.approx(2.395)
    assert isinstance(update(3, 1.21, 0.5), np.floating)


def test_update_chain_from_the_script() -> None:
    x = 3.0
    path = []
    for slope in (1.21, 1.9, 1.56):
        x = update(x, slope, 0.5)
        path.append(x)
    assert path == pytest.approx([2.395, 1.445, 0.665])
    assert float(path[0]) == 3.0 - 1.21 * 0.5
    assert float(path[1]) == 3.0 - 1.21 * 0.5 - 1.9 * 0.5
    assert round(float(path[2]), 3) == 0.665


def test_update_on_arrays() -> None:
    out = update(np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.1)
    np.testing.assert_allclose(out, [0.95, 2.1])
    assert update([1.0, 2.0], 2.0, 0.25).tolist() == [0.5, 1.5]


@pytest.mark.parametrize("lr", [0.0, -0.5, float("nan"), float("inf")])
def test_update_rejects_bad_learning_rates(lr: float) -> None:
    with pytest.raises(ValueError, match="learning rate must be positive"):
        update(3.0, 1.21, lr)


def test_descend_on_a_parabola() -> None:
    path = descend(lambda x: 2 * x, 3.0, lr=0.1, steps=10)
    assert path.shape == (11,)
    assert path[0] == 3.0
    np.testing.assert_allclose(path, 3.0 * 0.8 ** np.arange(11))
    for a, b in zip(path[:-1], path[1:], strict=True):
        assert b == update(a, 2 * a, 0.1)


def test_descend_vector_start() -> None:
    target = np.array([1.0, -2.0])
    path = descend(lambda v: v - target, [5.0, 5.0], lr=0.5, steps=30)
    assert path.shape == (31, 2)
    assert path[0].tolist() == [5.0, 5.0]
    np.testing.assert_allclose(path[-1], target, atol=1e-6)


def test_descend_zero_steps_and_input_not_mutated() -> None:
    x0 = np.array([1.0, 2.0])
    path = descend(lambda v: v, x0, lr=0.1, steps=0)
    assert path.shape == (1, 2)
    path2 = descend(lambda v: v, x0, lr=0.1, steps=3)
    path2[0, 0] = 100.0
    assert x0.tolist() == [1.0, 2.0]


def test_descend_divergence_is_kept_without_crash_or_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = descend(lambda x: 2 * x, 1.0, lr=1.5, steps=2000)
    assert path.shape == (2001,)
    assert abs(path[10]) == 2.0**10  # x -> -2 x each step
    assert not np.all(np.isfinite(path))


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"lr": 0.0, "steps": 3, "x0": 1.0}, "learning rate must be positive"),
        ({"lr": -1.0, "steps": 3, "x0": 1.0}, "learning rate must be positive"),
        ({"lr": 0.1, "steps": -1, "x0": 1.0}, "steps must be a non-negative integer"),
        ({"lr": 0.1, "steps": 2.5, "x0": 1.0}, "steps must be a non-negative integer"),
        ({"lr": 0.1, "steps": 3, "x0": float("nan")}, "x0 contains NaN or infinity"),
        ({"lr": 0.1, "steps": 3, "x0": [1.0, float("inf")]}, "x0 contains NaN or infinity"),
        ({"lr": 0.1, "steps": 3, "x0": []}, "x0 is empty"),
        ({"lr": 0.1, "steps": 3, "x0": [[1.0]]}, "x0 must be 0-D or 1-D"),
    ],
)
def test_descend_validation(kwargs: dict, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        descend(lambda x: x, **kwargs)


def test_descend_rejects_wrong_gradient_shape() -> None:
    with pytest.raises(ValueError, match="df returned shape"):
        descend(lambda v: np.zeros(3), [1.0, 2.0], lr=0.1, steps=2)


@settings(max_examples=50, deadline=None)
@given(
    a=st.floats(0.1, 10),
    x0=st.floats(-100, 100, allow_nan=False),
    frac=st.floats(0.05, 0.95),
)
def test_small_steps_decrease_a_convex_quadratic(a: float, x0: float, frac: float) -> None:
    lr = frac / a  # below 1/a: monotone approach to the minimum at 0
    path = descend(lambda x: a * x, x0, lr=lr, steps=20)
    f = 0.5 * a * path**2
    assert np.all(np.diff(f) <= 1e-12)
    assert np.all(np.sign(path[path != 0]) == np.sign(x0))


@pytest.mark.parametrize("lr", ["a", None, True, [], [0.1, -0.1], [0.1, np.nan]])
def test_update_rejects_bad_learning_rate_types(lr) -> None:
    with pytest.raises(ValueError, match=r"learning rate must be positive and finite \(a finite"):
        update([1.0, 2.0], [0.5, 0.5], lr)


def test_update_keeps_per_coordinate_learning_rates() -> None:
    assert update([1.0, 2.0], [1.0, 1.0], [0.5, 0.25]).tolist() == [0.5, 1.75]
    assert float(update(np.int64(3), np.float32(1.0), np.int64(1))) == 2.0


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (float("nan"), 1.0, r"x \(position\) contains NaN or infinity"),
        ([1.0, float("inf")], 1.0, r"x \(position\) contains NaN or infinity"),
        (1.0, float("nan"), r"y \(slope\) contains NaN or infinity"),
        ("a", 1.0, r"x \(position\) must be numeric"),
        ([1.0, 2.0], [1.0, 2.0, 3.0], r"must have the shape of x \(position\) \(2,\)"),
        (1.0, [1.0, 2.0], r"must have the shape of x \(position\) \(\)"),
    ],
)
def test_update_rejects_bad_positions_and_slopes(x, y, message) -> None:
    with pytest.raises(ValueError, match=message):
        update(x, y, 0.5)


def test_update_rejects_learning_rates_shaped_unlike_x() -> None:
    with pytest.raises(ValueError, match=r"got y \(2,\) and z \(3,\)"):
        update([1.0, 2.0], [1.0, 1.0], [0.1, 0.2, 0.3])


def test_descend_learning_rate_checks() -> None:
    with pytest.raises(ValueError, match="learning rate must be positive and finite"):
        descend(lambda x: x, 1.0, lr="a", steps=1)
    with pytest.raises(ValueError, match=r"lr must be a number or have the shape of x0 \(2,\)"):
        descend(lambda x: x, [1.0, 2.0], lr=[0.1, 0.2, 0.3], steps=1)
    assert descend(lambda x: x, [1.0, 2.0], lr=[0.5, 0.25], steps=1)[1].tolist() == [0.5, 1.5]
    assert descend(lambda x: x, 1.0, lr=0.5, steps=np.int64(1)).tolist() == [1.0, 0.5]


# --- chapter 7: the valley, the stopping rule, the weight's error ------------------
from nnmath import VALLEY, Valley, WeightError  # noqa: E402


def test_the_seeds_steps_from_its_own_slopes() -> None:
    """u(3, 1.21, 0.5) = 2.395, u(2.39, 1.9, 0.5) = 1.44, u(1.44, 1.56, 0.5) = 0.66."""
    assert float(update(3, 1.21, 0.5)) == pytest.approx(2.395)
    assert float(update(2.39, 1.9, 0.5)) == pytest.approx(1.44)
    assert float(update(1.44, 1.56, 0.5)) == pytest.approx(0.66)


@pytest.mark.parametrize("valley", [VALLEY, Valley(depth=2.0, width=0.7)])
def test_valley_slope_is_its_derivative(valley: Valley) -> None:
    xs = np.linspace(-8, 8, 161)
    h = 1e-5
    numeric = (valley(xs + h) - valley(xs - h)) / (2 * h)
    np.testing.assert_allclose(valley.slope(xs), numeric, atol=1e-8)
    assert float(valley(0.0)) == 0.0 and float(valley.slope(0.0)) == 0.0
    assert np.all(valley(xs[xs != 0]) > 0)  # one minimum, at 0
    assert np.all(valley(xs) <= valley.depth)
    assert isinstance(valley(1.0), np.floating) and valley(xs).shape == xs.shape


def test_valley_slope_grows_then_shrinks_towards_the_bottom() -> None:
    xs = np.linspace(0, 8, 801)
    slopes = VALLEY.slope(xs)
    peak = xs[np.argmax(slopes)]
    assert peak == pytest.approx(VALLEY.steepest, abs=0.01)
    assert np.all(np.diff(slopes[xs < peak]) > 0) and np.all(np.diff(slopes[xs > peak]) < 0)
    assert float(VALLEY.slope(8.0)) < 0.01 * float(VALLEY.slope(VALLEY.steepest))  # flat far out
    np.testing.assert_allclose(VALLEY.slope(-xs), -slopes)  # a symmetric valley


def test_from_three_at_half_the_ball_settles_in_about_a_dozen_visible_steps() -> None:
    path = descend(VALLEY.slope, 3.0, lr=0.5, steps=100, tol=0.02)
    steps = len(path) - 1
    assert 6 <= steps <= 12
    assert abs(float(VALLEY.slope(path[-1]))) < 0.02
    assert all(abs(float(VALLEY.slope(x))) >= 0.02 for x in path[:-1])
    assert np.all(np.diff(path) < 0) and path[-1] > 0  # straight down, no overshoot
    assert np.all(np.diff(path[:4]) < -0.3)  # the first steps are big enough to see
    assert float(VALLEY.slope(3.0)) == pytest.approx(1.21, abs=0.02)  # the seed's slope
    assert float(path[1]) == pytest.approx(2.39, abs=0.01)  # and its first step
    for x, new in zip(path[:-1], path[1:], strict=True):
        assert new == update(x, VALLEY.slope(x), 0.5)


def test_stopping_rule_and_its_checks() -> None:
    assert descend(lambda x: x, 0.01, lr=0.5, steps=5, tol=0.1).tolist() == [0.01]
    assert len(descend(lambda x: 0 * x + 1.0, 0.0, lr=0.5, steps=5, tol=0.1)) == 6  # never flat
    path = descend(lambda v: v, [3.0, 4.0], lr=0.5, steps=50, tol=1.0)  # norm 5 -> 2.5 -> 1.25
    assert path.shape == (4, 2) and np.linalg.norm(path[-1]) < 1.0
    for tol in (0.0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="tol"):
            descend(lambda x: x, 1.0, lr=0.5, steps=5, tol=tol)


def test_too_large_a_rate_overshoots_and_never_settles() -> None:
    path = descend(VALLEY.slope, 3.0, lr=2.3, steps=40, tol=0.02)
    assert len(path) == 41  # all 40 steps and still not flat
    signs = np.sign(path[1:])
    assert np.all(signs[1:] == -signs[:-1])  # across the bottom every step


def test_negation_error_and_its_slope() -> None:
    E = WeightError.negation([4.0, 1.0, -0.5])
    ws = np.linspace(-3, 2, 51)
    manual = [0.5 * np.mean([(w * x + x) ** 2 for x in (4.0, 1.0, -0.5)]) for w in ws]
    np.testing.assert_allclose(E(ws), manual)
    h = 1e-6
    np.testing.assert_allclose(E.slope(ws), (E(ws + h) - E(ws - h)) / (2 * h), atol=1e-6)
    assert E.best == -1.0 and float(E(-1.0)) == 0.0
    assert E.curvature == pytest.approx((16 + 1 + 0.25) / 3)
    assert E.loss == "mse"


def test_gradient_descent_learns_the_negation_weight() -> None:
    E = WeightError.negation([4.0, 1.0, -0.5])
    path = descend(E.slope, 1.0, lr=0.1, steps=200, tol=1e-3)
    assert abs(float(path[-1]) - (-1.0)) < 1e-3
    assert np.all(np.diff(E(path)) < 0)  # the error falls every step


def test_weight_error_agrees_with_nnmath_training() -> None:
    """The same loss and slope as a 1-1 identity network with bias 0, trained by
    nnmath's own backprop: nnmath's mse, half the mean squared error."""
    from nnmath import Layer, Network
    from nnmath.training import gradients, mean_loss

    xs = np.array([4.0, 1.0, -0.5])
    E = WeightError.negation(xs)
    for w in (-2.0, 0.3, 1.0):
        net = Network((Layer([[w]], [0.0], "identity"),))
        X, Y = xs[:, None], -xs[:, None]
        assert mean_loss(net, X, Y, loss=E.loss) == pytest.approx(float(E(w)))
        (dW, _db), = gradients(net, X, Y, loss=E.loss)
        assert float(dW[0, 0]) == pytest.approx(float(E.slope(w)))


def test_weight_error_refuses_what_it_cannot_use() -> None:
    with pytest.raises(ValueError, match="same length"):
        WeightError(np.array([1.0, 2.0]), np.array([1.0]))
    with pytest.raises(ValueError, match="all 0"):
        WeightError.negation([0.0, 0.0])
    with pytest.raises(ValueError, match="inputs"):
        WeightError.negation([1.0, float("nan")])


# --- what chapter 7's words rest on -------------------------------------------------
from nnmath.descent import crossings  # noqa: E402


def test_crossings_counts_the_steps_that_jump_over_the_bottom() -> None:
    assert crossings([3.0, 0.19, -0.4, 0.5, 0.2]) == 2
    assert crossings([3.0, 0.0, -1.0]) == 0  # landing on the bottom is not jumping over it
    assert crossings([1.0]) == 0 and crossings([2.0, 0.5], bottom=1.0) == 1
    big = descend(VALLEY.slope, 3.0, lr=2.3, steps=150, tol=0.05)
    by_hand = sum((a > 0) != (b > 0) for a, b in zip(big[:-1], big[1:], strict=True))
    assert crossings(big) == by_hand == 149  # the first step, 3 -> 0.19, stays on the right
    assert float(big[1]) == pytest.approx(0.187, abs=1e-3)
    assert crossings(descend(VALLEY.slope, 3.0, lr=0.5, steps=50, tol=0.05)) == 0


@pytest.mark.parametrize("valley", [VALLEY, Valley(depth=2.0, width=0.7)])
def test_steepest_between_is_the_largest_slope_on_the_way(valley: Valley) -> None:
    for a, b in ((0.0, 3.0), (3.0, 0.0), (0.0, 1.0), (-4.0, 0.5), (1.5, 2.5), (-1.0, 1.0)):
        xs = np.linspace(min(a, b), max(a, b), 20001)
        slopes = np.abs(valley.slope(xs))
        x, top = valley.steepest_between(a, b)
        assert top == pytest.approx(float(slopes.max()), rel=1e-6)
        assert abs(float(valley.slope(x))) == pytest.approx(top)
    x, top = VALLEY.steepest_between(0.0, 3.0)  # rolling down from 3: 13 % steeper first
    assert x == pytest.approx(2.2) and top == pytest.approx(1.38, abs=0.005)
    assert top / float(VALLEY.slope(3.0)) == pytest.approx(1.13, abs=0.005)


def test_settling_limit_is_two_over_the_curvature_at_the_bottom() -> None:
    h = 1e-4
    second = float((VALLEY(h) - 2 * VALLEY(0.0) + VALLEY(-h)) / h**2)
    assert VALLEY.bottom_curvature == pytest.approx(second, rel=1e-6)
    limit = VALLEY.settling_limit
    assert limit == pytest.approx(1.936, abs=1e-3)
    # near the bottom: just below the limit it settles, just above it never does
    below = descend(VALLEY.slope, 0.5, lr=0.97 * limit, steps=3000, tol=1e-3)
    above = descend(VALLEY.slope, 0.01, lr=1.03 * limit, steps=3000, tol=1e-3)
    assert abs(float(VALLEY.slope(below[-1]))) < 1e-3 and len(below) < 3001
    assert len(above) == 3001
    # below 1 / f''(0) the last steps stay on one side, above it they jump across
    calm = descend(VALLEY.slope, 0.5, lr=0.9 / VALLEY.bottom_curvature, steps=500, tol=1e-3)
    zig = descend(VALLEY.slope, 0.5, lr=1.1 / VALLEY.bottom_curvature, steps=500, tol=1e-3)
    assert crossings(calm) == 0 and crossings(zig) == len(zig) - 1
