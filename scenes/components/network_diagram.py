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
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    Circle,
    Line,
    MathTex,
    Mobject,
    VGroup,
)
from numpy.typing import ArrayLike

from scenes.components.labels import fmt_number
from scenes.theme import THEME, Theme

__all__ = ["NetworkDiagram"]


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

    Attributes:
        layers: VGroup of columns, each a VGroup of Circles.
        edges: VGroup of gaps, each a VGroup of Lines ordered ``i_out * n_in + j_in``.
        node_labels: VGroup of the TeX labels inside the neurons.
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
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.sizes = [int(s) for s in sizes]
        if not self.sizes or any(s < 1 for s in self.sizes):
            raise ValueError(f"sizes must be a non-empty list of positive ints, got {sizes!r}")
        self.theme = theme
        self.edge_width = edge_width
        tallest = max(self.sizes)
        self.radius = min(node_radius, max_height / (2.6 * tallest))
        gap = 2.6 * self.radius  # centre to centre within a column

        self.layers = VGroup()
        n_layers = len(self.sizes)
        for k, size in enumerate(self.sizes):
            x = (k - (n_layers - 1) / 2) * layer_buff
            column = VGroup()
            for i in range(size):
                y = ((size - 1) / 2 - i) * gap
                column.add(
                    Circle(
                        radius=self.radius,
                        stroke_color=theme.axis,
                        stroke_width=2.5,
                        fill_color=theme.background,
                        fill_opacity=1.0,
                    ).move_to([x, y, 0.0])
                )
            self.layers.add(column)

        self.edges = VGroup()
        for k in range(n_layers - 1):
            gap_edges = VGroup()
            for i in range(self.sizes[k + 1]):
                for j in range(self.sizes[k]):
                    start = self.layers[k][j].get_center()
                    end = self.layers[k + 1][i].get_center()
                    gap_edges.add(Line(start, end, buff=self.radius))
            self.edges.add(gap_edges)
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
                for i, tex in enumerate(layer_labels):
                    if tex is not None:
                        self.node_labels.add(self.value_label(k, i, tex))
        self.add(self.edges, self.layers, self.node_labels)

    # --- parts -----------------------------------------------------------------
    def node(self, layer: int, i: int) -> Circle:
        """Neuron ``i`` (from the top) of layer ``layer``."""
        return self.layers[layer][i]

    def edge(self, layer: int, i_out: int, j_in: int) -> Line:
        """The line for ``weights[layer][i_out, j_in]``, from node(layer, j_in) to
        node(layer + 1, i_out)."""
        return self.edges[layer][i_out * self.sizes[layer] + j_in]

    def layer(self, layer: int) -> VGroup:
        return self.layers[layer]

    # --- weights ---------------------------------------------------------------
    def set_weights(self, weights: Sequence[ArrayLike] | None) -> NetworkDiagram:
        """Recolour and re-thicken the edges for new weights (``None``: neutral edges).

        Returns ``self``, so ``net.animate.set_weights(new)`` animates the change.
        """
        th = self.theme
        thin, thick = self.edge_width
        if weights is None:
            self.weights = None
            for line in self.edges.family_members_with_points():
                line.set_stroke(color=th.muted, width=thin, opacity=0.8)
            return self
        mats = [np.asarray(w, dtype=float) for w in weights]
        if len(mats) != len(self.sizes) - 1:
            raise ValueError(
                f"weights needs {len(self.sizes) - 1} matrices (one per gap), got {len(mats)}"
            )
        for k, mat in enumerate(mats):
            want = (self.sizes[k + 1], self.sizes[k])
            if mat.shape != want:
                raise ValueError(f"weights[{k}] must have shape {want} (out, in), got {mat.shape}")
        biggest = max((float(np.abs(m).max()) for m in mats), default=0.0)
        for k, mat in enumerate(mats):
            for i in range(mat.shape[0]):
                for j in range(mat.shape[1]):
                    w = float(mat[i, j])
                    size = abs(w) / biggest if biggest > 0 else 0.0
                    color = th.positive if w > 0 else th.negative if w < 0 else th.muted
                    self.edge(k, i, j).set_stroke(
                        color=color,
                        width=thin + (thick - thin) * size,
                        opacity=1.0 if w != 0 else 0.4,
                    )
        self.weights = mats
        return self

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
