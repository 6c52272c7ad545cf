"""CLI `hub ...`: set up a PostgreSQL hub, push packages to it, and report across units."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

from npmassess.cli.base import UsageError, out
from npmassess.i18n import _, labelled, listing, ngettext


# what became of each pushed file, counted: 'Pushed: 2 new, 1 refused.'
_PUSHED = {"new": lambda n: ngettext("{n} new", "{n} new", n),
           "unchanged": lambda n: ngettext("{n} unchanged", "{n} unchanged", n),
           "replaced": lambda n: ngettext("{n} replaced", "{n} replaced", n),
           "conflict": lambda n: ngettext("{n} in conflict", "{n} in conflict", n),
           "refused": lambda n: ngettext("{n} refused", "{n} refused", n)}


def _pushed(result: str, n: int) -> str:
    return _PUSHED[result](n).format(n=n) if result in _PUSHED else f"{n} {_(result)}"


def _source(args):
    from npmassess.hub import HubSource, resolve_url
    return HubSource(resolve_url(args.url))


def cmd_init(args) -> int:
    from npmassess.hub import connect, migrate
    from npmassess.hub.connection import create_database, describe, remember_url
    if create_database(args.url):
        out(_("Created the database for {hub}.").format(hub=describe(args.url)))
    conn = connect(args.url)
    try:
        before, after = migrate(conn, describe(args.url))
    finally:
        conn.close()
    remember_url(args.url)
    if before == after:
        out(_("The hub at {hub} is up to date (hub schema {version}).").format(hub=describe(args.url), version=after))
    else:
        out(_("The hub at {hub} is ready: hub schema {before} -> {after}. Roles: npmassess_unit, "
              "npmassess_analyst, npmassess_admin; add people with `npmassess hub member LOGIN --role ...`.").format(
            hub=describe(args.url), before=before, after=after))
    out(_("This URL is remembered for the other hub commands (no password is stored)."))
    return 0


def cmd_push(args) -> int:
    from npmassess.hub.push import files_in, push_files
    if bool(args.files) == bool(args.folder):
        raise UsageError(labelled("hub push", _("give FILE... or --folder DIR (one of them)")))
    files = files_in(Path(args.folder)) if args.folder else [Path(f) for f in args.files]
    if not files:
        out(_("No .npma or .json files in {folder}; nothing pushed.").format(folder=args.folder))
        return 0
    with _source(args) as src:
        results = push_files(src.conn, files, src.frameworks, replace=args.replace,
                             progress=lambda i, n, r: out(f"[{i}/{n}] {r.line()}"))
    counts = Counter(r.result for r in results)
    out(labelled(_("Pushed"), listing(_pushed(k, n) for k, n in counts.items())) + ".")
    failed = counts["conflict"] + counts["refused"]
    if failed:
        sys.stderr.write(_("error: {message}").format(message=ngettext(
            "{n} file was not pushed (conflict or refused; see above)",
            "{n} files were not pushed (conflict or refused; see above)", failed).format(n=failed)) + "\n")
        return 1
    return 0


def cmd_list(args) -> int:
    from npmassess.hub.queries import entries
    with _source(args) as src:
        rows = entries(src)
        if args.json:
            out(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1))
            return 0
        out(ngettext("{n} assessment on {hub}", "{n} assessments on {hub}", len(rows)).format(n=len(rows), hub=src.path))
        out(f"{'id':<8}  {_('cycle'):<10} {_('framework'):<18} {_('status'):<11} {_('pushed'):<16} {_('by'):<14} "
            + _("unit"))
        for r in rows:
            out(r.line())
    return 0


def _emit(args, data) -> None:
    if getattr(args, "pdf", None):
        from npmassess.exports.pdf.compare import write_comparison_pdf
        write_comparison_pdf(data, args.pdf)
        sys.stderr.write(_("Wrote {path}").format(path=args.pdf) + "\n")
    if getattr(args, "xlsx", None):
        from npmassess.exports.xlsx.compare import write_comparison_xlsx
        write_comparison_xlsx(data, args.xlsx)
        sys.stderr.write(_("Wrote {path}").format(path=args.xlsx) + "\n")
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
        out(ngettext("{n} open action across units on {hub}; {late} overdue",
                     "{n} open actions across units on {hub}; {late} overdue", len(rows)).format(
            n=len(rows), hub=src.path, late=late))
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
            roles.append(_("owner of the hub schema"))
        n = len(src.list_assessments())
    out(labelled(_("Hub {hub}").format(hub=describe(url)), ngettext(
        "schema {version}, your roles: {roles}, {n} assessment visible to you.",
        "schema {version}, your roles: {roles}, {n} assessments visible to you.", n).format(
        version=src.version, roles=", ".join(roles) or _("none"), n=n)))
    return 0


SUB = {"init": cmd_init, "push": cmd_push, "list": cmd_list, "compare": cmd_compare, "history": cmd_history,
       "plans": cmd_plans, "benchlearning": cmd_benchlearning, "member": cmd_member, "status": cmd_status}


def cmd_hub(args) -> int:
    """Dispatch `hub SUBCOMMAND`; database errors become one line."""
    if not getattr(args, "hub_command", None):
        raise UsageError(labelled("hub", labelled(_("give a subcommand"), ", ".join(SUB))))
    try:
        return SUB[args.hub_command](args)
    except Exception as exc:
        psycopg = sys.modules.get("psycopg")  # loaded by any command that reached the hub
        if psycopg is not None and isinstance(exc, psycopg.Error):
            from npmassess.hub.connection import HubError
            raise HubError(labelled(_("The hub refused"), str(exc).strip().splitlines()[0]) + ".") from None
        raise


def parsers(add) -> None:
    from npmassess.cli.base import Parser
    p = add("hub", _("Consolidation hub on PostgreSQL: push packages, compare units, follow plans."))
    sub = p.add_subparsers(dest="hub_command", metavar=_("SUBCOMMAND"), parser_class=Parser)

    def cmd(name: str, text: str, url_required: bool = False):
        s = sub.add_parser(name, help=text, description=text)
        s.add_argument("--lang", default=os.environ.get("NPMASSESS_LANG") or "en", choices=["en", "fr"],
                       help=_("language of the messages (default: $NPMASSESS_LANG or en)"))
        s.add_argument("--url", required=url_required, metavar="URL",
                       help=_("postgresql://USER@HOST[:PORT]/DATABASE or service=NAME (no password: use ~/.pgpass, "
                            "a service file or the keyring); default: $NPMASSESS_HUB_URL or the one `hub init` used"))
        return s
    cmd("init", _("Create or migrate the hub schema, roles and row security (needs a DBA login)."), True)
    s = cmd("push", _("Push .npma packages or JSON files (validated as local imports; one transaction each)."))
    s.add_argument("files", nargs="*", metavar=_("FILE"))
    s.add_argument("--folder", metavar=_("DIR"), help=_("push every .npma and .json file of this folder"))
    s.add_argument("--replace", action="store_true",
                   help=_("replace an assessment already on the hub with different data (otherwise: conflict)"))
    s = cmd("list", _("List the assessments on the hub (those your role may see)."))
    s.add_argument("--json", action="store_true")
    s = cmd("compare", _("League table and heat map of every unit in one cycle."))
    s.add_argument("--cycle", required=True, metavar="C")
    s.add_argument("--framework", metavar="ID", help=_("only this framework (default: the most used)"))
    for s2 in (s, None):
        if s2 is None:
            s2 = cmd("history", _("One unit across its cycles (trend, follow-up of actions)."))
            s2.add_argument("unit", metavar=_("UNIT"), help=_("unit name, or 'ORGANISATION / UNIT'"))
        s2.add_argument("--pdf", metavar=_("FILE"))
        s2.add_argument("--xlsx", metavar=_("FILE"))
        s2.add_argument("--json", action="store_true")
    s = cmd("plans", _("Open improvement actions across units, overdue first."))
    s.add_argument("--json", action="store_true")
    s = cmd("benchlearning", _("Anonymised export (units coded; no names, no free text): JSON, or CSV for *.csv."))
    s.add_argument("file", metavar=_("FILE"))
    s = cmd("member", _("Give a PostgreSQL login a hub role (administrators)."))
    s.add_argument("login", metavar=_("LOGIN"))
    s.add_argument("--role", required=True, choices=("unit", "analyst", "admin"))
    s.add_argument("--organisation", metavar="O", help=_("for --role unit: the unit's organisation"))
    s.add_argument("--unit", metavar="U", help=_("for --role unit: the unit this login pushes"))
    cmd("status", _("Check the connection: schema version, your roles, what you can see."))


COMMANDS = {"hub": cmd_hub}
