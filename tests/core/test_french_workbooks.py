"""Every Excel file written under --lang fr is French: assessment workbooks and scoring kits of every
framework, sheet names, headings, lists and validation messages (users' own text apart); a French kit
filled in and returned imports back whatever the interface language."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sqlite3

import openpyxl
import pytest

from npmassess import i18n
from npmassess.cli import run
from npmassess.exchange import importing
from npmassess.frameworks import library
from npmassess.store import Store

FRAMEWORKS = ["caf@2020", "baldrige@2023-2024", "maf@current", "maf@2003", "capability-review@2006",
              "efqm@2020", "kr-gpe@2022", "pma-scorecard@2001-2008", "pqa", "tqa"]
WORDS = re.compile(r"\b(Measures|Performance|Score|Scores|the|and|planned|High|Medium|Low|Status|Priority|"
                   r"Mean|Owner|Strength|Evidence|Sheet|Participant|Facilitator|Member|Observer|carried|in progress|done)\b")


def _english_msgids() -> list[re.Pattern]:
    """Catalogue texts whose French differs and which read as English phrases (two words or more)."""
    cat = i18n.load_catalogue("fr")
    out = []
    for key, fr in cat.messages.items():
        msgid = key.split("\x04")[-1]
        plain = re.sub(r"\{[^{}]*\}", "", msgid).strip()
        if fr and fr != msgid and len(plain) >= 8 and re.fullmatch(r"[A-Za-z][A-Za-z ,'()-]*[a-z)]", plain) \
                and " " in plain and plain.lower() not in fr.lower():
            out.append(plain)
    out.sort(key=len, reverse=True)
    return [re.compile(r"(?<![\w-])" + re.escape(p) + r"(?![\w-])") for p in out]


ENGLISH = _english_msgids()


def _user_texts(db) -> list[str]:
    """Every text stored in the database (users' own words), except the canonical values the app translates."""
    cat = i18n.load_catalogue("fr")
    con = sqlite3.connect(db)
    texts = set()
    for (table,) in con.execute("select name from sqlite_master where type = 'table'"):
        for row in con.execute(f'select * from "{table}"'):
            texts.update(v for v in row if isinstance(v, str) and len(v) > 2 and not cat.messages.get(v))
    con.close()
    return sorted(texts, key=len, reverse=True)


def english_in(path, user: list[str], framework_titles: list[str]) -> list[str]:
    """Cells, sheet names and validation messages of a workbook that still read as English."""
    wb = openpyxl.load_workbook(path)
    keep = sorted(set(user) | set(framework_titles), key=len, reverse=True)
    found = []

    def check(where: str, text: str) -> None:
        rest = text
        for u in keep:
            if u in rest:
                rest = rest.replace(u, " ")
        hits = [m.group(0) for m in WORDS.finditer(rest)] + [p.pattern for p in ENGLISH if p.search(rest)]
        if hits:
            found.append(f"{path.name} {where}: {text[:100]!r} ({hits[0]})")

    for ws in wb.worksheets:
        if ws.sheet_state == "veryHidden":
            continue  # the kit's sealed identifiers: machine data, never shown
        check(f"sheet name {ws.title!r}", ws.title)
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and not c.value.startswith("="):
                    check(f"{ws.title}!{c.coordinate}", c.value)
        for dv in ws.data_validations.dataValidation:
            for t in (dv.error, dv.errorTitle, dv.prompt, dv.promptTitle, dv.formula1):
                if t:
                    check(f"{ws.title} validation", str(t))
        for chart in ws._charts:
            title = chart.title
            if title is not None and not isinstance(title, str):
                title = " ".join(r.t for p in title.tx.rich.p for r in (p.r or []))
            if title:
                check(f"{ws.title} chart", title)
    return found


@pytest.fixture(scope="module")
def demos(tmp_path_factory):
    """One demo database per framework and its French workbook and kit."""
    out = {}
    base = tmp_path_factory.mktemp("frwb")
    for fw in FRAMEWORKS:
        db = base / f"{fw.replace('@', '_')}.db"
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            assert run(["demo", "--db", str(db), "--framework", fw]) == 0
        aid = buf.getvalue().split()[-1]
        wb, kit = base / f"{db.stem}.xlsx", base / f"{db.stem}_kit.xlsx"
        with contextlib.redirect_stdout(io.StringIO()):
            assert run(["export", "--db", str(db), "--lang", "fr", "--xlsx", str(wb), aid]) == 0
            assert run(["kit", "--db", str(db), "--lang", "fr", "--xlsx", str(kit), "--participant", "Zoé Kit",
                        "--role", "Member", aid]) == 0
        out[fw] = (db, aid, wb, kit)
    return out


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_french_workbook_and_kit_have_no_english_outside_user_data(demos, fw):
    db, aid, wb, kit = demos[fw]
    user = _user_texts(db)
    titles = _official_english_titles(fw)
    bad = english_in(wb, user, titles) + english_in(kit, user, titles)
    assert not bad, f"{len(bad)} English texts:\n" + "\n".join(bad[:40])


def _official_english_titles(fw_id: str) -> list[str]:
    """Node titles kept in their official English in French (no official French exists): facts, not our words."""
    name, _, edition = fw_id.partition("@")
    fw = library().get(name, edition or None)
    out = {n.title("en") for n in fw.nodes() if not n.title.has("fr")}
    out |= {fw.title("en"), fw.title("fr"), fw.publisher, fw.source("fr")}  # titles kept, the publication cited
    for method in fw.methods.values():
        out |= {d.title("fr") for d in method.dimensions}  # e.g. RADAR's 'Performance', French as published
    out |= {t.replace(": ", "\u00a0: ") for t in out}  # as a French cell types the colon
    return sorted(out, key=len, reverse=True)


def test_sheet_names_are_french(demos):
    _, _, wb, kit = demos["caf@2020"]
    names = openpyxl.load_workbook(wb).sheetnames
    assert "Measures" not in names and "Performance" not in names and "Mesures" in names
    assert [n for n in openpyxl.load_workbook(kit).sheetnames if n in ("Notation", "Échelles")]


@pytest.mark.parametrize("ui_lang", ["en", "fr"])
def test_french_kit_filled_in_imports_back_in_either_interface_language(demos, ui_lang, tmp_path):
    db, aid, _, kit = demos["caf@2020"]
    wb = openpyxl.load_workbook(kit)
    ws = wb["Notation"]
    header_row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Réf.")
    header = [c.value for c in ws[header_row]]
    row = next(r for r in range(header_row + 1, ws.max_row + 1) if ws.cell(r, 3).protection.locked is False)
    node = ws.cell(row, 1).value
    listed = next(dv.formula1 for dv in ws.data_validations.dataValidation
                  if any(rg.min_col <= 3 <= rg.max_col and rg.min_row <= row <= rg.max_row for rg in dv.sqref.ranges))
    sheet, cells = listed.split("!")
    first = wb[sheet.strip("'")][cells.split(":")[0].replace("$", "")].value  # the first value of the drop-down
    ws.cell(row, 3).value = first
    ws.cell(row, header.index("Points forts") + 1).value = "Accueil apprécié : enquête 2026"
    out, copy = tmp_path / "retour.xlsx", tmp_path / "copy.db"
    wb.save(out)
    shutil.copy(db, copy)
    with i18n.using_language(ui_lang), Store(copy) as store:
        importing.import_file(store, out, confirm=True)
        a = store.load(aid)
    person = a.participant_by_name("Zoé Kit")
    assert [n.text for n in a.notes_for(node, "strength", person.id)] == ["Accueil apprécié : enquête 2026"]
    assert any(n == node for n, _d in a.ratings_of(person.id)), "the score chosen from the French list was not read"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_register_written_in_french_reads_back_the_same(demos, suffix, tmp_path):
    from npmassess.results.io import export_file, import_file, rows_of
    from npmassess.results.registry import load_register
    db, aid, _, _ = demos["caf@2020"]
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    with Store(copy) as store:
        a = store.load(aid)
        before = load_register(store, a.organisation, a.unit)
        assert before.measures
        path = export_file(before, tmp_path / f"registre{suffix}", "fr")
        if suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            assert wb.sheetnames == ["Registre"]
            header = [c.value for c in wb.active[1]]
            assert header[:3] == ["mesure", "niveau", "sens"] and "Measure" not in header
            assert not english_in(path, _user_texts(db), [])
        import_file(store, a.organisation, a.unit, path)
        after = load_register(store, a.organisation, a.unit)
    assert rows_of(after) == rows_of(before)


def test_comparison_workbooks_are_french(demos, tmp_path):
    db, aid, _, _ = demos["caf@2020"]
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    with contextlib.redirect_stdout(io.StringIO()):
        assert run(["new-cycle", "--db", str(copy), "--cycle", "2027", aid]) == 0
        assert run(["demo", "--db", str(copy), "--framework", "caf@2020"]) == 0
        assert run(["compare", "--db", str(copy), "--lang", "fr", "--unit-history", aid,
                    "--xlsx", str(tmp_path / "tendance.xlsx")]) == 0
        assert run(["compare", "--db", str(copy), "--lang", "fr", "--cycle", "2026",
                    "--xlsx", str(tmp_path / "classement.xlsx")]) == 0
    user, titles = _user_texts(copy), _official_english_titles("caf@2020")
    bad = english_in(tmp_path / "tendance.xlsx", user, titles) + english_in(tmp_path / "classement.xlsx", user, titles)
    assert not bad, "\n".join(bad[:40])
    league = openpyxl.load_workbook(tmp_path / "classement.xlsx").worksheets[0]
    texts = [c.value for row in league.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(re.fullmatch(r"\d+,\d", t) for t in texts) and not any(re.fullmatch(r"\d+\.\d", t) for t in texts)
    assert "classical" not in texts


def test_french_typography_in_generated_cells(demos):
    """No ordinary space before ; : ? ! in a generated cell (framework titles and users' text apart)."""
    for fw in ("caf@2020", "maf@current"):
        db, _aid, wb, kit = demos[fw]
        keep = sorted(set(_user_texts(db)) | set(_official_english_titles(fw)), key=len, reverse=True)
        for path in (wb, kit):
            book = openpyxl.load_workbook(path)
            for ws in book.worksheets:
                if ws.sheet_state == "veryHidden":
                    continue
                for row in ws.iter_rows():
                    for c in row:
                        if isinstance(c.value, str) and not c.value.startswith("="):
                            rest = c.value
                            for u in keep:
                                rest = rest.replace(u, "X")
                            assert not re.search(r"[^\s\u00a0\u202f][;:?!](\s|$)", rest), \
                                f"{path.name} {ws.title}!{c.coordinate}: {c.value!r}"
