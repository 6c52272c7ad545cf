"""The improvement plan alone (PDF, Word, Excel), the consensus-meeting pack and the one-page summary, read back."""

from __future__ import annotations

import docx
import openpyxl
import pytest
from exports_helpers import demo, flat, pdf_text, pdfinfo

from npmassess.errors import ValidationError
from npmassess.exports.common import build_context
from npmassess.exports.pdf.extras import export_consensus_pack, export_summary_pdf
from npmassess.exports.plan import export_plan
from npmassess.exports.selection import plan_lines
from npmassess.scoring import agenda


def test_plan_lines_filter_by_status_and_sort_by_priority():
    a, fw = demo("caf", "2020", "classical", unicode=False)
    lines = plan_lines(build_context(a, fw), ["planned"])
    assert lines and all(x.action.status == "planned" for x in lines)
    order = {"High": 0, "Medium": 1, "Low": 2}
    assert [order[x.action.priority] for x in lines] == sorted(order[x.action.priority] for x in lines)
    assert any(x.afis for x in lines)  # the demo links each action to an area for improvement
    with pytest.raises(ValidationError, match="not an action status"):
        plan_lines(build_context(a, fw), ["someday"])


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".xlsx"])
def test_plan_alone_in_every_format(tmp_path, suffix):
    a, fw = demo("caf", "2020", "classical", unicode=False)
    out = tmp_path / f"plan{suffix}"
    export_plan(a, fw, out, statuses=["planned", "in progress"])
    lines = plan_lines(build_context(a, fw), ["planned", "in progress"])
    kept = [x.action.title for x in lines]
    dropped = [x.title for x in a.actions if x.status not in ("planned", "in progress")]
    if suffix == ".pdf":
        import subprocess
        text = flat(subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True).stdout)
        pos = 0
        for line in lines:  # in priority order: each action's number and title come after the previous one's
            pos = text.index(f"{line.number} {flat(line.action.title)}", pos) + 1
        assert "Areas for improvement" in text and lines[0].afis[0][:30] in text
    elif suffix == ".docx":
        table = docx.Document(out).tables[0]
        assert [r.cells[1].text.split(".")[0] for r in table.rows[1:]] == [t.split(".")[0] for t in kept]
        text = " ".join(c.text for r in table.rows for c in r.cells)
    else:
        ws = openpyxl.load_workbook(out, data_only=True).active
        assert [r[1] for r in ws.iter_rows(min_row=2, values_only=True)] == kept
        assert [r[8] for r in ws.iter_rows(min_row=2, values_only=True)] == [x.action.priority for x in lines]
        text = " ".join(str(v) for r in ws.iter_rows(values_only=True) for v in r if v)
    for t in dropped:
        assert t not in text or t in kept


def test_plan_refuses_other_suffixes(tmp_path):
    from npmassess.exports import ExportError
    a, fw = demo("caf", "2020", "classical", unicode=False)
    with pytest.raises(ExportError, match=".pdf, .docx or .xlsx"):
        export_plan(a, fw, tmp_path / "plan.txt")


def test_consensus_pack_agenda_scores_notes_and_worksheets(tmp_path):
    a, fw = demo("caf", "2020", "fine-tuned", unicode=False)
    out = tmp_path / "pack.pdf"
    n = export_consensus_pack(a, fw, out, threshold=20)
    items = agenda(fw, a, 20)
    assert n == len(items) > 0
    pages = pdf_text(out).split("\f")
    first = flat(pages[0])
    positions = [first.index(f"{d.node_id} ") for d in items[:5]]
    assert positions == sorted(positions)  # widest spread first
    text = flat(pdf_text(out))
    assert text.count("Worksheet ") == n and "Agreed score" in text
    for p in a.participants:
        assert p.name in text
    export_consensus_pack(a, fw, tmp_path / "anon.pdf", threshold=20, anonymous=True)
    anon = flat(pdf_text(tmp_path / "anon.pdf"))
    assert "Assessor A" in anon and all(p.name not in anon for p in a.participants)


def test_consensus_pack_names_a_single_agenda_node_in_the_singular(tmp_path):
    a, fw = demo("caf", "2020", "fine-tuned", unicode=False)
    spreads = sorted({d.spread for d in agenda(fw, a, 0) if d.spread is not None}, reverse=True)
    out = tmp_path / "pack.pdf"
    assert export_consensus_pack(a, fw, out, threshold=spreads[1]) == 1  # only the widest is above it
    first = flat(pdf_text(out).split("\f")[0])
    assert "Agenda: 1 sub-criterion whose individual scores spread by more than" in first
    assert "sub-criteria" not in first.split("Agenda:")[1][:40]
    export_consensus_pack(a, fw, tmp_path / "fr.pdf", threshold=spreads[1], lang="fr")
    assert "Ordre du jour : 1 sous-critère dont" in flat(pdf_text(tmp_path / "fr.pdf").split("\f")[0].replace("\xa0", " "))


def test_one_page_summary_with_change_since_last_cycle(tmp_path):
    from npmassess.comparison import UnitHistory, column
    a, fw = demo("caf", "2020", "classical", unicode=False)
    old, _ = demo("caf", "2020", "classical", unicode=False)
    old.cycle = "2025"
    for k in list(old.consensus)[:10]:
        old.consensus[k] = max(0.0, old.consensus[k] - 10)
    h = UnitHistory(a.organisation, a.unit, fw, [(c.id, c.title()) for c in fw.scored_criteria()],
                    [column(fw, old), column(fw, a)])
    out = tmp_path / "sum.pdf"
    assert export_summary_pdf(a, fw, out, history=h) == 1
    assert pdfinfo(out)["Pages"] == "1"
    text = flat(pdf_text(out))
    assert "2025" in text and "Change" in text and "+" in text
    assert "Main strengths" in text and "Main areas for improvement" in text


def test_cli_writes_every_new_output(tmp_path, db_path, store, lib, capsys):
    from npmassess import cli
    from npmassess.demo import create_demo
    caf = create_demo(store, lib.get("caf", "2020"), "classical")
    bal = create_demo(store, lib.get("baldrige", "2023-2024"))
    files = {"--docx": "r.docx", "--plan": "plan.xlsx", "--consensus-pack": "pack.pdf", "--summary": "s.pdf"}
    args = ["export", caf, "--db", str(db_path), "--status", "planned", "--anonymous"]
    for flag, name in files.items():
        args += [flag, str(tmp_path / name)]
    assert cli.run(args) == 0
    out = capsys.readouterr().out
    for name in files.values():
        assert (tmp_path / name).stat().st_size > 0 and f"Wrote {tmp_path / name}" in out
    ws = openpyxl.load_workbook(tmp_path / "plan.xlsx").active
    assert {r[9] for r in ws.iter_rows(min_row=2, values_only=True)} == {"planned"}
    assert cli.run(["export", bal, "--db", str(db_path), "--application", str(tmp_path / "a.pdf"),
                    "--application-docx", str(tmp_path / "a.docx")]) == 0
    out = capsys.readouterr().out
    assert "met: Page size: required Letter; this document Letter" in out
    assert "met: Item 7.5 response" in out and (tmp_path / "a.docx").exists()
    assert cli.run(["export", caf, "--db", str(db_path), "--plan", str(tmp_path / "p.pdf"), "--status", "x"]) == 1
    assert "'x' is not an action status" in capsys.readouterr().err


def test_cli_sign_off_and_logo(tmp_path, db_path, store, lib, capsys):
    from PIL import Image
    from npmassess import cli
    from npmassess.demo import create_demo
    aid = create_demo(store, lib.get("caf", "2020"), "classical")
    logo = tmp_path / "logo.png"
    Image.new("RGB", (200, 80), (31, 78, 121)).save(logo)
    args = ["export", aid, "--db", str(db_path), "--pdf", str(tmp_path / "r.pdf"), "--docx", str(tmp_path / "r.docx"),
            "--sign-off", "prepared_by=Ana Silva", "--sign-off", "classification=Official", "--logo", str(logo)]
    assert cli.run(args) == 0
    text = flat(pdf_text(tmp_path / "r.pdf"))
    assert "Sign-off Prepared by Ana Silva" in text and "Classification Official" in text
    d = docx.Document(tmp_path / "r.docx")
    assert any("Ana Silva" in c.text for t in d.tables for r in t.rows for c in r.cells)
    assert len(d.inline_shapes) >= 2  # the logo and the charts
    assert cli.run(args[:6] + ["--sign-off", "signed=me"]) == 1
    assert "--sign-off 'signed=me'" in capsys.readouterr().err
    (tmp_path / "bad.png").write_text("not an image")
    assert cli.run(args[:6] + ["--logo", str(tmp_path / "bad.png")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: Cannot read the logo") and err.count("\n") == 1
