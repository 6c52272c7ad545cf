"""Chart data of one measure, shared by every drawer (GUI QPainter, PDF reportlab, Excel), plus the
bundle of register facts an export needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from npmassess.results.model import Measure, Register
from npmassess.results.stats import Reading, read


@dataclass
class MeasureFigure:
    """A run chart (actuals, targets, comparison) and an XmR chart of one measure, ready to draw."""

    number: str  # "Figure 7.1-2" in an application, "" elsewhere
    title: str
    unit: str
    periods: list[str]
    actual: list[float | None]
    target: list[float | None]
    comparison: list[float | None]
    centre: float | None
    upper: float | None
    lower: float | None
    signals: set[int]  # indices into periods of points flagged by a signal
    moving_ranges: list[float | None]  # None for the first period (no range yet)
    range_limit: float | None
    reading: Reading
    lower_is_better: bool

    def value_range(self) -> tuple[float, float]:
        """Low and high of everything drawn (values, targets, comparison, limits), padded a little."""
        vals = [v for seq in (self.actual, self.target, self.comparison) for v in seq if v is not None]
        vals += [v for v in (self.upper, self.lower) if v is not None]
        if not vals:
            return 0.0, 1.0
        lo, hi = min(vals), max(vals)
        pad = (hi - lo) * 0.08 or abs(hi) * 0.1 or 1.0
        return lo - pad, hi + pad


def figure_of(measure: Measure, number: str = "", limit: int = 0) -> MeasureFigure:
    """The figure of a measure (the last `limit` periods only, if limit > 0; limits use all values)."""
    r = read(measure)
    obs = [o for o in measure.observations if o.actual is not None or o.target is not None]
    index = {p: i for i, p in enumerate(r.periods)}  # position among the periods with actuals
    flagged = {r.periods[i] for i in r.chart.signal_points()}
    if limit:
        obs = obs[-limit:]
    periods = [o.period for o in obs]
    mr_by_period = {r.periods[i]: v for i, v in enumerate(r.chart.moving_ranges, 1)}
    return MeasureFigure(number, measure.name, measure.unit, periods,
                         [o.actual for o in obs], [o.target for o in obs], [o.comparison for o in obs],
                         r.chart.mean, r.chart.upper, r.chart.lower,
                         {i for i, p in enumerate(periods) if p in flagged and p in index},
                         [mr_by_period.get(p) for p in periods], r.chart.range_limit, r, measure.lower_is_better)


@dataclass
class ResultsData:
    """What an export needs from the register: measures, the team's overrules, the unit's cycles."""

    register: Register
    overrules: dict[tuple[str, str], dict] = field(default_factory=dict)
    cycles: list[str] = field(default_factory=list)


def results_data(store, assessment_id: str) -> ResultsData:
    """Read the register bundle of an assessment's unit (on the caller's connection)."""
    from npmassess.results.performance import unit_cycles
    from npmassess.results.registry import overrules, register_of
    reg = register_of(store, assessment_id)
    return ResultsData(reg, overrules(store, assessment_id), unit_cycles(store, reg.organisation, reg.unit))
