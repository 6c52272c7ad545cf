"""Store records of the assessment process: stage and sign-offs (more process tables join here)."""

from __future__ import annotations

from npmassess.assessment import new_id, now
from npmassess.errors import NotFound
from npmassess.i18n import _
from npmassess.store.base import StoreBase


class ProcessRecords(StoreBase):
    """Mixin of Store: the SQL of npmassess.process (the logic lives there)."""

    # -- stage and sign-off ----------------------------------------------------------------
    def stage_of(self, assessment_id: str) -> str:
        row = self.db.execute("select stage from assessments where id = ?", [assessment_id]).fetchone()
        if row is None:
            raise NotFound(_("No assessment with id '{id}' in {path}.").format(id=assessment_id, path=self.path))
        return row[0] or "individual"

    def signoff_rows(self, assessment_id: str) -> list[dict]:
        """Approvals, reopenings and stage changes of an assessment, oldest first."""
        cur = self.db.execute("select kind, user, at, note from signoffs where assessment_id = ?"
                              " order by at, rowid", [assessment_id])
        return [dict(zip(("kind", "user", "at", "note"), r)) for r in cur]

    def write_stage(self, assessment_id: str, stage: str, kind: str, user: str, note: str) -> dict:
        """Move an assessment to a stage and log it (one transaction); returns the log row."""
        row = {"id": new_id(), "assessment_id": assessment_id, "kind": kind, "user": user, "at": now(), "note": note}
        from npmassess.process import audit
        old_stage = self.stage_of(assessment_id)
        with self._write():
            self.db.execute("update assessments set stage = ?, updated = ? where id = ?",
                            [stage, row["at"], assessment_id])
            self.db.table("signoffs").insert(row)
            audit.record(self, [audit.Event("signoffs", assessment_id, row["id"], {"stage": old_stage},
                                            {"stage": stage, "kind": kind, "note": note})], user=user)
        return row

    def load_process(self, a) -> None:
        """Fill an Assessment snapshot's process fields (stage, approval in force, anonymity)."""
        a.stage = self.stage_of(a.id)
        a.signoff = None
        if a.stage == "approved":
            ok = [r for r in self.signoff_rows(a.id) if r["kind"] == "approved"]
            if ok:
                r = ok[-1]
                a.signoff = {"status": "Approved", "approved_by": r["user"], "approved_on": r["at"][:10],
                             "approved_at": r["at"], "note": r["note"]}
        row = self.db.execute("select anonymous from process_settings where assessment_id = ?", [a.id]).fetchone()
        a.anonymous = bool(row and row[0])
        a.anonymity = self.anonymity_labels(a.id, [p.id for p in a.participants])
        meta = {n: (d or "", bool(h)) for n, d, h in self.db.execute(
            "select note_id, dated, held from note_meta where assessment_id = ?", [a.id])}
        for note in a.notes:
            note.dated, note.held = meta.get(note.id, ("", False))

    # -- anonymous individual scores -------------------------------------------------------
    def anonymity_labels(self, assessment_id: str, participant_ids: list[str]) -> dict[str, str]:
        """participant id -> label: the stored mapping, new participants get the next free labels."""
        from npmassess.process.anonymity import label
        stored = {p: lab for p, lab in self.db.execute(
            "select participant_id, label from anonymity where assessment_id = ?", [assessment_id])}
        used, out, k = set(stored.values()), {}, 0
        for pid in participant_ids:
            if pid in stored:
                out[pid] = stored[pid]
                continue
            while label(k) in used:
                k += 1
            out[pid] = label(k)
            used.add(out[pid])
        return out

    def set_anonymous(self, assessment_id: str, on: bool) -> bool:
        """Switch anonymous display on or off; the mapping is fixed in the file. Returns the old setting."""
        self.load_header(assessment_id)
        pids = [r[0] for r in self.db.execute(
            "select id from participants where assessment_id = ? order by position, rowid", [assessment_id])]
        labels = self.anonymity_labels(assessment_id, pids)
        old = self.db.execute("select anonymous from process_settings where assessment_id = ?",
                              [assessment_id]).fetchone()
        with self._write():
            self.db.execute("insert or replace into process_settings (assessment_id, anonymous) values (?, ?)",
                            [assessment_id, int(bool(on))])
            for pid, lab in labels.items():
                self.db.execute("insert or ignore into anonymity (assessment_id, participant_id, label)"
                                " values (?, ?, ?)", [assessment_id, pid, lab])
        return bool(old and old[0])

    # -- evidence dates and 'held but not attached' ------------------------------------------
    def set_evidence_meta(self, note_id: str, dated: str | None = None, held: bool | None = None) -> tuple[str, bool]:
        """Set an evidence note's date and/or held flag; returns the old (date, held)."""
        from npmassess.errors import ValidationError
        from npmassess.validation import check_date
        aid = self._note_assessment(note_id)
        note = self.note(note_id)
        if note.kind != "evidence":
            from npmassess.assessment import value_label
            raise ValidationError("note", _("only evidence notes have a date and a held flag, not a {kind}").format(
                kind=value_label(note.kind).lower()))
        row = self.db.execute("select dated, held from note_meta where note_id = ?", [note_id]).fetchone()
        old = (row[0] or "", bool(row[1])) if row else ("", False)
        new_dated = old[0] if dated is None else check_date("evidence date", dated)
        if held is not None and not isinstance(held, bool):
            raise ValidationError("held", _("must be true or false, not {value}").format(value=repr(held)))
        new_held = old[1] if held is None else held
        from npmassess.process import audit
        with self._write():
            self.db.execute("insert or replace into note_meta (note_id, assessment_id, dated, held) values (?, ?, ?, ?)",
                            [note_id, aid, new_dated, int(new_held)])
            self._touch(aid)
            audit.record(self, [audit.Event("note_meta", aid, note_id, {"dated": old[0], "held": old[1]},
                                            {"dated": new_dated, "held": new_held}, note.node_id)])
        return old

    # -- the CAF process dossier ---------------------------------------------------------------
    def dossier_rows(self, assessment_id: str) -> tuple[dict[int, dict], list[dict]]:
        """({step: {done, owner, note}}, [attachment rows]) of an assessment's process dossier."""
        self.load_header(assessment_id)
        steps = {s: {"done": d or "", "owner": o or "", "note": n or ""} for s, d, o, n in self.db.execute(
            "select step, done, owner, note from dossier_steps where assessment_id = ?", [assessment_id])}
        cur = self.db.execute("select id, step, path, label, added from dossier_files where assessment_id = ?"
                              " order by step, added, rowid", [assessment_id])
        files = [dict(zip(("id", "step", "path", "label", "added"), r)) for r in cur]
        return steps, files

    def write_dossier_step(self, assessment_id: str, step: int, fields: dict[str, str]) -> dict[str, str]:
        """Replace a step's fields (already validated); returns the old ones."""
        steps, _ = self.dossier_rows(assessment_id)
        old = steps.get(step, {"done": "", "owner": "", "note": ""})
        new = {**old, **fields}
        with self._write():
            self.db.execute("insert or replace into dossier_steps (assessment_id, step, done, owner, note)"
                            " values (?, ?, ?, ?, ?)", [assessment_id, step, new["done"], new["owner"], new["note"]])
        return old

    def write_dossier_file(self, assessment_id: str, step: int, path: str, label: str) -> str:
        fid = new_id()
        with self._write():
            self.db.table("dossier_files").insert({"id": fid, "assessment_id": assessment_id, "step": step, "path": path,
                                             "label": label, "added": now()})
        return fid

    def delete_dossier_file(self, file_id: str) -> dict:
        cur = self.db.execute("select id, assessment_id, step, path, label, added from dossier_files where id = ?",
                              [file_id])
        row = cur.fetchone()
        if row is None:
            raise NotFound(_("No dossier attachment with id '{id}'.").format(id=file_id))
        with self._write():
            self.db.execute("delete from dossier_files where id = ?", [file_id])
        return dict(zip(("id", "assessment_id", "step", "path", "label", "added"), row))
