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
    ("update audit_trail set user = 'Mallory' where seq = 2", "row 2 was changed after it was written"),
    ("update audit_trail set new = '{\"kind\":\"approved\",\"note\":\"x\",\"stage\":\"approved\"}' where seq = 1",
     "row 1 was changed"),
    ("delete from audit_trail where seq = 2", "row 2 is missing"),
])
def test_tampering_is_detected(store, demo_id, db_path, sql, problem):
    from npmassess.store import Store
    stages.approve(store, demo_id, "Chief", "Board")
    stages.reopen(store, demo_id, "Facilitator", "Fix")
    stages.approve(store, demo_id, "Chief", "Again")
    assert audit.verify(store).ok and audit.verify(store).rows == 3
    store.close()
    _tamper(db_path, sql)
    s = Store(db_path)
    result = audit.verify(s)
    s.close()
    assert not result.ok and problem in result.problem


def test_a_recomputed_row_breaks_the_link_of_the_next(store, demo_id, db_path):
    """Changing a row and fixing its own hash still breaks the chain at the next row."""
    from npmassess.store import Store
    stages.approve(store, demo_id, "Chief", "Board")
    stages.reopen(store, demo_id, "Facilitator", "Fix")
    row = audit.history(store, demo_id)[0]
    row["user"] = "Mallory"
    forged = audit.chain_hash(row["prev_hash"], row)
    store.close()
    _tamper(db_path, "update audit_trail set user = 'Mallory', hash = ? where seq = 1", [forged])
    s = Store(db_path)
    result = audit.verify(s)
    s.close()
    assert not result.ok and result.seq == 2 and "does not link" in result.problem


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
    assert ok.returncode == 0 and "Audit trail intact: 2 rows" in ok.stdout
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
    head = audit.verify(store).head
    assert "Audit trail" in body and "Chain verified: 1 entries" in body and head[:20] in body.replace(" ", "")
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
