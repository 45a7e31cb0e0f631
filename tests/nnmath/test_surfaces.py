"""nnmath.surfaces: a sigmoid neuron's loss over (w, b), from nnmath's own network and
training code, with its gradient, grid, level curves and a descent path to the bottom."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from nnmath import descend
from nnmath.surfaces import LOSS_INPUTS, LOSS_TARGETS, NeuronLoss


def _by_hand(w: float, b: float, loss: str = "mse") -> float:
    x, t = np.array(LOSS_INPUTS), np.array(LOSS_TARGETS)
    y = 1 / (1 + np.exp(-(w * x + b)))
    if loss == "mse":
        return float(0.5 * np.mean((y - t) ** 2))
    return float(-np.mean(t * np.log(y) + (1 - t) * np.log(1 - y)))


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_loss_is_the_neurons_loss_and_its_gradient_the_slope(loss):
    L = NeuronLoss(loss=loss)
    h = 1e-6
    for w, b in [(-3.0, 3.0), (1.0, 0.0), (2.5, -1.5)]:
        assert float(L([w, b])) == pytest.approx(_by_hand(w, b, loss), rel=1e-12)
        numeric = [(_by_hand(w + h, b, loss) - _by_hand(w - h, b, loss)) / (2 * h),
                   (_by_hand(w, b + h, loss) - _by_hand(w, b - h, loss)) / (2 * h)]
        np.testing.assert_allclose(L.gradient([w, b]), numeric, atol=1e-7)
    pts = np.array([[0.0, 0.0], [1.0, 2.0]])
    np.testing.assert_allclose(L(pts), [_by_hand(*p, loss) for p in pts])


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_many_points_at_once_are_each_points_loss_exactly(loss):
    """A grid's thousands of (w, b) are computed in one array: the same numbers, to the
    last bit, as the loss of each point's own network (mean_loss), confident and
    saturated points included."""
    L = NeuronLoss(loss=loss)
    rng = np.random.default_rng(7)
    pts = np.vstack([rng.normal(0, 5, (500, 2)), [[0, 0], [100, -50], [-200, 3], [1e3, 1e3]]])
    one_by_one = [mean_loss(L.network(p), L.inputs[:, None], L.targets[:, None], loss=loss)
                  for p in pts]
    np.testing.assert_array_equal(L(pts), one_by_one)


def test_grid_and_level_curves():
    L = NeuronLoss()
    ws, bs, Z = L.grid((-4, 6), (-4, 4), n=12)
    assert Z.shape == (12, 12)
    assert Z[3, 7] == pytest.approx(float(L([ws[7], bs[3]])))
    level = 0.1
    curves = L.level_curves(level, (-4, 6), (-4, 4), n=80)
    assert curves
    for curve in curves:
        np.testing.assert_allclose(L(curve), level, atol=3e-3)  # on the level, up to the grid


def test_descent_from_the_chapters_start_reaches_the_bottom():
    L = NeuronLoss()
    path = descend(L.gradient, [-3.0, 3.0], lr=4.0, steps=400, tol=2e-3)
    assert 20 < len(path) - 1 < 400  # stopped by the rule, after a visible journey
    best = minimize(lambda p: float(L(p)), x0=[1.0, 0.0], jac=L.gradient, method="BFGS")
    np.testing.assert_allclose(path[-1], best.x, atol=0.1)  # a flat floor: near in (w, b),
    assert float(L(path[-1])) - best.fun < 1e-4  # nearer still in loss
    losses = L(path)
    assert np.all(np.diff(losses) < 1e-12)  # down all the way
    assert losses[0] > 4 * losses[-1]


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="same length"):
        NeuronLoss(inputs=[1.0, 2.0], targets=[1.0])
    with pytest.raises(ValueError, match="between 0 and 1"):
        NeuronLoss(targets=[0, 0, 2, 0, 1, 1])
    with pytest.raises(ValueError, match="loss must be one of"):
        NeuronLoss(loss="hinge")
    with pytest.raises(ValueError, match=r"pair \(w, b\)"):
        NeuronLoss()([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="NaN"):
        NeuronLoss()([np.nan, 0.0])


# --- the plateau, the lowest point, the many arrangements -----------------------------
import math  # noqa: E402

from nnmath import Layer, Network  # noqa: E402
from nnmath.surfaces import hidden_permutations  # noqa: E402
from nnmath.training import mean_loss  # noqa: E402


def test_the_plateau_is_the_loss_of_a_sharp_step() -> None:
    L = NeuronLoss()
    p = L.plateau()
    assert (p.right, p.n) == (5, 6) and p.level == pytest.approx(1 / 12)
    # far out along that step, the surface is that flat and that high
    for w in (50.0, 200.0):
        params = [w, -w * p.threshold] if p.rising else [-w, w * p.threshold]
        assert float(L(params)) == pytest.approx(1 / 12, abs=2e-3)
        assert np.linalg.norm(L.gradient(params)) < 1e-4
    # no step does better: every threshold and direction, by hand
    xs, ts = np.array(LOSS_INPUTS), np.array(LOSS_TARGETS)
    levels = [0.5 * np.mean(((d * (xs - c) > 0) - ts) ** 2)
              for c in np.linspace(-3, 3, 601) for d in (1, -1)]
    assert min(levels) == pytest.approx(p.level)
    separable = NeuronLoss([-1.0, 0.0, 1.0, 2.0], [0.0, 0.0, 1.0, 1.0])
    assert separable.plateau().level == 0.0 and separable.plateau().right == 4
    assert NeuronLoss(loss="cross_entropy").plateau().level == np.inf


def test_the_lowest_point_lies_below_the_plateau() -> None:
    L = NeuronLoss()
    low = L.lowest()
    assert low.value == pytest.approx(0.07077, abs=1e-4)
    assert np.linalg.norm(L.gradient(low.params)) < 1e-4  # a true bottom: flat there
    rng = np.random.default_rng(0)
    others = L(rng.uniform(-20, 20, size=(2000, 2)))
    assert others.min() >= low.value - 1e-9
    assert low.value < L.plateau().level  # the plateau is higher than the bottom


def test_hidden_permutations_leave_the_loss_unchanged() -> None:
    assert hidden_permutations((784, 16, 16, 10)) == math.factorial(16) ** 2
    assert f"{float(hidden_permutations((784, 16, 16, 10))):.0e}" == "4e+26"
    assert hidden_permutations((3, 1)) == 1 and hidden_permutations((2, 3, 4, 1)) == 24 * 6
    rng = np.random.default_rng(1)
    sizes = (3, 4, 5, 2)
    net = Network.random(sizes, ("sigmoid", "sigmoid", "sigmoid"), seed=2)
    X, Y = rng.normal(size=(7, 3)), rng.uniform(size=(7, 2))
    (W1, b1), (W2, b2), (W3, b3) = ((lay.W, lay.b) for lay in net.layers)
    p, q = rng.permutation(4), rng.permutation(5)
    swapped = Network((Layer(W1[p], b1[p], "sigmoid"), Layer(W2[q][:, p], b2[q], "sigmoid"),
                       Layer(W3[:, q], b3, "sigmoid")))
    assert mean_loss(swapped, X, Y) == pytest.approx(mean_loss(net, X, Y), rel=1e-12)
    with pytest.raises(ValueError, match="sizes"):
        hidden_permutations((3,))
