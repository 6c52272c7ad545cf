"""Consensus view: agenda grid, agreed scores, rationale and merged notes, all undoable."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QComboBox

from ui.consensus_view import ConsensusGridModel, ConsensusView

from helpers_b import capture_errors, demo_session, show


def make_view(qtbot, store, case="caf-classical"):
    session = demo_session(store, case)
    return session, show(qtbot, ConsensusView(session))


def editors(view):
    return [e for _, e in view._editors]


def test_grid_model_passes_modeltester(qtbot, qtmodeltester, store):
    session, view = make_view(qtbot, store, "caf-fine-tuned")
    qtmodeltester.check(view.model)
    assert view.model.columnCount() == 3 + len(session.snapshot().participants)


def test_agenda_rows_first_and_threshold_changes_them(qtbot, store):
    session, view = make_view(qtbot, store)
    model = view.model
    view.set_threshold(0)
    wide = model.agenda_count()
    view.set_threshold(30)
    narrow = model.agenda_count()
    assert wide > narrow > 0
    spreads = [model.index(r, model.spread_column()).data(ConsensusGridModel.VALUE_ROLE)
               for r in range(narrow)]
    assert all(s > 30 for s in spreads) and spreads == sorted(spreads, reverse=True)
    assert model.index(0, 0).data(ConsensusGridModel.AGENDA_ROLE) is True
    assert model.index(narrow, 0).data(ConsensusGridModel.AGENDA_ROLE) is False
    assert model.index(0, 0).data(Qt.BackgroundRole) is not None
    assert str(narrow) in view.agenda_label.text()
    # F8 walks the agenda
    view.step_agenda(1)
    assert session.current_node in view.agenda()


def test_clicking_a_row_selects_the_node(qtbot, store):
    session, view = make_view(qtbot, store)
    row = 5
    rect = view.table.visualRect(view.model.index(row, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.LeftButton, pos=rect.center())
    assert session.current_node == view.model.index(row, 0).data(ConsensusGridModel.NODE_ID_ROLE)
    assert session.current_node in view.node_title.text()


def test_typed_consensus_is_stored_and_undoable(qtbot, store):
    session, view = make_view(qtbot, store)
    node = session.current_node
    old = session.snapshot().consensus[(node, "score")]
    editor = editors(view)[0]
    editor.clear()
    qtbot.keyClicks(editor, "77")
    qtbot.mouseClick(view.apply_button, Qt.LeftButton)
    assert store.load(session.assessment_id).consensus[(node, "score")] == 77
    assert view.model.index(view.model.row_of(node), view.model.consensus_column()).data() == "77"
    session.undo_stack.undo()
    assert store.load(session.assessment_id).consensus[(node, "score")] == old
    session.undo_stack.redo()
    assert store.load(session.assessment_id).consensus[(node, "score")] == 77
    qtbot.mouseClick(view.clear_button, Qt.LeftButton)
    assert (node, "score") not in store.load(session.assessment_id).consensus


@pytest.mark.parametrize("case,text,expected", [
    ("caf-classical", "abc", "'abc' is not a number"),
    ("caf-classical", "140", "140 is outside 0-100"),
    ("baldrige", "42", "42 is not in steps of 5"),
])
def test_bad_consensus_gives_a_message_and_changes_nothing(qtbot, store, monkeypatch, case, text, expected):
    messages = capture_errors(monkeypatch)
    session, view = make_view(qtbot, store, case)
    before = store.load(session.assessment_id).consensus
    editor = editors(view)[0]
    editor.clear()
    qtbot.keyClicks(editor, text)
    qtbot.keyPress(editor, Qt.Key_Return)
    assert len(messages) == 1 and expected in messages[0]
    assert store.load(session.assessment_id).consensus == before
    assert session.undo_stack.count() == 0


def test_fine_tuned_sets_four_dimensions_in_one_undo_step(qtbot, store):
    session, view = make_view(qtbot, store, "caf-fine-tuned")
    node = session.current_node
    boxes = editors(view)
    assert [d.id for d, _ in view._editors] == ["plan", "do", "check", "act"]
    for box, text in zip(boxes, ["10", "20", "30", "40"]):
        box.clear()
        qtbot.keyClicks(box, text)
    assert view.apply_consensus()
    cons = store.load(session.assessment_id).consensus
    assert [cons[(node, d)] for d in ("plan", "do", "check", "act")] == [10, 20, 30, 40]
    assert session.report(None).nodes[node].value == 25
    assert session.undo_stack.count() == 1


@pytest.mark.parametrize("case", ["maf", "capability-review", "maf-2003"])
def test_ordinal_levels_are_picked_from_the_scale(qtbot, store, case):
    session, view = make_view(qtbot, store, case)
    node = session.current_node
    box = editors(view)[0]
    assert isinstance(box, QComboBox)
    scale = view._editors[0][0].scale
    assert box.count() == len(scale.levels) + 1
    box.setCurrentIndex(box.findData(scale.levels[-1].value))
    qtbot.mouseClick(view.apply_button, Qt.LeftButton)
    dim = view._editors[0][0].id
    assert store.load(session.assessment_id).consensus[(node, dim)] == scale.levels[-1].value
    assert view.threshold.value() == 1


def test_rationale_saved_on_leaving_the_field(qtbot, store):
    session, view = make_view(qtbot, store)
    node = session.current_node
    old = session.snapshot().rationale[node]
    view.rationale.setFocus()
    view.rationale.selectAll()
    qtbot.keyClicks(view.rationale, "Agreed after reviewing the audit memo")
    QApplication.sendEvent(view.rationale, QFocusEvent(QEvent.FocusOut))  # offscreen has no real focus
    assert store.load(session.assessment_id).rationale[node] == "Agreed after reviewing the audit memo"
    session.undo_stack.undo()
    assert store.load(session.assessment_id).rationale[node] == old
    assert view.rationale.toPlainText() == old
    # typing then moving to another node also saves
    view.rationale.setPlainText("Second thoughts")
    view.rationale.document().setModified(True)
    session.step_node(1)
    assert store.load(session.assessment_id).rationale[node] == "Second thoughts"


def test_merge_notes_skips_duplicates_and_undoes(qtbot, store, monkeypatch):
    messages = capture_errors(monkeypatch)
    session, view = make_view(qtbot, store)
    node = session.current_node
    merger = view.improvements
    consolidated = lambda: [n.text for n in store.load(session.assessment_id).notes_for(node, "improvement", None)]
    before = consolidated()
    individual = {n.text for n in session.snapshot().notes_for(node, "improvement") if n.participant_id}
    assert merger.merge_selected() == 0 and "Select" in messages[0]
    merger.individual.item(0).setSelected(True)
    merger.merge_selected()
    qtbot.mouseClick(merger.merge_all_button, Qt.LeftButton)
    after = consolidated()
    assert set(after) == set(before) | individual
    assert len(after) == len(set(after))  # no exact duplicates
    assert merger.merge_all() == 0  # nothing new the second time
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert consolidated() == before
    # removing a consolidated note, undone
    merger.consolidated.setCurrentRow(0)
    qtbot.mouseClick(merger.remove_button, Qt.LeftButton)
    assert len(consolidated()) == len(before) - 1
    session.undo_stack.undo()
    assert sorted(consolidated()) == sorted(before)


def test_merge_all_action_merges_both_kinds_in_one_step(qtbot, store):
    session, view = make_view(qtbot, store)
    assert all(a.isEnabled() for a in view.view_actions())
    count = session.undo_stack.count()
    assert view.merge_all_notes() > 0
    assert session.undo_stack.count() == count + 1
    assert view.merge_all_notes() == 0
    view.hide()
    assert not any(a.isEnabled() for a in view.view_actions())


def test_refresh_is_lazy_while_hidden(qtbot, store):
    session, view = make_view(qtbot, store)
    view.hide()
    node = session.current_node
    from ui import undo
    undo.set_rating(session, None, node, "score", 5)
    assert view._dirty_grid
    view.show()
    assert view.model.index(view.model.row_of(node), view.model.consensus_column()).data() == "5"


def test_baldrige_results_item_uses_the_letci_scale(qtbot, store, monkeypatch):
    messages = capture_errors(monkeypatch)
    session, view = make_view(qtbot, store, "baldrige")
    result = next(n for n in session.framework.scored_nodes() if n.type == "result")
    session.select_node(result.id)
    dim, editor = view._editors[0]
    assert dim.scale.id == "letci" and result.id in view.node_title.text()
    editor.clear()
    qtbot.keyClicks(editor, "85")
    assert view.apply_consensus()
    assert store.load(session.assessment_id).consensus[(result.id, dim.id)] == 85
    assert session.report(None).nodes[result.id].points == 85 * result.points / 100
    editor.clear()
    qtbot.keyClicks(editor, "-5")
    assert not view.apply_consensus() and "outside 0-100" in messages[0]


def test_remove_without_selection_gives_a_message(qtbot, store, monkeypatch):
    messages = capture_errors(monkeypatch)
    session, view = make_view(qtbot, store)
    before = len(store.load(session.assessment_id).notes)
    view.strengths.consolidated.setCurrentRow(-1)
    view.strengths.remove_selected()
    assert "Select a consolidated note" in messages[0]
    assert len(store.load(session.assessment_id).notes) == before
