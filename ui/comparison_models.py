"""Qt table models of the comparisons: a unit's cycles (HistoryModel) and a cycle's league (LeagueModel)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from npmassess.i18n import current_language, ngettext, semicolon
from npmassess import comparison
from npmassess.numbers import short_date

from . import viewkit

WEAK_ASSESSORS = 2  # fewer assessors than this: the comparison is weak (the core warns the same way)


def scale_of(framework, method_id: str):
    """The first scale of a scoring method (for colours and level names)."""
    try:
        dims = framework.method(method_id).dimensions
    except (KeyError, ValueError):
        return None
    return dims[0].scale if dims else None


def _spread(value: float | None) -> str:
    from npmassess.i18n import current_language
    from npmassess.numbers import fmt
    return viewkit.MISSING if value is None else fmt(value, "spread", current_language())


def _trend(value: float) -> str:
    """A change between cycles, signed, in the UI language: "+4,2", "-1,5", "±0"."""
    from npmassess.i18n import current_language
    from npmassess.numbers import fmt, round_half_up
    if round_half_up(value, 1) == 0:
        return "±0"
    return ("+" if value > 0 else "") + fmt(value, "score", current_language())


def trend_colour(up: bool) -> QColor:
    """Green up, red down; lighter shades on a dark palette so they stay readable."""
    from PySide6.QtWidgets import QApplication
    dark = QApplication.palette().base().color().lightness() < 128
    return QColor(("#56d364" if up else "#ff7b72") if dark else ("#1a7f37" if up else "#c62828"))


class HistoryModel(QAbstractTableModel):
    """Rows: the criteria then Overall; columns: criterion, one per cycle, trend, last cycle's actions."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.history: comparison.UnitHistory | None = None
        self._rows: list[tuple[str, str]] = []

    def set_history(self, history: comparison.UnitHistory | None) -> None:
        self.beginResetModel()
        self.history = history
        self._rows = (history.criteria + [("all", self.tr("Overall"))]) if history else []
        self.endResetModel()

    def cycles(self) -> list:
        return self.history.cycles if self.history else []

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else (3 + len(self.cycles()) if self.history else 0)

    def criterion(self, row: int) -> str:
        return self._rows[row][0]

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or role != Qt.DisplayRole or not self.history:
            return None
        n = len(self.cycles())
        if section == 0:
            return self.tr("Criterion")
        if section <= n:
            return self.cycles()[section - 1].cycle
        return self.tr("Trend") if section == n + 1 else self.tr("Last cycle's actions (status now)")

    def _cell(self, row: int, column: int):
        cid = self.criterion(row)
        col = self.cycles()[column - 1]
        return col.overall if cid == "all" else col.criteria.get(cid)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or self.history is None:
            return None
        row, c = index.row(), index.column()
        n = len(self.cycles())
        cid, title = self._rows[row]
        if role == Qt.FontRole and cid == "all":
            font = QFont()
            font.setBold(True)
            return font
        if c == 0:
            if role in (Qt.DisplayRole, Qt.ToolTipRole):
                return title if cid == "all" else f"{cid} {title}"
            return None
        if c <= n:
            cell = self._cell(row, c)
            if role == Qt.DisplayRole:
                return cell.text if cell else viewkit.MISSING
            if role == Qt.ToolTipRole and cell:
                return ngettext("{cycle}: {text} · {n} assessor · spread {s}",
                                "{cycle}: {text} · {n} assessors · spread {s}", cell.assessors).format(
                    cycle=self.cycles()[c - 1].cycle, text=cell.text, n=cell.assessors, s=_spread(cell.spread))
            if role in (Qt.BackgroundRole, Qt.ForegroundRole) and cell and cell.value is not None and cid != "all":
                colour = viewkit.value_colour(scale_of(self.history.framework, self.cycles()[c - 1].method),
                                              cell.value)
                if colour is not None:
                    return colour if role == Qt.BackgroundRole else viewkit.text_on(colour)
            if role == Qt.TextAlignmentRole:
                return int(Qt.AlignCenter)
            return None
        if c == n + 1:
            trend = self.history.trend(cid) if cid != "all" else self._overall_trend()
            if role == Qt.DisplayRole:
                return viewkit.MISSING if trend is None else _trend(trend)
            if role == Qt.ForegroundRole and trend:
                return trend_colour(trend > 0)
            if role == Qt.TextAlignmentRole:
                return int(Qt.AlignCenter)
            return None
        follow = self.history.follow_up.get(cid, [])
        if role == Qt.DisplayRole:
            return semicolon().join(f"{f.title} [{f.status_text()}]" for f in follow)
        if role == Qt.ToolTipRole and follow:
            return "\n".join(self.tr("{title} — {status}, owner {owner}, due {due} (from {cycle})").format(
                title=f.title, status=f.status_text(), owner=f.owner or viewkit.MISSING, due=short_date(f.due, current_language()) or viewkit.MISSING,
                cycle=f.cycle) for f in follow)
        return None

    def _overall_trend(self) -> float | None:
        vals = [c.overall.value for c in self.cycles()[-2:]]
        return vals[1] - vals[0] if len(vals) == 2 and None not in vals else None


class LeagueModel(QAbstractTableModel):
    """The league table: rank, unit, organisation, overall, assessors, spread, edition and method."""

    HEADERS = ("#", QT_TRANSLATE_NOOP("LeagueModel", "Unit"), QT_TRANSLATE_NOOP("LeagueModel", "Organisation"),
               QT_TRANSLATE_NOOP("LeagueModel", "Overall"), QT_TRANSLATE_NOOP("LeagueModel", "Assessors"),
               QT_TRANSLATE_NOOP("LeagueModel", "Spread"), QT_TRANSLATE_NOOP("LeagueModel", "Edition / method"))
    ASSESSORS, SPREAD = 4, 5

    def __init__(self, parent=None):
        super().__init__(parent)
        self.league: comparison.League | None = None
        self.current_id = ""  # the open assessment's row is shown in bold

    def set_league(self, league: comparison.League | None) -> None:
        self.beginResetModel()
        self.league = league
        self.endResetModel()

    def units(self) -> list:
        return self.league.units if self.league else []

    def _method_title(self, method_id: str) -> str:
        try:
            return self.league.framework.method(method_id).title()
        except (AttributeError, KeyError):
            return method_id

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.units())

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        u = self.units()[index.row()]
        c = index.column()
        weak = u.assessors < WEAK_ASSESSORS
        if role == Qt.DisplayRole:
            spread = _spread(u.spread) if u.assessors >= 2 else viewkit.MISSING  # one assessor: no spread
            return (str(u.rank), u.unit, u.organisation, u.overall.text, str(u.assessors), spread,
                    f"{self.tr(u.edition)} / {self._method_title(u.method)}")[c]
        if role == Qt.ToolTipRole and c == self.ASSESSORS and weak:
            return ngettext("Only {n} assessor: this unit's scores are a weak basis for comparison.",
                            "Only {n} assessors: this unit's scores are a weak basis for comparison.",
                            u.assessors).format(n=u.assessors)
        if role == Qt.ToolTipRole and c == self.SPREAD:
            return self.tr("Mean spread of the individual scores (wide spread: the assessors disagreed)")
        if role == Qt.ForegroundRole and c == self.ASSESSORS and weak:
            return QColor("#c62828")
        if role == Qt.FontRole and ((c == self.ASSESSORS and weak) or u.id == self.current_id):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.TextAlignmentRole and c in (0, 3, 4, 5):
            return int(Qt.AlignCenter)
        return None


