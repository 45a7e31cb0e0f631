"""What the explainer says about *this* network beyond its stages: how many points,
where a single point sits, what the picture of a wide layer keeps (PCA), how training
went and how the output is read as classes. Every sentence is built from computed
facts, never written for one network; what a stage itself does (W, b, an activation)
is said by :mod:`narrator.stages`, the one narrator of stages.

No manim here: the sentences can be built and checked without a renderer.

Example:
    >>> point_count(1500), vector(np.array([0.5, 0.0042]))
    ('1,500 points', '(0.5, 0.0042)')
    >>> print(class_words(3, 0.96))
    Read as classes, the largest of the 3 outputs names the right class for 96 % of the points.
"""

from __future__ import annotations

import numpy as np

from narrator.fmt import fmt_loss, fmt_nonzero, fmt_number, fmt_percent
from narrator.stages import dims, flat_name
from nnmath.training import loss_name

__all__ = [
    "batch_words",
    "class_words",
    "epoch_steps",
    "pca_words",
    "point_count",
    "share_words",
    "training_words",
    "vector",
]


def point_count(n: int) -> str:
    """``"1 point"``, ``"1,500 points"``."""
    return "1 point" if n == 1 else f"{n:,} points"


def vector(v: np.ndarray) -> str:
    """``(0.5, -1)``; a single number stands bare. An entry that is not 0 shows as not
    0 (two significant digits where two decimals would round it away)."""
    values = [fmt_nonzero(x, significant=2) for x in np.ravel(v)]
    return values[0] if len(values) == 1 else "(" + ", ".join(values) + ")"


def share_words(share: float) -> str:
    """A share of spread as said and shown: ``"all"`` or ``"93.3 %"`` (one decimal, more
    where one would round a share that is not all to 100).

    >>> share_words(1.0), share_words(0.9332), share_words(0.99994)
    ('all', '93.3 %', '99.99 %')
    """
    return "all" if share >= 1.0 else f"{fmt_percent(share, 1)} %"


def input_pca_words(width: int, share: float) -> str:
    """What the picture of ``width``-D input points (wider than 3) is.

    >>> input_pca_words(4, 0.9776)
    'They are drawn along the 3 directions in which they spread most (PCA), which keep \
97.8 % of their spread.'
    """
    return (f"They are drawn along the 3 directions in which they spread most (PCA), which "
            f"keep {share_words(share)} of their spread.")


def pca_words(width: int, share: float, *, first: bool = True, k: int = 1,
              kept: int = 0) -> str:
    """What the picture of a stage wider than 3 shows: along which 3 directions of its
    space it looks (said at the first stage of the layer shown) and the share of *this*
    stage's spread (variance) it keeps. ``kept``: how many of the directions are the
    span ``W_k`` puts the cloud on, kept whole (0: all three are principal axes).

    >>> print(pca_words(8, 0.9332))  # doctest: +NORMALIZE_WHITESPACE
    The picture looks along the 3 directions of the 8-D space in which this layer's
    stages spread most (PCA). It keeps 93.3 % of this cloud's spread (its variance).
    >>> print(pca_words(8, 1.0, kept=2))  # doctest: +NORMALIZE_WHITESPACE
    The picture looks along 3 directions of the 8-D space: the 2 of the flat sheet W1
    puts the cloud on, and the one in which this layer's stages spread most beyond it
    (PCA). It keeps all of this cloud's spread (its variance).
    >>> print(pca_words(8, 0.9332, first=False))
    The same picture keeps 93.3 % of this cloud's spread.
    """
    amount = share_words(share)
    if not first:
        lead = "The picture still keeps" if share >= 1.0 else "The same picture keeps"
        return f"{lead} {amount} of this cloud's spread."
    space = f"the {dims(width)} space"
    if kept >= 3:
        look = f"The picture looks along the {flat_name(kept)} W{k} puts the cloud in."
    elif kept:
        more = 3 - kept
        ones = "the one" if more == 1 else f"the {more}"
        own = "the one" if kept == 1 else f"the {kept}"
        look = (f"The picture looks along 3 directions of {space}: {own} of the "
                f"{flat_name(kept)} W{k} puts the cloud on, and {ones} in which this "
                "layer's stages spread most beyond it (PCA).")
    else:
        look = (f"The picture looks along the 3 directions of {space} in which this "
                "layer's stages spread most (PCA).")
    return f"{look} It keeps {amount} of this cloud's spread (its variance)."


def batch_words(n: int, batch_size: int | None) -> str:
    """How one epoch of mini-batch gradient descent goes over ``n`` points: in batches
    of ``batch_size`` (``None``: all at once), and how many steps that makes.

    >>> batch_words(800, 32), batch_words(150, 32), batch_words(40, None)
    ('in batches of 32 points (25 steps an epoch)', 'in batches of 32 points (5 steps an \
epoch)', 'on all 40 points at once (one step an epoch)')
    """
    steps, size, _ = epoch_steps(n, batch_size)
    if steps == 1:
        return f"on all {point_count(n)} at once (one step an epoch)"
    return f"in batches of {point_count(size)} ({steps} steps an epoch)"


def epoch_steps(n: int, batch_size: int | None) -> tuple[int, int, int]:
    """How :func:`nnmath.training.train` cuts an epoch over ``n`` points into batches:
    the number of steps, the batch size and the size of the last batch.

    >>> epoch_steps(300, 32), epoch_steps(800, 32), epoch_steps(20, 32), epoch_steps(9, None)
    ((10, 32, 12), (25, 32, 32), (1, 20, 20), (1, 9, 9))
    """
    size = n if batch_size is None else min(int(batch_size), n)
    steps = -(-n // size)
    return steps, size, n - (steps - 1) * size


def training_words(history: tuple[float, ...], learning_rate: float,
                   accuracy: float | None, *, loss: str = "mse", outputs: int = 1,
                   n: int | None = None, batch_size: int | None = None) -> str:
    """How training went, from the recorded losses, naming the loss they are
    (:func:`nnmath.training.loss_name`) and, given ``n`` points, how an epoch steps.

    >>> print(training_words((0.7, 0.3, 0.1), 0.5, 0.975, loss="cross_entropy", n=40,
    ...                      batch_size=8))  # doctest: +NORMALIZE_WHITESPACE
    Trained for 2 epochs of gradient descent at learning rate 0.5, in batches of 8 points (5
    steps an epoch): its loss, the cross-entropy, falls from 0.700 to 0.100, and 97.5 % of the
    points are classified right.
    """
    epochs = len(history) - 1
    verb = "falls" if history[-1] < history[0] else "goes"
    how = "" if n is None else ", " + batch_words(n, batch_size)
    text = (f"Trained for {epochs} epoch{'s' if epochs != 1 else ''} of gradient descent at "
            f"learning rate {fmt_number(learning_rate, 4)}{how}: its loss, "
            f"{loss_name(loss, outputs)}, {verb} from {fmt_loss(history[0])} to "
            f"{fmt_loss(history[-1])}")
    if accuracy is not None:
        text += f", and {fmt_percent(accuracy, 1)} % of the points are classified right"
    return text + "."


def class_words(outputs: int, accuracy: float, threshold: float = 0.5) -> str:
    """How the output is read as classes, and the share of points it gets right: one
    output against its ``threshold``, several by the largest.

    >>> print(class_words(1, 0.99))  # doctest: +NORMALIZE_WHITESPACE
    Read as classes (class 1 at 0.5 or above, class 0 below), 99 % of the points end on the
    right side of 0.5.
    >>> print(class_words(3, 0.96))
    Read as classes, the largest of the 3 outputs names the right class for 96 % of the points.
    """
    share = fmt_percent(accuracy, 1)
    if outputs == 1:
        t = fmt_number(threshold)
        return (f"Read as classes (class 1 at {t} or above, class 0 below), {share} % of the "
                f"points end on the right side of {t}.")
    return (f"Read as classes, the largest of the {outputs} outputs names the right class "
            f"for {share} % of the points.")
