"""PDF capability review (reportlab): cover, summary, scores, charts, divergence, sections, plan, method."""

from __future__ import annotations

import os

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, LayoutError, NextPageTemplate, PageBreak, PageTemplate

from npmassess.assessment import Assessment
from npmassess.i18n import _, using_language
from npmassess.model import Framework
from npmassess.progress import ProgressCallback, report
from npmassess.exports.common import Context, ExportError, atomic_output, build_context, clean
from npmassess.exports.pdf.fonts import fonts
from npmassess.exports.pdf.text import wrap_runs
from npmassess.exports.pdf.styles import ACCENT, GRID, MUTED

PAGE_SIZES = {"A4": A4, "LETTER": LETTER}
rl_config.useA85 = 0  # binary streams: ASCII85 only makes files bigger and, in pure Python, slower
rl_config.shapeChecking = 0  # skip per-attribute validation of chart shapes (our charts are fixed code)


def resolve_page_size(name: str) -> tuple[float, float]:
    size = PAGE_SIZES.get(str(name).upper())
    if size is None:
        raise ExportError(f"Page size '{name}' is not supported; use A4 or Letter.")
    return size


class ReportDoc(BaseDocTemplate):
    """Cover page without header; other pages with a running header, page numbers and an outline."""

    def __init__(self, filename: str, ctx_header: str, size, progress: ProgressCallback | None = None,
                 total_hint: int = 0, **meta):
        super().__init__(filename, pagesize=size, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=20 * mm,
                         bottomMargin=18 * mm, **meta)
        self.header_text = ctx_header
        runs = wrap_runs(ctx_header, fonts().body, 7.5, 10_000)
        self.header_runs = runs[0] if runs else []
        self.progress, self.total_hint = progress, total_hint
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [frame], onPage=self._cover_page),
                               PageTemplate("body", [frame], onPage=self._body_page)])

    def _cover_page(self, canv, doc) -> None:
        canv.saveState()
        canv.setFillColor(ACCENT)
        canv.rect(0, self.pagesize[1] - 12 * mm, self.pagesize[0], 12 * mm, stroke=0, fill=1)
        canv.restoreState()

    def _body_page(self, canv, doc) -> None:
        w, h = self.pagesize
        canv.saveState()
        canv.setFont(fonts().body, 7.5)
        canv.setFillColor(MUTED)
        t = canv.beginText(self.leftMargin, h - 12 * mm)
        for font, text in self.header_runs:  # per-run fonts: CJK names print in the fallback font
            t.setFont(font, 7.5)
            t.textOut(text)
        canv.drawText(t)
        canv.drawRightString(w - self.rightMargin, 10 * mm, f"{doc.page}")
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        canv.line(self.leftMargin, h - 13.5 * mm, w - self.rightMargin, h - 13.5 * mm)
        canv.restoreState()
        if self.progress is not None:
            report(self.progress, min(doc.page, self.total_hint), max(self.total_hint, doc.page),
                   _("Page {n}").format(n=doc.page))

    def afterFlowable(self, flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline:
            text, level, key = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level >= 1)


def header_text(ctx: Context) -> str:
    """The running header: organisation, unit, framework and cycle, shortened to fit."""
    a = ctx.a
    text = clean(f"{a.organisation} · {a.unit} · {ctx.fw.short_title(ctx.lang)} · {a.cycle}")
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:119] + "…"


def metadata(ctx: Context, kind: str) -> dict:
    a = ctx.a
    return {"title": clean(f"{kind}: {a.organisation} / {a.unit} ({a.cycle})")[:300],
            "author": clean(a.organisation)[:200], "subject": clean(ctx.fw.title(ctx.lang))[:300],
            "creator": "npmassess", "keywords": [ctx.fw.id, ctx.fw.edition, a.method, a.cycle]}


def export_pdf(assessment: Assessment, framework: Framework | None, path: os.PathLike | str,
               page_size: str = "A4", lang: str = "en", progress: ProgressCallback | None = None,
               history=None, results=None) -> None:
    """Write the capability review PDF to path (atomically); raises ExportError or Cancelled.

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
    ctxs = [build_context(assessment, framework, code) for code in langs]
    est_pages += len(ctxs[0].fw.criteria) * len(langs)
    with atomic_output(path, ".pdf") as tmp:
        first = ctxs[0]
        head = " / ".join(dict.fromkeys(header_text(c) for c in ctxs))
        doc = ReportDoc(tmp, head, size, progress, est_pages,
                        **metadata(first, " / ".join(c.t("Capability review") for c in ctxs)))
        story = []
        for i, ctx in enumerate(ctxs):
            with using_language(ctx.lang):  # nested sections (comparison) write in this part's language
                part = _story(ctx, doc.width, history, progress, est_pages, results)
            if i:  # the next language starts on a cover page of its own; bookmarks stay unique
                for f in part:
                    if getattr(f, "outline", None):
                        text, level, key = f.outline
                        f.outline = (text, level, f"{ctx.lang}-{key}")
                part = [NextPageTemplate("cover"), PageBreak()] + part
            story += part
        try:
            doc.build(story)
        except (ValueError, LayoutError) as exc:  # reportlab layout errors: say so, no traceback
            raise ExportError(f"Could not lay out the PDF report: {str(exc)[:300]}") from exc
    pages = max(doc.page, 1)
    report(progress, pages, pages, _("Done"))


def report_languages(lang: str) -> list[str]:
    """'fr' -> ['fr']; 'en+fr' (bilingual report, e.g. for Canada) -> ['en', 'fr']."""
    codes = [c.strip() for c in str(lang).replace(",", "+").split("+") if c.strip()]
    return list(dict.fromkeys(codes)) or ["en"]


def _story(ctx: Context, width: float, history, progress, est_pages: int, results=None) -> list:
    """The whole report in ctx's language: cover to method."""
    from npmassess.exports.pdf import process as proc
    from npmassess.exports.pdf import sections as sec
    story = sec.cover(ctx)
    story[-1:-1] = proc.signoff_block(ctx)  # before the cover's page break
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
