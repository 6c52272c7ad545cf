"""The new exports from the File menu: Word report, Word application, plan (any of three formats), pack, summary."""

import docx
import openpyxl
import pytest

from npmassess.demo import create_demo
from npmassess.frameworks import library
from npmassess.store import Store


@pytest.mark.parametrize("action,name,check", [
    ("act_docx", "review.docx", "docx"),
    ("act_plan", "plan.xlsx", "xlsx"),
    ("act_plan", "plan.docx", "docx"),
    ("act_pack", "pack.pdf", "pdf"),
    ("act_summary", "summary.pdf", "pdf"),
    ("act_application_docx", "application.docx", "docx"),
])
def test_file_menu_exports(qtbot, make_main_window, db_path, tmp_path, monkeypatch, action, name, check):
    import ui.dialogs as d
    s = Store(db_path)
    aid = create_demo(s, library().get("baldrige"))
    s.close()
    window = make_main_window(db_path)
    window.open_assessment(aid)
    target = tmp_path / name
    monkeypatch.setattr(d, "save_file", lambda *a, **k: target)
    assert getattr(window, action).isEnabled()
    getattr(window, action).trigger()
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    assert target.exists(), window.last_message
    if check == "docx":
        assert docx.Document(target).paragraphs
    elif check == "xlsx":
        assert openpyxl.load_workbook(target).active.max_row > 1
    else:
        assert target.read_bytes()[:4] == b"%PDF"
    assert list(tmp_path.glob("*.part")) == []
