"""The PDF review's results chapter: each results node with its measures' run and XmR charts, a data
table, the register's suggestion and the team's overrule, then the performance report."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from npmassess.exports.common import Context
from npmassess.i18n import N_, _, current_language
from npmassess.exports.pdf.fonts import fonts
from npmassess.exports.pdf.sections import grid_style
from npmassess.exports.pdf.styles import ACCENT, GRID, MUTED, Heading, M, P, esc
from npmassess.exports.pdf.text import cell, head_cell
from npmassess.exports.pdf.tables import ContinuedTable  # tagged cells (TH / TD)
from npmassess.numbers import fmt, percent
from npmassess.results.figures import MeasureFigure, ResultsData, figure_of
from npmassess.results.performance import PerformanceReport, performance_report
from npmassess.results.suggest import is_results_node, suggest

ACTUAL = colors.HexColor("#1f4e79")
TARGET = colors.HexColor("#2f855a")
PEER = colors.HexColor("#b7791f")
SIGNAL = colors.HexColor("#c53030")
TABLE_PERIODS = 12


@dataclass(frozen=True)
class ChartText:
    """Fonts and sizes of a measure's charts and table: the report's small ones, or an award's minimum."""

    body: str
    bold: str
    tick: float = 5.5
    title: float = 7
    legend: float = 6
    limit: float = 5
    table: float = 6.5

    @classmethod
    def at_least(cls, family: tuple[str, str], size: float) -> "ChartText":
        """Every text at the given size or larger (an award's minimum font size), in the given fonts."""
        return cls(family[0], family[1], size, size, size, size, size)


def _text(family: tuple[str, str] | None = None, size: float | None = None) -> ChartText:
    f = fonts()
    return ChartText(f.body, f.bold) if size is None else ChartText.at_least(family or (f.body, f.bold), size)


def _panel(d: Drawing, x0: float, y0: float, w: float, h: float, periods: list[str], lo: float, hi: float,
           title: str, ct: ChartText) -> tuple:
    d.add(Rect(x0, y0, w, h, strokeColor=GRID, fillColor=None, strokeWidth=0.4))
    d.add(String(x0, y0 + h + 3, title, fontName=ct.bold, fontSize=ct.title, fillColor=ACCENT))
    n = max(len(periods), 1)
    sx = (lambda i: x0 + w * (i + 0.5) / n)
    sy = (lambda v: y0 + h * (v - lo) / (hi - lo or 1))
    for v, y in ((lo, y0 + 1), (hi, y0 + h - ct.tick * 0.9)):  # inside the panel's height: clear of the labels
        d.add(String(x0 - 2, y, fmt(v, "measure", current_language(), decimals=1 if abs(hi - lo) < 20 else 0),
                     fontName=ct.body, fontSize=ct.tick, fillColor=MUTED, textAnchor="end"))
    widest = max([stringWidth(p, ct.body, ct.tick) for p in periods] + [1])
    step = max(1, n // 6, math.ceil(n * (widest + 4) / w))  # period labels never overlap
    for i in range(0, n, step):
        d.add(String(sx(i), y0 - ct.tick - 1.5, periods[i], fontName=ct.body, fontSize=ct.tick, fillColor=MUTED,
                     textAnchor="middle"))
    return sx, sy


def _line(d: Drawing, sx, sy, values: list, colour, width: float = 1.2, dash=None, dots: bool = False) -> None:
    run: list[float] = []
    for i, v in enumerate(values + [None]):
        if v is None:
            if len(run) >= 4:
                d.add(PolyLine(run, strokeColor=colour, strokeWidth=width, strokeDashArray=dash))
            run = []
            continue
        run += [sx(i), sy(v)]
        if dots:
            d.add(Circle(sx(i), sy(v), 1.3, fillColor=colour, strokeColor=None))


def measure_drawing(fig: MeasureFigure, width: float, height: float = 46 * mm,
                    ct: ChartText | None = None) -> Drawing:
    """Run chart (actual, target, comparison) on the left, XmR chart with its limits on the right."""
    ct = ct or _text()
    limits = ((fig.centre, None, _("mean")), (fig.upper, (4, 2), _("UNPL")), (fig.lower, (4, 2), _("LNPL")))
    lo, hi = fig.value_range()
    numbers = [fmt(v, "measure", current_language(), decimals=1 if abs(hi - lo) < 20 else 0) for v in (lo, hi)]
    left = max(11 * mm, max(stringWidth(t, ct.body, ct.tick) for t in numbers) + 4)
    right = max(stringWidth(label, ct.body, ct.limit) for _v, _d, label in limits) + 3  # the limits' names
    gap = max(14 * mm, left + 4)
    height = height + 2 * (ct.tick + ct.title + ct.legend - 18.5)  # room for larger text
    pw = (width - left - gap - right) / 2
    y0 = ct.tick + 4.5
    ph = height - y0 - ct.title - ct.legend - 7
    d = Drawing(width, height)
    sx, sy = _panel(d, left, y0, pw, ph, fig.periods, lo, hi, _("Run chart with target"), ct)
    _line(d, sx, sy, fig.target, TARGET, 1, (3, 2))
    _line(d, sx, sy, fig.comparison, PEER, 1, (1, 2))
    _line(d, sx, sy, fig.actual, ACTUAL, 1.3, dots=True)
    x2 = left + pw + gap
    sx2, sy2 = _panel(d, x2, y0, pw, ph, fig.periods, lo, hi, _("Process behaviour (XmR) chart"), ct)
    for v, dash, label in limits:
        if v is not None and lo <= v <= hi:
            d.add(Line(x2, sy2(v), x2 + pw, sy2(v), strokeColor=MUTED, strokeWidth=0.7, strokeDashArray=dash))
            d.add(String(x2 + pw + 1.5, sy2(v) - ct.limit * 0.4, label, fontName=ct.body, fontSize=ct.limit,
                         fillColor=MUTED))
    _line(d, sx2, sy2, fig.actual, ACTUAL, 1.0)
    for i, v in enumerate(fig.actual):
        if v is not None:
            col = SIGNAL if i in fig.signals else ACTUAL
            d.add(Circle(sx2(i), sy2(v), 1.8 if i in fig.signals else 1.2, fillColor=col, strokeColor=None))
    # legend
    y = height - ct.legend * 0.5
    x = left
    for label, col in ((_("actual"), ACTUAL), (_("target"), TARGET), (_("comparison"), PEER), (_("signal"), SIGNAL)):
        d.add(Rect(x, y - 1, 6, 2.2, fillColor=col, strokeColor=None))
        d.add(String(x + 8, y - ct.legend * 0.33, label, fontName=ct.body, fontSize=ct.legend, fillColor=MUTED))
        x += 14 + stringWidth(label, ct.body, ct.legend)
    return d


def data_table(fig: MeasureFigure, width: float, ct: ChartText | None = None) -> ContinuedTable:
    """The last periods' actual, target and comparison values, one column per period (as many as fit)."""
    ct = ct or _text()
    lang = current_language()
    series = [(label, seq) for label, seq in ((N_("Actual"), fig.actual), (N_("Target"), fig.target),
                                              (N_("Comparison"), fig.comparison))]
    first = max(18 * mm, max(stringWidth(_(label), ct.body, ct.table) for label, _s in series) + 8)
    texts = [fmt(v, "measure", lang) for _l, seq in series for v in seq if v is not None] + fig.periods
    widest = max([stringWidth(t, ct.body, ct.table) for t in texts] + [1]) + 7
    k = min(TABLE_PERIODS, len(fig.periods), max(1, int((width - first) // widest)))
    periods = fig.periods[-k:] if k else []
    rows = [[""] + periods]
    for label, seq in series:
        tail = seq[-k:] if k else []
        if label != "Actual" and all(v is None for v in tail):
            continue
        rows.append([_(label)] + [fmt(v, "measure", lang) if v is not None else "—" for v in tail])
    col = (width - first) / max(k, 1)
    t = ContinuedTable(rows, colWidths=[first] + [col] * k)
    t.setStyle(TableStyle(grid_style(True, (ct.body, ct.bold), ct.table) + [
        ("FONTSIZE", (0, 0), (-1, -1), ct.table), ("LEADING", (0, 0), (-1, -1), ct.table * 1.24),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
    t.periods_shown = k
    return t


def _paragraph(markup: str, style: str, ct: ChartText | None) -> Paragraph:
    """M(markup, style), or the same paragraph in the award's fonts at its minimum size."""
    if ct is None:
        return M(markup, style)
    bold = style == "label"
    return Paragraph(markup, ParagraphStyle(f"app-{style}", fontName=ct.bold if bold else ct.body, fontSize=ct.table,
                                            leading=ct.table * 1.25, textColor=ACCENT if bold else colors.black,
                                            spaceBefore=4 if bold else 0, spaceAfter=1 if bold else 2))


def measure_block(ctx: Context | None, fig: MeasureFigure, width: float,
                  ct: ChartText | None = None) -> list[Flowable]:
    """A measure's heading, statement, both charts and its data table, kept together.

    ct: the fonts and sizes (an award application's minimum size); None: the report's."""
    m_unit = f" ({fig.unit})" if fig.unit else ""
    r = fig.reading
    better = _("lower is better") if fig.lower_is_better else _("higher is better")
    head = (_("{number}: {title}").format(number=fig.number, title=fig.title) if fig.number else fig.title) + m_unit
    table = data_table(fig, width, ct)
    block = [_paragraph(f"<b>{esc(head)}</b>", "label", ct),
             _paragraph(f"{esc(typography(r.statement()))}. <font color='#5c6b7a'>"
                        f"{esc(_('{better}; {reason}.').format(better=better, reason=typography(r.reason)))}</font>",
                        "small", ct),
             measure_drawing(fig, width, ct=ct), table, Spacer(1, 6)]
    if len(fig.periods) > table.periods_shown:
        note = _("The table shows the last {n} of {total} periods; the charts show all of them.").format(
            n=table.periods_shown, total=len(fig.periods))
        block.insert(-1, _paragraph(esc(note), "muted", ct) if ct else P(note, "muted"))
    return [KeepTogether(block)]


def _suggestion_lines(ctx: Context, node, data: ResultsData) -> list[Flowable]:
    out = []
    dims = {d.id: d for d in ctx.method.dimensions_for(node.type)}
    for s in suggest(ctx.fw, ctx.a.method, node, data.register):
        dim = dims[s.dimension]
        team = ctx.a.consensus.get((node.id, s.dimension))
        level = ctx.num(team, "measure") if team is not None else ""
        team_text = ctx.t("not scored yet") if team is None else (
            f"{dim.scale.label_of(team, ctx.lang)} ({level})" if dim.scale.ordinal else level)
        sug = ctx.t("none (no linked measures)") if s.value is None else f"{s.label} ({ctx.num(s.value, 'measure')})"
        line = (f"<b>{esc(ctx.t('{label}:').format(label=dim.title(ctx.lang)))}</b> "
                + esc(ctx.t("the register suggests {suggestion}; the team's consensus: {consensus}.").format(
                    suggestion=sug, consensus=team_text))
                + f" <font color='#5c6b7a'>{esc(typography(s.reason))}.</font>")
        over = data.overrules.get((node.id, s.dimension))
        if over and over.get("reason"):
            line += f"<br/><b>{esc(ctx.t('Why the team decided otherwise:'))}</b> {esc(over['reason'])}"
        out.append(M(line, "small"))
        out.append(Spacer(1, 3))
    return out


def performance_story(rep: PerformanceReport, width: float) -> list[Flowable]:
    """Measures by level of the chain, target attainment per level and year, and the ratios."""
    years = rep.years[-4:]
    lang = current_language()
    rows = [[head_cell(x) for x in [_("Level"), _("Measures"), _("Latest target met")]
             + [rep.year_label(y) for y in years]]]
    for lv in rep.levels:
        latest = _("{met} of {total}").format(met=lv.met, total=lv.with_target) + (
            f" ({percent(lv.attainment, lang)})" if lv.with_target else "")
        rows.append([_(lv.title), str(len(lv.measures)), latest if lv.with_target else _("no targets")]
                    + [percent(lv.attainment_in(y), lang) for y in years])
    first = 30 * mm
    widths = [first, 18 * mm, 32 * mm] + [(width - first - 50 * mm) / max(len(years), 1)] * len(years)
    t = ContinuedTable(rows, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle(grid_style() + [("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
    story: list[Flowable] = [Heading(_("Performance report"), "h2", 1, "res-performance"),
                             P(_("Share of periods with a target in which the target was met, by level of the "
                                 "production chain and year (the unit's cycles are named where they match)."), "muted"),
                             t, Spacer(1, 6)]
    if rep.ratios:
        rrows = [[head_cell(x) for x in [_("Ratio"), _("Kind"), _("Latest")] + [rep.year_label(y) for y in years]]]
        for r in rep.ratios:
            latest = f"{fmt(r.latest[1], 'ratio', lang)} ({r.latest[0]})" if r.latest else "—"
            rrows.append([cell(_ratio_label(r)), _(r.kind), latest]
                         + [fmt(r.by_year.get(y), "ratio", lang) for y in years])
        rt = ContinuedTable(rrows, colWidths=[56 * mm, 22 * mm, 32 * mm] + [(width - 110 * mm) / max(len(years), 1)] * len(years),
                   repeatRows=1)
        rt.setStyle(TableStyle(grid_style() + [("ALIGN", (2, 1), (-1, -1), "RIGHT")]))
        story += [P(_("Efficiency is output per input; effectiveness is outcome per output, for measures the "
                      "register relates to each other (yearly values are the ratio of the yearly means)."), "muted"), rt]
    return story


def results_chapter(ctx: Context, data: ResultsData | None, width: float) -> list[Flowable]:
    """The chapter; empty when the unit's register holds no measure linked to this framework."""
    if data is None:
        return []
    fw = ctx.fw
    nodes = [n for n in fw.scored_nodes() if is_results_node(fw, n)]
    linked = {n.id: data.register.linked(fw.id, n.id) for n in nodes}
    if not any(linked.values()):
        return []
    t = ctx.t
    story: list[Flowable] = [CondPageBreak(80 * mm), Heading(t("Results: measured data"), "h1", 0, "results-data"),
                             P(t("Each results node with the measures of the unit's results register linked to it. "
                                 "Trends are read from process behaviour (XmR) charts: only a signal (a point outside "
                                 "the natural process limits, a run of eight on one side of the mean, or three of four "
                                 "points near a limit) counts as a change; the rest is noise. The band the facts "
                                 "suggest is a suggestion: the team's consensus decides."), "body")]
    for node in nodes:
        story += [CondPageBreak(70 * mm), Heading(f"{node.id} {ctx.title(node)}", "h2", 1, f"res-{node.id}")]
        story += _suggestion_lines(ctx, node, data)
        if not linked[node.id]:
            story.append(P(t("No measure of the register is linked to this node."), "muted"))
        for m in linked[node.id]:
            story += measure_block(ctx, figure_of(m), width)
    story += [CondPageBreak(60 * mm)] + performance_story(performance_report(data.register, data.cycles), width)
    return story


def typography(text: str) -> str:
    """Our generated sentences (trend readings, suggestions) with French spacing before ; : ? ! in French."""
    if current_language() != "fr":
        return text
    return re.sub(r"(?<=[^\s\u00a0\u202f]) ?([;:?!])(?=\s|$)", "\u00a0\\1", text)


def _ratio_label(r) -> str:
    """'Claims processed per Staff in post': the measure names are the users', the word between is ours."""
    return _("{numerator} per {denominator}").format(numerator=r.numerator.name, denominator=r.denominator.name)
