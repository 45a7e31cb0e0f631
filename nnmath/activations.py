"""Elementwise activation functions and their derivatives.

All functions accept scalars or array-likes and return a float ndarray (or a
numpy float for scalar input).

Example:
    >>> float(heaviside(0.0)), float(sigmoid(0.0)), float(relu(-2.0))
    (1.0, 0.5, 0.0)
    >>> float(derivative("sigmoid")(0.0))
    0.25
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.special import expit

__all__ = [
    "ACTIVATIONS",
    "activation",
    "derivative",
    "get_activation",
    "heaviside",
    "identity",
    "relu",
    "sigmoid",
    "tanh",
]

Activation = Callable[[Any], Any]

ACTIVATIONS: tuple[str, ...] = ("heaviside", "sigmoid", "tanh", "relu", "identity")


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


_FUNCS: dict[str, Activation] = {
    "heaviside": heaviside,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "identity": identity,
}

_DERIVS: dict[str, Activation] = {
    "heaviside": _d_heaviside,
    "sigmoid": _d_sigmoid,
    "tanh": _d_tanh,
    "relu": _d_relu,
    "identity": _d_identity,
}


def check_activation_name(name: Any) -> str:
    """Return ``name`` if it is a known activation, else raise ``ValueError``.

    Example:
        >>> check_activation_name("relu")
        'relu'
    """
    if not isinstance(name, str) or name not in _FUNCS:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; known activations: {known}")
    return name


def activation(name: str) -> Activation:
    """Look an activation function up by name (one of :data:`ACTIVATIONS`).

    Example:
        >>> activation("relu") is relu
        True
    """
    return _FUNCS[check_activation_name(name)]


get_activation = activation


def derivative(name: str) -> Activation:
    """Return the derivative of the named activation.

    ``sigmoid' = s(1-s)``, ``tanh' = 1 - tanh^2``, ``relu'(x) = 1 if x > 0 else 0``
    (so ``relu'(0) = 0``), ``heaviside' = 0`` (almost everywhere), ``identity' = 1``.

    Example:
        >>> derivative("relu")([-1.0, 0.0, 2.0]).tolist()
        [0.0, 0.0, 1.0]
    """
    return _DERIVS[check_activation_name(name)]
