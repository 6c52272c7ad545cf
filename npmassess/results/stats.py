"""Honest trend reading: XmR (process behaviour) charts, their signals, and a statement per measure.

Natural process limits follow Wheeler: centre line = mean of the values, moving ranges
mR_i = |x_i - x_(i-1)|, limits = mean ± 2.66 × mean mR, upper range limit = 3.268 × mean mR.
Signals: a point outside the limits (rule 1), eight successive points on one side of the centre
line (rule 2; a point on the line ends the run), three of four successive points beyond 1.5
sigma-equivalents (1.33 × mean mR) on the same side, nearer the limit than the centre (rule 3),
and a moving range above its upper limit (a jump; it has no direction).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from npmassess.i18n import N_, _, ngettext, semicolon
from npmassess.results.model import Measure

TREND_LABELS = {"improving": N_("improving"), "flat": N_("flat"), "worsening": N_("worsening"),
                "not enough data": N_("not enough data")}
MIN_POINTS = 6  # fewer values than this: "not enough data" to read a trend
E2 = 2.66  # 3 / d2, d2 = 1.128 for moving ranges of two
D4 = 3.268
RUN = 8


@dataclass
class Signal:
    """One signal on the chart: the rule, the points (indices) it flags and their side (+1 above)."""

    rule: str  # "outside" | "run" | "three-of-four" | "range"
    points: tuple[int, ...]
    side: int

    def describe(self, periods: list[str]) -> str:
        names = {"outside": _("outside the natural process limits"),
                 "run": _("a run of {n} on one side of the centre line").format(n=len(self.points)),
                 "three-of-four": _("three of four points nearer a limit than the centre line"),
                 "range": _("a jump larger than the upper range limit")}
        first, last = periods[self.points[0]], periods[self.points[-1]]
        when = first if first == last else _("{first} to {last}").format(first=first, last=last)
        where = "" if self.rule == "range" else (_(" (above)") if self.side > 0 else _(" (below)"))
        return _("{when}: {what}{where}").format(when=when, what=names[self.rule], where=where)


@dataclass
class XmR:
    """A process behaviour chart of one series."""

    values: list[float]
    mean: float | None
    moving_ranges: list[float]
    mean_range: float | None
    upper: float | None  # upper natural process limit
    lower: float | None
    range_limit: float | None
    signals: list[Signal] = field(default_factory=list)

    def signal_points(self) -> set[int]:
        """Indices of the points flagged by a directional signal."""
        return {i for s in self.signals if s.rule != "range" for i in s.points}


def xmr(values: list[float]) -> XmR:
    """The XmR chart of a series (no limits below two values)."""
    x = [float(v) for v in values]
    n = len(x)
    if n == 0:
        return XmR([], None, [], None, None, None, None)
    mean = sum(x) / n
    mr = [abs(x[i] - x[i - 1]) for i in range(1, n)]
    if not mr:
        return XmR(x, mean, [], None, None, None, None)
    mr_bar = sum(mr) / len(mr)
    chart = XmR(x, mean, mr, mr_bar, mean + E2 * mr_bar, mean - E2 * mr_bar, D4 * mr_bar)
    chart.signals = _signals(chart)
    return chart


def _side(value: float, mean: float) -> int:
    return (value > mean) - (value < mean)


def _signals(c: XmR) -> list[Signal]:
    out: list[Signal] = []
    x, mean = c.values, c.mean
    assert mean is not None and c.upper is not None and c.lower is not None and c.range_limit is not None, \
        "xmr() sets the limits before it reads the signals"
    if c.mean_range and c.mean_range > 0:  # all equal values: no limits, no signals
        for i, v in enumerate(x):
            if v > c.upper or v < c.lower:
                out.append(Signal("outside", (i,), _side(v, mean)))
        # rule 3: three of four successive points beyond mean ± 1.33 mR-bar, on the same side;
        # overlapping windows make one signal
        band = E2 / 2 * c.mean_range
        for side in (1, -1):
            current: list[int] = []
            for start in range(0, len(x) - 3):
                beyond = [i for i in range(start, start + 4) if side * (x[i] - mean) > band]
                if len(beyond) < 3:
                    continue
                if current and beyond[0] <= current[-1] + 1:
                    current = sorted(set(current) | set(beyond))
                else:
                    if current:
                        out.append(Signal("three-of-four", tuple(current), side))
                    current = beyond
            if current:
                out.append(Signal("three-of-four", tuple(current), side))
        for i, r in enumerate(c.moving_ranges, 1):
            if r > c.range_limit:
                out.append(Signal("range", (i - 1, i), 0))
    # rule 2: a run of RUN or more successive points on one side (a point on the line ends it)
    i = 0
    while i < len(x):
        side = _side(x[i], mean)
        j = i
        while j + 1 < len(x) and side != 0 and _side(x[j + 1], mean) == side:
            j += 1
        if side != 0 and j - i + 1 >= RUN:
            out.append(Signal("run", tuple(range(i, j + 1)), side))
        i = j + 1
    out.sort(key=lambda s: (s.points[0], s.rule))
    return out


@dataclass
class Reading:
    """What the tool states about one measure."""

    trend: str  # "improving" | "flat" | "worsening" | "not enough data"
    points: int
    chart: XmR
    periods: list[str]
    latest_period: str | None
    latest: float | None
    target: float | None
    target_met: bool | None  # None: no target for the latest period
    comparison: float | None
    versus_comparison: str | None  # "better" | "equal" | "worse" | None
    reason: str

    def statement(self) -> str:
        """One line a reader can check against the chart (in the current language)."""
        from npmassess.i18n import current_language
        from npmassess.numbers import fmt as _fmt
        lang = current_language()

        def fmt(value, kind):
            return _fmt(value, kind, lang)
        parts = [_("Trend: {trend}").format(trend=_(TREND_LABELS[self.trend]))]
        if self.target_met is not None:
            text = _("target met in {period} ({actual} against {target})") if self.target_met else \
                _("target not met in {period} ({actual} against {target})")
            parts.append(text.format(period=self.latest_period, actual=fmt(self.latest, "measure"),
                                     target=fmt(self.target, "measure")))
        elif self.latest_period:
            parts.append(_("no target for {period}").format(period=self.latest_period))
        if self.versus_comparison == "better":
            parts.append(_("better than the comparison ({value})").format(value=fmt(self.comparison, "measure")))
        elif self.versus_comparison == "worse":
            parts.append(_("worse than the comparison ({value})").format(value=fmt(self.comparison, "measure")))
        elif self.versus_comparison == "equal":
            parts.append(_("equal to the comparison"))
        return semicolon().join(parts)

    def explanation(self) -> str:
        """Why the trend reads as it does (in the current language)."""
        if self.trend == "not enough data":
            return _("{n} of the {needed} values needed to read a trend").format(n=self.points, needed=MIN_POINTS)
        if self.trend == "flat":
            return _("no signal: the values vary within their natural process limits")
        said = [sig.describe(self.periods) for sig in self.chart.signals if sig.rule != "range"]
        which = semicolon().join(said[:3])
        if len(said) > 3:
            which += ngettext("; and {n} more signal", "; and {n} more signals", len(said) - 3).format(n=len(said) - 3)
        up = trend_direction(self.chart) > 0
        return (_("the level moved up: {signals}") if up else _("the level moved down: {signals}")).format(signals=which)


def trend_direction(chart: XmR) -> int:
    """+1 if the signals say the series moved up, -1 down, 0 if they say nothing (noise).

    A signal late in the series on the high side, or early on the low side, is evidence that the
    level rose; the opposite is evidence it fell. Points in the middle of an odd series count not.
    """
    n = len(chart.values)
    score = 0
    if chart.mean is None:  # no values: no signal points either
        return 0
    for i in chart.signal_points():
        half = 1 if 2 * i > n - 1 else (-1 if 2 * i < n - 1 else 0)
        score += _side(chart.values[i], chart.mean) * half
    return (score > 0) - (score < 0)


def read(measure: Measure) -> Reading:
    """The trend, target and comparison statement of one measure."""
    series = measure.actuals()
    periods = [p for p, _ in series]
    chart = xmr([v for _, v in series])
    n = len(series)
    if n < MIN_POINTS:
        trend = "not enough data"
    else:
        d = trend_direction(chart)
        good = -d if measure.lower_is_better else d
        trend = "flat" if d == 0 else ("improving" if good > 0 else "worsening")
    latest = measure.latest()
    target = met = comp = versus = None
    if latest is not None:
        assert latest.actual is not None, "latest() is the latest period with an actual value"
        target = latest.target
        if target is not None:
            met = latest.actual <= target if measure.lower_is_better else latest.actual >= target
        comp = latest.comparison
        if comp is None:  # the latest comparison value known, if it is not for the latest period
            comp = next((o.comparison for o in reversed(measure.observations) if o.comparison is not None), None)
        if comp is not None:
            diff = latest.actual - comp
            if measure.lower_is_better:
                diff = -diff
            versus = "better" if diff > 0 else ("worse" if diff < 0 else "equal")
    r = Reading(trend, n, chart, periods, latest.period if latest else None,
                latest.actual if latest else None, target, met, comp, versus, "")
    r.reason = r.explanation()
    return r
