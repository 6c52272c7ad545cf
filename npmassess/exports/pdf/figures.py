"""PDF figures from npmassess.figures.Figure: a chart (bar, line or organisation chart), its data table and caption."""

from __future__ import annotations

import io

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer

from npmassess import numbers
from npmassess.figure_images import scaled
from npmassess.figures import Figure
from npmassess.i18n import _, current_language
from npmassess.exports.pdf.charts import _nice_top, legend
from npmassess.exports.pdf.styles import ACCENT, GRID, INK
from npmassess.exports.pdf.tables import grid_table
from npmassess.exports.pdf.text import TextBlock

SERIES = [ACCENT, colors.HexColor("#9c4a00"), colors.HexColor("#2f855a"), colors.HexColor("#6b46c1")]


def _value(v) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return numbers.fmt(v, "measure", current_language())
    return "" if v is None else str(v)


def chart(fig: Figure, width: float, height: float, font: str, size: float) -> Drawing:
    """The figure's chart; the org chart draws boxes by reporting level."""
    from reportlab.graphics import shapes
    shapes.STATE_DEFAULTS["fontName"] = font  # no default Helvetica: every font is the award's, embedded
    shapes.STATE_DEFAULTS["fontSize"] = size
    if fig.chart == "org":
        return org_chart(fig, width, font, size)
    d = Drawing(width, height)
    series = fig.series()
    values = [[v if v is not None else 0 for v in vals] for _, vals in series]
    top, step = _nice_top(max([v for vals in values for v in vals] + [1]))
    c = VerticalBarChart() if fig.chart == "bar" else HorizontalLineChart()
    c.x, c.y, c.width, c.height = 36, 30, width - 50, height - 30 - (size + 10)
    c.data = values
    c.categoryAxis.categoryNames = fig.categories()
    for axis in (c.categoryAxis, c.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = font, size
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, top, step
    c.valueAxis.visibleGrid, c.valueAxis.gridStrokeColor = True, GRID
    for i in range(len(values)):
        if fig.chart == "bar":
            c.bars[i].fillColor, c.bars[i].strokeColor = SERIES[i % len(SERIES)], None
        else:
            c.lines[i].strokeColor, c.lines[i].strokeWidth = SERIES[i % len(SERIES)], 1.8
    d.add(c)
    legend(d, c.x, height - size - 4, width - c.x, [(SERIES[i % len(SERIES)], name)
                                                    for i, (name, _) in enumerate(series)], size, font)
    return d


def org_chart(fig: Figure, width: float, font: str, size: float) -> Drawing:
    """Boxes per reporting level (rows are unit, reports to), lines to each box's parent."""
    parent = {str(r[0]): (str(r[1]) if len(r) > 1 and r[1] else "") for r in fig.rows if r}
    depth: dict[str, int] = {}

    def level(name: str, seen=()) -> int:
        if name in depth:
            return depth[name]
        p = parent.get(name, "")
        depth[name] = 0 if not p or p not in parent or name in seen else level(p, seen + (name,)) + 1
        return depth[name]

    for name in parent:
        level(name)
    rows: dict[int, list[str]] = {}
    for name in parent:
        rows.setdefault(depth[name], []).append(name)
    box_h, gap = size * 2.6, size * 2.2
    height = len(rows) * (box_h + gap) + 4
    d = Drawing(width, height)
    pos: dict[str, tuple[float, float, float]] = {}
    for lv, names in sorted(rows.items()):
        slot = width / len(names)
        y = height - (lv + 1) * (box_h + gap) + gap
        for i, name in enumerate(names):
            w = min(slot - 6, max(stringWidth(name, font, size) + 10, 40))
            x = i * slot + (slot - w) / 2
            pos[name] = (x, y, w)
            d.add(Rect(x, y, w, box_h, fillColor=colors.HexColor("#e8eef5"), strokeColor=ACCENT, strokeWidth=0.8))
            text = name
            while stringWidth(text, font, size) > w - 6 and len(text) > 4:
                text = text[:-2] + "…" if not text.endswith("…") else text[:-3] + "…"
            d.add(String(x + w / 2, y + box_h / 2 - size / 3, text, fontName=font, fontSize=size, fillColor=INK,
                         textAnchor="middle"))
    for name, p in parent.items():
        if p in pos and name in pos:
            x, y, w = pos[name]
            px, py, pw = pos[p]
            d.add(Line(x + w / 2, y + box_h, px + pw / 2, py, strokeColor=ACCENT, strokeWidth=0.6))
    return d


class FigureDrawing(Flowable):
    """A chart drawing that knows its figure (for alt text in the structure and for tests)."""

    def __init__(self, drawing: Drawing, fig: Figure):
        super().__init__()
        self.drawing, self.figure = drawing, fig
        self.alt = fig.alt_text()

    def wrap(self, aw: float, ah: float):
        return self.drawing.width, self.drawing.height

    def draw(self) -> None:
        self.drawing.drawOn(self.canv, 0, 0)


MAX_IMAGE_HEIGHT = 170 * mm  # an image figure, caption and source fit one Letter or A4 page


class FigureImage(Flowable):
    """An image figure drawn at the text width, in proportion (never taller than MAX_IMAGE_HEIGHT).

    Its size comes from the figure's pixel size, so the page budget (which lays the story out without
    the images' bytes) measures the same height as the export; without bytes a frame is drawn instead.
    """

    def __init__(self, fig: Figure, data: bytes | None, width: float, font: str, size: float):
        super().__init__()
        self.figure, self.data, self.font, self.size = fig, data, font, size
        self.alt = fig.alt_text()
        self.width, self.height = scaled(fig.width, fig.height, width, MAX_IMAGE_HEIGHT)

    def wrap(self, aw: float, ah: float):
        return self.width, self.height

    def draw(self) -> None:
        if self.data:
            from reportlab.lib.utils import ImageReader
            self.canv.drawImage(ImageReader(io.BytesIO(self.data)), 0, 0, self.width, self.height, mask="auto")
            return
        self.canv.setStrokeColor(GRID)
        self.canv.rect(0, 0, self.width, self.height)
        self.canv.setFont(self.font, self.size)
        self.canv.setFillColor(INK)
        self.canv.drawCentredString(self.width / 2, self.height / 2, _("(image not available)"))


def figure_flowables(fig: Figure, width: float, family: tuple[str, str], size: float,
                     images: dict[str, bytes] | None = None) -> list[Flowable]:
    """Caption, chart (or image, from images by its SHA-256) and data table of a figure, kept together."""
    body, bold = family
    caption = TextBlock(None, [_("Figure {number}: {caption}").format(number=fig.number, caption=fig.caption)], size, size * 1.25, 0, "", 3, None,
                        bold=True, family=family)
    if fig.is_image:
        out: list[Flowable] = [caption, FigureImage(fig, (images or {}).get(fig.image), width, body, size)]
    else:
        out = [caption, FigureDrawing(chart(fig, width * 0.8, 62 * mm, body, size), fig)]
    if fig.chart not in ("org", "image") and fig.rows:
        rows = [list(fig.columns)] + [[_value(v) for v in r] for r in fig.rows]
        cells = [[TextBlock(None, [str(v)], size, size * 1.2, 0, "", 0,
                            colors.white if i == 0 else None, bold=i == 0, family=family) for v in r]
                 for i, r in enumerate(rows)]
        n = max(len(fig.columns), 1)
        table = grid_table(cells, [min(width / n, 45 * mm)] * n, family=family, size=size)
        table.hAlign = "LEFT"  # under the chart, not centred
        out += [Spacer(1, 3), table]
    if fig.source:
        out.append(TextBlock(None, [_("Source: {source}").format(source=fig.source)], size, size * 1.25, 0, "", 4, None, family=family))
    return [KeepTogether(out), Spacer(1, 6)]
