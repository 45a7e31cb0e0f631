"""The course's example networks, and the measures used to choose them.

Chapter 4 carries a square of points through a 2-2-2 network (ReLU, sigmoid) and
chapter 5 through a 2-3-2 one. Their seeds were picked by :func:`find_seed` so
that every stage visibly does something on the unit square ``[-1, 1]^2``: W turns
and shears, the bias shift is clear, the ReLU folds a good share of the points
and the sigmoid bends the cloud. ``tests/nnmath/test_examples.py`` checks those
properties, so a change that breaks them fails a test.

    >>> net = network_222()
    >>> net.sizes
    (2, 2, 2)
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._validate import Seed, as_array, check_positive_int
from .clouds import two_moons, uniform_square
from .network import Network
from .training import train

__all__ = [
    "NEGATION_INPUTS",
    "NETWORK_222_SEED",
    "NETWORK_232_SEED",
    "network_222",
    "network_232",
    "fold_share",
    "relu_fold_share",
    "is_lively",
    "find_seed",
    "example_square",
    "TrainedClassifier",
    "moons_classifier",
]

#: The numbers chapter 1's negation neuron (y = -x) is fed, one after another; chapter 7
#: learns that neuron's weight from them (targets -x, :meth:`nnmath.descent.WeightError.negation`).
NEGATION_INPUTS: tuple[float, ...] = (4.0, 1.0, -0.5)

NETWORK_222_SEED = 96  # find_seed((2, 2, 2), ("relu", "sigmoid"), example_square())
NETWORK_232_SEED = 937  # first lively seed after 222's


def example_square(n: int = 2000, seed: Seed = 7) -> np.ndarray:
    """The chapters' input cloud: ``n`` points uniform on ``[-1, 1]^2`` (``seed`` as in
    :func:`nnmath.clouds.uniform_square`)."""
    return uniform_square(n, seed=seed)


def fold_share(pre: np.ndarray) -> float:
    """Share of points a ReLU moves: those with some pre-activation coordinate < 0.

    ``pre`` holds one point per row: a non-empty, finite (n, width) array.

    >>> fold_share(np.array([[1.0, 2.0], [-1.0, 2.0], [0.0, -3.0], [0.0, 0.0]]))
    0.5
    """
    points = as_array(pre, "pre-activations", ndim=2, nonempty=True)
    return float(np.mean(np.any(points < 0, axis=1)))


def relu_fold_share(net: Network, X: np.ndarray, layer: int = 1) -> float:
    """Share of points the ReLU of ``layer`` moves (some pre-activation coordinate < 0).

    ``layer`` is a layer number counted from 1 like ``W_1``, ``b_1`` and the trace's
    stages: ``1 <= layer <= len(net.layers)``.
    """
    n_layers = len(net.layers)
    if not 1 <= check_positive_int(layer, "layer") <= n_layers:
        raise ValueError(f"layer must be a layer number from 1 to {n_layers}, got {layer}")
    return fold_share(net.trace(X).z(int(layer)))


def is_lively(net: Network, X: np.ndarray) -> bool:
    """True when every stage of ``net`` on ``X`` visibly does something.

    - the first W is far from a scaling: it turns or shears (off-diagonal weight),
      and it neither flattens the square nor blows it up (|det| of its 2x2 part);
    - the first bias moves the cloud by at least a quarter of the square's side;
    - the ReLU folds 35-75 % of the points (so at least a quarter stay untouched),
      onto every axis of the hidden space;
    - every stage fits in [-3, 3] on every axis, so one set of axes shows them all;
    - the sigmoid's output spreads over at least 0.35 of the unit square on each
      axis, so the squish is visible rather than a dot in a corner.
    """
    first, last = net.layers[0], net.layers[-1]
    W = first.W
    square = W[:2, :2]
    det = abs(float(np.linalg.det(square)))
    turning = float(np.abs(W - np.diag(np.diag(W)) if W.shape[0] == W.shape[1] else W).max())
    if not (0.5 <= det <= 2.5 and turning >= 0.35):
        return False
    if float(np.linalg.norm(first.b)) < 0.5:
        return False
    trace = net.trace(X)
    pre = trace.z(1)
    if not 0.35 <= fold_share(pre) <= 0.75:
        return False
    on_axis = np.mean(pre < 0, axis=0)  # share folded onto each coordinate plane
    if np.any(on_axis < 0.1):
        return False
    if max(float(np.abs(s.points).max()) for s in trace) > 3.0:
        return False  # every stage fits axes of +-3, so the unit square stays visible
    out = trace.output
    spread = out.max(axis=0) - out.min(axis=0)
    return bool(np.all(spread >= 0.35)) and last.activation == "sigmoid"


def find_seed(
    sizes: tuple[int, ...],
    activations: tuple[str, ...],
    X: np.ndarray,
    accept: Callable[[Network, np.ndarray], bool] = is_lively,
    seeds: Iterable[int] = range(10_000),
) -> int:
    """The first seed whose ``Network.random(sizes, activations, seed)`` is accepted."""
    for seed in seeds:
        if accept(Network.random(sizes, activations, seed=seed), X):
            return seed
    raise ValueError(f"no seed in the range gives an accepted {sizes} network")


def network_222(seed: Seed = NETWORK_222_SEED) -> Network:
    """Chapter 4's 2-2-2 network: ReLU hidden layer, sigmoid output (another ``seed``
    gives another random network of the same shape)."""
    return Network.random((2, 2, 2), ("relu", "sigmoid"), seed=seed)


def network_232(seed: Seed = NETWORK_232_SEED) -> Network:
    """Chapter 5's 2-3-2 network: ReLU hidden layer of three, sigmoid output (another
    ``seed`` gives another random network of the same shape)."""
    return Network.random((2, 3, 2), ("relu", "sigmoid"), seed=seed)


@dataclass(frozen=True)
class TrainedClassifier:
    """A network trained on a two-class set, with held-out points to judge it."""

    network: Network
    X: np.ndarray
    y: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    history: tuple[float, ...]

    def accuracy(self, held_out: bool = True) -> float:
        X, y = (self.X_test, self.y_test) if held_out else (self.X, self.y)
        return float(np.mean((self.network.forward(X)[:, 0] >= 0.5) == y))


@lru_cache(maxsize=8)
def moons_classifier(
    n: int = 400,
    noise: float = 0.1,
    seed: int = 0,
    hidden: tuple[int, ...] = (8, 2),
    epochs: int = 300,
    lr: float = 1.0,
) -> TrainedClassifier:
    """Chapter 4's classifier: two moons, a tanh network whose last hidden layer has
    two neurons (so it can be drawn), a sigmoid output, trained with cross-entropy.
    Held-out points come from the same distribution with the next seed.

    ``seed`` (for the data, the starting weights and the shuffling) must be an int:
    the result is cached, so it has to be the same for the same arguments."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"moons_classifier's seed must be an int (its result is cached), "
                         f"got {seed!r}")
    X, y = two_moons(n, noise=noise, seed=seed)
    X_test, y_test = two_moons(n, noise=noise, seed=seed + 1)
    sizes = (2, *hidden, 1)
    acts = ("tanh",) * len(hidden) + ("sigmoid",)
    start = Network.random(sizes, acts, seed=seed)
    result = train(start, X, y, lr=lr, epochs=epochs, batch_size=32, loss="cross_entropy",
                   seed=seed)
    return TrainedClassifier(result.network, X, y, X_test, y_test, result.history)
