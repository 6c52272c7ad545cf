"""The consensus grid model: scored nodes (agenda first) × participants, spread and consensus."""

from __future__ import annotations

from npmassess.i18n import labelled
from npmassess.process.anonymity import shown_participants
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from npmassess.model import Scale
from npmassess.assessment import value_label

from . import viewkit
from .session import Session

AGENDA_COLOUR = QColor("#ffd966")
# Plain ints: data() receives the role as an int, and `role == Qt.DisplayRole` goes through
# Python's enum machinery on every call (a 28 x 15 grid repaint took 170 ms instead of 25 ms).
DISPLAY, TOOLTIP, FONT, ALIGNMENT, BACKGROUND, FOREGROUND = (
    int(r.value) for r in (Qt.DisplayRole, Qt.ToolTipRole, Qt.FontRole, Qt.TextAlignmentRole,
                           Qt.BackgroundRole, Qt.ForegroundRole))
USER = int(Qt.UserRole.value)
NODE_ID, AGENDA, VALUE = USER + 1, USER + 2, USER + 3


def short_name(name: str, initials: bool = False) -> str:
    """'Anna Kowalska' -> 'Anna K.' (or 'AK'): keeps a dozen participant columns on one screen."""
    parts = name.split()
    if initials:
        return "".join(p[0] for p in parts[:3]).upper() if len(parts) > 1 else name[:4]
    return name if len(parts) < 2 else f"{parts[0]} {parts[-1][0]}."


class ConsensusGridModel(QAbstractTableModel):
    """Rows: scored nodes, agenda first; columns: node, each participant, spread, consensus."""

    NODE_ID_ROLE = NODE_ID
    AGENDA_ROLE = AGENDA
    VALUE_ROLE = VALUE
    NODE_COLUMN = 0

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list = []  # Node objects in display order
        self._agenda: set[str] = set()
        self._participants: list = []
        self._div: dict = {}
        self._consensus: dict = {}
        self._scales: dict[str, Scale | None] = {}
        self._dims: dict[str, tuple] = {}
        self._ratings: dict = {}
        self._cells: list[list[tuple]] = []
        self._brushes: dict[int, QBrush] = {}
        self._agenda_brush, self._black = QBrush(AGENDA_COLOUR), QBrush(QColor("#000000"))
        self._bold = QFont()
        self._bold.setBold(True)
        self._left = int(Qt.AlignVCenter | Qt.AlignLeft)
        self._centre = int(Qt.AlignCenter)

    # column layout ------------------------------------------------------------------------
    # node, spread and consensus first: with a dozen participants they stay on screen
    def spread_column(self) -> int:
        return 1

    def consensus_column(self) -> int:
        return 2

    def participant_column(self, index: int) -> int:
        return 3 + index

    def _participant_at(self, column: int):
        i = column - 3
        return self._participants[i] if 0 <= i < len(self._participants) else None

    def set_data(self, session: Session, threshold: float) -> None:
        """Rebuild from the session (scores come from npmassess.scoring, cached)."""
        self.beginResetModel()
        fw, snap = session.framework, session.snapshot()
        self._participants = shown_participants(snap)  # Assessor A, B, C when anonymous
        self._anonymous = snap.anonymous
        self._div = viewkit.divergence(session)
        self._consensus = session.report(None).nodes
        self._ratings = snap.ratings
        nodes = fw.scored_nodes()
        self._scales = {n.id: viewkit.node_scale(session, n) for n in nodes}
        self._dims = {n.id: viewkit.dimensions(session, n) for n in nodes}
        # same rule as scoring.agenda(), read from the cached divergence (no second scoring pass)
        order = {n.id: i for i, n in enumerate(nodes)}
        wide = [d for d in self._div.values() if d.spread is not None and d.spread > threshold]
        agenda = [d.node_id for d in sorted(wide, key=lambda d: (-d.spread, order[d.node_id]))]
        self._agenda = set(agenda)
        by_id = {n.id: n for n in nodes}
        self._rows = [by_id[i] for i in agenda] + [n for n in nodes if n.id not in self._agenda]
        self._cells = [self._row_cells(n) for n in self._rows]
        self.endResetModel()

    def _brush(self, colour: QColor) -> QBrush:
        key = colour.rgba()
        brush = self._brushes.get(key)
        if brush is None:
            brush = self._brushes[key] = QBrush(colour)
        return brush

    def _row_cells(self, node) -> list[tuple]:
        """(value, text, background, foreground, bold) per column, computed once per refresh:
        the view asks data() for several roles of every visible cell on each paint."""
        agenda = node.id in self._agenda
        scale = self._scales.get(node.id)
        cells = []
        lights = self._lights(node)
        for col in range(3 + len(self._participants)):
            value = self._value(node.id, col)
            if lights is not None and col not in (0, self.spread_column()):
                # side-by-side lights: each one's initial ('Y G'); full names in the tooltip; never a mean
                cells.append((None, lights(col), None, None, col == self.consensus_column()))
                continue
            marked = agenda and col in (0, self.spread_column())
            colour = viewkit.value_colour(scale, value) if col not in (0, self.spread_column()) else None
            text = viewkit.node_label(node, 48) if col == 0 else viewkit.value_text(None, value)
            if colour is not None:
                back, fore = self._brush(colour), self._brush(viewkit.text_on(colour))
            elif marked:
                back, fore = self._agenda_brush, self._black
            else:
                back = fore = None
            cells.append((value, text, back, fore, marked or col == self.consensus_column()))
        return cells

    def _lights(self, node):
        """For side-by-side dimensions: column -> 'Y G' text, else None."""
        dims = self._dims.get(node.id, ())
        ns = self._consensus.get(node.id)
        if ns is None or not ns.separate:
            return None

        def levels(col):
            p = self._participant_at(col)
            if p is None:
                return [ns.dim_levels.get(d.id) for d in dims]
            div = self._div[node.id].by_dim
            return [d.scale.level_of(div.get(d.id, {}).get(p.id)) if div.get(d.id, {}).get(p.id) is not None
                    else None for d in dims]
        return lambda col: " ".join(lv.label()[:1] if lv else "—" for lv in levels(col))

    def agenda_count(self) -> int:
        return len(self._agenda)

    def row_of(self, node_id: str) -> int:
        return next((i for i, n in enumerate(self._rows) if n.id == node_id), -1)

    # Qt model -----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 3 + len(self._participants)

    def headerData(self, section, orientation, role=DISPLAY):
        if role not in (DISPLAY, TOOLTIP) or orientation != Qt.Horizontal:
            return None
        if section == 0:
            return self.tr("Node")
        p = self._participant_at(section)
        if p is not None:
            if role == TOOLTIP:
                return f"{p.name}\n{value_label(p.role)}"
            if getattr(self, "_anonymous", False):  # 'Assessor A', or just 'A' when many
                return p.name.split()[-1] if len(self._participants) > 4 else p.name
            return short_name(p.name, initials=len(self._participants) > 4)  # fits 12 at 1366 px
        if section == self.spread_column():
            return self.tr("Spread")
        if section == self.consensus_column():
            return self.tr("Consensus")
        return None

    def _value(self, node_id: str, column: int):
        p = self._participant_at(column)
        if p is not None:
            return self._div[node_id].values.get(p.id)
        if column == self.spread_column():
            return self._div[node_id].spread
        if column == self.consensus_column():
            return self._consensus[node_id].value
        return None

    def data(self, index, role=DISPLAY):
        # roles arrive as int; comparing with Qt enum members costs ~50 us each (see ROLE constants)
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, col = index.row(), index.column()
        value, text, back, fore, bold = self._cells[row][col]
        if role == DISPLAY:
            return text
        if role == BACKGROUND:
            return back
        if role == FOREGROUND:
            return fore
        if role == FONT:
            return self._bold if bold else None
        if role == ALIGNMENT:
            return self._left if col == 0 else self._centre
        node = self._rows[row]
        if role == NODE_ID:
            return node.id
        if role == AGENDA:
            return node.id in self._agenda
        if role == VALUE:
            return value
        if role == TOOLTIP:
            return self._tooltip(node, col, self._scales.get(node.id), value)
        return None

    def _tooltip(self, node, col, scale, value) -> str:
        if col == 0:
            extra = self.tr("On the agenda: the spread exceeds the threshold.") if node.id in self._agenda else ""
            return f"{node.id} {node.title()}\n{extra}".strip()
        if col == self.spread_column():
            return self.tr("Difference between the highest and lowest individual score")
        dims = self._dims.get(node.id, ())
        ns = self._consensus.get(node.id)
        if ns is not None and ns.separate:
            p = self._participant_at(col)
            get = (lambda d: ns.dims.get(d.id)) if p is None else \
                (lambda d: self._ratings.get((p.id, node.id, d.id)))
            return "\n".join(labelled(d.title(), viewkit.value_text(d.scale, get(d), True) if get(d) is not None
                                      else '—') for d in dims)
        label = viewkit.value_text(scale, value, with_label=True)
        if len(dims) > 1 and self._participant_at(col) is not None:
            pid = self._participant_at(col).id
            parts = [labelled(d.title(), viewkit.value_text(None, self._ratings.get((pid, node.id, d.id))))
                     for d in dims]
            return label + "\n" + "\n".join(parts)
        return label
