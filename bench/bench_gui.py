"""GUI figures: cold start to main window shown (vs a bare QMainWindow) and node switching.

Prints figures; asserts nothing. Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py
Targets: main window shown <= 1.3 x the bare-window floor, start page filled <= 1.6 x, last
assessment reopened <= 2.5 x (issue 17); switching node <= 50 ms with 28 nodes and 12 participants.
The sources are compiled to bytecode first, as in an installed copy (pip and PyInstaller compile
them); without it every fresh process compiles each module again (PYTHONDONTWRITEBYTECODE). The
framework cache (npmassess.frameworks.cache) lives in a data folder of the bench's own, filled by one
start before the rounds, as a user's first start fills it. Each round launches the floor, the empty
start page and the reopen one after the other, so load from other programs on the machine hits all
three alike; a ratio is taken within each round (against that round's floor) and the median of those
ratios is printed with its quartiles. BENCH_RUNS sets the number of rounds (default 15).
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FLOOR = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 760); w.setWindowTitle("floor"); w.show(); app.processEvents()
print(time.time(), time.process_time())
"""
# the same path as ui.app.run: window on screen first, then the store and the start page
APP = """
import sys, time
from PySide6.QtCore import QSettings
from ui.app import make_app
app = make_app(["npmassess"])
from ui.main_window import MainWindow
w = MainWindow(None, QSettings(sys.argv[2], QSettings.IniFormat))
w.show(); app.processEvents()
shown = time.time(), time.process_time()
from npmassess.store import Store
w.attach_store(Store(sys.argv[1]))
app.processEvents()
assert w.start is not None and w.isVisible()
print(*shown, time.time(), time.process_time())
"""


def quiet_qt() -> None:
    """Drop offscreen Qt's harmless 'does not support propagateSizeHints()' warning from the output."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_kind, _context, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(message + "\n")
    qInstallMessageHandler(handler)


def compile_sources() -> None:
    """Bytecode for npmassess and ui (__pycache__), as an installed copy has it."""
    import compileall
    for package in ("npmassess", "ui"):
        compileall.compile_dir(str(ROOT / package), quiet=1)


def launch(code: str, *args: str, env: dict | None = None) -> list[tuple[float, float]]:
    """(seconds from launching a fresh interpreter, CPU seconds it had used) at each stamp the child prints."""
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True, text=True, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    nums = [float(x) for x in out.split()]
    return [(wall - t0, cpu) for wall, cpu in zip(nums[::2], nums[1::2])]


def spread(values: list[float]) -> tuple[float, float, float]:
    """(median, first quartile, third quartile) of a list of figures."""
    q1, med, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return med, q1, q3


def cold_start(runs: int = 15) -> None:
    """Fresh processes, interleaved (floor, empty start page, reopen) so machine load hits all alike."""
    from npmassess.demo import create_demo
    from npmassess.frameworks import library
    from npmassess.store import Store
    runs = int(os.environ.get("BENCH_RUNS", runs))
    tmp = Path(tempfile.mkdtemp(prefix="npmassess-bench-"))
    empty_db, demo_db = tmp / "empty.db", tmp / "demo.db"
    Store(empty_db).close()
    store = Store(demo_db)
    aid = create_demo(store, library().get("caf"), "fine-tuned")
    store.close()
    ini_empty, ini_last = tmp / "a.ini", tmp / "b.ini"
    ini_last.write_text(f"[General]\nlast_assessment={aid}\nwelcome_seen=true\n")
    compile_sources()
    # a data folder of its own: the framework cache (npmassess.frameworks.cache) starts empty, and
    # the warm-up start below fills it as a user's first start does
    env = dict(os.environ, NPMASSESS_DATA_DIR=str(tmp / "data"))
    launch(FLOOR, env=env)  # warm the file cache once; every run below is a fresh process
    launch(APP, str(demo_db), str(ini_last), env=env)
    keys = ("floor", "shown", "ready", "reopened")
    rows: dict[str, list[float]] = {k: [] for k in keys}
    cpu: dict[str, list[float]] = {k: [] for k in keys}
    ratios: dict[str, list[float]] = {k: [] for k in keys[1:]}
    cpu_ratios: dict[str, list[float]] = {k: [] for k in keys[1:]}
    for _ in range(runs):
        f = launch(FLOOR, env=env)[0]
        shown, ready = launch(APP, str(empty_db), str(ini_empty), env=env)
        _reshown, reopened = launch(APP, str(demo_db), str(ini_last), env=env)
        for key, (wall, used) in (("floor", f), ("shown", shown), ("ready", ready), ("reopened", reopened)):
            rows[key].append(wall)
            cpu[key].append(used)
            if key != "floor":  # each round against its own floor, launched just before
                ratios[key].append(wall / f[0])
                cpu_ratios[key].append(used / f[1])
    print(f"cold start, {runs} rounds of fresh processes (floor, start page, reopen: interleaved), from launching "
          "python to the window on screen, framework cache warm; median [quartiles]; ratio = median of each "
          "round's own ratio:")
    med, q1, q3 = spread(rows["floor"])
    print(f"  bare QMainWindow (floor)                   {med * 1000:4.0f} ms [{q1 * 1000:.0f}-{q3 * 1000:.0f}]")
    for key, label, target in (("shown", "npmassess main window shown               ", 1.3),
                               ("ready", "... start page filled (store open, list)  ", 1.6),
                               ("reopened", "... last CAF demo reopened (scoring shown)", 2.5)):
        med, q1, q3 = spread(rows[key])
        r, r1, r3 = spread(ratios[key])
        print(f"  {label} {med * 1000:4.0f} ms [{q1 * 1000:.0f}-{q3 * 1000:.0f}]   {r:.2f}x floor "
              f"[{r1:.2f}-{r3:.2f}] (target <= {target}x{'' if r <= target else ', not met'})")
    print("  CPU time the process used by then (less sensitive to other programs on the machine): floor "
          f"{statistics.median(cpu['floor']) * 1000:.0f} ms; "
          + "; ".join(f"{name} {statistics.median(cpu[key]) * 1000:.0f} ms ({statistics.median(cpu_ratios[key]):.2f}x)"
                      for key, name in (("shown", "shown"), ("ready", "start page"), ("reopened", "reopened"))))
    first, first_ratios = [], []
    for i in range(5):  # a user's first start: the framework file is parsed (and cached)
        f = launch(FLOOR, env=env)[0]
        fresh = dict(env, NPMASSESS_DATA_DIR=str(tmp / f"first-{i}"))
        first.append(launch(APP, str(demo_db), str(ini_last), env=fresh)[1][0])
        first_ratios.append(first[-1] / f[0])
    print(f"  ... reopened at a first start (framework cache empty), 5 rounds: {statistics.median(first) * 1000:.0f} ms"
          f"   {statistics.median(first_ratios):.2f}x floor")


def node_switching(switches: int = 300) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from npmassess.assessment import Note, Participant, new_id
    from npmassess.demo import build_demo
    from npmassess.frameworks import library
    from npmassess.store import Store
    from ui.app import make_app
    from ui.main_window import MainWindow

    app = make_app(["npmassess"])
    quiet_qt()
    fw = library().get("caf")
    a = build_demo(fw, "fine-tuned")
    rng = random.Random(1)
    a.participants = [Participant(new_id(), f"Participant {i + 1}", "member", i) for i in range(12)]
    a.ratings, a.notes = {}, [n for n in a.notes if n.participant_id is None]
    method = fw.method("fine-tuned")
    for node in fw.scored_nodes():
        for p in a.participants:
            for d in method.dimensions_for(node.type):
                a.ratings[(p.id, node.id, d.id)] = float(rng.randrange(0, 101))
            for kind in ("evidence", "strength", "improvement"):
                a.notes.append(Note(new_id(), node.id, kind, f"{kind} note by {p.name} on {node.id}", p.id, 0))
    tmp = Path(tempfile.mkdtemp(prefix="npmassess-bench-"))
    store = Store(tmp / "big.db")
    store.write_assessment(a)
    from npmassess.results.demo import ensure_demo_register
    if not os.environ.get("BENCH_NO_REGISTER"):
        ensure_demo_register(store, fw, a.organisation, a.unit)  # results nodes show their linked measures
    window = MainWindow(store, QSettings(str(tmp / "s.ini"), QSettings.IniFormat), open_last=False)
    window.resize(1366, 768)
    window.show()
    t0 = time.perf_counter()
    window.open_assessment(a.id)
    app.processEvents()
    opened = time.perf_counter() - t0
    from ui.main_window import VIEWS
    t0 = time.perf_counter()
    for key in [v[0] for v in VIEWS] + ["scoring"]:  # views are built when first shown: build them all
        window.show_view(key)
        app.processEvents()
    built = time.perf_counter() - t0
    session = window.session
    ids = [n.id for n in fw.scored_nodes()]
    print(f"switching node, CAF fine-tuned, {len(ids)} nodes x {len(a.participants)} participants, "
          f"{len(a.ratings)} ratings, {len(a.notes)} notes, every view open, window 1366 x 768:")
    print(f"  open the assessment (scoring shown) {opened * 1000:7.1f} ms")
    print(f"  show each other view once (built)   {built * 1000:7.1f} ms")
    for label, full in (("switch node, event loop paints what changed", False),
                        ("switch node + forced repaint of the whole window", True)):
        times = []
        for i in range(switches):
            t0 = time.perf_counter()
            session.select_node(ids[(i + 1) % len(ids)])
            if full:
                window.repaint()
            app.processEvents()
            times.append(time.perf_counter() - t0)
        times.sort()
        p50, p99 = times[len(times) // 2], times[int(len(times) * 0.99) - 1]
        print(f"  {label}: p50 {p50 * 1000:5.1f} ms   p99 {p99 * 1000:5.1f} ms   max {times[-1] * 1000:5.1f} ms "
              f"(target <= 50 ms)")
    from ui import undo
    edit = []
    enablers = [n.id for n in fw.scored_nodes() if n.type == "enabler"]
    for i in range(50):
        session.select_node(enablers[i % len(enablers)])
        t0 = time.perf_counter()
        undo.set_rating(session, session.current_participant, session.current_node, "plan", float(i))
        app.processEvents()
        edit.append(time.perf_counter() - t0)
    edit.sort()
    print(f"  score change (save + every view refreshed) p50 {edit[25] * 1000:6.1f} ms   max {edit[-1] * 1000:6.1f} ms")
    window.close()
    store.close()
    QApplication.processEvents()


if __name__ == "__main__":
    cold_start()
    node_switching()
