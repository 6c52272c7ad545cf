"""Store edits of notes (evidence, strengths, areas for improvement) and improvement actions."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable

from npmassess.assessment import value_label
from npmassess.assessment import ACTION_STATUSES, NOTE_KINDS, Action, Note, new_id
from npmassess.errors import EditConflict, NotFound, ValidationError
from npmassess.i18n import _
from npmassess.store.changes import action_row, note_row
from npmassess.validation import check_date, check_field, check_level
from npmassess.store.base import StoreBase


class NotesAndActions(StoreBase):
    """Mixin of Store: every method commits before it returns (records in Store.last_changes)."""

    # -- notes -----------------------------------------------------------------------------
    def add_note(self, assessment_id: str, participant_id: str | None, node_id: str, kind: str,
                 text: str, position: int | None = None, note_id: str | None = None) -> str:
        if kind not in NOTE_KINDS:
            raise ValidationError("kind", _("must be one of {values}, not {value}").format(
                values=", ".join(NOTE_KINDS), value=repr(kind)))
        text = check_field("note", text, kind)
        nid = note_id or new_id()
        with self._write():
            fw = self.framework_of(assessment_id)
            try:
                fw.node(node_id)
            except KeyError:
                raise ValidationError("node", _("'{node}' is not a node of {framework}").format(
                    node=node_id, framework=fw.key)) from None
            if participant_id is not None and self._participant_row(participant_id)["assessment_id"] != assessment_id:
                raise ValidationError("participant", _("belongs to another assessment"))
            if position is None:
                position = self.db.execute(
                    "select coalesce(max(position), -1) + 1 from notes where assessment_id = ? and node_id = ?"
                    " and kind = ? and participant_id is ?", [assessment_id, node_id, kind, participant_id]).fetchone()[0]
            if self._current("notes", assessment_id, nid) is not None:
                raise ValidationError("note", _("a note with id '{id}' already exists").format(id=nid))
            self._change("notes", assessment_id, nid, note_row(Note(nid, node_id, kind, text, participant_id, position)),
                         None)
            self._touch(assessment_id)
        return nid

    def note(self, note_id: str) -> Note:
        row = self.db.execute("select id, node_id, kind, text, participant_id, position, assessment_id"
                              " from notes where id = ?", [note_id]).fetchone()
        if row is None:
            raise NotFound(_("No note with id '{id}'.").format(id=note_id))
        return Note(*row[:6])

    def _note_assessment(self, note_id: str) -> str:
        row = self.db.execute("select assessment_id from notes where id = ?", [note_id]).fetchone()
        if row is None:
            raise NotFound(_("No note with id '{id}'.").format(id=note_id))
        return row[0]

    def update_note(self, note_id: str, text: str, expect: object = ...) -> str:
        """Change a note's text; expect (the text the caller saw) guards against a concurrent change."""
        with self._write():
            aid = self._note_assessment(note_id)
            old = self.note(note_id)
            text = check_field("note", text, old.kind)
            if expect is not ... and old.text != expect:
                raise EditConflict(_("Another program changed this {kind} on {node} while you were editing it.").format(
                    kind=value_label(old.kind).lower(), node=old.node_id), old.kind, old.text, expect)
            self._change("notes", aid, note_id, note_row(replace(old, text=text)), note_row(old))
            self._touch(aid)
        return old.text

    def delete_note(self, note_id: str) -> Note:
        """Delete a note (and its action links); returns it."""
        with self._write():
            aid = self._note_assessment(note_id)
            old = self.note(note_id)
            for action_id in [r[0] for r in self.db.execute(
                    "select distinct action_id from action_links where note_id = ?", [note_id])]:
                current = self._current("actions", aid, action_id)
                fields = dict(current)
                fields["note_ids"] = tuple(n for n in fields["note_ids"] if n != note_id)
                self._change("actions", aid, action_id, tuple(fields.items()), current)
            self._change("notes", aid, note_id, None, note_row(old))
            self._touch(aid)
        return old

    def restore_note(self, assessment_id: str, note: Note) -> str:
        return self.add_note(assessment_id, note.participant_id, note.node_id, note.kind, note.text,
                             note.position, note.id)

    def move_note(self, note_id: str, offset: int) -> bool:
        """Swap a note with its neighbour (offset -1 up, +1 down) in its list."""
        with self._write():
            aid = self._note_assessment(note_id)
            n = self.note(note_id)
            siblings = [Note(*r) for r in self.db.execute(
                "select id, node_id, kind, text, participant_id, position from notes where assessment_id = ?"
                " and node_id = ? and kind = ? and participant_id is ? order by position, rowid",
                [aid, n.node_id, n.kind, n.participant_id])]
            i = [s.id for s in siblings].index(note_id)
            j = i + offset
            if not 0 <= j < len(siblings):
                return False
            siblings[i], siblings[j] = siblings[j], siblings[i]
            for pos, sib in enumerate(siblings):
                if sib.position != pos:
                    self._change("notes", aid, sib.id, note_row(replace(sib, position=pos)), note_row(sib))
            self._touch(aid)
        return True

    # -- improvement actions ---------------------------------------------------------------
    def _check_action(self, fields: dict) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "title":
                out[key] = check_field("action title", value)
            elif key in ("description", "owner"):
                out[key] = check_field("action description" if key == "description" else "action owner", value, f"action {key}")
            elif key == "due":
                out[key] = check_date("action due date", value)
            elif key in ("impact", "effort"):
                out[key] = check_level(f"action {key}", value)
            elif key == "status":
                if value not in ACTION_STATUSES:
                    raise ValidationError("action status", _("must be one of {values}, not {value}").format(
                        values=", ".join(ACTION_STATUSES), value=repr(value)))
                out[key] = value
            elif key not in ("node_ids", "note_ids"):
                raise ValidationError(key, _("is not a field of an improvement action"))
        return out

    def _check_links(self, assessment_id: str, node_ids: list[str], note_ids: list[str]) -> None:
        fw = self.framework_of(assessment_id)
        for node_id in node_ids:
            try:
                fw.node(node_id)
            except KeyError:
                raise ValidationError("action nodes", _("'{node}' is not a node of {framework}").format(
                    node=node_id, framework=fw.key)) from None
        for note_id in note_ids:
            if self._note_assessment(note_id) != assessment_id:
                raise ValidationError("action notes", _("note '{id}' belongs to another assessment").format(id=note_id))

    def add_action(self, assessment_id: str, title: str, node_ids: Iterable[str] = (),
                   note_ids: Iterable[str] = (), action_id: str | None = None, **fields) -> str:
        record: dict[str, Any] = {"description": "", "owner": "", "due": "", "impact": 3, "effort": 3, "status": "planned"}
        record.update(self._check_action({"title": title, **fields}))
        aid = action_id or new_id()
        node_ids, note_ids = list(node_ids), list(note_ids)
        with self._write():
            self.load_header(assessment_id)
            self._check_links(assessment_id, node_ids, note_ids)
            if self._current("actions", assessment_id, aid) is not None:
                raise ValidationError("action", _("an action with id '{id}' already exists").format(id=aid))
            pos = self.db.execute("select coalesce(max(position), -1) + 1 from actions where assessment_id = ?",
                                  [assessment_id]).fetchone()[0]
            self._change("actions", assessment_id, aid,
                         action_row(Action(aid, node_ids=node_ids, note_ids=note_ids, position=pos, **record)), None)
            self._touch(assessment_id)
        return aid

    def _action_assessment(self, action_id: str) -> str:
        row = self.db.execute("select assessment_id from actions where id = ?", [action_id]).fetchone()
        if row is None:
            raise NotFound(_("No improvement action with id '{id}'.").format(id=action_id))
        return row[0]

    def update_action(self, action_id: str, **fields) -> dict:
        """Change action fields (node_ids/note_ids replace the links); returns old values."""
        changes = self._check_action(fields)
        with self._write():
            aid = self._action_assessment(action_id)
            current = self._current("actions", aid, action_id)
            values = dict(current)
            old = {k: list(values[k]) if isinstance(values[k], tuple) else values[k] for k in fields}
            values.update(changes)
            for k in ("node_ids", "note_ids"):
                if k in fields:
                    values[k] = tuple(fields[k])
            if "node_ids" in fields or "note_ids" in fields:
                self._check_links(aid, list(values["node_ids"]), list(values["note_ids"]))
            self._change("actions", aid, action_id, tuple(values.items()), current)
            self._touch(aid)
        return old

    def delete_action(self, action_id: str) -> Action:
        with self._write():
            aid = self._action_assessment(action_id)
            current = self._current("actions", aid, action_id)
            values = dict(current)
            old = Action(action_id, **{**values, "node_ids": list(values["node_ids"]),
                                       "note_ids": list(values["note_ids"])})
            self._change("actions", aid, action_id, None, current)
            self._touch(aid)
        return old

    def restore_action(self, assessment_id: str, action: Action) -> str:
        """Put a deleted action back, at the place in the plan it had (action.position)."""
        with self._write():
            aid = self.add_action(assessment_id, action.title, action.node_ids, action.note_ids, action.id,
                                  description=action.description, owner=action.owner, due=action.due,
                                  impact=action.impact, effort=action.effort, status=action.status)
            others = [r[0] for r in self.db.execute(
                "select id from actions where assessment_id = ? and id != ? order by position, rowid",
                [assessment_id, aid])]
            others.insert(max(0, min(action.position, len(others))), aid)
            for pos, x in enumerate(others):
                current = self._current("actions", assessment_id, x)
                if dict(current)["position"] != pos:
                    self._change("actions", assessment_id, x, tuple({**dict(current), "position": pos}.items()),
                                 current)
        return aid
