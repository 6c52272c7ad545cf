"""CLI subcommands for offline field offices: package, kit, new-cycle, compare; and the import flow."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from npmassess.cli.base import open_store, out
from npmassess.exchange import importing, merge, packages
from npmassess.errors import ImportFileError
from npmassess.i18n import _, ngettext


def _ask(question: str) -> bool:
    """Ask on stdin; no stdin (CI, pipes at EOF) means no."""
    if sys.stdin is None or sys.stdin.closed:
        return False
    sys.stdout.write(question)
    sys.stdout.flush()
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):
        return False
    return answer.strip().lower() in ("y", "yes", _("y"), _("yes"))


def cmd_import(args) -> int:
    """import FILE [--dry-run] [--as-copy] [--yes] [--take mine|theirs]."""
    take = getattr(args, "take", None)
    with open_store(args) as store:
        preview = importing.preview_import(store, Path(args.file), as_copy=args.as_copy)
        for line in preview.lines():
            out(line)
        if args.dry_run:
            out(_("Dry run: nothing was written."))
            return 0
        if preview.nothing_to_do:
            return 0
        open_conflicts = merge.unresolved(preview.changes, None, take)
        if open_conflicts:
            raise ImportFileError(ngettext(
                "{n} conflict listed above is unresolved; nothing was written. Run again with --take mine (keep "
                "this database’s values) or --take theirs (take the file’s values).",
                "{n} conflicts listed above are unresolved; nothing was written. Run again with --take mine (keep "
                "this database’s values) or --take theirs (take the file’s values).",
                len(open_conflicts)).format(n=len(open_conflicts)))
        if not preview.new and not args.yes:
            if not _ask(_("Apply these changes? [y/N] ")):
                raise ImportFileError(_("Not confirmed; nothing was written. To apply without being asked "
                                        "(for example in scripts or CI), add --yes."))
        out(importing.apply_import(store, preview, take=take))
    return 0


def cmd_package(args) -> int:
    with open_store(args) as store:
        out(packages.export_package(store, store.find(args.id), Path(args.file)))
    return 0


def cmd_kit(args) -> int:
    from npmassess.exchange.kits import issue_kit
    kind, target = ("xlsx", args.xlsx) if args.xlsx else ("package", args.package)
    with open_store(args) as store:
        issued = issue_kit(store, store.find(args.id), args.participant, Path(target), kind, args.role or "")
        out(issued.message(args.participant.strip()))
    return 0


def cmd_new_cycle(args) -> int:
    from npmassess.comparison import copy_to_new_cycle
    with open_store(args) as store:
        new_id, lines = copy_to_new_cycle(store, store.find(args.id), args.cycle, args.edition)
        for line in lines:
            out(line)
        out(new_id)
    return 0


def cmd_compare(args) -> int:
    from npmassess import comparison
    with open_store(args) as store:
        data: comparison.UnitHistory | comparison.League
        if args.unit_history:
            data = comparison.unit_history(store, store.find(args.unit_history))
        else:
            data = comparison.unit_league(store, args.cycle, args.framework)
        if args.pdf:
            from npmassess.exports.pdf.compare import write_comparison_pdf
            write_comparison_pdf(data, args.pdf)
        if args.xlsx:
            from npmassess.exports.xlsx.compare import write_comparison_xlsx
            write_comparison_xlsx(data, args.xlsx)
        if args.json:
            out(json.dumps(data.to_dict(), ensure_ascii=False, indent=1))
        else:
            for line in data.lines():
                out(line)
        for written in (args.pdf, args.xlsx):
            if written:
                sys.stderr.write(_("Wrote {path}").format(path=written) + "\n")
    return 0


def parsers(add) -> None:
    s = add("package", _("Write one assessment as a package file (.npma) to carry to another machine."))
    s.add_argument("id", help=_("assessment id (a unique prefix is enough)"))
    s.add_argument("file", metavar=_("FILE"), help=_("package file to write, e.g. unit-2026.npma"))
    s = add("kit", _("Write one participant's scoring kit: an Excel workbook or a package (adds the participant "
            "when new)."))
    s.add_argument("id")
    s.add_argument("--participant", required=True, metavar=_("NAME"))
    s.add_argument("--role", metavar=_("ROLE"), help=_("role, when the participant is new"))
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--xlsx", metavar=_("FILE"), help=_("Excel scoring workbook for people without the app"))
    g.add_argument("--package", metavar=_("FILE"), help=_("package for people with the app"))
    s = add("new-cycle", _("Start a new cycle of an assessment as a copy of it (consensus, consolidated notes, "
            "open actions) and print the new id."))
    s.add_argument("id")
    s.add_argument("--cycle", required=True, metavar="C", help=_("the new cycle, e.g. 2027"))
    s.add_argument("--edition", metavar="E", help=_("move to this newer edition of the framework (its file must "
                   "declare the correspondence from the current edition); what cannot be carried is listed"))
    s = add("compare", _("Compare the same unit across cycles, or several units in one cycle."))
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--unit-history", metavar="ID", help=_("the unit of this assessment, across its cycles"))
    g.add_argument("--cycle", metavar="C", help=_("every unit assessed in this cycle (league table, heat map)"))
    s.add_argument("--framework", metavar="ID", help=_("with --cycle: only this framework (default: the most used)"))
    s.add_argument("--pdf", metavar=_("FILE"), help=_("also write the comparison as a PDF"))
    s.add_argument("--xlsx", metavar=_("FILE"), help=_("also write the comparison as an Excel workbook"))
    s.add_argument("--json", action="store_true", help=_("machine-readable output"))


COMMANDS = {"package": cmd_package, "kit": cmd_kit, "new-cycle": cmd_new_cycle, "compare": cmd_compare}
