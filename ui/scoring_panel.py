"""Scoring panel drawn from the framework's scale: bands to click and refine, or coloured levels."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (QAbstractButton, QApplication, QButtonGroup, QGridLayout, QLabel,
                               QSizePolicy, QSlider, QSpinBox, QStackedWidget, QToolButton, QVBoxLayout,
                               QWidget)

from npmassess.i18n import labelled
from npmassess.model import Band, Dimension, Level, Scale


_CENTER = Qt.AlignCenter
_WRAP = Qt.AlignCenter | Qt.TextWordWrap


def _text_on(colour: QColor) -> QColor:
    """Black or white, whichever contrasts more with the colour (WCAG ratio)."""
    from .a11y import text_on
    return text_on(colour)


class Caption(QWidget):
    """A small centred line of text whose changes repaint it only (a QLabel would re-lay out the window)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.setFont(small)
        self.setFixedHeight(self.fontMetrics().height() + 2)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("51–70") + 4)

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setAccessibleName(text)
            self.update()

    def text(self) -> str:
        return self._text

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setPen(self.palette().color(QPalette.WindowText))
        p.drawText(self.rect(), Qt.AlignCenter, self.fontMetrics().elidedText(self._text, Qt.ElideMiddle, self.width()))
        p.end()


class BandButton(QAbstractButton):
    """A checkable tile for one band or level: its colour, its range and its wrapped label."""

    def __init__(self, title: str, subtitle: str, colour: str, parent=None):
        super().__init__(parent)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.StrongFocus)
        self.title, self.subtitle = title, subtitle
        self.colour = QColor(colour) if colour else self.palette().color(QPalette.Button)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setAccessibleName(f"{subtitle} {title}".strip())
        self._fit_key: tuple | None = None
        self._fit_font = QFont()

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        lines = 4 if self.subtitle else 3  # the range, then up to three lines of label
        return QSize(fm.horizontalAdvance("Very strong evidence") // 2 + 24, fm.height() * lines + 12)

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.horizontalAdvance("100-100") + 12, self.sizeHint().height())

    def _fitted_font(self, p: QPainter, inner: QRectF) -> QFont:
        """The label font, shrunk until the wrapped label fits the tile (cached per size and font)."""
        key = (inner.width(), inner.height(), self.font().key(), self.title)
        if self._fit_key != key:
            font = QFont(self.font())
            font.setBold(not self.subtitle)
            for _ in range(6):
                p.setFont(font)
                need = p.boundingRect(inner, _WRAP, self.title)
                if need.height() <= inner.height() and need.width() <= inner.width() + 1:
                    break
                font.setPointSizeF(font.pointSizeF() * 0.9)
            self._fit_key, self._fit_font = key, font
        return self._fit_font

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        if not self.isEnabled():  # read-only (approved assessment): faded, so it does not look clickable
            p.setOpacity(0.45)
        rect = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        base = self.palette().color(QPalette.Base)
        checked = self.isChecked()
        if checked:
            fill = self.colour
        else:  # a pale tint of the band colour over the palette's base (works light and dark)
            fill = QColor(int(base.red() * 0.7 + self.colour.red() * 0.3),
                          int(base.green() * 0.7 + self.colour.green() * 0.3),
                          int(base.blue() * 0.7 + self.colour.blue() * 0.3))
        p.setBrush(fill)
        focus = self.hasFocus()
        border = self.palette().color(QPalette.Highlight) if focus else self.colour.darker(130)
        p.setPen(QPen(border, 3 if checked or focus else 1))
        p.drawRoundedRect(rect, 5, 5)
        p.setPen(_text_on(fill))
        inner = rect.adjusted(6, 4, -6, -4)
        if self.subtitle:
            bold = QFont(self.font())
            bold.setBold(True)
            p.setFont(bold)
            fm_h = self.fontMetrics().height()
            p.drawText(QRectF(inner.left(), inner.top(), inner.width(), fm_h), _CENTER, self.subtitle)
            inner.setTop(inner.top() + fm_h)
        p.setFont(self._fitted_font(p, inner))
        p.drawText(inner, _WRAP, self.title)
        p.end()


def _band_default(band: Band, scale: Scale) -> int:
    """The value a click on a band gives first: its middle, on the scale's steps."""
    mid = (band.min + band.max) / 2
    steps = round((mid - scale.min) / scale.step)
    value = scale.min + steps * scale.step
    return int(min(max(value, band.min), band.max))


class DimensionRow(QWidget):
    """Widgets of one dimension laid into the panel's grid (band tiles, spin box, slider, clear)."""

    value_chosen = Signal(str, object)  # dimension id, value or None

    def __init__(self, dim: Dimension, grid: QGridLayout, row: int, parent: QWidget):
        super().__init__(parent)
        self.dim, self.scale = dim, dim.scale
        self.value: float | None = None
        self._band: Band | None = None
        self.label = QLabel(f"<b>{dim.title()}</b>", parent)
        self.label.setToolTip(dim.guidance() or dim.scale.title())
        self.label.setWordWrap(True)
        self.label.setMaximumWidth(self.label.fontMetrics().horizontalAdvance("Targets 0000"))
        grid.addWidget(self.label, row, 0, Qt.AlignLeft | Qt.AlignVCenter)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[BandButton] = []
        items: list[Band | Level] = list(self.scale.levels if self.scale.ordinal else self.scale.bands)
        for i, item in enumerate(items):
            if self.scale.ordinal:
                btn = BandButton(item.label(), str(item.value), item.colour, parent)
                btn.setToolTip(f"<b>{item.value} – {item.label()}</b><br>{item.guidance()}")
            else:
                btn = BandButton(item.label(), f"{item.min}–{item.max}", item.colour, parent)
                btn.setToolTip(self.tr("<b>Key {key}: {lo}–{hi} {label}</b><br>{guidance}").format(
                    key=i + 1, lo=item.min, hi=item.max, label=item.label(), guidance=item.guidance()))
            btn.setAccessibleName(labelled(dim.title(), btn.accessibleName()))
            btn.setAccessibleDescription(item.guidance())
            self.group.addButton(btn, i)
            self.buttons.append(btn)
            grid.addWidget(btn, row, 1 + i)
            btn.clicked.connect(lambda _=False, i=i: self.pick(i))
        col = 1 + len(items)
        self.spin: QSpinBox | None = None
        self.slider: QSlider | None = None
        self.within: Caption | None = None
        if not self.scale.ordinal:
            self.spin = QSpinBox(parent)
            self.spin.setKeyboardTracking(False)  # one undo entry per confirmed value
            self.spin.setSingleStep(self.scale.step)
            self.spin.setAccessibleName(self.tr("{dim} score within the band").format(dim=dim.title()))
            self.spin.setToolTip(self.tr("Refine the score within the chosen band"))
            self.spin.setSpecialValueText("—")
            self.spin.setRange(self.scale.min - 1, self.scale.max)  # min - 1 shows "—"
            self.spin.valueChanged.connect(self._spun)
            grid.addWidget(self.spin, row, col)
            self.slider = QSlider(Qt.Horizontal, parent)
            self.slider.setSingleStep(self.scale.step)
            self.slider.setPageStep(self.scale.step)
            self.slider.setAccessibleName(self.tr("{dim} score slider").format(dim=dim.title()))
            self.slider.setMinimumWidth(60)
            self.slider.setMaximumWidth(120)
            self.slider.sliderReleased.connect(lambda: self._choose(self.slider.value()))
            self.slider.valueChanged.connect(self._slid)
            self.within = Caption(parent)  # says, under the slider, that it refines inside the chosen band
            self.within.setToolTip(self.tr("The box and the slider refine the score within the chosen band"))
            cell = QWidget(parent)
            stack = QVBoxLayout(cell)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(0)
            stack.addStretch(1)
            stack.addWidget(self.slider)
            stack.addWidget(self.within)
            stack.addStretch(1)
            grid.addWidget(cell, row, col + 1)
            col += 2
        self.clear = QToolButton(parent)
        self.clear.setText(self.tr("Clear"))
        self.clear.setAccessibleName(self.tr("Clear the {dim} score").format(dim=dim.title()))
        self.clear.clicked.connect(lambda: self.value_chosen.emit(self.dim.id, None))
        grid.addWidget(self.clear, row, col)
        self._widgets = [self.label, *self.buttons, self.clear] + \
            ([self.spin, self.slider, self.within] if self.spin else [])

    def contains_focus(self, widget: QWidget | None) -> bool:
        return widget in self._widgets

    # -- user actions ------------------------------------------------------------------------
    def pick(self, index: int) -> None:
        """Choose band (or level) number index; keeps the value if it already lies in the band."""
        if self.scale.ordinal:
            levels = self.scale.levels
            if 0 <= index < len(levels):
                self._choose(levels[index].value)
            return
        bands = self.scale.bands
        if not 0 <= index < len(bands):
            return
        band = bands[index]
        if self.value is not None and band.contains(self.value):
            self._set_range(band)
            return
        self._choose(_band_default(band, self.scale))

    def pick_key(self, number: int) -> bool:
        """Number key: band number (numeric scales) or level value (ordinal scales)."""
        if self.scale.ordinal:
            for i, lv in enumerate(self.scale.levels):
                if lv.value == number:
                    self.pick(i)
                    return True
            return False
        if 1 <= number <= len(self.scale.bands):
            self.pick(number - 1)
            return True
        return False

    def _spun(self, value: int) -> None:
        if self.spin is None or value < self.scale.min or value == self.value:
            return  # below the minimum is the "—" of an unrated dimension
        if self._band is not None:  # refine within the chosen band: clamp to its edges
            clamped = min(max(value, self._band.min), self._band.max)
            if clamped != value:
                self.spin.blockSignals(True)
                self.spin.setValue(clamped)
                self.spin.blockSignals(False)
                value = clamped
        self._choose(value)

    def _slid(self, value: int) -> None:
        if self.slider is not None and not self.slider.isSliderDown() and value != self.value:
            self._choose(value)

    def _choose(self, value: float) -> None:
        if value != self.value:
            self.value_chosen.emit(self.dim.id, float(value))

    # -- display -----------------------------------------------------------------------------
    # The spin box keeps one range for the whole scale: changing a spin box's range re-lays out
    # the whole window (about 15 ms here), so the band limit is enforced in _spun instead.
    def _set_range(self, band: Band | None) -> None:
        self._band = band
        if self.slider is not None:
            self.slider.blockSignals(True)
            if band is None:
                self.slider.setRange(self.scale.min, self.scale.max)
            else:
                self.slider.setRange(band.min, band.max)
            self.slider.blockSignals(False)
            text = self.tr("within {lo}–{hi}").format(lo=band.min, hi=band.max) if band else self.tr("pick a band")
            if self.within.text() != text:
                self.within.setText(text)
            name = self.tr("{dim} score within the band {lo} to {hi}").format(
                dim=self.dim.title(), lo=band.min, hi=band.max) if band else self.tr("{dim} score slider").format(
                dim=self.dim.title())
            self.slider.setAccessibleName(name)
            self.slider.setToolTip(self.tr("Refine within the band {lo}–{hi}").format(lo=band.min, hi=band.max)
                                   if band else self.tr("Choose a band first"))

    def band_range(self) -> tuple[int, int] | None:
        """(min, max) the spin box and slider are limited to, or None when unrated."""
        return (self._band.min, self._band.max) if self._band is not None else None

    def show_value(self, value: float | None) -> None:
        self.value = value
        if self.scale.ordinal:
            wanted = [value is not None and lv.value == value for lv in self.scale.levels]
        else:
            band = self.scale.band_of(value)
            wanted = [band is bd for bd in self.scale.bands]
        self.group.setExclusive(False)
        for b, on in zip(self.buttons, wanted):
            if b.isChecked() != on:
                b.setChecked(on)
        self.group.setExclusive(True)
        self.clear.setEnabled(value is not None and self.buttons[0].isEnabled())
        if self.scale.ordinal:
            return
        self._set_range(band)
        for w in (self.spin, self.slider):
            w.blockSignals(True)
            w.setValue(int(value) if band is not None else w.minimum())
            w.setEnabled(band is not None and self.buttons[0].isEnabled())
            w.blockSignals(False)

    def set_enabled(self, enabled: bool) -> None:
        if self.buttons[0].isEnabled() == enabled:
            return
        for w in self._widgets:
            w.setEnabled(enabled)
        self.show_value(self.value)


class ScalePage(QWidget):
    """The grid for one set of dimensions (e.g. Plan/Do/Check/Act, or one classical score)."""

    def __init__(self, dims: tuple[Dimension, ...], parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        self.rows = [DimensionRow(d, grid, i, self) for i, d in enumerate(dims)]
        for col in range(1, 1 + max(len(r.buttons) for r in self.rows)):
            grid.setColumnStretch(col, 1)


class ScoringPanel(QStackedWidget):
    """Shows the scale of the current node; emits the value a user picks for a dimension."""

    value_chosen = Signal(str, object)  # dimension id, value (None clears)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pages: dict[tuple, ScalePage] = {}
        self._active: DimensionRow | None = None
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)

    def page_for(self, dims: tuple[Dimension, ...]) -> ScalePage:
        key = tuple((d.id, d.scale.id) for d in dims)
        page = self._pages.get(key)
        if page is None:
            page = ScalePage(dims, self)
            for row in page.rows:
                row.value_chosen.connect(self._chosen)
            self._pages[key] = page
            self.addWidget(page)
        return page

    def show_node(self, dims: tuple[Dimension, ...], values: dict[str, float | None], enabled: bool) -> None:
        if not dims:
            return
        page = self.page_for(dims)
        if self.currentWidget() is not page:
            self.setCurrentWidget(page)
            self._active = None
        for row in page.rows:
            row.value = values.get(row.dim.id)
            row.set_enabled(enabled)
            row.show_value(values.get(row.dim.id))
        self.setFixedHeight(page.sizeHint().height())

    @property
    def rows(self) -> list[DimensionRow]:
        page = self.currentWidget()
        return page.rows if isinstance(page, ScalePage) else []

    def active_row(self) -> DimensionRow | None:
        """The row a number key applies to: the focused one, the last used, else the first unrated."""
        rows = self.rows
        focus = QApplication.focusWidget()
        for row in rows:
            if row.contains_focus(focus):
                return row
        if self._active in rows:
            return self._active
        return next((r for r in rows if r.value is None), rows[0] if rows else None)

    def pick_key(self, number: int) -> bool:
        row = self.active_row()
        if row is None or not row.buttons[0].isEnabled() or not row.pick_key(number):
            return False
        rows = self.rows
        if len(rows) > 1:  # the facilitator types P, D, C, A in turn
            nxt = rows[(rows.index(row) + 1) % len(rows)]
            self._active = nxt
            if row.contains_focus(QApplication.focusWidget()):
                nxt.buttons[0].setFocus()
        return True

    def _chosen(self, dim_id: str, value) -> None:
        self._active = next((r for r in self.rows if r.dim.id == dim_id), None)
        self.value_chosen.emit(dim_id, value)
