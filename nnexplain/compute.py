"""Compute a checked spec: load the weights (``.npz``) or draw them, make the points
(generated kinds or a CSV file), train if asked, trace the points through the network
and score them. Everything that goes wrong is a :class:`~nnexplain.errors.SpecError`
naming the field, as the checks of :mod:`nnexplain.spec` are. No manim here.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from . import schema
from .errors import err, read_text
from .schema import DATASETS, LABELLED_KINDS, DataSpec, Spec, TrainSpec

if TYPE_CHECKING:
    from nnmath import Network, Trace

# nnmath (numpy and scipy) is imported where a spec is computed, so that `nnexplain example`
# and `nnexplain --help` answer at once.

__all__ = ["Explained", "build", "class_threshold", "grid_side", "training_loss"]


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


def grid_side(n: int, d: int) -> int:
    """The points along each axis of a ``d``-D grid of about ``n`` points."""
    return max(1, round(n ** (1.0 / d)))


def build(spec: Spec) -> Explained:
    """Compute ``spec``: load or draw the network, make or read the points, train if
    asked, trace the points and score them. Raises
    :class:`~nnexplain.errors.SpecError`.

    Example:
        >>> from pathlib import Path
        >>> from nnexplain.schema import NetworkSpec, RenderSpec
        >>> spec = Spec(Path("s.toml"), "T", NetworkSpec((2, 2), ("tanh",), 0, None),
        ...             DataSpec("xor", 40, 0, None, None), None, RenderSpec())
        >>> e = build(spec)
        >>> e.labels.shape, e.history, 0 <= e.accuracy <= 1, e.stages
        ((40,), None, True, ('linear 1', 'bias 1', 'tanh 1'))
    """
    from nnmath import Layer, Network

    src = str(spec.path)
    net_spec = spec.network
    if net_spec.model is not None:  # read from its file by load_spec
        initial = Network(tuple(Layer(W, b, act) for (W, b), act in zip(
            net_spec.model.weights, net_spec.activations, strict=True)))
    else:
        initial = Network.random(net_spec.sizes, net_spec.activations, net_spec.seed)
    X, labels = _points(src, spec.data, net_spec.sizes)
    if labels is not None:
        _check_labels(src, spec.data, labels, initial.n_out)
    network, history = initial, None
    with np.errstate(all="ignore"):  # overflows are found below and said in one line
        if spec.train is not None:
            if labels is None:
                raise err(src, "train", "[train] needs labelled points but the CSV has no "
                          "label column", "a last column of whole-number labels in the CSV, "
                          "or kind = " + ", ".join(map(repr, (*LABELLED_KINDS, *DATASETS)))
                          + " (or no [train] table)")
            network, history = _fit(src, spec.train, initial, X, labels)
        trace = network.trace(X)
    for stage in trace:
        if not np.all(np.isfinite(stage.points)):
            field = ("network.weights" if net_spec.weights is not None
                     else "data.path" if spec.data.kind == "csv" else "network")
            raise err(src, field, f"the points overflow to infinity at stage {stage.name!r}",
                      "weights and points that keep every stage finite")
    accuracy = None if labels is None else _accuracy(trace.output, labels, network)
    wanted = spec.render.stages
    stages = tuple(n for n in trace.names[1:] if wanted is None or n in wanted)
    return Explained(spec=spec, initial=initial, network=network, X=X, labels=labels,
                     history=history, accuracy=accuracy, trace=trace, stages=stages)


def _points(src: str, data: DataSpec, sizes: tuple[int, ...]) -> tuple[np.ndarray,
                                                                        np.ndarray | None]:
    d = sizes[0]
    if data.kind == "csv":
        assert data.path is not None
        X, labels = _read_csv(src, data, d, sizes)
        return X, labels
    if data.kind in DATASETS:
        return _dataset(data)
    assert data.n is not None
    if data.kind == "square":
        return np.random.default_rng(data.seed).uniform(-1.0, 1.0, size=(data.n, d)), None
    if data.kind == "grid":
        k = grid_side(data.n, d)
        ticks = np.linspace(-1.0, 1.0, k) if k > 1 else np.zeros(1)
        axes = np.meshgrid(*([ticks] * d), indexing="ij")
        return np.column_stack([a.ravel() for a in axes[::-1]]), None  # x varies fastest
    from nnmath import clouds

    make = getattr(clouds, LABELLED_KINDS[data.kind])
    extra = {} if data.noise is None else {"noise": data.noise}
    X, labels = make(data.n, seed=data.seed, **extra)
    return X, labels.astype(np.int64)


def _dataset(data: DataSpec) -> tuple[np.ndarray, np.ndarray]:
    """One of scikit-learn's bundled data sets (read from its own files, no download):
    every row in its order, or ``n`` rows drawn at random with ``data.seed``."""
    from sklearn import datasets

    X, labels = getattr(datasets, f"load_{data.kind}")(return_X_y=True)
    if data.n is not None and data.n < len(X):
        rows = np.sort(np.random.default_rng(data.seed).choice(len(X), data.n, replace=False))
        X, labels = X[rows], labels[rows]
    return np.ascontiguousarray(X, dtype=float), labels.astype(np.int64)


def _read_csv(src: str, data: DataSpec, d: int, sizes: tuple[int, ...]) -> tuple[
        np.ndarray, np.ndarray | None]:
    field, path = "data.path", data.path
    assert path is not None
    cols = "x" if d == 1 else ", ".join(("x", "y", "z")[:d]) if d <= 3 else "one per input"
    layout = (f"{d} number column{'s' if d > 1 else ''} ({cols}), optionally a last column of "
              "whole-number labels, and an optional header row")
    text = read_text(path, src, field, f"a CSV file with {layout}, relative to the spec file")
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
                    raise err(src, field, f"{path} has {width} column{'s' if width > 1 else ''} "
                              f"(line {line}){sep} but the network's input width is {d}",
                              f"{d} or {d + 1} columns: {layout}")
            elif len(cells) != width:
                raise err(src, field, f"{path} line {line} has {len(cells)} cells but line "
                          f"{first_line} has {width}", "the same number of columns in every row")
            values = []
            for col, cell in enumerate(cells, start=1):
                where = f"{path} line {line}, column {col}"
                if not _is_number(cell):
                    sep = " (columns must be separated by commas)" if re.search(
                        r"[;\t]", cell) else ""
                    raise err(src, field, f"{where}: {cell!r} is not a number{sep}", layout)
                value = float(cell)
                if not math.isfinite(value):
                    raise err(src, field, f"{where}: {cell!r} is not a finite number",
                              "finite numbers")
                if col == d + 1 and not value.is_integer():
                    raise err(src, field, f"{where}: the label {cell!r} is not a whole number",
                              "whole-number class labels 0, 1, ... in the last column")
                values.append(value)
            rows.append(values)
            if len(rows) > schema.MAX_POINTS:  # stop reading a huge file early
                schema.check_points(src, field, len(rows), sizes)
            if data.n is not None and len(rows) >= data.n:
                break
    except csv.Error as exc:
        raise err(src, field, f"{path} line {reader.line_num} is not valid CSV ({exc})",
                  layout) from None
    if not rows:
        raise err(src, field, f"{path} has no data rows", f"one row per point: {layout}")
    schema.check_points(src, field, len(rows), sizes)
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
    raise err(src, field, f"labels {found} do not fit a network with {outputs}",
              "labels 0 and 1 for one output (its value says the class), or 0 .. k-1 for "
              "k outputs (one per class)")


def training_loss(net: Network) -> str:
    """The loss training gives ``net`` (nnmath's name): the cross-entropy for one
    sigmoid output or a softmax, else ``"mse"`` (half the squared error)."""
    one_sigmoid = net.n_out == 1 and net.activations[-1] == "sigmoid"
    return "cross_entropy" if one_sigmoid or net.activations[-1] == "softmax" else "mse"


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
            raise err(src, "train", f"training failed: {exc}") from None
        what = str(exc).split(";")[0]
        raise err(src, "train.learning_rate",
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

