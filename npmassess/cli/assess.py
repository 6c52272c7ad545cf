"""CLI subcommands over assessments: frameworks, demo, new, list, show, scores, import, export-json."""

from __future__ import annotations

import json
import sys

from npmassess import numbers, scoring
from npmassess.cli.base import UsageError, open_store, out
from npmassess.exchange import interchange
from npmassess.frameworks import library


# -- commands ------------------------------------------------------------------------------
def cmd_frameworks(args) -> int:
    lib = library()
    rows = [{"id": f.id, "edition": f.edition, "title": f.title(), "criteria": len(f.criteria),
             "scored_nodes": len(f.scored_nodes()), "total_points": f.total_points,
             "methods": list(f.methods), "aggregation": f.aggregation} for f in lib]
    if args.json:
        out(json.dumps({"frameworks": rows, "errors": [str(e) for e in lib.errors]}, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            pts = f", {r['total_points']} points" if r["total_points"] else ""
            out(f"{r['id']:<18} {r['edition']:<10} {r['title']}\n{'':<29}{r['criteria']} criteria, "
                 f"{r['scored_nodes']} scored nodes{pts}; methods: {', '.join(r['methods'])}")
    for e in lib.errors:
        sys.stderr.write(f"warning: framework refused: {e}\n")
    return 0


def cmd_demo(args) -> int:
    from npmassess.demo import create_demo
    with open_store(args) as store:
        fw = store.frameworks.get(args.framework, args.edition)
        out(create_demo(store, fw, args.method))
    return 0


def cmd_new(args) -> int:
    with open_store(args) as store:
        fw = store.frameworks.get(args.framework, args.edition)
        people = [(p.partition(":")[0], p.partition(":")[2]) for p in args.participant or []]
        out(store.create_assessment(fw, args.org, args.unit, args.cycle, args.method, participants=people))
    return 0


def cmd_list(args) -> int:
    with open_store(args) as store:
        rows = store.list_assessments()
        if args.json:
            out(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1))
            return 0
        if not rows:
            out(f"No assessments in {store.path}. Create one with 'new' or 'demo'.")
        for r in rows:
            out(f"{r.id}  {r.framework_id}@{r.edition} ({r.method})  {r.organisation} / {r.unit}  "
                 f"cycle {r.cycle}  {r.status}  {r.participants} participants")
    return 0


def cmd_show(args) -> int:
    with open_store(args) as store:
        a = store.load(store.find(args.id))
        fw = store.framework_of(a)
        rep = scoring.score(fw, a)
        out(f"{a.organisation} / {a.unit}\n{fw.title_with_edition()}, method {a.method}, cycle {a.cycle}, "
             f"status {a.status}\nid {a.id}, created {a.created}, updated {a.updated}")
        out(f"Participants: {', '.join(f'{p.name} ({p.role})' if p.role else p.name for p in a.participants) or 'none'}")
        out(f"Consensus completeness: {rep.completeness:.0%}; notes: {len(a.notes)}; actions: {len(a.actions)}")
        for x in a.actions:
            out(f"  [{x.status}] {x.title} (owner {x.owner or '-'}, due {x.due or '-'}, priority {x.priority})")
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


def cmd_scores(args) -> int:
    with open_store(args) as store:
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
            out(json.dumps(scores_dict(fw, a, rep), ensure_ascii=False, indent=1))
            return 0
        kind = "points" if fw.aggregation == "points" else ("level" if rep.ordinal else "score")

        def fmt(_rep, value, k=None):
            return numbers.fmt(value, k or kind)
        for crit in fw.scored_criteria():
            g = rep.criteria[crit.id]
            if rep.ordinal:
                prof = ", ".join(f"{fw.method(a.method).dimensions[0].scale.level_of(lv).label()}: {n}"
                                 for lv, n in g.profile.items() if n)
                head = f"profile {prof or '-'}; lowest {g.lowest.label() if g.lowest else '-'}"
            elif fw.aggregation == "points":
                head = f"{fmt(rep, g.points)} / {g.max_points} points"
            else:
                head = f"{fmt(rep, g.value, 'score')}"
            out(f"{crit.id:<5} {crit.title()[:60]:<60} {head}  ({g.rated}/{g.total} rated)")
            for leaf in crit.leaves():
                s = rep.nodes[leaf.id]
                label = s.level.label() if s.level else (s.band.label() if s.band else "")
                pts = f"  {fmt(rep, s.points)} / {s.max_points} pts" if s.points is not None else ""
                out(f"  {leaf.id:<6} {leaf.title()[:56]:<56} {fmt(rep, s.value, 'level' if rep.ordinal else 'score'):>6} {label}{pts}")
        if fw.aggregation == "mean":
            out(f"Enablers {fmt(rep, rep.enablers)}  Results {fmt(rep, rep.results)}  Overall {fmt(rep, rep.overall)}")
        elif fw.aggregation == "points":
            out(f"Total {fmt(rep, rep.total_points)} / {rep.max_points} points "
                 f"(process {fmt(rep, rep.enablers)}, results {fmt(rep, rep.results)})")
        else:
            out(f"Lowest rating: {rep.lowest.label() if rep.lowest else '-'}")
        out(f"Completeness {numbers.percent(rep.completeness)}" + (f"; missing: {', '.join(rep.missing)}" if rep.missing else ""))
    return 0


def cmd_import(args) -> int:
    from npmassess.cli.packages import cmd_import as run_import  # preview, confirm, apply (offline packages)
    return run_import(args)


def cmd_export_json(args) -> int:
    with open_store(args) as store:
        a = store.load(store.find(args.id))
        interchange.write_json(a, store.framework_of(a), args.file)
        out(f"Wrote {args.file}")
    return 0



def parsers(add) -> None:
    """Add this module's subcommands (add(name, help) returns a subparser)."""
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


COMMANDS = {
    "frameworks": cmd_frameworks,
    "demo": cmd_demo,
    "new": cmd_new,
    "list": cmd_list,
    "show": cmd_show,
    "scores": cmd_scores,
    "import": cmd_import,
    "export-json": cmd_export_json,
}
