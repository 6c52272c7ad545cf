"""Undo and redo of an evidence note's date and flag: the stack moves only when the write committed."""

from __future__ import annotations

from npmassess.demo import create_demo
from npmassess.errors import ValidationError
from npmassess.store import Store


def _meta(db_path, note_id):
    with Store(db_path) as s:
        row = s.db.execute("select dated, held from note_meta where note_id = ?", [note_id]).fetchone()
        return (row[0], bool(row[1])) if row else ("", False)


def test_a_failed_undo_or_redo_leaves_the_stack_and_the_file_as_they_were(make_main_window, db_path, dialog_log,
                                                                            monkeypatch, qtbot):
    import ui.dialogs as d
    from ui.evidence_ui import edit_evidence_meta
    with Store(db_path) as s:
        aid = create_demo(s, s.frameworks.get("caf"), "classical")
    w = make_main_window(db_path)
    assert w.open_assessment(aid)
    note = next(n for n in w.session.snapshot().notes if n.kind == "evidence")
    before = _meta(db_path, note.id)
    monkeypatch.setattr(d, "ask_text", lambda *a: "2025-03-01")
    monkeypatch.setattr(d, "choose", lambda *a: 1)  # held by the organisation
    assert edit_evidence_meta(w, w.session, note.id)
    stack = w.session.undo_stack
    assert _meta(db_path, note.id) == ("2025-03-01", True) and stack.canUndo()
    stack.undo()
    qtbot.waitUntil(lambda: _meta(db_path, note.id) == before)
    stack.redo()
    qtbot.waitUntil(lambda: _meta(db_path, note.id) == ("2025-03-01", True))
    index = stack.index()

    def refuse(self, *args, **kwargs):
        raise ValidationError("note", "refused for the test")
    monkeypatch.setattr(Store, "set_evidence_meta", refuse)
    errors = len([e for e in dialog_log if e[0] == "error"])
    stack.undo()
    qtbot.waitUntil(lambda: len([e for e in dialog_log if e[0] == "error"]) == errors + 1)
    qtbot.waitUntil(lambda: stack.index() == index, timeout=2000)  # put back on the next event-loop pass
    assert stack.index() == index and _meta(db_path, note.id) == ("2025-03-01", True)
    assert "refused for the test" in str(dialog_log[-1])
    monkeypatch.undo()  # writes work again: the same undo now goes through
    monkeypatch.setattr(d, "error", lambda *a, **k: None)
    stack.undo()
    qtbot.waitUntil(lambda: _meta(db_path, note.id) == before)
    assert stack.index() == index - 1
    monkeypatch.setattr(Store, "set_evidence_meta", refuse)
    stack.redo()
    qtbot.waitUntil(lambda: stack.index() == index - 1 and not w.session.pending, timeout=3000)
    assert _meta(db_path, note.id) == before
