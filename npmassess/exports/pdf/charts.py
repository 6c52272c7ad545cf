"""Charts for the PDF report (reportlab.graphics): radar, enablers/results, points, level profile, strips."""

from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, Polygon, String
from reportlab.lib import colors
from reportlab.platypus import Flowable

from npmassess.model import RESULT_TYPES
from npmassess.exports.common import Context
from npmassess.exports.pdf.fonts import fonts
from npmassess.exports.pdf.styles import ACCENT, GRID, MUTED, hexcolour

ENABLER_COLOUR = colors.HexColor("#2b6cb0")
RESULT_COLOUR = colors.HexColor("#2f855a")
TOTAL_COLOUR = colors.HexColor("#4a5568")


def _short(text: str, n: int = 22) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def radar(ctx: Context, width: float, height: float) -> Drawing | None:
    """Radar of criteria (or of nodes, for ordinal frameworks) on the full scale."""
    rep = ctx.report
    if rep.ordinal:
        items = [(n.id, rep.nodes[n.id].value) for n in ctx.fw.scored_nodes()]
        top = max((lv.value for lv in ctx.levels()), default=1)
    else:
        items = [(c.id, rep.criteria[c.id].value) for c in ctx.fw.scored_criteria()]
        top = 100
    if len(items) < 3:
        return None
    d = Drawing(width, height)
    size = min(width, height) - 40
    sp = SpiderChart()
    sp.x, sp.y = (width - size) / 2, (height - size) / 2
    sp.width = sp.height = size
    # an invisible strand at the maximum fixes the scale (SpiderChart normalises to the data's max)
    sp.data = [[top] * len(items), [v or 0 for _, v in items]]
    sp.labels = [_short(i, 10) for i, _ in items]
    sp.strands[0].strokeColor = None
    sp.strands[0].fillColor = None
    sp.strands[1].strokeColor = ACCENT
    sp.strands[1].strokeWidth = 1.5
    sp.strands[1].fillColor = colors.Color(0.12, 0.31, 0.47, alpha=0.25)
    sp.spokes.strokeColor = GRID
    sp.spokeLabels.fontName = fonts().body
    sp.spokeLabels.fontSize = 8
    sp.strandLabels.fontSize = 0
    cx, cy, r = sp.x + size / 2, sp.y + size / 2, size / 2
    n = len(items)
    for frac in (0.25, 0.5, 0.75, 1.0):
        pts = []
        for k in range(n):
            ang = math.radians(90 - k * 360.0 / n)
            pts += [cx + r * frac * math.cos(ang), cy + r * frac * math.sin(ang)]
        d.add(Polygon(pts, strokeColor=GRID, strokeWidth=0.5, fillColor=None))
        d.add(String(cx + 2, cy + r * frac + 1, f"{top * frac:g}", fontName=fonts().body, fontSize=6,
                     fillColor=MUTED))
    d.add(sp)
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
    d = Drawing(width, height)
    bc = _vbar(width, height, [values], names, 100)
    for i, c in enumerate(crits):
        kind_result = all(n.type in RESULT_TYPES for n in c.leaves())
        bc.bars[(0, i)].fillColor = RESULT_COLOUR if kind_result else ENABLER_COLOUR
    for i in range(len(crits), len(names)):
        bc.bars[(0, i)].fillColor = [ENABLER_COLOUR, RESULT_COLOUR, TOTAL_COLOUR][i - len(crits)]
    bc.bars.strokeColor = None
    d.add(bc)
    return d


def points(ctx: Context, width: float, height: float) -> Drawing:
    """Points frameworks: points earned per category against the category maximum."""
    crits = ctx.fw.scored_criteria()
    earned = [ctx.report.criteria[c.id].points or 0 for c in crits]
    maxima = [c.points or 0 for c in crits]
    d = Drawing(width, height)
    bc = _vbar(width, height, [maxima, earned], [c.id for c in crits], max(maxima + [1]) * 1.1)
    bc.valueAxis.valueMax = None
    bc.bars[0].fillColor = colors.HexColor("#d5dde6")
    bc.bars[1].fillColor = ACCENT
    bc.bars.strokeColor = None
    d.add(bc)
    leg = Legend()
    leg.x, leg.y = width - 120, height - 8
    leg.fontName, leg.fontSize = fonts().body, 7
    leg.colorNamePairs = [(colors.HexColor("#d5dde6"), ctx.t("Maximum")), (ACCENT, ctx.t("Earned"))]
    leg.columnMaximum = 1
    leg.alignment = "right"
    d.add(leg)
    return d


def level_profile(ctx: Context, width: float, height: float) -> Drawing:
    """Ordinal frameworks: count of nodes per level for each criterion, in the framework's colours."""
    levels = ctx.levels()
    crits = ctx.fw.scored_criteria()
    rows = list(reversed(crits))
    data = [[ctx.report.criteria[c.id].profile.get(lv.value, 0) for c in rows] for lv in levels]
    d = Drawing(width, height)
    bc = HorizontalBarChart()
    bc.x, bc.y, bc.width, bc.height = 60, 40, width - 80, height - 50
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
    leg = Legend()
    leg.x, leg.y = 60, 18
    leg.fontName, leg.fontSize = fonts().body, 7
    leg.colorNamePairs = [(hexcolour(lv.colour), _short(lv.label(ctx.lang), 24)) for lv in levels]
    leg.columnMaximum = 1
    leg.alignment = "right"
    leg.deltax = (width - 80) / max(len(levels), 1)
    leg.dxTextSpace = 4
    d.add(leg)
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
