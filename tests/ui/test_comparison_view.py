"""Comparison view: the same unit across cycles and several units in one cycle, exported off the GUI thread."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from npmassess import comparison
from npmassess.demo import create_demo
from ui.comparison_models import HistoryModel, LeagueModel
from ui.comparison_view import ComparisonView
from ui.trend_chart import SERIES_COLOURS
from ui.session import Session

from helpers_b import count_colour, show


@pytest.fixture
def history(store, lib):
    """Unit A: cycle 2025 (demo) and 2026 (copied, criterion 1 raised by 10); unit B and C in 2026."""
    fw = lib.get("caf")
    old = create_demo(store, fw, "classical")
    store.update_assessment(old, cycle="2025")
    new, _lines = comparison.copy_to_new_cycle(store, old, "2026")
    a = store.load(new)
    raised = [(None, n, d, min(100.0, v + 10)) for (n, d), v in a.consensus.items() if n.startswith("1.")]
    store.set_ratings(new, raised)
    other = create_demo(store, fw, "classical")
    store.update_assessment(other, unit="Housing Benefits Unit")
    single = create_demo(store, fw, "classical")
    store.update_assessment(single, unit="Pensions Unit")
    for p in store.load(single).participants[1:]:
        store.remove_participant(p.id)
    return {"old": old, "new": new, "other": other, "single": single}


def make_view(qtbot, store, aid):
    session = Session(store, aid)
    view = show(qtbot, ComparisonView(session))
    return session, view


def test_models_pass_modeltester(qtbot, qtmodeltester, store, history):
    _, view = make_view(qtbot, store, history["new"])
    qtmodeltester.check(view.history_model)
    qtmodeltester.check(view.league_model)
    empty_history, empty_league = HistoryModel(), LeagueModel()
    qtmodeltester.check(empty_history)
    qtmodeltester.check(empty_league)


def test_history_shows_cycles_trend_changes_and_follow_up(qtbot, store, history, lib):
    _, view = make_view(qtbot, store, history["new"])
    model = view.history_model
    fw = lib.get("caf")
    assert model.rowCount() == len(fw.scored_criteria()) + 1  # criteria then Overall
    assert [model.headerData(c, Qt.Horizontal) for c in (1, 2)] == ["2025", "2026"]
    expected = comparison.unit_history(store, history["new"])
    trend_col = 3
    row1 = [model.criterion(r) for r in range(model.rowCount())].index("1")
    assert model.index(row1, trend_col).data() == f"{expected.trend('1'):+.1f}"
    assert expected.trend("1") > 0
    assert model.index(row1, trend_col).data(Qt.ForegroundRole) == QColor("#1a7f37")
    assert model.index(row1, 2).data() == expected.cycles[-1].criteria["1"].text
    # last cycle's actions next to the criterion they were meant to improve, with their status now
    follow = expected.follow_up
    crit, items = next(iter(follow.items()))
    row = [model.criterion(r) for r in range(model.rowCount())].index(crit)
    text = model.index(row, trend_col + 1).data()
    assert items[0].title in text and items[0].status in text
    changed = [view.changes.item(i).text() for i in range(view.changes.count())]
    assert changed == expected.changed and any(line.startswith("1.") for line in changed)
    assert "2025" in view.changes_label.text()
    # the new cycle has no individual scores yet: the weak comparison is said prominently
    assert view.history_warnings.isVisible() and "only 0 assessors" in view.history_warnings.text()
    assert view.trend.x_labels == ["2025", "2026"] and len(view.trend.series) == len(fw.scored_criteria())


def test_selecting_a_criterion_highlights_its_line(qtbot, store, history):
    _, view = make_view(qtbot, store, history["new"])
    view.history_table.setFocus()
    view.history_table.selectRow(2)
    assert view.trend.highlight == 2
    image = view.trend.grab().toImage()
    assert count_colour(image, SERIES_COLOURS[2], tolerance=30) > 50  # the bold line is drawn


def test_league_ranks_units_with_assessors_spread_and_warnings(qtbot, store, history):
    session, view = make_view(qtbot, store, history["new"])
    view.tabs.setCurrentIndex(1)
    assert view.cycle.currentData() == "2026"
    model = view.league_model
    units = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert sorted(units) == ["Family Benefits Unit", "Housing Benefits Unit", "Pensions Unit"]
    ranks = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert ranks == ["1", "2", "3"]
    pensions = units.index("Pensions Unit")
    assert model.index(pensions, LeagueModel.ASSESSORS).data() == "1"
    assert model.index(pensions, LeagueModel.ASSESSORS).data(Qt.ForegroundRole) == QColor("#c62828")
    assert model.index(pensions, LeagueModel.SPREAD).data() == "—"  # one assessor: no spread
    housing = units.index("Housing Benefits Unit")
    assert model.index(housing, LeagueModel.ASSESSORS).data() == "5"
    assert model.index(housing, LeagueModel.SPREAD).data() not in ("—", "0.0")
    assert view.league_warnings.isVisible()
    assert "Pensions Unit (2026): only 1 assessor;" in view.league_warnings.text()
    assert len(view.heatmap.rows) == 3 and view.heatmap.rows[pensions].startswith("⚠")
    assert len(view.heatmap.columns) == 9
    bars = {b.label: b for b in view.spread_chart.bars}
    assert bars["Pensions Unit"].value is None and "weak" in bars["Pensions Unit"].text
    assert bars["Housing Benefits Unit"].value == model.units()[housing].spread
    assert "2026" in view.heading.text()
    # another cycle of the same framework
    view.cycle.setCurrentIndex(view.cycle.findData("2025"))
    assert model.rowCount() == 1 and "2025" in view.heading.text()


def test_single_cycle_explains_how_to_start_the_next(qtbot, store, lib):
    aid = create_demo(store, lib.get("maf"))
    _, view = make_view(qtbot, store, aid)
    assert view.history_model.columnCount() == 4
    assert "Start next cycle" in view.changes.item(0).text()
    # ordinal scale: the trend chart's axis shows the levels, lines sharing a level are drawn apart
    assert any("Acceptable" in text for _, text in view.trend.y_ticks) and view.trend.separate > 0


def test_edits_refresh_the_comparison(qtbot, store, history):
    session, view = make_view(qtbot, store, history["new"])
    before = view.history_model.index(0, 2).data()
    node = session.framework.scored_nodes()[0]
    dims = session.method.dimensions_for(node.type)
    store.set_rating(session.assessment_id, None, node.id, dims[0].id, 0.0)
    session.notify("consensus")
    assert view.history_model.index(0, 2).data() != before


@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_export_writes_the_shown_comparison(qtbot, store, history, tmp_path, monkeypatch, kind):
    import ui.dialogs as d
    target = tmp_path / f"comparison.{kind}"
    monkeypatch.setattr(d, "save_file", lambda *a, **k: target.with_suffix(""))  # the suffix is added
    _, view = make_view(qtbot, store, history["new"])
    view.tabs.setCurrentIndex(1)
    (view.pdf_button if kind == "pdf" else view.xlsx_button).click()
    assert not view.pdf_button.isEnabled()  # one export at a time
    qtbot.waitUntil(lambda: not view.busy(), timeout=20000)
    assert view.pdf_button.isEnabled()
    assert target.exists() and view.last_message == f"Exported to {target}."
    if kind == "pdf":
        assert target.read_bytes().startswith(b"%PDF")
    else:
        wb = openpyxl.load_workbook(target)
        text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
        assert "Pensions Unit" in text and "Housing Benefits Unit" in text


def test_export_to_an_unwritable_place_names_it(qtbot, store, history, tmp_path, monkeypatch, dialog_log):
    import ui.dialogs as d
    target = tmp_path / "missing-folder" / "comparison.pdf"
    monkeypatch.setattr(d, "save_file", lambda *a, **k: target)
    _, view = make_view(qtbot, store, history["new"])
    view.export("pdf")
    qtbot.waitUntil(lambda: not view.busy(), timeout=20000)
    errors = dialog_log.texts("error")
    assert len(errors) == 1 and "missing-folder" in errors[0]
    assert not target.exists()


def test_cancelled_file_picker_writes_nothing(qtbot, store, history, tmp_path):
    _, view = make_view(qtbot, store, history["new"])
    view.export("xlsx")  # save_file answers None by default
    assert not view.tasks and view.pdf_button.isEnabled()
    assert list(tmp_path.glob("*.xlsx")) == []


def test_window_shows_comparison_with_ctrl_6(qtbot, make_main_window, db_path, store, history):
    window = make_main_window(db_path, open_last=False)
    window.open_assessment(history["new"])
    act = window.view_actions["comparison"]
    assert act.shortcut().toString() == "Ctrl+6" and act.isEnabled()
    qtbot.keyClick(window, Qt.Key_6, Qt.ControlModifier)
    assert window.tabs.currentWidget() is window.views["comparison"]
    assert window.views["comparison"].history_model.rowCount() > 0
    assert ("Comparison", "Ctrl+6") in window.shortcut_lines()


def test_larger_text_keeps_the_tables_readable(qtbot, make_main_window, db_path, store, history):
    window = make_main_window(db_path, open_last=False)
    window.open_assessment(history["new"])
    window.show_view("comparison")
    view = window.views["comparison"]
    before = view.history_table.columnWidth(0)
    for _ in range(4):
        window.change_font(1)
    qtbot.waitUntil(lambda: view.history_table.columnWidth(0) > before, timeout=3000)
