"""Editable Word documents read back with python-docx: styles, repeated headers, pictures with alt text, content."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from exports_helpers import DEMOS, demo, flat, pdf_text

from npmassess import numbers
from npmassess.exports import export_application_docx, export_docx, export_pdf
from npmassess.exports.common import build_context


def _all_text(d) -> str:
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return flat("\n".join(parts))


@pytest.mark.parametrize("spec", DEMOS)
def test_word_report_has_the_pdf_content_in_real_styles(tmp_path, spec):
    a, fw = demo(*spec)
    out = tmp_path / "r.docx"
    export_docx(a, fw, out, sign_off={"prepared_by": "Anna Kowalska", "version": "2.1"})
    d = docx.Document(out)
    styles = {p.style.name for p in d.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet", "Caption"} <= styles
    text = _all_text(d)
    ctx = build_context(a, fw)
    for n in fw.scored_nodes():
        assert f"{n.id} {n.title()}" in text
        assert f"Consensus: {ctx.value_text(ctx.report.nodes[n.id].value, n)}" in text
    for p in a.participants:
        assert p.name in text
    for x in a.actions:
        assert x.title in text
    assert "How the scores are formed" in text and "Anna Kowalska" in text and "2.1" in text
    assert flat(f"Source: {fw.source()}") in text  # the method section cites the framework's source, as the PDF
    for t in d.tables:  # every table's first row repeats on each page and rows are kept whole
        tr_pr = t.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
    shapes = d.inline_shapes
    assert len(shapes) >= 1
    for s in shapes:
        assert len(s._inline.docPr.get("descr")) > 40  # alt text says what the chart shows
    assert d.core_properties.title.startswith(("CAF", "Baldrige", "MAF", "Capability"))


def test_word_and_pdf_print_the_same_numbers(tmp_path):
    a, fw = demo("caf", "2020", "classical", unicode=False)
    export_docx(a, fw, tmp_path / "r.docx")
    export_pdf(a, fw, tmp_path / "r.pdf")
    word, pdf = _all_text(docx.Document(tmp_path / "r.docx")), flat(pdf_text(tmp_path / "r.pdf"))
    ctx = build_context(a, fw)
    for c in fw.scored_criteria():
        v = numbers.fmt(ctx.report.criteria[c.id].value)
        assert v in word and v in pdf
    assert "53.3" in word  # half up, like the PDF and the workbook


def test_anonymous_reports_show_assessors_not_names(tmp_path):
    a, fw = demo("caf", "2020", "classical", unicode=False)
    for x in a.actions:  # owners are named on purpose (they own an action, not a score)
        x.owner = "Quality team"
    export_docx(a, fw, tmp_path / "r.docx", anonymous=True)
    export_pdf(a, fw, tmp_path / "r.pdf", anonymous=True)
    for text in (_all_text(docx.Document(tmp_path / "r.docx")), flat(pdf_text(tmp_path / "r.pdf"))):
        assert "Assessor A" in text and "Assessor E" in text
        for p in a.participants:
            assert p.name not in text


def test_word_application_has_figures_glossary_contents_on_letter(tmp_path):
    a, fw = demo("baldrige", "2023-2024", unicode=False)
    out = tmp_path / "app.docx"
    export_application_docx(a, fw, out)
    d = docx.Document(out)
    assert abs(d.sections[0].page_width.inches - 8.5) < 0.01
    assert d.sections[0].left_margin.inches >= 0.75
    assert d.styles["Normal"].font.name == "Times New Roman" and d.styles["Normal"].font.size.pt >= 10
    text = _all_text(d)
    for number in ("7.1-1", "7.2-1", "7.5-1"):
        assert f"Figure {number}:" in text
    assert "Glossary of abbreviations" in text and "Women, Infants, and Children" in text
    assert "Organization chart" in text and "Board of Health" in text
    with zipfile.ZipFile(out) as z:
        assert 'TOC \\o "1-2"' in z.read("word/document.xml").decode()
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    assert any(c.startswith("Figure 7.1-1") for c in captions)
    assert all(len(s._inline.docPr.get("descr")) > 20 for s in d.inline_shapes)
    for n in fw.nodes():
        if not n.children:
            assert n.id in text
