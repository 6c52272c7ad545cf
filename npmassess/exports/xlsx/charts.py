"""Native Excel charts for the Summary sheet: radar of criteria, enablers/results, points, level profile."""

from __future__ import annotations

from openpyxl.chart import BarChart, RadarChart, Reference
from openpyxl.chart.series import DataPoint

from npmassess.exports.common import Context


def _radar(ws, crit_rows: list[int], value_col: int, title: str, anchor: str, maximum: float = 100) -> None:
    if len(crit_rows) < 3:
        return
    chart = RadarChart()
    chart.type = "marker"
    chart.title = title
    chart.style = 26
    data = Reference(ws, min_col=value_col, min_row=crit_rows[0] - 1, max_row=crit_rows[-1])
    cats = Reference(ws, min_col=1, min_row=crit_rows[0], max_row=crit_rows[-1])
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, maximum
    chart.y_axis.delete = False
    chart.height, chart.width = 9, 12
    ws.add_chart(chart, anchor)


def _criteria_bars(ws, crit_rows: list[int], title: str, anchor: str) -> None:
    bar = BarChart()
    bar.type = "col"
    bar.title = title
    bar.add_data(Reference(ws, min_col=3, min_row=crit_rows[0] - 1, max_row=crit_rows[-1]), titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=1, min_row=crit_rows[0], max_row=crit_rows[-1]))
    bar.y_axis.scaling.min, bar.y_axis.scaling.max = 0, 100
    bar.y_axis.majorUnit = 20
    bar.y_axis.delete = bar.x_axis.delete = False
    bar.legend = None
    bar.series[0].graphicalProperties.solidFill = "1F4E79"
    bar.height, bar.width = 7, 12
    ws.add_chart(bar, anchor)


def mean_charts(ctx: Context, ws, crit_rows: list[int], totals_top: int) -> None:
    _radar(ws, crit_rows, 3, ctx.t("Score"), "J2")
    _criteria_bars(ws, crit_rows, ctx.t("{label}: score").format(label=ctx.fw.label("criterion", ctx.lang)), "J38")
    bar = BarChart()
    bar.type = "bar"
    bar.title = f"{ctx.t('Enablers')} / {ctx.t('Results')}"
    bar.add_data(Reference(ws, min_col=3, min_row=totals_top, max_row=totals_top + 3), titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=2, min_row=totals_top + 1, max_row=totals_top + 3))
    bar.y_axis.scaling.min, bar.y_axis.scaling.max = 0, 100
    bar.y_axis.majorUnit = 20
    bar.y_axis.delete = bar.x_axis.delete = False
    bar.legend = None
    bar.series[0].graphicalProperties.solidFill = "2B6CB0"
    bar.height, bar.width = 7, 12
    ws.add_chart(bar, "J21")


def points_charts(ctx: Context, ws, crit_rows: list[int], totals_top: int) -> None:
    _radar(ws, crit_rows, 3, ctx.t("Score") + " (%)", "J2")
    bar = BarChart()
    bar.title = ctx.t("Points per {label}").format(label=ctx.fw.label("criterion", ctx.lang).lower())
    bar.add_data(Reference(ws, min_col=4, max_col=5, min_row=crit_rows[0] - 1, max_row=crit_rows[-1]),
                 titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=1, min_row=crit_rows[0], max_row=crit_rows[-1]))
    bar.series[0].graphicalProperties.solidFill = "1F4E79"
    bar.series[1].graphicalProperties.solidFill = "C9D3DE"
    bar.y_axis.delete = bar.x_axis.delete = False
    bar.height, bar.width = 8, 14
    ws.add_chart(bar, "J21")


def profile_chart(ctx: Context, ws, overall_row: int, levels, top: int) -> None:
    bar = BarChart()
    bar.title = ctx.t("Level profile")
    bar.add_data(Reference(ws, min_col=3, max_col=2 + len(levels), min_row=overall_row), from_rows=True,
                 titles_from_data=False)
    bar.set_categories(Reference(ws, min_col=3, max_col=2 + len(levels), min_row=top))
    series = bar.series[0]
    for i, lv in enumerate(levels):
        pt = DataPoint(idx=i)
        pt.graphicalProperties.solidFill = (lv.colour or "#888888").lstrip("#").upper()
        series.dPt.append(pt)
    bar.legend = None
    bar.y_axis.delete = bar.x_axis.delete = False
    bar.height, bar.width = 8, 14
    ws.add_chart(bar, "J2")
