"""Activation functions, their derivatives and how the course names them.

Each activation has one :class:`Activation` record (name, on-screen and spoken
names, function, derivative, where it or its slope jumps); :func:`activation`
looks it up by name. All functions accept scalars or array-likes and return a
float ndarray (or a numpy float for scalar input).

Every activation works number by number but one: softmax turns each row (a point's
outputs) into shares that add up to 1. The leaky ReLU's slope below 0 is part of its
name: ``"leaky_relu"`` has PyTorch's and ONNX's default 0.01, ``"leaky_relu(0.2)"``
another (:func:`leaky_relu_name`).

Example:
    >>> float(heaviside(0.0)), float(sigmoid(0.0)), float(relu(-2.0))
    (1.0, 0.5, 0.0)
    >>> float(activation("sigmoid").derivative(0.0))
    0.25
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np
from scipy.special import expit

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "activation",
    "check_activation_name",
    "heaviside",
    "identity",
    "leaky_relu",
    "leaky_relu_name",
    "relu",
    "sigmoid",
    "slope_hill",
    "softmax",
    "tanh",
]


def _f(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=float)


def _out(arr: np.ndarray) -> Any:
    """Return a numpy float for 0-d results, the array otherwise."""
    return arr[()] if arr.ndim == 0 else arr


def heaviside(x: Any) -> Any:
    """Step function: 1 where ``x >= 0``, else 0 (so ``heaviside(0) == 1``).

    Example:
        >>> heaviside([-0.001, 0.0, 0.001]).tolist()
        [0.0, 1.0, 1.0]
    """
    return _out(np.where(_f(x) >= 0, 1.0, 0.0))


def sigmoid(x: Any) -> Any:
    """Logistic function ``1 / (1 + exp(-x))`` via ``scipy.special.expit``.

    Never overflows; results lie in ``[0, 1]`` (strictly inside for moderate x).

    Example:
        >>> float(sigmoid(0))
        0.5
    """
    return _out(np.asarray(expit(_f(x)), dtype=float))


def tanh(x: Any) -> Any:
    """Hyperbolic tangent, values in ``[-1, 1]``.

    Example:
        >>> round(float(tanh(0.5)), 3)
        0.462
    """
    return _out(np.tanh(_f(x)))


def relu(x: Any) -> Any:
    """Rectified linear unit ``max(x, 0)``.

    Example:
        >>> relu([-2, 3]).tolist()
        [0.0, 3.0]
    """
    return _out(np.maximum(_f(x), 0.0))


#: The leaky ReLU's slope below 0 when its name gives none (PyTorch's and ONNX's).
LEAKY_SLOPE = 0.01


def leaky_relu(x: Any, slope: float = LEAKY_SLOPE) -> Any:
    """Leaky ReLU: ``x`` where ``x >= 0``, ``slope * x`` below.

    Example:
        >>> leaky_relu([-2.0, 3.0]).tolist(), leaky_relu([-2.0], 0.2).tolist()
        ([-0.02, 3.0], [-0.4])
    """
    a = _f(x)
    return _out(np.where(a >= 0, a, slope * a))


def softmax(z: Any, axis: int = -1) -> Any:
    """Shares that add up to 1 along ``axis``, the last by default (each row of
    ``(n, k)`` outputs): ``exp(z_i) / sum_j exp(z_j)``, computed from ``z - max(z)`` so
    that it never overflows.

    Example:
        >>> softmax([0.0, 0.0]).tolist(), softmax([[1000.0, 0.0]]).round(6).tolist()
        ([0.5, 0.5], [[1.0, 0.0]])
        >>> softmax([[0.0, 1000.0], [0.0, 1000.0]], axis=0).tolist()
        [[0.5, 0.5], [0.5, 0.5]]
    """
    from scipy.special import softmax as _softmax

    arr = _f(z)
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral) or not (
        -max(arr.ndim, 1) <= axis < max(arr.ndim, 1)
    ):
        raise ValueError(f"softmax's axis must be an integer from {-max(arr.ndim, 1)} to "
                         f"{max(arr.ndim, 1) - 1} for an array of {arr.ndim} dimensions, "
                         f"got {axis!r}")
    return _out(np.asarray(_softmax(arr, axis=int(axis) if arr.ndim else None), dtype=float))


def identity(x: Any) -> Any:
    """Linear (identity) activation: returns ``x`` as floats.

    Example:
        >>> float(identity(-4))
        -4.0
    """
    return _out(_f(x).copy())


def _d_heaviside(x: Any) -> Any:
    # Derivative "almost everywhere": zero (undefined at 0, we use 0).
    return _out(np.zeros_like(_f(x)))


def _d_sigmoid(x: Any) -> Any:
    s = np.asarray(expit(_f(x)), dtype=float)
    return _out(s * (1.0 - s))


def _d_tanh(x: Any) -> Any:
    t = np.tanh(_f(x))
    return _out(1.0 - t * t)


def _d_relu(x: Any) -> Any:
    # relu'(0) is defined as 0.
    return _out(np.where(_f(x) > 0, 1.0, 0.0))


def _d_identity(x: Any) -> Any:
    return _out(np.ones_like(_f(x)))


def _d_leaky_relu(x: Any, slope: float = LEAKY_SLOPE) -> Any:
    # its slope at 0 is 1 (x >= 0 is the identity side, as the function is written)
    return _out(np.where(_f(x) >= 0, 1.0, slope))


def _d_softmax(x: Any) -> Any:
    raise ValueError("softmax has no derivative number by number (each share depends on "
                     "every output); expected it as the output layer, trained with "
                     "loss='cross_entropy'")


@dataclass(frozen=True)
class Activation:
    """Everything the course says about one activation function, in one place.

    Attributes:
        name: the name used everywhere in code, e.g. ``"relu"`` (one of :data:`ACTIVATIONS`).
        display: how it is written on screen: ``"ReLU"``, ``"sigmoid"``, ``"step"``...
        spoken: how narration names it: ``"ReLU"``, ``"the sigmoid"``, ``"the step"``...
        function: the elementwise function itself.
        derivative: its derivative (a chosen value where it has none, see :func:`activation`).
        jumps: inputs where the function jumps (Heaviside at 0).
        slope_jumps: inputs where the derivative jumps (ReLU's slope at 0).
        bounds: the lowest and highest values it can approach (``-inf``/``inf`` when
            it has no bound on that side): ``(0, 1)`` for the sigmoid.
        elementwise: each output depends on its own input only (False: softmax).
        slope: the leaky ReLU's slope below 0 (None for the others).

    Calling the record calls ``function``.

    Example:
        >>> step = activation("heaviside")
        >>> step.display, step.spoken, step.jumps, float(step(0.0))
        ('step', 'the step', (0.0,), 1.0)
    """

    name: str
    display: str
    spoken: str
    function: Callable[[Any], Any]
    derivative: Callable[[Any], Any]
    jumps: tuple[float, ...] = ()
    slope_jumps: tuple[float, ...] = ()
    bounds: tuple[float, float] = (-np.inf, np.inf)
    elementwise: bool = True
    slope: float | None = None

    @property
    def squashes(self) -> bool:
        """It squeezes every input, smoothly, into a bounded band (sigmoid, tanh):
        bounded on both sides and without jumps.

        Example:
            >>> activation("tanh").squashes, activation("relu").squashes
            (True, False)
        """
        return (bool(np.all(np.isfinite(self.bounds))) and not self.jumps
                and self.elementwise)

    def __call__(self, x: Any) -> Any:
        """``function(x)``."""
        return self.function(x)


_REGISTRY: dict[str, Activation] = {
    record.name: record
    for record in (
        Activation("heaviside", "step", "the step", heaviside, _d_heaviside, jumps=(0.0,),
                   bounds=(0.0, 1.0)),
        Activation("sigmoid", "sigmoid", "the sigmoid", sigmoid, _d_sigmoid,
                   bounds=(0.0, 1.0)),
        Activation("tanh", "tanh", "tanh", tanh, _d_tanh, bounds=(-1.0, 1.0)),
        Activation("relu", "ReLU", "ReLU", relu, _d_relu, slope_jumps=(0.0,),
                   bounds=(0.0, np.inf)),
        Activation("identity", "identity", "the identity", identity, _d_identity),
        Activation("leaky_relu", "leaky ReLU", "the leaky ReLU", leaky_relu, _d_leaky_relu,
                   slope_jumps=(0.0,), slope=LEAKY_SLOPE),
        Activation("softmax", "softmax", "softmax", softmax, _d_softmax, bounds=(0.0, 1.0),
                   elementwise=False),
    )
}

#: Every activation's name (a leaky ReLU of another slope: :func:`leaky_relu_name`).
ACTIVATIONS: tuple[str, ...] = tuple(_REGISTRY)

_LEAKY = re.compile(r"leaky_relu\((?P<slope>[^()]*)\)")


def leaky_relu_name(slope: float) -> str:
    """The name of a leaky ReLU with ``slope`` below 0 (in ``[0, 1)``):
    ``"leaky_relu"`` for the default 0.01, else ``"leaky_relu(<slope>)"`` with the slope
    to 6 significant digits (a float32 0.2 read from a model file is ``0.2``).

    Example:
        >>> leaky_relu_name(0.01), leaky_relu_name(0.2), leaky_relu_name(0.20000000298)
        ('leaky_relu', 'leaky_relu(0.2)', 'leaky_relu(0.2)')
    """
    value = float(slope)
    if not (np.isfinite(value) and 0.0 <= value < 1.0):
        raise ValueError(f"a leaky ReLU's slope below 0 must be a number from 0 up to "
                         f"(not including) 1, got {slope!r}")
    text = f"{value:.6g}"
    return "leaky_relu" if float(text) == LEAKY_SLOPE else f"leaky_relu({text})"


def check_activation_name(name: Any, one_neuron: bool = False) -> str:
    """Return ``name`` (a leaky ReLU's as :func:`leaky_relu_name` writes it) if it is a
    known activation, else raise ``ValueError``. ``one_neuron``: the activation of a
    single neuron, which softmax (shares of a whole layer's outputs) cannot be.

    Example:
        >>> check_activation_name("relu"), check_activation_name("leaky_relu(0.10)")
        ('relu', 'leaky_relu(0.1)')
    """
    if isinstance(name, str):
        if name in _REGISTRY:
            if one_neuron and not _REGISTRY[name].elementwise:
                alone = ", ".join(n for n in ACTIVATIONS if _REGISTRY[n].elementwise)
                raise ValueError(f"{name} shares a whole layer's outputs out and cannot be "
                                 f"one neuron's activation; expected one of: {alone}")
            return name
        leaky = _LEAKY.fullmatch(name.replace(" ", ""))
        if leaky:
            try:
                slope = float(leaky["slope"])
            except ValueError:
                slope = float("nan")
            try:
                return leaky_relu_name(slope)
            except ValueError as err:
                raise ValueError(f"{name!r}: {err}") from None
    known = ", ".join(ACTIVATIONS)
    raise ValueError(f"unknown activation {name!r}; known activations: {known} "
                     "(a leaky ReLU of another slope: leaky_relu(0.2))")


def activation(name: str) -> Activation:
    """The :class:`Activation` record of the named activation (one of :data:`ACTIVATIONS`).

    Derivatives: ``sigmoid' = s(1-s)``, ``tanh' = 1 - tanh^2``, ``relu'(x) = 1 if
    x > 0 else 0`` (so ``relu'(0) = 0``), ``heaviside' = 0`` (almost everywhere),
    ``identity' = 1``, ``leaky_relu'(x) = 1 if x >= 0 else slope``; softmax has none
    number by number (it trains as the output, with the cross-entropy).

    Example:
        >>> activation("relu").function is relu
        True
        >>> activation("relu").derivative([-1.0, 0.0, 2.0]).tolist()
        [0.0, 0.0, 1.0]
        >>> leaky = activation("leaky_relu(0.2)")
        >>> leaky.name, leaky.slope, leaky([-1.0, 1.0]).tolist()
        ('leaky_relu', 0.2, [-0.2, 1.0])
    """
    checked = check_activation_name(name)
    if checked in _REGISTRY:
        return _REGISTRY[checked]
    slope = float(_LEAKY.fullmatch(checked)["slope"])  # type: ignore[index]
    return replace(_REGISTRY["leaky_relu"], slope=slope,
                   function=partial(leaky_relu, slope=slope),
                   derivative=partial(_d_leaky_relu, slope=slope))


def slope_hill(name: str) -> tuple[float, float]:
    """The hill a squashing activation's slope draws (sigmoid, tanh): its height, at
    x = 0, and its width at half that height.

    Example:
        >>> [round(v, 4) for v in slope_hill("sigmoid")], [round(v, 4) for v in slope_hill("tanh")]
        ([0.25, 3.5255], [1.0, 1.7627])
    """
    from scipy.optimize import brentq

    record = activation(name)
    if not record.squashes:
        raise ValueError(f"{name}'s slope draws no hill; expected a squashing activation "
                         "(sigmoid or tanh)")
    top = float(record.derivative(0.0))
    far = 1.0
    while float(record.derivative(far)) > top / 2:  # bracket the half-height point
        far *= 2.0
    half = brentq(lambda x: float(record.derivative(x)) - top / 2, 0.0, far, xtol=1e-12)
    return top, 2.0 * half  # the slope is even: the hill is symmetric about 0
