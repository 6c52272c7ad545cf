"""Improvement plan: actions from areas for improvement, as a sortable, filterable table and a matrix."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QBrush, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableView, QTabWidget, QVBoxLayout, QWidget)

from npmassess.assessment import ACTION_STATUSES, PRIORITIES, Action, value_label
from npmassess.errors import NpmassessError
from npmassess.numbers import short_date
from npmassess.i18n import current_language

from . import action_dialog, undo, viewkit
from .plan_matrix import PRIORITY_COLOURS, PRIORITY_SIGNS, PriorityMatrix
from .session import Session

PRIORITY_RANK = {"High": 3, "Medium": 2, "Low": 1}
# roles as plain ints: comparing the int role with Qt enum members is slow (see consensus_model)
DISPLAY, TOOLTIP, ALIGNMENT, BACKGROUND, FOREGROUND = (
    int(r.value) for r in (Qt.DisplayRole, Qt.ToolTipRole, Qt.TextAlignmentRole, Qt.BackgroundRole,
                           Qt.ForegroundRole))
USER = int(Qt.UserRole.value)
ALL = "\x00all"  # filter item data for "no filter" (never None: see consensus_view.NOT_AGREED)


def priority_legend() -> str:
    """The plan's legend: priority is urgency (from impact and effort), shown by sign and colour."""
    from PySide6.QtCore import QCoreApplication
    tr = lambda t: QCoreApplication.translate("PlanView", t)  # noqa: E731
    meaning = {"High": tr("act first (high impact, little effort)"), "Medium": tr("plan it"),
               "Low": tr("when time allows")}
    cells = "".join(f"<td style='background:{PRIORITY_COLOURS[p].name()}; color:#000000'>&nbsp;{PRIORITY_SIGNS[p]} "
                    f"{tr(p)}&nbsp;</td><td>&nbsp;{meaning[p]}&nbsp;&nbsp;</td>" for p in PRIORITY_COLOURS)
    return f"<table cellspacing='2'><tr><td>{tr('Priority:')}&nbsp;</td>{cells}</tr></table>"


class ActionsModel(QAbstractTableModel):
    """One row per improvement action of the assessment."""

    TITLE, NODES, OWNER, DUE, STATUS, IMPACT, EFFORT, PRIORITY = range(8)
    ACTION_ID_ROLE = USER + 1
    SORT_ROLE = USER + 2
    SEARCH_ROLE = USER + 3

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._actions: list[Action] = []
        self._titles: dict[str, str] = {}
        self._headers = [self.tr("Title"), self.tr("Node"), self.tr("Owner"), self.tr("Due"),
                         self.tr("Status"), self.tr("Impact"), self.tr("Effort"), self.tr("Priority")]

    def set_actions(self, actions: list[Action], node_titles: dict[str, str]) -> None:
        self.beginResetModel()
        self._actions, self._titles = list(actions), node_titles
        self.endResetModel()

    def action(self, row: int) -> Action:
        return self._actions[row]

    def row_of(self, action_id: str) -> int:
        return next((i for i, a in enumerate(self._actions) if a.id == action_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._actions)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=DISPLAY):
        if role == DISPLAY and orientation == Qt.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index, role=DISPLAY):
        if not index.isValid() or not 0 <= index.row() < len(self._actions):
            return None
        a, col = self._actions[index.row()], index.column()
        if role == self.ACTION_ID_ROLE:
            return a.id
        if role == self.SEARCH_ROLE:
            nodes = " ".join(f"{n} {self._titles.get(n, '')}" for n in a.node_ids)
            return f"{a.title}\n{a.description}\n{a.owner}\n{nodes}".casefold()
        if role in (DISPLAY, self.SORT_ROLE):
            values = [a.title, ", ".join(a.node_ids), a.owner, a.due, a.status, a.impact, a.effort, a.priority]
            value = values[col]
            if role == self.SORT_ROLE:
                if col == self.PRIORITY:
                    return PRIORITY_RANK[a.priority]
                if col == self.DUE:
                    return a.due or "9999"
                if col == self.STATUS:
                    return ACTION_STATUSES.index(a.status) if a.status in ACTION_STATUSES else 9
                return value.casefold() if isinstance(value, str) else value
            if col == self.PRIORITY:
                return f"{PRIORITY_SIGNS[a.priority]} {value_label(value)}"  # stored in English, shown translated
            if col == self.STATUS:
                return value_label(value)
            if col == self.DUE:
                return short_date(value, current_language())  # 21/02/2027 in French; stored ISO
            return value
        if role == TOOLTIP:
            if col == self.NODES:
                return "\n".join(f"{n} {self._titles.get(n, '')}" for n in a.node_ids)
            if col == self.TITLE and a.description:
                return a.description
        if role == BACKGROUND and col == self.PRIORITY:
            return QBrush(PRIORITY_COLOURS[a.priority])
        if role == FOREGROUND and col == self.PRIORITY:
            return QBrush(Qt.black)
        if role == ALIGNMENT and col in (self.IMPACT, self.EFFORT, self.DUE):
            return int(Qt.AlignCenter)
        return None


class ActionFilterProxy(QSortFilterProxyModel):
    """Filters by status, priority, owner and free text; sorts on the model's sort role."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.status: str | None = None
        self.priority: str | None = None
        self.owner: str | None = None
        self.text = ""
        self.setSortRole(ActionsModel.SORT_ROLE)

    def set_filters(self, status=None, priority=None, owner=None, text="") -> None:
        self.beginFilterChange()
        self.status, self.priority, self.owner, self.text = status, priority, owner, text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:
        model = self.sourceModel()
        a = model.action(row)
        if self.status and a.status != self.status:
            return False
        if self.priority and a.priority != self.priority:
            return False
        if self.owner is not None and a.owner != self.owner:
            return False
        if self.text:
            haystack = model.data(model.index(row, 0), ActionsModel.SEARCH_ROLE)
            return all(word in haystack for word in self.text.split())
        return True


class PlanView(QWidget):
    """The improvement plan of the open assessment."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._dirty = True
        self.model = ActionsModel(self)
        self.proxy = ActionFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter by text"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Filter actions by text"))
        self.status_filter, self.priority_filter, self.owner_filter = QComboBox(), QComboBox(), QComboBox()
        self.status_filter.addItem(self.tr("All statuses"), ALL)
        for status in ACTION_STATUSES:
            self.status_filter.addItem(self.tr(status), status)
        self.priority_filter.addItem(self.tr("All priorities"), ALL)
        for priority in PRIORITIES:
            self.priority_filter.addItem(self.tr(priority), priority)
        self.status_filter.setAccessibleName(self.tr("Filter by status"))
        self.priority_filter.setAccessibleName(self.tr("Filter by priority"))
        self.owner_filter.setAccessibleName(self.tr("Filter by owner"))
        self.owner_filter.setMinimumContentsLength(14)
        self.search.textChanged.connect(self._apply_filters)
        for box in (self.status_filter, self.priority_filter, self.owner_filter):
            box.currentIndexChanged.connect(self._apply_filters)
        self.count_label = QLabel()

        self.new_button = QPushButton(self.tr("New action…"))
        self.from_afi_button = QPushButton(self.tr("From area for improvement…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.from_afi_button.setToolTip(self.tr("Create an action from an area for improvement of the current node"))
        self.new_button.clicked.connect(self.new_action)
        self.from_afi_button.clicked.connect(self.new_from_improvement)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ActionsModel.PRIORITY, Qt.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.tr("Improvement actions"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ActionsModel.TITLE, QHeaderView.Stretch)
        for col, width in ((ActionsModel.NODES, 80), (ActionsModel.OWNER, 150), (ActionsModel.DUE, 96),
                           (ActionsModel.STATUS, 90), (ActionsModel.IMPACT, 60), (ActionsModel.EFFORT, 60),
                           (ActionsModel.PRIORITY, self.fontMetrics().horizontalAdvance("▲▲▲ Medium") + 20)):
            header.setSectionResizeMode(col, QHeaderView.Interactive)
            header.resizeSection(col, width)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.matrix = PriorityMatrix()
        self.matrix.action_clicked.connect(self.select_action)
        self.matrix.action_activated.connect(self._edit_by_id)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Plan as a table or a matrix"))
        self.tabs.addTab(self.table, self.tr("Table"))
        self.tabs.addTab(self.matrix, self.tr("Priority matrix"))

        buttons = QHBoxLayout()
        for w in (self.new_button, self.from_afi_button, self.edit_button, self.delete_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.priority_filter, 1)
        filters.addWidget(self.owner_filter, 1)
        self.legend = QLabel(priority_legend())
        self.legend.setAccessibleName(self.tr("Priority legend"))
        self.legend.setTextFormat(Qt.RichText)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(filters)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.legend)

        self._actions = self._make_actions()
        session.changed.connect(self._on_changed)
        self.refresh()

    def _make_actions(self) -> list[QAction]:
        def make(text, shortcut, slot):
            return viewkit.view_action(self, text, shortcut, slot)
        return [make(self.tr("New improvement action…"), "Ctrl+Shift+N", self.new_action),
                make(self.tr("Action from area for improvement…"), "Ctrl+Shift+I", self.new_from_improvement),
                make(self.tr("Edit action…"), "F2", self.edit_selected),
                make(self.tr("Delete action"), QKeySequence.Delete, self.delete_selected),
                make(self.tr("Filter actions"), "Ctrl+F", lambda: self.search.setFocus())]

    def view_actions(self) -> list[QAction]:
        """Actions for the main window's menus (enabled while this view is shown)."""
        return list(self._actions)

    def showEvent(self, event) -> None:
        for action in self._actions:
            action.setEnabled(True)
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        for action in self._actions:
            action.setEnabled(False)
        super().hideEvent(event)

    def _on_changed(self, kind: str) -> None:
        if kind in ("actions", "notes", "participants", "all", "assessment"):
            self._dirty = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        selected = self.selected_id()
        snap = self.session.snapshot()
        titles = {n.id: n.title() for n in self.session.framework.scored_nodes()}
        self.model.set_actions(snap.actions, titles)
        owner = self.owner_filter.currentData() if self.owner_filter.count() else ALL
        self.owner_filter.blockSignals(True)
        self.owner_filter.clear()
        self.owner_filter.addItem(self.tr("All owners"), ALL)
        for name in sorted({a.owner for a in snap.actions}, key=str.casefold):
            self.owner_filter.addItem(name or self.tr("(no owner)"), name)
        self.owner_filter.setCurrentIndex(max(0, self.owner_filter.findData(owner)))
        self.owner_filter.blockSignals(False)
        self._apply_filters()
        if selected:
            self.select_action(selected)

    def _apply_filters(self) -> None:
        chosen = [box.currentData() for box in (self.status_filter, self.priority_filter, self.owner_filter)]
        self.proxy.set_filters(*[None if c == ALL else c for c in chosen], self.search.text())
        shown = [self.model.action(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
                 for r in range(self.proxy.rowCount())]
        self.matrix.set_actions(shown)
        self.count_label.setText(self.tr("{shown} of {total} actions").format(
            shown=len(shown), total=self.model.rowCount()))

    # selection ----------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        if index.isValid() and self.table.selectionModel().isSelected(index):
            return index.data(ActionsModel.ACTION_ID_ROLE)
        return self.matrix.selected if self.tabs.currentWidget() is self.matrix else None

    def select_action(self, action_id: str) -> None:
        row = self.model.row_of(action_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.setCurrentIndex(index)
        self.matrix.selected = action_id
        self.matrix.update()

    # editing ------------------------------------------------------------------------------
    def new_action(self) -> str | None:
        return self._create(action_dialog.ask_action(self, self.session, node_id=self.session.current_node))

    def new_from_improvement(self) -> str | None:
        """An action linked to the current node and its first consolidated (else individual) AFI."""
        node_id = self.session.current_node
        afis = self.session.snapshot().notes_for(node_id, "improvement")
        if not afis:
            viewkit.show_error(self, self.tr("Node {node} has no area for improvement yet; add one in the "
                                             "scoring workspace or use New action.").format(node=node_id))
            return None
        first = next((n for n in afis if n.participant_id is None), afis[0])
        return self._create(action_dialog.ask_action(self, self.session, node_id=node_id, note_ids=(first.id,)))

    def _create(self, fields: dict | None) -> str | None:
        if not fields:
            return None
        fields = dict(fields)
        title, node_ids, note_ids = fields.pop("title"), fields.pop("node_ids", []), fields.pop("note_ids", [])
        try:
            action_id = undo.add_action(self.session, title, node_ids, note_ids, **fields)
        except NpmassessError as exc:
            viewkit.show_error(self, str(exc))
            return None
        self.select_action(action_id)
        return action_id

    def edit_selected(self) -> bool:
        action_id = self.selected_id()
        if not action_id:
            viewkit.show_error(self, self.tr("Select an action in the table or the matrix first."))
            return False
        return self._edit_by_id(action_id)

    def _edit_by_id(self, action_id: str) -> bool:
        action = next((a for a in self.session.snapshot().actions if a.id == action_id), None)
        if action is None:
            return False
        fields = action_dialog.ask_action(self, self.session, action)
        if not fields:
            return False
        try:
            return undo.update_action(self.session, action_id, **fields)
        except NpmassessError as exc:
            viewkit.show_error(self, str(exc))
            return False

    def delete_selected(self) -> bool:
        action_id = self.selected_id()
        if not action_id:
            viewkit.show_error(self, self.tr("Select an action in the table or the matrix first."))
            return False
        undo.delete_action(self.session, action_id)  # undoable, so no confirmation
        return True
