"""Chapter 9: training you can watch, and your own network.

ExplainMyNetwork is the generator's explainer (:mod:`scenes.explainer`) on one of the
example specs in ``examples/``; ``nnexplain render my.toml`` makes the same video for
any spec.

Render one scene::

    manim -qm scenes/ch09_training.py ExplainMyNetwork
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scenes.explainer import ExplainSpec, ExplainSpecParams, env_spec
from scenes.params import ParamsError

__all__ = ["ExplainMyNetwork", "ExplainMyNetworkParams"]

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class ExplainMyNetworkParams(ExplainSpecParams):
    """Which spec the chapter explains (a path relative to the project), and how it plays."""

    spec: str = "examples/moons.toml"  # the spec file to explain (see nnexplain example)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not (ROOT / self.spec).is_file():
            raise ParamsError(f"spec must name a spec file (e.g. examples/moons.toml), "
                              f"got {self.spec!r}: no such file")


class ExplainMyNetwork(ExplainSpec):
    """A spec in, the whole stage-by-stage explainer out: the generator on an example."""

    title = "Explain your own network"
    Params = ExplainMyNetworkParams
    chapter = None  # chapter 9, from the module

    def spec_path(self) -> Path | None:
        """``$NN_SPEC`` if set, else the ``spec`` parameter."""
        return env_spec() or ROOT / self.params.spec
