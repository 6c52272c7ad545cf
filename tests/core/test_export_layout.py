"""PDF layout rules read back: contrast of coloured cells, one-page score table, '(continued)', radar names, catalog."""

from __future__ import annotations

import random

import pypdf
import pytest
from exports_helpers import DEMOS, demo, flat, pdf_text

from npmassess.assessment import Action, new_id
from npmassess.exports import export_pdf
from npmassess.exports.common import build_context
from npmassess.exports.pdf.sections import score_table
from npmassess.exports.pdf.styles import contrast, hexcolour, text_on
from npmassess.exports.pdf.text import TextBlock


def _pages(path) -> list[str]:
    return pdf_text(path).split("\f")


@pytest.mark.parametrize("spec", DEMOS)
def test_every_band_cell_text_contrasts_at_least_4_5(spec):
    a, fw = demo(*spec, unicode=False)
    ctx = build_context(a, fw)
    table = score_table(ctx)[-1]
    backgrounds = {(cmd[1][0], cmd[1][1]): cmd[3] for cmd in table._bkgrndcmds if cmd[0] == "BACKGROUND"
                   and cmd[1] == cmd[2]}
    checked = 0
    for (col, row), bg in backgrounds.items():
        cellv = table._cellvalues[row][col]
        block = cellv[0] if isinstance(cellv, (list, tuple)) else cellv
        if isinstance(block, TextBlock) and block.items and block.items[0]:
            fg = block.colour or hexcolour("#1f2933")
            assert contrast(fg, bg) >= 4.5, (row, col, block.items)
            checked += 1
    assert checked >= len([n for n in fw.scored_nodes() if ctx.meaning(n)[2]])


def test_text_on_picks_readable_text_for_every_framework_colour():
    colours = set()
    for spec in DEMOS:
        _, fw = demo(*spec, unicode=False)
        for d in fw.method().dimensions:
            colours |= {x.colour for x in (d.scale.levels or d.scale.bands) if x.colour}
    assert colours
    for c in colours:
        assert contrast(text_on(hexcolour(c)), hexcolour(c)) >= 4.5, c


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_caf_score_table_fits_one_page(tmp_path, size):
    a, fw = demo("caf", "2020", "classical", unicode=False)
    out = tmp_path / "r.pdf"
    export_pdf(a, fw, out, page_size=size)
    pages = _pages(out)
    k = next(i for i, p in enumerate(pages) if p.lstrip().splitlines()[1:2] == ["Score table"]
             or "\nScore table\n" in p[:400])
    assert "9.2" in pages[k] and "Charts" in pages[k + 1][:400]


def _long_plan():
    a, fw = demo("caf", "2020", "classical", unicode=False)
    rng = random.Random(1)
    nodes = [n.id for n in fw.scored_nodes()]
    for i in range(70):
        a.actions.append(Action(new_id(), f"Extra action {i}", "Do it well. " * rng.randint(1, 8), "Owner", "2027-01-15",
                                3, 3, "planned", [rng.choice(nodes)], [], 100 + i))
    return a, fw


def test_long_tables_say_continued_and_sections_too(tmp_path):
    a, fw = _long_plan()
    out = tmp_path / "r.pdf"
    export_pdf(a, fw, out)
    pages = _pages(out)
    plan_pages = [p for p in pages if "Extra action" in p]
    assert len(plan_pages) >= 2
    assert all("(continued)" in p for p in plan_pages[1:])
    assert "(continued)" not in plan_pages[0].split("Extra action")[0].split("Improvement plan")[-1]
    assert any("1 Leadership (continued)" in flat(p) for p in pages)


def test_continued_is_in_the_report_language(tmp_path):
    a, fw = _long_plan()
    out = tmp_path / "r.pdf"
    export_pdf(a, fw, out, lang="fr")
    pages = [flat(p) for p in _pages(out)]
    assert not any("(continued)" in p for p in pages)
    assert sum("(suite)" in p for p in pages) >= 2


def test_radar_axes_are_named_with_values(tmp_path):
    a, fw = demo("caf", "2020", "classical", unicode=False)
    out = tmp_path / "r.pdf"
    export_pdf(a, fw, out)
    ctx = build_context(a, fw)
    charts = next(p for p in _pages(out) if "Charts" in p[:300])
    text = flat(charts)
    for c in fw.scored_criteria():
        assert f"{c.id} {c.title()[:10]}" in text
        assert ctx.value_text(ctx.report.criteria[c.id].value) in text


@pytest.mark.parametrize("spec", [DEMOS[0], DEMOS[5]])
def test_catalog_language_title_display_outline_open(tmp_path, spec):
    a, fw = demo(*spec, unicode=False)
    out = tmp_path / "r.pdf"
    export_pdf(a, fw, out, lang="fr" if spec[0] == "caf" else "en")
    r = pypdf.PdfReader(out)
    root = r.trailer["/Root"]
    assert root["/Lang"] == ("fr" if spec[0] == "caf" else "en")
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/PageMode"] == "/UseOutlines"
    assert len(r.outline) >= 5
    fonts = set()
    for page in r.pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            desc = f.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in f:
                desc = f["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            fonts.add(bool(desc and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))))
    assert fonts == {True}  # every font embedded


def test_cover_names_the_document(tmp_path):
    names = {"caf": "CAF self-assessment report", "baldrige": "Baldrige self-assessment",
             "maf": "MAF pre-assessment", "capability-review": "Capability review"}
    for spec in DEMOS[1:4] + DEMOS[5:]:
        a, fw = demo(*spec, unicode=False)
        out = tmp_path / f"{spec[0]}.pdf"
        export_pdf(a, fw, out)
        cover = _pages(out)[0]
        assert names[spec[0]] in cover
        assert pypdf.PdfReader(out).metadata.title.startswith(names[spec[0]])
        if spec[0] != "capability-review":
            assert "Capability review" not in cover


def test_method_appendix_has_no_internal_notes(tmp_path):
    for spec in DEMOS:
        a, fw = demo(*spec, unicode=False)
        out = tmp_path / "r.pdf"
        export_pdf(a, fw, out)
        text = flat(pdf_text(out))
        assert "to verify" not in text.lower() and "scribd" not in text.lower()
        assert "How the scores are formed" in text and "half up" in text


def test_comparison_pdf_has_header_page_numbers_bookmarks_metadata_and_flags_partial_units(tmp_path):
    from npmassess.comparison import column, League
    from npmassess.exports.pdf.compare import write_comparison_pdf
    a1, fw = demo("caf", "2020", "classical", unicode=False)
    a2, _ = demo("caf", "2020", "classical", unicode=False)
    a2.unit = "Partly rated unit"
    for n in fw.scored_nodes()[:3]:
        for key in [k for k in a2.consensus if k[0] == n.id]:
            del a2.consensus[key]
    units = [column(fw, a1), column(fw, a2)]
    for i, u in enumerate(units, 1):
        u.rank = i
    lg = League("2026", fw, [(c.id, c.title()) for c in fw.scored_criteria()], units)
    out = tmp_path / "league.pdf"
    write_comparison_pdf(lg, out)
    r = pypdf.PdfReader(out)
    assert r.metadata.title == "Units compared, cycle 2026"
    assert len(r.outline) >= 1 and r.trailer["/Root"]["/Lang"] == "en"
    text = flat(pdf_text(out))
    assert "Partly rated unit (incomplete)" in text and "25 of 28 rated" in text and "25/28" in text
    pages = pdf_text(out).split("\f")
    for i, p in enumerate([p for p in pages if p.strip()], 1):
        assert "Units compared, cycle 2026" in p.splitlines()[0] and str(i) in p


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_no_text_outside_the_page_box(tmp_path, size):
    import re
    import subprocess
    for spec in DEMOS:
        a, fw = demo(*spec)
        out = tmp_path / f"{spec[0]}-{size}.pdf"
        export_pdf(a, fw, out, page_size=size)
        html = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True).stdout
        for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
            w, h = float(page.group(1)), float(page.group(2))
            for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', page.group(3)):
                x0, y0, x1, y1 = map(float, m.groups())
                assert 0 <= x0 and x1 <= w and 0 <= y0 and y1 <= h, (spec, size, m.groups())
                # and inside the 18 mm side margins, where the running header and the body sit
                assert x0 >= 18 * 2.83 - 1 and x1 <= w - 18 * 2.83 + 1, (spec, size, m.groups())


@pytest.mark.parametrize("fid,edition", [("kr-gpe", "2022"), ("efqm", "2020"), ("baldrige", "2023-2024")])
def test_header_words_are_never_cut_inside(tmp_path, fid, edition):
    """A fixed column narrower than its header's longest word widens ('Completene|ss' in the score table)."""
    a, fw = demo(fid, edition, None, unicode=False)
    out = tmp_path / "r.pdf"
    export_pdf(a, fw, out)
    lines = [ln.strip() for ln in pdf_text(out).splitlines()]
    assert "Completeness" in lines and "Completene" not in lines
    assert "Role" in lines  # the participants table names its second column


HEADS = {"How the scores came about", "Agreement between assessors", "Assessors to look at", "Evidence rules",
         "Participants", "How the scores are formed", "Strengths", "Areas for improvement", "Evidence", "Rationale",
         "Method and scale", "Improvement plan", "Score table", "Charts"}


@pytest.mark.parametrize("spec", [("pma-scorecard", "2001-2008", None), ("caf", "2020", "fine-tuned"),
                                  ("baldrige", "2023-2024", None), ("capability-review", "2006", None)])
@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_no_page_ends_with_a_heading(tmp_path, spec, size):
    a, fw = demo(*spec, unicode=False)
    out = tmp_path / "r.pdf"
    export_pdf(a, fw, out, page_size=size)
    for number, page in enumerate(pdf_text(out).split("\f")[:-1], 1):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip() and not ln.strip().isdigit()]
        assert not lines or lines[-1] not in HEADS, f"page {number} ends with the heading {lines[-1]!r}"
