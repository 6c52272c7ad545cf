"""The form for one improvement action: what, who, when, impact and effort, linked notes."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QSpinBox, QWidget)

from npmassess.i18n import current_language, labelled
from npmassess.assessment import ACTION_STATUSES, Action, action_priority

from . import viewkit
from .session import Session

LEVEL_NAMES = {1: "very low", 2: "low", 3: "medium", 4: "high", 5: "very high"}


class ActionDialog(QDialog):
    """Create or edit an action; fields() gives the values once accepted."""

    def __init__(self, session: Session, action: Action | None = None, node_id: str | None = None,
                 note_ids: tuple[str, ...] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Edit improvement action") if action else self.tr("New improvement action"))
        snap = session.snapshot()
        self.title = QLineEdit(action.title if action else "")
        self.title.setPlaceholderText(self.tr("What will be done (required)"))
        self.description = QPlainTextEdit(action.description if action else "")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(90)
        self.node = QComboBox()
        self.node.addItem(self.tr("(no node)"), "")
        for n in session.framework.scored_nodes():
            self.node.addItem(viewkit.node_label(n, 70), n.id)
        if action and action.node_ids:
            node_id = action.node_ids[0]
        self.node.setCurrentIndex(max(0, self.node.findData(node_id or "")))
        self.notes = QListWidget()
        self.notes.setAccessibleName(self.tr("Areas for improvement to link"))
        self.notes.setMaximumHeight(130)
        self.notes.setWordWrap(True)
        self._checked = set(action.note_ids if action else note_ids)
        self.owner = QLineEdit(action.owner if action else "")
        owners = sorted({a.owner for a in snap.actions if a.owner} | {p.name for p in snap.participants})
        self.owner.setCompleter(QCompleter(owners, self))
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd/MM/yyyy" if current_language() == "fr" else "yyyy-MM-dd")
        self.due.setAccessibleName(self.tr("Due date"))
        self.no_due = QCheckBox(self.tr("&No due date"))
        self.no_due.toggled.connect(lambda on: self.due.setEnabled(not on))
        self._bad_due = ""
        self.set_due(action.due if action else "")
        self.due.dateChanged.connect(self._due_touched)
        self.no_due.toggled.connect(self._due_touched)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due)
        due_row.addWidget(self.no_due)
        due_row.addStretch(1)
        self.status = QComboBox()
        for status in ACTION_STATUSES:
            self.status.addItem(self.tr(status), status)
        self.status.setCurrentIndex(max(0, self.status.findData(action.status if action else "planned")))
        self.impact, self.effort = QSpinBox(), QSpinBox()
        for box, value in ((self.impact, action.impact if action else 3), (self.effort, action.effort if action else 3)):
            box.setRange(1, 5)
            box.setValue(value)
            box.valueChanged.connect(self._update_priority)
        self.impact.setAccessibleName(self.tr("Impact, 1 to 5"))
        self.effort.setAccessibleName(self.tr("Effort, 1 to 5"))
        self.impact.setToolTip(self.tr("1 = very low, 5 = very high benefit"))
        self.effort.setToolTip(self.tr("1 = very little, 5 = very much work"))
        self.priority = QLabel()
        levels = QHBoxLayout()
        for label, box in ((self.tr("Impact"), self.impact), (self.tr("Effort"), self.effort)):
            levels.addWidget(QLabel(label))
            levels.addWidget(box)
        levels.addWidget(self.priority, 1)

        form = QFormLayout(self)
        form.addRow(self.tr("&Title"), self.title)
        form.addRow(self.tr("&Description"), self.description)
        form.addRow(self.tr("&Node"), self.node)
        form.addRow(self.tr("Areas for &improvement"), self.notes)
        form.addRow(self.tr("&Owner"), self.owner)
        form.addRow(self.tr("D&ue date"), due_row)
        form.addRow(self.tr("&Status"), self.status)
        form.addRow(self.tr("Impact and effort"), levels)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.node.currentIndexChanged.connect(self._fill_notes)
        self.notes.itemChanged.connect(self._note_checked)
        self._fill_notes()
        self._update_priority()
        self.resize(660, self.sizeHint().height())

    def _fill_notes(self) -> None:
        self.notes.blockSignals(True)
        self.notes.clear()
        node_id = self.node.currentData()
        snap = self.session.snapshot()
        names = {p.id: p.name for p in snap.participants}
        afis = snap.notes_for(node_id, "improvement") if node_id else []
        afis.sort(key=lambda n: (n.participant_id is not None, n.position))
        for note in afis:
            who = self.tr("Consolidated") if note.participant_id is None else names.get(note.participant_id, "?")
            item = QListWidgetItem(labelled(who, note.text))
            item.setData(Qt.UserRole, note.id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if note.id in self._checked else Qt.Unchecked)
            self.notes.addItem(item)
        if not afis:
            item = QListWidgetItem(self.tr("No areas for improvement recorded for this node."))
            item.setFlags(Qt.NoItemFlags)
            self.notes.addItem(item)
        self.notes.blockSignals(False)

    def _note_checked(self, item: QListWidgetItem) -> None:
        note_id = item.data(Qt.UserRole)
        if item.checkState() == Qt.Checked:
            self._checked.add(note_id)
            if not self.title.text().strip():
                text = item.text().split(": ", 1)[-1]
                self.title.setText(text if len(text) <= 200 else text[:199] + "…")
        else:
            self._checked.discard(note_id)

    def _update_priority(self) -> None:
        priority = action_priority(self.impact.value(), self.effort.value())
        self.priority.setText(self.tr("Priority: {p}").format(p=self.tr(priority)))

    def linked_notes(self) -> list[str]:
        """Checked notes that belong to the chosen node."""
        return [self.notes.item(i).data(Qt.UserRole) for i in range(self.notes.count())
                if self.notes.item(i).checkState() == Qt.Checked and self.notes.item(i).data(Qt.UserRole)]

    def set_due(self, text: str) -> None:
        """Show a stored due date; empty (or unreadable) text ticks 'No due date'."""
        text = (text or "").strip()
        date = QDate.fromString(text, "yyyy-MM-dd")
        self._bad_due = "" if not text or date.isValid() else text
        if date.isValid():
            self.due.setDate(date)
            self.no_due.setChecked(False)
        else:
            self.due.setDate(QDate.currentDate().addMonths(3))
            self.no_due.setChecked(not self._bad_due)
        self.due.setEnabled(not self.no_due.isChecked())

    def _due_touched(self, *_args) -> None:
        self._bad_due = ""  # the user picked a date or ticked 'No due date'

    def due_text(self) -> str:
        """The chosen due date as YYYY-MM-DD, or '' when there is none."""
        if self.no_due.isChecked():
            return ""
        return self.due.date().toString("yyyy-MM-dd")

    def problems(self) -> list[str]:
        out = []
        if not self.title.text().strip():
            out.append(self.tr("Title: an improvement action needs a title."))
        if self._bad_due:
            out.append(self.tr("Due date: the stored '{due}' is not a date; pick one or tick 'No due date'.")
                       .format(due=self._bad_due))
        return out

    def fields(self) -> dict:
        node_id = self.node.currentData()
        return {"title": self.title.text().strip(), "description": self.description.toPlainText(),
                "owner": self.owner.text().strip(), "due": self.due_text(),
                "status": self.status.currentData(), "impact": self.impact.value(),
                "effort": self.effort.value(), "node_ids": [node_id] if node_id else [],
                "note_ids": self.linked_notes()}

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            viewkit.show_error(self, "\n".join(problems))
            return
        super().accept()


def ask_action(parent: QWidget | None, session: Session, action: Action | None = None,
               node_id: str | None = None, note_ids: tuple[str, ...] = ()) -> dict | None:
    """Show the action form; the fields when confirmed, None when cancelled (tests patch this)."""
    dialog = ActionDialog(session, action, node_id, note_ids, parent)
    try:
        return dialog.fields() if dialog.exec() == QDialog.Accepted else None
    finally:
        dialog.deleteLater()
