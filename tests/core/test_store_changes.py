"""Change records: what each edit returns, patching a snapshot, undo by inverse records, hooks."""

from __future__ import annotations

import dataclasses

import pytest

from npmassess.errors import EditConflict
from npmassess.store import Store
from npmassess.store.changes import Change, inverse, patch


@pytest.fixture
def aid(store, caf):
    return store.create_assessment(caf, "Org", "Unit", "2026", participants=[("Ana", "lead"), ("Ben", "")])


def people(store, aid):
    return [p.id for p in store.load(aid).participants]


def statements(store):
    log = []
    store.db.conn.set_trace_callback(log.append)
    return log


def top_level(log):
    """The statements npmassess sent: '--' lines are sub-programs of one statement, and Python 3.11
    reports each trigger a statement fires (the approval lock's, the trail's stamp) with the text of
    that statement again, so immediate repeats are trigger runs, not statements."""
    return [s for i, s in enumerate(log) if not s.startswith("--") and (i == 0 or s != log[i - 1])]


def test_a_score_click_is_four_statements_including_its_audit_trail_row(store, aid):
    pid = people(store, aid)[0]
    key = (pid, "1.1", "score")
    log = statements(store)
    # what the GUI sends: the value it saw (None: empty), then a change, then clearing it
    for value, seen, verb in ((40, None, "insert into ratings"), (55, 40.0, "update ratings"),
                              (None, 55.0, "delete from ratings")):
        log.clear()
        assert store.set_rating(aid, pid, "1.1", "score", value, expect=seen) == seen
        top = top_level(log)
        assert len(top) == 4, top
        assert top[0] == "BEGIN IMMEDIATE" and top[1].startswith(verb) and top[-1] == "COMMIT"
        assert top[2].startswith("insert into audit_trail"), top
        assert store.last_changes == [Change("ratings", aid, key, seen, None if value is None else float(value))]
        # the 'updated' stamp is the trail row's time, written by the trail's trigger (no statement of its own)
        at = store.db.execute("select at from audit_trail order by seq desc limit 1").fetchone()[0]
        assert store.load_header(aid)["updated"] == at
    assert key not in store.load(aid).ratings
    from npmassess.process import audit
    check = audit.verify(store)
    assert check.ok and check.rows >= 3, check


def test_a_score_without_the_value_seen_reads_it_first(store, aid):
    pid = people(store, aid)[0]
    log = statements(store)
    assert store.set_rating(aid, pid, "1.1", "score", 40) is None  # the CLI: no value seen, one more read
    top = top_level(log)
    assert len(top) == 5 and top[0] == "BEGIN IMMEDIATE" and top[-2].startswith("insert into audit_trail"), top
    assert store.last_changes == [Change("ratings", aid, (pid, "1.1", "score"), None, 40.0)]


def test_the_guarded_click_refuses_what_the_checking_path_refuses(store, aid, caf):
    from npmassess.errors import NotFound, ValidationError
    ana, ben = people(store, aid)
    trail = lambda: store.db.execute("select count(*) from audit_trail where assessment_id = ?",  # noqa: E731
                                     [aid]).fetchone()[0]
    store.set_rating(aid, ana, "1.1", "score", 40, expect=None)
    before = trail()
    with pytest.raises(EditConflict):
        store.set_rating(aid, ana, "1.1", "score", 50, expect=None)  # saw it empty; it holds 40
    with pytest.raises(EditConflict):
        store.set_rating(aid, ana, "1.1", "score", None, expect=30)
    with pytest.raises(ValidationError):
        store.set_rating(aid, ana, "1.1", "score", 140, expect=40)  # out of the scale: written, then rolled back
    with pytest.raises(ValidationError):
        store.set_rating(aid, ana, "no-such-node", "score", 10, expect=None)
    with pytest.raises(ValidationError):
        store.set_rating(aid, ana, "1.1", "score", float("nan"), expect=40)
    with pytest.raises(NotFound):
        store.set_rating(aid, "nobody", "1.1", "score", 10, expect=None)
    other = store.create_assessment(caf, "Org", "Other unit", "2026", participants=[("Cy", "")])
    with pytest.raises(ValidationError, match="another assessment"):
        store.set_rating(other, ana, "1.2", "score", 10, expect=None)
    with pytest.raises(NotFound):
        store.set_rating("no-such-assessment", None, "1.1", "score", 10, expect=None)
    assert store.load(aid).ratings == {(ana, "1.1", "score"): 40.0} and trail() == before
    assert not store.db.conn.in_transaction
    store.set_rating(aid, None, "1.1", "score", 70, expect=None)  # the consensus: the same guarded path
    assert store.last_changes == [Change("consensus_ratings", aid, ("1.1", "score"), None, 70.0)]
    store.set_rating(aid, None, "1.1", "score", 75, expect=70)
    assert store.load(aid).consensus == {("1.1", "score"): 75.0}


def test_every_write_transaction_begins_immediate(store, aid, caf):
    pid = people(store, aid)[0]
    log = statements(store)
    store.add_note(aid, pid, "1.1", "evidence", "seen")
    store.add_action(aid, "Do it", ["1.1"])
    store.update_participant(pid, role="chair")
    store.set_ratings(aid, [(pid, "1.2", "score", 50), (None, "1.2", "score", 60)])
    begins = [s for s in log if s.upper().startswith("BEGIN")]
    assert len(begins) == 4 and all(s.upper() == "BEGIN IMMEDIATE" for s in begins), begins
    log.clear()
    store.load(aid)  # a load: one read transaction around its SELECTs
    assert log[0] == "BEGIN" and log[-1] == "COMMIT" and all(s.lstrip().lower().startswith("select")
                                                             for s in log[1:-1])


def snapshot_state(a):
    return (a.organisation, a.unit, a.cycle, a.status, [(p.id, p.name, p.role) for p in a.participants],
            dict(a.ratings), dict(a.consensus), dict(a.rationale), dict(a.narratives),
            [(n.id, n.node_id, n.kind, n.text, n.participant_id) for n in a.notes],
            [(x.id, x.title, x.owner, x.status, x.node_ids, x.note_ids) for x in a.actions])


def test_patching_a_snapshot_from_records_gives_what_a_reload_gives(store, aid):
    snap = store.load(aid)
    ana, ben = people(store, aid)
    edits = [
        lambda: store.set_rating(aid, ana, "1.1", "score", 55),
        lambda: store.set_rating(aid, None, "1.1", "score", 60),
        lambda: store.set_rationale(aid, "1.1", "Because <b> & 'so'"),
        lambda: store.set_narrative(aid, "1.1", "Narrative 日本"),
        lambda: store.add_note(aid, ana, "1.1", "evidence", "first", note_id="n1"),
        lambda: store.add_note(aid, ana, "1.1", "evidence", "second", note_id="n2"),
        lambda: store.move_note("n2", -1),
        lambda: store.update_note("n1", "first, edited"),
        lambda: store.add_action(aid, "Plan", ["1.1"], ["n1"], "a1", owner="Ana"),
        lambda: store.add_action(aid, "Other", [], ["n2"], "a2"),
        lambda: store.update_action("a1", status="done", note_ids=["n1", "n2"]),
        lambda: store.update_participant(ben, name="Benedict"),
        lambda: store.update_assessment(aid, unit="Unit 2", status="consensus"),
        lambda: store.delete_note("n2"),
        lambda: store.remove_participant(ana),
        lambda: store.delete_action("a2"),
    ]
    for edit in edits:
        edit()
        patch(snap, store.last_changes)
        assert snapshot_state(snap) == snapshot_state(store.load(aid))


def test_undo_of_remove_participant_restores_scores_notes_and_action_links(store, aid):
    ana = people(store, aid)[0]
    store.set_rating(aid, ana, "1.1", "score", 70)
    nid = store.add_note(aid, ana, "1.1", "improvement", "Fix the intake")
    store.add_action(aid, "Fix intake", ["1.1"], [nid], "act")
    before = snapshot_state(store.load(aid))
    store.remove_participant(ana)
    removal = store.last_changes
    assert store.load(aid).actions[0].note_ids == []
    store.apply_changes(inverse(removal))
    assert snapshot_state(store.load(aid)) == before
    assert store.load(aid).actions[0].note_ids == [nid]
    store.apply_changes(removal)  # redo
    assert ana not in people(store, aid)


def test_undo_never_writes_back_over_another_programs_value(store, aid, db_path):
    ana = people(store, aid)[0]
    store.set_rating(aid, ana, "1.1", "score", 40)
    mine = store.last_changes
    other = Store(db_path)
    other.set_rating(aid, ana, "1.1", "score", 90)  # a colleague's import
    other.close()
    with pytest.raises(EditConflict, match="Another program changed the score 1.1 score"):
        store.apply_changes(inverse(mine))
    assert store.load(aid).ratings[(ana, "1.1", "score")] == 90


def test_an_edit_over_a_value_changed_underneath_is_refused_with_both_values(store, aid, db_path):
    ana = people(store, aid)[0]
    other = Store(db_path)
    other.set_rating(aid, ana, "1.1", "score", 90)
    other.close()
    with pytest.raises(EditConflict) as err:
        store.set_rating(aid, ana, "1.1", "score", 30, expect=None)  # I still saw it empty
    assert (err.value.current, err.value.expected) == (90, None)
    assert store.load(aid).ratings[(ana, "1.1", "score")] == 90
    store.set_rating(aid, ana, "1.1", "score", 30, expect=90)  # "use my value"
    assert store.load(aid).ratings[(ana, "1.1", "score")] == 30


def test_an_edit_notices_another_programs_commit(store, aid, db_path):
    ana = people(store, aid)[0]
    store.set_rating(aid, ana, "1.1", "score", 10)
    assert not store.external_change
    store.set_rating(aid, ana, "1.1", "score", 20)
    assert not store.external_change  # our own commits do not count
    other = Store(db_path)
    other.set_narrative(aid, "1.2", "theirs")
    other.close()
    assert store.changed_elsewhere() and not store.changed_elsewhere()
    store.set_rating(aid, ana, "1.1", "score", 30, expect=20)  # a click: data_version read inside its write
    assert not store.external_change
    other = Store(db_path)
    other.set_narrative(aid, "1.2", "theirs again")
    other.close()
    store.set_rating(aid, ana, "1.1", "score", 40, expect=30)
    assert store.external_change


def test_commit_hooks_see_every_record_inside_the_transaction(store, aid):
    seen = []
    store.commit_hooks.append(lambda st, changes: seen.append((st.db.conn.in_transaction, list(changes))))
    ana = people(store, aid)[0]
    store.set_rating(aid, ana, "1.1", "score", 40)
    store.remove_participant(ana)
    assert [inside for inside, _ in seen] == [True, True]
    assert seen[0][1] == [Change("ratings", aid, (ana, "1.1", "score"), None, 40.0)]
    assert seen[1][1][-1].table == "participants" and seen[1][1][-1].new is None


def test_a_failing_hook_rolls_the_edit_back(store, aid):
    def audit(st, changes):
        raise RuntimeError("trail unavailable")
    store.commit_hooks.append(audit)
    with pytest.raises(RuntimeError):
        store.set_rationale(aid, "1.1", "not kept")
    store.commit_hooks.clear()
    assert store.load(aid).rationale == {}
    assert not store.db.conn.in_transaction


def test_change_records_are_frozen(store, aid):
    store.set_rationale(aid, "1.1", "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        store.last_changes[0].new = "y"


def test_every_header_field_is_a_change_record_undo_can_replay(store, aid):
    store.update_assessment(aid, language="fr", cycle="2027")
    change = store.last_changes[0]
    assert change.table == "assessments" and dict(change.new) == {"language": "fr", "cycle": "2027"}
    store.apply_changes(inverse(store.last_changes))
    header = store.load_header(aid)
    assert (header["language"], header["cycle"]) == (dict(change.old)["language"], "2026")
