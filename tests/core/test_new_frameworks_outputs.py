"""New frameworks end to end: demos, CLI scores, PDF and workbook show side-by-side lights, bonus, grades."""

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from npmassess.demo import build_demo
from npmassess.exports.pdf.document import export_pdf
from npmassess.exports.xlsx.workbook import export_xlsx
from npmassess.frameworks import library
from npmassess.scoring import score, side_by_side

from exports_helpers import pdf_text

MAIN = Path(__file__).parents[2] / "main.py"
NEW = ["pma-scorecard", "kr-gpe", "efqm", "tqa", "pqa"]


def run(*args, db):
    return subprocess.run([sys.executable, str(MAIN), *args, "--db", str(db)], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("fid", NEW)
def test_every_new_framework_has_a_complete_demo_with_notes(fid):
    fw = library().get(fid)
    a = build_demo(fw)
    rep = score(fw, a)
    assert rep.missing == [] and rep.completeness == 1
    for node in fw.scored_nodes():
        assert a.notes_for(node.id, "strength", None) and a.notes_for(node.id, "improvement", None)
        assert a.rationale[node.id]


def test_pma_demo_shows_the_lights_are_independent():
    fw = library().get("pma-scorecard")
    rep = score(fw, build_demo(fw))
    lights = {n.id: tuple(lv.label() for _, _, lv in side_by_side(rep, n.id)) for n in fw.scored_nodes()}
    assert lights["4"] == ("Red", "Green")  # red status with green progress, as on the real scorecards
    assert len(set(lights.values())) > 2


def test_cli_scores_print_status_and_progress_side_by_side(tmp_path):
    db = tmp_path / "c.db"
    aid = run("demo", "--framework", "pma-scorecard", db=db).stdout.strip()
    text = run("scores", aid, db=db).stdout
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("4 ") and "Electronic" in ln
                and "Status:" in ln and "lowest" not in ln)
    assert "Status: Red" in line and "Progress: Green" in line
    assert "Status: Green: 1, Yellow: 2, Red: 2" in text and "Progress: Green: 3, Yellow: 1, Red: 1" in text
    data = json.loads(run("scores", aid, "--json", db=db).stdout)
    assert data["side_by_side"]["4"] == {"status": "Red", "progress": "Green"}
    assert data["nodes"]["4"]["value"] is None  # never a merged value
    assert data["profiles"]["status"] == {"3": 1, "2": 2, "1": 2}


def test_cli_scores_print_bonus_and_grade(tmp_path):
    db = tmp_path / "k.db"
    kr = run("demo", "--framework", "kr-gpe", db=db).stdout.strip()
    out = run("scores", kr, db=db).stdout
    assert "Bonus " in out and "/ 3 points; total with bonus" in out
    tqa = run("demo", "--framework", "tqa", db=db).stdout.strip()
    data = json.loads(run("scores", tqa, "--json", db=db).stdout)
    expected = library().get("tqa").grade_of(data["total_points"])
    assert data["grade"] == (expected.label() if expected else None)
    assert f"Recognition: {data['grade']}" in run("scores", tqa, db=db).stdout


@pytest.mark.parametrize("size", ["A4", "LETTER"])
def test_pdf_prints_both_lights_and_no_merged_score(tmp_path, size):
    fw = library().get("pma-scorecard")
    a = build_demo(fw)
    out = tmp_path / "pma.pdf"
    export_pdf(a, fw, out, page_size=size)
    text = pdf_text(out)
    assert "Status: Red · Progress: Green" in text  # initiative 4 in the summary
    assert "never combined" in text
    layout = pdf_text(out, layout=True)
    row = next(ln for ln in layout.splitlines() if "Expanded Electronic Government" in ln and "Red" in ln
               and "Green" in ln and "Status" not in ln)
    assert row.index("Red") < row.index("Green")  # score table: a Status column, then a Progress column


def test_pdf_states_bonus_and_recognition(tmp_path):
    lib = library()
    for fid, expected in (("kr-gpe", "total with bonus"), ("tqa", "Recognition:")):
        fw = lib.get(fid)
        out = tmp_path / f"{fid}.pdf"
        export_pdf(fw and build_demo(fw), fw, out)
        assert expected in pdf_text(out).replace("\n", " ")


def test_workbook_has_a_coloured_cell_per_light_and_per_dimension_counts(tmp_path):
    fw = library().get("pma-scorecard")
    a = build_demo(fw)
    out = tmp_path / "pma.xlsx"
    export_xlsx(a, fw, out)
    wb = openpyxl.load_workbook(out)
    ws = wb["Scores"]
    head = [c.value for c in ws[4]]
    s_col, p_col = head.index("Consensus: Status") + 1, head.index("Consensus: Progress") + 1
    row = next(r for r in range(5, 10) if ws.cell(r, 2).value == "4")
    assert ws.cell(row, s_col).value == "Red" and ws.cell(row, p_col).value == "Green"
    assert ws.cell(row, s_col).fill.fgColor.rgb.endswith("D73027")
    assert ws.cell(row, p_col).fill.fgColor.rgb.endswith("1A9850")
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for r in ws.iter_rows() for c in r)
    summary = [[c.value for c in r] for r in wb["Summary"].iter_rows()]
    status_head = next(i for i, r in enumerate(summary) if r[0] == "Status" and r[2] == "Green")
    progress_head = next(i for i, r in enumerate(summary) if r[0] == "Progress" and r[2] == "Green")
    assert summary[status_head + 6][1:6] == ["Overall", 1, 2, 2, "Red"]
    assert summary[progress_head + 6][1:6] == ["Overall", 3, 1, 1, "Red"]


def test_workbook_keeps_bonus_out_of_the_total(tmp_path):
    fw = library().get("kr-gpe")
    a = build_demo(fw)
    out = tmp_path / "kr.xlsx"
    export_xlsx(a, fw, out)
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out)["Summary"].iter_rows()]
    labels = {r[1]: r for r in rows if r[1]}
    assert '"<>bonus"' in labels["Total"][2] and labels["Total"][3] == 100
    assert labels["Bonus points"][3] == 3 and labels["Total with bonus"][3] == 103
    scores = openpyxl.load_workbook(out)["Scores"]
    types = {scores.cell(r, 2).value: scores.cell(r, 4).value for r in range(5, 10)}
    assert types["B"] == "bonus" and types["1"] == "element"


@pytest.mark.parametrize("fid", NEW)
def test_source_notes_never_reach_the_report_or_the_workbook(tmp_path, fid):
    fw = library().get(fid)
    notes = [fw.source_note] + [n.source_note for n in fw.nodes()] + [g.source_note for g in fw.grades]
    notes = [x for x in notes if x]
    assert notes  # every new file explains its unconfirmed facts to its authors
    a = build_demo(fw)
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    export_pdf(a, fw, pdf)
    export_xlsx(a, fw, xlsx)
    text = " ".join(pdf_text(pdf).split())
    cells = " ".join(str(c.value) for ws in openpyxl.load_workbook(xlsx) for r in ws.iter_rows() for c in r if c.value)
    for note in notes:
        probe = " ".join(note.split())[:60]
        assert probe not in text and probe not in cells
    # what could not be confirmed is for the authors only (issue 17): never listed in the report
    assert "Not confirmed" not in text and "not confirmed" not in cells


def test_highest_level_met_in_pdf_and_workbook(tmp_path):
    from npmassess.assessment import Assessment
    from npmassess.frameworks import parse_framework
    fw = parse_framework((Path(__file__).parent.parent / "data" / "maturity-1.toml").read_bytes(), "m.toml")
    a = Assessment("m1", "Org", "Unit", fw.id, fw.edition, "levels", "2026")
    a.consensus = {("7", "l1"): 0, ("7", "l2"): 1, ("7", "l3"): 1, ("8", "l1"): 1, ("8", "l2"): 1, ("8", "l3"): 0}
    pdf, xlsx = tmp_path / "m.pdf", tmp_path / "m.xlsx"
    export_pdf(a, fw, pdf)
    export_xlsx(a, fw, xlsx)
    text = " ".join(pdf_text(pdf).split())
    assert "Level 3: 0, Level 2: 1, Level 1: 0, Below level 1: 1" in text  # 7 has a gap at level 1
    ws = openpyxl.load_workbook(xlsx)["Scores"]
    head = [c.value for c in ws[4]]
    vals = {ws.cell(r, 2).value: ws.cell(r, head.index("Consensus score") + 1).value for r in (5, 6)}
    assert vals == {"7": 0, "8": 2}
