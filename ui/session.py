"""The open assessment shared by every view: store, writer queue, undo stack, selection, signals."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack


from npmassess import scoring
from npmassess.assessment import Assessment
from npmassess.errors import EditConflict, NpmassessError, StoreLocked, StoreReadOnly
from npmassess.model import Framework
from npmassess.store import Store
from npmassess.store.changes import Change, kinds, patch

from .record_command import RecordCommand
from .writer import Job, Writer

if TYPE_CHECKING:  # npmassess.comparison loads when the comparison view first asks (not at start-up)
    from npmassess import comparison

# What an edit changed; views refresh only what they show.
KINDS = ("ratings", "consensus", "notes", "actions", "participants", "assessment", "narratives", "results", "all")


def tr(text: str) -> str:
    return QCoreApplication.translate("Session", text)


@dataclass
class Edit:
    """One user edit: fn(store) runs on the writer thread and commits; the rest is for the GUI.

    pending: (table, key) -> value shown while the edit waits; retry(current) rebuilds the edit over
    a value another program wrote (the user chose "Use my value"); on_done runs after the commit.
    """

    text: str
    fn: Callable[[Store], Any]
    kind: str = "all"
    pending: dict = field(default_factory=dict)
    retry: Callable[[Any], "Edit"] | None = None
    on_done: Callable[[Any], None] | None = None
    undoable: bool = True


class Session(QObject):
    """One open assessment. Views read snapshots from it and edit through ui.undo."""

    GRACE = 0.05  # seconds the GUI waits for a commit before it shows the edit as pending

    changed = Signal(str)  # one of KINDS
    records_committed = Signal(object)  # list[Change] of one committed edit (or undo/redo)
    pending_changed = Signal(int)  # edits queued and not committed yet
    reloaded = Signal(str)  # another program changed the file: the snapshot was read again
    node_selected = Signal(str)  # scored node id
    participant_selected = Signal(object)  # participant id, or None for the consensus

    def __init__(self, store: Store, assessment_id: str, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.assessment_id = assessment_id
        self.undo_stack = QUndoStack(self)
        self._snapshot: Assessment | None = None
        self._reports: dict[str | None, scoring.ScoreReport] = {}
        self._comparison_cache: comparison.Cache | None = None  # other cycles and units: read and scored once
        self._writer: Writer | None = None
        self._user = ""  # the local user name (QSettings), set by the main window; recorded by the core
        self._poll = QTimer(self)
        self._poll.setInterval(15)
        self._poll.timeout.connect(self._poll_jobs)
        self.pending: list[tuple[Job, Edit | None]] = []
        self.overlay: dict = {}  # (table, key) -> value of edits not committed yet
        self.last_error = ""
        self.framework: Framework = store.framework_of(assessment_id)
        nodes = self.framework.scored_nodes()
        self.current_node: str = nodes[0].id if nodes else ""
        if not store.read_only:
            self._wait(self.writer.submit(lambda st: st.changed_elsewhere()), 2.0)  # the baseline version
        snap = self.snapshot()
        self.current_participant: str | None = snap.participants[0].id if snap.participants else None

    # -- reading -------------------------------------------------------------------------
    def snapshot(self) -> Assessment:
        """The assessment as committed (patched from change records; read again after outside changes)."""
        if self._snapshot is None:
            self._snapshot = self.store.load(self.assessment_id)
        return self._snapshot

    def report(self, participant_id: str | None = None) -> scoring.ScoreReport:
        """Scores of the consensus (None) or of one participant (cached until their scores change)."""
        if participant_id not in self._reports:
            self._reports[participant_id] = scoring.score(self.framework, self.snapshot(), participant_id)
        return self._reports[participant_id]

    @property
    def _comparisons(self) -> comparison.Cache:
        if self._comparison_cache is None:
            from npmassess import comparison
            self._comparison_cache = comparison.Cache()
        return self._comparison_cache

    def comparisons(self) -> comparison.Cache:
        """What the comparison view read and scored, with this session's snapshot and consensus scores."""
        return self._comparisons.use(self.snapshot(), lambda: self.report(None))

    def results_register(self):
        """The results register of this assessment's unit (cached until a results change)."""
        if getattr(self, "_register", None) is None:
            from npmassess.results.registry import register_of
            self._register = register_of(self.store, self.assessment_id)
        return self._register

    def results_links(self) -> set[str]:
        """Every 'framework:node' the unit's measures are linked to (cached like the register)."""
        if getattr(self, "_links", None) is None:
            from npmassess.results.nodes import links_of
            snap = self.snapshot()
            self._links = links_of(self.store, snap.organisation, snap.unit)
        return self._links

    def wants_measures(self, node) -> bool:
        """True when a node shows the linked-measures panel: a results node, or one with measures linked."""
        from npmassess.results.nodes import is_results_node
        fw = self.framework
        return node.scored and (is_results_node(fw, node) or f"{fw.id}:{node.id}" in self.results_links())

    def node_register(self, node_id: str):
        """Only the measures linked to one node of this framework (what scoring the node needs)."""
        from npmassess.results.registry import load_register
        snap = self.snapshot()
        return load_register(self.store, snap.organisation, snap.unit, f"{self.framework.id}:{node_id}")

    @property
    def method(self):
        return self.framework.method(self.snapshot().method)

    def value(self, table: str, key: Any, default: Any = None) -> Any:
        """The value the user sees: a pending edit's, else the snapshot's."""
        if (table, key) in self.overlay:
            return self.overlay[(table, key)]
        snap = self.snapshot()
        source = {"ratings": snap.ratings, "consensus_ratings": snap.consensus, "consensus": snap.rationale,
                  "narratives": snap.narratives}[table]
        return source.get(key, default)

    # -- selection -----------------------------------------------------------------------
    def select_node(self, node_id: str) -> None:
        if node_id != self.current_node:
            self.current_node = node_id
            self.node_selected.emit(node_id)

    def select_participant(self, participant_id: str | None) -> None:
        if participant_id != self.current_participant:
            self.current_participant = participant_id
            self.participant_selected.emit(participant_id)

    def step_node(self, offset: int) -> str:
        """Move the selection to the next (+1) or previous (-1) scored node; returns it."""
        ids = [n.id for n in self.framework.scored_nodes()]
        if not ids:
            return ""
        i = ids.index(self.current_node) if self.current_node in ids else 0
        self.select_node(ids[max(0, min(len(ids) - 1, i + offset))])
        return self.current_node

    # -- writing -------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        """True while the assessment is approved (signed off): the store refuses every edit."""
        return self.snapshot().stage == "approved"

    @property
    def user(self) -> str:
        return self._user

    @user.setter
    def user(self, name: str) -> None:
        """The name the audit trail records for this session's edits (the writer's and the store's)."""
        from npmassess.process import audit
        self._user = name
        if name:
            audit.set_user(self.store, name)
        if self._writer is not None:
            self._writer.user = name

    @property
    def writer(self) -> Writer:
        if self._writer is None:
            self._writer = Writer(self.store.path, self.store.frameworks)
            self._writer.user = self._user
            weakref.finalize(self, self._writer.stop)
        return self._writer

    def _track(self, job: Job, edit: Edit | None) -> None:
        """A job to deliver on the GUI thread once the writer has done it (polled: no cross-thread signal)."""
        self.pending.append((job, edit))
        if not self._poll.isActive():
            self._poll.start()

    def _poll_jobs(self) -> None:
        for job, edit in list(self.pending):
            if job.done.is_set():
                self._deliver(job, edit, at_once=False)
        if not self.pending:
            self._poll.stop()

    def busy(self) -> bool:
        """True while an edit waits to commit."""
        return bool(self.pending)

    def run(self, edit: Edit) -> bool:
        """Queue an edit; True if it committed at once, False if it is pending or failed.

        Refusals (ValidationError, NotFound) known at once are raised to the caller, as before;
        a lock, a conflict or a later refusal is reported to the user here.
        """
        if self.store.read_only:
            self._tell(tr("Read-only file"), str(StoreReadOnly(
                f"{self.store.path} is open read-only (the file or its folder cannot be written); "
                "your change was not saved.")))
            return False
        job = self.writer.submit(edit.fn, edit.text)
        self._track(job, edit)
        self.overlay.update(edit.pending)
        self.pending_changed.emit(len(self.pending))
        if self._wait(job, self.GRACE):
            return self._deliver(job, edit, at_once=True)
        return False

    def _wait(self, job: Job, seconds: float) -> bool:
        return job.done.wait(seconds)

    def _deliver(self, job: Job, edit: Edit | None, at_once: bool) -> bool:
        if job.delivered:
            return job.error is None
        job.delivered = True
        self.pending = [(j, e) for j, e in self.pending if j is not job]
        if edit is not None:
            for key in edit.pending:
                if not any(key in e.pending for _, e in self.pending if e is not None):
                    self.overlay.pop(key, None)
        self.pending_changed.emit(len(self.pending))
        if job.error is not None:
            self._failed(job.error, edit, at_once)
            return False
        self.apply(job.changes, job.external)
        if edit is not None:
            if edit.undoable and job.changes:
                self.undo_stack.push(RecordCommand(self, edit.text, job.changes, edit.kind))
            if edit.on_done is not None:
                edit.on_done(job.result)
        return True

    def apply(self, changes: list[Change], external: bool = False) -> None:
        """Bring the snapshot up to date with committed records (or read it again) and tell the views."""
        if external:
            self._reload(tr("Another program changed this file; it was read again."))
            return
        if not changes:
            return
        if self._snapshot is not None:
            patch(self._snapshot, changes)
            if any(c.table == "figures" for c in changes):
                self.store.fill_images(self._snapshot)  # the bytes of a new image figure (records carry digests)
        for c in changes:
            if c.table == "ratings":
                self._reports.pop(c.key[0], None)
            elif c.table == "consensus_ratings":
                self._reports.pop(None, None)
            elif c.table in ("participants", "assessments"):
                self._reports.clear()
        cache = self._comparison_cache  # None until the comparison view first asked
        for aid in {c.assessment_id for c in changes} if cache is not None else ():
            cache.forget(aid, header=any(c.table == "assessments" for c in changes if c.assessment_id == aid))
        self.records_committed.emit(changes)
        for kind in sorted(kinds(changes)):
            self.changed.emit(kind)

    def _failed(self, exc: BaseException, edit: Edit | None, at_once: bool) -> None:
        if isinstance(edit, _CheckEdit):
            return  # the next check or edit looks again
        if edit is not None and any(t in ("ratings", "consensus_ratings") for t, _ in edit.pending) \
                and not (at_once and not isinstance(exc, (StoreLocked, EditConflict))):
            self.changed.emit(edit.kind)  # score widgets show the committed value again (typed text stays)
        if isinstance(edit, _ReplayEdit):
            QTimer.singleShot(0, edit.on_failed)  # the undo stack goes back to where it was
            if isinstance(exc, EditConflict):
                self._reload("")
                text = str(exc)
            elif isinstance(exc, StoreLocked):
                text = tr("Another program is writing to this file; nothing was undone or redone. Try again.")
            else:
                text = str(exc) if isinstance(exc, NpmassessError) else tr(
                    "Nothing was undone or redone ({kind}).").format(kind=type(exc).__name__)
            self._tell(tr("Not undone"), text)
            return
        if isinstance(exc, StoreLocked) and edit is not None:
            self.last_error = str(exc)
            if self._ask(tr("Not saved"), self.last_error, [tr("Retry")]) == 0:
                self.run(edit)
            return
        if isinstance(exc, EditConflict) and edit is not None:
            self._reload("")
            self.last_error = str(exc)
            yours = next(iter(edit.pending.values()), None)
            text = tr("{problem}\n\nTheir value: {theirs}\nYour value: {yours}").format(
                problem=exc, theirs=_shown(exc.current), yours=_shown(yours))
            choice = self._ask(tr("Changed by another program"), text,
                               [tr("Keep their value"), tr("Use my value")])
            if choice == 1 and edit.retry is not None:
                self.run(edit.retry(exc.current))
            return
        if at_once and isinstance(exc, NpmassessError):
            raise exc
        self.last_error = str(exc) if isinstance(exc, NpmassessError) else tr(
            "The change could not be saved ({kind}).").format(kind=type(exc).__name__)
        self._tell(tr("Not saved"), self.last_error)

    def replay(self, changes: list[Change], on_failed: Callable[[], None]) -> None:
        """Undo or redo: write records back only over the values they wrote (checked by the store)."""
        edit = _ReplayEdit(changes, on_failed)
        if self.store.read_only:
            QTimer.singleShot(0, on_failed)
            self._tell(tr("Read-only file"), tr("This file is open read-only; nothing was undone or redone."))
            return
        job = self.writer.submit(edit.fn, "undo")
        self._track(job, edit)
        self.pending_changed.emit(len(self.pending))
        if self._wait(job, self.GRACE):
            self._deliver(job, edit, at_once=False)

    def check_external(self) -> None:
        """Ask (off the GUI thread) whether another program committed; read the file again if so."""
        if self.store.read_only or self.pending:
            return
        job, check = self.writer.submit(lambda st: st.changed_elsewhere(), "check"), _CheckEdit(self)
        self._track(job, check)
        if self._wait(job, self.GRACE):
            self._deliver(job, check, at_once=False)

    def _reload(self, message: str) -> None:
        self._snapshot = None
        self._reports.clear()
        if self._comparison_cache is not None:
            self._comparison_cache.clear()
        self.reloaded.emit(message)
        self.changed.emit("all")

    def notify(self, kind: str = "all") -> None:
        """Drop cached data and tell the views what changed (after writes made outside the session)."""
        self._snapshot = None
        self._reports.clear()
        if self._comparison_cache is not None:
            self._comparison_cache.clear()
        if kind in ("results", "assessment", "all"):  # the register belongs to the organisation and unit
            self._register = self._links = None
            self.register_version = getattr(self, "register_version", 0) + 1
        self.changed.emit(kind)

    def close(self) -> None:
        """Let queued edits finish, then stop the writer."""
        if self._writer is not None:
            self._writer.close()
            for job, edit in list(self.pending):
                if job.done.is_set():
                    self._deliver(job, edit, at_once=False)
            self._writer = None
        self._poll.stop()

    # -- asking the user (through ui.dialogs, which tests patch) --------------------------
    def _parent_widget(self):
        from PySide6.QtWidgets import QWidget
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def _ask(self, title: str, text: str, options: list[str]) -> int | None:
        from . import dialogs
        return dialogs.choose(self._parent_widget(), title, text, options)

    def _tell(self, title: str, text: str) -> None:
        from . import dialogs
        self.last_error = text
        dialogs.error(self._parent_widget(), title, text)


class _ReplayEdit(Edit):
    """An undo or redo in the queue: on failure the undo stack is put back where it was."""

    def __init__(self, changes: list[Change], on_failed: Callable[[], None]):
        super().__init__("", lambda st: st.apply_changes(changes), sorted(kinds(changes))[0] if changes else "all",
                         undoable=False)
        self.on_failed = on_failed


class _CheckEdit(Edit):
    """The focus check: its result says whether another program committed."""

    def __init__(self, session: Session):
        super().__init__("", lambda st: st.changed_elsewhere(), undoable=False, kind="")
        self.on_done = lambda changed: session._reload(
            tr("Another program changed this file; it was read again.")) if changed else None


def _shown(value: object) -> str:
    if value is None or value == "":
        return tr("(empty)")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
