"""A facilitator's day with the keyboard only: 3 participants, 6 nodes, 5 notes each, then the
consensus in workshop mode with consolidated notes, a rationale and an action from an AFI.
Counts the key presses per note beyond the note's own text (fails above 3)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from npmassess.frameworks import library

NODES, NOTES = 6, 5
KINDS = ("evidence", "evidence", "strength", "strength", "improvement")  # the 5 notes of a node
TAB_KEY = {"evidence": Qt.Key_D, "strength": Qt.Key_S, "improvement": Qt.Key_I}


class Keyboard:
    """Sends keys to whatever has the focus, as a person would; counts the non-text ones."""

    def __init__(self, qtbot):
        self.qtbot, self.presses, self.notes = qtbot, 0, 0

    def focus(self):
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def press(self, key, modifiers=Qt.NoModifier) -> None:
        self.presses += 1
        self.qtbot.keyClick(self.focus(), key, modifiers)

    def note(self, text: str) -> None:
        """Type a note's text (not counted) and press Enter (counted)."""
        self.qtbot.keyClicks(self.focus(), text)
        self.notes += 1
        self.press(Qt.Key_Return)


def test_facilitator_session_keyboard_only(qtbot, store, tmp_path, make_main_window):
    fw = library().get("caf")
    people = (("Anna", "Facilitator"), ("Ben", "Member"), ("Chloe", "Member"))
    aid = store.create_assessment(fw, "City of Example", "Finance", "2026", "classical", participants=people)
    store.close()
    window = make_main_window(store.path)
    window.open_assessment(aid)
    session, scoring = window.session, window.views["scoring"]
    nodes = [n.id for n in fw.scored_nodes()][:NODES]
    kb = Keyboard(qtbot)

    # each participant in turn: band key, then five notes per node, straight into the lists
    scoring.tree.setFocus()
    for p_index in range(len(people)):
        for n_index, node in enumerate(nodes):
            assert session.current_node == node
            kb.press(Qt.Key_1 + (p_index + n_index) % 4, Qt.AltModifier)  # a band (Alt: while in a note line)
            previous = None
            for k, kind in enumerate(KINDS):
                if kind != previous:
                    kb.press(TAB_KEY[kind], Qt.AltModifier)  # Alt+D / Alt+S / Alt+I: to that list's line
                    previous = kind
                assert kb.focus() is scoring.notes[kind].line
                kb.note(f"P{p_index} {kind} {k} on {node}: text with <markup> & 100 %")
            if n_index < NODES - 1:
                kb.press(Qt.Key_Right, Qt.AltModifier)  # next node
        if p_index < len(people) - 1:
            kb.press(Qt.Key_PageDown, Qt.ControlModifier)  # next participant
            for _ in range(NODES - 1):
                kb.press(Qt.Key_Left, Qt.AltModifier)  # back to the first node
    snap = session.snapshot()
    for pid in (p.id for p in snap.participants):
        assert sum(1 for n in snap.notes if n.participant_id == pid) == NODES * NOTES
        assert all(snap.ratings.get((pid, node, "score")) is not None for node in nodes)

    # the consensus room
    kb.press(Qt.Key_5, Qt.ControlModifier)  # View > Workshop mode
    workshop = window.views["workshop"]
    assert window.tabs.currentWidget() is workshop and kb.focus() is workshop.board
    kb.press(Qt.Key_Home)  # the first node
    for n_index, node in enumerate(nodes):
        assert session.current_node == node
        kb.press(Qt.Key_4)  # band 4 for the agreed score
        kb.press(Qt.Key_F6)  # -> strengths
        assert kb.focus() is workshop.strengths.line
        kb.press(Qt.Key_F7)  # everyone's notes on demand
        assert workshop.individual.isVisible() and workshop.individual.count() == 3 * 3
        kb.press(Qt.Key_Return)  # merge the first one
        kb.press(Qt.Key_F7)  # hide them again: back in the strengths line
        assert kb.focus() is workshop.strengths.line
        kb.note(f"Agreed strength of {node}")
        kb.press(Qt.Key_F6)  # -> areas for improvement
        kb.note(f"Agreed AFI of {node}: no indicators")
        kb.press(Qt.Key_Return, Qt.ControlModifier)  # an action from that AFI
        assert workshop.message.startswith("Action created")
        kb.press(Qt.Key_F6)  # -> rationale
        assert kb.focus() is workshop.rationale
        kb.qtbot.keyClicks(kb.focus(), f"Band 4 after discussing {node}.")
        kb.notes += 1
        kb.press(Qt.Key_F6)  # -> back to the score
        assert kb.focus() is workshop.board
        if n_index < NODES - 1:
            kb.press(Qt.Key_Right)  # next node (the rationale is saved on the way)
    kb.press(Qt.Key_Escape)  # leave, as the hint line says
    assert window.tabs.currentWidget() is not workshop

    snap = session.snapshot()
    band4 = fw.method("classical").dimensions_for(fw.node(nodes[0]).type)[0].scale.bands[3]
    for node in nodes:
        assert band4.contains(snap.consensus[(node, "score")])
        consolidated = [n.text for n in snap.notes_for(node, None, None)]
        assert f"Agreed strength of {node}" in consolidated
        assert f"Agreed AFI of {node}: no indicators" in consolidated
        assert len(consolidated) == 3  # plus the one merged from the individual notes
        assert snap.rationale[node] == f"Band 4 after discussing {node}."
    assert len(snap.actions) == NODES
    for action in snap.actions:
        afi = next(n for n in snap.notes if n.id in action.note_ids)
        assert afi.kind == "improvement" and afi.participant_id is None and action.title == afi.text
    per_note = kb.presses / kb.notes
    print(f"{kb.notes} notes, {kb.presses} key presses beyond their text: {per_note:.2f} per note")
    assert per_note <= 3, per_note
