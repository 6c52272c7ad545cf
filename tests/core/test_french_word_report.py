"""The Word capability review reads as French with --lang fr, for every framework (issue 11).

As for the PDFs, the demo's own text is replaced by neutral words first; the participants keep the
roles the demo gives them (Facilitator, Member, Observer), which are ours and must be shown in French.
"""

from __future__ import annotations

import docx
import pytest

from npmassess.demo import build_demo
from npmassess.exports.docx.report import export_docx
from test_french_pdf_reports import FRAMEWORKS, check, neutral


def word_text(path) -> str:
    d = docx.Document(str(path))
    lines = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            lines += [c.text for c in row.cells]
    for section in d.sections:
        lines += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(lines)


@pytest.mark.parametrize("key", FRAMEWORKS)
def test_the_french_word_report_has_no_english(store, lib, tmp_path, key):
    fw = lib.get(*key.split("@"))
    a = build_demo(fw)
    roles = [p.role for p in a.participants]
    a = neutral(a)
    for p, role in zip(a.participants, roles):
        p.role = role
    store.write_assessment(a)
    out = tmp_path / "r.docx"
    export_docx(store.load(a.id), fw, out, lang="fr", sign_off={"prepared_by": "Zorblat", "version": "1"})
    text = word_text(out)
    assert "Membre" in text  # the roles, in French
    check(text, fw, f"{key} Word report")
