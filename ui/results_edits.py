"""Edits of the results register from the GUI: queued on the session's writer thread like every edit."""

from __future__ import annotations

from typing import Any, Callable

from .session import Edit, Session


def run_results_edit(session: Session, text: str, fn: Callable[[Any], Any],
                     on_done: Callable[[Any], None] | None = None) -> bool:
    """Run fn(store) on the writer; the views hear "results" once it committed. True if at once.

    Register edits carry no change records, so they are not on the undo stack (deleting a measure
    asks first); a refusal known at once is raised to the caller.
    """
    def done(result: Any) -> None:
        session.notify("results")
        if on_done is not None:
            on_done(result)

    return session.run(Edit(text, fn, kind="results", undoable=False, on_done=done))
