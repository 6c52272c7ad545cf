"""The desk's markup (bold, italic, bullets, numbered lists) prints as such in the application PDF and Word file."""

from __future__ import annotations

import re

import pytest
from exports_helpers import demo, flat, pdf_text

from npmassess.exports.docx.application import export_application_docx
from npmassess.exports.pdf.application import export_application

MARKED = ("Our approach has three parts.\n\n- **Approach:** a documented process\n- *Deployment:* every site\n"
          "- Learning: a yearly review\n\n1. Plan the year\n2. Review monthly\n\nA literal \\*star\\* & <tag> stays.")


@pytest.mark.parametrize("framework,edition", [("baldrige", "2023-2024"), ("pqa", "2023-2024")])
def test_markup_prints_as_bold_italic_and_lists(tmp_path, framework, edition):
    a, fw = demo(framework, edition, unicode=False)
    a.narratives = {**a.narratives, "1.1": MARKED}
    export_application(a, fw, tmp_path / "app.pdf", "A4")
    text = flat(pdf_text(tmp_path / "app.pdf"))
    assert "• Approach: a documented process • Deployment: every site • Learning: a yearly review" in text
    assert "1. Plan the year 2. Review monthly" in text and "A literal *star* & <tag> stays." in text
    assert "**" not in text and "- Learning" not in text
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", (tmp_path / "app.pdf").read_bytes()))
    assert {b"LiberationSerif-Bold", b"LiberationSerif-Italic"} <= fonts, fonts  # the words really are set so

    export_application_docx(a, fw, tmp_path / "app.docx")
    import docx
    paras = docx.Document(str(tmp_path / "app.docx")).paragraphs
    bullets = [p for p in paras if p.style.name == "List Bullet" and p.text.endswith(("process", "site", "review"))]
    assert [p.text for p in bullets] == ["Approach: a documented process", "Deployment: every site",
                                         "Learning: a yearly review"]
    assert (bullets[0].runs[0].text, bullets[0].runs[0].bold) == ("Approach:", True)
    assert (bullets[1].runs[0].text, bullets[1].runs[0].italic) == ("Deployment:", True)
    texts = [p.text for p in paras]
    assert "1.\u00a0Plan the year" in texts and "2.\u00a0Review monthly" in texts
    assert "A literal *star* & <tag> stays." in texts and not any("**" in t for t in texts)
