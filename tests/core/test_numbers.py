"""The one number formatter: half-up rounding, fixed decimals per kind, language typography."""

import pytest
from hypothesis import given, strategies as st

from npmassess import numbers


@pytest.mark.parametrize("value,expected", [(53.25, "53.3"), (53.35, "53.4"), (0.05, "0.1"), (32, "32.0"),
                                            (-0.04, "0.0"), (99.95, "100.0"), (None, "—")])
def test_scores_round_half_up_with_fixed_decimals(value, expected):
    assert numbers.fmt(value, "score") == expected


def test_french_decimal_comma_and_percent_spacing():
    assert numbers.fmt(49.125, "score", "fr") == "49,1"
    assert numbers.fmt(1234.5, "points", "fr", group=True) == "1\u202f234,5"
    assert numbers.percent(0.755, "fr") == "76\u00a0%"
    assert numbers.percent(0.755, "en") == "76%"


def test_measures_trim_trailing_zeros_and_unknown_kind_is_refused():
    assert numbers.fmt(12.50, "measure") == "12.5"
    assert numbers.fmt(12.0, "measure") == "12"
    with pytest.raises(ValueError, match="unknown kind"):
        numbers.fmt(1, "nonsense")


@given(st.integers(min_value=-10**6, max_value=10**6))
def test_half_up_matches_integer_arithmetic(n):
    # n/100 has two decimals; rounding to one decimal half-up equals floor((|n| + 5) / 10) with sign
    expected = (abs(n) + 5) // 10 * (1 if n >= 0 else -1)
    text = numbers.fmt(n / 100, "score")
    assert float(text) == pytest.approx(expected / 10)


def test_short_dates_read_as_dates_in_either_language():
    assert numbers.short_date("2026-12-04T18:55", "en") == "2026-12-04 18:55"  # no ISO 'T' in a table
    assert numbers.short_date("2026-12-04T18:55", "fr") == "04/12/2026 18:55"
    assert numbers.short_date("2026-12-04", "en") == "2026-12-04"
    assert numbers.short_date("end of Q3", "en") == "end of Q3"  # a due date typed as words stays so
