"""Scoring workspace: navigator model, band/level panels, number keys, notes, narrative, participants."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from npmassess.demo import create_demo
from npmassess.errors import ValidationError
from npmassess.frameworks import library
from ui import undo
from ui.criteria_model import COL_DONE, COL_SCORE, CriteriaModel
from ui.scoring_view import ScoringView
from ui.session import Session


def new_session(store, fid="caf", method=None, participants=(("Ann", "facilitator"), ("Bob", ""))):
    fw = library().get(fid)
    aid = store.create_assessment(fw, "Org", "Unit", "2026", method, participants=participants)
    return Session(store, aid)


def make_view(qtbot, session):
    view = ScoringView(session)
    qtbot.addWidget(view)
    view.resize(1366, 740)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)  # shortcuts (number keys) need an active window
    return view


def rating(session, dim, node=None, pid=None):
    return session.snapshot().ratings.get((pid or session.current_participant, node or session.current_node, dim))


@pytest.mark.parametrize("fid", ["caf", "baldrige", "maf", "capability-review"])
def test_criteria_model_passes_modeltester(qtmodeltester, store, fid):
    fw = library().get(fid)
    aid = create_demo(store, fw)
    session = Session(store, aid)
    model = CriteriaModel(fw, session.report(session.snapshot().participants[0].id))
    qtmodeltester.check(model)
    first_leaf = fw.scored_nodes()[0]
    assert model.index_of(first_leaf.id, COL_DONE).data() == "100 %"
    assert model.index_of(first_leaf.id, COL_SCORE).data() not in ("", None, "—")


def test_a_deleted_navigator_model_leaves_no_wrapper_for_the_next_object_at_its_address(qtbot):
    """Qt deletes a model's items with it; a Python wrapper held past that (the model's own root item,
    once) was handed back for the next object Qt made at the same address: a menu bar's actions came
    back as tree items. Deleting models and making menus many times must always give actions."""
    import shiboken6
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QMenuBar

    fw = library().get("caf", "2020")
    kept, wrong = [], []
    for _ in range(30):
        owner = QObject()
        kept.append(CriteriaModel(fw, parent=owner))  # Python holds the model as a view would
        shiboken6.delete(owner)  # C++ deletes the model and every item
        bar = QMenuBar()
        for i in range(30):
            bar.addMenu(f"m{i}")
        wrong += [type(a).__name__ for a in bar.actions() if type(a).__name__ != "QAction"]
    assert wrong == []


def test_model_shows_missing_then_score(qtbot, store):
    session = new_session(store)
    view = make_view(qtbot, session)
    node = session.current_node
    assert view.model.index_of(node, COL_SCORE).data() == "—"
    assert view.model.index_of(node, COL_DONE).data() == "0 %"
    undo.set_rating(session, session.current_participant, node, "score", 42)
    assert view.model.index_of(node, COL_SCORE).data() == "42"
    assert view.model.index_of(node, COL_DONE).data() == "100 %"


def test_classical_click_band_then_refine_within_it(qtbot, store):
    session = new_session(store, method="classical")
    view = make_view(qtbot, session)
    row = view.panel.rows[0]
    assert [b.title for b in row.buttons][:3] == ["No evidence", "Plan", "Do"]
    assert "Key 3" in row.buttons[2].toolTip() and row.buttons[2].accessibleName()
    qtbot.mouseClick(row.buttons[2], Qt.LeftButton)  # Do: 31-50
    value = rating(session, "score")
    assert 31 <= value <= 50
    assert row.band_range() == (31, 50) and (row.slider.minimum(), row.slider.maximum()) == (31, 50)
    row.spin.setValue(47)
    assert rating(session, "score") == 47
    row.spin.setValue(70)  # outside the band: the value is clamped to the band
    assert rating(session, "score") == 50 and row.spin.value() == 50
    row.spin.setValue(12)
    assert rating(session, "score") == 31
    assert view.summary.text() == "Score: 31 · Do"
    row.spin.setValue(50)
    qtbot.mouseClick(row.buttons[2], Qt.LeftButton)  # clicking the same band keeps the refined value
    assert rating(session, "score") == 50
    qtbot.mouseClick(row.clear, Qt.LeftButton)
    assert rating(session, "score") is None


def test_number_keys_pick_bands_and_skip_text_fields(qtbot, store):
    session = new_session(store, method="classical")
    view = make_view(qtbot, session)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key_5)  # band 5 of 6: 71-90
    assert 71 <= rating(session, "score") <= 90
    qtbot.keyClick(view.tree, Qt.Key_9)  # no 9th band: nothing changes
    assert 71 <= rating(session, "score") <= 90
    spin = view.panel.rows[0].spin
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(spin, "88")
    qtbot.keyClick(spin, Qt.Key_Return)
    assert rating(session, "score") == 88  # digits went into the spin box, not to the band keys


def test_fine_tuned_grid_keys_fill_plan_do_check_act_in_turn(qtbot, store):
    session = new_session(store, method="fine-tuned")
    view = make_view(qtbot, session)
    assert [r.dim.id for r in view.panel.rows] == ["plan", "do", "check", "act"]
    view.tree.setFocus()
    for key in (Qt.Key_3, Qt.Key_4, Qt.Key_2, Qt.Key_3):
        qtbot.keyClick(view.tree, key)
    values = [rating(session, d) for d in ("plan", "do", "check", "act")]
    assert 31 <= values[0] <= 50 and 51 <= values[1] <= 70 and 11 <= values[2] <= 30 and 31 <= values[3] <= 50
    node_score = session.report(session.current_participant).nodes[session.current_node].value
    assert f"{node_score:g}" in view.summary.text()
    results = [n for n in session.framework.scored_nodes() if n.type == "result"][0]
    session.select_node(results.id)
    assert [r.dim.id for r in view.panel.rows] == ["trends", "targets"]


def test_baldrige_bands_use_five_percent_steps(qtbot, store):
    session = new_session(store, "baldrige")
    view = make_view(qtbot, session)
    row = view.panel.rows[0]
    assert row.spin.singleStep() == 5
    qtbot.mouseClick(row.buttons[1], Qt.LeftButton)  # 10-25
    value = rating(session, "score")
    assert 10 <= value <= 25 and value % 5 == 0
    with pytest.raises(ValidationError, match="steps of 5"):
        undo.set_rating(session, session.current_participant, session.current_node, "score", 12)
    assert rating(session, "score") == value
    assert "points" in view.summary.text()


@pytest.mark.parametrize("fid", ["maf", "capability-review"])
def test_ordinal_levels_are_coloured_buttons_picked_by_value(qtbot, store, fid):
    session = new_session(store, fid)
    view = make_view(qtbot, session)
    row = view.panel.rows[0]
    scale = row.scale
    assert row.spin is None and len(row.buttons) == len(scale.levels)
    assert row.buttons[0].colour.name() == scale.levels[0].colour.lower()
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key_4)
    assert rating(session, "rating") == 4
    assert row.buttons[[lv.value for lv in scale.levels].index(4)].isChecked()
    qtbot.keyClick(view.tree, Qt.Key_9)
    assert rating(session, "rating") == 4


def test_invalid_value_is_refused_with_a_message_and_changes_nothing(qtbot, store, dialog_log):
    session = new_session(store, method="classical")
    view = make_view(qtbot, session)
    view._value_chosen("score", 101.0)
    assert rating(session, "score") is None
    assert dialog_log.names() == ["error"] and "101 is outside 0-100" in dialog_log.texts("error")[0]
    view._value_chosen("nonsense", 5.0)
    assert "does not apply" in dialog_log.texts("error")[1]
    assert session.undo_stack.count() == 0


def test_participant_selector_shows_each_participants_own_scores(qtbot, store):
    session = new_session(store, method="classical")
    view = make_view(qtbot, session)
    ann, bob = [p.id for p in session.snapshot().participants]
    view.panel.rows[0].pick(1)
    assert rating(session, "score", pid=ann) is not None
    view.participant.setCurrentIndex(1)
    assert session.current_participant == bob
    assert view.panel.rows[0].value is None and not any(b.isChecked() for b in view.panel.rows[0].buttons)
    view.step_participant(1)
    assert session.current_participant == ann and view.panel.rows[0].buttons[1].isChecked()


def test_keyboard_next_previous_node_and_tree(qtbot, make_main_window, db_path, store, caf):
    aid = create_demo(store, caf)
    window = make_main_window(db_path, open_last=False)
    window.open_assessment(aid)
    view = window.views["scoring"]
    nodes = [n.id for n in caf.scored_nodes()]
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key_Down, Qt.ControlModifier)
    assert window.session.current_node == nodes[1] and view.shown_node.id == nodes[1]
    assert view.tree.currentIndex().data(Qt.UserRole + 1) == nodes[1]
    qtbot.keyClick(view.tree, Qt.Key_Left, Qt.AltModifier)
    assert window.session.current_node == nodes[0]
    qtbot.keyClick(view.tree, Qt.Key_Down)  # plain arrows walk the tree
    assert window.session.current_node == nodes[1]
    window.act_prev.trigger()
    window.act_prev.trigger()  # stays on the first node
    assert window.session.current_node == nodes[0]


def test_tab_order_and_accessible_names(qtbot, store):
    session = new_session(store, method="fine-tuned")
    view = make_view(qtbot, session)
    view.participant.setFocus()
    chain = []
    w = view.participant
    for _ in range(8):
        w = w.nextInFocusChain()
        chain.append(w)
    assert view.tree in chain[:3]
    for row in view.panel.rows:
        for b in row.buttons:
            assert b.accessibleName().startswith(row.dim.title())
        assert row.spin.accessibleName() and row.clear.accessibleName()
    assert view.participant.accessibleName() and view.tree.accessibleName()


def type_note(qtbot, notes, text):
    notes.line.setFocus()
    qtbot.keyClicks(notes.line, text)
    qtbot.keyClick(notes.line, Qt.Key_Return)


def test_notes_typed_into_the_list_edit_in_place_move_remove_with_undo(qtbot, store, dialog_log):
    from PySide6.QtWidgets import QApplication
    session = new_session(store)
    view = make_view(qtbot, session)
    strengths = view.notes["strength"]
    view.tabs.setCurrentWidget(strengths)
    type_note(qtbot, strengths, "First strength")
    strengths.line.setFocus()
    qtbot.keyClicks(strengths.line, "Second")
    qtbot.keyClick(strengths.line, Qt.Key_Return, Qt.ShiftModifier)  # a line break, not a new note
    qtbot.keyClicks(strengths.line, "strength")
    qtbot.keyClick(strengths.line, Qt.Key_Return)
    texts = lambda: [n.text for n in session.snapshot().notes_for(session.current_node, "strength",
                                                                   session.current_participant)]
    assert texts() == ["First strength", "Second\nstrength"]
    assert strengths.line.toPlainText() == "" and strengths.line.hasFocus()  # ready for the next note
    qtbot.keyClick(strengths.line, Qt.Key_Return)  # Enter on an empty line adds nothing
    assert len(texts()) == 2 and dialog_log == []
    # F2 edits in place; Enter keeps the edit
    strengths.list.setFocus()
    strengths.list.setCurrentRow(1)
    qtbot.keyClick(strengths.list, Qt.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not strengths.list and editor.toPlainText() == "Second\nstrength"
    editor.selectAll()
    qtbot.keyClicks(editor, "Edited second")
    qtbot.keyClick(editor, Qt.Key_Return)
    assert texts() == ["First strength", "Edited second"]
    strengths.list.setFocus()
    strengths.list.setCurrentRow(1)
    qtbot.keyClick(strengths.list, Qt.Key_Up, Qt.AltModifier)
    assert texts() == ["Edited second", "First strength"]
    assert not strengths.up_btn.isEnabled()
    strengths.list.setFocus()
    qtbot.keyClick(strengths.list, Qt.Key_Delete)
    assert texts() == ["First strength"]
    session.undo_stack.undo()
    assert texts() == ["Edited second", "First strength"]
    session.undo_stack.undo()
    assert texts() == ["First strength", "Edited second"]
    other = session.snapshot().participants[1].id
    session.select_participant(other)
    assert strengths.count() == 0  # notes are each participant's own


def test_pasting_a_bulleted_list_adds_one_note_per_line(qtbot, store):
    from PySide6.QtCore import QMimeData
    session = new_session(store)
    view = make_view(qtbot, session)
    evidence = view.notes["evidence"]
    mime = QMimeData()
    mime.setText("- Board minutes 2025\n\n\u2022 Staff survey (n=412)\n3. Budget <2026> & plan\n")
    evidence.line.insertFromMimeData(mime)
    texts = [n.text for n in session.snapshot().notes_for(session.current_node, "evidence",
                                                          session.current_participant)]
    assert texts == ["Board minutes 2025", "Staff survey (n=412)", "Budget <2026> & plan"]
    assert [evidence.list.item(i).text() for i in range(3)] == texts
    session.undo_stack.undo()  # the whole paste is one step
    assert session.snapshot().notes == []
    one = QMimeData()
    one.setText("single line")
    evidence.line.insertFromMimeData(one)  # one line is just text in the line, not yet a note
    assert evidence.line.toPlainText() == "single line" and session.snapshot().notes == []


def test_blank_in_place_edit_is_refused(qtbot, store, dialog_log):
    session = new_session(store)
    view = make_view(qtbot, session)
    evidence = view.notes["evidence"]
    type_note(qtbot, evidence, "Minutes")
    evidence.list.item(0).setText("   ")
    qtbot.waitUntil(lambda: bool(dialog_log.texts("error")))  # refused at once, or by the writer a moment later
    assert [n.text for n in session.snapshot().notes] == ["Minutes"]
    assert "must not be empty" in dialog_log.texts("error")[0]
    assert evidence.list.item(0).text() == "Minutes"


def test_narrative_editor_saves_undoably_for_application_frameworks(qtbot, store):
    session = new_session(store, "baldrige")
    view = make_view(qtbot, session)
    assert view.narrative is not None
    view.narrative.edit.setPlainText("Our approach to governance: a board charter, reviewed every year.")
    view.narrative.commit()
    node = session.current_node
    assert session.snapshot().narratives[node].startswith("Our approach")
    session.undo_stack.undo()
    assert session.snapshot().narratives.get(node, "") == ""
    assert view.narrative.edit.toPlainText() == ""
    profile = session.framework.node("P.1")
    view.tree.setCurrentIndex(view.model.index_of(profile.id))
    assert view.narrative.isEnabled() and view.narrative.node_id == "P.1"
    assert not view.panel.isVisible()


def test_caf_has_no_narrative_and_no_participants_message(qtbot, store):
    fw = library().get("caf")
    session = Session(store, store.create_assessment(fw, "O", "U", "2026"))
    view = make_view(qtbot, session)
    assert view.narrative is None
    assert "no participants" in view.message.text()
    assert not view.panel.rows[0].buttons[0].isEnabled()


def test_no_participant_selected_disables_scoring_with_a_message(qtbot, store):
    session = new_session(store, method="classical")
    view = make_view(qtbot, session)
    session.select_participant(None)
    assert "Choose a participant" in view.message.text() and view.message.isVisible()
    assert not view.panel.rows[0].buttons[0].isEnabled()
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key_3)
    assert session.snapshot().ratings == {}
    criterion = session.framework.criteria[0]
    session.select_participant(session.snapshot().participants[0].id)
    view.tree.setCurrentIndex(view.model.index_of(criterion.id))
    assert "scored through its parts" in view.message.text() and not view.panel.isVisible()


def test_oversized_narrative_is_refused_and_kept_in_the_editor(qtbot, store, dialog_log):
    session = new_session(store, "baldrige")
    view = make_view(qtbot, session)
    view.narrative.edit.setPlainText("x" * 200_001)
    view.narrative.commit()
    assert "200001 characters long; the limit is 200000" in dialog_log.texts("error")[0]
    assert session.snapshot().narratives.get(session.current_node, "") == ""
    assert len(view.narrative.edit.toPlainText()) == 200_001  # the user's text is not thrown away


def test_tiles_are_reachable_with_arrows_and_space(qtbot, store):
    session = new_session(store, method="classical")
    view = make_view(qtbot, session)
    row = view.panel.rows[0]
    row.buttons[0].setFocus()
    qtbot.keyClick(row.buttons[0], Qt.Key_Right)
    assert view.focusWidget() is row.buttons[1]
    qtbot.keyClick(row.buttons[1], Qt.Key_Space)
    assert 11 <= rating(session, "score") <= 30
