"""Store edits of participants, scores and per-node texts (rationale, narrative)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from npmassess.assessment import Participant, new_id
from npmassess.errors import EditConflict, NotFound, ValidationError
from npmassess.i18n import _
from npmassess.store.changes import Change, participant_row
from npmassess.validation import check_field, check_rating
from npmassess.store.base import StoreBase

if TYPE_CHECKING:  # the framework model loads when a framework is first needed
    from npmassess.model import Framework

ANY = object()  # "expect" default: no check of the value being replaced


class ParticipantsAndScores(StoreBase):
    """Mixin of Store: each edit is one write transaction and leaves its change records."""

    # -- participants ----------------------------------------------------------------------
    def add_participant(self, assessment_id: str, name: str, role: str = "",
                        participant_id: str | None = None) -> str:
        name = check_field("participant name", name).strip()
        role = check_field("participant role", role)
        pid = participant_id or new_id()
        with self._write():
            self.load_header(assessment_id)
            taken = {r[0].casefold() for r in self.db.execute(
                "select name from participants where assessment_id = ?", [assessment_id])}
            if name.casefold() in taken:
                raise ValidationError("participant name", _("'{name}' is already a participant").format(name=name))
            pos = self.db.execute("select coalesce(max(position), -1) + 1 from participants where assessment_id = ?",
                                  [assessment_id]).fetchone()[0]
            self._change("participants", assessment_id, pid, participant_row(Participant(pid, name, role, pos)), None)
            self._touch(assessment_id)
        return pid

    def _participant_row(self, participant_id: str) -> dict:
        row = self._row("participants", participant_id)
        if row is None:
            raise NotFound(_("No participant with id '{id}'.").format(id=participant_id))
        return row

    def update_participant(self, participant_id: str, name: str | None = None,
                           role: str | None = None) -> dict[str, str]:
        changes = {}
        if name is not None:
            changes["name"] = check_field("participant name", name).strip()
        if role is not None:
            changes["role"] = check_field("participant role", role)
        with self._write():
            row = self._participant_row(participant_id)
            if "name" in changes:
                clash = self.db.execute("select 1 from participants where assessment_id = ? and id != ?"
                                        " and lower(name) = lower(?)",
                                        [row["assessment_id"], participant_id, changes["name"]]).fetchone()
                if clash:
                    raise ValidationError("participant name", _("'{name}' is already a participant").format(
                        name=changes["name"]))
            new = {**{k: row[k] for k in ("name", "role", "position")}, **changes}
            self._change("participants", row["assessment_id"], participant_id,
                         participant_row(Participant(participant_id, **new)))
            self._touch(row["assessment_id"])
        return {k: row[k] for k in changes}

    def remove_participant(self, participant_id: str) -> None:
        """Remove a participant with all their scores and notes (and their notes' action links)."""
        with self._write():
            aid = self._participant_row(participant_id)["assessment_id"]
            q = self.db.execute
            notes = [r[0] for r in q("select id from notes where participant_id = ? order by position, rowid",
                                     [participant_id])]
            linked = [r[0] for r in q("select distinct l.action_id from action_links l join notes n"
                                      " on n.id = l.note_id where n.participant_id = ?", [participant_id])]
            for action_id in linked:  # the links first: undo puts the notes back before them
                old = self._current("actions", aid, action_id)
                fields = dict(old)
                fields["note_ids"] = tuple(n for n in fields["note_ids"] if n not in notes)
                self._change("actions", aid, action_id, tuple(fields.items()), old)
            for node_id, dim, value in q("select node_id, dimension, value from ratings where participant_id = ?"
                                         " order by rowid", [participant_id]).fetchall():
                self._change("ratings", aid, (participant_id, node_id, dim), None, value)
            for note_id in notes:
                self._change("notes", aid, note_id, None)
            self._change("participants", aid, participant_id, None)
            self._touch(aid)

    # -- scores ----------------------------------------------------------------------------
    def _check_rating(self, fw: Framework, method: str, node_id: str, dimension: str,
                      value: float | None) -> float | None:
        return check_rating(fw, method, node_id, dimension, value)

    def set_rating(self, assessment_id: str, participant_id: str | None, node_id: str,
                   dimension: str, value: float | None, expect: object = ANY) -> float | None:
        """Set (or clear with None) one score; participant None = consensus. Returns the old value.

        expect: the value the caller last saw; if the stored one differs (another program changed
        it), nothing is written and EditConflict carries both. A click (expect given) is one
        guarded statement that writes only over that value and returns the file's data_version
        and the assessment's framework and method: with BEGIN IMMEDIATE, the audit-trail INSERT
        (whose trigger stamps `updated`) and COMMIT, four statements in all. Anything unusual (a
        conflict, an unknown participant, no expect, a value that is not a number) takes the
        checking path, which reads what it needs to say what is wrong.
        """
        key: tuple[str, ...]
        if participant_id is None:
            table, key = "consensus_ratings", (node_id, dimension)
        else:
            table, key = "ratings", (participant_id, node_id, dimension)
        number, seen = _number(value), None if expect is None or expect is ANY else _number(expect)
        with self._write() as tx:
            row = None
            if expect is not ANY and expect != value and (value is None or number is not None) \
                    and (expect is None or seen is not None):
                row = self._guarded_rating(table, assessment_id, participant_id, node_id, dimension,
                                           seen, number)
            if row is None:
                return self._set_rating_checked(table, key, assessment_id, participant_id, node_id, dimension,
                                                value, expect)
            tx.data_version, fw_id, edition, method = row
            # checked against the header read in the same statement; a refused value rolls the write back
            self._check_rating(self.frameworks.get(fw_id, edition), method, node_id, dimension, value)
            tx.changes.append(Change(table, assessment_id, key, seen, number))
        return seen

    def _guarded_rating(self, table: str, aid: str, pid: str | None, node_id: str, dimension: str,
                        expect: object, value: float | None) -> tuple | None:
        """One statement: write the score only where it still holds expect (and the participant
        belongs to the assessment); returns (data_version, framework, edition, method) or None."""
        back = (" returning (select data_version from pragma_data_version),"
                " (select framework_id from assessments where id = ?), (select edition from assessments where id = ?),"
                " (select method from assessments where id = ?)")
        if table == "ratings":
            ident, col = pid, "participant_id"
            owner, owner_args = "exists (select 1 from participants where id = ? and assessment_id = ?)", [pid, aid]
        else:
            ident, col = aid, "assessment_id"
            owner, owner_args = "exists (select 1 from assessments where id = ?)", [aid]
        where = f"{col} = ? and node_id = ? and dimension = ?"
        args: list = [ident, node_id, dimension]
        if expect is None:  # a new score: insert, unless a row appeared (then it is a conflict)
            sql = (f"insert into {table} ({col}, node_id, dimension, value) select ?, ?, ?, ? where {owner}"
                   " on conflict do nothing")
            params = [*args, value, *owner_args]
        elif value is None:
            sql = f"delete from {table} where {where} and value = ? and {owner}"
            params = [*args, expect, *owner_args]
        else:
            sql = f"update {table} set value = ? where {where} and value = ? and {owner}"
            params = [value, *args, expect, *owner_args]
        return self.db.execute(sql + back, [*params, aid, aid, aid]).fetchone()

    def _set_rating_checked(self, table: str, key: tuple, assessment_id: str, participant_id: str | None,
                            node_id: str, dimension: str, value: float | None, expect: object) -> float | None:
        """The checking path of set_rating: read the header, the old value and the owner, say what is wrong."""
        col, ident = ("assessment_id", assessment_id) if participant_id is None else ("participant_id", participant_id)
        fw_id, edition, method, old, owner = self._touch(
            assessment_id, "framework_id, edition, method, (select value from " + table + " where " + col +
            " = ? and node_id = ? and dimension = ?), (select assessment_id from participants where id = ?)",
            [ident, node_id, dimension, participant_id])
        value = self._check_rating(self.frameworks.get(fw_id, edition), method, node_id, dimension, value)
        if participant_id is not None and owner != assessment_id:
            if owner is None:
                raise NotFound(_("No participant with id '{id}'.").format(id=participant_id))
            raise ValidationError("participant", _("belongs to another assessment"))
        if expect is not ANY and old != expect:
            raise EditConflict(_("Another program changed the score {node} {dimension} while you were editing it "
                                 "(it is now {now}; you saw {seen}).").format(
                node=node_id, dimension=dimension, now=_shown(old), seen=_shown(expect)),
                               f"{node_id} {dimension}", old, expect)
        if old != value:
            self._put(table, assessment_id, key, value)
            assert self._tx is not None
            self._tx.changes.append(Change(table, assessment_id, key, old, value))
        return old

    def set_rationale(self, assessment_id: str, node_id: str, text: str, expect: object = ANY) -> str:
        return self._set_node_text("consensus", "rationale", assessment_id, node_id, text, expect)

    def set_narrative(self, assessment_id: str, node_id: str, text: str, expect: object = ANY) -> str:
        return self._set_node_text("narratives", "text", assessment_id, node_id, text, expect)

    def set_figures(self, assessment_id: str, node_id: str, figures: list,
                    images: dict[str, bytes] | None = None) -> list:
        """Replace the figures of a node's narrative (npmassess.figures); returns the old ones (for undo).

        images: the bytes of new images the figures show, by SHA-256 (npmassess.figure_images.image_figure);
        they are stored in the same transaction, and an image figure whose image is neither given nor in
        the file is refused. The change record carries the figures' JSON (digests, never the bytes).
        """
        from npmassess.figures import check, from_json, to_json
        for f in figures:
            msg = check(f)
            if msg:
                raise ValidationError("figures", msg)
        with self._write():
            self._touch(assessment_id)
            self._store_images(figures, images)  # FigureImages, on Store
            old = self._current("figures", assessment_id, node_id)
            # a change record: the GUI's snapshot is patched from it, undo replays it, the trail keeps it
            self._change("figures", assessment_id, node_id, to_json(figures) if figures else None, old)
        return from_json(old)

    def _set_node_text(self, table: str, col: str, assessment_id: str, node_id: str, text: str,
                       expect: object = ANY) -> str:
        text = check_field("rationale" if table == "consensus" else "narrative", text, col)
        with self._write():
            self._touch(assessment_id)
            old = self._current(table, assessment_id, node_id)
            if expect is not ANY and (old or "") != (expect or ""):
                label = "rationale" if table == "consensus" else "narrative"
                raise EditConflict(_("Another program changed the {what} of {node} while you were editing it.").format(
                    what=_(label), node=node_id),
                                   f"{label} {node_id}", old or "", expect)
            self._change(table, assessment_id, node_id, text, old)
        return old or ""


def _number(value: object) -> float | None:
    """A plain finite number as float, else None (left to check_rating to word the problem)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _shown(value: object) -> str:
    return "empty" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
