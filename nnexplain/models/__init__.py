"""A trained network's own file read into dense layers: the weights, the activations and
the class labels that ONNX, scikit-learn (skops), PyTorch (safetensors), Keras 3 and numpy
(``.npz``) files carry (:func:`load_model`), or a fitted scikit-learn MLP already in memory
(:func:`from_estimator`). Nothing here runs a model or unpickles anything: each format is
read by its own reader (``onnx``, ``skops.io`` with a list of trusted types, ``safetensors``,
``zipfile`` + ``json`` + ``h5py``, ``numpy``), and everything it cannot read as a chain of
dense layers is a one-line :class:`ModelError` naming the file, the node or layer and what
is supported.

This module holds the API, the checks every reader ends with (:func:`_model`) and what each
format is expected to hold (``_EXPECTED``); each format has its own module, imported (with
its library) only when a file of it is read: ``onnx_graph`` (``.onnx``), ``skops_file``
(``.skops``), ``keras_file`` (``.keras``), ``arrays`` (``.safetensors``, ``.npz``).

What each format's writer lays out (checked against files the tools wrote; the test
fixtures' README says how):

- ``.onnx``: ``torch.onnx.export`` of an ``nn.Sequential``: ``Gemm`` (``transB = 1``,
  initializers ``0.weight`` (out, in), ``0.bias``; no bias input for ``bias=False``) or,
  from the older exporter, ``MatMul`` with a weight (in, out); then ``Relu``, ``LeakyRelu``,
  ``Sigmoid``, ``Tanh``, ``Softmax``. Keras 3's own ``model.export(format="onnx")``:
  ``MatMul`` (in, out) + ``Add`` with a ``Cast`` around nearly every node. skl2onnx:
  ``Cast``, ``MatMul`` + ``Add`` (biases of shape (1, out)), a ``Softmax`` (or a
  ``Sigmoid`` whose (1 - p, p) it concatenates for two classes), then ``ArgMax``,
  ``ZipMap``, ``ArrayFeatureExtractor`` and casts to labels.
- ``.skops``: the fitted ``MLPClassifier``/``MLPRegressor``: ``coefs_`` (in, out),
  ``intercepts_``, ``activation``, ``out_activation_``, ``classes_``.
- ``.safetensors``: a state dict, ``<name>.weight`` (out, in) and ``<name>.bias``.
- ``.keras``: a zip of ``config.json`` (the layers, in order, with their activations) and
  ``model.weights.h5``, where Keras files each layer not by its name but by its class in
  snake case, numbered in order among the model's layers of that class
  (``layers/dense/vars/0`` the kernel (in, out), ``layers/dense/vars/1`` the bias, then
  ``layers/dense_1/...``).

Example:
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     np.savez(f"{folder}/w.npz", W1=np.ones((3, 2)), b1=np.zeros(3), W2=np.ones((1, 3)),
    ...              b2=np.zeros(1))
    ...     model = load_model(f"{folder}/w.npz")
    >>> model.sizes, model.activations, model.format
    ((2, 3, 1), (None, None), 'npz')
    >>> load_model("model.h5")
    Traceback (most recent call last):
    ...
    nnexplain.models.ModelError: model.h5 is a .h5 file; expected one of .onnx, .skops, \
.safetensors, .keras or .npz
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# nnmath (scipy) and each format's module (and its library) are imported where a file is
# read, so that importing this package (as `nnexplain --help` does) costs only numpy

__all__ = ["SUFFIXES", "Model", "ModelError", "from_estimator", "load_model"]

SUFFIXES: tuple[str, ...] = (".onnx", ".skops", ".safetensors", ".keras", ".npz")


class ModelError(ValueError):
    """What is wrong with a model file, in one line: ``what`` names the file and the node
    or layer, ``expected`` says what is supported; ``str(err)`` is
    ``"<what>; expected <expected>"``.

    Example:
        >>> str(ModelError("m.onnx: Conv node 'c1' is not a dense layer", "Gemm or MatMul"))
        "m.onnx: Conv node 'c1' is not a dense layer; expected Gemm or MatMul"
    """

    def __init__(self, what: str, expected: str) -> None:
        self.what, self.expected = _one_line(what), _one_line(expected)
        super().__init__(f"{self.what}; expected {self.expected}")


@dataclass(frozen=True)
class Model:
    """A chain of dense layers read from a file (or a fitted estimator).

    Attributes:
        weights: per layer ``(W, b)``: W of shape (out, in), b of shape (out,), float64.
        activations: per layer, nnmath's name of its activation (``"relu"``,
            ``"leaky_relu(0.2)"``, ``"softmax"``...); ``None`` where the file does not say
            (safetensors, npz: the spec names them).
        format: ``"onnx"``, ``"skops"``, ``"safetensors"``, ``"keras"`` or ``"npz"``;
            ``"sklearn"`` for an estimator read in memory.
        classes: the class labels the file carries (a classifier's ``classes_``,
            skl2onnx's labels), else ``None``.
    """

    weights: tuple[tuple[np.ndarray, np.ndarray], ...]
    activations: tuple[str | None, ...]
    format: str
    classes: tuple | None = None

    @property
    def sizes(self) -> tuple[int, ...]:
        """The widths ``(in, h1, ..., out)``."""
        return (self.weights[0][0].shape[1],) + tuple(W.shape[0] for W, _ in self.weights)


def load_model(path: Path | str, layers: int | None = None) -> Model:
    """Read the model file at ``path``, by its suffix (one of :data:`SUFFIXES`).

    ``layers``: for ``.npz`` only, the arrays ``W1, b1, ..., W<layers>, b<layers>`` it must
    hold (``None``: as many as it holds). Raises :class:`ModelError`.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ModelError(f"{path} is a {suffix or 'suffix-less'} file",
                         "one of " + _either(list(SUFFIXES)))
    if path.is_dir():
        raise ModelError(f"{path} is a folder, not a file", _EXPECTED[suffix])
    if not path.exists():
        raise ModelError(f"no such file {path}", _EXPECTED[suffix])
    if suffix == ".npz":
        from .arrays import _read_npz

        return _read_npz(path, layers)
    if suffix == ".safetensors":
        from .arrays import _read_safetensors

        return _read_safetensors(path)
    if suffix == ".keras":
        from .keras_file import _read_keras

        return _read_keras(path)
    if suffix == ".skops":
        from .skops_file import _read_skops

        return _read_skops(path)
    from .onnx_graph import _read_onnx

    return _read_onnx(path)


# ---------------------------------------------------------------------------------- common

_ONNX_OPS = ("Gemm or MatMul + Add layers with Relu, LeakyRelu, Sigmoid, Tanh, Softmax or "
             "Identity (Cast, Flatten, Reshape and skl2onnx's label outputs are passed over)")
_KERAS_LAYERS = ("Dense layers (activations linear, relu, sigmoid, tanh, softmax, leaky_relu) "
                 "with InputLayer, Dropout, Activation, ReLU, LeakyReLU and Softmax layers")
_MLP_WHAT = "scikit-learn MLPClassifier or MLPRegressor"
_SKOPS_WHAT = "a " + _MLP_WHAT + " saved with skops.io.dump"
_EXPECTED = {
    ".onnx": "an ONNX graph of " + _ONNX_OPS,
    ".skops": _SKOPS_WHAT,
    ".safetensors": ("a PyTorch state dict of Linear layers: <name>.weight of shape (out, in) "
                     "and <name>.bias of shape (out,)"),
    ".keras": "a Keras 3 .keras file (config.json and model.weights.h5) of " + _KERAS_LAYERS,
    ".npz": ("an .npz file written by numpy.savez with arrays W1, b1, W2, b2, ... "
             "(W of shape (out, in), b of shape (out,))"),
}


def _one_line(text: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", str(text)).strip()


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _short(exc: BaseException) -> str:
    text = _one_line(str(exc)) or type(exc).__name__
    return text if len(text) <= 100 else text[:97] + "..."


def _unreadable(path: Path, exc: BaseException | str) -> ModelError:
    why = exc if isinstance(exc, str) else _short(exc)
    return ModelError(f"{path} is not a readable {path.suffix.lower()} file ({why})",
                      _EXPECTED[path.suffix.lower()])


def _leaky(where: str, slope: float) -> str:
    from nnmath.activations import leaky_relu_name

    try:
        return leaky_relu_name(slope)
    except ValueError:
        raise ModelError(f"{where} has a leaky ReLU slope of {slope!r}",
                         "a slope from 0 up to (not including) 1") from None


@dataclass
class _Layer:
    """A dense layer while it is read: ``name`` says where it is in the file."""

    name: str
    W: np.ndarray
    b: np.ndarray
    activation: str | None = None
    weight_name: str = ""  # how the file names W and b, when it names them
    bias_name: str = ""


def _real(path: Path | str, what: str, arr: Any) -> np.ndarray:
    arr = np.asarray(arr)
    if arr.dtype.kind not in "iuf":
        kind = "text" if arr.dtype.kind in "USO" else f"{arr.dtype.name} values"
        raise ModelError(f"{path}: {what} holds {kind}, not real numbers",
                         "weights of real numbers")
    if not np.all(np.isfinite(arr)):
        raise ModelError(f"{path}: {what} holds NaN or infinity", "finite weights")
    return arr.astype(np.float64)


def _model(path: Path | str, fmt: str, layers: list[_Layer], classes: tuple | None = None,
           width: int | None = None) -> Model:
    """The checked :class:`Model`: 2-D weights, biases of their width, real finite numbers,
    widths that chain (from the input ``width`` when the file declares it). ``path``: the
    file, or what :func:`from_estimator` calls the estimator."""
    if not layers:
        raise ModelError(f"{path} holds no dense layer",
                         _EXPECTED.get(Path(path).suffix.lower(), "at least one dense layer"))
    weights = []
    for layer in layers:
        weight = layer.weight_name or f"the weight of {layer.name}"
        bias = layer.bias_name or f"the bias of {layer.name}"
        W, b = _real(path, weight, layer.W), _real(path, bias, layer.b)
        if W.ndim != 2:
            raise ModelError(f"{path}: {weight} has shape {W.shape}",
                             "a 2-D weight matrix (out, in) per dense layer")
        if b.shape != (W.shape[0],):
            raise ModelError(f"{path}: {bias} has shape {b.shape} for a weight of shape "
                             f"{W.shape} (out, in)", f"a bias of shape ({W.shape[0]},)")
        n_in = weights[-1][0].shape[0] if weights else width
        if n_in is not None and W.shape[1] != n_in:
            before = f"{layers[len(weights) - 1].name} gives" if weights else "the input has"
            raise ModelError(f"{path}: {layer.name} takes {W.shape[1]} inputs (weight of shape "
                             f"{W.shape} (out, in)) but {before} {n_in}",
                             "layers whose widths chain: each takes what the one before gives")
        W.flags.writeable = b.flags.writeable = False
        weights.append((W, b))
    return Model(weights=tuple(weights), activations=tuple(x.activation for x in layers),
                 format=fmt, classes=classes)


# ------------------------------------------------------------------- a scikit-learn MLP

_MLP = "sklearn.neural_network._multilayer_perceptron."
_MLP_TYPES = (_MLP + "MLPClassifier", _MLP + "MLPRegressor")
_MLP_HIDDEN = {"logistic": "sigmoid", "identity": "identity", "tanh": "tanh", "relu": "relu"}
_MLP_OUT = {"logistic": "sigmoid", "softmax": "softmax", "identity": "identity"}


def from_estimator(estimator: Any, source: str = "the estimator") -> Model:
    """A fitted scikit-learn ``MLPClassifier`` or ``MLPRegressor`` (already in memory) as a
    :class:`Model`: per layer ``coefs_[k].T`` and ``intercepts_[k]``, its ``activation``
    on the hidden layers and its ``out_activation_`` on the last, its ``classes_`` if it
    has them; ``format`` ``"sklearn"``. The one mapping of an MLP's weights (a ``.skops``
    file's estimator is read by it too). ``source`` names the estimator in a
    :class:`ModelError`, raised for anything else: another estimator (a subclass too: it
    may compute otherwise), an unfitted one, an activation nnmath lacks.

    Example:
        >>> from_estimator([1, 2], "my model")
        Traceback (most recent call last):
        ...
        nnexplain.models.ModelError: my model has type list; expected a fitted scikit-learn \
MLPClassifier or MLPRegressor
    """
    kind = type(estimator).__name__
    if f"{type(estimator).__module__}.{kind}" not in _MLP_TYPES:
        raise ModelError(f"{source} has type {kind}", "a fitted " + _MLP_WHAT)
    if not hasattr(estimator, "coefs_"):
        raise ModelError(f"{source} was never fitted", "a fitted " + kind)
    hidden = _MLP_HIDDEN.get(estimator.activation)
    out = _MLP_OUT.get(estimator.out_activation_)
    if hidden is None or out is None:
        raise ModelError(f"{source}: its {kind} has activation {estimator.activation!r} and "
                         f"out_activation_ {estimator.out_activation_!r}",
                         "activations " + _either(list(_MLP_HIDDEN)) + " and "
                         + _either(list(_MLP_OUT)) + " at the output")
    n = len(estimator.coefs_)
    layers = [_Layer(f"layer {k + 1} (coefs_[{k}])", np.asarray(W).T, np.asarray(b),
                     out if k == n - 1 else hidden, f"coefs_[{k}]", f"intercepts_[{k}]")
              for k, (W, b) in enumerate(zip(estimator.coefs_, estimator.intercepts_,
                                             strict=True))]
    classes = getattr(estimator, "classes_", None)
    return _model(source, "sklearn", layers,
                  None if classes is None else tuple(classes.tolist()))
