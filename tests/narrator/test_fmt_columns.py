"""narrator.fmt's table columns (fmt_column, column_decimals) and fmt_significant: a
column keeps one number of decimals, the fewest at which every value in it still shows
a digit; a loss keeps two significant digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from narrator.fmt import column_decimals, fmt_column, fmt_number, fmt_shared, fmt_significant

finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)


@pytest.mark.parametrize(("values", "shown"), [
    ([3.0, 2.39, 1.7], ["3.00", "2.39", "1.70"]),  # UpdateRule's x column
    ([3.027, 0.544e-3], ["3.0270", "0.0005"]),  # its f(x) column: 0.00054 is not 0
    ([0.004, 1.5], ["0.004", "1.500"]),
    ([19.9, 20.0, 20.1], ["19.9", "20.0", "20.1"]),
    ([4.0, 1.0, -0.5], ["4.0", "1.0", "-0.5"]),
    ([1, 2, -3], ["1", "2", "-3"]),  # whole numbers stay whole
    ([0.0, -0.001], ["0.000", "-0.001"]),
    ([2.999, 1.0], ["3", "1"]),
])
def test_a_column_keeps_one_number_of_decimals(values, shown):
    assert fmt_column(values) == shown


@given(st.lists(finite, min_size=1, max_size=8))
def test_every_value_in_a_column_has_the_same_decimals_and_none_hides_its_digits(values):
    shown = fmt_column(values)
    decimals = column_decimals(values)
    assert all(len(text.partition(".")[2]) == decimals for text in shown)
    for v, text in zip(values, shown, strict=True):
        if abs(v) >= 1e-6:  # within ``most`` (6) decimals, a value that is not 0 shows a digit
            assert float(text) != 0, (v, text)
        assert abs(float(text) - v) <= 0.5 * 10.0 ** -decimals + 1e-9


@given(st.lists(finite.filter(lambda v: abs(v) >= 0.005 or v == 0), min_size=1, max_size=8))
def test_without_tiny_values_a_column_is_what_fmt_shared_shows(values):
    """The rule only adds decimals where a value would read 0: elsewhere it is the
    shared one of matrices and vectors."""
    assert fmt_column(values) == fmt_shared(values)


def test_more_digits_and_a_cap():
    assert column_decimals([0.1234], digits=3) == 3
    assert fmt_column([1e-9, 1.0]) == ["0.000000", "1.000000"]  # at most ``most`` (6)
    assert column_decimals([]) == 0


@pytest.mark.parametrize(("x", "shown"), [
    (0.9404, "0.94"), (0.0010982, "0.0011"), (0.01234, "0.012"), (1.234, "1.23"),
    (0.5, "0.5"), (0.0, "0"), (12.5, "12.5"),
])
def test_a_loss_keeps_two_significant_digits(x, shown):
    assert fmt_significant(x) == shown


@given(st.floats(min_value=1e-8, max_value=1e3))
def test_significant_digits_are_never_fewer_than_asked(x):
    text = fmt_significant(x)
    assert float(text) != 0
    assert text == fmt_number(x, max(2, len(text.partition(".")[2])))
