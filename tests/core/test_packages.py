"""Assessment packages: round trips, strict validation of damaged or hostile files, imports and the CLI."""

import io
import json
import zipfile

import pytest

from npmassess.exchange import interchange
from npmassess.exchange import importing, packages
from npmassess.cli import run
from npmassess.errors import ImportFileError
from npmassess.store import Store


@pytest.fixture
def other(tmp_path):
    s = Store(tmp_path / "other.db")
    yield s
    s.close()


def rezip(src, dst, change=None, extra=None):
    """Copy a package, letting change(name, bytes) -> bytes alter members; extra: members to add."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            zout.writestr(name, change(name, data) if change else data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def edit_manifest(fn):
    def change(name, data):
        if name != "manifest.json":
            return data
        man = json.loads(data)
        fn(man)
        return json.dumps(man).encode()
    return change


@pytest.fixture
def package(store, demo_id, tmp_path):
    path = tmp_path / "unit.npma"
    packages.export_package(store, demo_id, path)
    return path


def test_round_trip_on_a_fresh_store_reproduces_the_assessment_exactly(store, demo_id, package, other):
    assert "Imported" in importing.import_file(other, package)
    fw = store.framework_of(demo_id)
    assert interchange.to_dict(other.load(demo_id), fw) == interchange.to_dict(store.load(demo_id), fw)


def test_reimport_is_idempotent(store, demo_id, package, other):
    importing.import_file(other, package)
    before = other.load(demo_id)
    for _ in range(2):
        preview = importing.preview_import(other, package)
        assert preview.nothing_to_do
        importing.import_file(other, package, confirm=True)
    assert other.load(demo_id) == before


def test_detected_by_content_not_extension(store, demo_id, package, other, tmp_path):
    disguised = tmp_path / "unit.json"
    disguised.write_bytes(package.read_bytes())
    assert packages.detect(disguised) == "package"
    js = tmp_path / "unit.npma"
    js.unlink()
    interchange.write_json(store.load(demo_id), store.framework_of(demo_id), js)
    assert packages.detect(js) == "json"
    assert "Imported" in importing.import_file(other, disguised)


def test_as_copy_gets_new_ids(store, demo_id, package):
    result = importing.import_file(store, package, as_copy=True)
    assert len(store.list_assessments()) == 2 and "Imported" in result


def _refused(other, path, match):
    with pytest.raises(ImportFileError, match=match) as err:
        importing.import_file(other, path, confirm=True)
    assert str(path) in str(err.value)
    assert other.list_assessments() == []


def test_truncated_zip(package, other, tmp_path):
    cut = tmp_path / "cut.npma"
    cut.write_bytes(package.read_bytes()[: package.stat().st_size // 2])
    _refused(other, cut, "damaged or truncated")


def test_not_a_zip_and_empty(other, tmp_path):
    junk = tmp_path / "junk.npma"
    junk.write_bytes(b"\x00\x01 this is not an assessment")
    _refused(other, junk, "not an npmassess file")
    empty = tmp_path / "empty.npma"
    empty.write_bytes(b"")
    _refused(other, empty, "empty")


def test_checksum_mismatch(package, other, tmp_path):
    def change(name, data):
        return data.replace(b'"Family Benefits Unit"', b'"Family Benefit Unit"') if name == "assessment.json" else data
    _refused(other, rezip(package, tmp_path / "x.npma", change), "checksum mismatch")


def test_newer_format_version(package, other, tmp_path):
    path = rezip(package, tmp_path / "x.npma", edit_manifest(lambda m: m.update(format_version=2)))
    _refused(other, path, "newer npmassess")


def test_zip_bomb_and_extra_members_are_refused(package, other, tmp_path):
    bomb = rezip(package, tmp_path / "bomb.npma", extra={"base.json": b"\x00" * 3_000_000})
    _refused(other, bomb, "zip bomb")
    extra = rezip(package, tmp_path / "extra.npma", extra={"run.sh": b"rm -rf /"})
    _refused(other, extra, "unexpected member 'run.sh'")
    many = tmp_path / "many.npma"
    with zipfile.ZipFile(many, "w") as zf:
        zf.writestr("manifest.json", b"{}")
        for i in range(50):
            zf.writestr(f"m{i}", b"x")
    _refused(other, many, "members")


def test_framework_structure_and_fingerprint(package, other, tmp_path):
    wrong = rezip(package, tmp_path / "s.npma", edit_manifest(lambda m: m["framework"].update(structure="0" * 16)))
    _refused(other, wrong, "different structure")
    fp = rezip(package, tmp_path / "f.npma", edit_manifest(lambda m: m["framework"].update(fingerprint="abc")))
    preview = importing.preview_import(other, fp)
    assert any("differs" in w for w in preview.warnings)
    other_fw = rezip(package, tmp_path / "o.npma", edit_manifest(lambda m: m["framework"].update(id="baldrige")))
    _refused(other, other_fw, "manifest names framework baldrige")


def test_invalid_data_inside_a_valid_package(store, demo_id, other, tmp_path):
    a = store.load(demo_id)
    fw = store.framework_of(a)
    data = interchange.to_dict(a, fw)
    data["ratings"][0]["value"] = 250
    raw = json.dumps(data).encode()
    manifest = {"format": packages.PACKAGE_FORMAT, "format_version": 1, "framework": {"id": "caf", "edition": "2020"},
                "checksum": {"sha256": {"assessment.json": packages.sha256(raw)}}}
    path = tmp_path / "bad.npma"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("assessment.json", raw)
    _refused(other, path, "250 is outside")


def test_merge_needs_confirmation_and_writes_nothing_before(store, demo_id, package, other, tmp_path):
    importing.import_file(other, package)
    pid = other.load(demo_id).participants[0].id
    other.set_rating(demo_id, pid, "1.1", "score", 12)
    other.add_note(demo_id, pid, "1.1", "strength", "Clear priorities")
    back = tmp_path / "back.npma"
    packages.export_package(other, demo_id, back)
    before = store.load(demo_id)
    dry = importing.import_file(store, back, dry_run=True)
    assert "changed score of Anna Kowalska on 1.1 score" in dry and "new strength" in dry
    assert "Dry run" in dry and store.load(demo_id) == before
    with pytest.raises(ImportFileError, match="--yes"):
        importing.import_file(store, back)
    assert store.load(demo_id) == before
    importing.import_file(store, back, confirm=True)
    after = store.load(demo_id)
    assert after.ratings[(pid, "1.1", "score")] == 12
    assert [n.text for n in after.notes_for("1.1", "strength", pid)][-1] == "Clear priorities"


def test_conflicts_are_listed_and_resolved_explicitly(store, demo_id, package, other, tmp_path):
    importing.import_file(other, package)
    people = [p.id for p in store.load(demo_id).participants]
    other.set_rating(demo_id, people[0], "1.1", "score", 12)  # changed there only
    other.set_rating(demo_id, people[1], "1.2", "score", 13)  # changed in both places
    store.set_rating(demo_id, people[1], "1.2", "score", 88)
    store.set_rating(demo_id, people[2], "1.3", "score", 77)  # changed here only: kept
    back = tmp_path / "back.npma"
    packages.export_package(other, demo_id, back)
    preview = importing.preview_import(store, back)
    assert [(c.key, c.conflict) for c in preview.changes] == [
        (("rating", people[0], "1.1", "score"), False), (("rating", people[1], "1.2", "score"), True)]
    assert "CONFLICT" in "\n".join(preview.lines())
    with pytest.raises(ImportFileError, match="--take"):
        importing.import_file(store, back, confirm=True)
    conflict = preview.conflicts[0]
    importing.apply_import(store, preview, resolutions={conflict.id: "mine"})
    a = store.load(demo_id)
    assert (a.ratings[(people[0], "1.1", "score")], a.ratings[(people[1], "1.2", "score")],
            a.ratings[(people[2], "1.3", "score")]) == (12, 88, 77)


def test_cli_package_import_and_confirmation(store, demo_id, tmp_path, monkeypatch, capsys):
    db, other_db = str(store.path), str(tmp_path / "o.db")
    pkg = tmp_path / "u.npma"
    assert run(["package", demo_id[:8], str(pkg), "--db", db]) == 0
    assert run(["import", str(pkg), "--db", other_db]) == 0
    o = Store(other_db)
    o.set_rating(demo_id, o.load(demo_id).participants[0].id, "2.1", "score", 3)
    o.close()
    back = tmp_path / "back.npma"
    assert run(["package", demo_id, str(back), "--db", other_db]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no one to answer (CI)
    assert run(["import", str(back), "--db", db]) == 1
    out = capsys.readouterr()
    assert "changed score" in out.out and "--yes" in out.err
    assert run(["import", str(back), "--dry-run", "--db", db]) == 0
    assert "Dry run" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert run(["import", str(back), "--db", db]) == 0
    assert "Merged 1 change" in capsys.readouterr().out
    s = Store(db)
    assert s.load(demo_id).ratings[(s.load(demo_id).participants[0].id, "2.1", "score")] == 3
    s.close()
    assert run(["import", str(tmp_path / "missing.npma"), "--db", db]) == 1
    assert "no such file" in capsys.readouterr().err


def test_a_base_unknown_here_never_silently_reverts_a_change(store, demo_id, package, tmp_path):
    """F sends P1 to laptops L1 and L2; L1's change reaches F; F's next package must not be
    silently ignored by L2 (which never saw L1's package), nor L2's stale value win back at F."""
    l1, l2 = Store(tmp_path / "l1.db"), Store(tmp_path / "l2.db")
    try:
        importing.import_file(l1, package)
        importing.import_file(l2, package)
        pid = store.load(demo_id).participants[0].id
        old = store.load(demo_id).ratings[(pid, "1.1", "score")]
        l1.set_rating(demo_id, pid, "1.1", "score", 3)
        packages.export_package(l1, demo_id, tmp_path / "p2.npma")
        importing.import_file(store, tmp_path / "p2.npma", confirm=True)  # base P1 is known at F: a plain change
        assert store.load(demo_id).ratings[(pid, "1.1", "score")] == 3
        packages.export_package(store, demo_id, tmp_path / "p3.npma")  # its base is P2, unknown to L2
        preview = importing.preview_import(l2, tmp_path / "p3.npma")
        assert any("not known in this database" in w for w in preview.warnings)
        change = next(c for c in preview.changes if c.key == ("rating", pid, "1.1", "score"))
        assert change.conflict and (change.mine, change.theirs) == (old, 3)
    finally:
        l1.close()
        l2.close()
