"""Undoable edits: each queues one store call on the session's writer; undo replays its records.

An edit's undo entry is pushed only after it commits, and it is built from the change records
the store returned (inverse records for undo, the records for redo). The store writes a record
back only over the value the edit wrote, so undo never overwrites another program's change.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from npmassess.assessment import new_id
from npmassess import validation
from npmassess.errors import ValidationError
from npmassess.i18n import ngettext

from .record_command import RecordCommand  # noqa: F401 - undo entries are RecordCommands
from .session import Edit, Session


def _tr(text: str) -> str:
    return QCoreApplication.translate("undo", text)


def _kind(kind: str) -> str:
    """A note kind as the Edit menu reads it ('strength', « point fort »)."""
    from npmassess.assessment import value_label
    return value_label(kind).lower()


def _run(session: Session, text: str, fn, kind: str, pending: dict | None = None, retry=None) -> bool:
    return session.run(Edit(text, fn, kind, pending or {}, retry))


def set_rating(session: Session, participant_id: str | None, node_id: str, dimension: str,
               value: float | None) -> None:
    """Queue an undoable score change (participant None = consensus)."""
    aid = session.assessment_id
    table, key = (("consensus_ratings", (node_id, dimension)) if participant_id is None
                  else ("ratings", (participant_id, node_id, dimension)))
    old = session.value(table, key)
    problem = rating_problem(session, node_id, dimension, value)
    if problem:
        raise ValidationError(f"{node_id} {dimension}", problem)
    if old == value:
        return
    who = _tr("consensus") if participant_id is None else session.snapshot().participant(participant_id).name
    text = _tr("Score {node} {dimension} ({who})").format(node=node_id, dimension=dimension, who=who)
    kind = "consensus" if participant_id is None else "ratings"

    def make(expect: Any) -> Edit:
        return Edit(text, lambda st: st.set_rating(aid, participant_id, node_id, dimension, value, expect=expect),
                    kind, {(table, key): value}, make)
    session.run(make(old))


def set_rationale(session: Session, node_id: str, text: str) -> bool:
    """Queue an undoable change of a node's consensus rationale; False if unchanged."""
    aid = session.assessment_id
    old = session.value("consensus", node_id, "")
    if old == text:
        return False

    def make(expect: Any) -> Edit:
        return Edit(_tr("Rationale {node}").format(node=node_id),
                    lambda st: st.set_rationale(aid, node_id, text, expect=expect), "consensus",
                    {("consensus", node_id): text}, make)
    session.run(make(old))
    return True


def set_narrative(session: Session, node_id: str, text: str) -> None:
    """Change the application narrative of a node (Baldrige-style award application)."""
    aid = session.assessment_id
    old = session.value("narratives", node_id, "")
    if old == text:
        return

    def make(expect: Any) -> Edit:
        return Edit(_tr("Edit narrative {node}").format(node=node_id), lambda st: st.set_narrative(aid, node_id, text, expect=expect),
                    "narratives", {("narratives", node_id): text}, make)
    session.run(make(old))


def merge_notes(session: Session, node_id: str, kind: str, texts: list[str]) -> int:
    """Copy texts into the node's consolidated list of that kind, skipping exact duplicates."""
    aid = session.assessment_id
    present = {n.text for n in session.snapshot().notes_for(node_id, kind, None)}
    new: list[tuple[str, str]] = []
    for text in texts:
        if text not in present:
            present.add(text)
            new.append((new_id(), text))
    if not new:
        return 0

    def do(st) -> None:
        with st.transaction():
            for nid, text in new:
                st.add_note(aid, None, node_id, kind, text, note_id=nid)

    _run(session, ngettext("Merge {n} note into {node}", "Merge {n} notes into {node}", len(new)).format(
        n=len(new), node=node_id), do, "notes")
    return len(new)


def remove_note(session: Session, note_id: str) -> None:
    """Queue an undoable deletion of one note (its action links come back on undo)."""
    note = next((n for n in session.snapshot().notes if n.id == note_id), None) or session.store.note(note_id)
    _run(session, _tr("Delete note on {node}").format(node=note.node_id), lambda st: st.delete_note(note_id),
         "notes")


def add_action(session: Session, title: str, node_ids: list[str], note_ids: list[str], **fields) -> str:
    """Create an improvement action (undoable); returns its id. ValidationError if refused."""
    aid, action_id = session.assessment_id, new_id()
    _run(session, _tr("New action '{title}'").format(title=title[:40]),
         lambda st: st.add_action(aid, title, node_ids, note_ids, action_id, **fields), "actions")
    return action_id


def update_action(session: Session, action_id: str, **fields) -> bool:
    """Change an action's fields (undoable); False if nothing changed."""
    action = next(a for a in session.snapshot().actions if a.id == action_id)
    changes = {k: v for k, v in fields.items() if getattr(action, k) != v}
    if not changes:
        return False
    _run(session, _tr("Edit action '{title}'").format(title=action.title[:40]),
         lambda st: st.update_action(action_id, **changes), "actions")
    return True


def delete_action(session: Session, action_id: str) -> None:
    """Delete an action (undoable: it comes back with its id, links and place in the plan)."""
    action = next(a for a in session.snapshot().actions if a.id == action_id)
    _run(session, _tr("Delete action '{title}'").format(title=action.title[:40]),
         lambda st: st.delete_action(action_id), "actions")


# -- helpers added for the scoring workspace (validate first, then queue) --------------------

def rating_problem(session: Session, node_id: str, dimension: str, value: float | None) -> str | None:
    """None if the value may be stored for this node and dimension, else a sentence why not."""
    return validation.rating_problem(session.framework, session.snapshot().method, node_id, dimension, value)


def add_note(session: Session, participant_id: str | None, node_id: str, kind: str, text: str) -> str:
    """Add evidence / a strength / an area for improvement; returns the new note id."""
    aid, nid = session.assessment_id, new_id()
    _run(session, _tr("Add {kind} to {node}").format(kind=_kind(kind), node=node_id),
         lambda st: st.add_note(aid, participant_id, node_id, kind, text, note_id=nid), "notes")
    return nid


def add_notes(session: Session, participant_id: str | None, node_id: str, kind: str, texts: list[str]) -> list[str]:
    """Add several notes in one edit (a pasted list: one undo step); returns their ids."""
    aid, items = session.assessment_id, [(new_id(), t) for t in texts]

    def do(st) -> None:
        with st.transaction():
            for nid, text in items:
                st.add_note(aid, participant_id, node_id, kind, text, note_id=nid)
    _run(session, f"Add {len(items)} notes to {node_id}", do, "notes")
    return [nid for nid, _ in items]


def edit_note(session: Session, note_id: str, text: str) -> None:
    old = next((n for n in session.snapshot().notes if n.id == note_id), None) or session.store.note(note_id)
    if old.text == text:
        return

    def make(expect: Any) -> Edit:
        return Edit(_tr("Edit {kind} in {node}").format(kind=_kind(old.kind), node=old.node_id), lambda st: st.update_note(note_id, text, expect=expect),
                    "notes", {("notes", note_id): text}, make)
    session.run(make(old.text))


def move_note(session: Session, note_id: str, offset: int) -> bool:
    """Move a note up (-1) or down (+1) in its list; False when it is already at the end."""
    note = next((n for n in session.snapshot().notes if n.id == note_id), None) or session.store.note(note_id)
    siblings = session.snapshot().notes_for(note.node_id, note.kind, note.participant_id)
    ids = [n.id for n in siblings]
    if note_id not in ids or not 0 <= ids.index(note_id) + offset < len(ids):
        return False
    _run(session, _tr("Move {kind} in {node}").format(kind=_kind(note.kind), node=note.node_id), lambda st: st.move_note(note_id, offset), "notes")
    return True


def add_participant(session: Session, name: str, role: str = "") -> str:
    aid, pid = session.assessment_id, new_id()
    _run(session, _tr("Add participant {name}").format(name=name.strip()),
         lambda st: st.add_participant(aid, name, role, participant_id=pid), "participants")
    return pid


def update_participant(session: Session, participant_id: str, name: str | None = None,
                       role: str | None = None) -> None:
    p = session.snapshot().participant(participant_id)
    if (name is None or name == p.name) and (role is None or role == p.role):
        return
    _run(session, _tr("Change participant {name}").format(name=p.name),
         lambda st: st.update_participant(participant_id, name, role), "participants")


def remove_participant(session: Session, participant_id: str) -> None:
    """Remove a participant; undo puts back their scores, notes and the action links to them."""
    p = session.snapshot().participant(participant_id)
    _run(session, _tr("Remove participant {name}").format(name=p.name), lambda st: st.remove_participant(participant_id),
         "participants")


def update_assessment(session: Session, **fields: str) -> None:
    """Change organisation, unit, cycle or status (undoable)."""
    aid = session.assessment_id
    snap = session.snapshot()
    if all(getattr(snap, k, None) == v for k, v in fields.items()):
        return
    _run(session, _tr("Change assessment details"), lambda st: st.update_assessment(aid, **fields), "assessment")


def set_figures(session: Session, node_id: str, figures: list, images: dict[str, bytes] | None = None,
                on_moved=None) -> None:
    """Replace the figures of a node's narrative (undoable; the store validates each figure and keeps new images).

    On a results item the register's figures numbered after them move, and the narrative's references with
    them, in the same commit (one undo puts both back); on_moved(old -> new numbers) runs after it."""
    from npmassess.figures_edit import set_item_figures
    aid = session.assessment_id
    session.run(Edit(_tr("Figures of {node}").format(node=node_id),
                     lambda st: set_item_figures(st, aid, node_id, figures, images), "narratives",
                     on_done=on_moved))
