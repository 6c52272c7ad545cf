"""PDF parts of the assessment process: the sign-off block and the 'How the scores came about' section."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle

from npmassess import numbers
from npmassess.exports.common import Context
from npmassess.i18n import N_
from npmassess.exports.pdf.fonts import fonts
from npmassess.exports.pdf.styles import GRID, Heading, M, P, esc
from npmassess.exports.pdf.text import cell
from npmassess.exports.pdf.tables import ContinuedTable  # tagged cells (TH / TD)
from npmassess.process import agreement as agr
from npmassess.process.stages import STAGE_LABELS

TEXT = {
    "signoff": N_("Sign-off"),
    "approved_by": N_("Approved by"), "approved_on": N_("Date"), "note": N_("Note"), "status": N_("Status"),
    "not_approved": N_("Not approved yet (stage: {stage})."),
    "process": N_("How the scores came about"),
    "anonymous": N_("Individual scores are shown anonymously as Assessor A, B, C; the facilitator keeps the mapping."),
    "agreement": N_("Agreement between assessors"),
    "alpha_method": N_("Agreement is measured with Krippendorff's alpha for {metric} data over every item that at "
                     "least two assessors scored. Alpha is used because it handles any number of assessors and "
                     "missing scores, and its {metric} metric fits {fits}. Alpha of 0.8 or more means good "
                     "agreement, 0.667 to 0.8 tentative agreement, below 0.667 low agreement."),
    "fits_interval": N_("scores on a 0-100 or percentage scale, where distances between scores mean something"),
    "fits_ordinal": N_("ordered levels, whose steps are ranks rather than distances"),
    "overall": N_("Overall: alpha {value} ({meaning}); {raters} assessors, {units} items scored by two or more."),
    "criterion": N_("Criterion"), "alpha": N_("Alpha"), "reading": N_("Meaning"),
    "flags": N_("Assessors to look at"),
    "no_flags": N_("No assessor scored everything alike or always at an end of the scale."),
}

METRICS = (N_("interval"), N_("ordinal"))  # the metric named in alpha_method, translated through ctx.t


def _font_cmd() -> tuple:
    """The body font for a table's own text (else reportlab references an unembedded Helvetica)."""
    return ("FONTNAME", (0, 0), (-1, -1), fonts().body)


def _alpha_text(value: float | None, lang: str = "en") -> str:
    return "—" if value is None else numbers.fmt(value, "score", lang, decimals=2)


def signoff_block(ctx: Context) -> list[Flowable]:
    """The sign-off block: filled in when the assessment is approved, blank lines otherwise."""
    s = ctx.a.signoff
    if s:
        rows = [(ctx.t(TEXT["status"]), ctx.t(STAGE_LABELS["approved"])),
                (ctx.t(TEXT["approved_by"]), s["approved_by"]),
                (ctx.t(TEXT["approved_on"]), ctx.stored_date(s["approved_on"])),
                (ctx.t(TEXT["note"]), s["note"] or "—")]
    else:
        stage = ctx.t(STAGE_LABELS.get(ctx.a.stage, ctx.a.stage))
        rows = [(ctx.t(TEXT["status"]), ctx.t(TEXT["not_approved"]).format(stage=stage)),
                (ctx.t(TEXT["approved_by"]), ""), (ctx.t(TEXT["approved_on"]), "")]
    table = ContinuedTable([[cell(k, True), cell(v)] for k, v in rows], colWidths=[40 * mm, None])
    table.setStyle(TableStyle([_font_cmd(), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (-1, -1), 0.6, GRID),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID), ("TOPPADDING", (0, 0), (-1, -1), 5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return [Spacer(1, 8 * mm), KeepTogether([P(ctx.t(TEXT["signoff"]), "h3"), table])]


def process_section(ctx: Context) -> list[Flowable]:
    """Method text, agreement figures and flags (and later evidence gaps) for the method chapter."""
    story: list[Flowable] = [Heading(ctx.t(TEXT["process"]), "h2", 1, "process")]
    if ctx.a.anonymous:
        story.append(P(ctx.t(TEXT["anonymous"])))
    story += agreement_part(ctx)
    story += evidence_part(ctx)
    return story


def agreement_part(ctx: Context) -> list[Flowable]:
    res = agr.assess_agreement(ctx.fw, ctx.a)
    fits = ctx.t(TEXT["fits_ordinal"]) if res.metric == "ordinal" else ctx.t(TEXT["fits_interval"])
    story: list[Flowable] = [P(ctx.t(TEXT["agreement"]), "h3"), P(ctx.t(TEXT["alpha_method"]).format(metric=ctx.t(res.metric), fits=fits)),
                             M("<b>" + esc(ctx.t(TEXT["overall"]).format(value=_alpha_text(res.overall, ctx.lang), meaning=ctx.t(res.meaning),
                                                                  raters=res.raters, units=res.units)) + "</b>")]
    rows = [[cell(ctx.t(TEXT["criterion"]), True), cell(ctx.t(TEXT["alpha"]), True), cell(ctx.t(TEXT["reading"]), True)]]
    for crit in ctx.fw.scored_criteria():
        v = res.by_criterion.get(crit.id)
        rows.append([cell(f"{crit.id} {ctx.title(crit)}"), cell(_alpha_text(v, ctx.lang)), cell(ctx.t(agr.meaning(v)))])
    tbl = ContinuedTable(rows, colWidths=[75 * mm, 16 * mm, None], repeatRows=1, splitInRow=1)
    tbl.setStyle(TableStyle([_font_cmd(), ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(tbl)
    story.append(P(ctx.t(TEXT["flags"]), "h3"))
    names = {p.id: p.name for p in ctx.a.participants}
    if res.flags:
        story += [P(ctx.t("{label}: {value}").format(label=names.get(f.participant_id, "?"), value=f.text))
                  for f in res.flags]
    else:
        story.append(P(ctx.t(TEXT["no_flags"]), "muted"))
    return story


EVIDENCE = {
    "evidence": N_("Evidence rules"),
    "rule": N_("Scores above {limit} need evidence ({framework}). A score counts as supported when the node has an "
               "evidence note of the assessor who gave it, or a consolidated one."),
    "no_rule": N_("This framework sets no evidence rule."),
    "consensus_gaps": N_("Consensus scores above {limit} without evidence: {count}."),
    "individual_gaps": N_("Individual scores above {limit} without evidence: {count}."),
    "held": N_("Evidence held but not attached: {count}."),
    "stale": N_("Evidence dated before the cycle began ({start}): {count}."),
    "title": N_("Evidence-gap report"),
    "intro": N_("For the consensus meeting: scores above {limit} that no evidence supports yet, evidence held but "
                "not attached, and evidence older than the cycle."),
    "node": N_("Node"), "who": N_("Scored by"), "scores": N_("Scores above the band"), "text": N_("Evidence"),
    "date": N_("Dated"),
    "consensus": N_("Consensus"), "none": N_("None."),
}


def _gap_rows(ctx: Context, gaps) -> list[list]:
    names = {p.id: p.name for p in ctx.a.participants}
    rows = [[cell(ctx.t(EVIDENCE["node"]), True), cell(ctx.t(EVIDENCE["who"]), True), cell(ctx.t(EVIDENCE["scores"]), True)]]
    for g in gaps:
        node = ctx.fw.node(g.node_id)
        who = ctx.t(EVIDENCE["consensus"]) if g.participant_id is None else names.get(g.participant_id, "?")
        titles = {d.id: d.title(ctx.lang) for d in ctx.method.dimensions}
        dims = ", ".join(f"{titles.get(d, d)} {ctx.num(v, 'measure')}" for d, v in g.dimensions)
        rows.append([cell(f"{node.id} {ctx.title(node)}"), cell(who), cell(dims)])
    return rows


def _note_rows(ctx: Context, notes) -> list[list]:
    rows = [[cell(ctx.t(EVIDENCE["node"]), True), cell(ctx.t(EVIDENCE["date"]), True), cell(ctx.t(EVIDENCE["text"]), True)]]
    for n in notes:
        rows.append([cell(n.node_id), cell(ctx.short_date(n.dated) or "—"), cell(n.text)])
    return rows


def _table(rows, widths) -> ContinuedTable:
    tbl = ContinuedTable(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    tbl.setStyle(TableStyle([_font_cmd(), ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return tbl


def evidence_part(ctx: Context) -> list[Flowable]:
    """The report's note on evidence: the rule, gap counts, held and stale evidence."""
    from npmassess.process import evidence as ev
    rep = ev.report(ctx.fw, ctx.a)
    story: list[Flowable] = [P(ctx.t(EVIDENCE["evidence"]), "h3")]
    if rep.threshold is None:
        story.append(P(ctx.t(EVIDENCE["no_rule"]), "muted"))
    else:
        limit = ctx.num(rep.threshold, "measure")
        story.append(P(ctx.t(EVIDENCE["rule"]).format(limit=limit, framework=ctx.fw.short_title(ctx.lang))))
        story.append(P(ctx.t(EVIDENCE["consensus_gaps"]).format(limit=limit, count=len(rep.consensus_gaps))))
        if rep.consensus_gaps:
            story.append(_table(_gap_rows(ctx, rep.consensus_gaps), [75 * mm, 35 * mm, None]))
        story.append(P(ctx.t(EVIDENCE["individual_gaps"]).format(limit=limit, count=len(rep.individual_gaps))))
    story.append(P(ctx.t(EVIDENCE["held"]).format(count=len(rep.held))))
    if rep.cycle_start:
        story.append(P(ctx.t(EVIDENCE["stale"]).format(start=ctx.stored_date(rep.cycle_start), count=len(rep.stale))))
    return story


def evidence_gap_story(ctx: Context) -> list[Flowable]:
    """The whole evidence-gap report (its own document, for the consensus meeting)."""
    from npmassess.process import evidence as ev
    rep = ev.report(ctx.fw, ctx.a)
    a = ctx.a
    story: list[Flowable] = [Heading(ctx.t(EVIDENCE["title"]), "h1", 0, "gaps"),
                             P(f"{a.organisation} · {a.unit} · {ctx.fw.short_title(ctx.lang)} · {a.cycle}", "subtitle")]
    if rep.threshold is None:
        return story + [P(ctx.t(EVIDENCE["no_rule"]))]
    limit = ctx.num(rep.threshold, "measure")
    story.append(P(ctx.t(EVIDENCE["intro"]).format(limit=limit)))
    for key, gaps in (("consensus_gaps", rep.consensus_gaps), ("individual_gaps", rep.individual_gaps)):
        story.append(P(ctx.t(EVIDENCE[key]).format(limit=limit, count=len(gaps)), "h3"))
        if gaps:
            story.append(_table(_gap_rows(ctx, gaps), [75 * mm, 35 * mm, None]))
    for key, notes, extra in (("held", rep.held, {}), ("stale", rep.stale, {"start": ctx.stored_date(rep.cycle_start)})):
        if key == "stale" and not rep.cycle_start:
            continue
        story.append(P(ctx.t(EVIDENCE[key]).format(count=len(notes), **extra), "h3"))
        if notes:
            story.append(_table(_note_rows(ctx, notes), [20 * mm, 24 * mm, None]))
    return story


AUDIT = {
    "title": N_("Audit trail"),
    "intro": N_("Every recorded change to this assessment, oldest first. The trail is append-only and each entry is "
                "chained to the one before by a SHA-256 hash, so a changed or removed entry is detected."),
    "ok": N_("Chain verified: {count} entries in the file; chain head {head}."),
    "bad": N_("WARNING: the audit trail has been tampered with: {problem}."),
    "when": N_("When"), "who": N_("Who"), "change": N_("Change"), "source": N_("From file / reason"),
    "empty": N_("No changes recorded."),
}


def audit_appendix(ctx: Context) -> list[Flowable]:
    """The audit appendix (only when the snapshot carries the trail: exports ask for it)."""
    from reportlab.platypus import PageBreak
    trail = ctx.a.audit_trail
    if trail is None:
        return []
    t = ctx.t
    story: list[Flowable] = [PageBreak(), Heading(t(AUDIT["title"]), "h1", 0, "audit"), P(t(AUDIT["intro"]))]
    story.append(P(t(AUDIT["ok"]).format(count=trail["count"], head=trail["head"]) if trail["ok"]
                   else t(AUDIT["bad"]).format(problem=trail["problem"]), "body" if trail["ok"] else "h3"))
    rows = [[cell(t(AUDIT["when"]), True), cell(t(AUDIT["who"]), True), cell(t(AUDIT["change"]), True),
             cell(t(AUDIT["source"]), True)]]
    for r in trail["rows"]:
        extra = " · ".join(x for x in (r["source"], r["reason"]) if x)
        rows.append([cell(ctx.short_date(r["at"].replace("T", " ")[:19])), cell(r["user"]), cell(r["change"]), cell(extra)])
    if len(rows) == 1:
        return story + [P(t(AUDIT["empty"]), "muted")]
    return story + [_table(rows, [30 * mm, 30 * mm, None, 40 * mm])]
