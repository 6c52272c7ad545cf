"""Evidence rules against optimism: scores above the framework's band need evidence; stale evidence.

A method may set evidence_required_above (frameworks/FORMAT.md). A score of a dimension above it
needs evidence on the node: an evidence note of the assessor who gave it, or a consolidated one
(for the consensus score, any evidence note on the node counts). Evidence 'held but not attached'
counts, and is listed so it can be attached before the report goes out.

Stale evidence: dated before the cycle began. The cycle begins on 1 January of the first year its
label names ("2025-2026" -> 2025-01-01); a label naming one year ("2026") is taken as the
self-assessment year looking back over the year before, so it begins on 1 January of that year
minus one (2025-01-01). Labels without a year give no stale check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from npmassess.assessment import Assessment, Note


@dataclass(frozen=True)
class Gap:
    """A score above the evidence band without evidence on the node."""

    node_id: str
    participant_id: str | None  # None = the consensus score
    dimensions: tuple[tuple[str, float], ...]  # (dimension id, value) above the band


@dataclass
class EvidenceReport:
    threshold: int | None
    gaps: list[Gap]
    held: list[Note]  # evidence held but not attached
    stale: list[Note]  # evidence dated before the cycle began
    cycle_start: str | None

    @property
    def consensus_gaps(self) -> list[Gap]:
        return [g for g in self.gaps if g.participant_id is None]

    @property
    def individual_gaps(self) -> list[Gap]:
        return [g for g in self.gaps if g.participant_id is not None]


def cycle_start(cycle: str) -> str | None:
    """ISO date the cycle began (see the module docstring), or None when the label names no year."""
    years = [int(y) for y in re.findall(r"(?<!\d)(19\d\d|20\d\d|21\d\d)(?!\d)", cycle or "")]
    if not years:
        return None
    first = min(years) if len(set(years)) > 1 else years[0] - 1
    return f"{first:04d}-01-01"


def threshold(fw, a: Assessment) -> int | None:
    return fw.method(a.method).evidence_required_above


def needs_evidence(fw, a: Assessment, values: dict[str, float | None]) -> list[tuple[str, float]]:
    """The (dimension, value) pairs above the evidence band among one node's values."""
    limit = threshold(fw, a)
    if limit is None:
        return []
    return [(d, v) for d, v in values.items() if v is not None and v > limit]


def has_evidence(a: Assessment, node_id: str, participant_id: str | None) -> bool:
    """Evidence for a score: the assessor's own or a consolidated note (consensus: any note)."""
    for n in a.notes:
        if n.node_id == node_id and n.kind == "evidence" and n.text.strip():
            if participant_id is None or n.participant_id in (None, participant_id):
                return True
    return False


def gaps(fw, a: Assessment) -> list[Gap]:
    """Every score above the band without evidence: consensus first, then each assessor, by node order."""
    limit = threshold(fw, a)
    if limit is None:
        return []
    method = fw.method(a.method)
    out: list[Gap] = []
    for who in [None] + [p.id for p in a.participants]:
        for node in fw.scored_nodes():
            dims = [d.id for d in method.dimensions_for(node.type)]
            if who is None:
                values = {d: a.consensus.get((node.id, d)) for d in dims}
            else:
                values = {d: a.ratings.get((who, node.id, d)) for d in dims}
            high = needs_evidence(fw, a, values)
            if high and not has_evidence(a, node.id, who):
                out.append(Gap(node.id, who, tuple(high)))
    return out


def report(fw, a: Assessment) -> EvidenceReport:
    """Gaps, evidence held but not attached, and stale evidence of an assessment."""
    start = cycle_start(a.cycle)
    evidence = [n for n in a.notes if n.kind == "evidence"]
    stale = [n for n in evidence if start and n.dated and n.dated < start]
    return EvidenceReport(threshold(fw, a), gaps(fw, a), [n for n in evidence if n.held], stale, start)


def is_stale(a: Assessment, note: Note) -> bool:
    start = cycle_start(a.cycle)
    return bool(start and note.kind == "evidence" and note.dated and note.dated < start)
