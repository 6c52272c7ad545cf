"""Store-side faults: empty --db, read-only files, the real cause of a failure, backups, network shares."""

from __future__ import annotations

import os
import sqlite3

import pytest
from sqlite_utils import Database

from npmassess import cli
from npmassess.errors import DiskFull, StoreDamaged, StoreError, StoreLocked, StoreReadOnly
from npmassess.store import Store
from npmassess.store import connection
from npmassess.store import migrations as mig


def test_an_empty_file_is_refused_not_turned_into_a_store(tmp_path, capsys):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="empty file"):
        Store(path)
    assert path.stat().st_size == 0
    assert cli.run(["list", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "empty.db is an empty file (0 bytes)" in err
    assert path.stat().st_size == 0 and not (tmp_path / "empty.db-wal").exists()


def test_a_read_only_file_opens_read_only_and_refuses_edits(db_path, caf, monkeypatch, capsys):
    with Store(db_path) as s:
        aid = s.create_assessment(caf, "O", "U", "2026")
    real = os.access
    monkeypatch.setattr(connection.os, "access", lambda p, mode: False if mode & os.W_OK else real(p, mode))
    s = Store(db_path)  # as a user without write permission sees it
    try:
        assert s.read_only and s.load(aid).organisation == "O"
        with pytest.raises(StoreReadOnly, match="read-only.*not saved"):
            s.set_rationale(aid, "1.1", "x")
    finally:
        s.close()
    assert cli.run(["list", "--db", str(db_path)]) == 0
    assert "is read-only; it is open for reading only" in capsys.readouterr().err


def test_sqlite_refusing_a_write_is_reported_as_read_only(db_path, caf):
    with Store(db_path) as s:
        aid = s.create_assessment(caf, "O", "U", "2026")
    s = Store(db_path, read_only=False)
    s.db.conn.close()
    s.db = Database(connection.connect(db_path, read_only=True))  # SQLite itself refuses the write
    s.read_only = False
    with pytest.raises(StoreReadOnly):
        s.set_rationale(aid, "1.1", "x")
    s.close()


@pytest.mark.parametrize("error, kind, backup", [
    (sqlite3.OperationalError("database is locked"), StoreLocked, False),
    (sqlite3.OperationalError("attempt to write a readonly database"), StoreReadOnly, False),
    (sqlite3.OperationalError("database or disk is full"), DiskFull, False),
    (OSError(28, "No space left on device"), DiskFull, False),
    (sqlite3.DatabaseError("database disk image is malformed"), StoreDamaged, True),
    (sqlite3.DatabaseError("file is not a database"), StoreDamaged, True),
])
def test_each_failure_is_named_by_its_cause(error, kind, backup, tmp_path):
    result = connection.classify(error, tmp_path / "x.db")
    assert type(result) is kind and "x.db" in str(result)
    assert ("backup" in str(result)) is backup  # only real damage suggests a backup


def test_the_cli_says_locked_not_damaged(db_path, monkeypatch, capsys):
    Store(db_path).close()
    monkeypatch.setattr("npmassess.store.database.BUSY_TIMEOUT", 0.2)
    monkeypatch.setattr(Store.__init__, "__defaults__", (None, None, None, 0.2))
    blocker = sqlite3.connect(str(db_path), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        code = cli.run(["demo", "--db", str(db_path)])
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: Another program is writing to") and "backup" not in err
    assert err.count("\n") == 1


def test_the_cli_suggests_a_backup_only_for_damage(tmp_path, capsys):
    path = tmp_path / "broken.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert cli.run(["list", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "broken.db" in err and "restore a backup" in err and "locked" not in err


def test_a_crash_during_the_migration_backup_leaves_no_backup(tmp_path, lib, monkeypatch):
    path = tmp_path / "old.db"
    db = Database(path)
    mig.migrations.apply(db, stop_before="m002_narratives")
    db.conn.close()
    (tmp_path / ".old.schema1-20200101-000000.backup.db.part").write_bytes(b"")  # an earlier crash

    def crash(*args, **kwargs):
        raise OSError(5, "Input/output error")
    monkeypatch.setattr("npmassess.fsutil.os.replace", crash)
    with pytest.raises(StoreError):
        Store(path, lib)
    assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == []
    monkeypatch.undo()
    s = Store(path, lib)  # the next start migrates, with a whole backup
    assert s.backup_path.exists() and s.backup_path.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    s.close()


def test_a_file_on_a_network_share_is_flagged(tmp_path, monkeypatch, capsys):
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n//server/share {tmp_path} cifs rw 0 0\n")
    assert connection.filesystem_type(tmp_path / "a.db", str(mounts)) == "cifs"
    assert "network share (cifs)" in connection.network_warning(tmp_path / "a.db", str(mounts))
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\nserver:/x {tmp_path} nfs4 rw 0 0\n")
    assert "nfs4" in connection.network_warning(tmp_path / "a.db", str(mounts))
    mounts.write_text("/dev/sda1 / ext4 rw 0 0\n")
    assert connection.network_warning(tmp_path / "a.db", str(mounts)) is None
    monkeypatch.setattr(connection, "filesystem_type", lambda path, mounts="": "smb3")
    assert cli.run(["list", "--db", str(tmp_path / "n.db")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("warning: ") and "network share (smb3)" in err and err.count("\n") == 1
