"""One TeX table for the activations, keyed by nnmath's names, used everywhere a
formula names one."""

from __future__ import annotations

import pytest

import nnmath
from scenes.ch03_linear_maps import LayerEquations
from scenes.components import ACTIVATION_TEX, activation_tex
from scenes.components.plots import ActivationPlot
from scenes.components.stages import StageFormula, stage_title


def test_the_table_covers_exactly_nnmaths_activations():
    assert set(ACTIVATION_TEX) == set(nnmath.ACTIVATIONS)
    assert activation_tex("identity") == r"\mathrm{id}"
    assert activation_tex("leaky_relu(0.2)") == activation_tex("leaky_relu")  # any slope
    with pytest.raises(ValueError, match="unknown activation 'swish'; known activations"):
        activation_tex("swish")


def test_formula_and_plot_write_the_same_symbol():
    formula = StageFormula(["relu", "sigmoid"])
    # an activation after a W comes after a thin space (the lit box clears the W)
    strings = [m.tex_string.removeprefix(r"\,") for m in formula.tex]
    assert activation_tex("relu") in strings and activation_tex("sigmoid") in strings
    assert rf"\,{activation_tex('relu')}" in [m.tex_string for m in formula.tex]
    plot = ActivationPlot("tanh")
    assert plot.y_label.tex_string == rf"{activation_tex('tanh')}(x)"


def test_an_identity_layer_adds_no_symbol_to_the_running_formula():
    strings = [m.tex_string for m in StageFormula(["relu", "identity"]).tex]
    assert strings[:4] == ["y", "=", "W_2", r"\," + activation_tex("relu")]
    assert activation_tex("identity") not in strings
    net = nnmath.Network.random((2, 2, 1), ("relu", "identity"), seed=0)
    trace = net.trace([[0.5, -0.5]])
    formula = StageFormula(net.activations)
    assert len(formula.part(trace.stage("identity 2"))) == 0
    assert stage_title(trace.stage("identity 2")) == nnmath.activation("identity").display


def test_layer_equations_take_activation_names(monkeypatch):
    monkeypatch.setenv("NN_PARAMS", '{"output_activation": "tanh"}')
    scene = LayerEquations()
    scene.setup()
    assert scene.output_tex == activation_tex("tanh")
    assert scene.hidden_tex == activation_tex("relu")
    monkeypatch.setenv("NN_PARAMS", '{"output_activation": "\\\\sigma"}')
    with pytest.raises(ValueError, match="unknown activation"):
        LayerEquations().setup()
