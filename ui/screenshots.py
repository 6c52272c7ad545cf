"""--screenshots DIR [--demo]: render every main view offscreen to PNG files, then exit."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from npmassess.errors import NpmassessError

# (file stem, framework id, method) of the scoring shots, one per scale type
SCORING = (("04-scoring-caf-classical", "caf", "classical"),
           ("05-scoring-caf-fine-tuned", "caf", "fine-tuned"),
           ("06-scoring-baldrige", "baldrige", None),
           ("07-scoring-maf", "maf", None),
           ("08-scoring-capability-review", "capability-review", None))
VIEW_SHOTS = (("09-consensus", "consensus"), ("10-dashboard", "dashboard"),
              ("11-plan", "plan"), ("12-workshop", "workshop"))
COMPARISON_SHOTS = (("13-comparison", 0), ("14-comparison-units", 1))
ROOM_SIZES = (("15-workshop-room-1280x720", 1280, 720), ("16-workshop-room-1920x1080", 1920, 1080))
DESK_TEXT = """Senior leaders set the **vision and values** in a yearly two-day retreat with the board and staff \
representatives, and review them against the community health assessment.

- **Approach:** a documented leadership system (Figure 1.1-1) with owners and yearly reviews
- *Deployment:* every division translates the vision into a team charter within six weeks
- Learning: the 2024 review added a staff panel after engagement fell in two sites

Leaders communicate through monthly town halls, a weekly director's note and quarterly site visits; \
96 % of staff say they know how their work supports the strategic plan (2025 survey)."""


def settle(rounds: int = 5) -> None:
    app = QApplication.instance()
    for _ in range(rounds):
        app.processEvents()


def save(widget: QWidget, out: Path, stem: str) -> Path:
    settle()
    path = out / f"{stem}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    print(f"wrote {path}")
    return path


def comparison_demo(store, fine_id: str, other_id: str | None) -> str:
    """A history for the comparison shots: cycles 2024-2026 of one unit, plus two other units in 2026.

    The other CAF demo (classical) becomes a second unit; a third unit keeps a single assessor, so the
    weak-comparison and mixed-method warnings show. Returns the 2026 assessment of the first unit.
    """
    from npmassess.demo import create_demo
    fw = store.frameworks.get("caf")
    if other_id:
        store.update_assessment(other_id, unit="Housing Benefits Unit")
    store.update_assessment(fine_id, cycle="2024")
    older = fine_id
    for k, cycle in enumerate(("2025", "2026")):
        older = _next_cycle(store, fw, older, cycle, k)
    third = create_demo(store, fw, "fine-tuned")
    store.update_assessment(third, unit="Pensions Unit", cycle="2026")
    for p in store.load(third).participants[1:]:
        store.remove_participant(p.id)
    return older


def _next_cycle(store, fw, old_id: str, cycle: str, k: int) -> str:
    """A copy of old_id as the given cycle, with every score moved a little (some up, some down)."""
    from npmassess.comparison import copy_to_new_cycle
    new_id, _lines = copy_to_new_cycle(store, old_id, cycle)
    old, new = store.load(old_id), store.load(new_id)
    ids = {p.name: p.id for p in new.participants}
    nodes = [n.id for n in fw.scored_nodes()]

    def moved(value: float, node: str, k: int) -> float:
        step = (7, 12, -4, 9, 3, 15, -6, 5, 10)[(nodes.index(node) + k * 4) % 9] - 3 * k
        return float(max(0, min(100, round(value + step))))
    items = [(None, node, dim, moved(v, node, k)) for (node, dim), v in old.consensus.items()]
    names = {p.id: p.name for p in old.participants}
    items += [(ids[names[pid]], node, dim, moved(v, node, k))
              for (pid, node, dim), v in old.ratings.items() if names.get(pid) in ids]
    store.set_ratings(new_id, items)
    for x in new.actions[:2]:
        store.update_action(x.id, status="done")
    return new_id


def room_shots(window, out: Path, width: int, height: int) -> None:
    """Workshop mode as the consensus room, strengths section active, at projector sizes."""
    window.show_view("workshop")
    room = window.views.get("workshop")
    if room is None or isinstance(room, QLabel):
        return
    room.step_section(1)
    for stem, w, h in ROOM_SIZES:
        window.resize(w, h)
        save(window, out, stem)
    window.resize(width, height)


def desk_shot(window, out: Path, assessment_id: str) -> None:
    """The narrative desk in full-window mode with its page budget laid out."""
    import time
    window.open_assessment(assessment_id)
    session = window.session
    session.select_node("1.1")
    session.store.set_narrative(assessment_id, "1.1", DESK_TEXT)
    session.notify("narratives")
    scoring = window.views["scoring"]
    if scoring.narrative is None:
        return
    scoring.focus_notes(scoring.narrative)
    scoring.toggle_desk()
    scoring.narrative.update_budget()
    deadline = time.monotonic() + 30
    while scoring.narrative.budget is None and time.monotonic() < deadline:
        settle(1)
        time.sleep(0.02)
    scoring.narrative._show_pages()
    save(window, out, "17-narrative-desk")
    scoring.toggle_desk()


def take_screenshots(out: Path, db: Path | None, demo: bool, size: str = "1366x768") -> int:
    from npmassess.demo import create_demo
    from npmassess.store import Store

    from .main_window import MainWindow
    from .new_assessment import NewAssessmentDialog

    out.mkdir(parents=True, exist_ok=True)
    width, height = (int(v) for v in size.lower().split("x"))
    tmp = tempfile.TemporaryDirectory(prefix="npmassess-shots-")
    settings = QSettings(str(Path(tmp.name) / "settings.ini"), QSettings.IniFormat)
    try:
        store = Store(Path(tmp.name) / "shots.db" if demo or db is None else db)
    except NpmassessError as exc:
        print(f"cannot open the database: {exc}")
        return 2
    demos: dict[str, str] = {}
    if demo:
        for stem, fid, method in SCORING:
            demos[stem] = create_demo(store, store.frameworks.get(fid), method)
    window = MainWindow(store, settings, open_last=False)
    window.resize(width, height)
    window.show()
    save(window, out, "01-welcome")
    window.start.welcome.hide()
    save(window, out, "02-start")

    dlg = NewAssessmentDialog(store, parent=window)
    dlg.resize(min(1000, width - 60), min(600, height - 60))
    dlg.method.setCurrentIndex(max(0, dlg.method.findData("fine-tuned")))
    dlg.organisation.setText("City of Valmora")
    dlg.unit.setText("Family Benefits Unit")
    for name, role in (("Anna Kowalska", "Facilitator"), ("Jean-Luc Dubois", "Head of operations"),
                       ("Jean-Luc Dubois", "")):
        dlg.participants.add(name, role)
    dlg.validate()
    dlg.show()
    save(dlg, out, "03-new-assessment")
    dlg.reject()

    if not demos:
        rows = store.list_assessments()
        demos = {"04-scoring": rows[0].id} if rows else {}
    for stem, aid in demos.items():
        window.open_assessment(aid)
        session = window.session
        nodes = session.framework.scored_nodes()
        session.select_node(nodes[min(1, len(nodes) - 1)].id)
        snap = session.snapshot()  # show someone who wrote notes on this node
        writer = next((p.id for p in snap.participants if snap.notes_for(session.current_node, None, p.id)), None)
        if writer:
            session.select_participant(writer)
        if "baldrige" in stem:
            save(window, out, stem)
            scoring = window.views["scoring"]
            scoring.tabs.setCurrentIndex(scoring.tabs.count() - 1)
            session.store.set_narrative(session.assessment_id, session.current_node,
                                        "Senior leaders set the vision and values through an annual "
                                        "strategy retreat and deploy them through team charters.")
            session.notify("narratives")
            save(window, out, stem + "-narrative")
            continue
        save(window, out, stem)
    fine = demos.get("05-scoring-caf-fine-tuned") or next(iter(demos.values()), None)
    if fine:
        window.open_assessment(fine)
        for stem, key in VIEW_SHOTS:
            window.show_view(key)  # built when first shown
            view = window.views.get(key)
            if view is None or isinstance(view, QLabel):
                print(f"note: the {key} view is not available; {stem}.png skipped")
                continue
            save(window, out, stem)
        results = window.views.get("results")
        if hasattr(results, "tabs"):  # the results register, its performance report, a results node
            window.show_view("results")
            results.table.selectRow(min(5, results.model.rowCount() - 1))
            save(window, out, "results-register")
            results.tabs.setCurrentIndex(1)
            save(window, out, "results-performance")
            results.tabs.setCurrentIndex(0)
            window.session.select_node(next((n.id for n in reversed(window.session.framework.scored_nodes())
                                             if n.type == "result"), window.session.current_node))
            window.show_view("scoring")
            save(window, out, "results-linked-measures")
        room_shots(window, out, width, height)
    baldrige = demos.get("06-scoring-baldrige")
    if baldrige:
        desk_shot(window, out, baldrige)
    if demo and fine:
        latest = comparison_demo(store, fine, demos.get("04-scoring-caf-classical"))
        window.open_assessment(latest)
        window.show_view("comparison")
        view = window.views.get("comparison")
        if hasattr(view, "tabs"):
            for stem, tab in COMPARISON_SHOTS:
                view.tabs.setCurrentIndex(tab)
                if tab == 0:
                    view.history_table.selectRow(1)
                save(window, out, stem)
    window.close()
    store.close()
    tmp.cleanup()
    return 0
