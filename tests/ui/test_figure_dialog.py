"""Figures of a narrative: typed as a small table, checked, stored with the node, undoable."""

from __future__ import annotations

import pytest

figures = pytest.importorskip("npmassess.figures")


def test_dialog_builds_a_figure_from_the_table(qtbot):
    from ui.figure_dialog import FigureDialog
    dlg = FigureDialog(number="7.1-1")
    qtbot.addWidget(dlg)
    from PySide6.QtWidgets import QLabel
    values = next(w for w in dlg.findChildren(QLabel) if "Values" in w.text())
    assert values.buddy() is dlg.table  # a mnemonic, not a literal '&' on screen
    dlg.caption.setText("Patient satisfaction <%> & trend")
    dlg.table.item(1, 1).setText("71")
    dlg.table.item(2, 1).setText("74,5")
    dlg.table.item(3, 1).setText("")
    fig = dlg.figure()
    assert (fig.number, fig.chart, fig.columns) == ("7.1-1", "line", ["Year", "Value"])
    assert fig.rows == [["2023", 71.0], ["2024", 74.5], ["2025", None]]
    assert dlg.problem() is None
    dlg.table.item(3, 1).setText("n/a")
    assert "not numbers" in dlg.problem()
    dlg.number.setText("")
    dlg.table.item(3, 1).setText("")
    dlg.accept()
    assert dlg.result_figure() is None and "number" in dlg.error.text()


def test_figures_are_stored_with_the_narrative_and_undone(qtbot, store):
    from npmassess.demo import create_demo
    from npmassess.frameworks import library
    from ui import undo
    from ui.session import Session
    if not hasattr(store, "set_figures"):
        pytest.skip("the store does not keep figures yet")
    aid = create_demo(store, library().get("baldrige"), None)
    session = Session(store, aid)
    before = list(session.snapshot().figures.get("7.1", []))
    fig = figures.Figure("7.1-9", "Waiting times", "bar", ["Year", "Days"], [["2024", 12.0], ["2025", 9.0]])
    undo.set_figures(session, "7.1", before + [fig])
    assert [f.number for f in session.snapshot().figures["7.1"]][-1] == "7.1-9"
    session.undo_stack.undo()
    assert [f.number for f in session.snapshot().figures.get("7.1", [])] == [f.number for f in before]
