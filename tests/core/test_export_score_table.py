"""The PDF score table read back: number in Score, label in Level, level colour on criterion rows too."""

from __future__ import annotations

import re

import pytest
from exports_helpers import demo

from npmassess.exports.common import build_context
from npmassess.exports.pdf.sections import score_table
from npmassess.exports.pdf.styles import hexcolour
from npmassess.exports.pdf.text import TextBlock

RATED = [("capability-review", "2006", None), ("maf", "current", None), ("maf", "2003", None)]


def _text(cellv) -> str:
    block = cellv[0] if isinstance(cellv, (list, tuple)) and cellv else cellv
    if isinstance(block, TextBlock):
        return " ".join(str(i) for i in block.items)
    return str(block or "")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("spec", RATED)
def test_rating_scale_score_is_a_number_and_level_is_the_coloured_label(spec, lang):
    a, fw = demo(*spec, unicode=False)
    ctx = build_context(a, fw, lang)
    assert ctx.report.ordinal
    table = score_table(ctx)[-1]
    head = [_text(c) for c in table._cellvalues[0]]
    score_col, level_col = 2, 3
    backgrounds = {(cmd[1][0], cmd[1][1]): cmd[3] for cmd in table._bkgrndcmds if cmd[0] == "BACKGROUND"
                   and cmd[1] == cmd[2]}
    ids = {n.id: n for n in fw.scored_nodes()} | {c.id: c for c in fw.scored_criteria()}
    labels = {lv.label(lang) for lv in ctx.levels()}
    seen = 0
    for r, row in enumerate(table._cellvalues[1:], start=1):
        ident = _text(row[0])
        if ident not in ids:
            continue
        score, level = _text(row[score_col]), _text(row[level_col])
        assert re.fullmatch(r"\d+([.,]\d+)?|—", score), (head, ident, score)
        assert level in labels, (ident, level)
        crit = ident in {c.id for c in fw.scored_criteria()}
        g = ctx.report.criteria[ident] if crit else None
        lv = (g.lowest if crit else ctx.report.nodes[ident].level)
        assert lv is not None and level == lv.label(lang)
        assert backgrounds.get((level_col, r)) == hexcolour(lv.colour), (ident, "no level colour")
        seen += 1
    assert seen >= len(fw.scored_nodes())


def _criterion_rows(table, fw) -> set[int]:
    crit = {c.id for c in fw.scored_criteria() if c.children}
    return {r for r, row in enumerate(table._cellvalues) if _text(row[0]) in crit}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_caf_score_table_never_breaks_after_a_criterion_row_or_before_a_short_tail(lang):
    a, fw = demo("caf", "2020", "classical", unicode=False)
    table = score_table(build_context(a, fw, lang))[-1]
    heads, total = _criterion_rows(table, fw), len(table._cellvalues)
    width, _ = 170 * 2.835, table.wrap(170 * 2.835, 1e6)
    splits = 0
    for height in range(60, 900, 5):
        parts = table.split(width, height)
        if len(parts) != 2:
            continue
        splits += 1
        cut = len(parts[0]._cellvalues)  # rows [0, cut) on the first page
        assert cut - 1 not in heads, (height, "a criterion row ends the page")
        assert total - cut >= 3, (height, "fewer than three rows carried over")
        # what is left of the page after the first part is too little for the second: it splits well or moves
        rest = parts[1].split(width, 30)
        if len(rest) == 2:
            assert len(rest[0]._cellvalues) - 1 + cut - 1 not in heads
    assert splits > 20


def test_french_caf_letter_report_keeps_the_last_criterion_with_its_rows(tmp_path):
    from exports_helpers import pdf_text

    from npmassess.exports import export_pdf
    a, fw = demo("caf", "2020", "classical", unicode=False)
    out = tmp_path / "r.pdf"
    export_pdf(a, fw, out, page_size="Letter", lang="fr")
    pages = pdf_text(out, layout=True).split("\f")
    k = next(i for i, p in enumerate(pages) if "Tableau des notes" in p and "Table des mati" not in p)
    nxt = pages[k + 1]
    if "Tableau des notes (suite)" in nxt:  # carried over: a criterion heads the rows, three or more of them
        rows = [ln.split()[0] for ln in nxt.splitlines() if re.match(r"\d+(\.\d+)?\s", ln)]
        assert rows and "." not in rows[0] and len(rows) >= 3, rows
        assert not pages[k].rstrip().splitlines()[-2].lstrip().startswith(rows[0] + " ")


@pytest.mark.parametrize("spec", RATED)
def test_word_score_table_gives_the_number_in_score_and_the_label_in_level(tmp_path, spec):
    import docx

    from npmassess.exports import export_docx
    a, fw = demo(*spec, unicode=False)
    out = tmp_path / "r.docx"
    export_docx(a, fw, out, lang="fr")
    ctx = build_context(a, fw, "fr")
    labels = {lv.label("fr") for lv in ctx.levels()}
    ids = {n.id for n in fw.scored_nodes()}
    table = next(tb for tb in docx.Document(out).tables
                 if any(c.text == "Niveau" for c in tb.rows[0].cells) and any(c.text == "Note" for c in tb.rows[0].cells))
    head = [c.text for c in table.rows[0].cells]
    score_col, level_col = head.index("Note"), head.index("Niveau")
    seen = 0
    for row in table.rows[1:]:
        cells = [c.text for c in row.cells]
        if cells[0] in ids:
            assert re.fullmatch(r"\d+([.,]\d+)?|—", cells[score_col]), cells
            assert cells[level_col] in labels, cells
            seen += 1
    assert seen == len(ids)
