"""Every GUI action that writes, while another connection holds the write lock: the window keeps
ticking, the action shows as pending and completes after the lock is released, or (lock held too
long) says so with Retry and writes nothing."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from PySide6.QtCore import QTimer

import ui.writer
from npmassess.demo import create_demo
from npmassess.store import Store

pytestmark = pytest.mark.pending_grace  # the GUI's real 50 ms grace: a write waiting for the lock is pending



@pytest.fixture(autouse=True)
def _real_grace(monkeypatch):
    """The GUI's real 50 ms grace (conftest lets other tests wait longer for their commits)."""
    from ui.session import Session
    monkeypatch.setattr(Session, "GRACE", 0.05)


HOLD = 3.0  # seconds the other connection holds the lock
STALL_MS = 100  # the worst gap allowed between two ticks of the event loop while the action waits


class Holder:
    """Another connection (in a thread) holds BEGIN IMMEDIATE for some seconds, then commits."""

    def __init__(self, path, seconds: float = HOLD):
        self.path, self.seconds = path, seconds
        self.locked, self.free = threading.Event(), threading.Event()
        self.released_at = 0.0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self.locked.wait(5)

    def _run(self) -> None:
        conn = sqlite3.connect(str(self.path), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        self.locked.set()
        self.free.wait(self.seconds)
        self.released_at = time.perf_counter()
        conn.execute("COMMIT")
        conn.close()

    def release(self) -> None:
        self.free.set()
        self.thread.join(5)


class Ticks:
    """A 10 ms timer on the GUI thread; the worst gap between ticks tells how long the loop stalled."""

    def __init__(self):
        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.timeout.connect(lambda: self.times.append(time.perf_counter()))
        self.timer.start(10)

    def worst_ms(self, start: float, end: float) -> float:
        """The longest stretch without a tick between start and end (both perf_counter times)."""
        points = [start] + [t for t in self.times if start < t < end] + [end]
        return max(b - a for a, b in zip(points, points[1:])) * 1000

    def stop(self) -> None:
        self.timer.stop()


def held_while(db_path, qtbot, trigger, done, seconds: float = HOLD) -> tuple[float, float]:
    """Hold the lock, trigger the action, let it wait, release; (trigger ms, worst stall ms while waiting)."""
    holder = Holder(db_path, seconds)
    ticks = Ticks()
    try:
        t0 = time.perf_counter()
        trigger()
        t1 = time.perf_counter()
        assert not done(), "the action claimed success while another program held the lock"
        qtbot.waitUntil(lambda: holder.free.is_set() or not holder.thread.is_alive(), timeout=int(seconds * 1000) + 3000)
        holder.thread.join(5)
        qtbot.waitUntil(done, timeout=15000)
    finally:
        ticks.stop()
        holder.release()
    return (t1 - t0) * 1000, ticks.worst_ms(t1, holder.released_at)


def count(db_path) -> int:
    with Store(db_path) as s:
        return len(s.list_assessments())


@pytest.fixture
def window(make_main_window, db_path, store, caf):
    aid = create_demo(store, caf, "classical")
    w = make_main_window(db_path, open_last=False)
    w.open_assessment(aid)
    return w


def test_load_demo_waits_for_the_lock_with_the_window_responsive(make_main_window, db_path, store, qtbot):
    w = make_main_window(db_path, open_last=False)
    seen = {}

    def trigger():
        w.open_demo()
        seen["pending"] = ("Saving" in w.saving.text(), w.start.demo_btn.isEnabled(), w.session)
    took, stall = held_while(db_path, qtbot, trigger, lambda: w.session is not None)
    assert seen["pending"] == (True, False, None)  # pending, the button disabled against a second click
    assert took < STALL_MS and stall < STALL_MS, (took, stall)
    assert count(db_path) == 1 and w.start.demo_btn.isEnabled() and w.saving.text() == ""


def test_new_assessment_waits_for_the_lock(make_main_window, db_path, store, qtbot):
    from tests.ui.test_start_and_new import fill
    from ui.new_assessment import NewAssessmentDialog
    w = make_main_window(db_path, open_last=False)
    dlg = NewAssessmentDialog(w.store, parent=w, writer=w.db_writer)
    dlg.on_pending = w.write_pending
    qtbot.addWidget(dlg)
    fill(qtbot, dlg)
    seen = {}

    def trigger():
        dlg.accept()
        seen["pending"] = (dlg.buttons.isEnabled(), "Saving" in dlg.hint.text(), "Saving" in w.saving.text())
        dlg.reject()  # Esc while it waits: ignored (the creation commits or fails first)
    took, stall = held_while(db_path, qtbot, trigger, lambda: dlg.created_id is not None)
    assert seen["pending"] == (False, True, True)
    assert took < STALL_MS and stall < STALL_MS, (took, stall)
    with Store(db_path) as s:
        assert s.load(dlg.created_id).organisation == "Valmora"


def test_start_next_cycle_waits_for_the_lock(window, db_path, qtbot):
    window.start_next_cycle()
    dlg = window.next_cycle_dialog
    dlg.cycle.setText("2031")
    old = window.session.assessment_id
    seen = {}

    def trigger():
        dlg.accept()
        seen["pending"] = (dlg.buttons.isEnabled(), "Saving" in dlg.status.text(), dlg.isVisible())
    took, stall = held_while(db_path, qtbot, trigger, lambda: window.session.assessment_id != old)
    assert seen["pending"] == (False, True, True)
    assert took < STALL_MS and stall < STALL_MS, (took, stall)
    assert window.session.snapshot().cycle == "2031" and count(db_path) == 2


def test_stage_change_and_approval_wait_for_the_lock(window, db_path, qtbot, monkeypatch):
    s = window.session
    seen = {}

    def trigger():
        window.process.move_to("consensus")
        seen["pending"] = window.process.act_consensus.isEnabled()
    took, stall = held_while(db_path, qtbot, trigger, lambda: s.snapshot().stage == "consensus")
    assert seen["pending"] is False and took < STALL_MS and stall < STALL_MS, (took, stall)
    monkeypatch.setattr("ui.dialogs.ask_multiline", lambda *a: "Board meeting")
    took, stall = held_while(db_path, qtbot, window.process.approve, lambda: s.snapshot().stage == "approved")
    assert took < STALL_MS and stall < STALL_MS, (took, stall)
    with Store(db_path) as check:
        assert check.load(s.assessment_id).stage == "approved"


def test_issuing_kits_waits_for_the_lock(window, db_path, qtbot, tmp_path):
    window.act_kits.trigger()
    dlg = window.kits_dialog
    from tests.ui.test_kits_gui import check_only
    check_only(dlg, {"Anna Kowalska"})
    dlg.folder.setText(str(tmp_path))
    took, stall = held_while(db_path, qtbot, dlg.accept, lambda: not dlg.isVisible())
    assert took < STALL_MS and stall < STALL_MS, (took, stall)
    assert [p.name for p in dlg.written] == ["kit-Anna-Kowalska.xlsx"] and dlg.written[0].exists()


def test_importing_a_package_waits_for_the_lock(make_main_window, db_path, store, caf, qtbot, tmp_path, monkeypatch):
    from npmassess.exchange import packages
    with Store(tmp_path / "colleague.db") as other:
        aid = create_demo(other, caf, "classical")
        packages.export_package(other, aid, tmp_path / "shared.npma")
    w = make_main_window(db_path, open_last=False)
    monkeypatch.setattr("ui.dialogs.confirm", lambda *a: True)
    took, stall = held_while(db_path, qtbot, lambda: w.import_file(tmp_path / "shared.npma"),
                             lambda: w.session is not None)
    assert took < STALL_MS and stall < STALL_MS, (took, stall)
    assert w.session.assessment_id == aid and count(db_path) == 1


def test_sharing_as_package_waits_for_the_lock(window, db_path, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "out.npma"
    monkeypatch.setattr("ui.dialogs.save_file", lambda *a: target)
    took, stall = held_while(db_path, qtbot, lambda: window.export("package"),
                             lambda: "Exported to" in window.last_message)
    assert took < STALL_MS and stall < STALL_MS, (took, stall)
    assert target.exists()


def test_adding_a_participant_waits_for_the_lock(window, db_path, qtbot):
    from ui import undo
    s = window.session
    took, stall = held_while(db_path, qtbot, lambda: undo.add_participant(s, "Late Comer", "Member"),
                             lambda: any(p.name == "Late Comer" for p in s.snapshot().participants))
    assert took < STALL_MS and stall < STALL_MS, (took, stall)


def test_a_dossier_step_waits_for_the_lock(window, db_path, qtbot):
    dlg = window.process.open_dossier()
    item = dlg.table.item(0, 2)
    took, stall = held_while(db_path, qtbot, lambda: item.setText("Ana Owner"),
                             lambda: dlg.table.isEnabled() and dlg.steps[0].owner == "Ana Owner")
    assert took < STALL_MS and stall < STALL_MS, (took, stall)


# -- the lock held too long: said with Retry, nothing written ---------------------------------------
@pytest.fixture
def short_wait(monkeypatch):
    monkeypatch.setattr(ui.writer, "WRITE_TIMEOUT", 0.3)


def lock_asked(dialog_log) -> str:
    texts = dialog_log.texts("choose")
    assert len(texts) == 1, texts
    assert "Another program is writing to" in texts[0] and "your change was not saved. Try again." in texts[0]
    assert "Retry" in texts[0]
    return texts[0]


def test_a_demo_that_cannot_get_the_lock_writes_nothing_and_offers_retry(make_main_window, db_path, store, qtbot,
                                                                         dialog_log, short_wait, monkeypatch):
    w = make_main_window(db_path, open_last=False)
    holder = Holder(db_path, 10)
    try:
        w.open_demo()
        qtbot.waitUntil(lambda: bool(dialog_log.texts("choose")), timeout=5000)
        lock_asked(dialog_log)  # the recorded answer is Cancel
        assert w.session is None and w.start.demo_btn.isEnabled() and w.saving.text() == ""
    finally:
        holder.release()
    assert count(db_path) == 0  # nothing half-done: neither the assessment nor its results register

    holder = Holder(db_path, 10)

    def retry_when_free(*args):
        dialog_log.append(("choose", args[1:]))
        holder.release()  # the colleague finishes; the user presses Retry
        return 0
    monkeypatch.setattr("ui.dialogs.choose", retry_when_free)
    w.open_demo()
    qtbot.waitUntil(lambda: w.session is not None, timeout=8000)
    assert count(db_path) == 1 and len(dialog_log.texts("choose")) == 2


def test_a_new_assessment_that_cannot_get_the_lock_stays_in_the_dialog(make_main_window, db_path, store, qtbot,
                                                                       dialog_log, short_wait):
    from tests.ui.test_start_and_new import fill
    from ui.new_assessment import NewAssessmentDialog
    w = make_main_window(db_path, open_last=False)
    dlg = NewAssessmentDialog(w.store, parent=w, writer=w.db_writer)
    qtbot.addWidget(dlg)
    fill(qtbot, dlg)
    holder = Holder(db_path, 10)
    try:
        dlg.accept()
        qtbot.waitUntil(lambda: bool(dialog_log.texts("choose")), timeout=5000)
        lock_asked(dialog_log)
        assert "Another program is writing to" in dlg.error.text() and dlg.created_id is None
        assert dlg.buttons.isEnabled() and dlg.hint.text() == ""
    finally:
        holder.release()
    assert count(db_path) == 0


def test_a_next_cycle_that_cannot_get_the_lock_writes_nothing(window, db_path, qtbot, dialog_log, short_wait):
    window.session.close()  # the next write starts a writer with the short timeout
    window.start_next_cycle()
    dlg = window.next_cycle_dialog
    dlg.cycle.setText("2031")
    holder = Holder(db_path, 10)
    try:
        dlg.accept()
        qtbot.waitUntil(lambda: bool(dialog_log.texts("choose")), timeout=5000)
        lock_asked(dialog_log)
        assert dlg.isVisible() and dlg.buttons.isEnabled() and "Another program" in dlg.error.text()
    finally:
        holder.release()
    assert count(db_path) == 1


def test_a_stage_change_that_cannot_get_the_lock_is_not_done(window, db_path, qtbot, dialog_log, short_wait):
    s = window.session
    s.close()
    holder = Holder(db_path, 10)
    try:
        window.process.move_to("consensus")
        qtbot.waitUntil(lambda: bool(dialog_log.texts("choose")), timeout=5000)
        lock_asked(dialog_log)
        assert window.process.act_consensus.isEnabled()  # back as it was: it can be tried again
    finally:
        holder.release()
    with Store(db_path) as check:
        assert check.load(s.assessment_id).stage == "individual"
    assert s.snapshot().stage == "individual"


def test_kits_that_cannot_get_the_lock_are_not_written_and_retry_writes_them(window, db_path, qtbot, tmp_path,
                                                                            dialog_log, short_wait, monkeypatch):
    window.act_kits.trigger()
    dlg = window.kits_dialog
    from tests.ui.test_kits_gui import check_only
    check_only(dlg, {"Anna Kowalska"})
    dlg.folder.setText(str(tmp_path))
    holder = Holder(db_path, 10)
    try:
        dlg.accept()
        qtbot.waitUntil(lambda: bool(dialog_log.texts("choose")), timeout=5000)
        lock_asked(dialog_log)
        qtbot.waitUntil(dlg.buttons.isEnabled, timeout=3000)
        assert not list(tmp_path.glob("kit-*")) and dlg.isVisible()
    finally:
        holder.release()
    with Store(db_path) as check:
        assert check.db.execute("select count(*) from kits").fetchone()[0] == 0

    def retry(*args):
        dialog_log.append(("choose", args[1:]))
        return 0
    holder = Holder(db_path, 0.8)  # the second attempt meets the lock too; Retry after it is gone
    monkeypatch.setattr("ui.dialogs.choose", retry)
    dlg.accept()
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=10000)
    holder.release()
    assert [p.name for p in tmp_path.glob("kit-*")] == ["kit-Anna-Kowalska.xlsx"]


def test_an_import_that_cannot_get_the_lock_writes_nothing(make_main_window, db_path, store, caf, qtbot, tmp_path,
                                                           dialog_log, short_wait, monkeypatch):
    from npmassess.exchange import packages
    with Store(tmp_path / "colleague.db") as other:
        aid = create_demo(other, caf, "classical")
        packages.export_package(other, aid, tmp_path / "shared.npma")
    w = make_main_window(db_path, open_last=False)
    monkeypatch.setattr("ui.dialogs.confirm", lambda *a: True)
    holder = Holder(db_path, 10)
    try:
        w.import_file(tmp_path / "shared.npma")
        qtbot.waitUntil(lambda: bool(dialog_log.texts("choose")), timeout=8000)
        lock_asked(dialog_log)
        qtbot.waitUntil(w.act_import.isEnabled, timeout=3000)
        assert any("Another program is writing to" in t for t in dialog_log.texts("error"))
    finally:
        holder.release()
    assert count(db_path) == 0 and w.session is None
