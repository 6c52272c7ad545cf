"""The results register: store, strict CSV/Excel import, suggestions, overrules, performance, demo."""

import pytest
from openpyxl import Workbook

from npmassess.demo import create_demo
from npmassess.errors import ImportFileError, ValidationError
from npmassess.results.io import export_file, import_file
from npmassess.results.model import Measure, Observation
from npmassess.results.performance import performance_report
from npmassess.results.registry import (delete_measure, load_register, overrules, register_of, save_measures,
                                        set_overrule)
from npmassess.results.suggest import is_results_node, suggest

ORG, UNIT = "Ville <&> Zoë", "Unité = 田中"


def test_save_load_and_delete(store):
    m = Measure("", "Decisions within 30 days", "output", unit="%", links=["caf:6.2", "caf:5.1"],
                observations=[Observation("2025-Q2", 80, 85), Observation("2025-Q1", 78, 85, 81)])
    [mid] = save_measures(store, ORG, UNIT, [m])
    reg = load_register(store, ORG, UNIT)
    got = reg.measure(mid)
    assert [o.period for o in got.observations] == ["2025-Q1", "2025-Q2"]
    assert got.links == ["caf:6.2", "caf:5.1"] and reg.linked("caf", "6.2") == [got]
    assert load_register(store, ORG, "other unit").measures == []
    delete_measure(store, mid)
    assert load_register(store, ORG, UNIT).measures == []


def test_bad_measures_write_nothing(store):
    good = Measure("", "Good", "input", observations=[Observation("2025", 1)])
    for bad in (Measure("", "X", "result"), Measure("", "X", "input", direction="up"),
                Measure("", "X", "input", observations=[Observation("2025-Q1", 1), Observation("2025-03", 2)]),
                Measure("", "X", "input", observations=[Observation("2025-Q1", float("nan"))])):
        with pytest.raises(ValidationError):
            save_measures(store, ORG, UNIT, [good, bad])
    assert load_register(store, ORG, UNIT).measures == []


CSV_OK = """measure,level,direction,unit,links,relates_to,period,actual,target,comparison
Staff,input,higher,FTE,caf:9.2,,2025-Q1,10,,
Staff,,,,,,2025-Q2,11,,
Decisions,output,higher,n,caf:9.1 caf:9.2,Staff,2025-Q1,400,380,
Decisions,,,,,,2025-Q2,=1+1,380,
"""


def test_csv_import_names_every_problem_by_row_and_column(store, tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("measure,level,period,actual,valeur\nA,input,2025-Q1,1,\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"bad\.csv: row 1, column 5: unknown column 'valeur'"):
        import_file(store, ORG, UNIT, f)
    f.write_text("measure,level,period,actual,target\n"
                 "A,input,2025-Q1,1,\n"
                 "A,,2025-13,2,\n"
                 "A,,2025-Q2,12.5x,\n"
                 "A,,2025-Q1,3,\n"
                 "B,,2025-Q1,1,abc\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        import_file(store, ORG, UNIT, f)
    problems = info.value.problems
    assert problems[0].startswith("row 3, column 'period': '2025-13' is not a period")
    assert "row 4, column 'actual': '12.5x' is not a number" in problems
    assert "row 5, column 'period': 2025-Q1 of 'A' is already given in row 2" in problems
    assert "row 6, column 'target': 'abc' is not a number" in problems
    assert any(p.startswith("measure 'B': the level is needed") for p in problems)
    assert "nothing was imported" in str(info.value)
    assert load_register(store, ORG, UNIT).measures == []
    f.write_text("measure,level,links,relates_to\nA,output,caf:6.2 caf:99 cap:1,Nobody\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        import_file(store, ORG, UNIT, f)
    assert info.value.problems == [
        "row 2, column 'links': '99' in 'caf:99' is not a node of caf",
        "row 2, column 'links': 'cap' in 'cap:1' is not a framework (baldrige, caf, capability-review, efqm, kr-gpe, maf, pma-scorecard, pqa, tqa)",
        "row 2, column 'relates_to': 'Nobody' is not a measure of this file or of the register"]


def test_csv_formula_text_is_not_a_number(store, tmp_path):
    f = tmp_path / "r.csv"
    f.write_text(CSV_OK, encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"row 5, column 'actual': '=1\+1' is not a number"):
        import_file(store, ORG, UNIT, f)
    f.write_text(CSV_OK.replace("=1+1", "420"), encoding="utf-8")
    summary = import_file(store, ORG, UNIT, f)
    assert summary.new_measures == ["Staff", "Decisions"] and summary.values == 4
    reg = load_register(store, ORG, UNIT)
    dec = reg.by_name("decisions")
    assert dec.relates_to == reg.by_name("Staff").id and dec.links == ["caf:9.1", "caf:9.2"]
    assert [(o.period, o.actual, o.target) for o in dec.observations] == [("2025-Q1", 400, 380), ("2025-Q2", 420, 380)]
    # a second file adds a period and keeps the others
    f.write_text("measure,period,actual\nDecisions,2025-Q3,430\n", encoding="utf-8")
    assert import_file(store, ORG, UNIT, f).updated_measures == ["Decisions"]
    assert len(load_register(store, ORG, UNIT).by_name("Decisions").observations) == 3


def test_excel_import_names_cells_and_roundtrips(store, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["measure", "level", "period", "actual"])
    ws.append(["A", "input", "2025-Q1", 1])
    ws.append(["A", "output", "2025-Q2", "n/a"])
    ws.append(["A", None, "2025-14", 3])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    with pytest.raises(ImportFileError) as info:
        import_file(store, ORG, UNIT, path)
    assert info.value.problems == [
        "row 3, column B 'level': 'output' differs from 'input' given for 'A' in row 2",
        "row 3, column D 'actual': 'n/a' is not a number",
        "row 4, column C 'period': '2025-14' is not a period; use 2025-03 (month), 2025-Q1 (quarter) or 2025 (year)"]
    assert load_register(store, ORG, UNIT).measures == []
    f = tmp_path / "ok.csv"
    f.write_text(CSV_OK.replace("=1+1", "420"), encoding="utf-8")
    import_file(store, ORG, UNIT, f)
    out = export_file(load_register(store, ORG, UNIT), tmp_path / "out.xlsx")
    import_file(store, ORG, "copy", out)
    a, b = load_register(store, ORG, UNIT), load_register(store, ORG, "copy")
    strip = lambda r: [(m.name, m.level, m.links, [(o.period, o.actual, o.target) for o in m.observations]) for m in r.measures]  # noqa: E731
    assert strip(a) == strip(b)
    assert b.by_name("Decisions").relates_to == b.by_name("Staff").id


def test_demo_register_suggestions_and_overrules(store, lib):
    caf = lib.get("caf", "2020")
    aid = create_demo(store, caf, "fine-tuned")
    reg = register_of(store, aid)
    levels = {m.level for m in reg.measures}
    assert len(reg.measures) >= 12 and levels == {"input", "activity", "output", "outcome", "impact"}
    assert all(len(m.observations) == 12 for m in reg.measures)
    results = [n for n in caf.scored_nodes() if is_results_node(caf, n)]
    assert [n.id for n in results] == ["6.1", "6.2", "7.1", "7.2", "8.1", "8.2", "9.1", "9.2"]
    assert sum(bool(reg.linked("caf", n.id)) for n in results) >= 7
    sug = suggest(caf, "fine-tuned", caf.node("9.2"), reg)
    assert [s.dimension for s in sug] == ["trends", "targets"]
    assert all(s.value is not None and s.reason for s in sug)
    assert suggest(caf, "fine-tuned", caf.node("1.1"), reg) == []
    create_demo(store, caf)  # a second demo of the same unit keeps one register
    assert len(register_of(store, aid).measures) == len(reg.measures)
    set_overrule(store, aid, "9.2", "trends", sug[0].value, 45, "Two measures changed definition in 2025.")
    assert overrules(store, aid)[("9.2", "trends")]["reason"].startswith("Two measures")
    store.delete_assessment(aid)  # an assessment's overrules go with it; the register stays
    assert len(load_register(store, reg.organisation, reg.unit).measures) == len(reg.measures)


def test_suggestion_follows_caf_logic(lib):
    from npmassess.results.model import Register
    caf = lib.get("caf", "2020")
    rising = [4, 5, 4, 5, 4, 5, 4, 5, 9, 9, 9, 9]
    obs = [Observation(f"{2020 + i // 4}-Q{i % 4 + 1}", v, 8 if i == 11 else None) for i, v in enumerate(rising)]
    reg = Register("o", "u", [Measure("a", "A", "outcome", links=["caf:6.2"], observations=obs)])
    trends, targets = suggest(caf, "fine-tuned", caf.node("6.2"), reg)
    assert (trends.band_index, targets.band_index) == (4, 5)  # improving (no comparison), target met
    [classical] = suggest(caf, "classical", caf.node("6.2"), reg)
    assert classical.band_index == 4 and classical.value == 80  # where a click on 71-90 lands
    [empty] = suggest(caf, "classical", caf.node("7.1"), reg)
    assert empty.value is None
    # a second improving measure whose latest target is missed: half the targets met
    missed = [Observation(o.period, o.actual, 10 if o.target else None) for o in obs]
    reg.measures.append(Measure("b", "B", "outcome", links=["caf:6.2"], observations=missed))
    trends, targets = suggest(caf, "fine-tuned", caf.node("6.2"), reg)
    assert (trends.band_index, targets.band_index) == (4, 3)  # fine-tuned targets: 51-70 some met
    [classical] = suggest(caf, "classical", caf.node("6.2"), reg)
    assert classical.band_index == 2 and "some targets" in classical.reason  # 31-50 flat / some targets met


def test_performance_report_levels_and_ratios(store, lib):
    aid = create_demo(store, lib.get("baldrige"))
    reg = register_of(store, aid)
    rep = performance_report(reg, ["2026"])
    assert [lv.level for lv in rep.levels] == ["input", "activity", "output", "outcome", "impact"]
    kinds = {r.kind for r in rep.ratios}
    assert kinds == {"efficiency", "effectiveness"}
    eff = next(r for r in rep.ratios if r.kind == "efficiency")
    period, value = eff.latest
    num = {o.period: o.actual for o in eff.numerator.observations}[period]
    den = {o.period: o.actual for o in eff.denominator.observations}[period]
    assert value == pytest.approx(num / den)
    assert rep.years == [2023, 2024, 2025, 2026] and rep.year_label(2026) == "2026"
    out = next(lv for lv in rep.levels if lv.level == "output")
    assert out.attainment == out.met / out.with_target


def test_baldrige_letci_by_hand(lib):
    from npmassess.results.model import Register
    bal = lib.get("baldrige")
    rising = [4, 5, 4, 5, 4, 5, 4, 5, 9, 9, 9, 9]
    periods = [f"{2020 + i // 4}-Q{i % 4 + 1}" for i in range(12)]
    a = Measure("a", "A", "outcome", links=["baldrige:7.1", "baldrige:6.1"],
                observations=[Observation(p, v, 8 if i == 11 else None, 7 if i == 11 else None)
                              for i, (p, v) in enumerate(zip(periods, rising))])
    b = Measure("b", "B", "output", links=["baldrige:7.1"],
                observations=[Observation(p, v) for p, v in zip(periods, rising)])
    [s] = suggest(bal, "standard", bal.node("7.1"), Register("o", "u", [a, b]))
    # levels 1 of 1 targets met -> 5; trends 2 of 2 improving -> 5; comparisons 1 better of 2 -> 3;
    # integration 1 of 2 linked to a process item -> 3; mean 4 -> 70-85, whose middle on 5-point steps is 80
    assert "levels 5, trends 5, comparisons 3, integration 3" in s.reason
    assert (s.band_index, s.value) == (4, 80)


def test_every_demo_organisation_has_a_register_feeding_its_results_nodes(store, lib):
    for fw in lib:
        aid = create_demo(store, fw)
        reg = register_of(store, aid)
        assert len(reg.measures) >= 12, fw.key
        assert {m.level for m in reg.measures} == {"input", "activity", "output", "outcome", "impact"}, fw.key
        method = store.load(aid).method
        nodes = [n for n in fw.scored_nodes() if is_results_node(fw, n)]
        assert nodes, fw.key
        suggested = [s for n in nodes for s in suggest(fw, method, n, reg) if s.value is not None]
        assert suggested, fw.key
        for s in suggested:  # every suggestion is a value the scale allows
            node = next(n for n in nodes if any(d.id == s.dimension for d in fw.method(method).dimensions_for(n.type)))
            dim = next(d for d in fw.method(method).dimensions_for(node.type) if d.id == s.dimension)
            assert dim.scale.check(s.value) is None, (fw.key, s)
