"""Store bulk writes: whole snapshots (import), merges, and the offline kit/package log."""

from __future__ import annotations

from typing import Iterable

from npmassess.assessment import NOTE_KINDS, Assessment, Note, Participant, new_id, now
from npmassess.errors import ValidationError
from npmassess.i18n import _
from npmassess.store.changes import NOTE_FIELDS, Change
from npmassess.store.connection import read as read_transaction
from npmassess.validation import check_field, check_rating
from npmassess.store.base import StoreBase


class BulkWrites(StoreBase):
    """Mixin of Store: writes validated like the single edits, each in one transaction."""

    # -- bulk ------------------------------------------------------------------------------
    def write_assessment(self, a: Assessment, replace: bool = False) -> None:
        """Write a whole (validated) snapshot in one transaction; used by import and merge."""
        fw = self.framework_of(a)
        with self._write() as tx:
            tx.changes.append(Change("assessments", a.id, a.id, "(whole assessment)" if self.exists(a.id) else None,
                                     "(whole assessment)"))
            if self.exists(a.id):
                if not replace:
                    raise ValidationError("id", _("assessment {id} already exists").format(id=a.id))
                self._delete_contents(a.id)
                self.db.execute("delete from assessments where id = ?", [a.id])
            self.db.table("assessments").insert({
                "id": a.id, "organisation": a.organisation, "unit": a.unit, "framework_id": fw.id,
                "edition": fw.edition, "method": a.method, "cycle": a.cycle, "status": a.status,
                "created": a.created or now(), "updated": a.updated or now(),
                "language": getattr(a, "language", "") or ""})
            self.db.table("participants").insert_all(
                [{"id": p.id, "assessment_id": a.id, "name": p.name, "role": p.role, "position": i}
                 for i, p in enumerate(a.participants)])
            self.db.table("ratings").insert_all(
                [{"participant_id": p, "node_id": n, "dimension": d, "value": v}
                 for (p, n, d), v in a.ratings.items()])
            self.db.table("consensus_ratings").insert_all(
                [{"assessment_id": a.id, "node_id": n, "dimension": d, "value": v}
                 for (n, d), v in a.consensus.items()])
            self.db.table("consensus").insert_all(
                [{"assessment_id": a.id, "node_id": n, "rationale": t} for n, t in a.rationale.items()])
            self.db.table("narratives").insert_all(
                [{"assessment_id": a.id, "node_id": n, "text": t} for n, t in a.narratives.items()])
            if a.figures:
                from npmassess.figures import image_digests, to_json
                self.db.table("figures").insert_all(
                    [{"assessment_id": a.id, "node_id": n, "figures": to_json(f)} for n, f in a.figures.items() if f])
                self._store_images([f for figs in a.figures.values() for f in figs],
                                   {d: b for d, b in a.images.items() if d in image_digests(a.figures)})
            self.db.table("notes").insert_all(
                [{"id": n.id, "assessment_id": a.id, "participant_id": n.participant_id, "node_id": n.node_id,
                  "kind": n.kind, "text": n.text, "position": n.position} for n in a.notes])
            for i, x in enumerate(a.actions):
                self.db.table("actions").insert({
                    "id": x.id, "assessment_id": a.id, "title": x.title, "description": x.description,
                    "owner": x.owner, "due": x.due, "impact": x.impact, "effort": x.effort,
                    "status": x.status, "position": i})
                self.db.table("action_links").insert_all(
                    [{"action_id": x.id, "node_id": n, "note_id": None} for n in x.node_ids]
                    + [{"action_id": x.id, "node_id": None, "note_id": n} for n in x.note_ids])

    # -- offline packages and kits (log only; the data itself goes through the methods above) --
    def record_kit(self, kit_id: str, assessment_id: str, participant_id: str, kind: str, issued: str) -> None:
        """Remember that a scoring kit was issued (to spot stale and duplicate returns)."""
        with self._write():
            self.db.table("kits").insert({"id": kit_id, "assessment_id": assessment_id, "participant_id": participant_id,
                                    "kind": kind, "issued": issued, "returned": "", "digest": ""}, replace=True)

    def kit_secret(self) -> bytes:
        """This database's secret for sealing kits (made on first use; it never leaves the file)."""
        row = self.db.execute("select value from secrets where name = 'kit-seal'").fetchone()
        if row is None:
            import secrets
            with self._write():
                self.db.execute("insert or ignore into secrets (name, value) values ('kit-seal', ?)",
                                [secrets.token_hex(32)])
            row = self.db.execute("select value from secrets where name = 'kit-seal'").fetchone()
        return bytes.fromhex(row[0])

    def forget_kit(self, kit_id: str) -> None:
        """Remove a kit from the log (its file could not be written)."""
        with self._write():
            self.db.execute("delete from kits where id = ?", [kit_id])

    def kit_record(self, kit_id: str) -> dict | None:
        rows = list(self.db.table("kits").rows_where("id = ?", [kit_id]))
        return rows[0] if rows else None

    def kits_of(self, assessment_id: str, participant_id: str | None = None) -> list[dict]:
        """Issued kits of an assessment (optionally one participant's), oldest first."""
        where, args = "assessment_id = ?", [assessment_id]
        if participant_id is not None:
            where, args = where + " and participant_id = ?", args + [participant_id]
        return list(self.db.table("kits").rows_where(where, args, order_by="issued, rowid"))

    def mark_kit_returned(self, kit_id: str, returned: str, digest: str) -> None:
        with self._write():
            self.db.execute("update kits set returned = ?, digest = ? where id = ?", [returned, digest, kit_id])

    def sync_base(self, assessment_id: str) -> tuple[str, str] | None:
        """(snapshot JSON, kit JSON) of the last package imported for an assessment, if any."""
        row = self.db.execute("select snapshot, kit from sync_bases where assessment_id = ?",
                              [assessment_id]).fetchone()
        return (row[0], row[1]) if row else None

    def set_sync_base(self, assessment_id: str, snapshot: str, kit: str = "") -> None:
        with self._write():
            self.db.execute("insert or replace into sync_bases (assessment_id, snapshot, kit, recorded)"
                            " values (?, ?, ?, ?)", [assessment_id, snapshot, kit, now()])

    # -- bulk edits for merges (validated like the single edits; one transaction, one 'updated' stamp) --
    def set_ratings(self, assessment_id: str,
                    items: Iterable[tuple[str | None, str, str, float | None]]) -> int:
        """Set or clear many scores: (participant or None for consensus, node, dimension, value)."""
        header = self.load_header(assessment_id)
        fw = self.frameworks.get(header["framework_id"], header["edition"])
        method_id = header["method"]
        people = {r[0] for r in self.db.execute("select id from participants where assessment_id = ?",
                                                [assessment_id])}
        rows = []
        for pid, node_id, dim, value in items:
            value = check_rating(fw, method_id, node_id, dim, value)
            if pid is not None and pid not in people:
                raise ValidationError("participant", _("'{id}' is not a participant of this assessment").format(id=pid))
            rows.append((pid, node_id, dim, value))
        with self._write():
            for pid, node_id, dim, value in rows:
                if pid is None:
                    self._change("consensus_ratings", assessment_id, (node_id, dim), value)
                else:
                    self._change("ratings", assessment_id, (pid, node_id, dim), value)
            self._touch(assessment_id)
        return len(rows)

    def add_notes(self, assessment_id: str, notes: Iterable[Note]) -> int:
        """Add many notes (keeping their ids), each appended to its list in the order given."""
        fw = self.framework_of(assessment_id)
        node_ids = {n.id for n in fw.nodes()}
        people = {r[0] for r in self.db.execute("select id from participants where assessment_id = ?",
                                                [assessment_id])}
        rows, next_pos = [], {}
        for n in notes:
            if n.kind not in NOTE_KINDS:
                raise ValidationError("kind", _("must be one of {values}, not {value}").format(
                    values=", ".join(NOTE_KINDS), value=repr(n.kind)))
            text = check_field("note", n.text, n.kind)
            if n.node_id not in node_ids:
                raise ValidationError("node", _("'{node}' is not a node of {framework}").format(
                    node=n.node_id, framework=fw.key))
            if n.participant_id is not None and n.participant_id not in people:
                raise ValidationError("participant", _("belongs to another assessment"))
            group = (n.node_id, n.kind, n.participant_id)
            if group not in next_pos:
                next_pos[group] = self.db.execute(
                    "select coalesce(max(position), -1) + 1 from notes where assessment_id = ? and node_id = ?"
                    " and kind = ? and participant_id is ?", [assessment_id, *group]).fetchone()[0]
            rows.append({"id": n.id or new_id(), "assessment_id": assessment_id, "participant_id": n.participant_id,
                         "node_id": n.node_id, "kind": n.kind, "text": text, "position": next_pos[group]})
            next_pos[group] += 1
        with self._write() as tx:
            self.db.table("notes").insert_all(rows)
            tx.changes.extend(Change("notes", assessment_id, r["id"], None, tuple((f, r[f]) for f in NOTE_FIELDS))
                              for r in rows)
            self._touch(assessment_id)
        return len(rows)

    def load_participant(self, assessment_id: str, participant_id: str) -> Assessment:
        """The assessment header and participants with only one person's ratings and notes (cheap).

        Read in one read transaction, as load() is: one state of the file even while another writes.
        """
        with read_transaction(self.db.conn):
            return self._load_participant(assessment_id, participant_id)

    def _load_participant(self, assessment_id: str, participant_id: str) -> Assessment:
        header = self.load_header(assessment_id)
        a = Assessment(*(header[k] for k in ("id", "organisation", "unit", "framework_id", "edition", "method",
                                             "cycle", "status", "created", "updated")))
        q = self.db.execute
        a.participants = [Participant(*r) for r in q(
            "select id, name, role, position from participants where assessment_id = ? order by position, rowid",
            [assessment_id])]
        a.ratings = {(participant_id, n, d): v for n, d, v in q(
            "select node_id, dimension, value from ratings where participant_id = ?", [participant_id])}
        a.notes = [Note(i, n, k, t, p, pos) for i, n, k, t, p, pos in q(
            "select id, node_id, kind, text, participant_id, position from notes where assessment_id = ?"
            " and participant_id = ? order by position, rowid", [assessment_id, participant_id])]
        return a
