"""Numbers as a viewer reads them, one way everywhere: on screen and in subtitles.

Standard library and numpy only (no manim), so words can be built and tested without
a renderer. ``scenes.components`` re-exports these.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["adding_decimals", "column_decimals", "fmt_column", "fmt_fixed", "fmt_loss",
           "fmt_nonzero", "fmt_number", "fmt_percent", "fmt_percent_fixed", "fmt_shared",
           "fmt_significant"]


def fmt_number(x: float, digits: int = 2) -> str:
    """A number as a viewer should read it: ``2``, ``-0.5``, ``0.46``; ``-0`` never."""
    value = float(x)
    if not np.isfinite(value):
        raise ValueError(f"cannot show a non-finite number ({value})")
    rounded = round(value, digits)
    if rounded == int(rounded) and abs(rounded) < 1e15:
        return str(int(rounded))
    text = f"{rounded:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_nonzero(value: float, digits: int = 2, significant: int = 1) -> str:
    """``value`` with ``digits`` decimals, or, where those would show a value that is
    not 0 as ``0`` (a tiny area, a tiny miss, a tiny bias), with ``significant``
    significant digits instead: a number said to be there is never said as nothing.

    >>> fmt_nonzero(0.0048), fmt_nonzero(0.0001, 3), fmt_nonzero(1.414), fmt_nonzero(0.0)
    ('0.005', '0.0001', '1.41', '0')
    >>> fmt_nonzero(0.0042, significant=2), fmt_nonzero(-0.00042), fmt_nonzero(0.00096)
    ('0.0042', '-0.0004', '0.001')
    """
    text = fmt_number(value, digits)
    if text == "0" and value != 0:
        return fmt_number(value, significant - 1 - int(np.floor(np.log10(abs(value)))))
    return text


def fmt_shared(values: Iterable[float], digits: int = 2) -> list[str]:
    """Numbers shown together (a matrix, a vector) with one number of decimals: as many
    as the most precise of them needs (at most ``digits``), so ``-0.6`` beside ``0.35``
    reads ``-0.60``; whole numbers stay whole when they all are.

    >>> fmt_shared([0.35, -0.6, 1]), fmt_shared([1, 2.0, -3]), fmt_shared([0.5, 0.25, 2])
    (['0.35', '-0.60', '1.00'], ['1', '2', '-3'], ['0.50', '0.25', '2.00'])
    """
    values = list(values)
    texts = [fmt_number(v, digits) for v in values]
    decimals = max((len(t.split(".")[1]) for t in texts if "." in t), default=0)
    return texts if decimals == 0 else [fmt_fixed(v, decimals) for v in values]


def fmt_fixed(x: float, digits: int = 2) -> str:
    """``x`` with exactly ``digits`` decimals, for numbers that change in place (a
    readout whose width should not jump): ``-1.00``, ``0.50``; ``-0.00`` never.

    >>> fmt_fixed(-1), fmt_fixed(0.5), fmt_fixed(-0.001)
    ('-1.00', '0.50', '0.00')
    """
    value = float(x)
    if not np.isfinite(value):
        raise ValueError(f"cannot show a non-finite number ({value})")
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def fmt_percent(share: float, digits: int = 0) -> str:
    """A share in [0, 1] as a percentage with ``digits`` decimals, never rounded to
    ``100`` unless it is all, nor to ``0`` unless it is none (more decimals instead).

    >>> fmt_percent(0.42), fmt_percent(0.9996), fmt_percent(0.0004), fmt_percent(1.0)
    ('42', '99.96', '0.04', '100')
    """
    value = 100 * float(share)
    for places in range(digits, 7):
        text = fmt_number(value, places)
        if not ((text == "100" and value < 100) or (text == "0" and value > 0)):
            return text
    return text


def fmt_percent_fixed(share: float) -> str:
    """A share as the readout shows it: a percentage with one decimal (more where one
    would round a share that is not all to 100.0, or not none to 0.0).

    >>> fmt_percent_fixed(0.553), fmt_percent_fixed(1.0), fmt_percent_fixed(0.99996)
    ('55.3', '100.0', '99.996')
    """
    text = fmt_fixed(100 * share, 1)
    if (text == "100.0" and share < 1) or (text == "0.0" and share > 0):
        return fmt_percent(share, 1)
    return text


def fmt_loss(loss: float) -> str:
    """A loss as the readout and the subtitles show it: three decimals, or two
    significant digits for a loss that three decimals would show as 0.000.

    >>> fmt_loss(0.70638), fmt_loss(0.00036), fmt_loss(0.0)
    ('0.706', '0.00036', '0.000')
    """
    text = fmt_fixed(loss, 3)
    if text == "0.000" and loss > 0:
        return fmt_number(loss, 1 - int(np.floor(np.log10(loss))))
    return text


def adding_decimals(*terms: Iterable[float] | float, digits: int = 2, most: int = 6) -> int:
    """The fewest decimals, at least ``digits``, at which ``terms`` rounded one by one add
    up to their sum rounded the same way (entry by entry, for vectors): shown with that
    many, a sum on screen adds up. ``most`` if none up to it does.

    >>> adding_decimals(5.2562, 1.2771), adding_decimals(0.5, 0.25), adding_decimals(
    ...     [0.114, 1.0], [0.114, 2.0])
    (3, 2, 3)
    """
    arrays = [np.atleast_1d(np.asarray(t, dtype=float)) for t in terms]
    if not arrays or any(not np.all(np.isfinite(a)) for a in arrays):
        raise ValueError("adding_decimals needs finite terms")
    total = np.sum(np.broadcast_arrays(*arrays), axis=0)
    for places in range(digits, most + 1):
        scale = 10.0 ** places
        shown = sum(np.round(a * scale) for a in arrays)
        if np.array_equal(shown, np.round(total * scale)):
            return places
    return most


def fmt_significant(x: float, significant: int = 2, digits: int = 2) -> str:
    """``x`` with at least ``digits`` decimals, and more where it takes them to show
    ``significant`` significant digits (trailing zeros dropped, as :func:`fmt_number`):
    a loss that falls by orders of magnitude keeps its leading digits in sight.

    >>> fmt_significant(0.94), fmt_significant(0.0011), fmt_significant(0.01234)
    ('0.94', '0.0011', '0.012')
    >>> fmt_significant(1.234), fmt_significant(0.5), fmt_significant(0.0)
    ('1.23', '0.5', '0')
    """
    value = float(x)
    if value == 0 or not np.isfinite(value):
        return fmt_number(value, digits)
    return fmt_number(value, max(digits, significant - 1 - int(np.floor(np.log10(abs(value))))))


def column_decimals(values: Iterable[float], digits: int = 2, most: int = 6) -> int:
    """The decimals one column of a table is shown with, the same for every value in it:
    as many as its most precise value needs at ``digits`` decimals (trailing zeros
    dropped, as :func:`fmt_number`), and more where ``digits`` would show a value that is
    not 0 as 0: the fewest at which that value shows its first non-zero digit
    (:func:`fmt_nonzero`), at most ``most``.

    >>> column_decimals([3.0, 2.39, 1.7]), column_decimals([3.03, 0.0025]), column_decimals([4, 1])
    (2, 3, 0)
    """
    return max((min(len(fmt_nonzero(v, digits).partition(".")[2]), most) for v in values),
               default=0)


def fmt_column(values: Iterable[float], digits: int = 2, most: int = 6) -> list[str]:
    """A table's column, every value with :func:`column_decimals` decimals: ``1.70``
    stands under ``2.39``, and ``0.004`` never reads ``0`` (nor ``0.00``).

    >>> fmt_column([3.0, 2.39, 1.7]), fmt_column([3.03, 0.004]), fmt_column([4, 1, -0.5])
    (['3.00', '2.39', '1.70'], ['3.030', '0.004'], ['4.0', '1.0', '-0.5'])
    """
    values = [float(v) for v in values]
    decimals = column_decimals(values, digits, most)
    return [fmt_fixed(v, decimals) for v in values]
