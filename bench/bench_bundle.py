"""Bundle figures: size and what dominates it; start time of the built executable vs the source run.

Uses dist/npmassess (or --bundle DIR); builds one into bench/out/bundle first when there is none.
Start times are medians of several warm runs (one discarded warm-up): `frameworks --json`, and,
when Xvfb and xwininfo are installed, GUI launch until its main window is mapped on an X display.
Target (issue 6): start within 1.5x of the source run. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))

from bundle_size import report  # noqa: E402

PY = sys.executable


def find_bundle(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    default = ROOT / "dist" / "npmassess"
    if (default / "npmassess").is_file():
        return default
    out = ROOT / "bench" / "out" / "bundle"
    print(f"No bundle in {default}: building one into {out} (about a minute)...", flush=True)
    subprocess.run(["bash", str(ROOT / "packaging" / "build.sh"), "--distpath", str(out / "dist"),
                    "--workpath", str(out / "work"), "--no-smoke"], check=True, stdout=subprocess.DEVNULL)
    return out / "dist" / "npmassess"


def env_for(data: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NPMASSESS_")}
    env.update(NPMASSESS_DATA_DIR=str(data), **extra)
    return env


def run_once(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def paired(measure, bundle_cmd: list[str], source_cmd: list[str], n: int) -> tuple[list[float], list[float]]:
    """Alternate bundle and source runs (after one warm-up each), so load changes hit both alike."""
    measure(bundle_cmd)
    measure(source_cmd)
    b, s = [], []
    for _ in range(n):
        b.append(measure(bundle_cmd))
        s.append(measure(source_cmd))
    return b, s


def line(label: str, bundle: list[float], source: list[float]) -> str:
    b, s = statistics.median(bundle), statistics.median(source)
    return (f"  {label:<34} bundle {b * 1000:6.0f} ms   source {s * 1000:6.0f} ms   ratio {b / s:4.2f}x"
            f"   (bundle runs: {', '.join(f'{x * 1000:.0f}' for x in bundle)})")


# -- GUI: time until the main window is mapped on an Xvfb display ------------------------------
def start_xvfb() -> tuple[subprocess.Popen, str] | None:
    if not (shutil.which("Xvfb") and shutil.which("xwininfo")):
        return None
    for n in range(91, 120):
        if not Path(f"/tmp/.X{n}-lock").exists():
            proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(200):
                if subprocess.run(["xwininfo", "-root", "-display", f":{n}"], capture_output=True).returncode == 0:
                    return proc, f":{n}"
                time.sleep(0.01)
            proc.kill()
            proc.wait()
    return None


def window_mapped(display: str) -> bool:
    tree = subprocess.run(["xwininfo", "-root", "-tree", "-display", display], capture_output=True, text=True).stdout
    for row in tree.splitlines():
        if "npmassess" in row and '"' in row:
            wid = row.split()[0]
            info = subprocess.run(["xwininfo", "-id", wid, "-display", display], capture_output=True, text=True).stdout
            if "IsViewable" in info:
                return True
    return False


def gui_start(cmd: list[str], env: dict, display: str, timeout: float = 30.0) -> float:
    env = dict(env, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - t < timeout:
            if window_mapped(display):
                return time.perf_counter() - t
            if proc.poll() is not None:
                raise RuntimeError(f"GUI exited with {proc.returncode} before showing a window")
            time.sleep(0.005)
        raise RuntimeError("no window within the timeout")
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bundle", metavar="DIR", help="bundle folder (default dist/npmassess)")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    bundle_dir = find_bundle(args.bundle)
    exe = bundle_dir / ("npmassess.exe" if os.name == "nt" else "npmassess")
    print(report(bundle_dir))
    print(f"\nStart time, median of {args.runs} warm runs:")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        env = env_for(data, QT_QPA_PLATFORM="offscreen")
        src = [PY, str(ROOT / "main.py")]
        for label, argv in (("frameworks --json", ["frameworks", "--json"]), ("--help", ["--help"])):
            b, s = paired(lambda cmd: run_once(cmd, env), [str(exe), *argv], [*src, *argv], args.runs)
            print(line(label, b, s), flush=True)
        db = Path(tmp) / "gui.db"
        subprocess.run([*src, "demo", "--db", str(db)], env=env, check=True, stdout=subprocess.DEVNULL)
        xvfb = start_xvfb()
        if xvfb is None:
            print("  GUI start: skipped (needs Xvfb and xwininfo: apt-get install xvfb x11-utils)")
            return 0
        proc, display = xvfb
        try:
            gui = ["gui", "--db", str(db)]
            b, s = paired(lambda cmd: gui_start(cmd, env, display), [str(exe), *gui], [*src, *gui], args.runs)
            print(line("GUI: launch to main window mapped", b, s))
        except RuntimeError as exc:
            print(f"  GUI start: not measured ({exc})")
        finally:
            proc.terminate()
            proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
