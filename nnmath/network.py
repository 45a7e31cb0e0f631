"""Fully connected feed-forward networks, with a stage-by-stage trace.

A :class:`Network` is a tuple of :class:`Layer` objects. :meth:`Network.trace`
is the one forward computation: it records every intermediate point cloud
(input, ``W x``, ``+ b``, activation) in a :class:`Trace`, so that animations can
morph one stage into the next and backprop can read ``z`` and ``a`` of every
layer; :meth:`Network.forward` is the trace's output. Layers are numbered from 1,
as in the math (``W_1``, ``b_1``); the input is layer 0.

Example:
    >>> net = Network.random((2, 3, 2), ["relu", "sigmoid"], seed=0)
    >>> net.sizes, net.parameter_count
    ((2, 3, 2), 17)
    >>> trace = net.trace([[0.0, 1.0]])
    >>> trace.names[:4]
    ('input', 'linear 1', 'bias 1', 'relu 1')
    >>> trace.stage("relu", 1) is trace.stage("relu 1")
    True
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, overload

import numpy as np

from ._validate import ArrayValued, Seed, as_generator, check_finite, readonly_copy
from .activations import activation as _get_activation
from .activations import check_activation_name

__all__ = ["Layer", "LayerParameters", "Network", "Stage", "StageKind", "Trace",
           "parameter_breakdown", "parameter_count"]

StageKind = Literal["input", "linear", "bias", "activation"]
STAGE_KINDS: tuple[str, ...] = ("input", "linear", "bias", "activation")


def _to_float_array(x: Any, what: str) -> np.ndarray:
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must be numeric array-like, got {x!r}") from exc


def _check_sizes(sizes: Any) -> tuple[int, ...]:
    try:
        seq = tuple(sizes)
    except TypeError as exc:
        raise ValueError(f"sizes must be a sequence of positive integers, got {sizes!r}") from exc
    if len(seq) < 2:
        raise ValueError(f"sizes needs at least 2 entries (input and output width), got {seq}")
    for s in seq:
        if isinstance(s, bool) or not isinstance(s, numbers.Integral) or s <= 0:
            raise ValueError(f"sizes must all be positive integers, got {seq}")
    return tuple(int(s) for s in seq)


def parameter_count(sizes: Sequence[int]) -> int:
    """Number of weights plus biases of a dense network with these layer widths.

    Example:
        >>> parameter_count((784, 16, 16, 10))
        13002
    """
    s = _check_sizes(sizes)
    return sum(n_out * n_in + n_out for n_in, n_out in zip(s[:-1], s[1:], strict=True))


@dataclass(frozen=True, eq=False)
class Layer(ArrayValued):
    """One dense layer: ``X -> activation(X @ W.T + b)``.

    Args:
        W: weights, shape ``(out, in)``.
        b: biases, shape ``(out,)``.
        activation: name, one of :data:`nnmath.ACTIVATIONS`.

    Example:
        >>> layer = Layer([[1.0, -1.0]], [0.5], "relu")
        >>> layer.n_in, layer.n_out, layer([[2.0, 1.0]]).tolist()
        (2, 1, [[1.5]])
    """

    W: np.ndarray
    b: np.ndarray
    activation: str = "identity"

    def __post_init__(self) -> None:
        W = _to_float_array(self.W, "Layer weights W")
        if W.ndim != 2 or W.shape[0] == 0 or W.shape[1] == 0:
            raise ValueError(
                "Layer weights W must be a non-empty 2-D array of shape (out, in), "
                f"got shape {W.shape}"
            )
        b = _to_float_array(self.b, "Layer bias b")
        if b.shape != (W.shape[0],):
            rows = W.shape[0]
            raise ValueError(
                f"Layer bias has shape {b.shape}, expected ({rows},) "
                f"to match W with {rows} row{'s' if rows != 1 else ''}"
            )
        check_finite(W, "Layer weights")
        check_finite(b, "Layer biases")
        object.__setattr__(self, "W", readonly_copy(W))
        object.__setattr__(self, "b", readonly_copy(b))
        object.__setattr__(self, "activation", check_activation_name(self.activation))

    @property
    def n_in(self) -> int:
        """Input width (columns of ``W``)."""
        return int(self.W.shape[1])

    @property
    def n_out(self) -> int:
        """Output width (rows of ``W``)."""
        return int(self.W.shape[0])

    def _inputs(self, X: Any, owner: str) -> tuple[np.ndarray, bool]:
        arr = _to_float_array(X, f"{owner} inputs")
        single = arr.ndim == 1
        if single:
            arr = arr.reshape(1, -1)
        if arr.ndim != 2 or arr.shape[1] != self.n_in:
            shown = arr.shape[1:] if single else arr.shape
            raise ValueError(
                f"{owner} expects inputs of width {self.n_in} (shape (n, {self.n_in})), "
                f"got shape {shown}"
            )
        if arr.shape[0] == 0:
            raise ValueError(
                f"{owner} inputs are empty (shape {arr.shape}); expected at least one point"
            )
        check_finite(arr, f"{owner} inputs")
        return arr, single

    def __call__(self, X: Any) -> np.ndarray:
        """Apply the layer to X of shape ``(n, in)`` (or ``(in,)`` -> ``(out,)``): the
        output of a one-layer :meth:`Network.trace`."""
        arr, single = self._inputs(X, "Layer")
        out = Network((self,)).trace(arr).output.copy()  # the caller's to change
        return out[0] if single else out


@dataclass(frozen=True, eq=False)
class Stage(ArrayValued):
    """One snapshot of the point cloud as it flows through a network.

    Attributes:
        name: readable label: ``"input"``, ``"linear 1"``, ``"bias 1"``, ``"relu 1"``...
        kind: ``"input"``, ``"linear"``, ``"bias"`` or ``"activation"``.
        layer: the layer number, 1-based like the names and the math (``W_1``,
            ``b_1``): layer k's stages ``linear k``, ``bias k`` and ``<activation> k``
            have ``layer == k``; the input stage has ``layer == 0``.
        points: array of shape ``(n, width)``.

    Example:
        >>> s = Stage("input", "input", 0, np.zeros((3, 2)))
        >>> s.width
        2
    """

    name: str
    kind: StageKind
    layer: int
    points: np.ndarray

    def __post_init__(self) -> None:
        if self.kind not in STAGE_KINDS:
            kinds = ", ".join(STAGE_KINDS)
            raise ValueError(f"unknown stage kind {self.kind!r}; expected one of {kinds}")
        layer = self.layer
        if type(layer) is not int and (
            isinstance(layer, bool) or not isinstance(layer, numbers.Integral)
        ):
            raise ValueError(f"Stage layer must be an integer, got {layer!r}")
        if (self.kind == "input") != (layer == 0) or layer < 0:
            raise ValueError(
                "Stage layer must be 0 for the input stage and a layer number >= 1 for the "
                f"others, got layer {layer!r} for a {self.kind!r} stage"
            )
        object.__setattr__(self, "layer", int(layer))
        pts = _to_float_array(self.points, "Stage points")
        if pts.ndim != 2:
            raise ValueError(f"Stage points must have shape (n, width), got shape {pts.shape}")
        object.__setattr__(self, "points", readonly_copy(pts))

    @property
    def width(self) -> int:
        """Number of coordinates per point."""
        return int(self.points.shape[1])


@dataclass(frozen=True, eq=False)
class Trace(ArrayValued, Sequence[Stage]):
    """The stages of one forward pass, in order, looked up by name.

    A read-only sequence of :class:`Stage` (``len``, iteration, indexing and
    ``index`` work), plus lookup by name: :meth:`stage`, the pre-activations
    :meth:`z` and activations :meth:`a` of every layer and the :attr:`output`.
    Layers are numbered from 1; layer 0 is the input.

    Example:
        >>> net = Network.random((2, 3, 1), ["relu", "sigmoid"], seed=0)
        >>> trace = net.trace([[1.0, 2.0], [0.0, 0.5]])
        >>> len(trace), trace.n_layers, trace.stage("bias", 2).name
        (7, 2, 'bias 2')
        >>> trace.index(trace.stage("sigmoid 2"))
        6
    """

    stages: tuple[Stage, ...]

    def __post_init__(self) -> None:
        try:
            stages = tuple(self.stages)
        except TypeError as exc:
            raise ValueError(f"a Trace needs a sequence of Stages, got {self.stages!r}") from exc
        for i, stage in enumerate(stages):
            if not isinstance(stage, Stage):
                raise ValueError(f"stage {i} of a Trace is not a Stage, got {stage!r}")
        expected = [("input", 0)] + [
            (kind, k) for k in range(1, (len(stages) - 1) // 3 + 1)
            for kind in ("linear", "bias", "activation")
        ]
        if [(s.kind, s.layer) for s in stages] != expected or len(stages) < 4:
            got = ", ".join(f"{s.kind} {s.layer}" for s in stages)
            raise ValueError(
                "a Trace holds an input stage (layer 0), then a linear, a bias and an "
                f"activation stage for each layer 1, 2, ... in turn; got: {got or 'nothing'}"
            )
        object.__setattr__(self, "stages", stages)

    def __len__(self) -> int:
        return len(self.stages)

    def __iter__(self) -> Iterator[Stage]:
        return iter(self.stages)

    @overload
    def __getitem__(self, i: int) -> Stage: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[Stage, ...]: ...

    def __getitem__(self, i: int | slice) -> Stage | tuple[Stage, ...]:
        return self.stages[i]

    def __repr__(self) -> str:
        return f"Trace({', '.join(self.names)}; {len(self.a(0))} points)"

    @property
    def names(self) -> tuple[str, ...]:
        """Every stage's name, in order: ``("input", "linear 1", "bias 1", "relu 1", ...)``."""
        return tuple(s.name for s in self.stages)

    @property
    def n_layers(self) -> int:
        """Number of layers the points went through."""
        return (len(self.stages) - 1) // 3

    def _layer(self, k: Any, low: int) -> int:
        top = self.n_layers
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not low <= k <= top:
            raise ValueError(
                f"layer must be a layer number from {low} to {top} "
                f"({'0 is the input, ' if low == 0 else ''}layers count from 1), got {k!r}"
            )
        return int(k)

    def stage(self, name: str, layer: int | None = None) -> Stage:
        """The stage called ``name`` (``"relu 1"``, ``"input"``), or with ``layer`` the
        stage of that layer whose kind or activation is ``name`` (``("bias", 2)``,
        ``("relu", 1)``, ``("activation", 2)``, ``("input", 0)``).

        Raises ``ValueError``, listing the stages there are, if there is no such stage.

        Example:
            >>> trace = Network.random((2, 2), "tanh", seed=0).trace([[0.0, 1.0]])
            >>> trace.stage("tanh", 1) is trace.stage("activation", 1) is trace.stage("tanh 1")
            True
        """
        if not isinstance(name, str):
            raise ValueError(f"a stage name must be a string, got {name!r}")
        if layer is None:
            found = [s for s in self.stages if s.name == name]
            wanted = repr(name)
        else:
            if isinstance(layer, bool) or not isinstance(layer, numbers.Integral):
                raise ValueError(f"layer must be a layer number (an integer), got {layer!r}")
            k = int(layer)
            found = [
                s for s in self.stages
                if s.layer == k and (s.kind == name or s.name == f"{name} {k}")
            ]
            wanted = f"{name!r} in layer {k}"
        if not found:
            raise ValueError(
                f"this trace has no stage {wanted}; its stages are: {', '.join(self.names)}"
            )
        return found[0]

    def z(self, k: int) -> np.ndarray:
        """Pre-activation ``z_k = W_k a_(k-1) + b_k`` of layer ``k`` (1-based): the points
        of stage ``bias k``."""
        return self.stage("bias", self._layer(k, 1)).points

    def a(self, k: int) -> np.ndarray:
        """Activation ``a_k = f_k(z_k)`` of layer ``k`` (1-based); ``a(0)`` is the input."""
        k = self._layer(k, 0)
        return self.stage("input" if k == 0 else "activation", k).points

    @property
    def output(self) -> np.ndarray:
        """The network's output: the last layer's activation, shape ``(n, out)``."""
        return self.a(self.n_layers)


@dataclass(frozen=True)
class Network:
    """A feed-forward stack of :class:`Layer` objects.

    Example:
        >>> net = Network([Layer([[1.0, 1.0]], [-1.0], "heaviside")])
        >>> net.forward([[1.0, 1.0], [0.0, 0.0]]).tolist()
        [[1.0], [0.0]]
    """

    layers: tuple[Layer, ...]

    def __post_init__(self) -> None:
        try:
            layers = tuple(self.layers)
        except TypeError as exc:
            raise ValueError(
                f"layers must be a sequence of Layer objects, got {self.layers!r}"
            ) from exc
        if not layers:
            raise ValueError("a Network needs at least one layer, got none")
        for i, layer in enumerate(layers, start=1):
            if not isinstance(layer, Layer):
                raise ValueError(f"layer {i} is not a Layer, got {type(layer).__name__}")
        for i in range(1, len(layers)):
            prev, cur = layers[i - 1], layers[i]
            if cur.n_in != prev.n_out:
                raise ValueError(
                    f"layer {i + 1} expects {cur.n_in} inputs "
                    f"but layer {i} gives {prev.n_out} outputs"
                )
        object.__setattr__(self, "layers", layers)

    @classmethod
    def random(
        cls,
        sizes: Sequence[int],
        activations: str | Sequence[str],
        seed: Seed = None,
    ) -> Network:
        """A network with random weights, reproducible for a given seed.

        ``W ~ N(0, 1) / sqrt(n_in)`` and ``b ~ N(0, 0.5^2)``, drawn layer by layer
        from one ``numpy.random.Generator``.

        Args:
            sizes: layer widths, e.g. ``(2, 3, 2)``.
            activations: one name per layer (``len(sizes) - 1`` of them) or a
                single name used for every layer.
            seed: an int seed (the same seed always gives the same network), a
                ``numpy.random.Generator`` (drawn from, so its state advances) or
                ``None``: fresh OS entropy, a different network on every call.

        Example:
            >>> a = Network.random((2, 4, 1), "tanh", seed=1)
            >>> a == Network.random((2, 4, 1), "tanh", seed=1)
            True
        """
        s = _check_sizes(sizes)
        n_layers = len(s) - 1
        if isinstance(activations, str):
            acts = (activations,) * n_layers
        else:
            acts = tuple(activations)
            if len(acts) != n_layers:
                raise ValueError(
                    f"got {len(acts)} activations for {n_layers} layers (sizes {s}); "
                    "give one per layer or a single name"
                )
        rng = as_generator(seed)
        layers = []
        for n_in, n_out, act in zip(s[:-1], s[1:], acts, strict=True):
            W = rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)
            b = 0.5 * rng.standard_normal(n_out)
            layers.append(Layer(W, b, act))
        return cls(tuple(layers))

    @property
    def sizes(self) -> tuple[int, ...]:
        """Layer widths, input first: e.g. ``(2, 3, 2)``."""
        return (self.layers[0].n_in, *(layer.n_out for layer in self.layers))

    @property
    def activations(self) -> tuple[str, ...]:
        """Activation name of every layer."""
        return tuple(layer.activation for layer in self.layers)

    @property
    def n_in(self) -> int:
        """Input width."""
        return self.layers[0].n_in

    @property
    def n_out(self) -> int:
        """Output width."""
        return self.layers[-1].n_out

    @property
    def parameter_count(self) -> int:
        """Total number of weights and biases."""
        return parameter_count(self.sizes)

    def _inputs(self, X: Any) -> tuple[np.ndarray, bool]:
        return self.layers[0]._inputs(X, "Network")

    def forward(self, X: Any) -> np.ndarray:
        """Network output for X of shape ``(n, in)`` (or ``(in,)`` -> ``(out,)``): the
        :attr:`Trace.output` of :meth:`trace`.

        Example:
            >>> Network.random((2, 3), "relu", seed=0).forward([0.0, 0.0]).shape
            (3,)
        """
        arr, single = self._inputs(X)
        out = self.trace(arr).output.copy()  # the caller's to change (stages are read-only)
        return out[0] if single else out

    __call__ = forward

    def trace(self, X: Any) -> Trace:
        """Every intermediate point cloud, in order: the one forward computation.

        Stages: ``input``, then for each layer ``k`` (1-based)
        ``linear k`` (``X @ W.T``), ``bias k`` (``+ b``) and ``<activation> k``.
        That is ``1 + 3 * len(layers)`` stages; the last one is :meth:`forward`'s
        output. A single point of shape ``(in,)`` is traced as ``(1, in)``.

        Example:
            >>> net = Network.random((2, 3, 1), ["relu", "sigmoid"], seed=0)
            >>> trace = net.trace([[1.0, 2.0]])
            >>> [(s.kind, s.layer, s.width) for s in trace][-2:]
            [('bias', 2, 1), ('activation', 2, 1)]
            >>> bool(np.array_equal(trace.a(1), trace.stage("relu 1").points))
            True
        """
        out, _ = self._inputs(X)
        stages = [Stage("input", "input", 0, out)]
        for k, layer in enumerate(self.layers, start=1):
            lin = out @ layer.W.T
            stages.append(Stage(f"linear {k}", "linear", k, lin))
            biased = lin + layer.b
            stages.append(Stage(f"bias {k}", "bias", k, biased))
            out = _get_activation(layer.activation).function(biased)
            # a leaky ReLU's stage is "leaky_relu k" whatever its slope
            stages.append(Stage(f"{_get_activation(layer.activation).name} {k}", "activation",
                                k, out))
        return Trace(stages)

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python (JSON-ready) description of the network.

        Example:
            >>> net = Network.random((1, 2), "relu", seed=0)
            >>> Network.from_dict(net.to_dict()) == net
            True
        """
        return {
            "sizes": list(self.sizes),
            "layers": [
                {"W": layer.W.tolist(), "b": layer.b.tolist(), "activation": layer.activation}
                for layer in self.layers
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Network:
        """Inverse of :meth:`to_dict` (the ``"sizes"`` entry is optional).

        Example:
            >>> data = {"layers": [{"W": [[1.0]], "b": [0.0], "activation": "relu"}]}
            >>> Network.from_dict(data).sizes
            (1, 1)
        """
        if not isinstance(data, Mapping) or "layers" not in data:
            raise ValueError("network data must be a mapping with a 'layers' list")
        items = data["layers"]
        if isinstance(items, str | bytes | Mapping) or not isinstance(items, Sequence):
            raise ValueError(
                f"network data 'layers' must be a list of layer mappings, got {items!r}"
            )
        layers = []
        for i, item in enumerate(items, start=1):
            if not isinstance(item, Mapping) or not {"W", "b"} <= set(item):
                raise ValueError(f"layer {i} must be a mapping with 'W', 'b' and 'activation'")
            layers.append(Layer(item["W"], item["b"], item.get("activation", "identity")))
        net = cls(tuple(layers))
        if "sizes" in data and _check_sizes(data["sizes"]) != net.sizes:
            raise ValueError(f"'sizes' says {tuple(data['sizes'])} but the layers give {net.sizes}")
        return net


@dataclass(frozen=True)
class LayerParameters:
    """The parameters of one dense layer: ``weights = n_in * n_out`` (the matrix W,
    shape ``(n_out, n_in)``) and ``biases = n_out`` (the vector b)."""

    n_in: int
    n_out: int
    weights: int
    biases: int

    @property
    def total(self) -> int:
        """Weights plus biases of this layer."""
        return self.weights + self.biases


def parameter_breakdown(sizes: Sequence[int]) -> tuple[LayerParameters, ...]:
    """Per layer (from the first hidden layer on), its inputs, outputs, weights and
    biases; the totals add up to :func:`parameter_count`.

    Example:
        >>> [(p.n_in, p.n_out, p.weights, p.biases) for p in parameter_breakdown((784, 16, 10))]
        [(784, 16, 12544, 16), (16, 10, 160, 10)]
        >>> sum(p.total for p in parameter_breakdown((784, 16, 16, 10)))
        13002
    """
    s = _check_sizes(sizes)
    return tuple(LayerParameters(n_in, n_out, n_in * n_out, n_out)
                 for n_in, n_out in zip(s[:-1], s[1:], strict=True))
