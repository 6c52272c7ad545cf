"""Opening the SQLite file, transactions that hold under concurrency, and what a failure means.

Write transactions start with BEGIN IMMEDIATE, so SQLite's busy timeout applies when another
program holds the lock (a deferred BEGIN upgraded to a write fails at once with SQLITE_BUSY);
a load is one read transaction, so it sees one consistent state of the file.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from npmassess.errors import DiskFull, StoreDamaged, StoreError, StoreLocked, StoreReadOnly
from npmassess.store.shares import NETWORK_FS, filesystem_type, is_network  # noqa: F401 (NETWORK_FS: re-exported)

BUSY_TIMEOUT = 5.0  # seconds a write waits for another program's lock
FULL_BELOW = 1024 * 1024  # bytes free under which an I/O error of SQLite means a full disk

LOCKED = ("Another program is writing to {path}; your change was not saved. Try again.")


def connect(path: Path, read_only: bool, timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    """A connection in autocommit mode (every transaction is explicit: see write/read below).

    Read-only, a WAL file needs its -shm index beside it; in a folder nobody can write to (a
    read-only disk, a CD, a protected share) SQLite cannot create that index, so the file is then
    opened as immutable: nothing can be writing to it there.
    """
    if read_only:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
        except sqlite3.OperationalError as exc:
            # the missing index is reported as CANTOPEN or, by newer SQLite, READONLY_DIRECTORY
            if not getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")):
                raise
            conn.close()
            conn = sqlite3.connect(uri + "&immutable=1", uri=True, timeout=timeout, isolation_level=None)
        return conn
    return sqlite3.connect(str(path), timeout=timeout, isolation_level=None)


def check_file(path: Path) -> None:
    """Refuse what must not become a store: a folder, a device or FIFO, an empty file."""
    if not path.exists():
        return
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    if not path.is_file():
        raise StoreError(f"{path} is not a regular file (a device or pipe?); it was left untouched.")
    if path.stat().st_size == 0:
        raise StoreError(f"{path} is an empty file (0 bytes), not an npmassess database; it was left "
                         "untouched. Give a new file name to start a new store.")


def writable(path: Path) -> bool:
    """Whether the file (or, for a new file, its folder) and its folder can be written (WAL needs both)."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return False
    while not folder.exists() and folder.parent != folder:  # a new folder: made in the nearest one there is
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def network_warning(path: Path, mounts: str = "/proc/mounts") -> str | None:
    """A warning when the file lies on a network share, where SQLite's locking is unsafe.

    Detected on Linux (/proc/mounts), Windows (UNC paths, mapped network drives) and macOS/FreeBSD
    (statfs); elsewhere, or when the OS cannot tell, no warning (see npmassess.store.shares).
    """
    kind = filesystem_type(path, mounts)
    if is_network(kind):
        return (f"{path} is on a network share ({kind}). SQLite cannot lock files safely there: "
                "if two computers edit it at once, changes can be lost or the file damaged. "
                "Keep the file on a local disk and share packages instead.")
    return None


def classify(exc: BaseException, path: Path | str) -> StoreError:
    """The real cause of a database failure as one typed error: locked, read-only, disk full, damaged."""
    if isinstance(exc, StoreError):
        return exc
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or name.startswith("SQLITE_FULL") \
            or "disk is full" in text or name.startswith("SQLITE_IOERR") and _no_room(path):
        return DiskFull(f"The disk holding {path} is full; the change was not saved. Free some space and "
                        "try again.")
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in text:
        return StoreLocked(LOCKED.format(path=path))
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text \
            or isinstance(exc, PermissionError):
        return StoreReadOnly(f"{path} is read-only (the file or its folder cannot be written); it is open "
                             "for reading only and changes cannot be saved.")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text \
            or "not a database" in text:
        return StoreDamaged(f"{path} is damaged ({exc}); restore a backup copy of it.")
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return StoreError(f"Cannot open {path}: the file or its folder cannot be reached or created.")
    if name.startswith("SQLITE_IOERR") or "i/o error" in text:
        return StoreError(f"{path} could not be read or written (disk I/O error: {exc}); check the disk "
                          "or network drive, then try again.")
    return StoreError(f"{path}: database error ({exc}).")


def _no_room(path: Path | str) -> bool:
    """Whether the disk holding path is (nearly) full: SQLite reports a full disk as an I/O error when
    it cannot grow its -shm index or journal, rather than as SQLITE_FULL."""
    try:
        info = os.statvfs(Path(path).resolve().parent)
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        return False
    return info.f_bavail * info.f_frsize < FULL_BELOW


@contextmanager
def read(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction (a consistent snapshot of the file), unless one is already open."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
