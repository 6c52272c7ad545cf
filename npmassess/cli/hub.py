"""CLI `hub ...`: set up a PostgreSQL hub, push packages to it, and report across units."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from npmassess.cli.base import UsageError, out


def _source(args):
    from npmassess.hub import HubSource, resolve_url
    return HubSource(resolve_url(args.url))


def cmd_init(args) -> int:
    from npmassess.hub import connect, migrate
    from npmassess.hub.connection import create_database, describe, remember_url
    if create_database(args.url):
        out(f"Created the database for {describe(args.url)}.")
    conn = connect(args.url)
    try:
        before, after = migrate(conn, describe(args.url))
    finally:
        conn.close()
    remember_url(args.url)
    if before == after:
        out(f"The hub at {describe(args.url)} is up to date (hub schema {after}).")
    else:
        out(f"The hub at {describe(args.url)} is ready: hub schema {before} -> {after}. Roles: npmassess_unit, "
            "npmassess_analyst, npmassess_admin; add people with `npmassess hub member LOGIN --role ...`.")
    out("This URL is remembered for the other hub commands (no password is stored).")
    return 0


def cmd_push(args) -> int:
    from npmassess.hub.push import files_in, push_files
    if bool(args.files) == bool(args.folder):
        raise UsageError("hub push: give FILE... or --folder DIR (one of them)")
    files = files_in(Path(args.folder)) if args.folder else [Path(f) for f in args.files]
    if not files:
        out(f"No .npma or .json files in {args.folder}; nothing pushed.")
        return 0
    with _source(args) as src:
        results = push_files(src.conn, files, src.frameworks, replace=args.replace,
                             progress=lambda i, n, r: out(f"[{i}/{n}] {r.line()}"))
    counts = Counter(r.result for r in results)
    out("Pushed: " + ", ".join(f"{n} {k}" for k, n in counts.items()) + ".")
    failed = counts["conflict"] + counts["refused"]
    if failed:
        sys.stderr.write(f"error: {failed} file(s) were not pushed (conflict or refused; see above)\n")
        return 1
    return 0


def cmd_list(args) -> int:
    from npmassess.hub.queries import entries
    with _source(args) as src:
        rows = entries(src)
        if args.json:
            out(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1))
            return 0
        out(f"{len(rows)} assessment(s) on {src.path}")
        out(f"{'id':<8}  {'cycle':<10} {'framework':<18} {'status':<11} {'pushed':<16} {'by':<14} unit")
        for r in rows:
            out(r.line())
    return 0


def _emit(args, data) -> None:
    if getattr(args, "pdf", None):
        from npmassess.exports.pdf.compare import write_comparison_pdf
        write_comparison_pdf(data, args.pdf)
        sys.stderr.write(f"Wrote {args.pdf}\n")
    if getattr(args, "xlsx", None):
        from npmassess.exports.xlsx.compare import write_comparison_xlsx
        write_comparison_xlsx(data, args.xlsx)
        sys.stderr.write(f"Wrote {args.xlsx}\n")
    if args.json:
        out(json.dumps(data.to_dict(), ensure_ascii=False, indent=1))
    else:
        for line in data.lines():
            out(line)


def cmd_compare(args) -> int:
    from npmassess import comparison
    with _source(args) as src:
        _emit(args, comparison.unit_league(src, args.cycle, args.framework))
    return 0


def cmd_history(args) -> int:
    from npmassess import comparison
    from npmassess.hub.queries import unit_assessment
    with _source(args) as src:
        _emit(args, comparison.unit_history(src, unit_assessment(src, args.unit)))
    return 0


def cmd_plans(args) -> int:
    from npmassess.hub.queries import open_actions
    with _source(args) as src:
        rows = open_actions(src)
        if args.json:
            out(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1))
            return 0
        late = sum(1 for r in rows if r.overdue_days)
        out(f"{len(rows)} open action(s) across units on {src.path}; {late} overdue")
        for r in rows:
            out(r.line())
    return 0


def cmd_benchlearning(args) -> int:
    from npmassess.hub.benchlearning import export
    with _source(args) as src:
        out(export(src, Path(args.file)))
    return 0


def cmd_member(args) -> int:
    from npmassess.hub.queries import add_member
    with _source(args) as src:
        out(add_member(src.conn, args.login, args.role, args.organisation or "", args.unit or ""))
    return 0


def cmd_status(args) -> int:
    from npmassess.hub import resolve_url
    from npmassess.hub.connection import describe
    from npmassess.hub.queries import has_role
    from npmassess.hub.migrations import ROLES
    url = resolve_url(args.url)
    with _source(args) as src:
        roles = [r for r in ROLES if has_role(src.conn, r)]
        with src.conn.transaction():
            owner = src.conn.execute("select pg_get_userbyid(nspowner) = current_user from pg_namespace"
                                     " where nspname = 'npmassess'").fetchone()
        if owner and owner[0]:
            roles.append("owner of the hub schema")
        n = len(src.list_assessments())
    out(f"Hub {describe(url)}: schema {src.version}, your roles: {', '.join(roles) or 'none'}, "
        f"{n} assessment(s) visible to you.")
    return 0


SUB = {"init": cmd_init, "push": cmd_push, "list": cmd_list, "compare": cmd_compare, "history": cmd_history,
       "plans": cmd_plans, "benchlearning": cmd_benchlearning, "member": cmd_member, "status": cmd_status}


def cmd_hub(args) -> int:
    """Dispatch `hub SUBCOMMAND`; database errors become one line."""
    if not getattr(args, "hub_command", None):
        raise UsageError("hub: give a subcommand: " + ", ".join(SUB))
    try:
        return SUB[args.hub_command](args)
    except Exception as exc:
        psycopg = sys.modules.get("psycopg")  # loaded by any command that reached the hub
        if psycopg is not None and isinstance(exc, psycopg.Error):
            from npmassess.hub.connection import HubError
            raise HubError(f"The hub refused: {str(exc).strip().splitlines()[0]}.") from None
        raise


def parsers(add) -> None:
    from npmassess.cli.base import Parser
    p = add("hub", "Consolidation hub on PostgreSQL: push packages, compare units, follow plans.")
    sub = p.add_subparsers(dest="hub_command", metavar="SUBCOMMAND", parser_class=Parser)

    def cmd(name: str, text: str, url_required: bool = False):
        s = sub.add_parser(name, help=text, description=text)
        s.add_argument("--url", required=url_required, metavar="URL",
                       help="postgresql://USER@HOST[:PORT]/DATABASE or service=NAME (no password: use ~/.pgpass, "
                            "a service file or the keyring); default: $NPMASSESS_HUB_URL or the one `hub init` used")
        return s
    cmd("init", "Create or migrate the hub schema, roles and row security (needs a DBA login).", True)
    s = cmd("push", "Push .npma packages or JSON files (validated as local imports; one transaction each).")
    s.add_argument("files", nargs="*", metavar="FILE")
    s.add_argument("--folder", metavar="DIR", help="push every .npma and .json file of this folder")
    s.add_argument("--replace", action="store_true",
                   help="replace an assessment already on the hub with other content (otherwise: conflict)")
    s = cmd("list", "List the assessments on the hub (those your role may see).")
    s.add_argument("--json", action="store_true")
    s = cmd("compare", "League table and heat map of every unit in one cycle.")
    s.add_argument("--cycle", required=True, metavar="C")
    s.add_argument("--framework", metavar="ID", help="only this framework (default: the most used)")
    for s2 in (s, None):
        if s2 is None:
            s2 = cmd("history", "One unit across its cycles (trend, follow-up of actions).")
            s2.add_argument("unit", metavar="UNIT", help="unit name, or 'ORGANISATION / UNIT'")
        s2.add_argument("--pdf", metavar="FILE")
        s2.add_argument("--xlsx", metavar="FILE")
        s2.add_argument("--json", action="store_true")
    s = cmd("plans", "Open improvement actions across units, overdue first.")
    s.add_argument("--json", action="store_true")
    s = cmd("benchlearning", "Anonymised export (units coded; no names, no free text): JSON, or CSV for *.csv.")
    s.add_argument("file", metavar="FILE")
    s = cmd("member", "Give a PostgreSQL login a hub role (administrators).")
    s.add_argument("login", metavar="LOGIN")
    s.add_argument("--role", required=True, choices=("unit", "analyst", "admin"))
    s.add_argument("--organisation", metavar="O", help="for --role unit: the unit's organisation")
    s.add_argument("--unit", metavar="U", help="for --role unit: the unit this login pushes")
    cmd("status", "Check the connection: schema version, your roles, what you can see.")


COMMANDS = {"hub": cmd_hub}
