"""nnmath.watch: the filmed training run of chapter 9."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnmath import Network, best_linear_accuracy, train
from nnmath.clouds import spiral, two_moons
from nnmath.regions import decision_curves, output_grid
from nnmath.training import mean_loss
from nnmath.watch import (
    LOSS,
    boundary_bend,
    film_data,
    snapshot_epochs,
    training_film,
)

# a small, fast film: moons through a 2-8-2-1 network
SMALL = dict(data="moons", n=120, noise=0.1, seed=0, hidden=(8, 2), epochs=60, lr=1.0,
             frames=10, grid=24)


@pytest.fixture(scope="module")
def film():
    return training_film(**SMALL)


# --- snapshot epochs ------------------------------------------------------------


@given(st.integers(1, 3000), st.integers(2, 40))
def test_snapshot_epochs_increase_from_0_to_the_last(epochs, frames):
    if frames > epochs + 1:
        with pytest.raises(ValueError, match="frames"):
            snapshot_epochs(epochs, frames)
        return
    chosen = snapshot_epochs(epochs, frames)
    assert len(chosen) == frames
    assert chosen[0] == 0 and chosen[-1] == epochs
    assert all(b > a for a, b in zip(chosen, chosen[1:], strict=False))
    assert all(isinstance(e, int) for e in chosen)


def test_snapshot_epochs_are_dense_early_and_wide_late():
    chosen = snapshot_epochs(400, 24)
    assert chosen[:7] == (0, 1, 2, 3, 4, 5, 6)
    gaps = np.diff(chosen)
    assert np.all(np.diff(gaps) >= -1)  # the steps never shrink (up to rounding)
    assert gaps[-1] > 50
    assert snapshot_epochs(5, 6) == (0, 1, 2, 3, 4, 5)
    assert snapshot_epochs(7, 2) == (0, 7)


@pytest.mark.parametrize("epochs, frames", [(0, 2), (10, 1), (10, 12), (10, 2.5), (-3, 2),
                                            (True, 2)])
def test_snapshot_epochs_refuse(epochs, frames):
    with pytest.raises(ValueError):
        snapshot_epochs(epochs, frames)


# --- the snapshots ------------------------------------------------------------------


def test_snapshots_at_the_chosen_epochs(film):
    assert film.epochs_shown == snapshot_epochs(SMALL["epochs"], SMALL["frames"])
    assert film.epochs == SMALL["epochs"] == len(film.history) - 1
    assert len(film.accuracies) == len(film.history)
    assert film.start is film.snapshots[0] and film.final is film.snapshots[-1]
    assert film.network is film.final.network


def test_snapshot_networks_are_what_train_gives(film):
    X, y = two_moons(SMALL["n"], noise=SMALL["noise"], seed=SMALL["seed"])
    np.testing.assert_array_equal(film.X, X)
    np.testing.assert_array_equal(film.y, y)
    start = Network.random((2, 8, 2, 1), ("tanh", "tanh", "sigmoid"), seed=SMALL["seed"])
    seen = {0: start}
    result = train(start, X, y, lr=SMALL["lr"], epochs=SMALL["epochs"], batch_size=32,
                   loss="cross_entropy", seed=SMALL["seed"],
                   on_epoch=lambda epoch, net, loss: seen.__setitem__(epoch, net))
    assert film.history == result.history
    for snap in film.snapshots:
        assert snap.network == seen[snap.epoch]
    assert film.network == result.network


def test_losses_and_accuracies_are_the_networks(film):
    X, y = film.X, film.y
    for k, snap in enumerate(film.snapshots):
        picks = film.predictions(k)
        np.testing.assert_array_equal(picks, snap.network.forward(X)[:, 0] >= 0.5)
        assert snap.accuracy == float(np.mean(picks == y))
        assert snap.loss == mean_loss(snap.network, X, y, LOSS) == film.history[snap.epoch]
        right = float(np.mean((snap.network.forward(X)[:, 0] >= 0.5) == y))
        assert snap.accuracy == right == film.accuracies[snap.epoch]


def test_pictures_are_the_networks(film):
    cx = film.xs[0], film.xs[-1]
    cy = film.ys[0], film.ys[-1]
    for snap in film.snapshots:
        net = snap.network
        xs, ys, Z = output_grid(net, cx, cy, SMALL["grid"])
        np.testing.assert_array_equal(xs, film.xs)
        np.testing.assert_array_equal(ys, film.ys)
        np.testing.assert_array_equal(snap.output, Z)
        curves = decision_curves(net, cx, cy, SMALL["grid"])
        assert len(snap.curves) == len(curves)
        for got, want in zip(snap.curves, curves, strict=True):
            np.testing.assert_allclose(got, want, atol=1e-12)
        hidden = net.trace(film.X).a(len(net.layers) - 1)
        np.testing.assert_array_equal(snap.hidden, hidden)
        assert snap.hidden.shape == (len(film.X), 2)
        w, b = snap.line
        np.testing.assert_array_equal(w, net.layers[-1].W[0])
        assert b == net.layers[-1].b[0]
        # the output neuron's line in the hidden layer is the network's decision
        assert np.array_equal(hidden @ w + b >= 0, net.forward(film.X)[:, 0] >= 0.5)


def test_grid_samples_the_centres_of_cells_tiling_the_box(film):
    (x0, x1), (y0, y1) = film.xlim, film.ylim
    n = SMALL["grid"]
    assert film.xs[0] - x0 == pytest.approx((x1 - x0) / (2 * n))
    assert x1 - film.xs[-1] == pytest.approx((x1 - x0) / (2 * n))
    assert film.ys[0] - y0 == pytest.approx((y1 - y0) / (2 * n))
    assert np.all((film.X[:, 0] > x0) & (film.X[:, 0] < x1))
    assert np.all((film.X[:, 1] > y0) & (film.X[:, 1] < y1))


def test_moons_are_learnt(film):
    assert film.final.accuracy >= 0.9
    assert film.final.loss < film.start.loss
    assert film.hidden_line_accuracy() >= film.final.accuracy


def test_the_scenes_spiral_is_learnt():
    film = training_film()  # the defaults DecisionBoundaryTraining plays
    assert film.data == "spiral"
    assert film.final.accuracy >= 0.95
    assert film.line_accuracy < 0.7  # no straight line does it in the input plane
    assert film.hidden_line_accuracy() == 1.0  # a straight line does it in the last layer
    assert film.line_accuracy == best_linear_accuracy(film.X, film.y)[0]
    assert boundary_bend(film.final.curves) > 0.5


# --- between snapshots ----------------------------------------------------------------


def test_still_at_a_snapshot_is_that_snapshot(film):
    for k, snap in enumerate(film.snapshots):
        still = film.still(k)
        assert still.epoch == snap.epoch
        assert still.output is snap.output and still.curves is snap.curves
        assert still.hidden is snap.hidden and still.line is snap.line


def test_still_between_snapshots_blends_them(film):
    a, b = film.snapshots[4], film.snapshots[5]
    still = film.still(4.25)
    assert still.epoch == pytest.approx(0.75 * a.epoch + 0.25 * b.epoch)
    np.testing.assert_allclose(still.hidden, 0.75 * a.hidden + 0.25 * b.hidden)
    np.testing.assert_allclose(still.logits, 0.75 * a.logits + 0.25 * b.logits)
    np.testing.assert_allclose(still.output, 1 / (1 + np.exp(-still.logits)))
    np.testing.assert_allclose(still.line[0], 0.75 * a.line[0] + 0.25 * b.line[0])
    assert still.line[1] == pytest.approx(0.75 * a.line[1] + 0.25 * b.line[1])
    # the curves are where the blended output crosses 0.5
    for curve in still.curves:
        for x, y in curve[:: max(1, len(curve) // 10)]:
            i, j = np.searchsorted(film.ys, y), np.searchsorted(film.xs, x)
            window = still.output[max(i - 1, 0):i + 1, max(j - 1, 0):j + 1]
            assert window.min() <= 0.5 <= window.max()


@pytest.mark.parametrize("position", [-0.1, 9.5, float("nan"), "2"])
def test_still_refuses_positions_off_the_film(film, position):
    with pytest.raises(ValueError, match="position"):
        film.still(position)


# --- arguments --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(data="circles"), "unknown data set"),
        (dict(data=None), "unknown data set"),
        (dict(n=1), "at least 2"),
        (dict(n=0), "positive integer"),
        (dict(noise=-0.1), "noise"),
        (dict(seed=-1), "seed"),
        (dict(seed=1.5), "seed"),
        (dict(seed=True), "seed"),
        (dict(hidden=(8, 3)), "last hidden layer must be 2"),
        (dict(hidden=()), "hidden"),
        (dict(hidden=(8, 0, 2)), "hidden"),
        (dict(hidden=8), "hidden"),
        (dict(hidden=("8", 2)), "hidden"),
        (dict(epochs=0), "epochs"),
        (dict(lr=0.0), "learning rate"),
        (dict(lr=float("inf")), "learning rate"),
        (dict(frames=1), "frames"),
        (dict(frames=62), "frames"),
        (dict(grid=1), "grid"),
        (dict(batch_size=0), "batch_size"),
    ],
)
def test_bad_arguments_raise(change, message):
    with pytest.raises(ValueError, match=message):
        training_film(**{**SMALL, **change})


def test_hidden_sizes_as_a_list_give_the_same_film(film):
    assert training_film(**{**SMALL, "hidden": [8, 2]}) is film  # cached, same arguments


def test_film_data():
    X, y = film_data("spiral", 50, 0.03, 4)
    X2, y2 = spiral(50, noise=0.03, seed=4)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    with pytest.raises(ValueError, match="spiral, moons"):
        film_data("xor", 10, 0.1, 0)


# --- the boundary's bend ------------------------------------------------------------


def test_boundary_bend():
    line = np.column_stack([np.linspace(-1, 1, 9), 0.5 * np.linspace(-1, 1, 9) + 0.2])
    assert boundary_bend([line]) == 0.0
    assert boundary_bend([]) == 0.0
    assert boundary_bend([line[:2]]) == 0.0
    t = np.linspace(0, 2 * np.pi, 200)
    circle = np.column_stack([np.cos(t), np.sin(t)])
    assert boundary_bend([circle]) == pytest.approx(1.0, abs=0.01)
    # two parallel lines are not one straight line
    assert boundary_bend([line, line + [0, 1]]) > 0.3
