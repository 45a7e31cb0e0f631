"""Scene parameters: the dataclasses scenes take, and a lecturer's overrides of them.

Every scene's ``Params`` is a frozen dataclass that extends :class:`SceneParams`;
the parameters several scenes share (the point cloud, its seeds, the dot size) are
declared once, in :class:`CloudParams`, and a scene that draws a cloud extends it
(redeclaring a field only to change its default). ``make params`` lists them all.

A lecturer overrides the defaults with the environment variable ``NN_PARAMS``:

- the path of a TOML file with one table per scene (``make ch3 PARAMS=my.toml``
  sets it); each scene reads its own table and ignores the others::

      [WeightMatrixAsTransform]
      matrix = [[0, -1], [1, 0]]

- or, as a shorthand for one scene, inline JSON (or a ``.json`` file) whose keys
  are that scene's fields::

      NN_PARAMS='{"matrix": [[0, -1], [1, 0]]}' manim -ql scenes/ch03_linear_maps.py \\
          WeightMatrixAsTransform

Every value is checked against the type of its default (:func:`load_params`); a
mistake is a :class:`ParamsError` that names the file, the scene, the field and
what was expected. A render with parameters is a *variant*: its files land in a
folder of their own named by :func:`variant_name`, never over the defaults.
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
from collections.abc import Callable
from typing import Any

import numpy as np

from nnmath import Network, Trace, examples
from pipeline.variants import params_source, read_source, variant_name

__all__ = [
    "CloudParams",
    "ParamsError",
    "SceneParams",
    "load_params",
    "params_source",
    "variant_name",
]


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

    n_points: int = 2000  # how many points the square holds
    data_seed: int = 7  # seed of the points' random positions on [-1, 1]^2
    network_seed: int = examples.NETWORK_222_SEED  # seed of the network's random weights
    point_radius: float = 0.035  # radius of each drawn point (scene units)

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


def _scene_table(text: str, path: str, owner: str) -> dict[str, Any]:
    """The table of scene ``owner`` in a TOML parameter file (empty if it has none)."""
    try:
        tables = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ParamsError(f"{path} is not valid TOML: {err}") from None
    from scenes.chapters import CHAPTERS, scene_names  # the course's scenes, by name

    known = [name for ch in CHAPTERS for name in scene_names(ch)]
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise ParamsError(f"{path}: {name!r} must be a table [SceneName] of parameters, "
                              f"e.g. [{owner}]")
        if name not in known:
            raise ParamsError(f"{path}: there is no scene [{name}]; scenes are: "
                              f"{', '.join(known)}")
    return tables.get(owner, {})


def load_params(params_type: type, source: str | None = None, owner: str | None = None) -> Any:
    """Build ``params_type`` from its defaults, overridden from ``source``.

    ``source`` (default: ``$NN_PARAMS``) is the path of a TOML file with one table per
    scene (the table named ``owner`` is used), inline JSON, or the path of a JSON file
    holding an object whose keys are field names of ``params_type``. ``owner`` is the
    scene's name (default: the dataclass's name); messages name it.
    """
    source = params_source() if source is None else source
    if not source:
        return params_type()
    owner = owner or params_type.__qualname__
    try:
        text, path = read_source(source)
    except ValueError as err:
        raise ParamsError(str(err)) from None
    if path is not None and path.endswith(".toml"):
        values: Any = _scene_table(text, path, owner)
        prefix = path
    else:
        try:
            values = json.loads(text)
        except json.JSONDecodeError as err:
            raise ParamsError(f"NN_PARAMS is not valid JSON: {err}") from None
        if not isinstance(values, dict):
            raise ParamsError("NN_PARAMS must hold a JSON object of parameter names to values")
        prefix = "NN_PARAMS"
    fields = {f.name: f for f in dataclasses.fields(params_type)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ParamsError(
            f"{prefix}: unknown parameter(s) {', '.join(unknown)} for {owner}; "
            f"expected some of: {', '.join(sorted(fields))}"
        )
    defaults = params_type()
    checked = {}
    for name, value in values.items():
        where = f"{prefix}: {owner}.{name}"
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
