"""A node's notes (evidence, strengths, areas for improvement) typed straight into their list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QStyledItemDelegate, QVBoxLayout, QWidget)

from npmassess.errors import NpmassessError
from npmassess.textitems import split_items

from . import dialogs, undo
from .session import Session

NoteIdRole = Qt.UserRole + 1
_ENTER = (Qt.Key_Return, Qt.Key_Enter)


class LineText(QPlainTextEdit):
    """Text that grows with its lines: Enter submits, Shift+Enter breaks the line, Tab leaves."""

    submitted = Signal(str)
    pasted = Signal(list)  # several items pasted at once (one per line, bullets stripped)
    cancelled = Signal()

    def __init__(self, parent=None, max_lines: int = 6):
        super().__init__(parent)
        self.max_lines = max_lines
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.document().contentsChanged.connect(self._fit)
        self._fit()

    def setPlaceholderText(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setPlaceholderText(text)
        self._fit()

    def _fit(self) -> None:
        lines = max(1, min(self.max_lines, int(self.document().size().height())))
        if self.document().isEmpty() and self.placeholderText():  # a wrapped hint is shown whole
            # maximumViewportSize(), not viewport(): the viewport is a QWidget PySide did not make, and
            # wrapping it makes PySide build every QWidget subclass first (~35 enums, ~5 ms at start-up);
            # with no scroll bar (an empty document needs none) both are the same width
            width = max(1, self.maximumViewportSize().width() - 2 * int(self.document().documentMargin()))
            hint = self.fontMetrics().boundingRect(QRect(0, 0, width, 10_000), Qt.TextWordWrap, self.placeholderText())
            lines = max(lines, min(self.max_lines, -(-hint.height() // self.fontMetrics().lineSpacing())))
        margins = self.contentsMargins()
        doc_margin = self.document().documentMargin()
        self.setFixedHeight(int(self.fontMetrics().lineSpacing() * lines + 2 * doc_margin
                                + margins.top() + margins.bottom() + 2))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.FontChange:
            self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # after this resize is laid out, not inside it
            QTimer.singleShot(0, self, self._fit)

    def keyPressEvent(self, event) -> None:
        if event.key() in _ENTER and not event.modifiers() & (Qt.ShiftModifier | Qt.ControlModifier | Qt.AltModifier):
            self.submitted.emit(self.toPlainText())
            return
        if event.key() in _ENTER and event.modifiers() & Qt.ShiftModifier:
            self.textCursor().insertText("\n")
            return
        if event.key() == Qt.Key_Escape and self.toPlainText():
            self.clear()
            self.cancelled.emit()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source) -> None:
        text = source.text() if source.hasText() else ""
        items = split_items(text)
        if len(items) > 1 and not self.toPlainText().strip():
            self.pasted.emit(items)
            return
        super().insertFromMimeData(source)


class _InPlaceDelegate(QStyledItemDelegate):
    """Edits a note where it stands: Enter keeps, Shift+Enter breaks the line, Esc cancels."""

    def createEditor(self, parent, option, index):
        editor = LineText(parent, max_lines=8)
        editor.setAccessibleName(self.tr("Edit the note"))
        editor.submitted.connect(lambda _text, e=editor: (self.commitData.emit(e), self.closeEditor.emit(e)))
        return editor

    def setEditorData(self, editor, index) -> None:
        editor.setPlainText(index.data(Qt.EditRole) or "")
        editor.selectAll()

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.toPlainText(), Qt.EditRole)

    def updateEditorGeometry(self, editor, option, index) -> None:
        rect = option.rect
        rect.setHeight(max(rect.height(), editor.height()))
        editor.setGeometry(rect)


class NotesList(QWidget):
    """One list of notes of one kind for (node, participant), with an always-open line to add.

    consolidated=True edits the group's consolidated notes (participant None)."""

    changed_count = Signal(int)

    def __init__(self, session: Session, kind: str, title: str, parent=None, consolidated: bool = False,
                 buttons_below: bool = False):
        super().__init__(parent)
        self.session, self.kind, self.title, self.consolidated = session, kind, title, consolidated
        self.node_id: str = ""
        self.participant_id: str | None = None
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName(title)
        self.list.setAccessibleDescription(self.tr("F2 or double-click edits in place, Delete removes, "
                                                   "Alt+Up/Down moves, Insert goes to the new-note line"))
        self.list.setItemDelegate(_InPlaceDelegate(self.list))
        self.list.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.list.itemChanged.connect(self._item_edited)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.line = LineText(self)
        self.line.setAccessibleName(self.tr("New note – {title}").format(title=title))
        self.line.setAccessibleDescription(self.tr("Enter adds the note, Shift+Enter breaks the line; "
                                                   "pasting several lines adds one note per line"))
        self.line.setPlaceholderText(self.tr("New note: type, then Enter"))
        self.line.submitted.connect(self._submit)
        self.line.pasted.connect(self.add_items)
        self.add_btn = self._button(self.tr("Add"), self.tr("Add the typed note (Enter)"), lambda: self._submit(self.line.toPlainText()))
        self.edit_btn = self._button(self.tr("Edit"), self.tr("Edit the selected note in place (F2)"), self.edit)
        self.remove_btn = self._button(self.tr("Remove"), self.tr("Remove the selected note (Delete)"), self.remove)
        self.up_btn = self._button(self.tr("Up"), self.tr("Move the note up (Alt+Up)"), lambda: self.move(-1))
        self.down_btn = self._button(self.tr("Down"), self.tr("Move the note down (Alt+Down)"), lambda: self.move(1))
        for key, slot in (("Del", self.remove), ("Alt+Up", lambda: self.move(-1)),
                          ("Alt+Down", lambda: self.move(1)), ("Ins", self.line.setFocus)):
            sc = QShortcut(QKeySequence(key), self.list)
            sc.setContext(Qt.WidgetShortcut)
            sc.activated.connect(slot)
        self.meta_btn = None
        if kind == "evidence":  # when the evidence is from, and whether it is attached
            self.meta_btn = self._button(self.tr("Date / held…"), self.tr("When the evidence is from, and whether "
                                                                         "it is attached"), self.edit_meta)
        entry = QHBoxLayout()  # one row under the list: the new-note line, then the buttons
        entry.addWidget(self.line, 1)
        below = QHBoxLayout()  # or the buttons on a row of their own (narrow panes)
        for b in (self.add_btn, self.edit_btn, self.remove_btn, self.up_btn, self.down_btn, self.meta_btn):
            if b is not None:
                (below if buttons_below else entry).addWidget(b, 0, Qt.AlignTop)
        below.addStretch(1)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.list, 1)
        col.addLayout(entry)
        if buttons_below:
            col.addLayout(below)
        self.setFocusProxy(self.line)
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 3)

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        b = QPushButton(text, self)
        b.setToolTip(tip)
        b.setAccessibleName(f"{tip} – {self.title}")
        b.setFocusPolicy(Qt.TabFocus)
        b.clicked.connect(slot)
        return b

    # -- target and display ------------------------------------------------------------------
    def set_target(self, node_id: str, participant_id: str | None) -> None:
        if (node_id, participant_id) != (self.node_id, self.participant_id):
            self.line.clear()
        self.node_id, self.participant_id = node_id, (None if self.consolidated else participant_id)
        self.refresh()

    def enabled(self) -> bool:
        return bool(self.node_id) and (self.consolidated or self.participant_id is not None)

    def refresh(self) -> None:
        current = self.current_id()
        notes = self.session.snapshot().notes_for(self.node_id, self.kind, self.participant_id) \
            if self.enabled() else []
        self.list.blockSignals(True)
        self.list.clear()
        for i, n in enumerate(notes, 1):
            item = QListWidgetItem(n.text)
            item.setFlags(item.flags() | Qt.ItemIsEditable)
            item.setData(NoteIdRole, n.id)
            item.setToolTip(n.text)
            if n.kind == "evidence":  # date, held flag, stale mark: in the tooltip (the text stays editable)
                from .evidence_ui import mark_evidence
                mark_evidence(item, self.session.snapshot(), n)
            item.setData(Qt.AccessibleTextRole, self.tr("{title} {i} of {n}: {text}").format(
                title=self.title, i=i, n=len(notes), text=n.text))
            self.list.addItem(item)
            if n.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._update_buttons()
        self.changed_count.emit(len(notes))

    def count(self) -> int:
        return self.list.count()

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(NoteIdRole) if item is not None else None

    def _update_buttons(self) -> None:
        row, n = self.list.currentRow(), self.list.count()
        enabled = self.enabled()
        self.line.setEnabled(enabled)
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

    # -- editing -----------------------------------------------------------------------------
    def _run(self, fn) -> bool:
        try:
            fn()
            return True
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Cannot change the note"), str(exc))
            return False

    def _submit(self, text: str) -> None:
        if not self.enabled():
            return
        if not text.strip():
            return  # Enter on an empty line adds nothing
        new: list[str] = []
        if self._run(lambda: new.append(undo.add_note(self.session, self.participant_id, self.node_id,
                                                      self.kind, text.strip()))):
            self.line.clear()
            self._select(new[0])
            self.line.setFocus()

    def add_items(self, texts: list[str]) -> int:
        """Add several notes at once (a pasted list): one undo step; returns how many were added."""
        if not self.enabled() or not texts:
            return 0
        added: list[str] = []
        self._run(lambda: added.extend(undo.add_notes(self.session, self.participant_id, self.node_id,
                                                      self.kind, texts)))
        if added:
            self._select(added[-1])
        return len(added)

    def edit(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def _item_edited(self, item: QListWidgetItem) -> None:
        nid = item.data(NoteIdRole)
        text = item.text().strip()
        if nid is None:
            return
        self._run(lambda: undo.edit_note(self.session, nid, text))
        self.refresh()  # the stored text (a refused or still pending edit shows what is saved)

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
