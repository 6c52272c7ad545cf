"""Dashboard: charts drawn from npmassess.scoring, previous cycle overlay, every scale type."""

import pytest
from PySide6.QtGui import QColor

from npmassess.demo import build_demo
from ui import undo
from ui.charts import CURRENT, PREVIOUS
from ui.dashboard import DashboardView

from helpers_b import count_colour, demo_session, show


def make_view(qtbot, store, case="caf-classical"):
    session = demo_session(store, case)
    return session, show(qtbot, DashboardView(session))


def add_previous_cycle(store, session, cycle="2024"):
    snap = session.snapshot()
    earlier = build_demo(session.framework, snap.method, seed=11)
    earlier.cycle, earlier.organisation, earlier.unit = cycle, snap.organisation, snap.unit
    store.write_assessment(earlier)
    return earlier


def test_radar_draws_the_criteria_polygon(qtbot, store):
    session, view = make_view(qtbot, store)
    crits = session.framework.scored_criteria()
    assert view.radar.axes[0].startswith(crits[0].id) and len(view.radar.axes) == len(crits)
    assert view.radar.series[0].values == [session.report(None).criteria[c.id].value for c in crits]
    assert len(view.radar.series) == 1  # no earlier cycle in the store
    image = view.radar.grab().toImage()
    assert count_colour(image, CURRENT, tolerance=6, step=1) > 200
    assert count_colour(image, PREVIOUS, tolerance=6, step=1) == 0


def test_previous_cycle_is_overlaid(qtbot, store):
    session = demo_session(store)
    earlier = add_previous_cycle(store, session)
    add_previous_cycle(store, session, cycle="2030")  # a later cycle is not "previous"
    view = show(qtbot, DashboardView(session))
    assert len(view.radar.series) == 2 and "2024" in view.radar.series[1].name
    from npmassess import scoring
    expected = scoring.score(session.framework, earlier)
    crits = session.framework.scored_criteria()
    assert view.radar.series[1].values == [expected.criteria[c.id].value for c in crits]
    assert view.bars.bars[0].previous == expected.enablers
    assert "2024" in view.summary.text()
    assert count_colour(view.radar.grab().toImage(), PREVIOUS, tolerance=6, step=1) > 100


def test_baldrige_points_by_category_against_maximum(qtbot, store):
    session, view = make_view(qtbot, store, "baldrige")
    report = session.report(None)
    bars = view.bars.bars
    assert bars[0].maximum == 120 and bars[0].value == report.criteria["1"].points
    assert bars[-1].maximum == 1000 and bars[-1].value == report.total_points
    assert "/ 1000" in bars[-1].text and "of 1000 points" in view.summary.text()
    assert count_colour(view.bars.grab().toImage(), CURRENT, tolerance=4, step=2) > 200


@pytest.mark.parametrize("case", ["maf", "maf-2003", "capability-review"])
def test_ordinal_frameworks_show_level_profiles(qtbot, store, case):
    session, view = make_view(qtbot, store, case)
    assert view.profile.isVisible() and not view.radar.isVisible()
    report = session.report(None)
    crits = session.framework.scored_criteria()
    assert [r[1] for r in view.profile.rows[:-1]] == [report.criteria[c.id].profile for c in crits]
    assert view.profile.rows[-1][1] == report.profile
    image = view.profile.grab().toImage()
    used = {lv for lv, n in report.profile.items() if n}
    for value, _, colour in view.profile.levels:
        if value in used:
            assert count_colour(image, colour, tolerance=3, step=2) > 50
    assert "Lowest rating" in view.summary.text()


def test_heat_map_rows_are_participants_and_consensus(qtbot, store):
    session, view = make_view(qtbot, store, "caf-fine-tuned")
    snap = session.snapshot()
    heat = view.heatmap
    assert heat.rows[:-1] == [p.name for p in snap.participants] and "Consensus" in heat.rows[-1]
    assert len(heat.columns) == 28
    first = snap.participants[0].id
    assert heat.values[0] == [session.report(first).nodes[n.id].value for n in session.framework.scored_nodes()]
    image = heat.grab().toImage()
    band_colours = {QColor(b.colour).name() for d in session.method.dimensions for b in d.scale.bands}
    assert sum(count_colour(image, c, tolerance=2, step=3) > 20 for c in band_colours) >= 3


def test_scores_of_one_participant(qtbot, store):
    session, view = make_view(qtbot, store)
    person = session.snapshot().participants[2]
    view.source.setCurrentIndex(view.source.findData(person.id))
    crits = session.framework.scored_criteria()
    assert view.radar.series[0].values == [session.report(person.id).criteria[c.id].value for c in crits]
    assert person.name in view.summary.text()


def test_completeness_and_refresh_after_an_edit(qtbot, store):
    session, view = make_view(qtbot, store)
    node = session.framework.scored_nodes()[0].id
    assert view.completeness.bars[0].text == "100 %"
    view.hide()
    undo.set_rating(session, None, node, "score", None)
    assert view._dirty
    view.show()
    assert view.completeness.bars[0].text == f"{round(27 / 28 * 100)} %"
    session.undo_stack.undo()
    assert view.completeness.bars[0].text == "100 %"


@pytest.mark.parametrize("fid,edition,method,people", [
    ("caf", "2020", "fine-tuned", []), ("maf", "current", None, [("Ann", "")]),
    ("baldrige", "2023-2024", None, [("Ann", ""), ("Bo", "")])])
def test_every_view_handles_an_unscored_assessment(qtbot, store, lib, fid, edition, method, people):
    from PySide6.QtCore import Qt

    from ui.consensus_view import ConsensusView
    from ui.plan_view import PlanView
    from ui.session import Session
    from ui.workshop_view import WorkshopView
    aid = store.create_assessment(lib.get(fid, edition), "Org", "Unit", "2026", method, participants=people)
    session = Session(store, aid)
    dashboard = show(qtbot, DashboardView(session))
    assert "0 % complete" in dashboard.summary.text()
    assert not dashboard.grab().isNull()
    consensus = show(qtbot, ConsensusView(session))
    assert consensus.model.agenda_count() == 0 and consensus.merge_all_notes() == 0
    assert show(qtbot, PlanView(session)).model.rowCount() == 0
    workshop = show(qtbot, WorkshopView(session))
    qtbot.keyPress(workshop, Qt.Key_2)
    dim = workshop.active_dimension()
    assert store.load(aid).consensus.get((session.current_node, dim.id)) is not None
    assert not workshop.grab().isNull()


def test_charts_describe_themselves_for_screen_readers(qtbot, store):
    session, view = make_view(qtbot, store, "baldrige")
    report = session.report(None)
    assert f"{report.total_points:.1f}".rstrip("0").rstrip(".") in view.bars.accessibleDescription()
    assert "1 Leadership" in view.radar.accessibleDescription()
    assert session.snapshot().participants[0].name in view.heatmap.accessibleDescription()
