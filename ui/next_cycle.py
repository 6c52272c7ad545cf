"""File > Start next cycle: the new cycle's label, validated, then a copy of the open assessment."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from npmassess import comparison, editions
from npmassess.validation import parse_cycle

from . import colours
from .form_check import mark
from .session import Session


def next_cycle_label(cycle: str) -> str:
    """The label that usually follows: 2026 -> 2027, 2025-26 -> 2026-27, 2025-2026 -> 2026-2027; else ''."""
    text = cycle.strip()
    if re.fullmatch(r"\d{4}", text):
        return str(int(text) + 1)
    m = re.fullmatch(r"(\d{4})([-/–])(\d{2}|\d{4})", text)
    if m:
        start, sep, end = int(m.group(1)), m.group(2), m.group(3)
        width = len(end)
        return f"{start + 1}{sep}{(int(end) + 1) % (10 ** width):0{width}d}"
    return ""


class NextCycleDialog(QDialog):
    """Asks the new cycle's label; on OK copies the assessment and emits created(new id, lines)."""

    created = Signal(str, list)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        snap = session.snapshot()
        self.new_id = ""
        self.lines: list[str] = []
        self.setWindowTitle(self.tr("Start the next cycle"))
        intro = QLabel(self.tr(
            "A new assessment of {org} / {unit} starts from cycle {cycle}: the agreed scores, rationale, "
            "consolidated notes, narratives, participants and open actions are copied as a starting point. "
            "Individual scores start empty. Cycle {cycle} itself is not changed.").format(
            org=snap.organisation, unit=snap.unit, cycle=snap.cycle))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.PlainText)
        self.cycle = QLineEdit(next_cycle_label(snap.cycle))
        self.cycle.setAccessibleName(self.tr("New cycle"))
        self.cycle.setPlaceholderText(self.tr("for example 2027 or 2027-28"))
        self.cycle.selectAll()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.PlainText)
        self.error.setStyleSheet(f"color: {colours.error_colour(self)};")
        self.error.hide()
        self.cycle.textChanged.connect(lambda _t: self.error.hide())
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons = buttons
        self.job = None  # the pending copy (ui.write_jobs.WriteJob)
        self.status = QLabel()  # "Saving…" while the copy waits for the file's lock
        self.status.setTextFormat(Qt.PlainText)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Start cycle"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # a newer edition that declares its correspondence can be chosen: scores and notes move across it
        fw = session.framework
        self.edition = QComboBox()
        self.edition.setAccessibleName(self.tr("Edition of the new cycle"))
        self.edition.addItem(self.tr("{e} (same edition)").format(e=fw.edition), "")
        for newer in editions.newer_editions(session.store.frameworks, fw):
            self.edition.addItem(self.tr("{e} (carry scores and notes across the official correspondence)")
                                 .format(e=newer.edition), newer.edition)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        form = QFormLayout()
        form.addRow(self.tr("New &cycle:"), self.cycle)
        if self.edition.count() > 1:
            form.addRow(self.tr("&Edition:"), self.edition)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(540)
        self.resize(560, 230)

    def problem(self) -> str:
        """Why the typed label cannot be used ('' when it looks fine; the core checks duplicates)."""
        text = self.cycle.text().strip()
        if not text:
            return self.tr("New cycle: enter a label, for example {example}.").format(
                example=next_cycle_label(self.session.snapshot().cycle) or "2027")
        if len(text) > 40:
            return self.tr("New cycle: '{text}…' is too long (at most 40 characters).").format(text=text[:40])
        if parse_cycle(text) is None:
            return self.tr("New cycle: '{text}' is not a year or a span of years such as 2027 or 2027/28.").format(
                text=text)
        return ""

    def accept(self) -> None:
        """Copy on the writer thread (one transaction); created() is emitted once the copy committed."""
        from .write_jobs import WriteJob, message
        if self.job is not None and self.job.pending():
            return
        problem = self.problem()
        if problem:
            self._show_problem(problem)
            return
        aid, cycle, edition = self.session.assessment_id, self.cycle.text().strip(), self.edition.currentData() or None

        def copied(result: tuple[str, list[str]]) -> None:
            self.new_id, self.lines = result
            QDialog.accept(self)
            self.created.emit(self.new_id, self.lines)

        window = self.parentWidget().window() if self.parentWidget() is not None else None
        self.job = WriteJob(self, self.session.writer, self.tr("Start the next cycle"),
                            lambda st: comparison.copy_to_new_cycle(st, aid, cycle, edition), copied,
                            on_failed=lambda exc: self._show_problem(message(exc)), widgets=[self.buttons, self.cycle,
                                                                                      self.edition],
                            on_pending=lambda on: self._pending(on, window))
        self.job.start()

    def _pending(self, on: bool, window) -> None:
        from .write_jobs import saving_text
        self.status.setText(saving_text() if on else "")
        if window is not None and hasattr(window, "write_pending"):
            window.write_pending(on)

    def _show_problem(self, problem: str) -> None:
        mark(self.cycle, problem)
        self.error.setText(problem)
        self.error.show()
        self.cycle.setFocus()

    def reject(self) -> None:
        if self.job is not None and self.job.pending():
            return  # the copy is queued: it commits or fails first (nothing half-done)
        super().reject()
