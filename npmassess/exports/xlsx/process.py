"""The workbook's Process sheet: sign-off, anonymity, agreement between assessors (and evidence gaps)."""

from __future__ import annotations

from npmassess.exports.xlsx.cells import BOLD, HEAD, HEAD_FILL, TITLE, WRAP, header, put  # noqa: F401
from npmassess.exports.common import Context
from npmassess.exports.pdf.process import TEXT, _alpha_text
from npmassess.process import agreement as agr
from npmassess.process.stages import STAGE_LABELS



def add_process_sheet(ws, ctx: Context) -> None:
    """Fill the workbook's Process sheet from ctx."""
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 70
    put(ws, 1, 1, ctx.t(TEXT["signoff"]), TITLE)
    s = ctx.a.signoff
    rows = [(ctx.t(TEXT["status"]), ctx.t(STAGE_LABELS.get(ctx.a.stage, ctx.a.stage)))]
    if s:
        rows += [(ctx.t(TEXT["approved_by"]), s["approved_by"]), (ctx.t(TEXT["approved_on"]), s["approved_on"]),
                 (ctx.t(TEXT["note"]), s["note"])]
    r = 2
    for k, v in rows:
        put(ws, r, 1, k, BOLD)
        put(ws, r, 3, v).alignment = WRAP
        r += 1
    if ctx.a.anonymous:
        put(ws, r, 1, ctx.t(TEXT["anonymous"]))
        r += 1
    r += 1
    res = agr.assess_agreement(ctx.fw, ctx.a)
    fits = ctx.t(TEXT["fits_ordinal"]) if res.metric == "ordinal" else ctx.t(TEXT["fits_interval"])
    put(ws, r, 1, ctx.t(TEXT["agreement"]), TITLE)
    r += 1
    put(ws, r, 1, ctx.t(TEXT["alpha_method"]).format(metric=ctx.t(res.metric), fits=fits)).alignment = WRAP
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    ws.row_dimensions[r].height = 60
    r += 1
    overall = ctx.t(TEXT["overall"]).format(value=_alpha_text(res.overall, ctx.lang), meaning=ctx.t(res.meaning),
                                            raters=res.raters, units=res.units)
    put(ws, r, 1, overall, BOLD)
    r += 1
    header(ws, r, [ctx.t(TEXT["criterion"]), ctx.t(TEXT["alpha"]), ctx.t(TEXT["reading"])])
    r += 1
    for crit in ctx.fw.scored_criteria():
        alpha = res.by_criterion.get(crit.id)
        put(ws, r, 1, f"{crit.id} {ctx.title(crit)}")
        put(ws, r, 2, None if alpha is None else round(alpha, 3), fmt="0.00")
        put(ws, r, 3, ctx.t(agr.meaning(alpha)))
        r += 1
    r += 1
    put(ws, r, 1, ctx.t(TEXT["flags"]), BOLD)
    r += 1
    names = {p.id: p.name for p in ctx.a.participants}
    for f in res.flags or []:
        put(ws, r, 1, names.get(f.participant_id, "?"))
        put(ws, r, 3, f.text)
        r += 1
    if not res.flags:
        put(ws, r, 1, ctx.t(TEXT["no_flags"]))
        r += 1
    _evidence(ctx, ws, r + 1)


def _evidence(ctx: Context, ws, r: int) -> None:
    from npmassess.exports.pdf.process import EVIDENCE
    from npmassess.process import evidence as ev
    rep = ev.report(ctx.fw, ctx.a)
    put(ws, r, 1, ctx.t(EVIDENCE["evidence"]), TITLE)
    r += 1
    if rep.threshold is None:
        put(ws, r, 1, ctx.t(EVIDENCE["no_rule"]))
        return
    rule = ctx.t(EVIDENCE["rule"]).format(limit=rep.threshold, framework=ctx.fw.short_title(ctx.lang))
    put(ws, r, 1, rule).alignment = WRAP
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    ws.row_dimensions[r].height = 30
    r += 1
    header(ws, r, [ctx.t(EVIDENCE["node"]), ctx.t(EVIDENCE["who"]), ctx.t(EVIDENCE["scores"])])
    r += 1
    names = {p.id: p.name for p in ctx.a.participants}
    titles = {d.id: d.title(ctx.lang) for d in ctx.method.dimensions}
    for g in rep.gaps:
        put(ws, r, 1, g.node_id)
        put(ws, r, 2, ctx.t(EVIDENCE["consensus"]) if g.participant_id is None else names.get(g.participant_id, "?"))
        put(ws, r, 3, ", ".join(f"{titles.get(d, d)} {v:g}" for d, v in g.dimensions))
        r += 1
    if not rep.gaps:
        put(ws, r, 1, ctx.t(EVIDENCE["none"]))
        r += 1
    put(ws, r, 1, ctx.t(EVIDENCE["held"]).format(count=len(rep.held)))
    r += 1
    if rep.cycle_start:
        put(ws, r, 1, ctx.t(EVIDENCE["stale"]).format(start=rep.cycle_start, count=len(rep.stale)))
