"""CLI subcommands over the results register: measures, measures-import, measures-export,
performance, overrule."""

from __future__ import annotations

from npmassess.cli.base import UsageError, open_store, out
from npmassess.numbers import fmt, percent


def _unit(store, args) -> tuple[str, str, str]:
    """(assessment id, organisation, unit) of the assessment named on the command line."""
    aid = store.find(args.id)
    h = store.load_header(aid)
    return aid, h["organisation"], h["unit"]


def cmd_measures(args) -> int:
    from npmassess.results.registry import load_register
    from npmassess.results.stats import read
    from npmassess.results.suggest import suggest
    with open_store(args) as store:
        aid, org, unit = _unit(store, args)
        reg = load_register(store, org, unit)
        a = store.load(aid)
        fw = store.framework_of(a)
    measures = reg.measures
    if args.node:
        try:
            node = fw.node(args.node)
        except KeyError:
            raise UsageError(f"measures: '{args.node}' is not a node of {fw.key}") from None
        measures = reg.linked(fw.id, node.id)
    if not reg.measures:
        out(f"The register of {org} / {unit} holds no measures. Import some with 'measures-import'.")
        return 0
    for m in measures:
        r = read(m)
        links = ", ".join(m.nodes_of(fw.id)) or "-"
        out(f"{m.name} [{m.level}; {m.unit or 'no unit'}; {'lower' if m.lower_is_better else 'higher'} is better;"
            f" {fw.id} {links}]")
        if r.chart.mean is not None and r.chart.upper is not None:
            out(f"  {r.points} values; mean {fmt(r.chart.mean, 'measure')}, natural process limits "
                f"{fmt(r.chart.lower, 'measure')} to {fmt(r.chart.upper, 'measure')}, "
                f"mR limit {fmt(r.chart.range_limit, 'measure')}")
        out(f"  {r.statement()}")
        out(f"  ({r.reason})")
    if args.node:
        overs = {}
        from npmassess.results.registry import overrules
        with open_store(args) as store:
            overs = overrules(store, aid)
        for s in suggest(fw, a.method, node, reg):
            text = "nothing (no linked measures)" if s.value is None else f"{s.label} ({s.value:g})"
            out(f"Suggested {s.dimension}: {text}; {s.reason}")
            team = a.consensus.get((node.id, s.dimension))
            out(f"  Team consensus: {'not scored' if team is None else f'{team:g}'}")
            if (node.id, s.dimension) in overs:
                out(f"  Overruled because: {overs[(node.id, s.dimension)]['reason']}")
    return 0


def cmd_import(args) -> int:
    from npmassess.results.io import import_file
    with open_store(args) as store:
        _aid, org, unit = _unit(store, args)
        summary = import_file(store, org, unit, args.file)
    out(f"Imported {args.file} into the register of {org} / {unit}: {summary.text()}.")
    return 0


def cmd_export(args) -> int:
    from npmassess.results.io import export_file
    from npmassess.results.registry import load_register
    with open_store(args) as store:
        _aid, org, unit = _unit(store, args)
        reg = load_register(store, org, unit)
    export_file(reg, args.file, (getattr(args, "lang", None) or "en").split("+")[0])
    out(f"Wrote {args.file} ({len(reg.measures)} measures)")
    return 0


def cmd_performance(args) -> int:
    from npmassess.results.figures import results_data
    from npmassess.results.performance import performance_report
    with open_store(args) as store:
        aid, _org, _unit_name = _unit(store, args)
        data = results_data(store, aid)
    rep = performance_report(data.register, data.cycles)
    out(f"Performance report: {rep.organisation} / {rep.unit}")
    out("level       measures  latest targets met  " + "  ".join(f"{rep.year_label(y):>8}" for y in rep.years))
    for lv in rep.levels:
        latest = f"{lv.met} of {lv.with_target}" if lv.with_target else "no targets"
        out(f"{lv.title:<12}{len(lv.measures):>8}  {latest:>18}  "
            + "  ".join(f"{percent(lv.attainment_in(y)):>8}" for y in rep.years))
    for r in rep.ratios:
        latest = f"{fmt(r.latest[1], 'ratio')} in {r.latest[0]}" if r.latest else "-"
        yearly = ", ".join(f"{y}: {fmt(v, 'ratio')}" for y, v in sorted(r.by_year.items()))
        out(f"{r.kind}: {r.label}: {latest} ({yearly})")
    if args.xlsx:
        from npmassess.exports.xlsx.results import export_performance_xlsx
        export_performance_xlsx(data, args.xlsx)
        out(f"Wrote {args.xlsx}")
    if args.pdf:
        from npmassess.exports.pdf.performance import export_performance_pdf
        export_performance_pdf(data, args.pdf)
        out(f"Wrote {args.pdf}")
    return 0


def cmd_overrule(args) -> int:
    from npmassess.results.registry import register_of, set_overrule
    from npmassess.results.suggest import suggest
    with open_store(args) as store:
        aid = store.find(args.id)
        a = store.load(aid)
        fw = store.framework_of(a)
        try:
            node = fw.node(args.node)
        except KeyError:
            raise UsageError(f"overrule: '{args.node}' is not a node of {fw.key}") from None
        sug = {s.dimension: s for s in suggest(fw, a.method, node, register_of(store, aid))}
        if args.dimension not in sug:
            raise UsageError(f"overrule: {node.id} has no suggestion for '{args.dimension}' "
                             f"(dimensions with one: {', '.join(sug) or 'none'})")
        set_overrule(store, aid, node.id, args.dimension, sug[args.dimension].value,
                     a.consensus.get((node.id, args.dimension)), args.reason)
    out("Reason kept." if args.reason.strip() else "Reason removed.")
    return 0


def parsers(add) -> None:
    """Add this module's subcommands."""
    s = add("measures", "List the results register of an assessment's unit: trend, target and comparison "
            "per measure; with --node, the suggestion for a results node.")
    s.add_argument("id", help="assessment id (a unique prefix is enough)")
    s.add_argument("--node", metavar="N", help="only the measures linked to this node (e.g. 6.2, 7.1)")
    s = add("measures-import", "Import measures and values (CSV or .xlsx) into the register of an "
            "assessment's unit; all or nothing, problems named by row and column.")
    s.add_argument("id")
    s.add_argument("file")
    s = add("measures-export", "Write the register of an assessment's unit as CSV or .xlsx (by suffix).")
    s.add_argument("id")
    s.add_argument("file")
    s = add("performance", "Performance report: target attainment per level of the chain, efficiency and "
            "effectiveness ratios, by year.")
    s.add_argument("id")
    s.add_argument("--xlsx", metavar="FILE", help="also write it as a workbook (Performance and Measures sheets)")
    s.add_argument("--pdf", metavar="FILE", help="also write it as a PDF (tables, then each level's measures)")
    s = add("overrule", "Keep the team's reason for scoring a results node away from the register's suggestion.")
    s.add_argument("id")
    s.add_argument("node")
    s.add_argument("dimension", help="e.g. score, trends, targets, rating")
    s.add_argument("--reason", required=True, help="the reason (empty removes it)")


COMMANDS = {"measures": cmd_measures, "measures-import": cmd_import, "measures-export": cmd_export,
            "performance": cmd_performance, "overrule": cmd_overrule}
