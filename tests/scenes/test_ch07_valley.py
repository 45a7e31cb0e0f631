"""Chapter 7, part one: BallOnValley, FunctionAndDerivative, UpdateRule.

Frame tests compare against control data in ``tests/scenes/control_data/ch07/``
(regenerate with ``pytest tests/scenes/test_ch07_valley.py --set_test``); the other
tests check that every number shown is nnmath's.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import VALLEY, activation, descend, update
from scenes.ch07_gradient_descent import (
    BallOnValley,
    FunctionAndDerivative,
    UpdateRule,
    UpdateRuleParams,
)
from scenes.components import fmt_number
from scenes.params import ParamsError
from tests.scenes.helpers import dry_run_config, last_frame, prepared, scene_frames

__module_test__ = "ch07"

# --- frames -------------------------------------------------------------------


def test_valley_ball_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, BallOnValley, monkeypatch, tmp_path)
    # on the other hill: the live readout shows nnmath's slope there, negative
    assert scene.tracker.get_value() == scene.params.other_side
    assert scene.slope_number.get_value() == round(float(VALLEY.slope(-3.0)), 2) == -1.22


@scene_frames(base_scene=BallOnValley)
def test_valley_ball_slope_at_ball(scene):
    scene.play_story(until="slope_at_ball")
    assert scene.x_number.get_value() == 3.0
    assert scene.slope_number.get_value() == round(float(VALLEY.slope(3.0)), 2) == 1.22


def test_valley_curves_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, FunctionAndDerivative, monkeypatch, tmp_path)
    assert scene.marks["sigmoid_peak"] == r"\sigma'(0) = 0.25"


@scene_frames(base_scene=FunctionAndDerivative)
def test_valley_curves_steepest(scene):
    scene.play_story(until="bottom_and_steepest")
    assert scene.marks == {"bottom": "f'(0) = 0", "valley_peak": "f'(2.2) = 1.38"}


def test_valley_update_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, UpdateRule, monkeypatch, tmp_path)
    shown = [tuple(cell.tex_string for cell in row) for row in scene.table_rows]
    assert shown[:-1] == scene.rows[:-1]
    assert shown[-1] == (*scene.rows[-1][:3], r"\text{stop}")
    assert scene.tracker.get_value() == pytest.approx(scene.path[-1])


@scene_frames(base_scene=UpdateRule)
def test_valley_update_steps(scene):
    scene.play_story(until="descend_steps")
    assert len(scene.table_rows) == len(scene.path) - 1


# --- numbers shown ------------------------------------------------------------


def test_valley_ball_numbers():
    scene = prepared(BallOnValley)
    assert scene.start_slope == float(VALLEY.slope(3.0))
    assert scene.shown == {"start_slope": "f'(x) = 1.22", "other_slope": "f'(x) = -1.22",
                           "bottom_slope": "f'(x) = 0"}


def test_valley_ball_sits_on_the_curve(tmp_path):
    """The ball touches the curve: its centre is one radius from the curve's point,
    along the normal, wherever it is."""
    from manim import ValueTracker, tempconfig

    from scenes.ch07_gradient_descent import _Ball, _valley_plot
    from scenes.theme import THEME

    with tempconfig(dry_run_config(tmp_path)):  # the shared TeX cache
        plot = _valley_plot((-4.5, 4.5, 1.0), (0.0, 5.0, 1.0), THEME, x_length=8.0,
                            y_length=4.2)
    tracker = ValueTracker(3.0)
    ball = _Ball(plot, tracker, 0.2, 2.0, THEME)
    for x in (3.0, 2.2, 0.0, -3.0):
        tracker.set_value(x)
        centre, foot = ball.centre(), plot.point(x)
        assert np.linalg.norm(centre - foot) == pytest.approx(0.2)
        # the offset is perpendicular to the tangent on screen
        direction = plot.tangent(x, length=1.0).get_unit_vector()
        assert abs(np.dot(centre - foot, direction)) < 1e-9


def test_valley_curves_numbers():
    scene = prepared(FunctionAndDerivative)
    x, top = scene.valley_peak
    assert x == pytest.approx(VALLEY.steepest, abs=1e-6)
    assert top == pytest.approx(float(VALLEY.slope(VALLEY.steepest)))
    assert scene.bottom_slope == 0.0
    x, top = scene.sigmoid_peak
    assert abs(x) < 1e-6 and top == pytest.approx(float(activation("sigmoid").derivative(0.0)))
    assert scene.shown["valley_peak"] == "f'(2.2) = 1.38"
    assert scene.shown["sigmoid_peak"] == r"\sigma'(0) = 0.25"
    assert scene.shown["valley"] == r"f(x) = 5\,\bigl(1 - \exp(-x^2 / 9.68)\bigr)"


def test_valley_update_numbers():
    scene = prepared(UpdateRule)
    path = descend(VALLEY.slope, 3.0, 0.5, 12, tol=0.05)
    np.testing.assert_array_equal(scene.path, path)
    assert len(path) == 9  # 8 steps, then the slope is below 0.05
    # each column keeps one number of decimals: 1.70 under 2.39; f(x) takes four, the
    # fewest at which its smallest value, 0.00054, still shows its digit (not 0 or 0.00)
    assert [r[0] for r in scene.rows] == [f"{v:.2f}" for v in path]
    assert [r[1] for r in scene.rows] == [f"{VALLEY(v):.4f}" for v in path]
    assert [r[2] for r in scene.rows] == [f"{VALLEY.slope(v):.2f}" for v in path]
    assert [r[3] for r in scene.rows] == [f"{v:.2f}" for v in path[1:]] + ["-"]
    assert scene.rows[0] == ("3.00", "3.0267", "1.22", "2.39")
    assert [r[0] for r in scene.rows] == ["3.00", "2.39", "1.70", "1.05", "0.57", "0.28",
                                          "0.14", "0.07", "0.03"]
    assert [r[1] for r in scene.rows][-3:] == ["0.0099", "0.0023", "0.0005"]
    assert scene.steps[0] == r"u(3,\ 1.22,\ 0.5) = 3 - 1.22 \cdot 0.5 = 2.39"
    assert scene.stopped
    assert scene.stop_rule == r"|f'(x)| = 0.03 < 0.05"
    assert abs(VALLEY.slope(path[-1])) < 0.05 <= abs(VALLEY.slope(path[-2]))


def test_valley_update_reproduces_the_seed_trace():
    """Fed the seed's own slopes, the update rule gives the seed's steps."""
    assert update(3.0, 1.21, 0.5) == pytest.approx(2.39, abs=0.01)
    assert fmt_number(update(2.39, 1.9, 0.5)) == "1.44"
    assert fmt_number(update(1.44, 1.56, 0.5)) == "0.66"


def test_valley_update_refuses_a_table_too_long():
    scene = prepared(UpdateRule)
    object.__setattr__(scene, "params", UpdateRuleParams(learning_rate=0.05, max_steps=40))
    with pytest.raises(ParamsError, match="the table holds"):
        scene.prepare()


def test_valley_ball_refuses_a_start_its_story_cannot_tell():
    """The narration says the start slopes up to the right and the other side to the
    left: a start on the wrong side, or at the flat bottom, is refused."""
    from scenes.ch07_gradient_descent import BallOnValleyParams

    for changes in ({"start": -2.0}, {"start": 0.0}, {"other_side": 2.0}):
        scene = BallOnValley.__new__(BallOnValley)
        scene.params = BallOnValleyParams(**changes)
        with pytest.raises(ParamsError, match="hill"):
            BallOnValley.prepare(scene)
