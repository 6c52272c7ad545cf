"""The CAF process dossier dialog: the ten steps with dates, owners, notes and documents; PDF export."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from npmassess.errors import NpmassessError
from npmassess.i18n import _, current_language
from npmassess.process import dossier
from npmassess.numbers import short_date

from . import dialogs
from .session import Session

COLUMNS = (QT_TRANSLATE_NOOP("DossierDialog", "Step"), QT_TRANSLATE_NOOP("DossierDialog", "Done on"),
           QT_TRANSLATE_NOOP("DossierDialog", "Owner"), QT_TRANSLATE_NOOP("DossierDialog", "Note"),
           QT_TRANSLATE_NOOP("DossierDialog", "Documents"), QT_TRANSLATE_NOOP("DossierDialog", "The assessment shows"))
EDITABLE = {1: "done", 2: "owner", 3: "note"}


class DossierDialog(QDialog):
    """Edit the checklist in the table (date, owner, note); add or remove documents; export the PDF."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("CAF process dossier"))
        self.resize(1100, 560)
        self.summary = QLabel(self)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setAccessibleName(self.tr("Process dossier: steps, dates, owners and documents"))
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.Stretch)
        for c, w in ((1, 95), (2, 130), (3, 200), (4, 190), (5, 200)):
            head.setSectionResizeMode(c, QHeaderView.Interactive)
            self.table.setColumnWidth(c, w)
        self.table.itemChanged.connect(self._edited)
        self.add_doc = QPushButton(self.tr("Add document…"), self)
        self.add_doc.clicked.connect(self.add_document)
        self.remove_doc = QPushButton(self.tr("Remove document…"), self)
        self.remove_doc.clicked.connect(self.remove_document)
        self.export_btn = QPushButton(self.tr("Export dossier PDF…"), self)
        self.export_btn.clicked.connect(self.export)
        row = QHBoxLayout()
        for b in (self.add_doc, self.remove_doc):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.export_btn)
        box = QDialogButtonBox(QDialogButtonBox.Close, self)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Double-click a date, owner or note to change it; dates as YYYY-MM-DD. Documents are "
                              "references to files; the files stay where they are."), self)
        hint.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(box)
        self.steps: list[dossier.Step] = []
        self.refresh()

    def refresh(self) -> None:
        self.steps = dossier.steps(self.session.store, self.session.assessment_id)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.steps))
        for r, s in enumerate(self.steps):
            values = (f"{s.number}. {s.title}\n({_(dossier.PHASES[s.phase])})", short_date(s.done, current_language()), s.owner, s.note,
                      "\n".join(f.label or f.path for f in s.attachments), s.from_assessment)
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if c not in EDITABLE:
                    item.setFlags(item.flags() & ~Qt.ItemIsEditable)
                if c == 4 and s.attachments:
                    item.setToolTip("\n".join(f.path for f in s.attachments))
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        done = sum(s.complete for s in self.steps)
        self.summary.setText(self.tr("{done} of {total} steps completed.").format(done=done, total=len(self.steps)))

    def _edited(self, item: QTableWidgetItem) -> None:
        field = EDITABLE.get(item.column())
        if field is None:
            return
        step, aid, value = self.steps[item.row()].number, self.session.assessment_id, item.text()
        self._write(self.tr("Not saved"), lambda st: dossier.set_step(st, aid, step, **{field: value}))

    def _write(self, title: str, fn) -> bool:
        """fn(store) on the session's writer thread; the table shows the file again once it committed.

        True when it committed at once. While it waits for another program's lock the table and
        buttons are disabled; a failure is said and the table shows what is stored.
        """
        from .write_jobs import WriteJob, message
        from npmassess.errors import StoreLocked

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, StoreLocked):  # a lock was already said, with Retry
                dialogs.error(self, title, message(exc))
            self.refresh()

        window = self.parentWidget().window() if self.parentWidget() is not None else None
        self.job = WriteJob(self, self.session.writer, title, fn, lambda _r: self.refresh(), on_failed=failed,
                            widgets=[self.table, self.add_doc, self.remove_doc],
                            on_pending=getattr(window, "write_pending", None))
        return self.job.start()

    def _current_step(self) -> dossier.Step | None:
        r = self.table.currentRow()
        return self.steps[r] if 0 <= r < len(self.steps) else None

    def add_document(self) -> bool:
        step = self._current_step()
        if step is None:
            dialogs.info(self, self.tr("Add document"), self.tr("Choose a step first."))
            return False
        path = dialogs.open_file(self, self.tr("Document for step {n}").format(n=step.number), self.tr("Any file (*)"))
        if path is None:
            return False
        aid, number = self.session.assessment_id, step.number
        return self._write(self.tr("Not attached"), lambda st: dossier.attach(st, aid, number, str(path), path.name))

    def remove_document(self) -> bool:
        step = self._current_step()
        if step is None or not step.attachments:
            return False
        i = dialogs.choose(self, self.tr("Remove document"), self.tr("Which document reference?"),
                           [f.label or f.path for f in step.attachments])
        if i is None:
            return False
        attachment = step.attachments[i].id
        return self._write(self.tr("Not removed"), lambda st: dossier.detach(st, attachment))

    def export(self):
        from npmassess.exports.pdf.dossier import export_dossier
        path = dialogs.save_file(self, self.tr("Export the CAF process dossier"), self.tr("PDF (*.pdf)"),
                                 "caf-dossier.pdf")
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        snap = self.session.snapshot()
        try:
            export_dossier(snap, self.session.framework, self.steps, path)
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Dossier not written"), str(exc))
            return None
        dialogs.info(self, self.tr("CAF process dossier"), self.tr("Saved {path}.").format(path=path))
        return path
