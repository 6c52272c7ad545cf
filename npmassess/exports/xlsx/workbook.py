"""Excel workbook export (openpyxl): summary with charts, scores with live formulas, notes, plan, method."""

from __future__ import annotations

import os
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter as col
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from npmassess import numbers
from npmassess.assessment import ACTION_STATUSES, Assessment, value_label
from npmassess.i18n import N_, _, using_language
from npmassess.model import RESULT_TYPES, Framework
from npmassess.progress import ProgressCallback, report
from npmassess.exports.common import Context, atomic_output, build_context, clean
from npmassess.exports.wording import document_name, group_terms
from npmassess.exports.xlsx.bulk import BulkRows, append_rows
from npmassess.exports.xlsx import lights
from npmassess.exports.xlsx.charts import mean_charts, points_charts, profile_chart
from npmassess.exports.xlsx.cells import (BOLD, HEAD, HEAD_FILL, MAX_CELL, PCT_FMT, POINTS_FMT,  # noqa: F401
                                          SCORE_FMT, TITLE, WRAP, as_date, header, put)
from npmassess.exports.xlsx.finish import finish, formula, write_cached_values

SHEETS = (N_("Summary"), N_("Scores"), N_("Strengths and improvements"), N_("Evidence"), N_("Improvement plan"),
          N_("Method"), N_("Process"))  # keys; each sheet is named in the workbook's language (at most 31 characters)
TYPE_NAMES = {"enabler": N_("enabler"), "process": N_("process"), "result": N_("result"), "element": N_("element"),
              "bonus": N_("bonus")}


def export_xlsx(assessment: Assessment, framework: Framework | None, path: os.PathLike | str,
                progress: ProgressCallback | None = None, lang: str = "en", history=None, results=None) -> None:
    """Write the assessment workbook to path (atomically); raises ExportError or Cancelled.

    history: the unit's comparison across cycles; with two cycles or more it adds its sheets.
    results: the unit's results register (npmassess.results.figures.results_data): Measures and
    Performance sheets.
    """
    with using_language(lang):  # nested modules (comparison sheets) write in the workbook's language too
        _export(assessment, framework, path, progress, lang, history, results)


def _export(assessment, framework, path, progress, lang, history, results=None) -> None:
    report(progress, 0, 7, _("Scoring"))
    ctx = build_context(assessment, framework, lang)
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {name: wb.create_sheet(ctx.t(name)[:31]) for name in SHEETS}
    report(progress, 1, 7, _("Scores"))
    layout = _scores(ctx, sheets["Scores"])
    report(progress, 2, 7, _("Summary"))
    _summary(ctx, sheets["Summary"], layout)
    report(progress, 3, 7, _("Strengths and areas for improvement"))
    bulks = [_notes(ctx, sheets["Strengths and improvements"], ("strength", "improvement"))]
    report(progress, 4, 7, _("Evidence"))
    bulks.append(_notes(ctx, sheets["Evidence"], ("evidence",)))
    report(progress, 5, 7, _("Improvement plan"))
    _plan(ctx, sheets["Improvement plan"])
    _method(ctx, sheets["Method"])
    from npmassess.exports.xlsx.process import add_process_sheet
    add_process_sheet(sheets["Process"], ctx)
    if history is not None and len(history.cycles) >= 2:
        from npmassess.exports.xlsx.compare import add_comparison_sheets
        add_comparison_sheets(wb, history)
    if results is not None:
        from npmassess.exports.xlsx.results import add_results_sheets
        add_results_sheets(wb, ctx, results)
    finish(wb)  # fonts, row heights, print setup, chart caches
    wb.calculation.fullCalcOnLoad = True  # cached values are there for previews; Excel still recalculates
    wb.properties.title = clean(f"{document_name(ctx)}: {assessment.organisation}")[:250]
    wb.properties.creator = "npmassess"
    report(progress, 6, 7, _("Saving"))
    with atomic_output(path, ".xlsx") as tmp:
        wb.save(tmp)
        write_cached_values(tmp, wb)
        append_rows(tmp, bulks)
    report(progress, 7, 7, _("Done"))


class _Layout:
    """Where things are on the Scores sheet, for the Summary formulas and charts."""

    def __init__(self):
        self.first = 5
        self.rows: dict[str, int] = {}
        self.score_col = 0
        self.points_col = 0
        self.max_col = 0
        self.type_col = 4
        self.last = 4


def _dim_columns(ctx: Context) -> list[tuple[str, str]]:
    out, seen = [], set()
    for d in ctx.method.dimensions:
        if d.id not in seen:
            seen.add(d.id)
            out.append((d.id, d.title(ctx.lang)))
    return out


def _scores(ctx: Context, ws) -> _Layout:
    fw, a, t, lay = ctx.fw, ctx.a, ctx.t, _Layout()
    points = fw.aggregation == "points"
    dims = _dim_columns(ctx)
    put(ws, 1, 1, f"{t('Scores')}{ctx.c}{a.organisation} / {a.unit} ({a.cycle})", TITLE)
    put(ws, 2, 1, f"{fw.title(ctx.lang)}{ctx.sc}{ctx.method.title(ctx.lang)}")
    names = [fw.label("criterion", ctx.lang), fw.label("node", ctx.lang), t("Title"), t("Type")]
    names += [f"{t('Consensus')}{ctx.c}{title}" for _id, title in dims]
    lay.score_col = len(names) + 1
    names.append(t("Consensus score"))
    if points:
        lay.max_col, lay.points_col = len(names) + 1, len(names) + 2
        names += [t("Max points"), t("Points")]
    label_col = len(names) + 1
    names += [t("Level") if ctx.report.ordinal else t("Band"), t("Completeness")]
    people_col = len(names) + 1
    names += [p.name for p in a.participants]
    spread_col = len(names) + 1
    names += [t("Lowest"), t("Highest"), t("Spread"), t("Rationale")]
    header(ws, 4, names, [10, 8, 48, 9] + [12] * (len(names) - 5) + [60])
    ws.row_dimensions[4].height = 45
    row = lay.first
    vfmt = numbers.excel_format("level" if ctx.report.ordinal else "score")
    for crit in fw.scored_criteria():
        for node in crit.leaves():
            ns = ctx.report.nodes[node.id]
            lay.rows[node.id] = row
            put(ws, row, 1, crit.id)
            put(ws, row, 2, node.id)
            put(ws, row, 3, ctx.title(node)).alignment = WRAP
            type_name = "bonus" if fw.node(crit.id).bonus else node.type
            put(ws, row, 4, t(TYPE_NAMES.get(type_name, type_name)))
            if ctx.report.separate:  # each light in its own coloured cell; no combined score
                lights.light_cells(ctx, ws, row, node, dims, 5, put)
                put(ws, row, lay.score_col, ctx.lights_text(node))
                put(ws, row, label_col + 1, ns.completeness, fmt="0%")
                for j, p in enumerate(a.participants):
                    put(ws, row, people_col + j, ctx.lights_text(node, ctx.people[p.id]))
                d = ctx.div.get(node.id)
                put(ws, row, spread_col + 2, d.spread if d else None, fmt="0.##")
                put(ws, row, spread_col + 3, a.rationale.get(node.id, "")).alignment = WRAP
                row += 1
                continue
            cells = []
            applicable = {d.id for d in ctx.method.dimensions_for(node.type)}
            for i, (dim_id, _title) in enumerate(dims):
                if dim_id in applicable:
                    cells.append(f"{col(5 + i)}{row}")
                    v = a.consensus.get((node.id, dim_id))
                    put(ws, row, 5 + i, v, fmt="General")
            agg = "MIN" if ctx.report.ordinal else "AVERAGE"
            refs = ",".join(cells)
            if ctx.method.combine == "highest_met":  # levels met in a row: no simple formula; the value
                put(ws, row, lay.score_col, ns.value, fmt="0")
            else:
                formula(ws, row, lay.score_col,
                        f'=IF(COUNT({refs})={len(cells)},{agg}({refs}),"")' if cells else '=""', ns.value, vfmt)
            if points:
                put(ws, row, lay.max_col, node.points)
                s = f"{col(lay.score_col)}{row}"
                formula(ws, row, lay.points_col, f'=IF(ISNUMBER({s}),{s}*{col(lay.max_col)}{row}/100,"")',
                        ns.points, POINTS_FMT)
            put(ws, row, label_col, ctx.meaning(node)[0])
            put(ws, row, label_col + 1, ns.completeness, fmt=PCT_FMT)
            for j, p in enumerate(a.participants):
                v = ctx.people[p.id].nodes[node.id].value
                put(ws, row, people_col + j, v, fmt=vfmt)
            d = ctx.div.get(node.id)
            if d is not None:
                put(ws, row, spread_col, d.low, fmt=vfmt)
                put(ws, row, spread_col + 1, d.high, fmt=vfmt)
                put(ws, row, spread_col + 2, d.spread, fmt=vfmt if ctx.report.ordinal else SCORE_FMT)
            put(ws, row, spread_col + 3, a.rationale.get(node.id, "")).alignment = WRAP
            row += 1
    lay.last = row - 1
    ws.freeze_panes = "E5"
    ws.auto_filter.ref = f"A4:{col(len(names))}{max(lay.last, 5)}"
    return lay


def _summary(ctx: Context, ws, lay: _Layout) -> None:
    fw, a, t = ctx.fw, ctx.a, ctx.t
    ws.column_dimensions["A"].width = 22  # 'Méthode de notation' whole
    ws.column_dimensions["B"].width = 50
    for c in "CDEFGH":
        ws.column_dimensions[c].width = 13
    put(ws, 1, 1, f"{document_name(ctx)}{ctx.c}{a.organisation}", TITLE)
    info = [(t("Unit"), a.unit), (t("Framework"), fw.title_with_edition(ctx.lang)),
            (t("Scoring method"), ctx.method.title(ctx.lang)), (t("Cycle"), a.cycle), (t("Status"), ctx.status(a.status)),
            (t("Date"), date.today()), (t("Participants"), ", ".join(p.name for p in a.participants))]
    for i, (k, v) in enumerate(info, 2):
        put(ws, i, 1, k, BOLD).alignment = Alignment(vertical="top")  # level with a value that wraps
        day = "dd/mm/yyyy" if ctx.lang == "fr" else "yyyy-mm-dd"
        c = put(ws, i, 2, v, fmt=day if isinstance(v, date) else None)
        c.alignment = Alignment(horizontal="left", wrap_text=True, vertical="top")
    top = 11
    S = quote_sheetname(ctx.t("Scores")[:31]) + "!"
    sc, ty = col(lay.score_col), col(lay.type_col)
    rng = f"{S}${sc}${lay.first}:${sc}${lay.last}"
    tys = f"{S}${ty}${lay.first}:${ty}${lay.last}"
    crit_rows: list[int] = []
    if ctx.report.separate:
        lights.summary(ctx, ws, top, put, header)
        return
    if ctx.report.ordinal:
        levels = ctx.levels()
        header(ws, top, [fw.label("criterion", ctx.lang), t("Title")] + [lv.label(ctx.lang) for lv in levels]
               + [t("Lowest rating")])
        ws.row_dimensions[top].height = 45
        ws.column_dimensions[col(3 + len(levels))].width = 28
        r = top + 1
        for crit in fw.scored_criteria():
            leaves = crit.leaves()
            a1, a2 = lay.rows[leaves[0].id], lay.rows[leaves[-1].id]
            put(ws, r, 1, crit.id)
            put(ws, r, 2, ctx.title(crit))
            g = ctx.report.criteria[crit.id]
            for j, lv in enumerate(levels):
                formula(ws, r, 3 + j, f"=COUNTIF({S}${sc}${a1}:${sc}${a2},{lv.value:g})",
                        g.profile.get(lv.value, 0), "0")
            put(ws, r, 3 + len(levels), g.lowest.label(ctx.lang) if g.lowest else "—")
            crit_rows.append(r)
            r += 1
        put(ws, r, 2, t("Overall"), BOLD)
        for j, lv in enumerate(levels):
            formula(ws, r, 3 + j, f"=COUNTIF({rng},{lv.value:g})", ctx.report.profile.get(lv.value, 0),
                    "0").font = BOLD
        put(ws, r, 3 + len(levels), ctx.report.lowest.label(ctx.lang) if ctx.report.lowest else "—", BOLD)
        profile_chart(ctx, ws, r, levels, top)
        return
    points = fw.aggregation == "points"
    names = [fw.label("criterion", ctx.lang), t("Title"), t("Score")]
    if points:
        names[2] = t("Score") + " (%)"
        names += [t("Points"), t("Max points")]
    header(ws, top, names + [t("Rated"), t("Completeness")])
    r = top + 1
    for crit in fw.scored_criteria():
        leaves = crit.leaves()
        a1, a2 = lay.rows[leaves[0].id], lay.rows[leaves[-1].id]
        g = ctx.report.criteria[crit.id]
        put(ws, r, 1, crit.id)
        put(ws, r, 2, ctx.title(crit))
        if points:
            pc = col(lay.points_col)
            formula(ws, r, 4, f'=IF(COUNT({S}{pc}{a1}:{pc}{a2})=0,"",SUM({S}{pc}{a1}:{pc}{a2}))', g.points,
                    POINTS_FMT)
            put(ws, r, 5, crit.points)
            formula(ws, r, 3, f'=IF(ISNUMBER(D{r}),D{r}*100/E{r},"")', g.value, SCORE_FMT)
            put(ws, r, 6, f"{g.rated}/{g.total}").alignment = Alignment(horizontal="center")  # not run into the points
            put(ws, r, 7, g.completeness, fmt=PCT_FMT)
        else:
            formula(ws, r, 3, f'=IFERROR(AVERAGE({S}{sc}{a1}:{sc}{a2}),"")', g.value, SCORE_FMT)
            put(ws, r, 4, f"{g.rated}/{g.total}").alignment = Alignment(horizontal="center")
            put(ws, r, 5, g.completeness, fmt=PCT_FMT)
        crit_rows.append(r)
        r += 1
    totals_top = r + 1
    proc_term, res_term = group_terms(ctx)
    if points:
        pts = f"{S}${col(lay.points_col)}${lay.first}:${col(lay.points_col)}${lay.last}"
        rep = ctx.report
        res, bon = t("result"), t("bonus")  # the Type column holds the translated type names
        bonus_ids = {n.id for c in fw.criteria if c.bonus for n in c.walk()}
        regular = [n for n in fw.scored_nodes() if n.id not in bonus_ids]
        rows = [(proc_term,
                 f'=IF(COUNTIFS({tys},"<>{res}",{tys},"<>{bon}",{pts},">=0")=0,"",'
                 f'SUMIFS({pts},{tys},"<>{res}",{tys},"<>{bon}"))',
                 sum(n.points or 0 for n in regular if n.type not in RESULT_TYPES), rep.enablers),
                (res_term, f'=IF(COUNTIFS({tys},"{res}",{pts},">=0")=0,"",SUMIFS({pts},{tys},"{res}"))',
                 sum(n.points or 0 for n in regular if n.type in RESULT_TYPES), rep.results),
                (t("Total"),
                 f'=IF(COUNTIFS({tys},"<>{bon}",{pts},">=0")=0,"",SUMIFS({pts},{tys},"<>{bon}"))', fw.total_points,
                 rep.total_points)]
        kinds = {n.type in RESULT_TYPES for n in regular}
        if len(kinds) < 2:  # one kind of node only (Korea's evaluation areas): no empty process or results row
            rows = rows[2:]
        if fw.bonus_points:  # bonus points come on top of the total
            assert fw.total_points is not None, "points frameworks declare it (frameworks.reader)"
            rows += [(t("Bonus points"), f'=IF(COUNTIFS({tys},"{bon}",{pts},">=0")=0,"",SUMIFS({pts},{tys},"{bon}"))',
                      fw.bonus_points, getattr(rep, "bonus_points", None)),
                     (t("Total with bonus"), f'=IF(COUNT({pts})=0,"",SUM({pts}))', fw.total_points + fw.bonus_points,
                      getattr(rep, "total_with_bonus", None))]
        header(ws, totals_top, ["", "", t("Earned"), t("Maximum")])
        for i, (label, f, mx, value) in enumerate(rows, totals_top + 1):
            put(ws, i, 2, label, BOLD)
            formula(ws, i, 3, f, value, POINTS_FMT).font = BOLD
            put(ws, i, 4, mx)
        if fw.grades:
            put(ws, totals_top + len(rows) + 1, 2, ctx.grade_text(), BOLD)
        points_charts(ctx, ws, crit_rows, totals_top)
    else:
        rep = ctx.report
        res = t("result")
        mean_rows = [(proc_term, f'=IFERROR(AVERAGEIFS({rng},{tys},"<>{res}"),"")', rep.enablers),
                (res_term, f'=IFERROR(AVERAGEIFS({rng},{tys},"{res}"),"")', rep.results),
                (t("Overall"), f'=IFERROR(AVERAGE({rng}),"")', rep.overall)]
        header(ws, totals_top, ["", "", t("Score")])
        for i, (label, f, value) in enumerate(mean_rows, totals_top + 1):
            put(ws, i, 2, label, BOLD)
            formula(ws, i, 3, f, value, SCORE_FMT).font = BOLD
        mean_charts(ctx, ws, crit_rows, totals_top)


def _notes(ctx: Context, ws, kinds: tuple[str, ...]) -> BulkRows:
    """One row per note; rows after the first go through BulkRows (see xlsx_bulk)."""
    t = ctx.t
    kind_names = {"strength": t("Strengths"), "improvement": t("Areas for improvement"), "evidence": t("Evidence")}
    names = [ctx.fw.label("criterion", ctx.lang), ctx.fw.label("node", ctx.lang), t("Title"), t("Kind"), t("Author"),
             t("Text")]
    header(ws, 1, names, [10, 8, 40, 20, 22, 90])
    records = []
    for crit in ctx.fw.criteria:
        for node in crit.walk():
            title = ctx.title(node)
            for kind in kinds:
                for n in ctx.node_notes(node.id, kind):
                    records.append([crit.id, node.id, title, kind_names.get(kind, kind), ctx.author(n), n.text])
    bulk = BulkRows(ws.title, 3)
    bulk.widths = [10, 8, 40, 20, 22, 90]
    if records:
        for c, v in enumerate(records[0], 1):
            put(ws, 2, c, v).alignment = WRAP
        bulk.rows = records[1:]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:F{max(len(records) + 1, 2)}"
    return bulk


def _plan(ctx: Context, ws) -> None:
    t = ctx.t
    names = ["#", t("Action"), t("Description"), t("Nodes"), t("Owner"), t("Due"), t("Impact"), t("Effort"),
             t("Priority"), t("Status")]
    header(ws, 1, names, [5, 40, 60, 12, 22, 12, 8, 8, 10, 13])
    for i, x in enumerate(ctx.a.actions, 2):
        put(ws, i, 1, i - 1)
        put(ws, i, 2, x.title).alignment = WRAP
        put(ws, i, 3, x.description).alignment = WRAP
        put(ws, i, 4, ", ".join(x.node_ids))
        put(ws, i, 5, x.owner)
        due = as_date(x.due)
        put(ws, i, 6, due, fmt="yyyy-mm-dd" if isinstance(due, date) else None)
        put(ws, i, 7, x.impact)
        put(ws, i, 8, x.effort)
        # the same rule as npmassess.assessment.action_priority, live: it follows edits of G and H
        hi, med, lo = ctx.status("High"), ctx.status("Medium"), ctx.status("Low")
        formula(ws, i, 9, f'=IF(AND(ISNUMBER(G{i}),ISNUMBER(H{i})),IF(G{i}*(6-H{i})>=15,"{hi}",'
                          f'IF(G{i}*(6-H{i})>=8,"{med}","{lo}")),"")', ctx.status(x.priority))
        put(ws, i, 10, ctx.status(x.status))
    last = max(len(ctx.a.actions) + 1, 200)
    statuses = [ctx.status(s) for s in ACTION_STATUSES]
    status = DataValidation(type="list", formula1='"' + ",".join(statuses) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle=t("Status"), error=t("Choose a status from the list."))
    level = DataValidation(type="whole", operator="between", formula1="1", formula2="5", allow_blank=True,
                           showErrorMessage=True, errorTitle=t("Level"), error=t("Enter a whole number from 1 to 5."))
    for dv, rng in ((status, f"J2:J{last}"), (level, f"G2:H{last}")):
        ws.add_data_validation(dv)
        dv.add(rng)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:J{max(len(ctx.a.actions) + 1, 2)}"


def _method(ctx: Context, ws) -> None:
    fw, m, t, lang = ctx.fw, ctx.method, ctx.t, ctx.lang
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 90
    put(ws, 1, 1, t("Method and scale"), TITLE)
    aggregation = {"mean": N_("Mean of rated nodes"), "points": N_("Points: percent x item points / 100"),
                   "profile": N_("Profile of levels (no average)")}.get(fw.aggregation, fw.aggregation)
    rows = [(t("Framework"), fw.title_with_edition(lang)), (t("Publisher"), fw.publisher),
            (t("Scoring method"), m.title(lang)), (t("Description"), m.description(lang)),
            (t("Aggregation"), t(aggregation)), (t("Source"), fw.source(lang))]
    r = 2
    for k, v in rows:
        put(ws, r, 1, k, BOLD)
        put(ws, r, 2, v).alignment = WRAP
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        r += 1
    r += 1
    done = set()
    for d in m.dimensions:
        if d.scale.id in done:
            continue
        done.add(d.scale.id)
        put(ws, r, 1, d.scale.title(lang), BOLD)
        put(ws, r, 3, d.scale.description(lang)).alignment = WRAP
        r += 1
        for item in (d.scale.levels or d.scale.bands):
            rng = f"{item.value}" if hasattr(item, "value") else f"{item.min}-{item.max}"
            put(ws, r, 1, rng)
            put(ws, r, 2, item.label(lang))
            put(ws, r, 3, item.guidance(lang)).alignment = WRAP
            if getattr(item, "colour", ""):
                ws.cell(r, 1).fill = PatternFill("solid", fgColor=item.colour.lstrip("#").upper())
            r += 1
        r += 1
    put(ws, r, 1, t("Participants"), BOLD)
    put(ws, r, 3, t("Completeness"), BOLD)
    r += 1
    for p in ctx.a.participants:
        put(ws, r, 1, p.name)
        put(ws, r, 2, value_label(p.role, ctx.lang))
        put(ws, r, 3, ctx.people[p.id].completeness, fmt=PCT_FMT).alignment = Alignment(horizontal="left")
        r += 1
