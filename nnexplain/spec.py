"""Read, check and compute a lecturer's network spec: a TOML file naming a small
network and the points to push through it.

:func:`load_spec` reads the file and checks everything that can be checked without
computing: each field by its entry in :data:`nnexplain.schema.FIELDS` (type, range,
allowed values, default), then the rules between fields (seed or weights, an
activation per layer, labelled kinds in 2-D, stage names of this network);
:func:`~nnexplain.compute.build` loads the weights or the CSV, makes the points, trains
if asked and traces the points through the network; :func:`check` does both. Anything
wrong is a :class:`SpecError` whose message is one line, ``"<file>: <field>: <what is
wrong>; expected <what>"``. No manim here.

This module is the front door: it also hands on the names a caller of a spec needs
from :mod:`nnexplain.schema`, :mod:`nnexplain.compute` and :mod:`nnexplain.errors`.

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
    nnexplain.errors.SpecError: .../typo.toml: network.activation: unknown key 'activation' \
in [network]; did you mean 'activations'? (expected one of: sizes, activations, seed, weights)
"""

from __future__ import annotations

import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from .compute import Explained, build, class_threshold, grid_side, training_loss
from .errors import SpecError, either, err, got, read_text, show, unknown
from .schema import (
    DATASETS,
    KEYS,
    KINDS,
    LABELLED_KINDS,
    MAX_EPOCHS,
    MAX_INPUT_WIDTH,
    MAX_PARAMETERS,
    MAX_POINTS,
    REQUIRED,
    TABLES,
    DataSpec,
    Field,
    NetworkSpec,
    RenderSpec,
    Spec,
    TrainSpec,
    check_points,
    field,
    given,
    missing,
    stage_names,
    value,
)

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

#: The commented example spec that ``nnexplain example`` prints (made from the schema).
EXAMPLE: str = resources.files("nnexplain").joinpath("example.toml").read_text(encoding="utf-8")
_EXAMPLE_HINT = "run `nnexplain example` for a commented spec"


def _parse(path: Path, src: str) -> dict[str, Any]:
    text = read_text(path, src, None, f"a TOML spec file ({_EXAMPLE_HINT})")
    if not text.strip():
        raise err(src, None, "the file is empty",
                  f"[network] and [data] tables ({_EXAMPLE_HINT})")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise err(src, None, f"not valid TOML: {exc}",
                  'lines like key = value under [table] headers, text in "quotes"') from None


def _known(src: str, table: dict[str, Any], name: str) -> None:
    """Refuse keys of ``table`` (``name``: ``""`` for the top level) that a spec has not."""
    keys = KEYS[name]
    for key, v in table.items():
        if key in keys:
            continue
        if name == "":
            if isinstance(v, dict):
                raise unknown(src, key, "table", f"[{key}]", tuple(f"[{t.name}]" for t in TABLES))
            home = [t for t in KEYS if t and key in KEYS[t]]
            if home:
                raise err(src, key, f"{key!r} is not a top-level setting",
                          "it under a " + " or ".join(f"[{t}]" for t in home) + " header")
            raise unknown(src, key, "key", key, keys, " at the top of the file")
        raise unknown(src, f"{name}.{key}", "key", key, keys, f" in [{name}]")


def _table(src: str, doc: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The table ``[name]``: unknown keys refused, then each value given checked against
    its field's type and range (:func:`nnexplain.schema.value`), in the fields' order.
    ``None`` if the table is optional and absent."""
    if name not in doc:
        t = next(t for t in TABLES if t.name == name)
        if not t.required:
            return None
        needed = [key for key in KEYS[name] if field(name, key).default is REQUIRED]
        raise err(src, name, f"the [{name}] table is missing", f"a [{name}] table with "
                  + ", ".join(needed[:-1]) + " and " + needed[-1])
    table = doc[name]
    if isinstance(table, list) and table and all(isinstance(t, dict) for t in table):
        raise err(src, name, f"[[{name}]] makes a list of tables",
                  f"one [{name}] table (single brackets)")
    if not isinstance(table, dict):
        raise err(src, name, f"{got(table)}, not a table", f"a [{name}] table of settings")
    _known(src, table, name)
    return {key: value(src, table, field(name, key)) for key in KEYS[name] if key in table}


def load_spec(path: str | Path, untrusted: bool = False) -> Spec:
    """Read the spec file at ``path`` and check everything that needs no computing.

    Raises :class:`SpecError` (one line: file, field, what was expected) for anything
    wrong. Paths in the spec (``network.weights``, ``data.path``) are relative to the
    spec file's folder; the :class:`Spec` holds them absolute. ``untrusted`` (a spec
    from someone else, e.g. a student's): every file it names must lie in its own
    folder, links followed, or it is refused before the file is read.

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
    net_table = _table(src, doc, "network")
    data_table = _table(src, doc, "data")
    assert net_table is not None and data_table is not None
    network = _network(src, net_table, folder, untrusted)
    data = _data(src, data_table, network.sizes, folder, untrusted)
    train_table = _table(src, doc, "train")
    train = None if train_table is None else _train(src, train_table, data)
    render = _render(src, _table(src, doc, "render") or {}, network)
    title = value(src, doc, field("", "title"))
    arch = "-".join(map(str, network.sizes))
    # absolute: a render runs manim from the project's folder, wherever the user stands
    return Spec(path=Path(os.path.abspath(p)),
                title=f"A {arch} network" if title is None else title.strip(),
                network=network, data=data, train=train, render=render)


def _file(src: str, table: dict[str, Any], f: Field, folder: Path, untrusted: bool) -> Path:
    """The file ``f`` names, absolute (relative to the spec's ``folder``); in untrusted
    mode refused unless it lies inside that folder (after following links)."""
    named = given(src, table, f)
    path = Path(os.path.abspath(folder / named))
    if untrusted and not path.resolve().is_relative_to(folder.resolve()):
        raise err(src, f.name, f"{named!r} lies outside the spec's folder",
                  "a file in the spec's own folder (an untrusted spec names nothing else)")
    return path


def _network(src: str, table: dict[str, Any], folder: Path, untrusted: bool) -> NetworkSpec:
    seed_field, weights_field = field("network", "seed"), field("network", "weights")
    has_seed, has_weights = "seed" in table, "weights" in table
    model = weights = None
    if has_weights and not has_seed:  # a trained network's file: it may give the layers
        weights = _file(src, table, weights_field, folder, untrusted)
        sizes_given = table.get("sizes")  # an .npz holds as many layers as sizes say
        layers = (len(sizes_given) - 1 if isinstance(sizes_given, list) and len(sizes_given) > 1
                  else None)
        model = _model(src, weights, layers)
    sizes = _sizes(src, table, model, weights)
    layers = len(sizes) - 1
    names = _activations(src, table, sizes, model, weights)

    choose = (f"{seed_field.line} (random weights) or {weights_field.line} "
              "(a trained network's file)")
    if has_seed == has_weights:
        raise err(src, seed_field.name, "both seed and weights are given" if has_seed
                  else "neither seed nor weights is given", f"exactly one: {choose}")
    seed = given(src, table, seed_field) if has_seed else None
    assert layers == len(names)
    return NetworkSpec(sizes=sizes, activations=tuple(names), seed=seed, weights=weights,
                       model=model)


def _model(src: str, path: Path, layers: int | None):
    """The trained network in the file at ``path`` (:func:`nnexplain.models.load_model`;
    ``layers``: how many an ``.npz`` must hold), or its one-line error as the spec's."""
    from .models import ModelError, load_model

    try:
        return load_model(path, layers)
    except ModelError as exc:
        raise err(src, "network.weights", exc.what, exc.expected) from None


def _sizes(src: str, table: dict[str, Any], model, path: Path | None) -> tuple[int, ...]:
    """``sizes`` as the spec gives them (checked), or the model file's; both: they agree."""
    from nnmath import parameter_count

    f = field("network", "sizes")
    if f.key not in table and model is not None:
        sizes = tuple(model.sizes)
    else:
        sizes_value = given(src, table, f)
        like = f"e.g. {f.line}"
        if not isinstance(sizes_value, list):
            raise err(src, f.name, f"{got(sizes_value)}, not a list",
                      f"a list of {f.meaning}, {like}")
        if len(sizes_value) < 2:
            raise err(src, f.name, f"has {len(sizes_value)} entr"
                      f"{'y' if len(sizes_value) == 1 else 'ies'}",
                      f"at least 2 (the input width and the output width), {like}")
        for k, size in enumerate(sizes_value, start=1):
            if isinstance(size, bool) or not isinstance(size, int) or size < 1:
                raise err(src, f.name, f"entry {k} is {show(size)}",
                          f"positive whole numbers (the width of each layer), {like}")
        sizes = tuple(sizes_value)
        if model is not None and sizes != tuple(model.sizes):
            assert path is not None
            raise err(src, f.name, f"sizes = {show(sizes_value)} but {path.name} holds a "
                      f"{'-'.join(map(str, model.sizes))} network",
                      f"sizes = {show(list(model.sizes))}, or no sizes line (the file gives "
                      "them)")
    if sizes[0] > MAX_INPUT_WIDTH:
        raise err(src, f.name, f"the input width (first entry) is {sizes[0]:,}",
                  f"at most {MAX_INPUT_WIDTH:,} inputs (wider than 3, the picture is drawn "
                  "along the 3 directions the points spread most)")
    count = parameter_count(sizes)
    if count > MAX_PARAMETERS:
        raise err(src, f.name, f"a {'-'.join(map(str, sizes))} network has {count:,} weights "
                  "and biases", f"at most {MAX_PARAMETERS:,}: narrower layers")
    return sizes


def _activations(src: str, table: dict[str, Any], sizes: tuple[int, ...], model,
                 path: Path | None) -> list[str]:
    """``activations`` as the spec gives them (checked: known, softmax last and on 2
    outputs or more), or the model file's; both: they agree where the file says."""
    from nnmath import ACTIVATIONS
    from nnmath.activations import check_activation_name

    f = field("network", "activations")
    layers = len(sizes) - 1
    said = None if model is None else model.activations
    if f.key not in table and said is not None and None not in said:
        acts_value: Any = list(said)
    else:
        if f.key not in table and path is not None:
            raise err(src, f.name, f"missing, and {path.name} does not say them (it holds "
                      "weights only)", f"a line {f.line} in [network], one per layer")
        acts_value = given(src, table, f)
    example = "activations = [" + ", ".join(['"relu"'] * (layers - 1) + ['"sigmoid"']) + "]"
    if not isinstance(acts_value, list):
        raise err(src, f.name, f"{got(acts_value)}, not a list",
                  f"a list with one activation per layer, e.g. {example}")
    if len(acts_value) != layers:
        raise err(src, f.name,
                  f"{len(acts_value)} activation{'s' if len(acts_value) != 1 else ''} for "
                  f"{layers} layer{'s' if layers != 1 else ''} (sizes = {show(list(sizes))})",
                  f"one per layer, {layers} in all, e.g. {example}")
    names = []
    for k, act in enumerate(acts_value, start=1):
        try:
            names.append(check_activation_name(act))
        except ValueError as exc:
            if isinstance(act, str) and act.replace(" ", "").startswith("leaky_relu("):
                raise err(src, f.name, str(exc).split(": ", 1)[1],
                          'e.g. "leaky_relu(0.2)", or "leaky_relu" for the slope 0.01') from None
            raise unknown(src, f.name, f.noun, act, ACTIVATIONS) from None
        if said is not None and said[k - 1] is not None and said[k - 1] != names[-1]:
            assert path is not None
            raise err(src, f.name, f"layer {k} is {names[-1]} here but {said[k - 1]} in "
                      f"{path.name}", f"{show(said[k - 1])}, or no activations line (the "
                      "file gives them)")
        if act == "softmax" and k < layers:
            raise err(src, f.name, f"softmax is layer {k}'s activation of {layers}",
                      "softmax only as the last layer's (it shares the outputs out)")
    if names[-1] == "softmax" and sizes[-1] < 2:
        raise err(src, f.name, "softmax on 1 output gives every point the share 1",
                  "at least 2 outputs for softmax (the last entry of sizes), or sigmoid "
                  "for one output")
    return names


def _only(src: str, table: dict[str, Any], f: Field) -> None:
    """Refuse ``[data]``'s field ``f`` given where its ``only`` says it means nothing."""
    assert f.only is not None
    other, values = f.only
    if f.key in table and table[other] not in values:
        raise err(src, f.name, f"{table[other]} points take no {f.key}",
                  f"{f.key} {f.only_text()}")


def _data(src: str, table: dict[str, Any], sizes: tuple[int, ...], folder: Path,
          untrusted: bool) -> DataSpec:
    d = sizes[0]
    kind = given(src, table, field("data", "kind"))
    width = 2 if kind in LABELLED_KINDS else DATASETS.get(kind)
    if width is not None and d != width:
        fits = [show(k) for k in ("square", "grid", "csv")] + [
            show(k) for k, w in (*((k, 2) for k in LABELLED_KINDS), *DATASETS.items())
            if w == d]
        raise err(src, "data.kind", f"{kind} points have {width} coordinates but the "
                  f"network's input width is {d}", f"sizes starting with {width}, or kind = "
                  f"{either(fits)} for {d} inputs")
    n_field = field("data", "n")
    if kind == "csv" or kind in DATASETS:
        n = table.get("n")  # None: every row
    else:
        n = given(src, table, n_field)
        check_points(src, n_field.name, grid_side(n, d) ** d if kind == "grid" else n, sizes)
    seed = given(src, table, field("data", "seed"))
    noise_field, path_field, path = field("data", "noise"), field("data", "path"), None
    for f in (noise_field, path_field):
        _only(src, table, f)
    noise = given(src, table, noise_field)
    if kind == "csv":
        if "path" not in table:
            raise missing(src, path_field)
        path = _file(src, table, path_field, folder, untrusted)
    return DataSpec(kind=kind, n=n, seed=seed, noise=noise, path=path)


def _train(src: str, table: dict[str, Any], data: DataSpec) -> TrainSpec:
    if data.kind in ("square", "grid"):  # a CSV may have labels
        raise err(src, "train", f"[train] needs labelled points but {data.kind} points have no "
                  "labels", "kind = " + ", ".join(map(repr, (*LABELLED_KINDS, *DATASETS)))
                  + " or a CSV with a label column (or no [train] table)")
    return TrainSpec(**{key: given(src, table, field("train", key)) for key in KEYS["train"]})


def _render(src: str, table: dict[str, Any], network: NetworkSpec) -> RenderSpec:
    quality = given(src, table, field("render", "quality"))
    f = field("render", "stages")
    chosen = given(src, table, f)
    if chosen == "all":
        return RenderSpec(quality=quality, stages=None)
    valid = stage_names(network.activations)
    expected = f'"all" or a list of stage names from: {", ".join(valid)}'
    if not isinstance(chosen, list):
        raise err(src, f.name, f"{got(chosen)}", expected)
    if not chosen:
        raise err(src, f.name, "the list is empty", expected)
    for name in chosen:
        if name not in valid:
            raise unknown(src, f.name, f.noun, name, valid)
    for name in chosen:
        if chosen.count(name) > 1:
            raise err(src, f.name, f"{name!r} is listed twice", "each stage at most once")
    return RenderSpec(quality=quality, stages=tuple(n for n in valid if n in chosen))


def check(path: str | Path, untrusted: bool = False) -> Explained:
    """:func:`load_spec` and :func:`~nnexplain.compute.build`: the spec at ``path``,
    checked and computed (``untrusted``: see :func:`load_spec`). Every way it can fail
    is a :class:`SpecError`."""
    src = str(path)
    try:
        return build(load_spec(path, untrusted))
    except SpecError:
        raise
    except MemoryError:
        raise err(src, None, "not enough memory to compute this spec",
                  "fewer points, narrower layers or fewer epochs") from None
    except (ValueError, OSError) as exc:  # nnmath refusing something not checked above
        raise err(src, None, str(exc)) from None
