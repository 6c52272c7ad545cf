"""The whole path: new CAF fine-tuned assessment, two participants, scores, consensus, action, export."""

from __future__ import annotations

from PySide6.QtCore import Qt

from npmassess import scoring
from ui import file_jobs, undo
from ui.new_assessment import NewAssessmentDialog


def test_new_assessment_to_exported_report(qtbot, make_main_window, db_path, tmp_path, monkeypatch):
    import ui.dialogs as d
    import ui.new_assessment

    class Scripted(NewAssessmentDialog):  # drive the real dialog like a user, then close it
        def exec(self):
            self.method.setCurrentIndex(self.method.findData("fine-tuned"))
            qtbot.keyClicks(self.organisation, "City of Valmora")
            qtbot.keyClicks(self.unit, "Family Benefits Unit")
            qtbot.mouseClick(self.participants.add_btn, Qt.LeftButton)
            self.participants.table.item(0, 0).setText("Anna")
            self.participants.add("Jean-Luc", "Head of operations")
            assert self.ok.isEnabled(), self.error.text()
            qtbot.mouseClick(self.ok, Qt.LeftButton)
            return self.result()
    monkeypatch.setattr(ui.new_assessment, "NewAssessmentDialog", Scripted)
    window = make_main_window(db_path, open_last=False)
    window.act_new.trigger()
    s = window.session
    assert s is not None and s.snapshot().method == "fine-tuned"
    view = window.views["scoring"]
    anna, jean = [p.id for p in s.snapshot().participants]

    # individual scores: Anna by number keys, Jean-Luc by clicking, on the first two sub-criteria
    view.tree.setFocus()
    for key in (Qt.Key_3, Qt.Key_3, Qt.Key_4, Qt.Key_3):
        qtbot.keyClick(view.tree, key)
    window.act_next_p.trigger()
    assert s.current_participant == jean
    for row in view.panel.rows:
        qtbot.mouseClick(row.buttons[4], Qt.LeftButton)  # 71-90 everywhere
    first = s.current_node
    window.act_next.trigger()
    second = s.current_node
    assert second != first and view.shown_node.id == second
    for pid in (jean, anna):
        s.select_participant(pid)
        for row in view.panel.rows:
            row.pick(2)
    div = scoring.divergence(s.framework, s.snapshot())
    assert div[first].spread > 20 and div[second].spread == 0

    # consensus through the undoable session API (the consensus view uses the same calls)
    for dim in ("plan", "do", "check", "act"):
        undo.set_rating(s, None, first, dim, 60)
    undo.set_rationale(s, first, "Agreed after reviewing the board minutes.")
    assert s.report(None).nodes[first].value == 60

    # an area for improvement, then an improvement action linked to it
    view.tabs.setCurrentWidget(view.notes["improvement"])
    afis = view.notes["improvement"]
    afis.line.setFocus()
    qtbot.keyClicks(afis.line, "No indicators for management reviews.")
    qtbot.keyClick(afis.line, Qt.Key_Return)
    afi = s.snapshot().notes_for(second, "improvement")[0]
    action = undo.add_action(s, "Define three indicators for management reviews", [second], [afi.id],
                             owner="Anna", due="2027-03-31", impact=4, effort=2)
    assert next(a for a in s.snapshot().actions if a.id == action).priority == "High"

    # export: the PDF is written off the GUI thread
    target = tmp_path / "review.pdf"
    monkeypatch.setattr(d, "save_file", lambda *a, **k: target)
    window.act_pdf.trigger()
    if file_jobs.export_function("pdf") is None:
        assert "not available" in window.last_message or not window.busy()
        return
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    assert target.exists() and target.read_bytes()[:4] == b"%PDF", window.last_message
