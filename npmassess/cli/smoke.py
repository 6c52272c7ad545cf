"""CLI subcommand 'smoke': a quick self-check of an installed build (frameworks, database, exports)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from npmassess import scoring
from npmassess.cli.base import UsageError
from npmassess.errors import NpmassessError, SmokeFailure
from npmassess.frameworks import library
from npmassess.paths import default_db_path, frameworks_dir, resource_dir


def parsers(add) -> None:
    s = add("smoke", "Self-check of this installation: load every framework, create a demo in a "
            "temporary database, write a small PDF and Excel file per framework, check them, exit 0.")
    s.add_argument("--out", metavar="DIR", help="keep the files in DIR (default: a temporary folder, removed)")
    s.add_argument("--framework", metavar="ID", help="only this framework (default: all)")


def _line(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _check_pdf(path: Path) -> None:
    data = path.read_bytes() if path.is_file() else b""
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise SmokeFailure(f"{path.name} is not a complete PDF file ({len(data)} bytes)")


def _check_xlsx(path: Path) -> int:
    try:
        with zipfile.ZipFile(path) as z:
            if "xl/workbook.xml" not in z.namelist():
                raise SmokeFailure(f"{path.name} has no xl/workbook.xml: not an Excel workbook")
        from openpyxl import load_workbook  # also exercises defusedxml inside the bundle
        wb = load_workbook(path)
        sheets = len(wb.sheetnames)
        wb.close()
        return sheets
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise SmokeFailure(f"{path.name} cannot be read back: {exc}") from None


def _exports():
    """The exports API, or None when this build has no npmassess.exports."""
    try:
        from npmassess import exports
    except ImportError as exc:
        _line(f"exports   MISSING: npmassess.exports cannot be imported ({exc}); no PDF/Excel check possible")
        return None
    return exports


def _fonts_line() -> str:
    try:
        from npmassess.exports.pdf.fonts import fonts
    except ImportError:
        return "fonts     (no exports.fonts module)"
    fs = fonts()
    cjk = f"CJK fallback {fs.cjk_path}" if fs.cjk_path else "no CJK fallback font"
    return f"fonts     body {fs.body}; {cjk}" + (f"; WARNING: {fs.warning}" if fs.warning else "")


def run_smoke(out: Path, only: str | None = None) -> int:
    """Run every check, writing files into out; returns the number of files written and checked."""
    from npmassess.demo import create_demo
    from npmassess.store import Store
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    _line(f"build     {frozen}; resources {resource_dir()}")
    _line(f"data      default database {default_db_path()} (not touched by this check)")
    lib = library()
    fws = list(lib)
    if lib.errors:
        raise SmokeFailure(f"framework files refused in {frameworks_dir()}: " + "; ".join(map(str, lib.errors)))
    if not fws:
        raise SmokeFailure(f"no framework files found in {frameworks_dir()}")
    _line(f"frameworks {len(fws)} loaded: " + ", ".join(f"{f.id}@{f.edition}" for f in fws))
    from npmassess import i18n
    cat = i18n.catalogue("fr")
    if cat is None or not cat.messages:
        raise SmokeFailure(f"no French translations found in {i18n.catalogue_path('fr')}")
    _line(f"languages en, fr: {len(cat.messages)} French messages from {i18n.catalogue_path('fr')}")
    if only:
        fws = [f for f in fws if f.id == only]
        if not fws:
            raise SmokeFailure(f"--framework {only}: no such framework")
    exports = _exports()
    written = 0
    with Store(out / "smoke.db") as store:
        for fw in fws:
            aid = create_demo(store, fw)
            a = store.load(aid)
            rep = scoring.score(fw, a)
            line = f"{fw.id}@{fw.edition}: demo {aid[:8]}, completeness {rep.completeness:.0%}"
            if exports is not None:
                pdf, xlsx = out / f"{fw.id}-{fw.edition}.pdf", out / f"{fw.id}-{fw.edition}.xlsx"
                exports.export_pdf(a, fw, pdf)
                _check_pdf(pdf)
                exports.export_xlsx(a, fw, xlsx)
                sheets = _check_xlsx(xlsx)
                written += 2
                line += f", PDF {pdf.stat().st_size // 1024} KB, Excel {sheets} sheets"
            _line("  " + line)
    if exports is not None:
        _line(_fonts_line())
    else:
        raise SmokeFailure("this build has no exports (npmassess.exports): PDF and Excel were not checked")
    return written


def cmd_smoke(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    if args.out:
        out = Path(args.out)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
        written = _run_reporting(out, args.framework)
    else:
        with tempfile.TemporaryDirectory(prefix="npmassess-smoke-") as tmp:
            written = _run_reporting(Path(tmp), args.framework)
    if written < 0:
        return 1
    _line(f"smoke     ok: {written} files written and checked in {time.perf_counter() - t0:.2f} s")
    return 0


def _run_reporting(out: Path, only: str | None) -> int:
    try:
        return run_smoke(out, only)
    except NpmassessError as exc:
        _line(f"smoke     FAILED: {exc}")
        return -1


COMMANDS = {"smoke": cmd_smoke}
