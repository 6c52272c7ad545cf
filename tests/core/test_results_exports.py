"""The register in the outputs, read back: PDF results chapter, workbook sheets with native charts,
the award application's numbered figures, and the CLI."""

import re
import subprocess
import sys

import openpyxl
import pytest

from npmassess.cli import run
from npmassess.demo import create_demo
from npmassess.exports.common import snapshot
from npmassess.exports.pdf.application import export_application
from npmassess.exports.pdf.document import export_pdf
from npmassess.exports.xlsx.workbook import export_xlsx
from npmassess.results.figures import results_data


def pdftext(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def baldrige_demo(store, lib):
    aid = create_demo(store, lib.get("baldrige"))
    return store, aid


def test_pdf_results_chapter(baldrige_demo, tmp_path):
    store, aid = baldrige_demo
    a, fw = snapshot(store, aid)
    data = results_data(store, aid)
    export_pdf(a, fw, tmp_path / "r.pdf", results=data)
    text = pdftext(tmp_path / "r.pdf")
    assert "Results: measured data" in text and "Performance report" in text
    m = data.register.linked("baldrige", "7.3")[0]
    assert m.name in text and "Process behaviour (XmR) chart" in text
    assert "the register suggests" in text and "Efficiency is output per input" in text
    export_pdf(a, fw, tmp_path / "plain.pdf")
    assert "Results: measured data" not in pdftext(tmp_path / "plain.pdf")


def test_workbook_measures_sheet_has_native_charts(baldrige_demo, tmp_path):
    store, aid = baldrige_demo
    a, fw = snapshot(store, aid)
    data = results_data(store, aid)
    export_xlsx(a, fw, tmp_path / "r.xlsx", results=data)
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    ws = wb["Measures"]
    assert len(ws._charts) == len(data.register.measures)
    first = data.register.measures[0]
    assert ws["A4"].value.startswith(first.name)
    assert [c.value for c in ws[7]][:9] == ["Period", "Actual", "Target", "Comparison", "Mean", "Upper limit",
                                           "Lower limit", "Moving range", "Signal"]
    assert ws["A8"].value == first.observations[0].period and ws["B8"].value == first.observations[0].actual
    perf = wb["Performance"]
    assert [perf.cell(row=r, column=1).value for r in range(5, 10)] == ["Inputs", "Activities", "Outputs",
                                                                       "Outcomes", "Impact"]


def test_application_results_items_have_numbered_figures(baldrige_demo, tmp_path):
    store, aid = baldrige_demo
    a, fw = snapshot(store, aid)
    data = results_data(store, aid)
    export_application(a, fw, tmp_path / "app.pdf", results=data)
    text = pdftext(tmp_path / "app.pdf")
    linked = data.register.linked("baldrige", "7.1")
    team = [f for f in a.figures["7.1"] if f.chart != "org"]
    assert linked and [f.number for f in team] == ["7.1-1", "7.1-2"]  # the demo's own figures of 7.1
    flat = " ".join(text.split())
    for f in team:  # the team's figures keep their numbers ...
        assert f"Figure {f.number}: {' '.join(f.caption.split())}" in flat
    for i, m in enumerate(linked, len(team) + 1):  # ... and the register's number on after them
        assert f"Figure 7.1-{i}: {m.name}" in text
    numbers = re.findall(r"Figure (7\.1-\d+):", text)
    assert len(numbers) == len(set(numbers)) == len(team) + len(linked)  # no number used twice


def test_cli_measures_import_and_performance(tmp_path, capsys):
    db = str(tmp_path / "cli.db")
    assert run(["demo", "--db", db, "--framework", "caf"]) == 0
    aid = capsys.readouterr().out.strip()
    assert run(["measures", aid[:8], "--db", db, "--node", "9.2"]) == 0
    out = capsys.readouterr().out
    assert "natural process limits" in out and "Suggested score:" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("measure,level,period,actual\nNew,output,2025-Q1,1\nNew,,2025-Q1,2\n", encoding="utf-8")
    assert run(["measures-import", aid[:8], str(bad), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "row 3, column 'period': 2025-Q1 of 'New' is already given in row 2" in err and "nothing was imported" in err
    good = tmp_path / "good.csv"
    good.write_text("measure,level,period,actual\nNew,output,2025-Q1,1\n", encoding="utf-8")
    assert run(["measures-import", aid[:8], str(good), "--db", db]) == 0
    assert "1 new measure" in capsys.readouterr().out
    assert run(["performance", aid[:8], "--db", db, "--xlsx", str(tmp_path / "p.xlsx"),
                "--pdf", str(tmp_path / "p.pdf")]) == 0
    out = capsys.readouterr().out
    assert "Outputs" in out and "efficiency:" in out and "effectiveness:" in out
    assert openpyxl.load_workbook(tmp_path / "p.xlsx").sheetnames == ["Performance", "Measures"]
    text = pdftext(tmp_path / "p.pdf")
    assert "performance report" in text and "Outcomes" in text and "Families back in work within a year" in text
    assert run(["overrule", aid[:8], "9.2", "score", "--reason", "Data of 2025 incomplete", "--db", db]) == 0
    assert run(["measures", aid[:8], "--db", db, "--node", "9.2"]) == 0
    assert "Overruled because: Data of 2025 incomplete" in capsys.readouterr().out


def test_core_stays_free_of_qt():
    code = "import npmassess.results, npmassess.results.io, npmassess.results.performance, sys; " \
           "print('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_scoring_kit_carries_the_measured_results(store, lib, tmp_path):
    from npmassess.exchange.kits import issue_kit, read_kit
    aid = create_demo(store, lib.get("caf"), "fine-tuned")
    issue_kit(store, aid, "Anna Kowalska", tmp_path / "kit.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "kit.xlsx")["Measured results"]
    texts = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    data = results_data(store, aid)
    m = data.register.linked("caf", "9.2")[0]
    assert "9.2" in texts and any(t.startswith(f"{m.name}") and "Trend:" in t for t in texts)
    assert any(t.startswith("Suggestion for Trends:") for t in texts)
    assert read_kit(store, tmp_path / "kit.xlsx") is not None  # the kit still reads back
