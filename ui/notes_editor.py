"""Editors for a node's notes (evidence, strengths, areas for improvement) and its narrative."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from npmassess.errors import NpmassessError

from . import dialogs, undo
from .session import Session

NoteIdRole = Qt.UserRole + 1


class NotesList(QWidget):
    """One list of notes of one kind for (node, participant): add, edit, remove, reorder."""

    def __init__(self, session: Session, kind: str, title: str, parent=None):
        super().__init__(parent)
        self.session, self.kind, self.title = session, kind, title
        self.node_id: str = ""
        self.participant_id: str | None = None
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName(title)
        self.list.itemDoubleClicked.connect(lambda _item: self.edit())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.add_btn = self._button(self.tr("Add…"), self.tr("Add a note (Insert)"), self.add)
        self.edit_btn = self._button(self.tr("Edit…"), self.tr("Edit the selected note (F2)"), self.edit)
        self.remove_btn = self._button(self.tr("Remove"), self.tr("Remove the selected note (Delete)"), self.remove)
        self.up_btn = self._button(self.tr("Up"), self.tr("Move the note up (Alt+Up)"), lambda: self.move(-1))
        self.down_btn = self._button(self.tr("Down"), self.tr("Move the note down (Alt+Down)"), lambda: self.move(1))
        for key, slot in (("Ins", self.add), ("F2", self.edit),
                          ("Del", self.remove), ("Alt+Up", lambda: self.move(-1)),
                          ("Alt+Down", lambda: self.move(1))):
            sc = QShortcut(QKeySequence(key), self.list)
            sc.setContext(Qt.WidgetShortcut)
            sc.activated.connect(slot)
        self.meta_btn = None
        if kind == "evidence":  # when the evidence is from, and whether it is attached
            self.meta_btn = self._button(self.tr("Date / held…"), self.tr("When the evidence is from, and whether "
                                                                         "it is attached"), self.edit_meta)
        buttons = QHBoxLayout()  # one row under the list keeps the pane short (1366 x 768, big text)
        for b in (self.add_btn, self.edit_btn, self.remove_btn, self.up_btn, self.down_btn, self.meta_btn):
            if b is not None:
                buttons.addWidget(b)
        buttons.addStretch(1)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.list, 1)
        col.addLayout(buttons)
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 3)

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        b = QPushButton(text, self)
        b.setToolTip(tip)
        b.setAccessibleName(f"{tip} – {self.title}")
        b.clicked.connect(slot)
        return b

    def set_target(self, node_id: str, participant_id: str | None) -> None:
        self.node_id, self.participant_id = node_id, participant_id
        self.refresh()

    def refresh(self) -> None:
        current = self.current_id()
        notes = self.session.snapshot().notes_for(self.node_id, self.kind, self.participant_id) \
            if self.node_id else []
        self.list.blockSignals(True)
        self.list.clear()
        from .evidence_ui import evidence_text
        snap = self.session.snapshot()
        for n in notes:
            item = QListWidgetItem(evidence_text(snap, n))
            item.setData(NoteIdRole, n.id)
            item.setToolTip(n.text)
            self.list.addItem(item)
            if n.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._update_buttons()

    def count(self) -> int:
        return self.list.count()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(NoteIdRole) if item is not None else None

    def _update_buttons(self) -> None:
        row, n = self.list.currentRow(), self.list.count()
        enabled = bool(self.node_id) and self.participant_id is not None
        self.add_btn.setEnabled(enabled)
        self.edit_btn.setEnabled(enabled and row >= 0)
        self.remove_btn.setEnabled(enabled and row >= 0)
        self.up_btn.setEnabled(enabled and row > 0)
        self.down_btn.setEnabled(enabled and 0 <= row < n - 1)
        if self.meta_btn is not None:
            self.meta_btn.setEnabled(enabled and row >= 0)

    def edit_meta(self) -> None:
        nid = self.current_id()
        if nid is not None:
            from .evidence_ui import edit_evidence_meta
            edit_evidence_meta(self, self.session, nid)

    def _run(self, fn) -> bool:
        try:
            fn()
            return True
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Cannot change the note"), str(exc))
            return False

    def add(self) -> None:
        if not self.add_btn.isEnabled():
            return
        text = dialogs.ask_multiline(self, self.tr("Add – {title}").format(title=self.title),
                                     self.tr("{title} for {node}:").format(title=self.title, node=self.node_id))
        if text is None:
            return
        new = []
        if self._run(lambda: new.append(undo.add_note(self.session, self.participant_id, self.node_id,
                                                      self.kind, text))):
            self._select(new[0])

    def edit(self) -> None:
        nid = self.current_id()
        if nid is None:
            return
        old = next((n.text for n in self.session.snapshot().notes if n.id == nid), "")  # not the tagged list text
        text = dialogs.ask_multiline(self, self.tr("Edit – {title}").format(title=self.title),
                                     self.tr("{title} for {node}:").format(title=self.title, node=self.node_id), old)
        if text is not None:
            self._run(lambda: undo.edit_note(self.session, nid, text))

    def remove(self) -> None:
        nid = self.current_id()
        if nid is not None:
            row = self.list.currentRow()
            if self._run(lambda: undo.remove_note(self.session, nid)) and self.list.count():
                self.list.setCurrentRow(min(row, self.list.count() - 1))

    def move(self, offset: int) -> None:
        nid = self.current_id()
        if nid is not None and self._run(lambda: undo.move_note(self.session, nid, offset)):
            self._select(nid)

    def _select(self, note_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(NoteIdRole) == note_id:
                self.list.setCurrentRow(i)
                return


class NarrativeEditor(QWidget):
    """The award-application narrative of a node; saved (undoably) when typing pauses or focus leaves."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.node_id = ""
        self.edit = QPlainTextEdit(self)
        self.edit.setAccessibleName(self.tr("Application narrative"))
        self.edit.setPlaceholderText(self.tr("Describe your approach, deployment, learning and integration "
                                             "for this item, as it will appear in the application."))
        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("Narrative status"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(1500)
        self._timer.timeout.connect(self.commit)
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.status)
        self._loading = False

    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and event.type() == event.Type.FocusOut:
            self.commit()
        return False

    def set_node(self, node_id: str) -> None:
        self.commit()
        self.node_id = node_id
        self.refresh()

    def refresh(self) -> None:
        if self._timer.isActive():
            return  # the user is typing; their text wins and is saved shortly
        text = self.session.snapshot().narratives.get(self.node_id, "")
        if text != self.edit.toPlainText():
            self._loading = True
            self.edit.setPlainText(text)
            self._loading = False
        self._show_count(self.tr("Saved"))

    def _typed(self) -> None:
        if not self._loading:
            self._timer.start()
            self._show_count(self.tr("Editing…"))

    def _show_count(self, state: str) -> None:
        words = len(self.edit.toPlainText().split())
        self.status.setText(self.tr("{words} words · {state}").format(words=words, state=state))

    def commit(self) -> None:
        self._timer.stop()
        if not self.node_id:
            return
        try:
            undo.set_narrative(self.session, self.node_id, self.edit.toPlainText())
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Cannot save the narrative"), str(exc))
            return
        self._show_count(self.tr("Saved"))
