"""PDF parts of the assessment process: the sign-off block and the 'How the scores came about' section."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from npmassess.exports.common import Context
from npmassess.exports.pdf.styles import GRID, Heading, M, P, esc
from npmassess.exports.pdf.text import cell
from npmassess.process import agreement as agr
from npmassess.process.stages import STAGE_LABELS

TEXT = {
    "signoff": "Sign-off",
    "approved_by": "Approved by", "approved_on": "Date", "note": "Note", "status": "Status",
    "not_approved": "Not approved yet (stage: {stage}).",
    "process": "How the scores came about",
    "anonymous": "Individual scores are shown anonymously as Assessor A, B, C; the facilitator keeps the mapping.",
    "agreement": "Agreement between assessors",
    "alpha_method": ("Agreement is measured with Krippendorff's alpha for {metric} data over every item that at "
                     "least two assessors scored. Alpha is used because it handles any number of assessors and "
                     "missing scores, and its {metric} metric fits {fits}. Alpha of 0.8 or more means good "
                     "agreement, 0.667 to 0.8 tentative agreement, below 0.667 low agreement."),
    "fits_interval": "scores on a 0-100 or percentage scale, where distances between scores mean something",
    "fits_ordinal": "ordered levels, whose steps are ranks rather than distances",
    "overall": "Overall: alpha {value} ({meaning}); {raters} assessors, {units} items scored by two or more.",
    "criterion": "Criterion", "alpha": "Alpha", "reading": "Meaning",
    "flags": "Assessors to look at",
    "no_flags": "No assessor scored everything alike or always at an end of the scale.",
}


def _alpha_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def signoff_block(ctx: Context) -> list[Flowable]:
    """The sign-off block: filled in when the assessment is approved, blank lines otherwise."""
    s = ctx.a.signoff
    if s:
        rows = [(TEXT["status"], STAGE_LABELS["approved"]), (TEXT["approved_by"], s["approved_by"]),
                (TEXT["approved_on"], s["approved_on"]), (TEXT["note"], s["note"] or "—")]
    else:
        rows = [(TEXT["status"], TEXT["not_approved"].format(stage=STAGE_LABELS.get(ctx.a.stage, ctx.a.stage))),
                (TEXT["approved_by"], ""), (TEXT["approved_on"], "")]
    table = Table([[cell(k, True), cell(v)] for k, v in rows], colWidths=[40 * mm, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (-1, -1), 0.6, GRID),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID), ("TOPPADDING", (0, 0), (-1, -1), 5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return [Spacer(1, 8 * mm), KeepTogether([P(TEXT["signoff"], "h3"), table])]


def process_section(ctx: Context) -> list[Flowable]:
    """Method text, agreement figures and flags (and later evidence gaps) for the method chapter."""
    story: list[Flowable] = [Heading(TEXT["process"], "h2", 1, "process")]
    if ctx.a.anonymous:
        story.append(P(TEXT["anonymous"]))
    story += agreement_part(ctx)
    return story


def agreement_part(ctx: Context) -> list[Flowable]:
    res = agr.assess_agreement(ctx.fw, ctx.a)
    fits = TEXT["fits_ordinal"] if res.metric == "ordinal" else TEXT["fits_interval"]
    story: list[Flowable] = [P(TEXT["agreement"], "h3"), P(TEXT["alpha_method"].format(metric=res.metric, fits=fits)),
                             M("<b>" + esc(TEXT["overall"].format(value=_alpha_text(res.overall), meaning=res.meaning,
                                                                  raters=res.raters, units=res.units)) + "</b>")]
    rows = [[cell(TEXT["criterion"], True), cell(TEXT["alpha"], True), cell(TEXT["reading"], True)]]
    for crit in ctx.fw.scored_criteria():
        v = res.by_criterion.get(crit.id)
        rows.append([cell(f"{crit.id} {ctx.title(crit)}"), cell(_alpha_text(v)), cell(agr.meaning(v))])
    tbl = Table(rows, colWidths=[75 * mm, 16 * mm, None], repeatRows=1, splitInRow=1)
    tbl.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(tbl)
    story.append(P(TEXT["flags"], "h3"))
    names = {p.id: p.name for p in ctx.a.participants}
    if res.flags:
        story += [P(f"{names.get(f.participant_id, '?')}: {f.text}") for f in res.flags]
    else:
        story.append(P(TEXT["no_flags"], "muted"))
    return story
