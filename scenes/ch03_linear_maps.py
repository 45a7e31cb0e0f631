"""Chapter 3: weight matrices are linear maps.

Render one scene::

    manim -qm scenes/ch03_linear_maps.py WeightMatrixAsTransform
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Arrow,
    Circumscribe,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Flash,
    GrowArrow,
    Indicate,
    MathTex,
    Mobject,
    TransformMatchingShapes,
    VGroup,
    Write,
)

from nnmath import activation
from nnmath.linear import (
    affine_map,
    as_matrix,
    basis_images,
    describe_map,
    moves_points,
    reflection,
    rotation,
    scaling,
    shear,
)
from scenes.base import ChapterScene, beat, beat_call
from scenes.components import (
    MatrixLabel,
    activation_tex,
    body_text,
    fmt_number,
    formula,
    note_text,
    panel,
    tex_matrix,
)
from scenes.components.basis_plane import BasisPlane
from scenes.components.network_diagram import NetworkDiagram
from scenes.components.placement import to_corner
from scenes.params import SceneParams

__all__ = [
    "GalleryParams",
    "LayerEquations",
    "LayerEquationsParams",
    "TransformGallery",
    "WeightMatrixAsTransform",
    "WeightMatrixParams",
]


@dataclass(frozen=True)
class WeightMatrixParams(SceneParams):
    """The matrix whose action is shown (default: the seed's [[1, 2], [2, 1]])."""

    matrix: tuple[tuple[float, float], tuple[float, float]] = (
        (1.0, 2.0), (2.0, 1.0))  # W row by row: its columns are where i-hat and j-hat land
    origin: tuple[float, float] = (-1.8, -1.3)  # where the plane's origin sits on screen (x, y)
    transform_time: float = 3.0  # seconds of the grid's move under W


def _coords(v: np.ndarray) -> str:
    return "(" + ", ".join(fmt_number(x) for x in v) + ")"


class WeightMatrixAsTransform(ChapterScene):
    """i-hat and j-hat land on W's columns; the grid follows; the origin stays put."""

    title = "A weight matrix moves the whole plane"
    Params = WeightMatrixParams

    def prepare(self) -> None:
        p = self.params
        self.W = as_matrix(p.matrix, "matrix")  # 2x2 and finite: load_params checks both
        self.images = basis_images(self.W)  # row i = where e_i lands
        self.origin_image = affine_map(self.W, np.zeros((1, 2)))[0]
        self.facts = describe_map(self.W)  # rank, determinant, rotation...: the words
        col1, col2 = self.images
        self.shown = {  # what the viewer reads, built from nnmath's numbers
            "targets": (_coords(col1), _coords(col2)),  # beside the dots i-hat, j-hat reach
            "reading": (tex_matrix(col1), tex_matrix(col2)),  # W i-hat = ..., W j-hat = ...
            "origin": tex_matrix(self.origin_image),  # W 0 = ...
        }
        reach = max(1.0, float(np.abs(self.images).max()))
        self.unit = min(1.5, 3.0 / reach)  # W's columns large, but on screen
        self.origin = np.array([*p.origin, 0.0])

    @beat("The plane and its unit vectors")
    def grid(self) -> None:
        p = self.plane = BasisPlane(origin=self.origin, unit=self.unit, show_square=False,
                                    theme=self.theme)
        self.say("Start with the plane's grid and its two unit vectors, i-hat and j-hat.")
        self.add(p.backdrop)
        self.play(Create(p.grid), run_time=1.5)
        self.play(GrowArrow(p.i_arrow), GrowArrow(p.j_arrow), FadeIn(p.origin_dot))
        self.play(Write(p.i_label), Write(p.j_label))
        self.wait(0.5)

    @beat("The weight matrix W")
    def matrix(self) -> None:
        th = self.theme
        i_image, j_image = self.shown["reading"]
        self.w_label = MatrixLabel(self.W, name="W", column_colors=[th.i_hat, th.j_hat])
        self.reading = VGroup(
            formula(th, r"W\hat{\imath} = ", i_image, color=th.i_hat),
            formula(th, r"W\hat{\jmath} = ", j_image, color=th.j_hat),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.card = to_corner(panel(self.w_label, theme=th), UR, buff=0.4).shift(0.5 * DOWN)
        col1, col2 = self.shown["targets"]
        self.say(f"Here is a weight matrix W. Its first column is {col1}, its second is {col2}.")
        self.play(FadeIn(self.card, shift=0.2 * LEFT))
        self.play(Indicate(self.w_label.column(0), color=th.i_hat))
        self.play(Indicate(self.w_label.column(1), color=th.j_hat))

    @beat("i-hat and j-hat land on the columns")
    def targets(self) -> None:
        th = self.theme
        col1, col2 = self.images
        self.target_dots = VGroup(
            Dot(self.plane.to_screen(col1), color=th.i_hat, radius=0.08),
            Dot(self.plane.to_screen(col2), color=th.j_hat, radius=0.08),
        )
        self.target_labels = self._target_labels()
        self.say("W sends i-hat to its first column and j-hat to its second.")
        if len(self.target_labels) == 1:  # both columns one point: one label names both
            self.say(f"Its two columns are equal: both land on {self.shown['targets'][0]}.")
            self.play(FadeIn(self.target_dots[0], scale=0.5), Write(self.target_labels[0]))
            self.play(FadeIn(self.target_dots[1], scale=0.5))
            return
        self.play(FadeIn(self.target_dots[0], scale=0.5), Write(self.target_labels[0]))
        self.play(FadeIn(self.target_dots[1], scale=0.5), Write(self.target_labels[1]))

    @beat("The whole grid follows")
    def transform(self) -> None:
        self.say(self._follows())
        self.play(*self.plane.apply(self.W), run_time=self.params.transform_time)
        self.card.add(self.reading.next_to(self.w_label, DOWN, aligned_edge=LEFT, buff=0.3))
        self._refit_card()
        self.play(FadeIn(self.reading))

    @beat("The origin stays put")
    def origin_fixed(self) -> None:
        th = self.theme
        stays = formula(th, r"W\,\vec{0} = ", self.shown["origin"], color=th.accent)
        stays.next_to(self.reading, DOWN, aligned_edge=LEFT, buff=0.25)
        self.stays = stays
        self.card.add(stays)
        self._refit_card()
        self.say("And the origin stays where it is: a linear map never moves it.")
        self.play(Flash(self.plane.origin_dot, color=th.accent), FadeIn(stays))
        self.wait(1.0)

    # -- helpers ---------------------------------------------------------------
    def _follows(self) -> str:
        """What the grid does under W, in words chosen from nnmath's facts about W."""
        f = self.facts
        if f.is_identity:
            return "Every other point follows, but W is the identity: nothing moves at all."
        if f.is_zero:
            return ("Every other point follows: W sends every point to the origin, so the "
                    "whole plane collapses onto a single point.")
        if f.collapses:
            return ("Every other point follows: W's two columns lie on one line, so the "
                    "whole plane collapses onto a line through the origin.")
        if f.is_rotation:
            return (f"Every other point follows: W is a rotation by "
                    f"{fmt_number(f.rotation_degrees)} degrees, so the grid turns rigidly; "
                    "lengths and angles survive.")
        words = "Every other point follows: grid lines stay straight, parallel and evenly spaced."
        if f.is_reflection:
            return words + " W is a reflection: the plane comes out mirrored, lengths intact."
        if f.flips:
            words += " The determinant is negative, so the plane is also flipped over."
        if f.is_uniform:
            grows = "stretches" if f.stretches[0] > 1 else "shrinks"
            words += (f" W {grows} every direction by the same factor, "
                      f"{fmt_number(f.stretches[0])}.")
        return words

    def _refit_card(self) -> None:
        _refit(self.card)

    def _target_labels(self) -> VGroup:
        """The coordinates beside the dots i-hat and j-hat reach, away from the origin.

        Where the two columns are one point, one label names both ("î, ĵ → (1, 1)"); a
        column whose arrow (and its label) shrinks into the origin is named too
        ("î → (0, 0)") and starts from the origin's freest side. A label that would
        touch the unit vectors' labels (where they are before W or after it) or the
        other label turns about its dot to the nearest side where it touches none."""
        th, plane = self.theme, self.plane
        hats = (r"\hat{\imath}", r"\hat{\jmath}")
        same = bool(np.array_equal(*self.images))
        named = [same or plane.shrinks(v) for v in self.images]
        ghosts = [label.copy().move_to(spot) for label, spot
                  in zip((plane.i_label, plane.j_label), plane.label_spots(self.W), strict=True)
                  if spot is not None]
        taken = [plane.i_label, plane.j_label, *ghosts]
        labels = []
        for k, (v, dot) in enumerate(zip(self.images, self.target_dots, strict=True)):
            if same and k == 1:
                break
            who = [hats[0], r",\ ", hats[1]] if same else [hats[k]]
            parts = [*who, r" \to ", self.shown["targets"][k]] if named[k] \
                else [self.shown["targets"][k]]
            label = formula(th, *parts, color=th.text if same else (th.i_hat, th.j_hat)[k])
            if same:  # each hat in its own colour
                label[0].set_color(th.i_hat)
                label[2].set_color(th.j_hat)
            label.add_background_rectangle(color=th.background, opacity=0.85, buff=0.06)
            first = self._free_side() if plane.shrinks(v) else _away(v)
            for side in _turning(first):
                label.next_to(dot, side, buff=0.15)
                if not any(_touch(label, other) for other in taken):
                    break
            else:
                label.next_to(dot, first, buff=0.15)
            taken.append(label)
            labels.append(label)
        return VGroup(*labels)

    def _free_side(self) -> np.ndarray:
        """The diagonal around the origin furthest from everything drawn beside it: the
        unit vectors and their labels before W, the columns and their labels after."""
        plane = self.plane
        centre = plane.to_screen(np.zeros(2))
        taken = [plane.to_screen(v) - centre for v in (*np.eye(2), *self.images)
                 if not plane.shrinks(v)]
        taken += [m.get_center() - centre for m in (plane.i_label, plane.j_label)]
        taken += [s - centre for s in plane.label_spots(self.W) if s is not None]
        taken = [t[:2] / np.linalg.norm(t[:2]) for t in taken if np.linalg.norm(t[:2]) > 1e-9]
        sides = (DL, UR, DR, UL)
        closeness = [max((float(np.dot(side[:2], t)) / np.sqrt(2) for t in taken), default=0.0)
                     for side in sides]
        return sides[int(np.argmin(closeness))]


def _touch(a: Mobject, b: Mobject, gap: float = 0.0) -> bool:
    """Whether the boxes of ``a`` and ``b`` come closer than ``gap`` both ways."""
    return bool(np.all(a.get_corner(DL)[:2] < b.get_corner(UR)[:2] + gap)
                and np.all(b.get_corner(DL)[:2] < a.get_corner(UR)[:2] + gap))


def _turning(first: np.ndarray) -> list[np.ndarray]:
    """``first``, then the eight compass directions, nearest to ``first`` first."""
    first = first / np.linalg.norm(first)
    compass = [np.array([np.cos(a), np.sin(a), 0.0]) for a in np.arange(8) * np.pi / 4]
    return [first, *sorted(compass, key=lambda d: -float(np.dot(d, first)))]


def _away(v: np.ndarray) -> np.ndarray:
    """A label direction pointing away from the origin along ``v``."""
    direction = np.array([v[0], v[1], 0.0])
    norm = np.linalg.norm(direction)
    return RIGHT if norm == 0 else direction / norm


@dataclass(frozen=True)
class GalleryParams(SceneParams):
    """The gallery's maps and the bias of its last, affine, step."""

    rotation_degrees: float = 90.0  # the rotation's angle, degrees counter-clockwise
    scale: tuple[float, float] = (2.0, 0.5)  # the scaling's stretch of x and of y
    shear: float = 1.0  # k of the shear (x, y) -> (x + k y, y)
    reflection_axis: str = "y"  # the mirror's axis: "x", "y" or "y=x"
    affine_matrix: tuple[tuple[float, float], tuple[float, float]] = (
        (1.0, 1.0), (0.0, 1.0))  # W of the last step, x -> W x + b, row by row
    bias: tuple[float, float] = (1.5, 1.0)  # b of the last step: where the origin moves to
    origin: tuple[float, float] = (-3.3, -1.3)  # where the plane's origin sits on screen (x, y)
    unit: float = 1.3  # screen length of one grid unit (scene units)
    move_time: float = 2.0  # seconds each map takes to move the grid


class TransformGallery(ChapterScene):
    """Rotation, scaling, shear, reflection, each with its matrix; then Wx + b."""

    title = "Four kinds of linear map, then a shift"
    Params = GalleryParams

    def prepare(self) -> None:
        p = self.params
        self.gallery = {
            "rotate": (f"Rotation by {fmt_number(p.rotation_degrees)}°",
                       rotation(p.rotation_degrees)),
            "scale": ("Scaling", scaling(*p.scale)),
            "shear": ("Shear", shear(p.shear)),
            "reflect": (_mirror_heading(p.reflection_axis), reflection(p.reflection_axis)),
        }
        self.facts = {key: describe_map(W) for key, (_, W) in self.gallery.items()}
        self.shifts = moves_points(p.bias)  # a zero bias moves nothing
        self.affine_W = as_matrix(p.affine_matrix)
        self.bias = np.asarray(p.bias, dtype=float)
        self.moved_origin = affine_map(self.affine_W, np.zeros((1, 2)), self.bias)[0]
        self.shown = {"moved_origin": _coords(self.moved_origin)}  # W 0 + b = ...
        self.labels: dict[str, MatrixLabel] = {}  # each matrix label shown, by gallery key
        self.card: VGroup | None = None

    @beat("The unit square on the grid")
    def start(self) -> None:
        p = self.params
        self.plane = BasisPlane(origin=np.array([*p.origin, 0.0]), unit=p.unit, theme=self.theme)
        self.say("Watch the yellow unit square and the two unit vectors under each matrix.")
        self.add(self.plane.backdrop)
        self.play(Create(self.plane.grid), run_time=1.2)
        rest = [m for m in self.plane if m not in (self.plane.backdrop, self.plane.grid)]
        self.play(*(FadeIn(m) for m in rest))

    def _show(self, key: str, sentence: str) -> None:
        name, W = self.gallery[key]
        self.say(self._words(key, sentence))
        self.labels[key] = MatrixLabel(W, name="W", column_colors=self._columns())
        self._swap_card(name, self.labels[key])
        self.play(*self.plane.apply(W), run_time=self.params.move_time)
        self.wait(0.8)
        self.play(*self.plane.reset(), run_time=0.8)

    rotate = beat_call("Rotation", "_show", "rotate",
                       "A rotation turns the whole grid; lengths and angles survive.")
    scale = beat_call("Scaling", "_show", "scale",
                      "Scaling stretches one direction and squeezes the other.")
    shear_map = beat_call("Shear", "_show", "shear",
                          "A shear slides each row of the grid sideways, in proportion to its "
                          "height; the x axis stays put.")
    reflect = beat_call("Reflection", "_show", "reflect",
                        "A reflection mirrors the plane: i-hat and j-hat swap handedness.")

    @beat("Adding a bias moves the origin")
    def affine(self) -> None:
        th = self.theme
        self.labels["affine"] = MatrixLabel(self.affine_W, name="W", column_colors=self._columns())
        self.labels["bias"] = MatrixLabel(self.bias, name="b")
        label = VGroup(
            formula(th, r"x \mapsto Wx + b"),
            VGroup(self.labels["affine"], self.labels["bias"]).arrange(RIGHT, buff=0.4),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        if self.shifts:
            self.say("Every linear map keeps the origin fixed. Adding a bias b shifts everything.")
        else:
            self.say("Every linear map keeps the origin fixed. Here the bias b is zero, so "
                     "adding it shifts nothing.")
        self._swap_card("Affine map", label)
        start = self.plane.origin_dot.copy().set_color(th.muted)
        self.add(start)
        self.play(*self.plane.apply(self.affine_W, self.bias), run_time=self.params.move_time)
        shift = Arrow(start.get_center(), self.plane.origin_dot.get_center(), buff=0.08,
                      color=th.bias, stroke_width=5, max_tip_length_to_length_ratio=0.25)
        self.play(GrowArrow(shift))
        where = formula(th, r"W\vec{0} + b = ", self.shown["moved_origin"], color=th.accent)
        self.where = where
        self.card.add(where.next_to(self.card[1], DOWN, aligned_edge=LEFT, buff=0.3))
        _refit(self.card)
        if self.shifts:
            self.say(f"The origin lands on b = {self.shown['moved_origin']}: "
                     "no longer a linear map.")
        else:
            self.say(f"The origin stays at {self.shown['moved_origin']}: with b = 0, "
                     "W x + b is still a linear map.")
        self.play(FadeIn(where), Flash(self.plane.origin_dot, color=th.accent))
        self.wait(1.0)

    # -- helpers ---------------------------------------------------------------
    def _words(self, key: str, sentence: str) -> str:
        """``sentence`` (written for the default maps) where nnmath's facts about the
        map agree with it, else words chosen from those facts."""
        f = self.facts[key]
        p = self.params
        if key == "rotate" and f.is_identity:
            return (f"A rotation by {fmt_number(p.rotation_degrees)} degrees is no turn at "
                    "all: the grid stays where it is.")
        if key == "shear" and f.is_identity:
            return "A shear by 0 slides nothing: the grid stays where it is."
        if key != "scale":
            return sentence
        sx, sy = (fmt_number(s) for s in p.scale)
        if f.is_identity:
            return "Scaling by 1 in both directions changes nothing: the grid stays put."
        if f.is_zero:
            return "Scaling by 0 in both directions squashes the whole plane onto the origin."
        if f.collapses:
            return (f"Scaling by {sx} and {sy}: a factor of 0 squashes the whole plane "
                    "onto a line.")
        if f.is_rotation:
            return (f"Scaling by {sx} and {sy} keeps every length: it turns the grid by "
                    f"{fmt_number(f.rotation_degrees)} degrees, a rotation.")
        big, small = (sum(s > 1 + 1e-9 for s in f.stretches),
                      sum(s < 1 - 1e-9 for s in f.stretches))
        if big and small:
            words = sentence
        elif big == 2 or small == 2:
            verb = "stretches" if big else "squeezes"
            same = f" by the same factor, {fmt_number(f.stretches[0])}" if f.is_uniform else ""
            words = f"Scaling {verb} both directions{same}."
        elif big or small:
            verb = "stretches" if big else "squeezes"
            words = f"Scaling {verb} one direction and leaves the other as it is."
        else:
            words = f"Scaling by {sx} and {sy} keeps every length."
        if f.flips:
            words += " Its negative factor also flips the plane over, like a mirror."
        return words

    def _columns(self) -> list[str]:
        return [self.theme.i_hat, self.theme.j_hat]

    def _swap_card(self, name: str, body: VGroup) -> None:
        th = self.theme
        heading = body_text(th, name)
        card = to_corner(panel(heading, body, theme=th), UR, buff=0.4).shift(0.5 * DOWN)
        if self.card is None:
            self.play(FadeIn(card, shift=0.2 * LEFT), run_time=0.6)
        else:
            self.play(FadeOut(self.card), FadeIn(card), run_time=0.6)
        self.card = card


def _mirror_heading(axis: str) -> str:
    """The reflection card's heading: the mirror is an axis ("x", "y") or a line."""
    if axis in ("x", "y"):
        return f"Reflection across the {axis} axis"
    return f"Reflection across the line {axis.replace('=', ' = ')}"


def _refit(card: VGroup) -> None:
    frame, content = card[0], VGroup(*card[1:])
    frame.stretch_to_fit_height(content.height + 0.6, about_edge=UP)
    frame.stretch_to_fit_width(max(frame.width, content.width + 0.6), about_edge=LEFT)


#: How each activation's symbol (scenes.components.ACTIVATION_TEX) is read aloud.
_READ_ALOUD = {"heaviside": "H", "sigmoid": "sigma", "tanh": "tanh", "relu": "ReLU",
               "identity": "id"}


@dataclass(frozen=True)
class LayerEquationsParams(SceneParams):
    """Symbols only: the activations (nnmath names) written in the equations."""

    output_activation: str = "sigmoid"  # activation written for the output layer (nnmath name)
    hidden_activation: str = "relu"  # activation written for the hidden layer (nnmath name)


class LayerEquations(ChapterScene):
    """A 2-2 layer as two equations, collapsed into sigma(Wx + b); then a 2-2-2 network."""

    title = "From neuron equations to one matrix"
    Params = LayerEquationsParams

    def prepare(self) -> None:
        self.tex_size = self.theme.body_size + 10
        p = self.params
        self.output_tex = activation_tex(p.output_activation)
        self.hidden_tex = activation_tex(p.hidden_activation)
        out = activation(p.output_activation)  # what the output activation does, in words
        self.output_does = ("squashes the sum" if out.squashes
                            else "passes the sum on unchanged" if out.name == "identity"
                            else f"passes the sum through {out.spoken}")
        self.output_read = _READ_ALOUD[out.name]  # its symbol, read aloud

    @beat("A layer with two inputs and two outputs")
    def layer(self) -> None:
        self.net = NetworkDiagram(
            [2, 2], labels=[["x_1", "x_2"], ["y_1", "y_2"]], layer_buff=2.6, theme=self.theme,
        ).scale(1.3).move_to(4.3 * LEFT + 0.2 * DOWN)
        self.say("A layer of two neurons, each wired to both inputs.")
        self.play(FadeIn(self.net.layers), FadeIn(self.net.node_labels))
        self.play(Create(self.net.edges), run_time=1.0)

    def _neuron(self, i: int, color: str) -> MathTex:
        """Equation of output neuron i (0-based), its weights coloured like its edges."""
        n = i + 1
        s = self.output_tex
        eq = formula(
            self.theme, f"y_{n}", "=", s, r"\big(", f"w_{{{n}1}}", "x_1", "+", f"w_{{{n}2}}",
            "x_2", "+", f"b_{n}", r"\big)", size=self.tex_size,
        )
        for k in (4, 7):
            eq[k].set_color(color)
        return eq

    @beat("One equation per output neuron")
    def equations(self) -> None:
        th = self.theme
        colors = [th.i_hat, th.j_hat]
        self.eqs = VGroup(self._neuron(0, colors[0]), self._neuron(1, colors[1]))
        self.eqs.arrange(DOWN, aligned_edge=LEFT, buff=0.5).move_to(2.4 * RIGHT + 0.6 * UP)
        for i, eq in enumerate(self.eqs):
            edges = VGroup(self.net.edge(0, i, 0), self.net.edge(0, i, 1))
            self.say(
                f"Output neuron {i + 1} weighs both inputs, adds its bias and "
                f"{self.output_does}."
            )
            self.play(edges.animate.set_stroke(color=colors[i], width=5),
                      Indicate(self.net.node(1, i), color=colors[i]))
            self.play(Write(eq), run_time=1.4)
        self.indices = VGroup(*(
            note_text(th, line, color=th.muted)
            for line in ("first index of w: the neuron", "second index of w: the input")
        )).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        self.indices.next_to(self.eqs, DOWN, aligned_edge=LEFT, buff=0.5)
        self.say("In w one-two, the first index names the neuron, the second names the input.")
        self.play(FadeIn(self.indices))

    @beat("Stacked, the weights form a matrix")
    def collapse(self) -> None:
        th = self.theme
        s = self.output_tex
        stacked = formula(
            self.theme, r"\begin{bmatrix} y_1 \\ y_2 \end{bmatrix}", "=", s, r"\left(",
            r"\begin{bmatrix} w_{11} & w_{12} \\ w_{21} & w_{22} \end{bmatrix}",
            r"\begin{bmatrix} x_1 \\ x_2 \end{bmatrix}", "+",
            r"\begin{bmatrix} b_1 \\ b_2 \end{bmatrix}", r"\right)", size=self.tex_size,
        ).move_to(self.eqs.get_center() + 0.3 * DOWN)
        short = formula(self.theme, "y", "=", s, r"\big(", "W", "x", "+", "b", r"\big)",
                        size=self.tex_size + 8)
        for part in (stacked[4], short[4]):
            part.set_color(th.accent)
        for part in (stacked[7], short[7]):
            part.set_color(th.bias)
        self.say("Stack the two equations: the weights fill a matrix W, the biases a vector b.")
        self.play(FadeOut(self.indices), TransformMatchingShapes(self.eqs, stacked), run_time=1.6)
        short.next_to(stacked, DOWN, buff=1.0)
        self.say(f"One short formula now describes the whole layer: {self.output_read} of "
                 "W x plus b.")
        self.play(Write(short))
        self.play(Circumscribe(short, color=th.accent))
        self.layer_formula = VGroup(stacked, short)

    @beat("Two layers, two matrices")
    def two_layers(self) -> None:
        th = self.theme
        self.play(FadeOut(self.net), FadeOut(self.layer_formula))
        net = NetworkDiagram(
            [2, 2, 2], labels=[["x_1", "x_2"], ["h_1", "h_2"], ["y_1", "y_2"]],
            layer_buff=2.2, theme=th,
        ).scale(1.15).move_to(3.9 * LEFT + 0.2 * DOWN)
        hidden = formula(self.theme, "h", "=", self.hidden_tex, r"\big(", "W_1", "x", "+",
                         "b_1", r"\big)", size=self.tex_size)
        out = formula(self.theme, "y", "=", self.output_tex, r"\big(", "W_2", "h", "+", "b_2",
                      r"\big)", size=self.tex_size)
        VGroup(hidden, out).arrange(DOWN, aligned_edge=LEFT, buff=0.5).move_to(3.3 * RIGHT + UP)
        hidden[4].set_color(th.i_hat)
        out[4].set_color(th.j_hat)
        self.say("Add a hidden layer: each layer has its own weight matrix and bias vector.")
        self.play(FadeIn(net))
        self.play(net.edges[0].animate.set_stroke(color=th.i_hat, width=4), Write(hidden))
        self.play(net.edges[1].animate.set_stroke(color=th.j_hat, width=4), Write(out))
        whole = formula(
            self.theme, "y", "=", self.output_tex, r"\Big(", "W_2", self.hidden_tex, r"\big(",
            "W_1", "x", "+", "b_1", r"\big)", "+", "b_2", r"\Big)", size=self.tex_size,
        ).next_to(VGroup(hidden, out), DOWN, buff=0.9)
        whole[4].set_color(th.j_hat)
        whole[7].set_color(th.i_hat)
        self.say("Substitute h, and the network is one nested formula, layer inside layer.")
        self.play(FadeIn(whole, shift=0.3 * DOWN), run_time=1.2)
        self.play(Circumscribe(whole, color=th.accent))
        self.wait(1.0)
