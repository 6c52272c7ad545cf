"""Charts drawn with QPainter (no QtCharts): radar, horizontal bars, level profiles, heat map."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from npmassess.i18n import labelled, semicolon
from .viewkit import text_on

CURRENT = QColor("#2166ac")
PREVIOUS = QColor("#e08214")
MISSING_FILL = QColor("#d9d9d9")


def _num(v: float | None) -> str:
    from npmassess.i18n import current_language
    from npmassess.numbers import fmt
    return fmt(v, "score", current_language(), trim=True)


@dataclass
class Series:
    name: str
    values: list[float | None]
    colour: QColor
    dashed: bool = False
    filled: bool = True


@dataclass
class Bar:
    label: str
    value: float | None
    maximum: float
    colour: QColor = field(default_factory=lambda: QColor(CURRENT))
    previous: float | None = None
    text: str = ""  # shown at the bar's end; default: the value
    tooltip: str = ""


class Chart(QWidget):
    """Base: a title, palette-aware ink, a small font helper."""

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMouseTracking(True)

    def ink(self) -> QColor:
        return self.palette().color(QPalette.WindowText)

    def faint(self) -> QColor:
        c = QColor(self.ink())
        c.setAlphaF(0.25)
        return c

    def adapt(self, colour: QColor) -> QColor:
        """Lighten dark series colours on a dark palette, so lines and bars stay visible."""
        dark = self.palette().color(QPalette.Window).lightness() < 128
        return QColor(colour).lighter(200) if dark and colour.lightness() < 110 else QColor(colour)

    def font_scaled(self, factor: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * factor))
        font.setBold(bold)
        return font

    def paint_title(self, p: QPainter) -> float:
        """Draws the title; returns the y where the chart may start."""
        if not self.title:
            return 4.0
        p.setFont(self.font_scaled(1.05, True))
        p.setPen(self.ink())
        h = QFontMetricsF(p.font()).height()
        p.drawText(QRectF(6, 2, self.width() - 12, h + 4), Qt.AlignLeft | Qt.AlignVCenter, self.title)
        return h + 10

    def paint_legend(self, p: QPainter, items: list[tuple[str, QColor, bool]], y: float) -> None:
        """One row of legend entries (label, colour, dashed) centred at y."""
        p.setFont(self.font_scaled(0.9))
        fm = QFontMetricsF(p.font())
        widths = [fm.horizontalAdvance(t) + 34 for t, _, _ in items]
        x = max(4.0, (self.width() - sum(widths)) / 2)
        for (text, colour, dashed), w in zip(items, widths):
            pen = QPen(colour, 3, Qt.DashLine if dashed else Qt.SolidLine)
            p.setPen(pen)
            p.drawLine(QPointF(x, y), QPointF(x + 22, y))
            p.setPen(self.ink())
            p.drawText(QRectF(x + 26, y - fm.height() / 2, w, fm.height()), Qt.AlignLeft | Qt.AlignVCenter, text)
            x += w


class RadarChart(Chart):
    """Values 0..maximum on one spoke per axis; one polygon per series."""

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(title, parent)
        self.axes: list[str] = []
        self.tips: list[str] = []
        self.series: list[Series] = []
        self.maximum = 100.0
        self.setMinimumSize(320, 300)

    def sizeHint(self) -> QSize:
        return QSize(460, 420)

    def set_data(self, axes: list[str], series: list[Series], maximum: float = 100.0,
                 tips: list[str] | None = None) -> None:
        self.axes, self.series, self.maximum = axes, series, maximum
        self.tips = tips or axes
        # what a screen reader says instead of the picture
        self.setAccessibleDescription(semicolon().join(
            labelled(s.name, ", ".join(f"{t} {_num(v)}" for t, v in zip(self.tips, s.values))) for s in series))
        self.update()

    def _geometry(self, top: float) -> tuple[QPointF, float]:
        legend = 26.0
        label = 2 * QFontMetricsF(self.font_scaled(0.9, True)).height() + 10
        fm = QFontMetricsF(self.font_scaled(0.9, True))
        side = self._label_budget(fm) + 12  # room for the labels left and right of the chart
        h = self.height() - top - legend
        radius = max(20.0, min(self.width() / 2 - side, h / 2 - label))
        return QPointF(self.width() / 2, top + h / 2), radius

    def _label_budget(self, fm: QFontMetricsF) -> float:
        widest = max((fm.horizontalAdvance(a) for a in self.axes), default=60)
        return min(widest, max(70.0, self.width() * 0.19))

    def _point(self, centre: QPointF, radius: float, i: int, value: float) -> QPointF:
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, len(self.axes))
        r = radius * max(0.0, min(1.0, value / self.maximum))
        return QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        top = self.paint_title(p)
        n = len(self.axes)
        if n < 3:
            p.setPen(self.ink())
            p.drawText(self.rect(), Qt.AlignCenter, self.tr("Not enough criteria for a radar chart"))
            return
        centre, radius = self._geometry(top)
        p.setFont(self.font_scaled(0.8))
        fm = QFontMetricsF(p.font())
        for ring in range(1, 6):
            value = self.maximum * ring / 5
            poly = QPolygonF([self._point(centre, radius, i, value) for i in range(n)])
            p.setPen(QPen(self.faint(), 1))
            p.setBrush(Qt.NoBrush)
            p.drawPolygon(poly)
            p.setPen(self.faint().darker(150) if self.palette().color(QPalette.Window).lightness() > 128 else self.faint())
            p.drawText(QPointF(centre.x() + 3, centre.y() - radius * ring / 5 - 2), f"{value:g}")
        p.setFont(self.font_scaled(0.9, True))
        fm = QFontMetricsF(p.font())
        for i, axis in enumerate(self.axes):
            outer = self._point(centre, radius, i, self.maximum)
            p.setPen(QPen(self.faint(), 1))
            p.drawLine(centre, outer)
            budget = self._label_budget(fm)
            # wrapped within the budget, anchored on the side facing away from the centre
            box = fm.boundingRect(QRectF(0, 0, budget, fm.height() * 3), Qt.TextWordWrap, axis)
            w, h = min(budget, box.width()) + 4, box.height() + 2
            lab = self._point(centre, radius + 8, i, self.maximum * (radius + 8) / radius)
            dx, dy = lab.x() - centre.x(), lab.y() - centre.y()
            left = lab.x() - w / 2 if abs(dx) < radius * 0.2 else (lab.x() if dx > 0 else lab.x() - w)
            top_y = lab.y() - h if dy < -radius * 0.2 else (lab.y() if dy > radius * 0.2 else lab.y() - h / 2)
            align = Qt.AlignHCenter if abs(dx) < radius * 0.2 else (Qt.AlignLeft if dx > 0 else Qt.AlignRight)
            p.setPen(self.ink())
            p.drawText(QRectF(left, top_y, w, h), align | Qt.AlignVCenter | Qt.TextWordWrap, axis)
        for s in self.series:
            pts = [self._point(centre, radius, i, v or 0.0) for i, v in enumerate(s.values)]
            colour = self.adapt(s.colour)
            fill = QColor(colour)
            fill.setAlpha(60)
            p.setBrush(QBrush(fill) if s.filled else Qt.NoBrush)
            p.setPen(QPen(colour, 2.5, Qt.DashLine if s.dashed else Qt.SolidLine))
            p.drawPolygon(QPolygonF(pts))
            p.setBrush(colour)
            for pt, v in zip(pts, s.values):
                if v is not None:
                    p.drawEllipse(pt, 3.5, 3.5)
        self.paint_legend(p, [(s.name, self.adapt(s.colour), s.dashed) for s in self.series], self.height() - 13)
        p.end()

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip and self.axes:
            centre, radius = self._geometry(20)
            pos = event.pos().toPointF()
            angle = math.atan2(pos.y() - centre.y(), pos.x() - centre.x()) + math.pi / 2
            i = round(angle / (2 * math.pi) * len(self.axes)) % len(self.axes)
            lines = [self.tips[i]] + [labelled(s.name, _num(s.values[i]))
                                      for s in self.series]
            QToolTip.showText(event.globalPos(), "\n".join(lines), self)
            return True
        return super().event(event)


class BarChart(Chart):
    """Horizontal bars against their maximum, with an optional previous-cycle marker."""

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(title, parent)
        self.bars: list[Bar] = []
        self.legend: list[tuple[str, QColor, bool]] = []
        self.setMinimumSize(260, 140)

    def sizeHint(self) -> QSize:
        return QSize(420, 60 + 34 * max(2, len(self.bars)))

    def set_bars(self, bars: list[Bar], legend: list[tuple[str, QColor, bool]] | None = None) -> None:
        self.bars, self.legend = bars, legend or []
        self.setAccessibleDescription(semicolon().join(labelled(b.label, b.text or _num(b.value)) for b in bars))
        self.updateGeometry()
        self.update()

    def bar_rects(self) -> list[QRectF]:
        top = 34.0 if self.title else 6.0
        bottom = self.height() - (24 if self.legend else 6)
        n = max(1, len(self.bars))
        row = min(36.0, (bottom - top) / n)
        fm = QFontMetricsF(self.font_scaled(0.9))
        label_w = min(self.width() * 0.42, max((fm.horizontalAdvance(b.label) for b in self.bars), default=40) + 12)
        text_w = max((fm.horizontalAdvance(b.text or f"{b.value or 0:.1f}") for b in self.bars), default=30) + 12
        width = max(20.0, self.width() - label_w - text_w - 8)
        return [QRectF(label_w, top + i * row + row * 0.18, width, row * 0.64) for i in range(len(self.bars))]

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        self.paint_title(p)
        p.setFont(self.font_scaled(0.9))
        fm = QFontMetricsF(p.font())
        for bar, r in zip(self.bars, self.bar_rects()):
            p.setPen(self.ink())
            p.drawText(QRectF(4, r.top() - 6, r.left() - 10, r.height() + 12), Qt.AlignRight | Qt.AlignVCenter,
                       fm.elidedText(bar.label, Qt.ElideRight, r.left() - 10))
            p.fillRect(r, self.faint())
            if bar.value is not None and bar.maximum:
                filled = QRectF(r.left(), r.top(), r.width() * max(0.0, min(1.0, bar.value / bar.maximum)), r.height())
                p.fillRect(filled, self.adapt(bar.colour))
            if bar.previous is not None and bar.maximum:
                x = r.left() + r.width() * max(0.0, min(1.0, bar.previous / bar.maximum))
                p.setPen(QPen(PREVIOUS, 3))
                p.drawLine(QPointF(x, r.top() - 4), QPointF(x, r.bottom() + 4))
            p.setPen(self.ink())
            text = bar.text or _num(bar.value)
            p.drawText(QRectF(r.right() + 6, r.top() - 6, self.width() - r.right() - 6, r.height() + 12),
                       Qt.AlignLeft | Qt.AlignVCenter, text)
        if self.legend:
            self.paint_legend(p, self.legend, self.height() - 11)
        p.end()

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            pos = event.pos().toPointF()
            for bar, r in zip(self.bars, self.bar_rects()):
                if r.top() - 6 <= pos.y() <= r.bottom() + 6 and bar.tooltip:
                    QToolTip.showText(event.globalPos(), bar.tooltip, self)
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)


class ProfileChart(Chart):
    """Stacked bars of how many nodes sit at each level, in the framework's level colours."""

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(title, parent)
        self.rows: list[tuple[str, dict[int, int], dict[int, int] | None]] = []
        self.levels: list[tuple[int, str, QColor]] = []  # best first
        self.setMinimumSize(320, 160)

    def sizeHint(self) -> QSize:
        return QSize(560, 70 + 48 * max(2, len(self.rows)))

    def set_data(self, levels: list[tuple[int, str, QColor]],
                 rows: list[tuple[str, dict[int, int], dict[int, int] | None]]) -> None:
        self.levels, self.rows = levels, rows
        names = {v: n for v, n, _ in levels}
        self.setAccessibleDescription(semicolon().join(
            labelled(label, ", ".join(f"{c} {names.get(v, v)}" for v, c in counts.items() if c))
            for label, counts, _ in rows))
        self.updateGeometry()
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        top = self.paint_title(p)
        legend_h = 24.0
        bottom = self.height() - legend_h - 4
        n = max(1, len(self.rows))
        row = min(48.0, (bottom - top) / n)
        p.setFont(self.font_scaled(0.9))
        fm = QFontMetricsF(p.font())
        label_w = min(self.width() * 0.4, max((fm.horizontalAdvance(r[0]) for r in self.rows), default=40) + 12)
        width = self.width() - label_w - 12
        order = [lv for lv, _, _ in self.levels]
        colours = {lv: c for lv, _, c in self.levels}
        names = {lv: name for lv, name, _ in self.levels}
        for i, (label, counts, previous) in enumerate(self.rows):
            y = top + i * row
            p.setPen(self.ink())
            p.drawText(QRectF(4, y, label_w - 10, row * 0.62), Qt.AlignRight | Qt.AlignVCenter,
                       fm.elidedText(label, Qt.ElideRight, label_w - 10))
            for data, height, offset in ((counts, row * 0.55, 0.04), (previous, row * 0.14, 0.64)):
                if data is None:
                    continue
                total = sum(data.values())
                x = label_w
                rect_all = QRectF(label_w, y + row * offset, width, height)
                p.fillRect(rect_all, self.faint())
                if not total:
                    continue
                for lv in order:
                    count = data.get(lv, 0)
                    if not count:
                        continue
                    w = width * count / total
                    seg = QRectF(x, y + row * offset, w, height)
                    p.fillRect(seg, colours[lv])
                    if data is counts and w > 16:
                        p.setPen(text_on(colours[lv]))
                        # never the colour alone: the level's name, or its number (as in the legend)
                        text = next((t for t in (f"{count} × {names[lv]}", f"{count} × {lv}", f"{count}×{lv}")
                                     if fm.horizontalAdvance(t) < w - 8), str(lv))
                        p.drawText(seg, Qt.AlignCenter, text)
                    x += w
        legend = [(f"{lv} {name}", colour, False) for lv, name, colour in self.levels]
        if any(r[2] is not None for r in self.rows):
            legend.append((self.tr("thin bar: previous cycle"), self.faint(), False))
        self.paint_legend(p, legend, min(self.height() - 12, top + n * row + 14))
        p.end()


PATTERNS = (Qt.NoBrush, Qt.BDiagPattern, Qt.HorPattern, Qt.FDiagPattern, Qt.CrossPattern, Qt.DiagCrossPattern,
            Qt.VerPattern, Qt.Dense6Pattern)


class HeatMap(Chart):
    """Rows × columns of values coloured by a function; empty cells grey."""

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(title, parent)
        self.rows: list[str] = []
        self.columns: list[str] = []
        self.column_tips: list[str] = []
        self.values: list[list[float | None]] = []
        self.colour_of: Callable[[int, float | None], QColor | None] = lambda c, v: None
        self.text_of: Callable[[float | None], str] = lambda v: "" if v is None else f"{v:.0f}"
        self.legend: list[tuple[str, QColor]] = []
        self.setMinimumSize(400, 120)

    def sizeHint(self) -> QSize:
        return QSize(1200, 60 + 26 * max(3, len(self.rows)))

    def set_data(self, rows, columns, values, colour_of, text_of=None, column_tips=None,
                 legend: list[tuple[str, QColor]] | None = None) -> None:
        self.rows, self.columns, self.values, self.colour_of = rows, columns, values, colour_of
        self.text_of = text_of or self.text_of
        self.column_tips = column_tips or columns
        self.legend = legend or []
        self.setAccessibleDescription(semicolon().join(
            labelled(row, ", ".join(f"{c} {self.text_of(v) or '—'}" for c, v in zip(columns, vals)))
            for row, vals in zip(rows, values)))
        self.setMinimumHeight(int(60 + 24 * len(rows) + (26 if self.legend else 0)))
        self.updateGeometry()
        self.update()

    def _cells(self) -> tuple[float, float, float, float]:
        top = (34.0 if self.title else 6.0) + 20
        fm = QFontMetricsF(self.font_scaled(0.9, True))  # the consensus row is bold
        label_w = min(200.0, max((fm.horizontalAdvance(r) for r in self.rows), default=40) + 12)
        cw = (self.width() - label_w - 6) / max(1, len(self.columns))
        ch = min(30.0, (self.height() - top - 4 - (26 if self.legend else 0)) / max(1, len(self.rows)))
        return label_w, top, cw, ch

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        self.paint_title(p)
        label_w, top, cw, ch = self._cells()
        small = self.font_scaled(0.8)
        p.setFont(small)
        fm = QFontMetricsF(small)
        for j, col in enumerate(self.columns):
            p.setPen(self.ink())
            p.drawText(QRectF(label_w + j * cw, top - 20, cw, 18), Qt.AlignCenter | Qt.AlignBottom,
                       fm.elidedText(col, Qt.ElideRight, cw))
        for i, row in enumerate(self.rows):
            y = top + i * ch
            p.setPen(self.ink())
            p.setFont(self.font_scaled(0.9, row == self.rows[-1] and row.startswith("★")))
            p.drawText(QRectF(2, y, label_w - 8, ch), Qt.AlignRight | Qt.AlignVCenter,
                       QFontMetricsF(p.font()).elidedText(row, Qt.ElideRight, label_w - 8))
            p.setFont(small)
            for j in range(len(self.columns)):
                value = self.values[i][j]
                cell = QRectF(label_w + j * cw + 1, y + 1, cw - 2, ch - 2)
                colour = self.colour_of(j, value)
                p.fillRect(cell, colour if colour is not None else MISSING_FILL)
                text = self.text_of(value)
                if not text:
                    continue
                fitted = self._fitted(text, cw - 3, small)
                if fitted is not None:  # the value itself, never the colour alone
                    p.setFont(fitted)
                    p.setPen(text_on(colour) if colour is not None else QColor("#555555"))
                    p.drawText(cell, Qt.AlignCenter, text)
                    p.setFont(small)
                elif colour is not None:  # too narrow for digits: the band's pattern over its colour
                    self._pattern(p, cell, colour)
        if self.legend:
            self._paint_swatches(p, label_w, top + len(self.rows) * ch + 8)
        p.end()

    def _fitted(self, text: str, width: float, base: QFont) -> QFont | None:
        """base, or a smaller copy (down to 60 %), in which text fits width; None if none does."""
        font = QFont(base)
        for _ in range(5):
            if QFontMetricsF(font).horizontalAdvance(text) <= width:
                return font
            font.setPointSizeF(font.pointSizeF() * 0.88)
        return None

    def _pattern(self, p: QPainter, cell: QRectF, colour: QColor) -> None:
        """A hatch that tells bands apart without colour (the legend shows the same hatch)."""
        names = [c.name() for _t, c in self.legend]
        if colour.name() not in names:
            return
        style = PATTERNS[names.index(colour.name()) % len(PATTERNS)]
        if style != Qt.NoBrush:
            p.fillRect(cell, QBrush(text_on(colour), style))

    def _paint_swatches(self, p: QPainter, x: float, y: float) -> None:
        p.setFont(self.font_scaled(0.85))
        fm = QFontMetricsF(p.font())
        for text, colour in self.legend + [(self.tr("not scored"), MISSING_FILL)]:
            p.fillRect(QRectF(x, y + 2, 14, 14), colour)
            self._pattern(p, QRectF(x, y + 2, 14, 14), colour)
            p.setPen(self.ink())
            w = fm.horizontalAdvance(text)
            p.drawText(QRectF(x + 18, y, w + 4, 18), Qt.AlignLeft | Qt.AlignVCenter, text)
            x += w + 34

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        label_w, top, cw, ch = self._cells()
        if pos.x() < label_w or pos.y() < top:
            return None
        i, j = int((pos.y() - top) // ch), int((pos.x() - label_w) // cw)
        return (i, j) if i < len(self.rows) and j < len(self.columns) else None

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            cell = self.cell_at(event.pos().toPointF())
            if cell:
                i, j = cell
                QToolTip.showText(event.globalPos(), f"{self.rows[i]}\n{self.column_tips[j]}\n"
                                  f"{self.text_of(self.values[i][j]) or '—'}", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
