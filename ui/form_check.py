"""Form errors that appear once a field was touched, with the field marked (border, description)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from npmassess.assessment import PARTICIPANT_ROLES, value_label

from . import colours


def mark(widget: QWidget, problem: str) -> None:
    """Show a field as faulty (thick error-coloured border, tooltip and accessible description) or clear it."""
    name = widget.objectName() or f"field{id(widget)}"
    widget.setObjectName(name)
    if problem:
        widget.setStyleSheet(f"#{name} {{ border: 2px solid {colours.error_colour(widget)}; }}")
    else:
        widget.setStyleSheet("")
    widget.setToolTip(problem)
    widget.setAccessibleDescription(problem)
    widget.setProperty("invalid", bool(problem))


class Touched(QObject):
    """Which fields the user has changed or left; the form shows problems of those only."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.fields: set[str] = set()
        self.everything = False

    def touch(self, key: str) -> None:
        self.fields.add(key)

    def all(self) -> None:
        """After a Create/OK attempt every problem is shown."""
        self.everything = True

    def __contains__(self, key: str) -> bool:
        return self.everything or key in self.fields


def role_combo(parent: QWidget | None = None, role: str = "") -> QComboBox:
    """An editable choice of Facilitator, Member, Observer (any other role may be typed)."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.addItems([value_label(r) for r in PARTICIPANT_ROLES])  # in the UI language: the role is text the user types
    combo.setCurrentText(role)
    combo.setAccessibleName(combo.tr("Participant role"))
    combo.setToolTip(combo.tr("Facilitator, Member or Observer – or type another role"))
    return combo


class RoleDelegate(QStyledItemDelegate):
    """Table cells edited with the editable role list."""

    def createEditor(self, parent, option, index):
        return role_combo(parent)

    def setEditorData(self, editor, index) -> None:
        editor.setCurrentText(index.data() or "")

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentText().strip())
