"""Comparison: the same unit across cycles, several units in one cycle, new cycles, PDF/XLSX pages."""

import json
import subprocess

import openpyxl
import pytest

from npmassess import comparison
from npmassess.cli import run
from npmassess.demo import build_demo
from npmassess.errors import NotFound, ValidationError
from npmassess.exports.pdf.compare import write_comparison_pdf
from npmassess.exports.xlsx.compare import write_comparison_xlsx


def test_new_cycle_copies_a_starting_point_and_carries_open_actions(store, demo_id):
    old = store.load(demo_id)
    new_id, lines = comparison.copy_to_new_cycle(store, demo_id, "2027")
    new = store.load(new_id)
    assert (new.cycle, new.status, new.unit) == ("2027", "in progress", old.unit)
    assert new.consensus == old.consensus and new.ratings == {}
    assert [p.name for p in new.participants] == [p.name for p in old.participants]
    assert not {p.id for p in new.participants} & {p.id for p in old.participants}
    assert [n.text for n in new.notes] == [n.text for n in old.notes if n.participant_id is None]
    open_ones = [x.title for x in old.actions if x.status in ("planned", "in progress")]
    assert [x.title for x in new.actions] == open_ones
    assert all(note in {n.id for n in new.notes} for x in new.actions for note in x.note_ids)
    assert any(line.startswith("Left in cycle 2026") for line in lines)
    assert sum(line.startswith("Carried open action") for line in lines) == len(open_ones)
    with pytest.raises(ValidationError, match="already has an assessment for cycle 2027"):
        comparison.copy_to_new_cycle(store, demo_id, "2027")


def test_unit_history_trend_and_follow_up(store, demo_id):
    new_id, _ = comparison.copy_to_new_cycle(store, demo_id, "2027")
    old = store.load(demo_id)
    store.set_rating(new_id, None, "1.1", "score", 100)
    carried = store.load(new_id).actions[0]
    store.update_action(carried.id, status="done")
    h = comparison.unit_history(store, new_id)
    assert [c.cycle for c in h.cycles] == ["2026", "2027"]
    fw = store.framework_of(demo_id)
    leaves = fw.node("1").leaves()
    before = sum(old.consensus[(n.id, "score")] for n in leaves) / len(leaves)
    after = before + (100 - old.consensus[("1.1", "score")]) / len(leaves)
    assert h.trend("1") == pytest.approx(after - before)
    assert h.trend("2") == 0
    follow = [f for items in h.follow_up.values() for f in items]
    assert len(follow) == len(old.actions)
    done = next(f for f in follow if f.title == carried.title)
    assert done.status == "done" and done.carried and done.status_text("en") == "done (carried)"
    crit_of = {n.id: c.id for c in fw.criteria for n in c.walk()}
    for x in old.actions:
        assert any(f.title == x.title for f in h.follow_up[crit_of[x.node_ids[0]]])
    assert len(h.changed) == 1
    assert h.changed[0].startswith(f"1.1: {old.consensus[('1.1', 'score')]:g} → 100 · ")
    assert "Provide direction for the organisation" in h.changed[0]
    assert any("assessor" in w for w in h.warnings)  # the new cycle has no individual scores yet


def _unit(store, fw, unit, shift, method=None, people=5):
    a = build_demo(fw, method, seed=len(unit))
    a.unit, a.cycle = unit, "2026"
    a.participants = a.participants[:people]
    keep = {p.id for p in a.participants}
    a.ratings = {k: v for k, v in a.ratings.items() if k[0] in keep}
    a.notes = [n for n in a.notes if n.participant_id in keep or n.participant_id is None]
    a.consensus = {k: min(100.0, max(0.0, v + shift)) for k, v in a.consensus.items()}
    store.write_assessment(a)
    return a.id


def test_league_table_and_heat_map(store, caf):
    ids = {name: _unit(store, caf, name, shift) for name, shift in (("North", 10), ("South", -10), ("East", 0))}
    solo = _unit(store, caf, "West <b>&", 0, people=1)
    lg = comparison.unit_league(store, "2026")
    assert [u.overall.value for u in lg.units] == sorted((u.overall.value for u in lg.units), reverse=True)
    assert [u.rank for u in lg.units] == [1, 2, 3, 4]
    north = next(u for u in lg.units if u.id == ids["North"])
    assert north.assessors == 5 and north.spread is not None and north.spread > 0
    assert len(lg.heat_map()) == 4 and len(lg.heat_map()[0]) == len(caf.scored_criteria())
    assert any("West <b>&" in w and "1 assessor" in w for w in lg.warnings)
    assert next(u for u in lg.units if u.id == solo).spread == 0
    with pytest.raises(NotFound):
        comparison.unit_league(store, "1999")


def test_league_warns_when_methods_or_editions_differ(store, caf, lib):
    _unit(store, caf, "North", 0)
    _unit(store, caf, "South", 0, method="fine-tuned")
    lg = comparison.unit_league(store, "2026")
    assert any("different scoring methods (Classical scoring, Fine-tuned scoring)" in w for w in lg.warnings)
    for edition in ("2003", "current"):
        _unit(store, lib.get("maf", edition), f"Branch {edition}", 0)
    lg = comparison.unit_league(store, "2026", "maf")
    assert any("different framework editions (2003, current)" in w for w in lg.warnings)
    assert all(u.overall.text in ("Strong", "Acceptable", "Opportunity for Improvement", "Attention Required")
               for u in lg.units)
    assert any("other frameworks in this cycle: CAF 2020" in w for w in lg.warnings)


def test_comparison_pdf_and_xlsx(store, caf, demo_id, tmp_path):
    _unit(store, caf, "=HYPERLINK(\"x\") & <i>", 5)
    comparison.copy_to_new_cycle(store, demo_id, "2027")
    for data, name in ((comparison.unit_league(store, "2026"), "league"),
                       (comparison.unit_history(store, demo_id), "history")):
        pdf, xlsx = tmp_path / f"{name}.pdf", tmp_path / f"{name}.xlsx"
        write_comparison_pdf(data, pdf)
        write_comparison_xlsx(data, xlsx)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        wb = openpyxl.load_workbook(xlsx)
        if name == "league":
            assert "Units compared, cycle 2026" in text and "League table" in text
            assert '=HYPERLINK("x") & <i>' in text  # escaped, drawn literally
            cells = [c for row in wb["Heat map"].iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
            assert cells and all(c.data_type == "s" for c in cells)
            col_a = [c.value for c in wb["League table"]["A"]]
            assert col_a[col_a.index("Rank") + 1:] == [1, 2]
        else:
            assert "Trend per criterion" in text and "2027" in text
            assert wb.sheetnames[:2] == ["Trend", "Actions follow-up"]


def test_cli_new_cycle_and_compare(store, demo_id, tmp_path, capsys):
    db = str(store.path)
    assert run(["new-cycle", demo_id[:10], "--cycle", "2027", "--db", db]) == 0
    new_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert store.load(new_id).cycle == "2027"
    assert run(["compare", "--unit-history", new_id, "--json", "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["cycle"] for c in data["cycles"]] == ["2026", "2027"]
    pdf = tmp_path / "c.pdf"
    assert run(["compare", "--cycle", "2026", "--pdf", str(pdf), "--db", db]) == 0
    assert pdf.stat().st_size > 1000 and "Wrote" in capsys.readouterr().err
    assert run(["compare", "--cycle", "1999", "--db", db]) == 1
