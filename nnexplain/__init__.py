"""Explain your own small network: a TOML spec (sizes, activations, weights, points)
read, checked and computed for the stage-by-stage point-cloud explainer video.

``nnexplain validate my.toml`` checks a spec, ``nnexplain example`` prints a commented
one, ``nnexplain render my.toml`` makes the video. Nothing here imports manim except
the renderer.

Example:
    >>> from nnexplain import SpecError, check
    >>> issubclass(SpecError, ValueError)
    True
"""

from __future__ import annotations

from .compute import Explained, build
from .errors import SpecError
from .schema import DataSpec, NetworkSpec, RenderSpec, Spec, TrainSpec
from .spec import EXAMPLE, check, load_spec

__all__ = [
    "EXAMPLE",
    "DataSpec",
    "Explained",
    "NetworkSpec",
    "RenderSpec",
    "Spec",
    "SpecError",
    "TrainSpec",
    "build",
    "check",
    "load_spec",
]
