"""Chapter 6: a handwritten digit as 784 input neurons, the trained 784-16-16-10
network reading it, one first-layer neuron's weights as a 28x28 grid, the 13,002
parameters counted, a layer in matrix form, and what the first layer really learned.

Render one scene::

    manim -qm scenes/ch06_digits.py DigitNetwork
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Brace,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    Line,
    MathTex,
    Matrix,
    SurroundingRectangle,
    TransformMatchingTex,
    VGroup,
    Write,
)

import nnmath
from narrator.fmt import adding_decimals, fmt_fixed
from nnmath import digits
from nnmath.network import parameter_breakdown, parameter_count
from scenes.base import ChapterScene, beat
from scenes.components import (
    body_text,
    fmt_number,
    fmt_percent,
    formula,
    label_text,
    note_text,
    panel,
)
from scenes.components.labels import activation_tex
from scenes.components.network_diagram import NetworkDiagram
from scenes.components.pixels import PixelImage, WeightImage, flatten_column, product_image
from scenes.components.placement import to_edge
from scenes.params import ParamsError, SceneParams
from scenes.theme import colour_word

__all__ = [
    "DigitAsNeurons",
    "DigitAsNeuronsParams",
    "DigitNetwork",
    "DigitNetworkParams",
    "LayersOfAbstraction",
    "LayersOfAbstractionParams",
    "MatrixNotation",
    "MatrixNotationParams",
    "ParameterCount",
    "ParameterCountParams",
    "WeightGrid",
    "WeightGridParams",
    "count_tex",
]

SIDE = 28  # MNIST's images are 28x28


@dataclass(frozen=True)
class Source:
    """Where the committed network's digits come from, measured from its held-out images:
    scikit-learn's 8x8 scans enlarged to 28x28 (``make weights``) or 28x28 images from
    IDX files (MNIST's format; ``tools/train_digits.py --idx DIR`` written over the
    default file)."""

    enlarged: bool  # the held-out images lie in the space of enlarged 8x8 images
    low: int  # the side they were enlarged from (8), when enlarged
    n_test: int  # held-out images
    dimension: int  # the dimension those images span

    @classmethod
    def of(cls, trained: digits.TrainedDigits) -> Source:
        return cls(enlarged=digits.is_enlarged(trained.X_test), low=digits.SKLEARN_SIDE,
                   n_test=len(trained.X_test),
                   dimension=digits.spanned_dimension(trained.X_test))

    @property
    def note(self) -> str:
        """The small provenance line on screen."""
        if self.enlarged:
            return f"scikit-learn's {self.low}×{self.low} digits, enlarged to {SIDE}×{SIDE}"
        return f"{SIDE}×{SIDE} digits from IDX files"

    @property
    def short_note(self) -> str:
        """The provenance line under an image already labelled 28 x 28."""
        if self.enlarged:
            return f"enlarged from scikit-learn's {self.low}×{self.low}"
        return "from IDX files"

    @property
    def trained_on(self) -> str:
        """What the network learned from, in words."""
        if self.enlarged:
            return (f"scikit-learn's handwritten digits, each enlarged from {self.low} by "
                    f"{self.low} pixels")
        return "the handwritten digits of the IDX files it was given"


def _rest(percent: str) -> str:
    """100 minus a percentage as shown, with as many decimals: ``_rest("90") == "10"``."""
    places = len(percent.split(".")[1]) if "." in percent else 0
    return fmt_number(100 - float(percent), places)


def _held_out(trained: digits.TrainedDigits, index: int, field: str) -> np.ndarray:
    """Held-out digit ``index`` as a 28x28 grid; a ParamsError naming ``field`` if absent."""
    n = len(trained.X_test)
    if not 0 <= index < n:
        raise ParamsError(f"{field} must be a held-out index from 0 to {n - 1}, got {index}")
    return np.asarray(trained.X_test[index], dtype=float).reshape(SIDE, SIDE)


# --- 1. a digit is 784 numbers ---------------------------------------------------------


@dataclass(frozen=True)
class DigitAsNeuronsParams(SceneParams):
    """Which held-out digit is shown."""

    digit: int = 3  # index into the held-out set (0 .. 449) of the digit shown


class DigitAsNeurons(ChapterScene):
    """A 28x28 digit, one dark and one bright pixel read off, then all 784 pixels as a
    column of input neurons."""

    title = "A digit is 784 numbers"
    Params = DigitAsNeuronsParams

    def prepare(self) -> None:
        trained = digits.load_trained()
        self.image_values = _held_out(trained, self.params.digit, "digit")
        self.label = int(trained.y_test[self.params.digit])
        self.n_inputs = int(trained.X_test.shape[1])
        self.dark, self.bright = digits.extreme_pixels(self.image_values)
        self.dark_value = float(self.image_values[self.dark])
        self.bright_value = float(self.image_values[self.bright])
        self.source = Source.of(trained)

    @beat("A grid of pixels")
    def grid(self) -> None:
        th = self.theme
        self.picture = PixelImage(self.image_values, height=5.0, theme=th)
        self.picture.move_to([-3.6, -0.4, 0])
        h, w = self.image_values.shape
        self.size_tex = formula(th, rf"{h} \times {w}", color=th.muted)
        self.size_tex.next_to(self.picture, DOWN, buff=0.2)
        self.source_tex = note_text(th, self.source.short_note, color=th.muted)
        self.source_tex.next_to(self.size_tex, DOWN, buff=0.12)
        self.say(f"A handwritten {self.label} the network never saw in training: "
                 f"a grid of {h} by {w} grey pixels.")
        self.play(FadeIn(self.picture), Write(self.size_tex))
        low = self.source.low
        if self.source.enlarged:
            self.say(f"It began as one of scikit-learn's {low} by {low} scans, enlarged to "
                     f"{h} by {w}, the size of MNIST's digits: {low * low} pixels of detail, "
                     "smoothed out.")
        else:
            self.say(f"It comes from IDX files, MNIST's format: a scan of {h} by {w} pixels.")
        self.play(FadeIn(self.source_tex))

    @beat("Each pixel is a number")
    def values(self) -> None:
        th = self.theme
        self.value_texts = {}
        parts = []
        for name, (row, col), value, y in (("dark", self.dark, self.dark_value, 0.9),
                                           ("bright", self.bright, self.bright_value, -1.3)):
            marker = self.picture.pixel_marker(row, col)
            tex = formula(th, rf"\text{{{name}}} = {fmt_number(value)}",
                          color=th.accent).move_to([0.9, y, 0], aligned_edge=LEFT)
            link = Line(marker.get_center(), tex.get_left() + 0.15 * LEFT,
                        color=th.accent, stroke_width=2, buff=0.1)
            self.value_texts[name] = tex
            parts.append(VGroup(marker, link, tex))
        self.pointers = VGroup(*parts)
        paper, strongest = ("white", "darkest") if th.is_light else ("black", "brightest")
        self.say(f"Each pixel is one number: {fmt_number(self.dark_value)} where the paper "
                 f"is {paper}, up to {fmt_number(self.bright_value)} where the ink is "
                 f"{strongest}.")
        for part in parts:
            self.play(Create(part[0]), Create(part[1]), Write(part[2]))

    @beat("784 input neurons")
    def column(self) -> None:
        th = self.theme
        self.play(FadeOut(self.pointers), run_time=0.5)
        self.neurons, flights = flatten_column(self.picture, head=6, tail=6, cell=0.32)
        self.neurons.move_to([1.1, -0.4, 0])
        self.brace = Brace(self.neurons, direction=RIGHT, color=th.muted, buff=0.15)
        self.count_tex = formula(th, str(self.n_inputs))
        self.count_tex.next_to(self.brace, RIGHT, buff=0.15)
        ramp = PixelImage(np.linspace(0.0, 1.0, 8)[None, :], height=0.32, theme=th)
        ramp_lo = formula(th, "0").next_to(ramp, LEFT)
        ramp_hi = formula(th, "1").next_to(ramp, RIGHT)
        # 0 is the background, 1 the text colour: on a light background, ink is dark
        caption = note_text(th, f"activation = {'darkness' if th.is_light else 'brightness'}",
                            color=th.muted)
        scale = Group(ramp_lo, ramp, ramp_hi).arrange(RIGHT, buff=0.15)
        self.legend = Group(caption, scale).arrange(DOWN, buff=0.25)
        self.legend.move_to([4.8, -0.4, 0])
        self.say(f"Read row by row, the pixels become one column of {self.n_inputs} "
                 "neurons: the network's input layer.")
        self.play(*flights, run_time=2.0)
        self.play(Create(self.brace), Write(self.count_tex))
        src = self.source
        if src.enlarged:
            self.say(f"{self.n_inputs} numbers, yet all {src.n_test:,} held-out images "
                     f"together span just {src.dimension} dimensions: enlarging "
                     f"{src.low} by {src.low} pixels adds no detail.")
        else:
            self.say(f"All {src.n_test:,} held-out images together span {src.dimension} "
                     f"of these {self.n_inputs} dimensions.")
        self.say("Each neuron's activation is its pixel's darkness, from 0 for white to 1 "
                 "for black." if th.is_light else "Each neuron's activation is its pixel's "
                 "brightness, from 0 for black to 1 for white.")
        self.play(FadeIn(self.legend))
        self.wait(1.0)


# --- 2. the network reads it -----------------------------------------------------------


@dataclass(frozen=True)
class DigitNetworkParams(SceneParams):
    """Which held-out digit runs through the trained network first."""

    digit: int = 5  # index into the held-out set (0 .. 449) of the first digit read
    layer_time: float = 0.8  # seconds to light up each layer


class DigitNetwork(ChapterScene):
    """The trained 784-16-16-10 network lights up layer by layer for a held-out digit,
    then for the first one it gets wrong; its held-out accuracy."""

    title = "The 784-16-16-10 network reads a digit"
    Params = DigitNetworkParams

    def prepare(self) -> None:
        self.trained = digits.load_trained()
        self.first = self.params.digit
        _held_out(self.trained, self.first, "digit")
        wrong = digits.misread(self.trained)
        if len(wrong) == 0:
            raise ParamsError("the network reads every held-out digit right: none to show wrong")
        others = [int(i) for i in wrong if i != self.first]  # not the digit shown first
        self.wrong = others[0] if others else int(wrong[0])
        self.n_wrong, self.n_test = len(wrong), len(self.trained.X_test)
        self.source = Source.of(self.trained)
        self.readings = {i: self._reading(i) for i in (self.first, self.wrong)}

    def _reading(self, index: int) -> dict:
        net = self.trained.network
        x = self.trained.X_test[index:index + 1]
        trace = net.trace(x)
        guess = int(digits.predict(net, x)[0])
        label = int(self.trained.y_test[index])
        return {"trace": trace, "guess": guess, "label": label, "right": guess == label,
                "activation": float(trace.output[0, guess])}

    @beat("The trained network")
    def network(self) -> None:
        th = self.theme
        net = self.trained.network
        self.diagram = NetworkDiagram(
            net.sizes, weights=[layer.W for layer in net.layers], theme=th,
            output_labels=[str(d) for d in range(net.sizes[-1])],
            layer_buff=2.4, max_height=5.6, edge_width=(0.4, 2.5), edge_opacity=0.6,
        )
        self.diagram.move_to([1.3, -0.35, 0])
        self.source_tex = note_text(th, self.source.note, color=th.muted)
        to_edge(self.source_tex, DOWN, buff=0.2).set_x(self.diagram.get_center()[0])
        sizes = "-".join(str(s) for s in net.sizes)
        self.say(f"The {sizes} network, with the weights and biases it learned "
                 f"from {self.source.trained_on}.")
        self.play(FadeIn(self.diagram), FadeIn(self.source_tex), run_time=1.5)

    def _read(self, index: int) -> None:
        """Show held-out digit ``index``, run it through, ring the answer."""
        th = self.theme
        reading = self.readings[index]
        picture = PixelImage(_held_out(self.trained, index, "digit"), height=2.6, theme=th)
        picture.move_to([-5.3, 0.9, 0])
        self.play(FadeIn(picture))
        for step in self.diagram.forward_pass(reading["trace"]):
            self.play(*step, run_time=self.params.layer_time)
        self.play(*self.diagram.highlight_output())
        self.picture, self.verdict = picture, self._verdict(reading)
        self.verdict.next_to(picture, DOWN, buff=0.35)
        self.play(FadeIn(self.verdict))

    def _verdict(self, reading: dict) -> VGroup:
        th = self.theme
        lines = VGroup(
            body_text(th, f"reads {reading['guess']}", color=th.accent),
            note_text(th, f"activation {fmt_number(reading['activation'], 3)}"),
            note_text(th, "right" if reading["right"] else f"wrong: it is a {reading['label']}",
                      color=th.positive if reading["right"] else th.negative),
        ).arrange(DOWN, buff=0.18)
        return lines

    @beat("A digit runs through")
    def forward(self) -> None:
        reading = self.readings[self.first]
        self.say(f"A held-out {reading['label']} lights the input layer, then each "
                 "layer in turn, from the weighted sums of the one before.")
        self._read(self.first)
        verdict = "right" if reading["right"] else f"wrong: it was a {reading['label']}"
        self.say(f"The brightest output is the answer: {reading['guess']}, with activation "
                 f"{fmt_number(reading['activation'], 3)}. That is {verdict}.")
        self.wait(1.0)

    @beat("A digit it gets wrong")
    def mistake(self) -> None:
        reading = self.readings[self.wrong]
        ring = self.diagram.highlight
        label = self.diagram.output_labels[self.diagram.highlighted]
        self.play(FadeOut(self.picture), FadeOut(self.verdict), FadeOut(ring),
                  label.animate.set_color(self.theme.muted))
        if self.readings[self.first]["right"]:
            self.say(f"Not every digit goes so well. This {reading['label']} is the first "
                     "held-out digit it misreads.")
        else:
            self.say(f"And another digit it misreads: this {reading['label']}.")
        self._read(self.wrong)
        self.say(f"It answers {reading['guess']}, with activation "
                 f"{fmt_number(reading['activation'], 3)}: wrong.")
        self.wait(1.0)

    @beat("Held-out accuracy")
    def score(self) -> None:
        th = self.theme
        right = self.n_test - self.n_wrong
        self.accuracy_text = fmt_percent(self.trained.accuracy, 1)
        self.score_tex = VGroup(
            note_text(th, "held-out accuracy", color=th.muted),
            body_text(th, f"{self.accuracy_text} %"),
            note_text(th, f"{right} of {self.n_test} digits", color=th.muted),
        ).arrange(DOWN, buff=0.12)
        self.score_tex.next_to(self.verdict, DOWN, buff=0.45)
        self.say(f"Over all {self.n_test:,} held-out digits it reads {right:,} right: "
                 f"{self.accuracy_text} percent.")
        self.play(Write(self.score_tex))
        if self.source.enlarged:
            self.say(f"Those are scikit-learn's small {self.source.low} by {self.source.low} "
                     "digits: the score cannot be compared with scores on MNIST.")
        self.wait(1.0)


# --- 3. one neuron's weights -----------------------------------------------------------


@dataclass(frozen=True)
class WeightGridParams(SceneParams):
    """Which first-layer neuron and digit are multiplied; the hand-made edge detector."""

    neuron: int = 1  # first-layer neuron shown (1 .. 16: row 1 of W is neuron 1)
    digit: int = 3  # index into the held-out set (0 .. 449) of the digit it weighs
    edge_row: int = 14  # top row of the detector's positive stripe (0 = top of the image)
    edge_width: int = 2  # rows in the stripe, and in each negative border above and below
    edge_digits: tuple[int, ...] = (0, 4, 7, 9)  # held-out indices the detector is tried on


class WeightGrid(ChapterScene):
    """One first-layer neuron's 784 weights as a 28x28 grid, times a digit, summed;
    then a hand-made edge detector tried on a few digits."""

    title = "A neuron's weights are a picture"
    Params = WeightGridParams

    def prepare(self) -> None:
        p = self.params
        self.trained = digits.load_trained()
        layer = self.trained.network.layers[0]
        if not 1 <= p.neuron <= layer.W.shape[0]:
            raise ParamsError(f"neuron must be from 1 to {layer.W.shape[0]} (neurons are "
                              f"numbered from 1, as the rows of W), got {p.neuron}")
        row = p.neuron - 1  # neuron 1 is row 1 of W, index 0
        self.image_values = _held_out(self.trained, p.digit, "digit")
        self.weights = np.asarray(layer.W[row], dtype=float).reshape(SIDE, SIDE)
        self.bias = float(layer.b[row])
        self.z = float(digits.neuron_input(self.weights, self.bias, self.image_values)[0])
        self.product_sum = self.z - self.bias
        # the sum on screen adds up: the product sum and the bias shown with enough decimals
        self.sum_decimals = adding_decimals(self.product_sum, self.bias)
        trace = self.trained.network.trace(self.trained.X_test[p.digit:p.digit + 1])
        self.z_trace = float(trace.z(1)[0, row])
        if not p.edge_digits or len(p.edge_digits) > 5:
            raise ParamsError(f"edge_digits must hold 1 to 5 held-out indices, "
                              f"got {len(p.edge_digits)}")
        if len(set(p.edge_digits)) != len(p.edge_digits):
            raise ParamsError(f"edge_digits must not repeat an index, got {list(p.edge_digits)}")
        try:
            self.detector = digits.edge_detector(p.edge_row, p.edge_width, side=SIDE)
        except ValueError as err:
            raise ParamsError(f"edge_row/edge_width: {err}") from None
        self.edge_images = [_held_out(self.trained, i, "edge_digits") for i in p.edge_digits]
        self.responses = digits.neuron_input(self.detector, 0.0,
                                             self.trained.X_test[list(p.edge_digits)])
        self.best = int(np.argmax(self.responses))
        self.stripe_ink, self.border_ink = digits.detector_ink(
            self.detector, self.trained.X_test[list(p.edge_digits)])
        self.edge_labels = [int(self.trained.y_test[i]) for i in p.edge_digits]

    @beat("784 weights as a picture")
    def weight_picture(self) -> None:
        th = self.theme
        self.weight_image = WeightImage(self.weights, height=3.0, theme=th).move_to([-4.7, 0.6, 0])
        caption = note_text(th, f"neuron {self.params.neuron}'s weights")
        self.captions = [caption.next_to(self.weight_image, DOWN, buff=0.2)]
        h, w = self.weights.shape
        self.say(f"First-layer neuron {self.params.neuron} has one weight per pixel: "
                 f"{self.weights.size} of them, laid out as a {h} by {w} picture.")
        self.play(FadeIn(self.weight_image), FadeIn(caption))
        self.say(f"{colour_word(th.positive).capitalize()} weights are positive, "
                 f"{colour_word(th.negative)} ones negative; the brighter, the bigger.")
        self.wait(1.0)

    @beat("Weights times pixels")
    def product(self) -> None:
        th = self.theme
        self.digit_image = PixelImage(self.image_values, height=3.0, theme=th)
        self.digit_image.move_to([0, 0.6, 0])
        self.product_picture = product_image(self.weights, self.image_values, height=3.0,
                                             theme=th).move_to([4.7, 0.6, 0])
        times = formula(th, r"\times", size=th.title_size).move_to([-2.35, 0.6, 0])
        equals = formula(th, "=", size=th.title_size).move_to([2.35, 0.6, 0])
        caps = [note_text(th, words)
                .next_to(image, DOWN, buff=0.2)
                for words, image in (("the digit", self.digit_image),
                                     ("weight × pixel", self.product_picture))]
        self.say(f"Multiply each weight by its pixel: {'white' if th.is_light else 'black'} "
                 "pixels give 0, so only the ink's weights remain.")
        self.play(FadeIn(self.digit_image), Write(times), FadeIn(caps[0]))
        self.play(FadeIn(self.product_picture), Write(equals), FadeIn(caps[1]))

    @beat("The weighted sum")
    def weighted_sum(self) -> None:
        th = self.theme
        size = th.body_size + 4
        d = self.sum_decimals
        total, bias, z = (fmt_number(v, d) for v in (self.product_sum, self.bias, self.z))
        self.sum_tex = VGroup(
            formula(th, r"\sum_i w_i\, x_i =", total, size=size),
            formula(th, "z =", total, "+" if self.bias >= 0 else "-",
                    fmt_number(abs(self.bias), d), "=", z, size=size),
        ).arrange(RIGHT, buff=1.0).move_to([0, -2.4, 0])
        self.sum_tex[1][-1].set_color(th.accent)
        self.say(f"Add up those {self.weights.size} products: {total}. Plus the "
                 f"bias, {bias}, gives the neuron's weighted input z = {z}.")
        self.play(Write(self.sum_tex), run_time=1.5)
        self.wait(1.0)

    @beat("A hand-made edge detector")
    def edge(self) -> None:
        th = self.theme
        self.clear_stage()
        self.edge_image = WeightImage(self.detector, height=3.4, theme=th).move_to([-4.8, 0.2, 0])
        caption = note_text(th, "a hand-made detector").next_to(self.edge_image, DOWN, buff=0.2)
        on, off = fmt_number(self.detector.max()), fmt_number(self.detector.min())
        self.say(f"Weights can be drawn by hand too: a horizontal stripe of weight {on}, "
                 f"with a border of weight {off} above and below it.")
        self.play(FadeIn(self.edge_image), FadeIn(caption))
        n = len(self.edge_images)
        width = min(1.9, 7.6 / n)
        self.tries = Group()
        self.response_texts = []
        for values, response in zip(self.edge_images, self.responses, strict=True):
            image = PixelImage(values, height=width - 0.35, theme=th)
            tex = formula(th, fmt_number(response))
            tex.next_to(image, DOWN, buff=0.2)
            self.response_texts.append(tex)
            self.tries.add(Group(image, tex))
        self.tries.arrange(RIGHT, buff=0.35).move_to([2.35, 0.2, 0])
        self.say("Its weighted sum, bias 0, for a held-out digit:" if n == 1 else
                 f"Its weighted sum, bias 0, for {n} held-out digits:")
        self.play(*(FadeIn(t) for t in self.tries), run_time=1.2)
        best = self.tries[self.best]
        self.best_box = SurroundingRectangle(best, color=th.accent, buff=0.12)
        for line in self.edge_reason():
            self.say(line)
        self.play(Create(self.best_box),
                  self.response_texts[self.best].animate.set_color(th.accent))
        self.wait(1.5)

    def _edge_name(self, k: int) -> str:
        """Shown digit ``k`` in words, to go before a verb: "the 7", or "the second digit,
        a 7," if two shown digits are 7s."""
        label = self.edge_labels[k]
        if self.edge_labels.count(label) == 1:
            return f"the {label}"
        ordinal = ("first", "second", "third", "fourth", "fifth")[k]
        return f"the {ordinal} digit, a {label},"

    def edge_reason(self) -> list[str]:
        """Why the best digit's sum is the highest, from each digit's ink on the stripe
        and on the border (the sum is stripe ink minus half the border ink)."""
        k, n = self.best, len(self.edge_labels)
        S, B = self.stripe_ink, self.border_ink
        name = self._edge_name(k)
        pos, neg = float(self.detector.max()), float(self.detector.min())
        part = "half" if -neg / pos == 0.5 else f"{fmt_number(-neg / pos)} times"

        def ink(values: np.ndarray, *rows: int) -> list[str]:
            """The inks of ``rows``, with one decimal, or more if two would look equal."""
            for d in range(1, 4):
                shown = [fmt_fixed(values[r], d) for r in rows]
                if len(set(shown)) == len(set(float(values[r]) for r in rows)):
                    return shown
            return shown

        response = fmt_number(self.responses[k])
        lead = (f"{name.capitalize()} gives {response}" if n == 1 else
                f"{name.capitalize()} responds most, {response}")
        # the winner's two inks with as many decimals as it takes for "stripe minus the
        # border's part" to come out at its sum, rounded the same way
        factor = -neg / pos
        for d in range(1, 5):
            s_k, b_k = fmt_fixed(S[k], d), fmt_fixed(B[k], d)
            if fmt_fixed(float(s_k) - factor * float(b_k), d) == fmt_fixed(
                    self.responses[k], d):
                break
        lines = [f"{lead}: its {s_k} units of ink on the stripe count in full, its {b_k} "
                 f"on the border count {part}, against it."]
        if n == 1:
            return lines
        top_s, low_b = int(np.argmax(S)), int(np.argmin(B))
        if top_s == k and low_b == k:
            lines.append("No other digit here has as much ink on the stripe, "
                         "or as little on the border.")
        elif top_s == k:
            less_s, less_b = ink(S, k, low_b)[1], ink(B, k, low_b)[1]
            lines.append(f"No other digit here has as much ink on the stripe. "
                         f"{self._edge_name(low_b).capitalize()} has less on the border, "
                         f"{less_b}, but only {less_s} on the stripe.")
        elif low_b == k:
            more_s, more_b = ink(S, k, top_s)[1], ink(B, k, top_s)[1]
            lines.append(f"No other digit here has as little ink on the border. "
                         f"{self._edge_name(top_s).capitalize()} has more on the stripe, "
                         f"{more_s}, but more on the border too, {more_b}.")
        else:
            more_s, less_b = ink(S, k, top_s)[1], ink(B, k, low_b)[1]
            lines.append(f"Not the most ink on the stripe ({self._edge_name(top_s)} has "
                         f"{more_s}), nor the least on the border ({self._edge_name(low_b)} "
                         f"has {less_b}): it wins on the balance of the two.")
        return lines


# --- 4-6. counting the knobs, the matrix form, what the first layer learned --------
def count_tex(n: int) -> str:
    """A whole number as TeX with thousands separators: ``13{,}002`` (reads 13,002).

    >>> count_tex(13002), count_tex(42)
    ('13{,}002', '42')
    """
    return f"{int(n):,}".replace(",", "{,}")


# --- 4. ParameterCount -------------------------------------------------------------


@dataclass(frozen=True)
class ParameterCountParams(SceneParams):
    """The layer widths counted (default: the course's digits network)."""

    sizes: tuple[int, ...] = (784, 16, 16, 10)  # neurons per layer, input first
    term_time: float = 1.0  # seconds to write each term of the tally

    def __post_init__(self) -> None:
        if len(self.sizes) != 4:
            raise ParamsError(f"sizes must have 4 entries (input, two hidden, output), "
                              f"got {list(self.sizes)}")


class ParameterCount(ChapterScene):
    """A network's weights and biases, tallied term by term (the 784-16-16-10 digits
    network's: 13,002)."""

    title = "How many numbers to set?"
    Params = ParameterCountParams

    def prepare(self) -> None:
        sizes = self.params.sizes
        self.parts = parameter_breakdown(sizes)  # per layer: n_in, n_out, weights, biases
        self.n_weights = sum(p.weights for p in self.parts)
        self.n_biases = sum(p.biases for p in self.parts)
        self.total = parameter_count(sizes)
        self.weight_texs = [
            (rf"{p.n_in} \times {p.n_out}", count_tex(p.weights)) for p in self.parts
        ]
        self.bias_tex = (" + ".join(str(p.biases) for p in self.parts), count_tex(self.n_biases))
        self.total_tex = (f"{count_tex(self.n_weights)} + {count_tex(self.n_biases)}",
                          count_tex(self.total))

    @beat("The network to count")
    def network(self) -> None:
        th = self.theme
        self.net = NetworkDiagram(self.params.sizes, layer_buff=1.75, max_height=5.4,
                                  edge_width=(1.0, 1.0), edge_opacity=0.35, theme=th)
        to_edge(self.net.move_to([0, -0.4, 0]), LEFT, buff=0.45)  # the brace's 784 too
        widths = "-".join(str(s) for s in self.params.sizes)
        self.say(f"The {widths} network. Every line is a weight, every neuron "
                 "after the input has a bias. How many numbers is that?")
        self.play(FadeIn(self.net), run_time=1.2)

    def _layout(self) -> None:
        """Every line of the tally, laid out once on the right (written term by term
        later): the weights, the biases, the total, a word left of each group and the
        "=" signs in one column."""
        th = self.theme
        size = th.body_size + 4
        self.weight_lines = VGroup(*(formula(th, lhs, "=", rhs, size=size)
                                     for lhs, rhs in self.weight_texs))
        self.weight_lines.arrange(DOWN, buff=0.3)
        self.bias_line = formula(th, self.bias_tex[0], "=", self.bias_tex[1], size=size)
        self.total_line = formula(th, self.total_tex[0], "=", self.total_tex[1], size=size,
                                  color=th.accent)
        lines = VGroup(*self.weight_lines, self.bias_line, self.total_line)
        VGroup(self.weight_lines, self.bias_line, self.total_line).arrange(DOWN, buff=0.6)
        x = lines[0][1].get_center()[0]
        for line in lines[1:]:
            line.shift((x - line[1].get_center()[0]) * RIGHT)
        self.words = VGroup(*(label_text(th, word, color=th.muted)
                              for word in ("weights", "biases", "in all")))
        left = min(line.get_left()[0] for line in lines)
        for word, anchor in zip(self.words, (self.weight_lines[0], self.bias_line,
                                             self.total_line), strict=True):
            word.set_y(anchor.get_center()[1]).set_x(left - 0.4 - word.width / 2)
        VGroup(lines, self.words).move_to([3.6, -0.1, 0])

    @beat("Weights, layer by layer")
    def weights(self) -> None:
        th = self.theme
        self._layout()
        first, second, last = self.parts
        per = "pixel" if first.n_in == SIDE * SIDE else "input"
        who = (f"Each of the {first.n_out} first-layer neurons has" if first.n_out > 1
               else "The one first-layer neuron has")
        self.say(f"{who} one weight per {per}: {first.n_in} times {first.n_out}, "
                 f"{first.weights:,} weights.")
        for k, line in enumerate(self.weight_lines):
            if k == 1:
                self.say(f"Then {second.n_in} times {second.n_out} between the hidden "
                         f"layers, and {last.n_in} times {last.n_out} into the output.")
            gap = self.net.edges[k]
            self.play(gap.animate.set_stroke(color=th.accent, opacity=0.9),
                      *([FadeIn(self.words[0])] if k == 0 else []), run_time=0.5)
            self.play(Write(line), run_time=self.params.term_time)
            self.play(gap.animate.set_stroke(color=th.muted, opacity=0.35), run_time=0.3)

    @beat("Biases, one per neuron")
    def biases(self) -> None:
        th = self.theme
        self.say(f"Add one bias per hidden and output neuron: {self.n_biases:,} more.")
        neurons = [self.net.layers[k] for k in range(1, len(self.params.sizes))]
        self.play(FadeIn(self.words[1]),
                  *(Indicate(column, color=th.bias) for column in neurons), run_time=1.0)
        self.play(Write(self.bias_line), run_time=self.params.term_time)

    @beat("The total")
    def total_count(self) -> None:
        th = self.theme
        self.box = SurroundingRectangle(self.total_line[2], color=th.accent, buff=0.12)
        self.say(f"{self.n_weights:,} weights and {self.n_biases:,} biases: {self.total:,} "
                 "numbers, and training has to set every one of them.")
        self.play(FadeIn(self.words[2]), Write(self.total_line), run_time=1.2)
        self.play(Create(self.box))
        self.wait(1.0)


# --- 5. MatrixNotation -------------------------------------------------------------

#: The hidden-layer activation most networks use today (nnmath name).
TODAYS_USUAL = "relu"


@dataclass(frozen=True)
class MatrixNotationParams(SceneParams):
    """Which held-out digit feeds the first layer for the one computed entry."""

    sample: int = 2  # index of the held-out digit (X_test row) whose first entry is shown
    modern: str = "relu"  # activation swapped in at the end (nnmath name; relu: today's usual)

    def __post_init__(self) -> None:
        if self.sample < 0:
            raise ParamsError(f"sample must be 0 or more, got {self.sample}")


class MatrixNotation(ChapterScene):
    """The first layer as one matrix product: a1 = sigma(W a0 + b), shapes from the
    trained network, one entry computed for a held-out digit; then ReLU."""

    title = "A whole layer in one line"
    Params = MatrixNotationParams

    def prepare(self) -> None:
        p = self.params
        trained = digits.load_trained()
        if p.sample >= len(trained.X_test):
            raise ParamsError(f"sample must be below {len(trained.X_test)} (the held-out "
                              f"digits), got {p.sample}")
        layer = trained.network.layers[0]
        self.layer = layer
        self.n_out, self.n_in = layer.W.shape  # (16, 784)
        self.shapes = {  # rows x columns of each factor, from the trained arrays
            "W": layer.W.shape,
            "a0": (trained.X_test.shape[1], 1),
            "b": (layer.b.shape[0], 1),
        }
        self.digit = trained.X_test[p.sample]
        self.label = int(trained.y_test[p.sample])
        trace = trained.network.trace(trained.X_test[p.sample : p.sample + 1])
        self.shapes["a1"] = (trace.a(1).shape[1], 1)
        self.z_first = float(trace.z(1)[0, 0])  # first neuron's weighted sum plus bias
        self.a_first = float(trace.a(1)[0, 0])  # its sigmoid
        self.act = nnmath.activation(layer.activation)
        self.act_tex = activation_tex(layer.activation)
        self.modern = nnmath.activation(p.modern)
        if self.modern.name == self.act.name:
            raise ParamsError(f"modern must name an activation other than the layer's own "
                              f"{self.act.name}, got {p.modern!r}")
        self.modern_tex = activation_tex(p.modern)
        self.entry_tex = (rf"a^{{(1)}}_1 = {self.act_tex}\big(z_1\big) = "
                          rf"{self.act_tex}\big({fmt_number(self.z_first)}\big) = "
                          rf"{fmt_number(self.a_first)}")

    def _matrix(self, rows: list[list[str]]) -> Matrix:
        th = self.theme
        m = Matrix(rows, element_to_mobject=lambda s: formula(th, s, size=th.label_size),
                   h_buff=1.05, v_buff=0.62, bracket_h_buff=0.1)
        m.get_brackets().set_color(th.text)
        return m

    def _shape(self, key: str) -> MathTex:
        rows, cols = self.shapes[key]
        return formula(self.theme, rf"{rows} \times {cols}", size=self.theme.small_size,
                       color=self.theme.muted)

    def layer_formula(self, act_tex: str) -> MathTex:
        """The first layer in one line, a(1) = act(W a(0) + b), with ``act_tex``."""
        return formula(self.theme, "a^{(1)}", "=", act_tex, r"\big(", "W", "a^{(0)}", "+", "b",
                       r"\big)", size=self.theme.body_size + 8)

    @beat("One line for the whole layer")
    def equation(self) -> None:
        self.top = self.layer_formula(self.act_tex).move_to([-1.6, 2.55, 0])
        self.say(f"All {self.n_out} neurons of the first layer, each weighing all "
                 f"{self.n_in} pixels, fit in one line: multiply by a matrix, add a vector, "
                 f"apply {self.act.spoken}.")
        self.play(Write(self.top), run_time=1.2)

    @beat("The matrix and its shapes")
    def shapes_beat(self) -> None:
        th = self.theme
        m, n = self.n_out, self.n_in
        W = self._matrix([
            ["w_{1,1}", "w_{1,2}", r"\cdots", f"w_{{1,{n}}}"],
            ["w_{2,1}", "w_{2,2}", r"\cdots", f"w_{{2,{n}}}"],
            [r"\vdots", r"\vdots", r"\ddots", r"\vdots"],
            [f"w_{{{m},1}}", f"w_{{{m},2}}", r"\cdots", f"w_{{{m},{n}}}"],
        ])
        a0 = self._matrix([["a^{(0)}_1"], ["a^{(0)}_2"], [r"\vdots"], [f"a^{{(0)}}_{{{n}}}"]])
        b = self._matrix([["b_1"], ["b_2"], [r"\vdots"], [f"b_{{{m}}}"]])
        a1 = self._matrix([["a^{(1)}_1"], ["a^{(1)}_2"], [r"\vdots"], [f"a^{{(1)}}_{{{m}}}"]])
        size = th.body_size + 8
        sym = {k: formula(th, t, size=size) for k, t in
               (("a1", "a^{(1)}"), ("eq", "="), ("act", self.act_tex), ("open", r"\Big("),
                ("plus", "+"), ("close", r"\Big)"))}
        self.row = VGroup(a1, sym["eq"], sym["act"], sym["open"], W, a0, sym["plus"], b,
                          sym["close"]).arrange(RIGHT, buff=0.18)
        self.row.move_to([0, 0.15, 0])
        self.factors = {"a1": a1, "W": W, "a0": a0, "b": b}
        bottom = min(mob.get_bottom()[1] for mob in self.factors.values())
        self.shape_labels = VGroup(*(self._shape(k).move_to([mob.get_center()[0], bottom - 0.32, 0])
                                     for k, mob in self.factors.items()))
        self.say(f"W holds one row per neuron and one column per pixel: {m} by {n}. "
                 f"The image is a column of {n}, the biases and the result columns of {m}.")
        self.play(FadeIn(self.row), run_time=1.2)
        self.play(FadeIn(self.shape_labels), run_time=0.8)
        self.first_row = SurroundingRectangle(W.get_rows()[0], color=th.accent, buff=0.08)
        self.row_note = note_text(th, "neuron 1's incoming weights", color=th.accent)
        self.row_note.next_to(self.row, UP, buff=0.3).set_x(W.get_center()[0])
        self.say(f"Row 1 is neuron 1: the {n} weights on the lines coming into it.")
        self.play(Create(self.first_row), FadeIn(self.row_note), run_time=1.0)

    @beat("Sigma, entry by entry")
    def entry(self) -> None:
        th = self.theme
        self.image = PixelImage(self.digit.reshape(28, 28), height=1.6, theme=th)
        self.entry_line = formula(th, self.entry_tex, size=th.body_size + 4)
        Group(self.image, self.entry_line).arrange(RIGHT, buff=0.5).move_to([0, -2.75, 0])
        a1_first = self.factors["a1"].get_rows()[0]
        self.entry_box = SurroundingRectangle(a1_first, color=th.accent, buff=0.08)
        self.say(f"{self.act.display.capitalize()} acts on each entry alone. For this held-out "
                 f"{self.label}, neuron 1's weighted sum plus bias is "
                 f"{fmt_number(self.z_first)}, and {self.act.spoken} makes it "
                 f"{fmt_number(self.a_first)}.")
        self.play(FadeIn(self.image), run_time=0.6)
        self.play(Write(self.entry_line), Create(self.entry_box), run_time=1.4)

    @beat("Another activation, the same line")
    def modern_choice(self) -> None:
        th = self.theme
        new = self.layer_formula(self.modern_tex)
        new.shift(self.top[1].get_center() - new[1].get_center())  # "=" stays put
        usual = self.modern.name == TODAYS_USUAL
        note = "today's usual choice" if usual else "swapped in"
        self.modern_note = note_text(th, f"{note}: {self.modern.display}", color=th.accent)
        self.modern_note.next_to(new, RIGHT, buff=0.4)
        if usual:
            self.say(f"Most networks today use {self.modern.spoken} in their hidden layers "
                     "instead: the same line, with the activation swapped.")
        else:
            self.say(f"Swap in {self.modern.spoken} and it is the same line: only the "
                     "activation changes.")
        self.play(TransformMatchingTex(self.top, new), FadeIn(self.modern_note), run_time=1.2)
        self.top = new
        self.wait(1.0)


# --- 6. LayersOfAbstraction ---------------------------------------------------------


@dataclass(frozen=True)
class LayersOfAbstractionParams(SceneParams):
    """How the sixteen first-layer weight grids are laid out."""

    columns: int = 8  # weight grids per row (16 grids: 8 gives 2 rows, 4 gives 4)
    grid_height: float = 1.4  # height of each 28x28 weight grid (scene units)

    def __post_init__(self) -> None:
        if self.columns not in (4, 8):
            raise ParamsError(f"columns must be 4 or 8, got {self.columns}")
        if not 0.5 <= self.grid_height <= 1.6:
            raise ParamsError(f"grid_height must be in 0.5 .. 1.6, got {self.grid_height}")


HOPES = ("pixels", "edges?", "loops, strokes?", "the digit")


class LayersOfAbstraction(ChapterScene):
    """The hope (edges, then strokes, then digits), then the sixteen trained
    first-layer weight grids as they really are."""

    title = "What did the first layer learn?"
    Params = LayersOfAbstractionParams

    def prepare(self) -> None:
        trained = digits.load_trained()
        self.net = trained.network
        self.W1 = self.net.layers[0].W  # (16, 784)
        self.accuracy = trained.accuracy
        self.accuracy_text = fmt_percent(trained.accuracy, 1) + "%"
        self.n_test = len(trained.y_test)
        self.source = Source.of(trained)
        self.texture = digits.weight_texture(self.W1, trained.X_test)

    @beat("The hope")
    def hope(self) -> None:
        th = self.theme
        self.diagram = NetworkDiagram(self.net.sizes, layer_buff=3.4, max_height=4.6,
                                      edge_width=(0.8, 0.8), edge_opacity=0.3, theme=th)
        self.diagram.move_to([0, 0.55, 0])
        self.hopes = VGroup(*(
            label_text(th, word, color=th.muted if k == 0 else th.accent)
            for k, word in enumerate(HOPES)
        ))
        for word, column in zip(self.hopes, self.diagram.layers, strict=True):
            word.move_to([column.get_center()[0], -2.45, 0])
        self.arrows = VGroup(*(
            Arrow(a.get_right(), b.get_left(), buff=0.15, color=th.muted, stroke_width=3,
                  max_tip_length_to_length_ratio=0.2)
            for a, b in zip(self.hopes[:-1], self.hopes[1:], strict=True)
        ))
        self.say("The hope: the first hidden layer spots little edges, the second puts "
                 "them together into loops and strokes, the output names the digit.")
        self.play(FadeIn(self.diagram), run_time=1.0)
        for k, word in enumerate(self.hopes):
            self.play(FadeIn(word, shift=0.2 * UP),
                      *([Create(self.arrows[k - 1])] if k else []), run_time=0.6)

    @beat("What the first layer really holds")
    def grids(self) -> None:
        th = self.theme
        p = self.params
        self.clear_stage()
        cells = []
        for i, row in enumerate(self.W1):
            image = WeightImage(row.reshape(28, 28), height=p.grid_height, theme=th)
            label = note_text(th, str(i + 1), color=th.muted)
            cells.append(Group(image, label.next_to(image, DOWN, buff=0.1)))
        self.cells = Group(*cells).arrange_in_grid(cols=p.columns, buff=(0.22, 0.25))
        self.cells.move_to([0, 0.55, 0])
        n, size = self.W1.shape
        self.say(f"Here are the trained first-layer neurons 1 to {n}, each one's {size} "
                 f"weights back on the {SIDE} by {SIDE} grid: {colour_word(th.positive)} "
                 f"positive, {colour_word(th.negative)} negative.")
        self.play(FadeIn(self.cells, lag_ratio=0.08), run_time=2.0)

    def verdict_words(self) -> tuple[str, list[str]]:
        """The card's headline and the subtitles: what the grids look like, measured
        (neighbouring weights' correlation; with enlarged digits, each grid's share in
        the space of enlarged images), and why."""
        t, src = self.texture, self.source
        r_lo, r_hi = (fmt_number(v) for v in (t.correlation.min(), t.correlation.max()))
        look = "smooth blobs" if t.smooth else "noise-like" if t.noisy else "a mix"
        if src.enlarged:
            low = src.low
            s_lo, s_hi = (fmt_percent(v) for v in (t.share.min(), t.share.max()))
            # the rest, from the shares as shown, so that each pair adds up to 100
            o_lo, o_hi = (_rest(text) for text in (s_hi, s_lo))
            span = (f"{s_lo} to {s_hi} percent of each grid lies in the space of "
                    f"enlarged {low} by {low} images, where the digits lie")
            if t.smooth:
                head = f"Smooth blobs: the digits were enlarged from {low}×{low}."
                lines = [f"They are smooth blobs, not crisp little edges: {span}."]
            elif t.noisy:
                head = "Mostly noise."
                lines = [f"They look like noise: neighbouring weights correlate at only "
                         f"{r_lo} to {r_hi}; {span}."]
            else:
                head = "Some smooth blobs, some noise."
                lines = [f"Some are smooth, some noisy: neighbouring weights correlate at "
                         f"{r_lo} to {r_hi}; {span}."]
            lines.append(f"The other {o_lo} to {o_hi} percent, the fine speckle, is left "
                         "from their random start: training only changes weights within the "
                         "space its images fill.")
            return head, lines
        head = {"smooth blobs": "Smooth blobs.", "noise-like": "Mostly noise-like.",
                "a mix": "Some smooth blobs, some noise."}[look]
        what = {"smooth blobs": "They are smooth blobs", "noise-like": "They look noise-like",
                "a mix": "Some are smooth, some noisy"}[look]
        return head, [f"{what}: neighbouring weights correlate at {r_lo} to {r_hi}."]

    @beat("What they look like, and yet it works")
    def verdict(self) -> None:
        th = self.theme
        head, words = self.verdict_words()
        lines = VGroup(
            body_text(th, head),
            body_text(th, f"Yet {self.accuracy_text} of {self.n_test:,} held-out digits come out "
                          "right.", color=th.accent),
        ).arrange(DOWN, buff=0.2)
        self.verdict_lines = lines
        self.verdict_card = panel(lines, theme=th)
        self.verdict_card.next_to(self.cells, DOWN, buff=0.3)
        self.say(words[0])
        self.play(FadeIn(self.verdict_card), run_time=1.0)
        for line in words[1:]:
            self.say(line)
            self.wait(1.0)
        self.say(f"Yet the network gets {self.accuracy_text} of the held-out digits right: "
                 "it works without the tidy story.")
        self.wait(2.0)
