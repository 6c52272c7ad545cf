"""The import preview: every change a merge would make, with a per-conflict choice (keep mine / take theirs)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QStyledItemDelegate, QTableView, QVBoxLayout, QWidget)

from npmassess.i18n import labelled, ngettext
from npmassess.exchange import merge

from . import colours

CHOICES = ("mine", "theirs")


def _value(change: merge.Change, value) -> str:
    short = getattr(merge, "_short", None)  # the core's own short rendering of a value
    return short(value, change.key) if short else ("(none)" if value is None else str(value))


class ChangesModel(QAbstractTableModel):
    """One row per change; conflicts first. The Choice column is editable on conflict rows only."""

    WHAT, HERE, THEIRS, CHOICE = range(4)
    HEADERS = (QT_TRANSLATE_NOOP("ChangesModel", "Change"), QT_TRANSLATE_NOOP("ChangesModel", "In this database"),
               QT_TRANSLATE_NOOP("ChangesModel", "In the file"), QT_TRANSLATE_NOOP("ChangesModel", "Choice"))

    def __init__(self, changes: list[merge.Change], parent=None):
        super().__init__(parent)
        self.changes = sorted(changes, key=lambda c: not c.conflict)
        self.choices: dict[str, str] = {}

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.changes)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if index.column() == self.CHOICE and self.changes[index.row()].conflict:
            return base | Qt.ItemIsEditable
        return base

    def choice_text(self, choice: str | None) -> str:
        return {"mine": self.tr("Keep this database's value"), "theirs": self.tr("Take the file's value")}.get(
            choice or "", self.tr("Choose…"))

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        c = self.changes[index.row()]
        col = index.column()
        choice = self.choices.get(c.id)
        if role == Qt.DisplayRole:
            if col == self.WHAT:
                if c.conflict:
                    return self.tr("Conflict: {label}").format(label=c.label)
                verb = self.tr("New") if c.mine is None else self.tr("Removed") if c.theirs is None else \
                    self.tr("Changed")
                return labelled(verb, c.label)
            if col == self.HERE:
                return _value(c, c.mine)
            if col == self.THEIRS:
                return _value(c, c.theirs)
            return self.choice_text(choice) if c.conflict else self.tr("will be applied")
        if role == Qt.EditRole and col == self.CHOICE:
            return choice or ""
        if role == Qt.ToolTipRole:
            return c.describe()
        if role == Qt.FontRole and c.conflict and (col == self.WHAT or (col == self.CHOICE and not choice)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ForegroundRole and c.conflict and col == self.CHOICE and not choice:
            return QColor("#c62828")
        if role == Qt.ForegroundRole and not c.conflict and col == self.HERE:
            return QColor("#777777")
        return None

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if not index.isValid() or index.column() != self.CHOICE or role != Qt.EditRole:
            return False
        c = self.changes[index.row()]
        if not c.conflict or value not in CHOICES + ("",):
            return False
        if value:
            self.choices[c.id] = value
        else:
            self.choices.pop(c.id, None)
        self.dataChanged.emit(index.siblingAtColumn(0), index)
        return True

    def set_all(self, choice: str) -> None:
        for c in self.changes:
            if c.conflict:
                self.choices[c.id] = choice
        if self.changes:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.changes) - 1, self.CHOICE))

    def unresolved(self) -> list[merge.Change]:
        return merge.unresolved(self.changes, self.choices, None)


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down (keep mine / take theirs) in the Choice column of conflict rows."""

    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        model = index.model()
        box.addItem(model.choice_text(None), "")
        for choice in CHOICES:
            box.addItem(model.choice_text(choice), choice)
        box.setAccessibleName(self.tr("Choice for this conflict"))
        box.currentIndexChanged.connect(lambda _i, b=box: self.commitData.emit(b))
        return box

    def setEditorData(self, editor, index):
        editor.blockSignals(True)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.EditRole) or "")))
        editor.blockSignals(False)

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.EditRole)


class ImportPreviewDialog(QDialog):
    """Shows what a merge would change; accepted only when every conflict has a choice."""

    def __init__(self, preview, parent: QWidget | None = None):
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(self.tr("Import: review the changes"))
        lines = preview.lines()
        head = QLabel("\n".join(lines[:2 + len(preview.warnings)]))
        head.setWordWrap(True)
        head.setTextFormat(Qt.PlainText)
        head.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        head.setFocusPolicy(Qt.StrongFocus)  # what the file is, readable and copyable by keyboard
        head.setAccessibleName(self.tr("What the file contains"))
        self.model = ChangesModel(preview.changes, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(ChangesModel.CHOICE, ChoiceDelegate(self.table))
        self.table.setAccessibleName(self.tr("Changes the import would make"))
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ChangesModel.WHAT, QHeaderView.Stretch)
        header.setSectionResizeMode(ChangesModel.CHOICE, QHeaderView.ResizeToContents)
        for col in (ChangesModel.HERE, ChangesModel.THEIRS):  # long notes are elided; the tooltip has them
            header.setSectionResizeMode(col, QHeaderView.Interactive)
            header.resizeSection(col, 170)
        for row, c in enumerate(self.model.changes):
            if c.conflict:
                self.table.openPersistentEditor(self.model.index(row, ChangesModel.CHOICE))
        self.mine_all = QPushButton(self.tr("Keep &all of this database's values"))
        self.theirs_all = QPushButton(self.tr("Take all of the &file's values"))
        for button, choice in ((self.mine_all, "mine"), (self.theirs_all, "theirs")):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, ch=choice: self.set_all(ch))
            button.setVisible(bool(preview.conflicts))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {colours.error_colour(self)};")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("&Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.mine_all)
        row.addWidget(self.theirs_all)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        if preview.conflicts:
            n = len(preview.conflicts)
            hint = QLabel(ngettext("{n} value changed both here and in the file: choose which one to keep.",
                                   "{n} values changed both here and in the file: choose for each which one "
                                   "to keep.", n).format(n=n))
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(900, 520)

    def set_all(self, choice: str) -> None:
        self.model.set_all(choice)
        for row, c in enumerate(self.model.changes):  # the open drop-downs show the new choice
            if c.conflict:
                self.table.closePersistentEditor(self.model.index(row, ChangesModel.CHOICE))
                self.table.openPersistentEditor(self.model.index(row, ChangesModel.CHOICE))
        self.error.hide()

    def resolutions(self) -> dict[str, str]:
        """{change.id: 'mine' | 'theirs'} for every conflict chosen so far."""
        return dict(self.model.choices)

    def accept(self) -> None:
        open_ = self.model.unresolved()
        if open_:
            self.error.setText(ngettext("{n} conflict still needs a choice: {label}.",
                                        "{n} conflicts still need a choice, for example {label}.",
                                        len(open_)).format(n=len(open_), label=open_[0].label))
            self.error.show()
            return
        super().accept()


def review_import(parent: QWidget | None, preview) -> dict[str, str] | None:
    """Show the preview; the per-conflict resolutions when confirmed, None when cancelled."""
    dialog = ImportPreviewDialog(preview, parent)
    try:
        return dialog.resolutions() if dialog.exec() == QDialog.Accepted else None
    finally:
        dialog.deleteLater()
