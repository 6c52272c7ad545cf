"""Workshop mode: keyboard-only navigation and consensus, projector rendering."""

import pytest
from PySide6.QtCore import Qt

from ui.workshop_view import WorkshopView, pick_in_band

from helpers_b import count_colour, demo_session, show


def make_view(qtbot, store, case="caf-classical"):
    session = demo_session(store, case)
    view = show(qtbot, WorkshopView(session))
    return session, view


def consensus(store, session, dim="score"):
    return store.load(session.assessment_id).consensus.get((session.current_node, dim))


def test_arrows_and_pages_move_between_nodes(qtbot, store):
    session, view = make_view(qtbot, store)
    ids = [n.id for n in session.framework.scored_nodes()]
    assert session.current_node == ids[0]
    qtbot.keyPress(view, Qt.Key_Right)
    qtbot.keyPress(view, Qt.Key_PageDown)
    assert session.current_node == ids[2]
    qtbot.keyPress(view, Qt.Key_Left)
    assert session.current_node == ids[1]
    qtbot.keyPress(view, Qt.Key_End)
    assert session.current_node == ids[-1]
    qtbot.keyPress(view, Qt.Key_Right)  # stays on the last node
    assert session.current_node == ids[-1]
    qtbot.keyPress(view, Qt.Key_Home)
    qtbot.keyPress(view, Qt.Key_PageUp)
    assert session.current_node == ids[0]


def test_number_keys_pick_a_band_and_arrows_refine(qtbot, store):
    session, view = make_view(qtbot, store)
    scale = view.active_dimension().scale
    qtbot.keyPress(view, Qt.Key_5)
    value = consensus(store, session)
    assert scale.bands[4].contains(value)
    qtbot.keyPress(view, Qt.Key_5)  # already inside band 5: unchanged
    assert consensus(store, session) == value
    qtbot.keyPress(view, Qt.Key_Up)
    assert consensus(store, session) == value + scale.step
    qtbot.keyPress(view, Qt.Key_Down, Qt.ShiftModifier)
    assert consensus(store, session) == value + scale.step - 5 * scale.step
    qtbot.keyPress(view, Qt.Key_9)  # no ninth band: ignored
    assert scale.bands[4].contains(consensus(store, session))
    qtbot.keyPress(view, Qt.Key_Delete)
    assert consensus(store, session) is None
    session.undo_stack.undo()
    assert consensus(store, session) is not None


def test_baldrige_band_keys_respect_five_percent_steps(qtbot, store):
    session, view = make_view(qtbot, store, "baldrige")
    scale = view.active_dimension().scale
    assert pick_in_band(scale, scale.bands[3], None) == 55  # 50-65 in 5 % steps
    qtbot.keyPress(view, Qt.Key_1)
    assert consensus(store, session) == 0
    qtbot.keyPress(view, Qt.Key_Up)
    assert consensus(store, session) == 5


@pytest.mark.parametrize("case", ["maf", "capability-review"])
def test_ordinal_number_keys_are_level_values(qtbot, store, case):
    session, view = make_view(qtbot, store, case)
    dim = view.active_dimension()
    qtbot.keyPress(view, Qt.Key_1)
    assert consensus(store, session, dim.id) == 1
    assert dim.scale.level_of(1) is not None
    qtbot.keyPress(view, Qt.Key_Up)
    assert consensus(store, session, dim.id) == 2
    before = consensus(store, session, dim.id)
    qtbot.keyPress(view, Qt.Key_8)  # not a level
    assert consensus(store, session, dim.id) == before


def test_tab_cycles_fine_tuned_dimensions(qtbot, store):
    session, view = make_view(qtbot, store, "caf-fine-tuned")
    assert view.active_dimension().id == "plan"
    qtbot.keyPress(view, Qt.Key_Tab)
    assert view.active_dimension().id == "do"
    qtbot.keyPress(view, Qt.Key_2)
    assert 11 <= consensus(store, session, "do") <= 30
    qtbot.keyPress(view, Qt.Key_Backtab)
    assert view.active_dimension().id == "plan"
    qtbot.keyPress(view, Qt.Key_Right)
    assert view.active_dimension().id == "plan"  # a new node starts at the first dimension


def test_escape_asks_to_leave(qtbot, store):
    _, view = make_view(qtbot, store)
    with qtbot.waitSignal(view.leave_requested, timeout=500):
        qtbot.keyPress(view, Qt.Key_Escape)


def test_projector_rendering_shows_scores_in_band_colours(qtbot, store):
    session, view = make_view(qtbot, store)
    image = view.grab().toImage()
    assert count_colour(image, "#000000", tolerance=2, step=8) > 2000  # dark background
    scale = view.active_dimension().scale
    colours = {scale.band_of(v).colour for v in
               __import__("ui.viewkit", fromlist=["x"]).divergence(session)[session.current_node].values.values()}
    for colour in colours:
        assert count_colour(image, colour, tolerance=3, step=3) > 100
    assert "Agreed score" in view.accessibleDescription()


def test_agenda_threshold_is_shared_with_the_consensus_view(qtbot, store):
    from ui.consensus_view import ConsensusView
    session, view = make_view(qtbot, store)
    consensus = ConsensusView(session)
    qtbot.addWidget(consensus)
    spread = __import__("ui.viewkit", fromlist=["x"]).divergence(session)[session.current_node].spread
    consensus.set_threshold(0)
    assert view.on_agenda()
    above = int(spread) + 1  # the spin box holds whole numbers
    consensus.set_threshold(above)
    assert not view.on_agenda()
    again = ConsensusView(session)
    qtbot.addWidget(again)
    assert again.threshold.value() == above


def test_f_toggles_full_screen(qtbot, store):
    _, view = make_view(qtbot, store)
    with qtbot.waitSignal(view.fullscreen_toggled, timeout=1000) as blocker:
        qtbot.keyPress(view, Qt.Key_F)
    assert blocker.args == [True] and view.window().isFullScreen()
    with qtbot.waitSignal(view.leave_requested, timeout=1000):
        qtbot.keyPress(view, Qt.Key_Escape)  # leaving also ends full screen
    assert not view.window().isFullScreen()
