"""A small dialog before an export's file picker: page size and report language."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QWidget

PAGE_SIZE_SHORT = {"A4": "A4", "Letter": QT_TRANSLATE_NOOP("ExportOptionsDialog", "US Letter")}  # in a sentence
PAGE_SIZE_NAMES = {"A4": "A4 (210 × 297 mm)", "Letter": QT_TRANSLATE_NOOP("ExportOptionsDialog", "US Letter (8.5 × 11 in)")}


def language_name(code: str) -> str:
    """'fr' -> 'Français (fr)'; the language's own name, as people look for it."""
    from npmassess.i18n import LANGUAGE_NAMES
    name = LANGUAGE_NAMES.get(code)
    if name is None:
        from PySide6.QtCore import QLocale
        name = QLocale(code).nativeLanguageName()
    return f"{name} ({code})" if name else code


class ExportOptionsDialog(QDialog):
    """Page size (when the export has pages) and language (when the framework has several)."""

    def __init__(self, title: str, page_sizes: list[str], languages: list[tuple[str, str]], page_size: str,
                 lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.page_size = QComboBox()
        self.page_size.setAccessibleName(self.tr("Page size"))
        for size in page_sizes:
            self.page_size.addItem(self.tr(PAGE_SIZE_NAMES.get(size, size)), size)
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(page_size)))
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Report language"))
        for code, name in languages:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(lang)))
        if page_sizes:
            form.addRow(self.tr("&Page size:"), self.page_size)
        if len(languages) > 1:
            form.addRow(self.tr("Report &language:"), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Choose the file…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str]:
        return self.page_size.currentData() or "", self.language.currentData() or ""


def ask_export_options(parent: QWidget | None, title: str, page_sizes: list[str], languages: list[tuple[str, str]],
                       page_size: str, lang: str) -> tuple[str, str] | None:
    dialog = ExportOptionsDialog(title, page_sizes, languages, page_size, lang, parent)
    try:
        return dialog.values() if dialog.exec() == QDialog.Accepted else None
    finally:
        dialog.deleteLater()
