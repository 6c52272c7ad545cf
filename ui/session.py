"""The open assessment shared by every view: store, undo stack, selection, change signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from npmassess import scoring
from npmassess.assessment import Assessment
from npmassess.model import Framework
from npmassess.store import Store

# What an edit changed; views refresh only what they show.
KINDS = ("ratings", "consensus", "notes", "actions", "participants", "assessment", "narratives", "results", "all")


class Session(QObject):
    """One open assessment. Views read snapshots from it and edit through undo commands."""

    changed = Signal(str)  # one of KINDS
    node_selected = Signal(str)  # scored node id
    participant_selected = Signal(object)  # participant id, or None for the consensus

    def __init__(self, store: Store, assessment_id: str, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.assessment_id = assessment_id
        self.undo_stack = QUndoStack(self)
        self._snapshot: Assessment | None = None
        self._reports: dict[str | None, scoring.ScoreReport] = {}
        self.framework: Framework = store.framework_of(assessment_id)
        nodes = self.framework.scored_nodes()
        self.current_node: str = nodes[0].id if nodes else ""
        snap = self.snapshot()
        self.current_participant: str | None = snap.participants[0].id if snap.participants else None

    # -- reading -------------------------------------------------------------------------
    def snapshot(self) -> Assessment:
        """The assessment as stored now (cached until the next change)."""
        if self._snapshot is None:
            self._snapshot = self.store.load(self.assessment_id)
        return self._snapshot

    def report(self, participant_id: str | None = None) -> scoring.ScoreReport:
        """Scores of the consensus (None) or of one participant (cached until the next change)."""
        if participant_id not in self._reports:
            self._reports[participant_id] = scoring.score(self.framework, self.snapshot(), participant_id)
        return self._reports[participant_id]

    def results_register(self):
        """The results register of this assessment's unit (cached until a results change)."""
        if getattr(self, "_register", None) is None:
            from npmassess.results.registry import register_of
            self._register = register_of(self.store, self.assessment_id)
        return self._register

    def results_links(self) -> set[str]:
        """Every 'framework:node' the unit's measures are linked to (cached like the register)."""
        if getattr(self, "_links", None) is None:
            from npmassess.results.registry import links_of
            snap = self.snapshot()
            self._links = links_of(self.store, snap.organisation, snap.unit)
        return self._links

    def node_register(self, node_id: str):
        """Only the measures linked to one node of this framework (what scoring the node needs)."""
        from npmassess.results.registry import load_register
        snap = self.snapshot()
        return load_register(self.store, snap.organisation, snap.unit, f"{self.framework.id}:{node_id}")

    @property
    def method(self):
        return self.framework.method(self.snapshot().method)

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

    # -- changes -------------------------------------------------------------------------
    def notify(self, kind: str = "all") -> None:
        """Drop cached data and tell the views what changed."""
        self._snapshot = None
        self._reports.clear()
        if kind in ("results", "assessment", "all"):  # the register belongs to the organisation and unit
            self._register = self._links = None
            self.register_version = getattr(self, "register_version", 0) + 1
        self.changed.emit(kind)
