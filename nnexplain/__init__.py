"""Explain your own small network: a TOML spec (sizes, activations, weights, points)
read, checked and computed for the stage-by-stage point-cloud explainer video.

``nnexplain validate my.toml`` checks a spec, ``nnexplain example`` prints a commented
one, ``nnexplain render my.toml`` makes the video; in Python, :func:`from_model` explains a
fitted scikit-learn MLP or a model file on your points. Nothing here imports manim except
the renderer.

Example:
    >>> from nnexplain import SpecError, check
    >>> issubclass(SpecError, ValueError)
    True
"""

from __future__ import annotations

from .api import Explainer, from_model
from .compute import Explained, build
from .errors import SpecError
from .schema import DataSpec, NetworkSpec, RenderSpec, Spec, TrainSpec
from .spec import EXAMPLE, check, load_spec

__all__ = [
    "EXAMPLE",
    "DataSpec",
    "Explainer",
    "Explained",
    "NetworkSpec",
    "RenderSpec",
    "Spec",
    "SpecError",
    "TrainSpec",
    "build",
    "check",
    "from_model",
    "load_spec",
]
