"""Results register in the GUI: linked measures at a results node, suggestion and overrule, the
register view (model, import with every problem named, performance tab), Ctrl+7."""

from __future__ import annotations

from PySide6.QtCore import Qt

from npmassess.demo import create_demo
from npmassess.frameworks import library
from npmassess.results.registry import load_register, overrules
from ui.results_model import COL_TREND, MeasuresModel
from ui.results_view import ResultsView
from ui.scoring_view import ScoringView
from ui.session import Session


def demo_session(store, fid="baldrige"):
    aid = create_demo(store, library().get(fid))
    return Session(store, aid)


def shown(qtbot, widget, size=(1366, 800)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_scoring_panel_shows_linked_measures_of_a_results_node(qtbot, store):
    session = demo_session(store)
    view = shown(qtbot, ScoringView(session))
    reg = session.results_register()
    session.select_node("1.1")  # a process item without linked measures: no panel
    assert not view.measures.isVisible()
    session.select_node("7.1")
    qtbot.waitUntil(view.measures.isVisible)
    linked = reg.linked("baldrige", "7.1")
    assert len(linked) >= 3
    assert view.measures.heading.text() == f"Linked measures ({len(linked)})"
    assert [c.title.text().split(" (")[0] for c in view.measures.cards] == [m.name for m in linked]
    card = view.measures.cards[0]
    assert card.statement.text().startswith("Trend: ")
    assert card.chart.figure.periods == [o.period for o in linked[0].observations]
    assert card.chart.grab().width() > 0  # the QPainter chart paints
    [row] = view.measures.rows
    assert row.label.text().startswith("Results score (LeTCI): ") and row.use.isEnabled()
    # "Use" gives the suggested value as the shown participant's score (undoable)
    pid = session.current_participant
    old = session.snapshot().ratings.get((pid, "7.1", "score"))
    if old == row.s.value:  # make the click change something
        session.store.set_rating(session.assessment_id, pid, "7.1", "score", 0)
        session.notify("ratings")
        old = 0
    assert view.measures.rows[0] is row  # a score change keeps the panel as built
    row.use.click()
    assert session.snapshot().ratings[(pid, "7.1", "score")] == row.s.value
    session.undo_stack.undo()
    assert session.snapshot().ratings.get((pid, "7.1", "score")) == old
    # the team's reason for deciding otherwise is kept with the assessment
    row.reason.setText("Two measures changed their definition in 2025 <&>")
    row.reason.editingFinished.emit()
    qtbot.waitUntil(lambda: ("7.1", "score") in overrules(store, session.assessment_id))  # the writer committed
    kept = overrules(store, session.assessment_id)[("7.1", "score")]
    assert kept["reason"] == "Two measures changed their definition in 2025 <&>" and kept["suggested"] == row.s.value
    session.select_node("7.2")
    session.select_node("7.1")
    qtbot.waitUntil(lambda: view.measures.rows and view.measures.rows[0].reason.text().startswith("Two measures"))


def test_caf_fine_tuned_suggests_trends_and_targets(qtbot, store):
    aid = create_demo(store, library().get("caf"), "fine-tuned")
    session = Session(store, aid)
    view = shown(qtbot, ScoringView(session))
    session.select_node("9.2")
    qtbot.waitUntil(view.measures.isVisible)
    assert [r.s.dimension for r in view.measures.rows] == ["trends", "targets"]


def test_measures_model_passes_modeltester(qtmodeltester, store):
    session = demo_session(store)
    model = MeasuresModel("baldrige")
    model.set_rows(session.results_register().measures)
    qtmodeltester.check(model)
    trends = {model.index(r, COL_TREND).data() for r in range(model.rowCount())}
    assert trends <= {"improving", "flat", "worsening", "not enough data"} and "improving" in trends


def test_register_view_import_problems_and_performance(qtbot, store, tmp_path, monkeypatch, dialog_log):
    import ui.dialogs as d
    session = demo_session(store, "maf")
    view = shown(qtbot, ResultsView(session))
    reg = session.results_register()
    assert view.model.rowCount() == len(reg.measures)
    view.level.setCurrentIndex(view.level.findData("output"))
    assert view.model.rowCount() == len(reg.at_level("output"))
    bad = tmp_path / "bad.csv"
    bad.write_text("measure,period,actual\nDigitised records,2026-Q5,3\nDigitised records,2026-Q4,x\n", encoding="utf-8")
    monkeypatch.setattr(d, "open_file", lambda *a: bad)
    view.import_file()
    [message] = dialog_log.texts("error")
    assert "row 2, column 'period': '2026-Q5' is not a period" in message
    assert "row 3, column 'actual': 'x' is not a number" in message and "Nothing was imported." in message
    before = len(load_register(store, reg.organisation, reg.unit).by_name("Digitised records").observations)
    good = tmp_path / "good.csv"
    good.write_text("measure,period,actual,target\nDigitised records,2026-Q4,99,95\n", encoding="utf-8")
    monkeypatch.setattr(d, "open_file", lambda *a: good)
    view.import_file()
    qtbot.waitUntil(lambda: len(session.results_register().by_name("Digitised records").observations) == before + 1)
    assert any("1 updated" in t for t in dialog_log.texts("info"))  # the view's session reloaded the register
    view.tabs.setCurrentIndex(1)
    table = view.performance.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["Inputs", "Activities", "Outputs",
                                                                          "Outcomes", "Impact"]
    assert view.performance.ratios.rowCount() == 2


def test_results_register_is_a_main_window_view(qtbot, make_main_window, db_path):
    from npmassess.store import Store
    with Store(db_path) as s:
        aid = create_demo(s, library().get("caf"))
    window = make_main_window(db_path, open_last=False)
    assert window.open_assessment(aid)
    qtbot.keyClick(window, Qt.Key_7, Qt.ControlModifier)
    assert window.tabs.currentWidget() is window.views["results"]
    assert window.views["results"].model.rowCount() >= 12


def test_workshop_mode_states_the_measured_results(qtbot, store):
    from ui.workshop_view import WorkshopView
    aid = create_demo(store, library().get("caf"))
    session = Session(store, aid)
    view = shown(qtbot, WorkshopView(session), (1280, 760))
    session.select_node("1.1")
    assert view.results_lines() == []
    session.select_node("9.2")
    lines = view.results_lines()
    n = len(session.results_register().linked("caf", "9.2"))
    assert lines[0].startswith(f"Measured: {n} measures") and lines[1].startswith("Suggested score: ")
    view.grab()


def test_new_edit_and_delete_a_measure(qtbot, store, monkeypatch, dialog_log):
    import ui.dialogs as d
    from ui.measure_dialog import MeasureDialog
    session = demo_session(store, "caf")
    view = shown(qtbot, ResultsView(session))
    n = view.model.rowCount()
    dlg = MeasureDialog(session, session.results_register(), None, "caf", view)
    qtbot.addWidget(dlg)
    dlg.name.setText("Complaints <answered> & closed")
    dlg.level.setCurrentIndex(dlg.level.findData("outcome"))
    dlg.direction.setCurrentIndex(dlg.direction.findData("lower"))
    dlg.links.setText("caf:6.2 caf:5.2")
    dlg.save()
    qtbot.waitUntil(lambda: view.model.rowCount() == n + 1)
    m = session.results_register().by_name("Complaints <answered> & closed")
    assert (m.level, m.direction, m.links) == ("outcome", "lower", ["caf:6.2", "caf:5.2"])
    bad = MeasureDialog(session, session.results_register(), None, "caf", view)
    qtbot.addWidget(bad)
    bad.name.setText("   ")
    bad.save()  # refused at once, named, nothing queued
    assert "measure name: must not be empty" in dialog_log.texts("error")[-1]
    view.table.selectRow(n)
    monkeypatch.setattr(d, "confirm", lambda *a: True)
    view.delete_measure()
    qtbot.waitUntil(lambda: view.model.rowCount() == n)
    assert session.results_register().by_name("Complaints <answered> & closed") is None


def test_linked_measures_keep_their_share_when_a_results_node_is_shown_before_the_view(qtbot, store):
    """Reopening at a results node builds the view on it before it is laid out: the panel still gets its
    64 % of the row once it has a size (it was left some 330 px wide, the cards scrolling sideways); the
    reason for overruling the suggestion has a line of its own ('Why t…' beside it)."""
    session = demo_session(store)
    session.select_node("7.1")
    view = ScoringView(session)  # on 7.1 before it is shown, as a reopen
    shown(qtbot, view, (1366, 768))
    qtbot.waitUntil(view.measures.isVisible)
    panel = view.measures
    qtbot.waitUntil(lambda: panel.width() > 0.55 * sum(view.details_split.sizes()))
    assert not panel.scroll.horizontalScrollBar().isVisible()
    assert panel.cards[0].geometry().right() <= panel.scroll.viewport().width()
    [row] = panel.rows
    assert row.reason.y() > row.label.y() and row.reason.width() > row.label.width()
