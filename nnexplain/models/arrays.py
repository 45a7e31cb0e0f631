"""A PyTorch state dict (``.safetensors``) and numpy's ``.npz`` archive: bare arrays, the
weights of each layer and nothing else (the spec names the activations)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np

from . import _EXPECTED, Model, ModelError, _Layer, _model, _short, _unreadable

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
