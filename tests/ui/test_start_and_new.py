"""Start page and the New assessment dialog, including every kind of bad input."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog

from npmassess.demo import create_demo
from npmassess.errors import ValidationError
from ui.new_assessment import NewAssessmentDialog
from ui.start_view import StartView


def test_start_lists_assessments_and_opens_with_enter(qtbot, store, lib):
    aid = create_demo(store, lib.get("baldrige"))
    view = StartView(store)
    qtbot.addWidget(view)
    view.show()
    assert view.table.rowCount() == 1 and not view.empty.isVisible()
    cells = [view.table.item(0, c).text() for c in range(view.table.columnCount())]
    assert cells[0] == "Riverside County Public Health Department" and "Baldrige" in cells[2]
    assert "consensus 100 %" in cells[5]
    with qtbot.waitSignal(view.open_requested) as blocker:
        view.table.setFocus()
        qtbot.keyClick(view.table, Qt.Key_Return)
    assert blocker.args == [aid]


def test_start_empty_store_invites_to_begin(qtbot, store):
    view = StartView(store, show_welcome=True)
    qtbot.addWidget(view)
    view.show()
    assert view.empty.isVisible() and not view.table.isVisible() and not view.open_btn.isEnabled()
    assert view.welcome.isVisible()
    with qtbot.waitSignal(view.welcome_dismissed):
        view._dismiss()
    assert not view.welcome.isVisible()


def make_dialog(qtbot, store):
    dlg = NewAssessmentDialog(store)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def fill(qtbot, dlg, org="Valmora", unit="Benefits", people=(("Ann", "Facilitator"), ("Bob", ""))):
    dlg.organisation.clear()
    qtbot.keyClicks(dlg.organisation, org)
    dlg.unit.clear()
    qtbot.keyClicks(dlg.unit, unit)
    for name, role in people:
        dlg.participants.add(name, role)


def test_new_caf_fine_tuned_with_two_participants(qtbot, store):
    dlg = make_dialog(qtbot, store)
    assert dlg.selected_framework().id == "caf" and dlg.method.isEnabled()
    assert "Common Assessment Framework" in dlg.fw_description.text()
    # nothing typed yet: no error is shown, the hint says what is still needed
    assert not dlg.ok.isEnabled() and dlg.error.text() == "" and not dlg.organisation.property("invalid")
    assert "the organisation" in dlg.hint.text() and "the participants" in dlg.hint.text()
    dlg.organisation.setFocus()
    qtbot.keyClicks(dlg.organisation, "x")
    qtbot.keyClick(dlg.organisation, Qt.Key_Backspace)  # touched, then emptied: now the error shows
    assert "Organisation must not be empty" in dlg.error.text() and dlg.organisation.property("invalid")
    assert dlg.organisation.accessibleDescription() == "Organisation must not be empty."
    assert "Unit" not in dlg.error.text()  # untouched fields stay quiet
    dlg.method.setCurrentIndex(dlg.method.findData("fine-tuned"))
    assert "PDCA" in dlg.method_description.text() or "Plan" in dlg.method_description.text()
    fill(qtbot, dlg)
    dlg.participants.table.setCurrentCell(1, 0)
    dlg.participants.move(-1)
    assert dlg.participants.rows()[0] == ("Bob", "")
    assert dlg.ok.isEnabled() and dlg.error.text() == ""
    qtbot.mouseClick(dlg.ok, Qt.LeftButton)
    assert dlg.result() == QDialog.Accepted
    a = store.load(dlg.created_id)
    assert (a.organisation, a.unit, a.method) == ("Valmora", "Benefits", "fine-tuned")
    assert [(p.name, p.role) for p in a.participants] == [("Bob", ""), ("Ann", "Facilitator")]


def test_unicode_names_are_kept(qtbot, store):
    dlg = make_dialog(qtbot, store)
    dlg.organisation.setText("Ville de Québec – Service des loisirs")
    dlg.unit.setText("Équipe Zoë")
    dlg.participants.add("Søren Nielsen", "Contrôleur")
    assert dlg.ok.isEnabled()
    dlg.accept()
    a = store.load(dlg.created_id)
    assert a.organisation.startswith("Ville de Québec") and a.participants[0].name == "Søren Nielsen"


def test_frameworks_with_one_method_disable_the_method_choice(qtbot, store):
    dlg = make_dialog(qtbot, store)
    i = next(i for i, f in enumerate(dlg.frameworks) if f.id == "baldrige")
    dlg.framework.setCurrentIndex(i)
    assert not dlg.method.isEnabled() and dlg.method.count() == 1
    assert "Baldrige" in dlg.fw_description.text() or "Excellence" in dlg.fw_description.text()


@pytest.mark.parametrize("org,unit,cycle,people,problem", [
    ("", "U", "2026", [("Ann", "")], "Organisation must not be empty"),
    ("   ", "U", "2026", [("Ann", "")], "Organisation must not be empty"),
    ("O", "", "2026", [("Ann", "")], "Unit must not be empty"),
    ("O", "U", " ", [("Ann", "")], "Cycle must not be empty"),
    ("O", "U", "twenty-six", [("Ann", "")], "'twenty-six' is not a year or a span"),
    ("O", "U", "2026/25", [("Ann", "")], "is not a year or a span"),
    ("O", "U", "2026", [], "Add at least one participant"),
    ("O", "U", "2026", [("Ann", ""), ("", "x")], "Participant 2 has no name"),
    ("O", "U", "2026", [("Ann", ""), ("ann ", "")], "'ann' appears twice"),
])
def test_bad_input_is_named_and_blocks_create(qtbot, store, org, unit, cycle, people, problem):
    dlg = make_dialog(qtbot, store)
    dlg.organisation.setText(org)
    dlg.unit.setText(unit)
    dlg.cycle.setText(cycle)
    for name, role in people:
        dlg.participants.add(name, role)
    dlg.accept()  # an attempt shows every problem
    assert problem in dlg.error.text() and not dlg.ok.isEnabled()
    assert dlg.created_id is None and store.list_assessments() == []


def test_removing_the_duplicate_fixes_the_form(qtbot, store):
    dlg = make_dialog(qtbot, store)
    fill(qtbot, dlg, people=(("Ann", ""), ("Ann", "")))
    assert not dlg.ok.isEnabled()
    dlg.participants.table.setCurrentCell(1, 0)
    qtbot.mouseClick(dlg.participants.remove_btn, Qt.LeftButton)
    assert dlg.ok.isEnabled()


def test_store_refusal_is_shown_inline(qtbot, store, monkeypatch):
    dlg = make_dialog(qtbot, store)
    fill(qtbot, dlg)

    def refuse(*a, **k):
        raise ValidationError("cycle", "is not acceptable here")
    monkeypatch.setattr(type(store), "create_assessment", refuse)  # the writer thread's store refuses
    dlg.accept()
    assert dlg.error.text() == "cycle: is not acceptable here" and dlg.result() != QDialog.Accepted
    assert dlg.buttons.isEnabled() and dlg.created_id is None


def test_new_from_the_main_window_opens_the_assessment(qtbot, make_main_window, db_path, monkeypatch):
    import ui.new_assessment

    class Scripted(NewAssessmentDialog):
        def exec(self):
            self.organisation.setText("Org")
            self.unit.setText("Unit")
            self.participants.add("Ann")
            self.accept()
            return QDialog.Accepted
    monkeypatch.setattr(ui.new_assessment, "NewAssessmentDialog", Scripted)
    window = make_main_window(db_path)
    window.act_new.trigger()
    assert window.session is not None and window.session.snapshot().organisation == "Org"
    assert window.start.table.rowCount() == 1


def test_cycles_and_roles(qtbot, store):
    dlg = make_dialog(qtbot, store)
    fill(qtbot, dlg, people=())
    qtbot.mouseClick(dlg.participants.add_btn, Qt.LeftButton)
    dlg.participants.table.item(0, 0).setText("Ann")
    assert dlg.participants.rows() == [("Ann", "Member")]  # the default role
    dlg.participants.table.setCurrentCell(0, 1)
    dlg.participants.table.editItem(dlg.participants.table.item(0, 1))
    combo = dlg.participants.table.findChild(QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["Facilitator", "Member", "Observer"]
    assert combo.isEditable()
    combo.setCurrentText("Facilitator")
    dlg.participants.table.setCurrentCell(0, 0)  # commits the editor
    assert dlg.participants.rows() == [("Ann", "Facilitator")]
    for cycle in ("2026/27", "2026-27", "2026"):
        dlg.cycle.setText(cycle)
        assert dlg.ok.isEnabled(), dlg.error.text()
    dlg.cycle.setText("2026/27")
    dlg.accept()
    assert store.load(dlg.created_id).cycle == "2026/27"


def test_the_framework_column_names_the_method_after_a_dot_and_the_date_without_iso_t(qtbot, store, lib):
    create_demo(store, lib.get("capability-review"))
    view = StartView(store)
    qtbot.addWidget(view)
    cells = [view.table.item(0, c).text() for c in range(view.table.columnCount())]
    assert cells[2] == "Capability Review 2006 · UK Capability Review (five levels)"  # no brackets in brackets
    assert "T" not in cells[6] and cells[6][:4].isdigit()
