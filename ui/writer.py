"""The GUI's one database writer: a thread with its own connection runs every edit, in order.

sqlite3 connections belong to the thread that opened them, so the writer opens its own Store.
The GUI thread only queues work and reads snapshots (WAL reads never wait for the write lock);
when another program holds the lock, the writer waits (its busy timeout) and the window stays
responsive. Each job reports back on the GUI thread through the finished signal.
"""

from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from npmassess.frameworks import Library
from npmassess.store import Store

log = logging.getLogger(__name__)

WRITE_TIMEOUT = 10.0  # seconds an edit waits for another program's write lock before it fails


class Job:
    """One unit of database work: fn(store) on the writer thread; result or error, change records."""

    def __init__(self, fn: Callable[[Store], Any], label: str = ""):
        self.fn, self.label = fn, label
        self.result: Any = None
        self.error: BaseException | None = None
        self.changes: list = []
        self.external = False  # another program had committed since the writer last looked
        self.done = threading.Event()
        self.delivered = False  # handled on the GUI thread (at most once)


class _Gate:
    """Whether the Writer's Qt object still exists, guarded by a lock shared with its thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = True

    def shut(self) -> None:
        with self.lock:
            self.open = False


class Writer(QObject):
    """A queue of Jobs run one at a time on one thread with its own Store."""

    finished = Signal(object)  # Job; emitted on the writer thread, delivered queued on the GUI thread

    def __init__(self, path: Path, frameworks: Library, timeout: float = WRITE_TIMEOUT,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.path, self.frameworks, self.timeout = path, frameworks, timeout
        # Emitting on a QObject that the GUI thread is deleting crashes the process: the thread
        # emits only under this lock, and deletion (destroyed) takes the lock and marks it gone.
        gate = self._gate = _Gate()
        self.destroyed.connect(lambda *_: gate.shut())
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="npmassess-writer", daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[Store], Any], label: str = "") -> Job:
        """Queue fn(store); returns the Job at once."""
        job = Job(fn, label)
        self._queue.put(job)
        return job

    def close(self, wait: float = 15.0) -> None:
        """Finish the queued jobs, then close the writer's connection."""
        self._queue.put(None)
        self._thread.join(wait)

    def _run(self) -> None:
        store: Store | None = None
        opening_error: BaseException | None = None
        try:
            store = Store(self.path, self.frameworks, timeout=self.timeout)
        except BaseException as exc:  # every job reports it
            opening_error = exc
        while True:
            job = self._queue.get()
            if job is None:
                break
            if store is None:
                job.error = opening_error
            else:
                store.last_changes, store.external_change = [], False
                try:
                    job.result = job.fn(store)
                    job.changes = list(store.last_changes)
                    job.external = store.external_change
                except BaseException as exc:
                    job.error = exc
            job.done.set()
            with self._gate.lock:
                if self._gate.open:
                    try:
                        self.finished.emit(job)
                    except RuntimeError:  # the GUI side is gone (window closed)
                        self._gate.open = False
        if store is not None:
            store.close()
