"""Numbers a viewer reads off an activation curve.

Small helpers for the activation-function scenes: one neuron's response
``f(w * x + b)``, the additivity check ``f(a + b)`` against ``f(a) + f(b)`` that
tells a linear function from a non-linear one, the input where a curve crosses a
level (a biased sigmoid crosses 0.5 at ``x = -b / w``), the peak of a curve, and a
probability as a percentage.

Example:
    >>> float(neuron("sigmoid", bias=-10.0)(10.0))
    0.5
    >>> crossing("sigmoid", 0.5, bias=-10.0)
    10.0
    >>> check = additivity("relu", 1.0, -2.0)
    >>> float(check.f_of_sum), float(check.sum_of_f), check.additive
    (0.0, 1.0, False)
    >>> x, top = peak(lambda x: 1 - x**2, -2.0, 3.0)
    >>> abs(x) < 1e-6, round(top, 6)
    (True, 1.0)
    >>> percent(0.5)
    50.0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import logit

from ._validate import check_positive_int, check_scalar
from .activations import activation, check_activation_name

__all__ = [
    "Additivity",
    "Hill",
    "additivity",
    "crossing",
    "crossings",
    "hill",
    "neuron",
    "peak",
    "percent",
]


def neuron(name: str, weight: float = 1.0, bias: float = 0.0) -> Callable[[Any], Any]:
    """One neuron with one input: the function ``x -> f(weight * x + bias)``.

    ``f`` is the activation called ``name``. Scalars in give numpy floats out;
    arrays in give arrays out, like the activations themselves.

    Example:
        >>> steep = neuron("sigmoid", weight=40.0)
        >>> round(float(steep(0.1)), 4)
        0.982
        >>> neuron("relu", weight=2.0, bias=-1.0)([0.0, 1.0, 3.0]).tolist()
        [0.0, 1.0, 5.0]
    """
    f = activation(check_activation_name(name, one_neuron=True))
    w = check_scalar(weight, "weight")
    b = check_scalar(bias, "bias")

    def response(x: Any) -> Any:
        return f(w * np.asarray(x, dtype=float) + b)

    response.__name__ = f"{name}_neuron"
    response.__doc__ = f"{name}({w:g} * x + {b:g})"
    return response


@dataclass(frozen=True)
class Additivity:
    """``f(a + b)`` beside ``f(a) + f(b)``: equal for every a, b only if f is linear.

    Example:
        >>> check = additivity("identity", 1.0, -2.0)
        >>> float(check.a_plus_b), check.additive
        (-1.0, True)
    """

    name: str
    a: float
    b: float
    a_plus_b: float
    f_a: float
    f_b: float
    f_of_sum: float  # f(a + b)
    sum_of_f: float  # f(a) + f(b)

    @property
    def gap(self) -> float:
        """``f(a + b) - (f(a) + f(b))``; zero for a linear function."""
        return self.f_of_sum - self.sum_of_f

    @property
    def additive(self) -> bool:
        """Whether ``f(a + b)`` equals ``f(a) + f(b)`` (to floating-point accuracy)."""
        return bool(np.isclose(self.f_of_sum, self.sum_of_f, rtol=1e-9, atol=1e-12))


def additivity(name: str, a: float, b: float) -> Additivity:
    """Evaluate the additivity test ``f(a + b) == f(a) + f(b)`` for activation ``name``.

    One pair (a, b) that fails is enough to show that ``f`` is not linear.

    Example:
        >>> check = additivity("sigmoid", 1.0, -2.0)
        >>> round(check.f_of_sum, 3), round(check.sum_of_f, 3)
        (0.269, 0.85)
    """
    f = activation(name)
    a_ = check_scalar(a, "a")
    b_ = check_scalar(b, "b")
    s = a_ + b_
    f_a, f_b = float(f(a_)), float(f(b_))
    return Additivity(
        name=name,
        a=a_,
        b=b_,
        a_plus_b=s,
        f_a=f_a,
        f_b=f_b,
        f_of_sum=float(f(s)),
        sum_of_f=f_a + f_b,
    )


def crossing(name: str, level: float = 0.5, weight: float = 1.0, bias: float = 0.0) -> float:
    """The input x where ``f(weight * x + bias)`` equals ``level``.

    Defined for the strictly increasing activations "sigmoid" (level in (0, 1)),
    "tanh" (level in (-1, 1)) and "identity"; ``weight`` must not be 0.

    Example:
        >>> crossing("sigmoid", 0.5, bias=-10.0)
        10.0
        >>> crossing("tanh", 0.0, weight=2.0, bias=3.0)
        -1.5
    """
    check_activation_name(name)
    lvl = check_scalar(level, "level")
    w = check_scalar(weight, "weight")
    b = check_scalar(bias, "bias")
    if w == 0:
        raise ValueError("weight must be non-zero: a flat neuron crosses no level")
    if name == "sigmoid":
        if not 0.0 < lvl < 1.0:
            raise ValueError(f"a sigmoid only takes levels strictly between 0 and 1, got {lvl}")
        z = float(logit(lvl))
    elif name == "tanh":
        if not -1.0 < lvl < 1.0:
            raise ValueError(f"tanh only takes levels strictly between -1 and 1, got {lvl}")
        z = float(np.arctanh(lvl))
    elif name == "identity":
        z = lvl
    else:
        raise ValueError(
            f"crossing needs a strictly increasing activation (sigmoid, tanh, identity), "
            f"got {name!r}"
        )
    x = (z - b) / w
    return 0.0 if x == 0 else x  # never -0.0


def peak(
    function: Callable[[Any], Any], lo: float, hi: float, samples: int = 2001
) -> tuple[float, float]:
    """Where ``function`` is largest on ``[lo, hi]``, and its value there.

    A grid of ``samples`` points finds the best spot, then a bounded scalar search
    refines it between the grid neighbours. For a plateau (say ReLU's derivative,
    1 for every positive x) the answer is one point of the plateau.

    Example:
        >>> from nnmath import activation
        >>> x, top = peak(activation("sigmoid").derivative, -6.0, 6.0)
        >>> abs(x) < 1e-6, round(top, 6)
        (True, 0.25)
    """
    lo_ = check_scalar(lo, "lo")
    hi_ = check_scalar(hi, "hi")
    if not lo_ < hi_:
        raise ValueError(f"peak needs lo < hi, got [{lo_}, {hi_}]")
    n = check_positive_int(samples, "samples")
    if n < 3:
        raise ValueError(f"samples must be at least 3, got {n}")
    xs = np.linspace(lo_, hi_, n)
    ys = np.asarray(function(xs), dtype=float)
    if ys.shape != xs.shape or not np.all(np.isfinite(ys)):
        raise ValueError("function must map an array of inputs to finite outputs of the same shape")
    i = int(np.argmax(ys))
    best_x, best_y = float(xs[i]), float(ys[i])
    left, right = xs[max(i - 1, 0)], xs[min(i + 1, n - 1)]
    found = minimize_scalar(
        lambda x: -float(function(x)), bounds=(left, right), method="bounded",
        options={"xatol": 1e-10},
    )
    if found.success and -found.fun >= best_y:
        best_x, best_y = float(found.x), float(-found.fun)
    return (0.0 if best_x == 0 else best_x), best_y


@dataclass(frozen=True)
class Hill:
    """Where a curve is highest over a plotted range, and how low its ends are.

    Attributes:
        x: where the curve is largest on ``[lo, hi]``.
        top: its value there.
        where: ``"inside"`` the range, or at its ``"left end"`` or ``"right end"``.
        ends: the curve's values at ``lo`` and at ``hi``.
    """

    x: float
    top: float
    where: str
    ends: tuple[float, float]

    @property
    def fades(self) -> bool:
        """Both ends are below 5 % of the top: within the range the curve fades to
        almost nothing on either side of its peak."""
        return self.where == "inside" and max(self.ends) <= 0.05 * self.top


def hill(function: Callable[[Any], Any], lo: float, hi: float) -> Hill:
    """The :class:`Hill` of ``function`` on ``[lo, hi]`` (its :func:`peak` and ends).

    Example:
        >>> from nnmath import activation
        >>> h = hill(activation("sigmoid").derivative, -6.0, 6.0)
        >>> h.where, round(h.top, 6), h.fades
        ('inside', 0.25, True)
        >>> hill(activation("sigmoid").derivative, 2.0, 6.0).where
        'left end'
    """
    x, top = peak(function, lo, hi)
    lo_, hi_ = float(lo), float(hi)
    near = 1e-6 * (hi_ - lo_)
    where = "left end" if x - lo_ <= near else "right end" if hi_ - x <= near else "inside"
    ends = (float(function(lo_)), float(function(hi_)))
    return Hill(x=x, top=top, where=where, ends=ends)


def crossings(stops: Sequence[float], at: float) -> tuple[str, ...]:
    """How a marker moving in straight legs from one of ``stops`` to the next meets
    the value ``at``: ``"up"`` for every leg that goes from below ``at`` to ``at`` or
    beyond, ``"down"`` for every leg that goes from above ``at`` to ``at`` or below,
    in order; ``()`` if the marker never reaches ``at`` on the way.

    Example:
        >>> crossings([4.0, 17.0, 35.0, 14.0], 20.0)
        ('up', 'down')
        >>> crossings([-2.0, 5.0], 10.0)
        ()
    """
    level = check_scalar(at, "at")
    points = [check_scalar(s, "stop") for s in stops]
    out = []
    for a, b in zip(points, points[1:], strict=False):
        if a < level <= b:
            out.append("up")
        elif a > level >= b:
            out.append("down")
    return tuple(out)


def percent(probability: float) -> float:
    """A probability in [0, 1] as a percentage.

    Example:
        >>> percent(0.25)
        25.0
    """
    p = check_scalar(probability, "probability")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"probability must lie in [0, 1], got {p}")
    return 100.0 * p
