"""Consensus: everyone's scores side by side, the meeting agenda, agreed scores and merged notes."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDoubleSpinBox, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QScrollArea, QSplitter,
                               QTableView, QTabWidget, QVBoxLayout, QWidget)

from npmassess.errors import NpmassessError
from npmassess.model import Scale

from . import undo, viewkit
from .session import Session

AGENDA_COLOUR = QColor("#ffd966")
GRID_KINDS = {"ratings", "consensus", "participants", "assessment", "all"}
NOTE_KINDS = {"notes", "participants", "all"}


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


class NotesMerger(QWidget):
    """Participants' notes of one kind beside the consolidated list, with merge buttons."""

    def __init__(self, session: Session, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.kind = session, kind
        self.individual = QListWidget()
        self.individual.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.individual.setWordWrap(True)
        self.individual.setAlternatingRowColors(True)
        self.individual.setSpacing(2)
        self.individual.setAccessibleName(self.tr("Participants' notes"))
        self.consolidated = QListWidget()
        self.consolidated.setWordWrap(True)
        self.consolidated.setAlternatingRowColors(True)
        self.consolidated.setSpacing(2)
        self.consolidated.setAccessibleName(self.tr("Consolidated notes"))
        self.merge_selected_button = QPushButton(self.tr("Merge selected →"))
        self.merge_all_button = QPushButton(self.tr("Merge all →"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.merge_selected_button.setToolTip(self.tr("Copy the selected texts into the consolidated list"))
        self.merge_all_button.setToolTip(self.tr("Copy every participant's text (exact duplicates are skipped)"))
        self.remove_button.setToolTip(self.tr("Remove the selected consolidated note"))
        self.merge_selected_button.clicked.connect(self.merge_selected)
        self.merge_all_button.clicked.connect(self.merge_all)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.merge_selected_button)
        buttons.addWidget(self.merge_all_button)
        buttons.addStretch(1)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(QLabel(self.tr("From participants")))
        left.addWidget(self.individual)
        right.addWidget(QLabel(self.tr("Consolidated")))
        right.addWidget(self.consolidated)
        right.addWidget(self.remove_button, 0, Qt.AlignRight)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(left, 3)
        layout.addLayout(buttons)
        layout.addLayout(right, 3)

    def refresh(self, node_id: str) -> None:
        snap = self.session.snapshot()
        names = {p.id: p.name for p in snap.participants}
        self.individual.clear()
        self.consolidated.clear()
        merged = {n.text for n in snap.notes_for(node_id, self.kind, None)}
        for note in snap.notes_for(node_id, self.kind):
            if note.participant_id is None:
                continue
            item = QListWidgetItem(f"{names.get(note.participant_id, '?')}: {note.text}")
            item.setData(Qt.UserRole, note.text)
            if note.text in merged:
                item.setForeground(QBrush(self.palette().placeholderText().color()))
                item.setToolTip(self.tr("Already in the consolidated list"))
            self.individual.addItem(item)
        for note in snap.notes_for(node_id, self.kind, None):
            item = QListWidgetItem(note.text)
            item.setData(Qt.UserRole, note.id)
            self.consolidated.addItem(item)
        self.merge_all_button.setEnabled(self.individual.count() > 0)

    def pending(self) -> list[str]:
        """Participants' texts not yet in the consolidated list."""
        merged = {self.consolidated.item(i).text() for i in range(self.consolidated.count())}
        texts = [self.individual.item(i).data(Qt.UserRole) for i in range(self.individual.count())]
        return [t for t in texts if t not in merged]

    def merge_selected(self) -> int:
        texts = [i.data(Qt.UserRole) for i in self.individual.selectedItems()]
        if not texts:
            viewkit.show_error(self, self.tr("Select one or more participants' notes to merge first."))
            return 0
        return self._merge(texts)

    def merge_all(self) -> int:
        return self._merge([self.individual.item(i).data(Qt.UserRole) for i in range(self.individual.count())])

    def _merge(self, texts: list[str]) -> int:
        try:
            return undo.merge_notes(self.session, self.session.current_node, self.kind, texts)
        except NpmassessError as exc:
            viewkit.show_error(self, str(exc))
            return 0

    def remove_selected(self) -> None:
        item = self.consolidated.currentItem()
        if item is None:
            viewkit.show_error(self, self.tr("Select a consolidated note to remove first."))
            return
        undo.remove_note(self.session, item.data(Qt.UserRole))


class ConsensusView(QWidget):
    """The consensus meeting: agenda grid, agreed scores, rationale, consolidated notes."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._dirty_grid = self._dirty_detail = True
        self._editors: list[tuple] = []  # (dimension, editor widget)
        self._rationale_node = ""
        ordinal = session.method.ordinal

        self.threshold = QDoubleSpinBox()
        self.threshold.setObjectName("threshold")
        self.threshold.setAccessibleName(self.tr("Agenda threshold"))
        if ordinal:
            self.threshold.setRange(0, 4)
            self.threshold.setDecimals(0)
            self.threshold.setValue(1)
            self.threshold.setSuffix(self.tr(" level(s)"))
        else:
            self.threshold.setRange(0, 100)
            self.threshold.setDecimals(0)
            self.threshold.setSingleStep(5)
            self.threshold.setValue(20)
            self.threshold.setSuffix(self.tr(" points"))
        self.threshold.setToolTip(self.tr("Nodes whose spread of individual scores exceeds this value "
                                          "are highlighted and listed first"))
        self.threshold.valueChanged.connect(self._refresh_grid)
        self.agenda_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Agenda: spread above")))
        top.addWidget(self.threshold)
        top.addWidget(self.agenda_label, 1)

        self.model = ConsensusGridModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Scores of every participant"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setMinimumSectionSize(40)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.node_title = QLabel()
        self.node_title.setWordWrap(True)
        font = self.node_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.node_title.setFont(font)
        self.spread_label = QLabel()
        self.spread_label.setWordWrap(True)
        self.score_form = QFormLayout()
        self.apply_button = QPushButton(self.tr("Apply consensus"))
        self.apply_button.setToolTip(self.tr("Record the agreed score (Ctrl+Return)"))
        self.apply_button.clicked.connect(self.apply_consensus)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Remove the agreed score of this node"))
        self.clear_button.clicked.connect(self.clear_consensus)
        score_box = QGroupBox(self.tr("Agreed score"))
        score_layout = QVBoxLayout(score_box)
        score_layout.addLayout(self.score_form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.clear_button)
        row.addWidget(self.apply_button)
        score_layout.addLayout(row)

        self.rationale = QPlainTextEdit()
        self.rationale.setAccessibleName(self.tr("Rationale"))
        self.rationale.setPlaceholderText(self.tr("Why the group agreed on this score (saved when you leave the field)"))
        self.rationale.setTabChangesFocus(True)
        self.rationale.setMinimumHeight(60)
        self.rationale.installEventFilter(self)
        rationale_box = QGroupBox(self.tr("Rationale"))
        QVBoxLayout(rationale_box).addWidget(self.rationale)

        self.strengths = NotesMerger(session, "strength")
        self.improvements = NotesMerger(session, "improvement")
        self.notes_tabs = QTabWidget()
        self.notes_tabs.addTab(self.strengths, self.tr("Strengths"))
        self.notes_tabs.addTab(self.improvements, self.tr("Areas for improvement"))
        self.notes_tabs.setMinimumHeight(200)

        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.addWidget(self.node_title)
        dl.addWidget(self.spread_label)
        upper = QGridLayout()
        upper.addWidget(score_box, 0, 0)
        upper.addWidget(rationale_box, 0, 1)
        upper.setColumnStretch(0, 2)
        upper.setColumnStretch(1, 3)
        dl.addLayout(upper)
        dl.addWidget(self.notes_tabs, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(detail)
        scroll.setFrameShape(QScrollArea.NoFrame)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([720, 640])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        self._actions = self._make_actions()
        session.changed.connect(self._on_changed)
        session.node_selected.connect(self._on_node_selected)
        self.refresh()

    # actions ------------------------------------------------------------------------------
    def _make_actions(self) -> list[QAction]:
        def make(text, shortcut, slot):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            action.setEnabled(False)
            self.addAction(action)
            return action
        self.apply_action = make(self.tr("Apply consensus"), "Ctrl+Return", self.apply_consensus)
        self.next_agenda_action = make(self.tr("Next agenda node"), "F8", lambda: self.step_agenda(1))
        self.previous_agenda_action = make(self.tr("Previous agenda node"), "Shift+F8", lambda: self.step_agenda(-1))
        self.merge_all_action = make(self.tr("Merge all notes of this node"), "Ctrl+Shift+M", self.merge_all_notes)
        return [self.apply_action, self.next_agenda_action, self.previous_agenda_action, self.merge_all_action]

    def view_actions(self) -> list[QAction]:
        """Actions for the main window's menus (enabled while this view is shown)."""
        return list(self._actions)

    def showEvent(self, event) -> None:
        for action in self._actions:
            action.setEnabled(True)
        if self._dirty_grid or self._dirty_detail:
            self.refresh()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self.save_rationale()
        for action in self._actions:
            action.setEnabled(False)
        super().hideEvent(event)

    # refreshing ---------------------------------------------------------------------------
    def _on_changed(self, kind: str) -> None:
        if kind in GRID_KINDS:
            self._dirty_grid = self._dirty_detail = True
        elif kind in NOTE_KINDS:
            self._dirty_detail = True
        else:
            return
        if self.isVisible():
            self.refresh()

    def _on_node_selected(self, node_id: str) -> None:
        self.save_rationale()
        self._select_row(node_id)
        self._dirty_detail = True
        if self.isVisible():
            self._refresh_detail()

    def refresh(self) -> None:
        if self._dirty_grid:
            self._refresh_grid()
        if self._dirty_detail:
            self._refresh_detail()

    def _refresh_grid(self) -> None:
        self._dirty_grid = False
        self.model.set_data(self.session, self.threshold.value())
        n = self.model.agenda_count()
        self.agenda_label.setText(self.tr("{n} of {total} nodes on the agenda (highlighted, listed first)")
                                  .format(n=n, total=self.model.rowCount()))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Interactive)
        header.resizeSection(0, 230)
        metrics = header.fontMetrics()
        for col in range(1, self.model.columnCount()):
            # sized from the header text: ResizeToContents would query every cell on each refresh
            text = self.model.headerData(col, Qt.Horizontal)
            header.setSectionResizeMode(col, QHeaderView.Interactive)
            header.resizeSection(col, max(52, metrics.horizontalAdvance(text) + 18))
        self._select_row(self.session.current_node)

    def _select_row(self, node_id: str) -> None:
        row = self.model.row_of(node_id)
        if row >= 0 and self.table.currentIndex().row() != row:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.selectionModel().blockSignals(False)
            self.table.scrollTo(self.model.index(row, 0))

    def _row_changed(self, current, _previous) -> None:
        if current.isValid():
            self.session.select_node(current.data(ConsensusGridModel.NODE_ID_ROLE))

    def _refresh_detail(self) -> None:
        self._dirty_detail = False
        session = self.session
        try:
            node = session.framework.node(session.current_node)
        except KeyError:
            return
        div = viewkit.divergence(session)[node.id]
        scale = viewkit.node_scale(session, node)
        self.node_title.setText(f"{node.id}  {node.title()}")
        if div.raters:
            text = self.tr("{n} participant(s) scored this node; lowest {low}, highest {high}, spread {spread}.")
            text = text.format(n=div.raters, low=viewkit.value_text(scale, div.low, True),
                               high=viewkit.value_text(scale, div.high, True),
                               spread=viewkit.value_text(None, div.spread))
        else:
            text = self.tr("No participant has scored this node completely yet.")
        self.spread_label.setText(text)
        self._build_editors(node)
        snap = session.snapshot()
        self._rationale_node = node.id
        self.rationale.setPlainText(snap.rationale.get(node.id, ""))
        self.rationale.document().setModified(False)
        self.strengths.refresh(node.id)
        self.improvements.refresh(node.id)

    def _build_editors(self, node) -> None:
        while self.score_form.rowCount():
            self.score_form.removeRow(0)
        self._editors = []
        snap = self.session.snapshot()
        for dim in viewkit.dimensions(self.session, node):
            scale, current = dim.scale, snap.consensus.get((node.id, dim.id))
            if scale.ordinal:
                editor = QComboBox()
                editor.addItem(self.tr("— not agreed —"), None)
                for level in scale.levels:
                    editor.addItem(f"{level.value}  {level.label()}", level.value)
                    editor.setItemData(editor.count() - 1, level.guidance(), Qt.ToolTipRole)
                editor.setCurrentIndex(max(0, editor.findData(current)) if current is not None else 0)
            else:
                editor = QLineEdit(viewkit.value_text(None, current) if current is not None else "")
                editor.setPlaceholderText(self.tr("{min}-{max}, steps of {step}").format(
                    min=scale.min, max=scale.max, step=scale.step))
                editor.setMaximumWidth(120)
                editor.returnPressed.connect(self.apply_consensus)
                bands = "\n".join(f"{b.min}-{b.max}  {b.label()}" for b in scale.bands)
                editor.setToolTip(bands)
            editor.setAccessibleName(self.tr("Consensus {dimension}").format(dimension=dim.title()))
            if isinstance(editor, QLineEdit):
                band = QLabel()
                editor.textChanged.connect(lambda text, sc=scale, lab=band: lab.setText(
                    sc.label_of(viewkit.parse_score(sc, text, "")[0])))
                band.setText(scale.label_of(current))
                cell = QHBoxLayout()
                cell.addWidget(editor)
                cell.addWidget(band, 1)
                self.score_form.addRow(dim.title(), cell)
            else:
                self.score_form.addRow(dim.title(), editor)
            self._editors.append((dim, editor))

    # editing ------------------------------------------------------------------------------
    def _typed_values(self) -> tuple[dict, list[str]]:
        values, errors = {}, []
        for dim, editor in self._editors:
            if isinstance(editor, QComboBox):
                values[dim.id] = editor.currentData()
            else:
                value, problem = viewkit.parse_score(dim.scale, editor.text(), dim.title())
                if problem:
                    errors.append(problem)
                values[dim.id] = value
        return values, errors

    def apply_consensus(self) -> bool:
        """Record the typed consensus score(s) of the current node; False if refused."""
        values, errors = self._typed_values()
        if errors:
            viewkit.show_error(self, self.tr("The consensus score was not recorded.") + "\n" + "\n".join(errors))
            return False
        self.save_rationale()
        self._push_scores(values)
        return True

    def clear_consensus(self) -> None:
        self._push_scores({dim.id: None for dim, _ in self._editors})

    def _push_scores(self, values: dict) -> None:
        node_id, snap = self.session.current_node, self.session.snapshot()
        changed = {d: v for d, v in values.items() if snap.consensus.get((node_id, d)) != v}
        if not changed:
            return
        stack = self.session.undo_stack
        stack.beginMacro(self.tr("Consensus for {node}").format(node=node_id))
        for dim_id, value in changed.items():
            undo.set_rating(self.session, None, node_id, dim_id, value)
        stack.endMacro()

    def save_rationale(self) -> None:
        """Store the rationale being typed, if it changed (undoable)."""
        if not self._rationale_node or not self.rationale.document().isModified():
            return
        self.rationale.document().setModified(False)
        try:
            undo.set_rationale(self.session, self._rationale_node, self.rationale.toPlainText())
        except NpmassessError as exc:
            viewkit.show_error(self, str(exc))

    def eventFilter(self, obj, event) -> bool:
        if obj is self.rationale and event.type() == QEvent.FocusOut:
            self.save_rationale()
        return super().eventFilter(obj, event)

    def set_threshold(self, value: float) -> None:
        self.threshold.setValue(value)

    def agenda(self) -> list[str]:
        """Node ids on the agenda, widest spread first."""
        return [self.model._rows[i].id for i in range(self.model.agenda_count())]

    def step_agenda(self, offset: int) -> None:
        items = self.agenda()
        if not items:
            return
        current = self.session.current_node
        i = items.index(current) + offset if current in items else 0
        self.session.select_node(items[i % len(items)])

    def merge_all_notes(self) -> int:
        """Merge every participant's strengths and areas for improvement (one undo step)."""
        mergers = [m for m in (self.strengths, self.improvements) if m.pending()]
        if not mergers:
            return 0
        stack = self.session.undo_stack
        stack.beginMacro(self.tr("Merge all notes of {node}").format(node=self.session.current_node))
        try:
            return sum(m.merge_all() for m in mergers)
        finally:
            stack.endMacro()
