"""Faults run for real: every CLI write path under BEGIN IMMEDIATE, a folder nobody can write, a
full disk behind SQLite, a process killed in the middle of a migration, a failed zip writer."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlite_utils import Database

from npmassess import fsutil
from npmassess.cli import run
from npmassess.errors import DiskFull, OutputError
from npmassess.store import Store
from npmassess.store import connection
from npmassess.store import migrations as mig

ROOT = Path(__file__).resolve().parents[2]
WRITE = re.compile(r"^\s*(insert|update|delete|replace|create|drop|alter)\b", re.I)


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue().strip(), err.getvalue().strip()


def test_every_write_of_every_cli_command_runs_inside_begin_immediate(tmp_path, monkeypatch):
    """Imports, merges, kits, the results register, the process commands: no autocommit or deferred write."""
    real_connect, outside, writes = sqlite3.connect, [], []

    def traced(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        state = {"tx": None}

        def trace(sql: str) -> None:
            head = sql.lstrip().upper()
            if head.startswith("BEGIN"):
                state["tx"] = "IMMEDIATE" if "IMMEDIATE" in head else "DEFERRED"
            elif head.startswith(("COMMIT", "ROLLBACK", "END")):
                state["tx"] = None
            elif WRITE.match(sql) and not head.startswith("CREATE TEMP"):
                writes.append(sql)
                if state["tx"] != "IMMEDIATE":
                    outside.append((state["tx"], sql.strip()[:80]))
        conn.set_trace_callback(trace)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    db = str(tmp_path / "t.db")

    def ok(*args: str) -> str:
        code, out, err = cli(*args, "--db", db)
        assert code == 0, (args, err)
        return out

    aid = ok("demo")
    ok("new", "--framework", "caf", "--org", "Org", "--unit", "Unit", "--cycle", "2026", "--participant", "Ana")
    ok("kit", aid, "--participant", "Zed", "--xlsx", str(tmp_path / "k.xlsx"))
    ok("kit", aid, "--participant", "Yan", "--package", str(tmp_path / "k.npma"))
    ok("package", aid, str(tmp_path / "p.npma"))
    ok("export-json", aid, str(tmp_path / "a.json"))
    ok("import", str(tmp_path / "a.json"), "--as-copy", "--yes")
    ok("import", str(tmp_path / "p.npma"), "--yes")
    ok("import", str(tmp_path / "k.xlsx"), "--yes")
    ok("import", str(tmp_path / "k.npma"), "--yes")
    ok("new-cycle", aid, "--cycle", "2027")
    ok("measures-export", aid, str(tmp_path / "m.csv"))
    ok("measures-import", aid, str(tmp_path / "m.csv"))
    ok("stage", aid, "consensus")
    ok("anonymous", aid, "on")
    ok("approve", aid, "--note", "signed")
    ok("reopen", aid, "--reason", "one more look")
    assert len(writes) > 500  # the trace really saw the writes
    assert outside == []


def _ready_file(folder: Path) -> tuple[Path, str]:
    """A store with one assessment, checkpointed, without its -wal/-shm (as copied to a share or disk)."""
    db = folder / "t.db"
    code, aid, err = cli("demo", "--db", str(db))
    assert code == 0, err
    conn = sqlite3.connect(db)
    conn.execute("pragma wal_checkpoint(TRUNCATE)")
    conn.close()
    for extra in folder.glob("t.db-*"):
        extra.unlink()
    return db, aid


def _as_other_user(args: list[str], home: Path) -> list[str]:
    """The command line that runs args as an unprivileged user (root ignores file permissions)."""
    if os.geteuid() != 0:
        return args
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", *args]


def test_a_database_in_a_folder_nobody_can_write_opens_read_only_and_refuses_edits():
    """A real read-only folder (real permissions, a real other process): read works, edits are refused."""
    base = Path(tempfile.mkdtemp(prefix="npma-ro-"))
    try:
        base.chmod(0o755)
        folder, home = base / "ro", base / "home"
        folder.mkdir()
        home.mkdir()
        home.chmod(0o777)
        db, aid = _ready_file(folder)
        before = db.read_bytes()
        db.chmod(0o444)
        folder.chmod(0o555)
        env = {**os.environ, "HOME": str(home), "NPMASSESS_DATA_DIR": str(home / "data"), "NPMASSESS_DB": ""}

        def main(*args: str) -> subprocess.CompletedProcess:
            cmd = _as_other_user([sys.executable, str(ROOT / "main.py"), *args, "--db", str(db)], home)
            return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, cwd=str(base))

        shown = main("show", aid)
        assert shown.returncode == 0, shown.stderr
        assert "read-only" in shown.stderr and "Family Benefits Unit" in shown.stdout
        edit = main("stage", aid, "consensus")
        assert edit.returncode == 1 and "Traceback" not in edit.stderr
        assert "read-only" in edit.stderr and "not saved" in edit.stderr
        assert len(edit.stderr.strip().splitlines()) == 2  # the read-only warning, then the error
        assert db.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["t.db"]
    finally:
        for p in (base / "ro", base):
            if p.exists():
                p.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_an_io_error_on_a_full_disk_is_named_disk_full_not_damage(tmp_path, monkeypatch):
    """SQLite says 'disk I/O error' when the disk is too full to grow its -shm index."""
    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"

    class Full:
        f_bavail, f_frsize = 3, 4096

    class Room:
        f_bavail, f_frsize = 1_000_000, 4096

    monkeypatch.setattr(connection.os, "statvfs", lambda path: Full())
    error = connection.classify(exc, tmp_path / "t.db")
    assert isinstance(error, DiskFull) and "full" in str(error) and "backup" not in str(error)
    monkeypatch.setattr(connection.os, "statvfs", lambda path: Room())
    error = connection.classify(exc, tmp_path / "t.db")
    assert not isinstance(error, DiskFull) and "I/O error" in str(error) and "backup" not in str(error)


CRASH_DURING_BACKUP = """
import os, sys
sys.path.insert(0, sys.argv[2])
import npmassess.fsutil as fsutil
real = fsutil._fsync_file
def die(name):  # the backup's pages are written, not yet renamed: the process dies here
    print("dying", flush=True)
    os._exit(9)
fsutil._fsync_file = die
from npmassess.store import Store
Store(sys.argv[1])
"""


def test_a_process_killed_mid_migration_leaves_no_empty_backup_and_the_next_start_migrates(tmp_path):
    path = tmp_path / "old.db"
    db = Database(path)
    mig.migrations.apply(db, stop_before="m002_narratives")
    db.conn.close()
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "NPMASSESS_DATA_DIR": str(home / "data")}
    (home / "data").mkdir(parents=True)  # the data folder exists: the write journal is kept there
    crashed = subprocess.run([sys.executable, "-c", CRASH_DURING_BACKUP, str(path), str(ROOT)],
                             capture_output=True, text=True, env=env, timeout=120)
    assert crashed.returncode == 9 and "dying" in crashed.stdout, crashed.stderr
    assert [p.name for p in tmp_path.iterdir() if "backup" in p.name and not p.name.endswith(".part")] == []
    assert len(mig.migrations.applied(Database(path))) == 1  # nothing was migrated
    after = subprocess.run([sys.executable, str(ROOT / "main.py"), "list", "--db", str(path)],
                           capture_output=True, text=True, env=env, timeout=120)
    assert after.returncode == 0, after.stderr
    backups = [p for p in tmp_path.iterdir() if "backup" in p.name]
    assert len(backups) == 1 and backups[0].stat().st_size > 0 and not backups[0].name.endswith(".part")
    assert len(mig.migrations.applied(Database(backups[0]))) == 1
    assert len(mig.migrations.applied(Database(path))) == mig.SCHEMA_VERSION


class _HalfClosedZip:
    """Stands for openpyxl's zip file on a full disk: closing it fails again when it is freed."""

    def __del__(self):
        raise OSError(28, "No space left on device")


def _write_until_full(tmp: str) -> None:
    archive = _HalfClosedZip()  # noqa: F841 (held by this frame, as the writer holds its zip file)
    Path(tmp).write_bytes(b"PK")
    raise OSError(28, "No space left on device")


def test_a_writer_that_fails_half_way_prints_no_traceback(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    hook = sys.unraisablehook
    with pytest.raises(OutputError, match="disk is full") as info:
        with fsutil.atomic_output(tmp_path / "r.xlsx") as tmp:
            _write_until_full(tmp)
    del info
    assert seen == [] and sys.unraisablehook is hook
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


def test_a_participant_load_is_one_read_transaction(tmp_path):
    store = Store(tmp_path / "t.db")
    code, aid, err = cli("demo", "--db", str(tmp_path / "t.db"))
    assert code == 0, err
    pid = store.load(aid).participants[0].id
    log: list[str] = []
    store.db.conn.set_trace_callback(log.append)
    mine = store.load_participant(aid, pid)
    assert mine.ratings and log[0] == "BEGIN" and log[-1] == "COMMIT"
    assert all(s.lstrip().lower().startswith("select") for s in log[1:-1]) and len(log) > 4
    store.close()
