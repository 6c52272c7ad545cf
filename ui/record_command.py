"""The undo entry of one committed edit: undo and redo replay its change records."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from npmassess.store.changes import Change, inverse


class RecordCommand(QUndoCommand):
    """An undo entry over the records of one committed edit."""

    def __init__(self, session: Any, text: str, changes: list[Change], kind: str = "all"):
        super().__init__(text)
        self.session, self.changes, self.kind = session, list(changes), kind
        self._skip = True  # pushed after the commit: the push's redo() only records it

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self.session.replay(self.changes, self._redo_failed)

    def undo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self.session.replay(inverse(self.changes), self._undo_failed)

    def _undo_failed(self) -> None:
        stack = self.session.undo_stack
        if stack.index() < stack.count() and stack.command(stack.index()) is self:
            self._skip = True
            stack.redo()  # back to where it was, writing nothing

    def _redo_failed(self) -> None:
        stack = self.session.undo_stack
        if stack.index() > 0 and stack.command(stack.index() - 1) is self:
            self._skip = True
            stack.undo()
