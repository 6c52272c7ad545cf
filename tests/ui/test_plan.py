"""Improvement plan: actions from areas for improvement, table filters, matrix, undo."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from npmassess.assessment import action_priority
from ui import action_dialog
from ui.action_dialog import ActionDialog
from ui.plan_matrix import PRIORITY_COLOURS
from ui.plan_view import ActionsModel, PlanView

from helpers_b import capture_errors, count_colour, demo_session, show


def make_view(qtbot, store, case="caf-classical"):
    session = demo_session(store, case)
    return session, show(qtbot, PlanView(session))


def actions(store, session):
    return store.load(session.assessment_id).actions


def test_models_pass_modeltester(qtbot, qtmodeltester, store):
    _, view = make_view(qtbot, store)
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)
    assert view.model.rowCount() == 8


def test_sorting_by_priority_and_due_date(qtbot, store):
    _, view = make_view(qtbot, store)
    proxy = view.proxy
    view.table.sortByColumn(ActionsModel.PRIORITY, Qt.DescendingOrder)
    ranks = [proxy.index(r, ActionsModel.PRIORITY).data(ActionsModel.SORT_ROLE) for r in range(proxy.rowCount())]
    assert ranks == sorted(ranks, reverse=True)
    view.table.sortByColumn(ActionsModel.DUE, Qt.AscendingOrder)
    dues = [proxy.index(r, ActionsModel.DUE).data() for r in range(proxy.rowCount())]
    assert dues == sorted(dues)


def test_filters_by_status_priority_owner_and_text(qtbot, store):
    session, view = make_view(qtbot, store)
    snap = session.snapshot()
    view.status_filter.setCurrentIndex(view.status_filter.findData("planned"))
    assert view.proxy.rowCount() == sum(a.status == "planned" for a in snap.actions)
    view.status_filter.setCurrentIndex(0)
    view.priority_filter.setCurrentIndex(view.priority_filter.findData("High"))
    assert view.proxy.rowCount() == sum(a.priority == "High" for a in snap.actions)
    view.priority_filter.setCurrentIndex(0)
    owner = snap.actions[0].owner
    view.owner_filter.setCurrentIndex(view.owner_filter.findData(owner))
    assert view.proxy.rowCount() == sum(a.owner == owner for a in snap.actions)
    view.owner_filter.setCurrentIndex(0)
    qtbot.keyClicks(view.search, "indicators")
    expected = sum("indicators" in a.title.casefold() for a in snap.actions)
    assert 0 < view.proxy.rowCount() == expected
    assert f"{expected} of 8" in view.count_label.text()
    assert len(view.matrix._actions) == expected  # the matrix shows the filtered set


def test_new_action_from_improvement_is_linked_and_undoable(qtbot, store, monkeypatch):
    session, view = make_view(qtbot, store)
    node = session.current_node
    seen = {}

    def fake_ask(parent, sess, action=None, node_id=None, note_ids=()):
        seen.update(node_id=node_id, note_ids=note_ids)
        return {"title": "Write the onboarding guide", "description": "", "owner": "Anna Kowalska",
                "due": "2027-03-31", "status": "planned", "impact": 5, "effort": 2,
                "node_ids": [node_id], "note_ids": list(note_ids)}

    monkeypatch.setattr(action_dialog, "ask_action", fake_ask)
    qtbot.mouseClick(view.from_afi_button, Qt.LeftButton)
    afi = next(n for n in session.snapshot().notes_for(node, "improvement", None))
    assert seen == {"node_id": node, "note_ids": (afi.id,)}
    created = [a for a in actions(store, session) if a.title == "Write the onboarding guide"]
    assert len(created) == 1 and created[0].node_ids == [node] and created[0].note_ids == [afi.id]
    assert created[0].priority == "High" and view.model.rowCount() == 9
    session.undo_stack.undo()
    assert len(actions(store, session)) == 8 and view.model.rowCount() == 8
    session.undo_stack.redo()
    assert any(a.id == created[0].id for a in actions(store, session))


def test_edit_and_delete_selected_are_undoable(qtbot, store, monkeypatch):
    session, view = make_view(qtbot, store)
    target = view.proxy.index(0, 0).data(ActionsModel.ACTION_ID_ROLE)
    view.select_action(target)
    before = next(a for a in actions(store, session) if a.id == target)
    new = {"status": "cancelled" if before.status != "cancelled" else "done", "owner": "Someone Else"}
    monkeypatch.setattr(action_dialog, "ask_action", lambda parent, sess, action=None, **kw: dict(new))
    assert view.edit_selected()
    changed = next(a for a in actions(store, session) if a.id == target)
    assert (changed.status, changed.owner) == (new["status"], "Someone Else")
    session.undo_stack.undo()
    undone = next(a for a in actions(store, session) if a.id == target)
    assert (undone.status, undone.owner) == (before.status, before.owner)
    view.select_action(target)
    qtbot.mouseClick(view.delete_button, Qt.LeftButton)
    assert target not in {a.id for a in actions(store, session)}
    session.undo_stack.undo()
    restored = next(a for a in actions(store, session) if a.id == target)
    assert restored.node_ids and restored.title


def test_nothing_selected_gives_a_message(qtbot, store, monkeypatch):
    messages = capture_errors(monkeypatch)
    _, view = make_view(qtbot, store)
    view.table.clearSelection()
    assert not view.delete_selected()
    assert "Select an action" in messages[0]


def test_dialog_refuses_empty_title_and_picks_due_date_with_a_calendar(qtbot, store, monkeypatch):
    from PySide6.QtCore import QDate
    messages = capture_errors(monkeypatch)
    session = demo_session(store)
    dialog = ActionDialog(session, node_id=session.current_node)
    qtbot.addWidget(dialog)
    assert dialog.due.calendarPopup() and dialog.no_due.isChecked() and not dialog.due.isEnabled()
    dialog.accept()
    assert dialog.result() == 0
    assert "Title" in messages[0]
    dialog.no_due.setChecked(False)  # a due date after all: picked in the calendar
    dialog.due.setDate(QDate(2027, 3, 31))
    # checking an area for improvement fills an empty title with its text
    item = dialog.notes.item(0)
    item.setCheckState(Qt.Checked)
    assert dialog.title.text() == item.text().split(": ", 1)[1]
    dialog.impact.setValue(5)
    dialog.effort.setValue(1)
    assert "High" in dialog.priority.text()
    dialog.accept()
    assert dialog.result() == 1 and len(messages) == 1
    fields = dialog.fields()
    assert fields["note_ids"] == [item.data(Qt.UserRole)] and fields["due"] == "2027-03-31"


def test_due_date_can_be_left_empty_and_a_bad_stored_date_is_named(qtbot, store, monkeypatch):
    messages = capture_errors(monkeypatch)
    session = demo_session(store)
    action = session.snapshot().actions[0]
    dialog = ActionDialog(session, action)
    qtbot.addWidget(dialog)
    assert not dialog.no_due.isChecked() and dialog.fields()["due"] == action.due
    dialog.no_due.setChecked(True)
    assert dialog.fields()["due"] == ""
    action.due = "31/03/2027"  # an old record typed by hand
    dialog = ActionDialog(session, action)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() == 0 and "'31/03/2027' is not a date" in messages[-1]
    dialog.no_due.setChecked(True)
    dialog.accept()
    assert dialog.result() == 1 and dialog.fields()["due"] == ""


def test_core_refusal_reaches_the_user(qtbot, store, monkeypatch):
    messages = capture_errors(monkeypatch)
    session, view = make_view(qtbot, store)
    monkeypatch.setattr(action_dialog, "ask_action", lambda *a, **k: {
        "title": "x", "owner": "o" * 300, "node_ids": [], "note_ids": []})
    assert view.new_action() is None
    assert "action owner" in messages[0] and len(actions(store, session)) == 8
    assert session.undo_stack.count() == 0


def test_matrix_places_actions_and_click_selects(qtbot, store):
    session, view = make_view(qtbot, store)
    view.tabs.setCurrentWidget(view.matrix)
    qtbot.waitExposed(view.matrix)
    image = view.matrix.grab().toImage()
    for priority in ("High", "Medium", "Low"):
        assert count_colour(image, PRIORITY_COLOURS[priority], tolerance=4, step=6) > 50
    action = session.snapshot().actions[0]
    assert action in view.matrix.cell_actions(action.impact, action.effort)
    rect = view.matrix.chip_rect(action.id)
    assert rect is not None
    with qtbot.waitSignal(view.matrix.action_clicked) as blocker:
        qtbot.mouseClick(view.matrix, Qt.LeftButton, pos=rect.center().toPoint())
    assert blocker.args == [action.id]
    assert view.selected_id() == action.id
    assert action_priority(5, 1) == "High"


@pytest.mark.parametrize("case", ["baldrige", "maf", "capability-review"])
def test_other_frameworks_show_their_plan(qtbot, store, case):
    session, view = make_view(qtbot, store, case)
    assert view.model.rowCount() == len(session.snapshot().actions) == 8


def test_shortcuts_work_while_the_view_has_focus(qtbot, store, monkeypatch):
    session, view = make_view(qtbot, store)
    target = view.proxy.index(0, 0).data(ActionsModel.ACTION_ID_ROLE)
    view.select_action(target)
    asked = []
    monkeypatch.setattr(action_dialog, "ask_action", lambda *a, **k: asked.append(k) or None)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=1000)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key_F2)
    assert len(asked) == 1
    qtbot.keyClick(view.table, Qt.Key_Delete)
    assert target not in {a.id for a in actions(store, session)}
    shortcuts = {a.shortcut().toString() for a in view.view_actions()}
    assert {"F2", "Del", "Ctrl+Shift+N", "Ctrl+Shift+I", "Ctrl+F"} <= shortcuts
