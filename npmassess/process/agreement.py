"""Inter-rater agreement: Krippendorff's alpha per criterion and overall, and flags on assessors.

Why Krippendorff's alpha: it handles any number of raters, tolerates missing values (an assessor
who skipped a node simply contributes nothing there), and is defined for the metric of the data:
the interval metric (squared differences) fits the 0-100 scores of CAF and the percentage bands
of Baldrige, while the ordinal metric fits ordered level scales such as MAF's ratings or the UK
Capability Review's five points, whose steps are ranks, not distances. Cohen's kappa is limited to
two raters, Fleiss' kappa to nominal data without gaps, and the ICC needs complete data.

Reading (Krippendorff 2004): alpha >= 0.8 good agreement; 0.667 to 0.8 tentative, conclusions
only with care; below 0.667 low. Alpha is undefined when all values are the same (no variation).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Sequence

from npmassess import numbers
from npmassess.i18n import N_, _, current_language

Value = float | None
GOOD, TENTATIVE = 0.8, 0.667


def alpha(units: Sequence[Sequence[Value]], metric: str = "interval") -> float | None:
    """Krippendorff's alpha of units (each the values the raters gave it; None = missing).

    Units with fewer than two values are not pairable and are left out. Returns None when
    fewer than two pairable values remain or when they show no variation at all.
    """
    if metric not in ("interval", "ordinal", "nominal"):
        raise ValueError(f"unknown metric {metric!r}")
    pairable = [[float(v) for v in u if v is not None] for u in units]
    pairable = [u for u in pairable if len(u) >= 2]
    n = sum(len(u) for u in pairable)
    if n < 2:
        return None
    delta = _delta(metric, Counter(v for u in pairable for v in u), n)
    d_o = sum(sum(delta(a, b) for a, b in _ordered_pairs(u)) / (len(u) - 1) for u in pairable) / n
    allv = sorted(v for u in pairable for v in u)
    counts = Counter(allv)
    values = sorted(counts)
    d_e = sum(counts[a] * counts[b] * delta(a, b) for a in values for b in values if a != b) / (n * (n - 1))
    if d_e == 0:
        return None
    return 1 - d_o / d_e


def _ordered_pairs(u: list[float]):
    for i, j in combinations(range(len(u)), 2):
        yield u[i], u[j]
        yield u[j], u[i]


def _delta(metric: str, counts: Counter, n: int):
    if metric == "interval":
        return lambda a, b: (a - b) ** 2
    if metric == "nominal":
        return lambda a, b: 0.0 if a == b else 1.0
    ranks = sorted(counts)
    index = {v: i for i, v in enumerate(ranks)}
    cumulative = [0.0]
    for v in ranks:
        cumulative.append(cumulative[-1] + counts[v])

    def ordinal(a: float, b: float) -> float:
        lo, hi = sorted((index[a], index[b]))
        total = cumulative[hi + 1] - cumulative[lo]  # n_lo + ... + n_hi
        return (total - (counts[ranks[lo]] + counts[ranks[hi]]) / 2) ** 2
    return ordinal


def meaning(value: float | None) -> str:
    """Alpha in words."""
    if value is None:
        return N_("not measurable (too few scores, or no variation at all)")
    if value >= GOOD:
        return N_("good agreement")
    if value >= TENTATIVE:
        return N_("tentative agreement: draw conclusions with care")
    return N_("low agreement: the assessors read the evidence or the scale differently")


@dataclass
class AssessorFlag:
    participant_id: str
    kind: str  # "alike" (scores everything alike) or "extreme" (always at an end of the scale)
    text: str  # in the language current when it was computed
    count: int = 0  # scores looked at
    spread: float = 0.0  # their standard deviation ("alike")
    at_end: int = 0  # how many at an end of the scale ("extreme")


FLAG_ADVICE = {"alike": N_("check that the scale was understood"), "extreme": N_("check for optimism or pessimism")}


@dataclass
class Agreement:
    """Alpha overall and per criterion, with the metric used and flags on individual assessors."""

    metric: str
    overall: float | None
    by_criterion: dict[str, float | None] = field(default_factory=dict)
    raters: int = 0
    units: int = 0
    flags: list[AssessorFlag] = field(default_factory=list)

    @property
    def meaning(self) -> str:
        return meaning(self.overall)


def metric_for(fw, method) -> str:
    """Ordinal for level scales (MAF, Capability Review), interval for numeric scores (0-100, %)."""
    return "ordinal" if any(d.scale.ordinal for d in method.dimensions) else "interval"


def assess_agreement(fw, a) -> Agreement:
    """Agreement of an assessment's individual scores: one unit per (scored node, dimension)."""
    method = fw.method(a.method)
    metric = metric_for(fw, method)
    people = [p.id for p in a.participants]
    by_crit: dict[str, list[list[Value]]] = {}
    all_units: list[list[Value]] = []
    for crit in fw.criteria:
        for node in crit.leaves():
            for d in method.dimensions_for(node.type):
                unit = [a.ratings.get((pid, node.id, d.id)) for pid in people]
                by_crit.setdefault(crit.id, []).append(unit)
                all_units.append(unit)
    # per criterion only where at least two items were scored by two assessors (one item says nothing)
    result = Agreement(metric, alpha(all_units, metric),
                       {c: alpha(u, metric) if _pairable(u) >= 2 else None for c, u in by_crit.items()}, len(people),
                       sum(1 for u in all_units if sum(v is not None for v in u) >= 2))
    result.flags = assessor_flags(fw, a)
    return result


def _pairable(units: list[list[Value]]) -> int:
    return sum(1 for u in units if sum(v is not None for v in u) >= 2)


def assessor_flags(fw, a, min_scores: int = 5) -> list[AssessorFlag]:
    """Assessors who score everything alike (tiny spread) or nearly always at an end of the scale."""
    method = fw.method(a.method)
    scales = {}
    for node in fw.scored_nodes():
        for d in method.dimensions_for(node.type):
            scales[(node.id, d.id)] = d.scale
    out = []
    for p in a.participants:
        vals = [(v, scales[(n, d)]) for (pid, n, d), v in a.ratings.items() if pid == p.id and (n, d) in scales]
        if len(vals) < min_scores:
            continue
        lo_hi = [(min(s.allowed()), max(s.allowed())) for _, s in vals]
        span = max(h - lo for lo, h in lo_hi) or 1
        sd = statistics.pstdev([v for v, _ in vals])
        at_end = sum(1 for (v, _), (lo, hi) in zip(vals, lo_hi) if v - lo <= 0.1 * (hi - lo) or hi - v <= 0.1 * (hi - lo))
        if sd <= 0.05 * span:
            out.append(AssessorFlag(p.id, "alike", _(
                "scores everything alike (spread {spread} over {n} scores): {advice}").format(
                spread=numbers.fmt(sd, "score", current_language()), n=len(vals), advice=_(FLAG_ADVICE["alike"])),
                len(vals), sd))
        if at_end >= 0.8 * len(vals):
            out.append(AssessorFlag(p.id, "extreme", _(
                "scores at an end of the scale {k} times out of {n}: {advice}").format(
                k=at_end, n=len(vals), advice=_(FLAG_ADVICE["extreme"])), len(vals), sd, at_end))
    return out
