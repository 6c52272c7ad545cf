"""File > Issue scoring kits: participants, kind and folder chosen like a user; kits written off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt

from npmassess.exchange import kits
from npmassess.demo import create_demo
from npmassess.exchange.importing import preview_import
from ui.kits_dialog import kit_file_name


def open_dialog(make_main_window, db_path, store, lib):
    aid = create_demo(store, lib.get("caf"), "classical")
    window = make_main_window(db_path, open_last=False)
    window.open_assessment(aid)
    window.act_kits.trigger()
    dlg = window.kits_dialog
    assert dlg.isVisible()
    return window, dlg, aid


def check_only(dlg, names: set[str]) -> None:
    for i in range(dlg.people.count()):
        item = dlg.people.item(i)
        item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in names else Qt.Unchecked)


def test_file_names_are_safe_and_unique():
    used: set[str] = set()
    assert kit_file_name("Zoë Martin", "xlsx", used) == "kit-Zoë-Martin.xlsx"
    assert kit_file_name("zoë/martin", "package", used) == "kit-zoë-martin-2.npma"
    assert kit_file_name("../..", "xlsx", used) == "kit-participant.xlsx"


def test_bad_choices_give_clear_messages_and_write_nothing(qtbot, make_main_window, db_path, store, lib, tmp_path,
                                                           monkeypatch):
    import ui.kits_dialog
    window, dlg, aid = open_dialog(make_main_window, db_path, store, lib)
    check_only(dlg, set())
    dlg.accept()
    assert dlg.isVisible() and "tick at least one participant" in dlg.error.text()
    check_only(dlg, {"Anna Kowalska"})
    dlg.folder.setText("")
    dlg.accept()
    assert "choose the folder" in dlg.error.text()
    missing = tmp_path / "no-such-folder"
    dlg.folder.setText(str(missing))
    dlg.accept()
    assert f"{missing} does not exist" in dlg.error.text()
    monkeypatch.setattr(ui.kits_dialog.os, "access", lambda *a: False)  # a read-only share
    dlg.folder.setText(str(tmp_path))
    dlg.accept()
    assert "cannot be written to" in dlg.error.text() and str(tmp_path) in dlg.error.text()
    # adding a participant: empty and duplicate names are refused
    dlg.new_name.setText("  ")
    dlg.add_participant()
    assert "type a name first" in dlg.error.text()
    dlg.new_name.setText("anna kowalska")
    dlg.add_participant()
    assert "'anna kowalska' is already in the list" in dlg.error.text()
    assert list(tmp_path.glob("kit-*")) == [] and dlg.task is None
    assert [k for p in store.load(aid).participants for k in store.kits_of(aid, p.id)] == []


def test_excel_kits_for_chosen_and_new_participants(qtbot, make_main_window, db_path, store, lib, tmp_path,
                                                    monkeypatch, dialog_log):
    import ui.dialogs as d
    window, dlg, aid = open_dialog(make_main_window, db_path, store, lib)
    check_only(dlg, {"Anna Kowalska", "Zoë Martin"})
    monkeypatch.setattr(d, "choose_folder", lambda *a, **k: tmp_path)
    dlg.folder.clear()
    dlg.browse_button.click()
    assert dlg.folder.text() == str(tmp_path)
    assert dlg.xlsx.isChecked()
    qtbot.keyClicks(dlg.new_name, "Nadia Rahman")
    qtbot.keyClick(dlg.new_name, Qt.Key_Return)  # Enter in the name field adds, it does not write kits
    assert dlg.isVisible() and dlg.people.item(dlg.people.count() - 1).text() == "Nadia Rahman (new)"
    assert dlg.task is None and list(tmp_path.glob("kit-*")) == []
    dlg.accept()
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=20000)
    written = sorted(p.name for p in tmp_path.glob("kit-*"))
    assert written == ["kit-Anna-Kowalska.xlsx", "kit-Nadia-Rahman.xlsx", "kit-Zoë-Martin.xlsx"]
    report = dialog_log.texts("info")[-1]
    assert "3 kits written" in report and "kit-Nadia-Rahman.xlsx (new participant)" in report
    assert "Nadia Rahman" in [p.name for p in window.session.snapshot().participants]  # views see the new person
    for path in tmp_path.glob("kit-*.xlsx"):  # each returns cleanly: nothing changed yet
        assert preview_import(store, path).nothing_to_do
    # the folder and kind are remembered for next time
    window.act_kits.trigger()
    assert window.kits_dialog.folder.text() == str(tmp_path) and window.kits_dialog.xlsx.isChecked()


def test_package_kits(qtbot, make_main_window, db_path, store, lib, tmp_path):
    window, dlg, aid = open_dialog(make_main_window, db_path, store, lib)
    check_only(dlg, {"Søren Nielsen"})
    dlg.package.setChecked(True)
    dlg.folder.setText(str(tmp_path))
    dlg.accept()
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=20000)
    assert [p.name for p in tmp_path.glob("kit-*")] == ["kit-Søren-Nielsen.npma"]
    person = store.load(aid).participant_by_name("Søren Nielsen")
    assert [k["kind"] for k in store.kits_of(aid, person.id)] == ["package"]


def test_a_write_failure_is_reported_and_the_dialog_stays(qtbot, make_main_window, db_path, store, lib, tmp_path,
                                                          monkeypatch):
    window, dlg, aid = open_dialog(make_main_window, db_path, store, lib)
    check_only(dlg, {"Anna Kowalska", "Zoë Martin"})
    dlg.folder.setText(str(tmp_path))
    real = kits.issue_kit

    def flaky(store_, aid_, name, path, kind="xlsx", role=""):
        if name == "Zoë Martin":
            raise PermissionError(13, "Permission denied", str(path))
        return real(store_, aid_, name, path, kind, role)
    monkeypatch.setattr(kits, "issue_kit", flaky)
    dlg.accept()
    qtbot.waitUntil(lambda: dlg.task.finished_flag, timeout=20000)
    assert dlg.isVisible() and dlg.buttons.isEnabled()
    text = dlg.error.text()
    assert "Cannot write" in text and "kit-Zoë-Martin.xlsx" in text and "permission denied" in text.lower()
    assert "1 kit written" in text and "kit-Anna-Kowalska.xlsx" in text
