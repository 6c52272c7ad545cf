"""The one background-work helper: a callable runs on the thread pool with progress and cancel.

The callable receives a ``progress(done, total, message)`` callback (npmassess.progress protocol)
that returns True once the user pressed Cancel, so core code raises ``Cancelled``. The worker
never touches a widget or the GUI thread's database connection: give it a snapshot.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from npmassess.errors import Cancelled

log = logging.getLogger(__name__)

_running: set["Task"] = set()  # keep Python references until the task reports back


class Channel(QObject):
    """Carries the worker's signals; lives in the GUI thread, so emits arrive queued there."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable, channel: Channel, cancel: threading.Event):
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.channel, self.cancel = fn, channel, cancel

    def _emit(self, name: str, *args) -> None:
        try:
            getattr(self.channel, name).emit(*args)
        except RuntimeError:  # the channel went with the application (closing): nobody is left to tell
            self.cancel.set()

    def _progress(self, done: int, total: int, message: str = "") -> bool:
        self._emit("progress", int(done), int(total), str(message))
        return self.cancel.is_set()

    def run(self) -> None:
        try:
            result = self.fn(self._progress)
        except BaseException as exc:  # reported on the GUI thread, never lost
            self._emit("failed", exc)
        else:
            self._emit("finished", result)


class Task(QObject):
    """One background job with an optional progress dialog that can cancel it."""

    done = Signal(object)   # result
    error = Signal(object)  # exception (Cancelled included)

    def __init__(self, fn: Callable[[Callable], Any], label: str = "", parent: QWidget | None = None,
                 show_progress: bool = True, pool: QThreadPool | None = None):
        super().__init__(None)
        self.cancel_event = threading.Event()
        self.channel = Channel()
        self.runnable = _Runnable(fn, self.channel, self.cancel_event)
        self.result: Any = None
        self.exception: BaseException | None = None
        self.finished_flag = False
        self.dialog: QProgressDialog | None = None
        if show_progress:
            self.dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, parent)
            self.dialog.setWindowTitle(label)
            self.dialog.setWindowModality(Qt.WindowModal)
            self.dialog.setMinimumDuration(500)  # quick jobs never flash a dialog
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)
        self.channel.progress.connect(self._on_progress)
        self.channel.finished.connect(self._on_finished)
        self.channel.failed.connect(self._on_failed)
        self._pool = pool or QThreadPool.globalInstance()

    def start(self) -> "Task":
        _running.add(self)
        self._pool.start(self.runnable)
        return self

    @Slot()
    def cancel(self) -> None:
        self.cancel_event.set()
        if self.dialog is not None:
            self.dialog.setLabelText(self.tr("Cancelling…"))

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        dialog = self.dialog
        if dialog is None or self.cancel_event.is_set() or self.finished_flag:
            return
        # setValue() on a modal progress dialog processes events, so the job may finish meanwhile
        if message:
            dialog.setLabelText(message)
        dialog.setMaximum(max(total, 0))
        if not self.finished_flag:
            dialog.setValue(min(done, total) if total > 0 else 0)

    def _close(self) -> None:
        self.finished_flag = True
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        _running.discard(self)

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        self.result = result
        self._close()
        self.done.emit(result)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self.exception = exc
        if not isinstance(exc, Cancelled):
            log.error("background task failed", exc_info=(type(exc), exc, exc.__traceback__))
        self._close()
        self.error.emit(exc)


def run_task(fn: Callable[[Callable], Any], label: str, parent: QWidget | None = None,
             on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None,
             show_progress: bool = True) -> Task:
    """Start fn(progress) off the GUI thread; handlers run on the GUI thread."""
    task = Task(fn, label, parent, show_progress)
    if on_done is not None:
        task.done.connect(on_done)
    if on_error is not None:
        task.error.connect(on_error)
    return task.start()


def running() -> int:
    """How many tasks have not reported back yet."""
    return len(_running)


def shutdown(wait_ms: int = 10_000) -> bool:
    """At exit: ask every running task to stop and wait for the workers; True when all have ended."""
    pools = {id(t._pool): t._pool for t in _running}
    for task in list(_running):
        task.cancel_event.set()
    return all(pool.waitForDone(wait_ms) for pool in pools.values())
