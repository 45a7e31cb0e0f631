"""What a spec may say, each field written once: :data:`FIELDS` gives every field's
table, key, type, range or allowed values, default and meaning, and the dataclasses a
checked spec is read into.

Three things are made from the table: the checks (:func:`value` checks a field against
its type and range; :mod:`nnexplain.spec` reads every field through it and adds the
rules between fields), and, in :mod:`nnexplain.documents`, the commented spec
``nnexplain example`` prints and the README's spec table. nnmath is imported only where
its names are needed (activations, stage names), so that reading the table is fast.

Example:
    >>> f = field("train", "batch_size")
    >>> f.name, f.allowed(), f.default
    ('train.batch_size', 'whole number >= 1, or "all"', 32)
    >>> value("my.toml", {"batch_size": "all"}, f) is None
    True
    >>> KEYS["render"]
    ('quality', 'stages')
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any, Literal

from pipeline.facts import DEFAULT_QUALITY, QUALITIES, spec_name

from .errors import SpecError, either, err, got, show, toml_text, unknown

__all__ = [
    "DATASETS", "FIELDS", "KEYS", "KINDS", "LABELLED_KINDS", "MAX_EPOCHS", "MAX_INPUT_WIDTH",
    "MAX_PARAMETERS", "MAX_POINTS", "REQUIRED", "TABLES", "DataSpec", "Field", "NetworkSpec",
    "RenderSpec", "Spec", "Table", "TrainSpec", "check_points", "field", "given", "missing",
    "stage_names", "value",
]

#: The kinds that come with labels 0/1 (2-D only), and the nnmath.clouds function of each.
LABELLED_KINDS: dict[str, str] = {
    "moons": "two_moons",
    "circles": "circles",
    "spiral": "spiral",
    "xor": "xor",
}
#: scikit-learn's bundled data sets (no download): each kind's number of inputs.
DATASETS: dict[str, int] = {"iris": 4, "wine": 13, "breast_cancer": 30, "digits": 64}
#: Where the points come from (``data.kind``).
KINDS: tuple[str, ...] = ("square", "grid", *LABELLED_KINDS, *DATASETS, "csv")
#: The widest input a spec may have (a wider one is drawn along its principal axes).
MAX_INPUT_WIDTH = 4096
#: The most points a spec may push through its network.
MAX_POINTS = 2_000_000
#: The most weights and biases a spec's network may have.
MAX_PARAMETERS = 10_000_000
#: The most epochs a spec may train for: training runs again before every render.
MAX_EPOCHS = 20_000

FieldType = Literal["text", "path", "whole", "whole or all", "number", "choice", "sizes",
                    "activations", "stages"]


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


#: The default of a field a spec must give.
REQUIRED: Any = _Required()


@dataclass(frozen=True)
class Table:
    """A ``[table]`` of the spec: its name, what it holds, whether a spec must have it."""

    name: str
    meaning: str
    required: bool


@dataclass(frozen=True)
class Field:
    """One setting of a spec. ``table`` is ``""`` at the top of the file; ``example`` is
    the value ``nnexplain example`` shows (commented out unless ``shown``); ``default``
    is :data:`REQUIRED` or the value a spec without it gets, ``said`` how the README says
    a default that is not one value; ``low``/``high``/``positive`` bound numbers;
    ``choices`` and ``noun`` are a choice's values and what one is called; ``only`` =
    ``(key, values)``: given only when that key of the same table has one of the values;
    ``note`` is advice for the reader."""

    table: str
    key: str
    type: FieldType
    meaning: str
    example: Any
    default: Any = REQUIRED
    said: str = ""
    low: int = 0
    high: int | None = None
    positive: bool = False
    choices: tuple[str, ...] = ()
    noun: str = ""
    only: tuple[str, tuple[str, ...]] | None = None
    note: str = ""
    shown: bool = True

    @property
    def name(self) -> str:
        """How messages name it: ``"data.n"``, ``"title"``."""
        return f"{self.table}.{self.key}" if self.table else self.key

    @property
    def line(self) -> str:
        """The example's line: ``n = 1000``."""
        return f"{self.key} = {toml_text(self.example)}"

    def allowed(self) -> str:
        """Its type and range in words: ``"whole number >= 0"``, ``"l | m | h | k"``."""
        if self.type in ("whole", "whole or all"):
            words = (f"whole number {self.low} to {self.high:,}" if self.high is not None
                     else f"whole number >= {self.low}")
            return words + (', or "all"' if self.type == "whole or all" else "")
        if self.type == "number":
            return f"number {'>' if self.positive else '>='} {self.low}"
        if self.type == "choice":
            return either(self.choices)
        if self.type == "sizes":
            return f"list of whole numbers >= 1, the first at most {MAX_INPUT_WIDTH:,}"
        if self.type == "activations":
            from nnmath import ACTIVATIONS

            return ("list, one per layer, of " + either(ACTIVATIONS)
                    + ' (softmax: the last only; "leaky_relu(0.2)": another slope)')
        if self.type == "stages":
            first = stage_names(field("network", "activations").example[:1])
            return '"all", or a list of stage names, e.g. ' + toml_text(list(first))
        return "file path (text)" if self.type == "path" else "text"

    def default_text(self) -> str:
        """Its default in words: ``"0"``, ``"required"``, or what :attr:`said` says."""
        if self.said:
            return self.said
        if self.default is None:
            return "none"
        return "required" if self.default is REQUIRED else toml_text(self.default)

    def only_text(self) -> str:
        """``only with kind = "csv"`` (``""`` when always allowed)."""
        if self.only is None:
            return ""
        key, values = self.only
        return f"only with {key} = {either([toml_text(v) for v in values])}"


#: The spec's tables, in the order a spec is read and documented.
TABLES: tuple[Table, ...] = (
    Table("network", "the layers and their weights", True),
    Table("data", "the points pushed through the network", True),
    Table("train", f"train on the labels first ({either((*LABELLED_KINDS, *DATASETS), 'and')} "
          "have labels; a CSV can have a label column)", False),
    Table("render", "what the video shows, at which quality", False),
)

#: Every field of a spec, once.
FIELDS: tuple[Field, ...] = (
    Field("", "title", "text", "the video's title", "Two moons, untangled", default=None,
          said='"A <sizes> network"'),
    Field("network", "sizes", "sizes", "the layer widths, input first", [2, 3, 2, 1],
          said="required, unless weights is a file that gives them",
          note=f"at most {MAX_PARAMETERS:,} weights and biases in all"),
    Field("network", "activations", "activations", "the activation of each layer",
          ["tanh", "tanh", "sigmoid"], noun="activation",
          said="required, unless weights is an .onnx, .skops or .keras file"),
    Field("network", "seed", "whole", "the seed of the random weights", 3,
          said="required, unless weights", note="another seed, other weights"),
    Field("network", "weights", "path",
          "a trained network's file, relative to the spec file: .onnx, .skops (scikit-learn), "
          ".safetensors (PyTorch), .keras, or .npz of W1, b1, W2, b2, ...", "my_model.onnx",
          default=None, said="none: give seed or weights, not both", shown=False,
          note="dense layers only; an .npz as numpy.savez writes it, W of shape (out, in), "
          "b of shape (out,)"),
    Field("data", "kind", "choice", "where the points come from", "moons", choices=KINDS,
          noun="kind of data",
          note=f"{either(tuple(LABELLED_KINDS), 'and')} are 2-D and labelled; "
          + ", ".join(f"{k} ({w} inputs)" for k, w in DATASETS.items())
          + " are scikit-learn's labelled data sets"),
    Field("data", "n", "whole", 'the number of points; with kind = "csv", the first n rows; '
          "of a scikit-learn set, n rows drawn at random", 1000, low=1,
          said='required; with kind = "csv" or a scikit-learn set, every row',
          note=f"grid: about n, on a full grid; at most {MAX_POINTS:,}"),
    Field("data", "seed", "whole", "the seed of the random points (or rows)", 0, default=0),
    Field("data", "noise", "number", "how far points scatter", 0.1, default=None,
          said="the kind's own", only=("kind", tuple(LABELLED_KINDS))),
    Field("data", "path", "path", "a CSV file of points, relative to the spec file",
          "points.csv", default=None, said='required with kind = "csv"', only=("kind", ("csv",)),
          shown=False, note="a column per input, then optionally an integer label (0, 1, ...); "
          "an optional header row"),
    Field("train", "epochs", "whole", "passes over the data", 100, low=1, high=MAX_EPOCHS,
          note="training runs again before every render; a few hundred is typical"),
    Field("train", "learning_rate", "number", "the step size of gradient descent", 0.5,
          positive=True, note="smaller if training diverges"),
    Field("train", "batch_size", "whole or all", "points per step", 32, default=32, low=1,
          note='"all": the whole set each step'),
    Field("train", "seed", "whole", "the seed of the shuffling", 0, default=0),
    Field("render", "quality", "choice", "the video's quality", DEFAULT_QUALITY,
          default=DEFAULT_QUALITY, choices=tuple(QUALITIES), noun="quality",
          note=", ".join(f"{q.flag} {q.folder}" for q in QUALITIES.values())),
    Field("render", "stages", "stages", "the stages the video plays", "all", default="all",
          noun="stage"),
)

#: The keys each table may hold (``""``: the top of the file, its settings then tables).
KEYS: dict[str, tuple[str, ...]] = {
    "": tuple(f.key for f in FIELDS if not f.table) + tuple(t.name for t in TABLES),
    **{t.name: tuple(f.key for f in FIELDS if f.table == t.name) for t in TABLES},
}
_BY_NAME = {(f.table, f.key): f for f in FIELDS}


def field(table: str, key: str) -> Field:
    """The field ``key`` of ``[table]`` (``""``: the top of the file)."""
    return _BY_NAME[table, key]


# --- a checked spec ----------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkSpec:
    """``[network]``: layer widths (input first), one activation per layer, and either a
    ``seed`` for random weights or ``weights``, the absolute path of a trained network's
    file, and ``model``, what was read from it (:class:`nnexplain.models.Model`)."""

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    seed: int | None
    weights: Path | None
    model: Any = dataclass_field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class DataSpec:
    """``[data]``: the kind of points, how many (``None``: every row of the CSV), the
    seed, the noise (``None``: nnmath's default) and the CSV's absolute path."""

    kind: str
    n: int | None
    seed: int
    noise: float | None
    path: Path | None


@dataclass(frozen=True)
class TrainSpec:
    """``[train]``: mini-batch gradient descent before the video (``batch_size`` ``None``:
    the whole set each step)."""

    epochs: int
    learning_rate: float
    batch_size: int | None = field("train", "batch_size").default
    seed: int = field("train", "seed").default


@dataclass(frozen=True)
class RenderSpec:
    """``[render]``: the quality (``l``, ``m``, ``h`` or ``k``) and the stages to play
    (``None``: all of them)."""

    quality: str = field("render", "quality").default
    stages: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Spec:
    """A checked spec file: everything it says, with the defaults filled in (``path``:
    the file's absolute path)."""

    path: Path
    title: str
    network: NetworkSpec
    data: DataSpec
    train: TrainSpec | None
    render: RenderSpec

    @property
    def name(self) -> str:
        """The file's stem, safe as a file name: ``my net.toml`` -> ``my-net``
        (:func:`pipeline.facts.spec_name`)."""
        return spec_name(self.path)


# --- checks by type ----------------------------------------------------------------------


def missing(src: str, f: Field) -> SpecError:
    """The error for ``f`` absent where it is needed."""
    return err(src, f.name, "missing", f"a line {f.line} in [{f.table}]")


def given(src: str, table: dict[str, Any], f: Field) -> Any:
    """``f``'s value in ``table`` as written, else its default; a required field that
    is absent is refused."""
    if f.key in table:
        return table[f.key]
    if f.default is REQUIRED:
        raise missing(src, f)
    return f.default


def value(src: str, table: dict[str, Any], f: Field) -> Any:
    """``f``'s value in ``table`` checked against its type and range (``"all"`` for a
    batch: ``None``), else its default. The lists (sizes, activations, stages) depend
    on the rest of the network and are checked by :mod:`nnexplain.spec`."""
    v = given(src, table, f)
    if f.key not in table or f.type in ("sizes", "activations", "stages"):
        return v
    if f.type == "choice":
        if v not in f.choices:
            raise unknown(src, f.name, f.noun, v, f.choices)
        return v
    if f.type == "number":
        return _number(src, f, v)
    if f.type == "whole or all":
        expected = f'a whole number >= {f.low} ({f.meaning}), or "all" for the whole set'
        if v == "all":
            return None
        if isinstance(v, str):
            raise err(src, f.name, got(v), expected)
        return _whole(src, f, v, expected)
    if f.type == "whole":
        return _whole(src, f, v, f"a whole number >= {f.low} ({f.meaning})")
    if not isinstance(v, str):
        raise err(src, f.name, f"{got(v)}, not text", f'text in "quotes" ({f.meaning})')
    if not v.strip():
        raise err(src, f.name, "is empty", f'text in "quotes" ({f.meaning})')
    return v


def _whole(src: str, f: Field, v: Any, expected: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise err(src, f.name, f"{got(v)}, not a whole number", expected)
    if v < f.low:
        raise err(src, f.name, f"{v} is too small", expected)
    if f.high is not None and v > f.high:
        raise err(src, f.name, f"{v:,} {f.key} is too many ({f.note})",
                  f"at most {f.high:,}")
    return v


def _number(src: str, f: Field, v: Any) -> float:
    expected = (f"a finite number {'>' if f.positive else '>='} {f.low} ({f.meaning}, "
                f"e.g. {f.example})")
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise err(src, f.name, f"{got(v)}, not a number", expected)
    if not math.isfinite(v):
        raise err(src, f.name, f"got {show(v)}, not a finite number", expected)
    if v < f.low or (f.positive and v == f.low):
        raise err(src, f.name, f"{v} is too small", expected)
    return float(v)


def stage_names(activations: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The names nnmath gives the stages after the input of a network with these
    activations: a width-1 network of them is traced, so the names are nnmath's own.

    Example:
        >>> stage_names(("relu", "sigmoid"))
        ('linear 1', 'bias 1', 'relu 1', 'linear 2', 'bias 2', 'sigmoid 2')
    """
    import numpy as np

    from nnmath import Network

    width_one = Network.random((1,) * (len(activations) + 1), tuple(activations), seed=0)
    return width_one.trace(np.zeros((1, 1))).names[1:]


def _memory_limit() -> int | None:
    """A quarter of this machine's memory in bytes (``None`` if it cannot be told)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4
    except (AttributeError, ValueError, OSError):
        return None


def check_points(src: str, field_name: str, n: int, sizes: tuple[int, ...]) -> None:
    """Refuse more points than :data:`MAX_POINTS` or a trace bigger than a quarter of
    this machine's memory (``n`` times the width of every stage, 8 bytes a number)."""
    arch = "-".join(map(str, sizes))
    if n > MAX_POINTS:
        raise err(src, field_name, f"{n:,} points are too many",
                  f"at most {MAX_POINTS:,} points")
    need = n * (sizes[0] + 3 * sum(sizes[1:])) * 8
    limit = _memory_limit()
    if limit is not None and need > limit:
        raise err(src, field_name, f"{n:,} points through a {arch} network need "
                  f"{need / 1e9:.1f} GB for the trace of every stage",
                  f"at most {limit / 1e9:.1f} GB (a quarter of this machine's memory): "
                  "fewer points or narrower layers")
