"""Consensus, dashboard, plan and workshop views: build, refresh after an edit, switch node.

Prints figures; asserts nothing. Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_views.py
Assessment: CAF fine-tuned, 28 nodes x 12 participants (every rating filled), 8 actions.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def big_store():
    from npmassess.assessment import Participant, new_id
    from npmassess.demo import build_demo
    from npmassess.frameworks import library
    from npmassess.store import Store
    fw = library().get("caf")
    a = build_demo(fw, "fine-tuned")
    rng = random.Random(3)
    a.participants = [Participant(new_id(), f"Participant {i + 1}", "member", i) for i in range(12)]
    a.ratings = {}
    a.notes = [n for n in a.notes if n.participant_id is None]
    for node in fw.scored_nodes():
        for p in a.participants:
            for d in fw.method("fine-tuned").dimensions_for(node.type):
                a.ratings[(p.id, node.id, d.id)] = float(rng.randrange(0, 101))
    store = Store(Path(tempfile.mkdtemp(prefix="npmassess-bench-")) / "views.db")
    store.write_assessment(a)
    return store, a.id


def ms(values: list[float]) -> str:
    values = sorted(values)
    return f"p50 {statistics.median(values) * 1000:6.1f} ms   max {values[-1] * 1000:6.1f} ms"


def main() -> None:
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([])
    import ui  # noqa: F401  (applies the PySide6 6.12 workaround)
    from ui import undo
    from ui.consensus_view import ConsensusView
    from ui.dashboard import DashboardView
    from ui.plan_view import PlanView
    from ui.session import Session
    from ui.workshop_view import WorkshopView

    store, aid = big_store()
    print("views over CAF fine-tuned, 28 nodes x 12 participants, 1366 x 768 offscreen:")
    for cls in (ConsensusView, DashboardView, PlanView, WorkshopView):
        session = Session(store, aid)
        t0 = time.perf_counter()
        view = cls(session)
        view.resize(1366, 768)
        view.show()
        view.repaint()
        app.processEvents()
        built = time.perf_counter() - t0
        ids = [n.id for n in session.framework.scored_nodes()]
        switch, edit = [], []
        for i in range(60):
            t0 = time.perf_counter()
            session.select_node(ids[(i + 1) % len(ids)])
            view.repaint()
            app.processEvents()
            switch.append(time.perf_counter() - t0)
        for i in range(30):
            node = ids[i % 20]  # enablers: the "plan" dimension applies
            t0 = time.perf_counter()
            undo.set_rating(session, None, node, "plan", float(i))
            view.repaint()
            app.processEvents()
            edit.append(time.perf_counter() - t0)
        print(f"  {cls.__name__:15} build+show {built * 1000:6.0f} ms | switch node {ms(switch)} "
              f"| consensus edit + refresh {ms(edit)}")
        view.close()
        view.deleteLater()
        app.processEvents()
    store.close()


if __name__ == "__main__":
    main()
