"""Chapter 8, scenes 3-5: ForwardPass, ErrorAndSlope, ChainRule.

Frame tests compare against control data in ``tests/scenes/control_data/ch08/``
(regenerate with ``pytest tests/scenes/test_ch08_forward.py --set_test``); the other
tests check that every number shown is nnmath's (or the finite difference's).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from manim import MathTex, tempconfig

from nnmath import fourpixel
from scenes.ch08_backprop import (
    ChainRule,
    ChainRuleParams,
    ErrorAndSlope,
    ErrorAndSlopeParams,
    ForwardPass,
    ForwardPassParams,
    _error,
    _error_slope,
)
from scenes.components import fmt_fixed, fmt_number
from scenes.params import ParamsError
from tests.scenes.helpers import dry_run_config, last_frame, prepared, scene_frames

__module_test__ = "ch08"

DARK_TOP = [[-1.0, -1.0], [1.0, 1.0]]

# --- frames -------------------------------------------------------------------


def test_forward_pass_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, ForwardPass, monkeypatch, tmp_path)
    assert scene.diagram.highlighted == fourpixel.CLASSES.index("horizontal")
    assert scene.verdict[1].text == "horizontal"


@scene_frames(base_scene=ForwardPass)
def test_forward_pass_layers(scene):
    scene.play_story(until="layers")
    assert len(scene.value_labels) == 4  # inputs and three hidden layers, not the outputs


def test_forward_error_slope_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, ErrorAndSlope, monkeypatch, tmp_path)
    assert scene.derivative[1].tex_string == "-2"


@scene_frames(base_scene=ErrorAndSlope)
def test_forward_error_table(scene):
    scene.play_story(until="table")
    assert scene.sum_tex[1].tex_string == scene.total_text


def test_forward_chain_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, ChainRule, monkeypatch, tmp_path)
    assert len(scene.lines) == 4


@scene_frames(base_scene=ChainRule)
def test_forward_chain_chained(scene):
    scene.play_story(until="chained")
    assert len(scene.lines) == 3


# --- numbers shown ------------------------------------------------------------


def test_forward_pass_numbers_are_the_trace():
    scene = prepared(ForwardPass)
    net = fourpixel.hand_set_network()
    trace = net.trace(fourpixel.flatten(np.array(DARK_TOP))[None])
    assert len(scene.shown) == len(net.sizes) == 5
    for k, shown in enumerate(scene.shown):
        assert shown == [fmt_fixed(v) for v in trace.a(k)[0]], k
    assert scene.shown[0] == ["-1.00", "-1.00", "1.00", "1.00"]
    assert scene.shown[4] == ["0.00", "0.00", "0.00", "0.96"]


def test_forward_pass_labels_drawn_are_the_shown_numbers():
    with tempfile.TemporaryDirectory() as media, tempconfig(dry_run_config(Path(media))):
        scene = ForwardPass(skip_animations=True)
        scene.render()
    for k, labels in enumerate(scene.value_labels):
        texts = [m.tex_string for m in labels if isinstance(m, MathTex)]
        assert texts == scene.shown[k], k


def test_forward_pass_lit_output_is_classify():
    scene = prepared(ForwardPass)
    assert scene.answer == fourpixel.classify(np.array(DARK_TOP)) == "horizontal"
    assert scene.answer_index == 3
    assert scene.others_zero


def test_forward_pass_other_images_follow_classify():
    for name, pair in fourpixel.pure_images().items():
        for image in pair:
            p = ForwardPassParams(image=tuple(tuple(map(float, r)) for r in image))
            scene = ForwardPass.__new__(ForwardPass)
            scene.params = p
            ForwardPass.prepare(scene)
            assert scene.answer == fourpixel.classify(image) == name


def test_forward_error_numbers():
    scene = prepared(ErrorAndSlope)
    truth = fourpixel.one_hot("horizontal")
    out = fourpixel.hand_set_network().forward(fourpixel.flatten(np.array(DARK_TOP))[None])[0]
    errors = np.abs(truth - out)
    np.testing.assert_allclose(scene.errors, errors)
    assert scene.rows == [(c, fmt_fixed(t), fmt_fixed(a), fmt_fixed(e))
                          for c, t, a, e in zip(fourpixel.CLASSES, truth, out, errors,
                                                strict=True)]
    assert scene.total_text == fmt_fixed(errors.sum()) == "0.04"
    assert scene.rows[3] == ("horizontal", "1.00", "0.96", "0.04")


def test_forward_slope_is_two_w():
    scene = prepared(ErrorAndSlope)
    w = scene.params.w
    assert w == -1.0
    assert scene.slope == 2 * w == -2.0
    assert scene.E == w**2
    h = 1e-6
    assert (_error(w + h) - _error(w - h)) / (2 * h) == pytest.approx(scene.slope, abs=1e-6)
    assert scene.slope == _error_slope(w)


def test_forward_chain_numbers():
    scene = prepared(ChainRule)
    p = scene.params
    assert (p.x, p.w1, p.w2) == (1.5, 2.0, -1.0)
    assert scene.y == p.x * p.w1 == 3.0
    assert scene.e == scene.y * p.w2 == -3.0
    assert scene.dy_dw1 == p.x and scene.de_dy == p.w2
    assert scene.de_dw1 == p.x * p.w2 == -1.5

    def e_of(w1):
        return p.x * w1 * p.w2

    h = 1e-6
    assert (e_of(p.w1 + h) - e_of(p.w1 - h)) / (2 * h) == pytest.approx(scene.de_dw1)
    assert scene.ratio == pytest.approx(scene.de_dw1, abs=1e-9)
    assert fmt_number(scene.ratio, 4) == fmt_number(scene.de_dw1, 4) == "-1.5"
    assert scene.tex["check"].endswith("= -1.5")
    assert scene.tex["chain"].endswith("= -1.5")
    assert r"e \to -3.015" in scene.tex["nudge"]


@pytest.mark.parametrize(("make", "field"), [
    (lambda: ForwardPassParams(image=((2.0, 0.0), (0.0, 0.0))), "image"),
    (lambda: ErrorAndSlopeParams(truth="round"), "truth"),
    (lambda: ErrorAndSlopeParams(w=5.0), "w"),
    (lambda: ChainRuleParams(nudge=0.0), "nudge"),
])
def test_forward_bad_params(make, field):
    with pytest.raises(ParamsError, match=field):
        make()
