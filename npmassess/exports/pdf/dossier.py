"""The CAF process dossier PDF: the ten-step checklist, the report summary, the plan and its progress."""

from __future__ import annotations

import os

from reportlab.lib.units import mm
from reportlab.platypus import NextPageTemplate, PageBreak, Spacer, TableStyle

from npmassess.exports.common import Context, ExportError, atomic_output, build_context
from npmassess.exports.pdf import sections as sec
from npmassess.exports.pdf.process import signoff_block
from npmassess.exports.pdf.styles import ACCENT, Heading, M, P, esc
from npmassess.exports.pdf.text import cell
from npmassess.exports.pdf.tables import ContinuedTable  # tagged cells (TH / TD)
from npmassess.i18n import N_, current_language, ngettext, using_language
from npmassess.process.dossier import PHASES, STEPS, Step, progress
from npmassess.process.stages import STAGE_LABELS
from npmassess.progress import ProgressCallback, report

TEXT = {
    "title": N_("CAF process dossier"),
    "intro": N_("The evidence of the self-assessment process for the CAF External Feedback Procedure: the ten steps "
                "of the CAF process with their dates, owners and documents, followed by the results and the "
                "improvement plan with its progress."),
    "checklist": N_("The ten steps of the CAF process"),
    "step": N_("Step"), "done": N_("Done on"), "owner": N_("Owner"), "record": N_("Record"), "files": N_("Documents"),
    "not_done": N_("not done"), "shows": N_("The assessment shows: {text}."),
    "done_count": N_("{done} of {total} steps completed."),
    "progress": N_("Progress of the improvement plan: {text}."),
}
# The phase and step titles of npmassess.process.dossier, for the catalogue. Their French is our translation
# of the English CAF 2020 text; it was not checked against the French CAF 2020 guideline.
_TITLES = [N_(t) for t in PHASES.values()] + [N_(s[2]) for s in STEPS]


def _progress_text(ctx: Context) -> str:
    """'3 of 7 actions done (43 %), 2 in progress' in the dossier's language."""
    counts = progress(ctx.a)
    live = len(ctx.a.actions) - counts.get("cancelled", 0)
    if not live:
        return ctx.t("no actions yet")
    done = counts.get("done", 0)
    return ctx.t("{done} of {live} actions done ({share}), {open} in progress").format(
        done=done, live=live, share=ctx.pct(done / live), open=counts.get("in progress", 0))


def _shows(ctx: Context, s: Step) -> str:
    """What the assessment itself shows for a step (group, scores, approval, plan, progress)."""
    a = ctx.a
    if not s.from_assessment:
        return ""
    if s.number == 3:
        return ngettext("{n} assessor recorded", "{n} assessors recorded", len(a.participants), ctx.lang).format(
            n=len(a.participants))
    if s.number == 5:
        return ctx.t("stage: {stage}; consensus scores for {share} of the nodes").format(
            stage=ctx.t(STAGE_LABELS.get(a.stage, a.stage)), share=ctx.pct(ctx.report.completeness))
    if s.number == 6:
        if a.signoff:
            return ctx.t("approved by {who} on {date}").format(who=a.signoff["approved_by"],
                                                               date=ctx.stored_date(a.signoff["approved_on"]))
        return ctx.t("not approved yet")
    if s.number == 7:
        return ngettext("{n} improvement action", "{n} improvement actions", len(a.actions), ctx.lang).format(
            n=len(a.actions))
    if s.number == 9:
        return _progress_text(ctx)
    return s.from_assessment


def _record(ctx: Context, s: Step) -> str:
    parts = [s.note.strip()] if s.note.strip() else []
    if shows := _shows(ctx, s):
        parts.append(ctx.t(TEXT["shows"]).format(text=shows))
    return "\n".join(parts)


def _files(ctx: Context, s: Step) -> str:
    return "\n".join(ctx.t("{label}: {value}").format(label=f.label, value=f.path) if f.label else f.path
                     for f in s.attachments)


def checklist(ctx: Context, steps: list[Step]) -> list:
    """The ten steps by phase: done on, owner, record and documents."""
    t = ctx.t
    story = [Heading(t(TEXT["checklist"]), "h1", 0, "steps"),
             P(t(TEXT["done_count"]).format(done=sum(s.complete for s in steps), total=len(steps)))]
    for phase, title in PHASES.items():
        story.append(P(f"{phase}. {t(title)}", "h3"))
        rows = [[cell(t(TEXT["step"]), True), cell(t(TEXT["done"]), True), cell(t(TEXT["owner"]), True),
                 cell(t(TEXT["record"]), True), cell(t(TEXT["files"]), True)]]
        for s in (x for x in steps if x.phase == phase):
            rows.append([cell(f"{s.number}. {t(s.title)}"), cell(ctx.short_date(s.done) or t(TEXT["not_done"])),
                         cell(s.owner or "—"), cell(_record(ctx, s) or "—"), cell(_files(ctx, s) or "—")])
        tbl = ContinuedTable(rows, colWidths=[48 * mm, 20 * mm, 25 * mm, None, 42 * mm], repeatRows=1, splitInRow=1)
        tbl.setStyle(TableStyle(sec.grid_style(False) + [("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)]))
        story.append(tbl)
    return story


def export_dossier(assessment, framework, steps: list[Step], path: os.PathLike | str, page_size: str = "A4",
                   lang: str | None = None, progress: ProgressCallback | None = None) -> None:
    """Write the dossier PDF (atomically), in `lang` (default: the session's language)."""
    ctx = build_context(assessment, framework, lang or current_language())
    with using_language(ctx.lang):
        _write(ctx, steps, path, page_size, progress)


def _write(ctx: Context, steps: list[Step], path, page_size: str, progress) -> None:
    from npmassess.exports.pdf.document import ReportDoc, header_text, metadata, resolve_page_size
    from reportlab.platypus import LayoutError
    a, t = ctx.a, ctx.t
    report(progress, 0, 3, t("Checklist"))
    story = [NextPageTemplate("body"), Spacer(1, 30 * mm), M(esc(t(TEXT["title"])), "subtitle"),
             P(a.organisation, "title"), P(f"{a.unit} · {ctx.fw.short_title(ctx.lang)} · {a.cycle}", "subtitle"),
             Spacer(1, 8 * mm), P(t(TEXT["intro"]))] + signoff_block(ctx) + [PageBreak()]
    story += checklist(ctx, steps)
    report(progress, 1, 3, t("Summary"))
    story += [PageBreak()] + sec.summary(ctx)
    story += sec.plan(ctx) + [Spacer(1, 4), P(t(TEXT["progress"]).format(text=_progress_text(ctx)), "h3")]
    with atomic_output(path, ".pdf") as tmp:
        doc = ReportDoc(tmp, header_text(ctx), resolve_page_size(page_size), **metadata(ctx, t(TEXT["title"])))
        try:
            doc.build(story)
        except (ValueError, LayoutError) as exc:
            raise ExportError(t("Could not lay out the document ({kind}): {error}").format(
                kind=t(TEXT["title"]), error=str(exc)[:300])) from exc
    report(progress, 3, 3, t("Done"))
