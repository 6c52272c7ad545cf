"""Award application to the award's rules: page size, font, size, margins read back from the PDF; front matter; figures."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from types import SimpleNamespace

import pypdf
import pytest
from exports_helpers import demo, flat, pdf_text

from npmassess.exports import export_application
from npmassess.exports.pdf.award import award_rules, glossary
from npmassess.figures import Figure, check, from_json, to_json


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    a, fw = demo("baldrige", "2023-2024", unicode=False)
    out = tmp_path_factory.mktemp("app") / "app.pdf"
    result = export_application(a, fw, out)
    return a, fw, out, result


def _words(path) -> list[tuple[float, float, float, float, float, float]]:
    """(xMin, yMin, xMax, yMax, page width, page height) of every word, from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    out = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        w, h = float(page.group(1)), float(page.group(2))
        for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', page.group(3)):
            out.append(tuple(float(x) for x in m.groups()) + (w, h))
    return out


def test_baldrige_rules_letter_liberation_10pt_margins(app):
    a, fw, out, result = app
    rules = award_rules(fw)
    assert (rules.page_size, rules.min_font_size, rules.min_margin_in) == ("letter", 10.0, 0.75)
    r = pypdf.PdfReader(out)
    assert all(abs(float(p.mediabox.width) - 612) < 1 and abs(float(p.mediabox.height) - 792) < 1 for p in r.pages)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names and all("LiberationSerif" in n for n in names), names
    assert all(" yes " in line for line in fonts.splitlines()[2:])  # embedded
    margin = 0.75 * 72
    for x0, y0, x1, y1, w, h in _words(out):
        assert x0 >= margin - 0.5 and y0 >= margin - 0.5 and x1 <= w - margin + 0.5 and y1 <= h - margin + 0.5
    lines = [c.line() for c in result.checks]
    assert lines[0].startswith("met: Page size") and "Letter" in lines[0]
    assert "Liberation Serif (metric-compatible with Times New Roman)" in lines[1]
    assert lines[2] == "met: Smallest text: required at least 10 pt; this document 10 pt"
    assert lines[3].startswith("met: Margins")
    assert any(x.startswith("met: Item 7.5 response") for x in lines)
    assert result == []  # no warnings: the demo's application is complete and within the limits


def test_front_matter_contents_org_chart_glossary_and_figures(app):
    a, fw, out, _ = app
    pages = pdf_text(out).split("\f")
    assert "Award application" in pages[0] and a.organisation in flat(pages[0])
    assert "Contents" in pages[1] and "7.5 Financial" in flat(pages[1] + pages[2])
    text = flat(pdf_text(out))
    assert "Organization chart" in text and "Board of Health" in text
    assert "Glossary of abbreviations" in text and "WIC Women, Infants, and Children" in text
    assert "PDSA Plan-Do-Study-Act" in text
    for number in ("7.1-1", "7.1-2", "7.2-1", "7.3-1", "7.3-2", "7.4-1", "7.5-1"):
        assert f"Figure {number}:" in text
    assert "Year CHS Peer-county median 2021 84 86" in text  # the data table under the chart
    assert "[No response written yet]" not in text
    r = pypdf.PdfReader(out)
    titles = [o.title for o in r.outline if not isinstance(o, list)]
    assert "Organization chart" in titles and "Glossary of abbreviations" in titles


def test_rules_come_from_the_framework_file(tmp_path):
    a, fw = demo("baldrige", "2023-2024", unicode=False)
    app = SimpleNamespace(profile_node="P", profile_page_limit=5, response_page_limit=50, page_size="a4",
                          font="Arial", min_font_size=11, min_margin_in=1.0)
    fw2 = dataclasses.replace(fw, application=app)
    out = tmp_path / "a4.pdf"
    result = export_application(a, fw2, out)
    assert abs(float(pypdf.PdfReader(out).pages[0].mediabox.width) - 595.28) < 1
    assert "LiberationSans" in subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert result.checks[2].line() == "met: Smallest text: required at least 11 pt; this document 11 pt"
    for x0, y0, *_ in _words(out):
        assert x0 >= 72 - 0.5 and y0 >= 72 - 0.5


def test_a_page_size_against_the_rule_is_reported_not_met(tmp_path):
    a, fw = demo("baldrige", "2023-2024", unicode=False)
    result = export_application(a, fw, tmp_path / "x.pdf", page_size="A4")
    assert result.checks[0].line().startswith("NOT MET: Page size: required Letter; this document A4")
    assert any(w.startswith("Page size: required Letter") for w in result)


def test_glossary_reads_definitions_and_flags_undefined():
    terms, undefined = glossary(["The Quality Council (QC) meets monthly; the QC and the XYZ report."])
    assert terms == [("QC", "Quality Council")] and undefined == ["XYZ"]


def test_figure_model_round_trip_check_and_alt_text():
    f = Figure("7.1-1", "Coverage (%)", "line", ["Year", "Us"], [["2024", 90], ["2025", 91.5]])
    assert from_json(to_json([f])) == [f]
    assert check(f) is None and check(Figure("", "x")) and check(Figure("1", "x", "pie"))
    assert f.alt_text() == "Line chart, Coverage (%). Us: 2024 90, 2025 91.5"
    assert from_json("not json") == [] and from_json(None) == []


def test_figures_are_stored_with_the_narrative(store, tmp_path):
    from npmassess.frameworks import library
    fw = library().get("baldrige", "2023-2024")
    aid = store.create_assessment(fw, "Org", "Unit", "2026", None, participants=[("Ann", "")])
    f = Figure("7.1-1", "Coverage", "bar", ["Year", "Us"], [["2025", 91]])
    assert store.set_figures(aid, "7.1", [f]) == []
    assert store.load(aid).figures == {"7.1": [f]}
    assert store.set_figures(aid, "7.1", []) == [f]
    from npmassess.errors import ValidationError
    with pytest.raises(ValidationError, match="chart must be one of"):
        store.set_figures(aid, "7.1", [Figure("1", "x", "pie")])
