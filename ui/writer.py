"""The GUI's one database writer: a thread with its own connection runs every edit, in order.

sqlite3 connections belong to the thread that opened them, so the writer opens its own Store.
The GUI thread only queues work and reads snapshots (WAL reads never wait for the write lock);
when another program holds the lock, the writer waits (its busy timeout) and the window stays
responsive. The writer is plain Python (no Qt object crosses threads): the session polls the
done flag of its pending jobs with a timer on the GUI thread.
"""

from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path
from typing import Any, Callable

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


class Writer:
    """A queue of Jobs run one at a time on one thread with its own Store."""

    def __init__(self, path: Path, frameworks: Library, timeout: float | None = None):
        self.path, self.frameworks = path, frameworks
        self.timeout = WRITE_TIMEOUT if timeout is None else timeout
        self.user = ""  # the local user name, recorded in the audit trail with every change
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="npmassess-writer", daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[Store], Any], label: str = "") -> Job:
        """Queue fn(store); returns the Job at once."""
        job = Job(fn, label)
        self._queue.put(job)
        return job

    def close(self, wait: float = 15.0) -> None:
        """Finish the queued jobs, then close the writer's connection."""
        self.stop()
        self._thread.join(wait)

    def stop(self) -> None:
        """Ask the thread to stop after the queued jobs (without waiting)."""
        if not self._stopping:
            self._stopping = True
            self._queue.put(None)

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
                    if self.user:
                        from npmassess.process import audit
                        audit.set_user(store, self.user)
                    job.result = job.fn(store)
                    job.changes = list(store.last_changes)
                    job.external = store.external_change
                except BaseException as exc:
                    job.error = exc
            job.done.set()
        if store is not None:
            store.close()
