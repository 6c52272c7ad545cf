"""Assessment snapshots as rows of the shared tables (npmassess.schema), and back."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from npmassess.assessment import Action, Assessment, Note, Participant, now
from npmassess.schema import TYPES, shared_tables, table


def _row_dicts(a: Assessment) -> dict[str, list[dict[str, Any]]]:
    return {
        "assessments": [{"id": a.id, "organisation": a.organisation, "unit": a.unit,
                         "framework_id": a.framework_id, "edition": a.edition, "method": a.method,
                         "cycle": a.cycle, "status": a.status, "created": a.created or now(),
                         "updated": a.updated or now()}],
        "participants": [{"id": p.id, "assessment_id": a.id, "name": p.name, "role": p.role, "position": i}
                         for i, p in enumerate(a.participants)],
        "ratings": [{"participant_id": p, "node_id": n, "dimension": d, "value": v}
                    for (p, n, d), v in a.ratings.items()],
        "consensus_ratings": [{"assessment_id": a.id, "node_id": n, "dimension": d, "value": v}
                              for (n, d), v in a.consensus.items()],
        "consensus": [{"assessment_id": a.id, "node_id": n, "rationale": t} for n, t in a.rationale.items()],
        "notes": [{"id": n.id, "assessment_id": a.id, "participant_id": n.participant_id, "node_id": n.node_id,
                   "kind": n.kind, "text": n.text, "position": n.position} for n in a.notes],
        "actions": [{"id": x.id, "assessment_id": a.id, "title": x.title, "description": x.description,
                     "owner": x.owner, "due": x.due, "impact": x.impact, "effort": x.effort,
                     "status": x.status, "position": i} for i, x in enumerate(a.actions)],
        "action_links": [{"action_id": x.id, "node_id": n, "note_id": None} for x in a.actions for n in x.node_ids]
        + [{"action_id": x.id, "node_id": None, "note_id": n} for x in a.actions for n in x.note_ids],
        "narratives": [{"assessment_id": a.id, "node_id": n, "text": t} for n, t in a.narratives.items()],
    }


def rows(a: Assessment) -> dict[str, list[tuple]]:
    """Table -> row tuples in the definition's column order (parents first).

    A KeyError here means the schema definition has a column this function does not fill: add it.
    """
    dicts = _row_dicts(a)
    out = {}
    for t in shared_tables():
        out[t.name] = [tuple(d[c] for c in t.names) for d in dicts[t.name]]
    return out


def insert_sql(name: str) -> str:
    """One INSERT for all rows of a table: each parameter is a column's array (unnest)."""
    t = table(name)
    arrays = ", ".join(f"%b::{TYPES[c.type][1]}[]" for c in t.columns)  # binary: no text quoting
    return f"insert into {name} ({', '.join(t.names)}) select * from unnest({arrays})"


def columns_of(data: list[tuple]) -> list[list]:
    """Row tuples -> one list per column (the parameters of insert_sql)."""
    return [list(col) for col in zip(*data)]


def build(headers: Iterable[tuple], parts: dict[str, Iterable[tuple]]) -> list[Assessment]:
    """Assessments from rows (columns in definition order); parts may omit tables (not loaded)."""
    found = {r[0]: Assessment(*r) for r in headers}
    pid_owner: dict[str, str] = {}
    cols = {name: table(name).names for name in parts}

    def each(name: str):
        for r in parts.get(name, ()):
            yield dict(zip(cols[name], r))
    for r in each("participants"):
        pid_owner[r["id"]] = r["assessment_id"]
        found[r["assessment_id"]].participants.append(Participant(r["id"], r["name"], r["role"] or "",
                                                                  r["position"] or 0))
    for r in each("ratings"):
        owner = pid_owner.get(r["participant_id"])
        if owner in found:
            found[owner].ratings[(r["participant_id"], r["node_id"], r["dimension"])] = r["value"]
    for r in each("consensus_ratings"):
        found[r["assessment_id"]].consensus[(r["node_id"], r["dimension"])] = r["value"]
    for r in each("consensus"):
        found[r["assessment_id"]].rationale[r["node_id"]] = r["rationale"]
    for r in each("narratives"):
        found[r["assessment_id"]].narratives[r["node_id"]] = r["text"]
    for r in each("notes"):
        found[r["assessment_id"]].notes.append(Note(r["id"], r["node_id"], r["kind"], r["text"],
                                                    r["participant_id"], r["position"] or 0))
    actions: dict[str, Action] = {}
    for r in each("actions"):
        x = Action(r["id"], r["title"], r["description"] or "", r["owner"] or "", r["due"] or "",
                   r["impact"], r["effort"], r["status"], [], [], r["position"] or 0)
        actions[x.id] = x
        found[r["assessment_id"]].actions.append(x)
    links = defaultdict(list)
    for r in each("action_links"):
        links[r["action_id"]].append(r)
    for action_id, items in links.items():
        x = actions.get(action_id)
        if x is None:
            continue
        x.node_ids += [r["node_id"] for r in items if r["node_id"]]
        x.note_ids += [r["note_id"] for r in items if r["note_id"]]
    for a in found.values():
        a.participants.sort(key=lambda p: p.position)
        a.notes.sort(key=lambda n: n.position)
        a.actions.sort(key=lambda x: x.position)
    return list(found.values())
