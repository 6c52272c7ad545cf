"""A realistic results register for each demo organisation: a dozen measures, 12 quarters each."""

from __future__ import annotations

import random

from npmassess.model import Framework
from npmassess.results.model import Measure, Observation
from npmassess.results.registry import load_register, save_measures

QUARTERS = [f"{y}-Q{q}" for y in (2023, 2024, 2025, 2026) for q in (1, 2, 3, 4)][3:15]  # 2023-Q4..2026-Q3

# name, level, unit, direction, start, pattern, change over the 12 quarters, noise, target offset,
# comparison offset (None: no peer value), links, relates_to (name)
Row = tuple
SETS: dict[str, list[Row]] = {
    "caf": [
        ("Budget of the unit", "input", "k EUR per quarter", "lower", 2150, "flat", 0, 40, 0, None, ["caf:4.3", "caf:9.2"], ""),
        ("Staff in post", "input", "FTE", "higher", 46, "step", 4, 0.8, 1, None, ["caf:3.1", "caf:9.2"], ""),
        ("Claims processed", "activity", "claims", "higher", 5200, "rise", 900, 120, 300, None, ["caf:5.2", "caf:9.1"], ""),
        ("Home visits carried out", "activity", "visits", "higher", 310, "flat", 0, 18, 10, None, ["caf:5.2"], ""),
        ("Benefit decisions issued", "output", "decisions", "higher", 4700, "rise", 1100, 110, 200, None,
         ["caf:9.1", "caf:9.2"], "Staff in post"),
        ("Decisions within 30 days", "output", "%", "higher", 71, "step", 12, 2.0, 8, 80, ["caf:6.2", "caf:9.1", "caf:5.1"], ""),
        ("Cost per decision", "output", "EUR", "lower", 455, "rise", -70, 9, -20, 420, ["caf:9.2", "caf:4.3"], ""),
        ("Appeals upheld", "outcome", "% of decisions", "lower", 6.5, "flat", 0, 0.5, -1, 5.5, ["caf:6.2", "caf:9.1"], ""),
        ("Families back in work within a year", "outcome", "families", "higher", 610, "rise", 160, 22, 40, None,
         ["caf:9.1", "caf:8.2"], "Benefit decisions issued"),
        ("Citizen satisfaction", "outcome", "% satisfied", "higher", 72, "rise", 9, 1.6, 4, 76, ["caf:6.1", "caf:2.1"], ""),
        ("Staff engagement index", "outcome", "index 0-100", "higher", 64, "fall", -6, 1.2, 4, 67, ["caf:7.1", "caf:3.3"], ""),
        ("Sick leave", "outcome", "days per FTE", "lower", 2.6, "step", -0.5, 0.15, -0.2, 2.9, ["caf:7.2"], ""),
        ("Families above the poverty line one year after support", "impact", "%", "higher", 38, "rise", 6, 1.4, 3, 41,
         ["caf:8.2", "caf:9.1"], ""),
        ("Paper used", "impact", "tonnes", "lower", 3.1, "rise", -0.9, 0.12, -0.3, None, ["caf:8.2"], ""),
    ],
    "baldrige": [
        ("Operating budget", "input", "k USD per quarter", "lower", 3800, "flat", 0, 70, 0, None, ["baldrige:7.5", "baldrige:6.2"], ""),
        ("Public health nurses", "input", "FTE", "higher", 58, "step", 5, 1.0, 2, None, ["baldrige:7.3", "baldrige:5.1"], ""),
        ("Clinic sessions held", "activity", "sessions", "higher", 820, "rise", 140, 22, 40, None, ["baldrige:7.1", "baldrige:6.1"], ""),
        ("Restaurant inspections", "activity", "inspections", "higher", 610, "flat", 0, 25, 20, None, ["baldrige:7.1"], ""),
        ("Vaccinations given", "output", "doses", "higher", 9100, "rise", 1500, 260, 500, None, ["baldrige:7.1", "baldrige:7.5"],
         "Public health nurses"),
        ("Inspection reports within 5 days", "output", "%", "higher", 78, "step", 10, 2.0, 6, 85, ["baldrige:7.1", "baldrige:6.1"], ""),
        ("Cost per vaccination", "output", "USD", "lower", 41, "rise", -6, 1.0, -2, 38, ["baldrige:7.5", "baldrige:6.2"], ""),
        ("Childhood immunisation coverage", "outcome", "%", "higher", 86, "rise", 5, 0.8, 3, 89, ["baldrige:7.2", "baldrige:7.4"], ""),
        ("Children fully immunised by age two", "outcome", "children", "higher", 1480, "rise", 260, 40, 60, None,
         ["baldrige:7.1", "baldrige:7.2"], "Vaccinations given"),
        ("Client satisfaction", "outcome", "% satisfied", "higher", 81, "flat", 0, 1.5, 4, 84, ["baldrige:7.2", "baldrige:3.2"], ""),
        ("Workforce engagement", "outcome", "% engaged", "higher", 69, "step", 6, 1.4, 4, 71, ["baldrige:7.3", "baldrige:5.2"], ""),
        ("Audit findings open", "outcome", "findings", "lower", 9, "fall", 4, 0.8, -3, 6, ["baldrige:7.4", "baldrige:1.2"], ""),
        ("Foodborne illness cases", "impact", "per 100,000", "lower", 14.5, "rise", -3.2, 0.6, -1, 13.0, ["baldrige:7.4"], ""),
        ("Residents reporting good health", "impact", "%", "higher", 74, "flat", 0, 0.9, 2, 76, ["baldrige:7.2"], ""),
    ],
    "maf": [
        ("Corporate services budget", "input", "k CAD per quarter", "lower", 1650, "flat", 0, 30, 0, None, ["maf:7", "maf:FM"], ""),
        ("Corporate services staff", "input", "FTE", "higher", 34, "flat", 0, 0.7, 0, None, ["maf:4", "maf:PM"], ""),
        ("Pay transactions handled", "activity", "transactions", "higher", 2900, "rise", 400, 80, 150, None, ["maf:4", "maf:PM"], ""),
        ("Access requests received", "activity", "requests", "higher", 420, "rise", 120, 25, 0, None, ["maf:5", "maf:SDM"], ""),
        ("Access requests closed on time", "output", "requests", "higher", 300, "rise", 130, 14, 30, None, ["maf:9", "maf:RM", "maf:8"],
         "Corporate services staff"),
        ("Invoices paid within 30 days", "output", "%", "higher", 84, "step", 9, 1.5, 6, 90, ["maf:7", "maf:FM", "maf:9", "maf:RM"], ""),
        ("Digitised records", "output", "thousand items", "higher", 52, "rise", 38, 3.0, 10, None, ["maf:5", "maf:SDM", "maf:9", "maf:RM"], ""),
        ("Researchers finding what they need", "outcome", "%", "higher", 77, "rise", 7, 1.3, 3, 80, ["maf:9", "maf:RM", "maf:5"], ""),
        ("Online record views", "outcome", "thousand views", "higher", 260, "rise", 230, 14, 30, None, ["maf:9", "maf:RM"],
         "Digitised records"),
        ("Employees with a learning plan", "outcome", "%", "higher", 63, "step", 14, 2.2, 12, 72, ["maf:4", "maf:PM", "maf:10"], ""),
        ("Security incidents", "outcome", "incidents", "lower", 7, "flat", 0, 1.2, -2, 6, ["maf:6", "maf:SM"], ""),
        ("Audit recommendations implemented", "outcome", "%", "higher", 58, "fall", -10, 2.0, 15, 70, ["maf:8", "maf:2", "maf:RM"], ""),
        ("Collection visits, on site and online", "impact", "thousand visits", "higher", 118, "rise", 42, 5.0, 10, None,
         ["maf:9", "maf:RM"], ""),
    ],
    "capability-review": [
        ("Administration budget", "input", "£m per quarter", "lower", 21.5, "flat", 0, 0.4, 0, None, ["capability-review:D1"], ""),
        ("Staff in post", "input", "FTE", "higher", 1320, "fall", -60, 9, 0, None, ["capability-review:L4", "capability-review:D1"], ""),
        ("Grant applications assessed", "activity", "applications", "higher", 640, "rise", 150, 20, 40, None, ["capability-review:D3"], ""),
        ("Bus routes reviewed", "activity", "routes", "higher", 42, "flat", 0, 4, 2, None, ["capability-review:D1"], ""),
        ("Rural bus services funded", "output", "services", "higher", 910, "rise", 160, 18, 40, None,
         ["capability-review:S1", "capability-review:D3"], "Staff in post"),
        ("Grant decisions within 8 weeks", "output", "%", "higher", 67, "step", 15, 2.4, 13, 75, ["capability-review:D3", "capability-review:D2"], ""),
        ("Cost per funded service", "output", "£k", "lower", 23.6, "rise", -2.8, 0.5, -1, 22.0, ["capability-review:D3", "capability-review:S2"], ""),
        ("Villages with a daily bus", "outcome", "%", "higher", 61, "rise", 8, 1.2, 3, 64, ["capability-review:S1", "capability-review:D3"], ""),
        ("Passenger journeys on funded services", "outcome", "thousand journeys", "higher", 3900, "rise", 700, 90, 150, None,
         ["capability-review:S1"], "Rural bus services funded"),
        ("Passenger satisfaction", "outcome", "% satisfied", "higher", 79, "flat", 0, 1.4, 3, 82, ["capability-review:S1"], ""),
        ("Staff engagement index", "outcome", "%", "higher", 56, "step", 7, 1.1, 4, 58, ["capability-review:L2", "capability-review:L4"], ""),
        ("Projects delivered on time", "outcome", "%", "higher", 72, "fall", -9, 2.0, 8, 75, ["capability-review:D3", "capability-review:D2"], ""),
        ("Rural residents within 30 minutes of a town by public transport", "impact", "%", "higher", 68, "rise", 4, 0.6, 2, 70,
         ["capability-review:S1"], ""),
    ],
}


def _series(rng: random.Random, start: float, pattern: str, change: float, noise: float) -> list[float]:
    n = len(QUARTERS)
    out = []
    for i in range(n):
        if pattern == "rise":
            level = start + change * i / (n - 1)
        elif pattern == "step":
            level = start + (change if i >= n // 2 else 0)
        elif pattern == "fall":
            level = start + change * max(0, i - 3) / (n - 4)
        else:
            level = start
        out.append(level + rng.gauss(0, noise))
    return out


def _round(v: float, like: float) -> float:
    return round(v, 0 if abs(like) >= 100 else 1 if abs(like) >= 5 else 2)


# frameworks built on another one's structure reuse its set (links renamed)
BASED_ON = {"tqa": "baldrige", "pqa": "baldrige"}


def _rows(fw: Framework) -> list[Row]:
    """The set of a framework; others get the CAF set with its results links spread over their own
    results nodes (enabler links are dropped)."""
    if fw.id in SETS:
        return SETS[fw.id]
    from npmassess.results.suggest import is_results_node
    own = {n.id for n in fw.nodes()}
    base = BASED_ON.get(fw.id)
    if base:
        return [row[:10] + ([f"{fw.id}:{link.split(':', 1)[1]}" for link in row[10]
                             if link.split(":", 1)[1] in own],) + row[11:] for row in SETS[base]]
    results = [n.id for n in fw.scored_nodes() if is_results_node(fw, n)] or [fw.scored_nodes()[-1].id]
    out = []
    for i, row in enumerate(SETS["caf"]):
        out.append(row[:10] + ([f"{fw.id}:{results[i % len(results)]}"],) + row[11:])
    return out


def demo_measures(fw: Framework) -> list[Measure]:
    """The demo measures of a framework's demo organisation (deterministic)."""
    rng = random.Random(f"register/{fw.id}")
    rows = _rows(fw)
    measures = []
    for name, level, unit, direction, start, pattern, change, noise, tgt, comp, links, _rel in rows:
        values = _series(rng, start, pattern, change, noise)
        m = Measure("", name, level, definition=f"{name}, counted each quarter from the unit's records.",
                    unit=unit, direction=direction, source="Management information system", owner="Performance officer",
                    baseline=_round(values[0], start), baseline_period=QUARTERS[0],
                    comparison_name="Average of comparable units" if comp is not None else "", links=list(links))
        for i, (period, v) in enumerate(zip(QUARTERS, values)):
            year_target = start + tgt + (change * 0.25 * (i // 4) if pattern == "rise" else 0)
            target = _round(year_target, start) if tgt else None
            comparison = _round(comp + rng.gauss(0, noise / 3), comp) if comp is not None else None
            m.observations.append(Observation(period, _round(v, start), target, comparison))
        measures.append(m)
    return measures


def ensure_demo_register(store, fw: Framework, organisation: str, unit: str) -> int:
    """Give a demo unit its register unless it already has one; returns the number of measures added."""
    if load_register(store, organisation, unit).measures:
        return 0
    measures = demo_measures(fw)
    ids = save_measures(store, organisation, unit, measures)
    by_name = {m.name: i for m, i in zip(measures, ids)}
    related = []
    for m, row in zip(measures, _rows(fw)):
        if row[-1]:
            m.relates_to = by_name[row[-1]]
            related.append(m)
    save_measures(store, organisation, unit, related)
    return len(measures)
