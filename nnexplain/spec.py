"""Read, check and compute a lecturer's network spec: a TOML file naming a small
network and the points to push through it.

:func:`load_spec` reads the file and checks everything that can be checked without
computing (keys, types, sizes, names); :func:`build` loads the weights or the CSV,
makes the points, trains if asked and traces the points through the network;
:func:`check` does both. Anything wrong is a :class:`SpecError` whose message is one
line, ``"<file>: <field>: <what is wrong>; expected <what>"``. No manim here.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "tiny.toml").write_text('''
    ... [network]
    ... sizes = [2, 3, 2]
    ... activations = ["relu", "sigmoid"]
    ... seed = 3
    ... [data]
    ... kind = "square"
    ... n = 100
    ... ''')
    >>> explained = check(folder / "tiny.toml")
    >>> explained.spec.title, explained.X.shape, explained.stages[:3]
    ('A 2-3-2 network', (100, 2), ('linear 1', 'bias 1', 'relu 1'))
    >>> _ = (folder / "typo.toml").write_text('[network]\\nactivation = ["relu"]\\n')
    >>> load_spec(folder / "typo.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    nnexplain.spec.SpecError: .../typo.toml: network.activation: unknown key 'activation' \
in [network]; did you mean 'activations'? (expected one of: sizes, activations, seed, weights)
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import math
import os
import re
import tomllib
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pipeline.facts import QUALITIES, spec_name

if TYPE_CHECKING:
    from nnmath import Network, Trace

# nnmath (numpy and scipy) is imported where a spec is checked, so that `nnexplain example`
# and `nnexplain --help` answer at once.

__all__ = [
    "EXAMPLE",
    "KINDS",
    "LABELLED_KINDS",
    "MAX_EPOCHS",
    "MAX_POINTS",
    "DataSpec",
    "Explained",
    "NetworkSpec",
    "RenderSpec",
    "Spec",
    "SpecError",
    "TrainSpec",
    "build",
    "check",
    "class_threshold",
    "load_spec",
    "training_loss",
]

#: Where the points come from (``data.kind``).
KINDS: tuple[str, ...] = ("square", "grid", "moons", "circles", "spiral", "xor", "csv")
#: The kinds that come with labels 0/1 (2-D only), and the nnmath.clouds function of each.
LABELLED_KINDS: dict[str, str] = {
    "moons": "two_moons",
    "circles": "circles",
    "spiral": "spiral",
    "xor": "xor",
}
#: Manim's render qualities: low 480p15, medium 720p30, high 1080p60, 4k 2160p60.
#: The most points a spec may push through its network.
MAX_POINTS = 2_000_000
#: The most weights and biases a spec's network may have.
MAX_PARAMETERS = 10_000_000
#: The most epochs a spec may train for: training runs again before every render.
MAX_EPOCHS = 20_000

_KEYS: dict[str, tuple[str, ...]] = {
    "": ("title", "network", "data", "train", "render"),
    "network": ("sizes", "activations", "seed", "weights"),
    "data": ("kind", "n", "seed", "noise", "path"),
    "train": ("epochs", "learning_rate", "batch_size", "seed"),
    "render": ("quality", "stages"),
}
_EXAMPLE_HINT = "run `nnexplain example` for a commented spec"


class SpecError(ValueError):
    """A spec that cannot be used. ``str(err)`` is one line naming the file, the field
    and what was expected: ``"my.toml: network.sizes: has 1 entry; expected at least 2"``.

    Example:
        >>> str(SpecError("a.toml: data.n: got 0\\nreally; expected at least 1"))
        'a.toml: data.n: got 0 really; expected at least 1'
    """

    def __init__(self, message: str) -> None:
        super().__init__(re.sub(r"\s*[\r\n]+\s*", " ", str(message)).strip())


@dataclass(frozen=True)
class NetworkSpec:
    """``[network]``: layer widths (input first), one activation per layer, and either a
    ``seed`` for random weights or ``weights``, the absolute path of an ``.npz`` file."""

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    seed: int | None
    weights: Path | None


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
    batch_size: int | None = 32
    seed: int = 0


@dataclass(frozen=True)
class RenderSpec:
    """``[render]``: the quality (``l``, ``m``, ``h`` or ``k``) and the stages to play
    (``None``: all of them)."""

    quality: str = "l"
    stages: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Spec:
    """A checked spec file: everything it says, with the defaults filled in."""

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


@dataclass(frozen=True, eq=False)
class Explained:
    """A spec computed: the networks before and after training, the points, their
    labels, the loss history, the share classified right, the trace and the stages
    the video plays (in trace order, never ``"input"``)."""

    spec: Spec
    initial: Network
    network: Network
    X: np.ndarray
    labels: np.ndarray | None
    history: tuple[float, ...] | None
    accuracy: float | None
    trace: Trace
    stages: tuple[str, ...]


# --- messages ---------------------------------------------------------------------------


def _err(src: str, field: str | None, problem: str, expected: str | None = None) -> SpecError:
    msg = f"{src}: {field}: {problem}" if field else f"{src}: {problem}"
    return SpecError(f"{msg}; expected {expected}" if expected else msg)


def _show(value: Any) -> str:
    """``value`` as it is written in TOML (shortened)."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, list):
        text = "[" + ", ".join(_show(v) for v in value) + "]"
    elif isinstance(value, dict):
        text = "a table {" + ", ".join(value) + "}"
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _got(value: Any) -> str:
    """``got ...``, saying what kind of value it is where that is the problem."""
    if isinstance(value, bool):
        return f"got {_show(value)} (true/false)"
    if isinstance(value, str):
        return f"got the text {_show(value)}"
    if isinstance(value, float):
        return f"got {_show(value)} (a decimal number)"
    if isinstance(value, list):
        return f"got the list {_show(value)}"
    if isinstance(value, dict):
        return f"got {_show(value)}"
    if isinstance(value, int):
        return f"got {value}"
    return f"got {_show(value)} ({type(value).__name__})"


def _unknown(src: str, field: str, what: str, value: Any, choices: tuple[str, ...],
             context: str = "") -> SpecError:
    """``unknown <what> 'value'<context>; did you mean 'x'? (expected one of: ...)``."""
    shown = (repr(value) if len(value) <= 60 else repr(value[:57]) + "...") if isinstance(
        value, str) else _show(value)
    close = (
        difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
        if isinstance(value, str) else []
    )
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return SpecError(f"{src}: {field}: unknown {what} {shown}{context}{hint} "
                     f"(expected one of: {', '.join(choices)})")


# --- reading the file ----------------------------------------------------------------------


def _read_text(path: Path, src: str, field: str | None, what: str) -> str:
    """The UTF-8 text of ``path`` (the spec file itself when ``field`` is ``None``);
    every way that fails is one SpecError."""
    name = f"{path} " if field else ""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _err(src, field, f"no such file {name}".strip(), what) from None
    except IsADirectoryError:
        raise _err(src, field, f"{name}is a folder, not a file", what) from None
    except PermissionError:
        raise _err(src, field, f"cannot read {name or 'it '}(permission denied)", what) from None
    except OSError as exc:
        raise _err(src, field, f"cannot read {name or 'it '}({exc.strerror or exc})",
                   what) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _err(src, field, f"{name}is not UTF-8 text (byte 0x{data[exc.start]:02x} on "
                   f"line {line})", what) from None


def _parse(path: Path, src: str) -> dict[str, Any]:
    text = _read_text(path, src, None, f"a TOML spec file ({_EXAMPLE_HINT})")
    if not text.strip():
        raise _err(src, None, "the file is empty",
                   f"[network] and [data] tables ({_EXAMPLE_HINT})")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _err(src, None, f"not valid TOML: {exc}",
                   'lines like key = value under [table] headers, text in "quotes"') from None


def _known(src: str, table: dict[str, Any], name: str) -> None:
    """Refuse keys of ``table`` (``name``: ``""`` for the top level) that a spec has not."""
    keys = _KEYS[name]
    for key, value in table.items():
        if key in keys:
            continue
        if name == "":
            if isinstance(value, dict):
                raise _unknown(src, key, "table", f"[{key}]", tuple(f"[{k}]" for k in keys[1:]))
            home = [t for t in _KEYS if t and key in _KEYS[t]]
            if home:
                raise _err(src, key, f"{key!r} is not a top-level setting",
                           "it under a " + " or ".join(f"[{t}]" for t in home) + " header")
            raise _unknown(src, key, "key", key, keys, " at the top of the file")
        raise _unknown(src, f"{name}.{key}", "key", key, keys, f" in [{name}]")


def _table(src: str, doc: dict[str, Any], name: str, example: str | None) -> dict[str, Any] | None:
    """The table ``[name]``, checked for unknown keys; ``None`` if optional (``example``
    ``None``) and absent."""
    if name not in doc:
        if example is None:
            return None
        raise _err(src, name, f"the [{name}] table is missing", example)
    table = doc[name]
    if isinstance(table, list) and table and all(isinstance(t, dict) for t in table):
        raise _err(src, name, f"[[{name}]] makes a list of tables",
                   f"one [{name}] table (single brackets)")
    if not isinstance(table, dict):
        raise _err(src, name, f"{_got(table)}, not a table", f"a [{name}] table of settings")
    _known(src, table, name)
    return table


# --- values --------------------------------------------------------------------------------

_MISSING = object()


def _value(src: str, table: dict[str, Any], table_name: str, key: str, example: str,
           default: Any = _MISSING) -> Any:
    if key in table:
        return table[key]
    if default is _MISSING:
        raise _err(src, f"{table_name}.{key}", "missing", f"a line {example} in [{table_name}]")
    return default


def _whole(src: str, field: str, value: Any, low: int, meaning: str) -> int:
    expected = f"a whole number >= {low} ({meaning})"
    if isinstance(value, bool) or not isinstance(value, int):
        raise _err(src, field, f"{_got(value)}, not a whole number", expected)
    if value < low:
        raise _err(src, field, f"{value} is too small", expected)
    return value


def _number(src: str, field: str, value: Any, meaning: str, *, positive: bool) -> float:
    sign = "> 0" if positive else ">= 0"
    expected = f"a finite number {sign} ({meaning})"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _err(src, field, f"{_got(value)}, not a number", expected)
    if not math.isfinite(value):
        raise _err(src, field, f"got {_show(value)}, not a finite number", expected)
    if value < 0 or (positive and value == 0):
        raise _err(src, field, f"{value} is too small", expected)
    return float(value)


def _text(src: str, field: str, value: Any, meaning: str) -> str:
    if not isinstance(value, str):
        raise _err(src, field, f"{_got(value)}, not text", f'text in "quotes" ({meaning})')
    if not value.strip():
        raise _err(src, field, "is empty", f'text in "quotes" ({meaning})')
    return value


def _stage_names(sizes: tuple[int, ...], activations: tuple[str, ...]) -> tuple[str, ...]:
    """The names :meth:`nnmath.Network.trace` gives the stages after the input."""
    return tuple(name for k, act in enumerate(activations, start=1)
                 for name in (f"linear {k}", f"bias {k}", f"{act} {k}"))


def _memory_limit() -> int | None:
    """A quarter of this machine's memory in bytes (``None`` if it cannot be told)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4
    except (AttributeError, ValueError, OSError):
        return None


def _check_points(src: str, field: str, n: int, sizes: tuple[int, ...]) -> None:
    """Refuse more points than :data:`MAX_POINTS` or a trace bigger than a quarter of
    this machine's memory (``n`` times the width of every stage, 8 bytes a number)."""
    arch = "-".join(map(str, sizes))
    if n > MAX_POINTS:
        raise _err(src, field, f"{n:,} points are too many", f"at most {MAX_POINTS:,} points")
    need = n * (sizes[0] + 3 * sum(sizes[1:])) * 8
    limit = _memory_limit()
    if limit is not None and need > limit:
        raise _err(src, field, f"{n:,} points through a {arch} network need {need / 1e9:.1f} GB "
                   "for the trace of every stage",
                   f"at most {limit / 1e9:.1f} GB (a quarter of this machine's memory): "
                   "fewer points or narrower layers")


def _grid_side(n: int, d: int) -> int:
    return max(1, round(n ** (1.0 / d)))


# --- load_spec -------------------------------------------------------------------------------


def load_spec(path: str | Path) -> Spec:
    """Read the spec file at ``path`` and check everything that needs no computing.

    Raises :class:`SpecError` (one line: file, field, what was expected) for anything
    wrong. Paths in the spec (``network.weights``, ``data.path``) are relative to the
    spec file's folder; the :class:`Spec` holds them absolute.

    Example:
        >>> import tempfile
        >>> p = Path(tempfile.mkdtemp()) / "net.toml"
        >>> _ = p.write_text('[network]\\nsizes = [1, 2]\\nactivations = ["tanh"]\\nseed = 0\\n'
        ...                  '[data]\\nkind = "grid"\\nn = 9\\n[render]\\nstages = ["tanh 1"]\\n')
        >>> spec = load_spec(p)
        >>> spec.network.sizes, spec.data.kind, spec.render.stages, spec.name
        ((1, 2), 'grid', ('tanh 1',), 'net')
    """
    p = Path(path)
    src = str(path)
    doc = _parse(p, src)
    _known(src, doc, "")
    folder = p.parent
    net_table = _table(src, doc, "network", "a [network] table with sizes, activations and seed")
    data_table = _table(src, doc, "data", 'a [data] table, e.g. kind = "square" and n = 1000')
    assert net_table is not None and data_table is not None
    network = _network(src, net_table, folder)
    data = _data(src, data_table, network.sizes, folder)
    train_table = _table(src, doc, "train", None)
    train = None if train_table is None else _train(src, train_table, data)
    render_table = _table(src, doc, "render", None)
    render = RenderSpec() if render_table is None else _render(src, render_table, network)
    arch = "-".join(map(str, network.sizes))
    title = _text(src, "title", doc["title"], "the video's title") if "title" in doc else (
        f"A {arch} network")
    return Spec(path=p, title=title.strip(), network=network, data=data, train=train,
                render=render)


def _network(src: str, table: dict[str, Any], folder: Path) -> NetworkSpec:
    from nnmath import ACTIVATIONS, parameter_count

    sizes_value = _value(src, table, "network", "sizes", "sizes = [2, 3, 2]")
    expected = "a list of layer widths, input first, e.g. sizes = [2, 3, 2]"
    if not isinstance(sizes_value, list):
        raise _err(src, "network.sizes", f"{_got(sizes_value)}, not a list", expected)
    if len(sizes_value) < 2:
        raise _err(src, "network.sizes", f"has {len(sizes_value)} entr"
                   f"{'y' if len(sizes_value) == 1 else 'ies'}",
                   "at least 2 (the input width and the output width), e.g. sizes = [2, 3, 2]")
    for k, size in enumerate(sizes_value, start=1):
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise _err(src, "network.sizes", f"entry {k} is {_show(size)}",
                       "positive whole numbers (the width of each layer), e.g. sizes = [2, 3, 2]")
    sizes = tuple(sizes_value)
    if not 1 <= sizes[0] <= 3:
        raise _err(src, "network.sizes", f"the input width (first entry) is {sizes[0]}, "
                   "which cannot be drawn", "1, 2 or 3 as the first entry")
    count = parameter_count(sizes)
    if count > MAX_PARAMETERS:
        raise _err(src, "network.sizes", f"a {'-'.join(map(str, sizes))} network has "
                   f"{count:,} weights and biases",
                   f"at most {MAX_PARAMETERS:,}: narrower layers")

    acts_value = _value(src, table, "network", "activations", 'activations = ["relu", "sigmoid"]')
    layers = len(sizes) - 1
    example = "activations = [" + ", ".join(['"relu"'] * (layers - 1) + ['"sigmoid"']) + "]"
    if not isinstance(acts_value, list):
        raise _err(src, "network.activations", f"{_got(acts_value)}, not a list",
                   f"a list with one activation per layer, e.g. {example}")
    if len(acts_value) != layers:
        raise _err(src, "network.activations",
                   f"{len(acts_value)} activation{'s' if len(acts_value) != 1 else ''} for "
                   f"{layers} layer{'s' if layers != 1 else ''} (sizes = {_show(sizes_value)})",
                   f"one per layer, {layers} in all, e.g. {example}")
    for act in acts_value:
        if act not in ACTIVATIONS:
            raise _unknown(src, "network.activations", "activation", act, ACTIVATIONS)
    activations = tuple(acts_value)

    has_seed, has_weights = "seed" in table, "weights" in table
    choose = 'seed = 0 (random weights) or weights = "weights.npz" (W1, b1, W2, b2, ...)'
    if has_seed and has_weights:
        raise _err(src, "network.seed", "both seed and weights are given",
                   f"exactly one: {choose}")
    if not (has_seed or has_weights):
        raise _err(src, "network.seed", "neither seed nor weights is given",
                   f"exactly one: {choose}")
    seed = weights = None
    if has_seed:
        seed = _whole(src, "network.seed", table["seed"], 0, "the seed of the random weights")
    else:
        name = _text(src, "network.weights", table["weights"],
                     "an .npz file of W1, b1, W2, b2, ..., relative to the spec file")
        weights = Path(os.path.abspath(folder / name))
    return NetworkSpec(sizes=sizes, activations=activations, seed=seed, weights=weights)


def _data(src: str, table: dict[str, Any], sizes: tuple[int, ...], folder: Path) -> DataSpec:
    d = sizes[0]
    kind = _value(src, table, "data", "kind", 'kind = "square"')
    if kind not in KINDS:
        raise _unknown(src, "data.kind", "kind of data", kind, KINDS)
    if kind in LABELLED_KINDS and d != 2:
        raise _err(src, "data.kind", f"{kind} points are 2-D but the network's input width "
                   f"is {d}", f'sizes starting with 2, or kind = "square", "grid" or "csv" '
                   f"for {d}-D points")
    if kind == "csv":
        n_value = table.get("n")
        n = None if n_value is None else _whole(src, "data.n", n_value, 1,
                                                 "use the first n rows of the CSV")
    else:
        n = _whole(src, "data.n", _value(src, table, "data", "n", "n = 1000"), 1,
                   "the number of points")
        points = _grid_side(n, d) ** d if kind == "grid" else n
        _check_points(src, "data.n", points, sizes)
    seed = _whole(src, "data.seed", table.get("seed", 0), 0, "the seed of the random points")
    noise = None
    if "noise" in table:
        if kind not in LABELLED_KINDS:
            raise _err(src, "data.noise", f"{kind} points take no noise",
                       "noise only with kind = " + ", ".join(map(repr, LABELLED_KINDS)))
        noise = _number(src, "data.noise", table["noise"], "how far points scatter",
                        positive=False)
    path = None
    if kind == "csv":
        name = _text(src, "data.path", _value(src, table, "data", "path", 'path = "points.csv"'),
                     "a CSV file of points, relative to the spec file")
        path = Path(os.path.abspath(folder / name))
    elif "path" in table:
        raise _err(src, "data.path", f"a path is given but kind = {_show(kind)}",
                   'path only with kind = "csv"')
    return DataSpec(kind=kind, n=n, seed=seed, noise=noise, path=path)


def _train(src: str, table: dict[str, Any], data: DataSpec) -> TrainSpec:
    if data.kind in ("square", "grid"):
        raise _err(src, "train", f"[train] needs labelled points but {data.kind} points have no "
                   "labels", "kind = " + ", ".join(map(repr, LABELLED_KINDS))
                   + " or a CSV with a label column (or no [train] table)")
    epochs = _whole(src, "train.epochs", _value(src, table, "train", "epochs", "epochs = 300"),
                    1, "passes over the data")
    if epochs > MAX_EPOCHS:
        raise _err(src, "train.epochs", f"{epochs:,} epochs is too many (training runs again "
                   "before every render)", f"at most {MAX_EPOCHS:,}; a few hundred is typical")
    lr = _number(src, "train.learning_rate",
                 _value(src, table, "train", "learning_rate", "learning_rate = 0.5"),
                 "the step size of gradient descent, e.g. 0.5", positive=True)
    batch: Any = table.get("batch_size", 32)
    if batch == "all":
        batch_size = None
    elif isinstance(batch, str):
        raise _err(src, "train.batch_size", f"{_got(batch)}",
                   'a whole number >= 1 (points per step), or "all" for the whole set')
    else:
        batch_size = _whole(src, "train.batch_size", batch, 1,
                            'points per step; or "all" for the whole set')
    seed = _whole(src, "train.seed", table.get("seed", 0), 0, "the seed of the shuffling")
    return TrainSpec(epochs=epochs, learning_rate=lr, batch_size=batch_size, seed=seed)


def _render(src: str, table: dict[str, Any], network: NetworkSpec) -> RenderSpec:
    quality = table.get("quality", "l")
    if quality not in QUALITIES:
        raise _unknown(src, "render.quality", "quality", quality, tuple(QUALITIES))
    chosen = table.get("stages", "all")
    if chosen == "all":
        return RenderSpec(quality=quality, stages=None)
    valid = _stage_names(network.sizes, network.activations)
    expected = f'"all" or a list of stage names from: {", ".join(valid)}'
    if not isinstance(chosen, list):
        raise _err(src, "render.stages", f"{_got(chosen)}", expected)
    if not chosen:
        raise _err(src, "render.stages", "the list is empty", expected)
    for name in chosen:
        if name not in valid:
            raise _unknown(src, "render.stages", "stage", name, valid)
    for name in chosen:
        if chosen.count(name) > 1:
            raise _err(src, "render.stages", f"{name!r} is listed twice",
                       "each stage at most once")
    return RenderSpec(quality=quality, stages=tuple(n for n in valid if n in chosen))


# --- build -----------------------------------------------------------------------------------


def build(spec: Spec) -> Explained:
    """Compute ``spec``: load or draw the network, make or read the points, train if
    asked, trace the points and score them. Raises :class:`SpecError`.

    Example:
        >>> spec = Spec(Path("s.toml"), "T", NetworkSpec((2, 2), ("tanh",), 0, None),
        ...             DataSpec("xor", 40, 0, None, None), None, RenderSpec())
        >>> e = build(spec)
        >>> e.labels.shape, e.history, 0 <= e.accuracy <= 1, e.stages
        ((40,), None, True, ('linear 1', 'bias 1', 'tanh 1'))
    """
    from nnmath import Network

    src = str(spec.path)
    net_spec = spec.network
    if net_spec.weights is not None:
        initial = _load_weights(src, net_spec)
    else:
        initial = Network.random(net_spec.sizes, net_spec.activations, net_spec.seed)
    X, labels = _points(src, spec.data, net_spec.sizes)
    if labels is not None:
        _check_labels(src, spec.data, labels, initial.n_out)
    network, history = initial, None
    with np.errstate(all="ignore"):  # overflows are found below and said in one line
        if spec.train is not None:
            if labels is None:
                raise _err(src, "train", "[train] needs labelled points but the CSV has no "
                           "label column", "a last column of whole-number labels in the CSV, "
                           "or kind = " + ", ".join(map(repr, LABELLED_KINDS))
                           + " (or no [train] table)")
            network, history = _fit(src, spec.train, initial, X, labels)
        trace = network.trace(X)
    for stage in trace:
        if not np.all(np.isfinite(stage.points)):
            field = ("network.weights" if net_spec.weights is not None
                     else "data.path" if spec.data.kind == "csv" else "network")
            raise _err(src, field, f"the points overflow to infinity at stage {stage.name!r}",
                       "weights and points that keep every stage finite")
    accuracy = None if labels is None else _accuracy(trace.output, labels, network)
    wanted = spec.render.stages
    stages = tuple(n for n in trace.names[1:] if wanted is None or n in wanted)
    return Explained(spec=spec, initial=initial, network=network, X=X, labels=labels,
                     history=history, accuracy=accuracy, trace=trace, stages=stages)


def check(path: str | Path) -> Explained:
    """:func:`load_spec` and :func:`build`: the spec at ``path``, checked and computed.
    Every way it can fail is a :class:`SpecError`."""
    src = str(path)
    try:
        return build(load_spec(path))
    except SpecError:
        raise
    except MemoryError:
        raise _err(src, None, "not enough memory to compute this spec",
                   "fewer points, narrower layers or fewer epochs") from None
    except (ValueError, OSError) as exc:  # nnmath refusing something not checked above
        raise _err(src, None, str(exc)) from None


def _load_weights(src: str, net: NetworkSpec) -> Network:
    from nnmath import Layer, Network

    field, path = "network.weights", net.weights
    assert path is not None
    sizes, layers = net.sizes, len(net.sizes) - 1
    names = [f"{w}{k}" for k in range(1, layers + 1) for w in ("W", "b")]
    expected = (f"an .npz file written by numpy.savez with arrays {', '.join(names)} "
                "(W of shape (out, in), b of shape (out,))")
    if path.is_dir():
        raise _err(src, field, f"{path} is a folder, not a file", expected)
    if not path.exists():
        raise _err(src, field, f"no such file {path}", expected + ", relative to the spec file")
    with open(path, "rb") as file:
        magic = file.read(6)
    if magic == b"\x93NUMPY":
        raise _err(src, field, f"{path} holds a single array (.npy, from numpy.save), not an "
                   ".npz archive", expected)
    if not zipfile.is_zipfile(path):
        raise _err(src, field, f"{path} is not an .npz archive", expected)
    try:
        loaded = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise _err(src, field, f"numpy cannot read {path} ({_short(exc)})", expected) from None
    if not isinstance(loaded, np.lib.npyio.NpzFile):
        raise _err(src, field, f"{path} is not an .npz archive", expected)
    with loaded:
        missing = [n for n in names if n not in loaded.files]
        if missing:
            raise _err(src, field, f"{path} lacks {', '.join(missing)}", expected)
        extra = [n for n in loaded.files if n not in names]
        if extra:
            raise _err(src, field, f"{path} has extra array{'s' if len(extra) > 1 else ''} "
                       f"{', '.join(extra)} for a {'-'.join(map(str, sizes))} network",
                       expected)
        arrays: dict[str, np.ndarray] = {}
        for k in range(1, layers + 1):
            for name, shape in ((f"W{k}", (sizes[k], sizes[k - 1])), (f"b{k}", (sizes[k],))):
                try:
                    arr = loaded[name]
                except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
                    raise _err(src, field, f"numpy cannot read {name} in {path} "
                               f"({_short(exc)})", expected) from None
                if arr.dtype.kind not in "iuf":
                    kind = "text" if arr.dtype.kind in "US" else f"{arr.dtype.name} values"
                    raise _err(src, field, f"{name} holds {kind}, not real numbers",
                               f"{name} as an array of real numbers")
                if arr.shape != shape:
                    raise _err(src, field, f"{name} has shape {arr.shape}",
                               f"shape {shape} for sizes = {list(sizes)}")
                if not np.all(np.isfinite(arr)):
                    raise _err(src, field, f"{name} holds NaN or infinity", "finite numbers")
                arrays[name] = arr.astype(float)
    return Network(tuple(Layer(arrays[f"W{k}"], arrays[f"b{k}"], net.activations[k - 1])
                         for k in range(1, layers + 1)))


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 100 else text[:97] + "..."


def _points(src: str, data: DataSpec, sizes: tuple[int, ...]) -> tuple[np.ndarray,
                                                                        np.ndarray | None]:
    d = sizes[0]
    if data.kind == "csv":
        assert data.path is not None
        X, labels = _read_csv(src, data, d, sizes)
        return X, labels
    assert data.n is not None
    if data.kind == "square":
        return np.random.default_rng(data.seed).uniform(-1.0, 1.0, size=(data.n, d)), None
    if data.kind == "grid":
        k = _grid_side(data.n, d)
        ticks = np.linspace(-1.0, 1.0, k) if k > 1 else np.zeros(1)
        axes = np.meshgrid(*([ticks] * d), indexing="ij")
        return np.column_stack([a.ravel() for a in axes[::-1]]), None  # x varies fastest
    from nnmath import clouds

    make = getattr(clouds, LABELLED_KINDS[data.kind])
    extra = {} if data.noise is None else {"noise": data.noise}
    X, labels = make(data.n, seed=data.seed, **extra)
    return X, labels.astype(np.int64)


def _read_csv(src: str, data: DataSpec, d: int, sizes: tuple[int, ...]) -> tuple[
        np.ndarray, np.ndarray | None]:
    field, path = "data.path", data.path
    assert path is not None
    cols = "x" if d == 1 else ", ".join(("x", "y", "z")[:d])
    layout = (f"{d} number column{'s' if d > 1 else ''} ({cols}), optionally a last column of "
              "whole-number labels, and an optional header row")
    text = _read_text(path, src, field, f"a CSV file with {layout}, relative to the spec file")
    reader = csv.reader(io.StringIO(text), strict=True)
    rows: list[list[float]] = []
    width = first_line = 0
    header_allowed = True
    try:
        for cells in reader:
            line = reader.line_num
            cells = [c.strip() for c in cells]
            if not any(cells):
                continue
            if header_allowed:
                header_allowed = False
                if not any(_is_number(c) for c in cells):
                    continue  # a header row
            if not width:
                width, first_line = len(cells), line
                if width not in (d, d + 1):
                    sep = " (columns must be separated by commas)" if any(
                        re.search(r"[;\t]", c) for c in cells) else ""
                    raise _err(src, field, f"{path} has {width} column{'s' if width > 1 else ''} "
                               f"(line {line}){sep} but the network's input width is {d}",
                               f"{d} or {d + 1} columns: {layout}")
            elif len(cells) != width:
                raise _err(src, field, f"{path} line {line} has {len(cells)} cells but line "
                           f"{first_line} has {width}", "the same number of columns in every row")
            values = []
            for col, cell in enumerate(cells, start=1):
                where = f"{path} line {line}, column {col}"
                if not _is_number(cell):
                    sep = " (columns must be separated by commas)" if re.search(
                        r"[;\t]", cell) else ""
                    raise _err(src, field, f"{where}: {cell!r} is not a number{sep}", layout)
                value = float(cell)
                if not math.isfinite(value):
                    raise _err(src, field, f"{where}: {cell!r} is not a finite number",
                               "finite numbers")
                if col == d + 1 and not value.is_integer():
                    raise _err(src, field, f"{where}: the label {cell!r} is not a whole number",
                               "whole-number class labels 0, 1, ... in the last column")
                values.append(value)
            rows.append(values)
            if len(rows) > MAX_POINTS:
                _check_points(src, field, len(rows), sizes)
            if data.n is not None and len(rows) >= data.n:
                break
    except csv.Error as exc:
        raise _err(src, field, f"{path} line {reader.line_num} is not valid CSV ({exc})",
                   layout) from None
    if not rows:
        raise _err(src, field, f"{path} has no data rows", f"one row per point: {layout}")
    _check_points(src, field, len(rows), sizes)
    table = np.array(rows, dtype=float)
    labels = table[:, d].astype(np.int64) if width == d + 1 else None
    return np.ascontiguousarray(table[:, :d]), labels


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _check_labels(src: str, data: DataSpec, labels: np.ndarray, n_out: int) -> None:
    """Labels a network with ``n_out`` outputs can be scored on: 0/1 for one output,
    ``0 .. n_out - 1`` for several."""
    top = 1 if n_out == 1 else n_out - 1
    if labels.min() >= 0 and labels.max() <= top:
        return
    field = "data.path" if data.kind == "csv" else "data.kind"
    found = ", ".join(str(v) for v in np.unique(labels)[:10])
    outputs = f"{n_out} output{'s' if n_out > 1 else ''}"
    raise _err(src, field, f"labels {found} do not fit a network with {outputs}",
               "labels 0 and 1 for one output (its value says the class), or 0 .. k-1 for "
               "k outputs (one per class)")


def training_loss(net: Network) -> str:
    """The loss training gives ``net`` (nnmath's name): the
    cross-entropy for one sigmoid output, else ``"mse"`` (half the squared error)."""
    one_sigmoid = net.n_out == 1 and net.activations[-1] == "sigmoid"
    return "cross_entropy" if one_sigmoid else "mse"


def class_threshold(net: Network) -> float:
    """Where one output is read as class 1 (at or above): 0 for a tanh output, 0.5
    otherwise, as the accuracy is scored."""
    return 0.0 if net.activations[-1] == "tanh" else 0.5


def _targets(labels: np.ndarray, network: Network) -> np.ndarray:
    """One output: the label (-1/+1 for a tanh output, whose middle is 0); k outputs:
    one-hot rows."""
    if network.n_out == 1:
        low = -1.0 if network.activations[-1] == "tanh" else 0.0
        return np.where(labels == 1, 1.0, low)[:, None]
    return np.eye(network.n_out)[labels]


def _fit(src: str, train: TrainSpec, net: Network, X: np.ndarray,
         labels: np.ndarray) -> tuple[Network, tuple[float, ...]]:
    import nnmath

    loss = training_loss(net)
    try:
        result = nnmath.train(net, X, _targets(labels, net), train.learning_rate, train.epochs,
                              train.batch_size, loss, train.seed)
    except ValueError as exc:
        if "diverged" not in str(exc):
            raise _err(src, "train", f"training failed: {exc}") from None
        what = str(exc).split(";")[0]
        raise _err(src, "train.learning_rate",
                   f"{what} with learning_rate = {train.learning_rate:g}",
                   f"a smaller learning rate, e.g. {train.learning_rate / 10:g}") from None
    return result.network, tuple(float(v) for v in result.history)


def _accuracy(output: np.ndarray, labels: np.ndarray, network: Network) -> float:
    """The share of points classified right: one output says class 1 at or above its
    middle (0 for tanh, 0.5 otherwise); several outputs pick the largest."""
    if network.n_out == 1:
        predicted = (output[:, 0] >= class_threshold(network)).astype(np.int64)
    else:
        predicted = np.argmax(output, axis=1)
    return float(np.mean(predicted == labels))


#: The commented example spec that ``nnexplain example`` prints.
EXAMPLE: str = resources.files("nnexplain").joinpath("example.toml").read_text(encoding="utf-8")
