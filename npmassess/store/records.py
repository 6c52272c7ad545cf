"""Store edits of notes (evidence, strengths, areas for improvement) and improvement actions."""

from __future__ import annotations

from typing import Iterable

from npmassess.assessment import ACTION_STATUSES, NOTE_KINDS, Action, Note, new_id
from npmassess.errors import NotFound, ValidationError
from npmassess.validation import check_date, check_field, check_level


class NotesAndActions:
    """Mixin of Store: every method commits before it returns and gives back what undo needs."""

    # -- notes -----------------------------------------------------------------------------
    def add_note(self, assessment_id: str, participant_id: str | None, node_id: str, kind: str,
                 text: str, position: int | None = None, note_id: str | None = None) -> str:
        if kind not in NOTE_KINDS:
            raise ValidationError("kind", f"must be one of {', '.join(NOTE_KINDS)}, not {kind!r}")
        text = check_field("note", text, kind)
        fw = self.framework_of(assessment_id)
        try:
            fw.node(node_id)
        except KeyError:
            raise ValidationError("node", f"'{node_id}' is not a node of {fw.key}") from None
        if participant_id is not None and self._participant_row(participant_id)["assessment_id"] != assessment_id:
            raise ValidationError("participant", "belongs to another assessment")
        if position is None:
            position = self.db.execute(
                "select coalesce(max(position), -1) + 1 from notes where assessment_id = ? and node_id = ?"
                " and kind = ? and participant_id is ?", [assessment_id, node_id, kind, participant_id]).fetchone()[0]
        nid = note_id or new_id()
        with self.db.atomic():
            self.db["notes"].insert({"id": nid, "assessment_id": assessment_id, "participant_id": participant_id,
                                     "node_id": node_id, "kind": kind, "text": text, "position": position})
            self._touch(assessment_id)
        return nid

    def note(self, note_id: str) -> Note:
        row = self.db.execute("select id, node_id, kind, text, participant_id, position, assessment_id"
                              " from notes where id = ?", [note_id]).fetchone()
        if row is None:
            raise NotFound(f"No note with id '{note_id}'.")
        return Note(*row[:6])

    def _note_assessment(self, note_id: str) -> str:
        row = self.db.execute("select assessment_id from notes where id = ?", [note_id]).fetchone()
        if row is None:
            raise NotFound(f"No note with id '{note_id}'.")
        return row[0]

    def update_note(self, note_id: str, text: str) -> str:
        aid = self._note_assessment(note_id)
        old = self.note(note_id)
        text = check_field("note", text, old.kind)
        with self.db.atomic():
            self.db.execute("update notes set text = ? where id = ?", [text, note_id])
            self._touch(aid)
        return old.text

    def delete_note(self, note_id: str) -> Note:
        """Delete a note; returns it so an undo can put it back with restore_note."""
        aid = self._note_assessment(note_id)
        old = self.note(note_id)
        with self.db.atomic():
            self.db.execute("delete from action_links where note_id = ?", [note_id])
            self.db.execute("delete from notes where id = ?", [note_id])
            self._touch(aid)
        return old

    def restore_note(self, assessment_id: str, note: Note) -> str:
        return self.add_note(assessment_id, note.participant_id, note.node_id, note.kind, note.text,
                             note.position, note.id)

    def move_note(self, note_id: str, offset: int) -> bool:
        """Swap a note with its neighbour (offset -1 up, +1 down) in its list."""
        aid = self._note_assessment(note_id)
        n = self.note(note_id)
        siblings = [r[0] for r in self.db.execute(
            "select id from notes where assessment_id = ? and node_id = ? and kind = ? and participant_id is ?"
            " order by position, rowid", [aid, n.node_id, n.kind, n.participant_id])]
        i = siblings.index(note_id)
        j = i + offset
        if not 0 <= j < len(siblings):
            return False
        siblings[i], siblings[j] = siblings[j], siblings[i]
        with self.db.atomic():
            for pos, sid in enumerate(siblings):
                self.db.execute("update notes set position = ? where id = ?", [pos, sid])
            self._touch(aid)
        return True

    # -- improvement actions ---------------------------------------------------------------
    def _check_action(self, fields: dict) -> dict:
        out = {}
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
                    raise ValidationError("action status", f"must be one of {', '.join(ACTION_STATUSES)}, not {value!r}")
                out[key] = value
            elif key not in ("node_ids", "note_ids"):
                raise ValidationError(key, "is not a field of an improvement action")
        return out

    def add_action(self, assessment_id: str, title: str, node_ids: Iterable[str] = (),
                   note_ids: Iterable[str] = (), action_id: str | None = None, **fields) -> str:
        self.load_header(assessment_id)
        record = {"description": "", "owner": "", "due": "", "impact": 3, "effort": 3, "status": "planned"}
        record.update(self._check_action({"title": title, **fields}))
        aid = action_id or new_id()
        pos = self.db.execute("select coalesce(max(position), -1) + 1 from actions where assessment_id = ?",
                              [assessment_id]).fetchone()[0]
        with self.db.atomic():
            self.db["actions"].insert({"id": aid, "assessment_id": assessment_id, "position": pos, **record})
            self._write_links(aid, assessment_id, list(node_ids), list(note_ids))
            self._touch(assessment_id)
        return aid

    def _write_links(self, action_id: str, assessment_id: str, node_ids: list[str], note_ids: list[str]) -> None:
        fw = self.framework_of(assessment_id)
        for node_id in node_ids:
            try:
                fw.node(node_id)
            except KeyError:
                raise ValidationError("action nodes", f"'{node_id}' is not a node of {fw.key}") from None
        self.db.execute("delete from action_links where action_id = ?", [action_id])
        for node_id in node_ids:
            self.db.execute("insert into action_links (action_id, node_id, note_id) values (?, ?, null)",
                            [action_id, node_id])
        for note_id in note_ids:
            if self._note_assessment(note_id) != assessment_id:
                raise ValidationError("action notes", f"note '{note_id}' belongs to another assessment")
            self.db.execute("insert into action_links (action_id, node_id, note_id) values (?, null, ?)",
                            [action_id, note_id])

    def _action_assessment(self, action_id: str) -> str:
        row = self.db.execute("select assessment_id from actions where id = ?", [action_id]).fetchone()
        if row is None:
            raise NotFound(f"No improvement action with id '{action_id}'.")
        return row[0]

    def update_action(self, action_id: str, **fields) -> dict:
        """Change action fields (node_ids/note_ids replace the links); returns old values."""
        aid = self._action_assessment(action_id)
        old_action = next(a for a in self.load(aid).actions if a.id == action_id)
        changes = self._check_action(fields)
        old = {k: getattr(old_action, k) for k in fields}
        with self.db.atomic():
            if changes:
                self.db["actions"].update(action_id, changes)
            if "node_ids" in fields or "note_ids" in fields:
                self._write_links(action_id, aid, list(fields.get("node_ids", old_action.node_ids)),
                                  list(fields.get("note_ids", old_action.note_ids)))
            self._touch(aid)
        return old

    def delete_action(self, action_id: str) -> Action:
        aid = self._action_assessment(action_id)
        old = next(a for a in self.load(aid).actions if a.id == action_id)
        with self.db.atomic():
            self.db.execute("delete from action_links where action_id = ?", [action_id])
            self.db.execute("delete from actions where id = ?", [action_id])
            self._touch(aid)
        return old

    def restore_action(self, assessment_id: str, action: Action) -> str:
        """Put a deleted action back, at the place in the plan it had (action.position)."""
        with self.db.atomic():
            aid = self.add_action(assessment_id, action.title, action.node_ids, action.note_ids, action.id,
                                  description=action.description, owner=action.owner, due=action.due,
                                  impact=action.impact, effort=action.effort, status=action.status)
            others = [r[0] for r in self.db.execute(
                "select id from actions where assessment_id = ? and id != ? order by position, rowid",
                [assessment_id, aid])]
            others.insert(max(0, min(action.position, len(others))), aid)
            for pos, x in enumerate(others):
                self.db.execute("update actions set position = ? where id = ?", [pos, x])
        return aid
