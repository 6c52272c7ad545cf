"""Workbook sheets from the results register: Measures (data and limits, native line charts per
measure) and Performance (attainment per level of the chain, efficiency and effectiveness)."""

from __future__ import annotations

from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Font

from npmassess.exports.xlsx.cells import BOLD, HEAD, HEAD_FILL, TITLE, WRAP, header, put  # noqa: F401
from npmassess.exports.xlsx.finish import FONT_NAME
from npmassess.i18n import N_, _
from npmassess.numbers import excel_format
from npmassess.results.figures import ResultsData, figure_of
from npmassess.results.performance import performance_report
from npmassess.results.suggest import is_results_node

COLUMNS = [N_("Period"), N_("Actual"), N_("Target"), N_("Comparison"), N_("Mean"), N_("Upper limit"),
           N_("Lower limit"), N_("Moving range"), N_("Signal")]
LEVEL_NAMES = {"input": N_("input"), "activity": N_("activity"), "output": N_("output"), "outcome": N_("outcome"),
               "impact": N_("impact")}
RATIO_KINDS = {"efficiency": N_("efficiency"), "effectiveness": N_("effectiveness")}
MUTED = Font(name=FONT_NAME, color="5C6B7A", italic=True)
CHART_ROWS = 17


def _line_chart(ws, title: str, first: int, last: int, anchor: str) -> None:
    chart = LineChart()
    chart.title = title[:80]
    chart.height, chart.width = 7.5, 16
    chart.add_data(Reference(ws, min_col=2, max_col=7, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    styles = {0: ("1F4E79", None, 2.25), 1: ("2F855A", "dash", 1.5), 2: ("B7791F", "sysDot", 1.5),
              3: ("5C6B7A", None, 1.0), 4: ("C53030", "dash", 1.0), 5: ("C53030", "dash", 1.0)}
    for i, s in enumerate(chart.series):
        colour, dash, width = styles[i]
        s.graphicalProperties.line.solidFill = colour
        s.graphicalProperties.line.width = int(width * 12700)
        if dash:
            s.graphicalProperties.line.dashStyle = dash
        s.smooth = False
    chart.y_axis.delete = chart.x_axis.delete = False
    chart.y_axis.majorGridlines = None
    ws.add_chart(chart, anchor)


def measures_sheet(ws, data: ResultsData, framework_id: str, results_nodes: set[str]) -> int:
    """One block per measure: its facts, its periods with XmR limits, and a line chart; returns the count."""
    put(ws, 1, 1, _("Measures of the results register"), TITLE)
    put(ws, 2, 1, f"{data.register.organisation} · {data.register.unit}. " + _(
        "Limits: mean ± 2.66 × mean moving range (natural process limits); signals are points outside them, "
        "runs of eight on one side of the mean, or three of four points nearer a limit."), MUTED)
    for i, w in enumerate([12, 12, 12, 12, 11, 11, 11, 12, 8], 1):
        ws.column_dimensions[chr(64 + i)].width = w
    row = 4
    count = 0
    for m in data.register.measures:
        fig = figure_of(m)
        whole = all(float(v).is_integer() for v in fig.actual + fig.target + fig.comparison if v is not None)
        fmt = "#,##0" if whole else "#,##0.0#"
        r = fig.reading
        links = [n for n in m.nodes_of(framework_id)]
        put(ws, row, 1, f"{m.name}" + (f" ({m.unit})" if m.unit else ""), BOLD)
        facts = (_("Level: {level}; lower is better; linked to: {nodes}") if m.lower_is_better else
                 _("Level: {level}; higher is better; linked to: {nodes}"))
        put(ws, row + 1, 1, facts.format(level=_(LEVEL_NAMES.get(m.level, m.level)),
                                         nodes=", ".join(links) or _("no node of this framework"))
            + ("" if not any(n in results_nodes for n in links) else " " + _("(results)")), MUTED)
        put(ws, row + 2, 1, r.statement() + ".", MUTED)
        top = row + 3
        header(ws, top, [_(c) for c in COLUMNS])
        first = top + 1
        for i, p in enumerate(fig.periods):
            rr = first + i
            put(ws, rr, 1, p)
            for c, v in enumerate((fig.actual[i], fig.target[i], fig.comparison[i]), 2):
                if v is not None:
                    put(ws, rr, c, v, fmt=fmt)
            for c, v in ((5, fig.centre), (6, fig.upper), (7, fig.lower), (8, fig.moving_ranges[i])):
                if v is not None:
                    put(ws, rr, c, round(v, 4), fmt=fmt)
            if i in fig.signals:
                put(ws, rr, 9, _("signal"))
        last = first + max(len(fig.periods), 1) - 1
        if fig.periods:
            _line_chart(ws, m.name, first, last, f"K{row}")
        row = max(last + 3, row + CHART_ROWS + 1)
        count += 1
    return count


def performance_sheet(ws, data: ResultsData) -> None:
    """Target attainment per level and year, then the efficiency and effectiveness ratios."""
    rep = performance_report(data.register, data.cycles)
    put(ws, 1, 1, _("Performance report"), TITLE)
    put(ws, 2, 1, _("Share of periods with a target in which the target was met, by level of the production "
                    "chain (input → activity → output → outcome → impact) and year."), MUTED)
    names = [_("Level"), _("Measures"), _("Latest targets met"), _("Latest targets set")] + [
        rep.year_label(y) for y in rep.years]
    header(ws, 4, names, [16, 10, 12, 12] + [14] * len(rep.years))
    pct = "0%"
    for i, lv in enumerate(rep.levels, 5):
        put(ws, i, 1, lv.title)
        put(ws, i, 2, len(lv.measures))
        put(ws, i, 3, lv.met)
        put(ws, i, 4, lv.with_target)
        for j, y in enumerate(rep.years, 5):
            v = lv.attainment_in(y)
            if v is not None:
                put(ws, i, j, v, fmt=pct)
    row = 5 + len(rep.levels) + 2
    if rep.ratios:
        header(ws, row, [_("Ratio"), _("Kind"), _("Latest period"), _("Latest value")]
               + [rep.year_label(y) for y in rep.years])
        for i, r in enumerate(rep.ratios, row + 1):
            put(ws, i, 1, r.label).alignment = WRAP
            put(ws, i, 2, _(RATIO_KINDS.get(r.kind, r.kind)))
            if r.latest:
                put(ws, i, 3, r.latest[0])
                put(ws, i, 4, r.latest[1], fmt=excel_format("ratio"))
            for j, y in enumerate(rep.years, 5):
                if y in r.by_year:
                    put(ws, i, j, r.by_year[y], fmt=excel_format("ratio"))
        ws.column_dimensions["A"].width = 40


def add_results_sheets(wb, ctx, data: ResultsData | None) -> None:
    """Add the Measures and Performance sheets when the unit's register holds measures."""
    if data is None or not data.register.measures:
        return
    fw = ctx.fw
    results_nodes = {n.id for n in fw.scored_nodes() if is_results_node(fw, n)}
    measures_sheet(wb.create_sheet(_("Measures")[:31]), data, fw.id, results_nodes)
    performance_sheet(wb.create_sheet(_("Performance")[:31]), data)


def export_performance_xlsx(data: ResultsData, path, framework_id: str = "") -> None:
    """A workbook of its own: the Performance sheet, then the Measures sheet."""
    from openpyxl import Workbook

    from npmassess.exports.common import atomic_output
    wb = Workbook()
    wb.active.title = _("Performance")[:31]
    performance_sheet(wb.active, data)
    measures_sheet(wb.create_sheet(_("Measures")[:31]), data, framework_id, set())
    with atomic_output(path, ".xlsx") as tmp:
        wb.save(tmp)

