"""Editions: the next cycle on a newer edition carries what the declared correspondence allows."""

import subprocess
import sys
from pathlib import Path

import pytest

from npmassess.assessment import Action, Assessment, Note, Participant, new_id
from npmassess.comparison import copy_to_new_cycle
from npmassess.errors import FrameworkError, ValidationError
from npmassess.frameworks import load_all, parse_framework
from npmassess.store import Store

DATA = Path(__file__).parent.parent / "data"
TINY = (DATA / "tiny-1.toml").read_text(encoding="utf-8")

TINY_2 = TINY.replace('edition = "1"', 'edition = "2"').replace(
    'default_method = "standard"',
    'default_method = "standard"\nprevious = { edition = "1", map = { "1.3" = ["1.1"], "2.2" = ["2.1"] } }')
TINY_2 = TINY_2[:TINY_2.index("[[methods]]")] + '''[[scales]]
id = "pct10"
kind = "numeric"
title = "Percent in tens"
min = 0
max = 100
step = 10
[[scales.bands]]
min = 0
max = 40
label = "Low"
guidance = "Little in place."
[[scales.bands]]
min = 50
max = 100
label = "High"
guidance = "Mostly in place."

[[methods]]
id = "standard"
title = "Standard"
[[methods.dimensions]]
id = "score"
title = "Score"
applies_to = ["process"]
scale = "pct"
[[methods.dimensions]]
id = "score"
title = "Score"
applies_to = ["result"]
scale = "pct10"

[[criteria]]
id = "1"
title = "Process"
type = "process"
points = 60
[[criteria.children]]
id = "1.1"
title = "First item"
type = "process"
points = 30
[[criteria.children]]
id = "1.3"
title = "Third item, new in edition 2"
type = "process"
points = 30

[[criteria]]
id = "2"
title = "Results"
type = "result"
points = 40
[[criteria.children]]
id = "2.1"
title = "Outcomes"
type = "result"
points = 20
[[criteria.children]]
id = "2.2"
title = "Outcomes for users"
type = "result"
points = 10
[[criteria.children]]
id = "2.3"
title = "Brand-new results"
type = "result"
points = 10
'''


@pytest.fixture
def editions_store(tmp_path):
    folder = tmp_path / "fw"
    folder.mkdir()
    (folder / "tiny-1.toml").write_text(TINY, encoding="utf-8")
    (folder / "tiny-2.toml").write_text(TINY_2, encoding="utf-8")
    lib = load_all(folder)
    assert lib.errors == []
    store = Store(tmp_path / "e.db", frameworks=lib)
    old = Assessment(new_id(), "Org", "Unit", "tiny", "1", "standard", "2025", "completed")
    old.participants = [Participant(new_id(), "Ana")]
    old.consensus = {("1.1", "score"): 70.0, ("1.2", "score"): 45.0, ("2.1", "score"): 55.0}
    old.rationale = {"1.1": "Agreed after the audit.", "2.1": "Trend up."}
    old.narratives = {"1.1": "We do it like this."}
    n1 = Note(new_id(), "1.1", "strength", "Clear owner & <b>deadline</b>", None, 0)
    n2 = Note(new_id(), "1.2", "improvement", "No indicators", None, 0)
    n3 = Note(new_id(), "2.1", "evidence", "Survey 2025", None, 0)
    mine = Note(new_id(), "1.1", "strength", "individual note", old.participants[0].id, 0)
    old.notes = [n1, n2, n3, mine]
    old.actions = [Action(new_id(), "Define indicators", node_ids=["1.2"], note_ids=[n2.id]),
                   Action(new_id(), "Share the owner model", node_ids=["1.1"], note_ids=[n1.id]),
                   Action(new_id(), "Old and done", status="done", node_ids=["2.1"])]
    store.write_assessment(old)
    yield store, old
    store.close()


def test_previous_is_validated():
    with pytest.raises(FrameworkError, match=r"previous.map.9.9: '9.9' is not a scored node"):
        parse_framework(TINY_2.replace('"2.2" = ["2.1"]', '"9.9" = ["2.1"]').encode(), "t.toml")
    with pytest.raises(FrameworkError, match=r"previous.edition: '2' is this file's own edition"):
        parse_framework(TINY_2.replace('previous = { edition = "1"', 'previous = { edition = "2"').encode(), "t.toml")
    with pytest.raises(FrameworkError, match=r"previous.map.2.2\[0\]: must be a non-empty string"):
        parse_framework(TINY_2.replace('"2.2" = ["2.1"]', '"2.2" = [21]').encode(), "t.toml")
    fw = parse_framework(TINY_2.encode(), "t.toml")
    assert fw.previous.edition == "1" and fw.previous.sources("1.3") == ("1.1",)
    assert fw.previous.sources("2.1") == ("2.1",)  # same id carries by default


def test_next_cycle_on_the_new_edition_carries_across_the_map(editions_store):
    store, old = editions_store
    new_id_, lines = copy_to_new_cycle(store, old.id, "2026", "2")
    new = store.load(new_id_)
    assert (new.framework_id, new.edition, new.cycle) == ("tiny", "2", "2026")
    assert new.consensus == {("1.1", "score"): 70.0, ("1.3", "score"): 70.0}  # 2.1's 55 is off the 10-step scale
    assert new.rationale == {"1.1": "Agreed after the audit.", "1.3": "Agreed after the audit.", "2.1": "Trend up.",
                             "2.2": "Trend up."}
    assert new.narratives == {"1.1": "We do it like this.", "1.3": "We do it like this."}
    texts = {(n.node_id, n.text) for n in new.notes}
    assert texts == {("1.1", "Clear owner & <b>deadline</b>"), ("1.3", "Clear owner & <b>deadline</b>"),
                     ("2.1", "Survey 2025"), ("2.2", "Survey 2025")}
    assert all(n.participant_id is None for n in new.notes)
    actions = {a.title: a for a in new.actions}
    assert set(actions) == {"Define indicators", "Share the owner model"}
    assert actions["Share the owner model"].node_ids == ["1.1", "1.3"]
    assert actions["Define indicators"].node_ids == [] and actions["Define indicators"].note_ids == []
    text = "\n".join(lines)
    assert "2 consensus ratings and 4 consolidated notes carried" in text
    assert "Not carried: 2.1 Score: the old rating 55 of 2.1" in text and "Not carried: 2.2 Score" in text
    assert "Not carried: 2.3 Brand-new results: new in 2, nothing to carry" in text and "map names" not in text
    assert "Not carried: 1.2 Second item (edition 1): no node of edition 2 takes it over" in text
    assert "Not carried: the action 'Define indicators' lost its links" in text
    assert store.load(old.id).edition == "1" and len(store.load(old.id).notes) == 4  # the old cycle is untouched


def test_an_edition_without_a_declared_map_is_refused_and_nothing_is_written(editions_store):
    store, old = editions_store
    before = len(store.list_assessments())
    lib = store.frameworks
    one = lib.get("tiny", "1")
    new_id_, _ = copy_to_new_cycle(store, old.id, "2026", "2")
    before = len(store.list_assessments())
    with pytest.raises(ValidationError, match="does not declare how its nodes map from edition 2"):
        copy_to_new_cycle(store, new_id_, "2027", "1")  # going back: edition 1 declares no map from 2
    assert one.previous is None and len(store.list_assessments()) == before


def test_same_edition_keeps_the_plain_copy(editions_store):
    store, old = editions_store
    nid, lines = copy_to_new_cycle(store, old.id, "2026")
    new = store.load(nid)
    assert new.edition == "1" and new.consensus == old.consensus
    assert not any(ln.startswith("Not carried") for ln in lines)


def test_cli_new_cycle_edition(tmp_path, editions_store, monkeypatch):
    store, old = editions_store
    folder = Path(store.frameworks.frameworks[0].path).parent
    db = store.path
    store.close()
    env = {"NPMASSESS_FRAMEWORKS": str(folder), "PATH": "/usr/bin:/bin", "NPMASSESS_DATA_DIR": str(tmp_path / "d")}
    main = Path(__file__).parents[2] / "main.py"
    r = subprocess.run([sys.executable, str(main), "new-cycle", old.id[:8], "--cycle", "2026", "--edition", "2",
                        "--db", str(db)], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Moved to Tiny framework (2) from Tiny framework (1)" in r.stdout
    assert "Not carried: 2.3 Brand-new results" in r.stdout
    bad = subprocess.run([sys.executable, str(main), "new-cycle", old.id[:8], "--cycle", "2027", "--edition", "9",
                          "--db", str(db)], capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 1 and "Unknown framework 'tiny@9'" in bad.stderr
