"""Reader-facing wording shared by every export: document names, group terms, how scores are formed."""

from __future__ import annotations

from npmassess import numbers
from npmassess.exports.common import Context
from npmassess.model import RESULT_TYPES

# What each framework's report is called on its cover and in its metadata (issue 10: the cover names
# the document for what it is). Frameworks not listed get "<short title> self-assessment report".
DOCUMENT_NAMES = {"caf": "CAF self-assessment report", "baldrige": "Baldrige self-assessment",
                  "maf": "MAF pre-assessment", "capability-review": "Capability review"}


def document_name(ctx: Context) -> str:
    """The name of the report for this framework ('CAF self-assessment report', ...)."""
    name = DOCUMENT_NAMES.get(ctx.fw.id) or f"{ctx.fw.short_title(ctx.lang)} self-assessment report"
    return ctx.t(name)


def group_terms(ctx: Context) -> tuple[str, str]:
    """The framework's own words for the two groups of nodes (CAF: Enablers/Results; Baldrige: process/results items)."""
    if ctx.fw.aggregation == "points":
        return ctx.t("Process items"), ctx.t("Results items")
    return ctx.t("Enablers"), ctx.t("Results")


def plural(word: str) -> str:
    """English plural of a framework label (sub-criterion -> sub-criteria, category -> categories)."""
    if word.endswith("criterion"):
        return word[:-2] + "a"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word if word.endswith("s") else word + "s"


def _criteria_ids(ctx: Context, results: bool) -> str:
    ids = [c.id for c in ctx.fw.scored_criteria()
           if all(n.type in RESULT_TYPES for n in c.leaves()) == results]
    if not ids:
        return ""
    return ids[0] if len(ids) == 1 else f"{ids[0]}-{ids[-1]}"


def how_scores_are_formed(ctx: Context) -> list[str]:
    """Paragraphs for the method appendix: how node, group and overall values are formed, and rounding."""
    fw, rep, t = ctx.fw, ctx.report, ctx.t
    nodes = fw.scored_nodes()
    n_all = len(nodes)
    n_res = sum(1 for n in nodes if n.type in RESULT_TYPES)
    n_en = n_all - n_res
    crit, node = fw.label("criterion", ctx.lang).lower(), fw.label("node", ctx.lang).lower()
    crits, nodes_w = plural(crit), plural(node)
    multi = any(len(ctx.method.dimensions_for(n.type)) > 1 for n in nodes)
    out: list[str] = []
    if fw.aggregation == "mean":
        first = (f"Each {node} is scored on each dimension of the method; its score is the mean of those "
                 f"dimension scores and exists only once every dimension is rated."
                 if multi else f"Each {node} receives one score on the scale below.")
        out.append(first)
        out.append(f"A {crit}'s score is the mean of its rated {nodes_w}. "
                   f"{t('Enablers')} is the mean of the {n_en} enabler {nodes_w} ({crits} "
                   f"{_criteria_ids(ctx, False)}); {t('Results')} is the mean of the {n_res} results "
                   f"{nodes_w} (criteria {_criteria_ids(ctx, True)}).")
        crit_means = [g.value for g in rep.criteria.values() if g.value is not None]
        overall = f"{t('Overall')} is the mean of all {n_all} {nodes_w}, not the mean of the {len(fw.scored_criteria())} " \
                  f"{crit} scores, so a {crit} with more {nodes_w} weighs more."
        if rep.overall is not None and crit_means:
            overall += (f" In this assessment: {numbers.fmt(rep.overall, 'score', ctx.lang)} (the mean of the "
                        f"{crit} scores would be {numbers.fmt(sum(crit_means) / len(crit_means), 'score', ctx.lang)}).")
        out.append(overall)
        out.append(f"A {node} that is not yet rated is left out of every mean; it is never counted as 0.")
    elif fw.aggregation == "points":
        p_res = sum(n.points or 0 for n in nodes if n.type in RESULT_TYPES)
        p_en = sum(n.points or 0 for n in nodes if n.type not in RESULT_TYPES)
        out.append(f"Each {node} is scored as a percentage on its scale (process or results). Its points are "
                   f"that percentage times the {node}'s points, divided by 100.")
        out.append(f"A {crit}'s points are the sum of its {nodes_w}' points. The total is the sum of all "
                   f"{n_all} {nodes_w}' points, out of {numbers.fmt(fw.total_points, 'max_points', ctx.lang)}: "
                   f"{t('Process items')} ({n_en} {nodes_w}, {numbers.fmt(p_en, 'max_points', ctx.lang)} points) and "
                   f"{t('Results items')} ({n_res} {nodes_w}, {numbers.fmt(p_res, 'max_points', ctx.lang)} points).")
        out.append(f"A {node} that is not yet rated earns no points and is listed as not rated.")
    else:
        out.append(f"Each {node} is rated on an ordinal scale of levels. Levels are not numbers: no average is "
                   f"taken. Where a {node} has several dimensions, its rating is the lowest of them.")
        out.append(f"For each {crit} and for the whole assessment the report shows how many {nodes_w} are at each "
                   f"level (the profile) and the lowest rating.")
    out.append("Values are calculated at full precision and rounded only when shown, half up (53.25 becomes "
               f"53.3, not 53.2): scores to {numbers.decimals_for('score')} decimal, points to "
               f"{numbers.decimals_for('points')} decimal, percentages to whole numbers. Totals are calculated "
               "from the unrounded values, so rounded parts may differ from a rounded total by 0.1.")
    return out
