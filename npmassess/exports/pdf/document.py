"""PDF capability review (reportlab): cover, summary, scores, charts, divergence, sections, plan, method."""

from __future__ import annotations

import os

from reportlab.platypus import LayoutError, NextPageTemplate, PageBreak

from npmassess.assessment import Assessment
from npmassess.model import Framework
from npmassess.progress import ProgressCallback, report
from npmassess.exports.common import ExportError, atomic_output, build_context
from npmassess.exports.pdf.doctemplate import (PAGE_SIZES, ReportDoc, header_text, metadata,  # noqa: F401
                                               resolve_page_size)
from npmassess.exports.wording import document_name


def export_pdf(assessment: Assessment, framework: Framework | None, path: os.PathLike | str,
               page_size: str = "A4", lang: str = "en", progress: ProgressCallback | None = None,
               history=None, sign_off: dict | None = None, logo: str | None = None,
               anonymous: bool = False) -> None:
    """Write the capability review PDF to path (atomically); raises ExportError or Cancelled.

    sign_off: optional {prepared_by, approved_by, date, version, classification} for the cover's
    sign-off block (blank lines to sign when absent); logo: an image file for the cover;
    anonymous: individual scores and notes under Assessor A, B, C... instead of names.

    history: the unit's comparison across cycles (npmassess.comparison.unit_history); when it holds
    at least two cycles, a "Comparison with previous cycles" section goes before the plan.
    """
    from npmassess.exports.pdf import sections as sec
    size = resolve_page_size(page_size)
    # progress counts pages; the total is an estimate until the last page is out
    est_pages = 8 + len(assessment.notes) // 32 + 2 * len(assessment.actions) // 15
    report(progress, 0, est_pages, "Scoring")
    ctx = build_context(assessment, framework, lang, anonymous)
    est_pages += len(ctx.fw.criteria)
    with atomic_output(path, ".pdf") as tmp:
        doc = ReportDoc(tmp, header_text(ctx), size, progress, est_pages, **metadata(ctx, document_name(ctx)))
        width = doc.width
        story = sec.cover(ctx, sign_off, logo)
        story.insert(0, NextPageTemplate("body"))
        story += sec.summary(ctx) + sec.score_table(ctx) + sec.charts(ctx, width) + sec.divergence(ctx, width)
        story += sec.node_sections(ctx, lambda i, c: report(progress, 0, est_pages, f"Preparing {c.id}"))
        if history is not None and len(history.cycles) >= 2:
            from npmassess.exports.pdf.compare import comparison_story
            story += [PageBreak()] + comparison_story(history, width)
        story += sec.plan(ctx) + sec.method(ctx)
        try:
            doc.build(story)
        except (ValueError, LayoutError) as exc:  # reportlab layout errors: say so, no traceback
            raise ExportError(f"Could not lay out the PDF report: {str(exc)[:300]}") from exc
    pages = max(doc.page, 1)
    report(progress, pages, pages, "Done")
