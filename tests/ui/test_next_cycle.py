"""File > Start next cycle: label validated inline, copy made by the core, carried-over lines shown, new one opened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from npmassess.demo import create_demo
from ui.next_cycle import next_cycle_label


@pytest.mark.parametrize("cycle, expected", [("2026", "2027"), (" 2025-26 ", "2026-27"), ("2099-99", "2100-00"),
                                             ("2025-2026", "2026-2027"), ("2025/26", "2026/27"),
                                             ("Spring round", ""), ("", "")])
def test_default_label_follows_the_cycle(cycle, expected):
    assert next_cycle_label(cycle) == expected


def open_dialog(make_main_window, db_path, store, lib, fid="caf"):
    aid = create_demo(store, lib.get(fid))
    window = make_main_window(db_path, open_last=False)
    window.open_assessment(aid)
    assert window.act_next_cycle.isEnabled()
    window.act_next_cycle.trigger()
    dlg = window.next_cycle_dialog
    assert dlg.isVisible()
    return window, dlg, aid


def test_bad_labels_are_refused_inline_and_change_nothing(qtbot, make_main_window, db_path, store, lib):
    window, dlg, aid = open_dialog(make_main_window, db_path, store, lib)
    assert dlg.cycle.text() == "2027"  # the demo is cycle 2026
    dlg.cycle.setText("   ")
    dlg.accept()
    assert dlg.isVisible() and "enter a label, for example 2027" in dlg.error.text()
    dlg.cycle.setText("2026")  # this unit already has 2026: the core refuses, the sentence reaches the user
    dlg.accept()
    assert dlg.isVisible() and "already has an assessment for cycle 2026" in dlg.error.text()
    dlg.cycle.setText("x" * 41)
    dlg.accept()
    assert "too long" in dlg.error.text()
    qtbot.keyClicks(dlg.cycle, "y")  # typing hides the old message
    assert dlg.error.isHidden()
    assert [s.id for s in store.list_assessments()] == [aid]
    assert window.session.assessment_id == aid


def test_next_cycle_copies_opens_and_reports(qtbot, make_main_window, db_path, store, lib, dialog_log):
    window, dlg, aid = open_dialog(make_main_window, db_path, store, lib)
    old = store.load(aid)
    dlg.cycle.clear()
    qtbot.keyClicks(dlg.cycle, "2027")
    qtbot.keyClick(dlg.cycle, Qt.Key_Return)  # Enter presses "Start cycle"
    assert not dlg.isVisible()
    new = window.session.snapshot()
    assert new.id != aid and new.cycle == "2027" and (new.organisation, new.unit) == (old.organisation, old.unit)
    assert new.consensus == old.consensus and not new.ratings
    assert [p.name for p in new.participants] == [p.name for p in old.participants]
    assert {x.title for x in new.actions} <= {x.title for x in old.actions}
    assert len(store.list_assessments()) == 2
    shown = dialog_log.texts("info")[-1]
    assert "New cycle 2027" in shown and "Carried open action" in shown and "Left in cycle 2026" in shown
    assert "2027" in window.windowTitle()
    # the comparison now shows both cycles
    window.show_view("comparison")
    assert window.views["comparison"].trend.x_labels == ["2026", "2027"]


def test_cancel_changes_nothing(qtbot, make_main_window, db_path, store, lib):
    window, dlg, aid = open_dialog(make_main_window, db_path, store, lib, "maf")
    assert dlg.cycle.text() == "2026-27"
    dlg.reject()
    assert [s.id for s in store.list_assessments()] == [aid]
    assert window.session.assessment_id == aid


def test_actions_disabled_without_an_open_assessment(make_main_window, db_path):
    window = make_main_window(db_path, open_last=False)
    assert not window.act_next_cycle.isEnabled() and not window.act_kits.isEnabled()
