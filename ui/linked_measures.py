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
from npmassess.results.suggest import Suggestion, suggest

from . import dialogs, undo
from .measure_chart import MeasureChart
from .results_edits import run_results_edit
from .session import Session


class MeasureCard(QFrame):
    """One linked measure: name, level and direction, the statement, both charts (reused across nodes)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        self.measure = self.figure = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.statement = QLabel(self)
        self.statement.setTextFormat(Qt.PlainText)
        self.statement.setWordWrap(True)
        self.chart = MeasureChart(self)
        # narrow beside the guidance: the run chart alone (both charts from 470 px), never a sideways scroll
        self.chart.setMinimumSize(260, 120)
        for w in (self.title, self.statement, self.chart):
            lay.addWidget(w)

    def set_measure(self, measure) -> None:
        fig = figure_of(measure)
        self.measure, self.figure = measure, fig
        unit = f" ({measure.unit})" if measure.unit else ""
        better = self.tr("lower is better") if measure.lower_is_better else self.tr("higher is better")
        self.title.setText(f"{measure.name}{unit}")
        from npmassess.results.model import level_title
        self.statement.setText(f"{fig.reading.statement()} · {level_title(measure.level)} · {better}")
        self.statement.setToolTip(fig.reading.reason)
        self.chart.set_figure(fig)


class SuggestionRow:
    """Widgets of one dimension's suggestion in the panel's grid (reused across nodes)."""

    def __init__(self, panel: "LinkedMeasuresPanel", grid: QGridLayout, row: int):
        self.panel, self.s = panel, None
        self.label = QLabel(panel)
        self.label.setTextFormat(Qt.PlainText)
        self.label.setWordWrap(True)
        self.use = QPushButton(panel.tr("Use"), panel)
        self.use.setToolTip(panel.tr("Give the suggested value as the shown participant's score"))
        self.use.clicked.connect(lambda: panel.use(self.s))
        self.reason = QLineEdit(panel)
        self.reason.setPlaceholderText(panel.tr("Why the team decided otherwise"))  # short: the panel is narrow
        self.reason.setToolTip(panel.tr("Why the team decided otherwise (kept with the assessment)"))
        self.reason.editingFinished.connect(lambda: panel.keep_reason(self.s, self.reason.text()))
        # the reason on a line of its own under the suggestion: beside it, in a narrow panel, it showed 'Why t…'
        grid.addWidget(self.label, 2 * row, 0)
        grid.addWidget(self.use, 2 * row, 1)
        grid.addWidget(self.reason, 2 * row + 1, 0, 1, 2)

    def set_suggestion(self, s: Suggestion, title: str, reason: str) -> None:
        panel = self.panel
        self.s = s
        from npmassess.i18n import current_language
        from npmassess.numbers import fmt
        text = (panel.tr("{dim}: {label} ({value})").format(dim=title, label=s.label,
                                                            value=fmt(s.value, "score", current_language(), trim=True))
                if s.value is not None else panel.tr("{dim}: no suggestion").format(dim=title))
        self.label.setText(text)
        self.label.setToolTip(s.reason)
        self.use.setAccessibleName(panel.tr("Use the suggested {dim} score").format(dim=title))
        self.use.setEnabled(s.value is not None)
        self.reason.setAccessibleName(panel.tr("Reason for overruling the {dim} suggestion").format(dim=title))
        self.reason.blockSignals(True)
        self.reason.setText(reason)
        self.reason.blockSignals(False)

    def set_visible(self, on: bool) -> None:
        for w in (self.label, self.use, self.reason):
            w.setVisible(on)


class LinkedMeasuresPanel(QWidget):
    """Shown beside a node's guidance when the node is a results node or has measures linked to it."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.node: Node | None = None
        self.participant: str | None = None
        self.rows: list[SuggestionRow] = []
        self.cards: list[MeasureCard] = []  # the shown ones, first of the pool
        self.pool: list[MeasureCard] = []
        self.row_pool: list[SuggestionRow] = []
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
        self.grid.setColumnStretch(0, 1)  # the suggestion and, under it, the reason take the width
        self.list_host = QWidget(self)
        self.list = QVBoxLayout(self.list_host)
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # cards take the panel's width
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

    on_first_size = None  # called once when the shown panel first gets a size (the view places it then)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.on_first_size is not None and self.isVisible() and self.width() > 0:
            place, self.on_first_size = self.on_first_size, None
            place()
        self._fit_cards()

    def _fit_cards(self) -> None:
        """One card fills the visible height (charts stay readable; scrolling goes card by card)."""
        h = self.scroll.viewport().height()
        for card in self.pool:
            text = card.title.sizeHint().height() + card.statement.heightForWidth(max(card.width() - 12, 100))
            want = min(340, max(120, h - text - 20))
            if card.chart.height() != want:
                card.chart.setFixedHeight(want)

    def wanted(self, node: Node) -> bool:
        """True when this node gets the panel: a results node, or one with measures linked to it."""
        return self.session.wants_measures(node)

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
        suggestions = suggest(fw, self.session.snapshot().method, node, reg)
        kept = overrules(self.session.store, self.session.assessment_id)
        dims = {d.id: d for d in self.session.method.dimensions_for(node.type)}
        while len(self.row_pool) < len(suggestions):
            self.row_pool.append(SuggestionRow(self, self.grid, len(self.row_pool)))
        for row, s in zip(self.row_pool, suggestions):
            row.set_suggestion(s, dims[s.dimension].title(), kept.get((node.id, s.dimension), {}).get("reason", ""))
            row.set_visible(True)
        for row in self.row_pool[len(suggestions):]:
            row.set_visible(False)
        self.rows = self.row_pool[:len(suggestions)]
        self.grid_host.setVisible(bool(self.rows))
        if not measures:
            self.hint.setText(self.tr("No measure of the results register ({unit}) is linked to {node}. Link "
                                      "measures in View > Results register.").format(unit=reg.unit, node=node.id))
        elif suggestions:
            self.hint.setText(self.tr("The register suggests the band below (hover for why). It is a suggestion: "
                                      "the team decides, and keeps its reason when it decides otherwise."))
        else:
            self.hint.setText(self.tr("These measures are evidence for this node."))
        while len(self.pool) < len(measures):  # cards are reused: building widgets is the slow part
            card = MeasureCard(self.list_host)
            self.list.insertWidget(self.list.count() - 1, card)
            self.pool.append(card)
        for card, m in zip(self.pool, measures):
            card.set_measure(m)
            card.setVisible(True)
        for card in self.pool[len(measures):]:
            card.setVisible(False)
        self.cards = self.pool[:len(measures)]
        self.scroll.verticalScrollBar().setValue(0)
        self._fit_cards()

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
        aid, node_id = self.session.assessment_id, self.node.id
        try:
            run_results_edit(self.session, self.tr("Reason for {node}").format(node=node_id),
                             lambda st: set_overrule(st, aid, node_id, s.dimension, s.value, chosen, text))
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Reason not kept"), str(exc))
