"""Export timings: demo PDF/Excel as whole processes; large assessment Excel, PDF and LibreOffice ratio.

Run: .venv/bin/python bench/bench_exports.py [--keep DIR]
Also prints the Word times (demo, large, Baldrige application) and the award application PDF.
Prints figures only (no pass/fail): the targets are in issue 4 (demo <= 1 s each; large Excel <= 1 s;
large PDF <= 0.3 x the time LibreOffice takes to convert our own workbook of it to PDF).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from npmassess.assessment import Action, Note, new_id  # noqa: E402
from npmassess.demo import build_demo  # noqa: E402
from npmassess.frameworks import library  # noqa: E402
from npmassess.store import Store  # noqa: E402

WORDS = ("process review indicator citizen service quality staff budget partner survey target plan "
         "leadership digital training feedback complaint office procedure data report workshop").split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 22))).capitalize() + "."


def build_large(fw):
    """28 nodes x 15 participants x (10 strengths + 10 areas for improvement) each, 60 actions."""
    rng = random.Random(4)
    a = build_demo(fw)
    a.id = new_id()
    a.notes, a.actions = [], []
    from npmassess.assessment import Participant
    a.participants = [Participant(new_id(), f"Participant {i + 1:02d}", "Team member", i) for i in range(15)]
    a.ratings = {}
    method = fw.method(a.method)
    for node in fw.scored_nodes():
        for dim in method.dimensions_for(node.type):
            for p in a.participants:
                a.ratings[(p.id, node.id, dim.id)] = float(rng.choice(dim.scale.allowed()))
        for p in a.participants:
            for kind in ("strength", "improvement"):
                for k in range(10):
                    a.notes.append(Note(new_id(), node.id, kind, sentence(rng), p.id, k))
    nodes = [n.id for n in fw.scored_nodes()]
    for i in range(60):
        a.actions.append(Action(new_id(), sentence(rng)[:120], sentence(rng), f"Owner {i % 7}",
                                f"2027-{1 + i % 12:02d}-15", rng.randint(1, 5), rng.randint(1, 5),
                                rng.choice(["planned", "in progress", "done"]), [rng.choice(nodes)], [], i))
    return a


class Timing(float):
    """Wall-clock seconds (the float value) plus the CPU seconds the child used (load-independent)."""

    cpu: float = 0.0

    def __str__(self) -> str:
        return f"{float(self):.2f} s wall ({self.cpu:.2f} s CPU)"


def run(cmd: list[str], env: dict | None = None) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    out = Timing(time.perf_counter() - t)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    out.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return out


def best(cmd: list[str], n: int = 3, env: dict | None = None) -> Timing:
    return min((run(cmd, env) for _ in range(n)), key=float)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--keep", metavar="DIR", help="keep the files in DIR")
    ap.add_argument("--runs", type=int, default=3, help="repetitions; the best time is printed")
    args = ap.parse_args()
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="npmassess-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NPMASSESS_DATA_DIR=str(tmp / "data"), PYTHONPATH=str(ROOT))
    # users run installed or bundled code, whose bytecode is compiled once: let the runs cache it too
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    db = tmp / "bench.db"
    fw = library().get("caf", "2020")
    with Store(db) as store:
        from npmassess.demo import create_demo
        demo_id = create_demo(store, fw)
        large = build_large(fw)
        store.write_assessment(large)
    py, main_py = sys.executable, str(ROOT / "main.py")
    try:
        import _rl_accel  # noqa: F401
        accel = "rl_accel C accelerator present"
    except ImportError:
        accel = "no rl_accel (reportlab's pure-Python fallbacks)"
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; {accel}; files in {tmp}")
    t_noop = best([py, main_py, "list", "--db", str(db)], args.runs, env)
    print(f"whole-process baseline (main.py list): {t_noop}")
    for kind, suffix in (("--pdf", "pdf"), ("--xlsx", "xlsx"), ("--docx", "docx")):
        t = best([py, main_py, "export", demo_id, kind, str(tmp / f"demo.{suffix}"), "--db", str(db)], args.runs, env)
        print(f"demo {suffix.upper():4}: {t} whole process (target <= 1 s)")
    t_x = best([py, main_py, "export", large.id, "--xlsx", str(tmp / "large.xlsx"), "--db", str(db)], args.runs, env)
    print(f"large XLSX: {t_x} whole process (target <= 1 s); "
          f"{len(large.notes)} notes, {len(large.participants)} participants, {len(large.actions)} actions")
    t_w = best([py, main_py, "export", large.id, "--docx", str(tmp / "large.docx"), "--db", str(db)], args.runs, env)
    print(f"large DOCX: {t_w} whole process")
    bfw = library().get("baldrige", "2023-2024")
    with Store(db) as store:
        from npmassess.demo import create_demo
        app_id = create_demo(store, bfw)
    for kind, suffix in (("--application", "pdf"), ("--application-docx", "docx")):
        t = best([py, main_py, "export", app_id, kind, str(tmp / f"application.{suffix}"), "--db", str(db)],
                 args.runs, env)
        print(f"Baldrige demo application {suffix.upper():4}: {t} whole process")
    t_p = best([py, main_py, "export", large.id, "--pdf", str(tmp / "large.pdf"), "--db", str(db)], args.runs, env)
    pages = "?"
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(tmp / "large.pdf")], capture_output=True, text=True).stdout
        pages = next((ln.split()[-1] for ln in out.splitlines() if ln.startswith("Pages")), "?")
    print(f"large PDF : {t_p} whole process, {pages} pages")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("LibreOffice not found: no ratio")
        return 0
    profile = f"file://{tmp}/lo-profile"
    lo = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
          "--outdir", str(tmp / "lo"), str(tmp / "large.xlsx")]
    run(lo)  # first start creates the profile; not counted
    t_lo = best(lo, args.runs)
    print(f"LibreOffice xlsx->pdf of our large workbook: {t_lo}")
    print(f"ratio PDF / LibreOffice: {t_p / t_lo:.2f} wall (target <= 0.30); {t_p.cpu / max(t_lo.cpu, 1e-9):.2f} CPU")
    print(f"load average during the run: {os.getloadavg()[0]:.2f} (wall times grow when other jobs share the CPU)")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
