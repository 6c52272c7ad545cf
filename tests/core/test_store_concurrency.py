"""Several hands on one file: two processes writing, a load racing a writer, the lock held."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from npmassess.errors import StoreLocked
from npmassess.store import Store

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
sys.path.insert(0, {root!r})
from npmassess.store import Store
s = Store({path!r}, timeout=20)
aid, tag = sys.argv[1], sys.argv[2]
for i in range(40):
    pid = s.add_participant(aid, f"{{tag}} {{i}}")
    nid = s.add_note(aid, pid, "1.1", "evidence", f"{{tag}} note {{i}}")
    s.add_action(aid, f"{{tag}} action {{i}}", ["1.1"], [nid])
    s.set_rating(aid, pid, "1.1", "score", 50)
s.close()
print("ok", flush=True)
"""


def test_two_processes_write_one_file_without_losing_anything(db_path, caf):
    with Store(db_path) as s:
        aid = s.create_assessment(caf, "O", "U", "2026")
    code = WRITER.format(root=str(ROOT), path=str(db_path))
    procs = [subprocess.Popen([sys.executable, "-c", code, aid, tag], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for tag in ("A", "B")]
    results = [p.communicate(timeout=240) for p in procs]
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0 and out.strip() == "ok", err  # no 'database is locked' in any write
    with Store(db_path) as s:
        a = s.load(aid)
    assert len(a.participants) == 80 and len(a.notes) == 80 and len(a.actions) == 80
    assert len(a.ratings) == 80 and all(len(x.note_ids) == 1 for x in a.actions)


def test_a_load_racing_a_writer_sees_one_consistent_state(db_path, caf):
    with Store(db_path) as s:
        aid = s.create_assessment(caf, "O", "U", "2026", participants=[("Keep", "")])
    stop = threading.Event()
    errors: list[BaseException] = []

    def churn() -> None:
        w = Store(db_path, timeout=20)
        try:
            i = 0
            while not stop.is_set():
                pid = w.add_participant(aid, f"P{i}")
                nid = w.add_note(aid, pid, "1.1", "strength", "s")
                act = w.add_action(aid, f"A{i}", [], [nid])
                w.set_rating(aid, pid, "1.1", "score", 40)
                w.remove_participant(pid)
                w.delete_action(act)
                i += 1
        except BaseException as exc:
            errors.append(exc)
        finally:
            w.close()

    t = threading.Thread(target=churn)
    t.start()
    reader = Store(db_path)
    loads = 0
    try:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            a = reader.load(aid)  # a mixed snapshot used to raise KeyError in the action links
            ids = {p.id for p in a.participants}
            assert all(k[0] in ids for k in a.ratings), "ratings of a participant the snapshot lacks"
            assert all(n.participant_id in ids for n in a.notes)
            notes = {n.id for n in a.notes}
            assert all(set(x.note_ids) <= notes for x in a.actions)
            loads += 1
    finally:
        stop.set()
        t.join()
        reader.close()
    assert not errors, errors
    assert loads > 20


def test_a_write_waits_for_the_lock_then_fails_with_a_clear_message(db_path, caf):
    with Store(db_path) as s:
        aid = s.create_assessment(caf, "O", "U", "2026")
    blocker = Store(db_path)
    blocker.db.conn.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    s = Store(db_path, timeout=0.3)
    try:
        started = time.monotonic()
        with pytest.raises(StoreLocked, match="Another program is writing to .*your change was not saved. Try again"):
            s.set_rationale(aid, "1.1", "mine")
        assert time.monotonic() - started >= 0.25  # the busy timeout applied (BEGIN IMMEDIATE)
        assert not s.db.conn.in_transaction
        blocker.db.conn.execute("COMMIT")
        s.set_rationale(aid, "1.1", "mine")  # once the lock is free the same edit commits
        assert s.load(aid).rationale == {"1.1": "mine"}
    finally:
        s.close()
        blocker.close()
