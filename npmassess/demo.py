"""Realistic sample assessments, one per bundled framework (deterministic: seeded)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from npmassess.assessment import Action, Assessment, Note, Participant, new_id, now
from npmassess.model import Framework, Scale
from npmassess.store import Store

# roles are the canonical values of PARTICIPANT_ROLES: stored in English, shown translated (value_label)
PEOPLE = [("Anna Kowalska", "Facilitator"), ("Jean-Luc Dubois", "Member"), ("Maria Papadopoulou", "Member"),
          ("Søren Nielsen", "Member"), ("Zoë Martin", "Observer")]

SETTINGS = {
    "caf": ("City of Valmora, Department of Social Services", "Family Benefits Unit", "2026"),
    "baldrige": ("Riverside County Public Health Department", "Community Health Services", "2026"),
    "maf": ("Canadian Heritage Archives Agency", "Corporate Services Branch", "2025-26"),
    "capability-review": ("Department for Rural Transport", "Whole department", "2026"),
    "efqm": ("Nordhaven Water Authority", "Customer Operations Directorate", "2026"),
    "pma-scorecard": ("Department of Land and Water Resources", "Agency-wide (self-rating before OMB review)", "FY2004 Q2"),
    "kr-gpe": ("Ministry of Coastal Affairs (example)", "Planning and Coordination Office", "2022"),
    "tqa": ("Chao Phraya Provincial Waterworks", "Whole organisation", "2026"),
    "pqa": ("City Government of San Isidro", "Business Permits and Licensing Office", "2026"),
}

# Consensus (status, progress) per PMA initiative: shows the lights are independent (red status with
# green progress on e-government), as on the published scorecards.
PMA_CONSENSUS = {"1": ("Yellow", "Green"), "2": ("Red", "Yellow"), "3": ("Green", "Green"),
                 "4": ("Red", "Green"), "5": ("Yellow", "Red")}

NOTES = {
    "pma-scorecard": (
        ["The workforce plan was approved in January and names every mission-critical occupation.",
         "Financial statements received an unqualified opinion, delivered 45 days after year end.",
         "The deliverables agreed with OMB for this quarter were all met on time.",
         "Two business cases were re-baselined and now stay within 10 % of cost and schedule."],
        ["One of the red conditions still applies: a material weakness in the grants system.",
         "Competitions announced last year have slipped by two quarters.",
         "Programme measures exist but are not yet used in the budget request.",
         "Security certification is missing for three major systems."],
        ["Quarterly PMA deliverables tracker, Q2.", "Auditor's report, FY2003.", "OMB scorecard memo of 30 March.",
         "Exhibit 300 business cases for the major IT investments."]),
    "kr-gpe": (
        ["The flagship policy reached its 2022 target three months early.",
         "Twelve regulations were eased after the regulatory sandbox review.",
         "Citizen satisfaction with policy briefings rose to 71 % in the second half.",
         "The complaints portal now answers within five working days on average."],
        ["Two policy tasks are behind schedule and lack interim indicators.",
         "Affiliated institutions report innovation plans but few results.",
         "Press coverage is mostly negative on the housing subsidy change.",
         "Proactive administration cases are not documented consistently."],
        ["Self-evaluation report to the evaluation committee, December 2022.", "Citizen survey, November 2022.",
         "Regulatory reform register extract.", "Minutes of the proactive administration committee."]),
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
    a.language = "en"  # the demo's notes are written in English
    a.participants = [Participant(new_id(), n, r, i) for i, (n, r) in enumerate(PEOPLE)]
    bias = {p.id: rng.uniform(-12, 12) for p in a.participants}
    strengths, improvements, evidence = NOTES.get(fw.id, (STRENGTHS, IMPROVEMENTS, EVIDENCE))
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
            if fw.id == "pma-scorecard" and node.id in PMA_CONSENSUS:
                wanted = PMA_CONSENSUS[node.id][0 if dim.id == "status" else 1]
                a.consensus[(node.id, dim.id)] = float(next(lv.value for lv in scale.levels if lv.label("en") == wanted))
        low, high = min(v for (_, n, _), v in a.ratings.items() if n == node.id), \
            max(v for (_, n, _), v in a.ratings.items() if n == node.id)
        if m.separate:
            a.rationale[node.id] = ("Status and progress were agreed one after the other, each on its own evidence; "
                                    "neither rating was allowed to pull the other up or down.")
        else:
            a.rationale[node.id] = (f"Individual scores ranged from {low:g} to {high:g}. The group agreed on the "
                                    f"median after discussing the evidence for {node.id}.")
        for i, p in enumerate(rng.sample(a.participants, 3)):
            for kind, pool in (("strength", strengths), ("improvement", improvements), ("evidence", evidence)):
                a.notes.append(Note(new_id(), node.id, kind, rng.choice(pool), p.id, i))
        a.notes.append(Note(new_id(), node.id, "strength", rng.choice(strengths), None, 0))
        a.notes.append(Note(new_id(), node.id, "improvement", rng.choice(improvements), None, 0))
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
    """Write a demo assessment (and its unit's results register) to the store and return its id."""
    from npmassess.results.demo import ensure_demo_register
    a = build_demo(fw, method)
    store.write_assessment(a)
    ensure_demo_register(store, fw, a.organisation, a.unit)
    return a.id
