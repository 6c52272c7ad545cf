"""Tree model over a framework's criteria with each node's score and completeness."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap, QStandardItem, QStandardItemModel

from npmassess.i18n import labelled
from npmassess.model import Framework, Node
from npmassess.scoring import ScoreReport, format_value, side_by_side

COL_NODE, COL_SCORE, COL_DONE = range(3)
NodeIdRole = Qt.UserRole + 1
ScoredRole = Qt.UserRole + 2
NODE_ID, SCORED = int(NodeIdRole), int(ScoredRole)
DISPLAY, TOOLTIP, ACCESSIBLE = int(Qt.DisplayRole), int(Qt.ToolTipRole), int(Qt.AccessibleTextRole)
DECORATION, ALIGNMENT = int(Qt.DecorationRole), int(Qt.TextAlignmentRole)
ALIGN_LEFT = int((Qt.AlignLeft | Qt.AlignVCenter).value)
ALIGN_RIGHT = int((Qt.AlignRight | Qt.AlignVCenter).value)
_FLAGS = Qt.ItemIsEnabled | Qt.ItemIsSelectable


class CriteriaModel(QStandardItemModel):
    """A framework's criteria tree with the current ScoreReport's scores, held in Qt's own items.

    Qt's item model answers the view's questions (index, parent, data for every role of every cell
    painted) in C++: a Python model answered some 1,600 of them for the first paint of the CAF tree."""

    def __init__(self, framework: Framework, report: ScoreReport | None = None, parent=None):
        super().__init__(0, 3, parent)
        self.framework = framework
        self.report: ScoreReport | None = None
        self._tip = self.tr("{score}, {done:.0f} % rated")
        self.setHorizontalHeaderLabels([self.tr("Criterion"), self.tr("Score"), self.tr("Done")])
        self._rows: dict[str, tuple[QStandardItem, QStandardItem, QStandardItem]] = {}
        # (parent item, number of children) for dataChanged; None is the top level. The model's own
        # root item is never held: Qt deletes it with the model without telling Python, and a wrapper
        # kept past that would be handed back for whatever object Qt puts at the same address next
        self._groups: list[tuple[QStandardItem | None, int]] = []
        self._add(None, framework.criteria)
        if report is not None:  # without one the score cells stay empty
            self.set_report(report)

    def _add(self, parent: QStandardItem | None, nodes) -> None:
        for node in nodes:
            label = QStandardItem(f"{node.id}  {node.title()}")
            label.setData(f"{node.id} {node.title()}", TOOLTIP)
            label.setData(f"{node.id} {node.title()}", ACCESSIBLE)
            score, done = QStandardItem(), QStandardItem()
            score.setData(ALIGN_LEFT, ALIGNMENT)
            done.setData(ALIGN_RIGHT, ALIGNMENT)
            for item in (label, score, done):
                item.setFlags(_FLAGS)
                item.setData(node.id, NODE_ID)
                item.setData(node.scored, SCORED)
            (self if parent is None else parent).appendRow([label, score, done])
            self._rows[node.id] = (label, score, done)
            if node.children:
                self._add(label, node.children)
        if nodes:
            self._groups.append((parent, len(nodes)))

    def index_of(self, node_id: str, column: int = 0) -> QModelIndex:
        row = self._rows.get(node_id)
        return row[column].index() if row is not None else QModelIndex()

    # -- data --------------------------------------------------------------------------------
    def _compute(self, node: Node) -> tuple[str, float | None, QColor | None]:
        r = self.report
        if r is None:
            return "", None, None
        if node.scored:
            s = r.nodes.get(node.id)
            if s is None:
                return "", None, None
            if s.separate:  # one light per dimension, side by side; never one value
                levels = [lv for _, _, lv in side_by_side(r, node.id)]
                text = " ".join(lv.label()[:1] if lv else "—" for lv in levels)  # full names: tooltip
                return text, s.completeness, lights_pixmap([lv.colour if lv else "" for lv in levels])
            if s.level is not None:  # the level's number and colour; its name is in the tooltip
                return f"{s.level.value}", s.completeness, QColor(s.level.colour)
            colour = QColor(s.band.colour) if s.band is not None and s.band.colour else None
            text = format_value(r, s.value) if s.value is not None else "—"
            return text, s.completeness, colour
        g = r.criteria.get(node.id)
        if g is None:
            return "", None, None
        if r.ordinal:  # a group shows its lowest level
            return (f"{g.lowest.value}" if g.lowest else "—"), g.completeness, \
                (QColor(g.lowest.colour) if g.lowest else None)
        if g.points is not None and g.max_points:
            return f"{format_value(r, g.points)} / {g.max_points}", g.completeness, None
        return format_value(r, g.value), g.completeness, None

    def _label(self, node: Node, text: str) -> str:
        """Tooltip wording of a score: ordinal levels by name, numbers as shown."""
        r = self.report
        if r is not None and r.separate and node.scored:
            return " · ".join(labelled(title, lv.label() if lv else '—') for _, title, lv in side_by_side(r, node.id))
        if r is not None and r.ordinal:
            s = r.nodes.get(node.id) if node.scored else r.criteria.get(node.id)
            level = getattr(s, "level", None) or getattr(s, "lowest", None)
            if level is not None:
                return self.tr("{value} – {label}").format(value=level.value, label=level.label())
        return text or "—"

    def set_report(self, report: ScoreReport | None) -> None:
        """Show another report (after an edit or a participant change)."""
        self.report = report
        self.blockSignals(True)  # one dataChanged per group of siblings below, not one per role and cell
        try:
            for node in self.framework.nodes():
                self._fill(node)
        finally:
            self.blockSignals(False)
        for parent, count in self._groups:
            first = self.index(0, COL_SCORE, QModelIndex() if parent is None else parent.index())
            self.dataChanged.emit(first, first.siblingAtRow(count - 1).siblingAtColumn(COL_DONE))

    def _fill(self, node: Node) -> None:
        """The score and done cells of a node: text, colour, tooltip and what a screen reader says."""
        text, done, colour = self._compute(node)
        _label, score, done_item = self._rows[node.id]
        tip = None if done is None else self._tip.format(score=self._label(node, text), done=done * 100)
        score.setData(text, DISPLAY)
        score.setData(self._label(node, text) if self.report is not None and self.report.separate else text,
                      ACCESSIBLE)
        score.setData(colour, DECORATION)
        score.setData(tip, TOOLTIP)
        share = "" if done is None else f"{done * 100:.0f} %"
        done_item.setData(share, DISPLAY)
        done_item.setData(share, ACCESSIBLE)
        done_item.setData(tip, TOOLTIP)

    def score_width_text(self) -> str:
        """The widest text the score column can show (to size it once, not on every change)."""
        texts = ["888.8"]
        if self.framework.total_points:
            texts.append(f"888.8 / {max((c.points or 0) for c in self.framework.criteria)}")
        return max(texts, key=len)


def lights_pixmap(colours: list[str], size: int = 12) -> QPixmap:
    """Small squares side by side, one per light (grey where not rated): the tree's decoration."""
    pix = QPixmap(len(colours) * (size + 2), size)
    pix.fill(QColor(0, 0, 0, 0))
    p = QPainter(pix)
    for i, colour in enumerate(colours):
        p.fillRect(i * (size + 2), 0, size, size, QColor(colour) if colour else QColor("#c8c8c8"))
    p.end()
    return pix
