"""Local store: every edit committed at once, validation, migrations with backup, refusals."""

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from npmassess.store import migrations as mig
from npmassess.errors import NotFound, StoreError, ValidationError
from npmassess.store import Store

ROOT = Path(__file__).resolve().parents[2]


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def other_connection_value(path, sql, args=()):
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


@pytest.fixture
def aid(store, caf):
    return store.create_assessment(caf, "Ville d'Été", "Unité", "2026", "classical",
                                   participants=[("Ana", "chair"), ("Bo", "")])


def test_store_is_wal_with_foreign_keys(store):
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("pragma foreign_keys").fetchone()[0] == 1
    assert store.schema_version == mig.SCHEMA_VERSION


def test_edit_is_visible_to_another_connection_at_once(store, aid, db_path):
    p = store.load(aid).participants[0]
    store.set_rating(aid, p.id, "1.1", "score", 42)
    assert other_connection_value(db_path, "select value from ratings where node_id='1.1'") == [(42.0,)]
    store.set_rationale(aid, "1.1", "Agreed <after> & debate")
    assert other_connection_value(db_path, "select rationale from consensus") == [("Agreed <after> & debate",)]


def test_create_and_load(store, aid):
    a = store.load(aid)
    assert (a.organisation, a.unit, a.cycle, a.method) == ("Ville d'Été", "Unité", "2026", "classical")
    assert [p.name for p in a.participants] == ["Ana", "Bo"]
    assert store.find(aid[:8]) == aid
    with pytest.raises(NotFound):
        store.find("zzzz")


@pytest.mark.parametrize("node,dim,value,problem", [
    ("1.1", "score", 101, "outside 0-100"),
    ("1.1", "score", -1, "outside 0-100"),
    ("1.1", "score", 12.5, "steps of 1"),
    ("1.1", "plan", 50, "does not apply"),
    ("1", "score", 50, "not scored"),
    ("99.9", "score", 50, "not a node"),
    ("1.1", "score", "50", "must be a number"),
])
def test_bad_ratings_are_refused_and_change_nothing(store, aid, node, dim, value, problem):
    p = store.load(aid).participants[0]
    before = store.load(aid).ratings
    with pytest.raises(ValidationError, match=problem):
        store.set_rating(aid, p.id, node, dim, value)
    assert store.load(aid).ratings == before


def test_rating_set_clear_and_old_value(store, aid):
    p = store.load(aid).participants[1]
    assert store.set_rating(aid, p.id, "2.1", "score", 30) is None
    assert store.set_rating(aid, p.id, "2.1", "score", 35) == 30
    assert store.load(aid).ratings[(p.id, "2.1", "score")] == 35
    assert store.set_rating(aid, p.id, "2.1", "score", None) == 35
    assert (p.id, "2.1", "score") not in store.load(aid).ratings
    store.set_rating(aid, None, "2.1", "score", 33)
    assert store.load(aid).consensus == {("2.1", "score"): 33}


def test_ordinal_rating_validation(store, lib):
    maf = lib.get("maf", "2003")
    aid = store.create_assessment(maf, "Org", "Unit", "2025-26", participants=[("Ana", "")])
    pid = store.load(aid).participants[0].id
    store.set_rating(aid, pid, "3", "rating", 2)
    with pytest.raises(ValidationError, match="not a level"):
        store.set_rating(aid, pid, "3", "rating", 7)


def test_notes_lifecycle(store, aid):
    pid = store.load(aid).participants[0].id
    n1 = store.add_note(aid, pid, "1.1", "strength", "=SUM(A1) first")
    n2 = store.add_note(aid, pid, "1.1", "strength", "second")
    store.add_note(aid, None, "1.1", "improvement", "consolidated")
    a = store.load(aid)
    assert [n.text for n in a.notes_for("1.1", "strength", pid)] == ["=SUM(A1) first", "second"]
    assert [n.text for n in a.notes_for("1.1", "improvement", None)] == ["consolidated"]
    assert store.move_note(n2, -1) is True
    assert [n.id for n in store.load(aid).notes_for("1.1", "strength", pid)] == [n2, n1]
    assert store.move_note(n2, -1) is False
    assert store.update_note(n1, "edited") == "=SUM(A1) first"
    gone = store.delete_note(n1)
    assert n1 not in {n.id for n in store.load(aid).notes}
    store.restore_note(aid, gone)
    assert store.note(n1).text == "edited"
    with pytest.raises(ValidationError, match="must not be empty"):
        store.add_note(aid, pid, "1.1", "evidence", "   ")
    with pytest.raises(ValidationError, match="kind"):
        store.add_note(aid, pid, "1.1", "opinion", "x")


def test_actions_lifecycle(store, aid):
    note = store.add_note(aid, None, "3.1", "improvement", "No HR plan")
    x = store.add_action(aid, "Write an HR plan", ["3.1"], [note], owner="Bo", due="2027-03-31", impact=5, effort=2)
    a = store.load(aid).actions[0]
    assert (a.title, a.owner, a.due, a.node_ids, a.note_ids, a.priority) == (
        "Write an HR plan", "Bo", "2027-03-31", ["3.1"], [note], "High")
    assert store.update_action(x, status="in progress", node_ids=["3.1", "3.2"]) == {
        "status": "planned", "node_ids": ["3.1"]}
    assert store.load(aid).actions[0].node_ids == ["3.1", "3.2"]
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        store.update_action(x, due="31/03/2027")
    with pytest.raises(ValidationError, match="1 to 5"):
        store.update_action(x, impact=9)
    with pytest.raises(ValidationError, match="status"):
        store.update_action(x, status="finished")
    old = store.delete_action(x)
    assert store.load(aid).actions == []
    store.restore_action(aid, old)
    assert store.load(aid).actions[0].status == "in progress"


def test_an_undone_action_deletion_returns_to_its_place(store, aid):
    ids = [store.add_action(aid, title) for title in ("first", "second", "third")]
    old = store.delete_action(ids[1])
    assert [x.title for x in store.load(aid).actions] == ["first", "third"]
    store.restore_action(aid, old)
    assert [x.title for x in store.load(aid).actions] == ["first", "second", "third"]


def test_participants(store, aid):
    a = store.load(aid)
    with pytest.raises(ValidationError, match="already a participant"):
        store.add_participant(aid, " ana ")
    with pytest.raises(ValidationError, match="must not be empty"):
        store.add_participant(aid, "")
    bo = a.participants[1].id
    store.set_rating(aid, bo, "1.1", "score", 10)
    store.add_note(aid, bo, "1.1", "evidence", "doc")
    store.remove_participant(bo)
    a = store.load(aid)
    assert [p.name for p in a.participants] == ["Ana"] and not a.ratings and not a.notes


def test_method_locked_once_scored(store, aid):
    store.update_assessment(aid, method="fine-tuned")
    pid = store.load(aid).participants[0].id
    store.set_rating(aid, pid, "1.1", "plan", 40)
    with pytest.raises(ValidationError, match="cannot change"):
        store.update_assessment(aid, method="classical")


def test_delete_assessment_removes_everything(store, demo_id):
    store.delete_assessment(demo_id)
    for table in ("assessments", "participants", "ratings", "notes", "actions", "action_links", "consensus_ratings"):
        assert store.db[table].count == 0, table


def test_migration_from_older_schema_makes_a_backup(tmp_path, lib):
    path = tmp_path / "old.db"
    db = Database(path)
    mig.migrations.apply(db, stop_before="m002_narratives")
    db["assessments"].insert({"id": "x1", "organisation": "O", "unit": "U", "framework_id": "caf",
                              "edition": "2020", "method": "classical", "cycle": "2024", "status": "in progress",
                              "created": "", "updated": ""})
    db.conn.close()
    s = Store(path, lib)
    assert s.schema_version == mig.SCHEMA_VERSION
    assert s.backup_path is not None and s.backup_path.exists()
    assert s.load("x1").cycle == "2024"
    s.set_narrative("x1", "1.1", "Our narrative")
    backup = sqlite3.connect(str(s.backup_path))
    assert backup.execute("select id from assessments").fetchall() == [("x1",)]
    assert "narratives" not in {r[0] for r in backup.execute("select name from sqlite_master")}
    backup.close()
    s.close()


def test_newer_database_is_refused_untouched(tmp_path, lib):
    path = tmp_path / "new.db"
    Store(path, lib).close()
    conn = sqlite3.connect(str(path))
    conn.execute("insert into _sqlite_migrations (migration_set, name, applied_at) values ('npmassess', 'm099_future', 'x')")
    conn.commit()
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer version of npmassess"):
        Store(path, lib)
    assert digest(path) == before


@pytest.mark.parametrize("content", [b"this is not a database at all" * 40, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_corrupt_file_is_refused_untouched(tmp_path, lib, content):
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="broken.db"):
        Store(path, lib)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_refused(tmp_path, lib):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(str(path))
    conn.execute("create table customers (id integer)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="not an npmassess store"):
        Store(path, lib)
    assert digest(path) == before


def test_a_crash_right_after_an_edit_loses_nothing(tmp_path):
    path = tmp_path / "crash.db"
    code = f"""
import os, sys
sys.path.insert(0, {str(ROOT)!r})
from npmassess.store import Store
from npmassess.frameworks import library
s = Store({str(path)!r})
aid = s.create_assessment(library().get('caf'), 'O', 'U', '2026', participants=[('Ana', '')])
pid = s.load(aid).participants[0].id
s.set_rating(aid, pid, '4.2', 'score', 77)
print(aid, flush=True)
os._exit(9)  # no close, no checkpoint
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 9, out.stderr
    aid = out.stdout.strip()
    s = Store(path)
    assert list(s.load(aid).ratings.values()) == [77]
    s.close()
