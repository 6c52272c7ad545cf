"""Undoable edits: each wraps one npmassess store call and its inverse."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand

from .session import Session


class EditCommand(QUndoCommand):
    """Runs do() on redo and undo() on undo, then tells the session what changed.

    The first redo() happens when the command is pushed (QUndoStack.push calls it), so callers
    build the command and push it; they never call the store directly for user edits.
    """

    def __init__(self, session: Session, text: str, do: Callable[[], object],
                 undo: Callable[[], object], kind: str = "all"):
        super().__init__(text)
        self.session, self._do, self._undo, self.kind = session, do, undo, kind

    def redo(self) -> None:
        self._do()
        self.session.notify(self.kind)

    def undo(self) -> None:
        self._undo()
        self.session.notify(self.kind)


def set_rating(session: Session, participant_id: str | None, node_id: str, dimension: str,
               value: float | None) -> None:
    """Push an undoable score change (participant None = consensus)."""
    store, aid = session.store, session.assessment_id
    snap = session.snapshot()
    old = (snap.consensus.get((node_id, dimension)) if participant_id is None
           else snap.ratings.get((participant_id, node_id, dimension)))
    if old == value:
        return
    who = "consensus" if participant_id is None else snap.participant(participant_id).name
    text = f"Score {node_id} {dimension} ({who})"
    kind = "consensus" if participant_id is None else "ratings"
    session.undo_stack.push(EditCommand(
        session, text, lambda: store.set_rating(aid, participant_id, node_id, dimension, value),
        lambda: store.set_rating(aid, participant_id, node_id, dimension, old), kind))
