"""Dialogs on the open assessment: participants (add, rename, roles, remove) and its details."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout)

from npmassess.assessment import ASSESSMENT_STATUSES, value_label
from npmassess.errors import NpmassessError

from . import colours, dialogs, undo
from .form_check import mark, role_combo
from .session import Session


class ParticipantsDialog(QDialog):
    """Edits the group of an open assessment; every change is an undoable edit saved at once."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Participants"))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Participants"))
        self.list.currentRowChanged.connect(self._selected)
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Participant name"))
        self.role = role_combo(self)  # Facilitator, Member, Observer, or any role typed
        self.apply_btn = QPushButton(self.tr("&Save changes"), self)
        self.add_btn = QPushButton(self.tr("&Add as new"), self)
        self.remove_btn = QPushButton(self.tr("&Remove…"), self)
        self.apply_btn.clicked.connect(self.save)
        self.add_btn.clicked.connect(self.add)
        self.remove_btn.clicked.connect(self.remove)
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("R&ole:"), self.role)
        row = QHBoxLayout()
        for b in (self.apply_btn, self.add_btn, self.remove_btn):
            row.addWidget(b)
        close = QDialogButtonBox(QDialogButtonBox.Close, self)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Each participant scores on their own; removing one deletes their "
                                     "scores and notes (Undo brings them back)."), self))
        lay.addWidget(self.list, 1)
        lay.addLayout(form)
        lay.addLayout(row)
        lay.addWidget(close)
        session.changed.connect(self._changed)
        self.refresh()
        self.resize(520, 460)

    def _changed(self, kind: str) -> None:
        if kind in ("participants", "all"):
            self.refresh()

    def refresh(self) -> None:
        current = self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        for p in self.session.snapshot().participants:
            item = QListWidgetItem(f"{p.name} – {value_label(p.role)}" if p.role else p.name)
            item.setData(Qt.UserRole, p.id)
            self.list.addItem(item)
            if p.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._selected(self.list.currentRow())

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item else None

    def _selected(self, _row: int) -> None:
        pid = self.current_id()
        p = self.session.snapshot().participant(pid) if pid else None
        self.name.setText(p.name if p else "")
        self.role.setCurrentText(p.role if p else self.role.itemText(1))  # Member
        self.apply_btn.setEnabled(p is not None)
        self.remove_btn.setEnabled(p is not None)

    def _run(self, fn) -> bool:
        try:
            fn()
            return True
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Participants not changed"), str(exc))
            return False

    def save(self) -> None:
        pid = self.current_id()
        if pid:
            self._run(lambda: undo.update_participant(self.session, pid, self.name.text(), self.role.currentText().strip()))

    def add(self) -> None:
        if self._run(lambda: undo.add_participant(self.session, self.name.text(), self.role.currentText().strip())):
            self.list.setCurrentRow(self.list.count() - 1)

    def remove(self) -> None:
        pid = self.current_id()
        if not pid:
            return
        p = self.session.snapshot().participant(pid)
        if dialogs.confirm(self, self.tr("Remove participant"),
                           self.tr("Remove {name} with all their scores and notes? "
                                   "Edit > Undo brings them back.").format(name=p.name)):
            self._run(lambda: undo.remove_participant(self.session, pid))


class DetailsDialog(QDialog):
    """Organisation, unit, cycle and status of the open assessment (undoable)."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Assessment details"))
        a = session.snapshot()
        self.organisation = QLineEdit(a.organisation, self)
        self.unit = QLineEdit(a.unit, self)
        self.cycle = QLineEdit(a.cycle, self)
        self.status = QComboBox(self)
        for s in ASSESSMENT_STATUSES:
            self.status.addItem(self.tr(s), s)
        self.status.setCurrentIndex(max(0, self.status.findData(a.status)))
        from npmassess.i18n import LANGUAGE_NAMES
        self.language = QComboBox(self)
        self.language.setToolTip(self.tr("The language the notes, rationale and narratives are written in "
                                         "(they are never translated)"))
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(a.language or "en")))
        form = QFormLayout()
        form.addRow(self.tr("&Organisation:"), self.organisation)
        form.addRow(self.tr("&Unit:"), self.unit)
        form.addRow(self.tr("&Cycle:"), self.cycle)
        form.addRow(self.tr("&Status:"), self.status)
        form.addRow(self.tr("&Language of the texts:"), self.language)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {colours.error_colour(self)}; font-weight: bold;")
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(520, 220)

    def accept(self) -> None:
        for w in (self.organisation, self.unit, self.cycle):
            mark(w, "")
        fields = {"organisation": self.organisation.text().strip(), "unit": self.unit.text().strip(),
                  "cycle": self.cycle.text().strip(), "status": self.status.currentData(),
                  "language": self.language.currentData()}
        try:
            undo.update_assessment(self.session, **fields)
        except NpmassessError as exc:
            self.error.setText(str(exc))
            field = getattr(exc, "field", "")
            widget = {"organisation": self.organisation, "unit": self.unit, "cycle": self.cycle}.get(field)
            if widget is not None:
                mark(widget, str(exc))
                widget.setFocus()
            return
        super().accept()
