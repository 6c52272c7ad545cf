"""Sign-off in the GUI: approving makes every view read-only with a banner; edits are refused; reopen."""

import pytest
from PySide6.QtWidgets import QAbstractButton

from npmassess.demo import create_demo
from npmassess.process import stages
from npmassess.store import Store


def _demo(db_path):
    s = Store(db_path)
    aid = create_demo(s, s.frameworks.get("caf"), "classical")
    s.close()
    return aid


def test_approve_makes_the_gui_read_only_until_reopened(make_main_window, db_path, dialog_log, monkeypatch,
                                                        qtbot):
    import ui.dialogs as d
    aid = _demo(db_path)
    w = make_main_window(db_path)
    assert w.open_assessment(aid)
    assert w.session.assessment_id == aid and w.session.user
    scoring = w.views["scoring"]
    band_buttons = [b for b in scoring.panel.findChildren(QAbstractButton) if b.isVisible()]
    assert band_buttons and all(b.isEnabled() for b in band_buttons)
    monkeypatch.setattr(d, "ask_multiline", lambda *a: "Board, 12 March")
    w.settings.setValue("user_name", "Zoë Facilitator")
    w.session.user = "Zoë Facilitator"
    assert w.process.approve()
    qtbot.waitUntil(lambda: w.process.banner.isVisible())
    assert "Approved by Zoë Facilitator" in w.process.banner_label.text()
    assert "Board, 12 March" in w.process.banner_label.text()
    assert not any(b.isEnabled() for b in band_buttons)
    assert w.views["consensus"].rationale.isReadOnly()
    assert not w.views["consensus"].apply_button.isEnabled()
    assert not w.views["plan"].new_button.isEnabled()
    assert w.views["plan"].search.isEnabled() and not w.views["plan"].search.isReadOnly()  # filtering still works
    assert scoring.participant.isEnabled()
    assert not w.act_participants.isEnabled() and w.process.act_reopen.isEnabled()
    w.grab().save("/tmp/shots/approved_window.png")
    # a keyboard edit in workshop mode does nothing; a direct undo call is refused by the store
    node = w.session.current_node
    before = w.session.snapshot().consensus
    assert w.views["workshop"].board._set(0.0) is False
    scoring._value_chosen(next(iter(w.session.method.dimensions_for(w.session.framework.node(node).type))).id, 5)
    assert any("approved by Zoë Facilitator" in t for t in dialog_log.texts("error"))
    assert w.session.store.load(aid).consensus == before
    monkeypatch.setattr(d, "ask_multiline", lambda *a: "Late evidence for 3.2")
    assert w.process.reopen()
    qtbot.waitUntil(lambda: not w.process.banner.isVisible())
    assert all(b.isEnabled() for b in band_buttons)
    assert not w.views["consensus"].rationale.isReadOnly()
    assert stages.history(w.session.store, aid)[-1].note == "Late evidence for 3.2"


def test_an_assessment_opened_approved_shows_the_banner(make_main_window, db_path):
    aid = _demo(db_path)
    s = Store(db_path)
    stages.approve(s, aid, "Ann Approver", "")
    s.close()
    w = make_main_window(db_path)
    assert w.open_assessment(aid)
    assert w.session.assessment_id == aid
    assert w.process.banner.isVisible() and "Ann Approver" in w.process.banner_label.text()
    assert not w.views["consensus"].apply_button.isEnabled()


def test_anonymous_switch_relabels_consensus_grid_workshop_and_notes(make_main_window, db_path, qtbot):
    from PySide6.QtCore import Qt
    aid = _demo(db_path)
    w = make_main_window(db_path)
    assert w.open_assessment(aid)
    names = [p.name for p in w.session.snapshot().participants]
    model = w.views["consensus"].model
    w.show_view("consensus")
    heads = [model.headerData(c, Qt.Horizontal, Qt.ToolTipRole) for c in range(model.columnCount())]
    assert any(names[0] in str(h) for h in heads)
    w.process.toggle_anonymous()
    assert w.process.act_anonymous.isChecked()
    w.show_view("consensus")
    qtbot.wait(50)
    heads = [str(model.headerData(c, Qt.Horizontal, Qt.ToolTipRole)) for c in range(model.columnCount())]
    shown = [str(model.headerData(c, Qt.Horizontal, Qt.DisplayRole)) for c in range(model.columnCount())]
    assert not any(n in h for n in names for h in heads + shown)
    assert "Assessor A" in " ".join(heads)
    merger = w.views["consensus"].strengths
    items = [merger.individual.item(i).text() for i in range(merger.individual.count())]
    assert items and all(t.lstrip("✓ ").startswith("Assessor ") for t in items)
    w.views["consensus"].grab().save("/tmp/shots/consensus_anonymous.png")
    w.show_view("workshop")
    qtbot.wait(50)
    w.views["workshop"].grab().save("/tmp/shots/workshop_anonymous.png")
    w.process.toggle_anonymous()
    assert not w.process.act_anonymous.isChecked()


def test_consensus_view_shows_agreement_and_flags(make_main_window, db_path, qtbot):
    from npmassess.process.agreement import assess_agreement
    aid = _demo(db_path)
    w = make_main_window(db_path)
    assert w.open_assessment(aid)
    view = w.views["consensus"]
    w.show_view("consensus")
    res = assess_agreement(w.session.framework, w.session.snapshot())
    assert f"{res.overall:.2f}" in view.agreement.text() and res.meaning in view.agreement.text()
    assert "Criterion 1:" in view.agreement.text()
    # an assessor who gives 50 everywhere is flagged, by label when anonymous
    snap = w.session.snapshot()
    flat = snap.participants[2].id
    items = [(flat, n, d, 50) for (p, n, d) in snap.ratings if p == flat]
    w.session.store.set_ratings(aid, items)
    w.session.store.set_anonymous(aid, True)
    w.session.notify("all")
    qtbot.waitUntil(lambda: "⚑ Assessor C scores everything alike" in view.agreement.text())
    view.grab().save("/tmp/shots/consensus_agreement.png")


def test_scoring_panel_flags_a_high_score_without_evidence(make_main_window, db_path, qtbot, monkeypatch):
    import ui.dialogs as d
    s = Store(db_path)
    fw = s.frameworks.get("caf")
    aid = s.create_assessment(fw, "Org", "Unit", "2026", "classical", participants=[("Ann", "")])
    s.close()
    w = make_main_window(db_path)
    assert w.open_assessment(aid)
    view = w.views["scoring"]
    warning = view.evidence_warning
    assert w.session.current_node == "1.1" and not warning.isVisible()
    view._value_chosen("score", 75)
    assert warning.isVisible() and "above 50 need evidence" in warning.text()
    w.grab().save("/tmp/shots/evidence_warning.png")
    view._value_chosen("score", 50)
    assert not warning.isVisible()
    view._value_chosen("score", 75)
    view.notes["evidence"]._submit("Annual report 2025")
    qtbot.waitUntil(lambda: view.notes["evidence"].list.count() == 1)
    assert not warning.isVisible()
    # date and 'held' on the evidence: shown in the list, stale marked, undoable
    lst = view.notes["evidence"]
    lst.list.setCurrentRow(0)
    monkeypatch.setattr(d, "ask_text", lambda *a: "2023-04-01")
    monkeypatch.setattr(d, "choose", lambda *a: 1)
    lst.edit_meta()
    tip = lst.list.item(0).toolTip()
    assert "2023-04-01" in tip and "held, not attached" in tip and "older than the cycle" in tip
    assert lst.list.item(0).text() == "Annual report 2025" and lst.list.item(0).font().italic()
    w.session.undo_stack.undo()
    assert lst.list.item(0).toolTip() == "Annual report 2025"


def test_evidence_gap_report_from_the_process_menu(make_main_window, db_path, monkeypatch, tmp_path, dialog_log):
    import ui.dialogs as d
    aid = _demo(db_path)
    w = make_main_window(db_path)
    assert w.open_assessment(aid)
    monkeypatch.setattr(d, "save_file", lambda *a: tmp_path / "gaps")
    summary = w.process.evidence_gaps()
    assert "Scores above 50 without evidence:" in summary and (tmp_path / "gaps.pdf").stat().st_size > 1000
    assert dialog_log.texts("info")[-1].endswith(summary)


def test_dossier_dialog_edits_steps_documents_and_exports(make_main_window, db_path, monkeypatch, tmp_path,
                                                          dialog_log, qtbot):
    import subprocess

    import ui.dialogs as d
    aid = _demo(db_path)
    w = make_main_window(db_path)
    assert w.open_assessment(aid)
    dlg = w.process.open_dossier()
    qtbot.waitExposed(dlg)
    assert dlg.table.rowCount() == 10 and "0 of 10" in dlg.summary.text()
    dlg.table.item(0, 1).setText("2026-01-15")
    dlg.table.item(0, 2).setText("Zoë Director")
    assert "1 of 10" in dlg.summary.text()
    dlg.table.item(1, 1).setText("soon")
    assert any("is not a date" in t for t in dialog_log.texts("error"))
    assert dlg.table.item(1, 1).text() == ""
    doc = tmp_path / "plan.docx"
    doc.write_text("x")
    monkeypatch.setattr(d, "open_file", lambda *a: doc)
    dlg.table.setCurrentCell(1, 0)
    assert dlg.add_document()
    assert dlg.table.item(1, 4).text() == "plan.docx"
    dlg.grab().save("/tmp/shots/dossier_dialog.png")
    monkeypatch.setattr(d, "save_file", lambda *a: tmp_path / "dossier")
    path = dlg.export()
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "CAF process dossier" in text and "Zoë" in text and "plan.docx" in text
    monkeypatch.setattr(d, "choose", lambda *a: 0)
    assert dlg.remove_document() and dlg.table.item(1, 4).text() == ""


def test_history_panel_follows_the_node(make_main_window, db_path, monkeypatch, qtbot):
    import ui.dialogs as d
    aid = _demo(db_path)
    w = make_main_window(db_path)
    assert w.open_assessment(aid)
    w.settings.setValue("user_name", "Zoë Facilitator")
    w.process.session_opened(w.session)  # picks the name up
    note = next(n for n in w.session.snapshot().notes if n.kind == "evidence" and n.node_id == "1.1")
    from ui.evidence_ui import edit_evidence_meta
    monkeypatch.setattr(d, "ask_text", lambda *a: "2025-03-01")
    monkeypatch.setattr(d, "choose", lambda *a: 0)
    assert edit_evidence_meta(w, w.session, note.id)
    panel = w.process.show_history()
    qtbot.waitExposed(panel)
    assert panel.table.rowCount() >= 1 and panel.table.item(0, 1).text() == "Zoë Facilitator"
    assert "Evidence date/flag" in panel.table.item(0, 2).text() and "2025-03-01" in panel.table.item(0, 2).text()
    assert "intact" in panel.check.text()
    panel.grab().save("/tmp/shots/history_panel.png")
    w.session.select_node("1.2")
    assert "1.2" in panel.title.text()
    assert all("2025-03-01" not in (panel.table.item(r, 2).text()) for r in range(panel.table.rowCount()))
    monkeypatch.setattr(d, "ask_multiline", lambda *a: "ok")
    w.process.approve()
    panel.whole.setChecked(True)
    texts = [panel.table.item(r, 2).text() for r in range(panel.table.rowCount())]
    assert any(t.startswith("Sign-off: approved") for t in texts)


def test_name_asked_at_first_start_only(make_main_window, db_path, monkeypatch, dialog_log):
    import ui.dialogs as d
    from ui.process_ui import ask_name_at_first_start
    aid = _demo(db_path)
    w = make_main_window(db_path)
    assert w.open_assessment(aid)
    w.settings.remove("user_name")
    monkeypatch.setattr(d, "ask_text", lambda *a: "Zoë Ünal")
    ask_name_at_first_start(w)
    assert w.settings.value("user_name") == "Zoë Ünal" and w.session.user == "Zoë Ünal"
    monkeypatch.setattr(d, "ask_text", lambda *a: pytest.fail("asked twice"))
    ask_name_at_first_start(w)
    w.process.move_to("consensus")
    from npmassess.process import audit
    assert audit.history(w.session.store, aid)[-1]["user"] == "Zoë Ünal"


def test_gui_edits_reach_the_trail_with_the_users_name(make_main_window, db_path, qtbot):
    from npmassess.process import audit
    s = Store(db_path)
    fw = s.frameworks.get("caf")
    aid = s.create_assessment(fw, "Org", "Unit", "2026", "classical", participants=[("Ann", "")])
    s.close()
    w = make_main_window(db_path)
    assert w.open_assessment(aid)
    w.session.user = "Zoë Scorer"
    w.views["scoring"]._value_chosen("score", 42)
    qtbot.waitUntil(lambda: any(r["table"] == "ratings" for r in audit.history(w.session.store, aid, "1.1")))
    row = [r for r in audit.history(w.session.store, aid, "1.1") if r["table"] == "ratings"][-1]
    assert (row["user"], row["old"], row["new"]) == ("Zoë Scorer", None, 42.0)
    panel = w.process.show_history()
    assert "Individual score 1.1 Score (Ann): — → 42" in panel.table.item(0, 2).text()
    assert panel.table.item(0, 1).text() == "Zoë Scorer"
