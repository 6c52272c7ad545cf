"""GUI: dimensions reported side by side (PMA status and progress) are shown as two lights, never a mean."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap

from npmassess.scoring import side_by_side
from ui.criteria_model import COL_SCORE
from ui.dashboard import DashboardView
from ui.scoring_view import ScoringView
from ui.workshop_view import WorkshopView

from helpers_b import count_colour, demo_session, show

RED, GREEN = "#d73027", "#1a9850"


def test_dashboard_draws_one_profile_per_light_side_by_side(qtbot, store):
    session = demo_session(store, "pma")
    view = show(qtbot, DashboardView(session))
    assert list(view.dim_profiles) == ["status", "progress"]
    status, progress = view.dim_profiles["status"], view.dim_profiles["progress"]
    assert status.isVisible() and progress.isVisible() and not view.radar.isVisible()
    assert status.geometry().top() == progress.geometry().top() and status.x() < progress.x()
    rep = session.report(None)
    assert status.rows[-1][1] == rep.profiles["status"] and progress.rows[-1][1] == rep.profiles["progress"]
    row4 = [r for r in status.rows if r[0].startswith("4 ")][0]
    assert row4[1] == {3: 0, 2: 0, 1: 1}  # initiative 4: red status ...
    assert [r for r in progress.rows if r[0].startswith("4 ")][0][1] == {3: 1, 2: 0, 1: 0}  # ... green progress
    assert "Status: Red" in view.summary.text() and "never combined" in view.summary.text()
    assert count_colour(status.grab().toImage(), RED) > 100 and count_colour(progress.grab().toImage(), GREEN) > 100
    # the heat map keeps a column per initiative and light
    assert view.heatmap.columns[:2] == ["1 S", "1 P"] and len(view.heatmap.columns) == 10


def test_navigator_shows_two_lights_and_names_both(qtbot, store):
    session = demo_session(store, "pma")
    view = show(qtbot, ScoringView(session))
    model = view.model
    model.set_report(session.report(None))
    idx = next(model.index(r, COL_SCORE) for r in range(model.rowCount()) if model.index(r, 0).data().startswith("4 "))
    assert idx.data(Qt.DisplayRole) == "R G"
    assert idx.data(Qt.ToolTipRole).startswith("Status: Red · Progress: Green")
    assert idx.data(Qt.AccessibleTextRole) == "Status: Red · Progress: Green"
    pix = idx.data(Qt.DecorationRole)
    assert isinstance(pix, QPixmap)
    image = pix.toImage()
    assert QColor(image.pixel(2, 2)).name() == RED and QColor(image.pixel(image.width() - 3, 2)).name() == GREEN


def test_workshop_shows_each_light_in_its_own_colour(qtbot, store):
    session = demo_session(store, "pma")
    view = show(qtbot, WorkshopView(session))
    while view.node().id != "4":
        session.step_node(1)
        qtbot.wait(1)
    view.repaint()
    image = view.grab().toImage()
    assert count_colour(image, RED) > 200 and count_colour(image, GREEN) > 200
    assert "Status: Red · Progress: Green" in view.accessibleDescription()
    assert [lv.label() for _, _, lv in side_by_side(session.report(None), "4")] == ["Red", "Green"]


def test_dashboard_states_bonus_and_recognition(qtbot, store):
    kr = show(qtbot, DashboardView(demo_session(store, "kr-gpe")))
    assert "bonus" in kr.summary.text() and "results items" not in kr.summary.text()
    tqa = show(qtbot, DashboardView(demo_session(store, "tqa")))
    assert "Recognition: " in tqa.summary.text()


def test_consensus_table_shows_each_light_not_a_merged_value(qtbot, store):
    from ui.consensus_view import ConsensusView
    session = demo_session(store, "pma")
    view = show(qtbot, ConsensusView(session))
    model = view.model
    row = model.row_of("4")
    cons = model.index(row, model.consensus_column())
    assert cons.data(Qt.DisplayRole) == "R G"
    assert cons.data(Qt.ToolTipRole) == "Status: 1 Red\nProgress: 3 Green"
    session.select_node("4") if hasattr(session, "select_node") else None
