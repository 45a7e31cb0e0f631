"""The Python side of ``nnexplain``, for notebooks: a trained network and its points in,
a spec, a check and a video out.

:func:`from_model` takes a fitted scikit-learn MLP (``MLPClassifier`` or
``MLPRegressor``) or a model file (``.onnx``, ``.skops``, ``.safetensors``, ``.keras``,
``.npz``) and the points (``X``, and the labels ``y`` if there are any). The
:class:`Explainer` it returns writes an ordinary spec (:meth:`Explainer.to_toml`: the
spec, its points as CSV and, for an estimator, its weights as ``.npz``, editable and
renderable with ``nnexplain render``); :meth:`~Explainer.validate` and
:meth:`~Explainer.render` go through that same spec, so a notebook and the command line
explain the same thing.

Example::

    from sklearn.datasets import load_iris
    from sklearn.neural_network import MLPClassifier
    import nnexplain

    X, y = load_iris(return_X_y=True)
    clf = MLPClassifier((5,), max_iter=2000, random_state=0).fit(X, y)
    explainer = nnexplain.from_model(clf, X, y, title="Iris")
    print(explainer.validate())          # "4-5-3 network (relu, softmax), ... % right, ..."
    video = explainer.render(quality="l")
    # from IPython.display import Video; Video(video)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.facts import DEFAULT_FORMAT, slug

from .errors import toml_text

__all__ = ["Explainer", "from_model"]


class Explainer:
    """A trained network and the points to explain it with (see :func:`from_model`)."""

    def __init__(self, model: Any, X: np.ndarray, labels: np.ndarray | None, title: str,
                 weights: Path | None) -> None:
        self.model = model  # nnexplain.models.Model
        self.X = X
        self.labels = labels
        self.title = title
        self._weights = weights  # the model's own file, or None (an estimator in memory)

    @property
    def name(self) -> str:
        """The name files are written under: the title made safe (``"Iris, 3 classes"`` ->
        ``Iris-3-classes``)."""
        return slug(self.title, "model")

    def to_toml(self, path: str | Path) -> Path:
        """Write the spec at ``path`` with its points beside it (``<name>-points.csv``)
        and, for an estimator, its weights (``<name>-weights.npz``); return the spec's
        absolute path. Paths in the spec are relative to it: the folder can be moved."""
        spec = Path(os.path.abspath(path))
        spec.parent.mkdir(parents=True, exist_ok=True)
        points = spec.with_name(f"{spec.stem}-points.csv")
        columns = [f"x{i + 1}" for i in range(self.X.shape[1])]
        table = self.X
        if self.labels is not None:
            columns.append("label")
            table = np.column_stack([self.X, self.labels])
        fmt = ["%.17g"] * self.X.shape[1] + (["%d"] if self.labels is not None else [])
        np.savetxt(points, table, fmt=fmt, delimiter=",", header=",".join(columns),
                   comments="")
        lines = [f"title = {toml_text(self.title)}", "", "[network]"]
        if self._weights is None:
            weights = spec.with_name(f"{spec.stem}-weights.npz")
            np.savez(weights, **{f"{w}{k}": a for k, pair in enumerate(self.model.weights, 1)
                                for w, a in zip("Wb", pair, strict=True)})
            lines += [f"sizes = {list(self.model.sizes)}",
                      f"activations = {toml_text(list(self.model.activations))}"]
        else:
            weights = self._weights
        lines += [f"weights = {toml_text(_relative(weights, spec.parent))}", "", "[data]",
                  'kind = "csv"', f"path = {toml_text(points.name)}", ""]
        spec.write_text("\n".join(lines), encoding="utf-8")
        return spec

    def check(self):
        """The spec checked and computed (:func:`nnexplain.spec.check`): the network, the
        points, the trace, the accuracy. Raises :class:`~nnexplain.errors.SpecError`."""
        from .spec import check

        with tempfile.TemporaryDirectory(prefix="nnexplain-") as folder:
            return check(self.to_toml(Path(folder) / f"{self.name}.toml"))

    def validate(self) -> str:
        """The line ``nnexplain validate`` prints: the network, the points, the share
        classified right, the stages."""
        from .cli import summary

        return summary(self.check())

    def render(self, quality: str = "l", out: str | Path = "renders",
               fmt: str = DEFAULT_FORMAT) -> Path:
        """Render the explainer video (at ``quality``: d, l, m, h, p or k) into
        ``out/explain/<quality folder>/`` and return its path (a notebook shows it with
        ``IPython.display.Video(path)``). Raises ``RuntimeError`` if the render fails
        (its one line says why)."""
        from .render import render_specs
        from .spec import check

        written: list[Path] = []
        with tempfile.TemporaryDirectory(prefix="nnexplain-") as folder:
            explained = check(self.to_toml(Path(folder) / f"{self.name}.toml"))
            status = render_specs([explained], quality=quality, fmt=fmt, out=Path(out),
                                  written=written)
        if status != 0 or not written:
            raise RuntimeError(f"the render of {self.title!r} failed (exit status {status}); "
                               "the line above says why")
        return written[0]


def from_model(model: Any, X: Any, y: Sequence | np.ndarray | None = None, *,
               title: str | None = None) -> Explainer:
    """An :class:`Explainer` of ``model`` (a fitted scikit-learn ``MLPClassifier`` or
    ``MLPRegressor``, or the path of a model file) on the points ``X`` (n, inputs) with
    the labels ``y`` (class labels as the model knows them, e.g. a classifier's
    ``classes_``, or 0 .. k-1). Raises ``ValueError`` (a one-line message) for anything
    it cannot explain."""
    from .models import ModelError, from_estimator, load_model

    try:
        if isinstance(model, str | os.PathLike):
            path = Path(os.path.abspath(model))
            loaded, weights = load_model(path), path
        else:
            loaded, weights = from_estimator(model, "the model"), None
    except ModelError as err:
        raise ValueError(str(err)) from None
    points = np.asarray(X, dtype=float)
    if points.ndim != 2 or points.shape[1] != loaded.sizes[0] or not len(points):
        raise ValueError(f"X has shape {points.shape}; expected (n, {loaded.sizes[0]}): a row "
                         f"per point, a column per input of the {_arch(loaded)} network")
    if not np.all(np.isfinite(points)):
        raise ValueError("X holds NaN or infinity; expected finite numbers")
    labels = None if y is None else _indices(np.asarray(y), loaded, len(points))
    return Explainer(loaded, points, labels, title or f"A {_arch(loaded)} network", weights)


def _indices(y: np.ndarray, model: Any, n: int) -> np.ndarray:
    """The labels as class numbers 0 .. k-1 (by the model's ``classes`` when it has them)."""
    if y.shape != (n,):
        raise ValueError(f"y has shape {y.shape}; expected ({n},): one label per point")
    if model.classes is not None:
        known = {c: i for i, c in enumerate(model.classes)}
        unknown = [v for v in dict.fromkeys(y.tolist()) if v not in known]
        if unknown:
            raise ValueError(f"y holds {unknown[0]!r}, which is not one of the model's "
                             f"classes; expected one of {list(model.classes)}")
        return np.array([known[v] for v in y.tolist()], dtype=np.int64)
    if y.dtype.kind not in "iu" and not (y.dtype.kind == "f" and np.all(y == np.round(y))):
        raise ValueError(f"y holds {y.dtype} values; expected whole-number labels 0 .. k-1 "
                         "(the model names no classes)")
    return y.astype(np.int64)


def _arch(model: Any) -> str:
    return "-".join(map(str, model.sizes))


def _relative(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder`` where it can be (another drive: absolute)."""
    try:
        return os.path.relpath(path, folder)
    except ValueError:
        return str(path)
