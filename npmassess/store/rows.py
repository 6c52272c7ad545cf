"""Reading and writing one row by its change-record key, and replaying records (undo, redo)."""

from __future__ import annotations

from typing import Any, Iterable

from npmassess.errors import EditConflict, ValidationError
from npmassess.i18n import _
from npmassess.store.changes import ACTION_FIELDS, NOTE_FIELDS, PARTICIPANT_FIELDS, Change
from npmassess.store.base import StoreBase

_SCORE = {"ratings": ("ratings", "participant_id"), "consensus_ratings": ("consensus_ratings", "assessment_id")}
_TEXT = {"consensus": "rationale", "narratives": "text", "figures": "figures"}  # figures: their JSON
_HEADER = ("organisation", "unit", "cycle", "status", "method", "language")


def describe(change: Change) -> str:
    """What a record is about, for a user-facing sentence."""
    if change.table in ("ratings", "consensus_ratings"):
        node, dim = change.key[-2:]
        return f"the score {node} {dim}"
    if change.table == "consensus":
        return f"the rationale of {change.key}"
    if change.table == "narratives":
        return f"the narrative of {change.key}"
    if change.table == "figures":
        return f"the figures of {change.key}"
    return {"notes": "a note", "actions": "an improvement action", "participants": "a participant",
            "assessments": "the assessment details"}.get(change.table, change.table)


class RowAccess(StoreBase):
    """Mixin of Store: the current value of a record's row, writing a record's new value."""

    def _current(self, table: str, aid: str, key: Any) -> Any:
        q = self.db.execute
        if table in _SCORE:
            name, col = _SCORE[table]
            ident = key[0] if table == "ratings" else aid
            row = q(f"select value from {name} where {col} = ? and node_id = ? and dimension = ?",
                    [ident, *key[-2:]]).fetchone()
            return row[0] if row else None
        if table in _TEXT:
            row = q(f"select {_TEXT[table]} from {table} where assessment_id = ? and node_id = ?",
                    [aid, key]).fetchone()
            return row[0] if row else None
        if table == "notes":
            row = q(f"select {', '.join(NOTE_FIELDS)} from notes where id = ?", [key]).fetchone()
            return tuple(zip(NOTE_FIELDS, row)) if row else None
        if table == "participants":
            row = q(f"select {', '.join(PARTICIPANT_FIELDS)} from participants where id = ?", [key]).fetchone()
            return tuple(zip(PARTICIPANT_FIELDS, row)) if row else None
        if table == "actions":
            row = q("select title, description, owner, due, impact, effort, status, position from actions"
                    " where id = ?", [key]).fetchone()
            if row is None:
                return None
            links = q("select node_id, note_id from action_links where action_id = ? order by rowid", [key]).fetchall()
            values = dict(zip(("title", "description", "owner", "due", "impact", "effort", "status", "position"), row))
            values["node_ids"] = tuple(n for n, _ in links if n)
            values["note_ids"] = tuple(n for _, n in links if n)
            return tuple((f, values[f]) for f in ACTION_FIELDS)
        if table == "assessments":
            row = q(f"select {', '.join(_HEADER)} from assessments where id = ?", [key]).fetchone()
            return tuple(zip(_HEADER, row)) if row else None
        raise ValueError(f"unknown change table {table!r}")

    def _put(self, table: str, aid: str, key: Any, new: Any) -> None:
        q = self.db.execute
        if table in _SCORE:
            name, col = _SCORE[table]
            ident = key[0] if table == "ratings" else aid
            if new is None:
                q(f"delete from {name} where {col} = ? and node_id = ? and dimension = ?", [ident, *key[-2:]])
            else:
                q(f"insert or replace into {name} ({col}, node_id, dimension, value) values (?, ?, ?, ?)",
                  [ident, *key[-2:], new])
        elif table in _TEXT:
            col = _TEXT[table]
            if new is None:
                q(f"delete from {table} where assessment_id = ? and node_id = ?", [aid, key])
            else:
                q(f"insert or replace into {table} (assessment_id, node_id, {col}) values (?, ?, ?)", [aid, key, new])
        elif table == "notes":
            if new is None:
                q("delete from notes where id = ?", [key])
            else:
                v = dict(new)
                q("insert into notes (id, assessment_id, participant_id, node_id, kind, text, position)"
                  " values (?, ?, ?, ?, ?, ?, ?) on conflict(id) do update set participant_id = excluded.participant_id,"
                  " node_id = excluded.node_id, kind = excluded.kind, text = excluded.text,"
                  " position = excluded.position",
                  [key, aid, v["participant_id"], v["node_id"], v["kind"], v["text"], v["position"]])
        elif table == "participants":
            if new is None:
                q("delete from participants where id = ?", [key])
            else:
                v = dict(new)
                q("insert into participants (id, assessment_id, name, role, position) values (?, ?, ?, ?, ?)"
                  " on conflict(id) do update set name = excluded.name, role = excluded.role,"
                  " position = excluded.position", [key, aid, v["name"], v["role"], v["position"]])
        elif table == "actions":
            q("delete from action_links where action_id = ?", [key])
            if new is None:
                q("delete from actions where id = ?", [key])
                return
            v = dict(new)
            q("insert into actions (id, assessment_id, title, description, owner, due, impact, effort, status,"
              " position) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict(id) do update set"
              " title = excluded.title, description = excluded.description, owner = excluded.owner,"
              " due = excluded.due, impact = excluded.impact, effort = excluded.effort,"
              " status = excluded.status, position = excluded.position",
              [key, aid, v["title"], v["description"], v["owner"], v["due"], v["impact"], v["effort"],
               v["status"], v["position"]])
            for node_id in v["node_ids"]:
                q("insert into action_links (action_id, node_id, note_id) values (?, ?, null)", [key, node_id])
            for note_id in v["note_ids"]:
                q("insert into action_links (action_id, node_id, note_id) values (?, null, ?)", [key, note_id])
        elif table == "assessments":
            v = dict(new)
            if any(k not in _HEADER for k in v):
                raise ValidationError("assessment", "only header fields can be changed")
            q(f"update assessments set {', '.join(f'{k} = ?' for k in v)} where id = ?", [*v.values(), key])
        else:
            raise ValueError(f"unknown change table {table!r}")

    def _change(self, table: str, aid: str, key: Any, new: Any, old: Any = ...) -> Change | None:
        """Write one row inside the open write transaction and record it (None if nothing changed)."""
        if old is ...:
            old = self._current(table, aid, key)
        if table == "assessments" and old is not None:
            fields = dict(new)  # header records list their fields in one order, so they compare equal
            new = tuple((k, fields[k]) for k in _HEADER if k in fields)
            old = tuple((k, v) for k, v in old if k in fields)
        if old == new:
            return None
        self._put(table, aid, key, new)
        change = Change(table, aid, key, old, new)
        assert self._tx is not None, "_change runs inside self._write()"
        self._tx.changes.append(change)
        return change

    def apply_changes(self, changes: Iterable[Change]) -> list[Change]:
        """Replay records (undo: their inverse; redo: the records) in one transaction.

        Each row must still hold the record's old value: undo never writes back over a value it did
        not write. Otherwise nothing is written and EditConflict names what changed.
        """
        changes = list(changes)
        with self._write() as tx:
            touched = set()
            for c in changes:
                current = self._current(c.table, c.assessment_id, c.key)
                expected = c.old
                if c.table == "assessments" and current is not None:
                    current = tuple((k, v) for k, v in current if k in dict(c.old or c.new))
                if current != expected:
                    raise EditConflict(_("Another program changed {what} since this edit; it was left as it is now "
                                         "(nothing was undone or redone).").format(what=describe(c)),
                                       describe(c), current, expected)
                self._put(c.table, c.assessment_id, c.key, c.new)
                tx.changes.append(c)
                touched.add(c.assessment_id)
            for aid in touched:
                self._touch(aid)
        return list(tx.changes)
