"""The consensus grid model: scored nodes (agenda first) × participants, spread and consensus."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from npmassess.model import Scale

from . import viewkit
from .session import Session

AGENDA_COLOUR = QColor("#ffd966")


def short_name(name: str) -> str:
    """'Anna Kowalska' -> 'Anna K.': keeps a dozen participant columns on one screen."""
    parts = name.split()
    return name if len(parts) < 2 else f"{parts[0]} {parts[-1][0]}."


class ConsensusGridModel(QAbstractTableModel):
    """Rows: scored nodes, agenda first; columns: node, each participant, spread, consensus."""

    NODE_ID_ROLE = Qt.UserRole + 1
    AGENDA_ROLE = Qt.UserRole + 2
    VALUE_ROLE = Qt.UserRole + 3
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

    # column layout ------------------------------------------------------------------------
    def spread_column(self) -> int:
        return 1 + len(self._participants)

    def consensus_column(self) -> int:
        return 2 + len(self._participants)

    def set_data(self, session: Session, threshold: float) -> None:
        """Rebuild from the session (scores come from npmassess.scoring, cached)."""
        self.beginResetModel()
        fw, snap = session.framework, session.snapshot()
        self._participants = list(snap.participants)
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
        self.endResetModel()

    def agenda_count(self) -> int:
        return len(self._agenda)

    def row_of(self, node_id: str) -> int:
        return next((i for i, n in enumerate(self._rows) if n.id == node_id), -1)

    # Qt model -----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 3 + len(self._participants)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or role not in (Qt.DisplayRole, Qt.ToolTipRole):
            return None
        if section == 0:
            return self.tr("Node")
        if 1 <= section <= len(self._participants):
            p = self._participants[section - 1]
            return short_name(p.name) if role == Qt.DisplayRole else f"{p.name}\n{p.role}"
        if section == self.spread_column():
            return self.tr("Spread")
        if section == self.consensus_column():
            return self.tr("Consensus")
        return None

    def _value(self, node_id: str, column: int):
        if 1 <= column <= len(self._participants):
            return self._div[node_id].values.get(self._participants[column - 1].id)
        if column == self.spread_column():
            return self._div[node_id].spread
        if column == self.consensus_column():
            return self._consensus[node_id].value
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        node, col = self._rows[index.row()], index.column()
        agenda = node.id in self._agenda
        scale = self._scales.get(node.id)
        value = self._value(node.id, col)
        if role == self.NODE_ID_ROLE:
            return node.id
        if role == self.AGENDA_ROLE:
            return agenda
        if role == self.VALUE_ROLE:
            return value
        if role == Qt.DisplayRole:
            if col == 0:
                return viewkit.node_label(node, 48)
            if col == self.spread_column():
                return viewkit.value_text(None, value)
            return viewkit.value_text(None, value)
        if role == Qt.ToolTipRole:
            return self._tooltip(node, col, scale, value)
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignVCenter | (Qt.AlignLeft if col == 0 else Qt.AlignCenter))
        colour = viewkit.value_colour(scale, value) if col not in (0, self.spread_column()) else None
        if role == Qt.BackgroundRole:
            if colour is not None:
                return QBrush(colour)
            if agenda and col in (0, self.spread_column()):
                return QBrush(AGENDA_COLOUR)
            return None
        if role == Qt.ForegroundRole:
            if colour is not None:
                return QBrush(viewkit.text_on(colour))
            if agenda and col in (0, self.spread_column()):
                return QBrush(QColor("#000000"))
            return None
        if role == Qt.FontRole and (agenda and col in (0, self.spread_column())
                                    or col == self.consensus_column()):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _tooltip(self, node, col, scale, value) -> str:
        if col == 0:
            extra = self.tr("On the agenda: the spread exceeds the threshold.") if node.id in self._agenda else ""
            return f"{node.id} {node.title()}\n{extra}".strip()
        if col == self.spread_column():
            return self.tr("Difference between the highest and lowest individual score")
        label = viewkit.value_text(scale, value, with_label=True)
        dims = self._dims.get(node.id, ())
        if len(dims) > 1 and 1 <= col <= len(self._participants):
            pid = self._participants[col - 1].id
            parts = [f"{d.title()}: {viewkit.value_text(None, self._ratings.get((pid, node.id, d.id)))}"
                     for d in dims]
            return label + "\n" + "\n".join(parts)
        return label
