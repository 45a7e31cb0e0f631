"""Scene parameters: the dataclasses scenes take, and a lecturer's overrides of them.

Every scene's ``Params`` is a frozen dataclass that extends :class:`SceneParams`;
the parameters several scenes share (the point cloud, its seeds, the dot size) are
declared once, in :class:`CloudParams`, and a scene that draws a cloud extends it
(redeclaring a field only to change its default).

A lecturer overrides the defaults with the environment variable ``NN_PARAMS``
holding JSON, or the path of a JSON file, whose keys are field names::

    NN_PARAMS='{"matrix": [[0, -1], [1, 0]]}' manim -ql scenes/ch03_linear_maps.py \\
        WeightMatrixAsTransform

Every value is checked against the type of its default (:func:`load_params`); a
mistake is a :class:`ParamsError` that names the scene, the field and what was
expected.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from nnmath import Network, Trace, examples

__all__ = ["CloudParams", "ParamsError", "SceneParams", "load_params"]


class ParamsError(ValueError):
    """A scene parameter that cannot be used: the message says which and why."""


@dataclasses.dataclass(frozen=True)
class SceneParams:
    """The root of every scene's parameters (a scene without any uses it as it is)."""


@dataclasses.dataclass(frozen=True)
class CloudParams(SceneParams):
    """A square of points carried through a network (chapters 4 and 5).

    ``n_points`` points uniform on ``[-1, 1]^2`` drawn with ``data_seed``; the random
    network drawn with ``network_seed``; dots of ``point_radius`` scene units.
    """

    n_points: int = 2000
    data_seed: int = 7
    network_seed: int = examples.NETWORK_222_SEED
    point_radius: float = 0.035

    def __post_init__(self) -> None:
        if self.n_points < 1:
            raise ParamsError(f"n_points must be at least 1, got {self.n_points}")
        if self.point_radius <= 0:
            raise ParamsError(f"point_radius must be positive, got {self.point_radius}")

    def cloud(self, network: Callable[[int], Network]) -> tuple[Network, np.ndarray, Trace]:
        """The network ``network(network_seed)`` (e.g. ``examples.network_222``), the
        input square and the square's trace through the network."""
        net = network(self.network_seed)
        X = examples.example_square(self.n_points, seed=self.data_seed)
        return net, X, net.trace(X)


def load_params(params_type: type, source: str | None = None, owner: str | None = None) -> Any:
    """Build ``params_type`` from its defaults, overridden by JSON from ``source``.

    ``source`` (default: ``$NN_PARAMS``) is inline JSON or the path of a JSON file
    holding an object whose keys are field names of ``params_type``. ``owner`` names
    the fields in messages (default: the dataclass's name), e.g. the scene's name.
    """
    source = os.environ.get("NN_PARAMS") if source is None else source
    if not source:
        return params_type()
    owner = owner or params_type.__qualname__
    text = source
    if not source.lstrip().startswith("{"):
        path = Path(source)
        if not path.is_file():
            raise ParamsError(f"NN_PARAMS names {source!r}, which is neither JSON nor a file")
        text = path.read_text()
    try:
        values = json.loads(text)
    except json.JSONDecodeError as err:
        raise ParamsError(f"NN_PARAMS is not valid JSON: {err}") from None
    if not isinstance(values, dict):
        raise ParamsError("NN_PARAMS must hold a JSON object of parameter names to values")
    fields = {f.name: f for f in dataclasses.fields(params_type)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ParamsError(
            f"NN_PARAMS: unknown parameter(s) {', '.join(unknown)} for {owner}; "
            f"expected some of: {', '.join(sorted(fields))}"
        )
    defaults = params_type()
    checked = {}
    for name, value in values.items():
        where = f"NN_PARAMS: {owner}.{name}"
        variadic = "..." in str(fields[name].type)
        checked[name] = _like(value, getattr(defaults, name), variadic, where)
    return dataclasses.replace(defaults, **checked)


def _like(value: Any, default: Any, variadic: bool, where: str) -> Any:
    """``value`` (from JSON) checked against the type of ``default``: a finite number
    for a number, a list of the same length (any length if ``variadic``) for a tuple."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ParamsError(f"{where} must be true or false, got {value!r}")
        return value
    if isinstance(default, (int, float)):
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if isinstance(default, int) and not (is_number and float(value).is_integer()):
            raise ParamsError(f"{where} must be a whole number, got {value!r}")
        if not is_number or not np.isfinite(value):
            raise ParamsError(f"{where} must be a finite number, got {value!r}")
        return int(value) if isinstance(default, int) else float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ParamsError(f"{where} must be a string, got {value!r}")
        return value
    if isinstance(default, tuple):
        if not isinstance(value, (list, tuple)):
            raise ParamsError(f"{where} must be a list like {list(default)!r}, got {value!r}")
        if not variadic and len(value) != len(default):
            raise ParamsError(f"{where} must have {len(default)} entries like "
                              f"{_plain(default)!r}, got {len(value)}: {value!r}")
        if not default:
            return tuple(value)
        return tuple(_like(v, default[min(k, len(default) - 1)], variadic, f"{where}[{k}]")
                     for k, v in enumerate(value))
    return value


def _plain(value: Any) -> Any:
    """Tuples as lists, as the JSON a user writes."""
    return [_plain(v) for v in value] if isinstance(value, tuple) else value
