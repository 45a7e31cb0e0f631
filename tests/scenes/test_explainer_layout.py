"""The explainer's frames read cleanly at the end of every stage (scenes/explainer.py
checks each stage's last frame as a beat's): on wide-xor, whose b_2 card was drawn over
the network's card and whose axis names sat on the cloud and the other axes. The scene
is the one tests/scenes/test_explainer_legible.py builds (once per session)."""

from __future__ import annotations

from tests.scenes.helpers import build
from tests.scenes.test_explainer_legible import LegibleWide


def test_every_stage_of_the_explainer_reads_cleanly(monkeypatch, tmp_path):
    scene = build(LegibleWide, None, monkeypatch, tmp_path)
    stages = [s.name for s in scene.script.shots]
    assert scene.layout_report == []
    assert len(stages) == 9  # each checked: the last at the beat's end, the others after it
    # the last stage's card (b_3) sits above the network's card, back at its place
    assert scene.summary_shown
    assert scene.card.get_bottom()[1] >= scene.summary.get_top()[1]
