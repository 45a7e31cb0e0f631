"""Chapter 8: backpropagation on a four-pixel camera.

2x2 black-and-white images in four classes, the seed's hand-set network and its
receptive fields, a forward pass with every value shown, error and slope, the chain
rule, the local derivative of each building block and why one backward pass beats
nudging every weight, and the same network learnt from random weights. Every number
comes from :mod:`nnmath.fourpixel` and nnmath's network and backprop.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Circle,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    Integer,
    LaggedStart,
    Line,
    MathTex,
    ReplacementTransform,
    SurroundingRectangle,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
)

from narrator.fmt import fmt_significant
from nnmath import activation, fourpixel, parameter_count
from nnmath.network import parameter_breakdown
from nnmath.training import loss_label, loss_name
from scenes.base import ChapterScene, beat
from scenes.components import (
    body_text,
    fmt_fixed,
    fmt_number,
    formula,
    label_text,
    note_text,
    panel,
)
from scenes.components.axes import themed_axes
from scenes.components.network_diagram import NetworkDiagram
from scenes.components.plots import ActivationPlot
from scenes.components.tiles import (
    Tile,
    camera_diagram,
    diagram_card,
    field_tiles,
    pixel_color,
)
from scenes.params import ParamsError, SceneParams
from scenes.theme import Theme

__all__ = [
    "FourPixelCamera",
    "FourPixelCameraParams",
    "ReceptiveFields",
    "ReceptiveFieldsParams",
    "POSITION_NAMES",
    "ChainRule",
    "ChainRuleParams",
    "ErrorAndSlope",
    "ErrorAndSlopeParams",
    "ForwardPass",
    "ForwardPassParams",
    "BackpropSteps",
    "BackpropStepsParams",
    "TrainingLoop",
    "TrainingLoopParams",
    "weights_only",
]

#: The network's input order, as words (the order of ``fourpixel.flatten``).
POSITION_NAMES = ("top-left", "top-right", "bottom-left", "bottom-right")

Image = tuple[tuple[float, float], tuple[float, float]]


def _check_image(image: Image, name: str) -> np.ndarray:
    """A 2x2 image of pixels in [-1, 1] as an array, or a ParamsError saying so."""
    try:
        return fourpixel.flatten(np.asarray(image, dtype=float)).reshape(2, 2)
    except (ValueError, TypeError) as err:
        raise ParamsError(f"{name} must be a 2x2 image of pixels from -1 (black) to +1 "
                          f"(white), e.g. [[-1, -1], [1, 1]]; got {image!r} ({err})") from err


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight")


def _and(words) -> str:
    """``'a, b and c'``."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _on_baseline(text: Text, y: float) -> Text:
    """Move a one-line Text so that its baseline (the bottom of its letters without a
    descender) sits at height ``y``: captions in a row then line up."""
    plain = [glyph for glyph, char in zip(text, text.text.replace(" ", ""), strict=False)
             if char not in "gjpqy,"]
    baseline = min(g.get_bottom()[1] for g in plain) if plain else text.get_bottom()[1]
    return text.shift((y - baseline) * UP)


# --- 1. FourPixelCamera -------------------------------------------------------------


@dataclass(frozen=True)
class FourPixelCameraParams(SceneParams):
    """The image that is turned into four input numbers, and the tile sizes."""

    image: Image = ((1.0, 0.0), (-1.0, 1.0))  # the image sent to the input neurons (-1..1)
    tile_size: float = 1.3  # side of each class's image tile in the gallery (scene units)
    big_tile_size: float = 2.4  # side of the image that becomes four numbers (scene units)

    def __post_init__(self) -> None:
        _check_image(self.image, "image")
        if not 0.4 <= self.tile_size <= 1.6:
            raise ParamsError(f"tile_size must be between 0.4 and 1.6, got {self.tile_size}")
        if not 1.0 <= self.big_tile_size <= 3.0:
            raise ParamsError(f"big_tile_size must be between 1 and 3, got {self.big_tile_size}")


class FourPixelCamera(ChapterScene):
    """The four classes of 2x2 images, why pixel-by-pixel rules fail, and the pixels as
    the network's four input numbers."""

    title = "A four-pixel camera"
    Params = FourPixelCameraParams

    def prepare(self) -> None:
        p = self.params
        self.images = fourpixel.pure_images()
        self.classes = fourpixel.CLASSES
        self.image = _check_image(p.image, "image")
        self.inputs = fourpixel.flatten(self.image)
        self.shown_inputs = [fmt_number(v) for v in self.inputs]
        first, second = self.images["horizontal"]
        # both horizontal images: every pixel is white in one and black in the other
        self.horizontal_flips = bool(np.all(first == -second))
        # over the eight images, each pixel is white as often as black in every class
        self.class_means = {name: (a + b) / 2 for name, (a, b) in self.images.items()}
        # of all black-and-white pictures, those that belong to a class and those that don't
        every = fourpixel.black_and_white_images()
        unclassed = [im for im in every if fourpixel.class_of(im) is None]
        self.kinds = {"all": len(every), "classed": len(every) - len(unclassed),
                      "unclassed": len(unclassed),
                      "one_odd_pixel": all(min(np.sum(im > 0), np.sum(im < 0)) == 1
                                           for im in unclassed)}

    @beat("Four classes of image")
    def classes_beat(self) -> None:
        th, p = self.theme, self.params
        self.say("Picture a camera with just four pixels, each black or white.")
        columns = VGroup()
        self.gallery_tiles: dict[str, tuple[Tile, Tile]] = {}
        for name in self.classes:
            pair = tuple(Tile(image, size=p.tile_size, theme=th) for image in self.images[name])
            self.gallery_tiles[name] = pair
            label = label_text(th, name)
            columns.add(VGroup(*pair, label).arrange(DOWN, buff=0.3))
        columns.arrange(RIGHT, buff=0.9, aligned_edge=UP).move_to(0.2 * DOWN)
        self.gallery = columns
        self.play(LaggedStart(*(FadeIn(c[0], shift=0.2 * DOWN) for c in columns),
                              lag_ratio=0.2), run_time=1.4)
        c = self.kinds
        self.say(f"That makes {c['all']} possible pictures. {c['classed']} of them come in "
                 f"{_WORDS[len(self.classes)]} kinds: {_and(self.classes)}; the other "
                 f"{c['unclassed']}"
                 + (", with one pixel unlike the rest," if c["one_odd_pixel"] else "")
                 + " fit none.")
        self.play(LaggedStart(*(FadeIn(VGroup(c[1], c[2])) for c in columns), lag_ratio=0.2),
                  run_time=1.4)
        self.wait(1.0)
        self.say("Each kind has two pure images: one and its exact opposite.")
        self.play(*(Indicate(c[1], color=th.accent, scale_factor=1.08) for c in columns),
                  run_time=1.2)
        self.wait(0.6)

    @beat("No simple pixel rule")
    def no_rule(self) -> None:
        th = self.theme
        self.say("Could a rule about single pixels tell them apart? Look at the two "
                 "horizontal images.")
        horizontal = self.gallery[self.classes.index("horizontal")]
        others = VGroup(*(c for c in self.gallery if c is not horizontal))
        first, second, label = horizontal
        self.play(FadeOut(others), run_time=0.6)
        big = 2.0
        left = Tile(first.values, size=big, theme=th).move_to(2.3 * LEFT + 0.2 * DOWN)
        right = Tile(second.values, size=big, theme=th).move_to(2.3 * RIGHT + 0.2 * DOWN)
        name = label_text(th, "both horizontal").next_to(VGroup(left, right), UP, buff=0.5)
        self.play(ReplacementTransform(first, left), ReplacementTransform(second, right),
                  ReplacementTransform(label, name), run_time=1.0)
        marks = VGroup()
        for k in range(4):
            row, col = divmod(k, 2)
            for tile in (left, right):
                v = tile.values[row, col]
                marks.add(formula(th, fmt_number(v) if v < 0 else "+" + fmt_number(v),
                                  color=th.pixel_black if v > 0 else th.pixel_white)
                          .move_to(tile.cell(row, col)))
        self.say("Every pixel that is white in one is black in the other.")
        self.play(LaggedStart(*(FadeIn(m) for m in marks), lag_ratio=0.08), run_time=1.2)
        flip = formula(th, r"\ne", size=th.title_size, color=th.accent).move_to(
            (left.get_center() + right.get_center()) / 2)
        self.play(Write(flip))
        self.say("So no pixel on its own says horizontal: "
                 "the class lives in how the pixels relate.")
        note = body_text(th, "no single pixel decides the class", color=th.accent)
        note.next_to(VGroup(left, right), DOWN, buff=0.6)
        self.play(FadeIn(note, shift=0.1 * UP))
        self.wait(1.2)
        self.clear_stage()

    @beat("Pixels become numbers")
    def pixels_to_numbers(self) -> None:
        th, p = self.theme, self.params
        self.say("A network needs numbers. White is plus one, black is minus one, "
                 "grey is zero.")
        legend = VGroup()
        for value in (1.0, 0.0, -1.0):
            swatch = Tile([[value] * 2] * 2, size=0.6, theme=th)
            text = formula(th, ("+" if value > 0 else "") + fmt_number(value))
            legend.add(VGroup(swatch, text).arrange(RIGHT, buff=0.25))
        legend.arrange(DOWN, buff=0.3, aligned_edge=LEFT).move_to(5.3 * LEFT + 0.3 * DOWN)
        self.play(LaggedStart(*(FadeIn(g) for g in legend), lag_ratio=0.2), run_time=1.2)

        image = Tile(self.image, size=p.big_tile_size, theme=th).move_to(1.8 * LEFT + 0.3 * DOWN)
        self.say("Here is one image. Read it row by row, and each pixel feeds one input "
                 "neuron.")
        self.play(FadeIn(image))
        diagram = NetworkDiagram([4], theme=th, node_radius=0.38, max_height=5.2)
        diagram.move_to(2.2 * RIGHT + 0.3 * DOWN)
        names = VGroup(*(note_text(th, POSITION_NAMES[i], color=th.muted)
                         .next_to(diagram.node(0, i), RIGHT, buff=0.3) for i in range(4)))
        self.input_diagram = diagram
        self.play(Create(diagram.layers), FadeIn(names), run_time=1.0)
        self.value_labels = VGroup()
        moves = []
        for i in range(4):
            row, col = divmod(i, 2)
            cell = image.cell(row, col)
            ghost = cell.copy()
            self.add(ghost)
            value = self.inputs[i]
            label = diagram.value_label(0, i, ("+" if value > 0 else "") + self.shown_inputs[i],
                                        font_size=th.label_size,
                                        color=th.text_on_dark if value <= 0
                                        else th.pixel_black)
            self.value_labels.add(label)
            moves.append((ghost, label, diagram.node(0, i)))
        for ghost, label, node in moves:
            self.play(ghost.animate.scale(0.5).move_to(node.get_center()).set_opacity(0),
                      node.animate.set_fill(ghost.get_fill_color(), opacity=1),
                      FadeIn(label), run_time=0.7)
            self.remove(ghost)
        vector = formula(th, r"x = \begin{bmatrix}" + r" \\ ".join(self.shown_inputs)
                         + r"\end{bmatrix}")
        vector.next_to(names, RIGHT, buff=0.5)
        self.say("The image is now a list of four numbers: the network's input.")
        self.play(Write(vector))
        self.wait(1.2)


# --- 2. ReceptiveFields -------------------------------------------------------------


@dataclass(frozen=True)
class ReceptiveFieldsParams(SceneParams):
    """The image and first-layer neuron of the worked neuron, and the drawing's sizes."""

    image: Image = ((1.0, 0.0), (0.5, -1.0))  # the image fed to the worked neuron (-1..1)
    neuron: int = 2  # which first-layer neuron is worked through (0..3, from the top)
    layer_buff: float = 2.1  # distance between the network's columns (scene units)
    field_size: float = 0.56  # side of a receptive-field tile (scene units)
    step_time: float = 1.2  # seconds to lay one layer's receptive fields over it

    def __post_init__(self) -> None:
        _check_image(self.image, "image")
        if not 0 <= self.neuron <= 3:
            raise ParamsError(f"neuron must be a first-layer neuron, 0 to 3; got {self.neuron}")
        if not 1.6 <= self.layer_buff <= 2.4:
            raise ParamsError(f"layer_buff must be between 1.6 and 2.4, got {self.layer_buff}")
        if not 0.3 <= self.field_size <= 0.64:
            raise ParamsError(f"field_size must be between 0.3 and 0.64 (the neurons' "
                              f"spacing), got {self.field_size}")
        if self.step_time <= 0:
            raise ParamsError(f"step_time must be positive, got {self.step_time}")


_LAYER_NAMES = ("pixels", "tanh", "tanh", "ReLU", "outputs")


class ReceptiveFields(ChapterScene):
    """A neuron as a weighted sum and a squash, worked with numbers; then the hand-set
    network with every neuron's receptive field, layer by layer."""

    title = "Receptive fields"
    Params = ReceptiveFieldsParams

    def prepare(self) -> None:
        p = self.params
        self.net = fourpixel.hand_set_network()
        self.weights = [layer.W for layer in self.net.layers]
        self.image = _check_image(p.image, "image")
        self.inputs = fourpixel.flatten(self.image)
        self.neuron_weights = self.weights[0][p.neuron]
        self.bias = float(self.net.layers[0].b[p.neuron])
        trace = self.net.trace(self.inputs[None, :])
        self.z = float(trace.z(1)[0, p.neuron])
        self.a = float(trace.a(1)[0, p.neuron])
        if not np.isclose(self.a, float(activation("tanh").function(self.z))):
            raise ParamsError("the first layer is expected to squash with tanh")
        self.fields = {(k, i): fourpixel.receptive_field(self.net, k, i)
                       for k in range(len(self.net.sizes)) for i in range(self.net.sizes[k])}
        def factor(v: float) -> str:
            return f"({fmt_number(v)})" if v < 0 else fmt_number(v)

        terms = " + ".join(
            rf"{factor(w)} \cdot {factor(x)}"
            for w, x in zip(self.neuron_weights, self.inputs, strict=True))
        bias = "" if self.bias == 0 else rf" + {fmt_number(self.bias)}"
        self.shown = {
            "sum": rf"z = {terms}{bias} = {fmt_number(self.z)}",
            "squash": rf"\tanh({fmt_number(self.z)}) = {fmt_number(self.a, 3)}",
        }

    # -- the worked neuron -----------------------------------------------------------
    @beat("A neuron: weighted sum, then squash")
    def one_neuron(self) -> None:
        th = self.theme
        self.say("A neuron does two things. First it adds up its inputs, each times a "
                 "weight.")
        image = Tile(self.image, size=1.6, theme=th).move_to(5.7 * LEFT + 0.6 * DOWN)
        W = self.neuron_weights[None, :]
        diagram, card = camera_diagram([4, 1], th, weights=[W], layer_buff=2.6, max_height=4.6,
                                       node_radius=0.44)
        VGroup(card, diagram).move_to(2.5 * LEFT + 0.6 * DOWN)
        values = VGroup(*(diagram.value_label(0, i, self.inputs[i], font_size=th.small_size,
                                              color=th.pixel_black if self.inputs[i] > 0.3
                                              else th.text_on_dark)
                          for i in range(4)))
        pixels = Tile(self.image, theme=th).cells
        for i in range(4):
            diagram.node(0, i).set_fill(pixels[i].get_fill_color(), opacity=1)
        weights = VGroup(*(formula(th, fmt_number(w), size=th.small_size, color=th.pixel_black
                                   if w < 0 else th.pixel_white if w > 0 else th.muted)
                           .move_to(diagram.edge(0, 0, j).point_from_proportion(0.3))
                           .shift(0.25 * UP)
                           for j, w in enumerate(self.neuron_weights)))
        self.worked = VGroup(image, card, diagram, values, weights)
        self.play(FadeIn(image), FadeIn(card), Create(diagram), run_time=1.2)
        self.play(FadeIn(values), FadeIn(weights), run_time=0.8)
        total = formula(th, self.shown["sum"])
        total.move_to(2.7 * UP)
        if total.width > 12.5:
            total.scale_to_fit_width(12.5)
        self.say("Weight plus one keeps an input, minus one flips it, zero ignores it.")
        self.play(Write(total), run_time=1.4)
        self.wait(1.0)
        plot = ActivationPlot("tanh", x_range=(-3, 3, 1), y_range=(-1.2, 1.2, 0.5), theme=th,
                              x_length=5.0, y_length=2.8, x_label="z", y_numbers=(-1, 1))
        plot.move_to(3.6 * RIGHT + 0.4 * DOWN)
        self.say("Then it squashes the sum with tanh, so the result always stays between "
                 "minus one and one.")
        self.play(Create(plot), run_time=1.2)
        reading = plot.read_off(self.z)
        self.play(Create(reading.vertical), FadeIn(reading.dot), FadeIn(reading.input_label))
        self.play(Create(reading.horizontal), Write(reading.label))
        squash = formula(th, self.shown["squash"], color=th.accent)
        squash.next_to(plot, DOWN, buff=0.3)
        out = diagram.value_label(1, 0, self.a, font_size=th.small_size, digits=3)
        self.play(Write(squash), FadeIn(out))
        self.worked.add(out)
        self.wait(1.5)

    # -- the network and its fields --------------------------------------------------
    @beat("The hand-set network")
    def network(self) -> None:
        th, p = self.theme, self.params
        self.clear_stage()  # the worked neuron goes; its frame is the beat's last
        self.say("Now many such neurons, in layers. White links add, black links subtract; "
                 "thicker means a larger weight.")
        diagram, card = camera_diagram(self.net.sizes, th, weights=self.weights,
                                       layer_buff=p.layer_buff, max_height=5.4)
        group = VGroup(card, diagram)
        group.move_to(1.6 * LEFT + 0.45 * DOWN)
        self.diagram, self.card = diagram, card
        captions = VGroup(*(_on_baseline(note_text(th, name, color=th.muted),
                                         card.get_top()[1] + 0.2)
                            .set_x(diagram.layers[k].get_x())
                            for k, name in enumerate(_LAYER_NAMES)))
        self.layer_captions = captions
        self.play(FadeIn(card), Create(diagram), run_time=1.6)
        self.play(FadeIn(captions))
        self.say("Here every weight is plus one, minus one or zero; a zero link is "
                 "left out.")
        self.wait(2.0)
        self.field_groups: dict[tuple[int, int], VGroup] = {}

    def lay_fields(self, layer: int) -> VGroup:
        """Tiles of every neuron's receptive field in ``layer``: over the neuron, or for
        the outputs (two patterns each) beside it with the class name."""
        th, p = self.theme, self.params
        groups = VGroup()
        for i in range(self.net.sizes[layer]):
            tiles = field_tiles(self.fields[(layer, i)], size=p.field_size, theme=th)
            node = self.diagram.node(layer, i)
            if len(tiles) == 1:
                tiles.move_to(node.get_center())
            else:
                tiles.next_to(node, RIGHT, buff=0.2)
            self.field_groups[(layer, i)] = tiles
            groups.add(tiles)
        self.play(LaggedStart(*(FadeIn(g, scale=0.6) for g in groups), lag_ratio=0.12),
                  run_time=p.step_time)
        return groups

    @beat("Input neurons: one pixel each")
    def pixel_fields(self) -> None:
        self.say("A neuron's receptive field is the picture that makes it as large as "
                 "it can be.")
        self.wait(0.5)
        self.say("An input neuron wants just its own pixel white; the checkered pixels "
                 "it does not care about.")
        self.lay_fields(0)
        self.wait(1.5)

    @beat("First layer: pairs of pixels")
    def pair_fields(self) -> None:
        self.say("The first layer adds or subtracts the two pixels of a column.")
        self.lay_fields(1)
        self.say("So its fields are column pairs: both white, or white above black.")
        self.wait(1.5)

    @beat("Second layer: whole-image patterns")
    def pattern_fields(self) -> None:
        self.say("The next layer combines those pairs, and its fields cover the whole "
                 "image.")
        self.lay_fields(2)
        self.say("One pattern for each class: solid, vertical, diagonal, horizontal.")
        self.wait(1.5)

    @beat("ReLU layer: patterns and their opposites")
    def relu_fields(self) -> None:
        self.say("The third layer is a ReLU: it keeps positive sums and turns negative "
                 "ones into zero.")
        self.lay_fields(3)
        self.say("Fed each pattern once with plus one and once with minus one, it yields "
                 "every pattern and its opposite.")
        self.wait(2.0)

    @beat("Outputs: a pattern or its opposite")
    def output_fields(self) -> None:
        th = self.theme
        self.say("Each output adds a pattern to its opposite, so either one lights it.")
        groups = self.lay_fields(4)
        names = VGroup(*(note_text(th, name)
                         .next_to(g, RIGHT, buff=0.2) for name, g in zip(
                             fourpixel.CLASSES, groups, strict=True)))
        self.class_names = names
        self.play(FadeIn(names), run_time=0.8)
        self.say("That is how the network tells horizontal from vertical, whichever way "
                 "round the colours are.")
        self.play(*(Indicate(g, color=th.accent, scale_factor=1.1) for g in groups),
                  names.animate.set_color(th.accent), run_time=1.2)
        self.wait(2.0)




def _boxed(tex: MathTex, th: Theme) -> MathTex:
    tex.add_background_rectangle(color=th.background, opacity=0.85, buff=0.05)
    return tex


def _par(v: float, digits: int = 4) -> str:
    """A number for a product: in brackets when negative."""
    s = fmt_number(v, digits)
    return f"({s})" if v < 0 else s


# --- 3. ForwardPass ----------------------------------------------------------------------


@dataclass(frozen=True)
class ForwardPassParams(SceneParams):
    """The image fed to the hand-set network and how fast the pass goes."""

    image: Image = ((-1.0, -1.0), (1.0, 1.0))  # 2x2 pixels, -1 black .. +1 white (rows)
    layer_time: float = 1.0  # seconds to light up one layer
    layer_buff: float = 1.85  # distance between two columns of neurons (scene units)

    def __post_init__(self) -> None:
        _check_image(self.image, "image")
        if self.layer_time <= 0:
            raise ParamsError(f"layer_time must be positive, got {self.layer_time}")
        if not 1.6 <= self.layer_buff <= 2.0:
            raise ParamsError(f"layer_buff must be between 1.6 and 2.0, got {self.layer_buff}")


NAME_GAP = 0.3  # from ForwardPass's card to the class names beside its outputs


class ForwardPass(ChapterScene):
    """The image runs through the hand-set network layer by layer; every neuron's value
    appears beside it and fills it (black -1, grey 0, white +1); the largest output
    lights up and names the class."""

    title = "A forward pass"
    Params = ForwardPassParams

    def prepare(self) -> None:
        p = self.params
        self.image = _check_image(p.image, "image")
        self.net = fourpixel.hand_set_network()
        self.trace = self.net.trace(fourpixel.flatten(self.image)[None])
        self.values = [np.asarray(self.trace.a(k), dtype=float)[0]
                       for k in range(len(self.net.sizes))]
        self.shown = [[fmt_fixed(v) for v in layer] for layer in self.values]
        self.answer = fourpixel.classify(self.image, self.net)
        self.answer_index = fourpixel.CLASSES.index(self.answer)
        out = self.values[-1]
        self.others_zero = bool(np.all(np.abs(np.delete(out, self.answer_index)) < 0.005))
        runner_up = float(np.max(np.delete(out, self.answer_index)))
        if out[self.answer_index] - runner_up < 0.005:  # no largest output at two decimals
            tied = [c for c, v in zip(fourpixel.CLASSES, out, strict=True)
                    if out[self.answer_index] - v < 0.005]
            raise ParamsError(f"image must give one largest output, so that the network "
                              f"names a class; {p.image} ties {_and(tied)} at "
                              f"{fmt_fixed(out[self.answer_index])}")
        self.description = fourpixel.describe(self.image)

    @beat("The image and the network")
    def setup_stage(self) -> None:
        th, p = self.theme, self.params
        self.diagram, _ = camera_diagram(
            self.net, th, layer_buff=p.layer_buff, max_height=5.4, edge_width=(1.5, 4.0))
        # the card holds every value label, the outputs' too
        self.card = diagram_card(VGroup(self.diagram, self._value_labels(-1)), th)
        self.tile = Tile(self.image, size=1.1, theme=th).move_to([-6.2, -0.35, 0])
        VGroup(self.card, self.diagram).next_to(self.tile, RIGHT, buff=0.3)
        names = VGroup()
        for i, name in enumerate(fourpixel.CLASSES):
            label = note_text(th, name, color=th.muted)
            label.next_to(self.diagram.node(4, i), RIGHT).set_x(
                self.card.get_right()[0] + NAME_GAP, LEFT)
            names.add(label)
        self.names = names
        self.say(f"Take the picture with {self.description}, and feed it to the "
                 "hand-set network.")
        self.play(FadeIn(self.tile, shift=0.2 * RIGHT), run_time=0.6)
        self.play(FadeIn(self.card), FadeIn(self.diagram), FadeIn(names), run_time=1.0)
        self.wait(0.6)

    def _value_labels(self, k: int) -> VGroup:
        """Layer ``k``'s values, each right of its neuron (the outputs' clear of the
        ring round the answer)."""
        th = self.theme
        k %= len(self.net.sizes)
        last = k == len(self.net.sizes) - 1
        buff = 0.55 * self.diagram.radius + 0.08 if last else 0.08
        return VGroup(*(
            _boxed(self.diagram.value_label(k, i, text, side=RIGHT, font_size=th.small_size,
                                            buff=buff), th)
            for i, text in enumerate(self.shown[k])
        ))

    def _light(self, k: int) -> None:
        labels = self._value_labels(k)
        fills = [circle.animate.set_fill(pixel_color(v, self.theme), opacity=1.0).build()
                 for circle, v in zip(self.diagram.layers[k], self.values[k], strict=True)]
        self.play(*fills, FadeIn(labels), run_time=self.params.layer_time)
        self.value_labels.append(labels)

    @beat("Layer by layer")
    def layers(self) -> None:
        self.value_labels: list[VGroup] = []
        self.say("The pixels become the inputs: black is minus one, white is plus one.")
        self._light(0)
        self.wait(0.4)
        first, second = self.net.activations[:2]
        squash = (f"squashes the sum with {first}" if first == second
                  else f"applies {first}, then {second} in the next layer")
        self.say(f"Each neuron of the next two layers adds up its weighted inputs and {squash}. "
                 "Dark means negative, grey zero, light positive.")
        self._light(1)
        self._light(2)
        self.wait(0.4)
        self.say("The ReLU layer keeps each pattern or its opposite, "
                 "and negatives become zero.")
        self._light(3)
        self.wait(0.4)

    @beat("The answer")
    def answer_beat(self) -> None:
        th = self.theme
        self.say("At the outputs, one class stands out." if self.others_zero
                 else "At the outputs, the largest value names the class.")
        self._light(4)
        ring = self.diagram.highlight_output(self.answer_index)
        name = self.names[self.answer_index]
        self.play(*ring, name.animate.set_color(th.accent), run_time=0.8)
        self.verdict = VGroup(
            note_text(th, "the answer:"),
            body_text(th, self.answer, color=th.accent),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        self.verdict.next_to(self.names, DOWN, buff=0.5).align_to(self.names, LEFT)
        if self.others_zero:
            self.say(f"The {self.answer} output lights up and the other three read zero: "
                     f"the network says {self.answer}.")
        else:
            self.say(f"The {self.answer} output is the largest: the network says "
                     f"{self.answer}.")
        self.play(Write(self.verdict), run_time=0.8)
        self.wait(1.5)


# --- 4. ErrorAndSlope --------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorAndSlopeParams(SceneParams):
    """The image whose answer is graded, and the weight where the error's slope is read."""

    image: Image = ((-1.0, -1.0), (1.0, 1.0))  # 2x2 pixels, -1 black .. +1 white (rows)
    truth: str = "horizontal"  # the class the image really is
    w: float = -1.0  # the weight where the slope of E = w^2 is read
    w_range: tuple[float, float, float] = (-2.0, 2.0, 1.0)  # plot's w axis: from, to, step

    def __post_init__(self) -> None:
        _check_image(self.image, "image")
        if self.truth not in fourpixel.CLASSES:
            raise ParamsError(f"truth must be one of {', '.join(fourpixel.CLASSES)}, "
                              f"got {self.truth!r}")
        lo, hi, step = self.w_range
        if not (lo < 0 < hi and step > 0):
            raise ParamsError(f"w_range must be (from < 0, to > 0, step > 0), got {self.w_range}")
        if not lo < self.w < hi:
            raise ParamsError(f"w must lie inside w_range {self.w_range[:2]}, got {self.w}")


def _error(w):
    return w**2


def _error_slope(w):
    return 2 * w


class ErrorAndSlope(ChapterScene):
    """Truth against answer, output by output; the error and its sum; then the slope of
    an error E = w^2 at one weight, as a tangent and a number."""

    title = "Error and slope"
    Params = ErrorAndSlopeParams

    def prepare(self) -> None:
        p = self.params
        self.image = _check_image(p.image, "image")
        net = fourpixel.hand_set_network()
        self.answer = net.forward(fourpixel.flatten(self.image)[None])[0]
        self.truth = fourpixel.one_hot(p.truth)
        self.errors = np.abs(self.truth - self.answer)
        self.total = float(self.errors.sum())
        self.rows = [(name, fmt_fixed(t), fmt_fixed(a), fmt_fixed(e))
                     for name, t, a, e in zip(fourpixel.CLASSES, self.truth, self.answer,
                                              self.errors, strict=True)]
        self.total_text = fmt_fixed(self.total)
        self.E = float(_error(p.w))
        self.slope = float(_error_slope(p.w))
        self.image_class = fourpixel.class_of(self.image)
        if self.image_class is not None and self.image_class != p.truth:
            raise ParamsError(f"truth must be the class of the image {p.image}, "
                              f"{self.image_class!r}; got {p.truth!r}")
        self.description = fourpixel.describe(self.image)

    @beat("Truth and answer")
    def table(self) -> None:
        th, p = self.theme, self.params
        self.tile = Tile(self.image, size=1.1, theme=th).move_to([-5.6, 1.2, 0])
        heads = [note_text(th, "class", color=th.muted)]
        heads += [formula(th, t, size=th.label_size, color=th.muted)
                  for t in (r"\text{truth}", r"\text{answer}", r"|\text{truth} - \text{answer}|")]
        cells = [heads]
        for name, t, a, e in self.rows:
            cells.append([note_text(th, name),
                          formula(th, t, size=th.label_size, color=th.positive),
                          formula(th, a, size=th.label_size),
                          formula(th, e, size=th.label_size, color=th.accent)])
        grid = VGroup(*(m for row in cells for m in row))
        grid.arrange_in_grid(rows=len(cells), cols=4, buff=(0.55, 0.3),
                             col_alignments="lrrr")
        grid.move_to([0.9, 0.9, 0])
        self.grid, self.cells = grid, cells
        rule = Line(grid.get_corner(DOWN + LEFT), grid.get_corner(DOWN + RIGHT),
                    color=th.muted, stroke_width=1.5).shift(0.25 * DOWN)
        self.sum_tex = formula(th, r"\text{total error} = ", self.total_text)
        self.sum_tex[1].set_color(th.accent)
        self.sum_tex.next_to(rule, DOWN, buff=0.3).align_to(grid, RIGHT)
        truth = p.truth
        self.say(f"Here is the picture with {self.description}. "
                 + (f"The truth says {truth}" if self.image_class is not None
                    else f"Say its truth is {truth}")
                 + ": one for that class, zero for the other three.")
        self.play(FadeIn(self.tile), FadeIn(VGroup(*cells[0])), run_time=0.6)
        self.play(*(FadeIn(VGroup(row[0], row[1])) for row in cells[1:]), run_time=0.8)
        self.say("Beside it, the network's answer: its four outputs.")
        self.play(*(FadeIn(row[2]) for row in cells[1:]), run_time=0.8)
        self.say("The error of each output is how far the answer is from the truth, "
                 "ignoring the sign.")
        self.play(*(FadeIn(row[3]) for row in cells[1:]), run_time=0.8)
        self.say("Add them up for the network's total error on this picture.")
        self.play(Create(rule), Write(self.sum_tex), run_time=0.8)
        self.wait(0.8)

    @beat("Lower the error by adjusting weights")
    def adjust(self) -> None:
        self.say("Learning means adjusting the weights so that this error gets as "
                 "small as it can.")
        self.play(Indicate(self.sum_tex[1], color=self.theme.accent), run_time=1.0)
        self.wait(0.6)
        self.clear_stage()

    @beat("The slope of the error")
    def slope_beat(self) -> None:
        th, p = self.theme, self.params
        lo, hi, step = p.w_range
        top = float(max(_error(lo), _error(hi)))
        self.plot = ActivationPlot(_error, (lo, hi, step), (0.0, np.ceil(top), 1.0), th,
                                   x_length=6.0, y_length=4.2, x_label="w", y_label="E(w)",
                                   derivative=_error_slope,
                                   y_numbers=[v for v in range(1, int(np.ceil(top)) + 1)])
        self.plot.move_to([-2.6, -0.2, 0])
        self.formula = formula(th, "E = w^2", color=th.positive)
        self.formula.move_to([3.6, 2.2, 0])
        self.say("A simple case: suppose the error depends on one weight as E equals "
                 "w squared.")
        self.play(FadeIn(self.plot.axes), FadeIn(self.plot.numbers),
                  FadeIn(self.plot.labels), run_time=0.6)
        self.play(Create(self.plot.graph), Write(self.formula), run_time=1.2)
        self.ball = Circle(radius=0.14, stroke_width=0).set_fill(th.accent, opacity=1.0)
        self.ball.move_to(self.plot.point(p.w))
        self.at = formula(th, rf"w = {fmt_number(p.w)},\quad E = {fmt_number(self.E)}",
                          color=th.accent)
        self.at.next_to(self.formula, DOWN, buff=0.45)
        self.say(f"Our weight sits at w = {fmt_number(p.w)}.")
        self.play(FadeIn(self.ball, scale=0.3), Write(self.at), run_time=0.8)
        self.tangent = self.plot.tangent(p.w, length=2.6, color=th.slope)
        self.derivative = formula(th, r"\frac{dE}{dw} = 2w = ", fmt_number(self.slope),
                                  color=th.slope)
        self.derivative.next_to(self.at, DOWN, buff=0.45)
        self.say("The slope is how fast the error changes as the weight moves: the change "
                 "in error per unit of weight, for a small change. "
                 f"Here dE/dw = 2w, which is {fmt_number(self.slope)}.",
                 spoken="The slope is how fast the error changes as the weight moves: the "
                        "change in error per unit of weight, for a small change. Here d E "
                        f"by d w equals two w, which is {fmt_number(self.slope)}.")
        self.play(Create(self.tangent), run_time=0.8)
        self.play(Write(self.derivative), run_time=1.0)
        self.wait(0.4)
        way = "larger" if self.slope < 0 else "smaller"
        self.hint = note_text(th, f"negative slope: make w {way}" if self.slope < 0
                              else f"positive slope: make w {way}" if self.slope > 0
                              else "zero slope: at the bottom")
        self.hint.next_to(self.derivative, DOWN, buff=0.45)
        direction = RIGHT if self.slope < 0 else LEFT
        start = self.plot.c2p(p.w, 0.0) + 0.75 * DOWN
        self.arrow = Arrow(start, start + 1.2 * direction, buff=0, color=th.accent,
                           stroke_width=6, max_tip_length_to_length_ratio=0.3)
        if self.slope == 0:
            self.say("A zero slope: the weight sits at the bottom, and no step lowers "
                     "the error.")
        else:
            rises = "rises" if self.slope > 0 else "falls"
            self.say(f"A {'positive' if self.slope > 0 else 'negative'} slope: the error "
                     f"{rises} as w grows. The slope points uphill, so we step against it, "
                     f"to a {way} w; its size says how steep the way is.")
        if self.slope != 0:
            self.play(Create(self.arrow), FadeIn(self.hint), run_time=0.8)
        else:
            self.play(FadeIn(self.hint), run_time=0.8)
        self.wait(1.2)


# --- 5. ChainRule ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainRuleParams(SceneParams):
    """The chain x -w1-> y -w2-> e and the nudge used to check its slope."""

    x: float = 1.5  # the input value
    w1: float = 2.0  # the first weight, from x to y
    w2: float = -1.0  # the second weight, from y to e
    nudge: float = 0.01  # how much w1 is nudged to check the slope numerically

    def __post_init__(self) -> None:
        for name in ("x", "w1", "w2"):
            v = getattr(self, name)
            if abs(v) > 20:
                raise ParamsError(f"{name} must lie between -20 and 20 to fit, got {v}")
        if not 0 < self.nudge <= 0.1:
            raise ParamsError(f"nudge must be a small positive number (at most 0.1), "
                              f"got {self.nudge}")


class ChainRule(ChapterScene):
    """A two-link chain: each link's own slope, their product as the slope of the whole
    chain, and a numerical check by nudging the first weight."""

    title = "The chain rule"
    Params = ChainRuleParams

    def prepare(self) -> None:
        p = self.params
        self.y = p.x * p.w1
        self.e = self.y * p.w2
        self.dy_dw1 = p.x  # y = x w1
        self.de_dy = p.w2  # e = y w2
        self.de_dw1 = self.dy_dw1 * self.de_dy
        self.w1_nudged = p.w1 + p.nudge
        self.e_nudged = p.x * self.w1_nudged * p.w2
        self.ratio = (self.e_nudged - self.e) / p.nudge
        n = fmt_number
        self.tex = {
            "y": rf"y = x\,w_1 = {_par(p.x)} \cdot {_par(p.w1)} = {n(self.y, 4)}",
            "e": rf"e = y\,w_2 = {_par(self.y)} \cdot {_par(p.w2)} = {n(self.e, 4)}",
            "dy": rf"\frac{{dy}}{{dw_1}} = x = {n(self.dy_dw1, 4)}",
            "de": rf"\frac{{de}}{{dy}} = w_2 = {n(self.de_dy, 4)}",
            "chain": (rf"\frac{{de}}{{dw_1}} = x\,w_2 = \frac{{dy}}{{dw_1}}\,\frac{{de}}{{dy}}"
                      rf" = {_par(self.dy_dw1)} \cdot {_par(self.de_dy)}"
                      rf" = {n(self.de_dw1, 4)}"),
            "nudge": (rf"w_1 \to {n(self.w1_nudged, 4)}:\quad "
                      rf"e \to {n(self.e_nudged, 6)}"),
            "check": (rf"\frac{{\Delta e}}{{\Delta w_1}} = "
                      rf"\frac{{{n(self.e_nudged, 6)} - {_par(self.e, 6)}}}{{{n(p.nudge, 6)}}}"
                      rf" = {n(self.ratio, 4)}"),
        }

    @beat("A chain of two links")
    def chain(self) -> None:
        th, p = self.theme, self.params
        xs = (-4.2, 0.0, 4.2)
        names = ("x", "y", "e")
        values = (p.x, self.y, self.e)
        self.nodes = VGroup()
        self.node_values = VGroup()
        for xpos, name, v in zip(xs, names, values, strict=True):
            circle = Circle(radius=0.45, stroke_color=th.axis, stroke_width=3)
            circle.set_fill(th.background, opacity=1.0).move_to([xpos, 2.0, 0])
            circle.add(formula(th, name, size=th.body_size + 4)
                       .move_to(circle))
            self.nodes.add(circle)
            self.node_values.add(formula(th, fmt_number(v, 4), size=th.label_size,
                                         color=th.accent).next_to(circle, DOWN, buff=0.15))
        self.links = VGroup()
        self.link_labels = VGroup()
        for k, w in enumerate((p.w1, p.w2)):
            link = Arrow(self.nodes[k].get_right(), self.nodes[k + 1].get_left(), buff=0.08,
                         color=th.positive if w > 0 else th.negative, stroke_width=5)
            self.links.add(link)
            self.link_labels.add(formula(th, rf"w_{k + 1} = {fmt_number(w, 4)}",
                                         size=th.label_size)
                                 .next_to(link, UP, buff=0.12))
        self.say("The smallest network there is: an input x, one weight to y, "
                 "another weight to the error e.")
        self.play(FadeIn(self.nodes), *(Create(a) for a in self.links),
                  FadeIn(self.link_labels), run_time=1.0)
        self.play(FadeIn(self.node_values[0]), run_time=0.5)
        self.lines = VGroup()
        self.values_tex = formula(th, self.tex["y"], r",\qquad ", self.tex["e"])
        self._place(self.values_tex)
        self.say("Each step multiplies by its weight: y is x times w1, "
                 "and e is y times w2.")
        self.play(Write(self.values_tex[0]), FadeIn(self.node_values[1]), run_time=1.0)
        self.play(Write(self.values_tex[1:]), FadeIn(self.node_values[2]), run_time=1.0)
        self.wait(0.6)

    def _place(self, tex: MathTex) -> None:
        if len(self.lines):
            tex.next_to(self.lines, DOWN, buff=0.35)
        else:
            tex.move_to([0, 0.45, 0])
        tex.set_x(0)
        self.lines.add(tex)

    @beat("Each link's slope")
    def link_slopes(self) -> None:
        th = self.theme
        self.slopes_tex = formula(th, self.tex["dy"], r",\qquad ", self.tex["de"], color=th.slope)
        self._place(self.slopes_tex)
        self.say("How much does y move when w1 moves? By x for every unit: "
                 "dy/dw1 = x.")
        self.play(Indicate(self.links[0], color=th.accent),
                  Write(self.slopes_tex[0]), run_time=1.0)
        self.say("And e moves by w2 for every unit of y: de/dy = w2.")
        self.play(Indicate(self.links[1], color=th.accent),
                  Write(self.slopes_tex[1:]), run_time=1.0)
        self.wait(0.6)

    @beat("Chained: multiply the slopes")
    def chained(self) -> None:
        th = self.theme
        self.chain_tex = formula(th, self.tex["chain"], color=th.accent)
        self._place(self.chain_tex)
        self.say("Written out, e is x times w1 times w2, so its slope in w1 is x times w2: "
                 "exactly the two link slopes multiplied.")
        self.play(Write(self.chain_tex), run_time=1.5)
        self.say("That is the chain rule: the slope of a chain is the product of the "
                 "slopes of its steps.")
        self.play(Create(SurroundingRectangle(self.chain_tex, color=th.accent, buff=0.1)),
                  run_time=0.6)
        self.wait(0.6)

    @beat("Check by nudging the weight")
    def nudge(self) -> None:
        th, p = self.theme, self.params
        self.nudge_tex = formula(th, self.tex["nudge"], r",\qquad ", self.tex["check"])
        self._place(self.nudge_tex)
        self.say(f"Check it the slow way: nudge w1 by {fmt_number(p.nudge, 6)} and "
                 "work e out again.")
        self.play(Write(self.nudge_tex[0]), run_time=1.0)
        self.say("The change in e divided by the nudge gives the same slope.")
        self.play(Write(self.nudge_tex[1:]), run_time=1.2)
        self.wait(1.5)



#: Width of a local-derivative card, and where each card sits (three, then two).
_CARD_WIDTH = 4.5
_CARD_AT = {"link": np.array([-4.7, 2.85, 0]), "sum": np.array([0.0, 2.85, 0]),
            "sigmoid": np.array([4.7, 2.85, 0]), "tanh": np.array([-2.35, -0.7, 0]),
            "relu": np.array([2.35, -0.7, 0])}  # the top middle of each card


def _two_lines(tex: str) -> str:
    """A worked example over two lines, left-aligned, split where it reads ``,\\quad``."""
    return "&" + tex.replace(r",\quad ", r" \\ &")


def _enough_digits(value: float, slope, most: int = 6) -> int:
    """The fewest decimals (from 2) at which ``slope`` of the rounded ``value`` rounds,
    at two decimals, to the same number as ``slope(value)``."""
    want = fmt_number(slope(value))
    for digits in range(2, most + 1):
        if fmt_number(slope(round(value, digits))) == want:
            return digits
    return most


def weights_only(sizes) -> int:
    """The number of weights (no biases) of a dense network with these layer widths."""
    return sum(part.weights for part in parameter_breakdown(sizes))


def _sum_tex(terms) -> str:
    """``1 - 2 + 0.5``: a sum written with its signs folded in."""
    text = fmt_number(terms[0])
    for t in terms[1:]:
        text += f" {'-' if t < 0 else '+'} {fmt_number(abs(t))}"
    return text


# --- 6. BackpropSteps ------------------------------------------------------------------


@dataclass(frozen=True)
class BackpropStepsParams(SceneParams):
    """The small examples beside each local derivative, and the network to count."""

    link_weight: float = 0.5  # w of the weighted link b = w a
    link_input: float = 2.0  # a fed through the weighted link
    sum_inputs: tuple[float, float, float] = (1.0, -2.0, 0.5)  # a, b, c of the sum z = a + b + c
    sigmoid_input: float = 0.5  # a fed to the sigmoid s = sigma(a)
    tanh_input: float = 0.5  # a fed to the tanh t = tanh(a), the camera network's squash
    relu_inputs: tuple[float, float] = (1.5, -1.0)  # a positive and a negative ReLU input
    big_sizes: tuple[int, ...] = (784, 16, 16, 10)  # the larger network counted (digits)

    def __post_init__(self) -> None:
        pos, neg = self.relu_inputs
        if not (pos > 0 and neg < 0):
            raise ParamsError(f"relu_inputs must be (a positive, a negative) number, "
                              f"got {self.relu_inputs}")
        if len(self.big_sizes) < 2 or any(int(s) < 1 for s in self.big_sizes):
            raise ParamsError(f"big_sizes must be at least two positive layer widths, "
                              f"got {self.big_sizes}")


class BackpropSteps(ChapterScene):
    """Each block's local derivative with a worked number; then why one backward pass
    beats one forward pass per weight."""

    title = "Backprop, one block at a time"
    Params = BackpropStepsParams

    def prepare(self) -> None:
        p = self.params
        sig, relu, tanh = activation("sigmoid"), activation("relu"), activation("tanh")
        w, a = p.link_weight, p.link_input
        t = float(tanh.function(p.tanh_input))
        x1, x2, x3 = p.sum_inputs
        s_in = p.sigmoid_input
        s = float(sig.function(s_in))
        pos, neg = p.relu_inputs
        # value of each block at its example, and the local derivative shown
        self.values = {
            "link": w * a,
            "sum": x1 + x2 + x3,
            "sigmoid": s,
            "tanh": t,
            "relu_pos": float(relu.function(pos)),
            "relu_neg": float(relu.function(neg)),
        }
        self.slopes = {
            "link": w,
            "sum": 1.0,
            "sigmoid": s * (1 - s),
            "tanh": 1 - t**2,
            "relu_pos": float(relu.derivative(pos)),
            "relu_neg": float(relu.derivative(neg)),
        }
        f = fmt_number
        # the output shown with enough digits that the product shown gives the slope shown
        ds = _enough_digits(s, lambda v: v * (1 - v))
        dt = _enough_digits(t, lambda v: 1 - v**2)
        self.out_digits = {"sigmoid": ds, "tanh": dt}
        self.shown = {
            "link": (rf"w = {f(w)},\ a = {f(a)}:\quad b = {f(self.values['link'])},"
                     rf"\quad \frac{{db}}{{da}} = {f(self.slopes['link'])}"),
            "sum": (rf"{_sum_tex((x1, x2, x3))} = {f(self.values['sum'])},"
                    rf"\quad \frac{{dz}}{{da}} = {f(self.slopes['sum'])}"),
            "sigmoid": (rf"\sigma({f(s_in)}) = {f(s, ds)},\quad {f(s, ds)}\,"
                        rf"(1 - {_par(s, ds)}) = {f(self.slopes['sigmoid'])}"),
            "tanh": (rf"\tanh({f(p.tanh_input)}) = {f(t, dt)},\quad 1 - {_par(t, dt)}^2 = "
                     rf"{f(self.slopes['tanh'])}"),
            "relu": (rf"\mathrm{{ReLU}}'({f(pos)}) = {f(self.slopes['relu_pos'])},\quad "
                     rf"\mathrm{{ReLU}}'({f(neg)}) = {f(self.slopes['relu_neg'])}"),
        }
        self.small_sizes = tuple(fourpixel.hand_set_network().sizes)
        self.counts = {
            "small": parameter_count(self.small_sizes),
            "big": parameter_count(p.big_sizes),
            "small_passes": fourpixel.nudging_passes(self.small_sizes),
            "big_passes": fourpixel.nudging_passes(p.big_sizes),
            "small_weights": weights_only(self.small_sizes),
            "big_weights": weights_only(p.big_sizes),
        }

    # -- cards ------------------------------------------------------------------------
    def _card(self, name: str, rule: str, key: str, at: np.ndarray) -> VGroup:
        th = self.theme
        head = label_text(th, name, color=th.accent)
        general = formula(th, rule, size=th.body_size + 4)
        example = formula(th, _two_lines(self.shown[key]), color=th.positive)
        for m in (general, example):
            if m.width > _CARD_WIDTH - 0.5:
                m.scale_to_fit_width(_CARD_WIDTH - 0.5)
        card = panel(head, general, example, theme=th, buff=0.25)
        card[0].stretch_to_fit_width(_CARD_WIDTH)
        card[1].align_to(card[0], LEFT).shift(0.25 * RIGHT)
        return card.move_to(at, aligned_edge=UP)

    def _show(self, card: VGroup, line: str) -> None:
        self.say(line)
        self.play(FadeIn(card[0]), FadeIn(card[1][:2]), run_time=0.8)
        self.wait(0.6)
        self.play(FadeIn(card[1][2], shift=0.1 * DOWN), run_time=0.7)
        self.wait(1.2)

    @beat("A weighted link")
    def link(self) -> None:
        p = self.params
        self.link_card = self._card("weighted link", r"b = w\,a \qquad \frac{db}{da} = w",
                                    "link", _CARD_AT["link"])
        self._show(self.link_card,
                   "Backprop only needs the slope of each small piece. A link multiplies "
                   "by its weight, so it passes slopes back times w: here "
                   f"{fmt_number(p.link_weight)}.")

    @beat("A sum")
    def total(self) -> None:
        self.sum_card = self._card("sum", r"z = a + b + c \qquad \frac{dz}{da} = 1",
                                   "sum", _CARD_AT["sum"])
        self._show(self.sum_card,
                   "A sum moves one for one with each of its inputs: its slope is 1, "
                   "whatever the numbers are.")

    @beat("A sigmoid")
    def sigmoid(self) -> None:
        s = fmt_number(self.values["sigmoid"], self.out_digits["sigmoid"])
        self.sigmoid_card = self._card(
            "sigmoid", r"s = \sigma(a) \qquad \frac{ds}{da} = s\,(1 - s)",
            "sigmoid", _CARD_AT["sigmoid"])
        self._show(self.sigmoid_card,
                   f"A sigmoid's slope comes from its own output: s is {s} here, so the "
                   f"slope is {fmt_number(self.slopes['sigmoid'])}.")

    @beat("A tanh")
    def tanh(self) -> None:
        t = fmt_number(self.values["tanh"], self.out_digits["tanh"])
        self.tanh_card = self._card(
            "tanh", r"t = \tanh(a) \qquad \frac{dt}{da} = 1 - t^2", "tanh", _CARD_AT["tanh"])
        self._show(self.tanh_card,
                   "So does the slope of tanh, the squash in our camera network: it is one "
                   f"minus t squared, and t is {t} here, so the slope is "
                   f"{fmt_number(self.slopes['tanh'])}.")

    @beat("A ReLU")
    def relu(self) -> None:
        self.relu_card = self._card(
            "ReLU", r"r = \max(0, a) \qquad \frac{dr}{da} = 1 \text{ or } 0",
            "relu", _CARD_AT["relu"])
        self._show(self.relu_card,
                   "A ReLU passes the slope straight through when its input is positive, "
                   "and blocks it when the input is negative.")
        self.say("Multiply the local slopes along each path from a weight to the error. "
                 "Where paths split and meet again, add up what each path gives: that sum "
                 "is the weight's slope.")
        self.wait(1.0)

    @beat("Nudging every weight")
    def nudging(self) -> None:
        th = self.theme
        self.clear_stage()
        net = fourpixel.hand_set_network()
        self.diagram, self.card = camera_diagram(net, th, max_height=3.2, layer_buff=1.15,
                                                 edge_width=(1.0, 3.5))
        VGroup(self.card, self.diagram).move_to([-3.9, 1.2, 0])
        self.say("Without backprop you could nudge one weight, run the network again, "
                 "and see how the error moves.")
        self.play(FadeIn(self.card), FadeIn(self.diagram), run_time=0.8)
        counter_head = label_text(th, "forward passes:")
        self.counter = Integer(0, font_size=th.body_size + 4, color=th.accent)
        counter = VGroup(counter_head, self.counter).arrange(RIGHT, buff=0.2)
        counter.move_to([3.0, 1.8, 0])
        self.play(FadeIn(counter), run_time=0.4)
        # the baseline pass lights the whole network, then each nudged weight its link
        self.play(Indicate(self.diagram, color=th.accent, scale_factor=1.0),
                  self.counter.animate.set_value(1), run_time=0.5)
        picks = [(0, 0, 0), (0, 2, 1), (1, 3, 2), (2, 5, 1), (3, 1, 6)]
        for n, (k, i, j) in enumerate(picks, start=2):
            self.play(Indicate(self.diagram.edge(k, i, j), color=th.accent, scale_factor=1.0),
                      self.counter.animate.set_value(n), run_time=0.35)
        c = self.counts
        total = c["small_passes"]
        self.say(f"One pass for the error as it is, then one per weight and bias: "
                 f"1 + {c['small']:,} = {total:,} passes for this little camera network "
                 "alone.",
                 spoken=f"One pass for the error as it is, then one per weight and bias: "
                        f"1 plus {c['small']:,} makes {total:,} passes for this little "
                        "camera network alone.")
        self.play(self.counter.animate.set_value(total), run_time=1.2)
        self.wait(1.0)

    @beat("The count, and backprop's price")
    def the_count(self) -> None:
        th, p = self.theme, self.params
        c = self.counts
        cell = partial(formula, th, size=th.small_size + 2)

        def num(n: int) -> str:  # 13{,}003: thousands separated, as chapters 6 and 7 write
            return f"{int(n):,}".replace(",", "{,}")

        small = "-".join(str(s) for s in self.small_sizes)
        big = "-".join(str(int(s)) for s in p.big_sizes)
        small_tex, big_tex = rf"\text{{{small}}}", rf"\text{{{big}}}"
        heads = (r"\text{network}", r"\text{weights}", r"\text{+ biases}", r"\text{nudging}",
                 r"\text{backprop}")
        rows = [
            [cell(head, color=th.muted) for head in heads],
            [cell(small_tex), cell(num(c["small_weights"])), cell(num(c["small"])),
             cell(rf"{num(c['small_passes'])}\ \text{{passes}}", color=th.negative),
             cell(r"1 + 1\ \text{passes}", color=th.positive)],
            [cell(big_tex), cell(num(c["big_weights"])), cell(num(c["big"])),
             cell(rf"{num(c['big_passes'])}\ \text{{passes}}", color=th.negative),
             cell(r"1 + 1\ \text{passes}", color=th.positive)],
        ]
        self.table_rows = rows
        grid = VGroup(*(m for row in rows for m in row))
        grid.arrange_in_grid(rows=3, cols=5, buff=(0.45, 0.35), col_alignments="lcccc")
        self.table = panel(grid, theme=th).move_to([0, -2.1, 0])
        widths = [str(int(w)) for w in p.big_sizes]
        self.say(f"A digit reader with layers {big} has {c['big']:,} weights and biases, so "
                 f"{c['big_passes']:,} forward passes for a single step.",
                 spoken=f"A digit reader with layers of {_and(widths)} neurons has "
                        f"{c['big']:,} weights and biases, so {c['big_passes']:,} forward "
                        "passes for a single step.")
        self.play(FadeIn(self.table[0]), *(FadeIn(m) for m in rows[0]), run_time=0.6)
        self.play(*(FadeIn(m) for m in rows[1][:4]), run_time=0.6)
        self.play(*(FadeIn(m) for m in rows[2][:4]), run_time=0.6)
        self.wait(1.5)
        self.say("Backprop gets every one of those slopes from one forward pass and one "
                 "backward pass, however many weights there are.")
        self.play(FadeIn(rows[1][4]), FadeIn(rows[2][4]), run_time=0.6)
        self.play(Indicate(VGroup(rows[1][4], rows[2][4]), color=th.accent), run_time=1.0)
        self.wait(2.0)


# --- 7. TrainingLoop --------------------------------------------------------------------


#: Where the notes under the loss curve are centred: between the network's card and the
#: frame's right edge, wider than the plot.
_PLOT_NOTES_X = 3.75


@dataclass(frozen=True)
class TrainingLoopParams(SceneParams):
    """How the camera network is trained, and how long the training takes on screen."""

    epochs: int = 300  # passes over the training set
    lr: float = 0.1  # learning rate: the size of each small step
    seed: int = 3  # seed of the random start weights and of the noisy copies
    noisy_copies: int = 4  # noisy copies of each pure image in the training set
    snapshots: int = 6  # networks kept along the way; the links re-colour through them
    train_time: float = 8.0  # seconds the loss curve takes to grow
    batch_size: int = fourpixel.BATCH_SIZE  # examples per small step (weight update)
    test_copies: int = 5  # new noisy copies of each pure image, never trained on, to test
    test_noise: float = fourpixel.NOISE  # how far those copies move towards grey, at most

    def __post_init__(self) -> None:
        if not 0 <= self.test_noise < 1:
            raise ParamsError(f"test_noise must be at least 0 and below 1, got "
                              f"{self.test_noise}")
        if self.test_copies < 1:
            raise ParamsError(f"test_copies must be at least 1, got {self.test_copies}")
        if self.train_time <= 0:
            raise ParamsError(f"train_time must be positive (seconds), got {self.train_time}")
        if self.lr <= 0:
            raise ParamsError(f"lr must be positive, got {self.lr}")


class TrainingLoop(ChapterScene):
    """The four-pixel network learning from random weights: the loop, the loss curve
    and the links settling, then every pure image named right."""

    title = "Training the camera"
    Params = TrainingLoopParams

    def prepare(self) -> None:
        p = self.params
        try:
            self.trained = fourpixel.train_camera(epochs=p.epochs, lr=p.lr, seed=p.seed,
                                                  noisy_copies=p.noisy_copies,
                                                  snapshots=p.snapshots,
                                                  batch_size=p.batch_size)
        except ValueError as err:
            raise ParamsError(str(err)) from None
        self.batches = self.trained.batches
        self.examples = self.trained.examples
        self.outputs = self.trained.network.sizes[-1]
        self.loss_words = loss_name(fourpixel.LOSS, self.outputs)
        self.loss_label = loss_label(fourpixel.LOSS, self.outputs)
        # images it never trained on: new noisy copies, from a random stream of their own
        X, _, names = fourpixel.test_set(p.test_copies, p.test_noise, seed=p.seed)
        net = self.trained.network
        self.tests = [(name, x.reshape(2, 2), fourpixel.classify(x.reshape(2, 2), net))
                      for x, name in zip(X, names, strict=True)]
        self.tests_right = sum(truth == given for truth, _, given in self.tests)
        # one copy of each pure image on screen: a wrong one where there is one
        per_image = [self.tests[k:k + p.test_copies]
                     for k in range(0, len(self.tests), p.test_copies)]
        self.shown_tests = [next((t for t in group if t[0] != t[2]), group[0])
                            for group in per_image]
        self.history = np.asarray(self.trained.result.history, dtype=float)
        self.n_epochs = len(self.history) - 1
        self.start_loss, self.final_loss = float(self.history[0]), float(self.history[-1])
        # the weights at each epoch of a key: the start, then every snapshot
        self.key_epochs = [0, *self.trained.snapshot_epochs]
        self.key_weights = [[np.array(layer.W) for layer in net.layers]
                            for net in (self.trained.start, *self.trained.snapshots)]
        net = self.trained.network
        self.answers = [(name, image, fourpixel.classify(image, net))
                        for name, pair in fourpixel.pure_images().items() for image in pair]
        self.all_right = all(truth == given for truth, _, given in self.answers)
        # two significant digits: 0.94, then 0.0011
        self.shown = {"start_loss": fmt_significant(self.start_loss),
                      "final_loss": fmt_significant(self.final_loss),
                      "epochs": str(self.n_epochs)}
        # the loss fell as far as the numbers shown can tell
        self.fell = float(self.shown["final_loss"]) < float(self.shown["start_loss"])

    def weights_at(self, epoch: float) -> list[np.ndarray]:
        """The weights drawn at ``epoch``: linear between the kept networks."""
        keys = self.key_epochs
        if epoch >= keys[-1]:
            return self.key_weights[-1]
        k = int(np.searchsorted(keys, epoch, side="right")) - 1
        t = (epoch - keys[k]) / (keys[k + 1] - keys[k])
        return [(1 - t) * a + t * b for a, b in zip(self.key_weights[k], self.key_weights[k + 1],
                                                    strict=True)]

    @beat("Random weights")
    def start(self) -> None:
        th = self.theme
        self.diagram, self.card = camera_diagram(
            self.trained.start, th, max_height=3.7, layer_buff=1.3, edge_width=(0.8, 4.5),
            output_labels=[rf"\text{{{c}}}" for c in fourpixel.CLASSES])
        self.diagram.output_labels.set_color(th.text)
        VGroup(self.card, self.diagram).move_to([-3.3, 0.35, 0])
        self.say("Same network shape as before, but every weight starts random: the "
                 "links are a jumble of white and black.")
        self.play(FadeIn(self.card), FadeIn(self.diagram), run_time=1.0)
        self.wait(1.5)

    @beat("The loop")
    def loop(self) -> None:
        th = self.theme
        words = ["forward", "loss", "backprop", "small step", "repeat"]
        self.loop_row = label_text(th, "  \u2192  ".join(words))
        self.loop_row.move_to([0.6, 2.9, 0])
        self.say("Training is one loop: run a batch of examples forward, measure the loss, "
                 "backprop its slopes, take a small step against them, repeat.")
        self.play(FadeIn(self.loop_row, lag_ratio=0.08, shift=0.1 * RIGHT), run_time=2.0)
        self.wait(0.6)
        self.say("Training calls its error the loss, and measures it differently: not the "
                 f"sum of gaps between truth and answer, but {self.loss_words}.")
        self.play(Indicate(self.loop_row[len(words[0]) + 1:][:len(words[1])],
                           color=th.accent), run_time=1.0)
        self.wait(1.0)

    @beat("The loss falls, the links settle")
    def training(self) -> None:
        th, p = self.theme, self.params
        top = float(np.ceil(self.history.max() * 10) / 10)
        self.axes = themed_axes((0, self.n_epochs, self.n_epochs), (0, top, top),
                                x_length=4.6, y_length=2.5, theme=th)
        self.axes.move_to([3.9, 0.75, 0])
        x_lab = note_text(th, self._epoch_caption(), color=th.muted)
        y_lab = note_text(th, "loss", color=th.muted)
        y_lab.next_to(self.axes.y_axis, UP, buff=0.12)
        zero_tick = formula(th, "0", size=th.label_size, color=th.muted)
        zero_tick.next_to(self.axes.c2p(0, 0), LEFT, buff=0.12)
        end_tick = formula(th, str(self.n_epochs), size=th.label_size, color=th.muted)
        end_tick.next_to(self.axes.c2p(self.n_epochs, 0), DOWN, buff=0.12)
        x_lab.next_to(end_tick, DOWN, buff=0.1).set_x(_PLOT_NOTES_X)
        self.start_label = formula(th, self.shown["start_loss"], size=th.label_size,
                                   color=th.accent)
        self.start_label.next_to(self.axes.c2p(0, self.start_loss), LEFT, buff=0.12)
        # which loss is plotted, in nnmath's words for it
        self.loss_key = note_text(th, f"loss = {self.loss_label}", color=th.muted)
        self.loss_key.next_to(x_lab, DOWN, buff=0.2).set_x(_PLOT_NOTES_X)
        self.axis_labels = (x_lab, y_lab)
        self.play(FadeIn(VGroup(self.axes, x_lab, y_lab, zero_tick, end_tick, self.loss_key)),
                  run_time=0.6)
        self.epoch = ValueTracker(0.0)
        points = np.array([self.axes.c2p(e, v) for e, v in enumerate(self.history)])
        curve = VMobject(stroke_color=th.accent, stroke_width=4)
        curve.set_points_as_corners(points[:2])

        def grow(m: VMobject) -> None:
            e = self.epoch.get_value()
            n = int(np.floor(e))
            shown = points[: n + 1]
            if n < self.n_epochs:  # the last piece reaches the tracker's epoch
                frac = e - n
                shown = np.vstack([shown, points[n] + frac * (points[n + 1] - points[n])])
            if len(shown) < 2:
                shown = np.vstack([shown, shown])
            m.set_points_as_corners(shown)

        curve.add_updater(grow)
        self.curve = curve
        self.diagram.add_updater(lambda d: d.set_weights(self.weights_at(self.epoch.get_value())))
        head = note_text(th, "epoch")
        self.epoch_number = Integer(0, font_size=th.body_size, color=th.text)
        self.epoch_number.add_updater(lambda m: m.set_value(int(self.epoch.get_value())))
        readout = VGroup(head, self.epoch_number).arrange(RIGHT, buff=0.15)
        readout.next_to(self.axes.c2p(self.n_epochs, top), DOWN + LEFT, buff=0.05)
        readout.shift(0.1 * DOWN)
        self.epoch_readout = readout
        self.say(f"The loss starts at {self.shown['start_loss']}. {self._epoch_sentence()}")
        self.add(curve, readout)
        self.play(FadeIn(self.start_label), run_time=0.5)
        self.say("Watch the curve drop as the links sort themselves into a pattern."
                 if self.fell else
                 "Watch the curve and the links as the weights change.")
        self.play(self.epoch.animate.set_value(float(self.n_epochs)), run_time=p.train_time,
                  rate_func=linear)
        curve.clear_updaters()
        self.diagram.clear_updaters()
        self.epoch_number.clear_updaters()
        self.diagram.set_weights(self.key_weights[-1])
        epochs = f"{self.shown['epochs']} epoch{'s' if self.n_epochs != 1 else ''}"
        self.final_label = formula(
            th, rf"\text{{loss }} {self.shown['final_loss']} \text{{ after {epochs}}}",
            size=th.small_size + 2, color=th.accent)
        self.final_label.next_to(self.loss_key, DOWN, buff=0.2).set_x(_PLOT_NOTES_X)
        self.say(f"After {epochs} the loss is "
                 + ("down to " if self.fell else "still ")
                 + f"{self.shown['final_loss']}.")
        self.play(FadeIn(self.final_label), run_time=0.6)
        self.wait(1.5)

    def _epoch_caption(self) -> str:
        """The x axis's words: what one epoch is made of."""
        k, b = len(self.batches), self.batches[0]
        if k == 1:
            return f"epoch = 1 step on all {self.examples} examples"
        return (f"epoch = {k} steps of {'up to ' if len(set(self.batches)) > 1 else ''}"
                f"{b} examples")

    def _epoch_sentence(self) -> str:
        """What one epoch is, computed from the batch size and the number of examples."""
        k, b, n = len(self.batches), self.batches[0], self.examples
        if k == 1:
            return (f"Each epoch is one lap of the loop over all {n} examples at once: "
                    "one small step.")
        last = f", the last of {self.batches[-1]}" if self.batches[-1] != b else ""
        return (f"Each epoch runs the loop {k} times, on batches of {b} of the {n} "
                f"examples{last}: {k} small steps, and every example used once.")

    def _row(self, items: list[tuple[str, np.ndarray, str]]) -> VGroup:
        """Tiles with the name the network gives each, green when right, red when not."""
        th = self.theme
        cells = VGroup()
        for truth, image, given in items:
            tile = Tile(image, size=0.62, theme=th)
            color = th.positive if given == truth else th.negative
            label = note_text(th, given, color=color)
            label.next_to(tile, DOWN, buff=0.15)
            label.shift((tile.get_bottom()[1] - 0.15 - label.get_top()[1]) * UP)
            cells.add(VGroup(tile, label))
        cells.arrange(RIGHT, buff=0.22, aligned_edge=UP).move_to([0, -2.95, 0])
        if cells.width > 13.2:
            cells.scale_to_fit_width(13.2)
        return cells

    def _row_caption(self, text: str, cells: VGroup) -> Text:
        th = self.theme
        caption = note_text(th, text)
        return caption.next_to(cells, UP, buff=0.2).align_to(cells, LEFT)

    @beat("Every pure image named")
    def named(self) -> None:
        n_pure = len(self.answers)
        right = sum(truth == given for truth, _, given in self.answers)
        cells = self._row(self.answers)
        caption = self._row_caption(f"training images: {right} of {n_pure} right", cells)
        self.say(f"Now show it the {_WORDS[n_pure]} pure images. They were among its "
                 f"{self.examples} training examples, and it names {right} of {n_pure} right.")
        self.play(*(FadeIn(c[0]) for c in cells), FadeIn(caption), run_time=0.8)
        self.play(*(FadeIn(c[1], shift=0.1 * DOWN) for c in cells), run_time=0.8)
        self.wait(1.5)

        n_tests = len(self.tests)
        tests = self._row(self.shown_tests)
        test_caption = self._row_caption(
            f"never trained on: {self.tests_right} of {n_tests} right", tests)
        self.answer_cells, self.answer_labels = tests, [c[1] for c in tests]
        self.say(f"The real test is images it never trained on: {n_tests} new noisy "
                 f"copies. It names {self.tests_right} of {n_tests} right, and nobody "
                 "set a single weight by hand.")
        self.play(FadeOut(cells), FadeOut(caption), run_time=0.5)
        self.play(*(FadeIn(c[0]) for c in tests), FadeIn(test_caption), run_time=0.8)
        self.play(*(FadeIn(c[1], shift=0.1 * DOWN) for c in tests), run_time=0.8)
        self.wait(2.5)
