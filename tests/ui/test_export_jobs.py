"""Exports from the GUI: the award application's page-limit warnings reach the user; history pages."""

import subprocess

from npmassess.comparison import copy_to_new_cycle
from npmassess.demo import create_demo
from npmassess.frameworks import library
from npmassess.store import Store


def test_application_warnings_are_shown(qtbot, make_main_window, db_path, tmp_path, monkeypatch, dialog_log):
    import ui.dialogs as d
    s = Store(db_path)
    aid = create_demo(s, library().get("baldrige"))
    s.set_narrative(aid, "1.1", "")  # one item without a response is flagged
    s.close()
    window = make_main_window(db_path)
    window.open_assessment(aid)
    target = tmp_path / "application.pdf"
    monkeypatch.setattr(d, "save_file", lambda *a, **k: target)
    window.act_application.trigger()
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    assert target.read_bytes()[:4] == b"%PDF"
    shown = " ".join(dialog_log.texts("info"))
    assert "with warnings" in shown and "no narrative" in shown.lower(), shown


def test_pdf_export_from_the_gui_includes_the_unit_history(qtbot, make_main_window, db_path, tmp_path, monkeypatch):
    import ui.dialogs as d
    s = Store(db_path)
    first = create_demo(s, library().get("caf"))
    second, _ = copy_to_new_cycle(s, first, "2027")
    s.close()
    window = make_main_window(db_path)
    window.open_assessment(second)
    target = tmp_path / "review.pdf"
    monkeypatch.setattr(d, "save_file", lambda *a, **k: target)
    window.act_pdf.trigger()
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "Trend per criterion" in text
