"""Reports and workbooks in French: no English section left, French number/date typography, bilingual PDF."""

from __future__ import annotations

import re
import shutil
import subprocess

import openpyxl
import pytest

from french_text import _words, english_words, kept_english
from npmassess.demo import create_demo
from npmassess.exports.pdf.document import export_pdf
from npmassess.exports.xlsx.workbook import export_xlsx
from npmassess.numbers import date_text

NBSP = "\u00a0"
FRAMEWORKS = ["caf@2020", "baldrige@2023-2024", "maf@2003", "maf@current", "capability-review@2006", "pqa@2023-2024",
              "tqa@2023-2024"]
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")


def neutral(a):
    """The users' own text replaced by neutral words: what is left in English is ours."""
    n = iter(range(1, 100_000))
    word = lambda: f"Zorblat {next(n)}"  # noqa: E731
    a.organisation, a.unit = word(), word()
    for p in a.participants:
        p.name, p.role = word(), word()
    for x in a.notes:
        x.text = word()
    a.rationale = {k: word() for k in a.rationale}
    a.narratives = {k: word() for k in a.narratives}
    for x in a.actions:
        x.title, x.description, x.owner = word(), word(), word()
    return a


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def english_lines(lines) -> list[str]:
    words = english_words()
    kept = set().union(*[_words(s) for s in kept_english()])
    return [f"{line.strip()[:100]!r} {sorted(w for w in _words(line) if w in words and w not in kept)}"
            for line in lines if any(w in words and w not in kept for w in _words(line))]


@pytest.fixture
def demo(store, lib):
    def make(key):
        fw = lib.get(*key.split("@"))
        return neutral(store.load(create_demo(store, fw))), fw
    return make


@needs_pdftotext
@pytest.mark.parametrize("key", FRAMEWORKS)
def test_french_pdf_has_no_english_left(demo, key, tmp_path):
    a, fw = demo(key)
    out = tmp_path / "r.pdf"
    export_pdf(a, fw, out, lang="fr")
    text = pdf_text(out)
    assert "Synthèse" in text and "Méthode et échelle" in text and "Plan d’amélioration" in text
    left = english_lines(text.splitlines())
    assert not left, f"English in the French {key} report:\n" + "\n".join(left)


@pytest.mark.parametrize("key", ["caf@2020", "baldrige@2023-2024", "maf@current", "capability-review@2006"])
def test_french_workbook_has_no_english_left(demo, key, tmp_path):
    a, fw = demo(key)
    out = tmp_path / "r.xlsx"
    export_xlsx(a, fw, out, lang="fr")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:6] == ["Synthèse", "Notes", "Points forts et améliorations", "Preuves",
                                 "Plan d’amélioration", "Méthode"]
    texts = [ws.title for ws in wb.worksheets]
    for ws in wb.worksheets:
        texts += [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and not
                  c.value.startswith("=")]
        texts += [dv.formula1 for dv in ws.data_validations.dataValidation if dv.formula1]
    left = english_lines(texts)
    assert not left, f"English in the French {key} workbook:\n" + "\n".join(left)
    plan = wb["Plan d’amélioration"]
    assert {plan.cell(r, 10).value for r in range(2, plan.max_row + 1)} <= {"prévue", "en cours", "réalisée", "annulée"}


def test_french_workbook_formulas_test_the_french_type_names(demo, tmp_path):
    a, fw = demo("caf@2020")
    out = tmp_path / "r.xlsx"
    export_xlsx(a, fw, out, lang="fr")
    wb = openpyxl.load_workbook(out)
    formulas = [c.value for row in wb["Synthèse"].iter_rows() for c in row
                if isinstance(c.value, str) and "AVERAGEIFS" in c.value]
    assert formulas and all('"résultat"' in f or '"<>résultat"' in f for f in formulas)
    assert all("'Notes'!" in f or "Notes!" in f for f in formulas)
    types = {wb["Notes"].cell(r, 4).value for r in range(5, wb["Notes"].max_row + 1)} - {None}
    assert types <= {"facteur", "résultat"} and "résultat" in types


@needs_pdftotext
def test_french_numbers_dates_and_punctuation(demo, tmp_path):
    a, fw = demo("caf@2020")
    out = tmp_path / "r.pdf"
    export_pdf(a, fw, out, lang="fr")
    text = pdf_text(out)
    from npmassess.numbers import fmt
    from npmassess.scoring import score
    rep = score(fw, a)
    e, r, o = (fmt(v, "score", "fr", trim=True) for v in (rep.enablers, rep.results, rep.overall))
    assert "," in o and "." not in o
    plain = text.replace(NBSP, " ")  # pdftotext gives the no-break spaces back as spaces
    assert f"Global : {o} ; Facteurs : {e} ; Résultats : {r}." in plain
    assert "100 %" in plain and "100%" not in plain
    from datetime import date
    assert date_text(date.today(), "fr") in text.split("\f")[0]  # the cover's date, French style
    assert date_text("2026-12-01", "fr") == "1er décembre 2026" and date_text("2026-03-05", "en") == "5 March 2026"


@needs_pdftotext
def test_bilingual_report_has_both_languages_one_after_the_other(demo, tmp_path):
    a, fw = demo("maf@current")
    one = tmp_path / "en.pdf"
    both = tmp_path / "bi.pdf"
    export_pdf(a, fw, one, lang="en")
    export_pdf(a, fw, both, lang="en+fr")
    text = pdf_text(both)
    en_at, fr_at = text.index("Executive summary"), text.index("Synthèse")
    assert en_at < fr_at
    # the French half starts with the French cover, named for the document (issue 10: MAF pre-assessment)
    assert text.index("Method and scale") < text.index("Pré-évaluation du CRG") < text.index("Méthode et échelle")
    assert "(actuel) (current)" not in text and "CRG (actuel)" in text
    pages = lambda p: int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(p)], capture_output=True,  # noqa: E731
                                                                        text=True).stdout).group(1))
    assert pages(both) >= 2 * pages(one) - 1


@needs_pdftotext
def test_framework_without_french_gets_a_cover_notice_and_a_cli_warning(store, lib, tmp_path, capsys, monkeypatch):
    import dataclasses

    from npmassess.cli import run
    fw = lib.get("caf", "2020")
    english_only = dataclasses.replace(fw, languages=("en",))
    aid = create_demo(store, fw)
    a = store.load(aid)
    out = tmp_path / "r.pdf"
    export_pdf(a, english_only, out, lang="fr")
    first_page = pdf_text(out).split("\f")[0]
    assert "n’a pas de texte dans cette langue" in first_page
    export_pdf(a, fw, tmp_path / "ok.pdf", lang="fr")
    assert "n’a pas de texte" not in pdf_text(tmp_path / "ok.pdf").split("\f")[0]
    # the CLI says it in one line when it happens
    import npmassess.exports.common as common
    monkeypatch.setattr(common, "snapshot", lambda _store, _id: (a, english_only))
    db = tmp_path / "cli.db"
    assert run(["export", aid, "--db", str(store.path), "--lang", "fr", "--pdf", str(tmp_path / "cli.pdf")]) == 0
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if "n’a pas de texte" in line]) == 1, err
    assert db is not None

