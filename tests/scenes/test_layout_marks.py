"""The layout check keeps text clear of what the picture shows (scenes/layoutcheck.py):
points of a cloud and dots, cards, lines, in 2D and 3D, and lets pass what is meant
(a legend's dot on its card, text on a panel over grid or axis lines, a formula with
its own background over a line, a coordinate plane's faint grid)."""

from __future__ import annotations

import numpy as np
import pytest
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    DashedLine,
    Dot,
    Line,
    MathTex,
    NumberPlane,
    RoundedRectangle,
    Text,
    tempconfig,
)

from scenes.base import ChapterScene, ChapterScene3D, beat
from scenes.components import panel
from scenes.components.point_cloud import CloudFrame, PointCloud
from scenes.layoutcheck import layout_problems, marks
from tests.scenes.helpers import dry_run_config


def _frame(tmp_path, build, three_d: bool = False) -> list[str]:
    """The check's report for one frame that ``build(scene)`` draws."""

    class Frame(ChapterScene3D if three_d else ChapterScene):
        chapter = 1
        title = "Frame"

        @beat("One frame")
        def one(self):
            build(self)

    Frame.__name__ = "Frame"
    with tempconfig(dry_run_config(tmp_path)):
        scene = Frame(skip_animations=True)
        scene.render()
        return [line.split(": ", 1)[1] for line in scene.layout_report
                if "Frame beat one" in line]


def _cloud(n: int = 50, centre=(0.0, 0.0)) -> PointCloud:
    points = np.random.default_rng(0).uniform(-0.5, 0.5, (n, 2)) + np.asarray(centre)
    return PointCloud(points, frame=CloudFrame.scaled())


def test_text_on_a_cloud_is_reported_and_beside_it_passes(tmp_path):
    on = _frame(tmp_path, lambda s: s.add(_cloud(), Text("on top", font_size=30)))
    assert any("Text 'ontop'" in line and "covers" in line and "points" in line
               for line in on), on
    beside = _frame(tmp_path, lambda s: s.add(_cloud(), Text("beside", font_size=30)
                                              .move_to(3 * RIGHT)))
    assert beside == []


def test_a_card_hiding_points_is_reported_and_a_legend_dot_on_its_card_is_not(tmp_path):
    def hiding(s):
        s.add(_cloud(centre=(-4.0, 0.0)), panel(Text("note", font_size=30)).move_to(4 * LEFT))

    assert any(line.startswith("card at") and "covers" in line
               for line in _frame(tmp_path, hiding))

    def legend(s):
        card = RoundedRectangle(width=3, height=1, fill_opacity=1, fill_color="#333333")
        card.move_to(3 * RIGHT)
        s.add(card, Text("rain", font_size=30).move_to(card.get_center() + 0.5 * RIGHT),
              Dot(card.get_left() + 0.4 * RIGHT, radius=0.08))
    assert _frame(tmp_path, legend) == []


def test_a_line_through_text_is_reported_unless_a_card_or_background_hides_it(tmp_path):
    def crossed(s):
        s.add(Text("threshold", font_size=30), DashedLine(4 * LEFT, 4 * RIGHT))

    assert any("is crossed by a DashedLine" in line for line in _frame(tmp_path, crossed))

    def on_panel(s):
        s.add(Line(4 * LEFT, 4 * RIGHT), panel(Text("threshold", font_size=30)))
    assert _frame(tmp_path, on_panel) == []

    def own_background(s):
        tex = MathTex("0.5", font_size=30)
        tex.add_background_rectangle(opacity=0.85)
        s.add(Line(4 * LEFT, 4 * RIGHT), tex)
    assert _frame(tmp_path, own_background) == []

    def background_below_the_line(s):  # drawn first, the line runs over it
        tex = MathTex("0.5", font_size=30)
        tex.add_background_rectangle(opacity=0.85)
        s.add(tex, Line(4 * LEFT, 4 * RIGHT))
    assert any("crossed" in line for line in _frame(tmp_path, background_below_the_line))


def test_what_is_on_top_follows_z_index_as_the_camera_does(tmp_path):
    def line_raised(s):  # added first, drawn last: it runs over the card and the text
        s.add(Line(4 * LEFT, 4 * RIGHT).set_z_index(5), panel(Text("threshold", font_size=30)))
    assert any("crossed by a Line" in line for line in _frame(tmp_path, line_raised))

    def card_raised(s):  # added first, drawn last: it hides the line
        s.add(panel(Text("threshold", font_size=30)).set_z_index(5), Line(4 * LEFT, 4 * RIGHT))
    assert _frame(tmp_path, card_raised) == []


def test_a_planes_faint_grid_does_not_count_but_its_axes_do(tmp_path):
    grid = _frame(tmp_path, lambda s: s.add(NumberPlane(), Text("x", font_size=30)
                                            .move_to(1.5 * UP + 1.5 * RIGHT)))
    assert grid == []
    axis = _frame(tmp_path, lambda s: s.add(NumberPlane(), Text("on the axis", font_size=30)
                                            .move_to(1.5 * UP)))
    assert any("crossed by a NumberLine" in line for line in axis), axis


def test_cards_lie_apart_or_nested_and_text_on_a_card_wholly(tmp_path):
    def overlapping(s):
        s.add(panel(Text("one", font_size=30)), panel(Text("two", font_size=30))
              .shift(0.4 * RIGHT + 0.2 * DOWN))
    report = _frame(tmp_path, overlapping)
    assert any(line.startswith("the cards at") and line.endswith("overlap") for line in report)

    def straddling(s):
        card = RoundedRectangle(width=2, height=1, fill_opacity=1, fill_color="#333333")
        s.add(card, Text("half on", font_size=30).move_to(card.get_right()))
    assert any("straddles the edge of a card" in line for line in _frame(tmp_path, straddling))

    def nested(s):
        outer = RoundedRectangle(width=6, height=3, fill_opacity=1, fill_color="#333333")
        s.add(outer, panel(Text("inside", font_size=30)))
    assert _frame(tmp_path, nested) == []


def test_a_3d_label_counts_where_it_lands_on_the_cloud(tmp_path):
    def build(s):
        axes = Axes(x_range=(-2, 2, 1), y_range=(-2, 2, 1), x_length=4, y_length=4)
        label = MathTex("h_1", font_size=36)
        s.add(axes, _cloud(centre=(0.0, 0.0)))
        s.add_fixed_orientation_mobjects(label)
    report = _frame(tmp_path, build, three_d=True)
    assert any("'h_1'" in line and "covers" in line for line in report), report


@pytest.mark.parametrize("dx, expected", [(0.0, True), (3.0, False)])
def test_marks_are_found_in_pixels(tmp_path, dx, expected):
    with tempconfig(dry_run_config(tmp_path)):
        scene = ChapterScene(skip_animations=True)
        scene.add(_cloud(), Text("label", font_size=30).shift(dx * RIGHT))
        found = marks(scene)
        assert len(found.points) == 50
        assert bool(layout_problems(scene)) is expected
