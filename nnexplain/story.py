"""The explainer's script for one spec: what is drawn at each stage and what is said.

:func:`story` turns an :class:`~nnexplain.spec.Explained` (the network, the data, the
trace) into :class:`Shot` s, one per stage to play: the points as drawn (up to three
coordinates; a wider layer through its principal axes, with the share of spread
each stage's picture keeps), and the sentence: the stage's own from
:mod:`narrator.stages` (chapters 4 and 5 say their stages with it too), what the
picture keeps and the framing from :mod:`nnexplain.words`. The scene only plays them.

No manim here.

Example::

    from nnexplain import check
    script = story(check("examples/moons.toml"))
    [shot.name for shot in script.shots]   # ['linear 1', 'bias 1', 'tanh 1', ...]
    script.shots[0].sentence               # 'W1 has 8 rows: it lifts the 2-D cloud ...'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from narrator.fmt import fmt_number, fmt_percent
from narrator.stages import dims, fold_note, softmax_words, stage_words
from nnexplain import words
from nnexplain.compute import Explained, class_threshold, training_loss
from nnexplain.framing import Box, fit, simplex_box, zoom_words
from nnmath import Network, Stage, Trace, describe_map
from nnmath.projection import kept_share, principal_axes, project
from nnmath.training import loss_label

__all__ = ["Shot", "Story", "class_names", "drawn", "story"]


@dataclass(frozen=True)
class Shot:
    """One stage as the video shows it."""

    name: str  # the trace's name: "linear 1", "bias 1", "relu 1"...
    kind: str  # "input", "linear", "bias" or "activation"
    layer: int  # 0 for the input, else 1-based like W_1
    width: int  # the stage's real number of coordinates
    points: np.ndarray  # (n, 3): what is drawn (zero-padded, or along principal axes)
    share: float | None  # the share of spread the picture keeps (None: nothing hidden)
    sentence: str  # the subtitle
    note: str  # a short line under the stage's name on screen ("" for none)
    box: Box | None = None  # the picture's axes once the stage has played
    before: Box | None = None  # the axes to zoom out to before the cloud moves (None: stay)
    zoom: str = ""  # what the picture's axes do, said after the sentence ("" if they stay)

    @property
    def dims(self) -> int:
        """How many coordinates the picture uses (1, 2 or 3)."""
        return min(self.width, 3)

    @property
    def said(self) -> str:
        """The whole subtitle: the stage's sentence, then what the picture's axes do."""
        return f"{self.sentence} {self.zoom}" if self.zoom else self.sentence


@dataclass(frozen=True)
class Story:
    """The whole script: the input shot, the stage shots, and the framing sentences."""

    start: Shot
    shots: tuple[Shot, ...]
    opening: str  # the data
    network: str  # the network, its weights, its training
    closing: str
    loss_label: str | None = None  # the trained loss as labelled on screen (None: untrained)
    classes: tuple[str, ...] | None = None  # the classes' names (None: coloured by position)
    class_of: np.ndarray | None = None  # each point's class: its label, else the prediction
    predicted: bool = False  # class_of is the network's prediction (no labels)

    @property
    def reach(self) -> float:
        """The largest absolute coordinate drawn, over every shot."""
        return max(float(np.max(np.abs(s.points))) for s in (self.start, *self.shots))


def drawn(points: np.ndarray, axes: np.ndarray | None = None) -> np.ndarray:
    """Points as drawn in 3D: zero-padded to 3 coordinates, or along ``axes``."""
    P = np.asarray(points, dtype=float)
    if axes is not None:
        P = project(P, axes)
    out = np.zeros((len(P), 3))
    out[:, : P.shape[1]] = P
    return out


def _kept_rank(net: Network, k: int) -> int:
    """How many directions of layer ``k``'s picture are the span ``W_k`` puts the cloud
    on, kept whole (0: none, when that span is wider than the picture)."""
    rank = describe_map(net.layers[k - 1].W).rank
    return rank if 0 < rank <= 3 else 0


def _layer_axes(net: Network, trace: Trace) -> dict[int, np.ndarray]:
    """The picture's axes for each layer wider than 3, from all three of its stages:
    the span ``W_k`` puts the cloud on when it fits in 3 directions (so the linear
    stage is seen whole), the rest principal axes of the spread beyond it."""
    axes = {}
    for k in range(1, len(net.layers) + 1):
        clouds = [s.points for s in trace if s.layer == k]
        if clouds[0].shape[1] > 3:
            keep = net.layers[k - 1].W if _kept_rank(net, k) else None
            axes[k] = principal_axes(clouds, 3, keep=keep)
    return axes


def _note(net: Network, trace: Trace, stage: Stage, share: float | None) -> str:
    """The short line under the stage's name: a computed fact, or where the picture
    hides dimensions."""
    if share is not None:
        return f"{stage.width}-D seen along 3 axes: {words.share_words(share)} kept"
    k = stage.layer
    if stage.kind == "linear":
        facts = describe_map(net.layers[k - 1].W)
        if facts.determinant is not None and facts.rank == facts.shape[1]:
            return f"det W{k} = {fmt_number(facts.determinant)}"
        return f"rank {facts.rank}"
    if stage.kind == "activation" and net.layers[k - 1].activation == "relu":
        return fold_note(trace.z(k))
    return ""


def _opening(ex: Explained) -> str:
    d = ex.spec.data
    n = len(ex.X)
    width = ex.X.shape[1]
    where = {1: "on a line", 2: "in the plane", 3: "in space"}.get(width, f"in {width}-D")
    kinds = {
        "square": (f"{words.point_count(n)} drawn uniformly at random {where}, every "
                   "coordinate from -1 to 1"),
        "grid": f"{words.point_count(n)} on a regular grid {where}",
        "moons": f"{words.point_count(n)} in two interleaved moons",
        "circles": f"{words.point_count(n)} on two circles, one inside the other",
        "spiral": f"{words.point_count(n)} on two interleaved spirals",
        "xor": f"{words.point_count(n)} in four clusters, opposite corners alike (XOR)",
        "csv": f"the {words.point_count(n)} of {d.path.name if d.path else 'the file'}",
        # scikit-learn's bundled sets, what one point of each is
        "iris": f"{n:,} iris flowers, 4 measurements each (sepal and petal, length and "
                "width, in cm)",
        "wine": f"{n:,} wines, 13 chemical measurements each",
        "breast_cancer": f"{n:,} breast tissue samples, 30 measurements each",
        "digits": f"{n:,} handwritten digits, 8 by 8 pixels each (64 inputs)",
    }
    text = kinds[d.kind][0].upper() + kinds[d.kind][1:]
    if n == 1:
        return f"A single point {where}, at {words.vector(ex.X[0])}."
    if ex.labels is not None:
        classes = len(np.unique(ex.labels))
        text += f", {classes} class{'es' if classes != 1 else ''}, coloured by class."
    elif ex.network.activations[-1] == "softmax":
        text += ", each coloured by the class the network picks for it."
    else:
        text += ", each coloured by where it starts, so we can follow it."
    return text


def _network(ex: Explained) -> str:
    net, spec = ex.network, ex.spec
    sizes = "-".join(map(str, net.sizes))
    acts = [{"relu": "ReLU", "heaviside": "the step"}.get(a, a) for a in net.activations]
    if len(set(acts)) == 1:
        how = f"{acts[0]} in every layer"
    else:
        how = ", ".join(acts[:-1]) + f", then {acts[-1]} at the output"
    trained = ex.history is not None
    source = (f"{'starting ' if trained else ''}weights from {spec.network.weights.name}"
              if spec.network.weights is not None
              else f"random {'starting ' if trained else ''}weights (seed {spec.network.seed})")
    text = f"A {sizes} network: {how}; {source}."
    if ex.history is not None and spec.train is not None:
        text += " " + words.training_words(
            ex.history, spec.train.learning_rate, ex.accuracy, loss=training_loss(ex.initial),
            outputs=net.n_out, n=len(ex.X), batch_size=spec.train.batch_size)
    elif ex.accuracy is not None:
        which = "these" if spec.network.weights is not None else "these random"
        text += (f" With {which} weights it gets {fmt_percent(ex.accuracy, 1)} % of the "
                 "points right.")
    return text


def _closing(ex: Explained, shots: tuple[Shot, ...]) -> str:
    last = shots[-1]
    if last.name != ex.trace[-1].name:  # some stages chosen, the output not among them
        return (f"Those were the {len(shots)} stages chosen; here, after {last.name}, the "
                f"cloud lives in {dims(last.width)}.")
    text = (f"That is the whole network: {len(shots)} stages, and the cloud now lives in "
            f"{dims(last.width)}.")
    if ex.accuracy is not None:
        net = ex.network
        text += " " + words.class_words(net.n_out, ex.accuracy, class_threshold(net))
    return text


def class_names(ex: Explained) -> tuple[str, ...] | None:
    """The classes' names: scikit-learn's for its data sets (iris's species, digits 0
    to 9), ``class 0``, ``class 1``, ... otherwise; None when the points are coloured
    by where they start (no labels, and no softmax to pick a class)."""
    net = ex.network
    if ex.labels is None and net.activations[-1] != "softmax":
        return None
    count = max(2 if net.n_out == 1 else net.n_out,
                0 if ex.labels is None else int(np.max(ex.labels)) + 1)
    kind = ex.spec.data.kind
    if kind in ("iris", "breast_cancer", "digits"):  # wine's are class_0, class_1, ...
        from sklearn import datasets

        names = [str(n) for n in getattr(datasets, f"load_{kind}")().target_names]
        if len(names) == count:
            return tuple(names)
    return tuple(f"class {j}" for j in range(count))


def _class_of(ex: Explained) -> np.ndarray | None:
    """Each point's class: its label, else the class the softmax picks."""
    if ex.labels is not None:
        return np.asarray(ex.labels)
    if ex.network.activations[-1] == "softmax":
        return np.argmax(ex.trace.output, axis=1)
    return None


def _needs_origin(net: Network, stage: Stage) -> bool:
    """Whether the words of ``stage`` talk about the origin: a bias moves the cloud
    away from where W left it, an activation works from zero coordinate by coordinate."""
    return stage.kind == "bias" or (stage.kind == "activation"
                                    and net.layers[stage.layer - 1].activation != "softmax")


def _simplex(net: Network, stage: Stage) -> int:
    """2 or 3: a softmax stage whose shares are drawn as they are (on the line or the
    triangle of shares); 0 otherwise."""
    soft = stage.kind == "activation" and net.layers[stage.layer - 1].activation == "softmax"
    return stage.width if soft and stage.width in (2, 3) else 0


def _framed(current: Box, target: Box, points: np.ndarray,
            origin: bool) -> tuple[Box | None, Box]:
    """The box to zoom out to before a stage's move (None: the points fit the axes in
    use already) and the box after it: the one in use while it holds the points in as
    many dimensions, is not loose around them and keeps the origin in view where the
    words need it; else ``target``."""
    dims = target.dims
    before = None if current.holds_points(points, dims) else current.union(target)
    using = before or current
    keep = (using.holds_points(points, dims) and using.dims == dims
            and not using.loose(points) and (using.has_origin or not origin))
    return before, using if keep else target


def story(ex: Explained) -> Story:
    """The script of the explainer of ``ex``: only the stages ``ex.stages`` play, each
    from where the previous one played left the cloud."""
    net, trace = ex.network, ex.trace
    axes = _layer_axes(net, trace)
    first = trace[0]
    start_axes = principal_axes([first.points], 3) if first.width > 3 else None
    start_share = None if start_axes is None else kept_share(first.points, start_axes)
    start_points = drawn(first.points, start_axes)
    current = fit(start_points, min(first.width, 3))
    start = Shot("input", "input", 0, first.width, start_points,
                 start_share, "", "" if start_share is None else
                 f"{first.width}-D seen along 3 axes: {words.share_words(start_share)} kept",
                 current)
    names = class_names(ex)
    shots = []
    looked: set[int] = set()  # the wide layers whose picture has been introduced
    for name in ex.stages:
        stage = trace.stage(name)
        k = stage.layer
        basis = axes.get(k)
        share = None if basis is None else kept_share(stage.points, basis)
        simplex = _simplex(net, stage)
        soft = stage.kind == "activation" and net.layers[k - 1].activation == "softmax"
        sentence = (softmax_words(stage.points, names) if soft
                    else stage_words(net, trace, stage, basis))
        if share is not None:  # every stage of a wide layer: the share its picture keeps
            sentence += " " + words.pca_words(stage.width, share, first=k not in looked,
                                              k=k, kept=_kept_rank(net, k))
            looked.add(k)
        points = drawn(stage.points, basis)
        origin = _needs_origin(net, stage)
        target = simplex_box(simplex) if simplex else fit(points, min(stage.width, 3), origin)
        before, box = _framed(current, target, points, origin)
        zoom = "" if box.same(current) else zoom_words(current, box)  # "" if small
        shots.append(Shot(stage.name, stage.kind, stage.layer, stage.width, points, share,
                          sentence, _note(net, trace, stage, share), box, before, zoom))
        current = box
    shots_t = tuple(shots)
    label = (None if ex.history is None
             else loss_label(training_loss(ex.initial), net.n_out))
    opening = _opening(ex)
    if start_share is not None:
        opening += " " + words.input_pca_words(first.width, start_share)
    return Story(start, shots_t, opening, _network(ex), _closing(ex, shots_t), label,
                 names, _class_of(ex), ex.labels is None and names is not None)
