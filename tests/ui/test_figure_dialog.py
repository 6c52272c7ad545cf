"""Figures of a narrative: typed as a small table, checked, stored with the node, undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

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


def _png(path, size=(800, 400)):
    from PIL import Image
    Image.new("RGB", size, "#1f4e79").save(path, "PNG")
    return path


def test_image_choice_previews_the_picture_and_refuses_a_bad_file(qtbot, tmp_path, monkeypatch):
    from ui import dialogs
    from ui.figure_dialog import FigureDialog
    dlg = FigureDialog(number="P.1-1")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.pick.text().replace("&", "") == "Image…" and not dlg.image_part.isVisible()
    monkeypatch.setattr(dialogs, "open_file", lambda *a: _png(tmp_path / "org chart.png"))
    qtbot.mouseClick(dlg.pick, Qt.LeftButton)
    assert dlg.chart.currentData() == "image" and dlg.image_part.isVisible() and not dlg.table_part.isVisible()
    assert dlg.preview.pixmap() is not None and not dlg.preview.pixmap().isNull()
    assert dlg.preview.pixmap().width() / dlg.preview.pixmap().height() == pytest.approx(2, rel=0.02)
    assert "800 x 400" in dlg.image_note.text() and dlg.caption.text() == "org chart"
    good = dlg.figure()
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 50)  # a JPEG start, then nothing
    monkeypatch.setattr(dialogs, "open_file", lambda *a: tmp_path / "photo.jpg")
    qtbot.mouseClick(dlg.pick, Qt.LeftButton)
    assert str(tmp_path / "photo.jpg") in dlg.error.text() and "JPEG" in dlg.error.text()
    assert dlg.figure() == good  # the refused file changed nothing
    dlg.accept()
    assert dlg.result_figure() == good and list(dlg.images()) == [good.image]


def test_image_figure_without_a_picture_is_not_accepted(qtbot):
    from ui.figure_dialog import FigureDialog
    dlg = FigureDialog(number="P.1-1")
    qtbot.addWidget(dlg)
    dlg.chart.setCurrentIndex(dlg.chart.findData("image"))
    dlg.accept()
    assert dlg.result_figure() is None and "choose its image" in dlg.error.text()


def test_image_figure_is_stored_shown_in_the_snapshot_and_undone(qtbot, store, tmp_path):
    from npmassess.figure_images import image_figure
    from npmassess.frameworks import library
    from ui import undo
    from ui.session import Session
    fw = library().get("baldrige", "2023-2024")
    aid = store.create_assessment(fw, "Org", "Unit", "2026", None, participants=[("Ann", "")])
    session = Session(store, aid)
    fig, images = image_figure(_png(tmp_path / "map.png"), "6.1-1", "Process map")
    undo.set_figures(session, "6.1", [fig], images)
    snap = session.snapshot()
    assert snap.figures["6.1"] == [fig] and snap.images == images  # exports of the snapshot draw it
    session.undo_stack.undo()
    assert "6.1" not in session.snapshot().figures and session.snapshot().images == {}
    session.undo_stack.redo()
    assert session.snapshot().images == images
