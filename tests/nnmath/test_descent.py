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
