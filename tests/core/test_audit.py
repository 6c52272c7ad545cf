"""The audit trail: append-only, hash-chained, tampering detected; who, when, old, new, source, reason."""

import sqlite3

import pytest

from npmassess.process import audit, stages


def _kinds(store, aid):
    return [r["table"] for r in audit.history(store, aid)]


def test_signoff_and_reopen_reason_are_in_the_trail(store, demo_id):
    stages.approve(store, demo_id, "Chief", "Board")
    stages.reopen(store, demo_id, "Facilitator", "Late evidence for 3.2")
    rows = [r for r in audit.history(store, demo_id) if r["table"] == "signoffs"]
    assert [(r["user"], r["new"]["kind"], r["new"]["note"]) for r in rows] == [
        ("Chief", "approved", "Board"), ("Facilitator", "reopened", "Late evidence for 3.2")]
    assert rows[1]["old"] == {"stage": "approved"} and rows[1]["new"]["stage"] == "consensus"
    assert audit.verify(store).ok


def test_trail_refuses_update_and_delete(store, demo_id, db_path):
    stages.approve(store, demo_id, "Chief", "Board")
    conn = sqlite3.connect(str(db_path))
    for sql in ("update audit_trail set user = 'Mallory'", "delete from audit_trail"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
    conn.close()


def _tamper(db_path, sql, args=()):
    conn = sqlite3.connect(str(db_path))
    conn.execute("drop trigger audit_trail_no_update")
    conn.execute("drop trigger audit_trail_no_delete")
    conn.execute(sql, args)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("sql, problem", [
    ("update audit_trail set user = 'Mallory' where seq = {b}", "row {b} was changed after it was written"),
    ("update audit_trail set new = '{{\"kind\":\"approved\",\"note\":\"x\",\"stage\":\"approved\"}}' "
     "where seq = {a}", "row {a} was changed"),
    ("delete from audit_trail where seq = {b}", "row {b} is missing"),
])
def test_tampering_is_detected(store, demo_id, db_path, sql, problem):
    from npmassess.store import Store
    stages.approve(store, demo_id, "Chief", "Board")
    stages.reopen(store, demo_id, "Facilitator", "Fix")
    stages.approve(store, demo_id, "Chief", "Again")
    seqs = [r["seq"] for r in audit.history(store, demo_id) if r["table"] == "signoffs"]
    assert audit.verify(store).ok and len(seqs) == 3
    store.close()
    _tamper(db_path, sql.format(a=seqs[0], b=seqs[1]))
    s = Store(db_path)
    result = audit.verify(s)
    s.close()
    assert not result.ok and problem.format(a=seqs[0], b=seqs[1]) in result.problem


def test_a_recomputed_row_breaks_the_link_of_the_next(store, demo_id, db_path):
    """Changing a row and fixing its own hash still breaks the chain at the next row."""
    from npmassess.store import Store
    stages.approve(store, demo_id, "Chief", "Board")
    stages.reopen(store, demo_id, "Facilitator", "Fix")
    row = audit.history(store, demo_id)[0]
    row["user"] = "Mallory"
    forged = audit.chain_hash(row["prev_hash"], row)
    store.close()
    _tamper(db_path, "update audit_trail set user = 'Mallory', hash = ? where seq = ?", [forged, row["seq"]])
    s = Store(db_path)
    result = audit.verify(s)
    s.close()
    assert not result.ok and result.seq == row["seq"] + 1 and "does not link" in result.problem


def test_canonical_json_is_stable():
    row = {"seq": 1, "assessment_id": "a", "at": "t", "user": "Zoë", "table": "ratings", "key": ["p", "1.1", "score"],
           "node_ids": ["1.1"], "old": None, "new": 5.0, "source": "", "reason": ""}
    text = audit.canonical(row)
    assert text.startswith('{"assessment_id":"a","at":"t","key":["p","1.1","score"]') and "Zoë" in text
    import hashlib
    assert audit.chain_hash(audit.GENESIS, row) == hashlib.sha256((audit.GENESIS + text).encode()).hexdigest()


def test_cli_history_and_verify(tmp_path):
    from tests.core.test_cli import run as cli
    db = tmp_path / "cli.db"
    aid = cli("demo", db=db).stdout.strip()
    assert cli("approve", aid, "--note", "Board", "--user", "Chief", db=db).returncode == 0
    assert cli("reopen", aid, "--reason", "Typo", "--user", "Fac", db=db).returncode == 0
    hist = cli("history", aid, db=db)
    assert hist.returncode == 0 and "Chief: Sign-off: approved – Board" in hist.stdout
    assert "Fac: Sign-off: reopened – Typo" in hist.stdout
    ok = cli("verify", db=db)
    assert ok.returncode == 0 and "Audit trail intact: " in ok.stdout
    assert cli("history", aid, "--node", "99.9", db=db).returncode == 1
    _tamper(db, "update audit_trail set user = 'Mallory' where seq = 1")
    bad = cli("verify", db=db)
    assert bad.returncode == 1 and "tampered with: row 1 was changed" in bad.stderr


def test_pdf_audit_appendix_on_request(store, demo_id, tmp_path):
    import subprocess

    from npmassess.exports import export_pdf
    a = store.load(demo_id)
    stages.approve(store, demo_id, "Chief <Exec>", "Board & co")
    export_pdf(store.load(demo_id), None, tmp_path / "plain.pdf")
    a = store.load(demo_id)
    a.audit_trail = audit.for_export(store, a)
    export_pdf(a, None, tmp_path / "audit.pdf")

    def text(p):
        return " ".join(subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
    assert "Audit trail" not in text(tmp_path / "plain.pdf")
    body = text(tmp_path / "audit.pdf")
    check = audit.verify(store)
    assert "Audit trail" in body and f"Chain verified: {check.rows} entries" in body
    assert check.head[:20] in body.replace(" ", "")
    assert "Chief <Exec>" in body and "Sign-off: approved – Board & co" in body


def test_cli_export_audit_flag(tmp_path):
    import subprocess

    from tests.core.test_cli import run as cli
    db = tmp_path / "cli.db"
    aid = cli("demo", db=db).stdout.strip()
    cli("approve", aid, "--note", "ok", "--user", "Chief", db=db)
    pdf = tmp_path / "r.pdf"
    assert cli("export", aid, "--pdf", str(pdf), "--audit", db=db).returncode == 0
    body = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Audit trail" in body and "Chain verified" in body


def _last(store, aid, table):
    return [r for r in audit.history(store, aid) if r["table"] == table][-1]


def test_every_kind_of_edit_is_in_the_trail_with_old_and_new(store, demo_id):
    aid = demo_id
    audit.set_user(store, "Zoë Editor")
    a = store.load(aid)
    p = a.participants[0]
    node, dim = next(iter(a.consensus))
    old_rating = a.ratings[(p.id, node, dim)]
    store.set_rating(aid, p.id, node, dim, 3)
    r = _last(store, aid, "ratings")
    assert (r["key"], r["old"], r["new"], r["user"]) == ([p.id, node, dim], old_rating, 3.0, "Zoë Editor")
    store.set_rating(aid, None, node, dim, 4)
    r = _last(store, aid, "consensus_ratings")
    assert (r["key"], r["old"], r["new"]) == ([node, dim], a.consensus[(node, dim)], 4.0)
    store.set_rating(aid, None, node, dim, None)
    assert _last(store, aid, "consensus_ratings")["new"] is None
    with audit.about(store, reason="Agreed in the meeting"):
        store.set_rationale(aid, node, "Because <evidence> & more")
    r = _last(store, aid, "consensus")
    assert (r["old"], r["new"], r["reason"]) == (a.rationale[node], "Because <evidence> & more", "Agreed in the meeting")
    nid = store.add_note(aid, None, node, "strength", "New strength")
    assert _last(store, aid, "notes")["new"]["text"] == "New strength" and _last(store, aid, "notes")["old"] is None
    store.update_note(nid, "Edited strength")
    r = _last(store, aid, "notes")
    assert (r["old"]["text"], r["new"]["text"]) == ("New strength", "Edited strength")
    store.delete_note(nid)
    assert _last(store, aid, "notes")["new"] is None
    xid = store.add_action(aid, "Do it", node_ids=[node])
    store.update_action(xid, status="done", owner="Bo")
    r = _last(store, aid, "actions")
    assert (r["old"]["status"], r["new"]["status"], r["new"]["owner"]) == ("planned", "done", "Bo")
    assert node in r["node_ids"] or any(node in (x["node_ids"] or []) for x in audit.history(store, aid)
                                        if x["table"] == "action_links")
    store.delete_action(xid)
    assert _last(store, aid, "actions")["new"] is None
    pid = store.add_participant(aid, "Newcomer", "Analyst")
    store.update_participant(pid, name="Renamed")
    r = _last(store, aid, "participants")
    assert (r["old"]["name"], r["new"]["name"]) == ("Newcomer", "Renamed")
    store.remove_participant(pid)
    assert _last(store, aid, "participants")["new"] is None
    store.update_assessment(aid, unit="Other unit")
    r = _last(store, aid, "assessments")
    assert (r["old"]["unit"], r["new"]["unit"]) == (a.unit, "Other unit")
    # history per node finds the node's changes only
    per_node = audit.history(store, aid, node)
    assert {x["table"] for x in per_node} >= {"ratings", "consensus_ratings", "consensus", "notes"}
    assert all(node in x["node_ids"] for x in per_node)
    assert audit.verify(store).ok


def test_imports_record_their_file(store, demo_id, tmp_path):
    from npmassess.exchange import importing, packages
    from npmassess.store import Store
    path = tmp_path / "unit.npma"
    packages.export_package(store, demo_id, path)
    other = Store(tmp_path / "other.db")
    importing.import_file(other, path)
    rows = audit.history(other, demo_id)
    assert rows and all(r["source"] == str(path) for r in rows)
    node, dim = next(iter(other.load(demo_id).consensus))
    other.set_rating(demo_id, None, node, dim, 1)
    packages.export_package(other, demo_id, tmp_path / "changed.npma")
    other.close()
    importing.import_file(store, tmp_path / "changed.npma", confirm=True, take="theirs")
    r = _last(store, demo_id, "consensus_ratings")
    assert r["new"] == 1.0 and r["source"] == str(tmp_path / "changed.npma")
    assert audit.verify(store).ok


def test_a_refused_edit_leaves_no_trail_row(store, demo_id):
    node, dim = next(iter(store.load(demo_id).consensus))
    stages.approve(store, demo_id, "Ann", "")
    before = len(audit.history(store, demo_id))
    from npmassess.errors import ApprovedError
    with pytest.raises(ApprovedError):
        store.set_rating(demo_id, None, node, dim, 1)
    assert len(audit.history(store, demo_id)) == before
