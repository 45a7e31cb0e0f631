"""A Keras 3 ``.keras`` file: ``config.json`` names the layers in order with their
activations, ``model.weights.h5`` holds each layer's variables under its class name in snake
case (see :mod:`nnexplain.models` for the layout); a Sequential model or a Functional chain
of Dense layers, with activation, ReLU, LeakyReLU, Softmax and Dropout layers between."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from . import (
    _EXPECTED,
    _KERAS_LAYERS,
    Model,
    ModelError,
    _either,
    _Layer,
    _leaky,
    _model,
    _unreadable,
)

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
