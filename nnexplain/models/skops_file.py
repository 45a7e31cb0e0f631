"""A scikit-learn MLP saved with ``skops.io.dump``: nothing is unpickled, and nothing is
loaded before every type the file names is one a fitted MLP is saved with (skops itself
trusts far more); the estimator it holds becomes a :class:`Model` by
:func:`nnexplain.models.from_estimator`, the one mapping of an MLP's weights."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from . import _MLP_TYPES, _SKOPS_WHAT, Model, ModelError, _unreadable, from_estimator

# every type a fitted scikit-learn MLP is saved with, and nothing else: skops itself trusts
# far more (any scikit-learn estimator); these are the types a .skops file may name
_SKOPS_SAFE = frozenset({
    *_MLP_TYPES,
    "sklearn.neural_network._stochastic_optimizers.AdamOptimizer",
    "sklearn.neural_network._stochastic_optimizers.SGDOptimizer",
    "sklearn.preprocessing._label.LabelBinarizer",
    "numpy.ndarray", "numpy.dtype", "numpy.random.mtrand.RandomState",
    "builtins.dict", "builtins.list", "builtins.tuple", "builtins.str", "builtins.int",
    "builtins.float", "builtins.bool", "builtins.NoneType",
})


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
    # what the file holds, said of the file; from_estimator says it of an object
    kind = type(estimator).__name__
    if f"{type(estimator).__module__}.{kind}" not in _MLP_TYPES:
        raise ModelError(f"{path} holds a {kind}", _SKOPS_WHAT)
    if not hasattr(estimator, "coefs_"):
        raise ModelError(f"{path} holds an {kind} that was never fitted", "a fitted " + kind)
    return dataclasses.replace(from_estimator(estimator, str(path)), format="skops")
