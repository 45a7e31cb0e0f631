"""Pieces for playing a network stage by stage: the running formula and the words.

Example::

    formula = StageFormula(net.activations)            # y = sigma(W_2 ReLU(W_1 x + b_1) + b_2)
    self.play(Indicate(formula.part(stage)))           # the part a stage computes
    self.say(stage_sentence(net, stages, k))            # numbers from nnmath
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import (
    DOWN,
    Create,
    FadeIn,
    FadeOut,
    MathTex,
    Mobject,
    Scene,
    SurroundingRectangle,
    Text,
    VGroup,
)

from nnmath import Network, Stage, determinant
from nnmath.examples import fold_share
from scenes.components.labels import fmt_number
from scenes.theme import THEME, Theme

__all__ = [
    "ACTIVATION_TEX",
    "StageFormula",
    "StageMarker",
    "stage_sentence",
    "stage_title",
]

ACTIVATION_TEX = {
    "relu": r"\mathrm{ReLU}",
    "sigmoid": r"\sigma",
    "tanh": r"\tanh",
    "heaviside": r"H",
    "identity": "",
}
_SIZES = ["", r"\big", r"\Big", r"\bigg", r"\Bigg"]


class StageFormula(VGroup):
    """``y = f_L(W_L ... f_1(W_1 x + b_1) ... + b_L)`` with every W, b and activation
    a separate part, so the part a stage computes can be lit up."""

    def __init__(self, activations: Sequence[str], output: str = "y",
                 font_size: float | None = None, theme: Theme = THEME) -> None:
        parts: list[str] = [output, "="]
        # (kind, layer) -> indices of the parts belonging to that stage
        owners: dict[tuple[str, int], list[int]] = {}
        inner: list[tuple[str, tuple[str, int] | None]] = [("x", None)]
        for k, name in enumerate(activations):
            size = _SIZES[min(k, len(_SIZES) - 1)]
            act = ACTIVATION_TEX.get(name, rf"\mathrm{{{name}}}")
            wrapped: list[tuple[str, tuple[str, int] | None]] = [(f"W_{k + 1}", ("linear", k))]
            wrapped += inner
            wrapped += [("+", ("bias", k)), (f"b_{k + 1}", ("bias", k))]
            if act:
                wrapped = ([(act, ("activation", k)), (size + "(", ("activation", k))]
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
            return VGroup(*(m for m in self.tex if m.get_tex_string() == "x"))
        key = (stage.kind, stage.layer)
        if key not in self._owners:  # an identity activation has no symbol
            return VGroup()
        return VGroup(*(self.tex[i] for i in self._owners[key]))


class StageMarker:
    """Shows which stage is playing: frames its part of a :class:`StageFormula` and its
    weight label (if it has one), and names it (``3/6  ReLU``) under ``anchor``.

    Example::

        marker = StageMarker(self, formula, stages, labels={("linear", 0): w1_label},
                             anchor=card)
        marker.show(1)                      # frames W_1, names "1/6  W₁ x"
        self.play(MoveCloud(cloud, stages[1].points))

    Everything it adds goes through ``scene.fix_in_frame`` (flat on screen in 3D).
    """

    def __init__(self, scene: Scene, formula: StageFormula, stages: Sequence[Stage],
                 labels: dict[tuple[str, int], Mobject] | None = None,
                 anchor: Mobject | None = None, title_buff: float = 0.4,
                 theme: Theme = THEME) -> None:
        self.scene, self.formula, self.stages = scene, formula, list(stages)
        self.labels = labels or {}
        self.anchor = anchor if anchor is not None else formula
        self.title_buff = title_buff
        self.theme = theme
        self.title: Text | None = None  # the stage's name on screen
        self.note: Text | None = None  # an optional line under it
        self.frames: VGroup | None = None  # the boxes round the formula part and label

    def show(self, i: int, note: str | None = None, added: Sequence = (),
             run_time: float = 0.5) -> None:
        """Move the marks to stage ``i`` (with ``note`` under its name) while ``added``
        animations play."""
        th, stage = self.theme, self.stages[i]
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
        self.scene.fix_in_frame(*frames, *shown)
        self.scene.play(*(FadeOut(m) for m in old), *(Create(m) for m in frames),
                        *(FadeIn(m) for m in shown), *added, run_time=run_time)
        self.frames = VGroup(*frames)
        self.title, self.note = title, new_note


def stage_title(stage: Stage) -> str:
    """A short on-screen name: ``W_1 x``, ``+ b_1``, ``ReLU``."""
    k = (stage.layer or 0) + 1
    if stage.kind == "linear":
        return f"W{_sub(k)} x"
    if stage.kind == "bias":
        return f"+ b{_sub(k)}"
    if stage.kind == "activation":
        name = stage.name.split()[0]
        return {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid"}.get(name, name)
    return "input"


def _sub(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def stage_sentence(net: Network, stages: Sequence[Stage], i: int) -> str:
    """One subtitle for stage ``i`` (> 0), in words, with numbers computed from the data."""
    stage, before = stages[i], stages[i - 1]
    layer = net.layers[stage.layer]
    k = stage.layer + 1
    if stage.kind == "linear":
        W = layer.W
        if W.shape[0] == W.shape[1]:
            area = abs(determinant(W))
            flip = " and flips it over" if determinant(W) < 0 else ""
            return (f"W{k} is a linear map: it turns and shears the cloud, scales its area "
                    f"by {fmt_number(area)}{flip}; the origin stays put.")
        if W.shape[0] > W.shape[1]:
            return (f"W{k} has {W.shape[0]} rows: it lifts the flat cloud into "
                    f"{W.shape[0]} dimensions, as a tilted sheet.")
        return f"W{k} has {W.shape[0]} rows: it flattens the cloud down to {W.shape[0]} dimensions."
    if stage.kind == "bias":
        shift = ", ".join(fmt_number(v) for v in layer.b)
        return f"Adding b{k} = ({shift}) slides every point the same way."
    name = layer.activation
    if name == "relu":
        share = fold_share(before.points)
        where = "axes" if before.width == 2 else "coordinate planes"
        return (f"ReLU sets every negative coordinate to zero: {fmt_number(100 * share, 0)} % "
                f"of the points fold onto the {where}.")
    if name == "sigmoid":
        cube = "square" if stage.width == 2 else "cube"
        return (f"The sigmoid squashes every coordinate into (0, 1): the cloud lands in "
                f"the unit {cube}.")
    if name == "tanh":
        return "tanh squashes every coordinate into (-1, 1)."
    return f"The {name} activation acts on every coordinate."
