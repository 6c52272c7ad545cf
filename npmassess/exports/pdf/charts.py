"""Charts for the PDF report (reportlab.graphics): radar, enablers/results, points, level profile, strips."""

from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.lib import colors
from reportlab.platypus import Flowable

from npmassess import numbers
from npmassess.model import RESULT_TYPES
from npmassess.exports.common import Context
from npmassess.exports.pdf.fonts import fonts
from npmassess.exports.pdf.styles import ACCENT, GRID, INK, MUTED, hexcolour

ENABLER_COLOUR = colors.HexColor("#2b6cb0")
RESULT_COLOUR = colors.HexColor("#2f855a")
TOTAL_COLOUR = colors.HexColor("#4a5568")


def _short(text: str, n: int = 22) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose default font is our embedded body font (the default Helvetica is not embedded)."""
    from reportlab.graphics import shapes
    shapes.STATE_DEFAULTS["fontName"] = fonts().body
    return Drawing(width, height)


def _nice_top(value: float) -> tuple[float, float]:
    """A round axis maximum at or above value, and its step (450 -> 500 by 100)."""
    if value <= 0:
        return 1.0, 1.0
    mag = 10 ** math.floor(math.log10(value))
    for mult, step in ((1, 0.2), (2, 0.5), (2.5, 0.5), (5, 1), (10, 2)):
        if value <= mult * mag:
            return mult * mag, step * mag
    return 10 * mag, 2 * mag


def legend(d: Drawing, x: float, y: float, width: float, pairs: list[tuple], size: float = 7,
           font: str | None = None) -> float:
    """A legend that wraps onto as many lines as it needs inside width; returns its height."""
    font = font or fonts().body
    cx, cy, line = x, y, size + 5
    for colour, label in pairs:
        w = 10 + 3 + stringWidth(label, font, size) + 12
        if cx > x and cx + w > x + width:
            cx, cy = x, cy - line
        d.add(Rect(cx, cy, 8, 8, fillColor=colour, strokeColor=None))
        d.add(String(cx + 11, cy + 1, label, fontName=font, fontSize=size, fillColor=INK))
        cx += w
    return y - cy + line


def radar(ctx: Context, width: float, height: float) -> Drawing | None:
    """Radar of criteria (or of nodes, for ordinal frameworks) on the full scale.

    Each axis is named (id and short title) with its value; rings are labelled with round values
    placed between two axes, so no ring label collides with an axis label.
    """
    rep = ctx.report
    if rep.ordinal:
        nodes = ctx.fw.scored_nodes()
        items = [(n.id, "", rep.nodes[n.id].value) for n in nodes]
        levels = sorted(lv.value for lv in ctx.levels())
        top = max(levels, default=1)
        rings = [v for v in levels if v > 0]
        kind = "level"
    else:
        crits = ctx.fw.scored_criteria()
        items = [(c.id, ctx.title(c), rep.criteria[c.id].value) for c in crits]
        top = 100
        rings = [20, 40, 60, 80, 100]
        kind = "score"
    n = len(items)
    if n < 3:
        return None
    font, bold = fonts().body, fonts().bold
    d = _drawing(width, height)
    label_room = 70 if n <= 12 else 34
    r = max(20.0, min(width / 2 - label_room - 10, height / 2 - 26))
    cx, cy = width / 2, height / 2
    def point(k: int, frac: float) -> tuple[float, float]:
        ang = math.radians(90 - k * 360.0 / n)
        return cx + r * frac * math.cos(ang), cy + r * frac * math.sin(ang)
    for k in range(n):
        x2, y2 = point(k, 1.0)
        d.add(Line(cx, cy, x2, y2, strokeColor=GRID, strokeWidth=0.5))
    for ring in rings:
        frac = ring / top
        pts = [c for k in range(n) for c in point(k, frac)]
        d.add(Polygon(pts, strokeColor=GRID, strokeWidth=0.5, fillColor=None))
    # ring labels on the bisector of the first two axes: clear of every axis label
    ang = math.radians(90 - 180.0 / n)
    for ring in rings:
        frac = ring / top
        d.add(String(cx + r * frac * math.cos(ang) + 2, cy + r * frac * math.sin(ang) + 1,
                     numbers.fmt(ring, "level", ctx.lang), fontName=font, fontSize=6, fillColor=MUTED))
    values = [v for _, _, v in items]
    pts = [c for k, v in enumerate(values) for c in point(k, (v or 0) / top)]
    d.add(Polygon(pts, strokeColor=ACCENT, strokeWidth=1.5, fillColor=colors.Color(0.12, 0.31, 0.47, alpha=0.25)))
    for k, (nid, title, v) in enumerate(items):
        if v is not None:
            x, y = point(k, v / top)
            d.add(Circle(x, y, 1.8, fillColor=ACCENT, strokeColor=None))
        ang = math.radians(90 - k * 360.0 / n)
        c, s_ = math.cos(ang), math.sin(ang)
        lx, ly = cx + (r + 6) * c, cy + (r + 6) * s_
        anchor = "middle" if abs(c) < 0.3 else ("start" if c > 0 else "end")
        value = ctx.value_text(v, kind=kind) if v is not None else ctx.t("Not rated")
        lines = [(f"{nid} {_short(title, 24)}".strip(), bold), (value, font)]
        if abs(c) < 0.3:
            ly += 3 if s_ > 0 else -16
        else:
            ly -= 4
        for i, (text, f) in enumerate(lines):
            d.add(String(lx, ly + (7.5 if i == 0 else 0), text, fontName=f, fontSize=7, fillColor=INK,
                         textAnchor=anchor))
    return d


def _vbar(width: float, height: float, data, names: list[str], top: float) -> VerticalBarChart:
    bc = VerticalBarChart()
    bc.x, bc.y, bc.width, bc.height = 40, 45, width - 60, height - 65
    bc.data = data
    bc.categoryAxis.categoryNames = names
    bc.categoryAxis.labels.fontName = bc.valueAxis.labels.fontName = fonts().body
    bc.categoryAxis.labels.fontSize = 7
    tilt = len(names) > 6 and max(len(n) for n in names) > 3
    bc.categoryAxis.labels.angle = 30 if tilt else 0
    bc.categoryAxis.labels.boxAnchor = "ne" if tilt else "n"
    bc.valueAxis.labels.fontSize = 7
    bc.valueAxis.valueMin, bc.valueAxis.valueMax = 0, top
    bc.valueAxis.gridStrokeColor = GRID
    bc.valueAxis.visibleGrid = True
    bc.barSpacing = 1
    return bc


def enablers_results(ctx: Context, width: float, height: float) -> Drawing:
    """Mean frameworks: criteria bars coloured by kind, then enablers, results and overall."""
    rep = ctx.report
    crits = ctx.fw.scored_criteria()
    names = [c.id for c in crits] + [ctx.t("Enablers"), ctx.t("Results"), ctx.t("Overall")]
    values = [rep.criteria[c.id].value or 0 for c in crits] + [rep.enablers or 0, rep.results or 0, rep.overall or 0]
    d = _drawing(width, height)
    bc = _vbar(width, height, [values], names, 100)
    for i, c in enumerate(crits):
        kind_result = all(n.type in RESULT_TYPES for n in c.leaves())
        bc.bars[(0, i)].fillColor = RESULT_COLOUR if kind_result else ENABLER_COLOUR
    for i in range(len(crits), len(names)):
        bc.bars[(0, i)].fillColor = [ENABLER_COLOUR, RESULT_COLOUR, TOTAL_COLOUR][i - len(crits)]
    bc.bars.strokeColor = None
    bc.height -= 12
    d.add(bc)
    legend(d, bc.x, height - 10, width - bc.x, [(ENABLER_COLOUR, ctx.t("Enablers")), (RESULT_COLOUR, ctx.t("Results")),
                                                 (TOTAL_COLOUR, ctx.t("Overall"))])
    return d


def points(ctx: Context, width: float, height: float) -> Drawing:
    """Points frameworks: points earned per category against the category maximum."""
    crits = ctx.fw.scored_criteria()
    earned = [ctx.report.criteria[c.id].points or 0 for c in crits]
    maxima = [c.points or 0 for c in crits]
    d = _drawing(width, height)
    top, step = _nice_top(max(maxima + [1]))  # the largest category (450) stays under the top gridline
    bc = _vbar(width, height - 14, [maxima, earned], [c.id for c in crits], top)
    bc.valueAxis.valueStep = step
    bc.bars[0].fillColor = colors.HexColor("#d5dde6")
    bc.bars[1].fillColor = ACCENT
    bc.bars.strokeColor = None
    d.add(bc)
    legend(d, bc.x, height - 10, width - bc.x, [(colors.HexColor("#d5dde6"), ctx.t("Maximum")),
                                                 (ACCENT, ctx.t("Earned"))])
    return d


def level_profile(ctx: Context, width: float, height: float) -> Drawing:
    """Ordinal frameworks: count of nodes per level for each criterion, in the framework's colours."""
    levels = ctx.levels()
    crits = ctx.fw.scored_criteria()
    rows = list(reversed(crits))
    data = [[ctx.report.criteria[c.id].profile.get(lv.value, 0) for c in rows] for lv in levels]
    d = _drawing(width, height)
    bc = HorizontalBarChart()
    bc.x, bc.y, bc.width, bc.height = 60, 58, width - 80, height - 64
    bc.data = data
    bc.categoryAxis.style = "stacked"
    bc.categoryAxis.categoryNames = [_short(c.id, 8) for c in rows]
    bc.categoryAxis.labels.fontName = bc.valueAxis.labels.fontName = fonts().body
    bc.categoryAxis.labels.fontSize = bc.valueAxis.labels.fontSize = 7
    bc.valueAxis.valueMin = 0
    top = max((sum(col) for col in zip(*data)), default=1) if data else 1
    bc.valueAxis.valueMax = max(top, 1)
    bc.valueAxis.valueStep = 1 if top <= 10 else None
    for i, lv in enumerate(levels):
        bc.bars[i].fillColor = hexcolour(lv.colour)
        bc.bars[i].strokeColor = colors.white
    d.add(bc)
    legend(d, 10, 24, width - 20, [(hexcolour(lv.colour), lv.label(ctx.lang)) for lv in levels])
    return d


class Strip(Flowable):
    """One node's individual scores as dots on the scale, the consensus as a dark bar.

    Drawn straight on the canvas: 28+ of these per report, and the graphics framework's shape
    tree costs several times more for so simple a picture.
    """

    def __init__(self, values: list[float], consensus: float | None, low: float, high: float,
                 width: float, height: float = 14, colour_of=None):
        super().__init__()
        self.values, self.consensus, self.low, self.high = sorted(values), consensus, low, high
        self.width, self.height, self.colour_of = width, height, colour_of

    def wrap(self, aw: float, ah: float):
        return self.width, self.height

    def draw(self) -> None:
        c, w, h = self.canv, self.width, self.height
        span = (self.high - self.low) or 1

        def x(v: float) -> float:
            return 4 + (w - 8) * (v - self.low) / span

        mid = h / 2
        c.setStrokeColor(GRID)
        c.setLineWidth(0.8)
        c.line(4, mid, w - 4, mid)
        c.setLineWidth(0.5)
        for k in range(5):
            xv = 4 + (w - 8) * k / 4
            c.line(xv, mid - 2, xv, mid + 2)
        c.setStrokeColor(colors.white)
        c.setLineWidth(0.3)
        seen: dict[float, int] = {}
        for v in self.values:
            k = seen.get(v, 0)
            seen[v] = k + 1
            c.setFillColor(self.colour_of(v) if self.colour_of else colors.Color(0.17, 0.42, 0.69, alpha=0.6))
            c.circle(x(v), mid + (k % 3 - 1) * 2.5, 2.6, stroke=1, fill=1)
        if self.consensus is not None:
            c.setStrokeColor(colors.black)
            c.setLineWidth(1.6)
            c.line(x(self.consensus), 1, x(self.consensus), h - 1)


def strip(values: list[float], consensus: float | None, low: float, high: float,
          width: float, height: float = 14, colour_of=None) -> Strip:
    """A strip chart of individual scores (see Strip)."""
    return Strip(values, consensus, low, high, width, height, colour_of)
