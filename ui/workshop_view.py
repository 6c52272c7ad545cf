"""Workshop mode, the consensus room: agreed score(s), consolidated strengths, areas for improvement
and rationale of one node on a projector, all typed with the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QApplication, QGridLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from npmassess.i18n import labelled, ngettext
from npmassess.process.anonymity import shown_participants
from npmassess.errors import NpmassessError

from . import undo, viewkit
from .notes_editor import NotesList
from .session import Session
from .workshop_board import ACCENT, BACKGROUND, FOREGROUND, MUTED, LegendBar, ScoreBoard, TitleBar, pick_in_band

__all__ = ["WorkshopView", "pick_in_band"]
SECTIONS = ("score", "strength", "improvement", "rationale")
ROOM_KINDS = {"notes", "consensus", "participants", "all", "assessment", "actions"}


def projector_palette() -> QPalette:
    """White on black, yellow focus and selection: legible from the back of a room (>= 7:1)."""
    pal = QPalette()
    for role, colour in ((QPalette.Window, BACKGROUND), (QPalette.WindowText, FOREGROUND),
                         (QPalette.Base, QColor("#111111")), (QPalette.AlternateBase, QColor("#1c1c1c")),
                         (QPalette.Text, FOREGROUND), (QPalette.Button, QColor("#222222")),
                         (QPalette.ButtonText, FOREGROUND), (QPalette.Highlight, ACCENT),
                         (QPalette.HighlightedText, BACKGROUND), (QPalette.PlaceholderText, MUTED),
                         (QPalette.Link, QColor("#66e0ff")),
                         (QPalette.ToolTipBase, BACKGROUND), (QPalette.ToolTipText, FOREGROUND)):
        pal.setColor(QPalette.All, role, colour)
        pal.setColor(QPalette.Disabled, role, MUTED if role in (QPalette.Text, QPalette.WindowText) else colour)
    pal.setColor(QPalette.Inactive, QPalette.Highlight, QColor("#3a3a3a"))  # the other list's selection
    pal.setColor(QPalette.Inactive, QPalette.HighlightedText, FOREGROUND)
    return pal


class WorkshopView(QWidget):
    """Projector view of the current node; F6 moves between score, strengths, AFIs and rationale."""

    leave_requested = Signal()
    fullscreen_toggled = Signal(bool)
    action_created = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._went_fullscreen = False
        self._rationale_node = ""
        self.message = ""
        self.setAccessibleName(self.tr("Workshop mode"))
        self.setMinimumSize(640, 400)
        self.setPalette(projector_palette())
        self.setAutoFillBackground(True)
        self.title = TitleBar(session, self)
        self.board = ScoreBoard(session, self)
        self.legend = LegendBar(session, self.board, self)
        self.strengths = NotesList(session, "strength", self.tr("Strengths"), self, consolidated=True)
        self.improvements = NotesList(session, "improvement", self.tr("Areas for improvement"), self,
                                      consolidated=True)
        for lst in (self.strengths, self.improvements):
            for b in (lst.add_btn, lst.edit_btn, lst.remove_btn, lst.up_btn, lst.down_btn):
                b.hide()  # the room works by keys; the hint line names them
            lst.list.setSpacing(1)
        self.rationale = QPlainTextEdit(self)
        self.rationale.setAccessibleName(self.tr("Rationale"))
        self.rationale.setAccessibleDescription(self.tr("Why the group agreed on this score; saved as you type"))
        self.rationale.setPlaceholderText(self.tr("Why the group agreed on this score"))
        self.rationale.setTabChangesFocus(True)
        self.rationale.installEventFilter(self)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(1500)
        self._save_timer.timeout.connect(self.save_rationale)
        self.rationale.textChanged.connect(self._rationale_typed)
        self.individual = QListWidget(self)
        self.individual.setWordWrap(True)
        self.individual.setAccessibleName(self.tr("Individual notes of this node"))
        self.individual.setAccessibleDescription(self.tr("Enter copies the note into the consolidated list"))
        self.individual.itemActivated.connect(self._merge_item)
        self.individual.hide()
        self.headers = {key: QLabel(self) for key in SECTIONS[1:]}
        self.headers["individual"] = QLabel(self.tr("Individual notes (Enter merges, F7 hides)"), self)
        self.headers["individual"].hide()
        for label, buddy in ((self.headers["strength"], self.strengths.line),
                             (self.headers["improvement"], self.improvements.line),
                             (self.headers["rationale"], self.rationale)):
            label.setBuddy(buddy)

        room = QWidget(self)
        rl = QVBoxLayout(room)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(2)
        for key, widget, stretch in (("individual", self.individual, 2), ("strength", self.strengths, 3),
                                     ("improvement", self.improvements, 3), ("rationale", self.rationale, 2)):
            rl.addWidget(self.headers[key])
            rl.addWidget(widget, stretch)
        # results nodes: what the results register measured and suggests
        self.measured = QLabel(room)
        self.measured.setTextFormat(Qt.PlainText)
        self.measured.setWordWrap(True)
        self.measured.setAccessibleName(self.tr("Measured results"))
        rl.insertWidget(0, self.measured)
        self.room = room
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(0)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.board, 1, 0)
        grid.addWidget(room, 1, 1)
        grid.addWidget(self.legend, 2, 0, 1, 2)
        grid.setColumnStretch(0, 45)
        grid.setColumnStretch(1, 55)
        grid.setRowStretch(1, 1)
        self.setFocusProxy(self.board)
        self._actions = [
            viewkit.view_action(self, self.tr("Next section"), "F6", lambda: self.step_section(1)),
            viewkit.view_action(self, self.tr("Previous section"), "Shift+F6", lambda: self.step_section(-1)),
            viewkit.view_action(self, self.tr("Action from the area for improvement"), "Ctrl+Return",
                                self.action_from_improvement),
            viewkit.view_action(self, self.tr("Show or hide individual notes"), "F7", self.toggle_individual),
            viewkit.view_action(self, self.tr("Merge everyone's notes of this node"), "Ctrl+M", self.merge_all),
        ]
        session.changed.connect(self._on_changed)
        session.node_selected.connect(self._on_node)
        QApplication.instance().focusChanged.connect(self._focus_moved)
        self._load_node()

    # compatibility with the board's API (tests, dashboard) ---------------------------------
    def view_actions(self) -> list:
        return list(self._actions)

    def node(self):
        return self.board.node()

    def dimensions(self):
        return self.board.dimensions()

    def active_dimension(self):
        return self.board.active_dimension()

    def consensus_value(self, dim_id: str | None = None):
        return self.board.consensus_value(dim_id)

    def on_agenda(self) -> bool:
        return self.board.on_agenda()

    def pick(self, number: int) -> bool:
        return self.board.pick(number)

    # sections ------------------------------------------------------------------------------
    def section_widgets(self) -> dict[str, QWidget]:
        return {"score": self.board, "strength": self.strengths.line, "improvement": self.improvements.line,
                "rationale": self.rationale}

    def current_section(self) -> str:
        focus = QApplication.focusWidget()
        for key, owner in (("strength", self.strengths), ("improvement", self.improvements),
                           ("rationale", self.rationale)):
            if focus is not None and (focus is owner or owner.isAncestorOf(focus)):
                return key
        return "score"

    def step_section(self, offset: int) -> str:
        """F6 / Shift+F6: focus the next (previous) of score, strengths, AFIs, rationale."""
        i = (SECTIONS.index(self.current_section()) + offset) % len(SECTIONS)
        self.section_widgets()[SECTIONS[i]].setFocus(Qt.TabFocusReason)
        self._show_sections()
        return SECTIONS[i]

    def _focus_moved(self, _old, _new) -> None:
        if self.isVisible():
            self._show_sections()

    def _show_sections(self) -> None:
        current = self.current_section()
        counts = {"strength": self.strengths.count(), "improvement": self.improvements.count()}
        names = {"strength": self.tr("Strengths"), "improvement": self.tr("Areas for improvement"),
                 "rationale": self.tr("Rationale")}
        for key, label in names.items():
            text = label + (f"  ({counts[key]})" if key in counts else "")
            active = key == current
            self.headers[key].setText(("▶ " if active else "") + text)
            self.headers[key].setStyleSheet(f"color: {(ACCENT if active else MUTED).name()}; font-weight: bold")
        self.legend.hint = self._hint(current)
        self.legend.update()
        self.board.update()

    def _hint(self, section: str) -> str:
        common = self.tr("F6 next section   F7 individual notes   Ctrl+M merge all   F11 full screen   Esc leave")
        if section == "score":
            keys = self.tr("←/→ node   number keys pick   ↑/↓ refine   Del clear")
            if len(self.dimensions()) > 1:
                keys = self.tr("Setting: {dim}   Tab next dimension   ").format(dim=self.active_dimension().title()) + keys
        elif section == "rationale":
            keys = self.tr("Type the rationale (saved as you type)   Alt+←/→ node")
        else:
            keys = self.tr("Enter add   Shift+Enter new line   F2 edit   Del remove   Alt+↑/↓ move   Alt+←/→ node")
            if section == "improvement":
                keys += "   " + self.tr("Ctrl+Enter action from the AFI")
        text = keys + "   " + common
        return f"{self.message}   ·   {text}" if self.message else text

    # refreshing ----------------------------------------------------------------------------
    def results_lines(self) -> list[str]:
        """What the results register says about the node (results nodes only), cached per node."""
        key = (self.session.current_node, getattr(self.session, "register_version", 0))
        if getattr(self, "_results_key", None) != key:
            from npmassess.results.stats import read
            from npmassess.results.suggest import facts, is_results_node, suggest
            fw, node = self.session.framework, self.node()
            lines: list[str] = []
            if is_results_node(fw, node):
                reg = self.session.node_register(node.id)
                measures = reg.linked(fw.id, node.id)
                if measures:
                    f = facts(fw, measures, [read(m) for m in measures])
                    lines.append(self.tr("Measured: {n} measures, {i} improving, {w} worsening; targets met "
                                         "{m} of {t}").format(n=f.measures, i=f.improving, w=f.worsening,
                                                              m=f.met, t=f.with_target))
                    method = fw.method(self.session.snapshot().method)
                    titles = {d.id: d.title()[:1].lower() + d.title()[1:] for d in method.dimensions}  # mid-sentence
                    lines += [self.tr("Suggested {dim}: {label}").format(dim=titles.get(s.dimension, s.dimension),
                                                                         label=s.label)
                              for s in suggest(fw, method.id, node, reg) if s.value is not None]
            self._results_key, self._results_lines = key, lines
        return self._results_lines

    def _show_measured(self) -> None:
        lines = self.results_lines()
        self.measured.setText("\n".join(lines))
        self.measured.setVisible(bool(lines))

    def _load_node(self) -> None:
        self._show_measured()
        node_id = self.session.current_node
        self.strengths.set_target(node_id, None)
        self.improvements.set_target(node_id, None)
        self._rationale_node = node_id
        self.rationale.blockSignals(True)
        self.rationale.setPlainText(self.session.snapshot().rationale.get(node_id, ""))
        self.rationale.document().setModified(False)
        self.rationale.blockSignals(False)
        self._fill_individual()
        self.board.update_description()
        self.setAccessibleDescription(self.board.describe())
        self._show_sections()
        self.title.update()

    def _fill_individual(self) -> None:
        if self.individual.isHidden():
            return
        snap, node_id = self.session.snapshot(), self.session.current_node
        names = {p.id: p.name for p in shown_participants(snap)}  # Assessor A, B, C when anonymous
        self.individual.clear()
        for kind, label in (("strength", self.tr("Strength")), ("improvement", self.tr("AFI"))):
            merged = {n.text for n in snap.notes_for(node_id, kind, None)}
            for note in snap.notes_for(node_id, kind):
                if note.participant_id is None:
                    continue
                mark = "✓ " if note.text in merged else ""
                item = QListWidgetItem(mark + labelled(f"{label} · {names.get(note.participant_id, '?')}", note.text))
                item.setData(Qt.UserRole, (kind, note.text))
                self.individual.addItem(item)

    def _on_changed(self, kind: str) -> None:
        if kind in ("results", "all", "assessment"):
            self._show_measured()
        if kind in ("ratings", "consensus", "participants", "all", "assessment"):
            self.board.update_description()
            self.setAccessibleDescription(self.board.describe())
            for w in (self.board, self.legend, self.title):
                w.update()
        if kind in ROOM_KINDS - {"consensus", "actions"}:
            self.strengths.refresh()
            self.improvements.refresh()
            self._fill_individual()
            self._show_sections()
        if kind in ("consensus", "all") and not self._save_timer.isActive() and not self.rationale.hasFocus():
            text = self.session.snapshot().rationale.get(self._rationale_node, "")
            if text != self.rationale.toPlainText():
                self.rationale.blockSignals(True)
                self.rationale.setPlainText(text)
                self.rationale.blockSignals(False)

    def _on_node(self, _node_id: str) -> None:
        self.save_rationale()
        self.board.dimension_index = 0
        self.message = ""
        self._load_node()
        for w in (self.board, self.legend, self.title):
            w.update()

    # editing -------------------------------------------------------------------------------
    def _rationale_typed(self) -> None:
        self._save_timer.start()

    def save_rationale(self) -> None:
        """Store the rationale being typed, if it changed (undoable)."""
        self._save_timer.stop()
        viewkit.save_rationale(self, self.session, self._rationale_node, self.rationale)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.rationale and event.type() == QEvent.FocusOut:
            self.save_rationale()
        return super().eventFilter(obj, event)

    def action_from_improvement(self) -> str | None:
        """Ctrl+Enter: an improvement action from the selected (or last added) area for improvement."""
        lst = self.improvements
        item = lst.list.currentItem() or (lst.list.item(lst.count() - 1) if lst.count() else None)
        if item is None:
            self._say(self.tr("Type an area for improvement first, then press Ctrl+Enter."))
            return None
        note_id = item.data(Qt.UserRole + 1)
        text = item.text().strip()
        title = text.splitlines()[0][:200] if text else text
        try:
            action_id = undo.add_action(self.session, title, [self.session.current_node], [note_id],
                                        description=text if text != title else "")
        except NpmassessError as exc:
            viewkit.show_error(self, str(exc))
            return None
        self._say(self.tr("Action created: {title}").format(title=title[:60]))
        self.action_created.emit(action_id)
        return action_id

    def toggle_individual(self) -> bool:
        """F7: show or hide everyone's own notes of this node; returns whether shown."""
        show = self.individual.isHidden()
        if show:
            self._back_to = self.section_widgets()[self.current_section()]
        self.individual.setVisible(show)
        self.headers["individual"].setVisible(show)
        self._fill_individual()
        if show:
            self.individual.setFocus()
            if self.individual.count():
                self.individual.setCurrentRow(0)
        else:
            getattr(self, "_back_to", self.board).setFocus(Qt.OtherFocusReason)
        return show

    def _merge_item(self, item: QListWidgetItem) -> None:
        kind, text = item.data(Qt.UserRole)
        try:
            undo.merge_notes(self.session, self.session.current_node, kind, [text])
        except NpmassessError as exc:
            viewkit.show_error(self, str(exc))

    def merge_all(self) -> int:
        """Ctrl+M: copy every participant's strengths and AFIs of this node (one undo step)."""
        snap, node_id = self.session.snapshot(), self.session.current_node
        stack = self.session.undo_stack
        stack.beginMacro(self.tr("Merge all notes of {node}").format(node=node_id))
        try:
            n = sum(undo.merge_notes(self.session, node_id, kind,
                                     [x.text for x in snap.notes_for(node_id, kind) if x.participant_id is not None])
                    for kind in ("strength", "improvement"))
        except NpmassessError as exc:
            viewkit.show_error(self, str(exc))
            n = 0
        finally:
            stack.endMacro()
        self._say(ngettext("{n} note merged", "{n} notes merged", n).format(n=n))
        return n

    def _say(self, text: str) -> None:
        self.message = text
        self._show_sections()

    # keys, size and visibility ---------------------------------------------------------------
    def _board_focus(self) -> bool:
        focus = QApplication.focusWidget()
        return focus in (self.board, self, None) or not self.isAncestorOf(focus)

    def event(self, event) -> bool:
        if event.type() == QEvent.ShortcutOverride and event.key() in (Qt.Key_Escape, Qt.Key_F11):
            event.accept()
            return True
        if event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Tab, Qt.Key_Backtab) and self._board_focus():
            self.board.handle_key(event.key(), event.modifiers())  # keys sent to the view itself
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        board_focus = self._board_focus()
        if key == Qt.Key_Escape:
            self.save_rationale()
            if self._went_fullscreen:
                self.toggle_fullscreen()
            self.leave_requested.emit()
        elif key == Qt.Key_F11 or (key == Qt.Key_F and board_focus):
            self.toggle_fullscreen()
        elif board_focus and self.board.handle_key(key, event.modifiers()):
            pass
        else:
            super().keyPressEvent(event)

    def toggle_fullscreen(self) -> None:
        window = self.window()
        if window.isFullScreen():
            window.showNormal()
            self._went_fullscreen = False
        else:
            window.showFullScreen()
            self._went_fullscreen = True
        self.fullscreen_toggled.emit(window.isFullScreen())
        self.board.setFocus()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        unit = min(self.height() / 30.0, self.width() / 48.0)
        for w in (self.title, self.board, self.legend):
            w.unit = unit
        self.title.setFixedHeight(int(unit * 4.4))
        self.legend.setFixedHeight(int(unit * 5.0))
        text_font = self.font()
        text_font.setPixelSize(max(12, int(unit * 0.9)))
        for w in (self.strengths, self.improvements, self.rationale, self.individual):
            w.setFont(text_font)
        head = self.font()
        head.setPixelSize(max(12, int(unit * 0.85)))
        head.setBold(True)
        for label in self.headers.values():
            label.setFont(head)
        self.room.layout().setContentsMargins(0, 0, int(unit), 0)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        for action in self._actions:
            action.setEnabled(True)
        self._load_node()
        self.board.setFocus()

    def hideEvent(self, event) -> None:
        self.save_rationale()
        for action in self._actions:
            action.setEnabled(False)
        super().hideEvent(event)
