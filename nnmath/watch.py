"""A training run filmed: snapshots of a small classifier as gradient descent trains it.

Chapter 9 plays a network learning a two-class set in the plane. :func:`training_film`
trains it (cross-entropy, mini-batches, :func:`nnmath.train`) and keeps a
:class:`Snapshot` at chosen epochs: the network, its loss and accuracy on the
training set, its output over a grid of the input plane, the decision curves
(output 0.5) and where its last hidden layer, two neurons wide, puts every point.
The snapshot epochs are spaced roughly geometrically (:func:`snapshot_epochs`:
0, 1, 2, 3, 4, 5, 6, 8, 10, 13, ...), so a film that gives each snapshot the same
time shows the first, fast-changing epochs slowly and the late ones fast.

Between two snapshots :meth:`TrainingFilm.still` gives the picture a smooth film
shows: the two networks' output logits blended, with the 0.5 curves of the blend,
and hidden points and output line moved part of the way. Such an in-between
picture is a cross-fade, not any network's output; at a snapshot it is exactly
that snapshot's.

Example:
    >>> film = training_film("moons", n=40, hidden=(4, 2), epochs=6, frames=4, grid=8)
    >>> film.epochs_shown
    (0, 1, 2, 6)
    >>> film.final.hidden.shape, film.final.output.shape
    ((40, 2), (8, 8))
    >>> film.still(2.5).epoch  # half way from epoch 2 to epoch 6
    4.0
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from contourpy import contour_generator

from ._validate import check_learning_rate, check_positive_int, check_scalar, readonly_copy
from .activations import sigmoid
from .clouds import spiral, two_moons
from .network import Network
from .perceptron import best_linear_accuracy
from .regions import output_grid
from .training import mean_loss, train

__all__ = [
    "DATA_SETS",
    "LOSS",
    "Snapshot",
    "Still",
    "TrainingFilm",
    "boundary_bend",
    "film_data",
    "snapshot_epochs",
    "training_film",
]

#: The data sets a film can be made of (see :func:`film_data`).
DATA_SETS = ("spiral", "moons")
#: The loss the film's network is trained with and judged by.
LOSS = "cross_entropy"

Lim = tuple[float, float]


def snapshot_epochs(epochs: int, frames: int) -> tuple[int, ...]:
    """``frames`` epochs from 0 to ``epochs``, every one where they are close together,
    then spaced geometrically: each step is at least 1 and about the same ratio.

    ``epochs`` is a positive integer and ``2 <= frames <= epochs + 1``.

    Example:
        >>> snapshot_epochs(600, 12)
        (0, 1, 2, 4, 7, 13, 25, 47, 89, 168, 317, 600)
        >>> snapshot_epochs(4, 5)
        (0, 1, 2, 3, 4)
    """
    epochs = check_positive_int(epochs, "epochs")
    frames = check_positive_int(frames, "frames (snapshots)")
    if not 2 <= frames <= epochs + 1:
        raise ValueError(f"frames (snapshots) must be from 2 to epochs + 1 = {epochs + 1}, "
                         f"got frames={frames} with epochs={epochs}")
    if frames == 2:
        return (0, epochs)
    chosen = [0, 1]
    for left in range(frames - 2, 0, -1):  # slots still to fill after this one
        now = chosen[-1]
        ratio = (epochs / now) ** (1.0 / left)
        chosen.append(min(max(now + 1, round(now * ratio)), epochs - left + 1))
    return tuple(chosen)


def boundary_bend(curves: Sequence[np.ndarray]) -> float:
    """How far the curves stray from being one straight line: the largest distance of
    any of their points from the straight line that fits all of them best (total least
    squares). 0 for no curves or a straight one.

    Example:
        >>> boundary_bend([np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])])
        0.0
        >>> round(boundary_bend([np.array([[-1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])]), 3)
        0.667
    """
    pieces = [np.asarray(c, dtype=float).reshape(-1, 2) for c in curves]
    points = np.vstack(pieces) if pieces else np.zeros((0, 2))
    if len(points) < 3:
        return 0.0
    centred = points - points.mean(axis=0)
    normal = np.linalg.svd(centred, full_matrices=False)[2][-1]  # least-spread direction
    bend = float(np.abs(centred @ normal).max())
    return 0.0 if bend < 1e-12 else bend


def film_data(data: str, n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The labelled points of a film: ``"spiral"`` (:func:`nnmath.clouds.spiral`, two
    arms of 1.5 turns) or ``"moons"`` (:func:`nnmath.clouds.two_moons`).

    Example:
        >>> X, y = film_data("spiral", 6, 0.0, 0)
        >>> X.shape, int(y.sum())
        ((6, 2), 3)
    """
    if not isinstance(data, str) or data not in DATA_SETS:
        raise ValueError(f"unknown data set {data!r}; expected one of: {', '.join(DATA_SETS)}")
    if data == "spiral":
        return spiral(n, noise=noise, seed=seed)
    return two_moons(n, noise=noise, seed=seed)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The network at one epoch of the film and what it does.

    Attributes:
        epoch: epochs trained (0: the random start).
        network: the network after ``epoch`` epochs.
        loss: its mean cross-entropy on the training set (:func:`nnmath.training.mean_loss`).
        accuracy: share of training points on the right side of output 0.5.
        output: its output on the film's grid, ``output[i, j]`` at ``(xs[j], ys[i])``
            (:func:`nnmath.regions.output_grid`).
        logits: the output neuron's pre-activation on the same grid.
        curves: where the output crosses 0.5 (:func:`nnmath.regions.decision_curves`
            on the same grid), each an (m, 2) array.
        hidden: the training points in the last hidden layer, shape (n, 2).
        line: the output neuron's ``(w, b)``: in the hidden plane it is class 1 where
            ``w . h + b > 0``.
    """

    epoch: int
    network: Network
    loss: float
    accuracy: float
    output: np.ndarray
    logits: np.ndarray
    curves: tuple[np.ndarray, ...]
    hidden: np.ndarray
    line: tuple[np.ndarray, float]


@dataclass(frozen=True, eq=False)
class Still:
    """What a film shows at one moment (see :meth:`TrainingFilm.still`): ``epoch`` (a
    float between snapshots), ``output``, ``logits``, ``curves``, ``hidden`` and ``line``
    as in :class:`Snapshot`, blended between the two snapshots around it."""

    epoch: float
    output: np.ndarray
    logits: np.ndarray
    curves: tuple[np.ndarray, ...]
    hidden: np.ndarray
    line: tuple[np.ndarray, float]


@dataclass(frozen=True, eq=False)
class TrainingFilm:
    """A training run kept for playing back; see :func:`training_film`.

    Attributes:
        data: the data set's name; ``X`` (n, 2) and ``y`` (n,) its points and labels.
        xlim, ylim: the patch of the input plane the grid covers (the points and a
            margin); ``xs`` and ``ys`` the grid's sample points, the centres of
            ``grid`` x ``grid`` equal cells tiling that patch.
        snapshots: one :class:`Snapshot` per epoch of :attr:`epochs_shown`.
        history: the loss after every epoch, ``history[0]`` before training
            (:attr:`nnmath.training.TrainingResult.history`).
        accuracies: the accuracy after every epoch, likewise.
        lr: the learning rate; ``batch_size`` the mini-batch size.
        line_accuracy: the best accuracy any straight line reaches on the input points
            (:func:`nnmath.best_linear_accuracy`).
    """

    data: str
    X: np.ndarray
    y: np.ndarray
    xlim: Lim
    ylim: Lim
    xs: np.ndarray
    ys: np.ndarray
    snapshots: tuple[Snapshot, ...]
    history: tuple[float, ...]
    accuracies: tuple[float, ...]
    lr: float
    batch_size: int
    line_accuracy: float

    @property
    def epochs(self) -> int:
        """Epochs trained in all."""
        return len(self.history) - 1

    @property
    def epochs_shown(self) -> tuple[int, ...]:
        """The snapshots' epochs."""
        return tuple(s.epoch for s in self.snapshots)

    @property
    def start(self) -> Snapshot:
        return self.snapshots[0]

    @property
    def final(self) -> Snapshot:
        return self.snapshots[-1]

    @property
    def network(self) -> Network:
        """The trained network."""
        return self.final.network

    def predictions(self, k: int = -1) -> np.ndarray:
        """Snapshot ``k``'s class for every training point (default: the last): True
        (class 1) where the output is at least 0.5."""
        return self.snapshots[k].network.forward(self.X)[:, 0] >= 0.5

    def hidden_line_accuracy(self, k: int = -1) -> float:
        """The best accuracy a straight line reaches on snapshot ``k``'s hidden points
        (default: the last): 1.0 when a line splits the classes there completely."""
        return best_linear_accuracy(self.snapshots[k].hidden, self.y)[0]

    def still(self, position: float) -> Still:
        """The picture at ``position`` along the film, a number from 0 (the first
        snapshot) to ``len(snapshots) - 1`` (the last): snapshot ``k = floor(position)``
        carried a share ``t = position - k`` of the way to snapshot ``k + 1``.

        The epoch moves linearly from one snapshot's to the next's; the output logits,
        hidden points and output line's weights are blended linearly, and the curves
        are where the blended logits cross 0 (output 0.5). At a whole ``position``
        everything is that snapshot's own.
        """
        last = len(self.snapshots) - 1
        c = check_scalar(position, "position")
        if not 0 <= c <= last:
            raise ValueError(f"position must be from 0 to {last} (the snapshots), got {c}")
        k = min(int(np.floor(c)), last)
        t = c - k
        a = self.snapshots[k]
        if t == 0:
            return Still(float(a.epoch), a.output, a.logits, a.curves, a.hidden, a.line)
        b = self.snapshots[k + 1]
        logits = (1 - t) * a.logits + t * b.logits
        (wa, ba), (wb, bb) = a.line, b.line
        return Still(
            epoch=(1 - t) * a.epoch + t * b.epoch,
            output=np.asarray(sigmoid(logits)),
            logits=logits,
            curves=_level_curves(self.xs, self.ys, logits),
            hidden=(1 - t) * a.hidden + t * b.hidden,
            line=((1 - t) * wa + t * wb, (1 - t) * ba + t * bb),
        )


def _check_seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a non-negative int (the film is cached by it), "
                         f"got {seed!r}")
    return int(seed)


def _check_hidden(hidden: Any) -> tuple[int, ...]:
    try:
        sizes = tuple(hidden)
    except TypeError:
        raise ValueError(f"hidden must be a sequence of layer widths like (16, 16, 2), "
                         f"got {hidden!r}") from None
    if not sizes or any(isinstance(s, bool) or not isinstance(s, numbers.Integral) or s < 1
                        for s in sizes):
        raise ValueError(f"hidden must be one or more positive integers (the hidden layers' "
                         f"widths) like (16, 16, 2), got {hidden!r}")
    if sizes[-1] != 2:
        raise ValueError(f"the last hidden layer must be 2 neurons wide, so that it can be "
                         f"drawn in the plane, got hidden={sizes}")
    return tuple(int(s) for s in sizes)


def _box(X: np.ndarray, margin: float = 0.15) -> tuple[Lim, Lim]:
    """The points' bounding box plus ``margin``, out to the next quarter."""
    lo = np.floor((X.min(axis=0) - margin) * 4) / 4
    hi = np.ceil((X.max(axis=0) + margin) * 4) / 4
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def _centres(lim: Lim, n: int) -> Lim:
    """The first and last centres of ``n`` equal cells tiling ``lim``."""
    half = (lim[1] - lim[0]) / (2 * n)
    return lim[0] + half, lim[1] - half


def training_film(
    data: str = "spiral",
    n: int = 300,
    noise: float = 0.05,
    seed: int = 17,
    hidden: Sequence[int] = (16, 16, 2),
    epochs: int = 400,
    lr: float = 0.3,
    frames: int = 24,
    grid: int = 128,
    batch_size: int = 32,
) -> TrainingFilm:
    """Train a tanh network with a sigmoid output on a two-class set and film it.

    Args:
        data: ``"spiral"`` or ``"moons"`` (:func:`film_data`); ``n`` points (at least
            2), ``noise`` the noise's standard deviation (>= 0).
        seed: a non-negative int for the data, the starting weights and the
            shuffling (the result is cached, so it must be an int).
        hidden: hidden layer widths (tanh); the last must be 2, so that the last
            hidden layer can be drawn in the plane.
        epochs: passes over the data (mini-batches of ``batch_size``, learning rate
            ``lr``), with cross-entropy loss (:data:`LOSS`).
        frames: how many snapshots to keep, 2 to ``epochs + 1``
            (:func:`snapshot_epochs`).
        grid: sample points a side of the output grid (at least 2).

    A learning rate that makes training diverge raises :func:`nnmath.train`'s
    ValueError.
    """
    if not isinstance(data, str) or data not in DATA_SETS:
        raise ValueError(f"unknown data set {data!r}; expected one of: {', '.join(DATA_SETS)}")
    n = check_positive_int(n, "n (points)")
    if n < 2:
        raise ValueError(f"n (points) must be at least 2, one of each class, got {n}")
    noise = check_scalar(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    epochs = check_positive_int(epochs, "epochs")
    snapshot_epochs(epochs, frames)  # checks frames
    grid = check_positive_int(grid, "grid (points a side)")
    if grid < 2:
        raise ValueError(f"grid (points a side) must be at least 2, got {grid}")
    return _film(data, n, noise, _check_seed(seed), _check_hidden(hidden), epochs,
                 check_learning_rate(lr), int(frames), grid,
                 check_positive_int(batch_size, "batch_size"))


@lru_cache(maxsize=8)
def _film(data: str, n: int, noise: float, seed: int, hidden: tuple[int, ...], epochs: int,
          lr: float, frames: int, grid: int, batch_size: int) -> TrainingFilm:
    X, y = film_data(data, n, noise, seed)
    X, y = readonly_copy(X), np.asarray(y)
    y.setflags(write=False)
    start = Network.random((2, *hidden, 1), ("tanh",) * len(hidden) + ("sigmoid",), seed=seed)
    wanted = set(snapshot_epochs(epochs, frames))
    kept = {0: start}
    accuracies = [_accuracy(start, X, y)]

    def keep(epoch: int, net: Network, loss: float) -> None:
        accuracies.append(_accuracy(net, X, y))
        if epoch in wanted:
            kept[epoch] = net

    result = train(start, X, y, lr=lr, epochs=epochs, batch_size=batch_size, loss=LOSS,
                   seed=seed, on_epoch=keep)
    xlim, ylim = _box(X)
    cx, cy = _centres(xlim, grid), _centres(ylim, grid)
    xs, ys = np.linspace(*cx, grid), np.linspace(*cy, grid)
    snapshots = tuple(_snapshot(epoch, kept[epoch], X, y, cx, cy, grid)
                      for epoch in sorted(wanted))
    return TrainingFilm(
        data=data, X=X, y=y, xlim=xlim, ylim=ylim, xs=readonly_copy(xs), ys=readonly_copy(ys),
        snapshots=snapshots, history=result.history, accuracies=tuple(accuracies), lr=lr,
        batch_size=batch_size, line_accuracy=best_linear_accuracy(X, y)[0],
    )


def _accuracy(net: Network, X: np.ndarray, y: np.ndarray) -> float:
    """Share of the points ``net`` puts in their class (output >= 0.5 for class 1)."""
    return float(np.mean((net.forward(X)[:, 0] >= 0.5) == y))


def _snapshot(epoch: int, net: Network, X: np.ndarray, y: np.ndarray, xlim: Lim, ylim: Lim,
              grid: int) -> Snapshot:
    top = len(net.layers)
    out = net.layers[-1]

    def logits(P: np.ndarray) -> np.ndarray:
        return net.trace(P).z(top)

    # one pass over the grid: the output is the sigmoid of these logits (what
    # output_grid(net, ...) gives), and the 0.5 curves are where they cross 0 (what
    # decision_curves(net, ...) traces)
    xs, ys, z = output_grid(logits, xlim, ylim, grid)
    return Snapshot(
        epoch=epoch,
        network=net,
        loss=mean_loss(net, X, y, LOSS),
        accuracy=_accuracy(net, X, y),
        output=readonly_copy(sigmoid(z)),
        logits=readonly_copy(z),
        curves=_level_curves(xs, ys, z),
        hidden=readonly_copy(net.trace(X).a(top - 1)),
        line=(readonly_copy(out.W[0]), float(out.b[0])),
    )


def _level_curves(xs: np.ndarray, ys: np.ndarray, logits: np.ndarray) -> tuple[np.ndarray, ...]:
    """Where ``logits`` (on the grid ``xs`` x ``ys``) cross 0: output 0.5."""
    lines = contour_generator(xs, ys, logits).lines(0.0)
    return tuple(readonly_copy(line) for line in lines if len(line) >= 2)
