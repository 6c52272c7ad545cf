"""The improvement plan alone, as PDF, Word or Excel (chosen by the file's suffix): filtered, sorted, with its AFIs."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from npmassess.assessment import Assessment
from npmassess.i18n import _
from npmassess.model import Framework
from npmassess.progress import ProgressCallback
from npmassess.exports.common import ExportError, atomic_output, build_context
from npmassess.exports.selection import plan_lines

SUFFIXES = (".pdf", ".docx", ".xlsx")


def export_plan(assessment: Assessment, framework: Framework | None, path: os.PathLike | str,
                statuses: list[str] | None = None, page_size: str = "A4", lang: str = "en",
                progress: ProgressCallback | None = None) -> None:
    """Write the plan to path; its suffix (.pdf, .docx, .xlsx) chooses the format."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(_("Cannot write the plan to {path}: give a file name ending in .pdf, .docx or .xlsx.").format(
            path=path))
    if suffix == ".pdf":
        from npmassess.exports.pdf.extras import export_plan_pdf
        return export_plan_pdf(assessment, framework, path, statuses, page_size, lang, progress)
    ctx = build_context(assessment, framework, lang)
    lines = plan_lines(ctx, statuses)
    t = ctx.t
    head = ["#", t("Action"), t("Description"), ctx.fw.label("node", lang), t("Owner"), t("Due"), t("Impact"),
            t("Effort"), t("Priority"), t("Status"), t("Areas for improvement")]
    if suffix == ".docx":
        from npmassess.exports.docx import common as W
        doc = W.new_document(page_size, lang=lang)
        W.properties(doc, f"{t('Improvement plan')}: {assessment.organisation} / {assessment.unit}",
                     assessment.organisation, ctx.fw.title(lang), [ctx.fw.id, assessment.cycle], lang)
        W.heading(doc, t("Improvement plan"), 1)
        which = f" ({', '.join(ctx.status(s) for s in statuses)})" if statuses else ""
        W.para(doc, t("{organisation} / {unit} ({cycle}): {n} actions{statuses}, highest priority first.").format(
            organisation=assessment.organisation, unit=assessment.unit, cycle=assessment.cycle, n=len(lines),
            statuses=which))
        W.table(doc, ["#", t("Action"), ctx.fw.label("node", lang), t("Owner"), t("Due"), t("Priority"),
                      t("Status"), t("Areas for improvement")],
                [[str(x.number), f"{x.action.title}. {x.action.description}".strip(" ."), ctx.sc.join(x.nodes),
                  x.action.owner, ctx.short_date(x.action.due),
                  f"{ctx.status(x.action.priority)} ({x.action.impact}/{x.action.effort})",
                  ctx.status(x.action.status), " | ".join(x.afis)] for x in lines])
        with atomic_output(path, ".docx") as tmp:
            doc.save(tmp)
        return None
    from openpyxl import Workbook
    from npmassess.exports.xlsx.finish import finish, write_cached_values
    from npmassess.exports.xlsx.workbook import WRAP, as_date, formula, header, put
    wb = Workbook()
    ws = wb.active
    ws.title = t("Improvement plan")[:31]
    header(ws, 1, head, [5, 40, 50, 30, 20, 12, 8, 8, 10, 13, 60])
    for r, x in enumerate(lines, 2):
        a = x.action
        due = as_date(a.due)
        values = [x.number, a.title, a.description, ctx.sc.join(x.nodes), a.owner]
        for c, v in enumerate(values, 1):
            put(ws, r, c, v).alignment = WRAP
        put(ws, r, 6, due, fmt="yyyy-mm-dd" if isinstance(due, date) else None)
        put(ws, r, 7, a.impact)
        put(ws, r, 8, a.effort)
        high, medium, low = t("High"), t("Medium"), t("Low")
        formula(ws, r, 9, f'=IF(AND(ISNUMBER(G{r}),ISNUMBER(H{r})),IF(G{r}*(6-H{r})>=15,"{high}",'
                          f'IF(G{r}*(6-H{r})>=8,"{medium}","{low}")),"")', ctx.status(a.priority))
        put(ws, r, 10, ctx.status(a.status))
        put(ws, r, 11, "\n".join(x.afis)).alignment = WRAP
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:K{max(len(lines) + 1, 2)}"
    finish(wb)
    wb.properties.title = f"{t('Improvement plan')}: {assessment.organisation}"[:250]
    with atomic_output(path, ".xlsx") as tmp:
        wb.save(tmp)
        write_cached_values(tmp, wb)
    return None
