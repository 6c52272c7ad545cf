"""Workshop mode's painted parts: the agreed and individual scores, the title, the band legend."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from npmassess.i18n import labelled
from npmassess.process.anonymity import shown_participants
from npmassess.model import Band, Scale
from npmassess.scoring import side_by_side

from . import undo, viewkit
from .session import Session

BACKGROUND, FOREGROUND, MUTED, ACCENT = QColor("#000000"), QColor("#ffffff"), QColor("#c8c8c8"), QColor("#ffd966")
TRACK = QColor("#262626")
NUMBER_KEYS = {getattr(Qt, f"Key_{i}"): i for i in range(1, 10)}
NAV_KEYS = {Qt.Key_Left: -1, Qt.Key_PageUp: -1, Qt.Key_Right: 1, Qt.Key_PageDown: 1, Qt.Key_Space: 1}
HANDLED = set(NUMBER_KEYS) | set(NAV_KEYS) | {Qt.Key_Up, Qt.Key_Down, Qt.Key_Home, Qt.Key_End, Qt.Key_Tab,
                                              Qt.Key_Backtab, Qt.Key_Delete, Qt.Key_Backspace}


def pick_in_band(scale: Scale, band: Band, current: float | None) -> float:
    """The value a band key selects: the current one if already inside, else the band's middle step."""
    if current is not None and band.contains(current):
        return current
    inside = [v for v in scale.allowed() if band.min <= v <= band.max]
    return float(inside[(len(inside) - 1) // 2]) if inside else float(band.min)


def font(base: QFont, size: float, bold: bool = False) -> QFont:
    """A copy of base at a pixel size (projection sizes follow the window, not the desktop font)."""
    f = QFont(base)
    f.setPixelSize(max(9, int(size)))
    f.setBold(bold)
    return f


class Painted(QWidget):
    """A black projector surface whose sizes follow one unit set by the workshop view."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.unit = 20.0
        self.setAttribute(Qt.WA_OpaquePaintEvent)

    def node(self):
        return self.session.framework.node(self.session.current_node)


class TitleBar(Painted):
    """Criterion, position in the framework and the node's title, wrapped."""

    def sizeHint(self):
        from PySide6.QtCore import QSize
        return QSize(800, int(self.unit * 4.6))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), BACKGROUND)
        unit, w = self.unit, float(self.width())
        node, fw = self.node(), self.session.framework
        nodes = fw.scored_nodes()
        index = next((i for i, n in enumerate(nodes) if n.id == node.id), 0)
        crit = next((c for c in fw.criteria if any(leaf.id == node.id for leaf in c.leaves())), None)
        p.setPen(MUTED)
        p.setFont(font(self.font(), unit * 0.9))
        head = QRectF(unit, unit * 0.3, w - 2 * unit, unit * 1.3)
        header = f"{crit.id} {crit.title()}" if crit is not None and crit.id != node.id else ""
        p.drawText(head, Qt.AlignLeft | Qt.AlignVCenter, QFontMetricsF(p.font()).elidedText(header, Qt.ElideRight, w * 0.75))
        p.drawText(head, Qt.AlignRight | Qt.AlignVCenter, self.tr("{i} / {n}").format(i=index + 1, n=len(nodes)))
        p.setPen(FOREGROUND)
        box = QRectF(unit, unit * 1.6, w - 2 * unit, self.height() - unit * 1.7)
        text, size = f"{node.id}  {node.title()}", unit * 1.4
        for _ in range(8):  # long titles shrink to fit rather than lose their last line
            f = font(self.font(), size, True)
            if QFontMetricsF(f).boundingRect(box, Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, text).height() <= box.height():
                break
            size *= 0.9
        p.setFont(f)
        p.drawText(box, Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, text)
        p.end()


class ScoreBoard(Painted):
    """The agreed score(s) and everyone's scores; number keys, arrows and Tab set the consensus."""

    fullscreen_key = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.dimension_index = 0
        self.threshold: float | None = None  # None: the one set in the consensus view
        self.setFocusPolicy(Qt.StrongFocus)
        self.setAccessibleName(self.tr("Agreed score"))

    # state --------------------------------------------------------------------------------
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

    def describe(self) -> str:
        """What a screen reader says for the board: node, agreed score(s) with their band."""
        node = self.node()
        report = self.session.report(None)
        if report.nodes[node.id].separate:  # lights side by side (never combined)
            return f"{node.id} {node.title()}. " + " · ".join(
                labelled(title, lv.label() if lv else '—') for _, title, lv in side_by_side(report, node.id))
        cons = report.nodes[node.id].value
        scale = viewkit.node_scale(self.session, node)
        text = f"{node.id} {node.title()}. " + self.tr("Agreed score: {v}").format(
            v=viewkit.value_text(scale, cons, True))
        dims = self.dimensions()
        if len(dims) > 1:
            text += ". " + ", ".join(f"{d.title()} {viewkit.value_text(d.scale, self.consensus_value(d.id), True)}"
                                     for d in dims)
            text += ". " + self.tr("Setting {dim}").format(dim=self.active_dimension().title())
        return text

    def update_description(self) -> None:
        self.setAccessibleDescription(self.describe())

    # keyboard -----------------------------------------------------------------------------
    def focusNextPrevChild(self, _next: bool) -> bool:
        return False  # Tab cycles the dimension instead of leaving the board

    def event(self, event) -> bool:
        # claim our keys before window shortcuts (e.g. menu actions bound to arrows or digits)
        if event.type() == QEvent.ShortcutOverride and event.key() in HANDLED \
                and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if not self.handle_key(event.key(), event.modifiers()):
            super().keyPressEvent(event)

    def handle_key(self, key, modifiers) -> bool:
        """Apply a board key; False if the key is not one of the board's."""
        shift = bool(modifiers & Qt.ShiftModifier)
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
        else:
            return False
        return True

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
            self.update_description()
            self.update()
            self.parentWidget().update()

    def _set(self, value: float | None) -> bool:
        dim = self.active_dimension()
        if dim is None or self.consensus_value(dim.id) == value or self.session.read_only:
            return False  # an approved assessment is read-only (the store would refuse it anyway)
        undo.set_rating(self.session, None, self.session.current_node, dim.id, value)
        return True

    # painting -----------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), BACKGROUND)
        unit = self.unit
        r = QRectF(self.rect()).adjusted(unit, unit * 0.2, -unit * 0.5, -unit * 0.2)
        if self.hasFocus():
            p.setPen(QPen(ACCENT, max(3.0, unit * 0.15)))
            p.drawRect(QRectF(self.rect()).adjusted(2, 2, -2, -2))
        used = self._paint_consensus(p, r, unit)
        self._paint_participants(p, QRectF(r.left(), used + unit * 0.6, r.width(), r.bottom() - used - unit * 0.6), unit)
        p.end()

    def _paint_consensus(self, p: QPainter, r: QRectF, unit: float) -> float:
        """Draws the agreed score (and each dimension); returns the y below it."""
        session, node = self.session, self.node()
        score = session.report(None).nodes[node.id]
        scale = viewkit.node_scale(session, node)
        p.setPen(MUTED)
        p.setFont(font(self.font(), unit * 0.95))
        p.drawText(QRectF(r.left(), r.top(), r.width(), unit * 1.4), Qt.AlignLeft | Qt.AlignVCenter,
                   self.tr("Agreed score"))
        big = QRectF(r.left(), r.top() + unit * 1.4, r.width(), unit * 4.0)
        if score.separate:  # the lights side by side, each with its own colour and name; never combined
            self._paint_lights(p, big, unit, node)
        elif score.value is None:
            p.setPen(MUTED)
            p.setFont(font(self.font(), unit * 1.8, True))
            p.drawText(big, Qt.AlignLeft | Qt.AlignVCenter, self.tr("not agreed yet"))
        else:
            colour = viewkit.value_colour(scale, score.value)
            p.fillRect(QRectF(big.left(), big.top() + unit * 0.3, unit * 0.6, big.height() - unit * 0.6),
                       colour or FOREGROUND)
            p.setPen(FOREGROUND)
            p.setFont(font(self.font(), unit * 3.6, True))
            text = viewkit.value_text(None, score.value)
            p.drawText(big.adjusted(unit * 1.2, 0, 0, 0), Qt.AlignLeft | Qt.AlignVCenter, text)
            number_w = QFontMetricsF(p.font()).horizontalAdvance(text + " ")
            p.setFont(font(self.font(), unit * 1.15))
            label = scale.label_of(score.value) if scale else ""
            if score.points is not None and score.max_points:
                label += "\n" + self.tr("{p} of {m} points").format(
                    p=viewkit.value_text(None, score.points), m=score.max_points)
            p.drawText(big.adjusted(unit * 1.4 + number_w, 0, 0, 0),
                       Qt.AlignLeft | Qt.AlignVCenter | Qt.TextWordWrap, label)
        y = big.bottom() + unit * 0.2
        dims = self.dimensions()
        if len(dims) > 1:
            p.setFont(font(self.font(), unit * 1.0))
            for i, dim in enumerate(dims):
                row = QRectF(r.left(), y, r.width(), unit * 1.4)
                active = i == self.dimension_index
                if active:
                    p.setPen(QPen(ACCENT, max(2.0, unit * 0.12)))
                    p.setBrush(Qt.NoBrush)
                    p.drawRect(row.adjusted(-unit * 0.2, 0, 0, 0))
                p.setPen(ACCENT if active else FOREGROUND)
                value = self.consensus_value(dim.id)
                mark = "▶ " if active else "   "
                shown = viewkit.value_text(dim.scale, value, True) if value is not None else viewkit.value_text(None, value)
                text, size = mark + labelled(dim.title(), f" {shown}"), unit * 1.0
                while size > unit * 0.5 and QFontMetricsF(font(self.font(), size)).horizontalAdvance(text) > \
                        row.width() - unit * 0.4:
                    size *= 0.92  # shrink to fit: a dimension's name and band are never cut
                p.setFont(font(self.font(), size))
                p.drawText(row.adjusted(unit * 0.2, 0, 0, 0), Qt.AlignLeft | Qt.AlignVCenter, text)
                y += unit * 1.5
        return y

    def _paint_lights(self, p: QPainter, big: QRectF, unit: float, node) -> None:
        lights = side_by_side(self.session.report(None), node.id)
        width = big.width() / max(1, len(lights))
        for i, (_, title, level) in enumerate(lights):
            cell = QRectF(big.left() + i * width, big.top(), width - unit, big.height())
            p.fillRect(QRectF(cell.left(), cell.top(), unit * 0.6, cell.height()),
                       QColor(level.colour) if level else MUTED)
            p.setPen(MUTED)
            p.setFont(font(self.font(), unit * 1.0))
            p.drawText(cell.adjusted(unit * 1.2, 0, 0, -cell.height() * 0.6), Qt.AlignLeft | Qt.AlignVCenter, title)
            p.setPen(FOREGROUND)
            text = level.label() if level else self.tr("not agreed")
            box = cell.adjusted(unit * 1.2, cell.height() * 0.3, 0, 0)
            size = unit * 2.8
            while size > unit and (QFontMetricsF(font(self.font(), size, True)).horizontalAdvance(text) > box.width() - 2
                                   or QFontMetricsF(font(self.font(), size, True)).height() > box.height()):
                size *= 0.9  # shrink to fit: a light's name is never cut
            p.setFont(font(self.font(), size, True))
            p.drawText(box, Qt.AlignLeft | Qt.AlignVCenter, text)

    def _paint_person_lights(self, p: QPainter, area: QRectF, unit: float, node, div, pid: str) -> None:
        dims = self.session.method.dimensions_for(node.type)
        width = area.width() / max(1, len(dims))
        for i, dim in enumerate(dims):
            box = QRectF(area.left() + i * width, area.top(), width - unit * 0.3, area.height())
            value = div.by_dim.get(dim.id, {}).get(pid)
            level = dim.scale.level_of(value) if value is not None else None
            if level is not None:
                p.fillRect(box, QColor(level.colour))
            p.setPen(MUTED if level is None else viewkit.text_on(QColor(level.colour)))
            p.drawText(box.adjusted(unit * 0.3, 0, 0, 0), Qt.AlignLeft | Qt.AlignVCenter,
                       labelled(dim.title()[:1], level.label() if level else self.tr("not scored")))

    def _paint_participants(self, p: QPainter, r: QRectF, unit: float) -> None:
        session, node = self.session, self.node()
        div = viewkit.divergence(session)[node.id]
        scale = viewkit.node_scale(session, node)
        participants = shown_participants(session.snapshot())  # Assessor A, B, C when anonymous
        p.setFont(font(self.font(), unit * 0.95))
        p.setPen(MUTED)
        head = self.tr("Individual scores")
        if div.spread is not None:
            head += "   " + self.tr("spread {s}").format(s=viewkit.value_text(None, div.spread))
        p.drawText(QRectF(r.left(), r.top(), r.width(), unit * 1.4), Qt.AlignLeft, head)
        if self.on_agenda():
            p.setPen(ACCENT)
            p.drawText(QRectF(r.left(), r.top(), r.width(), unit * 1.4), Qt.AlignRight, self.tr("▲ needs discussion"))
        if not participants:
            p.setPen(MUTED)
            p.drawText(QRectF(r.left(), r.top() + unit * 2, r.width(), unit * 2), Qt.AlignLeft,
                       self.tr("No participants yet"))
            return
        rows_top = r.top() + unit * 1.5
        avail = max(1.0, r.bottom() - rows_top)
        # legible from the back of the room: below ~0.85 units a row, the group goes into two columns
        columns = 1 if avail / len(participants) >= unit * 0.85 else 2
        per_column = -(-len(participants) // columns)
        row_h = min(unit * 1.7, max(unit * 0.7, avail / per_column))
        col_w = (r.width() - unit * 0.6 * (columns - 1)) / columns
        size = min(unit * 1.0, row_h * 0.62)
        f = font(self.font(), size)
        fm = QFontMetricsF(f)
        longest = max(fm.horizontalAdvance(person.name) for person in participants) + unit * 0.5
        while columns > 1 and longest > col_w * 0.6 and size > unit * 0.5:
            size *= 0.92  # narrow columns: smaller names rather than cut ones
            f = font(self.font(), size)
            fm = QFontMetricsF(f)
            longest = max(fm.horizontalAdvance(person.name) for person in participants) + unit * 0.5
        p.setFont(f)
        name_w = min(col_w * (0.6 if columns > 1 else 0.48), max(col_w * 0.34, longest))  # whole names where they fit
        lo, hi = (min(scale.allowed()), max(scale.allowed())) if scale else (0, 100)
        for i, person in enumerate(participants):
            left = r.left() + (i // per_column) * (col_w + unit * 0.6)
            y = rows_top + (i % per_column) * row_h
            if y + row_h > r.bottom() + 1:
                break
            value = div.values.get(person.id)
            p.setPen(FOREGROUND)
            p.drawText(QRectF(left, y, name_w - unit * 0.4, row_h), Qt.AlignLeft | Qt.AlignVCenter,
                       fm.elidedText(person.name, Qt.ElideRight, name_w - unit * 0.4))
            bar_area = QRectF(left + name_w, y + row_h * 0.12, col_w - name_w, row_h * 0.76)
            p.fillRect(bar_area, TRACK)
            if div.by_dim:  # side-by-side dimensions: one coloured box per light, named
                self._paint_person_lights(p, bar_area, unit, node, div, person.id)
                continue
            if value is None:
                p.setPen(MUTED)
                p.drawText(bar_area.adjusted(unit * 0.3, 0, 0, 0), Qt.AlignLeft | Qt.AlignVCenter, self.tr("not scored"))
                continue
            share = (value - lo) / (hi - lo) if hi > lo else 1.0
            bar = QRectF(bar_area.left(), bar_area.top(), max(unit * 2.4, bar_area.width() * share), bar_area.height())
            colour = viewkit.value_colour(scale, value) or FOREGROUND
            p.fillRect(bar, colour)
            p.setPen(viewkit.text_on(colour))
            text = viewkit.value_text(None, value)
            if scale is not None and scale.ordinal:
                label = f"{scale.label_of(value)}  {text}"
                if fm.horizontalAdvance(label) < bar.width() - unit * 0.6:
                    text = label
            p.drawText(bar.adjusted(unit * 0.3, 0, -unit * 0.3, 0), Qt.AlignRight | Qt.AlignVCenter, text)


class LegendBar(Painted):
    """The active dimension's bands or levels (key, label, range: never colour alone) and the keys."""

    def __init__(self, session: Session, board: ScoreBoard, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.board = board
        self.hint = ""

    def sizeHint(self):
        from PySide6.QtCore import QSize
        return QSize(800, int(self.unit * 5.0))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), BACKGROUND)
        unit = self.unit
        r = QRectF(self.rect()).adjusted(unit, unit * 0.2, -unit, -unit * 0.2)
        dim = self.board.active_dimension()
        if dim is not None:
            self._paint_chips(p, QRectF(r.left(), r.top(), r.width(), unit * 2.6), dim.scale, unit)
        p.setPen(MUTED)
        hint = "   ".join(part.strip().replace(" ", "\u00a0") for part in self.hint.split("   ") if part.strip())
        box = QRectF(r.left(), r.top() + unit * 2.75, r.width(), r.height() - unit * 2.75)
        size = unit * 0.72
        for _ in range(8):
            f = font(self.font(), size)
            if QFontMetricsF(f).boundingRect(box, Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, hint).height() <= box.height():
                break
            size *= 0.92
        p.setFont(f)
        p.drawText(box, Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, hint)
        p.end()

    def _paint_chips(self, p: QPainter, r: QRectF, scale: Scale, unit: float) -> None:
        if scale.ordinal:
            entries = [(str(lv.value), lv.label(), "", QColor(lv.colour or "#888888")) for lv in scale.levels]
            items = scale.levels
        else:
            entries = [(str(i + 1), b.label(), f"{b.min}-{b.max}" if b.max != b.min else str(b.min),
                        QColor(b.colour or "#888888"))
                       for i, b in enumerate(scale.bands)]
            items = scale.bands
        current = self.board.consensus_value(self.board.active_dimension().id)
        chosen = (scale.level_of(current) if scale.ordinal else scale.band_of(current)) if current is not None else None
        chip_w = r.width() / max(1, len(entries))
        key_font = font(self.font(), unit * 1.05, True)
        for i, (key, label, span, colour) in enumerate(entries):
            cell = QRectF(r.left() + i * chip_w, r.top(), chip_w - unit * 0.25, r.height())
            p.fillRect(cell, colour)
            if chosen is not None and items[i] is chosen:
                p.setPen(QPen(FOREGROUND, max(3.0, unit * 0.18)))
                p.setBrush(Qt.NoBrush)
                p.drawRect(cell.adjusted(-unit * 0.1, -unit * 0.1, unit * 0.1, unit * 0.1))
            p.setPen(viewkit.text_on(colour))
            p.setFont(key_font)
            p.drawText(cell.adjusted(unit * 0.3, 0, 0, 0), Qt.AlignLeft | Qt.AlignVCenter, key)
            text_rect = cell.adjusted(unit * 1.3, unit * 0.1, -unit * 0.2, -unit * 0.1)
            text = f"{label}\n{span}" if span else label
            size = unit * 0.78  # shrink until the label fits whole: never cut ("Very strong evi…")
            for _ in range(8):
                f = font(self.font(), size)
                need = QFontMetricsF(f).boundingRect(text_rect, Qt.AlignLeft | Qt.AlignVCenter | Qt.TextWordWrap, text)
                if need.height() <= text_rect.height() and need.width() <= text_rect.width() + 0.5:
                    break
                size *= 0.9
            p.setFont(f)
            p.drawText(text_rect, Qt.AlignLeft | Qt.AlignVCenter | Qt.TextWordWrap, text)
