"""Undoable edits: each wraps one npmassess store call and its inverse."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand

from npmassess.assessment import new_id
from npmassess import validation
from npmassess.errors import ValidationError

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
    problem = rating_problem(session, node_id, dimension, value)
    if problem:
        raise ValidationError(f"{node_id} {dimension}", problem)
    if old == value:
        return
    who = _tr("consensus") if participant_id is None else snap.participant(participant_id).name
    text = _tr("Score {node} {dimension} ({who})").format(node=node_id, dimension=dimension, who=who)
    kind = "consensus" if participant_id is None else "ratings"
    session.undo_stack.push(EditCommand(
        session, text, lambda: store.set_rating(aid, participant_id, node_id, dimension, value),
        lambda: store.set_rating(aid, participant_id, node_id, dimension, old), kind))


# -- consensus, note merging and improvement actions (consensus and plan views) ------------
def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication
    return QCoreApplication.translate("undo", text)


def _kind(kind: str) -> str:
    """A note kind as the Edit menu reads it ('strength', « point fort »)."""
    from npmassess.assessment import value_label
    return value_label(kind).lower()


class _DoneCommand(EditCommand):
    """An edit already applied (so the core could validate it); the push only records it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            self.session.notify(self.kind)
            return
        super().redo()


def apply_edit(session: Session, text: str, do: Callable[[], object], undo: Callable[[], object],
               kind: str = "all") -> None:
    """Run do() now (a core ValidationError propagates, nothing is pushed), then make it undoable."""
    do()
    session.undo_stack.push(_DoneCommand(session, text, do, undo, kind))


def set_rationale(session: Session, node_id: str, text: str) -> bool:
    """Push an undoable change of a node's consensus rationale; False if unchanged."""
    store, aid = session.store, session.assessment_id
    old = session.snapshot().rationale.get(node_id, "")
    if old == text:
        return False
    apply_edit(session, _tr("Rationale {node}").format(node=node_id), lambda: store.set_rationale(aid, node_id, text),
               lambda: store.set_rationale(aid, node_id, old), "consensus")
    return True


def merge_notes(session: Session, node_id: str, kind: str, texts: list[str]) -> int:
    """Copy texts into the node's consolidated list of that kind, skipping exact duplicates."""
    from npmassess.assessment import new_id
    store, aid = session.store, session.assessment_id
    present = {n.text for n in session.snapshot().notes_for(node_id, kind, None)}
    new: list[tuple[str, str]] = []
    for text in texts:
        if text not in present:
            present.add(text)
            new.append((new_id(), text))
    if not new:
        return 0

    def do():
        for nid, text in new:
            store.add_note(aid, None, node_id, kind, text, note_id=nid)

    def undo():
        for nid, _ in new:
            store.delete_note(nid)

    apply_edit(session, _tr("Merge {n} note(s) into {node}").format(n=len(new), node=node_id), do, undo, "notes")
    return len(new)


def remove_note(session: Session, note_id: str) -> None:
    """Push an undoable deletion of one note (its action links come back on undo)."""
    store, aid = session.store, session.assessment_id
    note = store.note(note_id)
    linked = [a for a in session.snapshot().actions if note_id in a.note_ids]

    def undo():
        store.restore_note(aid, note)
        for action in linked:
            store.update_action(action.id, note_ids=action.note_ids)

    apply_edit(session, _tr("Delete note on {node}").format(node=note.node_id), lambda: store.delete_note(note_id), undo, "notes")


def add_action(session: Session, title: str, node_ids: list[str], note_ids: list[str], **fields) -> str:
    """Create an improvement action (undoable); returns its id. ValidationError if refused."""
    from npmassess.assessment import new_id
    store, aid, action_id = session.store, session.assessment_id, new_id()
    apply_edit(session, _tr("New action '{title}'").format(title=title[:40]),
               lambda: store.add_action(aid, title, node_ids, note_ids, action_id, **fields),
               lambda: store.delete_action(action_id), "actions")
    return action_id


def update_action(session: Session, action_id: str, **fields) -> bool:
    """Change an action's fields (undoable); False if nothing changed."""
    store = session.store
    action = next(a for a in session.snapshot().actions if a.id == action_id)
    changes = {k: v for k, v in fields.items() if getattr(action, k) != v}
    if not changes:
        return False
    old = {k: getattr(action, k) for k in changes}
    apply_edit(session, _tr("Edit action '{title}'").format(title=action.title[:40]), lambda: store.update_action(action_id, **changes),
               lambda: store.update_action(action_id, **old), "actions")
    return True


def delete_action(session: Session, action_id: str) -> None:
    """Delete an action (undoable: it comes back with its id and links, at the end of the list)."""
    store, aid = session.store, session.assessment_id
    action = next(a for a in session.snapshot().actions if a.id == action_id)
    apply_edit(session, _tr("Delete action '{title}'").format(title=action.title[:40]), lambda: store.delete_action(action_id),
               lambda: store.restore_action(aid, action), "actions")


# -- helpers added for the scoring workspace (validate first, then push) ---------------------

def rating_problem(session: Session, node_id: str, dimension: str, value: float | None) -> str | None:
    """None if the value may be stored for this node and dimension, else a sentence why not."""
    return validation.rating_problem(session.framework, session.snapshot().method, node_id, dimension, value)


def add_note(session: Session, participant_id: str | None, node_id: str, kind: str, text: str) -> str:
    """Add evidence / a strength / an area for improvement; returns the new note id."""
    store, aid, nid = session.store, session.assessment_id, new_id()
    apply_edit(session, _tr("Add {kind} to {node}").format(kind=_kind(kind), node=node_id),
          lambda: store.add_note(aid, participant_id, node_id, kind, text, note_id=nid),
          lambda: store.delete_note(nid), "notes")
    return nid


def edit_note(session: Session, note_id: str, text: str) -> None:
    store = session.store
    old = store.note(note_id)
    if old.text == text:
        return
    apply_edit(session, _tr("Edit {kind} in {node}").format(kind=_kind(old.kind), node=old.node_id), lambda: store.update_note(note_id, text),
          lambda: store.update_note(note_id, old.text), "notes")


def move_note(session: Session, note_id: str, offset: int) -> bool:
    """Move a note up (-1) or down (+1) in its list; False when it is already at the end."""
    store = session.store
    note = store.note(note_id)
    siblings = session.snapshot().notes_for(note.node_id, note.kind, note.participant_id)
    ids = [n.id for n in siblings]
    if note_id not in ids or not 0 <= ids.index(note_id) + offset < len(ids):
        return False
    apply_edit(session, _tr("Move {kind} in {node}").format(kind=_kind(note.kind), node=note.node_id), lambda: store.move_note(note_id, offset),
          lambda: store.move_note(note_id, -offset), "notes")
    return True


def set_narrative(session: Session, node_id: str, text: str) -> None:
    """Change the application narrative of a node (Baldrige-style award application)."""
    store, aid = session.store, session.assessment_id
    old = session.snapshot().narratives.get(node_id, "")
    if old == text:
        return
    apply_edit(session, _tr("Edit narrative {node}").format(node=node_id), lambda: store.set_narrative(aid, node_id, text),
          lambda: store.set_narrative(aid, node_id, old), "narratives")


def add_participant(session: Session, name: str, role: str = "") -> str:
    store, aid, pid = session.store, session.assessment_id, new_id()
    apply_edit(session, _tr("Add participant {name}").format(name=name.strip()),
          lambda: store.add_participant(aid, name, role, participant_id=pid),
          lambda: store.remove_participant(pid), "participants")
    return pid


def update_participant(session: Session, participant_id: str, name: str | None = None,
                       role: str | None = None) -> None:
    store = session.store
    p = session.snapshot().participant(participant_id)
    old_name, old_role = p.name, p.role
    if (name is None or name == old_name) and (role is None or role == old_role):
        return
    apply_edit(session, _tr("Change participant {name}").format(name=old_name),
          lambda: store.update_participant(participant_id, name, role),
          lambda: store.update_participant(participant_id, old_name, old_role), "participants")


def remove_participant(session: Session, participant_id: str) -> None:
    """Remove a participant; undo puts back their scores and notes too."""
    store, aid = session.store, session.assessment_id
    snap = session.snapshot()
    p = snap.participant(participant_id)
    ratings = [(n, d, v) for (pid, n, d), v in snap.ratings.items() if pid == participant_id]
    notes = [n for n in snap.notes if n.participant_id == participant_id]

    def restore() -> None:
        store.add_participant(aid, p.name, p.role, participant_id=participant_id)
        for node_id, dim, value in ratings:
            store.set_rating(aid, participant_id, node_id, dim, value)
        for note in notes:
            store.restore_note(aid, note)

    apply_edit(session, _tr("Remove participant {name}").format(name=p.name), lambda: store.remove_participant(participant_id),
          restore, "participants")


def update_assessment(session: Session, **fields: str) -> None:
    """Change organisation, unit, cycle or status (undoable)."""
    store, aid = session.store, session.assessment_id
    header = store.load_header(aid)
    old = {k: header.get(k) for k in fields}
    if all(old[k] == v for k, v in fields.items()):
        return
    apply_edit(session, _tr("Change assessment details"), lambda: store.update_assessment(aid, **fields),
          lambda: store.update_assessment(aid, **old), "assessment")
