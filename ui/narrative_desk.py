"""The award writer's desk: a node's application narrative, saved as you type."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from npmassess.errors import NpmassessError

from . import dialogs, undo
from .session import Session


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
