"""The performance report: measures by level of the chain, target attainment, efficiency, effectiveness."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from npmassess.i18n import _
from npmassess.results.model import LEVEL_TITLES, LEVELS, Measure, Register
from npmassess.results.periods import parse_period
from npmassess.results.stats import Reading, read

# (level of the measure, level of the one it is divided by) -> name of the ratio
RATIOS = {("output", "input"): "efficiency", ("outcome", "output"): "effectiveness"}


@dataclass
class LevelSummary:
    """One level of the chain: its measures and how many met their latest target."""

    level: str
    title: str
    measures: list[Measure]
    readings: list[Reading]
    with_target: int
    met: int
    by_year: dict[int, tuple[int, int]]  # year -> (targets met, periods with a target)

    @property
    def attainment(self) -> float | None:
        return self.met / self.with_target if self.with_target else None

    def attainment_in(self, year: int) -> float | None:
        met, total = self.by_year.get(year, (0, 0))
        return met / total if total else None


@dataclass
class Ratio:
    """Output per input (efficiency) or outcome per output (effectiveness) of two measures."""

    kind: str
    numerator: Measure
    denominator: Measure
    by_period: list[tuple[str, float]]
    by_year: dict[int, float]

    @property
    def latest(self) -> tuple[str, float] | None:
        return self.by_period[-1] if self.by_period else None

    @property
    def label(self) -> str:
        return _("{numerator} per {denominator}").format(numerator=self.numerator.name,
                                                         denominator=self.denominator.name)


@dataclass
class PerformanceReport:
    """The whole report of one unit's register."""

    organisation: str
    unit: str
    levels: list[LevelSummary]
    ratios: list[Ratio]
    years: list[int]
    cycles: dict[int, str] = field(default_factory=dict)  # year -> assessment cycle label

    def year_label(self, year: int) -> str:
        cycle = self.cycles.get(year)
        return f"{year} (cycle {cycle})" if cycle and cycle != str(year) else str(year)


def _met(m: Measure, actual: float, target: float) -> bool:
    return actual <= target if m.lower_is_better else actual >= target


def _ratio(kind: str, num: Measure, den: Measure) -> Ratio:
    dens = {o.period: o.actual for o in den.observations if o.actual is not None}
    pairs = [(o.period, o.actual, dens[o.period]) for o in num.observations
             if o.actual is not None and dens.get(o.period) not in (None, 0)]
    by_year: dict[int, list[tuple[float, float]]] = {}
    for period, a, b in pairs:
        by_year.setdefault(parse_period(period).year, []).append((a, b))
    yearly = {y: (sum(a for a, _ in v) / len(v)) / (sum(b for _, b in v) / len(v))
              for y, v in by_year.items() if sum(b for _, b in v)}
    return Ratio(kind, num, den, [(p, a / b) for p, a, b in pairs], yearly)


def cycle_years(cycles: list[str]) -> dict[int, str]:
    """Years named by assessment cycle labels ('2026', '2025-26' -> 2025)."""
    out: dict[int, str] = {}
    for c in cycles:
        m = re.match(r"^\s*(\d{4})", c or "")
        if m:
            out.setdefault(int(m.group(1)), c)
    return out


def performance_report(register: Register, cycles: Sequence[str] = ()) -> PerformanceReport:
    """Group the register by level of the chain and compute attainment and ratios."""
    years: set[int] = set()
    levels = []
    for level in LEVELS:
        ms = register.at_level(level)
        readings = [read(m) for m in ms]
        by_year: dict[int, list[int]] = {}
        for m in ms:
            for o in m.observations:
                y = parse_period(o.period).year
                years.add(y)
                if o.actual is not None and o.target is not None:
                    cell = by_year.setdefault(y, [0, 0])
                    cell[0] += _met(m, o.actual, o.target)
                    cell[1] += 1
        levels.append(LevelSummary(level, _(LEVEL_TITLES[level]), ms, readings,
                                   sum(r.target_met is not None for r in readings),
                                   sum(bool(r.target_met) for r in readings),
                                   {y: (a, b) for y, (a, b) in by_year.items()}))
    ratios = []
    ids = {m.id: m for m in register.measures}
    for m in register.measures:
        den = ids.get(m.relates_to)
        kind = RATIOS.get((m.level, den.level)) if den else None
        if kind and den is not None:  # kind is set only with den
            ratios.append(_ratio(kind, m, den))
    return PerformanceReport(register.organisation, register.unit, levels, ratios, sorted(years),
                             cycle_years(list(cycles)))


def unit_cycles(store, organisation: str, unit: str) -> list[str]:
    """The cycle labels of the unit's assessments in a store."""
    return sorted({s.cycle for s in store.list_assessments() if s.organisation == organisation and s.unit == unit})
