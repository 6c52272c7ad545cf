"""Stages and sign-off: an approved assessment refuses every write (store, CLI, import) until reopened."""

import sqlite3

import pytest

from npmassess.errors import ApprovedError, ValidationError
from npmassess.exchange import importing, packages
from npmassess.process import stages
from npmassess.store import Store
from tests.core.test_cli import run as cli


def _first(a):
    return next(iter(a.consensus))


def test_stages_move_and_history_keeps_who_when_and_why(store, demo_id):
    assert stages.stage(store, demo_id) == "individual"
    stages.set_stage(store, demo_id, "consensus", "Facilitator")
    ok = stages.approve(store, demo_id, "Chief Executive", "Board meeting 12 March")
    assert stages.stage(store, demo_id) == "approved"
    a = store.load(demo_id)
    assert a.stage == "approved" and a.signoff["approved_by"] == "Chief Executive"
    assert a.signoff["note"] == "Board meeting 12 March" and a.signoff["approved_on"] == ok.at[:10]
    assert stages.signoff_block(store, demo_id)["approved_by"] == "Chief Executive"
    with pytest.raises(ValidationError, match="reason"):
        stages.reopen(store, demo_id, "Facilitator", "   ")
    stages.reopen(store, demo_id, "Facilitator", "Typo in 3.2")
    assert [(s.kind, s.user) for s in stages.history(store, demo_id)] == [
        ("stage", "Facilitator"), ("approved", "Chief Executive"), ("reopened", "Facilitator")]
    assert stages.history(store, demo_id)[-1].note == "Typo in 3.2"
    assert store.load(demo_id).signoff is None and stages.signoff_block(store, demo_id) is None


def test_every_kind_of_edit_is_refused_while_approved(store, demo_id):
    a = store.load(demo_id)
    node, dim = _first(a)
    p = a.participants[0]
    note = a.notes[0]
    action = a.actions[0]
    stages.approve(store, demo_id, "Ann", "")
    before = store.load(demo_id)
    edits = [
        lambda: store.set_rating(demo_id, None, node, dim, 10),
        lambda: store.set_rating(demo_id, p.id, node, dim, 10),
        # a GUI click: the guarded one-statement write (the lock's triggers refuse it too)
        lambda: store.set_rating(demo_id, None, node, dim, 11, expect=before.consensus.get((node, dim))),
        lambda: store.set_rating(demo_id, p.id, node, dim, 11, expect=before.ratings.get((p.id, node, dim))),
        lambda: store.set_rating(demo_id, p.id, node, dim, None, expect=before.ratings.get((p.id, node, dim))),
        lambda: store.set_ratings(demo_id, [(None, node, dim, 20)]),
        lambda: store.set_rationale(demo_id, node, "changed"),
        lambda: store.set_narrative(demo_id, node, "changed"),
        lambda: store.add_note(demo_id, None, node, "evidence", "new"),
        lambda: store.update_note(note.id, "changed"),
        lambda: store.delete_note(note.id),
        lambda: store.add_action(demo_id, "New action"),
        lambda: store.update_action(action.id, title="changed"),
        lambda: store.delete_action(action.id),
        lambda: store.add_participant(demo_id, "Newcomer"),
        lambda: store.update_participant(p.id, name="Renamed"),
        lambda: store.remove_participant(p.id),
        lambda: store.update_assessment(demo_id, unit="Other unit"),
        lambda: store.delete_assessment(demo_id),
        lambda: store.write_assessment(before, replace=True),
        lambda: stages.set_stage(store, demo_id, "consensus", "Ann"),
    ]
    for edit in edits:
        with pytest.raises(ApprovedError) as err:
            edit()
        assert "was approved by Ann on" in str(err.value) and before.organisation in str(err.value)
    after = store.load(demo_id)
    assert after == before


def test_raw_sql_is_refused_too(store, demo_id, db_path):
    stages.approve(store, demo_id, "Ann", "")
    conn = sqlite3.connect(str(db_path))
    with pytest.raises(sqlite3.IntegrityError, match="read-only"):
        conn.execute("update consensus_ratings set value = 0 where assessment_id = ?", [demo_id])
    conn.close()


def test_reopened_assessment_accepts_edits_again(store, demo_id):
    node, dim = _first(store.load(demo_id))
    stages.approve(store, demo_id, "Ann", "")
    stages.reopen(store, demo_id, "Bob", "New evidence")
    store.set_rating(demo_id, None, node, dim, 12)
    assert store.load(demo_id).consensus[(node, dim)] == 12


def test_import_into_an_approved_assessment_is_refused_and_changes_nothing(store, demo_id, tmp_path):
    path = tmp_path / "unit.npma"
    packages.export_package(store, demo_id, path)
    node, dim = _first(store.load(demo_id))
    other = Store(tmp_path / "other.db")
    importing.import_file(other, path)
    other.set_rating(demo_id, None, node, dim, 5)
    packages.export_package(other, demo_id, tmp_path / "changed.npma")
    other.close()
    stages.approve(store, demo_id, "Ann", "")
    before = store.load(demo_id)
    preview = importing.preview_import(store, tmp_path / "changed.npma")
    with pytest.raises(ApprovedError, match="approved by Ann"):
        importing.apply_import(store, preview, take="theirs")
    assert store.load(demo_id) == before


def test_cli_approve_reopen_and_refusal(tmp_path):
    db = tmp_path / "cli.db"
    aid = cli("demo", db=db).stdout.strip()
    assert cli("approve", aid, db=db).returncode == 1  # --note is required
    done = cli("approve", aid[:8], "--note", "Board <ok> & signed", "--user", "Zoë Ünal", db=db)
    assert done.returncode == 0, done.stderr
    assert "Approved by Zoë Ünal" in done.stdout
    s = Store(db)
    node, dim = _first(s.load(aid))
    s.close()
    pkg = tmp_path / "p.npma"
    assert cli("package", aid, str(pkg), db=db).returncode == 0
    other = Store(tmp_path / "other.db")
    importing.import_file(other, pkg)
    other.set_rating(aid, None, node, dim, 5)
    packages.export_package(other, aid, tmp_path / "changed.npma")
    other.close()
    refused = cli("import", str(tmp_path / "changed.npma"), "--yes", "--take", "theirs", db=db)
    assert refused.returncode == 1 and "approved by Zoë Ünal" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    hist = cli("stage", aid, db=db)
    assert "Approved" in hist.stdout and "Board <ok> & signed" in hist.stdout
    env = {"NPMASSESS_USER": "Env User"}
    assert cli("stage", aid, "consensus", db=db).returncode == 1
    bad = cli("reopen", aid, "--reason", "", db=db, env_extra=env)
    assert bad.returncode == 1 and "reason" in bad.stderr
    ok = cli("reopen", aid, "--reason", "Late evidence", db=db, env_extra=env)
    assert ok.returncode == 0 and "Reopened by Env User" in ok.stdout
