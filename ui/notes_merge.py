"""Participants' strengths or areas for improvement beside the consolidated list, mergeable."""

from __future__ import annotations

from npmassess.i18n import labelled
from npmassess.process.anonymity import shown_participants
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from npmassess.errors import NpmassessError

from . import undo, viewkit
from .notes_editor import NotesList
from .session import Session


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
        title = self.tr("Consolidated strengths") if kind == "strength" else self.tr("Consolidated areas for improvement")
        self.editor = NotesList(session, kind, title, self, consolidated=True, buttons_below=True)  # typed straight in, too
        self.consolidated = self.editor.list
        for b in (self.editor.up_btn, self.editor.down_btn, self.editor.add_btn):
            b.hide()  # Enter adds, Alt+Up/Down move (the fields' descriptions say so): keeps the pane narrow
        self.merge_selected_button = QPushButton(self.tr("Merge selected →"))
        self.merge_all_button = QPushButton(self.tr("Merge all →"))
        self.remove_button = self.editor.remove_btn
        self.merge_selected_button.setToolTip(self.tr("Copy the selected texts into the consolidated list"))
        self.merge_all_button.setToolTip(self.tr("Copy every participant's text (exact duplicates are skipped)"))
        self.merge_selected_button.clicked.connect(self.merge_selected)
        self.merge_all_button.clicked.connect(self.merge_all)
        buttons = QVBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.merge_selected_button)
        buttons.addWidget(self.merge_all_button)
        buttons.addStretch(1)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(QLabel(self.tr("From participants")))
        left.addWidget(self.individual)
        right.addWidget(QLabel(self.tr("Consolidated")))
        right.addWidget(self.editor, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(left, 3)
        layout.addLayout(buttons)
        layout.addLayout(right, 3)

    def refresh(self, node_id: str) -> None:
        snap = self.session.snapshot()
        names = {p.id: p.name for p in shown_participants(snap)}  # Assessor A, B, C when anonymous
        self.individual.clear()
        self.editor.set_target(node_id, None)
        merged = {n.text for n in snap.notes_for(node_id, self.kind, None)}
        for note in snap.notes_for(node_id, self.kind):
            if note.participant_id is None:
                continue
            done = note.text in merged  # marked by a sign, not by a paler colour alone
            item = QListWidgetItem(("✓ " if done else "") + labelled(names.get(note.participant_id, '?'), note.text))
            item.setData(Qt.UserRole, note.text)
            if done:
                item.setToolTip(self.tr("Already in the consolidated list"))
                item.setData(Qt.AccessibleTextRole, self.tr("Merged: {text}").format(text=item.text()[2:]))
            self.individual.addItem(item)
        self.merge_all_button.setEnabled(self.individual.count() > 0)

    def pending(self) -> list[str]:
        """Participants' texts not yet in the consolidated list."""
        merged = set(self.editor.texts())
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
        self.editor.remove()
