"""Process parts of the exports: the sign-off block, agreement in the method section (PDF and Excel)."""

import re
import subprocess

import openpyxl

from npmassess.exports import export_pdf, export_xlsx
from npmassess.process import stages
from npmassess.process.agreement import assess_agreement


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_signoff_block_is_blank_until_approved_then_filled(store, demo_id, tmp_path):
    export_pdf(store.load(demo_id), None, tmp_path / "a.pdf")
    cover = pdf_text(tmp_path / "a.pdf").split("\f")[0]
    block = cover.split("Sign-off", 1)[1]  # the cover's one sign-off block, blank lines to sign
    assert re.search(r"^\s*Approved by\s*$", block, re.M) and re.search(r"^\s*Date\s*$", block, re.M)
    stages.approve(store, demo_id, "Zoë Chief <CEO>", "Board decision 4 & 5")
    a = store.load(demo_id)
    export_pdf(a, None, tmp_path / "b.pdf")
    export_xlsx(a, None, tmp_path / "b.xlsx")
    cover = pdf_text(tmp_path / "b.pdf").split("\f")[0]
    assert cover.count("Sign-off") == 1  # the recorded approval fills the one block, no second block
    block = cover.split("Sign-off", 1)[1]
    assert re.search(r"^\s*Approved by\s+Zoë Chief <CEO>\s*$", block, re.M)
    assert re.search(rf"^\s*Date\s+{re.escape(a.signoff['approved_on'])}\s*$", block, re.M)
    ws = openpyxl.load_workbook(tmp_path / "b.xlsx")["Process"]
    cells = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(2, 7)}
    assert cells["Approved by"] == "Zoë Chief <CEO>" and cells["Note"] == "Board decision 4 & 5"
    assert cells["Status"] == "Approved"


def test_method_section_reports_agreement(store, demo_id, tmp_path):
    a = store.load(demo_id)
    res = assess_agreement(store.framework_of(a), a)
    export_pdf(a, None, tmp_path / "r.pdf")
    export_xlsx(a, None, tmp_path / "r.xlsx")
    text = " ".join(pdf_text(tmp_path / "r.pdf").split())
    assert "Krippendorff's alpha for interval data" in text
    assert f"Overall: alpha {res.overall:.2f} ({res.meaning})" in text
    assert "handles any number of assessors and missing scores" in text
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Process"]
    values = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
    assert round(res.by_criterion["1"], 3) in values
