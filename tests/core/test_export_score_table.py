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
