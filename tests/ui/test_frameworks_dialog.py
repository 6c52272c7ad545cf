"""File > Frameworks: lists bundled and user frameworks, exports and imports authoring workbooks."""

import openpyxl
import pytest

import ui.dialogs as dialogs
from npmassess.frameworks import library
from ui.frameworks_dialog import FrameworksDialog


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    d = tmp_path / "mine"
    monkeypatch.setenv("NPMASSESS_USER_FRAMEWORKS", str(d))
    return d


def keys(dlg):
    return [dlg.tree.topLevelItem(i).data(0, 256) for i in range(dlg.tree.topLevelItemCount())]


def test_export_edit_import_from_the_dialog(qtbot, tmp_path, user_dir, monkeypatch, dialog_log):
    dlg = FrameworksDialog()
    qtbot.addWidget(dlg)
    assert set(keys(dlg)) == {f.key for f in library()}
    dlg.tree.setCurrentItem(dlg.tree.topLevelItem(keys(dlg).index("pma-scorecard@2001-2008")))
    out = tmp_path / "pma.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: out)
    dlg.btn_export.click()
    assert out.exists() and "Wrote" in dlg.status.text()
    wb = openpyxl.load_workbook(out)
    ws = wb["Framework"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "edition")
    ws.cell(row, 2).value = "agency-2026"
    wb.save(out)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: out)
    dlg.btn_import.click()
    assert "pma-scorecard@agency-2026" in keys(dlg) and dlg.imported == ["pma-scorecard@agency-2026"]
    assert dlg.selected_key() == "pma-scorecard@agency-2026"
    item = dlg.tree.currentItem()
    assert item.text(2) == "yours" and "Added" in dlg.status.text()
    assert (user_dir / "pma-scorecard-agency-2026.toml").exists()


def test_a_broken_workbook_is_refused_with_sheet_and_cell(qtbot, tmp_path, user_dir, monkeypatch, dialog_log):
    out = tmp_path / "bad.xlsx"
    from npmassess.frameworks.authoring import export_authoring
    export_authoring(library().get("baldrige"), out)
    wb = openpyxl.load_workbook(out)
    ws = wb["Framework"]
    ws.cell(next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "edition"), 2).value = "x"
    tree = wb["Tree"]
    points = [c.value for c in tree[1]].index("points") + 1
    tree.cell(3, points).value = "lots"
    wb.save(out)
    dlg = FrameworksDialog()
    qtbot.addWidget(dlg)
    before = keys(dlg)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: out)
    dlg.btn_import.click()
    assert "sheet Tree, cell D3" in dlg.status.text() and "must be a whole number" in dlg.status.text()
    assert dialog_log.names() == ["error"] and "nothing was written" in dialog_log.texts("error")[0]
    assert keys(dlg) == before and not user_dir.exists()


def test_file_menu_opens_the_dialog(qtbot, make_main_window, db_path, monkeypatch):
    window = make_main_window(db_path)
    seen = []
    monkeypatch.setattr(FrameworksDialog, "exec", lambda self: seen.append(len(keys(self))) or 0)
    window.act_frameworks.trigger()
    assert seen == [len(library())]
