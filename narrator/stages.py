"""The one narrator of a network's stages: what ``W_k``, ``+ b_k`` and an activation do
to a cloud of points, in words built from facts nnmath computes (singular values,
determinants, shares of folded points, ranges), never written for one network.

Chapters 4 and 5 and the explainer (:mod:`nnexplain.story`) say a stage with these
sentences, so the same fact is said in the same words everywhere. No manim here: the
sentences can be built and checked without a renderer.

Example:
    >>> import numpy as np
    >>> linear_words(1, np.array([[0.0, -1.0], [1.0, 0.0]]))
    'W1 rotates the cloud by 90 degrees: lengths and angles survive.'
    >>> b = np.array([0.5, 0.0])
    >>> print(bias_words(2, np.zeros((4, 2)), b))  # doctest: +NORMALIZE_WHITESPACE
    Adding b2 = (0.5, 0) slides every point the same way: the centre of the cloud moves from (0,
    0) to (0.5, 0).

A whole stage of a trace, as both callers say it::

    net = nnmath.Network.random((2, 2, 2), ("relu", "sigmoid"), seed=0)
    trace = net.trace(nnmath.clouds.uniform_square(100, seed=0))
    stage_words(net, trace, "relu 1")  # 'ReLU sets every negative coordinate to zero: ...'

Numbers that are said to add up do: a centre plus ``b`` is shown with as many decimals as
it takes for the shown terms to give the shown sum (:func:`narrator.fmt.adding_decimals`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from narrator.fmt import adding_decimals, fmt_nonzero, fmt_number, fmt_percent, fmt_shared
from nnmath import Network, Stage, Trace, activation, describe_map
from nnmath.examples import fold_share
from nnmath.linear import TOLERANCE, moves_points
from nnmath.projection import shown_length

__all__ = [
    "activation_words",
    "bias_words",
    "dims",
    "flat_name",
    "fold_note",
    "linear_words",
    "stage_words",
]


def dims(width: int) -> str:
    """``"2-D"``: how a width is said."""
    return f"{width}-D"


def flat_name(rank: int) -> str:
    """What a lift puts the cloud on: a straight line, a flat sheet, a flat 3-D space.

    >>> flat_name(1), flat_name(2), flat_name(4)
    ('straight line', 'flat sheet', 'flat 4-D space')
    """
    return {1: "straight line", 2: "flat sheet"}.get(rank, f"flat {dims(rank)} space")


def stage_words(net: Network, trace: Trace, stage: str | Stage,
                basis: np.ndarray | None = None) -> str:
    """The sentence for a stage of ``net``'s ``trace`` (the stage or its name, not the
    input): :func:`linear_words`, :func:`bias_words` or :func:`activation_words` with
    that stage's numbers. ``basis``: the orthonormal axes a picture of a layer wider
    than 3 is drawn along, so a bias says how much of its move the picture shows.

    Raises ``ValueError`` for the input stage: it is where the cloud starts.
    """
    if isinstance(stage, str):
        stage = trace.stage(stage)
    k = stage.layer  # 1-based, like W_1 and b_1
    if k == 0:
        raise ValueError("the input stage has no sentence: it is where the cloud starts")
    layer = net.layers[k - 1]
    if stage.kind == "linear":
        return linear_words(k, layer.W)
    if stage.kind == "bias":
        shown = None if basis is None else shown_length(layer.b, basis)
        return bias_words(k, trace.stage("linear", k).points, layer.b, shown)
    return activation_words(k, layer.activation, trace.z(k), stage.points)


def linear_words(k: int, W: np.ndarray) -> str:
    """What ``W_k`` does to the cloud, from its singular values and determinant:
    identity, rotation, reflection, uniform scaling, stretch and shear, collapse, a
    lift into more dimensions or a flattening into fewer. A factor that is not 0 is
    never said as 0 (:func:`narrator.fmt.fmt_nonzero`).

    Example:
        >>> print(linear_words(1, 2 * np.eye(2)))  # doctest: +NORMALIZE_WHITESPACE
        W1 scales the cloud by 2 in every direction: its shape survives, its area is multiplied
        by 4.
        >>> W = np.array([[1.0, 1.0], [0.0, 1.0]])
        >>> print(linear_words(2, W))  # doctest: +NORMALIZE_WHITESPACE
        W2 shears the cloud: its area stays the same, but its angles change (it stretches by
        1.62 one way and 0.62 the other).
    """
    W = np.asarray(W, dtype=float)
    facts = describe_map(W)
    n_out, n_in = facts.shape
    s = facts.stretches
    name = f"W{k}"
    if facts.is_zero:
        return f"{name} is all zeros: every point lands on the origin."
    if n_out == n_in:
        measure = {1: "length", 2: "area"}.get(n_in, "volume")
        if facts.is_identity:
            return f"{name} is the identity: no point moves."
        if facts.collapses:
            return (f"{name} has rank {facts.rank}: it collapses the {dims(n_in)} cloud onto "
                    f"a {facts.image} through the origin, and distinct points land together.")
        if n_in == 1:
            w = float(W[0, 0])
            flip = " and flips it end to end" if w < 0 else ""
            return f"{name} scales the line by {fmt_nonzero(abs(w))}{flip}."
        if facts.is_rotation:
            angle = facts.rotation_degrees
            how = (f"by {fmt_number(angle, 1)} degrees" if angle is not None
                   else "rigidly about the origin")
            return f"{name} rotates the cloud {how}: lengths and angles survive."
        if facts.is_reflection:
            return (f"{name} mirrors the cloud: lengths and angles survive, but it comes out "
                    "flipped over.")
        flip = "; it also flips the cloud over" if facts.flips else ""
        area = fmt_nonzero(facts.area_scale)
        if facts.is_uniform:
            turn = "" if _symmetric(W) else ", turning it"
            return (f"{name} scales the cloud by {fmt_nonzero(s[0])} in every direction"
                    f"{turn}: its shape survives, its {measure} is multiplied by {area}{flip}.")
        spread = (f"by {fmt_nonzero(s[0])} one way and {fmt_nonzero(s[-1])} the other"
                  if n_in == 2 else
                  f"by factors from {fmt_nonzero(s[0])} down to {fmt_nonzero(s[-1])}")
        same = area == "1"  # as said: to two decimals
        if same and _is_shear(W):
            return (f"{name} shears the cloud: its {measure} stays the same, but its angles "
                    f"change (it stretches {spread}){flip}.")
        how = "stretches" if _symmetric(W) else "turns and stretches"
        if same:
            return (f"{name} {how} the cloud, {spread}: its {measure} stays the same, but "
                    f"its shape changes{flip}.")
        return f"{name} {how} the cloud, {spread}, so {measure}s are multiplied by {area}{flip}."
    if n_out > n_in:
        where = "on" if facts.rank < 3 else "in"
        together = (", and distinct points land together" if facts.rank < n_in else "")
        return (f"{name} has {n_out} rows: it lifts the {dims(n_in)} cloud into {n_out} "
                f"dimensions, where it lies {where} a {flat_name(facts.rank)} through the "
                f"origin{together}.")
    lost = n_in - facts.rank
    what = "one direction is" if lost == 1 else f"{lost} directions are"
    return (f"{name} has {n_out} row{'s' if n_out > 1 else ''}: it flattens the {dims(n_in)} "
            f"cloud down to {dims(n_out)}; {what} lost, so distinct points can land together.")


def _symmetric(W: np.ndarray) -> bool:
    return bool(np.allclose(W, W.T, rtol=0.0, atol=TOLERANCE))


def _is_shear(W: np.ndarray) -> bool:
    """``W`` is a shear: not the identity, and ``W - I`` is nilpotent (every eigenvalue
    1), as ``[[1, k], [0, 1]]`` is and a squeeze ``diag(2, 0.5)`` is not.

    >>> _is_shear(np.array([[1.0, 0.7], [0.0, 1.0]])), _is_shear(np.diag([2.0, 0.5]))
    (True, False)
    """
    N = np.asarray(W, dtype=float) - np.eye(len(W))
    scale = max(1.0, float(np.max(np.abs(W))))
    return bool(np.max(np.abs(N)) > TOLERANCE and np.allclose(
        np.linalg.matrix_power(N, len(W)), 0.0, rtol=0.0, atol=TOLERANCE * scale ** len(W)))


def bias_words(k: int, before: np.ndarray, b: np.ndarray, shown: float | None = None) -> str:
    """Where adding ``b_k`` moves the centre of the cloud ``before``: from where to where
    (the shown terms add up to the shown sum), or, in more than 3 dimensions, how far,
    and how much of that a picture shows (``shown``: the length of the part of ``b``
    along the picture's directions).

    >>> bias_words(1, np.ones((3, 2)), np.zeros(2))
    'b1 is zero: no point moves.'
    >>> print(bias_words(2, np.array([[-0.594]]), np.array([0.516])))
    ... # doctest: +NORMALIZE_WHITESPACE
    Adding b2 = 0.516 slides every point the same way: the centre of the cloud moves from
    -0.594 to -0.078.
    """
    b = np.ravel(np.asarray(b, dtype=float))
    if not moves_points(b):
        return f"b{k} is zero: no point moves."
    centre = np.asarray(before, dtype=float).mean(axis=0)
    if len(b) <= 3:
        # enough decimals that b shows as not zero; one more if that makes the rounded
        # centre and b add up to the rounded new centre; the new centre is always said as
        # the sum of the two as shown, so the shown terms add up to the shown sum
        least = max(2, *(_decimals(x) for x in b))
        places = adding_decimals(centre, b, digits=least, most=least + 1)
        shown_b, shown_c = np.round(b, places), np.round(centre, places)
        total = np.round(shown_c + shown_b, places)
        values = [*shown_b, *shown_c, *total]
        texts = [t if v != 0 else "0"  # one number of decimals; exactly nothing is 0
                 for t, v in zip(fmt_shared(values, places), values, strict=True)]
        w = len(b)
        b_text, from_text, to_text = (
            texts[i * w] if w == 1 else "(" + ", ".join(texts[i * w:(i + 1) * w]) + ")"
            for i in range(3))
        return (f"Adding b{k} = {b_text} slides every point the same way: the centre of "
                f"the cloud moves from {from_text} to {to_text}.")
    distance = float(np.linalg.norm(b))
    text = (f"Adding b{k} slides every point the same way: the centre of the cloud moves "
            f"a distance of {fmt_number(distance)}")
    if shown is not None and fmt_number(shown) != fmt_number(distance):
        text += f", {fmt_number(shown)} of it along the picture's directions"
    return text + "."


def _decimals(x: float) -> int:
    """The decimals a bias entry needs to show as not zero: two, or two significant
    digits of a smaller number."""
    text = fmt_nonzero(x, significant=2)
    return len(text.split(".")[1]) if "." in text else 0


def activation_words(k: int, name: str, pre: np.ndarray, post: np.ndarray) -> str:
    """What the activation of layer ``k`` does to the cloud: the share of points ReLU
    folds (and of those it sends to the origin), how far a sigmoid or tanh squeezes the
    range, where a step sends points.

    >>> pre = np.array([[-1.0, 2.0], [3.0, 1.0], [-2.0, -1.0], [0.5, 0.5]])
    >>> post = np.maximum(pre, 0)
    >>> print(activation_words(1, "relu", pre, post))  # doctest: +NORMALIZE_WHITESPACE
    ReLU sets every negative coordinate to zero: it folds 50 % of the points onto the axes, and
    25 % lose every coordinate and land on the origin.
    >>> print(activation_words(1, "relu", post[1:2], post[1:2]))  # doctest: +NORMALIZE_WHITESPACE
    ReLU sets every negative coordinate to zero, but here no coordinate is negative: no point
    moves.
    """
    pre = np.asarray(pre, dtype=float)
    post = np.asarray(post, dtype=float)
    width = pre.shape[1]
    record = activation(name)
    if name == "relu":
        return _relu_words(pre)
    if record.name == "leaky_relu":
        return _leaky_words(pre, record.slope or 0.0)
    if name == "softmax":
        return softmax_words(post)
    if name in ("sigmoid", "tanh"):
        lo, hi = activation(name).bounds
        # the sigmoid's box is the unit square: (0, 1) in every coordinate
        box = f"unit {_box(width)}" if (lo, hi) == (0.0, 1.0) else _box(width)
        low, high = float(pre.min()), float(pre.max())
        out_low, out_high = float(post.min()), float(post.max())
        who = "The sigmoid" if name == "sigmoid" else "tanh"
        into = f"{who} squashes every coordinate into ({fmt_number(lo)}, {fmt_number(hi)})"
        if not high > low:  # one value: nothing to narrow
            return (f"{into}: every coordinate here is {fmt_number(low)} and becomes "
                    f"{fmt_number(out_low)}, inside the {box} it cannot leave.")
        ratio = fmt_number((high - low) / max(out_high - out_low, 1e-12), 1)
        squeeze = (", about as wide as before (these values are close to 0, where it is "
                   "nearly straight)" if ratio == "1" else f", {ratio} times narrower")
        return (f"{into}: values from {fmt_number(low)} to {fmt_number(high)} end between "
                f"{fmt_number(out_low)} and {fmt_number(out_high)}{squeeze}, inside the "
                f"{box} it cannot leave.")
    if name == "heaviside":
        corners = len({tuple(row) for row in post.tolist()})
        if width == 1:
            return (f"The step sends every coordinate to 0 or 1: the whole cloud lands on "
                    f"{'both ends' if corners == 2 else 'one end'} of the unit interval.")
        return (f"The step sends every coordinate to 0 or 1: the whole cloud lands on "
                f"{corners} of the {2 ** width} corners of the unit {_box(width)}.")
    return "The identity activation leaves every point where it is."


def _relu_words(pre: np.ndarray) -> str:
    """ReLU's sentence: the share of points it folds (those with a negative coordinate)
    and the share it sends to the origin (every coordinate negative); "all" when it is
    all, so that one point is never "100 % of the points"."""
    width = pre.shape[1]
    lead = "ReLU sets every negative coordinate to zero"
    share = fold_share(pre)
    if share == 0:
        return f"{lead}, but here no coordinate is negative: no point moves."
    where = {1: "zero", 2: "the axes", 3: "the coordinate planes"}.get(
        width, "the walls where a coordinate is zero")
    origin = float(np.mean(np.all(pre < 0, axis=1)))
    if width > 1 and origin == 1:
        return (f"{lead}: every coordinate of every point is negative, so all of them land "
                "on the origin.")
    rest = ""
    if width > 1 and origin > 0:
        rest = f", and {fmt_percent(origin)} % lose every coordinate and land on the origin"
    if share == 1:
        return f"{lead}: every point has one, so all of them fold onto {where}{rest}."
    return f"{lead}: it folds {fmt_percent(share)} % of the points onto {where}{rest}."


def _leaky_words(pre: np.ndarray, slope: float) -> str:
    """The leaky ReLU's sentence: what it multiplies negative coordinates by, and the
    share of points that have one (bent, not flattened)."""
    lead = (f"The leaky ReLU keeps positive coordinates and multiplies negative ones by "
            f"{fmt_number(slope, 4)}")
    share = fold_share(pre)
    if share == 0:
        return f"{lead}, but here no coordinate is negative: no point moves."
    who = "every point has one" if share == 1 else f"{fmt_percent(share)} % of the points have one"
    if slope == 0:  # that is ReLU: what it folds lands on the walls
        return f"{lead}, as ReLU does: {who}, and they land on the walls where it is zero."
    return (f"{lead}: {who}, and they are pulled toward the walls where a coordinate is "
            "zero without reaching them, so no two points merge.")


def softmax_words(shares: np.ndarray, names: Sequence[str] | None = None) -> str:
    """What softmax did to a cloud of ``k`` outputs (its rows are the shares): they add
    up to 1, so the cloud lies on the line, triangle or simplex of shares; the largest
    output wins; how many points each output takes. ``names``: the classes the outputs
    stand for (a name that is a number is said ``class 3``).

    >>> print(softmax_words(np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.6, 0.3, 0.1]])))
    ... # doctest: +NORMALIZE_WHITESPACE
    Softmax turns each point's 3 outputs into shares that add up to 1, the largest output
    getting the largest share: the cloud lands on the triangle whose corners are the 3
    outputs. Output 1 wins 2 points, output 2 wins 1 and output 3 wins none.
    >>> print(softmax_words(np.array([[0.7, 0.3], [0.4, 0.6], [0.9, 0.1]]),
    ...                     ["malignant", "benign"]))  # doctest: +NORMALIZE_WHITESPACE
    Softmax turns each point's 2 outputs into shares that add up to 1, the largest output
    getting the largest share: the cloud lands on the line from malignant to benign.
    Malignant wins 2 points and benign wins 1.
    >>> softmax_words(np.eye(6)[[0, 0, 0, 1, 2, 3, 4]]).split(": ")[1]
    'the cloud lands on the 5-D simplex whose 6 corners are the outputs. Output 1 wins the \
most points, 3, and output 6 the fewest, no point.'
    """
    shares = np.asarray(shares, dtype=float)
    k = shares.shape[1]
    if names is None:
        said = [f"output {j + 1}" for j in range(k)]
    else:
        said = [f"class {n}" if str(n).isdigit() else str(n) for n in names]
    every = ", ".join(said[:-1]) + " and " + said[-1]
    corners = "the 3 outputs" if names is None else every
    ends = "one output to the other" if names is None else f"{said[0]} to {said[1]}"
    shape = {2: f"line from {ends}", 3: f"triangle whose corners are {corners}"}.get(
        k, f"{k - 1}-D simplex whose {k} corners are the "
        + ("outputs" if names is None else "classes"))
    wins = np.bincount(np.argmax(shares, axis=1), minlength=k)
    if k <= 4:
        won = [f"{said[j]} wins {_points(int(w), first=j == 0)}" for j, w in enumerate(wins)]
        tally = won[0] if k == 1 else ", ".join(won[:-1]) + " and " + won[-1]
    else:  # too many to list: the most and the least won
        most, least = int(np.argmax(wins)), int(np.argmin(wins))
        tally = (f"{said[most]} wins the most points, {wins[most]:,}, and {said[least]} "
                 f"the fewest, {_points(int(wins[least]), first=True)}")
    return (f"Softmax turns each point's {k} outputs into shares that add up to 1, the "
            f"largest output getting the largest share: the cloud lands on the {shape}. "
            f"{tally[0].upper() + tally[1:]}.")


def _points(n: int, first: bool) -> str:
    """``12 points``, ``1 point``; after the first of a list, ``none`` and a bare count."""
    if n == 0:
        return "none" if not first else "no point"
    return f"{n:,} point{'s' if n != 1 else ''}" if first else f"{n:,}"


def fold_note(pre: np.ndarray) -> str:
    """The short line under a ReLU stage's name on screen: the share of points it folds
    (one point is no share).

    >>> fold_note(np.array([[-1.0, 2.0], [1.0, 1.0], [0.5, -3.0]]))
    '67 % of the points folded'
    >>> fold_note(np.array([[1.0, 2.0]])), fold_note(np.array([[-1.0, 2.0]]))
    ('its one point not folded', 'its one point folded')
    """
    share = fold_share(pre)
    if len(pre) == 1:
        return "its one point folded" if share > 0 else "its one point not folded"
    return f"{fmt_percent(share)} % of the points folded"


def _box(width: int) -> str:
    """The unit box of a width: interval, square, cube, 5-D cube."""
    return {1: "interval", 2: "square", 3: "cube"}.get(width, f"{width}-D cube")
