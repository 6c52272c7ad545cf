"""The award application, PDF and Word, reads as French with --lang fr, and meets its own font-size rule (issue 11).

As in test_french_pdf_reports, the demo's own text (narratives, figures, measures) is replaced by neutral
words first, so any English left in the document is ours. Baldrige's official English titles are kept.
"""

from __future__ import annotations

import dataclasses

import pytest
from test_french_pdf_reports import ORG, UNIT, bad_typography, english_left, needs_pdftotext, neutral, \
    neutral_register, pdf_text

from npmassess.demo import build_demo
from npmassess.errors import ExportError
from npmassess.exports.docx.application import export_application_docx
from npmassess.exports.pdf.application import export_application, smallest_text
from npmassess.exports.pdf.award import award_rules
from npmassess.results.demo import ensure_demo_register
from npmassess.results.figures import results_data

AWARDS = ["baldrige@2023-2024", "pqa@2023-2024", "tqa@2023-2024"]
FONTS = ("Times New Roman", "Liberation Serif", "Liberation Sans", "Arial", "fonts-liberation")


def neutral_figures(a) -> None:
    """The team's figures (captions, column names, text cells, sources) are users' text too."""
    n = iter(range(1, 100_000))
    a.figures = {k: [dataclasses.replace(  # copies: the demo's figures are shared
        f, caption=f"Zorblat f{next(n)}", source="Zorblat", alt="",
        columns=[f"Zorblat c{i}" for i, _ in enumerate(f.columns)],
        rows=[[f"Zorblat r{next(n)}" if isinstance(v, str) else v for v in r] for r in f.rows]) for f in figures]
        for k, figures in a.figures.items()}


def _made(store, lib, key):
    fw = lib.get(*key.split("@"))
    a = neutral(build_demo(fw))
    neutral_figures(a)
    leaves = [n.id for n in fw.nodes() if not n.children]  # PQA's and TQA's demos write no narratives
    a.narratives = {k: a.narratives.get(k, "Zorblat.") + " Zorblat Quux Org (ZQO), puis ZQO." for k in leaves}
    store.write_assessment(a)
    ensure_demo_register(store, fw, ORG, UNIT)
    neutral_register(store)
    return store.load(a.id), fw, results_data(store, a.id)


def problems_in(text: str, fw) -> list[str]:
    for name in FONTS:  # the fonts the award's rule names are names
        text = text.replace(name, " ")
    return english_left(text) + bad_typography(text, fw)


def docx_text(path) -> str:
    """Every paragraph, table cell, header and footer of a Word file, one per line, and its title."""
    import docx
    d = docx.Document(str(path))
    lines = [p.text for p in d.paragraphs]
    lines += [c.text for t in d.tables for r in t.rows for c in r.cells]
    for s in d.sections:
        lines += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    lines.append(d.core_properties.title or "")
    return "\n".join(lines)


@needs_pdftotext
@pytest.mark.parametrize("key", AWARDS)
def test_french_application_pdf_word_and_rule_lines_have_no_english(store, lib, key, tmp_path):
    a, fw, results = _made(store, lib, key)
    assert fw.application is not None  # every award file defines its application document
    out = export_application(a, fw, tmp_path / "app.pdf", lang="fr", results=results)
    export_application_docx(a, fw, tmp_path / "app.docx", lang="fr", sign_off={"prepared_by": "Zorblat"})
    pdf, word = pdf_text(tmp_path / "app.pdf"), docx_text(tmp_path / "app.docx")
    assert "Dossier de candidature" in pdf and "Table des matières" in pdf and "Glossaire des abréviations" in pdf
    assert "Dossier de candidature" in word and "Glossaire des abréviations" in word and "ZQO" in word
    assert "Réel" in pdf and "moyenne" in pdf  # the results register's charts and tables are in it
    lines = "\n".join(c.line() for c in out.checks)
    assert "NOT MET" not in lines and "NON RESPECTÉE" not in lines
    if key.startswith("baldrige"):
        assert "respectée — Plus petit corps de texte\u00a0: exigence au moins 10" in lines
        flat = " ".join(pdf.split())
        assert "Limites de pages : Organizational Profile 5 pages, réponses 50 pages ;" in flat
    else:  # the file sets no page limit nor layout rule: none is claimed, none is checked
        assert "Limites de pages" not in pdf + word and "corps de texte" not in lines and "au plus" not in lines
        assert "Composé en" in pdf and "Préparé le" in word
    problems = [f"pdf: {p}" for p in problems_in(pdf, fw)] + [f"docx: {p}" for p in problems_in(word, fw)]
    problems += [f"checks: {p}" for p in problems_in(lines + "\n" + "\n".join(out), fw)]
    assert not problems, f"In the French {key} application:\n" + "\n".join(problems)


def test_a_framework_without_an_application_is_refused_in_french(store, lib, tmp_path):
    fw = lib.get("caf", "2020")
    a = neutral(build_demo(fw))
    assert fw.application is None
    for export in (export_application, export_application_docx):
        with pytest.raises(ExportError) as err:
            export(a, fw, tmp_path / "x", lang="fr")
        assert "dossier de candidature" in str(err.value)
        assert not problems_in(str(err.value).replace(fw.title("en"), " "), fw), str(err.value)
        assert not (tmp_path / "x").exists()


def test_english_application_keeps_its_english(store, lib, tmp_path):
    a, fw, results = _made(store, lib, "baldrige@2023-2024")
    out = export_application(a, fw, tmp_path / "app.pdf", lang="en", results=results)
    lines = [c.line() for c in out.checks]
    assert lines[0] == "met: Page size: required Letter; this document Letter"
    assert lines[3].startswith("met: Margins: required at least 0.75 in; this document 0.80 in on every side")
    assert any(x == "met: Item 7.5 response: required a narrative; this document written" for x in lines)


@pytest.mark.parametrize("lang,page", [("en", None), ("fr", None), ("en", "A4"), ("fr", "A4")])
def test_demo_application_meets_its_minimum_font_size_charts_included(store, lib, lang, page, tmp_path):
    """The demo as it comes (its figures and its register's run and XmR charts): no text below the rule."""
    fw = lib.get("baldrige", "2023-2024")
    a = build_demo(fw)
    store.write_assessment(a)
    ensure_demo_register(store, fw, a.organisation, a.unit)
    data = results_data(store, a.id)
    assert any(data.register.linked(fw.id, n.id) for n in fw.nodes())  # the charts really are drawn
    out = export_application(store.load(a.id), fw, tmp_path / "app.pdf", page_size=page, lang=lang, results=data)
    rules = award_rules(fw)
    assert smallest_text(str(tmp_path / "app.pdf")) >= rules.min_font_size == 10
    font_check = out.checks[2]
    assert font_check.met, font_check.line()
    assert not [w for w in out if "10" in w and ("pt" in w)], list(out)
