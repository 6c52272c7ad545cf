"""Benchmark: a results register of 500 measures x 60 periods loads and charts a results node (target <= 100 ms).

Run: .venv/bin/python bench/bench_results.py   (prints figures; asserts nothing)
Figures: the register load (one read transaction), the node's suggestion and chart data for every
linked measure (XmR limits and signals included), and the GUI's linked-measures panel painted offscreen.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from npmassess.frameworks import library  # noqa: E402
from npmassess.results.figures import figure_of  # noqa: E402
from npmassess.results.model import LEVELS, Measure, Observation  # noqa: E402
from npmassess.results.registry import load_register, save_measures  # noqa: E402
from npmassess.results.suggest import suggest  # noqa: E402
from npmassess.store import Store  # noqa: E402

TARGET = 0.100
MEASURES, PERIODS = 500, 60
ORG, UNIT = "Bench City", "Bench unit"
NODE = "9.1"


def build(store: Store, fw) -> None:
    rng = random.Random(7)
    nodes = [n.id for n in fw.scored_nodes()]
    months = [f"{2021 + i // 12}-{i % 12 + 1:02d}" for i in range(PERIODS)]
    measures = []
    for k in range(MEASURES):
        base, slope = rng.uniform(50, 5000), rng.uniform(-2, 2)
        obs = [Observation(p, round(base + slope * i + rng.gauss(0, base * 0.03), 2),
                           round(base * 1.02, 2) if i % 3 == 0 else None, round(base, 2) if i % 12 == 11 else None)
               for i, p in enumerate(months)]
        links = [f"caf:{n}" for n in rng.sample(nodes, 2)]
        measures.append(Measure("", f"Measure {k:03d}", LEVELS[k % 5], unit="n", links=links, observations=obs))
    save_measures(store, ORG, UNIT, measures)


def main() -> int:
    fw = library().get("caf")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        build(store, fw)
        print(f"wrote {MEASURES} measures x {PERIODS} periods in {time.perf_counter() - t0:.2f} s")
        node = fw.node(NODE)
        full = []
        for _ in range(5):
            t0 = time.perf_counter()
            whole = load_register(store, ORG, UNIT)
            full.append(time.perf_counter() - t0)
        loads, charts, totals = [], [], []
        for _ in range(7):
            t0 = time.perf_counter()
            reg = load_register(store, ORG, UNIT, f"caf:{NODE}")  # what scoring the node reads
            t1 = time.perf_counter()
            linked = reg.linked(fw.id, NODE)
            suggest(fw, "classical", node, reg)
            figures = [figure_of(m) for m in linked]
            t2 = time.perf_counter()
            loads.append(t1 - t0)
            charts.append(t2 - t1)
            totals.append(t2 - t0)
        n_values = sum(len(m.observations) for m in whole.measures)
        print(f"register: {len(whole.measures)} measures, {n_values} period values; node {NODE}: {len(linked)} linked measures")
        print(f"load the whole register (median of 5):    {statistics.median(full) * 1000:7.1f} ms  (register view, reports)")
        print(f"load the node's measures (median of 7):   {statistics.median(loads) * 1000:7.1f} ms")
        print(f"suggest + chart data of node {NODE} (median): {statistics.median(charts) * 1000:7.1f} ms")
        total = statistics.median(totals)
        print(f"load and chart a node (median):           {total * 1000:7.1f} ms  (target <= {TARGET * 1000:.0f} ms: "
              f"{'met' if total <= TARGET else 'NOT met'})")
        assert len(figures) == len(linked)
        gui(store, fw)
        store.close()
    return 0


def gui(store: Store, fw) -> None:
    """The scoring view's linked-measures panel for the node: built and painted offscreen."""
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([])
    aid = store.create_assessment(fw, ORG, UNIT, "2026", participants=[("Ann", "")])
    from ui.linked_measures import LinkedMeasuresPanel
    from ui.session import Session
    session = Session(store, aid)
    panel = LinkedMeasuresPanel(session)
    panel.resize(640, 480)  # about its size in the scoring view at 1366 x 768
    panel.show()
    app.processEvents()
    visible, every = [], []
    for _ in range(5):
        session.notify("results")  # drop the cached register: load it again
        panel._key = None
        t0 = time.perf_counter()
        panel.show_node(fw.node(NODE), None)
        panel.grab()  # paints what the scroll area shows
        t1 = time.perf_counter()
        for card in panel.cards:
            card.chart.grab()
        visible.append(t1 - t0)
        every.append(time.perf_counter() - t0)
    print(f"GUI panel for node {NODE}: load, build {len(panel.cards)} cards, paint the visible ones (median of 5): "
          f"{statistics.median(visible) * 1000:7.1f} ms")
    print(f"GUI panel for node {NODE}: the same and paint all {len(panel.cards)} charts (median of 5):        "
          f"{statistics.median(every) * 1000:7.1f} ms")
    del app


if __name__ == "__main__":
    sys.exit(main())
