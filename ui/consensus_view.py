"""Consensus: everyone's scores side by side, the meeting agenda, agreed scores and merged notes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDoubleSpinBox, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QScrollArea, QSplitter, QTableView, QTabWidget, QVBoxLayout,
                               QWidget)

from npmassess import counts
from npmassess.i18n import ngettext

from . import undo, viewkit
from .consensus_model import ConsensusGridModel, short_name  # noqa: F401  (re-exported)
from .notes_merge import NotesMerger
from .session import Session

# Item data is never None: PySide6 6.12 on Python 3.11 drops a reference to None each time a
# None QVariant is read back (currentData()), which eventually aborts the process.
NOT_AGREED = -1
GRID_KINDS = {"ratings", "consensus", "participants", "assessment", "all"}
NOTE_KINDS = {"notes", "participants", "all"}


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
            # the unit follows the value: ' 1 level', ' 2 levels' (French: 0 and 1 niveau)
            self.threshold.valueChanged.connect(self._level_suffix)
        else:
            self.threshold.setRange(0, 100)
            self.threshold.setDecimals(0)
            self.threshold.setSingleStep(5)
            self.threshold.setSuffix(self.tr(" points"))
        self.threshold.setToolTip(self.tr("Nodes whose spread of individual scores exceeds this value "
                                          "are highlighted and listed first"))
        self.threshold.setValue(viewkit.agenda_threshold(session))
        if ordinal:
            self._level_suffix(self.threshold.value())
        self.threshold.valueChanged.connect(self._threshold_changed)
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
        self.notes_tabs.setAccessibleName(self.tr("Consolidated notes"))
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
        from .agreement_bar import AgreementBar
        self.agreement = AgreementBar(session, self)
        layout.addWidget(self.agreement)
        layout.addWidget(self.splitter, 1)

        self._actions = self._make_actions()
        session.changed.connect(self._on_changed)
        session.node_selected.connect(self._on_node_selected)
        self.refresh()

    # actions ------------------------------------------------------------------------------
    def _level_suffix(self, value: float) -> None:
        """' level' after 1, ' levels' after 2 (in French ' niveau' up to 1)."""
        self.threshold.setSuffix(ngettext(" level", " levels", value))

    def _make_actions(self) -> list[QAction]:
        def make(text, shortcut, slot):
            return viewkit.view_action(self, text, shortcut, slot)
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
        metrics = header.fontMetrics()
        cell = self.table.fontMetrics().horizontalAdvance("100.0") + 12
        widths = []
        for col in range(1, self.model.columnCount()):
            # sized from the header text and the widest value: ResizeToContents would query every cell
            text = self.model.headerData(col, Qt.Horizontal)
            header.setSectionResizeMode(col, QHeaderView.Interactive)
            widths.append(max(cell, metrics.horizontalAdvance(text) + 14))
            header.resizeSection(col, widths[-1])
        header.setSectionResizeMode(0, QHeaderView.Stretch)  # the node's title takes what is left
        header.setMinimumSectionSize(min(40, cell))
        need = sum(widths) + metrics.horizontalAdvance("0.00  Wide node title") + 2 * self.table.frameWidth() \
            + self.table.verticalScrollBar().sizeHint().width() + 8
        self._table_need = need
        self._fit_table()
        self._select_row(self.session.current_node)

    def _fit_table(self) -> None:
        """Give the table the width its participant columns need (up to 70 % of the view)."""
        need, total = getattr(self, "_table_need", 0), sum(self.splitter.sizes())
        if total and self.splitter.sizes()[0] < need <= total * 0.7:
            self.splitter.setSizes([need, total - need])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_table)  # once the splitter has its new size

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
        if div.by_dim:  # side-by-side lights: each one spread on its own
            raters = len(set.intersection(*(set(v) for v in div.by_dim.values()))) if div.by_dim else 0
            text = ngettext("{n} participant rated every light of this node; widest spread {spread}. "
                            "The lights are agreed one by one, never combined.",
                            "{n} participants rated every light of this node; widest spread {spread}. "
                            "The lights are agreed one by one, never combined.", raters).format(
                n=raters, spread=counts.levels(div.spread or 0, viewkit.value_text(None, div.spread)))
        elif div.raters:
            text = ngettext("{n} participant scored this node; lowest {low}, highest {high}, spread {spread}.",
                            "{n} participants scored this node; lowest {low}, highest {high}, spread {spread}.",
                            div.raters)
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
        snap = self.session.snapshot()
        dims = viewkit.dimensions(self.session, node)
        if [d for d, _ in self._editors] == list(dims):
            # same scale(s) as before: refill the editors, so typing focus survives an edit
            for dim, editor in self._editors:
                current = snap.consensus.get((node.id, dim.id))
                if isinstance(editor, QComboBox):
                    editor.setCurrentIndex(max(0, editor.findData(int(current))) if current is not None else 0)
                else:
                    editor.setText(viewkit.value_text(None, current) if current is not None else "")
            return
        while self.score_form.rowCount():
            self.score_form.removeRow(0)
        self._editors = []
        snap = self.session.snapshot()
        for dim in viewkit.dimensions(self.session, node):
            scale, current = dim.scale, snap.consensus.get((node.id, dim.id))
            if scale.ordinal:
                editor = QComboBox()
                editor.addItem(self.tr("— not agreed —"), NOT_AGREED)
                for level in scale.levels:
                    editor.addItem(f"{level.value}  {level.label()}", level.value)
                    editor.setItemData(editor.count() - 1, level.guidance(), Qt.ToolTipRole)
                editor.setCurrentIndex(max(0, editor.findData(int(current))) if current is not None else 0)
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
                level = editor.currentData()
                values[dim.id] = None if level == NOT_AGREED else float(level)
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
        viewkit.save_rationale(self, self.session, self._rationale_node, self.rationale)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.rationale and event.type() == QEvent.FocusOut:
            self.save_rationale()
        return super().eventFilter(obj, event)

    def _threshold_changed(self, value: float) -> None:
        viewkit.set_agenda_threshold(self.session, value)
        self._refresh_grid()

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
