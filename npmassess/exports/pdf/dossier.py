"""The CAF process dossier PDF: the ten-step checklist, the report summary, the plan and its progress."""

from __future__ import annotations

import os

from reportlab.lib.units import mm
from reportlab.platypus import NextPageTemplate, PageBreak, Spacer, TableStyle

from npmassess.exports.common import ExportError, atomic_output, build_context
from npmassess.exports.pdf import sections as sec
from npmassess.exports.pdf.process import signoff_block
from npmassess.exports.pdf.styles import ACCENT, Heading, M, P, esc
from npmassess.exports.pdf.text import cell
from npmassess.exports.pdf.tables import ContinuedTable  # tagged cells (TH / TD)
from npmassess.i18n import gettext
from npmassess.process.dossier import PHASES, Step, progress_text
from npmassess.progress import ProgressCallback, report

TEXT = {
    "title": "CAF process dossier",
    "intro": "The evidence of the self-assessment process for the CAF External Feedback Procedure: the ten steps "
             "of the CAF process with their dates, owners and documents, followed by the results and the "
             "improvement plan with its progress.",
    "checklist": "The ten steps of the CAF process",
    "step": "Step", "done": "Done on", "owner": "Owner", "record": "Record", "files": "Documents",
    "not_done": "not done", "shows": "The assessment shows: {text}.",
    "done_count": "{done} of {total} steps completed.",
    "progress": "Progress of the improvement plan: {text}.",
}


def _record(s: Step) -> str:
    parts = [s.note.strip()] if s.note.strip() else []
    if s.from_assessment:
        parts.append(TEXT["shows"].format(text=s.from_assessment))
    return "\n".join(parts)


def _files(s: Step) -> str:
    return "\n".join(f"{f.label}: {f.path}" if f.label else f.path for f in s.attachments)


def checklist(steps: list[Step]) -> list:
    story = [Heading(TEXT["checklist"], "h1", 0, "steps"),
             P(TEXT["done_count"].format(done=sum(s.complete for s in steps), total=len(steps)))]
    for phase, title in PHASES.items():
        story.append(P(f"{phase}. {gettext(title)}", "h3"))
        rows = [[cell(TEXT["step"], True), cell(TEXT["done"], True), cell(TEXT["owner"], True),
                 cell(TEXT["record"], True), cell(TEXT["files"], True)]]
        for s in (x for x in steps if x.phase == phase):
            rows.append([cell(f"{s.number}. {s.title}"), cell(s.done or TEXT["not_done"]), cell(s.owner or "—"),
                         cell(_record(s) or "—"), cell(_files(s) or "—")])
        tbl = ContinuedTable(rows, colWidths=[48 * mm, 20 * mm, 25 * mm, None, 42 * mm], repeatRows=1, splitInRow=1)
        tbl.setStyle(TableStyle(sec.grid_style(False) + [("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)]))
        story.append(tbl)
    return story


def export_dossier(assessment, framework, steps: list[Step], path: os.PathLike | str, page_size: str = "A4",
                   lang: str = "en", progress: ProgressCallback | None = None) -> None:
    """Write the dossier PDF (atomically); steps from npmassess.process.dossier.steps()."""
    from npmassess.exports.pdf.document import ReportDoc, header_text, metadata, resolve_page_size
    from reportlab.platypus import LayoutError
    ctx = build_context(assessment, framework, lang)
    a = ctx.a
    report(progress, 0, 3, "Checklist")
    story = [NextPageTemplate("body"), Spacer(1, 30 * mm), M(esc(TEXT["title"]), "subtitle"),
             P(a.organisation, "title"), P(f"{a.unit} · {ctx.fw.short_title(lang)} · {a.cycle}", "subtitle"),
             Spacer(1, 8 * mm), P(TEXT["intro"])] + signoff_block(ctx) + [PageBreak()]
    story += checklist(steps)
    report(progress, 1, 3, "Summary")
    story += [PageBreak()] + sec.summary(ctx)
    story += sec.plan(ctx) + [Spacer(1, 4), P(TEXT["progress"].format(text=progress_text(a)), "h3")]
    with atomic_output(path, ".pdf") as tmp:
        doc = ReportDoc(tmp, header_text(ctx), resolve_page_size(page_size), **metadata(ctx, TEXT["title"]))
        try:
            doc.build(story)
        except (ValueError, LayoutError) as exc:
            raise ExportError(f"Could not lay out the dossier: {str(exc)[:300]}") from exc
    report(progress, 3, 3, "Done")
