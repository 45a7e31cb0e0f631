"""nnexplain.spec: good specs of every kind computed right, and every bad one refused
with one line naming the file and the field."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import nnexplain
from nnexplain import schema as spec_module
from nnexplain.spec import (
    EXAMPLE,
    KINDS,
    DataSpec,
    Explained,
    NetworkSpec,
    RenderSpec,
    Spec,
    SpecError,
    TrainSpec,
    build,
    check,
    load_spec,
)
from nnmath import Network, clouds
from tests.nnexplain import base, to_toml, write_spec


def untrained(**data) -> dict:
    """BASE without [train] and [render], with ``data`` replacing [data]."""
    doc = base()
    del doc["train"], doc["render"]
    if data:
        doc["data"] = data
    return doc


def refused(path: Path, field: str, *fragments: str) -> str:
    """Check ``path``, expecting a SpecError that names the file and ``field`` (and the
    ``fragments``) on one line; return the message."""
    with pytest.raises(SpecError) as info:
        check(path)
    msg = str(info.value)
    assert "\n" not in msg
    assert msg.startswith(f"{path}: ")
    assert f": {field}:" in msg or msg.startswith(f"{path}: {field}"), msg
    for fragment in fragments:
        assert fragment in msg, msg
    return msg


# --- good specs -------------------------------------------------------------------------------


def test_the_public_api():
    assert set(nnexplain.__all__) >= {"SpecError", "Spec", "Explained", "load_spec", "build",
                                      "check", "EXAMPLE"}
    assert issubclass(SpecError, ValueError)
    assert nnexplain.EXAMPLE == EXAMPLE and "[network]" in EXAMPLE


def test_the_example_validates(tmp_path):
    explained = check(write_spec(tmp_path, EXAMPLE, "example.toml"))
    assert explained.accuracy is not None and explained.accuracy > 0.9
    assert explained.spec.title == "Two moons, untangled"


def test_a_full_spec_is_read_as_written(tmp_path):
    path = write_spec(tmp_path, base(), "my net.toml")
    spec = load_spec(path)
    assert spec == Spec(
        path=path,
        title="Property",
        network=NetworkSpec((2, 3, 2), ("relu", "sigmoid"), 1, None),
        data=DataSpec("moons", 60, 0, 0.1, None),
        train=TrainSpec(epochs=2, learning_rate=0.5, batch_size=16, seed=0),
        render=RenderSpec("l", ("linear 1", "relu 1")),
    )
    assert spec.name == "my-net"


def test_defaults_and_the_title_from_the_sizes(tmp_path):
    doc = untrained(kind="square", n=10)
    del doc["title"]
    spec = load_spec(write_spec(tmp_path, doc))
    assert spec.title == "A 2-3-2 network"
    assert spec.data.seed == 0 and spec.data.noise is None
    assert spec.train is None and spec.render == RenderSpec("l", None)


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "csv"
                                  and k not in spec_module.DATASETS])
def test_every_generated_kind(tmp_path, kind):
    explained = check(write_spec(tmp_path, untrained(kind=kind, n=100, seed=4)))
    assert isinstance(explained, Explained)
    X = explained.X
    assert X.ndim == 2 and X.shape[1] == 2 and X.dtype == float
    if kind == "grid":
        assert np.array_equal(X, clouds.grid(10))
    elif kind == "square":
        assert X.shape == (100, 2) and np.abs(X).max() <= 1
        assert np.array_equal(X, clouds.uniform_square(100, seed=4))
        assert explained.labels is None and explained.accuracy is None
    else:
        make = getattr(clouds, spec_module.LABELLED_KINDS[kind])
        expected_X, expected_y = make(100, seed=4)
        assert np.array_equal(X, expected_X) and np.array_equal(explained.labels, expected_y)
        assert explained.labels.dtype == np.int64
        assert 0 <= explained.accuracy <= 1
    assert explained.network is explained.initial and explained.history is None
    assert explained.initial == Network.random((2, 3, 2), ("relu", "sigmoid"), 1)
    assert explained.trace.names == explained.network.trace(X).names
    assert np.array_equal(explained.trace.output, explained.network.forward(X))
    assert explained.stages == ("linear 1", "bias 1", "relu 1", "linear 2", "bias 2",
                                "sigmoid 2")


@pytest.mark.parametrize("kind", list(spec_module.DATASETS))
def test_scikit_learns_bundled_sets_are_read_whole_or_n_rows_at_random(tmp_path, kind):
    """iris, wine, breast_cancer, digits: scikit-learn's own rows and labels, every row
    by default, ``n`` of them drawn with ``data.seed`` (the same rows for the same seed);
    the input width must be the set's."""
    from sklearn import datasets

    X, y = getattr(datasets, f"load_{kind}")(return_X_y=True)
    width = spec_module.DATASETS[kind]
    assert X.shape[1] == width
    doc = untrained(kind=kind)
    doc["network"]["sizes"] = [width, 3, len(np.unique(y))]
    doc["network"]["activations"] = ["relu", "softmax"]
    whole = check(write_spec(tmp_path, doc))
    assert np.array_equal(whole.X, X) and np.array_equal(whole.labels, y)
    np.testing.assert_allclose(whole.trace.output.sum(axis=1), 1.0, atol=1e-12)
    doc["data"].update(n=20, seed=3)
    some = check(write_spec(tmp_path, doc, "some.toml"))
    again = check(write_spec(tmp_path, doc, "again.toml"))
    assert some.X.shape == (20, width) and np.array_equal(some.X, again.X)
    rows = [int(np.flatnonzero((X == row).all(axis=1))[0]) for row in some.X]
    assert np.array_equal(some.labels, y[rows]) and len(set(rows)) == 20
    doc["network"]["sizes"] = [2, 3, 3]
    refused(write_spec(tmp_path, doc, "narrow.toml"), "data.kind",
            f"{kind} points have {width} coordinates but the network's input width is 2",
            f"sizes starting with {width}")


def test_noise_reaches_the_generator(tmp_path):
    explained = check(write_spec(tmp_path, untrained(kind="circles", n=50, noise=0.0)))
    radii = np.linalg.norm(explained.X, axis=1)
    assert np.allclose(np.sort(np.unique(radii.round(6))), [0.5, 1.0])


@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("kind", ["square", "grid"])
def test_input_widths_1_2_3(tmp_path, d, kind):
    doc = untrained(kind=kind, n=1000, seed=2)
    doc["network"] = {"sizes": [d, 4, 3], "activations": ["tanh", "identity"], "seed": 0}
    explained = check(write_spec(tmp_path, doc))
    X = explained.X
    assert X.shape[1] == d and np.abs(X).max() <= 1
    assert explained.trace.stage("input").width == d
    if kind == "square":
        assert np.array_equal(X, np.random.default_rng(2).uniform(-1, 1, (1000, d)))
    else:
        side = {1: 1000, 2: 32, 3: 10}[d]
        assert len(X) == side**d and len(np.unique(X, axis=0)) == side**d
        assert np.array_equal(np.unique(X[:, 0]), np.linspace(-1, 1, side))
        assert X[1, 0] > X[0, 0]  # the first coordinate varies fastest


def test_weights_from_an_npz_file(tmp_path):
    rng = np.random.default_rng(5)
    arrays = {"W1": rng.normal(size=(3, 2)), "b1": rng.normal(size=3),
              "W2": rng.normal(size=(2, 3)).astype(np.float32), "b2": np.array([1, 2])}
    (tmp_path / "nets").mkdir()
    np.savez(tmp_path / "nets" / "mine.npz", **arrays)
    doc = untrained(kind="square", n=20)
    doc["network"] = {"sizes": [2, 3, 2], "activations": ["relu", "sigmoid"],
                      "weights": "nets/mine.npz"}
    explained = check(write_spec(tmp_path, doc))
    net_spec = explained.spec.network
    assert net_spec.seed is None and net_spec.weights == tmp_path / "nets" / "mine.npz"
    assert net_spec.weights.is_absolute()
    for k, layer in enumerate(explained.network.layers, start=1):
        assert np.allclose(layer.W, arrays[f"W{k}"]) and np.allclose(layer.b, arrays[f"b{k}"])
    assert explained.network.activations == ("relu", "sigmoid")


def test_weights_are_relative_to_the_spec_file_not_the_working_folder(tmp_path, monkeypatch):
    np.savez(tmp_path / "w.npz", W1=np.eye(2), b1=np.zeros(2))
    doc = untrained(kind="square", n=5)
    doc["network"] = {"sizes": [2, 2], "activations": ["identity"], "weights": "w.npz"}
    write_spec(tmp_path, doc)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    explained = check(Path("..") / "spec.toml")
    assert np.array_equal(explained.trace.output, explained.X)


def csv_spec(folder: Path, content: str, sizes=(2, 3, 2), **data) -> Path:
    (folder / "points.csv").write_text(content)
    doc = untrained(kind="csv", path="points.csv", **data)
    doc["network"]["sizes"] = list(sizes)
    doc["network"]["activations"] = ["relu"] * (len(sizes) - 2) + ["sigmoid"]
    return write_spec(folder, doc)


@pytest.mark.parametrize("header", ["", "x,y\n", " x , y \n"])
def test_csv_without_labels(tmp_path, header):
    explained = check(csv_spec(tmp_path, header + "0,1\n\n-0.5, 2e-1\n3,4\n"))
    assert explained.X.tolist() == [[0, 1], [-0.5, 0.2], [3, 4]]
    assert explained.labels is None and explained.accuracy is None
    assert explained.spec.data.n is None


def test_csv_with_labels_and_n(tmp_path):
    path = csv_spec(tmp_path, "x,y,label\n0,1,0\n1,0,1\n0.5,0.5,1.0\n2,2,0\n", n=3)
    explained = check(path)
    assert explained.X.shape == (3, 2)
    assert explained.labels.tolist() == [0, 1, 1] and explained.labels.dtype == np.int64
    assert 0 <= explained.accuracy <= 1


def test_csv_in_1_and_3_dimensions(tmp_path):
    assert check(csv_spec(tmp_path, "1\n2\n3\n", sizes=(1, 2))).X.shape == (3, 1)
    explained = check(csv_spec(tmp_path, "1,2,3,0\n4,5,6,1\n", sizes=(3, 2, 2)))
    assert explained.X.shape == (2, 3) and explained.labels.tolist() == [0, 1]


def test_training_on_moons_beats_chance(tmp_path):
    doc = {
        "network": {"sizes": [2, 8, 1], "activations": ["tanh", "sigmoid"], "seed": 0},
        "data": {"kind": "moons", "n": 250, "seed": 1},
        "train": {"epochs": 300, "learning_rate": 0.5},
    }
    explained = check(write_spec(tmp_path, doc))
    assert explained.accuracy > 0.85
    history = explained.history
    assert len(history) == 301 and history[-1] < history[0] / 2
    assert explained.initial != explained.network
    assert explained.initial == Network.random((2, 8, 1), ("tanh", "sigmoid"), 0)
    untrained_accuracy = build(load_spec(write_spec(
        tmp_path, {k: v for k, v in doc.items() if k != "train"}, "plain.toml"))).accuracy
    assert untrained_accuracy < explained.accuracy


def test_a_tanh_output_learns_labels_as_minus_one_and_one(tmp_path):
    doc = {
        "network": {"sizes": [2, 8, 1], "activations": ["tanh", "tanh"], "seed": 0},
        "data": {"kind": "moons", "n": 300, "seed": 1},
        "train": {"epochs": 100, "learning_rate": 0.1, "batch_size": "all", "seed": 2},
    }
    explained = check(write_spec(tmp_path, doc))
    assert explained.spec.train == TrainSpec(100, 0.1, None, 2)
    assert explained.history[-1] < explained.history[0]
    out = explained.trace.output[:, 0]
    assert out[explained.labels == 0].mean() < 0 < out[explained.labels == 1].mean()


def test_several_outputs_learn_one_hot_classes(tmp_path):
    doc = {
        "network": {"sizes": [2, 8, 2], "activations": ["tanh", "sigmoid"], "seed": 0},
        "data": {"kind": "xor", "n": 200, "seed": 1},
        "train": {"epochs": 100, "learning_rate": 1.0},
    }
    explained = check(write_spec(tmp_path, doc))
    assert explained.accuracy > 0.9
    right = np.argmax(explained.trace.output, axis=1) == explained.labels
    assert explained.accuracy == right.mean()


def test_accuracy_thresholds(tmp_path):
    """One output says class 1 at or above 0.5, or 0 for tanh."""
    np.savez(tmp_path / "w.npz", W1=np.array([[1.0, 0.0]]), b1=np.zeros(1))
    (tmp_path / "points.csv").write_text("-0.2,0,0\n0.2,0,1\n0.7,0,1\n")
    for act, expected in (("tanh", 1.0), ("identity", 2 / 3)):
        doc = {"network": {"sizes": [2, 1], "activations": [act], "weights": "w.npz"},
               "data": {"kind": "csv", "path": "points.csv"}}
        assert check(write_spec(tmp_path, doc)).accuracy == pytest.approx(expected)


def test_chosen_stages_play_in_trace_order(tmp_path):
    doc = untrained(kind="square", n=10)
    doc["render"] = {"quality": "h", "stages": ["sigmoid 2", "linear 1", "relu 1"]}
    explained = check(write_spec(tmp_path, doc))
    assert explained.spec.render == RenderSpec("h", ("linear 1", "relu 1", "sigmoid 2"))
    assert explained.stages == ("linear 1", "relu 1", "sigmoid 2")
    doc["render"]["stages"] = "all"
    assert len(check(write_spec(tmp_path, doc)).stages) == 6


def test_build_takes_a_spec_made_in_code():
    spec = Spec(Path("code.toml"), "T", NetworkSpec((1, 2, 1), ("relu", "identity"), 0, None),
                DataSpec("grid", 7, 0, None, None), None, RenderSpec(stages=("relu 1",)))
    explained = build(spec)
    assert explained.X.shape == (7, 1) and explained.stages == ("relu 1",)


@pytest.mark.parametrize(("stem", "name"), [("my net", "my-net"), ("moons", "moons"),
                                              ("a/b", "b"), ("ü ", "spec"), ("v1.2", "v1.2")])
def test_names_are_safe_file_names(stem, name):
    spec = Spec(Path(f"{stem}.toml"), "T", NetworkSpec((2, 2), ("relu",), 0, None),
                DataSpec("square", 1, 0, None, None), None, RenderSpec())
    assert spec.name == name


# --- bad specs ---------------------------------------------------------------------------------


def test_a_missing_file(tmp_path):
    refused(tmp_path / "nope.toml", "no such file")


def test_a_folder(tmp_path):
    (tmp_path / "dir.toml").mkdir()
    refused(tmp_path / "dir.toml", "is a folder")


def test_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(b'title = "caf\xe9"\n')
    refused(path, "is not UTF-8", "0xe9", "line 1")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads files whatever their mode")
def test_an_unreadable_file(tmp_path):
    path = write_spec(tmp_path, base())
    path.chmod(0)
    try:
        refused(path, "cannot read", "permission denied")
    finally:
        path.chmod(0o644)


def test_a_file_that_cannot_be_read_even_by_root(tmp_path, monkeypatch):
    path = write_spec(tmp_path, base())

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    refused(path, "cannot read it (permission denied)")


@pytest.mark.parametrize("text", ["", "  \n\n\t\n"])
def test_an_empty_file(tmp_path, text):
    refused(write_spec(tmp_path, text), "the file is empty")


def test_a_file_of_comments_only(tmp_path):
    refused(write_spec(tmp_path, "# nothing yet\n"), "network", "[network] table is missing")


@pytest.mark.parametrize(("text", "where"), [
    ("[network]\nsizes = [2, 3\n", "at end of document"),
    ("[network]\nsizes = \n", "line 2, column 9"),
    ("[network]\nseed = 1\n[network]\n", "line 3"),
    ('title = "unclosed\n', "line 1"),
])
def test_toml_syntax_errors_say_where(tmp_path, text, where):
    refused(write_spec(tmp_path, text), "not valid TOML", where)


@pytest.mark.parametrize(("table", "key", "field", "suggestion"), [
    ("network", "activation", "network.activation", "did you mean 'activations'?"),
    ("network", "size", "network.size", "did you mean 'sizes'?"),
    ("data", "kinds", "data.kinds", "did you mean 'kind'?"),
    ("train", "learningrate", "train.learningrate", "did you mean 'learning_rate'?"),
    ("train", "epoch", "train.epoch", "did you mean 'epochs'?"),
    ("render", "stage", "render.stage", "did you mean 'stages'?"),
    ("render", "zzz", "render.zzz", "expected one of: quality, stages"),
    (None, "titel", "titel", "did you mean 'title'?"),
])
def test_unknown_keys_suggest_the_nearest(tmp_path, table, key, field, suggestion):
    doc = base()
    (doc if table is None else doc[table])[key] = 1
    msg = refused(write_spec(tmp_path, doc), field, f"unknown key {key!r}", suggestion)
    if table is not None:
        assert f"in [{table}]" in msg


def test_an_unknown_table(tmp_path):
    doc = base()
    doc["netwrok"] = {"sizes": [2, 2]}
    refused(write_spec(tmp_path, doc), "netwrok", "unknown table", "did you mean '[network]'?")


def test_a_setting_above_its_table_header(tmp_path):
    text = "sizes = [2, 2]\n" + to_toml(untrained())
    refused(write_spec(tmp_path, text), "sizes", "under a [network] header")


def test_a_nested_table(tmp_path):
    doc = base()
    doc["network"]["extra"] = {"a": 1}
    refused(write_spec(tmp_path, doc), "network.extra", "unknown key")


@pytest.mark.parametrize(("text", "field"), [
    ("network = 3\n[data]\nkind = 'square'\nn = 3\n", "network"),
    ("[[network]]\nsizes = [2, 2]\n[data]\nkind = 'square'\nn = 3\n", "network"),
    ('title = 3\n[network]\nsizes = [2, 2]\nactivations = ["relu"]\nseed = 0\n'
     '[data]\nkind = "square"\nn = 3\n', "title"),
])
def test_tables_and_title_of_the_wrong_type(tmp_path, text, field):
    refused(write_spec(tmp_path, text), field)


@pytest.mark.parametrize(("table", "key", "value", "fragment"), [
    ("data", "n", "100", 'got the text "100", not a whole number'),
    ("data", "n", 100.0, "got 100.0 (a decimal number), not a whole number"),
    ("data", "n", 2.5, "not a whole number"),
    ("data", "n", True, "got true (true/false), not a whole number"),
    ("data", "seed", "zero", "not a whole number"),
    ("network", "seed", 1.5, "not a whole number"),
    ("train", "epochs", "many", "not a whole number"),
    ("train", "batch_size", 0.5, "not a whole number"),
    ("train", "batch_size", "some", 'or "all"'),
    ("train", "seed", False, "not a whole number"),
    ("train", "learning_rate", "fast", "not a number"),
    ("train", "learning_rate", True, "not a number"),
    ("data", "noise", "lots", "not a number"),
    ("data", "kind", 3, "unknown kind of data 3"),
    ("render", "quality", 1, "unknown quality 1"),
    ("render", "stages", 2, "got 2"),
    ("render", "stages", "linear 1", 'got the text "linear 1"'),
    ("network", "sizes", 3, "got 3, not a list"),
    ("network", "sizes", "2, 3, 2", "not a list"),
    ("network", "sizes", [2, 3.0, 2], "entry 2 is 3.0"),
    ("network", "sizes", [2, "3", 2], 'entry 2 is "3"'),
    ("network", "sizes", [2, True, 2], "entry 2 is true"),
    ("network", "activations", "relu", 'got the text "relu", not a list'),
    ("network", "activations", ["relu", 2], "unknown activation 2"),
    ("network", "weights", 3, "not text"),
])
def test_wrong_types(tmp_path, table, key, value, fragment):
    doc = base()
    doc[table][key] = value
    if key == "weights":
        del doc["network"]["seed"]
    refused(write_spec(tmp_path, doc), f"{table}.{key}", fragment)


@pytest.mark.parametrize(("sizes", "fragment"), [
    ([2, 0, 2], "entry 2 is 0"),
    ([2, -3, 2], "entry 2 is -3"),
    ([2], "has 1 entry"),
    ([], "has 0 entries"),
    ([0, 3, 2], "entry 1 is 0"),
    ([5000, 3, 2], "the input width (first entry) is 5,000"),
    ([4097, 3, 2], "expected at most 4,096 inputs"),
    ([2, 3, 3, 2], "2 activations for 3 layers"),
    ([2, 2], "2 activations for 1 layer"),
    ([2, 100_000, 100_000], "weights and biases; expected at most 10,000,000"),
])
def test_bad_sizes(tmp_path, sizes, fragment):
    doc = untrained(kind="square", n=10)
    doc["network"]["sizes"] = sizes
    field = "network.activations" if "activations for" in fragment else "network.sizes"
    refused(write_spec(tmp_path, doc), field, fragment)


@pytest.mark.parametrize(("acts", "fragment"), [
    (["rleu", "sigmoid"], "unknown activation 'rleu'; did you mean 'relu'?"),
    (["relu", "sigmoyd"], "did you mean 'sigmoid'?"),
    (["relu", "swish"], "expected one of: heaviside, sigmoid, tanh, relu, identity, leaky_relu, "
                        "softmax"),
    (["softmax", "sigmoid"], "softmax is layer 1's activation of 2; expected softmax only as "
                             "the last layer's"),
    (["relu", "leaky_relu(2)"], "slope below 0 must be a number from 0 up to (not including) 1"),
    (["relu", "ReLU"], "unknown activation 'ReLU'"),
    (["relu"], "1 activation for 2 layers"),
    (["relu", "relu", "relu"], "3 activations for 2 layers"),
])
def test_bad_activations(tmp_path, acts, fragment):
    doc = untrained(kind="square", n=10)
    doc["network"]["activations"] = acts
    refused(write_spec(tmp_path, doc), "network.activations", fragment)


def test_both_seed_and_weights(tmp_path):
    doc = base()
    doc["network"]["weights"] = "w.npz"
    refused(write_spec(tmp_path, doc), "network.seed", "both seed and weights")


def test_neither_seed_nor_weights(tmp_path):
    doc = base()
    del doc["network"]["seed"]
    refused(write_spec(tmp_path, doc), "network.seed", "neither seed nor weights",
            "expected exactly one")


@pytest.mark.parametrize(("table", "key"), [
    ("network", "sizes"), ("network", "activations"), ("data", "kind"), ("data", "n"),
    ("train", "epochs"), ("train", "learning_rate"),
])
def test_missing_required_keys(tmp_path, table, key):
    doc = base()
    del doc[table][key]
    refused(write_spec(tmp_path, doc), f"{table}.{key}", "missing")


@pytest.mark.parametrize("table", ["network", "data"])
def test_missing_required_tables(tmp_path, table):
    doc = base()
    del doc[table]
    refused(write_spec(tmp_path, doc), table, f"[{table}] table is missing")


def npz_spec(folder: Path, **arrays) -> Path:
    np.savez(folder / "w.npz", **arrays)
    doc = untrained(kind="square", n=10)
    doc["network"] = {"sizes": [2, 3, 2], "activations": ["relu", "sigmoid"],
                      "weights": "w.npz"}
    return write_spec(folder, doc)


GOOD_WEIGHTS = {"W1": np.ones((3, 2)), "b1": np.zeros(3), "W2": np.ones((2, 3)),
                "b2": np.zeros(2)}


def test_a_missing_weights_file(tmp_path):
    doc = base()
    doc["network"] = {"sizes": [2, 3, 2], "activations": ["relu", "sigmoid"],
                      "weights": "nope.npz"}
    refused(write_spec(tmp_path, doc), "network.weights", "no such file",
            str(tmp_path / "nope.npz"))


@pytest.mark.parametrize(("change", "fragment"), [
    ({"W2": None}, "lacks W2"),
    ({"b1": None, "b2": None}, "lacks b1, b2"),
    ({"W3": np.ones((2, 2))}, "extra array W3"),
    ({"W2": np.ones((3, 2))}, "b2 has shape (2,) for a weight of shape (3, 2) (out, in); "
                              "expected a bias of shape (3,)"),
    ({"b1": np.zeros((3, 1))}, "b1 has shape (3, 1) for a weight of shape (3, 2)"),
    ({"W1": np.ones(6)}, "W1 has shape (6,); expected a 2-D weight matrix (out, in)"),
    ({"b2": np.array([0.0, np.nan])}, "b2 holds NaN or infinity"),
    ({"W1": np.full((3, 2), np.inf)}, "W1 holds NaN or infinity"),
    ({"W1": np.array([["a", "b"]] * 3)}, "W1 holds text"),
    ({"W1": np.ones((3, 2), dtype=complex)}, "not real numbers"),
])
def test_bad_weights_files(tmp_path, change, fragment):
    arrays = {**GOOD_WEIGHTS, **change}
    refused(npz_spec(tmp_path, **{k: v for k, v in arrays.items() if v is not None}),
            "network.weights", fragment)


@pytest.mark.parametrize(("write", "fragment"), [
    (lambda p: p.write_text("W1 = 1"), "is not an .npz archive"),
    (lambda p: p.write_bytes(b""), "is not an .npz archive"),
    (lambda p: np.save(p.with_suffix(".npy"), np.ones(2)) or p.with_suffix(".npy").rename(p),
     "holds a single array (.npy"),
    (lambda p: p.mkdir(), "is a folder"),
])
def test_weights_files_numpy_cannot_read(tmp_path, write, fragment):
    path = npz_spec(tmp_path, **GOOD_WEIGHTS)
    (tmp_path / "w.npz").unlink()
    write(tmp_path / "w.npz")
    refused(path, "network.weights", fragment)


def test_weights_that_overflow(tmp_path):
    big = {**GOOD_WEIGHTS, "W1": np.full((3, 2), 1e300), "W2": np.full((2, 3), 1e300)}
    refused(npz_spec(tmp_path, **big), "network.weights", "overflow to infinity",
            "'linear 2'")


@pytest.mark.parametrize(("kind", "fragment"), [
    ("moon", "unknown kind of data 'moon'; did you mean 'moons'?"),
    ("Square", "did you mean 'square'?"),
    ("spirals", "did you mean 'spiral'?"),
    ("mnist", "expected one of: square, grid, moons, circles, spiral, xor, iris, wine, "
              "breast_cancer, digits, csv"),
])
def test_unknown_data_kinds(tmp_path, kind, fragment):
    doc = base()
    doc["data"]["kind"] = kind
    refused(write_spec(tmp_path, doc), "data.kind", fragment)


@pytest.mark.parametrize("kind", ["moons", "circles", "spiral", "xor"])
@pytest.mark.parametrize("d", [1, 3])
def test_labelled_kinds_need_2d_input(tmp_path, kind, d):
    doc = untrained(kind=kind, n=10)
    doc["network"]["sizes"][0] = d
    refused(write_spec(tmp_path, doc), "data.kind", f"input width is {d}")


@pytest.mark.parametrize(("n", "fragment"), [
    (0, "0 is too small"),
    (-5, "-5 is too small"),
    (2_000_001, "2,000,001 points are too many; expected at most 2,000,000"),
    (2**62, "points are too many"),
])
def test_bad_numbers_of_points(tmp_path, n, fragment):
    doc = base()
    doc["data"]["n"] = n
    refused(write_spec(tmp_path, doc), "data.n", fragment)


def test_a_grid_counts_its_full_grid(tmp_path):
    doc = untrained(kind="grid", n=2_000_000)
    doc["network"]["sizes"][0] = 3
    doc["network"]["activations"] = ["relu", "sigmoid"]
    msg = refused(write_spec(tmp_path, doc), "data.n", "too many")
    assert "2,000,376 points" in msg  # 126 ** 3


def test_a_trace_bigger_than_a_quarter_of_the_memory(tmp_path, monkeypatch):
    doc = untrained(kind="square", n=1_000_000)
    doc["network"]["sizes"] = [2, 1000, 2]
    monkeypatch.setattr(spec_module, "_memory_limit", lambda: 10**9)
    refused(write_spec(tmp_path, doc), "data.n", "1,000,000 points through a 2-1000-2 network "
            "need 24.1 GB", "at most 1.0 GB (a quarter of this machine's memory)")


def test_the_real_memory_limit_is_a_quarter_of_the_machine():
    limit = spec_module._memory_limit()
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    assert limit == total // 4


@pytest.mark.parametrize("noise", [float("nan"), float("inf"), -0.1, "x"])
def test_bad_noise(tmp_path, noise):
    doc = base()
    doc["data"]["noise"] = noise
    refused(write_spec(tmp_path, doc), "data.noise")


@pytest.mark.parametrize("kind", ["square", "grid"])
def test_noise_and_path_only_where_they_mean_something(tmp_path, kind):
    doc = untrained(kind=kind, n=10, noise=0.1)
    refused(write_spec(tmp_path, doc), "data.noise", f"{kind} points take no noise")
    doc = untrained(kind=kind, n=10, path="points.csv")
    refused(write_spec(tmp_path, doc), "data.path", 'path only with kind = "csv"')


@pytest.mark.parametrize("lr", [float("nan"), float("inf"), float("-inf"), 0, 0.0, -0.5])
def test_bad_learning_rates(tmp_path, lr):
    doc = base()
    doc["train"]["learning_rate"] = lr
    refused(write_spec(tmp_path, doc), "train.learning_rate", "expected a finite number > 0")


@pytest.mark.parametrize("epochs", [0, -1])
def test_bad_epochs(tmp_path, epochs):
    doc = base()
    doc["train"]["epochs"] = epochs
    refused(write_spec(tmp_path, doc), "train.epochs", "too small", ">= 1")


def test_too_many_epochs_are_refused_before_training(tmp_path):
    doc = base()
    doc["train"]["epochs"] = 10**9  # would train for days
    refused(write_spec(tmp_path, doc), "train.epochs", "too many", "at most 20,000")


def test_a_diverging_run_names_the_learning_rate(tmp_path):
    doc = base()
    del doc["render"]
    doc["network"]["activations"] = ["identity", "identity"]
    doc["train"].update(epochs=50, learning_rate=1e6)
    refused(write_spec(tmp_path, doc), "train.learning_rate", "training diverged",
            "expected a smaller learning rate")


@pytest.mark.parametrize("kind", ["square", "grid"])
def test_training_needs_labels(tmp_path, kind):
    doc = base()
    doc["data"] = {"kind": kind, "n": 10}
    refused(write_spec(tmp_path, doc), "train", "needs labelled points")


def test_training_on_a_csv_without_labels(tmp_path):
    path = csv_spec(tmp_path, "0,1\n1,0\n")
    text = path.read_text() + "\n[train]\nepochs = 2\nlearning_rate = 0.1\n"
    refused(write_spec(tmp_path, text), "train", "no label column")


@pytest.mark.parametrize(("sizes", "rows", "fragment"), [
    ((2, 3, 1), "0,0,0\n1,1,2\n", "labels 0, 2 do not fit a network with 1 output"),
    ((2, 3, 2), "0,0,0\n1,1,2\n", "with 2 outputs"),
    ((2, 3, 3), "0,0,-1\n1,1,2\n", "labels -1, 2 do not fit"),
])
def test_labels_that_do_not_fit_the_outputs(tmp_path, sizes, rows, fragment):
    refused(csv_spec(tmp_path, rows, sizes=sizes), "data.path", fragment)


@pytest.mark.parametrize(("content", "fragment"), [
    ("x,y\n0,1\n1,abc\n", "line 3, column 2: 'abc' is not a number"),
    ("0,1\n2,\n", "line 2, column 2: '' is not a number"),
    ("0;1\n1;0\n", "(columns must be separated by commas)"),
    ("0,1\n1,0,1\n", "line 2 has 3 cells but line 1 has 2"),
    ("0,1,2,3\n", "has 4 columns (line 1) but the network's input width is 2"),
    ("0\n", "has 1 column"),
    ("0,1,0.5\n", "the label '0.5' is not a whole number"),
    ("0,1\nnan,0\n", "line 2, column 1: 'nan' is not a finite number"),
    ("0,1\n0,-inf\n", "'-inf' is not a finite number"),
    ("0,1,inf\n", "'inf' is not a finite number"),
    ("x,y\n", "has no data rows"),
    ("", "has no data rows"),
    ("\n\n", "has no data rows"),
    ('0,"1\n', "is not valid CSV"),
    ('0,"1"x\n', "line 1 is not valid CSV"),
])
def test_bad_csv_files(tmp_path, content, fragment):
    refused(csv_spec(tmp_path, content), "data.path", fragment)


def test_a_csv_file_that_is_not_utf8(tmp_path):
    path = csv_spec(tmp_path, "")
    (tmp_path / "points.csv").write_bytes(b"0,1\n\xff,1\n")
    refused(path, "data.path", "is not UTF-8", "line 2")


def test_a_missing_csv_file(tmp_path):
    doc = untrained(kind="csv", path="data/points.csv")
    refused(write_spec(tmp_path, doc), "data.path", "no such file",
            str(tmp_path / "data" / "points.csv"))


def test_a_csv_needs_a_path(tmp_path):
    refused(write_spec(tmp_path, untrained(kind="csv")), "data.path", "missing")


def test_a_csv_too_long(tmp_path, monkeypatch):
    monkeypatch.setattr(spec_module, "MAX_POINTS", 3)
    refused(csv_spec(tmp_path, "0,1\n" * 5), "data.path", "4 points are too many")
    assert check(csv_spec(tmp_path, "0,1\n" * 5, n=3)).X.shape == (3, 2)


@pytest.mark.parametrize(("stages", "fragment"), [
    (["relu 3"], "unknown stage 'relu 3'; did you mean 'relu 1'?"),
    (["Linear 1"], "did you mean 'linear 1'?"),
    (["tanh 1"], "expected one of: linear 1, bias 1, relu 1, linear 2, bias 2, sigmoid 2"),
    (["input"], "unknown stage 'input'"),
    ([], "the list is empty"),
    (["relu 1", "relu 1"], "'relu 1' is listed twice"),
    ("some", 'got the text "some"'),
])
def test_bad_stage_names(tmp_path, stages, fragment):
    doc = base()
    doc["render"]["stages"] = stages
    refused(write_spec(tmp_path, doc), "render.stages", fragment)


@pytest.mark.parametrize(("quality", "fragment"), [
    ("x", "unknown quality 'x' (expected one of: d, l, m, h, k)"),
    ("L", "unknown quality 'L'"),
    ("high", "unknown quality 'high'"),
])
def test_unknown_quality(tmp_path, quality, fragment):
    doc = base()
    doc["render"]["quality"] = quality
    refused(write_spec(tmp_path, doc), "render.quality", fragment)


def test_messages_are_one_line_even_for_multiline_values(tmp_path):
    doc = base()
    doc["data"]["kind"] = "moons\nand more"
    msg = refused(write_spec(tmp_path, doc), "data.kind")
    assert "\\n" in msg


def test_load_spec_reads_the_weights_file_that_may_give_the_layers(tmp_path):
    """A trained network's file is read by load_spec (it may give the sizes and the
    activations); a missing one is one line there."""
    doc = base()
    doc["network"] = {"sizes": [2, 2], "activations": ["relu"], "weights": "later.npz"}
    with pytest.raises(SpecError, match="network.weights: no such file"):
        load_spec(write_spec(tmp_path, doc))


def test_softmax_on_one_output_and_a_leaky_relu_of_any_slope(tmp_path):
    """softmax needs 2 outputs; a leaky ReLU's slope is kept in its (canonical) name and
    its stage is "leaky_relu k" whatever the slope."""
    doc = untrained(kind="square", n=10)
    doc["network"].update(sizes=[2, 3, 1], activations=["relu", "softmax"])
    refused(write_spec(tmp_path, doc), "network.activations",
            "softmax on 1 output gives every point the share 1", "at least 2 outputs")
    doc["network"].update(sizes=[5, 3, 2], activations=["leaky_relu( 0.20 )", "softmax"])
    doc["data"] = {"kind": "grid", "n": 32}
    ex = check(write_spec(tmp_path, doc, "leaky.toml"))
    assert ex.network.activations == ("leaky_relu(0.2)", "softmax")
    assert "leaky_relu 1" in ex.stages and ex.X.shape == (32, 5)
    z = ex.trace.z(1)
    assert np.array_equal(ex.trace.stage("leaky_relu 1").points, np.where(z >= 0, z, 0.2 * z))


def test_a_spec_in_the_working_folder_is_held_by_its_absolute_path(tmp_path, monkeypatch):
    """A spec named relative to where the user stands is read from there, and the
    checked spec holds its absolute path (a render runs manim from elsewhere)."""
    write_spec(tmp_path, untrained(kind="grid", n=9), "here.toml")
    monkeypatch.chdir(tmp_path)
    ex = check("here.toml")
    assert ex.spec.path == tmp_path / "here.toml" and ex.spec.path.is_absolute()


MODELS = Path(__file__).parent / "models"  # files PyTorch and Keras wrote (see its README)


@pytest.mark.parametrize("name", ["torch_seq.onnx", "keras_seq.keras"])
def test_a_model_file_gives_the_sizes_and_activations(tmp_path, name):
    """An .onnx or .keras spec needs no sizes or activations; given, they must agree;
    the forward pass is the framework's own (its outputs recorded beside the files)."""
    import json
    import shutil

    shutil.copy(MODELS / name, tmp_path / name)
    doc = untrained(kind="iris")
    doc["network"] = {"weights": name}
    ex = check(write_spec(tmp_path, doc))
    assert ex.network.sizes == (4, 5, 3) and ex.network.activations == ("relu", "softmax")
    expected = json.loads((MODELS / "expected.json").read_text())
    np.testing.assert_allclose(ex.network.forward(np.array(expected["inputs"])),
                               expected[name.split(".")[0]], atol=1e-6)
    assert ex.accuracy is not None and len(ex.X) == 150
    doc["network"].update(sizes=[4, 6, 3])
    refused(write_spec(tmp_path, doc, "sizes.toml"), "network.sizes",
            f"sizes = [4, 6, 3] but {name} holds a 4-5-3 network", "no sizes line")
    doc["network"] = {"weights": name, "activations": ["tanh", "softmax"]}
    refused(write_spec(tmp_path, doc, "acts.toml"), "network.activations",
            f"layer 1 is tanh here but relu in {name}")
    doc["network"] = {"weights": name, "activations": ["relu", "softmax"], "sizes": [4, 5, 3]}
    assert check(write_spec(tmp_path, doc, "agree.toml")).network.sizes == (4, 5, 3)


def test_a_weights_only_file_needs_the_activations(tmp_path):
    """A .safetensors (a PyTorch state dict) gives the sizes, not the activations."""
    import shutil

    shutil.copy(MODELS / "torch_seq.safetensors", tmp_path / "w.safetensors")
    doc = untrained(kind="iris", n=30)
    doc["network"] = {"weights": "w.safetensors"}
    refused(write_spec(tmp_path, doc), "network.activations",
            "missing, and w.safetensors does not say them")
    doc["network"]["activations"] = ["relu", "softmax"]
    assert check(write_spec(tmp_path, doc, "ok.toml")).network.sizes == (4, 5, 3)
