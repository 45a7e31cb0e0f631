"""The explainer's frames read cleanly at the end of every stage (scenes/explainer.py
checks each stage's last frame as a beat's): on wide-xor, whose b_2 card was drawn over
the network's card and whose axis names sat on the cloud and the other axes."""

from __future__ import annotations

from pathlib import Path

from manim import tempconfig

from scenes.explainer import ExplainSpec
from tests.scenes.helpers import dry_run_config

SPECS = Path(__file__).resolve().parents[2] / "tests" / "specs"


class WideSpec(ExplainSpec):
    def spec_path(self) -> Path:
        return SPECS / "wide-xor.toml"


def test_every_stage_of_the_explainer_reads_cleanly(tmp_path, monkeypatch):
    monkeypatch.delenv("NN_SPEC", raising=False)
    with tempconfig(dry_run_config(tmp_path)):
        scene = WideSpec(skip_animations=True)
        scene.render()
    stages = [s.name for s in scene.script.shots]
    assert scene.layout_report == []
    assert len(stages) == 9  # each checked: the last at the beat's end, the others after it
    # the last stage's card (b_3) sits above the network's card
    assert scene.card.get_bottom()[1] >= scene.summary.get_top()[1]
