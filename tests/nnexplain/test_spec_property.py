"""Property: a good spec broken in any one way is refused with one line that names the
file and the broken field, by :func:`nnexplain.check` and by the command line."""

from __future__ import annotations

import contextlib
import io
import math
import string
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnexplain.cli import main
from nnexplain.schema import KEYS as _KEYS
from nnexplain.schema import KINDS
from nnexplain.spec import SpecError, check
from nnmath import ACTIVATIONS
from pipeline.facts import QUALITIES
from tests.nnexplain import base, write_spec

INT64 = 2**63 - 1
STAGES = ("linear 1", "bias 1", "relu 1", "linear 2", "bias 2", "sigmoid 2")

keys = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12)
scalars = st.one_of(st.integers(-10, 10), st.booleans(), st.text(max_size=5), st.floats())
not_whole = st.one_of(st.text(max_size=5).filter(lambda t: t != "all"), st.floats(),
                      st.booleans(), st.lists(st.integers(0, 9), max_size=2))
not_number = st.one_of(st.text(max_size=5), st.booleans(), st.lists(st.floats(), max_size=2))
not_text = st.one_of(st.integers(-INT64, INT64), st.floats(), st.booleans())
not_list = st.one_of(st.integers(-9, 9), st.floats(), st.booleans(), st.text(max_size=5))

WRONG_TYPES: list[tuple[str | None, str, st.SearchStrategy]] = [
    ("network", "sizes", not_list),
    ("network", "activations", not_list),
    ("network", "seed", not_whole),
    ("data", "kind", not_text),
    ("data", "n", not_whole),
    ("data", "seed", not_whole),
    ("data", "noise", not_number),
    ("train", "epochs", not_whole),
    ("train", "learning_rate", not_number),
    ("train", "batch_size", not_whole),
    ("train", "seed", not_whole),
    ("render", "quality", not_text),
    ("render", "stages", not_list.filter(lambda v: v != "all")),
    (None, "title", st.one_of(not_text, st.just("  "), st.lists(st.text(max_size=3)))),
]

Draw = Callable[[st.SearchStrategy], Any]
Mutator = Callable[[Draw, dict], str]  # breaks the spec dict; returns the field to name


def drop_required(draw: Draw, doc: dict) -> str:
    table, key = draw(st.sampled_from([
        ("network", "sizes"), ("network", "activations"), ("network", "seed"),
        ("data", "kind"), ("data", "n"), ("train", "epochs"), ("train", "learning_rate"),
    ]))
    del doc[table][key]
    return f"{table}.{key}"


def drop_table(draw: Draw, doc: dict) -> str:
    table = draw(st.sampled_from(["network", "data"]))
    del doc[table]
    return table


def unknown_key(draw: Draw, doc: dict) -> str:
    table = draw(st.sampled_from(["network", "data", "train", "render"]))
    key = draw(keys.filter(lambda k: k not in _KEYS[table]))
    doc[table][key] = draw(scalars)
    return f"{table}.{key}"


def unknown_top_level(draw: Draw, doc: dict) -> str:
    key = draw(keys.filter(lambda k: k not in _KEYS[""]))
    doc[key] = draw(st.one_of(scalars, st.just({"a": 1})))
    return key


def wrong_type(draw: Draw, doc: dict) -> str:
    table, key, values = draw(st.sampled_from(WRONG_TYPES))
    (doc if table is None else doc[table])[key] = draw(values)
    return key if table is None else f"{table}.{key}"


def bad_size(draw: Draw, doc: dict) -> str:
    doc["network"]["sizes"][draw(st.integers(0, 2))] = draw(st.integers(-INT64, 0))
    return "network.sizes"


def too_few_sizes(draw: Draw, doc: dict) -> str:
    doc["network"]["sizes"] = draw(st.lists(st.integers(1, 3), max_size=1))
    return "network.sizes"


def wide_input(draw: Draw, doc: dict) -> str:
    doc["network"]["sizes"][0] = draw(st.integers(4097, INT64))  # wider than MAX_INPUT_WIDTH
    return "network.sizes"


def huge_network(draw: Draw, doc: dict) -> str:
    doc["network"]["sizes"][1] = draw(st.integers(5_000_000, INT64))
    return "network.sizes"


def mismatched_sizes(draw: Draw, doc: dict) -> str:
    if draw(st.booleans()):
        doc["network"]["sizes"] += draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    else:
        acts = doc["network"]["activations"]
        doc["network"]["activations"] = draw(st.sampled_from([acts[:1], acts + ["tanh"], []]))
    return "network.activations"


def wrong_activation(draw: Draw, doc: dict) -> str:
    name = draw(st.text(max_size=10).filter(lambda a: a not in ACTIVATIONS))
    doc["network"]["activations"][draw(st.integers(0, 1))] = name
    return "network.activations"


def seed_and_weights(draw: Draw, doc: dict) -> str:
    doc["network"]["weights"] = draw(st.sampled_from(["w.npz", "missing.npz", "x"]))
    return "network.seed"


def negative_seed(draw: Draw, doc: dict) -> str:
    table = draw(st.sampled_from(["network", "data", "train"]))
    doc[table]["seed"] = draw(st.integers(-INT64, -1))
    return f"{table}.seed"


def bad_kind(draw: Draw, doc: dict) -> str:
    doc["data"]["kind"] = draw(st.text(max_size=10).filter(lambda k: k not in KINDS))
    return "data.kind"


def labelled_kind_in_other_widths(draw: Draw, doc: dict) -> str:
    doc["network"]["sizes"][0] = draw(st.sampled_from([1, 3]))
    doc["data"]["kind"] = draw(st.sampled_from(["moons", "circles", "spiral", "xor"]))
    return "data.kind"


def no_points(draw: Draw, doc: dict) -> str:
    doc["data"]["n"] = draw(st.integers(-INT64, 0))
    return "data.n"


def too_many_points(draw: Draw, doc: dict) -> str:
    doc["data"]["n"] = draw(st.integers(2_000_001, INT64))
    return "data.n"


def bad_noise(draw: Draw, doc: dict) -> str:
    doc["data"]["noise"] = draw(st.one_of(st.sampled_from([math.nan, math.inf, -math.inf]),
                                          st.floats(max_value=-1e-9), st.integers(-9, -1)))
    return "data.noise"


def bad_learning_rate(draw: Draw, doc: dict) -> str:
    doc["train"]["learning_rate"] = draw(st.one_of(
        st.sampled_from([math.nan, math.inf, -math.inf, 0.0, 0]), st.floats(max_value=0),
        st.integers(-INT64, 0)))
    return "train.learning_rate"


def bad_epochs(draw: Draw, doc: dict) -> str:
    doc["train"]["epochs"] = draw(st.integers(-INT64, 0))
    return "train.epochs"


def bad_batch_size(draw: Draw, doc: dict) -> str:
    doc["train"]["batch_size"] = draw(st.integers(-INT64, 0))
    return "train.batch_size"


def train_without_labels(draw: Draw, doc: dict) -> str:
    doc["data"] = {"kind": draw(st.sampled_from(["square", "grid"])), "n": 20}
    return "train"


def bad_stage(draw: Draw, doc: dict) -> str:
    name = draw(st.text(max_size=10).filter(lambda s: s not in STAGES))
    doc["render"]["stages"] = draw(st.sampled_from([[name], ["relu 1", name], [],
                                                    ["relu 1", "relu 1"]]))
    return "render.stages"


def bad_quality(draw: Draw, doc: dict) -> str:
    doc["render"]["quality"] = draw(st.text(max_size=5).filter(lambda q: q not in QUALITIES))
    return "render.quality"


MUTATORS: list[Mutator] = [
    drop_required, drop_table, unknown_key, unknown_top_level, wrong_type, bad_size,
    too_few_sizes, wide_input, huge_network, mismatched_sizes, wrong_activation,
    seed_and_weights, negative_seed, bad_kind, labelled_kind_in_other_widths, no_points,
    too_many_points, bad_noise, bad_learning_rate, bad_epochs, bad_batch_size,
    train_without_labels, bad_stage, bad_quality,
]


@st.composite
def broken_specs(draw: Draw) -> tuple[dict, str, str]:
    """A good spec broken by one mutator: the dict, the field to name, the mutator."""
    doc = base()
    mutate = draw(st.sampled_from(MUTATORS))
    return doc, mutate(draw, doc), mutate.__name__


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("broken")


def test_the_base_spec_is_good(folder):
    assert check(write_spec(folder, base())).accuracy is not None


@settings(max_examples=150, deadline=None)
@given(case=broken_specs())
def test_a_broken_spec_names_the_file_and_the_field(folder, case):
    doc, field, how = case
    path = write_spec(folder, doc)
    with pytest.raises(SpecError) as info:
        check(path)
    msg = str(info.value)
    assert "\n" not in msg and "\r" not in msg, (how, msg)
    assert msg.startswith(f"{path}: {field}: "), (how, msg)


@settings(max_examples=15, deadline=None)
@given(case=broken_specs())
def test_the_command_line_says_it_in_one_line(folder, case):
    """``nnexplain validate`` as its entry point runs it (in this process: the same
    code, without an interpreter's start per case; tests/nnexplain/test_cli.py runs the
    command itself on broken specs)."""
    doc, field, how = case
    write_spec(folder, doc, "cli spec.toml")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(folder), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        status = main(["validate", "cli spec.toml"])
    assert status == 2, (how, out.getvalue(), err.getvalue())
    lines = err.getvalue().splitlines()
    assert len(lines) == 1, (how, err.getvalue())
    assert lines[0].startswith(f"error: cli spec.toml: {field}: "), (how, lines[0])
    assert out.getvalue() == ""
