"""What the explainer says about *this* network: every sentence is built from facts
nnmath computes (singular values, determinants, shares of folded points, ranges),
never written for one network.

No manim here: the sentences can be built and checked without a renderer.

Example:
    >>> import numpy as np
    >>> linear_words(1, np.array([[0.0, -1.0], [1.0, 0.0]]))
    'W1 rotates the cloud by 90 degrees: lengths and angles survive.'
    >>> b = np.array([0.5, 0.0])
    >>> print(bias_words(2, np.zeros((4, 2)), b))  # doctest: +NORMALIZE_WHITESPACE
    Adding b2 = (0.5, 0) slides every point the same way: the centre of the cloud moves from (0,
    0) to (0.5, 0).

Numbers that are said to add up do: a centre plus ``b`` is shown with as many decimals as
it takes for the shown terms to give the shown sum (:func:`narrator.fmt.adding_decimals`).
"""

from __future__ import annotations

import numpy as np

from narrator.fmt import adding_decimals, fmt_loss, fmt_number, fmt_percent, fmt_shared
from nnmath import activation, describe_map
from nnmath.examples import fold_share
from nnmath.linear import TOLERANCE, moves_points
from nnmath.training import loss_name

__all__ = [
    "activation_words",
    "batch_words",
    "bias_words",
    "class_words",
    "dims",
    "epoch_steps",
    "flat_name",
    "linear_words",
    "pca_words",
    "point_count",
    "share_words",
    "training_words",
    "vector",
]

_SPACES = {1: "line", 2: "plane", 3: "space"}


def dims(width: int) -> str:
    """``"2-D"``: how a width is said."""
    return f"{width}-D"


def point_count(n: int) -> str:
    """``"1 point"``, ``"1,500 points"``."""
    return "1 point" if n == 1 else f"{n:,} points"


def vector(v: np.ndarray) -> str:
    """``(0.5, -1)``; a single number stands bare."""
    values = [_num(x) for x in np.ravel(v)]
    return values[0] if len(values) == 1 else "(" + ", ".join(values) + ")"


def _num(x: float) -> str:
    """A number to two decimals, or to two significant digits when two decimals would
    show a number that is not zero as 0.

    >>> _num(0.4567), _num(0.0042), _num(0.0)
    ('0.46', '0.0042', '0')
    """
    text = fmt_number(x)
    if text == "0" and x != 0:
        return fmt_number(x, 1 - int(np.floor(np.log10(abs(x)))))
    return text


def _decimals(x: float) -> int:
    """The decimals :func:`_num` shows ``x`` with."""
    text = _num(x)
    return len(text.split(".")[1]) if "." in text else 0


def flat_name(rank: int) -> str:
    """What a lift puts the cloud on: a straight line, a flat sheet, a flat 3-D space.

    >>> flat_name(1), flat_name(2), flat_name(4)
    ('straight line', 'flat sheet', 'flat 4-D space')
    """
    return {1: "straight line", 2: "flat sheet"}.get(rank, f"flat {dims(rank)} space")


def linear_words(k: int, W: np.ndarray) -> str:
    """What ``W_k`` does to the cloud, from its singular values and determinant:
    identity, rotation, reflection, uniform scaling, stretch and shear, collapse, a
    lift into more dimensions or a flattening into fewer.

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
            return f"{name} scales the line by {fmt_number(abs(w))}{flip}."
        if facts.is_rotation:
            angle = facts.rotation_degrees
            how = (f"by {fmt_number(angle, 1)} degrees" if angle is not None
                   else "rigidly about the origin")
            return f"{name} rotates the cloud {how}: lengths and angles survive."
        if facts.is_reflection:
            return (f"{name} mirrors the cloud: lengths and angles survive, but it comes out "
                    "flipped over.")
        flip = "; it also flips the cloud over" if facts.flips else ""
        if facts.is_uniform:
            scale = s[0]
            turn = "" if _symmetric(W) else ", turning it"
            return (f"{name} scales the cloud by {fmt_number(scale)} in every direction{turn}: "
                    f"its shape survives, its {measure} is multiplied by "
                    f"{fmt_number(facts.area_scale)}{flip}.")
        spread = (f"by {fmt_number(s[0])} one way and {fmt_number(s[-1])} the other"
                  if n_in == 2 else
                  f"by factors from {fmt_number(s[0])} down to {fmt_number(s[-1])}")
        same = fmt_number(facts.area_scale) == "1"  # as said: to two decimals
        if same and _is_shear(W):
            return (f"{name} shears the cloud: its {measure} stays the same, but its angles "
                    f"change (it stretches {spread}){flip}.")
        how = "stretches" if _symmetric(W) else "turns and stretches"
        if same:
            return (f"{name} {how} the cloud, {spread}: its {measure} stays the same, but "
                    f"its shape changes{flip}.")
        return (f"{name} {how} the cloud, {spread}, so {measure}s are multiplied by "
                f"{fmt_number(facts.area_scale)}{flip}.")
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


def _box(width: int) -> str:
    """The unit box of a width: interval, square, cube, 5-D cube."""
    return {1: "interval", 2: "square", 3: "cube"}.get(width, f"{width}-D cube")


def share_words(share: float) -> str:
    """A share of spread as said and shown: ``"all"`` or ``"93.3 %"`` (one decimal, more
    where one would round a share that is not all to 100).

    >>> share_words(1.0), share_words(0.9332), share_words(0.99994)
    ('all', '93.3 %', '99.99 %')
    """
    return "all" if share >= 1.0 else f"{fmt_percent(share, 1)} %"


def pca_words(width: int, share: float, *, first: bool = True, k: int = 1,
              kept: int = 0) -> str:
    """What the picture of a stage wider than 3 shows: along which 3 directions of its
    space it looks (said at the first stage of the layer shown) and the share of *this*
    stage's spread (variance) it keeps. ``kept``: how many of the directions are the
    span ``W_k`` puts the cloud on, kept whole (0: all three are principal axes).

    >>> print(pca_words(8, 0.9332))  # doctest: +NORMALIZE_WHITESPACE
    The picture looks along the 3 directions of the 8-D space in which this layer's
    stages spread most (PCA). It keeps 93.3 % of this cloud's spread (its variance).
    >>> print(pca_words(8, 1.0, kept=2))  # doctest: +NORMALIZE_WHITESPACE
    The picture looks along 3 directions of the 8-D space: the 2 of the flat sheet W1
    puts the cloud on, and the one in which this layer's stages spread most beyond it
    (PCA). It keeps all of this cloud's spread (its variance).
    >>> print(pca_words(8, 0.9332, first=False))
    The same picture keeps 93.3 % of this cloud's spread.
    """
    amount = share_words(share)
    if not first:
        lead = "The picture still keeps" if share >= 1.0 else "The same picture keeps"
        return f"{lead} {amount} of this cloud's spread."
    space = f"the {dims(width)} space"
    if kept >= 3:
        look = f"The picture looks along the {flat_name(kept)} W{k} puts the cloud in."
    elif kept:
        more = 3 - kept
        ones = "the one" if more == 1 else f"the {more}"
        own = "the one" if kept == 1 else f"the {kept}"
        look = (f"The picture looks along 3 directions of {space}: {own} of the "
                f"{flat_name(kept)} W{k} puts the cloud on, and {ones} in which this "
                "layer's stages spread most beyond it (PCA).")
    else:
        look = (f"The picture looks along the 3 directions of {space} in which this "
                "layer's stages spread most (PCA).")
    return f"{look} It keeps {amount} of this cloud's spread (its variance)."


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


def activation_words(k: int, name: str, pre: np.ndarray, post: np.ndarray) -> str:
    """What the activation of layer ``k`` does to the cloud: the share of points ReLU
    folds, how far a sigmoid or tanh squeezes the range, where a step sends points.

    >>> pre = np.array([[-1.0, 2.0], [3.0, 1.0], [-2.0, -1.0], [0.5, 0.5]])
    >>> post = np.maximum(pre, 0)
    >>> print(activation_words(1, "relu", pre, post))  # doctest: +NORMALIZE_WHITESPACE
    ReLU sets every negative coordinate to zero: it folds 50 % of the points onto the axes, and
    25 % lose every coordinate and land on the origin.
    """
    pre = np.asarray(pre, dtype=float)
    post = np.asarray(post, dtype=float)
    width = pre.shape[1]
    if name == "relu":
        share = fold_share(pre)
        where = {1: "zero", 2: "the axes", 3: "the coordinate planes"}.get(
            width, "the walls where a coordinate is zero")
        if share == 0:
            return ("ReLU sets every negative coordinate to zero, but here none is negative: "
                    "no point moves.")
        lead = "ReLU sets every negative coordinate to zero: it folds"
        if width == 1:
            return f"{lead} {fmt_percent(share)} % of the points onto zero."
        origin = float(np.mean(np.all(pre < 0, axis=1)))
        rest = ""
        if 0 < origin:
            rest = (f", and {fmt_percent(origin)} % lose every coordinate and land on "
                    "the origin")
        return f"{lead} {fmt_percent(share)} % of the points onto {where}{rest}."
    if name in ("sigmoid", "tanh"):
        lo, hi = activation(name).bounds
        box = _box(width)
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


def batch_words(n: int, batch_size: int | None) -> str:
    """How one epoch of mini-batch gradient descent goes over ``n`` points: in batches
    of ``batch_size`` (``None``: all at once), and how many steps that makes.

    >>> batch_words(800, 32), batch_words(150, 32), batch_words(40, None)
    ('in batches of 32 points (25 steps an epoch)', 'in batches of 32 points (5 steps an \
epoch)', 'on all 40 points at once (one step an epoch)')
    """
    steps, size, _ = epoch_steps(n, batch_size)
    if steps == 1:
        return f"on all {point_count(n)} at once (one step an epoch)"
    return f"in batches of {point_count(size)} ({steps} steps an epoch)"


def epoch_steps(n: int, batch_size: int | None) -> tuple[int, int, int]:
    """How :func:`nnmath.training.train` cuts an epoch over ``n`` points into batches:
    the number of steps, the batch size and the size of the last batch.

    >>> epoch_steps(300, 32), epoch_steps(800, 32), epoch_steps(20, 32), epoch_steps(9, None)
    ((10, 32, 12), (25, 32, 32), (1, 20, 20), (1, 9, 9))
    """
    size = n if batch_size is None else min(int(batch_size), n)
    steps = -(-n // size)
    return steps, size, n - (steps - 1) * size


def training_words(history: tuple[float, ...], learning_rate: float,
                   accuracy: float | None, *, loss: str = "mse", outputs: int = 1,
                   n: int | None = None, batch_size: int | None = None) -> str:
    """How training went, from the recorded losses, naming the loss they are
    (:func:`nnmath.training.loss_name`) and, given ``n`` points, how an epoch steps.

    >>> print(training_words((0.7, 0.3, 0.1), 0.5, 0.975, loss="cross_entropy", n=40,
    ...                      batch_size=8))  # doctest: +NORMALIZE_WHITESPACE
    Trained for 2 epochs of gradient descent at learning rate 0.5, in batches of 8 points (5
    steps an epoch): its loss, the cross-entropy, falls from 0.700 to 0.100, and 97.5 % of the
    points are classified right.
    """
    epochs = len(history) - 1
    verb = "falls" if history[-1] < history[0] else "goes"
    how = "" if n is None else ", " + batch_words(n, batch_size)
    text = (f"Trained for {epochs} epoch{'s' if epochs != 1 else ''} of gradient descent at "
            f"learning rate {fmt_number(learning_rate, 4)}{how}: its loss, "
            f"{loss_name(loss, outputs)}, {verb} from {fmt_loss(history[0])} to "
            f"{fmt_loss(history[-1])}")
    if accuracy is not None:
        text += f", and {fmt_percent(accuracy, 1)} % of the points are classified right"
    return text + "."


def class_words(outputs: int, accuracy: float, threshold: float = 0.5) -> str:
    """How the output is read as classes, and the share of points it gets right: one
    output against its ``threshold``, several by the largest.

    >>> print(class_words(1, 0.99))  # doctest: +NORMALIZE_WHITESPACE
    Read as classes (class 1 at 0.5 or above, class 0 below), 99 % of the points end on the
    right side of 0.5.
    >>> print(class_words(3, 0.96))
    Read as classes, the largest of the 3 outputs names the right class for 96 % of the points.
    """
    share = fmt_percent(accuracy, 1)
    if outputs == 1:
        t = fmt_number(threshold)
        return (f"Read as classes (class 1 at {t} or above, class 0 below), {share} % of the "
                f"points end on the right side of {t}.")
    return (f"Read as classes, the largest of the {outputs} outputs names the right class "
            f"for {share} % of the points.")
