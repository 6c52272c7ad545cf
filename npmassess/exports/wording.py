"""Reader-facing wording shared by every export: document names, group terms, how scores are formed."""

from __future__ import annotations

import re

from npmassess import numbers
from npmassess.exports.common import Context
from npmassess.i18n import N_
from npmassess.model import RESULT_TYPES

# What each framework's report is called on its cover and in its metadata (issue 10: the cover names
# the document for what it is). Frameworks not listed get "<short title> self-assessment report".
DOCUMENT_NAMES = {"caf": N_("CAF self-assessment report"), "baldrige": N_("Baldrige self-assessment"),
                  "maf": N_("MAF pre-assessment"), "capability-review": N_("Capability review")}


def document_name(ctx: Context) -> str:
    """The name of the report for this framework ('CAF self-assessment report', ...)."""
    if ctx.fw.id in DOCUMENT_NAMES:
        return ctx.t(DOCUMENT_NAMES[ctx.fw.id])
    return ctx.t("{title} self-assessment report").format(title=ctx.fw.short_title(ctx.lang))


def group_terms(ctx: Context) -> tuple[str, str]:
    """The framework's own words for the two groups of nodes: the Baldrige awards' process and results items
    (their items and application format); Enablers and Results elsewhere (CAF, EFQM's enabler criteria)."""
    if ctx.fw.aggregation == "points" and ctx.fw.application is not None:
        return ctx.t("Process items"), ctx.t("Results items")
    return ctx.t("Enablers"), ctx.t("Results")


def plural(word: str, lang: str = "en") -> str:
    """Plural of a framework label: sub-criterion -> sub-criteria; French: domaine de gestion -> domaines de gestion."""
    if lang == "fr":
        head, sep, tail = word.partition(" ")  # the noun comes first: 'domaine de gestion', 'catégorie'
        if head.endswith(("s", "x", "z")):
            return word
        head = head[:-2] + "aux" if head.endswith("al") else head + ("x" if head.endswith(("au", "eu")) else "s")
        return head + sep + tail
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
    crits, nodes_w = plural(crit, ctx.lang), plural(node, ctx.lang)
    multi = any(len(ctx.method.dimensions_for(n.type)) > 1 for n in nodes)
    out: list[str] = []
    fmt = numbers.fmt
    if fw.aggregation == "mean":
        first = (t("Each {node} is scored on each dimension of the method; its score is the mean of those "
                   "dimension scores and exists only once every dimension is rated.")
                 if multi else t("Each {node} receives one score on the scale below."))
        out.append(first.format(node=node))
        out.append(t("A {crit}'s score is the mean of its rated {nodes}. {enablers} is the mean of the {n_en} "
                     "enabler {nodes} ({crits} {en_ids}); {results} is the mean of the {n_res} results {nodes} "
                     "({crits} {res_ids}).").format(
            crit=crit, nodes=nodes_w, crits=crits, enablers=t("Enablers"), results=t("Results"), n_en=n_en,
            n_res=n_res, en_ids=_criteria_ids(ctx, False), res_ids=_criteria_ids(ctx, True)))
        crit_means = [g.value for g in rep.criteria.values() if g.value is not None]
        overall = t("{overall} is the mean of all {n_all} {nodes}, not the mean of the {n_crit} {crit} scores, "
                    "so a {crit} with more {nodes} weighs more.").format(
            overall=t("Overall"), n_all=n_all, nodes=nodes_w, n_crit=len(fw.scored_criteria()), crit=crit)
        if rep.overall is not None and crit_means:
            overall += " " + t("In this assessment: {value} (the mean of the {crit} scores would be {other}).").format(
                value=fmt(rep.overall, "score", ctx.lang), crit=crit,
                other=fmt(sum(crit_means) / len(crit_means), "score", ctx.lang))
        out.append(overall)
        out.append(t("A {node} that is not yet rated is left out of every mean; it is never counted as 0.")
                   .format(node=node))
    elif fw.aggregation == "points":
        bonus = [c for c in fw.criteria if c.bonus]
        counted = [n for c in fw.criteria if not c.bonus for n in c.leaves()]
        n_all = len(counted)
        n_res = sum(1 for n in counted if n.type in RESULT_TYPES)
        n_en = n_all - n_res
        p_res = sum(n.points or 0 for n in counted if n.type in RESULT_TYPES)
        p_en = sum(n.points or 0 for n in counted if n.type not in RESULT_TYPES)
        if n_res and n_en:
            out.append(t("Each {node} is scored as a percentage on its scale (process or results). Its points are "
                         "that percentage times the {node}'s points, divided by 100.").format(node=node))
        else:
            out.append(t("Each {node} is scored as a percentage on its scale. Its points are that percentage times "
                         "the {node}'s points, divided by 100.").format(node=node))
        total = fmt(fw.total_points, "max_points", ctx.lang)
        if n_res and n_en:
            text = t("A {crit}'s points are the sum of its {nodes}' points. The total is the sum of all {n_all} "
                     "{nodes}' points, out of {total}: {process} ({n_en} {nodes}, {p_en} points) and {results} "
                     "({n_res} {nodes}, {p_res} points).").format(
                crit=crit, nodes=nodes_w, n_all=n_all, total=total,
                process=group_terms(ctx)[0], results=group_terms(ctx)[1], n_en=n_en, n_res=n_res,
                p_en=fmt(p_en, "max_points", ctx.lang), p_res=fmt(p_res, "max_points", ctx.lang))
        else:  # one kind of node only (Korea's evaluation areas): no split to name
            text = t("The total is the sum of all {n_all} {nodes}' points, out of {total}.").format(
                n_all=n_all, nodes=nodes_w, total=total)
            if any(c.children for c in fw.criteria):
                text = t("A {crit}'s points are the sum of its {nodes}' points.").format(crit=crit, nodes=nodes_w) \
                    + " " + text
        if bonus:
            text += " " + t("Bonus points are added on top of that total: {names}, up to {points} points.").format(
                names=ctx.sc.join(f"{c.id} {ctx.title(c)}" for c in bonus),
                points=fmt(fw.bonus_points, "max_points", ctx.lang))
        out.append(text)
        out.append(t("A {node} that is not yet rated earns no points and is listed as not rated.").format(node=node))
    else:
        if rep.separate:  # status and progress side by side (PMA scorecard): never one rating
            out.append(t("Each {node} is rated on an ordinal scale of levels. Levels are not numbers: no average "
                         "is taken. Each dimension of a {node} is rated and shown on its own; they are never "
                         "combined.").format(node=node))
        else:
            out.append(t("Each {node} is rated on an ordinal scale of levels. Levels are not numbers: no average "
                         "is taken. Where a {node} has several dimensions, its rating is the lowest of them.")
                       .format(node=node))
        out.append(t("For each {crit} and for the whole assessment the report shows how many {nodes} are at each "
                     "level (the profile) and the lowest rating.").format(crit=crit, nodes=nodes_w))
    out.append(t("Values are calculated at full precision and rounded only when shown, half up ({a} becomes {b}, "
                 "not {c}): scores to {d_score} decimal, points to {d_points} decimal, percentages to whole "
                 "numbers. Totals are calculated from the unrounded values, so rounded parts may differ from a "
                 "rounded total by {e}.").format(
        a=fmt(53.25, "score", ctx.lang, decimals=2), b=fmt(53.3, "score", ctx.lang, decimals=1),
        c=fmt(53.2, "score", ctx.lang, decimals=1), d_score=numbers.decimals_for("score"),
        d_points=numbers.decimals_for("points"), e=fmt(0.1, "score", ctx.lang, decimals=1)))
    return [articled(p, ctx.lang, (crit, node), (crits, nodes_w)) for p in out]


def articled(text: str, lang: str, words, plurals=()) -> str:
    """The English sentences written for any framework's words, made right for these ones: 'a' before a word
    that starts with a vowel becomes 'an' ('an item', 'an evaluation area'), and the possessive of a plural
    without an s takes one ("sub-criteria's points", not "sub-criteria' points")."""
    if lang != "en":
        return text
    for word in words:
        if word[:1].lower() in "aeio":  # no label starts with a vowel sounded 'you' ('unit'); 'u' is left alone
            text = re.sub(rf"\b([Aa]) (?={re.escape(word)}\b)", r"\1n ", text)
    for word in plurals:
        if not word.endswith("s"):
            text = text.replace(f"{word}' ", f"{word}'s ")
    return text
