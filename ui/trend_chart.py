"""A line chart over cycles drawn with QPainter: one line per criterion, legend in a column on the right."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from npmassess.i18n import labelled, semicolon
from .charts import Chart, Series, _num


SERIES_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
                  "#7f7f7f", "#bcbd22", "#393b79", "#637939")


class TrendChart(Chart):
    """One line per series across ordered x labels (cycles); the legend sits in a column on the right."""

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(title, parent)
        self.x_labels: list[str] = []
        self.series: list[Series] = []
        self.minimum, self.maximum = 0.0, 100.0
        self.y_ticks: list[tuple[float, str]] = []
        self.highlight: int | None = None
        self.separate = 0.0  # pixels between series that share a value (level scales), so lines stay visible
        self.setMinimumSize(360, 220)

    def sizeHint(self) -> QSize:
        return QSize(640, 300)

    def set_data(self, x_labels: list[str], series: list[Series], minimum: float = 0.0, maximum: float = 100.0,
                 y_ticks: list[tuple[float, str]] | None = None) -> None:
        self.x_labels, self.series = x_labels, series
        self.minimum, self.maximum = minimum, maximum if maximum > minimum else minimum + 1
        step = (self.maximum - self.minimum) / 5
        self.y_ticks = y_ticks or [(self.minimum + i * step, _num(self.minimum + i * step)) for i in range(6)]
        self.setAccessibleDescription(semicolon().join(
            labelled(s.name, ", ".join(f"{x} {_num(v)}" for x, v in zip(x_labels, s.values))) for s in series))
        self.update()

    def set_highlight(self, index: int | None) -> None:
        self.highlight = index
        self.update()

    def _frame(self) -> QRectF:
        top = (34.0 if self.title else 8.0)
        fm = QFontMetricsF(self.font_scaled(0.85))
        left = max((fm.horizontalAdvance(t) for _, t in self.y_ticks), default=20) + 12
        legend_w = min(self.width() * 0.38, max((fm.horizontalAdvance(s.name) for s in self.series), default=0) + 40)
        return QRectF(left, top + 6, max(40.0, self.width() - left - legend_w - 16),
                      max(40.0, self.height() - top - 6 - fm.height() - 14))

    def x_of(self, frame: QRectF, i: int) -> float:
        n = len(self.x_labels)
        return frame.center().x() if n <= 1 else frame.left() + 24 + (frame.width() - 48) * i / (n - 1)

    def y_of(self, frame: QRectF, value: float) -> float:
        share = (value - self.minimum) / (self.maximum - self.minimum)
        return frame.bottom() - frame.height() * max(0.0, min(1.0, share))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        self.paint_title(p)
        frame = self._frame()
        p.setFont(self.font_scaled(0.85))
        fm = QFontMetricsF(p.font())
        for value, text in self.y_ticks:
            y = self.y_of(frame, value)
            p.setPen(QPen(self.faint(), 1))
            p.drawLine(QPointF(frame.left(), y), QPointF(frame.right(), y))
            p.setPen(self.ink())
            p.drawText(QRectF(0, y - fm.height() / 2, frame.left() - 6, fm.height()), Qt.AlignRight | Qt.AlignVCenter,
                       text)
        for i, label in enumerate(self.x_labels):
            x = self.x_of(frame, i)
            p.drawText(QRectF(x - 60, frame.bottom() + 4, 120, fm.height() + 4), Qt.AlignHCenter | Qt.AlignTop,
                       fm.elidedText(label, Qt.ElideRight, 118))
        if not self.x_labels:
            p.drawText(frame, Qt.AlignCenter, self.tr("Nothing to compare yet"))
        for k, s in enumerate(self.series):
            colour = self.adapt(s.colour)
            bold = self.highlight == k
            faded = self.highlight is not None and not bold
            if faded:
                colour.setAlphaF(0.3)
            p.setPen(QPen(colour, 4 if bold else 2, Qt.DashLine if s.dashed else Qt.SolidLine))
            shift = (k - (len(self.series) - 1) / 2) * self.separate
            pts = [QPointF(self.x_of(frame, i), self.y_of(frame, v) + shift) if v is not None else None
                   for i, v in enumerate(s.values)]
            for a, b in zip(pts, pts[1:]):
                if a is not None and b is not None:
                    p.drawLine(a, b)
            p.setBrush(colour)
            for pt in pts:
                if pt is not None:
                    p.drawEllipse(pt, 4.5 if bold else 3.2, 4.5 if bold else 3.2)
        # legend: one entry per line on the right
        x = frame.right() + 14
        y = frame.top()
        row = fm.height() + 3
        for k, s in enumerate(self.series):
            if y + row > self.height():
                p.setPen(self.ink())
                p.drawText(QPointF(x, y + fm.ascent()), "…")
                break
            colour = self.adapt(s.colour)
            p.setPen(QPen(colour, 4 if self.highlight == k else 2.5))
            p.drawLine(QPointF(x, y + row / 2), QPointF(x + 18, y + row / 2))
            p.setPen(self.ink())
            p.setFont(self.font_scaled(0.85, self.highlight == k))
            p.drawText(QRectF(x + 22, y, self.width() - x - 24, row), Qt.AlignLeft | Qt.AlignVCenter,
                       QFontMetricsF(p.font()).elidedText(s.name, Qt.ElideRight, self.width() - x - 26))
            y += row
        p.end()

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip and self.x_labels and self.series:
            frame = self._frame()
            x = event.pos().toPointF().x()
            i = min(range(len(self.x_labels)), key=lambda j: abs(self.x_of(frame, j) - x))
            lines = [self.x_labels[i]] + [labelled(s.name, _num(s.values[i])) for s in self.series]
            QToolTip.showText(event.globalPos(), "\n".join(lines), self)
            return True
        return super().event(event)
