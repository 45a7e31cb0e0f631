"""Tests of nnexplain: the spec reader and the command line (no manim needed).

:func:`to_toml` writes the simple spec dicts the tests build (tables of scalars and
lists) as TOML, so a test can start from :data:`BASE` and change one thing.

Example:
    >>> print(to_toml({"title": "T", "network": {"sizes": [2, 2], "seed": 1}}), end="")
    title = "T"
    <BLANKLINE>
    [network]
    sizes = [2, 2]
    seed = 1
"""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path
from typing import Any

#: A good spec: moons through a 2-3-2 network, trained briefly (fast to check).
BASE: dict[str, Any] = {
    "title": "Property",
    "network": {"sizes": [2, 3, 2], "activations": ["relu", "sigmoid"], "seed": 1},
    "data": {"kind": "moons", "n": 60, "seed": 0, "noise": 0.1},
    "train": {"epochs": 2, "learning_rate": 0.5, "batch_size": 16, "seed": 0},
    "render": {"quality": "l", "stages": ["linear 1", "relu 1"]},
}


def base() -> dict[str, Any]:
    """A fresh deep copy of :data:`BASE`."""
    return copy.deepcopy(BASE)


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _value(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):  # a TOML basic string: JSON's escapes, plus DEL
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {value!r} as TOML")


def to_toml(doc: dict[str, Any]) -> str:
    """``doc`` as TOML: its plain values first, then one ``[table]`` per dict value."""
    lines = [f"{_key(k)} = {_value(v)}" for k, v in doc.items() if not isinstance(v, dict)]
    for name, table in doc.items():
        if isinstance(table, dict):
            lines += ["", f"[{_key(name)}]"]
            lines += [f"{_key(k)} = {_value(v)}" for k, v in table.items()]
    return "\n".join(lines).lstrip("\n") + "\n"


def write_spec(folder: Path, doc: dict[str, Any] | str, name: str = "spec.toml") -> Path:
    """Write ``doc`` (a dict, or TOML text) to ``folder/name`` and return the path."""
    path = folder / name
    path.write_text(doc if isinstance(doc, str) else to_toml(doc), encoding="utf-8")
    return path
