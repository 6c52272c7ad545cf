"""Workshop mode: one node at a time on a projector, the agreed score and everyone's, keyboard only."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from npmassess.model import Band, Scale
from npmassess.scoring import side_by_side

from . import undo, viewkit
from .session import Session

BACKGROUND, FOREGROUND, MUTED, ACCENT = QColor("#000000"), QColor("#ffffff"), QColor("#c8c8c8"), QColor("#ffd966")
NUMBER_KEYS = {getattr(Qt, f"Key_{i}"): i for i in range(1, 10)}
NAV_KEYS = {Qt.Key_Left: -1, Qt.Key_PageUp: -1, Qt.Key_Right: 1, Qt.Key_PageDown: 1, Qt.Key_Space: 1}
HANDLED = set(NUMBER_KEYS) | set(NAV_KEYS) | {Qt.Key_Up, Qt.Key_Down, Qt.Key_Home, Qt.Key_End, Qt.Key_Tab,
                                              Qt.Key_Backtab, Qt.Key_Delete, Qt.Key_Backspace, Qt.Key_Escape,
                                              Qt.Key_F, Qt.Key_F11}


def pick_in_band(scale: Scale, band: Band, current: float | None) -> float:
    """The value a band key selects: the current one if already inside, else the band's middle step."""
    if current is not None and band.contains(current):
        return current
    inside = [v for v in scale.allowed() if band.min <= v <= band.max]
    return float(inside[(len(inside) - 1) // 2]) if inside else float(band.min)


class WorkshopView(QWidget):
    """Projector view of the current node; emits leave_requested on Esc."""

    leave_requested = Signal()
    fullscreen_toggled = Signal(bool)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.dimension_index = 0
        self.threshold: float | None = None  # None: the one set in the consensus view
        self._went_fullscreen = False
        self.setFocusPolicy(Qt.StrongFocus)
        self.setAutoFillBackground(False)
        self.setAccessibleName(self.tr("Workshop mode"))
        self.setMinimumSize(640, 400)
        session.changed.connect(self._on_changed)
        session.node_selected.connect(self._on_node)

    def view_actions(self) -> list:
        return []

    # state --------------------------------------------------------------------------------
    def node(self):
        return self.session.framework.node(self.session.current_node)

    def dimensions(self):
        return viewkit.dimensions(self.session, self.node())

    def active_dimension(self):
        dims = self.dimensions()
        return dims[min(self.dimension_index, len(dims) - 1)] if dims else None

    def consensus_value(self, dim_id: str | None = None) -> float | None:
        dim_id = dim_id or self.active_dimension().id
        return self.session.snapshot().consensus.get((self.session.current_node, dim_id))

    def on_agenda(self) -> bool:
        """True if the current node's spread exceeds the agenda threshold (shown as 'needs discussion')."""
        spread = viewkit.divergence(self.session)[self.session.current_node].spread
        threshold = self.threshold if self.threshold is not None else viewkit.agenda_threshold(self.session)
        return spread is not None and spread > threshold

    def _on_changed(self, kind: str) -> None:
        if kind in ("ratings", "consensus", "participants", "all", "assessment"):
            self._update_description()
            self.update()

    def _on_node(self, _node_id: str) -> None:
        self.dimension_index = 0
        self._update_description()
        self.update()

    def _paint_lights(self, p: QPainter, big: QRectF, unit: float, node) -> None:
        lights = side_by_side(self.session.report(None), node.id)
        width = big.width() / max(1, len(lights))
        for i, (_, title, level) in enumerate(lights):
            cell = QRectF(big.left() + i * width, big.top(), width - unit, big.height())
            p.fillRect(QRectF(cell.left(), cell.top(), unit * 0.6, cell.height()),
                       QColor(level.colour) if level else MUTED)
            p.setPen(MUTED)
            p.setFont(self._font(unit * 1.1))
            p.drawText(cell.adjusted(unit * 1.2, 0, 0, -cell.height() * 0.6), Qt.AlignLeft | Qt.AlignVCenter, title)
            p.setPen(FOREGROUND)
            text = level.label() if level else self.tr("not agreed")
            size = unit * 3.2
            while size > unit and QFontMetricsF(self._font(size, True)).horizontalAdvance(text) > cell.width() - unit * 1.4:
                size *= 0.9  # shrink to fit: a light's name is never cut
            p.setFont(self._font(size, True))
            p.drawText(cell.adjusted(unit * 1.2, cell.height() * 0.3, 0, 0), Qt.AlignLeft | Qt.AlignVCenter, text)

    def _paint_person_lights(self, p: QPainter, area: QRectF, unit: float, node, div, pid: str) -> None:
        dims = self.session.method.dimensions_for(node.type)
        width = area.width() / max(1, len(dims))
        for i, dim in enumerate(dims):
            box = QRectF(area.left() + i * width, area.top(), width - unit * 0.3, area.height())
            value = div.by_dim.get(dim.id, {}).get(pid)
            level = dim.scale.level_of(value) if value is not None else None
            if level is not None:
                p.fillRect(box, QColor(level.colour))
            fill = QColor(level.colour) if level is not None else None
            lum = 0.299 * fill.redF() + 0.587 * fill.greenF() + 0.114 * fill.blueF() if fill else 0
            p.setPen(MUTED if fill is None else (BACKGROUND if lum > 0.55 else FOREGROUND))
            p.drawText(box.adjusted(unit * 0.3, 0, 0, 0), Qt.AlignLeft | Qt.AlignVCenter,
                       f"{dim.title()[:1]}: {level.label() if level else self.tr('not scored')}")

    def _update_description(self) -> None:
        node = self.node()
        report = self.session.report(None)
        if report.nodes[node.id].separate:
            self.setAccessibleDescription(f"{node.id} {node.title()}. " + " · ".join(
                f"{title}: {lv.label() if lv else '—'}" for _, title, lv in side_by_side(report, node.id)))
            return
        cons = report.nodes[node.id].value
        scale = viewkit.node_scale(self.session, node)
        self.setAccessibleDescription(f"{node.id} {node.title()}. "
                                      + self.tr("Agreed score: {v}").format(v=viewkit.value_text(scale, cons, True)))

    # keyboard -----------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.setFocus()
        self._update_description()

    def focusNextPrevChild(self, _next: bool) -> bool:
        return False  # Tab cycles the dimension instead of leaving the view

    def event(self, event) -> bool:
        # claim our keys before window shortcuts (e.g. menu actions bound to arrows or digits)
        if event.type() == QEvent.ShortcutOverride and event.key() in HANDLED \
                and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        key, shift = event.key(), bool(event.modifiers() & Qt.ShiftModifier)
        if key in NAV_KEYS:
            self.session.step_node(NAV_KEYS[key])
        elif key == Qt.Key_Home:
            self.session.step_node(-10_000)
        elif key == Qt.Key_End:
            self.session.step_node(10_000)
        elif key in NUMBER_KEYS:
            self.pick(NUMBER_KEYS[key])
        elif key in (Qt.Key_Up, Qt.Key_Down):
            self.nudge((1 if key == Qt.Key_Up else -1) * (5 if shift else 1))
        elif key in (Qt.Key_Tab, Qt.Key_Backtab):
            self.cycle_dimension(-1 if key == Qt.Key_Backtab or shift else 1)
        elif key in (Qt.Key_Delete, Qt.Key_Backspace):
            self._set(None)
        elif key == Qt.Key_Escape:
            if self._went_fullscreen:
                self.toggle_fullscreen()
            self.leave_requested.emit()
        elif key in (Qt.Key_F, Qt.Key_F11):
            self.toggle_fullscreen()
        else:
            super().keyPressEvent(event)

    def pick(self, number: int) -> bool:
        """Number key: a level (ordinal scales: by its value) or the n-th band from the lowest."""
        dim = self.active_dimension()
        if dim is None:
            return False
        scale = dim.scale
        if scale.ordinal:
            if number not in {lv.value for lv in scale.levels}:
                return False
            return self._set(float(number))
        if not 1 <= number <= len(scale.bands):
            return False
        return self._set(pick_in_band(scale, scale.bands[number - 1], self.consensus_value(dim.id)))

    def nudge(self, steps: int) -> bool:
        """Up/Down: one step of the scale (ordinal: one level) up or down."""
        dim = self.active_dimension()
        if dim is None:
            return False
        allowed = sorted(dim.scale.allowed())
        current = self.consensus_value(dim.id)
        if current is None:
            return self._set(float(allowed[len(allowed) // 2]))
        i = min(range(len(allowed)), key=lambda k: abs(allowed[k] - current))
        return self._set(float(allowed[max(0, min(len(allowed) - 1, i + steps))]))

    def cycle_dimension(self, offset: int) -> None:
        n = len(self.dimensions())
        if n:
            self.dimension_index = (self.dimension_index + offset) % n
            self.update()

    def _set(self, value: float | None) -> bool:
        dim = self.active_dimension()
        if dim is None or self.consensus_value(dim.id) == value:
            return False
        undo.set_rating(self.session, None, self.session.current_node, dim.id, value)
        return True

    def toggle_fullscreen(self) -> None:
        window = self.window()
        if window.isFullScreen():
            window.showNormal()
            self._went_fullscreen = False
        else:
            window.showFullScreen()
            self._went_fullscreen = True
        self.fullscreen_toggled.emit(window.isFullScreen())
        self.setFocus()

    # painting -----------------------------------------------------------------------------
    def _font(self, size: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(9, int(size)))
        font.setBold(bold)
        return font

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), BACKGROUND)
        w, h = float(self.width()), float(self.height())
        unit = min(h / 30.0, w / 48.0)
        margin = unit * 1.2
        session, node = self.session, self.node()
        nodes = session.framework.scored_nodes()
        index = next((i for i, n in enumerate(nodes) if n.id == node.id), 0)
        crit = next((c for c in session.framework.criteria if any(leaf.id == node.id for leaf in c.leaves())), None)
        # header
        p.setPen(MUTED)
        p.setFont(self._font(unit * 0.9))
        header = f"{crit.id} {crit.title()}" if crit is not None and crit.id != node.id else ""
        p.drawText(QRectF(margin, margin * 0.5, w - 2 * margin, unit * 1.4), Qt.AlignLeft | Qt.AlignVCenter,
                   QFontMetricsF(p.font()).elidedText(header, Qt.ElideRight, w * 0.7))
        p.drawText(QRectF(margin, margin * 0.5, w - 2 * margin, unit * 1.4), Qt.AlignRight | Qt.AlignVCenter,
                   self.tr("{i} / {n}").format(i=index + 1, n=len(nodes)))
        # title
        p.setPen(FOREGROUND)
        p.setFont(self._font(unit * 1.6, True))
        title_rect = QRectF(margin, margin * 0.5 + unit * 1.6, w - 2 * margin, unit * 4.2)
        p.drawText(title_rect, Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, f"{node.id}  {node.title()}")
        top = title_rect.bottom() + unit * 0.6
        bottom = h - unit * 4.2
        left = QRectF(margin, top, w * 0.42 - margin, bottom - top)
        right = QRectF(w * 0.46, top, w * 0.54 - margin, bottom - top)
        self._paint_consensus(p, left, unit)
        self._paint_participants(p, right, unit)
        self._paint_legend(p, QRectF(margin, bottom + unit * 0.3, w - 2 * margin, unit * 3.8), unit)
        p.end()

    def _paint_consensus(self, p: QPainter, r: QRectF, unit: float) -> None:
        session, node = self.session, self.node()
        score = session.report(None).nodes[node.id]
        scale = viewkit.node_scale(session, node)
        p.setPen(MUTED)
        p.setFont(self._font(unit * 0.95))
        p.drawText(QRectF(r.left(), r.top(), r.width(), unit * 1.4), Qt.AlignLeft, self.tr("Agreed score"))
        big = QRectF(r.left(), r.top() + unit * 1.5, r.width(), unit * 6)
        colour = viewkit.value_colour(scale, score.value)
        if score.separate:  # the lights side by side, each with its own colour; never combined
            self._paint_lights(p, big, unit, node)
        elif score.value is None:
            p.setPen(MUTED)
            p.setFont(self._font(unit * 2.0, True))
            p.drawText(big, Qt.AlignLeft | Qt.AlignVCenter, self.tr("not agreed yet"))
        else:
            p.fillRect(QRectF(big.left(), big.top(), unit * 0.6, big.height()), colour or FOREGROUND)
            p.setPen(FOREGROUND)
            p.setFont(self._font(unit * 5.2, True))
            text = viewkit.value_text(None, score.value)
            p.drawText(big.adjusted(unit * 1.2, 0, 0, 0), Qt.AlignLeft | Qt.AlignVCenter, text)
            p.setFont(self._font(unit * 1.3))
            label = scale.label_of(score.value) if scale else ""
            if score.points is not None and score.max_points:
                label += "\n" + self.tr("{p} of {m} points").format(
                    p=viewkit.value_text(None, score.points), m=score.max_points)
            p.drawText(QRectF(big.left() + unit * 1.2, big.bottom(), r.width() - unit * 1.2, unit * 5.2),
                       Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, label)
        dims = self.dimensions()
        if len(dims) > 1:
            y = big.bottom() + unit * 3.8
            p.setFont(self._font(unit * 1.05))
            for i, dim in enumerate(dims):
                row = QRectF(r.left(), y + i * unit * 1.55, r.width(), unit * 1.4)
                if row.bottom() > r.bottom():
                    break
                active = i == self.dimension_index
                if active:
                    p.setPen(QPen(ACCENT, max(2.0, unit * 0.12)))
                    p.setBrush(Qt.NoBrush)
                    p.drawRect(row.adjusted(-unit * 0.2, 0, 0, 0))
                p.setPen(ACCENT if active else FOREGROUND)
                value = self.consensus_value(dim.id)
                shown = viewkit.value_text(dim.scale if score.separate else None, value, score.separate) \
                    if value is not None else viewkit.value_text(None, value)
                p.drawText(row.adjusted(unit * 0.2, 0, 0, 0), Qt.AlignLeft | Qt.AlignVCenter,
                           f"{dim.title()}:  {shown}")

    def _paint_participants(self, p: QPainter, r: QRectF, unit: float) -> None:
        session, node = self.session, self.node()
        div = viewkit.divergence(session)[node.id]
        scale = viewkit.node_scale(session, node)
        participants = session.snapshot().participants
        p.setFont(self._font(unit * 0.95))
        p.setPen(MUTED)
        head = self.tr("Individual scores")
        if div.spread is not None:
            head += "   " + self.tr("spread {s}").format(s=viewkit.value_text(None, div.spread))
        p.drawText(QRectF(r.left(), r.top(), r.width(), unit * 1.4), Qt.AlignLeft, head)
        if self.on_agenda():
            p.setPen(ACCENT)
            p.drawText(QRectF(r.left(), r.top(), r.width(), unit * 1.4), Qt.AlignRight,
                       self.tr("▲ needs discussion"))
        if not participants:
            p.setPen(MUTED)
            p.drawText(QRectF(r.left(), r.top() + unit * 2, r.width(), unit * 2), Qt.AlignLeft,
                       self.tr("No participants yet"))
            return
        rows_top = r.top() + unit * 1.8
        row_h = min(unit * 1.9, (r.bottom() - rows_top) / len(participants))
        font = self._font(min(unit * 1.05, row_h * 0.6))
        p.setFont(font)
        fm = QFontMetricsF(font)
        name_w = r.width() * 0.36
        lo, hi = (min(scale.allowed()), max(scale.allowed())) if scale else (0, 100)
        for i, person in enumerate(participants):
            y = rows_top + i * row_h
            value = div.values.get(person.id)
            p.setPen(FOREGROUND)
            p.drawText(QRectF(r.left(), y, name_w - unit * 0.4, row_h), Qt.AlignLeft | Qt.AlignVCenter,
                       fm.elidedText(person.name, Qt.ElideRight, name_w - unit * 0.4))
            bar_area = QRectF(r.left() + name_w, y + row_h * 0.15, r.width() - name_w, row_h * 0.7)
            p.fillRect(bar_area, QColor("#262626"))
            if div.by_dim:  # side-by-side dimensions: one coloured box per light
                self._paint_person_lights(p, bar_area, unit, node, div, person.id)
                continue
            if value is None:
                p.setPen(MUTED)
                p.drawText(bar_area.adjusted(unit * 0.3, 0, 0, 0), Qt.AlignLeft | Qt.AlignVCenter, self.tr("not scored"))
                continue
            share = (value - lo) / (hi - lo) if hi > lo else 1.0
            bar = QRectF(bar_area.left(), bar_area.top(), max(unit * 2.2, bar_area.width() * share), bar_area.height())
            colour = viewkit.value_colour(scale, value) or FOREGROUND
            p.fillRect(bar, colour)
            p.setPen(viewkit.text_on(colour))
            text = viewkit.value_text(None, value)
            if scale is not None and scale.ordinal:
                label = f"{scale.label_of(value)}  {text}"
                if fm.horizontalAdvance(label) < bar.width() - unit * 0.6:
                    text = label
            p.drawText(bar.adjusted(unit * 0.3, 0, -unit * 0.3, 0), Qt.AlignRight | Qt.AlignVCenter, text)

    def _paint_legend(self, p: QPainter, r: QRectF, unit: float) -> None:
        dim = self.active_dimension()
        if dim is None:
            return
        scale = dim.scale
        if scale.ordinal:
            entries = [(str(lv.value), lv.label(), "", QColor(lv.colour)) for lv in scale.levels]
        else:
            entries = [(str(i + 1), b.label(), f"{b.min}-{b.max}", QColor(b.colour or "#888888"))
                       for i, b in enumerate(scale.bands)]
        current = self.consensus_value(dim.id)
        chosen_item = (scale.level_of(current) if scale.ordinal else scale.band_of(current)) \
            if current is not None else None
        items = scale.levels if scale.ordinal else scale.bands
        chip_w = r.width() / max(1, len(entries))
        font = self._font(unit * 0.78)
        fm = QFontMetricsF(font)
        for i, (key, label, span, colour) in enumerate(entries):
            cell = QRectF(r.left() + i * chip_w, r.top(), chip_w - unit * 0.25, unit * 2.0)
            p.fillRect(cell, colour)
            if chosen_item is not None and items[i] is chosen_item:
                p.setPen(QPen(FOREGROUND, max(3.0, unit * 0.18)))
                p.setBrush(Qt.NoBrush)
                p.drawRect(cell.adjusted(-unit * 0.1, -unit * 0.1, unit * 0.1, unit * 0.1))
            ink = viewkit.text_on(colour)
            p.setPen(ink)
            p.setFont(self._font(unit * 1.1, True))
            p.drawText(cell.adjusted(unit * 0.3, 0, 0, 0), Qt.AlignLeft | Qt.AlignVCenter, key)
            p.setFont(font)
            text_rect = cell.adjusted(unit * 1.4, unit * 0.1, -unit * 0.2, -unit * 0.1)
            lines = [fm.elidedText(label, Qt.ElideRight, text_rect.width())]
            if span:
                lines.append(span)
            elif fm.horizontalAdvance(label) > text_rect.width():  # long level names wrap to two lines
                lines = [label]
            p.drawText(text_rect, Qt.AlignLeft | Qt.AlignVCenter | Qt.TextWordWrap, "\n".join(lines))
        p.setPen(MUTED)
        p.setFont(self._font(unit * 0.75))
        dims = self.dimensions()
        keys = self.tr("←/→ node   {n} pick   ↑/↓ refine   Del clear   F full screen   Esc leave").format(
            n=self.tr("number keys"))
        if len(dims) > 1:
            keys = self.tr("Setting: {dim}   Tab next dimension   ").format(dim=dim.title()) + keys
        p.drawText(QRectF(r.left(), r.top() + unit * 2.3, r.width(), unit * 1.3), Qt.AlignLeft | Qt.AlignVCenter, keys)
