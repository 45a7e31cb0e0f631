"""Chapter 8's four-pixel camera: 2x2 images in four classes, a hand-set network that
tells them apart, receptive fields, and the same network learnt from random weights.

A pixel is a number: white +1, black -1, grey 0. An image is a 2x2 array; the
network reads it row by row as ``[top-left, top-right, bottom-left, bottom-right]``.
The classes: ``solid`` (all four alike), ``vertical`` (the columns differ),
``diagonal`` (the diagonals differ) and ``horizontal`` (the rows differ); each has two
pure black-and-white images. Those 8 are half of the 16 black-and-white images: the
other 8 have one pixel unlike the other three and belong to no class
(:func:`class_of` says which is which).

:func:`hand_set_network` is an ordinary :class:`~nnmath.Network` (4-4-4-8-4) with
weights of +1, -1 or 0 and no biases: a tanh layer that adds or subtracts the two
pixels of each column, a tanh layer that combines those into whole-image patterns, a
ReLU layer that passes each pattern and its opposite, and an identity output of four
that adds each pattern to its opposite.

Example:
    >>> classify([[-1, -1], [1, 1]])       # black top row, white bottom row
    'horizontal'
    >>> describe([[-1, -1], [1, 1]])
    'a black top row and a white bottom row'
    >>> [classify(image) for image in pure_images()["diagonal"]]
    ['diagonal', 'diagonal']
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import Seed, as_array, as_generator, check_positive_int, check_scalar
from .network import Layer, Network, parameter_count
from .training import TrainingResult, train

__all__ = [
    "CLASSES",
    "ARCHITECTURE",
    "BATCH_SIZE",
    "LOSS",
    "NOISE",
    "ReceptiveField",
    "TrainedCamera",
    "black_and_white_images",
    "class_of",
    "classify",
    "describe",
    "flatten",
    "hand_set_network",
    "nudging_passes",
    "one_hot",
    "pure_images",
    "receptive_field",
    "test_set",
    "training_set",
    "train_camera",
]

CLASSES = ("solid", "vertical", "diagonal", "horizontal")
#: Layer widths and activations of the hand-set network (and of the one trained).
ARCHITECTURE = ((4, 4, 4, 8, 4), ("tanh", "tanh", "relu", "identity"))
#: How far the noisy copies' pixels move towards grey, at most (a share of the pixel).
NOISE = 0.25
#: Examples per weight update when the camera network is trained.
BATCH_SIZE = 8
#: The loss the camera network is trained on (nnmath.training's name for it).
LOSS = "mse"


def flatten(image: Any) -> np.ndarray:
    """A 2x2 image (pixels between -1 and 1) as the network's input row of four."""
    pixels = as_array(image, "image")
    if pixels.shape != (2, 2):
        raise ValueError(f"an image is a 2x2 array of pixels, got shape {pixels.shape}")
    if np.any(np.abs(pixels) > 1):
        raise ValueError("pixels must lie between -1 (black) and +1 (white)")
    return pixels.reshape(4)


def pure_images() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The two pure black-and-white images of each class, white-first."""
    w, b = 1.0, -1.0
    images = {
        "solid": ([[w, w], [w, w]], [[b, b], [b, b]]),
        "vertical": ([[w, b], [w, b]], [[b, w], [b, w]]),
        "diagonal": ([[w, b], [b, w]], [[b, w], [w, b]]),
        "horizontal": ([[w, w], [b, b]], [[b, b], [w, w]]),
    }
    return {name: tuple(np.array(i) for i in pair) for name, pair in images.items()}


def black_and_white_images() -> tuple[np.ndarray, ...]:
    """All 16 black-and-white 2x2 images (pixels -1 or +1), as 2x2 arrays."""
    return tuple(row.reshape(2, 2) for row in _BLACK_WHITE)


def class_of(image: Any) -> str | None:
    """The class of a pure image (one of the 8 in :func:`pure_images`), else ``None``.

    >>> class_of([[1, -1], [1, -1]]), class_of([[1, 1], [1, -1]])
    ('vertical', None)
    """
    x = flatten(image)
    for name, pair in pure_images().items():
        if any(np.array_equal(x, flatten(p)) for p in pair):
            return name
    return None


def _shade(v: float) -> str:
    if v == 1:
        return "white"
    if v == -1:
        return "black"
    if v == 0:
        return "grey"
    return "light grey" if v > 0 else "dark grey"


def describe(image: Any) -> str:
    """An image in words, by rows or columns when they are even: ``'a black top row and
    a white bottom row'``. Pixels are named white (+1), black (-1), grey (0), light grey
    (between 0 and 1) or dark grey (between -1 and 0).

    >>> describe([[1, -1], [1, -1]])
    'a white left column and a black right column'
    >>> describe([[1, -1], [-1, 1]])
    'a top row of white and black and a bottom row of black and white, left to right'
    """
    x = flatten(image).reshape(2, 2)
    (tl, tr), (bl, br) = [[_shade(v) for v in row] for row in x]
    if np.all(x == x[0, 0]):
        return f"all four pixels {tl}"
    if x[0, 0] == x[0, 1] and x[1, 0] == x[1, 1]:
        return f"a {tl} top row and a {bl} bottom row"
    if x[0, 0] == x[1, 0] and x[0, 1] == x[1, 1]:
        return f"a {tl} left column and a {tr} right column"
    return f"a top row of {tl} and {tr} and a bottom row of {bl} and {br}, left to right"


def one_hot(name: str) -> np.ndarray:
    """The truth for a class: 1 for it, 0 for the other three."""
    if name not in CLASSES:
        raise ValueError(f"unknown class {name!r}; the classes are {', '.join(CLASSES)}")
    return np.eye(len(CLASSES))[CLASSES.index(name)]


def hand_set_network() -> Network:
    """The seed's network, weights +1 / -1 / 0, biases 0 (see the module docstring)."""
    columns = [[1, 0, 1, 0],    # left column alike: top-left + bottom-left
               [0, 1, 0, 1],    # right column alike
               [1, 0, -1, 0],   # left column: top white, bottom black
               [0, 1, 0, -1]]   # right column: top white, bottom black
    patterns = [[1, 1, 0, 0],   # solid: both columns alike, the same way
                [1, -1, 0, 0],  # vertical: both columns alike, opposite ways
                [0, 0, 1, -1],  # diagonal: columns flip, opposite ways
                [0, 0, 1, 1]]   # horizontal: columns flip, the same way
    both_ways = np.kron(np.eye(4), [[1], [-1]])  # each pattern, then its opposite
    outputs = np.kron(np.eye(4), [[1, 1]])  # a pattern or its opposite: that class
    weights = (columns, patterns, both_ways, outputs)
    _, activations = ARCHITECTURE
    return Network(tuple(
        Layer(np.array(W, dtype=float), np.zeros(len(W)), act)
        for W, act in zip(weights, activations, strict=True)
    ))


def classify(image: Any, net: Network | None = None) -> str:
    """The class whose output is largest (the first of equals) for a 2x2 image."""
    net = hand_set_network() if net is None else net
    out = net.forward(flatten(image)[None, :])[0]
    return CLASSES[int(np.argmax(out))]


# --- receptive fields ----------------------------------------------------------------

#: Every black-and-white 2x2 image, as input rows.
_BLACK_WHITE = np.array(list(itertools.product((-1.0, 1.0), repeat=4)))


@dataclass(frozen=True)
class ReceptiveField:
    """What makes one neuron as large as it can be over black-and-white images.

    ``patterns`` are 2x2 arrays: +1 white, -1 black, 0 where the neuron does not care
    (any colour gives the same largest value). A neuron with two ways to its largest
    value (a pattern *or* its opposite) has two patterns. ``value`` is that largest
    value.
    """

    patterns: tuple[np.ndarray, ...]
    value: float

    @property
    def ignored(self) -> np.ndarray:
        """2x2 booleans: the pixels the (first) pattern does not care about."""
        return self.patterns[0] == 0


def receptive_field(net: Network, layer: int, neuron: int) -> ReceptiveField:
    """The receptive field of neuron ``neuron`` of layer ``layer`` (1 = the first layer
    after the pixels, as in the trace; 0 is the pixels themselves), computed by
    running every black-and-white image through ``net``."""
    n_layers = len(net.layers)
    layer = check_positive_int(layer, "layer", allow_zero=True)
    if layer > n_layers:
        raise ValueError(f"layer must be 0 (the pixels) to {n_layers}, got {layer}")
    width = net.sizes[layer]
    neuron = check_positive_int(neuron, "neuron", allow_zero=True)
    if neuron >= width:
        raise ValueError(f"layer {layer} has neurons 0 to {width - 1}, got {neuron}")
    values = net.trace(_BLACK_WHITE).a(layer)[:, neuron]
    best = float(values.max())
    winners = _BLACK_WHITE[np.isclose(values, best, atol=1e-9)]
    patterns = _merge(winners)
    return ReceptiveField(tuple(p.reshape(2, 2) for p in patterns), best)


def _merge(rows: np.ndarray) -> list[np.ndarray]:
    """Fewest patterns covering exactly these images: two that differ in one cared-for
    pixel become one that does not care about it (repeated until nothing merges)."""
    patterns = [tuple(r) for r in rows]
    merged = True
    while merged:
        merged = False
        for p, q in itertools.combinations(patterns, 2):
            diff = [i for i in range(4) if p[i] != q[i]]
            if len(diff) == 1 and p[diff[0]] != 0 and q[diff[0]] != 0:
                new = tuple(0.0 if i == diff[0] else p[i] for i in range(4))
                patterns = [x for x in patterns if x not in (p, q)] + [new]
                merged = True
                break
    return [np.array(p) for p in sorted(patterns, reverse=True)]


# --- learning it ---------------------------------------------------------------------


def _copies(copies: int, noise: float, rng: np.random.Generator,
            with_pure: bool) -> tuple[np.ndarray, np.ndarray, list[str]]:
    copies = check_positive_int(copies, "noisy_copies", allow_zero=True)
    noise = check_scalar(noise, "noise")
    if not 0 <= noise < 1:
        raise ValueError(f"noise must be at least 0 and below 1, got {noise}")
    rows, truths, names = [], [], []
    for name, images in pure_images().items():
        for image in images:
            x = flatten(image)
            for k in range(copies + int(with_pure)):
                pure = with_pure and k == 0
                shrink = 0.0 if pure else rng.uniform(0, noise, size=4)
                rows.append(x * (1 - shrink))
                truths.append(one_hot(name))
                names.append(name)
    return np.array(rows).reshape(-1, 4), np.array(truths).reshape(-1, 4), names


def training_set(noisy_copies: int = 4, noise: float = NOISE,
                 seed: Seed = 0) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """``(X, Y, names)``: the eight pure images and ``noisy_copies`` copies of each with
    every pixel moved towards grey by up to ``noise`` (uniform, seeded), as input rows,
    one-hot truths and class names."""
    return _copies(noisy_copies, noise, as_generator(seed), with_pure=True)


def test_set(copies: int = 5, noise: float = NOISE,
             seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """``(X, Y, names)`` like :func:`training_set`, but only noisy copies (``copies`` of
    each pure image), drawn from a random stream of their own: for the same ``seed``
    none of them is a training image, so they test the network on images it never saw.
    """
    seed = check_positive_int(seed, "seed", allow_zero=True)
    return _copies(copies, noise, np.random.default_rng([seed, 1]), with_pure=False)


test_set.__test__ = False  # a data set, not a pytest test


def nudging_passes(sizes: Any) -> int:
    """Forward passes needed to find every weight's and bias's slope by nudging: one
    baseline pass for the error as it is, then one per parameter.

    >>> nudging_passes((4, 4, 4, 8, 4)), nudging_passes((784, 16, 16, 10))
    (117, 13003)
    """
    return 1 + parameter_count(sizes)


@dataclass(frozen=True)
class TrainedCamera:
    """The four-pixel network learnt from random weights, with its loss per epoch."""

    start: Network
    result: TrainingResult
    snapshots: tuple[Network, ...]  # the network after each epoch in ``snapshot_epochs``
    snapshot_epochs: tuple[int, ...]
    examples: int = 40  # training images
    batch_size: int = BATCH_SIZE  # examples per weight update (the last batch may be smaller)
    seed: int = 3  # the seed of the start weights, the noisy copies and the held-out set

    @property
    def network(self) -> Network:
        return self.result.network

    @property
    def batches(self) -> tuple[int, ...]:
        """The size of each batch in one epoch, in order: one weight update each."""
        size = min(self.batch_size, self.examples)
        return tuple(min(size, self.examples - start)
                     for start in range(0, self.examples, size))

    def score(self, X: Any, names: list[str]) -> int:
        """How many of the images (input rows) the trained network classifies right."""
        return sum(classify(np.asarray(x).reshape(2, 2), self.network) == name
                   for x, name in zip(X, names, strict=True))

    def accuracy_on_pure(self) -> float:
        """Share of the eight pure images the trained network classifies right."""
        pairs = [(image, name) for name, images in pure_images().items() for image in images]
        return float(np.mean([classify(image, self.network) == name
                              for image, name in pairs]))


def train_camera(epochs: int = 300, lr: float = 0.1, seed: int = 3, noisy_copies: int = 4,
                 snapshots: int = 6, batch_size: int = BATCH_SIZE) -> TrainedCamera:
    """Train the hand-set network's architecture from random weights (``seed``) with
    nnmath's backprop on :func:`training_set`, in batches of ``batch_size`` examples,
    keeping ``snapshots`` evenly spaced networks for an animation."""
    epochs = check_positive_int(epochs, "epochs")
    snapshots = check_positive_int(snapshots, "snapshots")
    batch_size = check_positive_int(batch_size, "batch_size")
    seed = check_positive_int(seed, "seed", allow_zero=True)
    sizes, activations = ARCHITECTURE
    start = Network.random(sizes, activations, seed=seed)
    X, Y, _ = training_set(noisy_copies, seed=seed)
    marks = tuple(sorted({max(1, int(round(e)))
                          for e in np.linspace(0, epochs, snapshots + 1)[1:]}))
    kept: dict[int, Network] = {}

    def keep(epoch: int, net: Network, _loss: float) -> None:
        if epoch in marks:
            kept[epoch] = net

    result = train(start, X, Y, lr=lr, epochs=epochs, batch_size=batch_size, loss=LOSS,
                   seed=seed, on_epoch=keep)
    return TrainedCamera(start, result, tuple(kept[e] for e in marks), marks,
                         examples=len(X), batch_size=batch_size, seed=seed)
