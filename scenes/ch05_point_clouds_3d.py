"""Chapter 5: the point cloud of chapter 4, through a 2-3-2 network, in 3D.

The hidden layer has three neurons, so the middle stages live in 3D: W1 lifts the
flat square to a tilted sheet, ReLU creases it onto the coordinate planes, W2
brings it back to the plane. The 3D picture stays on the left; the formula, the
weights and the stage name stay flat on the right, whatever the camera does.

Render one scene::

    manim -qm scenes/ch05_point_clouds_3d.py PointCloud3D
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    DashedVMobject,
    FadeIn,
    FadeOut,
    MathTex,
    Mobject,
    Polygon,
    ThreeDAxes,
    VGroup,
    config,
    smooth,
)

from narrator.fmt import fmt_nonzero
from narrator.stages import fold_note, stage_words
from nnmath import affine_map, best_affine_fit, examples
from pipeline.aspect import DESIGN_FRAME
from scenes.base import ChapterScene3D, beat, beat_call
from scenes.components import MatrixLabel, panel
from scenes.components.axes import axis_label, themed_axes
from scenes.components.camera import AimedCamera
from scenes.components.network_diagram import NetworkDiagram
from scenes.components.placement import to_edge
from scenes.components.point_cloud import CloudFrame, MoveCloud, PointCloud
from scenes.components.stages import StageFormula, StageMarker
from scenes.components.text import formula, note_text
from scenes.params import CloudParams

__all__ = ["PointCloud3D", "PointCloud3DParams", "DirectMap", "DirectMapParams"]

# Where the axes' origin sits on screen (left), and the centre of the text column (right).
PICTURE_SPOT = (-3.45, -0.35, 0.0)
COLUMN_X = 3.95
AXIS_LABEL_GAP = 0.4  # screen units from an axis' end to its label
# The closing top view of the unit square: its short axes run from -0.15 to AXIS_END;
# each label sits at a point of the square's plane, shifted by so many FRAME_LABEL_GAPs
# (screen units, whatever the zoom) -- 0 at the corner, 1 and 1 on the axes, y_1, y_2
# past the arrows' tips -- and everything stays PICTURE_MARGIN inside the picture.
AXIS_END = 1.2
FRAME_LABEL_GAP = 0.4
PICTURE_MARGIN = 0.1
UNIT_FRAME_SPOTS = (((0.0, 0.0), (-1.0, -1.0)), ((1.0, 0.0), (0.0, -1.0)),
                    ((0.0, 1.0), (-1.0, 0.0)), ((AXIS_END, 0.0), (1.3, 0.0)),
                    ((0.0, AXIS_END), (0.0, 1.3)))


@dataclass(frozen=True)
class Cloud3DParams(CloudParams):
    """The cloud of chapter 4 through the course's 2-3-2 network, on 3D axes of
    ``axis_length`` seen from ``phi``/``theta`` (degrees: ``phi`` from the vertical,
    0 = looking straight down; ``theta`` round it, -90 = the x axis pointing right),
    ending on a top view ``end_zoom`` times closer (at most: no closer than lets the unit
    square, its short axes and their labels fit in the picture, see
    :meth:`_CloudStage.close_up_zoom`)."""

    network_seed: int = examples.NETWORK_232_SEED  # seed of the 2-3-2 network's random weights
    point_radius: float = 0.03  # radius of each drawn point (scene units)
    axis_length: float = 5.0  # screen length of each 3D axis (scene units)
    phi: float = 62.0  # tilt of the view, degrees from looking straight down
    theta: float = -60.0  # turn of the view round the vertical, degrees (-90: x points right)
    end_zoom: float = 4.0  # how many times closer the closing top view is


@dataclass(frozen=True)
class PointCloud3DParams(Cloud3DParams):
    """Stage by stage, with a slow turn while the cloud moves."""

    stage_time: float = 2.5  # seconds per stage of the network (W1, + b1, ReLU, ...)
    phi: float = 68.0  # the tilted view of W1 and + b1: degrees from looking straight down
    theta: float = -55.0  # that view's turn round the vertical, degrees
    turn_rate: float = -4.0  # degrees per second of the slow turn while the cloud moves
    crease_phi: float = 60.0  # the view the camera swings to after the fold: its phi, degrees
    crease_theta: float = -205.0  # that view's theta, degrees


@dataclass(frozen=True)
class DirectMapParams(Cloud3DParams):
    """The same cloud and network as :class:`PointCloud3DParams`, played in one move."""

    morph_time: float = 4.0  # seconds of the straight move from square to output (twice)


def early(share: float):
    """A rate function that runs its animation in the first ``share`` of a play
    (``Scene.play(..., run_time=T)`` gives every animation the same run time)."""
    return lambda t: smooth(min(1.0, t / share))


class _CloudStage:
    """What both scenes share: the network and data, the axes, the aimed camera
    (the 3D picture on the left, flat text on the right). A mixin, not a Scene, so
    that ``manim -a`` does not try to render it."""

    camera_class = AimedCamera

    def _build_network(self) -> None:
        self.net, self.X, self.stages = self.params.cloud(examples.network_232)

    # --- axes and camera -----------------------------------------------------
    def _make_axes(self) -> ThreeDAxes:
        """Axes with one range for x, y and z, from the data: every stage fits."""
        th = self.theme
        reach = max(float(np.max(np.abs(s.points))) for s in self.stages)
        bound = float(np.ceil(2 * reach + 0.2) / 2)  # half units, at least 0.1 spare
        length = self.params.axis_length
        self.bound = bound
        ticks = (-bound, bound, 1)
        return themed_axes(ticks, ticks, ticks, x_length=length, y_length=length,
                           z_length=length, tips=True, theme=th)

    def _start_camera(self, phi: float = 0.0, theta: float = -90.0) -> None:
        """The axes' origin at :data:`PICTURE_SPOT`, seen from ``phi``/``theta`` (degrees)."""
        self.set_camera_orientation(phi=phi * DEGREES, theta=theta * DEGREES, zoom=1.0)
        self.camera.look_at.move_to(self.axes.c2p(0, 0, 0))
        self.camera.spot.move_to(PICTURE_SPOT)

    def look(self, phi: float | None = None, theta: float | None = None,
             run_time: float = 2.0, added_anims: Sequence = ()) -> None:
        """Turn the camera to ``phi``/``theta`` (degrees) while ``added_anims`` play."""
        self.move_camera(phi=None if phi is None else phi * DEGREES,
                         theta=None if theta is None else theta * DEGREES,
                         added_anims=list(added_anims), run_time=run_time)

    def zoom_on_unit_square(self) -> list:
        """Animations closing in on the unit square, from a top view (fade the big axes
        out early: zoomed in, they would run under the text column)."""
        cam = self.camera
        return [cam.zoom_tracker.animate.set_value(self.close_up_zoom()),
                cam.look_at.animate.move_to(self.axes.c2p(0.5, 0.5, 0)),
                cam.spot.animate.move_to(self._close_up_spot())]

    def _close_up_spot(self) -> np.ndarray:
        """Where the unit square's centre sits in the closing top view."""
        return np.array(PICTURE_SPOT) + 0.3 * DOWN  # the unit frame's label clears the header

    def _unit_size(self) -> float:
        """Screen units per unit of the axes (before any zoom)."""
        return self.params.axis_length / (2 * self.bound)

    def close_up_zoom(self) -> float:
        """The closing top view's zoom: ``end_zoom``, or less where the unit square, its
        short axes and their labels would then leave the picture (run into the header,
        the text column or the frame's edge). Few points make the axes' range small and
        one unit long on screen: ``end_zoom`` times closer, the unit square would not fit.
        """
        largest = self._largest_unit_side()
        return min(self.params.end_zoom, largest / self._unit_size())

    def _largest_unit_side(self) -> float:
        """The longest the unit square's side may be on screen, in the closing top view
        (centred on :meth:`_close_up_spot`), with its frame and labels all inside the
        picture: below the header, left of the text column, inside the composition."""
        high_y = min(config.frame_y_radius, DESIGN_FRAME[1] / 2)
        low = np.array([-config.frame_x_radius, -high_y]) + PICTURE_MARGIN
        high = np.array([self.column.get_left()[0], high_y]) - PICTURE_MARGIN
        header = getattr(self, "header", None)
        if header is not None:
            high[1] = min(high[1], header.get_bottom()[1] - PICTURE_MARGIN)
        spot = self._close_up_spot()[:2]
        # (a point of the unit square's plane, a screen shift from it, a half size): the
        # short axes' ends, then each label on its own spot (labels keep their size)
        items = [((-0.15, -0.15), (0.0, 0.0), (0.0, 0.0)),
                 ((AXIS_END, AXIS_END), (0.0, 0.0), (0.0, 0.0))]
        for label, (at, shift) in zip(self._unit_frame_labels(), UNIT_FRAME_SPOTS,
                                      strict=True):
            items.append((at, shift, (label.width / 2, label.height / 2)))
        sides = [np.inf]
        for at, shift, half in items:
            for k in (0, 1):
                lean = at[k] - 0.5  # screen position: spot + side * lean + shift
                if lean > 0:
                    sides.append((high[k] - spot[k] - shift[k] * FRAME_LABEL_GAP - half[k])
                                 / lean)
                elif lean < 0:
                    sides.append((spot[k] + shift[k] * FRAME_LABEL_GAP - half[k] - low[k])
                                 / -lean)
        return float(min(sides))

    def start_turning(self, degrees_per_second: float) -> None:
        """A slow, time-based turn round the vertical axis (deterministic frames)."""
        self.begin_ambient_camera_rotation(rate=degrees_per_second * DEGREES)

    def stop_turning(self) -> None:
        self.stop_ambient_camera_rotation()

    def z_axis(self, visible: bool):
        """An animation showing or hiding the z axis (seen end-on from above, it is a blot)."""
        opacity = 1.0 if visible else 0.0
        return self.axes.z_axis.animate.set_stroke(opacity=opacity).set_fill(opacity=opacity)

    # --- labels --------------------------------------------------------------
    def face_camera(self, *mobjects: Mobject) -> list:
        """Add mobjects that stay upright and face the camera, invisible; return the
        animations that show them."""
        self.add_fixed_orientation_mobjects(*mobjects)
        for mob in mobjects:
            mob.set_opacity(0)
        return [mob.animate.set_opacity(1) for mob in mobjects]

    def show_labels(self, names: Sequence[str]) -> list:
        """Animations replacing the axis labels with ``names`` (x, y, z in that order):
        each at its axis's end, slid out along the axis while the cloud is in the way
        (see :func:`~scenes.components.axes.axis_label`)."""
        reach = self.bound + AXIS_LABEL_GAP / self._unit_size()  # the gap on screen, any range
        new = VGroup(*(axis_label(name, self.axes, k, reach, self.cloud, self.camera,
                                  theme=self.theme)
                       for k, name in enumerate(names)))
        old = getattr(self, "axis_labels", None)
        self.axis_labels = new
        self.add_fixed_orientation_mobjects(*new)
        for label in new:
            label.set_opacity(0)
        # the labels keep following the cloud while they fade
        anims = [label.animate(suspend_mobject_updating=False).set_opacity(1)
                 for label in new]
        if old is not None:
            anims += [FadeOut(label, suspend_mobject_updating=False) for label in old]
        return anims

    # --- the unit square -----------------------------------------------------
    def unit_square(self) -> Polygon:
        a = self.axes
        return Polygon(a.c2p(0, 0, 0), a.c2p(1, 0, 0), a.c2p(1, 1, 0), a.c2p(0, 1, 0),
                       color=self.theme.accent, stroke_width=3)

    def _unit_frame_labels(self) -> list[MathTex]:
        """The close-up's labels, not yet placed: 0, 1 on x, 1 on y, y_1, y_2."""
        th = self.theme
        size = th.small_size + 2
        return [formula(th, text, size=size, color=th.muted) for text in ("0", "1", "1")] + [
            formula(th, name, size=th.label_size + 4, color=th.muted)
            for name in ("y_1", "y_2")]

    def unit_frame(self) -> tuple[VGroup, list]:
        """Short axes from 0 to 1 (and a little more) for the zoomed top view at the end:
        the lines, and the animations that show them with their labels."""
        th, a = self.theme, self.axes
        zoom = self.close_up_zoom()
        tip = 0.22 / zoom
        lines = VGroup(
            Arrow(a.c2p(-0.15, 0, 0), a.c2p(AXIS_END, 0, 0), buff=0, stroke_width=2.5,
                  tip_length=tip, color=th.axis),
            Arrow(a.c2p(0, -0.15, 0), a.c2p(0, AXIS_END, 0), buff=0, stroke_width=2.5,
                  tip_length=tip, color=th.axis),
        )
        off = FRAME_LABEL_GAP / (zoom * self._unit_size())  # the gap, in units of the axes
        texts = self._unit_frame_labels()
        for label, (at, shift) in zip(texts, UNIT_FRAME_SPOTS, strict=True):
            label.move_to(a.c2p(at[0] + shift[0] * off, at[1] + shift[1] * off, 0))
        self.axis_labels = VGroup(*texts)
        return lines, [Create(lines), *self.face_camera(*texts)]


class PointCloud3D(_CloudStage, ChapterScene3D):
    """A square of points through W1 (up into 3D), + b1, ReLU, W2 (back down), + b2, sigmoid."""

    title = "A cloud of points through a 2-3-2 network"
    Params = PointCloud3DParams

    def prepare(self) -> None:
        self._build_network()
        self.relu_share = examples.fold_share(self.stages.z(1))

    @beat("A square in the floor of 3D space")
    def square(self) -> None:
        p, th = self.params, self.theme
        self.axes = self._make_axes()
        self.axes.z_axis.set_stroke(opacity=0).set_fill(opacity=0)
        self._start_camera()
        self.cloud = PointCloud(self.stages.a(0), frame=CloudFrame.from_axes(self.axes),
                                radius=p.point_radius, theme=th)
        # chapter 4's square (at its defaults) is "the same" only with the same points
        before = CloudParams()
        same = (p.n_points, p.data_seed) == (before.n_points, before.data_seed)
        if len(self.X) == 1:
            self.say("A square with a single point on it, seen from above, coloured by "
                     "where it starts.")
        elif same:
            self.say(f"The same {len(self.X):,} points on a square as before, seen from above, "
                     "coloured by where they start.")
        else:
            self.say(f"{len(self.X):,} points on a square, seen from above, coloured by where "
                     "they start.")
        self.play(Create(self.axes), run_time=1.0)
        self.play(FadeIn(self.cloud), *self.show_labels(["x_1", "x_2"]), run_time=1.0)
        self.say("Tilt the view: the square lies flat in the floor z = 0, and a third axis "
                 "stands up out of it.")
        self.look(phi=p.phi, theta=p.theta, run_time=2.5, added_anims=[self.z_axis(True)])

    @beat("The 2-3-2 network and its numbers")
    def network(self) -> None:
        th = self.theme
        L1, L2 = self.net.layers
        self.formula = StageFormula(self.net.activations, theme=th)
        self.labels = {
            ("linear", 1): self._weights(L1.W, "W_1"),
            ("bias", 1): self._weights(L1.b, "b_1"),
            ("linear", 2): self._weights(L2.W, "W_2"),
            ("bias", 2): self._weights(L2.b, "b_2"),
        }
        rows = VGroup(*(
            VGroup(self.labels["linear", k], self.labels["bias", k]).arrange(
                RIGHT, buff=0.5, aligned_edge=UP)
            for k in (1, 2)
        )).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        self.card = panel(rows, theme=th, buff=0.25)
        column = VGroup(self.formula, self.card).arrange(DOWN, buff=0.35)
        to_edge(column.move_to([COLUMN_X, 0.0, 0]), UP, buff=0.45)
        self.column = column
        self.marker = StageMarker(self.formula, self.stages, labels=self.labels,
                                  anchor=self.card, title_buff=0.35, fix=self.fix_in_frame,
                                  theme=th)
        sizes = "-".join(map(str, self.net.sizes))
        self.say(f"Now a {sizes} network: {self.net.sizes[1]} hidden ReLU neurons, "
                 f"{self.net.sizes[2]} sigmoid outputs, random weights. These are its numbers.")
        self.fix_in_frame(self.formula, self.card)
        self.play(FadeIn(self.formula), FadeIn(self.card))

    def _weights(self, values: np.ndarray, name: str) -> VGroup:
        """``name`` above its matrix (narrower than ``name = [...]``, so two fit a row)."""
        th = self.theme
        head = formula(th, name, size=th.label_size + 4)
        return VGroup(head, MatrixLabel(values, font_size=th.label_size, theme=th)).arrange(
            DOWN, buff=0.12)

    def play_stage(self, name: str, speak: bool = True) -> None:
        """Say what stage ``name`` does (unless ``speak`` is off), mark it, carry the
        cloud there."""
        stage = self.stages.stage(name)
        if speak:
            self.say(stage_words(self.net, self.stages, stage))
        self.play(*self.marker.show(stage), run_time=0.5)
        self.play(MoveCloud(self.cloud, stage.points), run_time=self.params.stage_time)

    @beat("W1: up into 3D")
    def linear_1(self) -> None:
        self.start_turning(self.params.turn_rate)
        self.play(*self.show_labels(["h_1", "h_2", "h_3"]), run_time=0.6)
        self.play_stage("linear 1")

    bias_1 = beat_call("+ b1: a shift in 3D", "play_stage", "bias 1")

    def relu_note(self) -> str:
        """The marker's note on the ReLU stage: the share folded (one point is no share),
        as the explainer notes it too."""
        return fold_note(self.stages.z(1))

    @beat("ReLU: creased into the first octant")
    def relu_1(self) -> None:
        p = self.params
        self.say(stage_words(self.net, self.stages, "relu 1"))
        self.walls = self._octant_walls()
        self.add(self.walls)
        self.bring_to_back(self.walls)  # under the cloud
        self.play(*self.marker.show("relu 1", note=self.relu_note()),
                  self.walls.animate.set_fill(opacity=0.22).set_stroke(opacity=0.7),
                  run_time=0.5)
        self.play(MoveCloud(self.cloud, self.stages.stage("relu 1").points), run_time=p.stage_time)
        self.stop_turning()
        if self.relu_share > 0:
            self.say("No coordinate is negative any more: where the sheet left the first "
                     "octant, it is creased flat onto its walls.")
        else:
            self.say("No coordinate was negative to begin with: the sheet already lies in the "
                     "first octant, so nothing is creased.")
        self.look(phi=p.crease_phi, theta=p.crease_theta, run_time=3.5)
        self.wait(1.0)

    def _octant_walls(self) -> VGroup:
        """The three quarter-planes that bound the first octant, faint (drawn under points)."""
        th, a = self.theme, self.axes
        r = self.bound * 0.96
        corners = [
            [(0, 0, 0), (r, 0, 0), (r, r, 0), (0, r, 0)],
            [(0, 0, 0), (r, 0, 0), (r, 0, r), (0, 0, r)],
            [(0, 0, 0), (0, r, 0), (0, r, r), (0, 0, r)],
        ]
        walls = VGroup(*(Polygon(*(a.c2p(*c) for c in quad)) for quad in corners))
        walls.set_fill(th.grid, opacity=0.0).set_stroke(th.grid, width=1.5, opacity=0.0)
        return walls

    @beat("W2: back down to the plane")
    def linear_2(self) -> None:
        self.start_turning(-self.params.turn_rate)
        self.play(FadeOut(self.walls), *self.show_labels(["y_1", "y_2"]), run_time=0.6)
        self.play_stage("linear 2")

    @beat("+ b2: a shift in the plane")
    def bias_2(self) -> None:
        self.stop_turning()
        self.say(stage_words(self.net, self.stages, "bias 2"))
        self.look(phi=0, theta=-90, run_time=2.5, added_anims=[self.z_axis(False)])
        self.play_stage("bias 2", speak=False)

    @beat("Sigmoid: into the unit square")
    def sigmoid_2(self) -> None:
        p = self.params
        self.say(stage_words(self.net, self.stages, "sigmoid 2"))
        self.play(*self.marker.show("sigmoid 2"), run_time=0.5)
        time = p.stage_time + 0.5
        self.play(MoveCloud(self.cloud, self.stages.output), *self.zoom_on_unit_square(),
                  FadeOut(self.axes, *self.axis_labels, rate_func=early(0.4 / time)),
                  run_time=time)
        _, show = self.unit_frame()
        self.play(*show, Create(self.unit_square()), run_time=1.0)
        blob = "creased, bent blob" if self.relu_share > 0 else "bent blob"
        self.say(f"Up into 3D and back down: the square has become this {blob} "
                 "inside the unit square.")
        self.wait(1.0)


class DirectMap(_CloudStage, ChapterScene3D):
    """The same network as one move: every point straight from its input to its output."""

    title = "The whole network as one map"
    Params = DirectMapParams

    def prepare(self) -> None:
        self._build_network()
        self.start_points = self.stages.a(0)
        self.end_points = self.stages.output
        self.fit_W, self.fit_b, self.fit_rms = best_affine_fit(self.X, self.end_points)
        self.exact = self.fit_rms <= 1e-9  # so few points that an affine map hits them all
        self.relu_share = examples.fold_share(self.stages.z(1))  # 0: the ReLU folds nothing
        corners = np.array([[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]])
        self.fit_corners = affine_map(self.fit_W, corners, self.fit_b)

    @beat("One function, plane to plane")
    def one_move(self) -> None:
        p, th = self.params, self.theme
        self.axes = self._make_axes()
        self._start_camera(p.phi, p.theta)
        self.cloud = PointCloud(self.start_points, frame=CloudFrame.from_axes(self.axes),
                                radius=p.point_radius, theme=th)
        self.formula = StageFormula(self.net.activations, theme=th)
        self.formula.tex[2:].set_color(th.accent)  # every stage at once
        signature = formula(th, r"f:\ \mathbb{R}^2 \to \mathbb{R}^2", size=th.body_size + 6)
        L1, L2 = self.net.layers
        diagram = NetworkDiagram(self.net.sizes, weights=[L1.W, L2.W],
                                 labels=[["x_1", "x_2"], None, ["y_1", "y_2"]], theme=th,
                                 node_radius=0.3, layer_buff=1.6, max_height=2.6)
        column = VGroup(self.formula, signature, diagram).arrange(DOWN, buff=0.4)
        to_edge(column.move_to([COLUMN_X, 0, 0]), UP, buff=0.45)
        self.column = column
        self.diagram = diagram
        self.say("Skip the stages: the whole network is one function, taking each point "
                 "of the plane to a point of the plane.")
        self.fix_in_frame(self.formula, signature, diagram)
        self.play(Create(self.axes), FadeIn(self.formula), FadeIn(signature), FadeIn(diagram),
                  run_time=1.0)
        self.play(FadeIn(self.cloud), *self.show_labels(["x_1", "x_2"]), run_time=0.8)
        self.say("So every point can travel in a straight line, from where it starts to "
                 "where the network sends it.")
        self.play(MoveCloud(self.cloud, self.end_points), *self.show_labels(["y_1", "y_2"]),
                  run_time=p.morph_time)

    @beat("Again, seen from above")
    def from_above(self) -> None:
        p = self.params
        self.say("Once more, from above, closing in on the unit square: the sigmoid keeps "
                 "every output between 0 and 1.")
        self.look(phi=0, theta=-90, run_time=2.0,
                  added_anims=[MoveCloud(self.cloud, self.start_points), self.z_axis(False),
                               *self.show_labels(["x_1", "x_2"])])
        self.play(MoveCloud(self.cloud, self.end_points), *self.zoom_on_unit_square(),
                  FadeOut(self.axes, *self.axis_labels, rate_func=early(0.4 / p.morph_time)),
                  run_time=p.morph_time)
        _, show = self.unit_frame()
        self.play(*show, Create(self.unit_square()), run_time=1.0)

    @beat("No single linear map does this")
    def not_linear(self) -> None:
        th = self.theme
        fit = Polygon(*(self.axes.c2p(x, y, 0) for x, y in self.fit_corners),
                      color=th.bias, stroke_width=3)
        fit = DashedVMobject(fit, num_dashes=40)
        # an exact fit misses by rounding noise (1e-16): that is 0, not 0.0000000000000004
        rms = "0" if self.exact else fmt_nonzero(self.fit_rms, 2)
        key = VGroup(
            note_text(th, "closest W x + b", color=th.bias),
            note_text(th, f"misses by {rms} (RMS)", color=th.bias),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        key = panel(key, theme=th, buff=0.2).next_to(self.diagram, DOWN, buff=0.5)
        self.say("A linear map plus a shift can only turn the square into a parallelogram. "
                 f"The closest one, by least squares, is dashed: its points miss by {rms} "
                 "(root mean square).")
        self.fix_in_frame(key)
        self.play(Create(fit), FadeIn(key), run_time=1.5)
        if self.exact:
            few = "one point" if len(self.X) == 1 else f"{len(self.X)} points"
            self.say(f"With only {few} the closest one misses nothing: it "
                     "takes more points to see what no single linear map can make.")
        elif self.relu_share == 0:
            self.say("The ReLU folds none of these points: the blob's bends come from the "
                     "sigmoid, and no single linear map could make them.")
        else:
            self.say("The blob's creases and bends come from the ReLU and the sigmoid: no "
                     "single linear map could make them.")
        self.wait(1.5)
