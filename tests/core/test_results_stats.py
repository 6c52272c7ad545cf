"""XmR limits and signal rules against hand-computed small series; trend and target statements."""

import pytest

from npmassess.results.model import Measure, Observation
from npmassess.results.periods import parse_period
from npmassess.results.stats import read, trend_direction, xmr
from npmassess.errors import ValidationError


def rules(chart):
    return [(s.rule, s.points, s.side) for s in chart.signals]


def test_limits_by_hand_and_a_point_outside():
    # mean 88/6; mR 2,1,2,1,18 -> mean 4.8; limits 14.667 +- 2.66*4.8; URL 3.268*4.8
    c = xmr([10, 12, 11, 13, 12, 30])
    assert c.mean == pytest.approx(14.6667, abs=1e-4)
    assert c.moving_ranges == [2, 1, 2, 1, 18]
    assert c.mean_range == pytest.approx(4.8)
    assert c.upper == pytest.approx(27.4347, abs=1e-4)
    assert c.lower == pytest.approx(1.8987, abs=1e-4)
    assert c.range_limit == pytest.approx(15.6864, abs=1e-4)
    assert rules(c) == [("range", (4, 5), 0), ("outside", (5,), 1)]


def test_run_of_eight_below_and_points_above():
    # mean 6, mR-bar 1 -> limits 3.34 / 8.66; 1.5 sigma band at 7.33; the jump 5 -> 9 exceeds 3.268
    c = xmr([4, 5, 4, 5, 4, 5, 4, 5, 9, 9, 9, 9])
    assert (c.mean, c.mean_range) == (6, 1)
    got = rules(c)
    assert ("run", tuple(range(8)), -1) in got
    assert [r for r in got if r[0] == "outside"] == [("outside", (i,), 1) for i in (8, 9, 10, 11)]
    assert ("three-of-four", (8, 9, 10, 11), 1) in got
    assert ("range", (7, 8), 0) in got
    assert trend_direction(c) == 1


def test_run_of_seven_is_no_signal():
    c = xmr([4, 5, 4, 5, 4, 5, 4, 9, 9, 9, 9, 9])
    assert not [r for r in rules(c) if r[0] == "run"]


def test_a_point_on_the_centre_line_ends_a_run():
    with_line = xmr([3, 3, 3, 3, 5, 3, 3, 3, 3, 7, 7, 7, 7, 5, 7, 7, 7, 7])
    assert with_line.mean == 5
    assert not [r for r in rules(with_line) if r[0] == "run"]
    without = xmr([3] * 9 + [7] * 9)
    assert [r for r in rules(without) if r[0] == "run"] == [("run", tuple(range(9)), -1),
                                                          ("run", tuple(range(9, 18)), 1)]


def test_three_of_four_nearer_the_limit():
    # mean 10.9, mR-bar 1 -> upper limit 13.56 (13 is inside), band 10.9 + 1.33 = 12.23
    c = xmr([10, 10, 10, 10, 10, 10, 13, 13, 10, 13])
    assert c.upper == pytest.approx(13.56)
    assert rules(c) == [("three-of-four", (6, 7, 9), 1)]


def test_noise_gives_no_signal_and_constant_series_no_limits():
    c = xmr([10, 11, 9, 10, 12, 10, 9, 11])
    assert c.signals == [] and trend_direction(c) == 0
    flat = xmr([5, 5, 5, 5, 5, 5])
    assert flat.mean_range == 0 and flat.signals == []
    assert xmr([7]).upper is None and xmr([]).mean is None


def _measure(values, direction="higher", targets=None, comparison=None):
    periods = [f"{2020 + i // 4}-Q{i % 4 + 1}" for i in range(len(values))]
    obs = [Observation(p, v, (targets or {}).get(i), comparison if i == len(values) - 1 else None)
           for i, (p, v) in enumerate(zip(periods, values))]
    return Measure("m", "Measure", "output", direction=direction, observations=obs)


def test_trend_statements_are_direction_aware():
    rising = [4, 5, 4, 5, 4, 5, 4, 5, 9, 9, 9, 9]
    assert read(_measure(rising)).trend == "improving"
    assert read(_measure(rising, "lower")).trend == "worsening"
    assert read(_measure([10, 11, 9, 10, 12, 10, 9, 11])).trend == "flat"
    few = read(_measure([1, 2, 3, 4, 5]))
    assert few.trend == "not enough data" and few.points == 5


def test_target_and_comparison_of_the_latest_period():
    r = read(_measure([10, 11, 9, 10, 12, 10, 9, 11], targets={7: 12}, comparison=10.5))
    assert (r.latest_period, r.latest, r.target, r.target_met) == ("2021-Q4", 11, 12, False)
    assert r.versus_comparison == "better"
    low = read(_measure([10, 11, 9, 10, 12, 10, 9, 11], "lower", targets={7: 12}, comparison=10.5))
    assert low.target_met is True and low.versus_comparison == "worse"
    assert "target met in 2021-Q4" in low.statement()
    assert read(_measure([1, 2])).target_met is None


def test_periods():
    assert parse_period("2025-03").kind == "month"
    assert parse_period("2025-q1").label == "2025-Q1"
    assert parse_period(2025).label == "2025"
    assert parse_period("2025-01") < parse_period("2025-Q1") < parse_period("2025-04")
    for bad in ("2025-13", "2025-Q5", "25", "March 2025", "", None):
        with pytest.raises(ValidationError):
            parse_period(bad)
