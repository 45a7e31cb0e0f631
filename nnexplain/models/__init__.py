"""A trained network's own file read into dense layers: the weights, the activations and
the class labels that ONNX, scikit-learn (skops), PyTorch (safetensors), Keras 3 and numpy
(``.npz``) files carry. Nothing here runs a model or unpickles anything: each format is
read by its own reader (``onnx``, ``skops.io`` with a list of trusted types, ``safetensors``,
``zipfile`` + ``json`` + ``h5py``, ``numpy``), and everything it cannot read as a chain of
dense layers is a one-line :class:`ModelError` naming the file, the node or layer and what
is supported.

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

import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# nnmath (scipy) and each format's reader are imported where a file is read, so that
# importing this module (as `nnexplain --help` does) costs only numpy

__all__ = ["SUFFIXES", "Model", "ModelError", "load_model"]

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
    """A chain of dense layers read from a file.

    Attributes:
        weights: per layer ``(W, b)``: W of shape (out, in), b of shape (out,), float64.
        activations: per layer, nnmath's name of its activation (``"relu"``,
            ``"leaky_relu(0.2)"``, ``"softmax"``...); ``None`` where the file does not say
            (safetensors, npz: the spec names them).
        format: ``"onnx"``, ``"skops"``, ``"safetensors"``, ``"keras"`` or ``"npz"``.
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
        return _read_npz(path, layers)
    return _READERS[suffix](path)


# ---------------------------------------------------------------------------------- common

_ONNX_OPS = ("Gemm or MatMul + Add layers with Relu, LeakyRelu, Sigmoid, Tanh, Softmax or "
             "Identity (Cast, Flatten, Reshape and skl2onnx's label outputs are passed over)")
_KERAS_LAYERS = ("Dense layers (activations linear, relu, sigmoid, tanh, softmax, leaky_relu) "
                 "with InputLayer, Dropout, Activation, ReLU, LeakyReLU and Softmax layers")
_SKOPS_WHAT = "a scikit-learn MLPClassifier or MLPRegressor saved with skops.io.dump"
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


def _real(path: Path, what: str, arr: Any) -> np.ndarray:
    arr = np.asarray(arr)
    if arr.dtype.kind not in "iuf":
        kind = "text" if arr.dtype.kind in "USO" else f"{arr.dtype.name} values"
        raise ModelError(f"{path}: {what} holds {kind}, not real numbers",
                         "weights of real numbers")
    if not np.all(np.isfinite(arr)):
        raise ModelError(f"{path}: {what} holds NaN or infinity", "finite weights")
    return arr.astype(np.float64)


def _model(path: Path, fmt: str, layers: list[_Layer], classes: tuple | None = None,
           width: int | None = None) -> Model:
    """The checked :class:`Model`: 2-D weights, biases of their width, real finite numbers,
    widths that chain (from the input ``width`` when the file declares it)."""
    if not layers:
        raise ModelError(f"{path} holds no dense layer", _EXPECTED[path.suffix.lower()])
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


# ------------------------------------------------------------------------------------ ONNX

_ONNX_ACTIVATIONS = {"Relu": "relu", "Sigmoid": "sigmoid", "Tanh": "tanh", "Softmax": "softmax"}
# skl2onnx's outputs beside the probabilities: the predicted label and the {label: p} maps
_ONNX_TAIL = {"ArgMax", "ZipMap", "ArrayFeatureExtractor", "Binarizer"}
_ONNX_FLOATS = {1, 10, 11, 16}  # TensorProto FLOAT, FLOAT16, DOUBLE, BFLOAT16


def _read_onnx(path: Path) -> Model:
    import onnx
    from onnx import numpy_helper

    try:
        model = onnx.load(path)  # initializers stored beside it (<file>.data) come along
    except Exception as exc:  # protobuf's, onnx's and the file system's errors alike
        raise _unreadable(path, exc) from None
    graph = model.graph
    if not graph.node:
        raise _unreadable(path, "no graph")
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 21)
    try:
        constants = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
        for node in graph.node:
            if node.op_type == "Constant":
                constants[node.output[0]] = _onnx_constant(node)
    except Exception as exc:  # external data gone, a malformed tensor
        raise _unreadable(path, exc) from None
    inputs = [i for i in graph.input if i.name not in constants]
    if len(inputs) != 1:
        raise ModelError(f"{path} has {len(inputs)} inputs "
                         f"({', '.join(repr(i.name) for i in inputs) or 'none'})",
                         "one input, the points")
    consumers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    shape = inputs[0].type.tensor_type.shape
    dims = [d.dim_value or None for d in shape.dim] if inputs[0].type.tensor_type.HasField(
        "shape") else [None, None]
    if len(dims) != 2:
        raise ModelError(f"{path}: its input {inputs[0].name!r} has {len(dims)} dimensions",
                         "points of shape (n, d)")
    walk = _OnnxWalk(path, constants, opset, dims[1])
    current, seen = inputs[0].name, set()
    while True:
        if current in seen:
            raise _unreadable(path, f"its nodes loop back to {current!r}")
        seen.add(current)
        nodes = [n for n in consumers.get(current, []) if n.op_type not in _ONNX_TAIL]
        pair = walk.complement(nodes, current)
        if pair:  # skl2onnx's two-class tail: (1 - p, p) of a one-output sigmoid
            nodes = [n for n in nodes if n not in pair]
            if not nodes:
                current = pair[1].output[0]
                continue
        if not nodes:
            break
        if len(nodes) > 1:
            raise ModelError(f"{path}: {current!r} feeds {len(nodes)} nodes "
                             f"({', '.join(_node(n) for n in nodes)})",
                             "a chain of nodes, each taking the one before")
        current = walk.step(nodes[0], current)
    for layer in walk.layers:
        layer.activation = layer.activation or "identity"
    return _model(path, "onnx", walk.layers, _onnx_classes(graph, constants), dims[1])


def _onnx_constant(node: Any) -> np.ndarray:
    from onnx import helper, numpy_helper

    attr = node.attribute[0]
    value = helper.get_attribute_value(attr)
    return numpy_helper.to_array(value) if attr.name == "value" else np.asarray(value)


def _node(node: Any) -> str:
    name = node.name or (node.output[0] if node.output else "")
    domain = f" ({node.domain})" if node.domain not in ("", "ai.onnx") else ""
    return f"{node.op_type}{domain} node {name!r}"


def _attrs(node: Any) -> dict[str, Any]:
    from onnx import helper

    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


class _OnnxWalk:
    """The dense layers met so far along the chain of nodes from the graph's input."""

    def __init__(self, path: Path, constants: dict[str, np.ndarray], opset: int,
                 width: int | None) -> None:
        self.path, self.constants, self.opset, self.width = path, constants, opset, width
        self.layers: list[_Layer] = []

    def refuse(self, node: Any, problem: str, expected: str = _ONNX_OPS) -> ModelError:
        return ModelError(f"{self.path}: {_node(node)} {problem}", expected)

    def weight(self, node: Any, name: str) -> np.ndarray:
        if name not in self.constants:
            raise self.refuse(node, f"takes {name!r}, which is not a weight stored in the file",
                              "weights stored as initializers or Constant nodes")
        return self.constants[name]

    def open_layer(self, node: Any, what: str) -> _Layer:
        """The last layer, if it has no activation yet (its bias may still come)."""
        if not self.layers or self.layers[-1].activation is not None:
            raise self.refuse(node, f"{what} where no Gemm or MatMul layer precedes it "
                              "(or after that layer's activation)")
        return self.layers[-1]

    def complement(self, nodes: list, current: str) -> tuple | None:
        """skl2onnx's Sub(1, p) and Concat(that, p) after a sigmoid output, if ``nodes``
        hold them."""
        subs = [n for n in nodes if n.op_type == "Sub" and list(n.input[1:]) == [current]
                and n.input[0] in self.constants and np.all(self.constants[n.input[0]] == 1)]
        concats = [n for n in nodes if n.op_type == "Concat" and subs
                   and list(n.input) == [subs[0].output[0], current]]
        if not concats or not self.layers or self.layers[-1].activation != "sigmoid":
            return None
        return subs[0], concats[0]

    def step(self, node: Any, current: str) -> str:
        """Take ``node`` (which reads ``current``) into the layers; its output's name."""
        op, attrs = node.op_type, _attrs(node)
        if node.domain not in ("", "ai.onnx"):
            raise self.refuse(node, "is not a dense layer")
        if op in ("Gemm", "MatMul"):
            if node.input[0] != current:
                raise self.refuse(node, f"multiplies the points from the right ({current!r} "
                                  "is its second input)", "the points as its first input")
            if attrs.get("transA", 0):
                raise self.refuse(node, "has transA = 1", "transA = 0")
            B = self.weight(node, node.input[1])
            if B.ndim != 2:
                raise self.refuse(node, f"has a weight of shape {B.shape}", "a 2-D weight")
            W = B if attrs.get("transB", 0) else B.T  # Gemm transB=1 stores (out, in)
            b = np.zeros(W.shape[0])
            if op == "Gemm":
                W = attrs.get("alpha", 1.0) * W
                if len(node.input) > 2 and node.input[2]:
                    C = self.weight(node, node.input[2])
                    b = attrs.get("beta", 1.0) * self.bias(node, C, W.shape[0])
            self.layers.append(_Layer(_node(node), W, b,
                                      weight_name=f"weight {node.input[1]!r} of {_node(node)}"))
        elif op == "Add":
            layer = self.open_layer(node, "adds a constant")
            others = [name for name in node.input if name != current]
            if len(others) != 1:
                raise self.refuse(node, "adds the points to themselves")
            layer.b = layer.b + self.bias(node, self.weight(node, others[0]), layer.W.shape[0])
        elif op in _ONNX_ACTIVATIONS or op == "LeakyRelu":
            layer = self.open_layer(node, "applies an activation")
            if op == "Softmax":
                axis = attrs.get("axis", -1 if self.opset >= 13 else 1)
                if axis not in (1, -1):
                    raise self.refuse(node, f"takes the softmax along axis {axis}",
                                      "a softmax along the last axis (1 or -1)")
            layer.activation = (_leaky(f"{self.path}: {_node(node)}", attrs.get("alpha", 0.01))
                                if op == "LeakyRelu" else _ONNX_ACTIVATIONS[op])
        elif op == "Cast":
            if attrs.get("to") not in _ONNX_FLOATS:
                raise self.refuse(node, "casts the points to a type that is not a float",
                                  "casts between float types only")
        elif op == "Flatten":
            if attrs.get("axis", 1) not in (1, -1):
                raise self.refuse(node, f"has axis {attrs['axis']}",
                                  "a Flatten that keeps points of shape (n, d) (axis 1)")
        elif op == "Reshape":
            shape = self.weight(node, node.input[1]).tolist()
            width = self.layers[-1].W.shape[0] if self.layers else self.width
            if not (len(shape) == 2 and shape[0] in (0, -1) and shape[1] in (width, -1)):
                raise self.refuse(node, f"reshapes the points to {shape}",
                                  "a Reshape that keeps points of shape (n, d)")
        elif op != "Identity":
            raise self.refuse(node, "is not a dense layer")
        return node.output[0]

    def bias(self, node: Any, C: np.ndarray, width: int) -> np.ndarray:
        """``C`` as a bias of ``width`` numbers: skl2onnx stores (1, out), a scalar
        broadcasts."""
        try:
            return np.broadcast_to(C, (1, width)).reshape(width)
        except ValueError:
            raise self.refuse(node, f"adds a constant of shape {C.shape} to {width} outputs",
                              f"a bias of shape ({width},) or (1, {width})") from None


def _onnx_classes(graph: Any, constants: dict[str, np.ndarray]) -> tuple | None:
    """The labels skl2onnx writes: its ZipMap's, else what its ArrayFeatureExtractor picks
    the predicted label from."""
    for node in graph.node:
        if node.op_type == "ZipMap":
            attrs = _attrs(node)
            labels = attrs.get("classlabels_int64s") or attrs.get("classlabels_strings")
            if labels:
                return tuple(v.decode() if isinstance(v, bytes) else int(v) for v in labels)
    for node in graph.node:
        if node.op_type == "ArrayFeatureExtractor" and node.input[0] in constants:
            return tuple(v.decode() if isinstance(v, bytes) else v
                         for v in constants[node.input[0]].tolist())
    return None


# ----------------------------------------------------------------------------------- skops

_MLP = "sklearn.neural_network._multilayer_perceptron."
# every type a fitted scikit-learn MLP is saved with, and nothing else: skops itself trusts
# far more (any scikit-learn estimator); these are the types a .skops file may name
_SKOPS_SAFE = frozenset({
    _MLP + "MLPClassifier", _MLP + "MLPRegressor",
    "sklearn.neural_network._stochastic_optimizers.AdamOptimizer",
    "sklearn.neural_network._stochastic_optimizers.SGDOptimizer",
    "sklearn.preprocessing._label.LabelBinarizer",
    "numpy.ndarray", "numpy.dtype", "numpy.random.mtrand.RandomState",
    "builtins.dict", "builtins.list", "builtins.tuple", "builtins.str", "builtins.int",
    "builtins.float", "builtins.bool", "builtins.NoneType",
})
_SKOPS_HIDDEN = {"logistic": "sigmoid", "identity": "identity", "tanh": "tanh", "relu": "relu"}
_SKOPS_OUT = {"logistic": "sigmoid", "softmax": "softmax", "identity": "identity"}


def _skops_safe(name: str) -> bool:
    module, _, cls = name.rpartition(".")
    numpy_scalar = module == "numpy" and isinstance(getattr(np, cls, None), type) and (
        issubclass(getattr(np, cls), np.generic))
    return name in _SKOPS_SAFE or numpy_scalar or (module == "numpy.dtypes"
                                                   and cls.endswith("DType"))


def _skops_types(path: Path) -> set[str]:
    """Every ``module.class`` that the file's schema names, wherever it names one."""
    with zipfile.ZipFile(path) as archive:
        schema = json.loads(archive.read("schema.json"))
    names: set[str] = set()
    todo: list[Any] = [schema]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            if isinstance(item.get("__module__"), str) and isinstance(item.get("__class__"), str):
                names.add(f"{item['__module__']}.{item['__class__']}")
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return names


def _read_skops(path: Path) -> Model:
    import skops.io

    try:
        untrusted = skops.io.get_untrusted_types(file=path)
        named = _skops_types(path) | set(untrusted)
    except Exception as exc:  # a broken zip, schema or protocol: skops' and zipfile's errors
        raise _unreadable(path, exc) from None
    refused = sorted(name for name in named if not _skops_safe(name))
    if refused:
        raise ModelError(f"{path} holds {', '.join(refused)}, which "
                         f"{'is' if len(refused) == 1 else 'are'} not read from a .skops file "
                         "(only a scikit-learn MLP and the types it is saved with)", _SKOPS_WHAT)
    try:
        estimator = skops.io.load(path, trusted=untrusted)
    except Exception as exc:
        raise _unreadable(path, exc) from None
    kind = type(estimator).__name__
    if f"{type(estimator).__module__}.{kind}" not in (_MLP + "MLPClassifier",
                                                      _MLP + "MLPRegressor"):
        raise ModelError(f"{path} holds a {kind}", _SKOPS_WHAT)
    if not hasattr(estimator, "coefs_"):
        raise ModelError(f"{path} holds an {kind} that was never fitted", "a fitted " + kind)
    hidden = _SKOPS_HIDDEN.get(estimator.activation)
    out = _SKOPS_OUT.get(estimator.out_activation_)
    if hidden is None or out is None:
        raise ModelError(f"{path}: its {kind} has activation {estimator.activation!r} and "
                         f"out_activation_ {estimator.out_activation_!r}",
                         "activations " + _either(list(_SKOPS_HIDDEN)) + " and "
                         + _either(list(_SKOPS_OUT)) + " at the output")
    n = len(estimator.coefs_)
    layers = [_Layer(f"layer {k + 1} (coefs_[{k}])", np.asarray(W).T, np.asarray(b),
                     out if k == n - 1 else hidden, f"coefs_[{k}]", f"intercepts_[{k}]")
              for k, (W, b) in enumerate(zip(estimator.coefs_, estimator.intercepts_,
                                             strict=True))]
    classes = getattr(estimator, "classes_", None)
    return _model(path, "skops", layers, None if classes is None else tuple(classes.tolist()))


# ----------------------------------------------------------------------------- safetensors


def _natural(name: str) -> list[tuple[int, int, str]]:
    """Sort key: ``"layers.2"`` before ``"layers.10"``, ``"fc1"`` before ``"fc2"``."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", name) if part]


def _read_safetensors(path: Path) -> Model:
    from safetensors.numpy import load_file

    try:
        tensors = load_file(path)
    except Exception as exc:  # safetensors' own errors for a bad header, a dtype numpy lacks
        raise _unreadable(path, exc) from None
    pairs: dict[str, dict[str, np.ndarray]] = {}
    for key, tensor in tensors.items():
        prefix, _, leaf = key.rpartition(".")
        if leaf not in ("weight", "bias") or not prefix:
            raise ModelError(f"{path} holds {key!r} of shape {tensor.shape}, which is not a "
                             "Linear layer's weight or bias", _EXPECTED[".safetensors"])
        pairs.setdefault(prefix, {})[leaf] = tensor
    layers = []
    for prefix in sorted(pairs, key=_natural):
        found = pairs[prefix]
        if "weight" not in found:
            raise ModelError(f"{path} holds {prefix}.bias without {prefix}.weight",
                             _EXPECTED[".safetensors"])
        W = found["weight"]
        if W.ndim != 2:
            raise ModelError(f"{path}: {prefix}.weight has shape {W.shape}, not a Linear "
                             "layer's (out, in)", _EXPECTED[".safetensors"])
        layers.append(_Layer(f"layer {prefix!r}", W, found.get("bias", np.zeros(W.shape[0])),
                             weight_name=f"{prefix}.weight", bias_name=f"{prefix}.bias"))
    return _model(path, "safetensors", layers)


# ----------------------------------------------------------------------------------- Keras

_KERAS_ACTIVATIONS = {"linear": "identity", "relu": "relu", "sigmoid": "sigmoid",
                      "tanh": "tanh", "softmax": "softmax"}
_KERAS_LEAKY_DEFAULT = 0.2  # keras.activations.leaky_relu's negative_slope


def _snake(name: str) -> str:
    """Keras' ``naming.to_snake_case``: the name a layer's weights are filed under."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _read_keras(path: Path) -> Model:
    import h5py

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            for needed in ("config.json", "model.weights.h5"):
                if needed not in names:
                    raise ModelError(f"{path} has no {needed}", _EXPECTED[".keras"])
            config = json.loads(archive.read("config.json"))
            weights = io.BytesIO(archive.read("model.weights.h5"))
        h5 = h5py.File(weights, "r")
    except ModelError:
        raise
    except Exception as exc:  # zipfile's, json's and HDF5's errors alike
        raise _unreadable(path, exc) from None
    with h5:
        return _keras_model(path, config, h5)


def _keras_model(path: Path, config: Any, h5: Any) -> Model:
    kind = config.get("class_name") if isinstance(config, dict) else None
    if kind not in ("Sequential", "Functional"):
        raise ModelError(f"{path} holds a {kind or 'model of no known class'}",
                         "a Sequential or Functional model of " + _KERAS_LAYERS)
    specs = config.get("config", {}).get("layers", [])
    if kind == "Functional":
        _keras_chain(path, config.get("config", {}))
    counts: dict[str, int] = {}
    layers: list[_Layer] = []
    width = None
    for spec in specs:
        cls, cfg = spec.get("class_name"), spec.get("config", {})
        name = cfg.get("name", "?")
        where = f"{path}: {cls} layer {name!r}"
        filed = _snake(cls or "")
        counts[filed] = counts.get(filed, -1) + 1
        filed += f"_{counts[filed]}" if counts[filed] else ""
        if cls == "InputLayer":
            shape = cfg.get("batch_shape") or [None, None]
            if len(shape) != 2:
                raise ModelError(f"{where} takes points of shape {tuple(shape)}",
                                 "points of shape (n, d)")
            width = shape[1]
        elif cls == "Dense":
            act = _keras_activation(where, cfg.get("activation"))
            W, b = _keras_vars(path, h5, filed, where, cfg.get("use_bias", True))
            layers.append(_Layer(f"Dense layer {name!r}", W.T, b, act))
        elif cls in ("Activation", "ReLU", "LeakyReLU", "Softmax"):
            if not layers or layers[-1].activation != "identity":
                raise ModelError(f"{where} follows no Dense layer with a linear activation",
                                 "an activation layer right after a Dense layer with "
                                 "activation linear (one activation per layer)")
            layers[-1].activation = _keras_activation_layer(where, cls, cfg)
        elif cls != "Dropout":  # at inference, dropout passes everything through
            raise ModelError(f"{where} is not supported", _KERAS_LAYERS)
    return _model(path, "keras", layers, None, width)


def _keras_chain(path: Path, config: dict) -> None:
    """A Functional model must be a chain: each layer takes the one before, the last is
    the output."""
    specs = config.get("layers", [])
    outputs = config.get("output_layers", [])  # [name, 0, 0] for one, a list of those for more
    outputs = [out[0] for out in outputs] if outputs and isinstance(outputs[0], list) else (
        outputs[:1])
    if specs and outputs != [specs[-1]["config"].get("name")]:
        raise ModelError(f"{path}: its outputs are {_either(outputs or ['none'])}, not its "
                         f"last layer {specs[-1]['config'].get('name')!r}",
                         "one output, the last layer")
    for before, spec in zip(specs, specs[1:], strict=False):
        nodes = spec.get("inbound_nodes", [])
        args = nodes[0].get("args", []) if len(nodes) == 1 else []
        sources = [a.get("config", {}).get("keras_history", [None])[0] for a in args
                   if isinstance(a, dict)]
        if sources != [before["config"].get("name")]:
            raise ModelError(f"{path}: {spec.get('class_name')} layer "
                             f"{spec['config'].get('name')!r} does not take only the layer "
                             f"before it, {before['config'].get('name')!r}",
                             "a chain of layers, each taking the one before")


def _keras_activation(where: str, name: Any) -> str:
    if name == "leaky_relu":
        return _leaky(where, _KERAS_LEAKY_DEFAULT)
    if not isinstance(name, str) or name not in _KERAS_ACTIVATIONS:
        raise ModelError(f"{where} has activation {name!r}",
                         "activation " + _either([*_KERAS_ACTIVATIONS, "leaky_relu"]))
    return _KERAS_ACTIVATIONS[name]


def _keras_activation_layer(where: str, cls: str, cfg: dict) -> str:
    if cls == "Activation":
        return _keras_activation(where, cfg.get("activation"))
    if cls == "Softmax":
        if cfg.get("axis", -1) not in (-1, 1):
            raise ModelError(f"{where} takes the softmax along axis {cfg['axis']}",
                             "a softmax along the last axis")
        return "softmax"
    if cls == "ReLU" and (cfg.get("max_value") is not None or cfg.get("threshold", 0)):
        raise ModelError(f"{where} has max_value {cfg.get('max_value')} and threshold "
                         f"{cfg.get('threshold')}", "a ReLU with no max_value and threshold 0")
    slope = cfg.get("negative_slope", 0.0)
    return _leaky(where, slope) if slope else "relu"


def _keras_vars(path: Path, h5: Any, filed: str, where: str,
                use_bias: bool) -> tuple[np.ndarray, np.ndarray]:
    group = h5.get(f"layers/{filed}/vars")
    count = 2 if use_bias else 1
    if group is None or sorted(group.keys()) != [str(k) for k in range(count)]:
        found = "nothing" if group is None else _either(sorted(group.keys()) or ["nothing"])
        raise ModelError(f"{where}: model.weights.h5 holds {found} in layers/{filed}/vars",
                         f"its kernel{' and bias' if use_bias else ''} as "
                         f"{_either([str(k) for k in range(count)]).replace(' or ', ' and ')}")
    arrays = []
    for key in map(str, range(count)):
        dataset = group[key]
        if dataset.attrs.get("dtype") == "bfloat16":
            raise ModelError(f"{where} stores bfloat16 weights", "float32 or float64 weights")
        arrays.append(dataset[()])
    kernel = arrays[0]
    bias = arrays[1] if use_bias else np.zeros(np.shape(kernel)[-1])
    return kernel, bias


# ------------------------------------------------------------------------------------- npz


def _read_npz(path: Path, layers: int | None) -> Model:
    expected = _EXPECTED[".npz"]
    with open(path, "rb") as file:
        magic = file.read(6)
    if magic == b"\x93NUMPY":
        raise ModelError(f"{path} holds a single array (.npy, from numpy.save), not an .npz "
                         "archive", expected)
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path} is not an .npz archive", expected)
    try:
        loaded = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise ModelError(f"numpy cannot read {path} ({_short(exc)})", expected) from None
    if not isinstance(loaded, np.lib.npyio.NpzFile):
        raise ModelError(f"{path} is not an .npz archive", expected)
    with loaded:
        count = layers
        if count is None:
            count = 1
            while f"W{count + 1}" in loaded.files or f"b{count + 1}" in loaded.files:
                count += 1
        names = [f"{w}{k}" for k in range(1, count + 1) for w in ("W", "b")]
        missing = [n for n in names if n not in loaded.files]
        if missing:
            raise ModelError(f"{path} lacks {', '.join(missing)}", expected)
        extra = [n for n in loaded.files if n not in names]
        if extra:
            raise ModelError(f"{path} has extra array{'s' if len(extra) > 1 else ''} "
                             f"{', '.join(extra)} for a network of {count} "
                             f"layer{'s' if count > 1 else ''}", expected)
        arrays: dict[str, np.ndarray] = {}
        for name in names:
            try:
                arrays[name] = loaded[name]
            except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
                raise ModelError(f"numpy cannot read {name} in {path} ({_short(exc)})",
                                 expected) from None
    return _model(path, "npz", [_Layer(f"layer {k} (W{k})", arrays[f"W{k}"], arrays[f"b{k}"],
                                       weight_name=f"W{k}", bias_name=f"b{k}")
                                for k in range(1, count + 1)])


_READERS: dict[str, Callable[[Path], Model]] = {
    ".onnx": _read_onnx, ".skops": _read_skops, ".safetensors": _read_safetensors,
    ".keras": _read_keras,
}
