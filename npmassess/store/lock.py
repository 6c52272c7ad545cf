"""The write lock of approved assessments: SQL triggers refuse every change, one place for every writer.

Persistent triggers (installed by a migration) refuse any write to an approved assessment's rows,
whoever writes (our code, an import, an SQLite shell). Per-connection TEMP triggers with the same
condition fire first and record which assessment was hit, so the store can say which assessment
it is and who approved it instead of a bare SQLite error.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Iterator

from npmassess.errors import ApprovedError

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.db import Table

MARKER = "npmassess-approved-read-only"

# table -> SQL giving the assessment id of the row (R is replaced by NEW or OLD)
LOCKED_TABLES: dict[str, str] = {
    "participants": "R.assessment_id",
    "ratings": "(select assessment_id from participants where id = R.participant_id)",
    "consensus_ratings": "R.assessment_id",
    "consensus": "R.assessment_id",
    "narratives": "R.assessment_id",
    "notes": "R.assessment_id",
    "actions": "R.assessment_id",
    "action_links": "(select assessment_id from actions where id = R.action_id)",
}


def _approved(expr: str) -> str:
    return f"(select stage from assessments where id = {expr}) = 'approved'"


def trigger_sql(tables: dict[str, str], temp: bool = False, assessments: bool = True) -> list[str]:
    """CREATE TRIGGER statements locking the given tables (temp ones also call npmassess_locked)."""
    kind, on, prefix = ("temp trigger", "main.", "tmp_lock") if temp else ("trigger", "", "lock")
    out = []
    for table, expr in tables.items():
        for event, rows in (("insert", ("NEW",)), ("update", ("NEW", "OLD")), ("delete", ("OLD",))):
            cond = " or ".join(_approved(expr.replace("R.", f"{r}.")) for r in rows)
            hit = ("select npmassess_locked(" + expr.replace("R.", f"{rows[-1]}.") + "); ") if temp else ""
            out.append(f"create {kind} if not exists {prefix}_{table}_{event} before {event} on {on}{table} "
                       f"when {cond} begin {hit}select raise(abort, '{MARKER}'); end")
    if not assessments:
        return out
    hit_new = "select npmassess_locked(OLD.id); " if temp else ""
    out.append(f"create {kind} if not exists {prefix}_assessments_update before update on {on}assessments "
               f"when OLD.stage = 'approved' and NEW.stage = 'approved' "
               f"begin {hit_new}select raise(abort, '{MARKER}'); end")
    out.append(f"create {kind} if not exists {prefix}_assessments_delete before delete on {on}assessments "
               f"when OLD.stage = 'approved' begin {hit_new}select raise(abort, '{MARKER}'); end")
    return out


class LockedDatabase:
    """The store's connection: plain SQL at once, sqlite-utils' table API on first use (opening a store
    then imports no sqlite-utils); a write the approval lock refuses becomes an ApprovedError naming
    the assessment, whichever of the two ran it."""

    def __init__(self, conn: sqlite3.Connection, describe: Callable[[str], str]):
        self.conn = conn
        self._utils: Database | None = None
        conn.execute("pragma recursive_triggers = on")  # what sqlite-utils' Database sets on a connection
        self._describe = describe
        self._hits: list[str] = []
        conn.create_function("npmassess_locked", 1, self._hit)
        extra = dict(EXTRA_LOCKED)
        self._temp_tables = {**LOCKED_TABLES, **extra}

    @property
    def utils(self) -> Database:
        """sqlite-utils' Database over the same connection (its writes translated the same way)."""
        if self._utils is None:
            self._utils = _utils_database(self.conn, self._translate)
        return self._utils

    def table(self, name: str) -> Table:
        return self.utils.table(name)

    def __getitem__(self, name: str) -> Any:
        return self.utils[name]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.utils, name)  # the rest of sqlite-utils' Database API

    def enable_wal(self) -> None:
        self.conn.execute("pragma journal_mode = wal")

    def _hit(self, assessment_id: str) -> int:
        self._hits.append(assessment_id)
        return 1

    def install_temp_lock(self) -> None:
        """Create this connection's recording triggers (after migrations made the tables)."""
        tables = {r[0] for r in self.conn.execute("select name from sqlite_master where type = 'table'")}
        if "assessments" not in tables:
            return
        cols = {r[1] for r in self.conn.execute("pragma table_info(assessments)")}
        if "stage" not in cols:
            return
        present = {t: e for t, e in self._temp_tables.items() if t in tables}
        for sql in trigger_sql(present, temp=True):
            self.conn.execute(sql)

    def translate(self, exc: sqlite3.Error) -> Exception:
        """ApprovedError for a write the lock refused; the exception itself otherwise."""
        return self._translate(exc)

    def _translate(self, exc: sqlite3.Error) -> Exception:
        if MARKER not in str(exc):
            return exc
        aid = self._hits[-1] if self._hits else ""
        self._hits.clear()
        return ApprovedError(self._describe(aid))

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        try:
            with self.utils.atomic() as db:
                yield db
        except sqlite3.IntegrityError as exc:
            err = self._translate(exc)
            if err is exc:
                raise
            raise err from None

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)
        except sqlite3.IntegrityError as exc:
            err = self._translate(exc)
            if err is exc:
                raise
            raise err from None


def _utils_database(conn: sqlite3.Connection, translate: Callable[[sqlite3.Error], Exception]) -> Database:
    """A sqlite-utils Database on conn whose refused writes raise what translate makes of them."""
    from sqlite_utils import Database

    class Translating(Database):
        def execute(self, sql, parameters=None):
            try:
                return super().execute(sql, parameters)
            except sqlite3.IntegrityError as exc:
                err = translate(exc)
                if err is exc:
                    raise
                raise err from None

    return Translating(conn)


# tables added by later migrations register here: name -> assessment id expression
EXTRA_LOCKED: dict[str, str] = {
    "note_meta": "R.assessment_id",
    "figures": "R.assessment_id",
}
