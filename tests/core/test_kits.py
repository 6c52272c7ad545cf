"""Scoring kits: Excel workbooks and packages issued per participant, filled, returned and merged."""

import random
import shutil
import subprocess

import openpyxl
import pytest

from npmassess.exchange import kits
from npmassess.exchange import importing, packages
from npmassess.errors import ImportFileError
from npmassess.store import Store

PEOPLE = ["Ana Lima", "Björn Ek", "Chloé Roux"]


def fill(path, fw, method_id, values=None, notes=None, out=None):
    """Fill a kit like a participant would: open it with openpyxl, type in the input cells, save."""
    wb = openpyxl.load_workbook(path)
    ws = wb[kits.SHEET]
    header = [c.value for c in ws[kits.HEADER_ROW]]
    titles = {d.id: d.title() for d in fw.method(method_id).dimensions}
    rows = {ws.cell(r, 1).value: r for r in range(kits.HEADER_ROW + 1, ws.max_row + 1)}
    for (node, dim), value in (values or {}).items():
        ws.cell(rows[node], header.index(titles[dim]) + 1).value = value
    for (node, kind), text in (notes or {}).items():
        cell = ws.cell(rows[node], header.index(kits.NOTE_HEADINGS[kind]) + 1)
        cell.value = text
        cell.data_type = "s"
    wb.save(out or path)
    return out or path


def random_scores(fw, method_id, seed):
    """(node, dim) -> a valid value for every applicable input cell; ordinal levels as drop-down text."""
    rng = random.Random(seed)
    out, typed = {}, {}
    for node in fw.scored_nodes():
        for d in fw.method(method_id).dimensions_for(node.type):
            value = rng.choice(d.scale.allowed())
            out[(node.id, d.id)] = float(value)
            typed[(node.id, d.id)] = kits._list_items(d.scale)[d.scale.allowed().index(value)] \
                if d.scale.ordinal else value
    return out, typed


@pytest.fixture
def empty_caf(store, caf):
    return store.create_assessment(caf, "City of Valmora", "Benefits", "2026", "fine-tuned")


def test_kit_workbook_is_protected_with_dropdowns_and_hidden_identifiers(store, caf, empty_caf, tmp_path):
    issued = kits.issue_kit(store, empty_caf, "Ana Lima", tmp_path / "ana.xlsx")
    assert issued.participant_added and store.load(empty_caf).participant_by_name("Ana Lima")
    wb = openpyxl.load_workbook(tmp_path / "ana.xlsx")
    ws = wb[kits.SHEET]
    assert ws.protection.sheet and wb[kits.META].sheet_state == "veryHidden"
    assert wb[kits.LISTS].sheet_state == "veryHidden"
    header = [c.value for c in ws[kits.HEADER_ROW]]
    assert header[:3] == ["Ref", "Sub-criterion", "Plan"] and header[-1] == "Areas for improvement"
    row = next(r for r in range(7, ws.max_row + 1) if ws.cell(r, 1).value == "1.1")
    plan, trends = header.index("Plan") + 1, header.index("Trends") + 1
    assert ws.cell(row, plan).protection.locked is False  # input cell
    assert ws.cell(row, trends).protection.locked is True  # results dimension: not for an enabler
    assert ws.cell(row, 2).protection.locked is True
    ranges = " ".join(str(dv.sqref) for dv in ws.data_validations.dataValidation)
    assert ws.cell(row, plan).coordinate in ranges
    assert all(dv.type == "list" for dv in ws.data_validations.dataValidation)
    assert store.kit_record(issued.kit_id)["participant_id"] == issued.participant_id


def test_excel_kits_of_several_participants_merge_every_score(store, caf, empty_caf, tmp_path):
    expected = {}
    for i, name in enumerate(PEOPLE):
        path = kits.issue_kit(store, empty_caf, name, tmp_path / f"kit{i}.xlsx").path
        values, typed = random_scores(caf, "fine-tuned", i)
        fill(path, caf, "fine-tuned", typed, {("1.1", "strength"): f"Strength {i}\nSecond strength {i}",
                                               ("2.1", "evidence"): f"=Report {i} <b>&"})
        result = importing.import_file(store, path, confirm=True)
        assert "Merged" in result
        expected[name] = values
    a = store.load(empty_caf)
    for name, values in expected.items():
        pid = a.participant_by_name(name).id
        assert a.ratings_of(pid) == values
        assert [n.text for n in a.notes_for("1.1", "strength", pid)] == [f"Strength {PEOPLE.index(name)}",
                                                                          f"Second strength {PEOPLE.index(name)}"]
        assert [n.text for n in a.notes_for("2.1", "evidence", pid)] == [f"=Report {PEOPLE.index(name)} <b>&"]


def test_ordinal_kit_reads_level_labels(store, lib, tmp_path):
    maf = lib.get("maf", "current")
    aid = store.create_assessment(maf, "Agency", "Branch", "2026")
    path = kits.issue_kit(store, aid, "Dana", tmp_path / "d.xlsx").path
    values, typed = random_scores(maf, "rating", 7)
    importing.import_file(store, fill(path, maf, "rating", typed), confirm=True)
    a = store.load(aid)
    assert a.ratings_of(a.participant_by_name("Dana").id) == values


def test_same_kit_twice_changes_nothing(store, caf, empty_caf, tmp_path):
    path = kits.issue_kit(store, empty_caf, "Ana Lima", tmp_path / "a.xlsx").path
    fill(path, caf, "fine-tuned", {("1.1", "plan"): 40}, {("1.1", "strength"): "Clear mission"})
    importing.import_file(store, path, confirm=True)
    before = store.load(empty_caf)
    preview = importing.preview_import(store, path)
    assert preview.duplicate and preview.nothing_to_do
    assert "duplicate" in importing.import_file(store, path, confirm=True)
    after = store.load(empty_caf)
    assert after == before  # not even the 'updated' stamp moved


def test_prefilled_values_round_trip_without_changes(store, caf, demo_id, tmp_path):
    a = store.load(demo_id)
    path = kits.issue_kit(store, demo_id, a.participants[0].name, tmp_path / "k.xlsx").path
    preview = importing.preview_import(store, path)
    assert preview.changes == [] and not preview.duplicate


def test_second_return_with_other_content_shows_conflicts(store, caf, empty_caf, tmp_path):
    path = kits.issue_kit(store, empty_caf, "Ana Lima", tmp_path / "a.xlsx").path
    first = fill(path, caf, "fine-tuned", {("1.1", "plan"): 40}, out=tmp_path / "first.xlsx")
    second = fill(path, caf, "fine-tuned", {("1.1", "plan"): 60}, out=tmp_path / "second.xlsx")
    importing.import_file(store, first, confirm=True)
    preview = importing.preview_import(store, second)
    assert [c.conflict for c in preview.changes] == [True]
    with pytest.raises(ImportFileError, match="--take"):
        importing.import_file(store, second, confirm=True)
    importing.import_file(store, second, confirm=True, take="theirs")
    pid = store.load(empty_caf).participant_by_name("Ana Lima").id
    assert store.load(empty_caf).ratings[(pid, "1.1", "plan")] == 60


def test_stale_return_is_refused(store, caf, empty_caf, tmp_path):
    old = kits.issue_kit(store, empty_caf, "Ana Lima", tmp_path / "old.xlsx").path
    kits.issue_kit(store, empty_caf, "Ana Lima", tmp_path / "new.xlsx")
    fill(old, caf, "fine-tuned", {("1.1", "plan"): 40})
    with pytest.raises(ImportFileError, match="stale return"):
        importing.preview_import(store, old)
    assert store.load(empty_caf).ratings == {}


def _kit(store, aid, tmp_path, name="k.xlsx"):
    return kits.issue_kit(store, aid, "Ana Lima", tmp_path / name).path


@pytest.mark.parametrize("edit, where", [
    (lambda ws, r: ws.delete_rows(r), "Scoring!A"),  # row deleted
    (lambda ws, r: ws.move_range(f"A{r}:H{r + 1}", rows=1), "Scoring!A"),  # rows moved
    (lambda ws, r: setattr(ws.cell(r, 1), "value", "1.9"), "expected node 1.1"),  # node id changed
    (lambda ws, r: ws.insert_cols(3), "Scoring!C6"),  # column inserted
    (lambda ws, r: setattr(ws.cell(r, 3), "value", 150), "Scoring!C"),  # outside the scale
    (lambda ws, r: setattr(ws.cell(r, 3), "value", "a lot"), "not a value of the scale"),
    (lambda ws, r: setattr(ws.cell(r, 7), "value", 40), "must stay empty"),  # results column on an enabler
])
def test_edited_or_invalid_kits_are_refused_with_sheet_and_cell(store, caf, empty_caf, tmp_path, edit, where):
    path = _kit(store, empty_caf, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[kits.SHEET]
    row = next(r for r in range(7, ws.max_row + 1) if ws.cell(r, 1).value == "1.1")
    ws.cell(row, 4).value = 30  # a valid score somewhere, so a refusal is not "nothing to do"
    edit(ws, row)
    wb.save(path)
    before = store.load(empty_caf)
    with pytest.raises(ImportFileError) as err:
        importing.import_file(store, path, confirm=True)
    assert where in str(err.value) and "nothing was imported" in str(err.value)
    assert store.load(empty_caf) == before


def test_out_of_scale_error_names_the_exact_cell(store, caf, empty_caf, tmp_path):
    path = _kit(store, empty_caf, tmp_path)
    fill(path, caf, "fine-tuned", {("1.2", "do"): 101})
    wb = openpyxl.load_workbook(path)
    ws = wb[kits.SHEET]
    row = next(r for r in range(7, ws.max_row + 1) if ws.cell(r, 1).value == "1.2")
    with pytest.raises(ImportFileError, match=f"Scoring!D{row}: 101 is outside 0-100"):
        importing.preview_import(store, path)


def test_tampered_identifiers_and_foreign_workbooks_are_refused(store, caf, empty_caf, tmp_path):
    path = _kit(store, empty_caf, tmp_path)
    wb = openpyxl.load_workbook(path)
    meta = wb[kits.META]
    meta["A2"].value = meta["A2"].value.replace("Ana Lima", "Eve")
    wb.save(tmp_path / "tampered.xlsx")
    with pytest.raises(ImportFileError, match="identifiers were edited"):
        importing.preview_import(store, tmp_path / "tampered.xlsx")
    plain = openpyxl.Workbook()
    plain.save(tmp_path / "plain.xlsx")
    with pytest.raises(ImportFileError, match="not an npmassess scoring kit"):
        importing.preview_import(store, tmp_path / "plain.xlsx")


def _reseal(path, out, change, secret):
    """Edit the hidden identifiers and seal them again with the given key."""
    wb = openpyxl.load_workbook(path)
    cells = [r[0] for r in wb[kits.META].iter_rows(min_col=1, max_col=1, values_only=True)]
    import json
    meta = json.loads("".join(cells[1:]))["meta"]
    change(meta)
    del wb[kits.META]
    kits._write_meta(wb.create_sheet(kits.META), meta, secret)
    wb.save(out)
    return out


def test_wrong_assessment_and_wrong_framework(store, caf, empty_caf, tmp_path, db_path):
    path = _kit(store, empty_caf, tmp_path)
    other = Store(tmp_path / "other.db")
    try:
        with pytest.raises(ImportFileError, match="not issued from"):  # an unknown kit is refused
            importing.preview_import(other, path)
        assert other.list_assessments() == []
    finally:
        other.close()
    secret = store.kit_secret()
    bad = _reseal(path, tmp_path / "bad.xlsx", lambda m: m["framework"].update(edition="2013"), secret)
    with pytest.raises(ImportFileError, match="wrong framework"):
        importing.preview_import(store, bad)
    newer = _reseal(path, tmp_path / "newer.xlsx", lambda m: m.update(format_version=9), secret)
    with pytest.raises(ImportFileError, match="newer npmassess"):
        importing.preview_import(store, newer)


def test_package_kits_travel_to_a_laptop_and_back(store, caf, empty_caf, tmp_path):
    expected = {}
    for i, name in enumerate(PEOPLE):
        kit = kits.issue_kit(store, empty_caf, name, tmp_path / f"kit{i}.npma", kind="package")
        laptop = Store(tmp_path / f"laptop{i}.db")
        try:
            assert "Imported" in importing.import_file(laptop, kit.path)
            values, _ = random_scores(caf, "fine-tuned", 100 + i)
            for (node, dim), v in values.items():
                laptop.set_rating(empty_caf, kit.participant_id, node, dim, v)
            laptop.add_note(empty_caf, kit.participant_id, "3.1", "improvement", f"No induction plan ({name})")
            laptop.set_rating(empty_caf, None, "1.1", "plan", 99)  # not part of a kit: ignored on return
            packages.export_package(laptop, empty_caf, tmp_path / f"back{i}.npma")
        finally:
            laptop.close()
        preview = importing.preview_import(store, tmp_path / f"back{i}.npma")
        assert preview.participant == kit.participant_id and not preview.conflicts
        assert any("ignored" in w for w in preview.warnings)
        importing.apply_import(store, preview)
        expected[kit.participant_id] = values
    a = store.load(empty_caf)
    for pid, values in expected.items():
        assert a.ratings_of(pid) == values
    assert a.consensus == {}
    assert len(a.notes_for("3.1", "improvement")) == 3
    assert all(store.kit_record(k["id"])["returned"] for k in store.kits_of(empty_caf))


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_kit_saved_by_libreoffice_still_merges(store, caf, empty_caf, tmp_path):
    path = kits.issue_kit(store, empty_caf, "Zoë Martin", tmp_path / "kit.xlsx").path
    values, typed = random_scores(caf, "fine-tuned", 5)
    fill(path, caf, "fine-tuned", typed, {("1.1", "strength"): "Ligne une\nLigne deux é"})
    out = tmp_path / "out"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
                   capture_output=True, timeout=180, check=True)
    importing.import_file(store, out / "kit.xlsx", confirm=True)
    a = store.load(empty_caf)
    pid = a.participant_by_name("Zoë Martin").id
    assert a.ratings_of(pid) == values
    assert [n.text for n in a.notes_for("1.1", "strength", pid)] == ["Ligne une", "Ligne deux é"]


def test_hostile_or_damaged_workbooks_are_refused(store, empty_caf, tmp_path):
    import zipfile
    path = _kit(store, empty_caf, tmp_path)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(path.read_bytes()[:4000])
    with pytest.raises(ImportFileError, match="damaged or truncated"):
        importing.preview_import(store, cut)
    laughs = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(laughs, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><workbook>&lol2;</workbook>')
    with pytest.raises(ImportFileError, match="not valid XML"):
        importing.preview_import(store, laughs)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            zout.writestr(name, zin.read(name))
        zout.writestr("xl/media/padding.bin", b"\x00" * 3_000_000)
    with pytest.raises(ImportFileError, match="zip bomb"):
        importing.preview_import(store, bomb)
    assert store.load(empty_caf).ratings == {}


def test_issue_kits_for_every_participant(store, demo_id, tmp_path):
    issued = kits.issue_kits(store, demo_id, tmp_path)
    names = [p.name for p in store.load(demo_id).participants]
    assert len(issued) == len(names) and all(k.path.exists() and not k.participant_added for k in issued)
    assert issued[3].path.name == "kit-Søren-Nielsen.xlsx"
    for k in issued:  # prefilled with each person's own scores: returning them untouched changes nothing
        assert importing.preview_import(store, k.path).changes == []


def test_the_seal_is_keyed_by_the_issuing_database(store, empty_caf, tmp_path):
    """Re-sealing edited identifiers without the database's secret is detected; ids must match the record."""
    path = _kit(store, empty_caf, tmp_path)
    before = store.load(empty_caf)
    forged = _reseal(path, tmp_path / "forged.xlsx", lambda m: m.update(method="fine-tuned"), b"guessed key")
    with pytest.raises(ImportFileError, match="identifiers were edited"):
        importing.preview_import(store, forged)
    other = store.load(empty_caf).participants
    assert other == before.participants
    # a genuine seal on identifiers that do not match the issued kit's record is refused too
    swapped = _reseal(path, tmp_path / "swapped.xlsx",
                      lambda m: m["kit"].update(participant_id="someone-else"), store.kit_secret())
    with pytest.raises(ImportFileError, match="does not match the kit issued"):
        importing.preview_import(store, swapped)
    assert store.load(empty_caf).ratings == before.ratings


def test_a_package_kit_with_an_edited_manifest_is_refused(store, empty_caf, tmp_path):
    import io
    import json
    import zipfile

    issued = kits.issue_kit(store, empty_caf, "Ana Lima", tmp_path / "k.npma", kind="package")
    raw = zipfile.ZipFile(issued.path)
    members = {n: raw.read(n) for n in raw.namelist()}
    man = json.loads(members["manifest.json"])
    assert man["kit"]["seal"]
    man["kit"]["seal"] = "0" * 64
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, data in members.items():
            z.writestr(n, json.dumps(man) if n == "manifest.json" else data)
    bad = tmp_path / "bad.npma"
    bad.write_bytes(buf.getvalue())
    with pytest.raises(ImportFileError, match="seal"):
        importing.preview_import(store, bad)


def test_a_kit_file_is_written_only_after_its_record_commits(store, empty_caf, tmp_path, monkeypatch):
    """A write that fails leaves neither a file nor a record of a kit nobody holds."""
    def refuse(path, data):
        raise ImportFileError(f"Cannot write {path}: the disk is full.")

    monkeypatch.setattr(kits, "write_atomic", refuse)
    with pytest.raises(ImportFileError, match="disk is full"):
        kits.issue_kit(store, empty_caf, "Ana Lima", tmp_path / "k.xlsx")
    assert store.kits_of(empty_caf) == [] and not (tmp_path / "k.xlsx").exists()
    assert store.load(empty_caf).participant_by_name("Ana Lima") is None
