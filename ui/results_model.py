"""Qt table model of the results register: one row per measure with its trend and latest target."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from npmassess.i18n import current_language
from npmassess.numbers import fmt
from npmassess.results.model import Measure, level_title
from npmassess.results.stats import TREND_LABELS, Reading, read
from npmassess.i18n import translate_to

COLUMNS = (QT_TRANSLATE_NOOP("MeasuresModel", "Measure"), QT_TRANSLATE_NOOP("MeasuresModel", "Level"),
           QT_TRANSLATE_NOOP("MeasuresModel", "Unit"), QT_TRANSLATE_NOOP("MeasuresModel", "Trend"),
           QT_TRANSLATE_NOOP("MeasuresModel", "Latest"), QT_TRANSLATE_NOOP("MeasuresModel", "Target"),
           QT_TRANSLATE_NOOP("MeasuresModel", "Linked to"))
COL_NAME, COL_LEVEL, COL_UNIT, COL_TREND, COL_LATEST, COL_TARGET, COL_LINKS = range(len(COLUMNS))
MeasureIdRole = Qt.UserRole + 1
TREND_COLOURS = {"improving": "#1a7f37", "worsening": "#c62828"}


class MeasuresModel(QAbstractTableModel):
    """Adapts a list of measures (by reference) and their readings, computed once per set_rows."""

    def __init__(self, framework_id: str, parent=None):
        super().__init__(parent)
        self.framework_id = framework_id
        self.rows: list[tuple[Measure, Reading]] = []

    def set_rows(self, measures: list[Measure]) -> None:
        self.beginResetModel()
        self.rows = [(m, read(m)) for m in measures]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(COLUMNS):
            from PySide6.QtCore import QCoreApplication
            return QCoreApplication.translate("MeasuresModel", COLUMNS[section])
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        m, r = self.rows[index.row()]
        col = index.column()
        if role == MeasureIdRole:
            return m.id
        if role == Qt.DisplayRole:
            if col == COL_NAME:
                return m.name
            if col == COL_LEVEL:
                return level_title(m.level)
            if col == COL_UNIT:
                return m.unit
            if col == COL_TREND:
                return translate_to(None, TREND_LABELS.get(r.trend, r.trend))
            if col == COL_LATEST:
                return f"{fmt(r.latest, 'measure', current_language())} ({r.latest_period})" if r.latest_period else "—"
            if col == COL_TARGET:
                if r.target_met is None:
                    return "—"
                return ("✔ " if r.target_met else "✘ ") + fmt(r.target, "measure", current_language())
            if col == COL_LINKS:
                return ", ".join(m.nodes_of(self.framework_id)) or "—"
        if role == Qt.ForegroundRole:
            if col == COL_TREND and r.trend in TREND_COLOURS:
                return QColor(TREND_COLOURS[r.trend])
            if col == COL_TARGET and r.target_met is not None:
                return QColor("#1a7f37" if r.target_met else "#c62828")
        if role == Qt.ToolTipRole:
            if col == COL_TREND:
                return r.reason
            if col == COL_NAME:
                return m.definition or m.name
        if role == Qt.TextAlignmentRole and col in (COL_LATEST, COL_TARGET):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def measure_at(self, row: int) -> Measure | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None
