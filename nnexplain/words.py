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
"""

from __future__ import annotations

import numpy as np

from nnmath import activation, describe_map
from nnmath.examples import fold_share
from nnmath.linear import TOLERANCE, moves_points
from scenes.fmt import fmt_loss, fmt_number, fmt_percent

__all__ = [
    "activation_words",
    "bias_words",
    "dims",
    "linear_words",
    "pca_words",
    "point_count",
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
        if abs(facts.area_scale - 1.0) <= 0.01:
            return (f"{name} shears the cloud: its {measure} stays the same, but its angles "
                    f"change (it stretches {spread}){flip}.")
        how = "stretches" if _symmetric(W) else "turns and stretches"
        return (f"{name} {how} the cloud, {spread}, so {measure}s are multiplied by "
                f"{fmt_number(facts.area_scale)}{flip}.")
    if n_out > n_in:
        shape = {1: "straight line", 2: "flat sheet"}.get(facts.rank, f"flat {facts.image}")
        return (f"{name} has {n_out} rows: it lifts the {dims(n_in)} cloud into {n_out} "
                f"dimensions, where it lies on a {shape} through the origin.")
    lost = n_in - facts.rank
    what = "one direction is" if lost == 1 else f"{lost} directions are"
    return (f"{name} has {n_out} row{'s' if n_out > 1 else ''}: it flattens the {dims(n_in)} "
            f"cloud down to {dims(n_out)}; {what} lost, so distinct points can land together.")


def _symmetric(W: np.ndarray) -> bool:
    return bool(np.allclose(W, W.T, rtol=0.0, atol=TOLERANCE))


def _box(width: int) -> str:
    """The unit box of a width: interval, square, cube, 5-D cube."""
    return {1: "interval", 2: "square", 3: "cube"}.get(width, f"{width}-D cube")


def pca_words(width: int, share: float) -> str:
    """The sentence that says the picture is a projection of a wide layer.

    >>> print(pca_words(8, 0.934))  # doctest: +NORMALIZE_WHITESPACE
    We see its 8 coordinates through the 3 directions it spreads most in (PCA): 93 % of its
    spread.
    """
    return (f"We see its {width} coordinates through the 3 directions it spreads most in "
            f"(PCA): {fmt_percent(share)} % of its spread.")


def bias_words(k: int, before: np.ndarray, b: np.ndarray) -> str:
    """Where adding ``b_k`` moves the centre of the cloud ``before``.

    >>> bias_words(1, np.ones((3, 2)), np.zeros(2))
    'b1 is zero: no point moves.'
    """
    b = np.ravel(np.asarray(b, dtype=float))
    if not moves_points(b):
        return f"b{k} is zero: no point moves."
    centre = np.asarray(before, dtype=float).mean(axis=0)
    if len(b) <= 3:
        return (f"Adding b{k} = {vector(b)} slides every point the same way: the centre of "
                f"the cloud moves from {vector(centre)} to {vector(centre + b)}.")
    return (f"Adding b{k} slides every point the same way: the centre of the cloud moves "
            f"a distance of {fmt_number(float(np.linalg.norm(b)))}.")


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
        where = {1: "zero", 2: "the axes"}.get(width, "the coordinate planes"
                                               if width == 3 else "the walls of the space")
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
        squeeze = ""
        if high - low > 0:
            squeeze = (f", {fmt_number((high - low) / max(out_high - out_low, 1e-12), 1)} "
                       "times narrower")
        return (f"{who} squashes every coordinate into ({fmt_number(lo)}, {fmt_number(hi)}): "
                f"values from {fmt_number(low)} to {fmt_number(high)} end between "
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


def training_words(history: tuple[float, ...], learning_rate: float,
                   accuracy: float | None) -> str:
    """How training went, from the recorded losses.

    >>> print(training_words((0.7, 0.3, 0.1), 0.5, 0.975))  # doctest: +NORMALIZE_WHITESPACE
    Trained for 2 epochs of gradient descent at learning rate 0.5: the loss falls from 0.700
    to 0.100, and 97.5 % of the points are classified right.
    """
    epochs = len(history) - 1
    verb = "falls" if history[-1] < history[0] else "goes"
    text = (f"Trained for {epochs} epoch{'s' if epochs != 1 else ''} of gradient descent at "
            f"learning rate {fmt_number(learning_rate, 4)}: the loss {verb} from "
            f"{fmt_loss(history[0])} to {fmt_loss(history[-1])}")
    if accuracy is not None:
        text += f", and {fmt_percent(accuracy, 1)} % of the points are classified right"
    return text + "."
