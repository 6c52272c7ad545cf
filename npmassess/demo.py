"""Realistic sample assessments, one per bundled framework (deterministic: seeded)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from npmassess.assessment import Action, Assessment, Note, Participant, new_id, now
from npmassess.model import Framework, Scale
from npmassess.store import Store

PEOPLE = [("Anna Kowalska", "Facilitator, quality manager"), ("Jean-Luc Dubois", "Head of operations"),
          ("Maria Papadopoulou", "HR business partner"), ("Søren Nielsen", "Finance officer"),
          ("Zoë Martin", "Front-line team leader")]

SETTINGS = {
    "caf": ("City of Valmora, Department of Social Services", "Family Benefits Unit", "2026"),
    "baldrige": ("Riverside County Public Health Department", "Community Health Services", "2026"),
    "maf": ("Canadian Heritage Archives Agency", "Corporate Services Branch", "2025-26"),
    "capability-review": ("Department for Rural Transport", "Whole department", "2026"),
}

STRENGTHS = [
    "Managers review progress on this every quarter and the minutes record the decisions taken.",
    "A written procedure exists, staff know it and all three regional offices use it.",
    "Staff survey 2025: 78 % agree that practice here has improved since the last self-assessment.",
    "Good practice was exchanged with two neighbouring municipalities in 2025.",
    "Responsibilities are clear: each activity has a named owner in the management plan.",
    "Citizens' complaints are analysed monthly and lead to visible changes.",
]
IMPROVEMENTS = [
    "No indicators are defined, so progress cannot be shown with data.",
    "Practice differs between offices; there is no shared standard.",
    "Citizens and partners are not yet asked for feedback on this.",
    "The last review dates from 2023 and its actions were not followed up.",
    "Results are collected but not compared with similar organisations.",
    "New staff learn the approach on the job only; there is no induction material.",
]
EVIDENCE = [
    "Annual management report 2025, chapter 3.",
    "Interviews with six team leaders during the preparation workshop.",
    "Internal audit memo AU-2025-07 and the management response.",
    "Dashboard extract, January-September 2026.",
    "Staff survey 2025, questions 12-18.",
    "Minutes of the management board, 14 March 2026.",
]
ACTIONS = [
    ("Define indicators and targets ({t})", "Agree three indicators, a baseline and a target with the management team."),
    ("Standardise the procedure across offices ({t})", "Write one procedure, train team leaders, check its use after six months."),
    ("Ask citizens and partners for feedback ({t})", "Add four questions to the yearly user survey and report the results."),
    ("Review and follow up open actions ({t})", "Run a PDCA review and publish the outcome on the intranet."),
]


def _snap(scale: Scale, value: float) -> int:
    allowed = scale.allowed()
    return min(allowed, key=lambda v: abs(v - value))


def build_demo(fw: Framework, method: str | None = None, seed: int = 2026) -> Assessment:
    """An assessment with five participants, notes, consensus and eight actions."""
    rng = random.Random(f"{fw.key}/{seed}")
    org, unit, cycle = SETTINGS.get(fw.id, ("Example Public Agency", "Head office", "2026"))
    m = fw.method(method)
    a = Assessment(new_id(), org, unit, fw.id, fw.edition, m.id, cycle, "consensus", now(), now())
    a.participants = [Participant(new_id(), n, r, i) for i, (n, r) in enumerate(PEOPLE)]
    bias = {p.id: rng.uniform(-12, 12) for p in a.participants}
    for node in fw.scored_nodes():
        base = rng.uniform(25, 75)
        for dim in m.dimensions_for(node.type):
            scale = dim.scale
            values = []
            for p in a.participants:
                if scale.ordinal:
                    levels = scale.levels
                    idx = int(rng.triangular(0, len(levels) - 0.01, len(levels) * (1 - base / 100)))
                    value = levels[min(idx, len(levels) - 1)].value
                else:
                    value = _snap(scale, base + bias[p.id] + rng.uniform(-15, 15))
                a.ratings[(p.id, node.id, dim.id)] = float(value)
                values.append(value)
            values.sort()
            a.consensus[(node.id, dim.id)] = float(values[len(values) // 2])
        low, high = min(v for (_, n, _), v in a.ratings.items() if n == node.id), \
            max(v for (_, n, _), v in a.ratings.items() if n == node.id)
        a.rationale[node.id] = (f"Individual scores ranged from {low:g} to {high:g}. The group agreed on the "
                                f"median after discussing the evidence for {node.id}.")
        for i, p in enumerate(rng.sample(a.participants, 3)):
            for kind, pool in (("strength", STRENGTHS), ("improvement", IMPROVEMENTS), ("evidence", EVIDENCE)):
                a.notes.append(Note(new_id(), node.id, kind, rng.choice(pool), p.id, i))
        a.notes.append(Note(new_id(), node.id, "strength", rng.choice(STRENGTHS), None, 0))
        a.notes.append(Note(new_id(), node.id, "improvement", rng.choice(IMPROVEMENTS), None, 0))
    targets = sorted(fw.scored_nodes(), key=lambda n: a.consensus.get((n.id, m.dimensions_for(n.type)[0].id), 0))
    statuses = ["planned", "in progress", "done", "planned", "in progress", "planned", "cancelled", "planned"]
    today = date(2026, 11, 23)
    for i in range(8):
        node = targets[i % len(targets)]
        title, desc = ACTIONS[i % len(ACTIONS)]
        afi = next((n.id for n in a.notes if n.node_id == node.id and n.kind == "improvement"
                    and n.participant_id is None), None)
        a.actions.append(Action(new_id(), title.format(t=f"{fw.label('node')} {node.id}"), desc,
                                PEOPLE[i % len(PEOPLE)][0], (today + timedelta(days=45 * (i + 1))).isoformat(),
                                rng.randint(2, 5), rng.randint(1, 5), statuses[i], [node.id],
                                [afi] if afi else [], i))
    from npmassess.demo_award import add_award_content
    add_award_content(a, fw)  # Baldrige: narratives for P.1, P.2 and every item, results figures
    return a


def create_demo(store: Store, fw: Framework, method: str | None = None) -> str:
    """Write a demo assessment to the store and return its id."""
    a = build_demo(fw, method)
    store.write_assessment(a)
    return a.id
