"""Excel workbook: content read back with openpyxl; formulas recomputed by LibreOffice vs the scoring engine."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from exports_helpers import DEMOS, UNICODE, demo, lo_convert, soffice

from npmassess import scoring
from npmassess.assessment import Action, Note, new_id
from npmassess.exports import ExportError, export_xlsx
from npmassess.exports.xlsx.workbook import SHEETS

needs_lo = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")


def _key(framework, edition, method):
    return f"{framework}-{edition}-{method or 'default'}"


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """Every demo exported once, plus LibreOffice's recalculated copies (one soffice run)."""
    root = tmp_path_factory.mktemp("books")
    out = {}
    for spec in DEMOS:
        a, fw = demo(*spec)
        a.notes.append(Note(new_id(), fw.scored_nodes()[0].id, "evidence", "=1+1 looks like a formula", None, 99))
        a.actions.append(Action(new_id(), '=HYPERLINK("http://x.invalid","click")', "+cmd|' /C calc'!A0",
                                "@owner", "", 5, 1, "planned", [fw.scored_nodes()[0].id], [], 99))
        path = root / f"{_key(*spec)}.xlsx"
        export_xlsx(a, fw, path)
        out[spec] = (a, fw, path)
    if soffice():
        lo_convert([p for _, _, p in out.values()], "xlsx", root / "recalc", root / "lo-profile")
    return root, out


@pytest.mark.parametrize("spec", DEMOS, ids=[_key(*s) for s in DEMOS])
def test_every_demo_has_all_sheets_nodes_and_people(books, spec):
    a, fw, path = books[1][spec]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(SHEETS)
    ws = wb["Scores"]
    header = [c.value for c in ws[4]]
    for p in a.participants:
        assert p.name in header
    rows = {r[1]: r for r in ws.iter_rows(min_row=5, values_only=True) if r[1]}
    for n in fw.scored_nodes():
        assert rows[n.id][2] == n.title()
    for sample in (UNICODE["greek"], UNICODE["cjk"]):
        assert sample in header
    notes = [r[5] for r in wb["Strengths and improvements"].iter_rows(min_row=2, values_only=True)]
    assert sum(1 for n in a.notes if n.kind in ("strength", "improvement")) == len(notes)
    assert any(UNICODE["cyrillic"] in t for t in notes) and "品質管理の改善が必要です (CJK note)" in notes
    evidence = [r[5] for r in wb["Evidence"].iter_rows(min_row=2, values_only=True)]
    assert len(evidence) == sum(1 for n in a.notes if n.kind == "evidence")
    plan = wb["Improvement plan"]
    assert [r[1] for r in plan.iter_rows(min_row=2, values_only=True)] == [x.title for x in a.actions]


def test_text_that_looks_like_a_formula_stays_text(books):
    a, fw, path = books[1][DEMOS[0]]
    wb = openpyxl.load_workbook(path)
    plan = wb["Improvement plan"]
    last = plan.max_row
    for col in (2, 3, 5):
        assert plan.cell(last, col).data_type == "s"
    assert plan.cell(last, 2).value.startswith("=HYPERLINK")
    assert plan.cell(last, 3).value.startswith("+cmd")
    assert plan.cell(last, 5).value == "@owner"
    ev = [c for row in wb["Evidence"].iter_rows(min_row=2) for c in row if c.value == "=1+1 looks like a formula"]
    assert ev and all(c.data_type == "s" for c in ev)


def test_plan_validation_filter_and_frozen_header(books):
    _, _, path = books[1][DEMOS[0]]
    ws = openpyxl.load_workbook(path)["Improvement plan"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:J")
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert '"planned,in progress,done,cancelled"' in lists
    ranges = " ".join(str(dv.sqref) for dv in ws.data_validations.dataValidation)
    assert "J2:J" in ranges and "G2:H" in ranges
    # Priority is a live formula of Impact (G) and Effort (H), not a static value that goes stale
    assert ws["I2"].value.startswith("=IF(AND(ISNUMBER(G2),ISNUMBER(H2))")


def test_native_charts_present(books):
    for spec in DEMOS:
        _, fw, path = books[1][spec]
        with zipfile.ZipFile(path) as z:
            charts = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart"))
        assert "barChart" in charts
        if fw.aggregation != "profile":
            assert "radarChart" in charts


@needs_lo
@pytest.mark.parametrize("spec", DEMOS, ids=[_key(*s) for s in DEMOS])
def test_formulas_recomputed_by_libreoffice_agree_with_scoring(books, spec):
    root, items = books
    a, fw, path = items[spec]
    wb = openpyxl.load_workbook(root / "recalc" / path.name, data_only=True)
    rep = scoring.score(fw, a)
    ws = wb["Scores"]
    header = [c.value for c in ws[4]]
    score_col = next(i for i, h in enumerate(header) if h and h.startswith("Consensus score"))
    for row in ws.iter_rows(min_row=5, values_only=True):
        if not row[1]:
            continue
        expected = rep.nodes[row[1]].value
        assert row[score_col] == pytest.approx(expected), row[1]
        if fw.aggregation == "points":
            assert row[score_col + 2] == pytest.approx(rep.nodes[row[1]].points)
    summary = {r[0]: r for r in wb["Summary"].iter_rows(min_row=12, values_only=True) if r[0]}
    labels = {r[1]: r for r in wb["Summary"].iter_rows(min_row=12, values_only=True) if r[1]}
    for c in fw.scored_criteria():
        g = rep.criteria[c.id]
        row = summary[c.id]
        if fw.aggregation == "mean":
            assert row[2] == pytest.approx(g.value)
        elif fw.aggregation == "points":
            assert row[3] == pytest.approx(g.points) and row[2] == pytest.approx(g.value)
        else:
            for j, lv in enumerate(sorted({lv.value for lv in rep.method.dimensions[0].scale.levels}, reverse=True)):
                assert row[2 + j] == g.profile.get(lv, 0)
    if fw.aggregation == "mean":
        assert labels["Enablers"][2] == pytest.approx(rep.enablers)
        assert labels["Results"][2] == pytest.approx(rep.results)
        assert labels["Overall"][2] == pytest.approx(rep.overall)
    elif fw.aggregation == "points":
        assert labels["Total"][2] == pytest.approx(rep.total_points)
        assert labels["Process items"][2] == pytest.approx(rep.enablers)
        assert labels["Results items"][2] == pytest.approx(rep.results)
    else:
        overall = labels["Overall"]
        levels = sorted(rep.profile, reverse=True)
        assert [overall[2 + j] for j in range(len(levels))] == [rep.profile[lv] for lv in levels]
    # the formula-looking text survived LibreOffice as text, not as a computed value
    plan = wb["Improvement plan"]
    assert plan.cell(len(a.actions) + 1, 2).value.startswith("=HYPERLINK")
    assert plan.cell(len(a.actions) + 1, 3).value.startswith("+cmd")


def test_missing_ratings_give_blank_scores_not_zero(tmp_path, store, caf):
    from npmassess.exports import snapshot
    aid = store.create_assessment(caf, "Org", "Unit", "2026", "fine-tuned", participants=[("Ann", "")])
    store.set_rating(aid, None, "1.1", "plan", 50)  # one of four dimensions: the node has no score yet
    a, fw = snapshot(store, aid)
    out = tmp_path / "e.xlsx"
    export_xlsx(a, fw, out)
    ws = openpyxl.load_workbook(out)["Scores"]
    header = [c.value for c in ws[4]]
    col = header.index("Consensus score") + 1
    assert ws.cell(5, col).value.startswith('=IF(COUNT(')  # formula yields "" until all four are rated


def test_bad_path(tmp_path):
    a, fw = demo("maf", "current", unicode=False)
    with pytest.raises(ExportError, match="does not exist"):
        export_xlsx(a, fw, tmp_path / "nope" / "x.xlsx")
    assert [p for p in tmp_path.iterdir() if p.name != "data"] == []


def test_cancel_keeps_the_previous_workbook(tmp_path):
    from npmassess.errors import Cancelled
    a, fw = demo("caf", "2020", "classical", unicode=False)
    out = tmp_path / "w.xlsx"
    out.write_bytes(b"previous")
    with pytest.raises(Cancelled):
        export_xlsx(a, fw, out, progress=lambda done, total, msg: done >= 6)  # stop while saving
    assert out.read_bytes() == b"previous" and [p.name for p in tmp_path.iterdir() if p.name != "data"] == ["w.xlsx"]


def test_new_files_get_ordinary_permissions(tmp_path):
    import stat
    a, fw = demo("maf", "current", unicode=False)
    out = tmp_path / "p.xlsx"
    export_xlsx(a, fw, out)
    mode = stat.S_IMODE(out.stat().st_mode)
    assert mode & 0o044 == 0o044  # readable by group and others, like any file the user saves (umask 022)


def test_a_framework_of_one_kind_of_node_gets_no_empty_process_or_results_row(tmp_path):
    a, fw = demo("kr-gpe", "2022", None, unicode=False)
    out = tmp_path / "kr.xlsx"
    export_xlsx(a, fw, out)
    ws = openpyxl.load_workbook(out)["Summary"]
    labels = {r[1]: r for r in ws.iter_rows(min_row=12, values_only=True) if r[1]}
    assert "Process items" not in labels and "Results items" not in labels  # Korea's areas are of one kind
    assert labels["Total"][3] == 100 and labels["Bonus points"][3] == 3 and labels["Total with bonus"][3] == 103
    rated = [r for r in ws.iter_rows(min_row=12) if r[0].value == "1"][0][5]
    assert rated.value == "1/1" and rated.alignment.horizontal == "center"  # not run into the max points
