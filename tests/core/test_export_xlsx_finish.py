"""Workbook as other programs read it without recalculating: cached formula values, chart caches, fonts, print setup."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import openpyxl
import pytest
from exports_helpers import DEMOS, demo, lo_convert, soffice

from npmassess import scoring
from npmassess.assessment import action_priority
from npmassess.exports import export_xlsx


def _key(framework, edition, method):
    return f"{framework}-{edition}-{method or 'default'}"


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    root = tmp_path_factory.mktemp("finish")
    out = {}
    for spec in DEMOS:
        a, fw = demo(*spec)
        path = root / f"{_key(*spec)}.xlsx"
        export_xlsx(a, fw, path)
        out[spec] = (a, fw, path)
    return root, out


@pytest.mark.parametrize("spec", DEMOS, ids=[_key(*s) for s in DEMOS])
def test_every_formula_has_a_cached_value_equal_to_the_engine(books, spec):
    a, fw, path = books[1][spec]
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    count = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("=") and cell.data_type == "f":
                    count += 1
                    cached = values[ws.title][cell.coordinate].value
                    assert cached is not None, f"{ws.title}!{cell.coordinate} {cell.value} has no cached value"
    assert count > len(fw.scored_nodes())
    rep = scoring.score(fw, a)
    ws = values["Scores"]
    header = [c.value for c in ws[4]]
    score_col = next(i for i, h in enumerate(header) if h and h.startswith("Consensus score"))
    for row in ws.iter_rows(min_row=5, values_only=True):
        if row[1]:
            assert row[score_col] == pytest.approx(rep.nodes[row[1]].value)
    summary = {r[1]: r for r in values["Summary"].iter_rows(values_only=True) if r[1]}
    if fw.aggregation == "mean":
        assert summary["Overall"][2] == pytest.approx(rep.overall)
        assert summary["Enablers"][2] == pytest.approx(rep.enablers)
    elif fw.aggregation == "points":
        assert summary["Total"][2] == pytest.approx(rep.total_points)
        assert "Enablers (process)" not in summary and summary["Process items"][2] == pytest.approx(rep.enablers)
    plan = values["Improvement plan"]
    for i, x in enumerate(a.actions, 2):
        assert plan.cell(i, 9).value == action_priority(x.impact, x.effort)


def test_cached_values_read_without_openpyxl(books):
    """A plain XML reader (what previews and pandas-free tools do) finds a <v> in every <f> cell."""
    a, fw, path = books[1][DEMOS[0]]
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode()
                for cell in re.findall(r"<c [^>]*>(?:(?!</c>).)*<f>.*?</c>", xml, re.S):
                    assert re.search(r"<v>[^<]+</v>|t=\"str\"", cell), cell


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_cached_values_equal_libreoffice_recalculation(books, tmp_path):
    root, items = books
    paths = [p for _, _, p in items.values()]
    lo_convert(paths, "xlsx", tmp_path / "recalc", tmp_path / "profile")
    for _, _, path in items.values():
        ours = openpyxl.load_workbook(path, data_only=True)
        lo = openpyxl.load_workbook(tmp_path / "recalc" / path.name, data_only=True)
        formulas = openpyxl.load_workbook(path)
        for ws in formulas.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        mine, theirs = ours[ws.title][cell.coordinate].value, lo[ws.title][cell.coordinate].value
                        if isinstance(mine, float) or isinstance(theirs, float):
                            assert mine == pytest.approx(theirs), (path.name, ws.title, cell.coordinate)
                        else:
                            assert (mine or None) == (theirs or None), (path.name, ws.title, cell.coordinate)


@pytest.mark.parametrize("spec", DEMOS, ids=[_key(*s) for s in DEMOS])
def test_charts_carry_their_data(books, spec):
    a, fw, path = books[1][spec]
    rep = scoring.score(fw, a)
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert charts
    for xml in charts:
        for ref in re.findall(r"<(?:c:)?numRef>.*?</(?:c:)?numRef>", xml, re.S):
            assert "numCache" in ref and "<c:pt " in ref or "<pt " in ref, ref[:200]
        for ref in re.findall(r"<(?:c:)?cat>.*?</(?:c:)?cat>", xml, re.S):
            assert "strCache" in ref
    joined = "".join(charts)
    if fw.aggregation == "mean":
        first = fw.scored_criteria()[0]
        assert repr(float(rep.criteria[first.id].value)) in joined or f"{rep.criteria[first.id].value}" in joined
        assert sum("barChart" in x for x in charts) >= 2  # criteria bars and enablers/results bars


def test_fonts_named_dates_real_print_setup(books):
    for spec in DEMOS:
        a, fw, path = books[1][spec]
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
            assert ws.print_title_rows, ws.title
            for row in ws.iter_rows(max_row=40):
                for cell in row:
                    if cell.has_style and cell.font is not None and cell.font.b:
                        assert cell.font.name, f"{ws.title}!{cell.coordinate} bold without a font name"
        plan = wb["Improvement plan"]
        dated = [x for x in a.actions if x.due]
        if dated:
            assert isinstance(plan.cell(2 + a.actions.index(dated[0]), 6).value, (date,)) or \
                plan.cell(2 + a.actions.index(dated[0]), 6).is_date
        assert wb["Summary"]["B7"].is_date


def test_wrapped_text_rows_are_tall_enough(tmp_path):
    a, fw = demo("caf", "2020", "classical", unicode=False)
    node = fw.scored_nodes()[0].id
    a.rationale[node] = "A long rationale. " * 60
    out = tmp_path / "w.xlsx"
    export_xlsx(a, fw, out)
    ws = openpyxl.load_workbook(out)["Scores"]
    row = next(r[0].row for r in ws.iter_rows(min_row=5) if r[1].value == node)
    assert ws.row_dimensions[row].height and ws.row_dimensions[row].height >= 4 * 15
