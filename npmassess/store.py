"""The local store: SQLite through sqlite-utils; the only module that writes SQL."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterable

from sqlite_utils import Database

from . import migrations as mig
from .assessment import (ACTION_STATUSES, ASSESSMENT_STATUSES, NOTE_KINDS, Action,
                         Assessment, Note, Participant, new_id, now)
from .errors import NotFound, StoreError, ValidationError
from .frameworks import Library, library
from .model import Framework
from .paths import default_db_path
from .validation import check_date as _check_date
from .validation import check_level as _check_level
from .validation import check_text as _check_text

_ASSESSMENT_FIELDS = ("organisation", "unit", "cycle", "status", "method")
_ACTION_FIELDS = ("title", "description", "owner", "due", "impact", "effort", "status")


@dataclass
class Summary:
    """One line of the assessment list (cheap: no per-node data loaded)."""

    id: str
    organisation: str
    unit: str
    framework_id: str
    edition: str
    method: str
    cycle: str
    status: str
    updated: str
    participants: int
    consensus_values: int  # (node, dimension) consensus scores entered


class Store:
    """An open npmassess database file. Every edit method commits before it returns."""

    def __init__(self, path: Path | str | None = None, frameworks: Library | None = None):
        self.path = Path(path) if path else default_db_path()
        self.frameworks = frameworks if frameworks is not None else library()
        self.backup_path: Path | None = None
        self.db = self._open()

    # -- opening, checking, migrating ------------------------------------------------------
    def _open(self) -> Database:
        path = self.path
        if path.exists() and path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=5)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"Cannot open {path}: {exc}.") from None
        try:
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
            applied: list[str] = []
            if "_sqlite_migrations" in tables:
                applied = [r[0] for r in conn.execute(
                    "select name from _sqlite_migrations where migration_set='npmassess' order by rowid")]
            if tables and not applied:
                raise StoreError(f"{path} is an SQLite database, but not an npmassess store; "
                                 "it was left untouched.")
            unknown = [name for name in applied if name not in mig.KNOWN]
            if unknown:
                raise StoreError(f"{path} was written by a newer version of npmassess (schema "
                                 f"{len(applied)}, this version knows {mig.SCHEMA_VERSION}); "
                                 "update npmassess to open it. The file was left untouched.")
            # A full quick_check reads every page (70 ms at 1,000 assessments), so opening only
            # reads the schema; damage found later surfaces as a DatabaseError with a clear message.
            conn.execute("select count(*) from assessments" if "assessments" in tables else "select 1").fetchone()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{path} is not a valid npmassess database ({exc}); "
                             "it was left untouched.") from None
        except StoreError:
            conn.close()
            raise
        db = Database(conn)
        try:
            db.execute("pragma foreign_keys = on")
            if db.execute("pragma journal_mode").fetchone()[0] != "wal":
                db.enable_wal()
            db.execute("pragma synchronous = full")
            pending = mig.migrations.pending(db)
            if pending and applied:
                self.backup_path = self._backup(conn, len(applied))
            if pending:
                mig.migrations.apply(db)
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"Cannot prepare {path}: {exc}.") from None
        return db

    def _backup(self, conn: sqlite3.Connection, version: int) -> Path:
        """Copy the database next to itself before migrating it."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.schema{version}-{stamp}.backup{self.path.suffix}")
        dest = sqlite3.connect(str(target))
        try:
            conn.backup(dest)
        finally:
            dest.close()
        return target

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return len(mig.migrations.applied(self.db))

    # -- reading ---------------------------------------------------------------------------
    def list_assessments(self) -> list[Summary]:
        rows = self.db.execute("""
            select a.id, a.organisation, a.unit, a.framework_id, a.edition, a.method, a.cycle,
                   a.status, a.updated,
                   (select count(*) from participants p where p.assessment_id = a.id),
                   (select count(*) from consensus_ratings c where c.assessment_id = a.id)
            from assessments a order by a.updated desc""").fetchall()
        return [Summary(*row) for row in rows]

    def exists(self, assessment_id: str) -> bool:
        return self.db.execute("select 1 from assessments where id = ?", [assessment_id]).fetchone() is not None

    def find(self, prefix: str) -> str:
        """The full id of the assessment whose id starts with prefix (ids are long)."""
        prefix = prefix.strip()
        if not prefix:
            raise NotFound("No assessment id given.")
        rows = self.db.execute("select id from assessments where id like ? || '%'",
                               [prefix.replace("%", "").replace("_", "")]).fetchall()
        if not rows:
            raise NotFound(f"No assessment with id '{prefix}' in {self.path}.")
        if len(rows) > 1:
            raise NotFound(f"'{prefix}' matches {len(rows)} assessments; give more of the id.")
        return rows[0][0]

    def load(self, assessment_id: str) -> Assessment:
        """The whole assessment as a snapshot."""
        row = self.db.execute("select id, organisation, unit, framework_id, edition, method, cycle,"
                              " status, created, updated from assessments where id = ?",
                              [assessment_id]).fetchone()
        if row is None:
            raise NotFound(f"No assessment with id '{assessment_id}' in {self.path}.")
        a = Assessment(*row)
        q = self.db.execute
        a.participants = [Participant(*r) for r in q(
            "select id, name, role, position from participants where assessment_id = ?"
            " order by position, rowid", [assessment_id])]
        a.ratings = {(p, n, d): v for p, n, d, v in q(
            "select r.participant_id, r.node_id, r.dimension, r.value from ratings r"
            " join participants p on p.id = r.participant_id where p.assessment_id = ?", [assessment_id])}
        a.consensus = {(n, d): v for n, d, v in q(
            "select node_id, dimension, value from consensus_ratings where assessment_id = ?",
            [assessment_id])}
        a.rationale = {n: t for n, t in q(
            "select node_id, rationale from consensus where assessment_id = ?", [assessment_id])}
        a.narratives = {n: t for n, t in q(
            "select node_id, text from narratives where assessment_id = ?", [assessment_id])}
        a.notes = [Note(i, n, k, t, p, pos) for i, n, k, t, p, pos in q(
            "select id, node_id, kind, text, participant_id, position from notes"
            " where assessment_id = ? order by position, rowid", [assessment_id])]
        actions = {r[0]: Action(*r) for r in q(
            "select id, title, description, owner, due, impact, effort, status from actions"
            " where assessment_id = ? order by position, rowid", [assessment_id])}
        for action_id, node_id, note_id in q(
                "select l.action_id, l.node_id, l.note_id from action_links l join actions x"
                " on x.id = l.action_id where x.assessment_id = ? order by l.rowid", [assessment_id]):
            if node_id:
                actions[action_id].node_ids.append(node_id)
            if note_id:
                actions[action_id].note_ids.append(note_id)
        a.actions = list(actions.values())
        for i, action in enumerate(a.actions):
            action.position = i
        return a

    def framework_of(self, assessment: Assessment | str) -> Framework:
        if isinstance(assessment, str):
            row = self.db.execute("select framework_id, edition from assessments where id = ?",
                                  [assessment]).fetchone()
            if row is None:
                raise NotFound(f"No assessment with id '{assessment}' in {self.path}.")
            return self.frameworks.get(*row)
        return self.frameworks.get(assessment.framework_id, assessment.edition)

    # -- assessments -----------------------------------------------------------------------
    def create_assessment(self, framework: Framework, organisation: str, unit: str, cycle: str,
                          method: str | None = None, status: str = "in progress",
                          participants: Iterable[tuple[str, str]] = ()) -> str:
        """Create an assessment (and its participants) and return its id."""
        method = method or framework.default_method
        if method not in framework.methods:
            raise ValidationError("method", f"'{method}' is not a scoring method of {framework.key} "
                                  f"({', '.join(framework.methods)})")
        if status not in ASSESSMENT_STATUSES:
            raise ValidationError("status", f"must be one of {', '.join(ASSESSMENT_STATUSES)}")
        record = {"id": new_id(), "organisation": _check_text("organisation", organisation, True, 300),
                  "unit": _check_text("unit", unit, True, 300), "cycle": _check_text("cycle", cycle, True, 50),
                  "framework_id": framework.id, "edition": framework.edition, "method": method,
                  "status": status, "created": now(), "updated": now()}
        with self.db.atomic():
            self.db["assessments"].insert(record)
            for name, role in participants:
                self.add_participant(record["id"], name, role)
        return record["id"]

    def update_assessment(self, assessment_id: str, **fields: str) -> dict[str, str]:
        """Change header fields; returns their previous values (for undo)."""
        current = self.load_header(assessment_id)
        for key, value in fields.items():
            if key not in _ASSESSMENT_FIELDS:
                raise ValidationError(key, "cannot be changed")
            required = key in ("organisation", "unit", "cycle")
            fields[key] = _check_text(key, value, required, 300)
        if "status" in fields and fields["status"] not in ASSESSMENT_STATUSES:
            raise ValidationError("status", f"must be one of {', '.join(ASSESSMENT_STATUSES)}")
        if "method" in fields and fields["method"] != current["method"]:
            fw = self.framework_of(assessment_id)
            if fields["method"] not in fw.methods:
                raise ValidationError("method", f"'{fields['method']}' is not a method of {fw.key}")
            if self.db.execute("select count(*) from ratings r join participants p on p.id = r.participant_id"
                               " where p.assessment_id = ?", [assessment_id]).fetchone()[0] or \
               self.db.execute("select count(*) from consensus_ratings where assessment_id = ?",
                               [assessment_id]).fetchone()[0]:
                raise ValidationError("method", "cannot change once scores have been entered")
        with self.db.atomic():
            self.db["assessments"].update(assessment_id, {**fields, "updated": now()})
        return {k: current[k] for k in fields}

    def _row(self, table: str, key: str) -> dict | None:
        """One row by primary key as a dict (plain SQL: table.get() re-reads the schema each time)."""
        cur = self.db.execute(f"select * from {table} where id = ?", [key])
        row = cur.fetchone()
        return dict(zip([c[0] for c in cur.description], row)) if row else None

    def load_header(self, assessment_id: str) -> dict:
        row = self._row("assessments", assessment_id)
        if row is None:
            raise NotFound(f"No assessment with id '{assessment_id}' in {self.path}.")
        return row

    def delete_assessment(self, assessment_id: str) -> None:
        self.load_header(assessment_id)
        with self.db.atomic():
            self._delete_contents(assessment_id)
            self.db.execute("delete from assessments where id = ?", [assessment_id])

    def _delete_contents(self, aid: str) -> None:
        q = self.db.execute
        q("delete from action_links where action_id in (select id from actions where assessment_id = ?)", [aid])
        q("delete from actions where assessment_id = ?", [aid])
        q("delete from notes where assessment_id = ?", [aid])
        q("delete from ratings where participant_id in (select id from participants where assessment_id = ?)", [aid])
        for table in ("consensus_ratings", "consensus", "narratives", "participants"):
            q(f"delete from {table} where assessment_id = ?", [aid])

    def _touch(self, assessment_id: str) -> None:
        self.db.execute("update assessments set updated = ? where id = ?", [now(), assessment_id])

    # -- participants ----------------------------------------------------------------------
    def add_participant(self, assessment_id: str, name: str, role: str = "",
                        participant_id: str | None = None) -> str:
        name = _check_text("participant name", name, True, 200).strip()
        role = _check_text("participant role", role, False, 200)
        self.load_header(assessment_id)
        taken = {r[0].casefold() for r in self.db.execute(
            "select name from participants where assessment_id = ?", [assessment_id])}
        if name.casefold() in taken:
            raise ValidationError("participant name", f"'{name}' is already a participant")
        pos = self.db.execute("select coalesce(max(position), -1) + 1 from participants where assessment_id = ?",
                              [assessment_id]).fetchone()[0]
        pid = participant_id or new_id()
        with self.db.atomic():
            self.db["participants"].insert({"id": pid, "assessment_id": assessment_id, "name": name,
                                            "role": role, "position": pos})
            self._touch(assessment_id)
        return pid

    def _participant_row(self, participant_id: str) -> dict:
        row = self._row("participants", participant_id)
        if row is None:
            raise NotFound(f"No participant with id '{participant_id}'.")
        return row

    def update_participant(self, participant_id: str, name: str | None = None,
                           role: str | None = None) -> dict[str, str]:
        row = self._participant_row(participant_id)
        changes = {}
        if name is not None:
            name = _check_text("participant name", name, True, 200).strip()
            clash = self.db.execute("select 1 from participants where assessment_id = ? and id != ?"
                                    " and lower(name) = lower(?)", [row["assessment_id"], participant_id, name]).fetchone()
            if clash:
                raise ValidationError("participant name", f"'{name}' is already a participant")
            changes["name"] = name
        if role is not None:
            changes["role"] = _check_text("participant role", role, False, 200)
        with self.db.atomic():
            self.db["participants"].update(participant_id, changes)
            self._touch(row["assessment_id"])
        return {k: row[k] for k in changes}

    def remove_participant(self, participant_id: str) -> None:
        """Remove a participant with all their scores and notes."""
        row = self._participant_row(participant_id)
        with self.db.atomic():
            self.db.execute("delete from action_links where note_id in (select id from notes where participant_id = ?)",
                            [participant_id])
            self.db.execute("delete from ratings where participant_id = ?", [participant_id])
            self.db.execute("delete from notes where participant_id = ?", [participant_id])
            self.db.execute("delete from participants where id = ?", [participant_id])
            self._touch(row["assessment_id"])

    # -- scores ----------------------------------------------------------------------------
    def _check_rating(self, assessment_id: str, node_id: str, dimension: str, value: float | None) -> float | None:
        header = self.load_header(assessment_id)
        fw = self.frameworks.get(header["framework_id"], header["edition"])
        try:
            node = fw.node(node_id)
        except KeyError:
            raise ValidationError("node", f"'{node_id}' is not a node of {fw.key}") from None
        if not node.scored:
            raise ValidationError("node", f"'{node_id}' is not scored")
        dims = {d.id: d for d in fw.method(header["method"]).dimensions_for(node.type)}
        if dimension not in dims:
            raise ValidationError("dimension", f"'{dimension}' does not apply to {node_id} "
                                  f"(use {', '.join(dims)})")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError(f"{node_id} {dimension}", f"must be a number, not {value!r}")
        problem = dims[dimension].scale.check(value)
        if problem:
            raise ValidationError(f"{node_id} {dimension}", problem)
        return float(value)

    def set_rating(self, assessment_id: str, participant_id: str | None, node_id: str,
                   dimension: str, value: float | None) -> float | None:
        """Set (or clear with None) one score; participant None = consensus. Returns the old value."""
        value = self._check_rating(assessment_id, node_id, dimension, value)
        if participant_id is None:
            table, key = "consensus_ratings", {"assessment_id": assessment_id}
        else:
            if self._participant_row(participant_id)["assessment_id"] != assessment_id:
                raise ValidationError("participant", "belongs to another assessment")
            table, key = "ratings", {"participant_id": participant_id}
        col, ident = next(iter(key.items()))
        where = f"{col} = ? and node_id = ? and dimension = ?"
        args = [ident, node_id, dimension]
        old = self.db.execute(f"select value from {table} where {where}", args).fetchone()
        with self.db.atomic():
            if value is None:
                self.db.execute(f"delete from {table} where {where}", args)
            else:
                self.db.execute(f"insert or replace into {table} ({col}, node_id, dimension, value)"
                                " values (?, ?, ?, ?)", args + [value])
            self._touch(assessment_id)
        return old[0] if old else None

    def set_rationale(self, assessment_id: str, node_id: str, text: str) -> str:
        return self._set_node_text("consensus", "rationale", assessment_id, node_id, text)

    def set_narrative(self, assessment_id: str, node_id: str, text: str) -> str:
        return self._set_node_text("narratives", "text", assessment_id, node_id, text)

    def _set_node_text(self, table: str, col: str, assessment_id: str, node_id: str, text: str) -> str:
        text = _check_text(col, text, False, 200_000)
        self.load_header(assessment_id)
        old = self.db.execute(f"select {col} from {table} where assessment_id = ? and node_id = ?",
                              [assessment_id, node_id]).fetchone()
        with self.db.atomic():
            self.db.execute(f"insert or replace into {table} (assessment_id, node_id, {col}) values (?, ?, ?)",
                            [assessment_id, node_id, text])
            self._touch(assessment_id)
        return old[0] if old else ""

    # -- notes -----------------------------------------------------------------------------
    def add_note(self, assessment_id: str, participant_id: str | None, node_id: str, kind: str,
                 text: str, position: int | None = None, note_id: str | None = None) -> str:
        if kind not in NOTE_KINDS:
            raise ValidationError("kind", f"must be one of {', '.join(NOTE_KINDS)}, not {kind!r}")
        text = _check_text(kind, text, True, 50_000)
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
        text = _check_text(old.kind, text, True, 50_000)
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
                out[key] = _check_text("action title", value, True, 500)
            elif key in ("description", "owner"):
                out[key] = _check_text(f"action {key}", value, False, 50_000 if key == "description" else 200)
            elif key == "due":
                out[key] = _check_date("action due date", value)
            elif key in ("impact", "effort"):
                out[key] = _check_level(f"action {key}", value)
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
        return self.add_action(assessment_id, action.title, action.node_ids, action.note_ids, action.id,
                               description=action.description, owner=action.owner, due=action.due,
                               impact=action.impact, effort=action.effort, status=action.status)

    # -- bulk ------------------------------------------------------------------------------
    def write_assessment(self, a: Assessment, replace: bool = False) -> None:
        """Write a whole (validated) snapshot in one transaction; used by import and merge."""
        fw = self.framework_of(a)
        with self.db.atomic():
            if self.exists(a.id):
                if not replace:
                    raise ValidationError("id", f"assessment {a.id} already exists")
                self._delete_contents(a.id)
                self.db.execute("delete from assessments where id = ?", [a.id])
            self.db["assessments"].insert({
                "id": a.id, "organisation": a.organisation, "unit": a.unit, "framework_id": fw.id,
                "edition": fw.edition, "method": a.method, "cycle": a.cycle, "status": a.status,
                "created": a.created or now(), "updated": a.updated or now()})
            self.db["participants"].insert_all(
                [{"id": p.id, "assessment_id": a.id, "name": p.name, "role": p.role, "position": i}
                 for i, p in enumerate(a.participants)])
            self.db["ratings"].insert_all(
                [{"participant_id": p, "node_id": n, "dimension": d, "value": v}
                 for (p, n, d), v in a.ratings.items()])
            self.db["consensus_ratings"].insert_all(
                [{"assessment_id": a.id, "node_id": n, "dimension": d, "value": v}
                 for (n, d), v in a.consensus.items()])
            self.db["consensus"].insert_all(
                [{"assessment_id": a.id, "node_id": n, "rationale": t} for n, t in a.rationale.items()])
            self.db["narratives"].insert_all(
                [{"assessment_id": a.id, "node_id": n, "text": t} for n, t in a.narratives.items()])
            self.db["notes"].insert_all(
                [{"id": n.id, "assessment_id": a.id, "participant_id": n.participant_id, "node_id": n.node_id,
                  "kind": n.kind, "text": n.text, "position": n.position} for n in a.notes])
            for i, x in enumerate(a.actions):
                self.db["actions"].insert({
                    "id": x.id, "assessment_id": a.id, "title": x.title, "description": x.description,
                    "owner": x.owner, "due": x.due, "impact": x.impact, "effort": x.effort,
                    "status": x.status, "position": i})
                self.db["action_links"].insert_all(
                    [{"action_id": x.id, "node_id": n, "note_id": None} for n in x.node_ids]
                    + [{"action_id": x.id, "node_id": None, "note_id": n} for n in x.note_ids])

    # -- offline packages and kits (log only; the data itself goes through the methods above) --
    def record_kit(self, kit_id: str, assessment_id: str, participant_id: str, kind: str, issued: str) -> None:
        """Remember that a scoring kit was issued (to spot stale and duplicate returns)."""
        with self.db.atomic():
            self.db["kits"].insert({"id": kit_id, "assessment_id": assessment_id, "participant_id": participant_id,
                                    "kind": kind, "issued": issued, "returned": "", "digest": ""}, replace=True)

    def kit_record(self, kit_id: str) -> dict | None:
        rows = list(self.db["kits"].rows_where("id = ?", [kit_id]))
        return rows[0] if rows else None

    def kits_of(self, assessment_id: str, participant_id: str | None = None) -> list[dict]:
        """Issued kits of an assessment (optionally one participant's), oldest first."""
        where, args = "assessment_id = ?", [assessment_id]
        if participant_id is not None:
            where, args = where + " and participant_id = ?", args + [participant_id]
        return list(self.db["kits"].rows_where(where, args, order_by="issued, rowid"))

    def mark_kit_returned(self, kit_id: str, returned: str, digest: str) -> None:
        with self.db.atomic():
            self.db.execute("update kits set returned = ?, digest = ? where id = ?", [returned, digest, kit_id])

    def sync_base(self, assessment_id: str) -> tuple[str, str] | None:
        """(snapshot JSON, kit JSON) of the last package imported for an assessment, if any."""
        row = self.db.execute("select snapshot, kit from sync_bases where assessment_id = ?",
                              [assessment_id]).fetchone()
        return (row[0], row[1]) if row else None

    def set_sync_base(self, assessment_id: str, snapshot: str, kit: str = "") -> None:
        with self.db.atomic():
            self.db.execute("insert or replace into sync_bases (assessment_id, snapshot, kit, recorded)"
                            " values (?, ?, ?, ?)", [assessment_id, snapshot, kit, now()])

    # -- bulk edits for merges (validated like the single edits; one transaction, one 'updated' stamp) --
    def set_ratings(self, assessment_id: str,
                    items: Iterable[tuple[str | None, str, str, float | None]]) -> int:
        """Set or clear many scores: (participant or None for consensus, node, dimension, value)."""
        header = self.load_header(assessment_id)
        fw = self.frameworks.get(header["framework_id"], header["edition"])
        method = fw.method(header["method"])
        nodes = {n.id: n for n in fw.scored_nodes()}
        people = {r[0] for r in self.db.execute("select id from participants where assessment_id = ?",
                                                [assessment_id])}
        rows = []
        for pid, node_id, dim, value in items:
            node = nodes.get(node_id)
            if node is None:
                raise ValidationError("node", f"'{node_id}' is not a scored node of {fw.key}")
            dims = {d.id: d for d in method.dimensions_for(node.type)}
            if dim not in dims:
                raise ValidationError("dimension", f"'{dim}' does not apply to {node_id} (use {', '.join(dims)})")
            if value is not None:
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise ValidationError(f"{node_id} {dim}", f"must be a number, not {value!r}")
                problem = dims[dim].scale.check(value)
                if problem:
                    raise ValidationError(f"{node_id} {dim}", problem)
                value = float(value)
            if pid is not None and pid not in people:
                raise ValidationError("participant", f"'{pid}' is not a participant of this assessment")
            rows.append((pid, node_id, dim, value))
        with self.db.atomic():
            for pid, node_id, dim, value in rows:
                table, col, ident = ("consensus_ratings", "assessment_id", assessment_id) if pid is None \
                    else ("ratings", "participant_id", pid)
                if value is None:
                    self.db.execute(f"delete from {table} where {col} = ? and node_id = ? and dimension = ?",
                                    [ident, node_id, dim])
                else:
                    self.db.execute(f"insert or replace into {table} ({col}, node_id, dimension, value)"
                                    " values (?, ?, ?, ?)", [ident, node_id, dim, value])
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
                raise ValidationError("kind", f"must be one of {', '.join(NOTE_KINDS)}, not {n.kind!r}")
            text = _check_text(n.kind, n.text, True, 50_000)
            if n.node_id not in node_ids:
                raise ValidationError("node", f"'{n.node_id}' is not a node of {fw.key}")
            if n.participant_id is not None and n.participant_id not in people:
                raise ValidationError("participant", "belongs to another assessment")
            group = (n.node_id, n.kind, n.participant_id)
            if group not in next_pos:
                next_pos[group] = self.db.execute(
                    "select coalesce(max(position), -1) + 1 from notes where assessment_id = ? and node_id = ?"
                    " and kind = ? and participant_id is ?", [assessment_id, *group]).fetchone()[0]
            rows.append({"id": n.id or new_id(), "assessment_id": assessment_id, "participant_id": n.participant_id,
                         "node_id": n.node_id, "kind": n.kind, "text": text, "position": next_pos[group]})
            next_pos[group] += 1
        with self.db.atomic():
            self.db["notes"].insert_all(rows)
            self._touch(assessment_id)
        return len(rows)

    def load_participant(self, assessment_id: str, participant_id: str) -> Assessment:
        """The assessment header and participants with only one person's ratings and notes (cheap)."""
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
