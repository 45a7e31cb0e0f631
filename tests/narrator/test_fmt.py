"""narrator.fmt.fmt_nonzero: a number that is not 0 is never said as 0, and what is
said is the number to within its last digit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from narrator.fmt import fmt_nonzero, fmt_number


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda x: x != 0),
       st.integers(0, 4), st.integers(1, 3))
def test_a_number_that_is_not_zero_is_not_said_as_zero(x, digits, significant):
    text = fmt_nonzero(x, digits, significant)
    assert float(text) != 0
    places = len(text.split(".")[1]) if "." in text else 0
    assert places >= digits or text == fmt_number(x, digits)
    assert abs(float(text) - x) <= 0.5 * 10.0 ** -places * (1 + 1e-9)


@pytest.mark.parametrize(("x", "digits", "significant", "said"), [
    (0.0048, 2, 1, "0.005"), (0.0048, 2, 2, "0.0048"), (1.414, 2, 1, "1.41"),
    (0.0, 2, 1, "0"), (-0.00042, 2, 1, "-0.0004"), (0.000102, 3, 1, "0.0001"),
    (0.0037, 2, 1, "0.004"), (0.00096, 2, 1, "0.001"),
])
def test_small_numbers_as_the_scenes_say_them(x, digits, significant, said):
    assert fmt_nonzero(x, digits, significant) == said
