"""Evidence in the GUI: the warning under the scoring panel, evidence dates and the held flag."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QLabel, QWidget

from npmassess.process import evidence as ev
from npmassess.i18n import current_language
from npmassess.numbers import short_date

from . import dialogs
from .session import Session


def tr(text: str) -> str:
    return QCoreApplication.translate("evidence", text)


def evidence_text(snap, note) -> str:
    """A note's list text: with its date, the held flag and a stale mark for evidence."""
    if note.kind != "evidence":
        return note.text
    tags = []
    if note.dated:
        tags.append(short_date(note.dated, current_language()))
    if note.held:
        tags.append(tr("held, not attached"))
    if ev.is_stale(snap, note):
        tags.append("⚠ " + tr("older than the cycle"))
    return (f"[{' · '.join(tags)}] " if tags else "") + note.text


def mark_evidence(item, snap, note) -> None:
    """Show an evidence note's date and flags on its list item: tooltip, italics when held, amber when stale."""
    item.setToolTip(evidence_text(snap, note))
    if note.held:
        font = item.font()
        font.setItalic(True)
        item.setFont(font)
    if ev.is_stale(snap, note):
        from PySide6.QtGui import QBrush, QColor
        item.setForeground(QBrush(QColor("#9a5b00")))


def edit_evidence_meta(parent: QWidget, session: Session, note_id: str) -> bool:
    """Ask for the evidence date and whether it is attached; push an undoable change."""
    note = next((n for n in session.snapshot().notes if n.id == note_id), None)
    if note is None or note.kind != "evidence":
        return False
    dated = dialogs.ask_text(parent, tr("Evidence date"),
                             tr("When is this evidence from? (YYYY-MM-DD, empty if unknown)"), note.dated)
    if dated is None:
        return False
    choice = dialogs.choose(parent, tr("Evidence"), tr("Is the evidence attached to the assessment?"),
                            [tr("Attached"), tr("Held by the organisation, not attached")])
    if choice is None:
        return False
    new = (dated.strip(), choice == 1)

    def written(old: tuple[str, bool]) -> None:
        session.undo_stack.push(_MetaCommand(session, note_id, old, new))
        session.notify("notes")

    return _write(parent, session, lambda st: st.set_evidence_meta(note_id, *new), written)


def _write(parent: QWidget | None, session: Session, fn, on_done, on_failed=None) -> bool:
    """fn(store) on the session's writer thread; on_done(result) once it committed; True if at once.

    on_failed(error), when given, is called after the error was shown to the user."""
    from .write_jobs import message, run_write

    def failed(exc: BaseException) -> None:
        from npmassess.errors import StoreLocked
        if not isinstance(exc, StoreLocked):  # a lock was already said, with Retry
            dialogs.error(parent, tr("Evidence not changed"), message(exc))
        on_failed(exc)

    window = parent.window() if parent is not None else None
    job = run_write(parent, session.writer, tr("Evidence not changed"), fn, on_done,
                    on_failed=failed if on_failed is not None else None,
                    on_pending=getattr(window, "write_pending", None))
    return job.finished and job.error is None


class _MetaCommand(QUndoCommand):
    """Undo entry of an evidence date/flag change (written before it is pushed)."""

    def __init__(self, session: Session, note_id: str, old: tuple[str, bool], new: tuple[str, bool]):
        super().__init__(tr("Evidence date and flag"))
        self.session, self.note_id, self.old, self.new = session, note_id, old, new
        self._skip = True  # already written: the push's redo() only records it

    def _write(self, value: tuple[str, bool], failed) -> None:
        _write(None, self.session, lambda st: st.set_evidence_meta(self.note_id, *value),
               lambda _old: self.session.notify("notes"), failed)

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._write(self.new, self._redo_failed)

    def undo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._write(self.old, self._undo_failed)

    def _undo_failed(self, _exc: BaseException) -> None:
        """Nothing was written: the stack goes back to where it was (the change still done).

        Deferred: a failure known at once is reported inside QUndoStack.undo(), before it moves."""
        QTimer.singleShot(0, self._back_to_done)

    def _redo_failed(self, _exc: BaseException) -> None:
        QTimer.singleShot(0, self._back_to_undone)

    def _back_to_done(self) -> None:
        stack = self.session.undo_stack
        if stack.index() < stack.count() and stack.command(stack.index()) is self:
            self._skip = True
            stack.redo()

    def _back_to_undone(self) -> None:
        stack = self.session.undo_stack
        if stack.index() > 0 and stack.command(stack.index() - 1) is self:
            self._skip = True
            stack.undo()


class EvidenceWarning(QLabel):
    """Under the scoring panel: 'scores above 50 need evidence' while the shown score lacks it."""

    def __init__(self, session: Session, pid_of, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.pid_of = session, pid_of
        self.setWordWrap(True)
        self.setTextFormat(Qt.PlainText)
        self.setStyleSheet("QLabel { color: #8a4b00; font-weight: bold; }")
        self.setAccessibleName(tr("Evidence warning"))
        session.changed.connect(lambda _k: self.refresh())
        session.node_selected.connect(lambda _n: self.refresh())
        session.participant_selected.connect(lambda _p: self.refresh())
        self.hide()

    def refresh(self, node_id: str | None = None) -> None:
        s = self.session
        node_id = node_id or s.current_node
        pid = self.pid_of()
        snap, fw = s.snapshot(), s.framework
        try:
            node = fw.node(node_id)
        except KeyError:
            self.hide()
            return
        dims = [d.id for d in fw.method(snap.method).dimensions_for(node.type)] if node.scored else []
        values = {d: (snap.consensus.get((node_id, d)) if pid is None else snap.ratings.get((pid, node_id, d)))
                  for d in dims}
        high = ev.needs_evidence(fw, snap, values)
        if high and not ev.has_evidence(snap, node_id, pid):
            limit = ev.threshold(fw, snap)
            self.setText("⚠ " + tr("Scores above {limit} need evidence: add an evidence note for {node} "
                                   "(or record evidence that is held but not attached).").format(
                limit=limit, node=node_id))
            self.show()
        else:
            self.hide()
