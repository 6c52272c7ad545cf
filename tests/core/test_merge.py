"""Three-way merge rules: changes, kept values, conflicts, resolutions, one transaction."""

import copy

import pytest

from npmassess.exchange import merge
from npmassess.assessment import Action, Note, Participant
from npmassess.errors import ValidationError


@pytest.mark.parametrize("mine, theirs, base, has_base, verdict", [
    (1, 1, 0, True, "same"),
    (0, 2, 0, True, "take"),  # changed in the file only
    (3, 0, 0, True, "keep"),  # changed here only
    (3, 2, 0, True, "conflict"),  # changed in both places
    (None, 2, None, True, "take"),  # new in the file
    (2, None, 2, True, "take"),  # removed in the file, untouched here
    (3, None, 2, True, "conflict"),  # removed there, changed here
    (None, 2, None, False, "take"),
    (2, None, None, False, "keep"),  # without a base nothing is removed
    (1, 2, None, False, "conflict"),  # without a base, two values differ: ask
])
def test_decide(mine, theirs, base, has_base, verdict):
    assert merge.decide(mine, theirs, base, has_base) == verdict


@pytest.fixture
def trio(store, demo_id):
    """(mine, theirs, base) snapshots: theirs and base start as copies of the stored assessment."""
    mine = store.load(demo_id)
    return mine, copy.deepcopy(mine), copy.deepcopy(mine)


def test_diff_covers_every_kind_of_change(caf, trio):
    mine, theirs, base = trio
    p0 = mine.participants[0].id
    theirs.participants.append(Participant("newperson", "Nadia Haddad", "Auditor", 5))
    theirs.ratings[("newperson", "1.1", "score")] = 55.0
    theirs.consensus[("1.1", "score")] = 99.0
    theirs.rationale["1.1"] = "Agreed after the workshop"
    theirs.notes.append(Note("n1", "1.1", "strength", "Good onboarding", p0, 9))
    theirs.notes = [n for n in theirs.notes if n.id != mine.notes[0].id]  # removed in the file
    theirs.actions[0].status = "done"
    theirs.actions.append(Action("a1", "Map the processes", node_ids=["5.1"]))
    theirs.status = "completed"
    changes = merge.diff(caf, mine, theirs, base)
    keys = {c.key for c in changes}
    assert keys == {("header", "status"), ("participant", "newperson"), ("rating", "newperson", "1.1", "score"),
                    ("consensus", "1.1", "score"), ("rationale", "1.1"), ("note", "n1"), ("note", mine.notes[0].id),
                    ("action", mine.actions[0].id, "status"), ("action", "a1")}
    assert not any(c.conflict for c in changes)
    assert [c.section for c in changes][:2] == ["header", "participant"]
    text = "\n".join(c.describe() for c in changes)
    assert "new strength (Anna Kowalska) on 1.1: “Good onboarding”" in text
    assert "removed" in text and "changed consensus score on 1.1 score: " in text


def test_apply_writes_everything_and_second_diff_is_empty(store, caf, demo_id, trio):
    mine, theirs, base = trio
    p0 = mine.participants[0].id
    theirs.participants.append(Participant("newperson", "Nadia Haddad", "Auditor", 5))
    theirs.ratings[("newperson", "1.1", "score")] = 55.0
    theirs.notes.append(Note("n1", "1.1", "strength", "Good onboarding", "newperson", 0))
    theirs.notes = [n for n in theirs.notes if n.id != mine.notes[0].id]
    theirs.actions.append(Action("a1", "Map the processes", node_ids=["5.1"], note_ids=["n1"]))
    theirs.actions[0].owner = "Someone else"
    theirs.ratings[(p0, "2.1", "score")] = 1.0
    changes = merge.diff(caf, mine, theirs, base)
    assert merge.apply(store, demo_id, changes) == len(changes)
    after = store.load(demo_id)
    assert merge.diff(caf, after, theirs, base) == []
    assert after.participant_by_name("Nadia Haddad").id == "newperson"
    assert next(x for x in after.actions if x.id == "a1").note_ids == ["n1"]


def test_conflicts_need_a_resolution(store, caf, demo_id, trio):
    mine, theirs, base = trio
    p0, p1 = mine.participants[0].id, mine.participants[1].id
    store.set_rating(demo_id, p0, "1.1", "score", 10)
    store.set_rating(demo_id, p1, "1.1", "score", 20)
    theirs.ratings[(p0, "1.1", "score")] = 11.0
    theirs.ratings[(p1, "1.1", "score")] = 21.0
    changes = merge.diff(caf, store.load(demo_id), theirs, base)
    assert [c.conflict for c in changes] == [True, True]
    with pytest.raises(ValidationError, match="2 conflict"):
        merge.apply(store, demo_id, changes)
    with pytest.raises(ValidationError, match="must be 'mine' or 'theirs'"):
        merge.apply(store, demo_id, changes, take="both")
    first = changes[0].id
    merge.apply(store, demo_id, changes, resolutions={first: "theirs"}, take="mine")
    a = store.load(demo_id)
    values = {c.key: a.ratings[c.key[1:]] for c in changes}
    assert values[changes[0].key] == changes[0].theirs and values[changes[1].key] == changes[1].mine


def test_without_base_differences_are_conflicts_and_nothing_is_removed(caf, trio):
    mine, theirs, _ = trio
    theirs.notes = []
    theirs.consensus[("1.1", "score")] = 1.0
    changes = merge.diff(caf, mine, theirs, None)
    assert [(c.key, c.conflict) for c in changes] == [(("consensus", "1.1", "score"), True)]


def test_participants_are_matched_by_name(caf, trio):
    mine, theirs, _ = trio
    old = theirs.participants[0].id
    theirs = merge.remap(theirs, {old: "laptopid"})
    mapping, notes = merge.align_participants(mine, theirs)
    assert mapping == {"laptopid": old} and "matched by name" in notes[0]
    assert merge.diff(caf, mine, merge.remap(theirs, mapping), None) == []


def test_apply_is_one_transaction(store, caf, demo_id, trio):
    mine, theirs, base = trio
    theirs.ratings[(mine.participants[0].id, "1.1", "score")] = 5.0
    theirs.participants.append(Participant("x", mine.participants[1].name.upper(), "", 9))  # name clash
    changes = merge.diff(caf, mine, theirs, base)
    with pytest.raises(ValidationError, match="already a participant"):
        merge.apply(store, demo_id, changes)
    assert store.load(demo_id) == mine


def test_apply_refuses_when_the_store_moved_since_the_preview(store, caf, demo_id, trio):
    mine, theirs, base = trio
    p0 = mine.participants[0].id
    theirs.ratings[(p0, "1.1", "score")] = 5.0
    changes = merge.diff(caf, mine, theirs, base)
    store.set_rating(demo_id, p0, "1.1", "score", 6)
    with pytest.raises(ValidationError, match="preview the import again"):
        merge.apply(store, demo_id, changes)
    assert store.load(demo_id).ratings[(p0, "1.1", "score")] == 6


def test_participant_scope_limits_the_diff(caf, trio):
    mine, theirs, base = trio
    p0, p1 = mine.participants[0].id, mine.participants[1].id
    theirs.ratings[(p0, "1.1", "score")] = 5.0
    theirs.ratings[(p1, "1.1", "score")] = 6.0
    theirs.consensus[("1.1", "score")] = 7.0
    assert [c.key for c in merge.diff(caf, mine, theirs, base, participant=p0)] == [("rating", p0, "1.1", "score")]


def test_actions_merge_field_by_field(store, caf, demo_id, trio):
    mine, theirs, base = trio
    x = mine.actions[0]
    store.update_action(x.id, owner="Facilitator")  # changed here
    theirs.actions[0].status = "done"  # changed in the field office
    theirs.actions[0].node_ids = ["1.1", "1.2"]
    changes = merge.diff(caf, store.load(demo_id), theirs, base)
    assert [(c.key, c.conflict) for c in changes] == [(("action", x.id, "node_ids"), False),
                                                     (("action", x.id, "status"), False)]
    assert "status of action" in changes[1].describe()
    merge.apply(store, demo_id, changes)
    after = next(a for a in store.load(demo_id).actions if a.id == x.id)
    assert (after.owner, after.status, after.node_ids) == ("Facilitator", "done", ["1.1", "1.2"])
    theirs.actions[0].owner = "Field office"
    conflict = merge.diff(caf, store.load(demo_id), theirs, base)
    assert [(c.key, c.conflict) for c in conflict] == [(("action", x.id, "owner"), True)]
