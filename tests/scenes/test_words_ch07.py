"""Chapter 7 says what its numbers make true, for the defaults and for edge parameters.

Each test builds a scene in a dry run with ``NN_PARAMS`` (as tests/scenes/test_words.py
does), reads back its joined subtitles and checks the sentence against a computation
made here, independently of nnmath's helpers: slopes sampled on a fine grid, crossings
counted by hand, a finite-difference curvature, every threshold of a step tried,
factorials multiplied out. Parameters the words cannot describe are refused with a
ValueError naming the parameter.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from scenes.ch07_gradient_descent import (
    BallOnValley,
    LearningRates,
    LearnTheWeight,
    LossSurface,
    UpdateRule,
)
from scenes.components import fmt_number
from scenes.params import ParamsError
from tests.scenes.helpers import build, prepared, said, says


def _valley(x):
    """Chapter 7's valley, written out again: 5 (1 - exp(-x^2 / (2 * 2.2^2)))."""
    return 5.0 * (1 - np.exp(-np.asarray(x, dtype=float) ** 2 / (2 * 2.2**2)))


def _slope(x, h=1e-6):
    return (_valley(x + h) - _valley(x - h)) / (2 * h)


def _run(start, z, steps, tol):
    """Plain gradient descent on the valley, with the slope by finite differences."""
    path = [float(start)]
    for _ in range(steps):
        if abs(_slope(path[-1])) < tol:
            break
        path.append(path[-1] - z * float(_slope(path[-1])))
    return path


def _over(path):
    """Steps that go from one side of 0 to the other."""
    return sum(1 for a, b in zip(path, path[1:], strict=False) if a * b < 0)


def _said(scene) -> str:
    """The scene's joined subtitles, once its layout check has found nothing."""
    assert scene.layout_report == []
    return said(scene)


# --- point 7: BallOnValley's arrows grow before they shrink -------------------------


def test_ball_arrows_grow_first_from_the_default_start(monkeypatch, tmp_path):
    xs = np.linspace(0.0, 3.0, 30001)
    slopes = np.abs(_slope(xs))
    peak = xs[int(np.argmax(slopes))]
    growth = round(100 * (slopes.max() / abs(_slope(3.0)) - 1))
    assert (fmt_number(peak), growth) == ("2.2", 13)
    text = _said(build(BallOnValley, {}, monkeypatch, tmp_path))
    says(text, [f"both arrows grow, by {growth} %, until x = {fmt_number(peak)}",
                  "Then the tangent flattens, and they shrink"],
           ["both arrows shrink as"])


def test_ball_arrows_only_shrink_from_below_the_steepest_point(monkeypatch, tmp_path):
    xs = np.linspace(0.0, 1.5, 15001)
    assert np.all(np.diff(np.abs(_slope(xs))) > 0)  # steeper all the way up to 1.5
    text = _said(build(BallOnValley, {"start": 1.5}, monkeypatch, tmp_path))
    says(text, ["both arrows shrink as the ground levels out"], ["grow", "steeper"])


def test_ball_refuses_a_bottom_that_is_not_flat(monkeypatch):
    monkeypatch.setenv("NN_PARAMS", '{"bottom": 1.0}')
    with pytest.raises(ParamsError, match="bottom"):
        prepared(BallOnValley)


# --- point 11: UpdateRule's rate sentence, counted -----------------------------------


def test_update_rule_counts_its_jumps_over_the_bottom(monkeypatch, tmp_path):
    path = _run(3.0, 0.5, 12, 0.05)
    assert _over(path) == 0 and len(path) - 1 == 8
    sizes = np.abs(np.diff(path))[2:]  # the steps after the two spelt out
    assert np.all(np.diff(sizes) < 0)
    text = _said(build(UpdateRule, {}, monkeypatch, tmp_path))
    says(text, ["Here z = 0.5: each step moves the ball 0.5 times the slope",
                  "none of its steps jumps over the bottom",
                  "The steps shrink as the slope flattens"],
           ["half a slope", "does not overshoot"])


def test_update_rule_at_a_large_rate(monkeypatch, tmp_path):
    params = {"learning_rate": 1.5, "max_steps": 8, "x_range": [-2, 4, 1]}
    path = _run(3.0, 1.5, 8, 0.05)
    over, n = _over(path), len(path) - 1
    assert 0 < over < n
    text = _said(build(UpdateRule, params, monkeypatch, tmp_path))
    says(text, [f"each step moves the ball 1.5 times the slope, and on this valley {over} "
                  f"of its {n} steps jump over the bottom"], ["none of its steps"])


def test_update_rule_says_the_steps_grow_first_when_they_do(monkeypatch, tmp_path):
    sizes = np.abs(np.diff(_run(3.0, 0.5, 12, 0.05)))
    assert sizes[1] > sizes[0]  # from x = 3 the second step is longer than the first
    text = _said(build(UpdateRule, {"explained_steps": 0}, monkeypatch, tmp_path))
    says(text, ["Each new x goes back into the rule. The steps grow while the slope "
                  "steepens, then shrink as it flattens."], ["And so on"])


# --- points 9 and 11: LearningRates, counted and bounded ----------------------------


def _limit() -> tuple[str, str]:
    h = 1e-4
    curvature = float((_valley(h) - 2 * _valley(0.0) + _valley(-h)) / h**2)
    return fmt_number(curvature), fmt_number(2 / curvature)


def test_learning_rates_count_crossings_and_name_the_curvature(monkeypatch, tmp_path):
    big = _run(3.0, 2.3, 150, 0.05)
    assert len(big) - 1 == 150 and _over(big) == 149 and big[0] * big[1] > 0
    c, limit = _limit()
    assert (c, limit) == ("1.03", "1.94")
    scene = build(LearningRates, {}, monkeypatch, tmp_path)
    text = _said(scene)
    says(text, ["three learning rates: z = 0.05, 0.5 and 2.3, from small to large",
                  "With z = 2.3, 149 of its 150 steps jump right over the bottom",
                  "still bouncing from side to side",
                  f"f''(0) = {c}: only rates below 2 / {c} = {limit} can settle there"],
           ["every step jumps", "a tiny one", "suit the slope"])
    assert scene.limit_card.get_tex_string().endswith(f"= {limit}")
    spoken = " ".join(words for _, words in scene.script_lines)
    assert f"f double prime of 0 is {c}" in spoken and f"2 over {c}, that is {limit}" in spoken


def test_learning_rates_in_any_order_and_a_zigzag(monkeypatch, tmp_path):
    zig = _run(3.0, 1.5, 150, 0.05)
    over, steps = _over(zig), len(zig) - 1
    assert abs(_slope(zig[-1])) < 0.05 and over > 2
    text = _said(build(LearningRates, {"rates": [2.3, 0.5, 1.5]}, monkeypatch, tmp_path))
    says(text, ["three learning rates: z = 2.3, 0.5 and 1.5.",
                  f"With z = 1.5 it jumps across the bottom {over} times, but settles after "
                  f"{steps} steps"],
           ["from small to large", "Too small wastes time"])


def test_learning_rates_just_above_the_bound_never_settle(monkeypatch, tmp_path):
    run = _run(3.0, 1.95, 150, 0.05)
    assert len(run) - 1 == 150 and 1.95 > float(_limit()[1])
    text = _said(build(LearningRates, {"rates": [0.05, 0.5, 1.95]}, monkeypatch, tmp_path))
    says(text, [f"With z = 1.95, {_over(run)} of its 150 steps jump right over the bottom",
                  "Too small wastes time, too large never lands."])


# --- point 4: LearnTheWeight names its loss ------------------------------------------


def test_learn_the_weight_names_its_loss(monkeypatch, tmp_path):
    xs = np.array([4.0, 1.0, -0.5])
    loss = 0.5 * np.mean((1.0 * xs + xs) ** 2)  # half the mean squared error at w = 1
    slope = np.mean((1.0 * xs + xs) * xs)
    scene = build(LearnTheWeight, {}, monkeypatch, tmp_path)
    text = _said(scene)
    says(text, ["average over the examples and halve: that is the loss E(w), half the "
                  "mean squared error.",
                  f"There the loss is {fmt_number(loss, 3)} and the slope "
                  f"{fmt_number(slope)}"],
           ["the error E(w)", "the error is"])
    assert scene.loss_label.text.replace(" ", "") == "E(w)=½·meansquarederror"


def test_learn_the_weight_loss_at_other_examples(monkeypatch, tmp_path):
    text = _said(build(LearnTheWeight, {"inputs": [2.0], "start": 0.0, "rate": 0.2},
                      monkeypatch, tmp_path))
    # E(0) = 1/2 (0 * 2 + 2)^2 = 2, E'(0) = (0 * 2 + 2) * 2 = 4
    says(text, ["There the loss is 2 and the slope 4: uphill to the right"])


# --- points 4, 11 and 15: LossSurface -------------------------------------------------


def _step_plateau(xs, ts):
    """The least loss of a sharp step (0 on one side of a threshold, 1 on the other),
    over every threshold and direction, and how many points it gets right."""
    xs, ts = np.asarray(xs, float), np.asarray(ts, float)
    best = None
    for c in np.linspace(xs.min() - 1, xs.max() + 1, 4001):
        for d in (1, -1):
            s = (d * (xs - c) > 0).astype(float)
            level = 0.5 * np.mean((s - ts) ** 2)
            if best is None or level < best[0]:
                best = (level, int(np.sum(s == ts)))
    return best


def test_loss_surface_says_what_the_surface_is(monkeypatch, tmp_path):
    level, right = _step_plateau((-2.0, -1.0, -0.3, 0.4, 1.0, 2.0), (0, 0, 1, 0, 1, 1))
    assert (fmt_number(level, 3), right) == ("0.083", 5)
    copies = math.factorial(16) * math.factorial(16)
    assert f"{copies:.0e}" == "4e+26"
    scene = build(LossSurface, {}, monkeypatch, tmp_path)
    text = _said(scene)
    says(text, ["one sigmoid neuron and six labelled points",
                  "Its loss, half the mean squared error again",
                  "It is not one simple bowl",
                  f"a plateau near L = {fmt_number(level, 3)}, the loss of a step that gets "
                  f"{right} of the 6 points right",
                  "loss 0.071, the lowest this neuron can reach on these points",
                  "a landscape in 13,002 dimensions, and not one valley either",
                  "one of up to 16! · 16!, about 4 · 10^26, equally low ones"],
           ["a valley in 13,002", "bottom of this valley", "in the valley to"])
    assert "a valley in many" not in scene.title
    assert scene.column[2][1].text.replace(" ", "") == "½·meansquarederror"
    spoken = " ".join(words for _, words in scene.script_lines)
    assert "16 factorial times 16 factorial, about 4 times 10 to the power of 26" in spoken


def test_loss_surface_counts_other_points(monkeypatch, tmp_path):
    xs, ts = (-1.0, 0.3, 1.0, 2.0), (0.0, 1.0, 0.0, 1.0)
    level, right = _step_plateau(xs, ts)
    text = _said(build(LossSurface, {"inputs": xs, "targets": ts}, monkeypatch, tmp_path))
    says(text, ["one sigmoid neuron and four labelled points",
                  f"near L = {fmt_number(level, 3)}, the loss of a step that gets {right} of "
                  "the 4 points right"], ["six"])


def test_loss_surface_stopped_on_the_plateau_says_so(monkeypatch, tmp_path):
    """From the patch's corner (6, -4) the gradient is already below tol: the ball
    stops at once, on the flat, well above the bottom."""
    text = _said(build(LossSurface, {"start": [6.0, -4.0]}, monkeypatch, tmp_path))
    says(text, ["After 0 steps the gradient is nearly flat",
                  "The ball has stopped on a flat stretch, above the lowest loss, 0.071"],
           ["the lowest this neuron can reach"])


def test_loss_surface_refuses_points_a_step_splits(monkeypatch):
    monkeypatch.setenv("NN_PARAMS", '{"targets": [0, 0, 0, 1, 1, 1]}')
    with pytest.raises(ParamsError, match="targets"):
        prepared(LossSurface)
