"""Figures of every kind (chart, image) stand where the narrative's "[Figure: N]" line places them, in the
PDF, in the Word application and in the page budget; an unknown number is a visible warning."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from npmassess.demo import create_demo
from npmassess.exports.docx.application import export_application_docx
from npmassess.exports.pdf.application import export_application
from npmassess.exports.pdf.budget import page_budget
from npmassess.figure_images import image_figure
from npmassess.figures import Figure
from npmassess.frameworks import library
from npmassess.narrative import place

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import narratives  # noqa: E402

PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
TEXT = ("Our opening paragraph sets the scene.\n\n[Figure: 6.1-2]\n\nBetween the figures we explain the chart.\n\n"
        "[Figure: 6.1-1]\n\n[figure: 6.1-9]\n\nOur closing paragraph draws the lesson.")


def _chart(number: str) -> Figure:
    return Figure(number, f"Chart {number}", "bar", ["Year", "Value"], [["2024", 3], ["2025", 5]])


def _image(tmp_path, number: str):
    path = tmp_path / f"{number}.png"
    im = Image.new("RGB", (900, 600), "white")
    ImageDraw.Draw(im).rectangle([200, 150, 700, 450], fill="#1f4e79")
    im.save(path)
    return image_figure(path, number, f"Picture {number}", alt="A blue square")


def test_place_puts_figures_at_their_lines_and_the_rest_after_in_number_order():
    figs = [_chart("7.1-10"), _chart("7.1-2"), _chart("7.1-1"), _chart("7.1-3")]
    pieces, unknown = place("Intro\n[Figure: 7.1-3]\nMiddle\n\n[Figure: 8.8-8]\n[Figure: 7.1-3]\nEnd", figs)
    kinds = [(k, v.number if isinstance(v, Figure) else v) for k, v in pieces]
    assert kinds == [("text", "Intro"), ("figure", "7.1-3"), ("text", "Middle\n"), ("missing", "8.8-8"),
                     ("text", "End"), ("figure", "7.1-1"), ("figure", "7.1-2"), ("figure", "7.1-10")]
    assert unknown == ["8.8-8"]  # named twice a figure shows once, where first named
    pieces, unknown = place("", figs[:1])
    assert pieces == [("figure", figs[0])] and unknown == []


@pytest.fixture
def award(store, tmp_path):
    fw = library().get("baldrige")
    aid = create_demo(store, fw, None)
    fig, images = _image(tmp_path, "6.1-1")
    store.set_figures(aid, "6.1", [_chart("6.1-3"), fig, _chart("6.1-2")], images)
    store.set_narrative(aid, "6.1", TEXT)
    return store, fw, aid


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    return " ".join(p.extract_text() for p in PdfReader(path).pages)


def _order(text: str, *needles: str) -> list[int]:
    return [text.index(n) for n in needles]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pdf_places_chart_and_image_figures_at_their_markers(award, tmp_path, lang):
    store, fw, aid = award
    out = tmp_path / "app.pdf"
    warnings = export_application(store.load(aid), fw, out, "Letter", lang=lang)
    text = _pdf_text(out)
    fig = "Figure 6.1-{} :" if lang == "fr" else "Figure 6.1-{}:"
    missing = "[Figure 6.1-9 : aucune figure" if lang == "fr" else "[Figure 6.1-9: no figure"
    pos = _order(text, "Our opening paragraph", fig.format(2), "Between the figures", fig.format(1), missing,
                 "Our closing paragraph", fig.format(3))
    assert pos == sorted(pos)  # the unplaced chart 6.1-3 follows the text
    word = "le texte place la figure 6.1-9" if lang == "fr" else "the narrative places figure 6.1-9"
    assert [w for w in warnings if word in w and "6.1" in w]


@pytest.mark.parametrize("page_size", ["Letter", "A4"])
def test_budget_equals_the_pdf_with_markers_for_both_figure_kinds(award, tmp_path, page_size):
    store, fw, aid = award
    narratives.fill(store, aid, fw, paragraphs=22)
    store.set_narrative(aid, "6.1", TEXT + "\n\n" + "More text to carry the item onto a new page. " * 60)
    a = store.load(aid)
    budget = page_budget(a, fw, page_size)
    out = tmp_path / f"app-{page_size}.pdf"
    export_application(a, fw, out, page_size)
    assert budget.total_pages == len(PAGE.findall(out.read_bytes())) >= 45
    assert any("6.1-9" in w for w in budget.warnings())  # the desk shows the unknown number too
    assert budget.items["6.1"] > 1.0  # text, three figures and the placeholder


def _docx_sequence(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        body = zf.read("word/document.xml").decode()
    # text runs and pictures (by their title) in document order
    return " ".join(m.group(1) or f"<pic {m.group(2)}>" for m in
                    re.finditer(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<wp:docPr [^>]*title=\"([^\"]*)\"", body))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_word_places_figures_at_their_markers(award, tmp_path, lang):
    store, fw, aid = award
    out = tmp_path / "app.docx"
    warnings = export_application_docx(store.load(aid), fw, out, "A4", lang=lang)
    seq = _docx_sequence(out)
    pos = _order(seq, "Our opening paragraph", "<pic Figure 6.1-2>", "Between the figures", "<pic Figure 6.1-1>",
                 "6.1-9", "Our closing paragraph", "<pic Figure 6.1-3>")
    assert pos == sorted(pos)
    assert len(warnings) == 1 and "6.1-9" in warnings[0]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_word_carries_the_register_charts_numbered_as_the_pdf(store, tmp_path, lang):
    from npmassess.results.figures import results_data
    fw = library().get("baldrige")
    aid = create_demo(store, fw, None)
    data = results_data(store, aid)
    linked = data.register.linked(fw.id, "7.1")
    assert linked, "the demo register links measures to 7.1"
    a = store.load(aid)
    export_application(a, fw, tmp_path / "app.pdf", "Letter", lang=lang, results=data)
    export_application_docx(a, fw, tmp_path / "app.docx", "Letter", lang=lang, results=data)
    pdf = _pdf_text(tmp_path / "app.pdf")
    with zipfile.ZipFile(tmp_path / "app.docx") as zf:
        body = zf.read("word/document.xml").decode().replace("\xa0", " ").replace("\u202f", " ")
    pdf = pdf.replace("\xa0", " ").replace("\u202f", " ")
    team = len([f for f in a.figures.get("7.1", []) if f.chart != "org"])
    sep = " :" if lang == "fr" else ":"
    for i, m in enumerate(linked, team + 1):
        head = f"Figure 7.1-{i}{sep} {m.name}"
        assert head in pdf and head in body  # the same number and caption in both documents
        assert f'title="Figure 7.1-{i}"' in body
    alt = "Graphique de suivi de" if lang == "fr" else "Run chart of"
    assert body.count(f'descr="{alt}') >= len([m for r in fw.nodes() for m in data.register.linked(fw.id, r.id)
                                               if r.id.startswith("7.")])
    # at the text width: Letter 8.5 in less two margins of 0.8 in
    widths = [int(cx) for cx in re.findall(r'<wp:extent cx="(\d+)"', body)]
    assert max(widths) == pytest.approx(6.9 * 914400, rel=0.01)


def test_cli_word_application_carries_the_register_charts(tmp_path, capsys):
    from npmassess.cli import run
    db = str(tmp_path / "cli.db")
    assert run(["demo", "--db", db, "--framework", "baldrige"]) == 0
    aid = capsys.readouterr().out.strip()
    with_results, without = tmp_path / "with.docx", tmp_path / "without.docx"
    assert run(["export", aid[:8], "--db", db, "--application-docx", str(with_results)]) == 0
    assert run(["export", aid[:8], "--db", db, "--no-results", "--application-docx", str(without)]) == 0

    def run_charts(path):
        with zipfile.ZipFile(path) as zf:
            return zf.read("word/document.xml").decode().count('descr="Run chart of')
    assert run_charts(with_results) >= 1  # the register's measures linked to category 7
    assert run_charts(without) == 0
