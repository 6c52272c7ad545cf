"""Assessment snapshots as rows of the shared tables (npmassess.schema), and back."""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Iterable, Mapping

from npmassess.assessment import Action, Assessment, Note, Participant, now
from npmassess.figures import from_json, image_digests, to_json
from npmassess.schema import TYPES, shared_tables, table


def _row_dicts(a: Assessment) -> dict[str, list[dict[str, Any]]]:
    return {
        "assessments": [{"id": a.id, "organisation": a.organisation, "unit": a.unit,
                         "framework_id": a.framework_id, "edition": a.edition, "method": a.method,
                         "cycle": a.cycle, "status": a.status, "created": a.created or now(),
                         "updated": a.updated or now(), "language": a.language or "",
                         "stage": a.stage or "individual"}],
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
        "figures": [{"assessment_id": a.id, "node_id": n, "figures": to_json(figs)}
                    for n, figs in a.figures.items() if figs],
    }


def image_rows(a: Assessment) -> list[tuple]:
    """Rows of hub_figure_images: the bytes of every image the assessment's figures show, with that assessment.

    ValidationError naming the figure when the snapshot lacks an image (a hub never holds a figure
    without its picture)."""
    from npmassess.errors import ValidationError
    from npmassess.figure_images import info_of
    from npmassess.i18n import _
    for figs in a.figures.values():
        for f in figs:
            if f.is_image and f.image not in a.images:
                raise ValidationError("figures", _("figure {n}: its image is not in the file").format(n=f.number))
    out = []
    for digest in sorted(image_digests(a.figures)):
        data = bytes(a.images[digest])
        kind, w, h = info_of(data)
        out.append({"assessment_id": a.id, "digest": digest, "kind": kind, "width": w, "height": h, "data": data})
    names = table("hub_figure_images").names
    return [tuple(d[c] for c in names) for d in out]


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


def build(headers: Iterable[tuple], parts: Mapping[str, Iterable[tuple]]) -> list[Assessment]:
    """Assessments from rows (columns in definition order); parts may omit tables (not loaded)."""
    names = table("assessments").names
    found = {}
    for r in headers:
        a = Assessment(**dict(zip(names, r)))  # every column is a field of Assessment
        a.language = a.language or ""
        a.stage = a.stage or "individual"
        found[a.id] = a

    def rows_of(name: str, *fields: str):
        """(the wanted fields of each row), by position in the definition (no dict per row)."""
        if name not in parts:
            return []
        names = table(name).names
        if list(fields) == names:
            return parts[name]
        return map(itemgetter(*(names.index(f) for f in fields)), parts[name])
    owner: dict[str, Assessment] = {}
    for pid, aid, name, role, pos in rows_of("participants", "id", "assessment_id", "name", "role", "position"):
        owner[pid] = found[aid]
        found[aid].participants.append(Participant(pid, name, role or "", pos or 0))
    for pid, node, dim, value in rows_of("ratings", "participant_id", "node_id", "dimension", "value"):
        rater_of = owner.get(pid)
        if rater_of is not None:
            rater_of.ratings[(pid, node, dim)] = value
    for aid, node, dim, value in rows_of("consensus_ratings", "assessment_id", "node_id", "dimension", "value"):
        found[aid].consensus[(node, dim)] = value
    for aid, node, text in rows_of("consensus", "assessment_id", "node_id", "rationale"):
        found[aid].rationale[node] = text
    for aid, node, text in rows_of("narratives", "assessment_id", "node_id", "text"):
        found[aid].narratives[node] = text
    for aid, node, text in rows_of("figures", "assessment_id", "node_id", "figures"):
        figs = from_json(text)
        if figs:
            found[aid].figures[node] = figs
    for aid, digest, data in rows_of("hub_figure_images", "assessment_id", "digest", "data"):
        found[aid].images[digest] = bytes(data)
    for nid, aid, pid, node, kind, text, pos in rows_of("notes", "id", "assessment_id", "participant_id", "node_id",
                                                        "kind", "text", "position"):
        found[aid].notes.append(Note(nid, node, kind, text, pid, pos or 0))
    actions: dict[str, Action] = {}
    for xid, aid, title, desc, who, due, impact, effort, status, pos in rows_of(
            "actions", "id", "assessment_id", "title", "description", "owner", "due", "impact", "effort", "status",
            "position"):
        x = Action(xid, title, desc or "", who or "", due or "", impact, effort, status, [], [], pos or 0)
        actions[xid] = x
        found[aid].actions.append(x)
    for xid, node, note in rows_of("action_links", "action_id", "node_id", "note_id"):
        linked = actions.get(xid)
        if linked is not None and node:
            linked.node_ids.append(node)
        if linked is not None and note:
            linked.note_ids.append(note)
    for a in found.values():
        a.participants.sort(key=lambda p: p.position)
        a.notes.sort(key=lambda n: n.position)
        a.actions.sort(key=lambda x: x.position)
    return list(found.values())
