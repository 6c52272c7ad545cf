"""CLI subcommands over assessments: frameworks, demo, new, list, show, scores, import, export-json."""

from __future__ import annotations

import json
import sys

from npmassess import numbers, scoring
from npmassess.assessment import value_label
from npmassess.i18n import _, current_language, labelled, semicolon
from npmassess.numbers import percent, short_date
from npmassess.cli.base import UsageError, open_store, out
from npmassess.exchange import interchange
from npmassess.frameworks import library
from npmassess.model import Scale


# -- commands ------------------------------------------------------------------------------
def cmd_frameworks(args) -> int:
    from npmassess.cli import authoring
    done = authoring.run(args)
    if done is not None:
        return done
    lib = library()
    rows = [{"id": f.id, "edition": f.edition, "title": f.title(), "user": f.user, "criteria": len(f.criteria),
             "scored_nodes": len(f.scored_nodes()), "total_points": f.total_points,
             "methods": list(f.methods), "aggregation": f.aggregation} for f in lib]
    if args.json:
        out(json.dumps({"frameworks": rows, "errors": [str(e) for e in lib.errors]}, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            pts = _(", {n} points").format(n=r["total_points"]) if r["total_points"] else ""
            mine = " " + _("[yours]") if r["user"] else ""
            out(f"{r['id']:<18} {r['edition']:<10} {r['title']}{mine}\n{'':<29}" + _(
                "{criteria} criteria, {nodes} scored nodes{points}; methods: {methods}").format(
                criteria=r["criteria"], nodes=r["scored_nodes"], points=pts, methods=", ".join(r["methods"])))
    for e in lib.errors:
        sys.stderr.write(_("warning: framework refused: {problem}").format(problem=e) + "\n")
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
            out(_("No assessments in {path}. Create one with 'new' or 'demo'.").format(path=store.path))
        for r in rows:
            out(f"{r.id}  {r.framework_id}@{r.edition} ({_method_title(store, r)})  {r.organisation} / {r.unit}  " + _(
                "cycle {cycle}  {status}  {n} participants").format(cycle=r.cycle, status=value_label(r.status),
                                                                     n=r.participants))
    return 0


def _method_title(store, row) -> str:
    """The scoring method as a reader names it ('Notation classique'); its id when the framework is missing."""
    try:
        return store.frameworks.get(row.framework_id, row.edition).method(row.method).title()
    except Exception:  # a framework this computer does not have: the id is all there is
        return row.method


def cmd_show(args) -> int:
    with open_store(args) as store:
        a = store.load(store.find(args.id))
        fw = store.framework_of(a)
        rep = scoring.score(fw, a)
        out(f"{a.organisation} / {a.unit}\n" + _(
            "{framework}, method {method}, cycle {cycle}, status {status}\nid {id}, created {created}, "
            "updated {updated}").format(framework=fw.title_with_edition(), method=fw.method(a.method).title(),
                                        cycle=a.cycle, status=value_label(a.status), id=a.id,
                                        created=short_date(a.created, current_language()),
                                        updated=short_date(a.updated, current_language())))
        people = ", ".join(f"{p.name} ({p.role})" if p.role else p.name for p in a.participants) or _("none")
        out(labelled(_("Participants"), people))
        out(_("Consensus completeness: {c}; notes: {n}; actions: {a}").format(
            c=percent(rep.completeness, current_language()), n=len(a.notes), a=len(a.actions)))
        for x in a.actions:
            out(f"  [{value_label(x.status)}] {x.title} " + _("(owner {owner}, due {due}, priority {priority})").format(
                owner=x.owner or "-", due=short_date(x.due, current_language()) or "-",
                priority=value_label(x.priority).lower()))
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
        **_extensions_dict(rep),
    }


def _extensions_dict(rep: scoring.ScoreReport) -> dict:
    """Side-by-side dimensions, bonus points and grades, only where the framework has them."""
    extra: dict = {}
    if rep.separate:
        extra["side_by_side"] = {k: {d: (lv.label() if lv else None) for d, _, lv in scoring.side_by_side(rep, k)}
                                 for k in rep.nodes}
        extra["profiles"] = {d: {str(lv): n for lv, n in p.items()} for d, p in rep.profiles.items()}
        extra["lowest_by_dimension"] = {d: (lv.label() if lv else None) for d, lv in rep.lowest_by_dim.items()}
    if rep.max_bonus:
        extra.update(bonus_points=None if rep.bonus_points is None else round(rep.bonus_points, 3),
                     max_bonus=rep.max_bonus, total_with_bonus=None if rep.total_with_bonus is None
                     else round(rep.total_with_bonus, 3))
    if rep.framework.grades:
        extra.update(grade=rep.grade.label() if rep.grade else None,
                     grade_so_far=rep.grade_so_far.label() if rep.grade_so_far else None)
    return extra


def _level_label(scale: Scale, value: float) -> str:
    """The label of a level of an ordinal scale (a profile counts only levels of the scale)."""
    level = scale.level_of(value)
    if level is None:
        raise ValueError(_("{value} is not a level of the scale '{scale}'").format(value=value, scale=scale.id))
    return level.label()


def cmd_scores(args) -> int:
    with open_store(args) as store:
        a = store.load(store.find(args.id))
        fw = store.framework_of(a)
        pid = None
        if args.participant:
            p = a.participant_by_name(args.participant)
            if p is None:
                raise UsageError(_("'{name}' is not a participant of this assessment").format(name=args.participant))
            pid = p.id
        rep = scoring.score(fw, a, pid)
        if args.json:
            out(json.dumps(scores_dict(fw, a, rep), ensure_ascii=False, indent=1))
            return 0
        lang = current_language()
        kind = "points" if fw.aggregation == "points" else ("level" if rep.ordinal else "score")

        def fmt(_rep, value, k=None):  # fixed decimals per kind (a column never mixes "32" and "53.2")
            return numbers.fmt(value, k or kind, lang)
        for crit in fw.scored_criteria():
            g = rep.criteria[crit.id]
            if rep.separate:
                head = semicolon().join(labelled(t, _("lowest {level}").format(
                    level=lvl.label() if (lvl := g.lowest_by_dim.get(d)) else "-")) for d, t in _dim_titles(rep))
            elif rep.ordinal:
                prof = ", ".join(labelled(_level_label(fw.method(a.method).dimensions[0].scale, lv), n)
                                 for lv, n in g.profile.items() if n)
                head = _("profile {profile}; lowest {lowest}").format(profile=prof or "-",
                                                                      lowest=g.lowest.label() if g.lowest else "-")
            elif fw.aggregation == "points":
                head = _("{p} / {m} points").format(p=fmt(rep, g.points), m=g.max_points)
            else:
                head = f"{fmt(rep, g.value, 'score')}"
            out(f"{crit.id:<5} {crit.title()[:60]:<60} {head}  " + _("({rated}/{total} rated)").format(
                rated=g.rated, total=g.total))
            for leaf in crit.leaves():
                s = rep.nodes[leaf.id]
                if s.separate:  # each light on its own, never combined
                    lights = "   ".join(labelled(t, lv.label() if lv else "-")
                                        for _d, t, lv in scoring.side_by_side(rep, leaf.id))
                    out(f"  {leaf.id:<6} {leaf.title()[:56]:<56} {lights}")
                    continue
                label = s.level.label() if s.level else (s.band.label() if s.band else "")
                pts = "  " + _("{p} / {m} pts").format(p=fmt(rep, s.points), m=s.max_points) if s.points is not None else ""
                value = fmt(rep, s.value, "level" if rep.ordinal else "score")
                out(f"  {leaf.id:<6} {leaf.title()[:56]:<56} {value:>6} {label}{pts}")
        if fw.aggregation == "mean":
            out(_("Enablers {e}  Results {r}  Overall {o}").format(e=fmt(rep, rep.enablers), r=fmt(rep, rep.results),
                                                                    o=fmt(rep, rep.overall)))
        elif fw.aggregation == "points":
            split = any(n.type == "result" for n in fw.scored_nodes())
            if split:
                out(_("Total {t} / {m} points (process {e}, results {r})").format(
                    t=fmt(rep, rep.total_points), m=rep.max_points, e=fmt(rep, rep.enablers), r=fmt(rep, rep.results)))
            else:
                out(_("Total {t} / {m} points").format(t=fmt(rep, rep.total_points), m=rep.max_points))
            if rep.max_bonus:
                out(_("Bonus {b} / {m} points; total with bonus {t}").format(
                    b=fmt(rep, rep.bonus_points), m=rep.max_bonus, t=fmt(rep, rep.total_with_bonus)))
            if fw.grades:
                out(labelled(fw.label("grade"), _grade_line(rep)))
        elif rep.separate:
            for d, t in _dim_titles(rep):
                prof = ", ".join(labelled(lv.label(), n) for lv, n in
                                 ((scoring.result_levels(rep.method, d)[v], n) for v, n in rep.profiles[d].items()))
                low = lowest.label() if (lowest := rep.lowest_by_dim.get(d)) else "-"
                out(_("{title}: {profile}; lowest {lowest}").format(title=t, profile=prof, lowest=low))
        else:
            out(labelled(_("Lowest rating"), rep.lowest.label() if rep.lowest else "-"))
        line = _("Completeness {c}").format(c=percent(rep.completeness, lang))
        if rep.missing:
            line += _("; missing: {nodes}").format(nodes=", ".join(rep.missing))
        out(line)
    return 0


def _dim_titles(rep: scoring.ScoreReport) -> list[tuple[str, str]]:
    return list(dict.fromkeys((d.id, d.title()) for d in rep.method.dimensions))


def _grade_line(rep: scoring.ScoreReport) -> str:
    if rep.grade is not None:
        return f"{rep.grade.label()} ({rep.grade.rule()})"
    if rep.missing:
        so_far = _("already {grade}").format(grade=rep.grade_so_far.label()) if rep.grade_so_far else _(
            "no grade reached yet")
        return _("not final until every item is rated ({so_far})").format(so_far=so_far)
    return _("none reached")


def cmd_import(args) -> int:
    from npmassess.cli.packages import cmd_import as run_import  # preview, confirm, apply (offline packages)
    return run_import(args)


def cmd_export_json(args) -> int:
    with open_store(args) as store:
        a = store.load(store.find(args.id))
        interchange.write_json(a, store.framework_of(a), args.file)
        out(_("Wrote {path}").format(path=args.file))
    return 0



def parsers(add) -> None:
    """Add this module's subcommands (add(name, help) returns a subparser)."""
    s = add("frameworks", _("List the frameworks (bundled and your own), or export / import an authoring workbook."))
    s.add_argument("--json", action="store_true", help=_("machine-readable output"))
    from npmassess.cli.authoring import add_subcommands
    add_subcommands(s)
    s = add("demo", _("Create a realistic sample assessment and print its id."))
    s.add_argument("--framework", default="caf", metavar="ID", help=_("framework id (default caf)"))
    s.add_argument("--edition", metavar="E")
    s.add_argument("--method", metavar="M")
    s = add("new", _("Create an empty assessment and print its id."))
    s.add_argument("--framework", required=True, metavar="ID")
    s.add_argument("--edition", metavar="E")
    s.add_argument("--method", metavar="M")
    s.add_argument("--org", required=True, metavar="O", help=_("organisation"))
    s.add_argument("--unit", required=True, metavar="U")
    s.add_argument("--cycle", required=True, metavar="C", help=_("e.g. 2026"))
    s.add_argument("--participant", action="append", metavar=_("NAME[:ROLE]"), help=_("repeatable"))
    s = add("list", _("List the assessments in the database."))
    s.add_argument("--json", action="store_true")
    s = add("show", _("Show one assessment."))
    s.add_argument("id", help=_("assessment id (a unique prefix is enough)"))
    s = add("scores", _("Computed scores per node, criterion, enablers/results, total, completeness."))
    s.add_argument("id")
    s.add_argument("--participant", metavar=_("NAME"), help=_("one participant's scores instead of the consensus"))
    s.add_argument("--json", action="store_true")
    s = add("import", _("Import an assessment file (.json, .npma package or returned .xlsx kit)."))
    s.add_argument("file", metavar=_("FILE"))
    s.add_argument("--dry-run", action="store_true", help=_("only show what would change"))
    s.add_argument("--as-copy", action="store_true", help=_("import as a new assessment with new ids"))
    s.add_argument("--yes", action="store_true", help=_("apply changes to an existing assessment without asking"))
    s.add_argument("--take", choices=["mine", "theirs"], help=_("resolve every conflict: keep this database's "
                   "values (mine) or take the file's (theirs)"))
    s = add("export-json", _("Write one assessment to a JSON file."))
    s.add_argument("id")
    s.add_argument("file", metavar=_("FILE"))


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
