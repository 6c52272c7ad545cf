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
from npmassess.fsutil import describe_os_error
from npmassess import i18n
from npmassess.i18n import _, labelled, semicolon
from npmassess.numbers import fmt, percent
from npmassess.paths import default_db_path, frameworks_dir, resource_dir


def parsers(add) -> None:
    s = add("smoke", _("Self-check of this installation: load every framework, create a demo in a "
            "temporary database, write a small PDF and Excel file per framework, check them, exit 0."))
    s.add_argument("--out", metavar=_("DIR"), help=_("keep the files in DIR (default: a temporary folder, removed)"))
    s.add_argument("--framework", metavar="ID", help=_("only this framework (default: all)"))


def _line(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _check_pdf(path: Path) -> None:
    data = path.read_bytes() if path.is_file() else b""
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise SmokeFailure(_("{file} is not a complete PDF file ({n} bytes)").format(file=path.name, n=len(data)))


def _check_xlsx(path: Path) -> int:
    try:
        with zipfile.ZipFile(path) as z:
            if "xl/workbook.xml" not in z.namelist():
                raise SmokeFailure(_("{file} has no xl/workbook.xml: not an Excel workbook").format(file=path.name))
        from openpyxl import load_workbook  # also exercises defusedxml inside the bundle
        wb = load_workbook(path)
        sheets = len(wb.sheetnames)
        wb.close()
        return sheets
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise SmokeFailure(labelled(_("{file} cannot be read back").format(file=path.name), exc)) from None


def _exports():
    """The exports API, or None when this build has no npmassess.exports."""
    try:
        from npmassess import exports
    except ImportError as exc:
        _line(_("exports   MISSING: npmassess.exports cannot be imported ({problem}); no PDF/Excel check possible").format(
            problem=exc))
        return None
    return exports


def _fonts_line() -> str:
    try:
        from npmassess.exports.pdf.fonts import fonts
    except ImportError:
        return _("fonts     (no exports.fonts module)")
    fs = fonts()
    cjk = _("CJK fallback {path}").format(path=fs.cjk_path) if fs.cjk_path else _("no CJK fallback typeface")
    line = _("fonts     body {font}").format(font=fs.body) + semicolon() + cjk
    return line + (semicolon() + labelled(_("WARNING"), fs.warning) if fs.warning else "")


def run_smoke(out: Path, only: str | None = None) -> int:
    """Run every check, writing files into out; returns the number of files written and checked."""
    from npmassess.demo import create_demo
    from npmassess.store import Store
    frozen = _("bundle") if getattr(sys, "frozen", False) else _("source")
    _line(_("build     {kind}; resources {path}").format(kind=frozen, path=resource_dir()))
    _line(_("data      default database {path} (not touched by this check)").format(path=default_db_path()))
    lib = library()
    fws = list(lib)
    if lib.errors:
        raise SmokeFailure(labelled(_("framework files refused in {folder}").format(folder=frameworks_dir()),
                                    semicolon().join(map(str, lib.errors))))
    if not fws:
        raise SmokeFailure(_("no framework files found in {folder}").format(folder=frameworks_dir()))
    _line(labelled(_("frameworks {n} loaded").format(n=len(fws)), ", ".join(f"{f.id}@{f.edition}" for f in fws)))
    cat = i18n.catalogue("fr")
    if cat is None or not cat.messages:
        raise SmokeFailure(_("no French translations found in {path}").format(path=i18n.catalogue_path("fr")))
    _line(labelled(_("languages en, fr"), _("{n} French messages from {path}").format(
        n=len(cat.messages), path=i18n.catalogue_path("fr"))))
    if only:
        fws = [f for f in fws if f.id == only]
        if not fws:
            raise SmokeFailure(labelled(f"--framework {only}", _("no such framework")))
    exports = _exports()
    written = 0
    with Store(out / "smoke.db") as store:
        for fw in fws:
            aid = create_demo(store, fw)
            a = store.load(aid)
            rep = scoring.score(fw, a)
            line = labelled(f"{fw.id}@{fw.edition}", _("demo {id}, completeness {c}").format(
                id=aid[:8], c=percent(rep.completeness, i18n.current_language())))
            if exports is not None:
                pdf, xlsx = out / f"{fw.id}-{fw.edition}.pdf", out / f"{fw.id}-{fw.edition}.xlsx"
                exports.export_pdf(a, fw, pdf)
                _check_pdf(pdf)
                exports.export_xlsx(a, fw, xlsx)
                sheets = _check_xlsx(xlsx)
                written += 2
                line += ", " + _("PDF {kb} KB, Excel {n} sheets").format(kb=pdf.stat().st_size // 1024, n=sheets)
            _line("  " + line)
    if exports is not None:
        _line(_fonts_line())
    else:
        raise SmokeFailure(_("this build has no exports (npmassess.exports): PDF and Excel were not checked"))
    return written


def cmd_smoke(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    if args.out:
        out = Path(args.out)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(labelled(f"--out {out}", _("cannot create the folder ({reason})").format(
                reason=describe_os_error(exc)))) from None
        written = _run_reporting(out, args.framework)
    else:
        with tempfile.TemporaryDirectory(prefix="npmassess-smoke-") as tmp:
            written = _run_reporting(Path(tmp), args.framework)
    if written < 0:
        return 1
    _line(labelled(_("smoke     ok"), _("{n} files written and checked in {seconds} s").format(
        n=written, seconds=fmt(time.perf_counter() - t0, "ratio", i18n.current_language()))))
    return 0


def _run_reporting(out: Path, only: str | None) -> int:
    try:
        return run_smoke(out, only)
    except NpmassessError as exc:
        _line(labelled(_("smoke     FAILED"), exc))
        return -1


COMMANDS = {"smoke": cmd_smoke}
