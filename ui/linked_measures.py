"""The scoring workspace's "linked measures" panel: a results node's measures with their charts and
trend statements, and the band the register suggests (the team may overrule it, with a reason)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from npmassess.errors import NpmassessError
from npmassess.model import Node
from npmassess.results.figures import figure_of
from npmassess.results.registry import overrules, set_overrule
from npmassess.results.suggest import Suggestion, is_results_node, suggest

from . import dialogs, undo
from .measure_chart import MeasureChart
from .session import Session


class MeasureCard(QFrame):
    """One linked measure: name, level and direction, the statement, both charts."""

    def __init__(self, measure, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        fig = figure_of(measure)
        self.measure, self.figure = measure, fig
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        unit = f" ({measure.unit})" if measure.unit else ""
        better = self.tr("lower is better") if measure.lower_is_better else self.tr("higher is better")
        self.title = QLabel(f"{measure.name}{unit}", self)
        self.title.setTextFormat(Qt.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.statement = QLabel(f"{fig.reading.statement()} · {measure.level} · {better}", self)
        self.statement.setTextFormat(Qt.PlainText)
        self.statement.setWordWrap(True)
        self.statement.setToolTip(fig.reading.reason)
        self.chart = MeasureChart(self)
        self.chart.set_figure(fig)
        self.chart.setMinimumHeight(170)
        for w in (self.title, self.statement, self.chart):
            lay.addWidget(w)


class SuggestionRow:
    """Widgets of one dimension's suggestion in the panel's grid."""

    def __init__(self, panel: "LinkedMeasuresPanel", grid: QGridLayout, row: int, s: Suggestion, title: str,
                 reason: str):
        self.panel, self.s = panel, s
        text = (panel.tr("{dim}: {label} ({value:g})").format(dim=title, label=s.label, value=s.value)
                if s.value is not None else panel.tr("{dim}: no suggestion").format(dim=title))
        self.label = QLabel(text, panel)
        self.label.setTextFormat(Qt.PlainText)
        self.label.setToolTip(s.reason)
        self.label.setWordWrap(True)
        self.use = QPushButton(panel.tr("Use"), panel)
        self.use.setToolTip(panel.tr("Give the suggested value as the shown participant's score"))
        self.use.setAccessibleName(panel.tr("Use the suggested {dim} score").format(dim=title))
        self.use.setEnabled(s.value is not None)
        self.use.clicked.connect(lambda: panel.use(s))
        self.reason = QLineEdit(reason, panel)
        self.reason.setPlaceholderText(panel.tr("Why the team decided otherwise (kept with the assessment)"))
        self.reason.setAccessibleName(panel.tr("Reason for overruling the {dim} suggestion").format(dim=title))
        self.reason.editingFinished.connect(lambda: panel.keep_reason(s, self.reason.text()))
        grid.addWidget(self.label, row, 0)
        grid.addWidget(self.use, row, 1)
        grid.addWidget(self.reason, row, 2)


class LinkedMeasuresPanel(QWidget):
    """Shown beside a node's guidance when the node is a results node or has measures linked to it."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.node: Node | None = None
        self.participant: str | None = None
        self.rows: list[SuggestionRow] = []
        self.cards: list[MeasureCard] = []
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.PlainText)
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(2, 1)
        self.list_host = QWidget(self)
        self.list = QVBoxLayout(self.list_host)
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(self.list_host)
        self.scroll = scroll
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        lay.addLayout(top)
        lay.addWidget(self.hint)
        lay.addWidget(self.grid_host)
        lay.addWidget(scroll, 1)
        session.changed.connect(self._changed)

    def wanted(self, node: Node) -> bool:
        """True when this node gets the panel: a results node, or one with measures linked to it."""
        fw = self.session.framework
        return node.scored and (is_results_node(fw, node) or f"{fw.id}:{node.id}" in self.session.results_links())

    def show_node(self, node: Node, participant: str | None) -> None:
        """Show a node's measures; a score change on the same node keeps the built cards."""
        key = (node.id, getattr(self.session, "register_version", 0))
        self.participant = participant
        if key == getattr(self, "_key", None):
            return
        self.node, self._key = node, key
        self._rebuild()

    def _changed(self, kind: str) -> None:
        if self.node is not None and kind in ("results", "all", "assessment") and self.isVisible():
            self._key = (self.node.id, getattr(self.session, "register_version", 0))
            self._rebuild()

    def _rebuild(self) -> None:
        node, fw = self.node, self.session.framework
        reg = self.session.node_register(node.id)
        measures = reg.linked(fw.id, node.id)
        self.heading.setText(self.tr("Linked measures ({n})").format(n=len(measures)))
        for r in self.rows:
            for w in (r.label, r.use, r.reason):
                w.deleteLater()
        self.rows = []
        for c in self.cards:
            c.deleteLater()
        self.cards = []
        suggestions = suggest(fw, self.session.snapshot().method, node, reg)
        kept = overrules(self.session.store, self.session.assessment_id)
        dims = {d.id: d for d in self.session.method.dimensions_for(node.type)}
        for i, s in enumerate(suggestions):
            reason = kept.get((node.id, s.dimension), {}).get("reason", "")
            self.rows.append(SuggestionRow(self, self.grid, i, s, dims[s.dimension].title(), reason))
        self.grid_host.setVisible(bool(self.rows))
        if not measures:
            self.hint.setText(self.tr("No measure of the results register ({unit}) is linked to {node}. Link "
                                      "measures in View > Results register.").format(unit=reg.unit, node=node.id))
        elif suggestions:
            self.hint.setText(self.tr("The register suggests the band below (hover for why). It is a suggestion: "
                                      "the team decides, and keeps its reason when it decides otherwise."))
        else:
            self.hint.setText(self.tr("These measures are evidence for this node."))
        for m in measures:
            card = MeasureCard(m, self.list_host)
            self.list.insertWidget(self.list.count() - 1, card)
            self.cards.append(card)

    # -- edits -------------------------------------------------------------------------------
    def use(self, s: Suggestion) -> None:
        if self.participant is None or self.node is None or s.value is None:
            dialogs.info(self, self.tr("Suggestion"), self.tr("Choose a participant first."))
            return
        try:
            undo.set_rating(self.session, self.participant, self.node.id, s.dimension, s.value)
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Score not saved"), str(exc))

    def keep_reason(self, s: Suggestion, text: str) -> None:
        if self.node is None:
            return
        chosen = self.session.snapshot().consensus.get((self.node.id, s.dimension))
        try:
            set_overrule(self.session.store, self.session.assessment_id, self.node.id, s.dimension, s.value,
                         chosen, text)
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Reason not kept"), str(exc))
