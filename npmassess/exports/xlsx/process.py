"""The workbook's Process sheet: sign-off, anonymity, agreement between assessors (and evidence gaps)."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill

from npmassess.exports.common import Context, clean
from npmassess.exports.pdf.process import TEXT, _alpha_text
from npmassess.process import agreement as agr
from npmassess.process.stages import STAGE_LABELS


# the workbook's look (the workbook module imports this one, so these are not imported from it)
TITLE = Font(bold=True, size=14, color="1F4E79")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD, HEAD_FILL = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")


def put(ws, row: int, column: int, value, font: Font | None = None, fmt: str | None = None):
    """One cell; text stays text (never a formula), control characters dropped."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = clean(value)[:32766]
        cell.data_type = "s"
    else:
        cell.value = value
    if font is not None:
        cell.font = font
    if fmt:
        cell.number_format = fmt
    return cell


def header(ws, row: int, names: list[str]) -> None:
    for i, name in enumerate(names, 1):
        c = put(ws, row, i, name, HEAD)
        c.fill = HEAD_FILL


def add_process_sheet(ws, ctx: Context) -> None:
    """Fill the workbook's Process sheet from ctx."""
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 70
    put(ws, 1, 1, TEXT["signoff"], TITLE)
    s = ctx.a.signoff
    rows = [(TEXT["status"], STAGE_LABELS.get(ctx.a.stage, ctx.a.stage))]
    if s:
        rows += [(TEXT["approved_by"], s["approved_by"]), (TEXT["approved_on"], s["approved_on"]),
                 (TEXT["note"], s["note"])]
    r = 2
    for k, v in rows:
        put(ws, r, 1, k, BOLD)
        put(ws, r, 3, v).alignment = WRAP
        r += 1
    if ctx.a.anonymous:
        put(ws, r, 1, TEXT["anonymous"])
        r += 1
    r += 1
    res = agr.assess_agreement(ctx.fw, ctx.a)
    fits = TEXT["fits_ordinal"] if res.metric == "ordinal" else TEXT["fits_interval"]
    put(ws, r, 1, TEXT["agreement"], TITLE)
    r += 1
    put(ws, r, 1, TEXT["alpha_method"].format(metric=res.metric, fits=fits)).alignment = WRAP
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    ws.row_dimensions[r].height = 60
    r += 1
    put(ws, r, 1, TEXT["overall"].format(value=_alpha_text(res.overall), meaning=res.meaning, raters=res.raters,
                                         units=res.units), BOLD)
    r += 1
    header(ws, r, [TEXT["criterion"], TEXT["alpha"], TEXT["reading"]])
    r += 1
    for crit in ctx.fw.scored_criteria():
        alpha = res.by_criterion.get(crit.id)
        put(ws, r, 1, f"{crit.id} {ctx.title(crit)}")
        put(ws, r, 2, None if alpha is None else round(alpha, 3), fmt="0.00")
        put(ws, r, 3, agr.meaning(alpha))
        r += 1
    r += 1
    put(ws, r, 1, TEXT["flags"], BOLD)
    r += 1
    names = {p.id: p.name for p in ctx.a.participants}
    for f in res.flags or []:
        put(ws, r, 1, names.get(f.participant_id, "?"))
        put(ws, r, 3, f.text)
        r += 1
    if not res.flags:
        put(ws, r, 1, TEXT["no_flags"])
        r += 1
    _evidence(ctx, ws, r + 1)


def _evidence(ctx: Context, ws, r: int) -> None:
    from npmassess.exports.pdf.process import EVIDENCE
    from npmassess.process import evidence as ev
    rep = ev.report(ctx.fw, ctx.a)
    put(ws, r, 1, EVIDENCE["evidence"], TITLE)
    r += 1
    if rep.threshold is None:
        put(ws, r, 1, EVIDENCE["no_rule"])
        return
    put(ws, r, 1, EVIDENCE["rule"].format(limit=rep.threshold, framework=ctx.fw.short_title(ctx.lang))).alignment = WRAP
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    ws.row_dimensions[r].height = 30
    r += 1
    header(ws, r, [EVIDENCE["node"], EVIDENCE["who"], EVIDENCE["scores"]])
    r += 1
    names = {p.id: p.name for p in ctx.a.participants}
    for g in rep.gaps:
        put(ws, r, 1, g.node_id)
        put(ws, r, 2, EVIDENCE["consensus"] if g.participant_id is None else names.get(g.participant_id, "?"))
        put(ws, r, 3, ", ".join(f"{d} {v:g}" for d, v in g.dimensions))
        r += 1
    if not rep.gaps:
        put(ws, r, 1, EVIDENCE["none"])
        r += 1
    put(ws, r, 1, EVIDENCE["held"].format(count=len(rep.held)))
    r += 1
    if rep.cycle_start:
        put(ws, r, 1, EVIDENCE["stale"].format(start=rep.cycle_start, count=len(rep.stale)))
