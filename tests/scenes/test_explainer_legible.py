"""Every text of the explainer stays readable (issue 22, point 5): no piece of text is
drawn smaller than the theme's smallest size (``small_size``, the smallest that reads
at 480p) at the end of any stage, and nothing overlaps. On wide-xor, whose b_2 card
once made the network's card and itself shrink to 0.65 of their size (the network's
card then stayed at 16 points for the rest of the video)."""

from __future__ import annotations

from pathlib import Path

import pytest
from manim import BackgroundRectangle, Mobject, VGroup

from scenes.explainer import ExplainSpec
from scenes.layoutcheck import text_boxes
from scenes.theme import THEME
from tests.scenes.helpers import build, prepared

SPECS = Path(__file__).resolve().parents[2] / "tests" / "specs"
TOLERANCE = 0.1  # points: the measure's own rounding


def glyph_height(mob: Mobject) -> float:
    """The height of a piece of text's letters (without a background card it holds)."""
    return VGroup(*(m for m in mob.submobjects
                    if not isinstance(m, BackgroundRectangle))).height


def drawn_sizes(scene) -> list[tuple[str, float]]:
    """Each visible piece of text (named as the layout report does: ``Text 'ReLU,tanh'``,
    without spaces) and the font size it is drawn at: its own font size
    (Manim's, which follows every scaling) times what the camera makes of it (a 3D
    label seen from afar is drawn smaller)."""
    camera = scene.renderer.camera
    per_unit = camera.pixel_width / camera.frame_width
    sizes = []
    for box in text_boxes(scene):
        mob = box.mobject
        drawn = (box.bottom - box.top) / per_unit / mob.height  # the camera's magnification
        sizes.append((box.name(), mob.font_size * glyph_height(mob) / mob.height * drawn))
    return sizes


class LegibleWide(ExplainSpec):
    """wide-xor, noting the size of every piece of text at each stage's end and at the
    end of the video (``sizes``: stage -> [(piece, font size)]), and whether the
    network's card is on screen (``network_card``: stage -> bool)."""

    def spec_path(self) -> Path:
        return SPECS / "wide-xor.toml"

    def play_shot(self, shot) -> None:
        super().play_shot(shot)  # nothing moves in the pause that ends the stage
        self.sizes = {**getattr(self, "sizes", {}), shot.name: drawn_sizes(self)}
        self.network_card = {**getattr(self, "network_card", {}),
                             shot.name: self.summary in self.mobjects}

    def closing(self) -> None:
        super().closing()
        self.sizes["closing"] = drawn_sizes(self)
        self.network_card["closing"] = self.summary in self.mobjects


def test_no_text_of_the_explainer_is_drawn_below_the_smallest_size(monkeypatch, tmp_path):
    scene = build(LegibleWide, None, monkeypatch, tmp_path)  # layout report empty too
    assert scene.layout_report == []
    assert list(scene.sizes) == [*scene.explained.stages, "closing"]
    small = [(stage, name, round(size, 1)) for stage, pieces in scene.sizes.items()
             for name, size in pieces if size < THEME.small_size - TOLERANCE]
    assert small == []
    # the network's card is there at the end, its text at the smallest size
    assert scene.network_card["closing"]
    assert [size for name, size in scene.sizes["closing"] if "network2-5-4-2" in name] == [
        pytest.approx(THEME.small_size, abs=TOLERANCE)]


def test_the_network_card_steps_aside_for_a_tall_card_and_comes_back(monkeypatch, tmp_path):
    scene = build(LegibleWide, None, monkeypatch, tmp_path)
    on_screen = scene.network_card
    assert on_screen["linear 1"] and not on_screen["bias 2"]  # b_2's four rows need it
    assert on_screen["closing"]
    # it steps aside once and comes back once: no flicker
    shown = list(on_screen.values())
    assert sum(a != b for a, b in zip(shown, shown[1:], strict=False)) == 2


def test_a_long_title_is_cut_at_a_word_for_the_header_not_shrunk(monkeypatch):
    monkeypatch.delenv("NN_SPEC", raising=False)
    scene = prepared(LegibleWide)
    header = scene._header_text("Two moons, pulled apart by a trained network, "
                                "seen layer by layer")
    assert header.text.endswith("…") and header.font_size == THEME.small_size
    assert scene._header_text("XOR").text == "XOR"
