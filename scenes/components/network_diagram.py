"""A layered network drawn as circles (neurons) in columns and lines (weights) between them.

Edges are coloured by the sign of their weight (``theme.positive`` /
``theme.negative``) and get thicker with ``|w|`` when weights are given; without
weights every edge is drawn the same, in a neutral colour.

Example::

    from scenes.components.network_diagram import NetworkDiagram

    W1, W2 = np.array([[1.0, -0.5], [0.2, 0.8], [-1.0, 0.3]]), np.array([[0.7, -1.2, 0.4]])
    net = NetworkDiagram([2, 3, 1], weights=[W1, W2], labels=[["x_1", "x_2"], None, ["y"]])
    self.play(Create(net))
    self.play(Indicate(net.edge(0, 2, 1)))          # the weight W1[2, 1]
    value = net.value_label(2, 0, 0.73, side=RIGHT)  # "0.73" beside the output neuron
    self.play(FadeIn(value))

``weights[k]`` has shape ``(sizes[k + 1], sizes[k])`` (out, in), as in ``W x``, so
``edge(k, i, j)`` is the line from ``node(k, j)`` to ``node(k + 1, i)``.

A diagram with more than ``BUNDLE_OVER`` drawn edges (the digits network draws 672)
draws each gap's edges as a few *bundles*, one VMobject per colour and width
level, instead of a Line per weight: Cairo then strokes 8 paths a frame instead of
hundreds, which makes chapter 6 render several times faster. Widths are then
rounded to ``WIDTH_LEVELS`` steps; ``edge()`` is not available (there is no Line
per weight to point at) and ``edge_bundle(k, i, j)`` gives the path that draws
the weight.

A layer with more than ``max_shown`` neurons (784 pixels) is drawn as its first
and last few neurons, a ``\\vdots`` between them and a brace labelled with its
true size; ``node``/``edge`` take *drawn* indices (0..15), ``shown[k]`` maps them
to true ones and ``node_of(k, index)`` goes the other way. Activations fill the
neurons (fill opacity = activation):

Example::

    from scenes.components.network_diagram import NetworkDiagram

    model = nnmath.Network.random((784, 16, 16, 10), "sigmoid", seed=0)
    digit = np.zeros((28, 28))
    digit[6:22, 12:16] = 1.0                       # a synthetic "1"
    trace = model.trace(digit.reshape(1, 784))
    net = NetworkDiagram(model.sizes, weights=[layer.W for layer in model.layers],
                         output_labels=[str(d) for d in range(10)],
                         edge_width=(0.4, 2.5), edge_opacity=0.6)
    self.play(FadeIn(net))
    for layer_animations in net.forward_pass(trace):
        self.play(*layer_animations)
    self.play(*net.highlight_output())             # the brightest output, in accent
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Animation,
    Brace,
    Circle,
    Create,
    Line,
    MathTex,
    Mobject,
    VGroup,
    VMobject,
)
from numpy.typing import ArrayLike

from scenes.components.labels import fmt_number
from scenes.theme import THEME, Theme

__all__ = ["BUNDLE_OVER", "WIDTH_LEVELS", "NetworkDiagram"]

BUNDLE_OVER = 100  # more drawn edges than this: bundle them (see the module docstring)
WIDTH_LEVELS = 8  # stroke widths a bundled diagram draws, from thinnest to thickest


class NetworkDiagram(VGroup):
    """Neurons in columns, one column per layer, joined by an edge per weight.

    Args:
        sizes: neurons per layer, e.g. ``[2, 2, 2]`` (at least one layer).
        weights: optional list of ``len(sizes) - 1`` arrays of shape (out, in).
        labels: optional per-layer lists of TeX strings written inside the neurons
            (``None`` for a layer, or for a neuron, leaves it empty).
        theme: colours and sizes.
        node_radius: largest neuron radius; shrunk so the tallest column fits
            ``max_height``.
        layer_buff: horizontal distance between the centres of two columns.
        max_height: height the tallest column may take.
        edge_width: ``(thinnest, thickest)`` stroke width; with weights, ``|w|``
            is mapped linearly from 0 to the largest ``|w|`` onto this range.
        max_shown: a layer with more neurons is drawn as ``max_shown`` of them (the
            first ``ceil(max_shown / 2)`` and the last ``floor(max_shown / 2)``), a
            ``\\vdots`` in between and a brace labelled with its true size.
        output_labels: optional TeX strings written beside the last layer's neurons
            (e.g. the digits ``"0"`` .. ``"9"``), one per neuron of that layer.
        edge_opacity: stroke opacity of the edges of non-zero weights.
        bundled: draw each gap's edges as a few bundles (one VMobject per colour and
            width level) rather than a Line per weight; ``None`` (the default)
            bundles when the diagram draws more than ``BUNDLE_OVER`` edges.

    Attributes:
        layers: VGroup of columns, each a VGroup of the *drawn* Circles.
        edges: VGroup of gaps, each a VGroup of Lines ordered ``i_out * n_in + j_in``
            (drawn indices; ``n_in`` is the number of drawn neurons of the left layer)
            or, when ``bundled``, a VGroup of bundles.
        bundled: whether the edges are drawn as bundles.
        node_labels: VGroup of the TeX labels inside the neurons.
        shown: per layer, the true neuron index of each drawn neuron.
        ellipses: layer -> the ``\\vdots`` of a cut layer.
        size_labels: layer -> the MathTex of its true size (``"784"``) beside its brace.
        braces: VGroup of the braces of cut layers.
        output_labels: VGroup of the labels beside the last layer (empty if none).
        activations: layer -> the true-size array last given to ``set_activations``.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        weights: Sequence[ArrayLike] | None = None,
        labels: Sequence[Sequence[str | None] | None] | None = None,
        theme: Theme = THEME,
        node_radius: float = 0.35,
        layer_buff: float = 2.5,
        max_height: float = 5.5,
        edge_width: tuple[float, float] = (1.5, 7.0),
        max_shown: int = 16,
        output_labels: Sequence[str] | None = None,
        edge_opacity: float = 1.0,
        bundled: bool | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.sizes = [int(s) for s in sizes]
        if not self.sizes or any(s < 1 for s in self.sizes):
            raise ValueError(f"sizes must be a non-empty list of positive ints, got {sizes!r}")
        if max_shown < 2:
            raise ValueError(f"max_shown must be at least 2, got {max_shown}")
        self.theme = theme
        self.edge_width = edge_width
        self.edge_opacity = float(edge_opacity)
        self.max_shown = int(max_shown)
        top, bottom = (self.max_shown + 1) // 2, self.max_shown // 2
        self.shown: list[list[int]] = [
            list(range(size)) if size <= self.max_shown
            else [*range(top), *range(size - bottom, size)]
            for size in self.sizes
        ]
        # a cut layer takes one more slot, for its ellipsis
        slots = [size if size <= self.max_shown else self.max_shown + 1 for size in self.sizes]
        tallest = max(slots)
        self.radius = min(node_radius, max_height / (2.6 * tallest))
        gap = 2.6 * self.radius  # centre to centre within a column

        self.layers = VGroup()
        self.ellipses: dict[int, MathTex] = {}
        n_layers = len(self.sizes)
        for k, size in enumerate(self.sizes):
            x = (k - (n_layers - 1) / 2) * layer_buff
            column = VGroup()
            n_slots = slots[k]
            cut = size > self.max_shown
            for i in range(len(self.shown[k])):
                slot = i + 1 if cut and i >= top else i
                y = ((n_slots - 1) / 2 - slot) * gap
                column.add(
                    Circle(
                        radius=self.radius,
                        stroke_color=theme.axis,
                        stroke_width=2.5,
                        fill_color=theme.background,
                        fill_opacity=1.0,
                    ).move_to([x, y, 0.0])
                )
            if cut:
                dots = MathTex(r"\vdots", color=theme.muted)
                dots.scale_to_fit_height(0.8 * gap).move_to(
                    [x, ((n_slots - 1) / 2 - top) * gap, 0.0]
                )
                self.ellipses[k] = dots
            self.layers.add(column)

        n_edges = sum(len(a) * len(b) for a, b in zip(self.shown[:-1], self.shown[1:], strict=True))
        self.bundled = n_edges > BUNDLE_OVER if bundled is None else bool(bundled)
        self.edges = VGroup()
        for k in range(n_layers - 1):
            self.edges.add(VGroup() if self.bundled
                           else VGroup(*(Line(a, b) for a, b in self._gap_ends(k))))
        self._bundle_of: list[np.ndarray] = [np.zeros(0, int)] * (n_layers - 1)
        self.weights: list[np.ndarray] | None = None
        self.set_weights(weights)

        self.node_labels = VGroup()
        if labels is not None:
            if len(labels) != n_layers:
                raise ValueError(
                    f"labels needs one entry per layer ({n_layers}), got {len(labels)}"
                )
            for k, layer_labels in enumerate(labels):
                if layer_labels is None:
                    continue
                if len(layer_labels) != self.sizes[k]:
                    raise ValueError(
                        f"labels[{k}] needs {self.sizes[k]} entries, got {len(layer_labels)}"
                    )
                for i, index in enumerate(self.shown[k]):
                    tex = layer_labels[index]
                    if tex is not None:
                        self.node_labels.add(self.value_label(k, i, tex))
        self.add(self.edges, self.layers, self.node_labels)

        # cut layers: an ellipsis and a brace with the true size
        self.braces = VGroup()
        self.size_labels: dict[int, MathTex] = {}
        for k, dots in self.ellipses.items():
            side = LEFT if k == 0 else RIGHT if k == n_layers - 1 else DOWN
            brace = Brace(self.layers[k], direction=side, color=theme.muted, buff=0.1)
            label = MathTex(str(self.sizes[k]), font_size=theme.label_size, color=theme.muted)
            label.next_to(brace, side, buff=0.1)
            self.braces.add(brace)
            self.size_labels[k] = label
            self.add(dots, brace, label)

        self.output_labels = VGroup()
        if output_labels is not None:
            last = n_layers - 1
            if len(output_labels) != self.sizes[last]:
                raise ValueError(
                    f"output_labels needs {self.sizes[last]} entries, got {len(output_labels)}"
                )
            for i, index in enumerate(self.shown[last]):
                self.output_labels.add(self.value_label(
                    last, i, output_labels[index], side=RIGHT,
                    font_size=theme.small_size, color=theme.muted, buff=0.12,
                ))
            self.add(self.output_labels)
        self.activations: dict[int, np.ndarray] = {}
        self.highlighted: int | None = None
        self.highlight: Circle | None = None

    # --- parts -----------------------------------------------------------------
    def node(self, layer: int, i: int) -> Circle:
        """Neuron ``i`` (from the top) of layer ``layer``."""
        return self.layers[layer][i]

    def edge(self, layer: int, i_out: int, j_in: int) -> Line:
        """The line for ``weights[layer][i_out, j_in]``, from node(layer, j_in) to
        node(layer + 1, i_out)."""
        if self.bundled:
            raise ValueError(
                "this diagram draws its edges as bundles, not a Line per weight: use "
                "edge_bundle(), or pass bundled=False to point at single edges"
            )
        return self.edges[layer][i_out * len(self.shown[layer]) + j_in]

    def edge_ends(self, layer: int, i_out: int, j_in: int) -> tuple[np.ndarray, np.ndarray]:
        """Start and end point of the edge for ``weights[layer][i_out, j_in]`` (on the
        rims of the two neurons), bundled or not."""
        start, end = self._gap_ends(layer)[i_out * len(self.shown[layer]) + j_in]
        return start, end

    def _gap_ends(self, k: int) -> np.ndarray:
        """(n, 2, 3): start and end of each drawn edge of gap ``k``, ordered
        ``i_out * n_in + j_in``, where the neurons are now (after any move or scale)."""
        left = np.array([c.get_center() for c in self.layers[k]])
        right = np.array([c.get_center() for c in self.layers[k + 1]])
        radius = self.layers[k][0].width / 2
        starts = np.tile(left, (len(right), 1))
        ends = np.repeat(right, len(left), axis=0)
        unit = (ends - starts) / np.linalg.norm(ends - starts, axis=1, keepdims=True)
        return np.stack([starts + radius * unit, ends - radius * unit], axis=1)

    def edge_bundle(self, layer: int, i_out: int, j_in: int) -> VMobject:
        """The VMobject that draws the edge for ``weights[layer][i_out, j_in]``: its
        bundle, or its Line when the diagram is not bundled."""
        if not self.bundled:
            return self.edge(layer, i_out, j_in)
        index = i_out * len(self.shown[layer]) + j_in
        return self.edges[layer][int(self._bundle_of[layer][index])]

    def layer(self, layer: int) -> VGroup:
        return self.layers[layer]

    def node_of(self, layer: int, index: int) -> Circle:
        """The circle of true neuron ``index`` of ``layer`` (e.g. pixel 783 of the 784);
        a ValueError if that neuron is hidden behind the ellipsis."""
        try:
            return self.layers[layer][self.shown[layer].index(index)]
        except ValueError:
            raise ValueError(
                f"neuron {index} of layer {layer} is not drawn; drawn: {self.shown[layer]}"
            ) from None

    # --- weights ---------------------------------------------------------------
    def set_weights(self, weights: Sequence[ArrayLike] | None) -> NetworkDiagram:
        """Recolour and re-thicken the edges for new weights (``None``: neutral edges).

        Returns ``self``, so ``net.animate.set_weights(new)`` animates the change.
        """
        th = self.theme
        thin, thick = self.edge_width
        if weights is None:
            self.weights = None
            styles = [[(th.muted, thin, 0.8)] * (len(a) * len(b))
                      for a, b in zip(self.shown[:-1], self.shown[1:], strict=True)]
        else:
            mats = [np.asarray(w, dtype=float) for w in weights]
            if len(mats) != len(self.sizes) - 1:
                raise ValueError(
                    f"weights needs {len(self.sizes) - 1} matrices (one per gap), "
                    f"got {len(mats)}"
                )
            for k, mat in enumerate(mats):
                want = (self.sizes[k + 1], self.sizes[k])
                if mat.shape != want:
                    raise ValueError(
                        f"weights[{k}] must have shape {want} (out, in), got {mat.shape}"
                    )
            biggest = max((float(np.abs(m).max()) for m in mats), default=0.0)
            styles = []
            for k, mat in enumerate(mats):
                shown = mat[np.ix_(self.shown[k + 1], self.shown[k])].reshape(-1)
                size = np.abs(shown) / biggest if biggest > 0 else np.zeros_like(shown)
                if self.bundled:  # a few widths, so that few bundles draw them all
                    size = np.round(size * (WIDTH_LEVELS - 1)) / (WIDTH_LEVELS - 1)
                styles.append([
                    (th.positive if w > 0 else th.negative if w < 0 else th.muted,
                     thin + (thick - thin) * float(s), self.edge_opacity if w != 0 else 0.4)
                    for w, s in zip(shown, size, strict=True)
                ])
            self.weights = mats
        for k, gap_styles in enumerate(styles):
            if self.bundled:
                self._bundle(k, gap_styles)
            else:
                for line, (color, width, opacity) in zip(self.edges[k], gap_styles,
                                                         strict=True):
                    line.set_stroke(color=color, width=width, opacity=opacity)
        return self

    def _bundle(self, k: int, styles: list[tuple[str, float, float]]) -> None:
        """Redraw gap ``k`` as one VMobject per distinct style, each holding one
        straight subpath per edge of that style."""
        keys = sorted(set(styles), key=lambda style: (style[1], style[0], style[2]))
        which = {style: b for b, style in enumerate(keys)}
        self._bundle_of[k] = np.array([which[style] for style in styles])
        gap_ends = self._gap_ends(k)
        bundles = []
        t = np.array([0.0, 1 / 3, 2 / 3, 1.0])[None, :, None]
        for b, (color, width, opacity) in enumerate(keys):
            ends = gap_ends[self._bundle_of[k] == b]  # (n, 2, 3)
            points = ends[:, :1] + t * (ends[:, 1:] - ends[:, :1])  # one cubic per edge
            bundle = VMobject(stroke_color=color, stroke_width=width, stroke_opacity=opacity)
            bundle.set_points(points.reshape(-1, 3))
            bundles.append(bundle)
        self.edges[k].submobjects = []
        self.edges[k].add(*bundles)

    # --- activations -----------------------------------------------------------
    def _layer_values(self, layer: int, values: ArrayLike) -> np.ndarray:
        arr = np.asarray(values, dtype=float)
        if arr.ndim == 2 and arr.shape[0] == 1:
            arr = arr[0]
        arr = arr.reshape(-1) if arr.ndim == 2 and arr.size == self.sizes[layer] else arr
        if arr.shape != (self.sizes[layer],):
            raise ValueError(
                f"layer {layer} has {self.sizes[layer]} neurons; got values of shape {arr.shape}"
            )
        return arr

    def set_activations(self, layer: int, values: ArrayLike) -> NetworkDiagram:
        """Fill each drawn neuron of ``layer`` with ``theme.text`` at opacity = its
        activation (clipped to 0..1). ``values`` has the layer's true size (784 for
        the pixels; a (1, n) row of a trace works too). Returns ``self``."""
        arr = self._layer_values(layer, values)
        self.activations[layer] = arr
        for circle, index in zip(self.layers[layer], self.shown[layer], strict=True):
            circle.set_fill(self.theme.text, opacity=float(np.clip(arr[index], 0.0, 1.0)))
        return self

    def activate(self, layer: int, values: ArrayLike) -> list[Animation]:
        """Animations that fill ``layer``'s neurons by ``values`` (see ``set_activations``)."""
        arr = self._layer_values(layer, values)
        self.activations[layer] = arr
        return [
            circle.animate.set_fill(
                self.theme.text, opacity=float(np.clip(arr[index], 0.0, 1.0))
            ).build()
            for circle, index in zip(self.layers[layer], self.shown[layer], strict=True)
        ]

    def forward_pass(self, trace, sample: int = 0) -> list[list[Animation]]:
        """One list of animations per layer (input first) lighting the neurons by an
        ``nnmath`` trace's activations ``trace.a(k)`` of row ``sample``: play them in
        turn (``for step in net.forward_pass(trace): self.play(*step)``)."""
        if trace.n_layers != len(self.sizes) - 1:
            raise ValueError(
                f"the trace has {trace.n_layers} layers, the diagram {len(self.sizes) - 1}"
            )
        steps = []
        for k in range(len(self.sizes)):
            a = np.asarray(trace.a(k), dtype=float)
            steps.append(self.activate(k, a[sample] if a.ndim == 2 else a))
        return steps

    def brightest(self) -> int:
        """True index of the last layer's largest activation (after ``set_activations``
        or ``forward_pass``)."""
        last = len(self.sizes) - 1
        if last not in self.activations:
            raise ValueError("the last layer has no activations yet: call set_activations")
        return int(np.argmax(self.activations[last]))

    def highlight_output(self, index: int | None = None) -> list[Animation]:
        """Animations that ring output neuron ``index`` (default: the brightest) in
        ``theme.accent`` and colour its output label. The ring is ``self.highlight``."""
        last = len(self.sizes) - 1
        index = self.brightest() if index is None else int(index)
        circle = self.node_of(last, index)
        ring = Circle(radius=1.45 * self.radius, stroke_color=self.theme.accent,
                      stroke_width=4).move_to(circle.get_center())
        self.highlight, self.highlighted = ring, index
        animations: list[Animation] = [Create(ring)]
        if len(self.output_labels):
            label = self.output_labels[self.shown[last].index(index)]
            animations.append(label.animate.set_color(self.theme.accent).build())
        return animations

    # --- values ----------------------------------------------------------------
    def value_label(
        self,
        layer: int,
        i: int,
        value: float | str | Mobject,
        side: np.ndarray | None = None,
        digits: int = 2,
        font_size: float | None = None,
        color: str | None = None,
        buff: float = 0.15,
    ) -> Mobject:
        """A number (formatted by ``fmt_number``), TeX string or mobject placed at a neuron.

        ``side=None`` puts it inside the neuron (shrunk to fit if needed); a
        direction such as ``LEFT`` or ``RIGHT`` puts it beside. The label is
        returned, not added: animate it in yourself.
        """
        th = self.theme
        if isinstance(value, Mobject):
            label = value
        else:
            tex = value if isinstance(value, str) else fmt_number(value, digits)
            label = MathTex(tex, font_size=font_size or th.label_size, color=color or th.text)
        circle = self.node(layer, i)
        if side is None:
            room = 1.6 * circle.width / 2
            if label.width > room:
                label.scale_to_fit_width(room)
            label.move_to(circle.get_center())
        else:
            label.next_to(circle, side, buff=buff)
        return label

    def layer_caption(self, layer: int, text: str, side: np.ndarray, **tex_kwargs) -> MathTex:
        """A TeX caption (e.g. ``"x"`` or ``"\\text{hidden}"``) beside a whole column."""
        th = self.theme
        tex_kwargs.setdefault("font_size", th.label_size)
        tex_kwargs.setdefault("color", th.muted)
        return MathTex(text, **tex_kwargs).next_to(self.layers[layer], side, buff=0.25)
