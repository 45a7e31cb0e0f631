"""Chapter 6's digits: 28x28 images, a 784-16-16-10 sigmoid network, and MNIST's IDX files.

:func:`load_digits_784` upscales scikit-learn's bundled 8x8 digits (1,797 images, no
download) to MNIST's 28x28, scales them to 0..1 and makes a stratified, seeded
held-out split. :func:`train_digits` trains the chapter's 784-16-16-10 network with
:func:`nnmath.training.train`. :func:`read_idx` and :func:`load_idx_dir` read the
real MNIST files (``train-images-idx3-ubyte[.gz]`` ...) when you have them.

scikit-learn is imported only inside :func:`load_digits_784`, so ``import nnmath``
stays numpy + scipy.

Example:
    >>> one_hot([2, 0], 3).tolist()
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
"""

from __future__ import annotations

import functools
import gzip
import numbers
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.ndimage import zoom

from ._validate import ArrayValued, Seed, as_array, as_generator, readonly_copy
from .network import Layer, Network
from .training import TrainingResult, train

__all__ = [
    "ASSET",
    "DIGITS_SIZES",
    "TrainedDigits",
    "load_trained",
    "DigitsData",
    "TRAINING",
    "accuracy",
    "load_digits_784",
    "load_idx_dir",
    "one_hot",
    "predict",
    "read_idx",
    "train_digits",
]

#: The chapter's network: 784 pixels, two hidden layers of 16, ten digits.
DIGITS_SIZES = (784, 16, 16, 10)

#: The training settings behind ``assets/digits_784_16_16_10.npz`` (measured: about
#: 95 % held-out accuracy in a few seconds on 2 cores).
TRAINING = {"epochs": 100, "lr": 0.1, "batch_size": 16, "loss": "cross_entropy"}


@dataclass(frozen=True, eq=False)
class DigitsData(ArrayValued):
    """Images flattened to rows of 784 values in 0..1, their labels 0..9, and which
    rows of the source the held-out set is (``test_indices``, ascending; ``X_test``
    and ``y_test`` are in that order)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    test_indices: np.ndarray

    def __post_init__(self) -> None:
        for name in ("X_train", "X_test"):
            object.__setattr__(self, name, readonly_copy(getattr(self, name)))
        for name in ("y_train", "y_test", "test_indices"):
            arr = np.array(getattr(self, name), dtype=np.int64, copy=True)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)


def _upscale(images: np.ndarray, side: int = 28) -> np.ndarray:
    """Each ``(h, w)`` image zoomed (bilinear) to ``(side, side)``, clipped to the
    images' original range."""
    low, high = float(images.min()), float(images.max())
    factor = (side / images.shape[1], side / images.shape[2])
    return np.stack([np.clip(zoom(im, factor, order=1), low, high) for im in images])


def _stratified_test_rows(y: np.ndarray, test_size: float, seed: Seed) -> np.ndarray:
    """About ``test_size`` of each class's rows (rounded per class), drawn with ``seed``;
    sorted ascending."""
    generator = as_generator(seed)
    picked = []
    for label in np.unique(y):
        rows = np.flatnonzero(y == label)
        k = int(round(test_size * len(rows)))
        picked.append(generator.permutation(rows)[:k])
    return np.sort(np.concatenate(picked))


def load_digits_784(seed: Seed = 0, test_size: float = 0.25) -> DigitsData:
    """scikit-learn's 1,797 8x8 digits upscaled to 28x28 (bilinear ``scipy.ndimage.zoom``),
    scaled to 0..1 (``/ 16``), flattened to 784, split into a training set and a
    stratified held-out set of about ``test_size`` of each digit, drawn with ``seed``.

    Example:
        >>> data = load_digits_784()
        >>> data.X_train.shape, data.X_test.shape, float(data.X_test.max())
        ((1347, 784), (450, 784), 1.0)
    """
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real) or not (
        0 < test_size < 1
    ):
        raise ValueError(f"test_size must be a fraction between 0 and 1, got {test_size!r}")
    from sklearn.datasets import load_digits  # here only: import nnmath stays sklearn-free

    digits = load_digits()
    X = np.clip(_upscale(digits.images) / 16.0, 0.0, 1.0).reshape(len(digits.images), -1)
    y = np.asarray(digits.target, dtype=np.int64)
    test = _stratified_test_rows(y, float(test_size), seed)
    train_rows = np.setdiff1d(np.arange(len(y)), test)
    return DigitsData(X[train_rows], y[train_rows], X[test], y[test], test)


def one_hot(y: Any, n_classes: int = 10) -> np.ndarray:
    """Rows of zeros with a 1 in column ``y[i]``: shape ``(len(y), n_classes)``.

    Example:
        >>> one_hot([1], 2).tolist()
        [[0.0, 1.0]]
    """
    labels = np.asarray(y)
    if labels.ndim != 1 or (labels.size and not np.issubdtype(labels.dtype, np.integer)):
        raise ValueError(f"labels must be a 1-D array of integers, got {labels!r}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"labels must lie in 0..{n_classes - 1}, got values from "
            f"{labels.min()} to {labels.max()}"
        )
    return np.eye(n_classes)[labels]


def predict(net: Network, X: Any) -> np.ndarray:
    """The digit each row of ``X`` is read as: the index of the largest output."""
    return np.argmax(net.forward(X), axis=1)


def accuracy(net: Network, X: Any, y: Any) -> float:
    """Fraction of rows of ``X`` whose prediction is the label in ``y``."""
    labels = as_array(y, "labels", ndim=1)
    predicted = predict(net, X)
    if len(labels) != len(predicted):
        raise ValueError(f"got {len(predicted)} inputs but {len(labels)} labels")
    return float(np.mean(predicted == labels))


def train_digits(
    data: DigitsData,
    epochs: int = TRAINING["epochs"],
    lr: float = TRAINING["lr"],
    batch_size: int | None = TRAINING["batch_size"],
    seed: Seed = 0,
    on_epoch: Callable[[int, Network, float], None] | None = None,
    loss: str = TRAINING["loss"],
) -> TrainingResult:
    """The chapter's 784-16-16-10 sigmoid network, from ``Network.random`` and then
    mini-batch gradient descent (:func:`nnmath.training.train`) on ``data``'s
    training set with one-hot targets. One generator made from ``seed`` draws the
    initial weights and then every epoch's shuffle, so an int seed gives the same
    network every time."""
    generator = as_generator(seed)
    net = Network.random(DIGITS_SIZES, "sigmoid", seed=generator)
    return train(
        net, data.X_train, one_hot(data.y_train, DIGITS_SIZES[-1]), lr=lr, epochs=epochs,
        batch_size=batch_size, loss=loss, seed=generator, on_epoch=on_epoch,
    )


#: Where ``make weights`` writes the trained network (relative to the project root).
ASSET = Path(__file__).resolve().parents[1] / "assets" / "digits_784_16_16_10.npz"


@dataclass(frozen=True, eq=False)
class TrainedDigits(ArrayValued):
    """The committed network and the held-out digits it never saw in training.

    ``X_test`` (n, 784) in 0..1, ``y_test`` their labels, ``test_indices`` their rows
    in ``load_digits``; ``accuracy`` is measured on exactly these inputs.
    """

    network: Network
    X_test: np.ndarray
    y_test: np.ndarray
    test_indices: np.ndarray
    accuracy: float


def load_trained(path: str | Path = ASSET) -> TrainedDigits:
    """The network ``make weights`` trained (``W1, b1, ... W3, b3``, sigmoid layers)
    and its held-out set, from the ``.npz`` at ``path``; a missing or incomplete file
    is one line naming it and ``make weights``.

    Example:
        >>> trained = load_trained()
        >>> trained.network.sizes, trained.accuracy >= 0.9
        ((784, 16, 16, 10), True)
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path} does not exist; `make weights` writes it")
    with np.load(path) as data:
        missing = [k for k in ("W1", "b1", "W2", "b2", "W3", "b3", "X_test", "y_test",
                               "test_indices", "accuracy") if k not in data.files]
        if missing:
            raise ValueError(f"{path} lacks {', '.join(missing)}; `make weights` remakes it")
        layers = tuple(Layer(data[f"W{k}"], data[f"b{k}"], "sigmoid") for k in (1, 2, 3))
        return TrainedDigits(
            network=Network(layers),
            X_test=readonly_copy(data["X_test"]),
            y_test=np.asarray(data["y_test"], dtype=np.int64),
            test_indices=np.asarray(data["test_indices"], dtype=np.int64),
            accuracy=float(data["accuracy"]),
        )


# --- MNIST's IDX files -------------------------------------------------------------

_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def _read_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    if path.suffix != ".gz" and raw[:2] != b"\x1f\x8b":
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError, zlib.error) as exc:
        raise ValueError(f"{path}: truncated or corrupt gzip file ({exc})") from None


def read_idx(path: str | Path) -> np.ndarray:
    """The array stored in an IDX file (MNIST's format), ``.gz`` or not.

    The header is two zero bytes, a type byte (0x08 = uint8, 0x09 int8, 0x0B int16,
    0x0C int32, 0x0D float32, 0x0E float64), the number of dimensions, then each
    size as a big-endian uint32; the data follow, big-endian, row-major. A truncated
    file or a wrong magic number raises a one-line ``ValueError`` naming the file.
    """
    path = Path(path)
    raw = _read_bytes(path)
    if len(raw) < 4:
        raise ValueError(f"{path}: truncated IDX file ({len(raw)} bytes, no 4-byte header)")
    if raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_TYPES or raw[3] == 0:
        raise ValueError(
            f"{path}: not an IDX file (magic number 0x{raw[:4].hex()}; expected two zero "
            "bytes, a type byte such as 0x08 for uint8, and the number of dimensions)"
        )
    dtype, ndim = np.dtype(_IDX_TYPES[raw[2]]), raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(
            f"{path}: truncated IDX file ({len(raw)} bytes, the header of a {ndim}-D "
            f"array alone needs {header})"
        )
    shape = tuple(int(s) for s in np.frombuffer(raw, ">u4", count=ndim, offset=4))
    expected = header + int(np.prod(shape)) * dtype.itemsize
    if len(raw) != expected:
        what = "truncated" if len(raw) < expected else "over-long"
        raise ValueError(
            f"{path}: {what} IDX file ({len(raw)} bytes; a {dtype.name} array of shape "
            f"{shape} needs {expected})"
        )
    return np.frombuffer(raw, dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def _find_idx(directory: Path, split: str, kind: str) -> Path:
    ndim = 3 if kind == "images" else 1
    names = [f"{split}-{kind}-idx{ndim}-ubyte", f"{split}-{kind}.idx{ndim}-ubyte"]
    for name in names:
        for candidate in (directory / name, directory / f"{name}.gz"):
            if candidate.is_file():
                return candidate
    raise FileNotFoundError(f"{directory}: no {names[0]} (or .gz) in this directory")


def _idx_pair(directory: Path, split: str) -> tuple[np.ndarray, np.ndarray]:
    images_path = _find_idx(directory, split, "images")
    labels_path = _find_idx(directory, split, "labels")
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.ndim != 3 or images.dtype != np.uint8:
        raise ValueError(
            f"{images_path}: expected uint8 images of shape (n, rows, cols), "
            f"got {images.dtype} of shape {images.shape}"
        )
    if labels.ndim != 1 or labels.dtype != np.uint8 or (labels.size and labels.max() > 9):
        raise ValueError(f"{labels_path}: expected uint8 labels 0..9, one per image")
    if len(images) != len(labels):
        raise ValueError(
            f"{labels_path}: {len(labels)} labels but {images_path.name} holds "
            f"{len(images)} images"
        )
    return images.reshape(len(images), -1) / 255.0, labels.astype(np.int64)


def load_idx_dir(directory: str | Path) -> DigitsData:
    """MNIST from a directory of IDX files (``train-images-idx3-ubyte``,
    ``train-labels-idx1-ubyte``, ``t10k-images-idx3-ubyte``, ``t10k-labels-idx1-ubyte``,
    each possibly ``.gz``): pixels scaled to 0..1 and flattened; the t10k files are
    the held-out set (``test_indices`` are their rows)."""
    directory = Path(directory)
    X_train, y_train = _idx_pair(directory, "train")
    X_test, y_test = _idx_pair(directory, "t10k")
    return DigitsData(X_train, y_train, X_test, y_test, np.arange(len(y_test)))


# --- chapter 6, scenes 1-3: pixels, misread digits, a first-layer neuron's sum ------

__all__ += ["edge_detector", "extreme_pixels", "misread", "neuron_input", "pixel_products"]


def extreme_pixels(image: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    """``(dark, bright)``: the ``(row, col)`` of a darkest pixel (the one nearest the
    ink's brightness-weighted centre, so it sits in or beside the stroke) and of the
    brightest pixel (the first in row-major order on ties).

    Example:
        >>> im = np.zeros((5, 5)); im[1:4, 1] = 1.0; im[1:4, 3] = 0.5
        >>> extreme_pixels(im)
        ((2, 2), (1, 1))
    """
    grid = as_array(image, "image", ndim=2)
    total = float(grid.sum())
    if total <= 0:
        raise ValueError("the image is all black: no ink to point at")
    rows, cols = np.indices(grid.shape)
    centre = np.array([(rows * grid).sum(), (cols * grid).sum()]) / total
    darkest = np.argwhere(grid == grid.min())
    dark = darkest[int(np.argmin(((darkest - centre) ** 2).sum(axis=1)))]
    bright = np.unravel_index(int(np.argmax(grid)), grid.shape)
    return (int(dark[0]), int(dark[1])), (int(bright[0]), int(bright[1]))


def misread(trained: TrainedDigits) -> np.ndarray:
    """Held-out indices (ascending) whose predicted digit is not the label."""
    return np.flatnonzero(predict(trained.network, trained.X_test) != trained.y_test)


def pixel_products(weights: Any, image: Any) -> np.ndarray:
    """The elementwise product ``w * x`` of a neuron's weight grid and an image of the
    same shape: what the neuron adds up (its sum plus the bias is :func:`neuron_input`).

    Example:
        >>> pixel_products([[1.0, -2.0]], [[0.5, 1.0]]).tolist()
        [[0.5, -2.0]]
    """
    w = as_array(weights, "weights", nonempty=True)
    x = as_array(image, "image", nonempty=True)
    if w.shape != x.shape:
        raise ValueError(f"weights {w.shape} and image {x.shape} must have the same shape")
    return w * x


def neuron_input(weights: Any, bias: float, X: Any) -> np.ndarray:
    """A neuron's weighted input ``z = w . x + b`` for each row of ``X`` (or one image
    of any shape): the sum of the elementwise product ``w * x``, plus the bias.

    Example:
        >>> neuron_input([1.0, -2.0], 0.5, [[1.0, 1.0], [0.0, 1.0]]).tolist()
        [-0.5, -1.5]
    """
    w = np.asarray(weights, dtype=float).reshape(-1)
    x = np.asarray(X, dtype=float)
    rows = x.reshape(-1, w.size) if x.size % w.size == 0 else None
    if rows is None or x.ndim == 0:
        raise ValueError(f"inputs of shape {x.shape} do not hold rows of {w.size} values")
    z = rows @ w + float(bias)
    return z if x.ndim == 2 and x.shape[1] == w.size else z.reshape(-1)


def edge_detector(row: int = 14, width: int = 2, side: int = 28, margin: int = 4) -> np.ndarray:
    """A hand-made ``side x side`` weight grid that fires for a horizontal bar of ink:
    ``+1`` on the stripe of rows ``row .. row + width - 1`` (columns ``margin`` to
    ``side - margin - 1``), ``-0.5`` on a border of ``width`` rows above and below it
    (the same columns), ``0`` elsewhere; so an evenly lit patch adds up to 0.

    Example:
        >>> edge_detector(2, 1, side=5, margin=1)[:, 2].tolist()
        [0.0, -0.5, 1.0, -0.5, 0.0]
    """
    if width < 1 or not (width <= row and row + 2 * width <= side):
        raise ValueError(f"a stripe of {width} rows at row {row} and its border do not fit "
                         f"a {side}x{side} grid")
    if not 0 <= margin < side // 2:
        raise ValueError(f"margin must be between 0 and {side // 2 - 1}, got {margin}")
    grid = np.zeros((side, side))
    cols = slice(margin, side - margin)
    grid[row - width:row + 2 * width, cols] = -0.5
    grid[row:row + width, cols] = 1.0
    return grid


# --- where the digits come from, and what the first layer's weights look like ----------

__all__ += [
    "SKLEARN_SIDE",
    "SMOOTH_CORRELATION",
    "WeightTexture",
    "detector_ink",
    "enlarged_basis",
    "is_enlarged",
    "neighbour_correlation",
    "share_in_enlarged",
    "spanned_dimension",
    "weight_texture",
]

#: scikit-learn's digits are 8x8 scans; :func:`load_digits_784` enlarges them to 28x28.
SKLEARN_SIDE = 8

#: A weight grid whose neighbouring weights correlate at least this much is called smooth.
#: Random weights (``Network.random``'s start) correlate at about 0; the weights trained on
#: the enlarged 8x8 digits at 0.8 to 0.9.
SMOOTH_CORRELATION = 0.5


@functools.lru_cache(maxsize=4)
def enlarged_basis(low: int = SKLEARN_SIDE, side: int = 28) -> np.ndarray:
    """Orthonormal columns, shape ``(side * side, low * low)``, spanning every ``low x low``
    image enlarged to ``side x side`` as :func:`load_digits_784` does (the bilinear zoom
    is linear, so the enlarged one-pixel images span them all). Read-only.

    Example:
        >>> enlarged_basis().shape
        (784, 64)
    """
    if not 1 <= low <= side:
        raise ValueError(f"low must be from 1 to {side}, got {low}")
    units = np.eye(low * low).reshape(-1, low, low)
    enlarged = _upscale(units, side).reshape(low * low, -1)
    basis, _ = np.linalg.qr(enlarged.T)
    basis.setflags(write=False)
    return basis


def share_in_enlarged(rows: Any, low: int = SKLEARN_SIDE) -> np.ndarray:
    """For each row (784 values: an image or a neuron's weights), the fraction of its sum
    of squares that lies in the space of enlarged ``low x low`` images (1 for a row in
    it, about ``low² / 784`` for random noise; 1 for an all-zero row).

    Example:
        >>> float(share_in_enlarged(np.ones(784))[0]) > 0.999999
        True
    """
    X = np.atleast_2d(np.asarray(rows, dtype=float))
    basis = enlarged_basis(low, int(round(np.sqrt(X.shape[1]))))
    if X.shape[1] != basis.shape[0]:
        raise ValueError(f"rows of {X.shape[1]} values are not square images")
    total = (X ** 2).sum(axis=1)
    inside = ((X @ basis) ** 2).sum(axis=1)
    return np.divide(inside, total, out=np.ones_like(total), where=total > 0)


def is_enlarged(X: Any, low: int = SKLEARN_SIDE, tol: float = 1e-6) -> bool:
    """Whether every image (row) of ``X`` is an enlarged ``low x low`` image: all but
    ``tol`` of each one's sum of squares lies in that space. True for
    :func:`load_digits_784`'s images (even stored as float32: about 1e-15 is left
    out), false for MNIST's 28x28 scans.

    Example:
        >>> is_enlarged(load_digits_784().X_test), is_enlarged(np.eye(784)[:3])
        (True, False)
    """
    return bool(np.all(share_in_enlarged(X, low) >= 1 - tol))


def spanned_dimension(X: Any, rtol: float = 1e-6) -> int:
    """The dimension of the space the rows of ``X`` span: the number of singular values
    above ``rtol`` times the largest (float32 storage leaves about 1e-8 of noise; the
    held-out enlarged digits' smallest real one is about 3e-4).

    Example:
        >>> spanned_dimension([[1.0, 0.0], [2.0, 0.0], [0.0, 0.5]])
        2
    """
    values = np.linalg.svd(np.asarray(X, dtype=float), compute_uv=False)
    if values.size == 0 or values[0] == 0:
        return 0
    return int(np.sum(values > rtol * values[0]))


def neighbour_correlation(rows: Any) -> np.ndarray:
    """For each row (a square grid of weights, flattened), the correlation between each
    weight and its right-hand and lower neighbours (all those pairs together): near 0
    for noise, near 1 for a smooth picture.

    Example:
        >>> ramp = np.add.outer(np.arange(4.0), np.arange(4.0))
        >>> neighbour_correlation([ramp.ravel(), (-1.0) ** ramp.ravel()]).round(2).tolist()
        [1.0, -1.0]
    """
    X = np.atleast_2d(np.asarray(rows, dtype=float))
    side = int(round(np.sqrt(X.shape[1])))
    if side * side != X.shape[1] or side < 2:
        raise ValueError(f"rows of {X.shape[1]} values are not square grids of side 2 or more")
    grids = X.reshape(len(X), side, side)
    out = np.empty(len(X))
    for k, g in enumerate(grids):
        a = np.concatenate([g[:, :-1].ravel(), g[:-1, :].ravel()])
        b = np.concatenate([g[:, 1:].ravel(), g[1:, :].ravel()])
        out[k] = np.corrcoef(a, b)[0, 1]
    return out


@dataclass(frozen=True, eq=False)
class WeightTexture(ArrayValued):
    """What a layer's weight grids look like, measured.

    ``enlarged``: the images the network reads are enlarged ``SKLEARN_SIDE``-square ones
    (:func:`is_enlarged`); ``share``: per weight row, its share in the space of such images
    (:func:`share_in_enlarged`); ``correlation``: per row, :func:`neighbour_correlation`.
    """

    enlarged: bool
    share: np.ndarray
    correlation: np.ndarray

    @property
    def smooth(self) -> bool:
        """Every grid's neighbouring weights correlate at ``SMOOTH_CORRELATION`` or more."""
        return bool(np.all(self.correlation >= SMOOTH_CORRELATION))

    @property
    def noisy(self) -> bool:
        """No grid's neighbouring weights correlate at ``SMOOTH_CORRELATION``."""
        return bool(np.all(self.correlation < SMOOTH_CORRELATION))


def weight_texture(W: Any, X: Any) -> WeightTexture:
    """How smooth the weight rows ``W`` (one flattened grid each) are, and whether the
    images ``X`` they read are enlarged 8x8 ones.

    When they are, and training was gradient descent from ``Network.random``, each row
    is its random start plus changes made of training images: the changes lie in the
    enlarged space, so the part of a row outside it is its random start, untouched.

    Example:
        >>> t = weight_texture(load_trained().network.layers[0].W, load_trained().X_test)
        >>> t.enlarged, t.smooth, bool(t.share.min() > 0.85)
        (True, True, True)
    """
    rows = np.atleast_2d(np.asarray(W, dtype=float))
    return WeightTexture(enlarged=is_enlarged(X), share=readonly_copy(share_in_enlarged(rows)),
                         correlation=readonly_copy(neighbour_correlation(rows)))


def detector_ink(detector: Any, X: Any) -> tuple[np.ndarray, np.ndarray]:
    """``(stripe, border)``: for each image (row of ``X``), its ink on the detector's
    positive weights and on its negative weights. For :func:`edge_detector`'s grid the
    weighted sum is ``stripe - 0.5 * border``.

    Example:
        >>> detector_ink(edge_detector(2, 1, side=5, margin=1), np.ones((1, 25)))
        (array([3.]), array([6.]))
    """
    w = np.asarray(detector, dtype=float).reshape(-1)
    rows = np.atleast_2d(np.asarray(X, dtype=float))
    if rows.shape[1] != w.size:
        raise ValueError(f"images of {rows.shape[1]} values do not match a detector of {w.size}")
    return rows[:, w > 0].sum(axis=1), rows[:, w < 0].sum(axis=1)
