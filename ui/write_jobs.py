"""GUI actions that write the file (new assessment, demo, next cycle, stages...): run on a writer thread.

The GUI thread queues fn(store) on a Writer (the open session's, else the window's own), shows the
action as pending (its widgets disabled against a second submission, "Saving…") and reports the
result only after the commit. fn runs in one BEGIN IMMEDIATE transaction, so a lock held too long
by another program leaves nothing half-done; that is said plainly, with Retry.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Iterable

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QWidget

from npmassess.errors import NpmassessError, StoreLocked
from npmassess.store import Store

from . import dialogs
from .writer import Job, Writer

log = logging.getLogger(__name__)

_alive: set["WriteJob"] = set()  # keep Python references until the job reports back


def tr(text: str) -> str:
    return QCoreApplication.translate("write_jobs", text)


def saving_text() -> str:
    """What a pending write shows (the same words as a pending edit)."""
    return tr("Saving… (waiting for another program to finish writing)")


def in_one_transaction(fn: Callable[[Store], Any]) -> Callable[[Store], Any]:
    """fn(store) inside one write transaction: all of it commits, or none of it."""
    def run(store: Store) -> Any:
        with store.transaction():
            return fn(store)
    return run


class WriteJob(QObject):
    """One GUI action that writes: queued on a writer, pending until it commits, Retry on a lock."""

    def __init__(self, parent: QWidget | None, writer: Writer, title: str, fn: Callable[[Store], Any],
                 on_done: Callable[[Any], None], on_failed: Callable[[BaseException], None] | None = None,
                 widgets: Iterable[Any] = (), on_pending: Callable[[bool], None] | None = None,
                 atomic: bool = True):
        super().__init__(None)
        self.parent_widget, self.writer, self.title = parent, writer, title
        self.fn = in_one_transaction(fn) if atomic else fn
        self.on_done, self.on_failed, self.on_pending = on_done, on_failed, on_pending
        self.widgets = list(widgets)
        self.job: Job | None = None
        self.finished = False
        self.error: BaseException | None = None
        self._enabled: list[bool] = []
        self._timer = QTimer(self)
        self._timer.setInterval(15)
        self._timer.timeout.connect(self._poll)

    def start(self) -> bool:
        """Queue the work; True when it committed (and was reported) at once, within the GUI's grace."""
        from .session import Session
        _alive.add(self)
        self._set_pending(True)
        self.job = self.writer.submit(self.fn, self.title)
        if self.job.done.wait(Session.GRACE):
            self._deliver()
            return self.finished and self.error is None
        self._timer.start()
        return False

    def pending(self) -> bool:
        """True while the work waits for the lock or runs."""
        return self.job is not None and not self.finished

    def _poll(self) -> None:
        if self.job is not None and self.job.done.is_set():
            self._timer.stop()
            self._deliver()

    def _set_pending(self, on: bool) -> None:
        if on:
            self._enabled = [w.isEnabled() for w in self.widgets]
            for w in self.widgets:
                w.setEnabled(False)
        else:
            for w, was in zip(self.widgets, self._enabled):
                w.setEnabled(was)
        if self.on_pending is not None:
            self.on_pending(on)

    def _deliver(self) -> None:
        job = self.job
        assert job is not None
        self._set_pending(False)
        if job.error is None:
            self._finish(None)
            self.on_done(job.result)
            return
        exc = job.error
        if isinstance(exc, StoreLocked):
            if dialogs.choose(self.parent_widget, tr("Not saved"), str(exc), [tr("Retry")]) == 0:
                self.job = None
                self.start()
                return
        elif not isinstance(exc, NpmassessError):
            log.error("a write from the GUI failed", exc_info=(type(exc), exc, exc.__traceback__))
        self._finish(exc)
        if self.on_failed is not None:
            self.on_failed(exc)
        elif not isinstance(exc, StoreLocked):
            dialogs.error(self.parent_widget, self.title, message(exc))

    def _finish(self, exc: BaseException | None) -> None:
        self.finished, self.error = True, exc
        _alive.discard(self)


def message(exc: BaseException) -> str:
    """One sentence for a failed write (typed errors say it themselves; never a traceback)."""
    if isinstance(exc, NpmassessError):
        return str(exc)
    return tr("The change could not be saved ({kind}); details were written to the error log.").format(
        kind=type(exc).__name__)


def run_write(parent: QWidget | None, writer: Writer, title: str, fn: Callable[[Store], Any],
              on_done: Callable[[Any], None], **options: Any) -> WriteJob:
    """Start a WriteJob (see its options); returns it (job.finished tells whether it is done)."""
    job = WriteJob(parent, writer, title, fn, on_done, **options)
    job.start()
    return job


def pending() -> int:
    """How many GUI writes have not reported back yet."""
    return len(_alive)
