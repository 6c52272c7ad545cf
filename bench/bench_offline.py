"""Benchmark: merge 50 returned Excel kits; build comparisons over 20 units x 5 cycles (targets <= 2 s each).

Run: .venv/bin/python bench/bench_offline.py   (prints figures; asserts nothing)
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402

from npmassess import comparison  # noqa: E402
from npmassess.exchange import importing, kits  # noqa: E402
from npmassess.demo import build_demo  # noqa: E402
from npmassess.frameworks import library  # noqa: E402
from npmassess.store import Store  # noqa: E402

TARGET = 2.0


def fill(path: Path, fw, method_id: str, seed: int) -> None:
    rng = random.Random(seed)
    wb = openpyxl.load_workbook(path)
    ws = wb[kits.SHEET]
    header = [c.value for c in ws[kits.HEADER_ROW]]
    titles = {d.id: d.title() for d in fw.method(method_id).dimensions}
    rows = {ws.cell(r, 1).value: r for r in range(kits.HEADER_ROW + 1, ws.max_row + 1)}
    for node in fw.scored_nodes():
        for d in fw.method(method_id).dimensions_for(node.type):
            ws.cell(rows[node.id], header.index(titles[d.id]) + 1).value = rng.choice(d.scale.allowed())
        cell = ws.cell(rows[node.id], header.index("Strengths") + 1)
        cell.value, cell.data_type = f"Strength noted by assessor {seed} on {node.id}", "s"
    wb.save(path)


class Timer:
    """Wall-clock and CPU time of a block (CPU time is what counts when the machine is shared)."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def line(what: str, t: Timer, extra: str = "", target: float | None = TARGET) -> None:
    verdict = "no target" if target is None else f"target {target:.0f} s: {'OK' if t.cpu <= target else 'OVER'}"
    print(f"{what:<56} wall {t.wall:6.3f} s  cpu {t.cpu:6.3f} s  ({verdict}){extra}")


def bench_kits(tmp: Path) -> None:
    lib = library()
    fw = lib.get("caf", "2020")
    store = Store(tmp / "kits.db")
    aid = store.create_assessment(fw, "City of Valmora", "Benefits", "2026", "fine-tuned")
    with Timer() as issue:
        paths = [kits.issue_kit(store, aid, f"Assessor {i:02d}", tmp / f"kit{i:02d}.xlsx").path for i in range(50)]
    for i, p in enumerate(paths):
        fill(p, fw, "fine-tuned", i)
    with Timer() as total:
        with Timer() as read:
            previews = [importing.preview_import(store, p) for p in paths]
        with Timer() as write:
            for p in previews:
                importing.apply_import(store, p)
    a = store.load(aid)
    with Timer() as one_by_one:  # the GUI's flow: preview, confirm, apply, next file
        for p in paths:
            importing.apply_import(store, importing.preview_import(store, p))
    per_kit = len(a.ratings) // 50
    print(f"50 Excel kits, CAF fine-tuned (28 nodes: {per_kit} scores + 28 strengths each): "
          f"{len(a.ratings)} ratings and {len(a.notes)} notes merged")
    line("issue 50 kits (write 50 workbooks)", issue, target=None)
    line("merge 50 returned kits: validate + preview", read)
    line("merge 50 returned kits: apply (50 transactions)", write)
    line("merge 50 returned kits: total", total)
    line("re-import the same 50 kits (duplicates: nothing written)", one_by_one,
         f"  unchanged: {store.load(aid) == a}")
    store.close()


def bench_comparison(tmp: Path) -> None:
    lib = library()
    fw = lib.get("caf", "2020")
    store = Store(tmp / "compare.db")
    for u in range(20):
        for c in range(5):
            a = build_demo(fw, seed=u * 10 + c)
            a.unit, a.cycle = f"Unit {u:02d}", str(2022 + c)
            store.write_assessment(a)
    with Timer() as lg:
        leagues = [comparison.unit_league(store, str(2022 + c)) for c in range(5)]
    ids = [u.id for u in leagues[-1].units]
    with Timer() as hs:
        hists = [comparison.unit_history(store, i) for i in ids]
    with Timer() as one:
        comparison.unit_league(store, "2026")
    print("20 units x 5 cycles = 100 CAF assessments, 5 assessors each (demo data: ratings, notes, actions)")
    line("league tables + heat maps, all 5 cycles (100 assessments)", lg, f"  {sum(len(x.units) for x in leagues)} rows")
    line("unit histories of all 20 units (100 assessments)", hs, f"  {sum(len(h.cycles) for h in hists)} columns")
    line("one league table + heat map (20 units)", one)
    from npmassess.exports.pdf.compare import write_comparison_pdf
    from npmassess.exports.xlsx.compare import write_comparison_xlsx
    with Timer() as ex:
        write_comparison_pdf(leagues[-1], tmp / "league.pdf")
        write_comparison_xlsx(leagues[-1], tmp / "league.xlsx")
    line("league PDF + XLSX (20 units)", ex)
    store.close()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        bench_kits(Path(d))
        bench_comparison(Path(d))
