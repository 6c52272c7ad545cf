"""The award writer's desk: markup keys, full-window mode, the live page budget equals the export's."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from npmassess.demo import create_demo
from npmassess.exports.pdf.application import export_application
from npmassess.frameworks import library
from ui import undo
from ui.scoring_view import ScoringView
from ui.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import narratives  # noqa: E402
from core.test_page_budget import pdf_pages  # noqa: E402


def desk(qtbot, store, paragraphs=2):
    fw = library().get("baldrige")
    aid = create_demo(store, fw, None)
    narratives.fill(store, aid, fw, paragraphs)
    session = Session(store, aid)
    session.select_node("1.1")
    view = ScoringView(session)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.focus_notes(view.narrative)
    return session, view, view.narrative


def test_bold_italic_and_bullets_by_keyboard(qtbot, store):
    session, view, editor = desk(qtbot, store)
    editor.edit.clear()
    qtbot.keyClicks(editor.edit, "Our board")
    editor.edit.selectAll()
    qtbot.keyClick(editor.edit, Qt.Key_B, Qt.ControlModifier)  # claimed from any window shortcut
    assert editor.edit.toPlainText() == "**Our board**"
    qtbot.keyClick(editor.edit, Qt.Key_End)
    qtbot.keyClick(editor.edit, Qt.Key_Return)
    qtbot.keyClicks(editor.edit, "meets monthly")
    qtbot.keyClick(editor.edit, Qt.Key_L, Qt.ControlModifier | Qt.ShiftModifier)
    assert editor.edit.toPlainText() == "**Our board**\n- meets monthly"
    qtbot.keyClick(editor.edit, Qt.Key_I, Qt.ControlModifier)
    qtbot.keyClicks(editor.edit, "often")
    assert editor.edit.toPlainText() == "**Our board**\n- meets monthly*often*"
    editor.commit()
    qtbot.waitUntil(lambda: session.snapshot().narratives["1.1"] == "**Our board**\n- meets monthly*often*")
    assert editor.status.text().startswith("4 words")  # markup is not counted


def test_full_window_desk_and_back(qtbot, store):
    _, view, editor = desk(qtbot, store)
    qtbot.keyClick(editor.edit, Qt.Key_F9)
    assert not view.tree.isVisible() and not view.panel.isVisible()
    assert editor.edit.hasFocus()
    qtbot.waitUntil(lambda: editor.edit.width() > 1200)  # the whole window
    qtbot.waitUntil(lambda: editor.edit.height() > view.height() * 0.6)  # and its height: no empty pane above
    qtbot.keyClick(editor.edit, Qt.Key_F9)
    assert view.tree.isVisible() and view.panel.isVisible()


def gui_export(qtbot, monkeypatch, parent, session, out):
    """File > Export award application, answering the options and file dialogs; returns the written path."""
    from ui import dialogs, file_jobs
    monkeypatch.setattr(dialogs, "export_options", lambda parent, title, sizes, languages, size, lang: (size, "en"))
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: out)
    monkeypatch.setattr(dialogs, "info", lambda *a, **k: None)  # the page-limit warnings, if any
    finished = []
    file_jobs.start_export(parent, session, "application", lambda kind, path, exc: finished.append((path, exc)))
    qtbot.waitUntil(lambda: bool(finished), timeout=60000)
    path, exc = finished[0]
    assert exc is None, exc
    return path


@pytest.mark.parametrize("page_size", ["Letter", "A4"])
def test_budget_on_screen_equals_exported_pages(qtbot, store, tmp_path, monkeypatch, page_size):
    session, view, editor = desk(qtbot, store, paragraphs=22)
    editor.page_size.setCurrentIndex(editor.page_size.findData(page_size))
    editor.update_budget()
    qtbot.waitUntil(lambda: editor.budget is not None and editor.budget.page_size == page_size
                    and editor._budget_job is None, timeout=60000)
    out = tmp_path / "application.pdf"
    # exported as the user does, by File > Export award application: at the size chosen in the desk
    exported = gui_export(qtbot, monkeypatch, view, session, out)
    assert exported == out
    import pypdf
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == {"Letter": (612, 792), "A4": (595, 842)}[page_size]
    pages = pdf_pages(out)
    shown = {"A4": "A4", "Letter": "US Letter"}[page_size]  # the size by its name, never the raw key
    assert f"Application: {pages} pages ({shown})" in editor.pages.text()
    # the parts as the export measured them (its own page checks), against the limits shown
    from npmassess.results.figures import results_data
    checks = export_application(session.snapshot(), session.framework, tmp_path / "again.pdf", page_size,
                                results=results_data(session.store, session.assessment_id)).checks
    measured = {c.rule: int(c.actual.split()[0]) for c in checks if c.rule.endswith("length")}
    assert f"Responses: {measured['Item responses length']} of 50 pages" in editor.pages.text()
    assert f"Organizational Profile: {measured['Organizational Profile length']} of 5 pages" in editor.pages.text()
    # typing more shows up in the budget before it is saved (debounced, off the GUI thread)
    before = editor.budget.items["1.1"]
    editor.edit.setPlainText(editor.edit.toPlainText() + "\n\n" + narratives.narrative(3, 8))
    qtbot.waitUntil(lambda: editor.budget.items["1.1"] > before + 0.5, timeout=60000)
    assert "This item:" in editor.pages.text()
    editor.commit()  # saved before the test's store closes
    qtbot.waitUntil(lambda: session.snapshot().narratives["1.1"] == editor.edit.toPlainText())


def test_image_figure_added_on_the_desk_is_listed_counted_and_previewed_again(qtbot, store, tmp_path, monkeypatch):
    from PIL import Image

    from ui import dialogs
    from ui.figure_dialog import FigureDialog
    session, view, editor = desk(qtbot, store, paragraphs=1)
    qtbot.waitUntil(lambda: editor.budget is not None, timeout=20000)
    before = editor.budget.items["1.1"]
    Image.new("RGB", (1000, 800), "#2f855a").save(tmp_path / "structure.png")
    monkeypatch.setattr(dialogs, "open_file", lambda *a: tmp_path / "structure.png")
    seen = {}

    def run(dlg):
        if dlg.chart.currentData() == "image":  # editing: the stored picture is previewed
            seen["preview"] = not dlg.preview.pixmap().isNull()
            dlg.caption.setText("Leadership structure (revised)")
        else:
            dlg.pick.click()
        dlg.accept()
        return dlg.result_figure() is not None
    monkeypatch.setattr(FigureDialog, "exec", run)
    figures = editor.figure_list
    figures.add()
    fig = session.snapshot().figures["1.1"][-1]
    assert fig.is_image and fig.image in session.snapshot().images
    assert figures.list.item(figures.list.count() - 1).text().endswith("(image)")
    editor.update_budget()
    qtbot.waitUntil(lambda: editor.budget is not None and editor.budget.items["1.1"] > before + 0.5, timeout=20000)
    figures.list.setCurrentRow(figures.list.count() - 1)
    figures.edit()
    assert seen["preview"] and session.snapshot().figures["1.1"][-1].caption == "Leadership structure (revised)"
    view.grab().save(str(tmp_path / "desk.png"))


def test_figure_buttons_act_only_on_a_figure_and_an_empty_list_says_what_to_do(qtbot, store, monkeypatch):
    from ui import undo
    from ui.figure_dialog import FigureDialog
    session, view, editor = desk(qtbot, store, paragraphs=1)
    figures = editor.figure_list
    undo.set_figures(session, "1.1", [], None)
    figures.refresh()
    assert figures.list.count() == 0 and figures.empty.isVisible() and not figures.list.isVisible()
    assert not figures.edit_btn.isEnabled() and not figures.remove_btn.isEnabled() and figures.add_btn.isEnabled()

    def run(dlg):
        dlg.caption.setText("Survey results")
        dlg.accept()
        return dlg.result_figure() is not None
    monkeypatch.setattr(FigureDialog, "exec", run)
    figures.add()
    figures.refresh()
    assert figures.list.count() == 1 and figures.list.isVisible() and not figures.empty.isVisible()
    assert figures.edit_btn.isEnabled() and figures.remove_btn.isEnabled()
    figures.remove()
    figures.refresh()
    assert session.snapshot().figures.get("1.1", []) == [] and not figures.remove_btn.isEnabled()


def test_a_results_item_lists_the_registers_figures_with_the_numbers_to_place(qtbot, store):
    session, view, editor = desk(qtbot, store, paragraphs=1)
    session.select_node("7.1")
    figures = editor.figure_list
    qtbot.waitUntil(lambda: editor.node_id == "7.1")
    figures.refresh()
    own = [f.number for f in session.snapshot().figures["7.1"]]
    texts = [figures.list.item(i).text() for i in range(figures.list.count())]
    register = [t for t in texts if "results register" in t]
    assert own == ["7.1-1", "7.1-2"] and len(register) >= 3
    assert register[0].startswith("Figure 7.1-3: ") and "[Figure: 7.1-3]" in register[0]  # the export's number
    figures.list.setCurrentRow(len(own))  # a register line: edited in the register, not here
    assert not figures.edit_btn.isEnabled() and not figures.remove_btn.isEnabled()
    figures.list.setCurrentRow(0)
    assert figures.edit_btn.isEnabled()


def test_adding_a_team_figure_renumbers_the_registers_markers_in_one_undoable_step(qtbot, store, monkeypatch, dialog_log):
    from ui.figure_dialog import FigureDialog
    session, view, editor = desk(qtbot, store, paragraphs=1)
    session.select_node("7.1")
    qtbot.waitUntil(lambda: editor.node_id == "7.1")
    editor.edit.setPlainText("Coverage rose.\n\n[Figure: 7.1-3]\n\nFigure 7.1-3 counts the sessions.")
    editor.commit()
    qtbot.waitUntil(lambda: "[Figure: 7.1-3]" in session.snapshot().narratives["7.1"])

    def run(dlg):
        dlg.caption.setText("Our own chart")
        dlg.accept()
        return True
    monkeypatch.setattr(FigureDialog, "exec", run)
    figures = editor.figure_list
    figures.add()  # the team's new figure takes 7.1-3: the register's move on by one
    qtbot.waitUntil(lambda: "[Figure: 7.1-4]" in session.snapshot().narratives["7.1"])
    snap = session.snapshot()
    assert sorted(f.number for f in snap.figures["7.1"]) == ["7.1-1", "7.1-2", "7.1-3"], [f.number for f in snap.figures["7.1"]]
    assert "Figure 7.1-4 counts the sessions." in snap.narratives["7.1"]
    qtbot.waitUntil(lambda: "[Figure: 7.1-4]" in editor.edit.toPlainText())
    assert figures.moved.isVisible() and "7.1-3 → 7.1-4" in figures.moved.text()
    session.undo_stack.undo()  # one step puts back the figures and the text
    qtbot.waitUntil(lambda: "[Figure: 7.1-3]" in session.snapshot().narratives["7.1"])
    assert [f.number for f in session.snapshot().figures["7.1"]] == ["7.1-1", "7.1-2"]


def test_removing_a_figure_the_text_names_says_so_under_the_list(qtbot, store):
    session, view, editor = desk(qtbot, store, paragraphs=1)
    figures = editor.figure_list
    number = session.snapshot().figures["1.1"][0].number if session.snapshot().figures.get("1.1") else None
    if number is None:  # the demo item has a figure of its own in most editions; make one otherwise
        from npmassess.figures import Figure
        undo.set_figures(session, "1.1", [Figure("1.1-1", "Structure", "bar", ["Year", "Value"], [["2025", 1]])])
        qtbot.waitUntil(lambda: bool(session.snapshot().figures.get("1.1")))
        number = "1.1-1"
    editor.edit.setPlainText(f"Our structure (Figure {number}) has three directorates.")
    editor.commit()
    figures.refresh()
    figures.list.setCurrentRow(0)
    figures.remove()
    qtbot.waitUntil(figures.moved.isVisible)
    assert f"still names the removed figure {number}" in figures.moved.text()
