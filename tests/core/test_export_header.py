"""The running header of PDF reports: each part's own language, cut by measured width, never off the page."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET

import pytest
from exports_helpers import demo

from npmassess.exports import export_pdf
from npmassess.exports.pdf.fonts import fonts

LONG_ORG = "Agence des archives du patrimoine canadien et des collections nationales numérisées"
LONG_UNIT = "Direction générale des services ministériels, de la gestion financière et de la sécurité"


def _page_lines(path):
    """Per page: (page width, [(y, x_max, text)] per line) from pdftotext -bbox-layout."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    xml = xml[xml.index("<body"):xml.rindex("</body>") + 7]
    root = ET.fromstring(xml.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    out = []
    for page in root.iter("page"):
        lines = []
        for line in page.iter("line"):
            words = list(line.iter("word"))
            if words:
                lines.append((min(float(w.get("yMin")) for w in words), max(float(w.get("xMax")) for w in words),
                              " ".join(w.text or "" for w in words)))
        out.append((float(page.get("width")), sorted(lines)))
    return out


def test_fit_runs_cuts_by_measured_width_with_an_ellipsis():
    from npmassess.exports.pdf.doctemplate import fit_runs
    body = fonts().body
    from reportlab.pdfbase.pdfmetrics import stringWidth
    wide, narrow = "W" * 80, "i" * 100  # 80 wide letters pass 150 pt; 100 narrow ones fit 400 pt
    runs = fit_runs(wide, body, 7.5, 150)
    assert runs[-1][1] == "…" and sum(stringWidth(t, f, 7.5) for f, t in runs) <= 150
    assert "".join(t for _, t in fit_runs(narrow, body, 7.5, 400)) == narrow
    cut = "".join(t for _, t in fit_runs("Organisation · Unit · MAF · 2025", body, 7.5, 60))
    assert cut.endswith("…") and not cut[:-1].rstrip().endswith("·")


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_bilingual_maf_header_is_each_parts_language_and_stays_inside_the_margin(tmp_path, size):
    a, fw = demo("maf", "current", unicode=False)
    a.organisation, a.unit = LONG_ORG.upper(), LONG_UNIT.upper()  # wide capitals: 120 characters pass the page
    out = tmp_path / "bi.pdf"
    export_pdf(a, fw, out, page_size=size, lang="en+fr")
    pages = _page_lines(out)
    french_from = next(i for i, (_, lines) in enumerate(pages) if i and any("Pré-évaluation" in t for _, _, t in lines))
    headers = 0
    for i, (width, lines) in enumerate(pages):
        top = [ln for ln in lines if ln[0] < 40]  # the running header line, 12 mm from the top
        if not top or i in (0, french_from):
            continue
        y, x_max, text = top[0]
        assert x_max <= width - 18 * 2.835 + 1, (i, text)  # the right margin is 18 mm
        assert text.endswith("…") and text.startswith("AGENCE DES ARCHIVES")
        if i > french_from:
            assert "MAF (current)" not in text and "(current)" not in text
        headers += 1
    assert headers >= 10
    short = tmp_path / "short.pdf"
    b, _ = demo("maf", "current", unicode=False)
    export_pdf(b, fw, short, page_size=size, lang="en+fr")
    pages = _page_lines(short)
    french_from = next(i for i, (_, lines) in enumerate(pages) if i and any("Pré-évaluation" in t for _, _, t in lines))
    assert "MAF (current)" in pages[2][1][0][2] and "CRG (actuel)" not in pages[2][1][0][2]
    assert "CRG (actuel)" in pages[french_from + 1][1][0][2] and "current" not in pages[french_from + 1][1][0][2]
