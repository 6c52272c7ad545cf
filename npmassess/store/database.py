"""The local store: SQLite through sqlite-utils; the only module that writes SQL."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterable

from sqlite_utils import Database

from npmassess.store import migrations as mig
from npmassess.assessment import ASSESSMENT_STATUSES, Action, Assessment, Note, Participant, new_id, now
from npmassess.errors import NotFound, StoreError, ValidationError
from npmassess.figures import from_json
from npmassess.frameworks import Library, library
from npmassess.model import Framework
from npmassess.paths import default_db_path
from npmassess.store.bulk import BulkWrites
from npmassess.store.records import NotesAndActions
from npmassess.validation import check_field, check_rating

_ASSESSMENT_FIELDS = ("organisation", "unit", "cycle", "status", "method")


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


class Store(NotesAndActions, BulkWrites):
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
        a.figures = {n: figs for n, t in q("select node_id, figures from figures where assessment_id = ?",
                                             [assessment_id]) if (figs := from_json(t))}
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
        record = {"id": new_id(), "organisation": check_field("organisation", organisation),
                  "unit": check_field("unit", unit), "cycle": check_field("cycle", cycle),
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
            fields[key] = check_field(key, value) if key in ("organisation", "unit", "cycle") else \
                check_field("label", value, key)
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
        for table in ("consensus_ratings", "consensus", "narratives", "figures", "participants"):
            q(f"delete from {table} where assessment_id = ?", [aid])

    def _touch(self, assessment_id: str) -> None:
        self.db.execute("update assessments set updated = ? where id = ?", [now(), assessment_id])

    # -- participants ----------------------------------------------------------------------
    def add_participant(self, assessment_id: str, name: str, role: str = "",
                        participant_id: str | None = None) -> str:
        name = check_field("participant name", name).strip()
        role = check_field("participant role", role)
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
            name = check_field("participant name", name).strip()
            clash = self.db.execute("select 1 from participants where assessment_id = ? and id != ?"
                                    " and lower(name) = lower(?)", [row["assessment_id"], participant_id, name]).fetchone()
            if clash:
                raise ValidationError("participant name", f"'{name}' is already a participant")
            changes["name"] = name
        if role is not None:
            changes["role"] = check_field("participant role", role)
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
        return check_rating(fw, header["method"], node_id, dimension, value)

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

    def set_figures(self, assessment_id: str, node_id: str, figures: list) -> list:
        """Replace the figures of a node's narrative; returns the old ones (for undo)."""
        from npmassess.figures import check, to_json
        for f in figures:
            msg = check(f)
            if msg:
                raise ValidationError("figures", msg)
        self.load_header(assessment_id)
        old = self.db.execute("select figures from figures where assessment_id = ? and node_id = ?",
                              [assessment_id, node_id]).fetchone()
        with self.db.atomic():
            self.db.execute("insert or replace into figures (assessment_id, node_id, figures) values (?, ?, ?)",
                            [assessment_id, node_id, to_json(figures)])
            self._touch(assessment_id)
        return from_json(old[0]) if old else []

    def _set_node_text(self, table: str, col: str, assessment_id: str, node_id: str, text: str) -> str:
        text = check_field("rationale" if table == "consensus" else "narrative", text, col)
        self.load_header(assessment_id)
        old = self.db.execute(f"select {col} from {table} where assessment_id = ? and node_id = ?",
                              [assessment_id, node_id]).fetchone()
        with self.db.atomic():
            self.db.execute(f"insert or replace into {table} (assessment_id, node_id, {col}) values (?, ?, ?)",
                            [assessment_id, node_id, text])
            self._touch(assessment_id)
        return old[0] if old else ""
