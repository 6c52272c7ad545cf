"""JSON interchange: exact round trip; every damaged field named; nothing written on error."""

import json

import pytest

from npmassess.exchange import interchange
from npmassess.demo import build_demo
from npmassess.errors import ImportFileError
from npmassess.exchange.importing import import_file
from npmassess.store import Store


@pytest.mark.parametrize("fw_id,method", [("caf", "classical"), ("caf", "fine-tuned"), ("baldrige", None),
                                          ("maf", None), ("capability-review", "rag4")])
def test_export_then_import_reproduces_the_assessment(tmp_path, lib, fw_id, method):
    fw = lib.get(fw_id)
    src = Store(tmp_path / "a.db")
    a = build_demo(fw, method)
    a.narratives = {fw.scored_nodes()[0].id: "Narrative — 日本語 <b>&amp;</b>"}
    src.write_assessment(a)
    original = src.load(a.id)
    path = tmp_path / "out.json"
    interchange.write_json(original, fw, path)
    dst = Store(tmp_path / "b.db")
    message = import_file(dst, path)
    assert "Imported" in message
    assert dst.load(a.id) == original
    # a second import of the same file is refused, a copy gets new ids
    with pytest.raises(ImportFileError, match="already in"):
        import_file(dst, path)
    import_file(dst, path, as_copy=True)
    ids = [s.id for s in dst.list_assessments()]
    assert len(ids) == 2
    copy = dst.load(next(i for i in ids if i != a.id))
    assert copy.consensus == original.consensus and len(copy.notes) == len(original.notes)
    src.close()
    dst.close()


def _doc(store, demo_id):
    a = store.load(demo_id)
    return interchange.to_dict(a, store.framework_of(a))


DAMAGE = [
    ("ratings value out of scale", lambda d: d["ratings"][0].update(value=140), "ratings[", "outside 0-100"),
    ("consensus on unknown node", lambda d: d["consensus"][0].update(node="12.4"), "consensus[12.4/", "not a scored node"),
    ("unknown participant", lambda d: d["ratings"][0].update(participant="nobody"), "participant", "not a participant"),
    ("empty organisation", lambda d: d["assessment"].update(organisation=" "), "assessment.organisation", "must not be empty"),
    ("unknown method", lambda d: d["assessment"].update(method="quick"), "assessment.method", "not a method"),
    ("bad due date", lambda d: d["actions"][0].update(due="tomorrow"), "actions[0].due", "not a date"),
    ("impact out of range", lambda d: d["actions"][1].update(impact=0), "actions[1].impact", "1 to 5"),
    ("unknown field", lambda d: d["assessment"].update(colour="red"), "assessment.colour", "not a known field"),
    ("unknown framework", lambda d: d["framework"].update(edition="1999"), "framework", "Unknown framework"),
    ("newer format", lambda d: d.update(format_version=7), "format_version", "newer npmassess"),
    ("note kind", lambda d: d["notes"][3].update(kind="praise"), "notes[3].kind", "must be one of"),
    ("text not a string", lambda d: d["rationale"].update({"1.1": 5}), "rationale.1.1", "must be text"),
]


@pytest.mark.parametrize("name,damage,field,problem", DAMAGE, ids=[d[0] for d in DAMAGE])
def test_damaged_file_is_refused_naming_the_field(tmp_path, store, demo_id, name, damage, field, problem):
    doc = _doc(store, demo_id)
    damage(doc)
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    fresh = Store(tmp_path / "fresh.db")
    with pytest.raises(ImportFileError) as err:
        import_file(fresh, path, as_copy=True)
    assert "damaged.json" in str(err.value) and field in str(err.value) and problem in str(err.value), str(err.value)
    assert fresh.list_assessments() == []
    fresh.close()


@pytest.mark.parametrize("content,problem", [(b"{not json", "not valid JSON"), (b"\xff\xfe\x00", "not UTF-8"),
                                             (b"[1, 2]", "must be an object")])
def test_unreadable_files(tmp_path, store, content, problem):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=problem):
        import_file(store, path)
    assert store.list_assessments() == []
