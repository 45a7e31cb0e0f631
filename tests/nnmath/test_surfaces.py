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
