"""File > Issue scoring kits: who gets a kit, which kind, which folder; written off the GUI thread."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from npmassess.errors import Cancelled, NpmassessError, StoreLocked
from npmassess.fsutil import describe_os_error
from npmassess.assessment import value_label
from npmassess.i18n import ngettext

from . import colours, dialogs
from .session import Session
from .tasks import Task, run_task

KINDS = (("xlsx", ".xlsx"), ("package", ".npma"))


def kit_file_name(name: str, kind: str, used: set[str]) -> str:
    """kit-<name>.xlsx / .npma, safe on every file system and unique within one run."""
    stem = re.sub(r"[^\w.-]+", "-", name.strip(), flags=re.UNICODE).strip("-.")[:60] or "participant"
    while stem.casefold() in used:
        stem += "-2"
    used.add(stem.casefold())
    return f"kit-{stem}{dict(KINDS)[kind]}"


class KitsDialog(QDialog):
    """Choose participants (or add one), the kind of kit and a folder; then write one kit each."""

    def __init__(self, session: Session, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.settings = settings if settings is not None else QSettings()
        self.task: Task | None = None
        self.written: list[Path] = []
        self.last_message = ""
        self.setWindowTitle(self.tr("Issue scoring kits"))

        self.people = QListWidget()
        self.people.setAccessibleName(self.tr("Participants who get a kit"))
        for p in session.snapshot().participants:
            self._add_item(p.name + (f" ({value_label(p.role)})" if p.role else ""), p.name)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("Name of a new participant"))
        self.new_name.setAccessibleName(self.tr("New participant"))
        self.new_name.installEventFilter(self)  # Enter adds the name; it must not also write the kits
        add = QPushButton(self.tr("&Add"))
        add.setAutoDefault(False)
        add.clicked.connect(self.add_participant)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(add)

        self.xlsx = QRadioButton(self.tr("&Excel workbook, for people without npmassess"))
        self.package = QRadioButton(self.tr("&Package (.npma), for people with npmassess"))
        kind = self.settings.value("kits/kind", "xlsx", type=str)
        (self.package if kind == "package" else self.xlsx).setChecked(True)

        self.folder = QLineEdit(self.settings.value("kits/folder", "", type=str))
        self.folder.setAccessibleName(self.tr("Folder for the kits"))
        self.folder.setPlaceholderText(self.tr("Folder where the kit files are written"))
        self.browse_button = browse = QPushButton(self.tr("C&hoose…"))
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.PlainText)
        self.error.setStyleSheet(f"color: {colours.error_colour(self)};")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(self.tr("Write kits"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        title = QLabel(self.tr("&Participants (a kit holds only that person's own scores and notes):"))
        title.setBuddy(self.people)
        layout.addWidget(title)
        layout.addWidget(self.people, 1)
        layout.addLayout(add_row)
        layout.addWidget(QLabel(self.tr("Kind of kit:")))
        layout.addWidget(self.xlsx)
        layout.addWidget(self.package)
        folder_label = QLabel(self.tr("&Folder:"))
        folder_label.setBuddy(self.folder)
        layout.addWidget(folder_label)
        layout.addLayout(folder_row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, 460)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.new_name and event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.add_participant()
            return True
        return super().eventFilter(obj, event)

    # -- choices -------------------------------------------------------------------------------
    def _add_item(self, text: str, name: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(Qt.UserRole, name)
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Checked)
        self.people.addItem(item)
        return item

    def names(self) -> list[str]:
        """The checked participants' names, in list order."""
        return [self.people.item(i).data(Qt.UserRole) for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.Checked]

    def kind(self) -> str:
        return "package" if self.package.isChecked() else "xlsx"

    def add_participant(self) -> None:
        """Add a (new) name to the list, checked; it becomes a participant when its kit is written."""
        name = " ".join(self.new_name.text().split())
        if not name:
            self.show_error(self.tr("New participant: type a name first."))
            return
        taken = {self.people.item(i).data(Qt.UserRole).casefold() for i in range(self.people.count())}
        if name.casefold() in taken:
            self.show_error(self.tr("New participant: '{name}' is already in the list.").format(name=name))
            return
        if len(name) > 200:
            self.show_error(self.tr("New participant: a name has at most 200 characters."))
            return
        self._add_item(self.tr("{name} (new)").format(name=name), name)
        self.new_name.clear()
        self.error.hide()

    def browse(self) -> None:
        path = dialogs.choose_folder(self, self.tr("Folder for the kits"), self.folder.text())
        if path is not None:
            self.folder.setText(str(path))

    def show_error(self, text: str) -> None:
        self.last_message = text
        self.error.setText(text)
        self.error.show()

    def problem(self) -> str:
        if not self.names():
            return self.tr("Participants: tick at least one participant (or add one) to issue kits.")
        text = self.folder.text().strip()
        if not text:
            return self.tr("Folder: choose the folder where the kits are written.")
        folder = Path(text).expanduser()
        if not folder.is_dir():
            return self.tr("Folder: {path} does not exist.").format(path=folder)
        if not os.access(folder, os.W_OK | os.X_OK):
            return self.tr("Folder: {path} cannot be written to; choose another folder.").format(path=folder)
        return ""

    # -- writing -------------------------------------------------------------------------------
    def accept(self) -> None:
        if self.task is not None and not self.task.finished_flag:
            return
        problem = self.problem()
        if problem:
            self.show_error(problem)
            return
        self.error.hide()
        folder = Path(self.folder.text().strip()).expanduser()
        kind, names = self.kind(), self.names()
        self.settings.setValue("kits/kind", kind)
        self.settings.setValue("kits/folder", str(folder))
        used: set[str] = set()
        jobs = [(name, folder / kit_file_name(name, kind, used),
                 self.tr("Writing the kit of {name}").format(name=name)) for name in names]  # tr() here, not in the worker
        self.issued: list = []  # kits written so far (kept when a retry writes the rest)
        self._issue(jobs, kind)

    def _issue(self, jobs: list, kind: str) -> None:
        """Write the kits off the GUI thread, on the worker's own connection (each kit's record commits first)."""
        self.pending_jobs, self._kind = jobs, kind
        db, frameworks, aid = self.session.store.path, self.session.store.frameworks, self.session.assessment_id

        def work(progress):
            from npmassess.exchange import kits
            from npmassess.store import Store

            from . import writer
            store = Store(db, frameworks, timeout=writer.WRITE_TIMEOUT)  # the worker's own connection
            done = []
            try:
                for i, (name, path, label) in enumerate(jobs):
                    if progress(i, len(jobs), label):
                        raise Cancelled("cancelled")
                    done.append(kits.issue_kit(store, aid, name, path, kind))
                progress(len(jobs), len(jobs), "")
                return done
            except BaseException as exc:
                exc.npmassess_done = done  # kits already written stay listed
                raise
            finally:
                store.close()

        self.buttons.setEnabled(False)
        self.task = run_task(work, self.tr("Issue scoring kits"), self, on_done=self._finished,
                             on_error=self._failed)

    def _report(self, issued: list) -> str:
        self.written = [k.path for k in issued]
        lines = [ngettext("{n} kit written:", "{n} kits written:", len(issued)).format(n=len(issued))] if issued else []
        lines += [f"  {k.path}" + (self.tr(" (new participant)") if k.participant_added else "") for k in issued]
        return "\n".join(lines)

    def _finished(self, issued: list) -> None:
        self.buttons.setEnabled(True)
        self.session.notify("participants")
        self.last_message = self._report(self.issued + issued)
        super().accept()
        dialogs.info(self.parentWidget(), self.tr("Scoring kits"), self.last_message)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        written = getattr(exc, "npmassess_done", [])
        self.issued = self.issued + written
        done = self._report(self.issued)
        if written:
            self.session.notify("participants")
        if isinstance(exc, StoreLocked):  # that kit's record did not commit and its file was not written
            rest = self.pending_jobs[len(written):]
            if dialogs.choose(self, self.tr("Not saved"), str(exc) + ("\n" + done if done else ""),
                              [self.tr("Retry")]) == 0:
                self._issue(rest, self._kind)
                return
        if isinstance(exc, Cancelled):
            text = self.tr("Cancelled.")
        elif isinstance(exc, NpmassessError):
            text = str(exc)
        elif isinstance(exc, OSError):
            text = self.tr("Cannot write {path}: {problem}.").format(path=exc.filename or self.folder.text(),
                                                                     problem=describe_os_error(exc))
        else:
            text = self.tr("Writing the kits failed unexpectedly ({kind}); details were written to the error "
                           "log.").format(kind=type(exc).__name__)
        self.show_error(text + ("\n" + done if done else ""))
