"""Benchmark: push 1,000 units x 5 cycles to a PostgreSQL hub, then a league table + heat map of one cycle.

Targets: push >= 20 packages/s; league table + heat map <= 1 s.
Run: .venv/bin/python bench/bench_hub.py [--units N] [--cycles C] [--url postgresql://...]
Without --url it starts a throwaway PostgreSQL server (needs the postgresql package) and stops it.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from npmassess import comparison  # noqa: E402
from npmassess.demo import build_demo  # noqa: E402
from npmassess.exchange import packages  # noqa: E402
from npmassess.frameworks import library  # noqa: E402

PUSH_TARGET = 20.0  # packages per second
LEAGUE_TARGET = 1.0  # seconds


def make_packages(folder: Path, fw, units: int, cycles: int) -> list[Path]:
    paths = []
    for u in range(units):
        org, unit = f"Region {u % 12 + 1}", f"Unit {u + 1:04d}"
        for c in range(cycles):
            a = replace(build_demo(fw, seed=u * 100 + c), organisation=org, unit=unit, cycle=str(2022 + c))
            path = folder / f"u{u:04d}-{2022 + c}.npma"
            path.write_bytes(packages.package_bytes(a, fw))
            paths.append(path)
    return paths


def _backend_cpu(conn) -> float | None:
    """CPU seconds used so far by this connection's server process (a local server only)."""
    try:
        pid = conn.execute("select pg_backend_pid()").fetchone()[0]
        conn.rollback()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def run(url: str, units: int, cycles: int) -> None:
    from npmassess.hub import HubSource, connect, migrate, push_files
    lib = library()
    fw = lib.get("caf", "2020")
    conn = connect(url)
    migrate(conn)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        paths = make_packages(Path(tmp), fw, units, cycles)
        print(f"made {len(paths)} packages ({units} units x {cycles} cycles, CAF 2020, 5 assessors, "
              f"{sum(p.stat().st_size for p in paths) / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
        t0, c0, s0 = time.perf_counter(), time.process_time(), _backend_cpu(conn)
        results = push_files(conn, paths, lib)
        took, client = time.perf_counter() - t0, time.process_time() - c0
        server = (_backend_cpu(conn) - s0) if s0 is not None else None
    bad = [r for r in results if r.result != "new"]
    rate = len(paths) / took
    print(f"push: {len(paths)} packages in {took:.1f} s = {rate:.1f} packages/s "
          f"(target >= {PUSH_TARGET:.0f}: {'met' if rate >= PUSH_TARGET else 'MISSED'}); not new: {len(bad)}")
    if server is not None:
        per = (client + server) / len(paths)
        print(f"  CPU per package: client {client / len(paths) * 1000:.1f} ms + server "
              f"{server / len(paths) * 1000:.1f} ms = {per * 1000:.1f} ms, i.e. {1 / per:.0f} packages/s on one "
              f"free core (load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    cycle = str(2022 + cycles - 1)
    with HubSource(url, lib) as src:
        timings = []
        for _ in range(3):
            t0 = time.perf_counter()
            lg = comparison.unit_league(src, cycle)
            heat = lg.heat_map()
            timings.append(time.perf_counter() - t0)
        best = min(timings)
        c0, s0 = time.process_time(), _backend_cpu(src.conn)
        comparison.unit_league(src, cycle).heat_map()
        cpu = time.process_time() - c0
        server_cpu = (_backend_cpu(src.conn) - s0) if s0 is not None else float("nan")
        print(f"league table + heat map of cycle {cycle}: {len(lg.units)} units x {len(heat[0])} criteria in "
              f"{best:.3f} s (best of 3; first {timings[0]:.3f} s) (target <= {LEAGUE_TARGET:.0f} s: "
              f"{'met' if best <= LEAGUE_TARGET else 'MISSED'}); CPU: client {cpu:.3f} s + server {server_cpu:.3f} s")
        t0 = time.perf_counter()
        src.list_assessments()
        print(f"hub list of {units * cycles} assessments: {time.perf_counter() - t0:.3f} s")
    conn.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--cycles", type=int, default=5)
    ap.add_argument("--url", help="an existing empty database to use as the hub (default: a throwaway server)")
    args = ap.parse_args()
    if args.url:
        run(args.url, args.units, args.cycles)
        return 0
    from tests.hub.pgserver import TempServer
    password = uuid.uuid4().hex
    try:
        server = TempServer("benchsuper", password)
    except (FileNotFoundError, KeyError) as exc:
        print(f"bench_hub skipped: {exc or 'no postgres user'}; install the postgresql package")
        return 0
    server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            pgpass = Path(tmp) / "pgpass"
            pgpass.write_text(f"{server.host}:{server.port}:*:benchsuper:{password}\n")
            pgpass.chmod(0o600)
            os.environ["PGPASSFILE"] = str(pgpass)
            run(f"postgresql://benchsuper@{server.host}:{server.port}/postgres", args.units, args.cycles)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
