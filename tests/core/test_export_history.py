"""The main PDF and Excel exports carry the unit's comparison across cycles when there is one."""

import subprocess

import openpyxl

from npmassess.comparison import copy_to_new_cycle, unit_history
from npmassess.exports.pdf.document import export_pdf
from npmassess.exports.xlsx.workbook import export_xlsx


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_history_pages_and_sheets(tmp_path, store, demo_id):
    new_id, _ = copy_to_new_cycle(store, demo_id, "2027")
    store.set_rating(new_id, None, "1.1", "score", 99)
    a, fw = store.load(new_id), store.framework_of(new_id)
    history = unit_history(store, new_id, upto=True)
    assert [c.cycle for c in history.cycles] == ["2026", "2027"]
    export_pdf(a, fw, tmp_path / "r.pdf", history=history)
    text = pdf_text(tmp_path / "r.pdf")
    assert "Trend per criterion" in text and "Last cycle's improvement actions" in text
    export_xlsx(a, fw, tmp_path / "r.xlsx", history=history)
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert "Trend" in wb.sheetnames
    # a report on the earlier cycle stops at that cycle
    older = unit_history(store, demo_id, upto=True)
    assert [c.cycle for c in older.cycles] == ["2026"]
    export_pdf(store.load(demo_id), fw, tmp_path / "old.pdf", history=older)
    assert "Trend per criterion" not in pdf_text(tmp_path / "old.pdf")


def test_single_cycle_export_has_no_history_section(tmp_path, store, demo_id):
    a, fw = store.load(demo_id), store.framework_of(demo_id)
    export_xlsx(a, fw, tmp_path / "r.xlsx", history=unit_history(store, demo_id, upto=True))
    assert "Trend" not in openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames
