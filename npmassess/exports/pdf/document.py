"""PDF capability review (reportlab): cover, summary, scores, charts, divergence, sections, plan, method."""

from __future__ import annotations

import os

from reportlab.platypus import LayoutError, NextPageTemplate, PageBreak

from npmassess.assessment import Assessment
from npmassess.i18n import _, using_language
from npmassess.exports.pdf.tables import continued
from npmassess.model import Framework
from npmassess.progress import ProgressCallback, report
from npmassess.exports.common import Context, ExportError, approval_sign_off, atomic_output, build_context
from npmassess.exports.pdf.doctemplate import (PAGE_SIZES, HeaderChange, ReportDoc, header_text,  # noqa: F401
                                               metadata, resolve_page_size)
from npmassess.exports.wording import document_name


def export_pdf(assessment: Assessment, framework: Framework | None, path: os.PathLike | str,
               page_size: str = "A4", lang: str = "en", progress: ProgressCallback | None = None,
               history=None, results=None, sign_off: dict | None = None, logo: str | None = None,
               anonymous: bool = False) -> None:
    """Write the capability review PDF to path (atomically); raises ExportError or Cancelled.

    sign_off: optional {prepared_by, approved_by, date, version, classification} for the cover's
    sign-off block (blank lines to sign when absent); logo: an image file for the cover;
    anonymous: individual scores and notes under Assessor A, B, C... instead of names.

    history: the unit's comparison across cycles (npmassess.comparison.unit_history); when it holds
    at least two cycles, a "Comparison with previous cycles" section goes before the plan.
    results: the unit's results register (npmassess.results.figures.results_data); its measures
    linked to results nodes make a "Results: measured data" chapter.
    """
    size = resolve_page_size(page_size)
    langs = report_languages(lang)
    # progress counts pages; the total is an estimate until the last page is out
    est_pages = (8 + len(assessment.notes) // 32 + 2 * len(assessment.actions) // 15) * len(langs)
    report(progress, 0, est_pages, _("Scoring"))
    ctxs = [build_context(assessment, framework, code, anonymous) for code in langs]
    est_pages += len(ctxs[0].fw.criteria) * len(langs)
    with atomic_output(path, ".pdf") as tmp:
        first = ctxs[0]
        doc = ReportDoc(tmp, header_text(first), size, progress, est_pages,
                        **metadata(first, " / ".join(document_name(c) for c in ctxs)))
        story = []
        for i, ctx in enumerate(ctxs):
            with using_language(ctx.lang):  # nested sections (comparison) write in this part's language
                part = _story(ctx, doc.width, history, progress, est_pages, results, sign_off, logo)
                for f in part:  # '(continued)' under the running header, in this part's language
                    if getattr(f, "outline", None):
                        f.npm_continued = continued()
            if i:  # the next language starts on a cover page of its own; bookmarks stay unique
                for f in part:
                    if getattr(f, "outline", None):
                        text, level, key = f.outline
                        f.outline = (text, level, f"{ctx.lang}-{key}")
                part = [NextPageTemplate("cover"), PageBreak(), HeaderChange(header_text(ctx))] + part
            story += part
        try:
            doc.build(story)
        except (ValueError, LayoutError) as exc:  # reportlab layout errors: say so, no traceback
            raise ExportError(_("Could not lay out the PDF report: {problem}").format(problem=str(exc)[:300])) from exc
    pages = max(doc.page, 1)
    report(progress, pages, pages, _("Done"))


def report_languages(lang: str) -> list[str]:
    """'fr' -> ['fr']; 'en+fr' (bilingual report, e.g. for Canada) -> ['en', 'fr']."""
    codes = [c.strip() for c in str(lang).replace(",", "+").split("+") if c.strip()]
    return list(dict.fromkeys(codes)) or ["en"]


def _story(ctx: Context, width: float, history, progress, est_pages: int, results=None,
           sign_off: dict | None = None, logo: str | None = None) -> list:
    """The whole report in ctx's language: cover to method."""
    from npmassess.exports.pdf import process as proc
    from npmassess.exports.pdf import sections as sec
    story = sec.cover(ctx, approval_sign_off(ctx.a, sign_off), logo)
    story.insert(0, NextPageTemplate("body"))
    story += sec.summary(ctx) + sec.score_table(ctx) + sec.charts(ctx, width) + sec.divergence(ctx, width)
    story += sec.node_sections(ctx, lambda i, c: report(progress, 0, est_pages,
                                                        _("Preparing {node}").format(node=c.id)))
    if history is not None and len(history.cycles) >= 2:
        from npmassess.exports.pdf.compare import comparison_story
        story += [PageBreak()] + comparison_story(history, width)
    if results is not None:
        from npmassess.exports.pdf.results import results_chapter
        story += results_chapter(ctx, results, width)
    return story + sec.plan(ctx) + sec.method(ctx) + proc.process_section(ctx) + proc.audit_appendix(ctx)
