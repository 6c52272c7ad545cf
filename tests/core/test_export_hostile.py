"""Hostile free text through every text field into the PDF, Excel and application exports."""

from __future__ import annotations

import openpyxl
from exports_helpers import demo, pdf_text, squeeze
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from npmassess.assessment import Action, Note, Participant, new_id
from npmassess.exports import export_application, export_pdf, export_xlsx

MARKUP = ["<b>", "</b>", "<img src=\"/etc/passwd\"/>", "&amp;", "&", "<", ">", "<font size=60>", "]]>",
          "<br/>", "=1+1", "+SUM(A1)", "-2+3", "@cmd", "=HYPERLINK(\"x\")", "\"", "'", "%s", "{0}"]
SCRIPTS = ["Zoë", "Ñúñez", "Łódź", "Δημήτρης", "Наталья", "田中", "報告", "보고서", "カタカナ", "ﬁ"]
LONG = ["x" * 300, "Donaudampfschifffahrtsgesellschaftskapitän" * 4, "田" * 200]

# preserved text: what our fonts can draw, so pdftotext can give it back
safe_piece = st.one_of(st.sampled_from(MARKUP + SCRIPTS + LONG),
                       st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=12))
safe_text = st.lists(safe_piece, min_size=1, max_size=6).map(" ".join).filter(lambda s: s.strip() != "")
# anything at all, control characters and unassigned code points included: only must not crash
any_text = st.one_of(st.text(max_size=80), st.lists(st.sampled_from(["\x00", "\x07", "\x1b", "\r\n", "\t",
                                                                      "\ufffe", "\u202e", "\U0001F600"]
                                                                     + MARKUP), max_size=8).map("".join))


def _fill(a, fw, texts: list[str]) -> None:
    """Put the texts into every free-text field: header, people, notes, rationale, narratives, actions."""
    t = (texts * 8)[:8]
    a.organisation, a.unit, a.cycle = t[0], t[1], t[2]
    a.participants[0].name, a.participants[0].role = t[3], t[4]
    node = fw.scored_nodes()[0].id
    a.participants.append(Participant(new_id(), t[5], t[6], 9))
    for kind in ("strength", "improvement", "evidence"):
        a.notes.append(Note(new_id(), node, kind, t[7], a.participants[-1].id, 0))
        a.notes.append(Note(new_id(), node, kind, t[0], None, 0))
    a.rationale[node] = t[1]
    for n in fw.nodes():
        if not n.children:
            a.narratives[n.id] = t[2]
    a.actions.append(Action(new_id(), t[3], t[4], t[5], "", 3, 3, "planned", [node], [], 99))


def _xlsx_texts(path) -> list[openpyxl.cell.cell.Cell]:
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(safe_text, min_size=2, max_size=4))
def test_hostile_text_is_preserved_and_never_a_formula(tmp_path, texts):
    a, fw = demo("maf", "current", unicode=False)
    _fill(a, fw, texts)
    pdf, xlsx = tmp_path / "h.pdf", tmp_path / "h.xlsx"
    export_pdf(a, fw, pdf)
    export_xlsx(a, fw, xlsx)
    got = squeeze(pdf_text(pdf))
    for n in a.notes[-6:]:
        assert squeeze(n.text) in got, n.text
    assert squeeze(a.actions[-1].title) in got
    cells = _xlsx_texts(xlsx)
    values = {c.value for c in cells if isinstance(c.value, str)}
    for text in texts:
        assert text in values
    for c in cells:
        if isinstance(c.value, str) and c.value in texts:
            assert c.data_type == "s", c.value


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(any_text, min_size=2, max_size=4))
def test_any_text_never_crashes_any_export(tmp_path, texts):
    a, fw = demo("baldrige", "2023-2024", unicode=False)
    _fill(a, fw, texts)
    export_pdf(a, fw, tmp_path / "a.pdf")
    export_xlsx(a, fw, tmp_path / "a.xlsx")
    export_application(a, fw, tmp_path / "app.pdf")
    for c in _xlsx_texts(tmp_path / "a.xlsx"):
        if isinstance(c.value, str) and c.value and c.value[0] in "=+-@" and c.data_type != "s":
            ours = (c.row > 4 and c.parent.title in ("Scores", "Summary")) or \
                (c.parent.title == "Improvement plan" and c.column == 9 and c.value.startswith("=IF(AND(ISNUMBER(G"))
            assert ours, c.value  # only our own formulas (the plan's Priority is a formula of Impact and Effort)
    assert pdf_text(tmp_path / "app.pdf").count("\f") >= 3  # cover, profile, responses


def test_markup_prints_literally_and_leaves_layout_alone(tmp_path):
    a, fw = demo("maf", "current", unicode=False)
    hostile = '<font size=60>BIG</font> <img src="/etc/passwd"/> a<b & c>d &amp; x<y>z'
    _fill(a, fw, [hostile])
    out = tmp_path / "m.pdf"
    export_pdf(a, fw, out)
    text = pdf_text(out)
    assert hostile in text.replace("\n", " ")
    clean_out = tmp_path / "clean.pdf"
    b, _ = demo("maf", "current", unicode=False)
    _fill(b, fw, ["plain words of the same kind here"])
    export_pdf(b, fw, clean_out)
    # markup did not blow up fonts or images: page counts stay in the same range
    assert abs(len(text.split("\f")) - len(pdf_text(clean_out).split("\f"))) <= 2


def test_huge_texts_lay_out_without_error(tmp_path):
    a, fw = demo("baldrige", "2023-2024")
    big = ("word " * 40 + "\n") * 400  # about 80,000 characters
    a.actions[0].description = big
    a.participants[0].role = big[:20000]
    node = fw.scored_nodes()[0].id
    a.rationale[node] = big
    a.notes[0].text = big
    a.notes[1].text = "田中" * 20000
    a.narratives["P.1"] = "田中 " * 30000
    export_pdf(a, fw, tmp_path / "big.pdf")
    export_xlsx(a, fw, tmp_path / "big.xlsx")
    warnings = export_application(a, fw, tmp_path / "app.pdf")
    assert "Organizational Profile takes" in warnings[0]
    text = pdf_text(tmp_path / "big.pdf")
    assert "shortened" in text and "the Excel workbook has the full text" in text
    plan = openpyxl.load_workbook(tmp_path / "big.xlsx")["Improvement plan"]
    assert plan.cell(2, 3).value == big[:32766] + "…"  # Excel's cell limit, marked
