"""File > Frameworks: the bundled and your own frameworks; export or import an authoring workbook."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from npmassess.errors import NpmassessError
from npmassess.frameworks import library
from npmassess.frameworks.authoring import export_authoring
from npmassess.frameworks.authoring_import import import_authoring
from npmassess.paths import user_frameworks_dir

from . import dialogs

XLSX = "Excel workbook (*.xlsx)"


class FrameworksDialog(QDialog):
    """Lists every framework (bundled and user), exports one as an authoring workbook, imports one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Frameworks"))
        self.resize(820, 460)
        self.imported: list[str] = []  # keys of frameworks imported while the dialog was open
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Framework"), self.tr("Edition"), self.tr("Source"), self.tr("Scored")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(self.tr("Frameworks"))
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.export_selected())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.PlainText)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.status.setFocusPolicy(Qt.StrongFocus)  # the result of an import can be read and copied by keyboard
        self.status.setAccessibleName(self.tr("Result of the last import or export"))
        self.btn_export = QPushButton(self.tr("&Export authoring workbook…"))
        self.btn_export.clicked.connect(self.export_selected)
        self.btn_import = QPushButton(self.tr("&Import authoring workbook…"))
        self.btn_import.clicked.connect(self.import_workbook)
        buttons = QHBoxLayout()
        buttons.addWidget(self.btn_export)
        buttons.addWidget(self.btn_import)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Bundled frameworks and those you imported (your folder: {d}).").format(
            d=user_frameworks_dir())))
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        lib = library()
        self.tree.clear()
        for fw in sorted(lib, key=lambda f: (f.user, f.title().casefold(), f.edition)):
            item = QTreeWidgetItem([fw.title(), fw.edition_label(), self.tr("yours") if fw.user else self.tr("bundled"),
                                    str(len(fw.scored_nodes()))])
            item.setData(0, Qt.UserRole, fw.key)
            item.setToolTip(0, f"{fw.key} — {fw.publisher}")
            self.tree.addTopLevelItem(item)
            if fw.key == select:
                self.tree.setCurrentItem(item)
        for i in range(4):
            self.tree.resizeColumnToContents(i)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        if lib.errors:
            self.status.setText(self.tr("Refused files:") + "\n" + "\n".join(str(e) for e in lib.errors))
        self._update_buttons()

    def selected_key(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.UserRole) if item else None

    def _update_buttons(self) -> None:
        self.btn_export.setEnabled(self.selected_key() is not None)

    def export_selected(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        fid, edition = key.split("@", 1)
        fw = library().get(fid, edition)
        path = dialogs.save_file(self, self.tr("Export authoring workbook"), XLSX, f"{fid}-{edition}-authoring.xlsx")
        if path is None:
            return
        try:
            export_authoring(fw, path)
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Export authoring workbook"), str(exc))
            return
        self.status.setText(self.tr("Wrote {p}. Edit it in Excel or LibreOffice (give it a new edition), then "
                                    "import it here.").format(p=path))

    def import_workbook(self) -> None:
        path = dialogs.open_file(self, self.tr("Import authoring workbook"), XLSX)
        if path is None:
            return
        try:
            fw, target = import_authoring(path)
        except NpmassessError as exc:  # names the sheet, the cell and the rule broken; nothing was written
            self.status.setText(str(exc))
            dialogs.error(self, self.tr("Import authoring workbook"),
                          self.tr("The workbook was not imported; nothing was written.") + "\n\n" + str(exc))
            return
        self.imported.append(fw.key)
        self.refresh(select=fw.key)
        self.status.setText(self.tr("Added {t} ({k}) as {p}. It is listed with the bundled frameworks and can be "
                                    "chosen for a new assessment.").format(t=fw.title_with_edition(), k=fw.key,
                                                                           p=target))
