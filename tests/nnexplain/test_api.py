"""nnexplain.from_model: a fitted scikit-learn MLP or a model file, and the points, to a
spec, a check and a video (the Python API for notebooks)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

import nnexplain
from nnexplain.cli import main

MODELS = Path(__file__).parent / "models"


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    clf = MLPClassifier((5,), max_iter=3000, random_state=0).fit(X, y)
    return X, y, clf


def test_a_fitted_classifier_is_explained_as_scikit_learn_scores_it(iris, tmp_path):
    X, y, clf = iris
    explainer = nnexplain.from_model(clf, X, y, title="Iris, three species")
    ex = explainer.check()
    assert ex.network.sizes == (4, 5, 3) and ex.network.activations == ("relu", "softmax")
    np.testing.assert_allclose(ex.trace.output, clf.predict_proba(X), atol=1e-9)
    assert ex.accuracy == clf.score(X, y)
    assert f"{100 * clf.score(X, y):.1f} % right" in explainer.validate()
    # the spec it writes is an ordinary one, with its points and weights beside it
    spec = explainer.to_toml(tmp_path / "mine" / "iris.toml")
    doc = tomllib.loads(spec.read_text())
    assert doc["title"] == "Iris, three species" and doc["network"]["weights"] == "iris-weights.npz"
    assert doc["data"] == {"kind": "csv", "path": "iris-points.csv"}
    moved = spec.parent.rename(tmp_path / "moved") / "iris.toml"  # relative paths: movable
    assert main(["validate", str(moved)]) == 0


def test_labels_are_the_models_own_classes(iris):
    X, y, _ = iris
    names = load_iris().target_names[y]
    clf = MLPClassifier((4,), max_iter=3000, random_state=1).fit(X, names)
    ex = nnexplain.from_model(clf, X, names).check()
    assert ex.accuracy == clf.score(X, names)
    with pytest.raises(ValueError, match="y holds 'rose', which is not one of the model's"):
        nnexplain.from_model(clf, X, np.r_[names[:-1], ["rose"]])


def test_a_model_file_and_bad_input_say_what_is_wrong(iris):
    X, y, _ = iris
    ex = nnexplain.from_model(MODELS / "torch_seq.onnx", X, y).check()
    assert ex.network.sizes == (4, 5, 3) and len(ex.X) == 150
    with pytest.raises(ValueError, match=r"X has shape \(150, 3\); expected \(n, 4\)"):
        nnexplain.from_model(MODELS / "torch_seq.onnx", X[:, :3])
    with pytest.raises(ValueError, match="LogisticRegression"):
        nnexplain.from_model(LogisticRegression().fit(X, y), X, y)
    with pytest.raises(ValueError, match="no such file"):
        nnexplain.from_model("nowhere.onnx", X)
    with pytest.raises(ValueError, match="NaN"):
        nnexplain.from_model(MODELS / "torch_seq.onnx", np.full((2, 4), np.nan))


def test_render_renders_the_spec_and_returns_the_videos_path(iris, tmp_path, monkeypatch):
    """render checks the spec it writes and hands it to nnexplain's renderer (the one
    ``nnexplain render`` uses, run end to end on the examples), returning the path the
    renderer wrote; a failed render is an error, not a path."""
    from nnexplain import render as renderer

    X, y, clf = iris
    calls = []

    def fake(specs, quality, fmt, out, written):
        ex, = specs
        calls.append((ex, quality, fmt, out))
        path = out / "explain" / "240p5" / f"{ex.spec.name}.mp4"
        written.append(path)
        return 0

    monkeypatch.setattr(renderer, "render_specs", fake)
    explainer = nnexplain.from_model(clf, X[::5], y[::5], title="Iris draft")
    video = explainer.render(quality="d", out=tmp_path)
    (ex, quality, fmt, out), = calls
    assert video == tmp_path / "explain" / "240p5" / "Iris-draft.mp4"
    assert quality == "d" and fmt == "mp4" and np.array_equal(ex.X, X[::5])
    assert ex.accuracy == clf.score(X[::5], y[::5]) and ex.spec.title == "Iris draft"
    monkeypatch.setattr(renderer, "render_specs", lambda *a, **k: 1)
    with pytest.raises(RuntimeError, match="the render of 'Iris draft' failed"):
        explainer.render(quality="d", out=tmp_path)
