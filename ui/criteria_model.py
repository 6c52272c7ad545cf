"""Tree model over a framework's criteria with each node's score and completeness."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

from npmassess.i18n import labelled
from npmassess.model import Framework, Node
from npmassess.scoring import ScoreReport, format_value, side_by_side

COL_NODE, COL_SCORE, COL_DONE = range(3)
NodeIdRole = Qt.UserRole + 1
ScoredRole = Qt.UserRole + 2
NODE_ID, SCORED = int(NodeIdRole), int(ScoredRole)
DISPLAY, TOOLTIP, ACCESSIBLE = int(Qt.DisplayRole), int(Qt.ToolTipRole), int(Qt.AccessibleTextRole)
DECORATION, ALIGNMENT = int(Qt.DecorationRole), int(Qt.TextAlignmentRole)
_SCORE_ROLES = frozenset((DISPLAY, TOOLTIP, ACCESSIBLE, DECORATION, ALIGNMENT))
ALIGN_LEFT = int((Qt.AlignLeft | Qt.AlignVCenter).value)
ALIGN_RIGHT = int((Qt.AlignRight | Qt.AlignVCenter).value)
_FLAGS = Qt.ItemIsEnabled | Qt.ItemIsSelectable
_NO_FLAGS = Qt.NoItemFlags


class CriteriaModel(QAbstractItemModel):
    """Adapts a Framework (by reference) and the current ScoreReport; owns no data."""

    def __init__(self, framework: Framework, report: ScoreReport | None = None, parent=None):
        super().__init__(parent)
        self.framework = framework
        self.report = report
        self._nodes: list[Node] = list(framework.nodes())
        self._index = {n.id: i for i, n in enumerate(self._nodes)}
        self._children: dict[str | None, list[int]] = {None: [self._index[c.id] for c in framework.criteria]}
        for n in self._nodes:
            self._children[n.id] = [self._index[c.id] for c in n.children]
        self._headers = [self.tr("Criterion"), self.tr("Score"), self.tr("Done")]
        self._tip = self.tr("{score}, {done:.0f} % rated")
        self._cache: dict[str, tuple[str, float | None, QColor | None]] = {}

    # -- structure ---------------------------------------------------------------------------
    def _node(self, index: QModelIndex) -> Node | None:
        return self._nodes[index.internalId()] if index.isValid() else None

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        if column < 0 or column >= 3 or row < 0:
            return QModelIndex()
        parent_node = self._node(parent)
        kids = self._children[parent_node.id if parent_node else None]
        if row >= len(kids):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index=QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self._node(index)
        if node is None or node.parent_id is None:
            return QModelIndex()
        parent_i = self._index[node.parent_id]
        grand = self._nodes[parent_i].parent_id
        row = self._children[grand].index(parent_i)
        return self.createIndex(row, 0, parent_i)

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent)
        return len(self._children[node.id if node else None])

    def columnCount(self, parent=QModelIndex()) -> int:
        return 3

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < 3:
            return self._headers[section]
        return None

    def flags(self, index):
        return _FLAGS if index.isValid() else _NO_FLAGS

    def index_of(self, node_id: str, column: int = 0) -> QModelIndex:
        i = self._index.get(node_id)
        if i is None:
            return QModelIndex()
        node = self._nodes[i]
        row = self._children[node.parent_id].index(i)
        return self.createIndex(row, column, i)

    # -- data --------------------------------------------------------------------------------
    def _score(self, node: Node) -> tuple[str, float | None, QColor | None]:
        """(text, completeness, colour) of a node in the current report (cached per report)."""
        hit = self._cache.get(node.id)
        if hit is None:
            hit = self._cache[node.id] = self._compute(node)
        return hit

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

    def data(self, index, role=DISPLAY):
        # roles arrive as ints; comparing ints (not Qt enums) keeps painting the tree cheap
        node = self._node(index)
        if node is None:
            return None
        role = int(role)
        col = index.column()
        if role == NODE_ID:
            return node.id
        if role == SCORED:
            return node.scored
        if col == COL_NODE:
            if role == DISPLAY:
                return f"{node.id}  {node.title()}"
            if role in (TOOLTIP, ACCESSIBLE):
                return f"{node.id} {node.title()}"
            return None
        if role not in _SCORE_ROLES:
            return None
        text, done, colour = self._score(node)
        if role == TOOLTIP:
            return None if done is None else self._tip.format(score=self._label(node, text), done=done * 100)
        if col == COL_SCORE:
            if role == ACCESSIBLE and self.report is not None and self.report.separate:
                return self._label(node, text)
            if role in (DISPLAY, ACCESSIBLE):
                return text
            if role == DECORATION:
                return colour
            return ALIGN_LEFT
        if role in (DISPLAY, ACCESSIBLE):
            return "" if done is None else f"{done * 100:.0f} %"
        return ALIGN_RIGHT if role == ALIGNMENT else None

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
        self._cache.clear()
        for parent_id, kids in self._children.items():
            if not kids:
                continue
            parent = self.index_of(parent_id) if parent_id else QModelIndex()
            self.dataChanged.emit(self.index(0, COL_SCORE, parent),
                                  self.index(len(kids) - 1, COL_DONE, parent))

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
