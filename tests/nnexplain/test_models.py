"""nnexplain.models: every format read from what its own writer lays out — files the real
tools wrote (tests/nnexplain/models/, README there), files skl2onnx and skops write here
from a trained MLPClassifier, and ONNX, safetensors and .keras files built here in the
writers' layouts — and every file it cannot read refused in one line naming the file and
the node or layer; and from_estimator, a fitted MLP in memory read by the same mapping as a
.skops file's."""

from __future__ import annotations

import copy
import io
import json
import warnings
import zipfile
from pathlib import Path

import h5py
import numpy as np
import onnx
import pytest
import skops.io
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import save_file
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from nnexplain.models import SUFFIXES, Model, ModelError, from_estimator, load_model
from nnmath import Layer, Network

FIXTURES = Path(__file__).parent / "models"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
rng = np.random.default_rng(0)


def forward(model: Model, X, activations=None) -> np.ndarray:
    """The model's output through nnmath (``activations`` where the file names none)."""
    acts = activations or model.activations
    return Network(tuple(Layer(W, b, a) for (W, b), a in zip(model.weights, acts,
                                                             strict=True))).forward(X)


# ------------------------------------------------------------------ the real tools' files

@pytest.mark.parametrize(("name", "sizes", "activations"), [
    ("torch_seq.onnx", (4, 5, 3), ("relu", "softmax")),
    ("torch_legacy.onnx", (4, 6, 3, 2), ("leaky_relu(0.2)", "tanh", "sigmoid")),
    ("keras_seq.keras", (4, 5, 3), ("relu", "softmax")),
    ("keras_seq.onnx", (4, 5, 3), ("relu", "softmax")),
    ("keras_functional.keras", (4, 5, 4, 3), ("leaky_relu(0.2)", "leaky_relu(0.3)", "softmax")),
])
def test_a_file_the_real_tool_wrote_computes_what_the_tool_computed(name, sizes, activations):
    model = load_model(FIXTURES / name)
    assert (model.sizes, model.activations, model.format) == (sizes, activations,
                                                             name.split(".")[1])
    assert model.classes is None
    expected = np.array(EXPECTED[name.split(".")[0]])
    np.testing.assert_allclose(forward(model, EXPECTED["inputs"]), expected, atol=1e-6)


def test_a_pytorch_state_dict_computes_what_torch_computed_with_the_spec_s_activations():
    model = load_model(FIXTURES / "torch_seq.safetensors")
    assert (model.sizes, model.activations, model.format) == ((4, 5, 3), (None, None),
                                                             "safetensors")
    onnx_model = load_model(FIXTURES / "torch_seq.onnx")
    for (W, b), (W2, b2) in zip(model.weights, onnx_model.weights, strict=True):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)
    np.testing.assert_allclose(forward(model, EXPECTED["inputs"], ["relu", "identity"]),
                               EXPECTED["torch_seq_logits"], atol=1e-6)


def test_weights_are_read_only_float64():
    (W, b), *_ = load_model(FIXTURES / "torch_seq.onnx").weights
    assert W.dtype == b.dtype == np.float64
    with pytest.raises(ValueError):
        W[0, 0] = 1.0


# --------------------------------------------------- scikit-learn: skl2onnx and skops

X_IRIS, Y_IRIS = load_iris(return_X_y=True)


@pytest.fixture(scope="module", params=["3-class", "binary"])
def classifier(request):
    y = Y_IRIS if request.param == "3-class" else (Y_IRIS == 2).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return MLPClassifier((5,), max_iter=300, random_state=0).fit(X_IRIS, y)


def _check_against(model: Model, clf, atol: float) -> None:
    assert model.sizes == (4, 5, clf.n_outputs_)
    assert model.classes == tuple(clf.classes_.tolist())
    out = forward(model, X_IRIS)
    proba = clf.predict_proba(X_IRIS)
    np.testing.assert_allclose(out if out.shape[1] > 1 else out[:, 0],
                               proba if out.shape[1] > 1 else proba[:, 1], atol=atol)


def test_skops_reads_what_the_classifier_computes(classifier, tmp_path):
    skops.io.dump(classifier, tmp_path / "clf.skops")
    model = load_model(tmp_path / "clf.skops")
    for (W, b), coef, intercept in zip(model.weights, classifier.coefs_,
                                       classifier.intercepts_, strict=True):
        np.testing.assert_array_equal(W, coef.T)
        np.testing.assert_array_equal(b, intercept)
    out = "softmax" if len(classifier.classes_) > 2 else "sigmoid"
    assert (model.format, model.activations) == ("skops", ("relu", out))
    _check_against(model, classifier, 1e-12)


def test_from_estimator_reads_what_the_classifier_computes(classifier, tmp_path):
    model = from_estimator(classifier)
    assert model.format == "sklearn"
    skops.io.dump(classifier, tmp_path / "clf.skops")
    from_file = load_model(tmp_path / "clf.skops")
    assert (model.activations, model.classes) == (from_file.activations, from_file.classes)
    for (W, b), (W2, b2) in zip(model.weights, from_file.weights, strict=True):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)
    _check_against(model, classifier, 1e-9)


def _softplus(clf):
    clf = copy.deepcopy(clf)
    clf.activation = "softplus"
    return clf


@pytest.mark.parametrize(("estimator", "words"), [
    (lambda clf: LogisticRegression(max_iter=200).fit(X_IRIS, Y_IRIS),
     "my model has type LogisticRegression; expected a fitted scikit-learn MLPClassifier "
     "or MLPRegressor"),
    (lambda clf: MLPClassifier((5,)),
     "my model was never fitted; expected a fitted MLPClassifier"),
    (lambda clf: Patched((2,), max_iter=5).fit(X_IRIS, Y_IRIS), "my model has type Patched;"),
    (lambda clf: np.ones((5, 4)), "my model has type ndarray;"),
    (_softplus, "my model: its MLPClassifier has activation 'softplus' and out_activation_"),
], ids=["logistic", "unfitted", "subclass", "array", "softplus"])
def test_from_estimator_refuses_anything_but_a_fitted_mlp(classifier, estimator, words):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        made = estimator(classifier)
    with pytest.raises(ModelError) as caught:
        from_estimator(made, "my model")
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_skl2onnx_reads_what_the_classifier_computes(classifier, dtype, tmp_path):
    from skl2onnx import to_onnx

    onnx.save(to_onnx(classifier, X_IRIS[:1].astype(dtype)), tmp_path / "clf.onnx")
    model = load_model(tmp_path / "clf.onnx")
    for (W, b), coef, intercept in zip(model.weights, classifier.coefs_,
                                       classifier.intercepts_, strict=True):
        np.testing.assert_array_equal(W, coef.T.astype(dtype))
        np.testing.assert_array_equal(b, intercept.astype(dtype))
    out = "softmax" if len(classifier.classes_) > 2 else "sigmoid"
    assert (model.format, model.activations) == ("onnx", ("relu", out))
    _check_against(model, classifier, 1e-6 if dtype is np.float64 else 1e-5)


def test_a_regressor_with_text_labels_and_tanh_reads_right(tmp_path):
    from skl2onnx import to_onnx

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg = MLPRegressor(hidden_layer_sizes=(3,), activation="tanh", max_iter=50,
                           random_state=0).fit(X_IRIS, Y_IRIS)
        clf = MLPClassifier((3,), activation="logistic", max_iter=50, random_state=0).fit(
            X_IRIS, np.array(["setosa", "versicolor", "virginica"])[Y_IRIS])
    skops.io.dump(reg, tmp_path / "reg.skops")
    onnx.save(to_onnx(reg, X_IRIS[:1]), tmp_path / "reg.onnx")
    for name in ("reg.skops", "reg.onnx"):
        model = load_model(tmp_path / name)
        assert (model.activations, model.classes) == (("tanh", "identity"), None)
        np.testing.assert_allclose(forward(model, X_IRIS)[:, 0], reg.predict(X_IRIS), atol=1e-9)
    onnx.save(to_onnx(clf, X_IRIS[:1]), tmp_path / "clf.onnx")
    model = load_model(tmp_path / "clf.onnx")
    assert model.activations == ("sigmoid", "softmax")
    assert model.classes == ("setosa", "versicolor", "virginica")
    np.testing.assert_allclose(forward(model, X_IRIS), clf.predict_proba(X_IRIS), atol=1e-9)


# ---------------------------------------- ONNX built the way torch.onnx.export lays it out

def _onnx(path: Path, nodes, weights: dict, width=4, opset=17) -> Path:
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", width])],
        [helper.make_tensor_value_info(nodes[-1].output[0], TensorProto.FLOAT, ["n", "k"])],
        [numpy_helper.from_array(np.asarray(v, np.int64 if np.asarray(v).dtype.kind == "i"
                                            else np.float32), k) for k, v in weights.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    onnx.save(model, path)
    return path


W1, B1 = rng.normal(size=(5, 4)), rng.normal(size=5)
W2, B2 = rng.normal(size=(3, 5)), rng.normal(size=3)
X4 = rng.normal(size=(20, 4))


def _expected(slope=0.0, out="identity"):
    h = X4 @ W1.T + B1
    z = np.where(h > 0, h, slope * h) @ W2.T + B2
    return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True) if out == "softmax" else z


def _close(model: Model, expected, activations) -> None:
    assert model.activations == activations
    np.testing.assert_allclose(forward(model, X4), expected, rtol=1e-5, atol=1e-5)


def test_onnx_in_torch_s_sequential_layout(tmp_path):
    nodes = [helper.make_node("Gemm", ["x", "0.weight", "0.bias"], ["h"], transB=1),
             helper.make_node("Relu", ["h"], ["r"]),
             helper.make_node("Gemm", ["r", "2.weight", "2.bias"], ["y"], transB=1)]
    path = _onnx(tmp_path / "seq.onnx", nodes,
                 {"0.weight": W1, "0.bias": B1, "2.weight": W2, "2.bias": B2})
    onnx.checker.check_model(onnx.load(path))
    _close(load_model(path), _expected(), ("relu", "identity"))


def test_onnx_matmul_add_either_order_and_a_leaky_relu(tmp_path):
    nodes = [helper.make_node("MatMul", ["x", "w1"], ["m1"]),
             helper.make_node("Add", ["m1", "b1"], ["a1"]),
             helper.make_node("LeakyRelu", ["a1"], ["l"], alpha=0.2),
             helper.make_node("MatMul", ["l", "w2"], ["m2"]),
             helper.make_node("Add", ["b2", "m2"], ["a2"]),
             helper.make_node("Softmax", ["a2"], ["y"], axis=-1)]
    path = _onnx(tmp_path / "mm.onnx", nodes, {"w1": W1.T, "b1": B1, "w2": W2.T, "b2": B2})
    _close(load_model(path), _expected(0.2, "softmax"), ("leaky_relu(0.2)", "softmax"))


def test_onnx_gemm_without_transpose_scaled_constants_and_passing_nodes(tmp_path):
    nodes = [helper.make_node("Constant", [], ["w1"], value=numpy_helper.from_array(
                 np.asarray(W1.T / 2, np.float32))),
             helper.make_node("Cast", ["x"], ["xc"], to=TensorProto.FLOAT),
             helper.make_node("Flatten", ["xc"], ["xf"], axis=1),
             helper.make_node("Gemm", ["xf", "w1", "b1"], ["h"], alpha=2.0, beta=0.5),
             helper.make_node("LeakyRelu", ["h"], ["l"]),
             helper.make_node("Identity", ["l"], ["i"]),
             helper.make_node("Gemm", ["i", "w2"], ["g"], transB=1),
             helper.make_node("Add", ["g", "b2"], ["z"]),
             helper.make_node("Softmax", ["z"], ["s"]),  # opset 11: axis 1 by default
             helper.make_node("Reshape", ["s", "shape"], ["y"])]
    path = _onnx(tmp_path / "gemm.onnx", nodes,
                 {"b1": 2 * B1, "w2": W2, "b2": B2, "shape": np.array([-1, 3])}, opset=11)
    _close(load_model(path), _expected(0.01, "softmax"), ("leaky_relu", "softmax"))


# ------------------------------------------------------------ safetensors and .keras here

def test_safetensors_with_pytorch_s_names_in_natural_order(tmp_path):
    f32 = np.float32
    save_file({"layers.10.weight": W2.astype(f32), "layers.10.bias": B2.astype(f32),
               "layers.2.weight": W1.astype(f32)}, tmp_path / "sd.safetensors")
    model = load_model(tmp_path / "sd.safetensors")
    assert model.sizes == (4, 5, 3)
    np.testing.assert_array_equal(model.weights[0][1], np.zeros(5))  # bias=False
    np.testing.assert_allclose(model.weights[1][0], W2, rtol=1e-6)


def _keras(path: Path, layers: list[dict], weights: dict[str, list], functional=False,
           drop: str | None = None) -> Path:
    """A .keras zip in Keras 3's layout (as tests/nnexplain/models/README.md records)."""
    specs = [{"module": "keras.layers", "class_name": "InputLayer",
              "config": {"batch_shape": [None, 4], "name": "input_layer"}}] + [
        {"module": "keras.layers", "class_name": cls, "config": {"name": name, **cfg}}
        for cls, name, cfg in layers]
    if functional:
        for before, spec in zip(specs, specs[1:], strict=False):
            spec["inbound_nodes"] = [{"args": [{"class_name": "__keras_tensor__", "config": {
                "keras_history": [before["config"]["name"], 0, 0]}}], "kwargs": {}}]
    config = {"module": "keras", "class_name": "Functional" if functional else "Sequential",
              "config": {"name": "m", "layers": specs,
                         "output_layers": [specs[-1]["config"]["name"], 0, 0]}}
    h5 = io.BytesIO()
    with h5py.File(h5, "w") as file:
        for group, arrays in weights.items():
            vars_ = file.create_group(f"layers/{group}/vars")
            for k, arr in enumerate(arrays):
                vars_[str(k)] = np.asarray(arr, np.float32)
    files = {"metadata.json": '{"keras_version": "3.15.1"}', "config.json": json.dumps(config),
             "model.weights.h5": h5.getvalue()}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            if name != drop:
                archive.writestr(name, data)
    return path


DENSE = [("Dense", "first", {"units": 5, "activation": "linear", "use_bias": True}),
         ("ReLU", "relu_layer", {"negative_slope": 0.0, "max_value": None, "threshold": 0.0}),
         ("Dropout", "drop", {"rate": 0.5}),
         ("Dense", "second", {"units": 3, "activation": "linear", "use_bias": True}),
         ("Activation", "act", {"activation": "softmax"})]


@pytest.mark.parametrize("functional", [False, True])
def test_keras_dense_layers_by_keras_3_s_filing(tmp_path, functional):
    path = _keras(tmp_path / "m.keras", DENSE, {"dense": [W1.T, B1], "dense_1": [W2.T, B2]},
                  functional)
    _close(load_model(path), _expected(0.0, "softmax"), ("relu", "softmax"))


# ------------------------------------------------------------------------ refused, in one line

def _bad_onnx(op: str, **attrs):
    def write(path: Path) -> Path:
        nodes = [helper.make_node("Gemm", ["x", "0.weight", "0.bias"], ["h"], transB=1),
                 helper.make_node(op, ["h"] + list(attrs.pop("inputs", [])), ["y"],
                                  name=f"/1/{op}", **attrs)]
        weights = {"0.weight": W1, "0.bias": B1, "s": np.ones(5), "z": np.zeros(5),
                   "wx": np.ones((20, 5)), "wh": np.ones((20, 5)), "shape": [5, -1]}
        return _onnx(path, nodes, weights)
    return write


def _conv_onnx(path: Path) -> Path:
    return _onnx(path, [helper.make_node("Conv", ["x", "k"], ["y"], name="/0/Conv")],
                 {"k": np.ones((2, 1, 3, 3))})


def _truncated(path: Path) -> Path:
    data = (FIXTURES / "torch_seq.onnx").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _unchained_onnx(path: Path) -> Path:
    nodes = [helper.make_node("Gemm", ["x", "0.weight", "0.bias"], ["h"], transB=1),
             helper.make_node("Gemm", ["h", "2.weight", "2.bias"], ["y"], transB=1,
                              name="/2/Gemm")]
    return _onnx(path, nodes, {"0.weight": W1, "0.bias": B1, "2.weight": W1, "2.bias": B1})


def _external_data_gone(path: Path) -> Path:
    model = onnx.load(_onnx_seq(path))
    onnx.save(model, path, save_as_external_data=True, location="seq.onnx.data",
              size_threshold=0)
    (path.parent / "seq.onnx.data").unlink()
    return path


def _onnx_seq(path: Path) -> Path:
    nodes = [helper.make_node("Gemm", ["x", "0.weight", "0.bias"], ["y"], transB=1)]
    return _onnx(path, nodes, {"0.weight": W1, "0.bias": B1})


def _skops(estimator):
    def write(path: Path) -> Path:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            skops.io.dump(estimator.fit(X_IRIS, Y_IRIS), path)
        return path
    return write


class Patched(MLPClassifier):
    """A custom class, as any module could define one: never loaded."""


def _safetensors(tensors: dict):
    def write(path: Path) -> Path:
        save_file({k: np.asarray(v, np.float32) for k, v in tensors.items()}, path)
        return path
    return write


def _bad_keras(cls: str, drop: str | None = None):
    def write(path: Path) -> Path:
        layers = [("Dense", "first", {"units": 5, "activation": "relu", "use_bias": True}),
                  (cls, "bad_layer", {})]
        return _keras(path, layers, {"dense": [W1.T, B1]}, drop=drop)
    return write


def _npz(**arrays):
    def write(path: Path) -> Path:
        np.savez(path, **arrays)
        return path
    return write


BAD = {
    "conv.onnx": (_conv_onnx, "Conv node '/0/Conv' is not a dense layer"),
    "bn.onnx": (_bad_onnx("BatchNormalization", inputs=["s", "z", "z", "s"]),
                "BatchNormalization node '/1/BatchNormalization' is not a dense layer"),
    "lstm.onnx": (_bad_onnx("LSTM", inputs=["wx", "wh"], hidden_size=5),
                  "LSTM node '/1/LSTM' is not a dense layer"),
    "gelu.onnx": (_bad_onnx("Gelu"), "Gelu node '/1/Gelu' is not a dense layer"),
    "softmax0.onnx": (_bad_onnx("Softmax", axis=0),
                      "Softmax node '/1/Softmax' takes the softmax along axis 0"),
    "reshape.onnx": (_bad_onnx("Reshape", inputs=["shape"]),
                     "Reshape node '/1/Reshape' reshapes the points to [5, -1]"),
    "truncated.onnx": (_truncated, "is not a readable .onnx file"),
    "unchained.onnx": (_unchained_onnx, "Gemm node '/2/Gemm' takes 4 inputs"),
    "seq.onnx": (_external_data_gone, "is not a readable .onnx file"),
    "pipeline.skops": (_skops(make_pipeline(StandardScaler(), MLPClassifier((2,), max_iter=5))),
                       "holds sklearn.pipeline.Pipeline, "
                       "sklearn.preprocessing._data.StandardScaler, which are not read"),
    "custom.skops": (_skops(Patched((2,), max_iter=5)),
                     f"holds {__name__}.Patched, which is not read"),
    "logistic.skops": (_skops(LogisticRegression(max_iter=5)),
                       "holds sklearn.linear_model._logistic.LogisticRegression"),
    "bn.safetensors": (_safetensors({"0.weight": W1, "0.bias": B1, "1.running_mean": B1}),
                       "holds '1.running_mean' of shape (5,)"),
    "conv.safetensors": (_safetensors({"0.weight": np.ones((2, 1, 3, 3))}),
                         "0.weight has shape (2, 1, 3, 3)"),
    "unchained.safetensors": (_safetensors({"0.weight": W1, "1.weight": W1}),
                              "layer '1' takes 4 inputs"),
    "conv.keras": (_bad_keras("Conv2D"), "Conv2D layer 'bad_layer' is not supported"),
    "lstm.keras": (_bad_keras("LSTM"), "LSTM layer 'bad_layer' is not supported"),
    "bn.keras": (_bad_keras("BatchNormalization"),
                 "BatchNormalization layer 'bad_layer' is not supported"),
    "relu_twice.keras": (_bad_keras("ReLU"), "ReLU layer 'bad_layer' follows no Dense layer "
                                             "with a linear activation"),
    "noweights.keras": (_bad_keras("Dropout", drop="model.weights.h5"),
                        "has no model.weights.h5"),
    "noconfig.keras": (_bad_keras("Dropout", drop="config.json"), "has no config.json"),
    "text.npz": (_npz(W1=np.array([["a"]]), b1=np.zeros(1)), "W1 holds text"),
    "nan.npz": (_npz(W1=np.full((1, 2), np.nan), b1=np.zeros(1)), "W1 holds NaN"),
    "extra.npz": (_npz(W1=W1, b1=B1, mean=B1), "has extra array mean"),
    "lacks.npz": (_npz(W1=W1, b1=B1, W2=W2), "lacks b2"),
    "unchained.npz": (_npz(W1=W1, b1=B1, W2=W1, b2=B1), "layer 2 (W2) takes 4 inputs"),
    "bias.npz": (_npz(W1=W1, b1=B2), "b1 has shape (3,)"),
    "model.h5": (lambda path: path, "is a .h5 file; expected one of .onnx"),
    "gone.onnx": (lambda path: path, "no such file"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_file_that_is_not_a_chain_of_dense_layers_is_refused_in_one_line(name, tmp_path):
    write, words = BAD[name]
    path = write(tmp_path / name)
    with pytest.raises(ModelError) as caught:
        load_model(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(tmp_path / name) in message
    assert words in message
    assert "; expected " in message


def test_every_suffix_has_a_reader_and_a_refusal():
    assert SUFFIXES == (".onnx", ".skops", ".safetensors", ".keras", ".npz")
    assert {Path(name).suffix for name in BAD} >= set(SUFFIXES)


def test_npz_reads_as_many_layers_as_asked(tmp_path):
    path = _npz(W1=W1, b1=B1, W2=W2, b2=B2)(tmp_path / "w.npz")
    assert load_model(path).sizes == (4, 5, 3)
    with pytest.raises(ModelError, match="extra arrays W2, b2 for a network of 1 layer;"):
        load_model(path, layers=1)
    with pytest.raises(ModelError, match="lacks W3, b3;"):
        load_model(path, layers=3)
