"""Undo/redo through Edit > Undo and Redo for every edit the scoring workspace makes."""

from __future__ import annotations

import pytest

from npmassess.demo import create_demo
from npmassess.errors import ValidationError
from ui import undo


@pytest.fixture
def window(make_main_window, db_path, store, caf):
    aid = create_demo(store, caf, "classical")
    w = make_main_window(db_path, open_last=False)
    w.open_assessment(aid)
    return w


def test_rating_undo_redo_from_the_edit_menu(window):
    s = window.session
    pid, node = s.current_participant, s.current_node
    old = s.snapshot().ratings[(pid, node, "score")]
    assert not window.act_undo.isEnabled()
    window.views["scoring"].panel.rows[0].pick(5)  # 91-100
    assert s.snapshot().ratings[(pid, node, "score")] == 96
    assert window.act_undo.isEnabled() and "Score 1.1" in window.act_undo.text()
    window.act_undo.trigger()
    assert s.snapshot().ratings[(pid, node, "score")] == old
    assert window.views["scoring"].panel.rows[0].value == old  # the view followed
    window.act_redo.trigger()
    assert s.snapshot().ratings[(pid, node, "score")] == 96


def test_clearing_a_score_is_undoable(window):
    s = window.session
    key = (s.current_participant, s.current_node, "score")
    old = s.snapshot().ratings[key]
    undo.set_rating(s, key[0], key[1], "score", None)
    assert key not in s.snapshot().ratings
    s.undo_stack.undo()
    assert s.snapshot().ratings[key] == old


def test_refused_edits_push_nothing(window):
    s = window.session
    with pytest.raises(ValidationError):
        undo.set_rating(s, s.current_participant, s.current_node, "score", -5)
    with pytest.raises(ValidationError):
        undo.add_participant(s, s.snapshot().participants[0].name.upper())
    with pytest.raises(ValidationError):
        undo.update_assessment(s, organisation=" ")
    assert s.undo_stack.count() == 0 and not window.act_undo.isEnabled()


def test_participant_add_rename_remove_and_undo_brings_scores_back(window):
    s = window.session
    p = s.snapshot().participants[1]
    ratings = {k: v for k, v in s.snapshot().ratings.items() if k[0] == p.id}
    notes = sorted(n.id for n in s.snapshot().notes if n.participant_id == p.id)
    undo.update_participant(s, p.id, "Renamed Person", "Observer")
    assert s.snapshot().participant(p.id).name == "Renamed Person"
    undo.remove_participant(s, p.id)
    assert all(k[0] != p.id for k in s.snapshot().ratings)
    assert window.views["scoring"].participant.findData(p.id) == -1
    s.undo_stack.undo()
    assert {k: v for k, v in s.snapshot().ratings.items() if k[0] == p.id} == ratings
    assert sorted(n.id for n in s.snapshot().notes if n.participant_id == p.id) == notes
    s.undo_stack.undo()
    assert s.snapshot().participant(p.id).name == p.name
    new = undo.add_participant(s, "Newcomer", "Guest")
    assert window.views["scoring"].participant.findData(new) >= 0
    s.undo_stack.undo()
    assert all(x.id != new for x in s.snapshot().participants)


def test_assessment_details_undo_updates_the_title(window):
    s = window.session
    undo.update_assessment(s, organisation="Renamed Org", cycle="2027")
    assert "Renamed Org" in window.windowTitle()
    window.act_undo.trigger()
    assert "City of Valmora" in window.windowTitle() and s.snapshot().cycle == "2026"


def test_each_assessment_has_its_own_history(window, store, lib):
    first = window.session
    undo.set_rating(first, first.current_participant, first.current_node, "score", 3)
    other = create_demo(store, lib.get("maf"))
    window.open_assessment(other)
    assert not window.act_undo.isEnabled()
