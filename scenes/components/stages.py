"""Pieces for playing a network stage by stage: the running formula and the marks.

What a stage does is said by :mod:`narrator.stages` (``stage_words``), the one narrator
of stages, which the explainer uses too.

Example::

    from narrator.stages import stage_words

    net = nnmath.Network.random((2, 2, 2), ("relu", "sigmoid"), seed=0)
    trace = net.trace(nnmath.clouds.uniform_square(100, seed=0))
    formula = StageFormula(net.activations)    # y = sigma(W_2 ReLU(W_1 x + b_1) + b_2)
    relu = trace.stage("relu 1")
    self.add(formula)
    self.play(Indicate(formula.part(relu)))    # the part a stage computes
    words = stage_words(net, trace, relu)      # "ReLU sets every negative ... 42 % ..."
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from manim import (
    DOWN,
    Animation,
    Create,
    FadeIn,
    FadeOut,
    MathTex,
    Mobject,
    SurroundingRectangle,
    Text,
    VGroup,
)

from nnmath import Stage, activation
from scenes.components.labels import activation_tex
from scenes.theme import THEME, Theme

__all__ = ["StageFormula", "StageMarker", "stage_title"]

_SIZES = ["", r"\big", r"\Big", r"\bigg", r"\Bigg"]


class StageFormula(VGroup):
    """``y = f_L(W_L ... f_1(W_1 x + b_1) ... + b_L)`` with every W, b and activation
    a separate part, so the part a stage computes can be lit up. An identity layer
    adds no symbol (``W_2 h + b_2`` stands bare)."""

    def __init__(self, activations: Sequence[str], output: str = "y",
                 font_size: float | None = None, theme: Theme = THEME) -> None:
        parts: list[str] = [output, "="]
        # (kind, layer k, 1-based like Stage.layer) -> indices of that stage's parts
        owners: dict[tuple[str, int], list[int]] = {}
        inner: list[tuple[str, tuple[str, int] | None]] = [("x", None)]
        for k, name in enumerate(activations, start=1):
            size = _SIZES[min(k - 1, len(_SIZES) - 1)]
            wrapped: list[tuple[str, tuple[str, int] | None]] = [(f"W_{k}", ("linear", k))]
            if inner[0][1] is not None and inner[0][1][0] == "activation":
                # a thin space between W_k and the activation it multiplies: the box
                # that lights either one up must not cut into the other's glyphs
                inner = [(r"\," + inner[0][0], inner[0][1]), *inner[1:]]
            wrapped += inner
            wrapped += [("+", ("bias", k)), (f"b_{k}", ("bias", k))]
            if name != "identity":
                wrapped = ([(activation_tex(name), ("activation", k)),
                            (size + "(", ("activation", k))]
                           + wrapped + [(size + ")", ("activation", k))])
            inner = wrapped
        for tex, owner in inner:
            if owner is not None:
                owners.setdefault(owner, []).append(len(parts))
            parts.append(tex)
        self.tex = MathTex(*parts, font_size=font_size or theme.body_size + 6, color=theme.text)
        super().__init__(self.tex)
        self._owners = owners

    def part(self, stage: Stage) -> Mobject:
        """The symbols a stage computes (the input stage: the ``x``)."""
        if stage.kind == "input":
            return VGroup(*(m for m in self.tex if m.tex_string == "x"))
        key = (stage.kind, stage.layer)
        if key not in self._owners:  # an identity activation has no symbol
            return VGroup()
        return VGroup(*(self.tex[i] for i in self._owners[key]))


class StageMarker:
    """Shows which stage is playing: frames its part of a :class:`StageFormula` and its
    weight label (if it has one), and names it (``3/6  ReLU``) under ``anchor``.

    :meth:`show` returns the animations; the scene plays them (with anything else that
    should happen at the same time). ``fix`` receives every mark as it is made: pass a
    3D scene's ``fix_in_frame`` so that the marks stay flat on screen.

    Example::

        from scenes.components import MatrixLabel

        net = nnmath.Network.random((2, 2, 2), ("relu", "sigmoid"), seed=0)
        trace = net.trace(nnmath.clouds.uniform_square(50, seed=0))
        formula = StageFormula(net.activations).to_edge(UP)
        card = MatrixLabel(net.layers[0].W, name="W_1").next_to(formula, DOWN)
        marker = StageMarker(formula, trace, labels={("linear", 1): card}, anchor=card)
        self.add(formula, card)
        self.play(*marker.show("linear 1"), run_time=0.5)  # frames W_1, names "1/6  W₁ x"
        self.play(*marker.show("relu 1", note="the fold"))
    """

    def __init__(self, formula: StageFormula, stages: Sequence[Stage],
                 labels: dict[tuple[str, int], Mobject] | None = None,
                 anchor: Mobject | None = None, title_buff: float = 0.4,
                 fix: Callable[..., None] | None = None, theme: Theme = THEME) -> None:
        self.formula, self.stages = formula, stages
        self.labels = labels or {}
        self.anchor = anchor if anchor is not None else formula
        self.title_buff = title_buff
        self.fix = fix
        self.theme = theme
        self.title: Text | None = None  # the stage's name on screen
        self.note: Text | None = None  # an optional line under it
        self.frames: VGroup | None = None  # the boxes round the formula part and label

    def show(self, stage: str | Stage, note: str | None = None) -> list[Animation]:
        """The animations that move the marks to ``stage`` (a stage or its name, e.g.
        ``"relu 1"``), with ``note`` under its name."""
        th = self.theme
        if isinstance(stage, str):
            stage = self.stages.stage(stage)
        i = self.stages.index(stage)
        frames = [SurroundingRectangle(self.formula.part(stage), color=th.accent, buff=0.06,
                                       stroke_width=2.5)]
        label = self.labels.get((stage.kind, stage.layer))
        if label is not None:
            frames.append(SurroundingRectangle(label, color=th.accent, buff=0.08,
                                               stroke_width=2.5))
        title = Text(f"{i}/{len(self.stages) - 1}  {stage_title(stage)}", font=th.font,
                     font_size=th.body_size, color=th.accent)
        title.next_to(self.anchor, DOWN, buff=self.title_buff)
        shown = [title]
        new_note = None
        if note is not None:
            new_note = Text(note, font=th.font, font_size=th.small_size, color=th.text)
            new_note.next_to(title, DOWN, buff=0.2)
            shown.append(new_note)
        old = [m for m in (self.frames, self.title, self.note) if m is not None]
        if self.fix is not None:
            self.fix(*frames, *shown)
        self.frames = VGroup(*frames)
        self.title, self.note = title, new_note
        return [*(FadeOut(m) for m in old), *(Create(m) for m in frames),
                *(FadeIn(m) for m in shown)]


def stage_title(stage: Stage) -> str:
    """A short on-screen name: ``W_1 x``, ``+ b_1``, ``ReLU``."""
    k = stage.layer
    if stage.kind == "linear":
        return f"W{_sub(k)} x"
    if stage.kind == "bias":
        return f"+ b{_sub(k)}"
    if stage.kind == "activation":
        return activation(stage.name.split()[0]).display
    return "input"


def _sub(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
