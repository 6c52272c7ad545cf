"""CLI subcommands over the results register: measures, measures-import, measures-export,
performance, overrule."""

from __future__ import annotations

from npmassess.cli.base import UsageError, open_store, out
from npmassess.i18n import _, current_language, labelled, semicolon, translate_to
from npmassess.numbers import fmt as _fmt, percent as _percent


def fmt(value, kind: str) -> str:
    """A number in the language in use (decimal comma in French)."""
    return _fmt(value, kind, current_language())


def percent(value) -> str:
    """A fraction as a percentage in the language in use."""
    return _percent(value, current_language())


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
            raise UsageError(labelled("measures", _("'{node}' is not a node of {framework}").format(
                node=args.node, framework=fw.key))) from None
        measures = reg.linked(fw.id, node.id)
    if not reg.measures:
        out(_("The register of {org} / {unit} holds no measures. Import some with 'measures-import'.").format(
            org=org, unit=unit))
        return 0
    for m in measures:
        r = read(m)
        links = ", ".join(m.nodes_of(fw.id)) or "-"
        better = _("lower is better") if m.lower_is_better else _("higher is better")
        level = translate_to(None, m.level, "register value")
        out(f"{m.name} [" + semicolon().join([level, m.unit or _("no unit"), better, f"{fw.id} {links}"]) + "]")
        if r.chart.mean is not None and r.chart.upper is not None:
            out("  " + _("{n} values; mean {mean}, natural process limits {lower} to {upper}, mR limit {mr}").format(
                n=r.points, mean=fmt(r.chart.mean, 'measure'), lower=fmt(r.chart.lower, 'measure'),
                upper=fmt(r.chart.upper, 'measure'), mr=fmt(r.chart.range_limit, 'measure')))
        out(f"  {r.statement()}")
        out(f"  ({r.reason})")
    if args.node:
        overs = {}
        from npmassess.results.registry import overrules
        with open_store(args) as store:
            overs = overrules(store, aid)
        dims = {d.id: d.title() for d in fw.method(a.method).dimensions}
        for s in suggest(fw, a.method, node, reg):
            text = _("nothing (no linked measures)") if s.value is None else f"{s.label} ({fmt(s.value, 'measure')})"
            dim = dims.get(s.dimension, s.dimension)
            out(labelled(_("Suggested {dimension}").format(dimension=dim.lower()), text) + semicolon() + s.reason)
            team = a.consensus.get((node.id, s.dimension))
            out("  " + labelled(_("Team consensus"), _("not scored") if team is None else fmt(team, 'measure')))
            if (node.id, s.dimension) in overs:
                out("  " + labelled(_("Overruled because"), overs[(node.id, s.dimension)]['reason']))
    return 0


def cmd_import(args) -> int:
    from npmassess.results.io import import_file
    with open_store(args) as store:
        _aid, org, unit = _unit(store, args)
        summary = import_file(store, org, unit, args.file)
    out(labelled(_("Imported {path} into the register of {org} / {unit}").format(path=args.file, org=org, unit=unit),
                 summary.text()) + ".")
    return 0


def cmd_export(args) -> int:
    from npmassess.results.io import export_file
    from npmassess.results.registry import load_register
    with open_store(args) as store:
        _aid, org, unit = _unit(store, args)
        reg = load_register(store, org, unit)
    export_file(reg, args.file, (getattr(args, "lang", None) or "en").split("+")[0])
    out(_("Wrote {path} ({n} measures)").format(path=args.file, n=len(reg.measures)))
    return 0


def cmd_performance(args) -> int:
    from npmassess.results.figures import results_data
    from npmassess.results.performance import performance_report
    with open_store(args) as store:
        aid, _org, _unit_name = _unit(store, args)
        data = results_data(store, aid)
    rep = performance_report(data.register, data.cycles)
    out(labelled(_("Performance report"), f"{rep.organisation} / {rep.unit}"))
    heads = (_("level"), _("measures"), _("latest targets met"))
    out(f"{heads[0]:<12}{heads[1]:>9}  {heads[2]:>20}  " + "  ".join(f"{rep.year_label(y):>8}" for y in rep.years))
    for lv in rep.levels:
        latest = _("{met} of {n}").format(met=lv.met, n=lv.with_target) if lv.with_target else _("no targets")
        out(f"{lv.title:<12}{len(lv.measures):>9}  {latest:>20}  "
            + "  ".join(f"{percent(lv.attainment_in(y)):>8}" for y in rep.years))
    for r in rep.ratios:
        latest = _("{value} in {period}").format(value=fmt(r.latest[1], 'ratio'), period=r.latest[0]) \
            if r.latest else "-"
        yearly = ", ".join(labelled(str(y), fmt(v, 'ratio')) for y, v in sorted(r.by_year.items()))
        out(labelled(labelled(r.kind_title, r.label), f"{latest} ({yearly})"))
    if args.xlsx:
        from npmassess.exports.xlsx.results import export_performance_xlsx
        export_performance_xlsx(data, args.xlsx)
        out(_("Wrote {path}").format(path=args.xlsx))
    if args.pdf:
        from npmassess.exports.pdf.performance import export_performance_pdf
        export_performance_pdf(data, args.pdf, lang=current_language())
        out(_("Wrote {path}").format(path=args.pdf))
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
            raise UsageError(labelled("overrule", _("'{node}' is not a node of {framework}").format(
                node=args.node, framework=fw.key))) from None
        sug = {s.dimension: s for s in suggest(fw, a.method, node, register_of(store, aid))}
        if args.dimension not in sug:
            raise UsageError(labelled("overrule", _("{node} has no suggestion for '{dimension}' "
                                                    "(dimensions with one: {known})").format(
                node=node.id, dimension=args.dimension, known=", ".join(sug) or _("none"))))
        set_overrule(store, aid, node.id, args.dimension, sug[args.dimension].value,
                     a.consensus.get((node.id, args.dimension)), args.reason)
    out(_("Reason kept.") if args.reason.strip() else _("Reason removed."))
    return 0


def parsers(add) -> None:
    """Add this module's subcommands."""
    s = add("measures", _("List the results register of an assessment's unit: trend, target and comparison "
            "per measure; with --node, the suggestion for a results node."))
    s.add_argument("id", help=_("assessment id (a unique prefix is enough)"))
    s.add_argument("--node", metavar="N", help=_("only the measures linked to this node (e.g. 6.2, 7.1)"))
    s = add("measures-import", _("Import measures and values (CSV or .xlsx) into the register of an "
            "assessment's unit; all or nothing, problems named by row and column."))
    s.add_argument("id")
    s.add_argument("file", metavar=_("FILE"))
    s = add("measures-export", _("Write the register of an assessment's unit as CSV or .xlsx (by suffix)."))
    s.add_argument("id")
    s.add_argument("file", metavar=_("FILE"))
    s = add("performance", _("Performance report: target attainment per level of the chain, efficiency and "
            "effectiveness ratios, by year."))
    s.add_argument("id")
    s.add_argument("--xlsx", metavar=_("FILE"), help=_("also write it as a workbook (Performance and Measures sheets)"))
    s.add_argument("--pdf", metavar=_("FILE"), help=_("also write it as a PDF (the summary, then each level's measures)"))
    s = add("overrule", _("Keep the team's reason for scoring a results node away from the register's suggestion."))
    s.add_argument("id")
    s.add_argument("node", metavar=_("NODE"))
    s.add_argument("dimension", metavar=_("DIMENSION"), help=_("e.g. score, trends, targets, rating"))
    s.add_argument("--reason", required=True, help=_("the reason (empty removes it)"))


COMMANDS = {"measures": cmd_measures, "measures-import": cmd_import, "measures-export": cmd_export,
            "performance": cmd_performance, "overrule": cmd_overrule}
