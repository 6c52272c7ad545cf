"""Scoring workspace: navigator tree, node details, scoring panel, notes, participant selector."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (QApplication, QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QScrollArea,
                               QSplitter, QTabWidget, QTreeView, QVBoxLayout, QWidget)

from npmassess.i18n import labelled
from npmassess.errors import NpmassessError
from npmassess.model import Node
from npmassess.scoring import format_value, side_by_side
from npmassess.assessment import value_label

from . import dialogs, undo
from .criteria_model import COL_DONE, COL_NODE, COL_SCORE, CriteriaModel, NodeIdRole
from .notes_editor import NotesList
from .scoring_panel import ScoringPanel
from .session import Session

if TYPE_CHECKING:  # the narrative desk loads only for a framework with an award application
    from .linked_measures import LinkedMeasuresPanel  # built when a results node is first shown
    from .narrative_desk import NarrativeEditor


def escape(text: str) -> str:
    """html.escape(text) exactly, without loading the html package (its entity table, ~2 ms at start-up)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


class TextLine(QWidget):
    """A label that never asks for a new layout when its text changes (QLabel.setText re-lays out
    the whole window, which made switching nodes slow); wraps to `lines` lines, then elides."""

    def __init__(self, parent=None, lines: int = 1, scale: float = 1.0, bold: bool = False):
        super().__init__(parent)
        self._text, self.lines, self.scale, self.bold = "", lines, scale, bold
        self._apply_font()

    def _apply_font(self) -> None:
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * self.scale)
        font.setBold(self.bold)
        self.setFont(font)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * self.lines + 6)

    def refresh_font(self) -> None:
        """Follow a new application font (View > Larger/Smaller text)."""
        self._apply_font()
        self.update()

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setAccessibleDescription(text)
            self.setToolTip(text if self.lines > 1 else "")
            self.update()

    def text(self) -> str:
        return self._text

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        rect = QRectF(self.rect()).adjusted(0, 2, 0, -2)
        flags = Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap
        need = p.boundingRect(rect, flags, self._text)
        if need.height() <= rect.height() + 1:
            p.drawText(rect, flags, self._text)
        else:
            p.drawText(rect, Qt.AlignLeft | Qt.AlignTop, self.fontMetrics().elidedText(
                self._text, Qt.ElideRight, int(rect.width())))
        p.end()


class ScoringView(QWidget):
    """Each participant's own scores and notes, entered by them or by the facilitator in turn."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        fw = session.framework
        self.shown_node: Node | None = None

        # participant selector
        self.participant = QComboBox(self)
        self.participant.setAccessibleName(self.tr("Participant whose scores are shown"))
        self.participant.setToolTip(self.tr("Each participant's scores are their own "
                                            "(Ctrl+PgDown / Ctrl+PgUp: next / previous participant)"))
        self.participant.setMinimumContentsLength(18)
        self.participant.currentIndexChanged.connect(self._participant_picked)
        who = self.who = QLabel(self.tr("&Participant:"), self)
        who.setBuddy(self.participant)
        self.progress_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(who)
        top.addWidget(self.participant)
        top.addWidget(self.progress_label, 1)

        # navigator
        self.model = CriteriaModel(fw, None, self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(self.tr("Framework navigator"))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NODE, QHeaderView.Stretch)
        header.setSectionResizeMode(COL_SCORE, QHeaderView.Interactive)
        header.setSectionResizeMode(COL_DONE, QHeaderView.Interactive)
        self._size_columns()
        self.tree.expandAll()
        self.tree.selectionModel().currentRowChanged.connect(self._tree_moved)

        # details
        self.title = TextLine(self, lines=2, scale=1.35, bold=True)
        self.title.setAccessibleName(self.tr("Node title"))
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.RichText)
        self.details.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.details.setFocusPolicy(Qt.StrongFocus)  # a screen reader user can read the guidance
        self.details.setAccessibleName(self.tr("Guidance and questions"))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(self.details)
        scroll.setFocusPolicy(Qt.NoFocus)
        self.details_scroll = scroll
        # results nodes: the linked measures of the results register, beside the guidance (the
        # panel is built when first wanted: see the measures property)
        self._measures: LinkedMeasuresPanel | None = None
        self.details_split = QSplitter(Qt.Horizontal, self)
        self.details_split.addWidget(scroll)
        self.details_split.setStretchFactor(0, 2)
        self.details_split.setChildrenCollapsible(False)
        scroll.setMinimumWidth(self.fontMetrics().horizontalAdvance("x" * 34))

        # scoring
        self.panel = ScoringPanel(self)
        self.panel.value_chosen.connect(self._value_chosen)
        self.summary = TextLine(self)
        self.summary.setAccessibleName(self.tr("Node score"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()

        # notes
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Notes and narrative"))
        self.notes = {
            "evidence": NotesList(session, "evidence", self.tr("Evidence"), self),
            "strength": NotesList(session, "strength", self.tr("Strengths"), self),
            "improvement": NotesList(session, "improvement", self.tr("Areas for improvement"), self),
        }
        # Alt+D / Alt+S / Alt+I (and Alt+N) switch list and put the cursor in its new-note line
        pages = [(lst, lst.title, key) for lst, key in zip(self.notes.values(), ("Alt+D", "Alt+S", "Alt+I"))]
        self.narrative: NarrativeEditor | None = None
        if fw.application is not None:
            from .narrative_desk import NarrativeEditor
            self.narrative = NarrativeEditor(session, self)
            self.narrative.desk_toggled.connect(self.toggle_desk)
            desk = QShortcut(QKeySequence("F9"), self)
            desk.setContext(Qt.WidgetWithChildrenShortcut)
            desk.activated.connect(self.toggle_desk)
            pages.append((self.narrative, self.tr("Application narrative"), "Alt+N"))
        for page, label, key in pages:
            self.tabs.addTab(page, label)
            self.tabs.setTabToolTip(self.tabs.count() - 1, self.tr("{label} ({key})").format(label=label, key=key))
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda page=page: self.focus_notes(page))
        self.tabs.currentChanged.connect(self._notes_tab_changed)

        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 0, 0, 0)
        rl.addWidget(self.title)
        rl.addWidget(self.details_split, 4)
        rl.addWidget(self.message)
        rl.addWidget(self.panel)
        from .evidence_ui import EvidenceWarning
        self.evidence_warning = EvidenceWarning(session, self._pid, self)
        rl.addWidget(self.evidence_warning)
        rl.addWidget(self.summary)
        rl.addWidget(self.tabs, 2)
        self.splitter = QSplitter(Qt.Horizontal, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([440, 900])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.splitter, 1)

        # number keys pick a band (text fields and spin boxes keep their digits)
        self._keys = []
        for n in range(1, 10):
            sc = QShortcut(QKeySequence(str(n)), self)
            sc.setContext(Qt.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda n=n: self.panel.pick_key(n))
            self._keys.append(sc)
            sc = QShortcut(QKeySequence(f"Alt+{n}"), self)  # the same while typing a note
            sc.setContext(Qt.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda n=n: self.panel.pick_key(n))
            self._keys.append(sc)

        self.setTabOrder(self.participant, self.tree)
        self.setTabOrder(self.tree, self.panel)
        self.setTabOrder(self.panel, self.tabs)

        session.changed.connect(self._changed)
        session.node_selected.connect(lambda _nid: self._show_current())
        session.participant_selected.connect(lambda _pid: self._participant_changed())
        self._fill_participants()
        self._participant_changed()

    def _size_columns(self) -> None:
        """Fixed score/done widths from the font (ResizeToContents would re-measure every row on
        each score change, which made edits slow)."""
        fm = QFontMetrics(QApplication.font())  # the tree's own metrics may lag a font change
        header = self.tree.header()
        header.resizeSection(COL_SCORE, fm.horizontalAdvance(self.model.score_width_text()) + fm.height() + 16)
        header.resizeSection(COL_DONE, max(fm.horizontalAdvance("100 %"),
                                           fm.horizontalAdvance(self.model.headerData(COL_DONE, Qt.Horizontal))) + 18)

    def toggle_desk(self) -> bool:
        """F9: the narrative takes the whole window (and back); returns True when the desk is open."""
        if self.narrative is None:
            return False
        opening = self.tree.isVisible()
        for w in (self.tree, self.details_split, self.details_scroll, self.panel, self.summary, self.progress_label, self.who,
                  self.participant, self.tabs.tabBar()):
            w.setVisible(not opening)
        if opening:
            self.message.hide()
            self.tabs.setCurrentWidget(self.narrative)
            self.narrative.edit.setFocus()
        else:
            self._show_node(self.shown_node, notes=False)
        self.narrative.buttons["desk"].setText(self.tr("Back to scoring") if opening else self.tr("Full window"))
        return opening

    def focus_notes(self, page: QWidget) -> None:
        """Alt+D/S/I/N: show that list (or the narrative) and put the cursor where one types."""
        self.tabs.setCurrentWidget(page)
        page.setFocus(Qt.ShortcutFocusReason)

    def _notes_tab_changed(self, _index: int) -> None:
        focus = QApplication.focusWidget()
        if focus is None or focus is self.tabs.tabBar() or self.tabs.isAncestorOf(focus) or focus is self:
            self.tabs.currentWidget().setFocus(Qt.ShortcutFocusReason)

    def font_changed(self) -> None:
        """View > Larger/Smaller text: resize what was measured from the old font."""
        self._size_columns()
        self.title.refresh_font()
        self.summary.refresh_font()

    # -- session events ----------------------------------------------------------------------
    def _fill_participants(self) -> None:
        snap = self.session.snapshot()
        self.participant.blockSignals(True)
        self.participant.clear()
        for p in snap.participants:
            self.participant.addItem(f"{p.name} ({value_label(p.role)})" if p.role else p.name, p.id)
        i = self.participant.findData(self.session.current_participant)
        self.participant.setCurrentIndex(max(i, 0) if snap.participants else -1)
        self.participant.blockSignals(False)
        if snap.participants and self.session.current_participant not in {p.id for p in snap.participants}:
            self.session.select_participant(snap.participants[0].id)

    def _participant_picked(self, index: int) -> None:
        pid = self.participant.itemData(index)
        if pid is not None:
            self.session.select_participant(pid)

    def _participant_changed(self) -> None:
        i = self.participant.findData(self.session.current_participant)
        if i >= 0 and i != self.participant.currentIndex():
            self.participant.blockSignals(True)
            self.participant.setCurrentIndex(i)
            self.participant.blockSignals(False)
        self._refresh_scores()
        self._show_current()

    def _changed(self, kind: str) -> None:
        if kind in ("participants", "all", "assessment"):
            self._fill_participants()
        if kind in ("ratings", "participants", "all", "assessment"):
            self._refresh_scores()
            self._show_node(self.shown_node, notes=kind != "ratings")
        elif kind == "notes":
            for lst in self.notes.values():
                lst.refresh()
        elif kind == "narratives" and self.narrative is not None:
            self.narrative.refresh()

    def _pid(self) -> str | None:
        pid = self.session.current_participant
        ids = {p.id for p in self.session.snapshot().participants}
        return pid if pid in ids else None

    def _refresh_scores(self) -> None:
        pid = self._pid()
        report = self.session.report(pid) if pid else None
        self.model.set_report(report)
        if report is None:
            self.progress_label.setText("")
        else:
            self.progress_label.setText(self.tr("{done:.0f} % of this participant's scores entered").format(
                done=report.completeness * 100))

    # -- navigation --------------------------------------------------------------------------
    def _tree_moved(self, current, _previous) -> None:
        node_id = current.data(NodeIdRole) if current.isValid() else None
        if node_id is None:
            return
        node = self.session.framework.node(node_id)
        if node.scored:
            self.session.select_node(node_id)
            if self.shown_node is not node:
                self._show_node(node)
        else:
            self._show_node(node)

    def _show_current(self) -> None:
        nid = self.session.current_node
        if not nid:
            return
        node = self.session.framework.node(nid)
        index = self.model.index_of(nid)
        if self.tree.currentIndex() != index or not self.tree.currentIndex().isValid():
            self.tree.selectionModel().blockSignals(True)
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
            self.tree.selectionModel().blockSignals(False)
            self.tree.scrollTo(index)
        self._show_node(node)

    @property
    def measures(self) -> LinkedMeasuresPanel:
        """The linked-measures panel beside the guidance, built (hidden) when first asked for."""
        if self._measures is None:
            from .linked_measures import LinkedMeasuresPanel
            panel = LinkedMeasuresPanel(self.session, self)
            panel.setAccessibleName(self.tr("Linked measures"))
            panel.hide()
            self.details_split.addWidget(panel)
            self.details_split.setStretchFactor(1, 3)
            self._measures = panel
            self._measures_placed = False  # its share of the row is given when it first shows
        return self._measures

    def _place_measures(self) -> None:
        """Guidance 36 %, measures 64 % of the row, given once (the user's dragging is kept after)."""
        total = sum(self.details_split.sizes()) or self.details_split.width()
        self.details_split.setSizes([total * 360 // 1000, total - total * 360 // 1000])
        self._measures_placed = True

    def _show_node(self, node: Node | None, notes: bool = True) -> None:
        if node is None:
            return
        self.shown_node = node
        fw = self.session.framework
        kind = fw.label("node" if node.scored else "criterion")
        self.title.setText(f"{kind} {node.id} – {node.title()}")
        parts = []
        if node.guidance():
            parts.append(f"<p>{escape(node.guidance())}</p>")
        if node.questions:
            items = "".join(f"<li>{escape(q())}</li>" for q in node.questions)
            parts.append(f"<p><b>{self.tr('Questions to discuss')}</b></p><ul>{items}</ul>")
        self.details.setText("".join(parts) or self.tr("No guidance for this node."))
        pid = self._pid()
        if self.session.wants_measures(node):  # asked without building the panel
            self.measures.show_node(node, pid)
            self.measures.show()
            if not self._measures_placed:
                if self.details_split.isVisible() and sum(self.details_split.sizes()) > 0:
                    self._place_measures()
                else:  # not laid out yet (a results node reopened): once the panel has its first size
                    self.measures.on_first_size = self._place_measures
        elif self._measures is not None:
            self._measures.hide()
        dims = self.session.method.dimensions_for(node.type) if node.scored else ()
        self.panel.setVisible(bool(dims))
        self.summary.setVisible(bool(dims))
        if not self.session.snapshot().participants:
            self.message.setText(self.tr("This assessment has no participants yet. Add them with "
                                         "Edit > Participants… (Ctrl+Shift+P) before scoring."))
            self.message.show()
        elif pid is None:
            self.message.setText(self.tr("Choose a participant above to enter their scores."))
            self.message.show()
        elif not node.scored:
            self.message.setText(self.tr("This {crit} is scored through its parts: select one of them in "
                                         "the navigator.").format(crit=fw.label("criterion").lower()))
            self.message.show()
        else:
            self.message.hide()
        if dims:
            ratings = self.session.snapshot().ratings
            values = {d.id: ratings.get((pid, node.id, d.id)) for d in dims} if pid else {}
            self.panel.show_node(dims, values, pid is not None)
            self._show_summary(node, pid)
        if notes:
            target = node.id if node.scored else ""
            for lst in self.notes.values():
                lst.set_target(target, pid)
            if self.narrative is not None:  # leaves only; the organisational profile has one too
                self.narrative.set_node(node.id if not node.children else "")
                self.narrative.setEnabled(not node.children)

    def _show_summary(self, node: Node, pid: str | None) -> None:
        if pid is None:
            self.summary.setText("")
            return
        report = self.session.report(pid)
        s = report.nodes.get(node.id)
        if s is not None and s.separate:  # each dimension on its own
            self.summary.setText(" · ".join(labelled(title, lv.label() if lv else '—')
                                            for _, title, lv in side_by_side(report, node.id)))
            return
        if s is None or s.value is None:
            done = s.completeness * 100 if s else 0
            self.summary.setText(self.tr("Score: not complete ({done:.0f} % of its dimensions rated)").format(done=done))
            return
        if s.level is not None:
            text = self.tr("Rating: {label}").format(label=s.level.label())
        else:
            text = self.tr("Score: {value}").format(value=format_value(report, s.value))
            if s.band is not None and len(s.dims) == 1:
                text += f" · {s.band.label()}"
            if s.points is not None:
                text += self.tr(" · {points} of {max} points").format(
                    points=format_value(report, s.points), max=s.max_points)
        self.summary.setText(text)

    # -- edits -------------------------------------------------------------------------------
    def _value_chosen(self, dim_id: str, value) -> None:
        pid = self._pid()
        node = self.shown_node
        if pid is None or node is None or not node.scored:
            return
        try:
            undo.set_rating(self.session, pid, node.id, dim_id, value)
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Score not saved"), str(exc))
            self._show_node(node, notes=False)

    def step_participant(self, offset: int) -> None:
        n = self.participant.count()
        if n:
            self.participant.setCurrentIndex((self.participant.currentIndex() + offset) % n)
