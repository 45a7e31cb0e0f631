"""Tests for nnmath.perceptron: the neuron, its boundary and learning rules."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nnmath import (
    Boundary,
    Perceptron,
    PerceptronRun,
    accuracy,
    best_linear_accuracy,
    clouds,
    perceptron_rule,
)
from nnmath.perceptron import _pocket

coord = st.floats(min_value=-5, max_value=5, allow_nan=False)


# --- worked examples -----------------------------------------------------------


def test_weather_neuron() -> None:
    p = Perceptron(weights=[1.0], bias=-20.0)  # H(x - 20)
    assert p.activation == "heaviside"
    assert p.threshold == 20.0
    assert p(20.0) == 1.0
    assert p(25.0) == 1.0
    assert p(19.9) == 0.0
    assert p([[20.0], [25.0], [19.9]]).tolist() == [1.0, 1.0, 0.0]
    assert p.boundary().threshold == 20.0


def test_flipped_weather_neuron() -> None:
    p = Perceptron(weights=[-1.0], bias=20.0)  # H(20 - x)
    assert p.threshold == 20.0
    assert p([[19.9], [20.0], [25.0]]).tolist() == [1.0, 1.0, 0.0]


def test_negation_neuron_with_identity_activation() -> None:
    p = Perceptron(weights=[-1.0], bias=0.0, activation="identity")
    assert p([[4.0], [1.0], [-0.5]]).tolist() == [-4.0, -1.0, 0.5]
    assert p(4.0) == -4.0


def test_and_gate() -> None:
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    p = Perceptron([1.0, 1.0], -1.5)
    assert p(X).tolist() == [0.0, 0.0, 0.0, 1.0]
    assert p.pre_activation(X).tolist() == [-1.5, -0.5, -0.5, 0.5]
    assert accuracy(p, X, [0, 0, 0, 1]) == 1.0
    assert accuracy(p, X, [1, 1, 1, 1]) == 0.25


# --- shapes and validation -------------------------------------------------------


def test_call_shapes() -> None:
    p = Perceptron([0.5, -1.0, 2.0], 0.1, "sigmoid")
    X = np.ones((7, 3))
    assert p(X).shape == (7,)
    single = p([1.0, 2.0, 3.0])
    assert isinstance(single, np.floating)
    assert single == pytest.approx(1 / (1 + np.exp(-(0.5 - 2.0 + 6.0 + 0.1))))
    assert p.dim == 3
    assert p.predict(X).tolist() == [1.0] * 7


def test_shape_mismatch_message() -> None:
    p = Perceptron([1.0, 1.0], 0.0)
    msg = (
        r"Perceptron expects inputs with 2 features \(shape \(n, 2\) or \(2,\)\), "
        r"got shape \(5, 3\)"
    )
    with pytest.raises(ValueError, match=msg):
        p(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"got shape \(3,\)"):
        p([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="expects inputs"):
        p.pre_activation(1.0)


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"weights": [1.0, np.nan], "bias": 0.0}, "weights contain NaN or infinity"),
        ({"weights": [np.inf], "bias": 0.0}, "weights contain NaN or infinity"),
        ({"weights": [], "bias": 0.0}, "weights is empty"),
        ({"weights": [[1.0, 2.0]], "bias": 0.0}, "weights must be 1-D"),
        ({"weights": [1.0], "bias": np.nan}, "bias must be finite"),
        ({"weights": [1.0], "bias": np.array([1.0, 2.0])}, "bias must be a scalar"),
        ({"weights": [1.0], "bias": [1.0, 2.0]}, "bias must be a real number"),
        ({"weights": [1.0], "bias": "x"}, "bias must be a real number"),
        ({"weights": [1.0], "bias": 0.0, "activation": "swish"}, "unknown activation 'swish'"),
        ({"weights": [1.0], "bias": 0.0, "activation": "softmax"}, "cannot be one neuron's"),
    ],
)
def test_invalid_construction(kwargs: dict, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        Perceptron(**kwargs)


def test_bad_inputs() -> None:
    p = Perceptron([1.0, 1.0], 0.0)
    with pytest.raises(ValueError, match="NaN"):
        p([[0.0, np.nan]])
    with pytest.raises(ValueError, match="empty"):
        p(np.zeros((0, 2)))


def test_frozen_and_immutable() -> None:
    w = np.array([1.0, 2.0])
    p = Perceptron(w, 0.5)
    w[0] = 100.0  # the perceptron keeps its own copy
    assert p.weights.tolist() == [1.0, 2.0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.bias = 3.0  # type: ignore[misc]
    with pytest.raises(ValueError):
        p.weights[0] = 5.0
    assert p == Perceptron([1.0, 2.0], 0.5)
    assert p != Perceptron([1.0, 2.0], 0.5, "sigmoid")
    assert hash(p) == hash(Perceptron([1.0, 2.0], 0.5))
    assert isinstance(p.bias, float)


# --- decision boundary ---------------------------------------------------------------


def test_zero_weights_have_no_boundary() -> None:
    p = Perceptron([0.0, 0.0], 1.0)
    msg = "weights are all zero: the perceptron has no decision boundary"
    with pytest.raises(ValueError, match=msg):
        p.boundary()
    with pytest.raises(ValueError, match="weights are all zero"):
        _ = Perceptron([0.0], 1.0).threshold


def test_threshold_only_for_one_input() -> None:
    with pytest.raises(ValueError, match="only defined for 1 input"):
        _ = Perceptron([1.0, 2.0], 0.0).threshold


def test_boundary_1d() -> None:
    b = Perceptron([2.0], -3.0).boundary()
    assert isinstance(b, Boundary)
    assert b.dim == 1
    assert b.threshold == 1.5
    assert b.point().shape == (1,)
    assert b.point()[0] == 1.5


def test_boundary_2d_segment_examples() -> None:
    vertical = Perceptron([1.0, 0.0], -0.5).boundary()
    seg = vertical.segment((-1, 1), (-1, 1))
    assert seg is not None
    assert sorted(seg.tolist()) == [[0.5, -1.0], [0.5, 1.0]]
    diagonal = Perceptron([1.0, 1.0], -1.0).boundary()
    seg = diagonal.segment((-2, 2), (-2, 2))
    assert sorted(seg.tolist()) == [[-1.0, 2.0], [2.0, -1.0]]
    np.testing.assert_allclose(diagonal.point(), [0.5, 0.5])
    assert Perceptron([1.0, 1.0], -5.0).boundary().segment((-1, 1), (-1, 1)) is None
    assert Perceptron([0.0, 1.0], 3.0).boundary().segment((-1, 1), (-1, 1)) is None
    with pytest.raises(ValueError, match="low < high"):
        diagonal.segment((1, -1), (-1, 1))


@settings(max_examples=80, deadline=None)
@given(coord, coord, coord)
def test_boundary_2d_points_lie_on_the_line(w1: float, w2: float, b: float) -> None:
    assume(abs(w1) + abs(w2) > 1e-3)
    bd = Perceptron([w1, w2], b).boundary()
    w = np.array([w1, w2])
    scale = np.linalg.norm(w)
    assert abs(w @ bd.point() + b) <= 1e-9 * (1 + abs(b))
    seg = bd.segment((-3, 3), (-2, 2))
    if seg is None:
        # the line misses the box: all four corners on the same strict side
        corners = np.array(list(itertools.product((-3, 3), (-2, 2))))
        side = corners @ w + b
        assert np.all(side > 0) or np.all(side < 0)
    else:
        assert seg.shape == (2, 2)
        assert np.all(np.abs(seg @ w + b) <= 1e-8 * (1 + abs(b) + 4 * scale))
        assert np.all((seg[:, 0] >= -3) & (seg[:, 0] <= 3))
        assert np.all((seg[:, 1] >= -2) & (seg[:, 1] <= 2))


def test_boundary_3d_plane() -> None:
    p = Perceptron([1.0, -2.0, 4.0], -1.0)
    b = p.boundary()
    assert b.dim == 3
    z = b.plane_z(0.5, 0.25)
    assert 0.5 - 2 * 0.25 + 4 * z - 1.0 == pytest.approx(0.0)
    corners = b.corners((-1, 1), (-2, 2))
    assert corners.shape == (4, 3)
    np.testing.assert_allclose(corners @ p.weights + p.bias, 0.0, atol=1e-12)
    assert corners[:, :2].tolist() == [[-1, -2], [1, -2], [1, 2], [-1, 2]]
    with pytest.raises(ValueError, match="vertical"):
        Perceptron([1.0, 1.0, 0.0], 0.0).boundary().plane_z(0.0, 0.0)


def test_boundary_helpers_check_dimension() -> None:
    b3 = Perceptron([1.0, 1.0, 1.0], 0.0).boundary()
    msg = r"segment\(\) needs a 2-D boundary, but this boundary is 3-D"
    with pytest.raises(ValueError, match=msg):
        b3.segment((-1, 1), (-1, 1))
    b2 = Perceptron([1.0, 1.0], 0.0).boundary()
    with pytest.raises(ValueError, match="needs a 3-D boundary"):
        b2.plane_z(0.0, 0.0)
    with pytest.raises(ValueError, match="needs a 3-D boundary"):
        b2.corners((-1, 1), (-1, 1))
    with pytest.raises(ValueError, match="needs a 1-D boundary"):
        _ = b2.threshold
    b5 = Perceptron(np.arange(1.0, 6.0), 2.0).boundary()
    assert b5.dim == 5
    np.testing.assert_allclose(b5.normal @ b5.point() + b5.offset, 0.0, atol=1e-12)
    assert b5.signed_value(np.zeros(5)) == 2.0


# --- learning --------------------------------------------------------------------------


def test_perceptron_rule_learns_and_gate() -> None:
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 0, 0, 1])
    run = perceptron_rule(X, y)
    assert isinstance(run, PerceptronRun)
    p, history = run.perceptron, run.mistakes
    assert history[-1] == 0 and run.converged
    assert all(isinstance(h, int) for h in history)
    assert accuracy(p, X, y) == 1.0
    assert p.activation == "heaviside"
    assert len(run.epochs) == len(run.mistakes) and run.epochs[-1] is p


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_perceptron_rule_converges_on_separable_data(seed: int) -> None:
    X, y = clouds.linearly_separable(150, seed=seed)
    run = perceptron_rule(X, y, lr=0.5, epochs=200, seed=seed)
    assert run.mistakes[-1] == 0 and run.converged
    assert len(run.mistakes) < 200
    assert accuracy(run.perceptron, X, y) == 1.0


def test_perceptron_rule_is_deterministic_and_stops_on_xor() -> None:
    X, y = clouds.xor(40, seed=0)
    run1 = perceptron_rule(X, y, epochs=15, seed=7)
    run2 = perceptron_rule(X, y, epochs=15, seed=7)
    assert run1 == run2
    assert len(run1.mistakes) == len(run1.epochs) == 15  # XOR is not linearly separable
    assert min(run1.mistakes) > 0 and not run1.converged


def test_perceptron_rule_validates_arguments() -> None:
    X = np.array([[0.0], [1.0]])
    with pytest.raises(ValueError, match="learning rate must be positive"):
        perceptron_rule(X, [0, 1], lr=0.0)
    with pytest.raises(ValueError, match="learning rate must be positive"):
        perceptron_rule(X, [0, 1], lr=-1.0)
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        perceptron_rule(X, [0, 1], epochs=0)
    with pytest.raises(ValueError, match="only the labels 0 and 1"):
        perceptron_rule(X, [0, 2])
    with pytest.raises(ValueError, match="y has 3 labels but X has 2 points"):
        perceptron_rule(X, [0, 1, 1])
    with pytest.raises(ValueError, match="empty"):
        perceptron_rule(np.zeros((0, 2)), [])
    with pytest.raises(ValueError, match="X contains NaN"):
        perceptron_rule([[np.nan], [1.0]], [0, 1])


# --- best line -------------------------------------------------------------------------


def test_best_linear_accuracy_on_four_point_xor() -> None:
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    acc, p = best_linear_accuracy(X, [0, 1, 1, 0])
    assert acc == 0.75
    assert accuracy(p, X, [0, 1, 1, 0]) == 0.75


@pytest.mark.parametrize("maker", [clouds.xor, clouds.circles])
@pytest.mark.parametrize("seed", [0, 1])
def test_no_line_solves_xor_or_circles(maker, seed: int) -> None:
    X, y = maker(300, seed=seed)
    acc, p = best_linear_accuracy(X, y)
    assert 0.5 <= acc < 0.8
    assert accuracy(p, X, y) == acc  # honest: the returned line achieves it


@pytest.mark.parametrize("seed", [0, 5])
def test_best_line_is_perfect_on_separable_data(seed: int) -> None:
    X, y = clouds.linearly_separable(200, seed=seed)
    acc, p = best_linear_accuracy(X, y)
    assert acc == 1.0
    assert accuracy(p, X, y) == 1.0


def test_best_line_beats_constant_and_perceptron_rule() -> None:
    X, y = clouds.two_moons(200, seed=3)
    acc, _ = best_linear_accuracy(X, y)
    rule = perceptron_rule(X, y, epochs=20).perceptron
    assert acc >= accuracy(rule, X, y)
    assert acc >= max(np.mean(y), 1 - np.mean(y))
    assert 0.8 < acc < 1.0  # moons are nearly, but not quite, linearly separable


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(coord, st.integers(0, 1)), min_size=1, max_size=12))
def test_best_linear_accuracy_exact_in_1d(data: list[tuple[float, int]]) -> None:
    x = np.array([d[0] for d in data])
    y = np.array([d[1] for d in data])
    acc, p = best_linear_accuracy(x[:, None], y)
    # brute force: "predict 1 iff x >= c" (or iff x < c) for every data value c and c = inf
    cuts = [*np.unique(x).tolist(), np.inf]
    brute = max(max(np.mean((x >= c) == y), np.mean((x < c) == y)) for c in cuts)
    assert acc == pytest.approx(brute)
    assert accuracy(p, x[:, None], y) == acc


def test_best_linear_accuracy_in_higher_dimensions() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(150, 4))
    y = (X @ np.array([1.0, 2.0, -1.0, 0.5]) > 0.3).astype(int)
    acc, p = best_linear_accuracy(X, y)
    assert acc == 1.0
    assert p.dim == 4


@pytest.mark.parametrize("lr", ["a", None, [0.1, 0.2], True, float("inf")])
def test_perceptron_rule_learning_rate_message_is_the_shared_one(lr) -> None:
    with pytest.raises(ValueError, match=r"learning rate must be positive and finite \(a finite"):
        perceptron_rule([[0.0], [1.0]], [0, 1], lr=lr)


@pytest.mark.parametrize(
    ("xlim", "message"),
    [
        ((1, -1), r"xlim must be an increasing pair \(low, high\) with low < high"),
        ((0, 1, 2), "xlim must be an increasing pair"),
        ((0, np.nan), "xlim contains NaN or infinity"),
        (3.0, "xlim must be 1-D"),
    ],
)
def test_boundary_limits_are_checked(xlim, message) -> None:
    bd = Perceptron([1.0, 1.0], -1.0).boundary()
    with pytest.raises(ValueError, match=message):
        bd.segment(xlim, (-1, 1))


# --- the run, epoch by epoch ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("maker", "n", "data_seed", "kwargs"),
    [
        (clouds.linearly_separable, 40, 3, {"seed": 3}),
        (clouds.xor, 30, 0, {"seed": 7, "epochs": 8}),
        (clouds.two_moons, 60, 1, {"shuffle": False, "epochs": 12}),
        (clouds.circles, 50, 2, {"seed": 0, "lr": 0.5, "epochs": 10}),
    ],
)
def test_every_epoch_snapshot_is_the_rule_run_for_that_many_epochs(maker, n, data_seed, kwargs):
    X, y = maker(n, seed=data_seed)
    run = perceptron_rule(X, y, **kwargs)
    assert len(run.epochs) == len(run.mistakes) >= 2
    for k, after in enumerate(run.epochs, start=1):
        again = perceptron_rule(X, y, **{**kwargs, "epochs": k})
        assert again.perceptron == after
        assert again.mistakes == run.mistakes[:k] and again.epochs == run.epochs[:k]
    assert run.perceptron is run.epochs[-1]
    assert run.converged == (run.mistakes[-1] == 0)


def test_shuffle_false_visits_the_points_in_order_and_ignores_the_seed():
    X, y = clouds.two_moons(50, seed=0)
    plain = perceptron_rule(X, y, epochs=6, shuffle=False)
    assert perceptron_rule(X, y, epochs=6, seed=123, shuffle=False) == plain
    assert perceptron_rule(X, y, epochs=6, seed=None, shuffle=False) == plain
    # by hand: in order, w += (y - h) x, b += (y - h)
    w, b = np.zeros(2), 0.0
    for i in range(len(X)):
        err = y[i] - (1.0 if X[i] @ w + b >= 0 else 0.0)
        w, b = w + err * X[i], b + err
    assert plain.epochs[0] == Perceptron(w, b)
    assert perceptron_rule(X, y, epochs=6, seed=0) != plain  # shuffled by default
    with pytest.raises(ValueError, match="shuffle must be True or False, got 'yes'"):
        perceptron_rule(X, y, shuffle="yes")


@pytest.mark.parametrize(
    ("maker", "n", "seed", "weights", "bias", "acc"),
    [  # the pocket rule's answers before it reused perceptron_rule's loop
        (clouds.two_moons, 200, 3, [1.2457500878628025, -4.531381144917736], 1.0, 0.885),
        (clouds.xor, 40, 0, [0.3551189451520414, -0.010537229017310468], 0.0, 0.5),
        (clouds.circles, 80, 0, [0.047938030605299, 1.842227957709684], 1.0, 0.7),
        (clouds.linearly_separable, 30, 2, [-0.05830123081023486, 3.284695775615554], 0.0,
         1.0),
    ],
)
def test_pocket_keeps_the_first_best_epoch_as_before(maker, n, seed, weights, bias, acc):
    X, y = maker(n, seed=seed)
    pocket, best = _pocket(X, y.astype(float))
    assert pocket.weights.tolist() == weights and pocket.bias == bias and best == acc
    run = perceptron_rule(X, y, epochs=20, shuffle=False)
    scores = [accuracy(p, X, y) for p in run.epochs]
    assert pocket == run.epochs[scores.index(max(scores))]  # the first of the best


def test_best_linear_accuracy_is_unchanged():
    X, y = clouds.two_moons(200, seed=3)
    acc, p = best_linear_accuracy(X, y)
    assert acc == 0.94
    assert p.weights.tolist() == [0.18223552549214742, -0.9832549075639546]
    assert p.bias == -0.10811631500732921


# --- separating_line: the exact test of linear separability --------------------


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=2, max_value=60), st.integers(min_value=0, max_value=10_000))
def test_separating_line_splits_every_separable_set(n: int, seed: int) -> None:
    from nnmath.perceptron import separating_line

    X, y = clouds.linearly_separable(n, seed=seed)
    line = separating_line(X, y)
    assert line is not None
    z = X @ line.weights + line.bias  # strictly on each class's own side
    assert np.all(z[y == 1] > 0) and np.all(z[y == 0] < 0)


def test_separating_line_is_none_where_a_point_sits_inside_the_other_class() -> None:
    from nnmath.perceptron import separating_line

    square = [[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [2.0, 2.0]]
    assert separating_line([*square, [1.0, 1.0]], [0, 0, 0, 0, 1]) is None  # in the hull
    assert separating_line([*square, [3.0, 3.0]], [0, 0, 0, 0, 1]) is not None
    assert separating_line([[1.0], [1.0]], [0, 1]) is None  # the same point, two classes
    X, y = clouds.circles(80, noise=0.08, seed=0)
    assert separating_line(X, y) is None
