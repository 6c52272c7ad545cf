"""Small things seen in use: 12 participants fit the consensus table at 1366 px, the within-band
slider says so, the start page's empty state sits together at the top."""

from __future__ import annotations

from PySide6.QtCore import Qt

from npmassess.frameworks import library
from ui.consensus_view import ConsensusView
from ui.session import Session

from helpers_b import show

NAMES = ["Anna Kowalska", "Jean-Luc Dubois", "Maria Papadopoulou", "Søren Nielsen", "Zoë Martin", "Ben Okafor",
         "Chloe Lambert", "Dmitri Ivanov", "Eva Novak", "Farid Haddad", "Grace O'Neill", "Hiro Tanaka"]


def test_twelve_participants_fit_the_consensus_table_at_1366(qtbot, store):
    fw = library().get("caf")
    aid = store.create_assessment(fw, "O", "U", "2026", "classical", participants=[(n, "Member") for n in NAMES])
    session = Session(store, aid)
    for i, p in enumerate(session.snapshot().participants):
        store.set_rating(aid, p.id, session.current_node, "score", float(40 + i))
    session.notify("ratings")
    view = show(qtbot, ConsensusView(session), 1366, 768)
    qtbot.wait(50)
    table, model = view.table, view.model
    assert table.horizontalScrollBar().maximum() == 0  # nothing cut off, no sideways scrolling
    columns = [c for c in range(model.columnCount()) if model._participant_at(c) is not None]
    assert len(columns) == 12
    for col, name in zip(columns, NAMES):
        x = table.columnViewportPosition(col)
        assert 0 <= x and x + table.columnWidth(col) <= table.viewport().width(), col
        assert model.headerData(col, Qt.Horizontal, Qt.ToolTipRole).startswith(name)
    assert model.headerData(columns[0], Qt.Horizontal) == "AK"  # initials, full name in the tooltip
    assert table.columnWidth(0) >= 120  # the node column keeps room for its title


def test_the_within_band_slider_says_so(qtbot, store):
    from ui.scoring_view import ScoringView
    fw = library().get("caf")
    aid = store.create_assessment(fw, "O", "U", "2026", "classical", participants=[("Ann", "Member")])
    session = Session(store, aid)
    view = show(qtbot, ScoringView(session), 1366, 768)
    row = view.panel.rows[0]
    assert row.within.text() == "pick a band"
    row.pick(3)
    band = row.scale.bands[3]
    assert row.within.text() == f"within {band.min}–{band.max}" and row.within.isVisible()
    assert f"within the band {band.min} to {band.max}" in row.slider.accessibleName()
    assert (row.slider.minimum(), row.slider.maximum()) == (band.min, band.max)


def test_start_page_empty_state_sits_at_the_top(qtbot, store):
    from ui.start_view import StartView
    view = show(qtbot, StartView(store, False), 1366, 768)
    qtbot.wait(20)
    assert view.empty.isVisible() and not view.table.isVisible()
    assert view.empty.geometry().bottom() < 768 / 3  # together with the heading and buttons
    assert view.empty.geometry().top() - view.new_btn.geometry().bottom() < 60
