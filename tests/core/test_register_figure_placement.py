"""A results item's narrative places the results register's figures by their numbers ("[Figure: 7.1-4]"), as it
places the team's: in the PDF, in Word and in the page budget; without a register the number is unknown."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from npmassess.demo import create_demo
from npmassess.exports.common import build_context
from npmassess.exports.docx.application import export_application_docx
from npmassess.exports.pdf.application import export_application
from npmassess.exports.pdf.budget import page_budget
from npmassess.figures import Figure
from npmassess.frameworks import library
from npmassess.results.figures import results_data

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import narratives  # noqa: E402

PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
BEFORE = "Our coverage paragraph comes before the chart."
AFTER = "Our closing paragraph reads the chart."
TEXT = f"{BEFORE}\n\n[Figure: 7.1-4]\n\n{AFTER}"


@pytest.fixture
def award(store):
    """The Baldrige demo: 7.1 has the team's 7.1-1 and 7.1-2; the register's five measures are 7.1-3 to 7.1-7."""
    fw = library().get("baldrige")
    aid = create_demo(store, fw, None)
    store.set_narrative(aid, "7.1", TEXT)
    data = results_data(store, aid)
    linked = data.register.linked(fw.id, "7.1")
    assert len(linked) >= 3 and [f.number for f in store.load(aid).figures["7.1"]] == ["7.1-1", "7.1-2"]
    return store, fw, aid, data, linked


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    return _flat(" ".join(p.extract_text() for p in PdfReader(path).pages))


def _docx_sequence(path: Path) -> str:
    """Body paragraphs' text and pictures (by their title, '<pic Figure 7.1-4>') in document order."""
    from docx import Document
    out = []
    for p in Document(str(path)).paragraphs:
        out.append(p.text)
        out += [f"<pic {t}>" for t in p._p.xpath(".//wp:docPr/@title")]
    return _flat(" ".join(out))


def _order(text: str, *needles: str) -> list[int]:
    return [text.index(n) for n in needles]


def test_the_register_figures_are_numbered_after_the_teams_and_placed_by_their_markers(award):
    from npmassess.exports.placement import RegisterFigure, item_pieces, register_figures
    store, fw, aid, data, linked = award
    ctx = build_context(store.load(aid), fw, "en")
    node = fw.node("7.1")
    numbers = [f.number for f in register_figures(ctx.a, ctx.fw, node, data)]
    assert numbers == [f"7.1-{i}" for i in range(3, 3 + len(linked))]
    pieces, unknown = item_pieces(ctx, node, data)
    shown = [(kind, value.number if kind == "figure" else value) for kind, value in pieces]
    assert shown == [("text", BEFORE + "\n"), ("figure", "7.1-4"), ("text", "\n" + AFTER), ("figure", "7.1-1"),
                     ("figure", "7.1-2")] + [("figure", n) for n in numbers if n != "7.1-4"]
    assert unknown == []
    placed = pieces[1][1]
    assert isinstance(placed, RegisterFigure) and placed.measure.name == linked[1].name
    assert placed.drawn().number == "Figure 7.1-4"
    assert register_figures(ctx.a, ctx.fw, node, None) == []  # no register, no register figures
    assert item_pieces(ctx, node, None) == ([("text", BEFORE + "\n"), ("missing", "7.1-4"), ("text", "\n" + AFTER),
                                             ("figure", ctx.a.figures["7.1"][0]), ("figure", ctx.a.figures["7.1"][1])],
                                            ["7.1-4"])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pdf_shows_the_register_figure_at_its_marker(award, tmp_path, lang):
    store, fw, aid, data, linked = award
    out = tmp_path / "app.pdf"
    warnings = export_application(store.load(aid), fw, out, "Letter", lang=lang, results=data)
    text = _pdf_text(out)
    sep = " :" if lang == "fr" else ":"
    placed, third = f"Figure 7.1-4{sep} {linked[1].name}", f"Figure 7.1-3{sep} {linked[0].name}"
    pos = _order(text, BEFORE, placed, AFTER, f"Figure 7.1-2{sep}", third)
    assert pos == sorted(pos)  # at the marker; the unplaced ones follow the text in number order
    assert text.count(placed) == 1  # shown once, not again after the text
    assert "no figure with this number" not in text and "aucune figure de ce numéro" not in text
    assert not [w for w in warnings if "7.1-4" in w]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_word_shows_the_register_figure_at_its_marker(award, tmp_path, lang):
    store, fw, aid, data, linked = award
    out = tmp_path / "app.docx"
    warnings = export_application_docx(store.load(aid), fw, out, "Letter", lang=lang, results=data)
    seq = _docx_sequence(out)
    sep = " :" if lang == "fr" else ":"
    placed = f"Figure 7.1-4{sep} {linked[1].name}"
    pos = _order(seq, BEFORE, placed, "<pic Figure 7.1-4>", AFTER, "<pic Figure 7.1-2>", "<pic Figure 7.1-3>")
    assert pos == sorted(pos)
    assert seq.count("<pic Figure 7.1-4>") == 1 and seq.count(placed) == 1
    assert "no figure with this number" not in seq and "aucune figure de ce numéro" not in seq
    assert not [w for w in warnings if "7.1-4" in w]


@pytest.mark.parametrize("page_size", ["Letter", "A4"])
def test_budget_equals_the_pdf_with_a_placed_register_figure(award, tmp_path, page_size):
    store, fw, aid, data, _linked = award
    narratives.fill(store, aid, fw, paragraphs=22)
    store.set_narrative(aid, "7.1", TEXT.replace(BEFORE, BEFORE + " " + "Coverage rose in every clinic. " * 80))
    a = store.load(aid)
    budget = page_budget(a, fw, page_size, results=data)
    out = tmp_path / f"app-{page_size}.pdf"
    export_application(a, fw, out, page_size, results=data)
    assert budget.total_pages == len(PAGE.findall(out.read_bytes())) >= 45
    assert not [w for w in budget.warnings() if "7.1-4" in w]
    without = page_budget(a, fw, page_size)
    assert budget.items["7.1"] > without.items["7.1"]  # the register's five figures are counted with the item


def test_without_a_register_the_marker_is_a_placeholder_and_a_warning(award, tmp_path):
    store, fw, aid, _data, _linked = award
    a = store.load(aid)
    pdf, docx = tmp_path / "app.pdf", tmp_path / "app.docx"
    warnings = export_application(a, fw, pdf, "Letter")
    text = _pdf_text(pdf)
    pos = _order(text, BEFORE, "[Figure 7.1-4: no figure with this number on this item]", AFTER)
    assert pos == sorted(pos) and "Figure 7.1-3" not in text
    assert [w for w in warnings if "the narrative places figure 7.1-4" in w]
    word_warnings = export_application_docx(a, fw, docx, "Letter")
    seq = _docx_sequence(docx)
    pos = _order(seq, BEFORE, "[Figure 7.1-4: no figure with this number on this item]", AFTER)
    assert pos == sorted(pos) and "Figure 7.1-3" not in seq
    assert [w for w in word_warnings if "7.1-4" in w]
    assert [w for w in page_budget(a, fw, "Letter").warnings() if "7.1-4" in w]


def test_a_team_figure_keeps_its_number_and_the_register_numbers_on(award):
    from npmassess.exports.placement import item_pieces, register_figures
    store, fw, aid, data, linked = award
    a = store.load(aid)
    team = a.figures["7.1"] + [Figure("7.1-5", "The team's own chart", "bar", ["Year", "Value"], [["2025", 1]])]
    store.set_figures(aid, "7.1", team, {})
    ctx = build_context(store.load(aid), fw, "en")
    numbers = [f.number for f in register_figures(ctx.a, ctx.fw, fw.node("7.1"), data)]
    assert numbers == [f"7.1-{i}" for i in range(6, 6 + len(linked))]  # after the team's highest
    _pieces, unknown = item_pieces(ctx, fw.node("7.1"), data)
    assert unknown == ["7.1-4"]  # a gap in the numbers: no figure has it


def test_renumber_moves_markers_and_mentions_at_once():
    from npmassess.narrative import renumber
    text = ("As Figure 7.1-3 shows, coverage rose (see also figure 7.1-4).\n[Figure: 7.1-3]\n"
            "[figure: 7.1-4]\nFigure 7.1-30 and Figure 7.1-3a stay; so does 7.1-3 alone.")
    out = renumber(text, {"7.1-3": "7.1-4", "7.1-4": "7.1-5"})
    assert out == ("As Figure 7.1-4 shows, coverage rose (see also figure 7.1-5).\n[Figure: 7.1-4]\n"
                   "[figure: 7.1-5]\nFigure 7.1-30 and Figure 7.1-3a stay; so does 7.1-3 alone.")
    assert renumber(text, {}) == text


def test_a_new_team_figure_moves_the_register_figures_and_the_text_follows(award, tmp_path):
    """The register's figures are numbered after the team's: a new team figure 7.1-3 makes the register's
    7.1-3 and 7.1-4 into 7.1-4 and 7.1-5; the marker and the mention that named them still name them."""
    from npmassess.figure_numbers import renumbered_narrative
    store, fw, aid, data, linked = award
    a = store.load(aid)
    store.set_narrative(aid, "7.1", TEXT + "\n\nFigure 7.1-3 shows the sessions.")
    a = store.load(aid)
    team = a.figures["7.1"] + [Figure("7.1-3", "The team's new chart", "bar", ["Year", "Value"], [["2025", 1]])]
    text, moved = renumbered_narrative(a, fw, fw.node("7.1"), data, team)
    assert moved == {f"7.1-{i}": f"7.1-{i + 1}" for i in range(3, 3 + len(linked))}
    assert "[Figure: 7.1-5]" in text and "Figure 7.1-4 shows the sessions." in text
    store.set_figures(aid, "7.1", team, {})
    store.set_narrative(aid, "7.1", text)
    out = tmp_path / "app.pdf"
    export_application(store.load(aid), fw, out, "Letter", results=data)
    pdf = _pdf_text(out)
    placed = f"Figure 7.1-5: {linked[1].name}"  # the same measure the marker named before
    pos = _order(pdf, BEFORE, placed, AFTER)
    assert pos == sorted(pos) and pdf.count(placed) == 1
