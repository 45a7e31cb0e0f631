"""An ONNX graph read as a chain of dense layers: the nodes are walked from the graph's one
input, ``Gemm`` or ``MatMul`` (+ ``Add``) opening a layer and an activation node closing it;
casts, flattens, shape-keeping reshapes and skl2onnx's label outputs are passed over, and any
other node is refused naming it. The layouts it reads (torch.onnx.export, Keras 3's
``model.export``, skl2onnx) are in :mod:`nnexplain.models`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from . import _ONNX_OPS, Model, ModelError, _Layer, _leaky, _model, _unreadable

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
