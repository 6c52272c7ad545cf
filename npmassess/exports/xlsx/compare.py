"""Comparison sheets as an Excel workbook (openpyxl): trend and follow-up, or league table and heat map."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter as col

from npmassess import numbers
from npmassess.i18n import _, current_language, ngettext
from npmassess.comparison import League, UnitHistory
from npmassess.exports.common import atomic_output, clean
from npmassess.exports.xlsx.finish import FONT_NAME, finish

HEAD = Font(name=FONT_NAME, bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
WARN = Font(name=FONT_NAME, italic=True, color="9C2A00")
SCALE = ColorScaleRule(start_type="min", start_color="F8696B", mid_type="percentile", mid_value=50,
                       mid_color="FFEB84", end_type="max", end_color="63BE7B")


def put(ws, row: int, column: int, value) -> None:
    """Write a cell; text is always stored as text (never as a formula)."""
    cell = ws.cell(row, column)
    if isinstance(value, str):
        cell.value = clean(value)[:32767]
        cell.data_type = "s"
    else:
        cell.value = round(value, 2) if isinstance(value, float) else value


def _head(ws, row: int, values: list[str]) -> None:
    if not getattr(ws, "_npm_header_row", 0):
        ws._npm_header_row = row  # repeated on every printed page
    for c, v in enumerate(values, start=1):
        put(ws, row, c, v)
        ws.cell(row, c).font, ws.cell(row, c).fill = HEAD, HEAD_FILL
        ws.cell(row, c).alignment = Alignment(wrap_text=True, vertical="center")


def _intro(ws, title: str, subtitle: str, warnings: list[str]) -> int:
    put(ws, 1, 1, title)
    ws.cell(1, 1).font = Font(name=FONT_NAME, bold=True, size=14)
    put(ws, 2, 1, subtitle)
    r = 3
    for w in warnings:
        put(ws, r, 1, _("Warning: {text}").format(text=w))
        ws.cell(r, 1).font = WARN
        r += 1
    return r + 1


def _history(wb: Workbook, h: UnitHistory) -> None:
    ws = wb.create_sheet(_("Trend"))
    r = _intro(ws, f"{h.organisation} / {h.unit}", ngettext("{framework}: {n} cycle", "{framework}: {n} cycles", len(h.cycles)).format(
        framework=h.framework.title(), n=len(h.cycles)),
               h.warnings)
    _head(ws, r, [_("Criterion"), _("Title")] + [c.cycle for c in h.cycles] + [_("Trend")])
    first = r + 1
    for cid, title in h.criteria:
        r += 1
        put(ws, r, 1, cid)
        put(ws, r, 2, title)
        for i, c in enumerate(h.cycles):
            cell = c.criteria.get(cid)
            put(ws, r, 3 + i, cell.value if cell and cell.value is not None else None)
        trend = h.trend(cid)
        put(ws, r, 3 + len(h.cycles), None if trend is None else round(trend, 3))
    r += 1
    put(ws, r, 2, _("Overall"))
    for i, c in enumerate(h.cycles):
        put(ws, r, 3 + i, c.overall.value)
    put(ws, r + 1, 2, _("Assessors"))
    for i, c in enumerate(h.cycles):
        put(ws, r + 1, 3 + i, c.assessors)
    if h.cycles:
        ws.conditional_formatting.add(f"C{first}:{col(2 + len(h.cycles))}{r - 1}", SCALE)
    ws.column_dimensions["B"].width = 50
    fu = wb.create_sheet(_("Actions follow-up")[:31])
    r = _intro(fu, _("Last cycle's improvement actions"), _("Status next to the criterion each action was meant "
               "to improve"), [])
    _head(fu, r, [_("Criterion"), _("Action"), _("Status"), _("Owner"), _("Due"), _("From cycle")])
    for cid, items in h.follow_up.items():
        for f in items:
            r += 1
            due = numbers.short_date(f.due, current_language())
            for ci, v in enumerate((cid, f.title, f.status_text(), f.owner, due, f.cycle), start=1):
                put(fu, r, ci, v)
    fu.column_dimensions["B"].width = 60
    if h.changed:
        ch = wb.create_sheet(_("Changes"))
        r = _intro(ch, _("Consensus values changed since the previous cycle"),
                   ngettext("{n} value", "{n} values", len(h.changed)).format(n=len(h.changed)), [])
        for line in h.changed:
            put(ch, r, 1, line)
            r += 1


def _league(wb: Workbook, lg: League) -> None:
    ws = wb.create_sheet(_("League table"))
    r = _intro(ws, _("Units compared, cycle {cycle}").format(cycle=lg.cycle),
               ngettext("{framework}: {n} unit", "{framework}: {n} units", len(lg.units)).format(
                   framework=lg.framework.title(), n=len(lg.units)),
               lg.warnings)
    _head(ws, r, [_("Rank"), _("Organisation"), _("Unit"), _("Overall"), _("Overall (text)"), _("Assessors"),
                  _("Spread"), _("Edition"), _("Method")])
    for u in lg.units:
        r += 1
        for c, v in enumerate((u.rank, u.organisation, u.unit, u.overall.value, _number_text(u.overall.value, u.overall.text), u.assessors,
                               None if u.spread is None else round(u.spread, 2), u.edition, _method(lg, u.method)), start=1):
            put(ws, r, c, v)
    for letter, w in (("B", 40), ("C", 30), ("E", 16)):
        ws.column_dimensions[letter].width = w
    hm = wb.create_sheet(_("Heat map"))
    r = _intro(hm, _("Heat map: units × criteria"),
               _("Values; the sheet '{sheet}' shows how solid each is").format(sheet=_("Assessors and spread")[:31]),
               lg.warnings)
    sp = wb.create_sheet(_("Assessors and spread")[:31])
    r2 = _intro(sp, _("Assessors / spread per unit and criterion"),
                _("A wide spread or few assessors = weak comparison"), [])
    heads = [_("Unit")] + [f"{c} {t}" for c, t in lg.criteria]
    _head(hm, r, heads)
    _head(sp, r2, heads)
    first = r + 1
    for u in lg.units:
        r, r2 = r + 1, r2 + 1
        put(hm, r, 1, u.label)
        put(sp, r2, 1, u.label)
        for c, (cid, _title) in enumerate(lg.criteria, start=2):
            cell = u.criteria.get(cid)
            put(hm, r, c, cell.value if cell else None)
            spread = "—" if cell is None or cell.spread is None else numbers.fmt(cell.spread, "score", current_language(),
                                                                                  decimals=1)
            put(sp, r2, c, f"{cell.assessors if cell else 0} / {spread}")
    if lg.units:
        hm.conditional_formatting.add(f"B{first}:{col(1 + len(lg.criteria))}{r}", SCALE)
    for sheet in (hm, sp):
        sheet.column_dimensions["A"].width = 45
        for c in range(2, len(lg.criteria) + 2):
            sheet.column_dimensions[col(c)].width = 14


def add_comparison_sheets(wb: Workbook, data: UnitHistory | League) -> None:
    """Append the comparison sheets to a workbook (used alone, or inside another export)."""
    if isinstance(data, UnitHistory):
        _history(wb, data)
    else:
        _league(wb, data)


def write_comparison_xlsx(data: UnitHistory | League, path) -> None:
    """Write the comparison as its own workbook."""
    wb = Workbook()
    wb.remove(wb.active)
    add_comparison_sheets(wb, data)
    finish(wb)  # named fonts, row heights, print setup (fit to width, header rows repeated)
    with atomic_output(path, ".xlsx") as tmp:
        wb.save(tmp)


def _number_text(value: float | None, text: str) -> str:
    """A figure's text in the workbook's language: a number gets its decimal mark, a label stays."""
    try:
        float(text)
    except (TypeError, ValueError):
        return text
    return numbers.fmt(value, "score", current_language()) if value is not None else text


def _method(lg: League, method_id: str) -> str:
    """A scoring method by its title in the workbook's language (its id when the framework lacks it)."""
    method = lg.framework.methods.get(method_id)
    return method.title(current_language()) if method else method_id
