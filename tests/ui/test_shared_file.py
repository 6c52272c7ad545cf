"""One file, several hands, seen from the GUI: outside writes, the lock held elsewhere, undo refused."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer

import ui.writer
from npmassess.demo import create_demo
from npmassess.store import Store
from ui.session import Session

ROOT = Path(__file__).resolve().parents[2]
HOLD = """
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
c.execute("COMMIT")
"""


pytestmark = pytest.mark.pending_grace  # these tests are about the real 50 ms grace and pending edits


@pytest.fixture
def window(make_main_window, db_path, store, caf):
    aid = create_demo(store, caf, "classical")
    w = make_main_window(db_path, open_last=False)
    w.open_assessment(aid)
    return w


def hold_lock(db_path, seconds: float) -> subprocess.Popen:
    """Another process takes the write lock for some seconds."""
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "locked"
    return p


def outside(db_path, fn):
    with Store(db_path) as other:
        fn(other)


def test_an_outside_write_to_the_value_being_edited_shows_both_and_the_user_chooses(window, db_path, dialog_log,
                                                                                    monkeypatch):
    s = window.session
    pid, node, aid = s.current_participant, s.current_node, s.assessment_id
    key = (pid, node, "score")
    mine_before = s.snapshot().ratings[key]
    outside(db_path, lambda o: o.set_rating(aid, pid, node, "score", 12))  # a colleague's merge
    window.views["scoring"].panel.rows[0].pick(5)  # the user, who still sees the old value, clicks 96
    asked = dialog_log.texts("choose")
    assert len(asked) == 1 and "Another program changed the score" in asked[0]
    assert "Their value: 12" in asked[0] and "Your value: 96" in asked[0]
    # the default answer here is "keep theirs": nothing of mine was written, nothing to undo
    assert s.snapshot().ratings[key] == 12 and s.undo_stack.count() == 0
    assert window.views["scoring"].panel.rows[0].value == 12 and mine_before != 12
    # the second time the user chooses "Use my value"
    outside(db_path, lambda o: o.set_rating(aid, pid, node, "score", 24))
    monkeypatch.setattr("ui.dialogs.choose", lambda *a: 1)
    window.views["scoring"].panel.rows[0].pick(5)
    assert s.snapshot().ratings[key] == 96 and s.undo_stack.count() == 1
    with Store(db_path) as check:
        assert check.load(aid).ratings[key] == 96


def test_coming_back_to_the_window_reads_outside_changes(window, db_path, qtbot):
    s = window.session
    aid, node = s.assessment_id, s.current_node
    outside(db_path, lambda o: o.set_rationale(aid, node, "Written by the CLI"))
    s.check_external()  # what focusing the window does
    qtbot.waitUntil(lambda: s.snapshot().rationale.get(node) == "Written by the CLI", timeout=3000)
    assert "Another program changed this file" in window.last_message


def test_activating_the_window_again_reads_outside_changes(window, db_path, qtbot):
    """The real path: the user works in another window (here one of ours), then clicks back."""
    from PySide6.QtWidgets import QWidget
    s = window.session
    aid, node = s.assessment_id, s.current_node
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    outside(db_path, lambda o: o.set_rationale(aid, node, "Written while the window was in the background"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: s.snapshot().rationale.get(node) == "Written while the window was in the background",
                    timeout=3000)
    assert "Another program changed this file" in window.last_message


def test_undo_refuses_to_write_back_over_an_outside_change(window, db_path, dialog_log, qtbot):
    s = window.session
    pid, node, aid = s.current_participant, s.current_node, s.assessment_id
    window.views["scoring"].panel.rows[0].pick(5)
    assert s.undo_stack.index() == 1
    outside(db_path, lambda o: o.set_rating(aid, pid, node, "score", 33))
    window.act_undo.trigger()
    qtbot.waitUntil(lambda: s.undo_stack.index() == 1, timeout=3000)  # the stack went back: nothing undone
    assert any("Another program changed the score" in t for t in dialog_log.texts("error"))
    with Store(db_path) as check:
        assert check.load(aid).ratings[(pid, node, "score")] == 33
    assert s.snapshot().ratings[(pid, node, "score")] == 33


def test_the_window_stays_responsive_while_another_process_holds_the_lock(window, db_path, qtbot, monkeypatch):
    monkeypatch.setattr(Session, "GRACE", 0.05)  # the GUI's real grace: then the edit shows as pending
    s = window.session
    pid, node, aid = s.current_participant, s.current_node, s.assessment_id
    holder = hold_lock(db_path, 2.5)
    gaps, clock = [], QElapsedTimer()
    clock.start()
    timer = QTimer()
    timer.timeout.connect(lambda: (gaps.append(clock.restart())))
    timer.start(10)
    try:
        window.views["scoring"].panel.rows[0].pick(5)
        assert s.busy() and s.undo_stack.count() == 0  # pending, not claimed as saved
        assert "Saving" in window.saving.text()
        qtbot.waitUntil(lambda: s.undo_stack.count() == 1, timeout=15000)
    finally:
        timer.stop()
        holder.wait(10)
    assert s.snapshot().ratings[(pid, node, "score")] == 96 and window.saving.text() == ""
    with Store(db_path) as check:
        assert check.load(aid).ratings[(pid, node, "score")] == 96
    assert len(gaps) > 50 and max(gaps[1:]) < 500  # the event loop kept running (bench measures the stall)


def test_an_edit_that_cannot_get_the_lock_is_not_saved_and_offers_retry(window, db_path, qtbot, dialog_log,
                                                                        monkeypatch):
    monkeypatch.setattr(ui.writer, "WRITE_TIMEOUT", 0.3)
    monkeypatch.setattr(Session, "GRACE", 0.05)
    s = window.session
    s.close()  # the next edit starts a writer with the short timeout
    pid, node, aid = s.current_participant, s.current_node, s.assessment_id
    old = s.snapshot().ratings[(pid, node, "score")]
    holder = hold_lock(db_path, 3)
    window.views["scoring"].panel.rows[0].pick(5)
    qtbot.waitUntil(lambda: bool(dialog_log.texts("choose")), timeout=5000)
    text = dialog_log.texts("choose")[0]
    assert "Another program is writing to" in text and "your change was not saved. Try again." in text
    assert "Retry" in text
    assert s.undo_stack.count() == 0 and not window.act_undo.isEnabled()
    assert window.views["scoring"].panel.rows[0].value == old  # the view shows what is stored

    def retry_after_the_other_program(*args):
        dialog_log.append(("choose", args[1:]))
        holder.wait(10)  # the user waits for the colleague, then presses Retry
        return 0
    monkeypatch.setattr("ui.dialogs.choose", retry_after_the_other_program)
    window.views["scoring"].panel.rows[0].pick(5)  # fails again (lock still held), then Retry commits
    qtbot.waitUntil(lambda: s.undo_stack.count() == 1, timeout=8000)
    assert len(dialog_log.texts("choose")) == 2
    assert s.snapshot().ratings[(pid, node, "score")] == 96
    with Store(db_path) as check:
        assert check.load(aid).ratings[(pid, node, "score")] == 96


def test_a_read_only_file_refuses_edits_and_says_so(make_main_window, db_path, store, caf, dialog_log, monkeypatch):
    aid = create_demo(store, caf, "classical")
    monkeypatch.setattr("npmassess.store.database.writable", lambda path: False)
    w = make_main_window(db_path, open_last=False)
    assert w.banner.isVisible() and "read-only" in w.banner.text()
    w.open_assessment(aid)
    w.views["scoring"].panel.rows[0].pick(5)
    assert any("read-only" in t and "not saved" in t for t in dialog_log.texts("error"))
    assert w.session.undo_stack.count() == 0


def test_sessions_share_nothing_but_the_file(store, caf, db_path, qtbot):
    aid = create_demo(store, caf, "classical")
    a, b = Session(Store(db_path), aid), Session(Store(db_path), aid)
    pid, node = a.current_participant, a.current_node
    from ui import undo
    undo.set_rating(a, pid, node, "score", 55)
    b.check_external()
    qtbot.waitUntil(lambda: b.snapshot().ratings[(pid, node, "score")] == 55, timeout=3000)
    a.close()
    b.close()
    time.sleep(0)


def test_an_unexpected_error_never_claims_the_data_is_safe(qapp, dialog_log):
    from ui.app import ErrorHook
    ErrorHook()(RuntimeError, RuntimeError("boom"), None)
    text = " ".join(dialog_log.texts("error"))
    assert "RuntimeError" in text and "safe" not in text and "may not have been saved" in text


def test_an_edit_after_an_outside_change_reads_the_file_again(window, db_path):
    s = window.session
    aid, node, pid = s.assessment_id, s.current_node, s.current_participant
    outside(db_path, lambda o: o.set_narrative(aid, "2.1", "From the other window"))
    assert s.snapshot().narratives.get("2.1") != "From the other window"  # not seen yet
    window.views["scoring"].panel.rows[0].pick(5)  # the edit notices the other commit
    assert s.snapshot().narratives.get("2.1") == "From the other window"
    assert s.snapshot().ratings[(pid, node, "score")] == 96 and s.undo_stack.count() == 1
