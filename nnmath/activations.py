"""Elementwise activation functions, their derivatives and how the course names them.

Each activation has one :class:`Activation` record (name, on-screen and spoken
names, function, derivative, where it or its slope jumps); :func:`activation`
looks it up by name. All functions accept scalars or array-likes and return a
float ndarray (or a numpy float for scalar input).

Example:
    >>> float(heaviside(0.0)), float(sigmoid(0.0)), float(relu(-2.0))
    (1.0, 0.5, 0.0)
    >>> float(activation("sigmoid").derivative(0.0))
    0.25
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
    "relu",
    "sigmoid",
    "slope_hill",
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

    @property
    def squashes(self) -> bool:
        """It squeezes every input, smoothly, into a bounded band (sigmoid, tanh):
        bounded on both sides and without jumps.

        Example:
            >>> activation("tanh").squashes, activation("relu").squashes
            (True, False)
        """
        return bool(np.all(np.isfinite(self.bounds))) and not self.jumps

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
    )
}

ACTIVATIONS: tuple[str, ...] = tuple(_REGISTRY)


def check_activation_name(name: Any) -> str:
    """Return ``name`` if it is a known activation, else raise ``ValueError``.

    Example:
        >>> check_activation_name("relu")
        'relu'
    """
    if not isinstance(name, str) or name not in _REGISTRY:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; known activations: {known}")
    return name


def activation(name: str) -> Activation:
    """The :class:`Activation` record of the named activation (one of :data:`ACTIVATIONS`).

    Derivatives: ``sigmoid' = s(1-s)``, ``tanh' = 1 - tanh^2``, ``relu'(x) = 1 if
    x > 0 else 0`` (so ``relu'(0) = 0``), ``heaviside' = 0`` (almost everywhere),
    ``identity' = 1``.

    Example:
        >>> activation("relu").function is relu
        True
        >>> activation("relu").derivative([-1.0, 0.0, 2.0]).tolist()
        [0.0, 0.0, 1.0]
    """
    return _REGISTRY[check_activation_name(name)]


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
