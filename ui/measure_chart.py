"""A measure's run chart (actual, target, comparison) and XmR chart (mean, limits, signals), QPainter-drawn."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from npmassess.i18n import current_language
from npmassess.numbers import fmt
from npmassess.results.figures import MeasureFigure

from .charts import Chart

ACTUAL, TARGET, PEER, SIGNAL = QColor("#1f4e79"), QColor("#2f855a"), QColor("#b7791f"), QColor("#c53030")


class MeasureChart(Chart):
    """Both charts of one measure side by side (or only the run chart when narrow, compact=True)."""

    def __init__(self, parent: QWidget | None = None, compact: bool = False):
        super().__init__("", parent)
        self.figure: MeasureFigure | None = None
        self.compact = compact
        self.setMinimumSize(260 if compact else 420, 120 if compact else 190)

    def sizeHint(self) -> QSize:
        return QSize(520, 150) if self.compact else QSize(760, 260)

    def set_figure(self, fig: MeasureFigure | None) -> None:
        self.figure = fig
        if fig is not None:
            self.setAccessibleName(self.tr("Charts of {title}").format(title=fig.title))
            self.setAccessibleDescription(fig.reading.statement() + ". " + ", ".join(
                f"{p} {fmt(v, 'measure', current_language())}" for p, v in zip(fig.periods, fig.actual) if v is not None))
        self.update()

    # -- geometry ----------------------------------------------------------------------------
    def panels(self) -> list[QRectF]:
        """The plot rectangles: [run] or [run, xmr]."""
        fm = QFontMetricsF(self.font_scaled(0.8))
        top = fm.height() * 2.6
        left = fm.horizontalAdvance("00,000.0") + 8
        bottom = fm.height() + 8
        both = not self.compact and self.width() > 470
        gap = left + 26 if both else 0
        w = (self.width() - left - 8 - gap - (34 if both else 0)) / (2 if both else 1)
        h = self.height() - top - bottom
        rects = [QRectF(left, top, max(w, 20), max(h, 20))]
        if both:
            rects.append(QRectF(left + w + gap, top, max(w, 20), max(h, 20)))
        return rects

    def point(self, rect: QRectF, i: int, v: float, lo: float, hi: float) -> QPointF:
        n = max(len(self.figure.periods), 1)
        x = rect.left() + rect.width() * (i + 0.5) / n
        y = rect.bottom() - rect.height() * (v - lo) / ((hi - lo) or 1)
        return QPointF(x, y)

    # -- painting ----------------------------------------------------------------------------
    def _series(self, p: QPainter, rect, values, lo, hi, colour, dash=Qt.SolidLine, width=2.0, dots=False):
        p.setPen(QPen(colour, width, dash))
        p.setBrush(Qt.NoBrush)
        run: list[QPointF] = []  # polylines per stretch of values (stroking one QPainterPath was 9 ms)
        for i, v in enumerate(list(values) + [None]):
            if v is None:
                if len(run) > 1:
                    p.drawPolyline(run)
                run = []
                continue
            run.append(self.point(rect, i, v, lo, hi))
        if dots:
            p.setBrush(colour)
            p.setPen(Qt.NoPen)
            for i, v in enumerate(values):
                if v is not None:
                    p.drawEllipse(self.point(rect, i, v, lo, hi), 2.6, 2.6)

    def _axes(self, p: QPainter, rect: QRectF, lo: float, hi: float, title: str) -> None:
        fig = self.figure
        p.save()  # a translucent antialiased outline is slow to stroke (10 ms here): opaque, aliased
        p.setRenderHint(QPainter.Antialiasing, False)
        ink, bg = self.ink(), self.palette().color(self.backgroundRole())
        p.setPen(QPen(QColor((ink.red() + 3 * bg.red()) // 4, (ink.green() + 3 * bg.green()) // 4,
                             (ink.blue() + 3 * bg.blue()) // 4), 1))
        p.setBrush(Qt.NoBrush)
        p.drawRect(rect.toRect())
        p.restore()
        small = self.font_scaled(0.8)
        p.setFont(small)
        fm = QFontMetricsF(small)
        p.setPen(self.ink())
        for v in (lo, (lo + hi) / 2, hi):
            y = rect.bottom() - rect.height() * (v - lo) / ((hi - lo) or 1)
            p.drawText(QRectF(0, y - fm.height() / 2, rect.left() - 4, fm.height()), Qt.AlignRight | Qt.AlignVCenter,
                       fmt(v, "measure", current_language(), decimals=1 if hi - lo < 20 else 0))
        n = len(fig.periods)
        label_w = fm.horizontalAdvance("2025-Q4") + 10
        step = max(1, int(n * label_w / max(rect.width(), 1)) + 1)
        for i in range(0, n, step):
            x = self.point(rect, i, lo, lo, hi).x()
            p.drawText(QRectF(x - label_w / 2, rect.bottom() + 2, label_w, fm.height()), Qt.AlignCenter, fig.periods[i])
        p.setFont(self.font_scaled(0.85, True))
        p.drawText(QRectF(rect.left(), rect.top() - fm.height() * 1.25, rect.width(), fm.height() * 1.2),
                   Qt.AlignLeft | Qt.AlignVCenter, title)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        fig = self.figure
        if fig is None or not fig.periods:
            p.setPen(self.ink())
            p.drawText(self.rect(), Qt.AlignCenter, self.tr("No values yet"))
            p.end()
            return
        lo, hi = fig.value_range()
        rects = self.panels()
        self._legend(p)
        run = rects[0]
        self._axes(p, run, lo, hi, self.tr("Run chart with target"))
        self._series(p, run, fig.target, lo, hi, self.adapt(TARGET), Qt.DashLine, 1.6)
        self._series(p, run, fig.comparison, lo, hi, self.adapt(PEER), Qt.DotLine, 1.6)
        self._series(p, run, fig.actual, lo, hi, self.adapt(ACTUAL), width=2.2, dots=True)
        if len(rects) > 1:
            x = rects[1]
            self._axes(p, x, lo, hi, self.tr("Process behaviour (XmR) chart"))
            p.setFont(self.font_scaled(0.75))
            fm = QFontMetricsF(p.font())
            for v, dash, name in ((fig.centre, Qt.SolidLine, self.tr("mean")), (fig.upper, Qt.DashLine, self.tr("UNPL")),
                                  (fig.lower, Qt.DashLine, self.tr("LNPL"))):
                if v is None or not lo <= v <= hi:
                    continue
                y = self.point(x, 0, v, lo, hi).y()
                p.setPen(QPen(self.ink(), 1, dash))
                p.drawLine(QPointF(x.left(), y), QPointF(x.right(), y))
                p.drawText(QRectF(x.right() + 3, y - fm.height() / 2, 40, fm.height()), Qt.AlignLeft | Qt.AlignVCenter, name)
            self._series(p, x, fig.actual, lo, hi, self.adapt(ACTUAL), width=1.6)
            for i, v in enumerate(fig.actual):
                if v is None:
                    continue
                flagged = i in fig.signals
                p.setPen(Qt.NoPen)
                p.setBrush(SIGNAL if flagged else self.adapt(ACTUAL))
                p.drawEllipse(self.point(x, i, v, lo, hi), 4.0 if flagged else 2.6, 4.0 if flagged else 2.6)
        p.end()

    def _legend(self, p: QPainter) -> None:
        p.setFont(self.font_scaled(0.8))
        fm = QFontMetricsF(p.font())
        x, y = 6.0, fm.height() * 0.6
        items = [(self.tr("actual"), ACTUAL, Qt.SolidLine), (self.tr("target"), TARGET, Qt.DashLine),
                 (self.tr("comparison"), PEER, Qt.DotLine)]
        if not self.compact:
            items.append((self.tr("signal"), SIGNAL, None))
        for text, colour, dash in items:
            c = self.adapt(colour)
            if dash is None:
                p.setPen(Qt.NoPen)
                p.setBrush(c)
                p.drawEllipse(QPointF(x + 9, y), 4, 4)
            else:
                p.setPen(QPen(c, 2.2, dash))
                p.drawLine(QPointF(x, y), QPointF(x + 18, y))
            p.setPen(self.ink())
            w = fm.horizontalAdvance(text)
            p.drawText(QRectF(x + 22, y - fm.height() / 2, w + 4, fm.height()), Qt.AlignLeft | Qt.AlignVCenter, text)
            x += w + 36
