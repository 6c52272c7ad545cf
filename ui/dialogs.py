"""The one place that asks the user: file pickers, confirmations, error and text boxes.

Tests monkeypatch these functions instead of driving native dialogs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

# the dialog classes load with the first dialog: importing them builds their enum types (about 1 ms)
# before the window can show, and a start without a message needs none

if TYPE_CHECKING:
    from pathlib import Path


def tr(text: str) -> str:
    return QCoreApplication.translate("dialogs", text)


def open_file(parent: QWidget | None, title: str, filters: str) -> Path | None:
    """Ask for an existing file; None when cancelled."""
    from PySide6.QtWidgets import QFileDialog
    from pathlib import Path
    path, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), filters)
    return Path(path) if path else None


def save_file(parent: QWidget | None, title: str, filters: str, suggested: str = "") -> Path | None:
    """Ask for a file to write; None when cancelled."""
    from PySide6.QtWidgets import QFileDialog
    from pathlib import Path
    start = str(Path.home() / suggested) if suggested else str(Path.home())
    path, _ = QFileDialog.getSaveFileName(parent, title, start, filters)
    return Path(path) if path else None


def choose_folder(parent: QWidget | None, title: str, start: str = "") -> Path | None:
    """Ask for an existing folder; None when cancelled."""
    from PySide6.QtWidgets import QFileDialog
    from pathlib import Path
    path = QFileDialog.getExistingDirectory(parent, title, start or str(Path.home()))
    return Path(path) if path else None


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question; True for yes."""
    from PySide6.QtWidgets import QMessageBox
    answer = QMessageBox.question(parent, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes


def error(parent: QWidget | None, title: str, text: str) -> None:
    """An error in one clear sentence (never a traceback)."""
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.warning(parent, title, text)


def info(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.information(parent, title, text)


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of text; None when cancelled."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.Normal, text)
    return value if ok else None


def ask_multiline(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """A paragraph of text (notes); None when cancelled."""
    from PySide6.QtWidgets import QInputDialog
    value, ok = QInputDialog.getMultiLineText(parent, title, label, text)
    return value if ok else None


def choose(parent: QWidget | None, title: str, text: str, options: list[str]) -> int | None:
    """One of several answers (by index); None when cancelled."""
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.Cancel, parent)
    buttons = [box.addButton(option, QMessageBox.AcceptRole) for option in options]
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None


def review_import(parent: QWidget | None, preview) -> dict[str, str] | None:
    """The import preview table with a choice per conflict; resolutions, or None when cancelled."""
    from .import_dialog import review_import as show
    return show(parent, preview)


def export_options(parent: QWidget | None, title: str, page_sizes: list[str], languages: list[tuple[str, str]],
                   page_size: str, lang: str) -> tuple[str, str] | None:
    """Page size and report language for an export; None when cancelled."""
    from .export_options import ask_export_options
    return ask_export_options(parent, title, page_sizes, languages, page_size, lang)
