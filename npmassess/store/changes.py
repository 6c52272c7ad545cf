"""Change records: what one committed edit changed, row by row (old and new values).

Every store edit produces a list of Change records inside its write transaction. They are what
the GUI patches its snapshot from, what undo and redo replay (inverse records, checked against the
current values), and what an audit trail can write in the same transaction (Store.commit_hooks).

Values are immutable: a score is a float or None (no row); a text is a str or None; a note,
participant, action or header is a tuple of (field, value) pairs or None (no row).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from npmassess.assessment import Action, Assessment, Note, Participant

# table -> what the key is
TABLES = {
    "ratings": "(participant_id, node_id, dimension)",
    "consensus_ratings": "(node_id, dimension)",
    "consensus": "node_id (rationale text)",
    "narratives": "node_id (narrative text)",
    "figures": "node_id (the node's figures as JSON text, npmassess.figures)",
    "notes": "note_id",
    "actions": "action_id (fields, node_ids, note_ids, position)",
    "participants": "participant_id (name, role, position)",
    "assessments": "assessment_id (changed header fields only)",
}

NOTE_FIELDS = ("node_id", "kind", "text", "participant_id", "position")
ACTION_FIELDS = ("title", "description", "owner", "due", "impact", "effort", "status", "node_ids", "note_ids",
                 "position")
PARTICIPANT_FIELDS = ("name", "role", "position")

Row = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Change:
    """One row that one edit changed: table, assessment, key, value before, value after."""

    table: str
    assessment_id: str
    key: Any
    old: Any
    new: Any

    def inverse(self) -> "Change":
        """The record that undoes this one."""
        return Change(self.table, self.assessment_id, self.key, self.new, self.old)

    @property
    def participant_id(self) -> str | None:
        """The participant whose scores this record touches (None for the consensus or not a score)."""
        return self.key[0] if self.table == "ratings" else None

    @property
    def node_id(self) -> str | None:
        """The framework node this record is about, when it is about one."""
        if self.table == "ratings":
            return self.key[1]
        if self.table == "consensus_ratings":
            return self.key[0]
        if self.table in ("consensus", "narratives", "figures"):
            return self.key
        if self.table == "notes":
            row = dict(self.new or self.old or ())
            return row.get("node_id")
        return None


def inverse(changes: Iterable[Change]) -> list[Change]:
    """The records that undo a list of records (in reverse order, so rows reappear before their links)."""
    return [c.inverse() for c in reversed(list(changes))]


def row(obj: object, fields: tuple[str, ...]) -> Row:
    """An immutable row value from a Note/Action/Participant or a dict."""
    get = obj.get if isinstance(obj, dict) else (lambda k: getattr(obj, k))
    out = []
    for f in fields:
        v = get(f)
        out.append((f, tuple(v) if isinstance(v, list) else v))
    return tuple(out)


def note_row(note: Note) -> Row:
    return row(note, NOTE_FIELDS)


def action_row(action: Action) -> Row:
    return row(action, ACTION_FIELDS)


def participant_row(p: Participant) -> Row:
    return row(p, PARTICIPANT_FIELDS)


def kinds(changes: Iterable[Change]) -> set[str]:
    """The session change kinds (views' refresh keys) these records touch."""
    names = {"ratings": "ratings", "consensus_ratings": "consensus", "consensus": "consensus",
             "narratives": "narratives", "figures": "narratives", "notes": "notes", "actions": "actions",
             "participants": "participants", "assessments": "assessment"}
    return {names[c.table] for c in changes}


def patch(a: Assessment, changes: Iterable[Change]) -> None:
    """Apply committed records to a snapshot in place (what a reload would have given)."""
    touched_notes = touched_actions = touched_people = False
    for c in changes:
        if c.assessment_id != a.id:
            continue
        if c.table in ("ratings", "consensus_ratings", "consensus", "narratives"):
            tables: dict[str, dict[Any, Any]] = {"ratings": a.ratings, "consensus_ratings": a.consensus,
                                                 "consensus": a.rationale, "narratives": a.narratives}
            target = tables[c.table]
            if c.new is None:
                target.pop(c.key, None)
            else:
                target[c.key] = c.new
        elif c.table == "figures":
            from npmassess.figures import from_json
            if c.new is None:
                a.figures.pop(c.key, None)
            else:
                a.figures[c.key] = from_json(c.new)
        elif c.table == "notes":
            a.notes = [n for n in a.notes if n.id != c.key]
            if c.new is not None:
                a.notes.append(Note(c.key, **dict(c.new)))
            touched_notes = True
        elif c.table == "actions":
            a.actions = [x for x in a.actions if x.id != c.key]
            if c.new is not None:
                fields = dict(c.new)
                fields["node_ids"], fields["note_ids"] = list(fields["node_ids"]), list(fields["note_ids"])
                a.actions.append(Action(c.key, **fields))
            touched_actions = True
        elif c.table == "participants":
            a.participants = [p for p in a.participants if p.id != c.key]
            if c.new is not None:
                a.participants.append(Participant(c.key, **dict(c.new)))
            touched_people = True
        elif c.table == "assessments":
            for k, v in dict(c.new).items():
                setattr(a, k, v)
    # the store lists rows by position (then insertion order): keep that order
    if touched_notes:
        a.notes.sort(key=lambda n: n.position)
    if touched_actions:
        a.actions.sort(key=lambda x: x.position)
    if touched_people:
        a.participants.sort(key=lambda p: p.position)
