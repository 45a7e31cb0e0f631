"""The generator's scene: the stage-by-stage point-cloud explainer of *your* network,
from a spec file (see ``nnexplain example`` and the README).

Render a spec through the ``manim`` command by naming it in ``NN_SPEC``::

    NN_SPEC=examples/moons.toml manim -ql scenes/explainer.py ExplainSpec

or with ``nnexplain render examples/moons.toml``. The video lands in
``renders/explain/<quality>/<spec name>.mp4`` with its ``.srt`` beside it.

The picture is 3D on the left (seen from above while the cloud is flat, tilted
while it has three coordinates; a layer wider than three through its principal
axes), the formula, the stage's numbers and its name on the right, the network's card
under them. Every sentence comes from :mod:`nnexplain.story`, which computes it.

No text is drawn below the theme's smallest size (``small_size``, the smallest that
stays readable at 480p): where two things do not fit, one gives way instead of both
shrinking. A stage's matrix too wide for the column is shown by its shape; the
network's card steps aside while a stage's card needs its place and comes back, at
its size, when a stage's card leaves room again (or at the end); a title too long for
the header's room is cut at a word, with an ellipsis.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Mobject,
    Polygon,
    ReplacementTransform,
    Text,
    VGroup,
    config,
)

from narrator.fmt import fmt_loss, fmt_percent
from nnexplain import SpecError, check
from nnexplain.framing import SIMPLEX, Box, range_text
from nnexplain.story import Shot, story
from nnmath import activation
from pipeline.facts import spec_name
from scenes.base import ChapterScene3D, beat, progress
from scenes.components import MatrixLabel, fmt_number, panel
from scenes.components.axes import axis_label, themed_axes
from scenes.components.camera import AimedCamera
from scenes.components.placement import to_edge
from scenes.components.point_cloud import CloudFrame, MoveCloud, PointCloud, Reframe
from scenes.components.stages import StageFormula, StageMarker
from scenes.layoutcheck import layout_problems
from scenes.params import ParamsError, SceneParams
from scenes.theme import position_colors, rgb

__all__ = ["ExplainSpec", "ExplainSpecParams", "env_spec", "spec_output_name"]

PICTURE_SPOT = (-3.55, -0.25, 0.0)  # where the middle of the axes' box sits on screen
PICTURE_SIZE = (5.8, 5.5)  # the most a flat picture's box spans across and up
LEGEND_ROOM = 0.55  # the flat picture's height given up to the legend above it
COLUMN_X = 3.95  # the centre of the text column
COLUMN_WIDTH = 5.6
AXIS_LENGTH = 5.5  # the longest axis of a tilted 3D box: its names stay under the header
CARD_GAP = 0.3  # between the stage's card and the network's card under it
LINE_SPACING = 0.8  # of the network's card's lines (Pango's: baseline to baseline)
HEADER_GAP = 0.4  # between the header and the text column on its right
LABEL_GAP = 0.44  # an axis's name sits this far past the axis's end (scene units), or farther
TILT = (65.0, -50.0)  # phi, theta (degrees) of the view of a 3D cloud
FACING = (55.0, 20.0)  # phi, theta: the triangle of a softmax's 3 shares seen nearly face on
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SPEC_ENV = "NN_SPEC"

_ACTIVATION_FORMULA = {
    "relu": r"\mathrm{ReLU}(z) = \max(0,\, z)",
    "sigmoid": r"\sigma(z) = \frac{1}{1 + e^{-z}}",
    "tanh": r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
    "heaviside": r"H(z) = \begin{cases} 1 & z \ge 0 \\ 0 & z < 0 \end{cases}",
    "identity": r"\mathrm{id}(z) = z",
    "softmax": r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}",
}


def _activation_formula(name: str) -> str:
    """The formula of the activation ``name`` (a leaky ReLU's with its slope)."""
    record = activation(name)
    if record.name == "leaky_relu":
        return rf"\mathrm{{LReLU}}(z) = \max({fmt_number(record.slope or 0.0, 4)}\,z,\ z)"
    return _ACTIVATION_FORMULA[record.name]


def spec_output_name(path: str | Path) -> str:
    """The name a spec's video is saved under: the spec's file name made safe
    (``examples/my net.toml`` -> ``my-net``)."""
    return spec_name(path)


def env_spec() -> Path | None:
    """The spec named by ``$NN_SPEC`` (None when unset)."""
    value = os.environ.get(SPEC_ENV, "").strip()
    return Path(value) if value else None


@dataclass(frozen=True)
class ExplainSpecParams(SceneParams):
    """How the explainer plays (what it shows comes from the spec file)."""

    stage_time: float = 2.0  # seconds each stage's move of the cloud takes
    point_radius: float = 0.03  # radius of each drawn point (scene units)
    turn_rate: float = -4.0  # degrees per second the camera turns while a 3D cloud moves

    def __post_init__(self) -> None:
        if self.stage_time <= 0:
            raise ParamsError(f"stage_time must be positive, got {self.stage_time}")
        if self.point_radius <= 0:
            raise ParamsError(f"point_radius must be positive, got {self.point_radius}")


def _turned(points: np.ndarray, phi: float, theta: float) -> np.ndarray:
    """``points`` as a 3D camera at ``phi``, ``theta`` (degrees) turns them (Manim's
    ThreeDCamera: about z by -theta - 90 degrees, then about x by -phi), before its
    perspective."""
    a, b = np.radians(-theta - 90.0), np.radians(-phi)
    turn_z = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    turn_x = np.array([[1, 0, 0], [0, np.cos(b), -np.sin(b)], [0, np.sin(b), np.cos(b)]])
    return points @ (turn_x @ turn_z).T


def _bound(box: Box) -> float:
    """How far from the origin the axes of ``box`` reach, on the farthest drawn axis."""
    d = box.dims
    return float(max(np.max(np.abs(box.lo[:d])), np.max(np.abs(box.hi[:d]))))


def _fit(card: Mobject) -> float:
    """Shrink ``card`` to the text column's width if it is wider; the factor it was
    scaled by (1: it fitted)."""
    if card.width <= COLUMN_WIDTH:
        return 1.0
    scale = COLUMN_WIDTH / card.width
    card.scale(scale)
    return scale


class ExplainSpec(ChapterScene3D):
    """Your network, stage by stage: the spec named by ``NN_SPEC``."""

    title = "Your network, stage by stage"
    Params = ExplainSpecParams
    camera_class = AimedCamera
    chapter: ClassVar[int | None] = 0  # not a chapter of the course (see title_card)

    def __init__(self, *args, **kwargs) -> None:
        path = env_spec()
        if path is not None:  # a lecturer's spec lands under explain/, named after it
            config.output_file = config.output_file or spec_output_name(path)
            # its own partial movies: two specs can render side by side
            config.partial_movie_dir = ("{video_dir}/partial_movie_files/"
                                        + str(config.output_file))
        super().__init__(*args, **kwargs)

    @classmethod
    def output_folders(cls, variant: str | None) -> tuple[str, str] | None:
        """A spec's video lands under ``explain/<quality>/`` (in its variant's folder for
        another theme or a transparent background)."""
        if env_spec() is None:
            return super().output_folders(variant)
        tail = "" if variant is None else "/" + variant
        return "{media_dir}/explain/{quality}" + tail, "{media_dir}/explain/images" + tail

    # --- the spec ------------------------------------------------------------
    def spec_path(self) -> Path | None:
        """The spec to explain: ``$NN_SPEC``."""
        return env_spec()

    def prepare(self) -> None:
        path = self.spec_path()
        if path is None:
            raise ParamsError(f"no spec to explain: name one in {SPEC_ENV}, e.g. "
                              f"{SPEC_ENV}=examples/moons.toml manim -ql scenes/explainer.py "
                              f"{type(self).__name__}")
        try:
            self.explained = check(path)
        except SpecError as err:
            raise ParamsError(str(err)) from None
        self.script = story(self.explained)
        self.spec_title = self.explained.spec.title
        self.net = self.explained.network

    def video_title(self) -> str:
        """The spec's title (its title card's, and its manifest's)."""
        return self.spec_title

    def progress_name(self) -> str:
        """Progress lines name the spec that ``NN_SPEC`` names (several render side by
        side), else the scene."""
        path = env_spec()
        return spec_output_name(path) if path is not None else type(self).__name__

    # --- furniture -------------------------------------------------------------
    def title_card(self) -> None:
        """The spec's title, and the file it comes from (a chapter's card for ch9)."""
        if self.chapter_number():
            super().title_card()
            return
        th = self.theme
        kicker = Text(f"nnexplain · {self.explained.spec.path.name}", font=th.font,
                      font_size=th.header_size, color=th.muted)
        name = Text(self.spec_title, font=th.font, font_size=th.title_size, color=th.text)
        if name.width > 12.5:
            name.scale_to_fit_width(12.5)
        card = VGroup(kicker, name).arrange(DOWN, buff=0.35)
        self.say(f"{self.spec_title}.")
        self.play(FadeIn(card, shift=0.2 * UP), run_time=0.8)
        self.wait(th.title_card_time - 0.8)
        self.header = self._header_text(self.spec_title)
        self.header.to_corner(np.array([-1.0, 1.0, 0.0]), buff=0.3)
        self.header.add_background_rectangle(color=th.background, opacity=0.85, buff=0.12)
        self.play(FadeOut(card), FadeIn(self.header), run_time=0.6)
        self.keep_header()
        self.end_caption()

    def _header_text(self, title: str) -> Text:
        """The running header: ``title`` at the smallest size, cut after its last word
        that fits (with an ellipsis) if it would run into the text column; the title
        card has shown it whole."""
        th = self.theme
        room = (COLUMN_X - COLUMN_WIDTH / 2 - HEADER_GAP) - (-config.frame_x_radius + 0.3 + 0.12)
        words = title.split()
        for n in range(len(words), 0, -1):
            text = " ".join(words[:n]) + ("" if n == len(words) else " …")
            header = Text(text, font=th.font, font_size=th.small_size, color=th.muted)
            if header.width <= room:
                return header
        return header  # a single word wider than the room: left whole

    def _colors(self) -> np.ndarray:
        """Each point's colour: its class's (its label, else the class the network
        picks; more classes than colours share them), else where it starts."""
        th, script = self.theme, self.script
        if script.class_of is None:
            start = self.explained.X
            if start.shape[1] == 1:  # on a line: from dark to light as well, left to right
                start = np.hstack([start, start])
            return position_colors(start, th)
        palette = rgb(th.class_palette)
        return palette[np.asarray(script.class_of) % len(palette)]

    def legend(self) -> Mobject | None:
        """The classes' names beside dots of their colours, in rows over the picture
        (classes sharing a colour, beyond the palette's, share an entry); None when the
        points are coloured by where they start."""
        th, names = self.theme, self.script.classes
        if names is None:
            return None
        colours = th.class_palette
        entries = []
        for c in range(min(len(names), len(colours))):
            said = ", ".join(names[c::len(colours)])
            dot = Dot(radius=0.08, color=colours[c])
            text = Text(said, font=th.font, font_size=th.small_size, color=th.text)
            entries.append(VGroup(dot, text).arrange(RIGHT, buff=0.12))
        rows, row = [], []
        if self.script.predicted:  # no labels: the classes the network picks
            entries.insert(0, Text("picked:", font=th.font, font_size=th.small_size,
                                   color=th.muted))
        for entry in entries:  # how many rows the entries need, filled greedily
            if row and sum(e.width + 0.35 for e in row) + entry.width > PICTURE_SIZE[0] + 0.6:
                rows.append(row)
                row = []
            row.append(entry)
        rows.append(row)
        per_row = -(-len(entries) // len(rows))  # then as many in each, no entry alone
        rows = [entries[i:i + per_row] for i in range(0, len(entries), per_row)]
        legend = VGroup(*(VGroup(*r).arrange(RIGHT, buff=0.35) for r in rows)).arrange(
            DOWN, buff=0.12, aligned_edge=LEFT)
        legend.next_to(self.header, DOWN, buff=0.2, aligned_edge=LEFT)
        return legend

    # --- axes, frames, camera ----------------------------------------------------
    def scale(self, box: Box) -> float:
        """Scene units per data unit for ``box``: one scale for every axis, a flat box
        as large as the picture's room, a 3D one with its longest axis AXIS_LENGTH."""
        width, height = PICTURE_SIZE
        height -= self.legend_room
        if box.dims == 3:  # the box as the camera turned to see it draws it, with room
            phi, theta = FACING if box.lo[0] == 0 and box.hi[0] == SIMPLEX else TILT
            drawn = box.span * (np.indices((2, 2, 2)).reshape(3, -1).T - 0.5)
            sides = np.ptp(_turned(drawn, phi, theta)[:, :2], axis=0)
            return min(AXIS_LENGTH / float(np.max(box.span)), 0.95 * width / sides[0],
                       0.95 * height / sides[1])
        return min(width / box.span[0], height / box.span[1]) if box.dims == 2 else (
            width / box.span[0])

    def make_axes(self, box: Box) -> Mobject:
        """Axes spanning ``box`` (meeting at the origin, or at the box's corner nearest
        to it), the box's middle at the scene's origin, where the camera looks; the z
        axis shown only for a 3D box."""
        s = self.scale(box)
        ranges = [(float(lo), float(hi), float(hi - lo)) for lo, hi in zip(box.lo, box.hi,
                                                                           strict=True)]
        lengths = s * box.span
        axes = themed_axes(*ranges, x_length=lengths[0], y_length=lengths[1],
                           z_length=lengths[2], tips=True,
                           axis_options={"include_ticks": False}, theme=self.theme)
        axes.shift(-np.asarray(axes.c2p(*box.centre), dtype=float))
        if box.dims < 3:
            axes.z_axis.set_stroke(opacity=0).set_fill(opacity=0)
        return axes

    def shown(self, shot: Shot) -> np.ndarray:
        """``shot``'s points as drawn: a cloud on a line is spread up and down (by a
        fixed share of the picture per point) so that points on top of each other can
        be seen."""
        if shot.dims > 1:
            return shot.points
        points = shot.points.copy()
        points[:, 1] = self.spread * 0.6 * (shot.box.hi[1] if shot.box else 1.0)
        return points

    def _scale_label(self, box: Box, names: list[str], spread: bool = False) -> Mobject:
        th = self.theme
        label: Mobject = Text(range_text(box, names), font=th.font,
                              font_size=th.small_size, color=th.muted)
        if spread:
            note = Text("dots spread up and down to be seen", font=th.font,
                        font_size=th.small_size, color=th.muted)
            label = VGroup(label, note).arrange(DOWN, buff=0.08)
        label.move_to([0, -3.7 + (0.17 if spread else 0), 0])
        return label.set_x(-config.frame_x_radius + 0.35, LEFT)

    def rescale(self, box: Box, shot: Shot, run_time: float = 1.0) -> None:
        """Zoom and pan the picture to ``box``: new axes, the cloud carried into them,
        their names and the caption of their ranges."""
        line = box.dims == 1
        axes = self.make_axes(box)
        if not self.flat:
            axes.z_axis.set_stroke(opacity=1).set_fill(opacity=1)
        new_label = self._scale_label(box, self.plain_names(shot, box.dims), line)
        self.fix_unshown(new_label)
        old_axes, self.axes, self.box = self.axes, axes, box
        names = self.relabel(shot, force=True)
        self.bring_to_front(self.cloud)  # only what moves is redrawn: keep the cloud last
        self.play(ReplacementTransform(old_axes, axes), Reframe(self.cloud, self._frame()),
                  FadeOut(self.scale_label), FadeIn(new_label), *names, run_time=run_time)
        self.scale_label, self.bound = new_label, _bound(box)

    def _frame(self) -> CloudFrame:
        """Data -> scene for the axes shown."""
        return CloudFrame.from_axes(self.axes)

    def look(self, dims: int, run_time: float = 2.0) -> None:
        """Top view for a flat cloud, a tilted one for a cloud with three coordinates."""
        flat = dims <= 2
        if flat == self.flat:
            return
        phi, theta = (0.0, -90.0) if flat else TILT
        opacity = 0.0 if flat else 1.0
        self.move_camera(phi=phi * DEGREES, theta=theta * DEGREES, run_time=run_time,
                         added_anims=[self.axes.z_axis.animate.set_stroke(opacity=opacity)
                                      .set_fill(opacity=opacity)])
        self.flat = flat

    def axis_names(self, shot: Shot) -> list[str]:
        """The axes' names in TeX: the classes' on a softmax's line or triangle."""
        if self._simplex(shot) and self.script.classes is not None:
            return [rf"\text{{{name}}}" for name in self.script.classes]
        if shot.share is not None:
            return [r"\mathrm{PC}_1", r"\mathrm{PC}_2", r"\mathrm{PC}_3"]
        letter = "x" if shot.kind == "input" else (
            "y" if shot.layer == len(self.net.layers) else "h")
        return [f"{letter}_{i}" for i in range(1, shot.dims + 1)]

    def plain_names(self, shot: Shot, dims: int) -> list[str]:
        """The axes' names as plain text, for the caption of their ranges."""
        if self._simplex(shot) and self.script.classes is not None:
            return list(self.script.classes)
        if shot.share is not None:
            return [f"PC{k}".translate(SUBSCRIPTS) for k in range(1, dims + 1)]
        letter = "x" if shot.kind == "input" else (
            "y" if shot.layer == len(self.net.layers) else "h")
        return [f"{letter}{k}".translate(SUBSCRIPTS) for k in range(1, dims + 1)]

    def _simplex(self, shot: Shot) -> int:
        """2 or 3: ``shot`` is a softmax drawn on its line or triangle of shares."""
        if shot.kind != "activation" or shot.width not in (2, 3):
            return 0
        return shot.width if self.net.layers[shot.layer - 1].activation == "softmax" else 0

    def relabel(self, shot: Shot, force: bool = False) -> list:
        """Animations swapping the axis names for ``shot``'s (none if they stay, unless
        ``force``: new axes): each past its axis's end, slid out along the axis while
        the cloud is in the way (see :func:`~scenes.components.axes.axis_label`); a
        class's name in its colour."""
        names = self.axis_names(shot)
        if names == getattr(self, "shown_names", None) and not force:
            return []
        s = self.scale(self.box)
        ends = self.box.hi
        new = VGroup(*(axis_label(name, self.axes, k, float(ends[k]) + LABEL_GAP / s,
                                  self.cloud, self.camera, theme=self.theme)
                       for k, name in enumerate(names)))
        if self._simplex(shot) and self.script.classes is not None:
            for k, label in enumerate(new):
                for part in label.submobjects[1:]:
                    part.set_color(self.theme.class_palette[k % len(self.theme.class_palette)])
        self.add_fixed_orientation_mobjects(*new)
        for mob in new:
            mob.set_opacity(0)
        # the labels keep following the cloud while they fade
        anims = [mob.animate(suspend_mobject_updating=False).set_opacity(1) for mob in new]
        old = getattr(self, "axis_labels", None)
        if old is not None:
            anims += [FadeOut(label, suspend_mobject_updating=False) for label in old]
        self.axis_labels, self.shown_names = new, names
        return anims

    # --- the right column --------------------------------------------------------
    def stage_card(self, shot: Shot) -> Mobject:
        """The numbers of ``shot``'s stage: W_k or b_k when they fit the column at a
        readable size (no smaller than ``small_size``), its shape otherwise; the
        activation's formula."""
        th = self.theme
        k = shot.layer
        layer = self.net.layers[k - 1]
        if shot.kind == "activation":
            body: Mobject = MathTex(_activation_formula(layer.activation),
                                    font_size=th.label_size + 4, color=th.text)
        else:
            values = layer.W if shot.kind == "linear" else layer.b
            name = f"W_{k}" if shot.kind == "linear" else f"b_{k}"
            rows = values.shape[0]
            cols = 1 if values.ndim == 1 else values.shape[1]
            if rows <= 4 and cols <= 4:
                card = panel(MatrixLabel(values, name=name, font_size=th.label_size,
                                         theme=th), theme=th, buff=0.25)
                if _fit(card) * th.label_size >= th.small_size:
                    return card
            what = (f"{rows} \\times {cols}" if values.ndim == 2 else f"{rows}")
            body = MathTex(rf"{name}:\ {what},\ \text{{{values.size} numbers}}",
                           font_size=th.label_size + 4, color=th.text)
        card = panel(body, theme=th, buff=0.25)
        _fit(card)
        return card

    # --- the story -------------------------------------------------------------
    @beat("The data")
    def data(self) -> None:
        th = self.theme
        start = self.script.start
        self.legend_box = self.legend()
        self.legend_room = 0.0 if self.legend_box is None else LEGEND_ROOM
        self.box = start.box
        self.flat = True
        self.axes = self.make_axes(self.box)
        self.set_camera_orientation(phi=0, theta=-90 * DEGREES, zoom=1.0)
        self.camera.look_at.move_to(ORIGIN)
        self.camera.spot.move_to(np.array(PICTURE_SPOT) - [0, self.legend_room / 2, 0])
        self.spread = np.random.default_rng(0).uniform(-1, 1, len(start.points))
        self.on_line = start.dims == 1
        points = self.shown(start)
        self.bound = _bound(self.box)
        self.cloud = PointCloud(points, frame=self._frame(), colors=self._colors(),
                                radius=self.params.point_radius, theme=th)
        self.scale_label = self._scale_label(self.box, self.plain_names(start, start.dims),
                                             self.on_line)
        self.fix_unshown(self.scale_label)
        extra = []
        if self.legend_box is not None:
            self.fix_unshown(self.legend_box)
            extra.append(FadeIn(self.legend_box))
        self.say(self.script.opening)
        self.play(Create(self.axes), FadeIn(self.scale_label), *self.relabel(start), *extra,
                  run_time=1.0)
        self.play(FadeIn(self.cloud), run_time=1.0)
        if start.dims == 3:
            self.look(3)

    @beat("The network")
    def network(self) -> None:
        th = self.theme
        self.formula = StageFormula(self.net.activations, theme=th)
        if self.formula.width > COLUMN_WIDTH:
            self.formula.scale_to_fit_width(COLUMN_WIDTH)
        to_edge(self.formula.move_to([COLUMN_X, 0, 0]), UP, buff=0.55)
        ex = self.explained
        lines = [f"network {'-'.join(map(str, self.net.sizes))}",
                 ", ".join(activation(a).display for a in self.net.activations)]
        if ex.history is not None:
            lines.append(f"trained {len(ex.history) - 1} epochs")
            # the loss by name (nnmath.training.loss_label), over its values
            lines += [f"{self.script.loss_label}:",
                      f"{fmt_loss(ex.history[0])} → {fmt_loss(ex.history[-1])}"]
        if ex.accuracy is not None:
            lines.append(f"{fmt_percent(ex.accuracy, 1)} % of the points right")
        self.summary = panel(Text("\n".join(lines), font=th.font, font_size=th.small_size,
                                  color=th.text, line_spacing=LINE_SPACING), theme=th)
        self.summary_shown = True
        self.summary.next_to(self.formula, DOWN, buff=0.45)
        self.fix_in_frame(self.formula, self.summary)
        self.say(self.script.network)
        self.play(FadeIn(self.formula), FadeIn(self.summary))

    @beat("Stage by stage")
    def stages(self) -> None:
        """Every chosen stage in turn, each its own section (a clip per stage)."""
        th = self.theme
        shots = self.script.shots
        anchor = self.formula
        self.marker = StageMarker(self.formula, self.explained.trace, anchor=anchor,
                                  title_buff=0.45, fix=self.fix_in_frame, theme=th)
        below = to_edge(self.summary.copy(), DOWN, buff=0.45).set_x(COLUMN_X)
        self.play(self.summary.animate.move_to(below),
                  run_time=0.6)  # the network's card stays, under the stage's (if room)
        self.card: Mobject | None = None
        self.stage_cards = {shot.name: self.stage_card(shot) for shot in shots}
        for i, shot in enumerate(shots):
            if i:
                self.wait(th.beat_pause)
                self.end_caption()
                # each stage's last frame is checked as a beat's is (the last: at the end)
                self.layout_report.extend(layout_problems(self, f"stage {shots[i - 1].name}"))
            self.next_section(shot.name.replace(" ", "_"))
            progress(f"{self.progress_name():<26} stage {i + 1}/{len(shots)}  {shot.name}")
            self.play_shot(shot)

    def play_shot(self, shot: Shot) -> None:
        p = self.params
        self.say(shot.said)
        card = self.stage_cards[shot.name]
        marks = self.marker.show(shot.name, note=shot.note or None)
        below = self.marker.note if self.marker.note is not None else self.marker.title
        card.next_to(below, DOWN, buff=0.35)
        room = self.make_room(card, shot)
        card.set_x(COLUMN_X)
        self.fix_unshown(card)
        relabel = self.relabel(shot)
        old = [FadeOut(self.card)] if self.card is not None else []
        self.play(*marks, *old, FadeIn(card), *room, *relabel, run_time=0.6)
        self.card = card
        points = self.shown(shot)
        if shot.before is not None:  # make room first
            if shot.before.dims == 3:
                self.look(3)
            self.rescale(shot.before, shot)
        if shot.dims == 3:
            self.look(3)
            self.begin_ambient_camera_rotation(rate=p.turn_rate * DEGREES)
        self.bring_to_front(self.cloud)  # only what moves is redrawn: keep the cloud last
        self.play(MoveCloud(self.cloud, points), run_time=p.stage_time)
        if shot.dims == 3:  # back to the tilt the picture was fitted for
            self.stop_ambient_camera_rotation()
            self.move_camera(phi=TILT[0] * DEGREES, theta=TILT[1] * DEGREES, run_time=0.6)
        if shot.box is not None and not shot.box.same(self.box):  # fit the cloud now
            self.rescale(shot.box, shot)
        self.on_line = shot.dims == 1
        if shot.dims <= 2:
            self.look(shot.dims)
        if self._simplex(shot):
            self.draw_simplex(shot)

    def draw_simplex(self, shot: Shot) -> None:
        """The line or triangle of a softmax's shares (every point lands on it), the
        triangle turned to be seen nearly face on."""
        k = self._simplex(shot)
        corners = [self.axes.c2p(*e) for e in np.eye(3)[:k]]
        th = self.theme
        if k == 3:
            shape: Mobject = Polygon(*corners, color=th.muted, stroke_width=2,
                                     fill_color=th.muted, fill_opacity=0.12)
            self.move_camera(phi=FACING[0] * DEGREES, theta=FACING[1] * DEGREES,
                             run_time=1.5)
        else:
            shape = Line(*corners, color=th.muted, stroke_width=2)
        self.play(Create(shape), run_time=0.8)
        self.bring_to_front(self.cloud)
        self.simplex_shape = shape

    def make_room(self, card: Mobject, shot: Shot) -> list:
        """Animations making room for ``shot``'s ``card`` (placed under the stage's
        name) above the network's card at the bottom. Nothing shrinks: the network's
        card steps aside (fades out) while a stage's card would reach into it, and
        comes back, as it was, with the first card after which it can stay (every
        later stage's card leaves it room; else at the end)."""
        if not self.summary_shown:
            shots = self.script.shots
            later = shots[shots.index(shot) + 1:]
            top = self.marker.title.get_bottom()[1]
            back = all(top - self._reach(s) - CARD_GAP >= self.summary.get_top()[1]
                       for s in [shot, *later])
        else:
            back = True
        fits = bool(back and card.get_bottom()[1] - CARD_GAP >= self.summary.get_top()[1])
        if fits == self.summary_shown:
            return []
        self.summary_shown = fits
        return [FadeIn(self.summary) if fits else FadeOut(self.summary)]

    def _reach(self, shot: Shot) -> float:
        """How far under its stage's name ``shot``'s note and card reach (as
        :class:`~scenes.components.stages.StageMarker` puts a note: a line of small
        text, 0.2 under the name; the card 0.35 under them)."""
        th = self.theme
        note = (Text(shot.note, font=th.font, font_size=th.small_size).height + 0.2
                if shot.note else 0.0)
        return note + 0.35 + self.stage_cards[shot.name].height

    @beat("The whole network")
    def closing(self) -> None:
        self.say(self.script.closing)
        if not self.summary_shown:  # the whole network's card back, for the whole network
            self.play(FadeOut(self.card), FadeIn(self.summary), run_time=0.6)
            self.card, self.summary_shown = None, True
            self.wait(0.9)
        else:
            self.wait(1.5)
