"""Headless command line: the same jobs as the GUI, over the same core functions."""

from __future__ import annotations

import argparse
import json
import logging
import sqlite3
import sys
from pathlib import Path
from typing import Callable

from . import interchange, scoring
from .errors import NpmassessError
from .frameworks import library
from .paths import data_dir, default_db_path
from .store import Store

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


class UsageError(NpmassessError):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage in one line and exits 1, as every other error."""

    def error(self, message: str):  # noqa: D401 - argparse override
        raise UsageError(f"{self.prog}: {message} (see --help)")


def command(name: str):
    def register(fn):
        COMMANDS[name] = fn
        return fn
    return register


def _store(args) -> Store:
    return Store(args.db)


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


# -- commands ------------------------------------------------------------------------------
@command("frameworks")
def cmd_frameworks(args) -> int:
    lib = library()
    rows = [{"id": f.id, "edition": f.edition, "title": f.title(), "criteria": len(f.criteria),
             "scored_nodes": len(f.scored_nodes()), "total_points": f.total_points,
             "methods": list(f.methods), "aggregation": f.aggregation} for f in lib]
    if args.json:
        _out(json.dumps({"frameworks": rows, "errors": [str(e) for e in lib.errors]}, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            pts = f", {r['total_points']} points" if r["total_points"] else ""
            _out(f"{r['id']:<18} {r['edition']:<10} {r['title']}\n{'':<29}{r['criteria']} criteria, "
                 f"{r['scored_nodes']} scored nodes{pts}; methods: {', '.join(r['methods'])}")
    for e in lib.errors:
        sys.stderr.write(f"warning: framework refused: {e}\n")
    return 0


@command("demo")
def cmd_demo(args) -> int:
    from .demo import create_demo
    with _store(args) as store:
        fw = store.frameworks.get(args.framework, args.edition)
        _out(create_demo(store, fw, args.method))
    return 0


@command("new")
def cmd_new(args) -> int:
    with _store(args) as store:
        fw = store.frameworks.get(args.framework, args.edition)
        people = [(p.partition(":")[0], p.partition(":")[2]) for p in args.participant or []]
        _out(store.create_assessment(fw, args.org, args.unit, args.cycle, args.method, participants=people))
    return 0


@command("list")
def cmd_list(args) -> int:
    with _store(args) as store:
        rows = store.list_assessments()
        if args.json:
            _out(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1))
            return 0
        if not rows:
            _out(f"No assessments in {store.path}. Create one with 'new' or 'demo'.")
        for r in rows:
            _out(f"{r.id}  {r.framework_id}@{r.edition} ({r.method})  {r.organisation} / {r.unit}  "
                 f"cycle {r.cycle}  {r.status}  {r.participants} participants")
    return 0


@command("show")
def cmd_show(args) -> int:
    with _store(args) as store:
        a = store.load(store.find(args.id))
        fw = store.framework_of(a)
        rep = scoring.score(fw, a)
        _out(f"{a.organisation} / {a.unit}\n{fw.title_with_edition()}, method {a.method}, cycle {a.cycle}, "
             f"status {a.status}\nid {a.id}, created {a.created}, updated {a.updated}")
        _out(f"Participants: {', '.join(f'{p.name} ({p.role})' if p.role else p.name for p in a.participants) or 'none'}")
        _out(f"Consensus completeness: {rep.completeness:.0%}; notes: {len(a.notes)}; actions: {len(a.actions)}")
        for x in a.actions:
            _out(f"  [{x.status}] {x.title} (owner {x.owner or '-'}, due {x.due or '-'}, priority {x.priority})")
    return 0


def scores_dict(fw, a, rep: scoring.ScoreReport) -> dict:
    def val(x):
        return None if x is None else round(x, 3)
    return {
        "assessment": a.id, "framework": fw.key, "method": a.method, "aggregation": fw.aggregation,
        "nodes": {k: {"value": val(s.value), "dimensions": s.dims, "completeness": round(s.completeness, 3),
                      "band": s.band.label() if s.band else None, "level": s.level.label() if s.level else None,
                      "points": val(s.points), "max_points": s.max_points} for k, s in rep.nodes.items()},
        "criteria": {k: {"value": val(g.value), "completeness": round(g.completeness, 3), "rated": g.rated,
                         "total": g.total, "points": val(g.points), "max_points": g.max_points,
                         "profile": {str(lv): n for lv, n in g.profile.items()},
                         "lowest": g.lowest.label() if g.lowest else None} for k, g in rep.criteria.items()},
        "enablers": val(rep.enablers), "results": val(rep.results), "overall": val(rep.overall),
        "total_points": val(rep.total_points), "max_points": rep.max_points,
        "completeness": round(rep.completeness, 3), "missing": rep.missing,
        "profile": {str(lv): n for lv, n in rep.profile.items()},
        "lowest": rep.lowest.label() if rep.lowest else None,
    }


@command("scores")
def cmd_scores(args) -> int:
    with _store(args) as store:
        a = store.load(store.find(args.id))
        fw = store.framework_of(a)
        pid = None
        if args.participant:
            p = a.participant_by_name(args.participant)
            if p is None:
                raise UsageError(f"'{args.participant}' is not a participant of this assessment")
            pid = p.id
        rep = scoring.score(fw, a, pid)
        if args.json:
            _out(json.dumps(scores_dict(fw, a, rep), ensure_ascii=False, indent=1))
            return 0
        fmt = scoring.format_value
        for crit in fw.scored_criteria():
            g = rep.criteria[crit.id]
            if rep.ordinal:
                prof = ", ".join(f"{fw.method(a.method).dimensions[0].scale.level_of(lv).label()}: {n}"
                                 for lv, n in g.profile.items() if n)
                head = f"profile {prof or '-'}; lowest {g.lowest.label() if g.lowest else '-'}"
            elif fw.aggregation == "points":
                head = f"{fmt(rep, g.points)} / {g.max_points} points"
            else:
                head = f"{fmt(rep, g.value)}"
            _out(f"{crit.id:<5} {crit.title()[:60]:<60} {head}  ({g.rated}/{g.total} rated)")
            for leaf in crit.leaves():
                s = rep.nodes[leaf.id]
                label = s.level.label() if s.level else (s.band.label() if s.band else "")
                pts = f"  {fmt(rep, s.points)} / {s.max_points} pts" if s.points is not None else ""
                _out(f"  {leaf.id:<6} {leaf.title()[:56]:<56} {fmt(rep, s.value):>6} {label}{pts}")
        if fw.aggregation == "mean":
            _out(f"Enablers {fmt(rep, rep.enablers)}  Results {fmt(rep, rep.results)}  Overall {fmt(rep, rep.overall)}")
        elif fw.aggregation == "points":
            _out(f"Total {fmt(rep, rep.total_points)} / {rep.max_points} points "
                 f"(process {fmt(rep, rep.enablers)}, results {fmt(rep, rep.results)})")
        else:
            _out(f"Lowest rating: {rep.lowest.label() if rep.lowest else '-'}")
        _out(f"Completeness {rep.completeness:.0%}" + (f"; missing: {', '.join(rep.missing)}" if rep.missing else ""))
    return 0


@command("import")
def cmd_import(args) -> int:
    from .cli_packages import cmd_import as run_import  # preview, confirm, apply (offline packages)
    return run_import(args)


@command("export-json")
def cmd_export_json(args) -> int:
    with _store(args) as store:
        a = store.load(store.find(args.id))
        interchange.write_json(a, store.framework_of(a), args.file)
        _out(f"Wrote {args.file}")
    return 0


# -- parser --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="PATH",
                        help=f"database file (default: $NPMASSESS_DB or {default_db_path()})")
    p = _Parser(prog="npmassess", description="Excellence-framework self-assessments: "
                "CAF 2020, Baldrige, MAF, Capability Review. With no command, opens the GUI.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name, help_text):
        return sub.add_parser(name, help=help_text, description=help_text, parents=[common])

    s = add("frameworks", "List the bundled frameworks.")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s = add("demo", "Create a realistic sample assessment and print its id.")
    s.add_argument("--framework", default="caf", metavar="ID", help="framework id (default caf)")
    s.add_argument("--edition", metavar="E")
    s.add_argument("--method", metavar="M")
    s = add("new", "Create an empty assessment and print its id.")
    s.add_argument("--framework", required=True, metavar="ID")
    s.add_argument("--edition", metavar="E")
    s.add_argument("--method", metavar="M")
    s.add_argument("--org", required=True, metavar="O", help="organisation")
    s.add_argument("--unit", required=True, metavar="U")
    s.add_argument("--cycle", required=True, metavar="C", help="e.g. 2026")
    s.add_argument("--participant", action="append", metavar="NAME[:ROLE]", help="repeatable")
    s = add("list", "List the assessments in the database.")
    s.add_argument("--json", action="store_true")
    s = add("show", "Show one assessment.")
    s.add_argument("id", help="assessment id (a unique prefix is enough)")
    s = add("scores", "Computed scores per node, criterion, enablers/results, total, completeness.")
    s.add_argument("id")
    s.add_argument("--participant", metavar="NAME", help="one participant's scores instead of the consensus")
    s.add_argument("--json", action="store_true")
    s = add("import", "Import an assessment file (.json, .npma package or returned .xlsx kit).")
    s.add_argument("file")
    s.add_argument("--dry-run", action="store_true", help="only show what would change")
    s.add_argument("--as-copy", action="store_true", help="import as a new assessment with new ids")
    s.add_argument("--yes", action="store_true", help="apply changes to an existing assessment without asking")
    s.add_argument("--take", choices=["mine", "theirs"], help="resolve every conflict: keep this database's "
                   "values (mine) or take the file's (theirs)")
    s = add("export-json", "Write one assessment to a JSON file.")
    s.add_argument("id")
    s.add_argument("file")
    for extra in EXTRA_PARSERS:
        extra(add)
    return p


EXTRA_PARSERS: list[Callable] = []  # other modules (exports, packages, gui) register subcommands here


def _log_path() -> Path:
    return data_dir() / "npmassess.log"


def run(argv: list[str]) -> int:
    """Run one command; exit code 0 on success, 1 with one line on stderr otherwise."""
    from . import cli_extra  # noqa: F401 - registers export/package/kit/gui subcommands
    try:
        args = build_parser().parse_args(argv)
        if not args.command:
            build_parser().print_help()
            return 0
        return COMMANDS[args.command](args)
    except NpmassessError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    except sqlite3.DatabaseError as exc:
        sys.stderr.write(f"error: the database file is damaged or locked ({exc}); restore a backup copy\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return 1
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never show a traceback: log it and say where
        try:
            logging.basicConfig(filename=_log_path(), level=logging.ERROR)
            logging.exception("unexpected error in command %s", argv)
            where = f" (details in {_log_path()})"
        except Exception:
            where = ""
        sys.stderr.write(f"error: unexpected {type(exc).__name__}: {exc}{where}\n")
        return 1
