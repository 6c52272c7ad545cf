"""The priority matrix: improvement actions placed by impact (up) and effort (right)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from npmassess.i18n import labelled
from npmassess.assessment import Action, action_priority

# Urgency, not good/bad: one warm hue, deepest for High (a sequential ramp reads as "more"),
# and a sign beside it (▲▲▲ / ▲▲ / ▲) so the priority never rests on the colour alone.
PRIORITY_COLOURS = {"High": QColor("#f08a4b"), "Medium": QColor("#fcc98f"), "Low": QColor("#fdf0e1")}
PRIORITY_SIGNS = {"High": "▲▲▲", "Medium": "▲▲", "Low": "▲"}
STATUS_MARKS = {"planned": "○", "in progress": "◐", "done": "●", "cancelled": "×"}


class PriorityMatrix(QWidget):
    """A 5 × 5 grid; each action is a chip in its (impact, effort) cell. Click selects, double-click edits."""

    action_clicked = Signal(str)
    action_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._actions: list[Action] = []
        self._chips: list[tuple[QRectF, Action]] = []
        self.selected: str | None = None
        self.setMouseTracking(True)
        self.setMinimumSize(480, 360)
        self.setAccessibleName(self.tr("Priority matrix"))
        self.setFocusPolicy(Qt.StrongFocus)

    def sizeHint(self) -> QSize:
        return QSize(900, 600)

    def set_actions(self, actions: list[Action]) -> None:
        self._actions = list(actions)
        self.update()

    def cell_actions(self, impact: int, effort: int) -> list[Action]:
        return [a for a in self._actions if a.impact == impact and a.effort == effort]

    def _grid(self) -> tuple[QRectF, float, float]:
        m_left, m_bottom = 70.0, 46.0
        area = QRectF(m_left, 8, self.width() - m_left - 8, self.height() - m_bottom - 8)
        return area, area.width() / 5, area.height() / 5

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.WindowText)
        area, cw, ch = self._grid()
        font = QFont(self.font())
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        fm = QFontMetrics(small)
        self._chips = []
        for impact in range(5, 0, -1):
            for effort in range(1, 6):
                cell = QRectF(area.left() + (effort - 1) * cw, area.top() + (5 - impact) * ch, cw, ch)
                p.fillRect(cell, PRIORITY_COLOURS[action_priority(impact, effort)])
                p.setPen(QPen(QColor("#777777"), 1))
                p.setBrush(Qt.NoBrush)
                p.drawRect(cell)
                p.setPen(QColor("#000000"))
                p.setFont(small)
                p.drawText(cell.adjusted(0, 0, -4, -2), Qt.AlignRight | Qt.AlignBottom,
                           PRIORITY_SIGNS[action_priority(impact, effort)])
                self._paint_chips(p, cell, self.cell_actions(impact, effort), small, fm)
        p.setPen(text)
        p.setFont(font)
        for i in range(5):
            x = area.left() + i * cw
            p.drawText(QRectF(x, area.bottom() + 2, cw, 18), Qt.AlignCenter, str(i + 1))
            y = area.top() + (4 - i) * ch
            p.drawText(QRectF(area.left() - 22, y, 18, ch), Qt.AlignCenter, str(i + 1))
        p.drawText(QRectF(area.left(), area.bottom() + 20, area.width(), 20), Qt.AlignCenter,
                   self.tr("Effort  (1 = very little … 5 = very much)  →     "
                           "Priority: ▲▲▲ high (deepest orange), ▲▲ medium, ▲ low"))
        p.save()
        p.translate(area.left() - 46, area.center().y())
        p.rotate(-90)
        p.drawText(QRectF(-area.height() / 2, -10, area.height(), 20), Qt.AlignCenter,
                   self.tr("Impact  (1 = very low … 5 = very high)  →"))
        p.restore()
        if self.hasFocus():  # a visible focus frame (arrows choose an action, Enter edits it)
            p.setPen(QPen(pal.color(QPalette.Highlight), 3))
            p.setBrush(Qt.NoBrush)
            p.drawRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5))
        p.end()

    def _paint_chips(self, p: QPainter, cell: QRectF, actions: list[Action], font: QFont, fm: QFontMetrics) -> None:
        line = fm.height() + 6
        capacity = max(1, int((cell.height() - 6) // line))
        shown = actions if len(actions) <= capacity else actions[: capacity - 1]
        p.setFont(font)
        for i, action in enumerate(shown):
            r = QRectF(cell.left() + 4, cell.top() + 4 + i * line, cell.width() - 8, line - 2)
            selected = action.id == self.selected
            p.setPen(QPen(QColor("#1f4e79") if selected else QColor("#555555"), 2 if selected else 1))
            p.setBrush(QColor("#ffffff") if action.status != "done" else QColor("#eeeeee"))
            p.drawRoundedRect(r, 4, 4)
            p.setPen(QColor("#000000"))
            label = f"{STATUS_MARKS.get(action.status, '')} {action.title}"
            p.drawText(r.adjusted(5, 0, -4, 0), Qt.AlignVCenter | Qt.AlignLeft,
                       fm.elidedText(label, Qt.ElideRight, int(r.width() - 9)))
            self._chips.append((r, action))
        if len(shown) < len(actions):
            r = QRectF(cell.left() + 4, cell.top() + 4 + len(shown) * line, cell.width() - 8, line - 2)
            p.setPen(QColor("#000000"))
            p.drawText(r, Qt.AlignVCenter | Qt.AlignLeft, self.tr("+{n} more").format(n=len(actions) - len(shown)))

    def action_at(self, pos) -> Action | None:
        return next((a for r, a in self._chips if r.contains(pos)), None)

    def chip_rect(self, action_id: str) -> QRectF | None:
        return next((r for r, a in self._chips if a.id == action_id), None)

    def mousePressEvent(self, event) -> None:
        action = self.action_at(event.position())
        self.selected = action.id if action else None
        self.update()
        if action:
            self.action_clicked.emit(action.id)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()

    def ordered(self) -> list[Action]:
        """Actions in reading order of the grid: highest impact first, then least effort."""
        return sorted(self._actions, key=lambda a: (-a.impact, a.effort))

    def keyPressEvent(self, event) -> None:
        """Arrows (or Tab inside the grid with Ctrl) move between actions; Enter or F2 edits the chosen one."""
        order = self.ordered()
        key = event.key()
        if key in (Qt.Key_Right, Qt.Key_Down, Qt.Key_Left, Qt.Key_Up) and order:
            ids = [a.id for a in order]
            i = ids.index(self.selected) if self.selected in ids else -1
            i = (i + (1 if key in (Qt.Key_Right, Qt.Key_Down) else -1)) % len(ids)
            self.selected = ids[i]
            a = order[i]
            self.setAccessibleDescription(labelled(a.title, "") + f"{self.tr('impact')} {a.impact}, {self.tr('effort')} "
                                          f"{a.effort}, {self.tr('priority')} {self.tr(a.priority)}")
            self.update()
            self.action_clicked.emit(self.selected)
        elif key in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_F2) and self.selected:
            self.action_activated.emit(self.selected)
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        action = self.action_at(event.position())
        if action:
            self.action_activated.emit(action.id)

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            action = self.action_at(event.pos().toPointF())
            if action:
                QToolTip.showText(event.globalPos(), "\n".join((
                    action.title, labelled(self.tr("Owner"), action.owner or "—"),
                    labelled(self.tr("Status"), self.tr(action.status)),
                    labelled(self.tr("Priority"), self.tr(action.priority)))), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
