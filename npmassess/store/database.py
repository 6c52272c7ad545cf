"""The local store: SQLite through sqlite-utils; the only module that writes SQL."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from npmassess.store import migrations as mig
from npmassess.assessment import ASSESSMENT_STATUSES, Action, Assessment, Note, Participant, new_id, now
from npmassess.errors import NotFound, StoreDamaged, StoreError, StoreReadOnly, ValidationError
from npmassess.figures import from_json, image_digests
from npmassess.i18n import _
from npmassess.fsutil import atomic_output
from npmassess.paths import default_db_path
from npmassess.store.base import Transaction
from npmassess.store.bulk import BulkWrites
from npmassess.store.changes import Change
from npmassess.store.images import FigureImages
from npmassess.store.connection import BUSY_TIMEOUT, check_file, classify, connect, network_warning, writable
from npmassess.store.connection import read as read_transaction
from npmassess.store.lock import LockedDatabase
from npmassess.store.trust import ProcessRecords
from npmassess.store.records import NotesAndActions
from npmassess.store.rows import RowAccess
from npmassess.store.scores import ANY, ParticipantsAndScores  # noqa: F401 (ANY: re-exported)
from npmassess.validation import check_cycle, check_field

if TYPE_CHECKING:  # framework files load when a framework is first needed (not to list assessments)
    from npmassess.frameworks import Library
    from npmassess.model import Framework

_ASSESSMENT_FIELDS = ("organisation", "unit", "cycle", "status", "method", "language")


def _language(code: str | None) -> str:
    """A supported language code; None means the current UI language."""
    from npmassess.i18n import LANGUAGES, current_language
    code = current_language() if code is None else code
    if code not in LANGUAGES:
        raise ValidationError("language", _("must be one of {values}, not {value}").format(
            values=", ".join(LANGUAGES), value=repr(code)))
    return code


def _audit_record(store: "Store", changes: list[Change]) -> int:
    """The audit trail's commit hook (npmassess.process.audit.record), loaded at the first commit, not at open."""
    from npmassess.process import audit
    return audit.record(store, changes)


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


class Store(ParticipantsAndScores, NotesAndActions, BulkWrites, RowAccess, ProcessRecords, FigureImages):
    """An open npmassess database file. Every edit method commits before it returns.

    Every edit runs in one BEGIN IMMEDIATE transaction (self._write()), leaves its change records
    in self.last_changes and passes them, before COMMIT, to every function in self.commit_hooks
    (hook(store, changes)), so an audit trail can be written in the same transaction.
    """

    db: LockedDatabase  # the connection (StoreBase.db), with the approval lock's messages

    def __init__(self, path: Path | str | None = None, frameworks: Library | None = None,
                 read_only: bool | None = None, timeout: float = BUSY_TIMEOUT):
        self.path = Path(path) if path else default_db_path()
        self._frameworks = frameworks
        self.backup_path: Path | None = None
        self.closed = False  # set by close()
        self.read_only = (not writable(self.path)) if read_only is None else read_only
        self.timeout = timeout
        self.warning: str | None = network_warning(self.path)
        self.commit_hooks: list[Callable[["Store", list[Change]], object]] = []  # return value unused
        self.last_changes: list[Change] = []
        self.external_change = False  # set by an edit that found another program's commit
        self._tx: Transaction | None = None
        self._seen_version: int | None = None
        self.created = not self.read_only and not self.path.exists()  # this Store makes the file
        self._new_folders = [f for f in self.path.parents if not f.exists()] if self.created else []
        self.db = self._open()
        self._changes_at_open = self.db.conn.total_changes  # schema and migrations only

    @property
    def frameworks(self) -> Library:
        """The framework library (bundled and the user's files), looked up when first needed."""
        if self._frameworks is None:
            from npmassess.frameworks import library
            self._frameworks = library()
        return self._frameworks

    @frameworks.setter
    def frameworks(self, value: Library) -> None:
        self._frameworks = value

    # -- opening, checking, migrating ------------------------------------------------------
    def _open(self) -> LockedDatabase:
        path = self.path
        check_file(path)
        if self.read_only and not path.exists():
            raise StoreReadOnly(_("Cannot create {path}: its folder is read-only.").format(path=path))
        try:
            if not self.read_only:
                path.parent.mkdir(parents=True, exist_ok=True)
            conn = connect(path, self.read_only, self.timeout)
        except (OSError, sqlite3.Error) as exc:
            raise classify(exc, path) from None
        try:
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
            applied: list[str] = []
            if "_sqlite_migrations" in tables:
                applied = [r[0] for r in conn.execute(
                    "select name from _sqlite_migrations where migration_set='npmassess' order by rowid")]
            if tables and not applied:
                raise StoreError(_("{path} is an SQLite database, but not an npmassess store; "
                                   "it was left untouched.").format(path=path))
            unknown = [name for name in applied if name not in mig.KNOWN]
            if unknown:
                raise StoreError(_("{path} was written by a newer version of npmassess (schema {schema}, this "
                                   "version knows {known}); update npmassess to open it. The file was left "
                                   "untouched.").format(path=path, schema=len(applied), known=mig.SCHEMA_VERSION))
            # A full quick_check reads every page (70 ms at 1,000 assessments), so opening only
            # reads the schema; damage found later surfaces as a StoreDamaged error.
            conn.execute("select count(*) from assessments" if "assessments" in tables else "select 1").fetchone()
        except sqlite3.DatabaseError as exc:
            conn.close()
            error = classify(exc, path)
            if isinstance(error, StoreDamaged):
                error = StoreDamaged(_("{path} is not a valid npmassess database ({problem}); it was left untouched. "
                                       "If it is your assessment file, it is damaged: restore a backup copy of "
                                       "it.").format(path=path, problem=_(str(exc))))
            raise error from None
        except StoreError:
            conn.close()
            raise
        db = LockedDatabase(conn, self._describe_lock)
        try:
            db.execute("pragma foreign_keys = on")
            pending = [name for name in mig.KNOWN if name not in applied]  # no sqlite-utils when up to date
            if self.read_only:
                if pending or not applied:
                    raise StoreReadOnly(_("{path} is read-only and needs an upgrade of its schema; copy it to a "
                                          "folder you can write to, then open the copy.").format(path=path))
                return db
            if db.execute("pragma journal_mode").fetchone()[0] != "wal":
                db.enable_wal()
            db.execute("pragma synchronous = full")
            self.db = db
            if pending and applied:
                self.backup_path = self._backup(conn, len(applied))
            if pending:
                with self._write():
                    mig.migrations.apply(db.utils)
            db.install_temp_lock()
            self.commit_hooks.append(_audit_record)  # every committed change goes to the audit trail
        except StoreError:
            conn.close()
            raise
        except (sqlite3.Error, OSError) as exc:
            conn.close()
            raise classify(exc, path) from None
        return db

    def _backup(self, conn: sqlite3.Connection, version: int) -> Path:
        """Copy the database next to itself before migrating it (complete or not at all)."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.schema{version}-{stamp}.backup{self.path.suffix}")
        for stale in self.path.parent.glob(f".{self.path.stem}.schema*.backup*.part"):
            stale.unlink(missing_ok=True)  # left by a crash during an earlier backup
        with atomic_output(target, StoreError) as partial:  # hidden .part until it is whole, then renamed
            dest = sqlite3.connect(partial)
            try:
                conn.backup(dest)
            finally:
                dest.close()
        return target

    def _describe_lock(self, assessment_id: str) -> str:
        """The message of a write refused because the assessment is approved (names it and its approver)."""
        from npmassess.process.stages import locked_message
        return locked_message(self, assessment_id)

    def close(self) -> None:
        self.closed = True
        self.db.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        """Close; a file this Store created and nobody wrote to is removed when the work was refused."""
        discard = exc_type is not None and self.created and self._untouched()
        self.close()
        if discard:
            for suffix in ("", "-wal", "-shm", "-journal"):
                with suppress(OSError):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            for folder in self._new_folders:  # innermost first; only the empty ones this Store made
                with suppress(OSError):
                    folder.rmdir()

    def _untouched(self) -> bool:
        try:
            return (self.db.conn.total_changes == self._changes_at_open
                    and self.db.execute("select count(*) from assessments").fetchone()[0] == 0)
        except sqlite3.Error:
            return False

    @property
    def schema_version(self) -> int:
        return len(mig.migrations.applied(self.db.utils))

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[Transaction]:
        """One write transaction (BEGIN IMMEDIATE); nested calls join the open one."""
        if self._tx is not None:
            yield self._tx
            return
        if self.read_only:
            raise StoreReadOnly(_("{path} is open read-only (the file or its folder cannot be written); your change "
                                  "was not saved.").format(path=self.path))
        conn = self.db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise classify(exc, self.path) from None
        tx = self._tx = Transaction()
        try:
            yield tx
            if tx.changes:
                for hook in self.commit_hooks:
                    hook(self, tx.changes)
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                # a write to an approved assessment: say which and who approved (the lock's database knows)
                translate = getattr(self.db, "translate", None)
                refused = translate(exc) if translate is not None else exc
                if refused is not exc:
                    raise refused from None
            if isinstance(exc, (sqlite3.Error, OSError)):
                raise classify(exc, self.path) from None
            raise
        finally:
            self._tx = None
        self.last_changes = tx.changes
        if tx.data_version is not None:
            self.external_change = self._seen_version is not None and tx.data_version != self._seen_version
            self._seen_version = tx.data_version

    def transaction(self) -> AbstractContextManager[Transaction]:
        """A write transaction for several edits at once (BEGIN IMMEDIATE; nested edits join it)."""
        return self._write()

    def data_version(self) -> int:
        """SQLite's data_version of this connection: it moves when another connection commits."""
        return self.db.execute("pragma data_version").fetchone()[0]

    def changed_elsewhere(self) -> bool:
        """True once per commit made by another connection or program since the last call or edit."""
        version = self.data_version()
        changed = self._seen_version is not None and version != self._seen_version
        self._seen_version = version
        return changed

    # -- reading ----------------------------------------------------------------------------
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
            raise NotFound(_("No assessment id given."))
        rows = self.db.execute("select id from assessments where id like ? || '%'",
                               [prefix.replace("%", "").replace("_", "")]).fetchall()
        if not rows:
            raise NotFound(_("No assessment with id '{id}' in {path}.").format(id=prefix, path=self.path))
        if len(rows) > 1:
            raise NotFound(_("'{id}' matches {n} assessments; give more of the id.").format(id=prefix, n=len(rows)))
        return rows[0][0]

    def load(self, assessment_id: str) -> Assessment:
        """The whole assessment as a snapshot, read in one read transaction (one state of the file)."""
        try:
            with read_transaction(self.db.conn):
                return self._load(assessment_id)
        except sqlite3.Error as exc:
            raise classify(exc, self.path) from None

    def _load(self, assessment_id: str) -> Assessment:
        row = self.db.execute("select id, organisation, unit, framework_id, edition, method, cycle,"
                              " status, created, updated from assessments where id = ?",
                              [assessment_id]).fetchone()
        if row is None:
            raise NotFound(_("No assessment with id '{id}' in {path}.").format(id=assessment_id, path=self.path))
        a = Assessment(*row)
        q = self.db.execute
        a.language = q("select language from assessments where id = ?", [assessment_id]).fetchone()[0] or ""
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
        a.images = self.images(image_digests(a.figures))
        a.notes = [Note(i, n, k, t, p, pos) for i, n, k, t, p, pos in q(
            "select id, node_id, kind, text, participant_id, position from notes"
            " where assessment_id = ? order by position, rowid", [assessment_id])]
        actions = {r[0]: Action(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], position=r[8]) for r in q(
            "select id, title, description, owner, due, impact, effort, status, position from actions"
            " where assessment_id = ? order by position, rowid", [assessment_id])}
        for action_id, node_id, note_id in q(
                "select l.action_id, l.node_id, l.note_id from action_links l join actions x"
                " on x.id = l.action_id where x.assessment_id = ? order by l.rowid", [assessment_id]):
            if node_id:
                actions[action_id].node_ids.append(node_id)
            if note_id:
                actions[action_id].note_ids.append(note_id)
        a.actions = list(actions.values())
        self.load_process(a)
        return a

    def framework_of(self, assessment: Assessment | str) -> Framework:
        if isinstance(assessment, str):
            row = self.db.execute("select framework_id, edition from assessments where id = ?",
                                  [assessment]).fetchone()
            if row is None:
                raise NotFound(_("No assessment with id '{id}' in {path}.").format(id=assessment, path=self.path))
            return self.frameworks.get(*row)
        return self.frameworks.get(assessment.framework_id, assessment.edition)

    # -- assessments -----------------------------------------------------------------------
    def create_assessment(self, framework: Framework, organisation: str, unit: str, cycle: str,
                          method: str | None = None, status: str = "in progress",
                          participants: Iterable[tuple[str, str]] = (), language: str | None = None) -> str:
        """Create an assessment (and its participants) and return its id.

        language: what the users will write its notes in; by default the current UI language.
        """
        method = method or framework.default_method
        if method not in framework.methods:
            raise ValidationError("method", _("'{method}' is not a scoring method of {framework} ({methods})").format(
                method=method, framework=framework.key, methods=", ".join(framework.methods)))
        if status not in ASSESSMENT_STATUSES:
            raise ValidationError("status", _("must be one of {values}").format(values=", ".join(ASSESSMENT_STATUSES)))
        record = {"id": new_id(), "organisation": check_field("organisation", organisation),
                  "unit": check_field("unit", unit), "cycle": check_cycle("cycle", cycle),
                  "framework_id": framework.id, "edition": framework.edition, "method": method,
                  "status": status, "created": now(), "updated": now(),
                  "language": _language(language)}
        with self._write() as tx:
            self.db.table("assessments").insert(record)
            tx.changes.append(Change("assessments", record["id"], record["id"], None,
                                     tuple((k, record[k]) for k in _ASSESSMENT_FIELDS)))
            for name, role in participants:
                self.add_participant(record["id"], name, role)
        return record["id"]

    def update_assessment(self, assessment_id: str, **fields: str) -> dict[str, str]:
        """Change header fields; returns their previous values (for undo)."""
        current = self.load_header(assessment_id)
        for key, value in fields.items():
            if key not in _ASSESSMENT_FIELDS:
                raise ValidationError(key, _("cannot be changed"))
            if key == "language":
                fields[key] = _language(value)
                continue
            fields[key] = check_cycle(key, value) if key == "cycle" else check_field(key, value) \
                if key in ("organisation", "unit") else check_field("label", value, key)
        if "status" in fields and fields["status"] not in ASSESSMENT_STATUSES:
            raise ValidationError("status", _("must be one of {values}").format(values=", ".join(ASSESSMENT_STATUSES)))
        with self._write():
            current = self.load_header(assessment_id)
            if "method" in fields and fields["method"] != current["method"]:
                fw = self.framework_of(assessment_id)
                if fields["method"] not in fw.methods:
                    raise ValidationError("method", _("'{method}' is not a method of {framework}").format(
                        method=fields["method"], framework=fw.key))
                if self.db.execute("select count(*) from ratings r join participants p on p.id = r.participant_id"
                                   " where p.assessment_id = ?", [assessment_id]).fetchone()[0] or \
                   self.db.execute("select count(*) from consensus_ratings where assessment_id = ?",
                                   [assessment_id]).fetchone()[0]:
                    raise ValidationError("method", _("cannot change once scores have been entered"))
            self._change("assessments", assessment_id, assessment_id, tuple(fields.items()))
            self._touch(assessment_id)
        return {k: current[k] for k in fields}

    def _row(self, table: str, key: str) -> dict | None:
        """One row by primary key as a dict (plain SQL: table.get() re-reads the schema each time)."""
        cur = self.db.execute(f"select * from {table} where id = ?", [key])
        row = cur.fetchone()
        return dict(zip([c[0] for c in cur.description], row)) if row else None

    def load_header(self, assessment_id: str) -> dict:
        row = self._row("assessments", assessment_id)
        if row is None:
            raise NotFound(_("No assessment with id '{id}' in {path}.").format(id=assessment_id, path=self.path))
        return row

    def delete_assessment(self, assessment_id: str) -> None:
        self.load_header(assessment_id)
        with self._write() as tx:
            self._delete_contents(assessment_id)
            self.db.execute("delete from assessments where id = ?", [assessment_id])
            self._forget_unused_images()  # its pictures leave the file with it (unless another figure shows them)
            tx.changes.append(Change("assessments", assessment_id, assessment_id, "(whole assessment)", None))

    def _delete_contents(self, aid: str) -> None:
        q = self.db.execute
        q("delete from action_links where action_id in (select id from actions where assessment_id = ?)", [aid])
        q("delete from actions where assessment_id = ?", [aid])
        q("delete from notes where assessment_id = ?", [aid])
        q("delete from ratings where participant_id in (select id from participants where assessment_id = ?)", [aid])
        for table in ("consensus_ratings", "consensus", "narratives", "figures", "suggestion_overrules",
                      "participants"):
            q(f"delete from {table} where assessment_id = ?", [aid])

    def _touch(self, assessment_id: str, extra: str = "", args: Iterable = ()) -> tuple:
        """Stamp the assessment as updated; returns the extra columns asked for (one statement).

        The same statement reads the file's data_version, so an edit notices another program's
        commit without a statement of its own.
        """
        sql = ("update assessments set updated = ? where id = ?"
               " returning (select data_version from pragma_data_version)" + (", " + extra if extra else ""))
        row = self.db.execute(sql, [now(), assessment_id, *args]).fetchone()
        if row is None:
            raise NotFound(_("No assessment with id '{id}' in {path}.").format(id=assessment_id, path=self.path))
        if self._tx is not None:
            self._tx.data_version = row[0]
        return tuple(row[1:])
