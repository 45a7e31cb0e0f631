"""Pure-math core of the neural-network explainers (numpy + scipy only).

Nothing here imports manim: scenes import :mod:`nnmath`, never the other way.

Example:
    >>> import nnmath
    >>> float(nnmath.heaviside(0))
    1.0
    >>> nnmath.parameter_count((784, 16, 16, 10))
    13002
    >>> round(float(nnmath.update(3, 1.21, 0.5)), 3)
    2.395
"""

from __future__ import annotations

from . import (
    clouds,
    conv_digits,
    convolution,
    digits,
    examples,
    fourpixel,
    projection,
    readout,
    regions,
    surfaces,
    training,
    watch,
)
from .activations import (
    ACTIVATIONS,
    Activation,
    activation,
    heaviside,
    identity,
    leaky_relu,
    leaky_relu_name,
    relu,
    sigmoid,
    softmax,
    tanh,
)
from .convolution import (
    ConvNet,
    ConvTrace,
    Pooled,
    conv2d,
    flatten,
    max_pool,
    train_convnet,
    windows,
)
from .descent import VALLEY, Valley, WeightError, descend, update
from .linear import (
    LinearMapFacts,
    affine_map,
    basis_images,
    best_affine_fit,
    describe_map,
    determinant,
    reflection,
    rotation,
    scaling,
    shear,
)
from .network import Layer, Network, Stage, Trace, parameter_count
from .perceptron import (
    Boundary,
    Perceptron,
    PerceptronRun,
    accuracy,
    best_linear_accuracy,
    perceptron_rule,
)
from .training import train

__all__ = [
    "ACTIVATIONS",
    "VALLEY",
    "Valley",
    "WeightError",
    "Activation",
    "Boundary",
    "ConvNet",
    "ConvTrace",
    "Layer",
    "LinearMapFacts",
    "Network",
    "Perceptron",
    "PerceptronRun",
    "Pooled",
    "Stage",
    "Trace",
    "accuracy",
    "affine_map",
    "basis_images",
    "best_affine_fit",
    "determinant",
    "describe_map",
    "activation",
    "best_linear_accuracy",
    "clouds",
    "conv2d",
    "conv_digits",
    "convolution",
    "examples",
    "fourpixel",
    "descend",
    "digits",
    "flatten",
    "heaviside",
    "identity",
    "leaky_relu",
    "leaky_relu_name",
    "max_pool",
    "parameter_count",
    "perceptron_rule",
    "projection",
    "readout",
    "regions",
    "surfaces",
    "reflection",
    "relu",
    "rotation",
    "scaling",
    "shear",
    "sigmoid",
    "softmax",
    "tanh",
    "train",
    "train_convnet",
    "training",
    "update",
    "watch",
    "windows",
]
