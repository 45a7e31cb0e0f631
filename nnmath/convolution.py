"""Chapter 10's convolutions: kernels slid over an image, max-pooling, and a small
convolutional network traced stage by stage and trained by backprop.

:func:`conv2d` is the "valid" cross-correlation deep-learning libraries call a
convolution (the kernel is not flipped): map ``k`` at ``(r, c)`` is the sum of the
window of the image whose top-left pixel is ``(r, c)``, times kernel ``k``, plus its
bias. :func:`windows` shows those windows one by one, :func:`max_pool` keeps each
block's largest value and where it sat, :func:`flatten` and :func:`dense` lead to the
scores and :func:`softmax` to the shares.

A :class:`ConvNet` is one convolution layer (``k`` kernels, ReLU, max-pool) and one
dense layer to the classes, softmax on top. :meth:`ConvNet.trace` records every stage
by name (``input, conv, relu, pool, flat, scores, softmax``) in a :class:`ConvTrace`;
:meth:`ConvNet.gradients` is backprop through them all, and :func:`train_convnet`
descends with :func:`nnmath.descent.update`.

Example:
    >>> image = np.arange(16.0).reshape(4, 4)
    >>> conv2d(image[None], [[[1.0, 0.0], [0.0, -1.0]]])[0, 0].tolist()  # x[r,c] - x[r+1,c+1]
    [[-5.0, -5.0, -5.0], [-5.0, -5.0, -5.0], [-5.0, -5.0, -5.0]]
    >>> max_pool(image, 2).values.tolist()
    [[5.0, 7.0], [13.0, 15.0]]
    >>> net = ConvNet.random(n_kernels=8, seed=0)
    >>> net.parameter_count, net.trace(np.zeros((8, 8))).names
    (810, ('input', 'conv', 'relu', 'pool', 'flat', 'scores', 'softmax'))
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.special import log_softmax

from ._validate import (
    ArrayValued,
    Seed,
    as_array,
    as_generator,
    check_finite,
    check_learning_rate,
    check_positive_int,
    readonly_copy,
)
from .activations import relu, softmax
from .descent import update

__all__ = [
    "STAGE_NAMES",
    "ConvGradients",
    "ConvNet",
    "ConvTrace",
    "ConvTrainingResult",
    "NamedCount",
    "Pooled",
    "conv2d",
    "dense",
    "flatten",
    "max_pool",
    "softmax",
    "train_convnet",
    "windows",
]

#: The stages of :meth:`ConvNet.trace`, in order.
STAGE_NAMES: tuple[str, ...] = ("input", "conv", "relu", "pool", "flat", "scores", "softmax")


def _float_array(x: Any, name: str) -> np.ndarray:
    """``x`` as a float64 array (finiteness is checked by the caller, with its shape)."""
    return as_array(x, name, finite=False)


def _readonly_int(x: Any) -> np.ndarray:
    out = np.array(x, dtype=np.int64, copy=True)
    out.setflags(write=False)
    return out


def _positive_size(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


# --- convolution -----------------------------------------------------------------------


def conv2d(x: Any, kernels: Any, bias: Any = None) -> np.ndarray:
    """Every kernel slid over every image: the "valid" cross-correlation of deep-learning
    libraries (PyTorch's ``conv2d``, Keras' ``Conv2D``; the kernel is not flipped).

    ``out[i, k, r, c] = sum over channels ch and offsets (a, b) of
    x[i, ch, r + a, c + b] * kernels[k, ch, a, b]``, plus ``bias[k]``.

    Args:
        x: images, shape ``(n, h, w)`` (one channel) or ``(n, c, h, w)``.
        kernels: shape ``(k, kh, kw)`` (one channel) or ``(k, c, kh, kw)``, with the
            images' number of channels ``c``.
        bias: optional, shape ``(k,)``: one number added to all of map ``k``.

    Returns:
        A new float array of shape ``(n, k, h - kh + 1, w - kw + 1)``.

    Example:
        >>> x = np.array([[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]])      # one 2x3 image
        >>> conv2d(x, [[[1.0, 10.0]]], bias=[0.5]).tolist()          # x[r,c] + 10 x[r,c+1]
        [[[[21.5, 32.5], [54.5, 65.5]]]]
    """
    xs = _float_array(x, "images x")
    if xs.ndim not in (3, 4):
        raise ValueError(
            f"images x must have shape (n, h, w) or (n, c, h, w), got {xs.shape}")
    ks = _float_array(kernels, "kernels")
    if ks.ndim not in (3, 4):
        raise ValueError(
            f"kernels must have shape (k, kh, kw) or (k, c, kh, kw), got {ks.shape}")
    if xs.ndim == 3:
        xs = xs[:, None]
    if ks.ndim == 3:
        ks = ks[:, None]
    if xs.shape[1] != ks.shape[1]:
        raise ValueError(
            f"kernels have {ks.shape[1]} channel(s) (shape {ks.shape}) but the images have "
            f"{xs.shape[1]} (shape {xs.shape}); expected the same number")
    if 0 in xs.shape or 0 in ks.shape:
        raise ValueError(
            f"images x (shape {xs.shape}) and kernels (shape {ks.shape}) must not be empty")
    (h, w), (kh, kw) = xs.shape[2:], ks.shape[2:]
    if kh > h or kw > w:
        raise ValueError(
            f"kernels of {kh}x{kw} are bigger than the {h}x{w} images; expected kernels "
            "that fit inside the image")
    check_finite(xs, "images")
    check_finite(ks, "kernels")
    win = sliding_window_view(xs, (kh, kw), axis=(2, 3))  # (n, c, H, W, kh, kw), no copy
    out = np.einsum("nchwij,kcij->nkhw", win, ks, optimize=True)
    if bias is not None:
        bs = _float_array(bias, "bias")
        if bs.shape != (ks.shape[0],):
            raise ValueError(
                f"bias must have shape ({ks.shape[0]},), one number per kernel, "
                f"got {bs.shape}")
        check_finite(bs, "bias values")
        out = out + bs[:, None, None]
    return np.ascontiguousarray(out)


def windows(image: Any, kh: int, kw: int) -> np.ndarray:
    """The windows a ``kh x kw`` kernel sees on one 2-D image: a read-only view of shape
    ``(h - kh + 1, w - kw + 1, kh, kw)``, window ``[r, c]`` the pixels
    ``image[r:r + kh, c:c + kw]``. Window times kernel, summed, plus the bias is the
    map's value: ``(windows(im, 3, 3)[r, c] * kernels[k]).sum() + bias[k] ==
    conv2d(im[None], kernels, bias)[0, k, r, c]``.

    Example:
        >>> image = np.arange(12.0).reshape(3, 4)
        >>> windows(image, 2, 2).shape, windows(image, 2, 2)[1, 2].tolist()
        ((2, 3, 2, 2), [[6.0, 7.0], [10.0, 11.0]])
    """
    img = _float_array(image, "image")
    if img.ndim != 2:
        raise ValueError(f"image must be one 2-D image of shape (h, w), got {img.shape}")
    kh = _positive_size(kh, "kh (the kernel's height)")
    kw = _positive_size(kw, "kw (the kernel's width)")
    if kh > img.shape[0] or kw > img.shape[1]:
        raise ValueError(
            f"a {kh}x{kw} kernel is bigger than the {img.shape[0]}x{img.shape[1]} image; "
            "expected a kernel that fits inside the image")
    check_finite(img, "image")
    return sliding_window_view(img, (kh, kw))


# --- max-pooling ---------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Pooled(ArrayValued):
    """What max-pooling keeps: each block's largest value and where it sat.

    Attributes:
        values: the maxima, shape ``(..., Hp, Wp)``.
        rows: for each block, the row of its maximum in the un-pooled map (ints, the
            shape of ``values``).
        cols: the same for its column. On ties the first in row-major order within the
            block (as ``numpy.argmax``).

    Example:
        >>> p = max_pool([[1.0, 3.0], [2.0, 0.0]])
        >>> p.values.tolist(), p.rows.tolist(), p.cols.tolist()
        ([[3.0]], [[0]], [[1]])
    """

    values: np.ndarray
    rows: np.ndarray
    cols: np.ndarray

    def __post_init__(self) -> None:
        values = _float_array(self.values, "Pooled values")
        if values.ndim < 2:
            raise ValueError(
                f"Pooled values must have shape (..., Hp, Wp), got {values.shape}")
        for name in ("rows", "cols"):
            arr = np.asarray(getattr(self, name))
            if arr.shape != values.shape or (
                    arr.size and not np.issubdtype(arr.dtype, np.integer)):
                raise ValueError(
                    f"Pooled {name} must be integers of the values' shape {values.shape}, "
                    f"got {arr.dtype} of shape {arr.shape}")
            if arr.size and arr.min() < 0:
                raise ValueError(f"Pooled {name} must be non-negative, got {arr.min()}")
            object.__setattr__(self, name, _readonly_int(arr))
        object.__setattr__(self, "values", readonly_copy(values))

    @property
    def shape(self) -> tuple[int, ...]:
        """The pooled maps' shape, ``values.shape``."""
        return tuple(self.values.shape)


def _blocks(maps: np.ndarray, size: int) -> np.ndarray:
    """``(..., Hp, Wp, size * size)``: each block's values in row-major order (a copy)."""
    *lead, H, W = maps.shape
    Hp, Wp = H // size, W // size
    cropped = maps[..., : Hp * size, : Wp * size]
    blocks = cropped.reshape(*lead, Hp, size, Wp, size).swapaxes(-3, -2)
    return blocks.reshape(*lead, Hp, Wp, size * size)


def max_pool(maps: Any, size: int = 2) -> Pooled:
    """Max-pooling over non-overlapping ``size x size`` blocks of the last two axes (any
    leading axes: ``(n, k, H, W)``, ``(k, H, W)``, ``(H, W)``), with where each maximum
    sat (:class:`Pooled`). A last row or column that does not fill a block is dropped
    (PyTorch's default, ``ceil_mode=False``): a 7x7 map pools to 3x3 with blocks of 2.

    Example:
        >>> m = np.array([[1.0, 2.0, 9.0], [4.0, 4.0, 9.0], [9.0, 9.0, 9.0]])
        >>> p = max_pool(m, 2)                      # the last row and column are dropped
        >>> p.values.tolist(), p.rows.tolist(), p.cols.tolist()   # tie: the first, (1, 0)
        ([[4.0]], [[1]], [[0]])
    """
    arr = _float_array(maps, "maps")
    if arr.ndim < 2:
        raise ValueError(f"maps must have shape (..., H, W), at least 2-D, got {arr.shape}")
    size = _positive_size(size, "the pool size")
    H, W = arr.shape[-2:]
    if size > H or size > W:
        raise ValueError(
            f"the pool size {size} is bigger than the {H}x{W} maps; expected at most "
            f"{min(H, W)}")
    check_finite(arr, "maps")
    blocks = _blocks(arr, size)
    at = np.argmax(blocks, axis=-1)
    values = np.take_along_axis(blocks, at[..., None], axis=-1)[..., 0]
    Hp, Wp = values.shape[-2:]
    rows = np.arange(Hp)[:, None] * size + at // size
    cols = np.arange(Wp)[None, :] * size + at % size
    return Pooled(values, rows, cols)


def _unpool(grad: np.ndarray, pooled: Pooled, shape: tuple[int, ...]) -> np.ndarray:
    """Max-pooling's backward pass: each block's gradient goes to the cell of its maximum
    (an array of ``shape``, zero elsewhere)."""
    out = np.zeros(shape)
    *lead, H, W = shape
    flat = out.reshape(*lead, H * W)
    where = (pooled.rows * W + pooled.cols).reshape(*lead, -1)
    np.put_along_axis(flat, where, grad.reshape(*lead, -1), axis=-1)  # blocks never overlap
    return out


def flatten(maps: Any) -> np.ndarray:
    """Pooled maps ``(n, k, Hp, Wp)`` laid out as rows ``(n, k * Hp * Wp)``: kernel by
    kernel, then row by row, then column by column (C order).

    Example:
        >>> flatten(np.arange(8.0).reshape(1, 2, 2, 2)).tolist()
        [[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]]
    """
    arr = as_array(maps, "maps")
    if arr.ndim != 4:
        raise ValueError(f"maps must have shape (n, k, Hp, Wp), got {arr.shape}")
    return arr.reshape(len(arr), -1).copy()


def dense(x: Any, W: Any, b: Any) -> np.ndarray:
    """A dense layer's weighted sums ``x @ W.T + b``, ``W`` of shape ``(out, in)`` as in
    :class:`nnmath.Layer`.

    Example:
        >>> dense([[1.0, 2.0]], [[1.0, 1.0], [0.0, -1.0]], [0.5, 0.0]).tolist()
        [[3.5, -2.0]]
    """
    xs = as_array(x, "inputs x", ndim=2)
    Ws = as_array(W, "weights W", ndim=2)
    bs = as_array(b, "biases b", ndim=1)
    if xs.shape[1] != Ws.shape[1]:
        raise ValueError(
            f"weights W of shape {Ws.shape} take {Ws.shape[1]} inputs but x has "
            f"{xs.shape[1]} columns (shape {xs.shape})")
    if bs.shape != (Ws.shape[0],):
        raise ValueError(
            f"biases b must have shape ({Ws.shape[0]},), one per row of W, got {bs.shape}")
    return xs @ Ws.T + bs


# --- the network -----------------------------------------------------------------------


class NamedCount(NamedTuple):
    """One kind of parameter and how many there are: ``("kernel weights", 72)``."""

    name: str
    count: int


@dataclass(frozen=True, eq=False)
class ConvTrace(ArrayValued):
    """One forward pass of a :class:`ConvNet`, stage by stage, looked up by name.

    Stages, in order (:data:`STAGE_NAMES`): ``input`` ``(n, h, w)``, ``conv``
    ``(n, k, H, W)`` (each window times its kernel, summed, plus the kernel's bias),
    ``relu`` (the same shape), ``pool`` ``(n, k, Hp, Wp)``, ``flat`` ``(n, k*Hp*Wp)``,
    ``scores`` ``(n, n_classes)`` and ``softmax`` (the shares). The arrays are
    read-only; :attr:`pooled` also says where each pooled maximum sat.

    Example:
        >>> trace = ConvNet.random(n_kernels=2, image_side=6, seed=0).trace(np.ones((6, 6)))
        >>> trace["conv"].shape, trace.stage("pool").shape, trace.output.shape
        ((1, 2, 4, 4), (1, 2, 2, 2), (1, 10))
    """

    input: np.ndarray
    conv: np.ndarray
    relu: np.ndarray
    pooled: Pooled
    flat: np.ndarray
    scores: np.ndarray
    softmax: np.ndarray

    def __post_init__(self) -> None:
        if not isinstance(self.pooled, Pooled):
            raise ValueError(f"a ConvTrace's pooled must be a Pooled, got {self.pooled!r}")
        for name in ("input", "conv", "relu", "flat", "scores", "softmax"):
            object.__setattr__(self, name, readonly_copy(getattr(self, name)))

    @property
    def names(self) -> tuple[str, ...]:
        """The stages' names, in order: ``("input", "conv", "relu", "pool", "flat",
        "scores", "softmax")``."""
        return STAGE_NAMES

    def stage(self, name: str) -> np.ndarray:
        """The array of the stage called ``name`` (``"pool"``: the pooled values).

        Raises ``ValueError``, listing the stages there are, for any other name.
        """
        if not isinstance(name, str) or name not in STAGE_NAMES:
            raise ValueError(
                f"this trace has no stage {name!r}; its stages are: {', '.join(STAGE_NAMES)}")
        return self.pooled.values if name == "pool" else getattr(self, name)

    __getitem__ = stage

    @property
    def output(self) -> np.ndarray:
        """The shares, ``(n, n_classes)``: the softmax stage."""
        return self.softmax

    def __repr__(self) -> str:
        shapes = ", ".join(f"{name} {self.stage(name).shape}" for name in STAGE_NAMES)
        return f"ConvTrace({shapes})"


@dataclass(frozen=True, eq=False)
class ConvGradients(ArrayValued):
    """The gradient of the mean cross-entropy (:meth:`ConvNet.loss`) with respect to
    every parameter of a :class:`ConvNet` (each of its parameter's shape) and to the
    input images (``input``, ``(n, h, w)``); ``loss`` is the loss itself."""

    kernels: np.ndarray
    kernel_bias: np.ndarray
    W: np.ndarray
    b: np.ndarray
    input: np.ndarray
    loss: float

    def __post_init__(self) -> None:
        for name in ("kernels", "kernel_bias", "W", "b", "input"):
            object.__setattr__(self, name, readonly_copy(getattr(self, name)))
        object.__setattr__(self, "loss", float(self.loss))


_PARAMETERS = ("kernels", "kernel_bias", "W", "b")


@dataclass(frozen=True, eq=False)
class ConvNet(ArrayValued):
    """A small convolutional network for one-channel images: ``k`` kernels slid over the
    image (plus a bias each), ReLU, ``pool x pool`` max-pooling, the pooled maps
    flattened and a dense layer to the classes, softmax on top.

    Args:
        kernels: ``(k, kh, kw)``.
        kernel_bias: ``(k,)``.
        W: the dense layer's weights, ``(n_classes, k * Hp * Wp)`` (``(out, in)`` as in
            :class:`nnmath.Layer`), its columns in :func:`flatten`'s order.
        b: ``(n_classes,)``.
        pool: the max-pool's block size.

    The arrays are kept as read-only float64 copies. Which images fit is set by ``W``'s
    width: those whose pooled maps have ``Hp * Wp = W.shape[1] / k`` cells.

    Example:
        >>> net = ConvNet.random(n_kernels=6, kernel_size=3, image_side=8, seed=0)
        >>> net.n_kernels, net.kernel_size, net.n_classes, net.map_shape((8, 8))
        (6, (3, 3), 10, (6, 6))
        >>> [(part.name, part.count) for part in net.parameter_breakdown]
        [('kernel weights', 54), ('kernel biases', 6), ('dense weights', 540), ('dense biases', 10)]
    """

    kernels: np.ndarray
    kernel_bias: np.ndarray
    W: np.ndarray
    b: np.ndarray
    pool: int = 2

    def __post_init__(self) -> None:
        kernels = _float_array(self.kernels, "kernels")
        if kernels.ndim != 3 or 0 in kernels.shape:
            raise ValueError(
                f"kernels must have shape (k, kh, kw), non-empty, got {kernels.shape}")
        k = kernels.shape[0]
        kernel_bias = _float_array(self.kernel_bias, "kernel_bias")
        if kernel_bias.shape != (k,):
            raise ValueError(
                f"kernel_bias must have shape ({k},), one per kernel, got {kernel_bias.shape}")
        W = _float_array(self.W, "W")
        if W.ndim != 2 or 0 in W.shape or W.shape[1] % k:
            raise ValueError(
                f"W must have shape (n_classes, k * Hp * Wp), a multiple of the {k} kernels "
                f"wide, got {W.shape}")
        b = _float_array(self.b, "b")
        if b.shape != (W.shape[0],):
            raise ValueError(
                f"b must have shape ({W.shape[0]},), one per row of W, got {b.shape}")
        pool = self.pool
        if isinstance(pool, bool) or not isinstance(pool, numbers.Integral) or pool < 1:
            raise ValueError(f"pool must be a positive integer (the block size), got {pool!r}")
        words = ("kernels", "kernel biases", "dense weights", "dense biases")
        for name, word, arr in zip(_PARAMETERS, words, (kernels, kernel_bias, W, b),
                                   strict=True):
            check_finite(arr, f"ConvNet {word}")
            object.__setattr__(self, name, readonly_copy(arr))
        object.__setattr__(self, "pool", int(pool))

    @classmethod
    def random(
        cls,
        n_kernels: int = 8,
        kernel_size: int = 3,
        image_side: int = 8,
        pool: int = 2,
        n_classes: int = 10,
        seed: Seed = 0,
    ) -> ConvNet:
        """A network for ``image_side x image_side`` images with He-style random weights:
        kernels ``~ N(0, 2 / kernel_size^2)``, then ``W ~ N(0, 2 / (k * Hp * Wp))``,
        drawn in that order from one generator made from ``seed`` (an int gives the same
        network every time); the biases start at 0.

        Example:
            >>> ConvNet.random(seed=3) == ConvNet.random(seed=3) != ConvNet.random(seed=4)
            True
        """
        k = check_positive_int(n_kernels, "n_kernels")
        size = check_positive_int(kernel_size, "kernel_size")
        side = check_positive_int(image_side, "image_side")
        pool = check_positive_int(pool, "pool")
        n_classes = check_positive_int(n_classes, "n_classes")
        if size > side:
            raise ValueError(
                f"kernel_size {size} is bigger than the images' side {side}; "
                "expected kernels that fit inside the image")
        if pool > side - size + 1:
            raise ValueError(
                f"pool {pool} is bigger than the {side - size + 1}x{side - size + 1} maps "
                f"that {size}x{size} kernels leave of {side}x{side} images")
        cells = ((side - size + 1) // pool) ** 2
        generator = as_generator(seed)
        kernels = generator.standard_normal((k, size, size)) * np.sqrt(2.0 / size**2)
        W = generator.standard_normal((n_classes, k * cells)) * np.sqrt(2.0 / (k * cells))
        return cls(kernels, np.zeros(k), W, np.zeros(n_classes), pool)

    # --- sizes -----------------------------------------------------------------------

    @property
    def n_kernels(self) -> int:
        """How many kernels (and maps) there are, ``k``."""
        return int(self.kernels.shape[0])

    @property
    def kernel_size(self) -> tuple[int, int]:
        """``(kh, kw)``."""
        return int(self.kernels.shape[1]), int(self.kernels.shape[2])

    @property
    def n_classes(self) -> int:
        """How many classes (scores, shares) the network gives."""
        return int(self.W.shape[0])

    @property
    def n_features(self) -> int:
        """The flattened pooled maps' width, ``k * Hp * Wp`` (``W``'s columns)."""
        return int(self.W.shape[1])

    def _image_shape(self, image_shape: Any) -> tuple[int, int]:
        try:
            h, w = (int(s) for s in image_shape)
        except (TypeError, ValueError):
            raise ValueError(
                f"image_shape must be a pair (h, w) of positive integers, got {image_shape!r}"
            ) from None
        kh, kw = self.kernel_size
        if h < kh or w < kw:
            raise ValueError(
                f"{h}x{w} images are smaller than the {kh}x{kw} kernels; expected at least "
                f"{kh}x{kw}")
        return h, w

    def map_shape(self, image_shape: tuple[int, int]) -> tuple[int, int]:
        """The shape ``(H, W)`` of each kernel's map on images of ``image_shape``:
        ``(h - kh + 1, w - kw + 1)``."""
        h, w = self._image_shape(image_shape)
        kh, kw = self.kernel_size
        return h - kh + 1, w - kw + 1

    def pooled_shape(self, image_shape: tuple[int, int]) -> tuple[int, int]:
        """The shape ``(Hp, Wp)`` of each pooled map: ``(H // pool, W // pool)``."""
        H, W = self.map_shape(image_shape)
        return H // self.pool, W // self.pool

    def fits(self, image_shape: tuple[int, int]) -> bool:
        """Whether images of ``image_shape`` give the ``k * Hp * Wp`` features ``W``
        takes.

        Example:
            >>> net = ConvNet.random(image_side=8, seed=0)
            >>> net.fits((8, 8)), net.fits((9, 9)), net.fits((10, 10))
            (True, True, False)
        """
        try:
            Hp, Wp = self.pooled_shape(image_shape)
        except ValueError:
            return False
        return self.n_kernels * Hp * Wp == self.n_features

    @property
    def parameter_breakdown(self) -> tuple[NamedCount, ...]:
        """The parameters by kind, in this order: kernel weights ``k * kh * kw``, kernel
        biases ``k``, dense weights, dense biases; they add up to
        :attr:`parameter_count`."""
        return (NamedCount("kernel weights", int(self.kernels.size)),
                NamedCount("kernel biases", int(self.kernel_bias.size)),
                NamedCount("dense weights", int(self.W.size)),
                NamedCount("dense biases", int(self.b.size)))

    @property
    def parameter_count(self) -> int:
        """Every weight and bias, kernels included."""
        return sum(part.count for part in self.parameter_breakdown)

    # --- forward ---------------------------------------------------------------------

    def _images(self, images: Any) -> np.ndarray:
        arr = _float_array(images, "images")
        if arr.ndim == 2:
            arr = arr[None]
        if arr.ndim != 3 or 0 in arr.shape:
            raise ValueError(
                f"images must have shape (n, h, w) (or (h, w) for one image), non-empty, "
                f"got {arr.shape}")
        check_finite(arr, "images")
        if not self.fits(arr.shape[1:]):
            kh, kw = self.kernel_size
            raise ValueError(
                f"{arr.shape[1]}x{arr.shape[2]} images do not fit this network: its W takes "
                f"{self.n_features} features ({self.n_kernels} pooled maps of "
                f"{self.n_features // self.n_kernels} cells after {kh}x{kw} kernels and "
                f"{self.pool}x{self.pool} pooling)")
        return arr

    def _labels(self, labels: Any, n: int) -> np.ndarray:
        arr = np.asarray(labels)
        if arr.ndim != 1 or (arr.size and not np.issubdtype(arr.dtype, np.integer)):
            raise ValueError(f"labels must be a 1-D array of integers, got {labels!r}")
        if len(arr) != n:
            raise ValueError(f"got {n} images but {len(arr)} labels")
        if arr.size and (arr.min() < 0 or arr.max() >= self.n_classes):
            raise ValueError(
                f"labels must lie in 0..{self.n_classes - 1}, got values from {arr.min()} "
                f"to {arr.max()}")
        return arr.astype(np.int64)

    def _forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, Pooled, np.ndarray,
                                               np.ndarray]:
        """conv, relu, pooled, flat, scores of checked images ``x`` (n, h, w)."""
        conv = conv2d(x, self.kernels, self.kernel_bias)
        rectified = relu(conv)
        pooled = max_pool(rectified, self.pool)
        flat = pooled.values.reshape(len(x), -1)
        scores = flat @ self.W.T + self.b
        return conv, rectified, pooled, flat, scores

    def trace(self, images: Any) -> ConvTrace:
        """Every stage of the forward pass for images ``(n, h, w)`` (a single ``(h, w)``
        image is traced as ``n = 1``): the one forward computation.

        Example:
            >>> net = ConvNet.random(n_kernels=3, seed=0)
            >>> trace = net.trace(np.zeros((2, 8, 8)))
            >>> [trace[name].shape for name in trace.names]
            [(2, 8, 8), (2, 3, 6, 6), (2, 3, 6, 6), (2, 3, 3, 3), (2, 27), (2, 10), (2, 10)]
        """
        x = self._images(images)
        conv, rectified, pooled, flat, scores = self._forward(x)
        return ConvTrace(x, conv, rectified, pooled, flat, scores, softmax(scores, axis=-1))

    def forward(self, images: Any) -> np.ndarray:
        """The shares ``(n, n_classes)`` (rows add up to 1): the trace's output."""
        return self.trace(images).output.copy()

    __call__ = forward

    def predict(self, images: Any) -> np.ndarray:
        """The class each image is read as: the index of its largest score, ``(n,)``."""
        return np.argmax(self._forward(self._images(images))[-1], axis=1)

    def accuracy(self, images: Any, labels: Any) -> float:
        """The fraction of images whose prediction is their label."""
        predicted = self.predict(images)
        return float(np.mean(predicted == self._labels(labels, len(predicted))))

    def loss(self, images: Any, labels: Any) -> float:
        """The mean cross-entropy: minus the log of each label's share, averaged, from
        the log-softmax of the scores (never ``log(0)``).

        Example:
            >>> net = ConvNet.random(seed=0)
            >>> round(net.loss(np.zeros((1, 8, 8)), [3]), 4)   # all scores 0: -log(1/10)
            2.3026
        """
        x = self._images(images)
        y = self._labels(labels, len(x))
        scores = self._forward(x)[-1]
        return float(-np.mean(log_softmax(scores, axis=1)[np.arange(len(y)), y]))

    # --- backward --------------------------------------------------------------------

    def _backprop(self, x: np.ndarray, y: np.ndarray, want_input: bool
                  ) -> tuple[float, list[np.ndarray], np.ndarray | None]:
        """Loss, parameter gradients (in :data:`_PARAMETERS` order) and, if wanted, the
        input's gradient, for checked images and labels."""
        n = len(x)
        conv, _, pooled, flat, scores = self._forward(x)
        logp = log_softmax(scores, axis=1)
        loss = float(-np.mean(logp[np.arange(n), y]))
        d_scores = np.exp(logp)  # softmax + cross-entropy: share minus one-hot, / n
        d_scores[np.arange(n), y] -= 1.0
        d_scores /= n
        dW = d_scores.T @ flat
        db = d_scores.sum(axis=0)
        d_pool = (d_scores @ self.W).reshape(pooled.shape)
        d_relu = _unpool(d_pool, pooled, conv.shape)  # to each block's maximum
        d_conv = d_relu * (conv > 0)  # relu'(0) = 0, as nnmath.activations
        win = sliding_window_view(x, self.kernel_size, axis=(1, 2))  # (n, H, W, kh, kw)
        d_kernels = np.einsum("nkhw,nhwij->kij", d_conv, win, optimize=True)
        d_bias = d_conv.sum(axis=(0, 2, 3))
        d_input = None
        if want_input:  # the full convolution: d_conv padded, against flipped kernels
            kh, kw = self.kernel_size
            padded = np.pad(d_conv, ((0, 0), (0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1)))
            d_input = conv2d(padded, self.kernels[None, :, ::-1, ::-1])[:, 0]
        return loss, [d_kernels, d_bias, dW, db], d_input

    def gradients(self, images: Any, labels: Any) -> ConvGradients:
        """The gradient of :meth:`loss` with respect to every parameter and the input
        images, by backprop through every stage: softmax with the cross-entropy (shares
        minus the one-hot labels), the dense layer, the flattening, the max-pool (each
        block's gradient goes to its maximum), ReLU (slope 0 at 0), the convolution.

        Example:
            >>> net = ConvNet.random(n_kernels=2, seed=0)
            >>> g = net.gradients(np.ones((3, 8, 8)), [1, 2, 3])
            >>> g.kernels.shape, g.kernel_bias.shape, g.W.shape, g.b.shape, g.input.shape
            ((2, 3, 3), (2,), (10, 18), (10,), (3, 8, 8))
        """
        x = self._images(images)
        y = self._labels(labels, len(x))
        loss, grads, d_input = self._backprop(x, y, want_input=True)
        return ConvGradients(*grads, input=d_input, loss=loss)

    def input_gradient(self, images: Any, labels: Any) -> np.ndarray:
        """The gradient of :meth:`loss` with respect to the images, ``(n, h, w)``."""
        return self.gradients(images, labels).input

    # --- storage ---------------------------------------------------------------------

    def with_parameters(self, **arrays: Any) -> ConvNet:
        """The same network with some parameters replaced (``kernels=...``)."""
        unknown = sorted(set(arrays) - set(_PARAMETERS))
        if unknown:
            raise ValueError(f"a ConvNet has no parameter {', '.join(unknown)}; expected "
                             f"some of: {', '.join(_PARAMETERS)}")
        values = {name: getattr(self, name) for name in _PARAMETERS} | arrays
        return ConvNet(**values, pool=self.pool)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The network as plain arrays (``kernels``, ``kernel_bias``, ``W``, ``b``,
        ``pool``), for ``np.savez``; :meth:`from_arrays` reads them back.

        Example:
            >>> net = ConvNet.random(seed=0)
            >>> ConvNet.from_arrays(net.to_arrays()) == net
            True
        """
        out = {name: np.array(getattr(self, name)) for name in _PARAMETERS}
        return out | {"pool": np.int64(self.pool)}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, Any]) -> ConvNet:
        """The network :meth:`to_arrays` wrote (a dict or an opened ``.npz``); a missing
        key is one ``ValueError`` naming it."""
        keys = (*_PARAMETERS, "pool")
        missing = [key for key in keys if key not in arrays]
        if missing:
            raise ValueError(f"the ConvNet's arrays lack {', '.join(missing)} "
                             f"(expected {', '.join(keys)})")
        pool = np.asarray(arrays["pool"])
        if pool.shape != () or not np.issubdtype(pool.dtype, np.integer):
            raise ValueError(f"pool must be one integer, got {arrays['pool']!r}")
        return cls(*(arrays[name] for name in _PARAMETERS), pool=int(pool))


# --- training ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConvTrainingResult:
    """The trained network and the mean cross-entropy on the whole training set after
    each epoch (``losses[0]`` is before training)."""

    network: ConvNet
    losses: tuple[float, ...]


def train_convnet(
    images: Any,
    labels: Any,
    n_kernels: int = 8,
    epochs: int = 30,
    lr: float = 0.1,
    batch_size: int | None = 16,
    seed: Seed = 0,
    on_epoch: Callable[[int, ConvNet, float], None] | None = None,
    *,
    kernel_size: int = 3,
    pool: int = 2,
    n_classes: int = 10,
) -> ConvTrainingResult:
    """Mini-batch gradient descent on the mean cross-entropy, from
    :meth:`ConvNet.random`: shuffle, step on each batch, repeat.

    Every parameter ``p`` takes the course's step ``update(p, g, lr)`` = ``p - g * lr``
    (:func:`nnmath.descent.update`) with ``g`` its gradient on the batch: plain
    stochastic gradient descent. One generator made from ``seed`` draws the initial
    network and then every epoch's shuffle, so an int seed gives the same network every
    time, bit for bit.
    ``batch_size=None`` uses the whole set each step. ``on_epoch(epoch, net, loss)`` is
    called after every epoch.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> X, y = rng.uniform(size=(20, 6, 6)), np.arange(20) % 2
        >>> run = train_convnet(X, y, n_kernels=2, epochs=3, n_classes=2, seed=0)
        >>> len(run.losses), run.network.n_kernels
        (4, 2)
    """
    x = _float_array(images, "images")
    if x.ndim != 3 or 0 in x.shape or x.shape[1] != x.shape[2]:
        raise ValueError(f"images must have shape (n, side, side), non-empty, got {x.shape}")
    epochs = check_positive_int(epochs, "epochs", allow_zero=True)
    if batch_size is not None:
        batch_size = check_positive_int(batch_size, "batch_size (or None for the whole set)")
    lr = check_learning_rate(lr)
    generator = as_generator(seed)
    net = ConvNet.random(n_kernels, kernel_size, x.shape[1], pool, n_classes, seed=generator)
    x = net._images(x)
    y = net._labels(labels, len(x))
    size = len(x) if batch_size is None else min(batch_size, len(x))
    params = [getattr(net, name) for name in _PARAMETERS]

    def diverged(epoch: int, value: float) -> ValueError:
        return ValueError(f"training diverged at epoch {epoch} (loss {value}); "
                          f"try a smaller learning rate than {lr}")

    losses = [net.loss(x, y)]
    for epoch in range(1, epochs + 1):
        order = generator.permutation(len(x))
        with np.errstate(over="ignore", invalid="ignore"):
            for start in range(0, len(x), size):
                batch = order[start : start + size]
                _, grads, _ = net._backprop(x[batch], y[batch], want_input=False)
                try:
                    params = [update(p, g, lr) for p, g in zip(params, grads, strict=True)]
                    net = ConvNet(*params, pool=net.pool)
                except ValueError:  # a gradient or a new weight is not finite
                    raise diverged(epoch, net.loss(x, y)) from None
            losses.append(net.loss(x, y))
        if not np.isfinite(losses[-1]):
            raise diverged(epoch, losses[-1])
        if on_epoch is not None:
            on_epoch(epoch, net, losses[-1])
    return ConvTrainingResult(network=net, losses=tuple(losses))
