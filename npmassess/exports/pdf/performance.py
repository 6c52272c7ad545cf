"""The performance report as a PDF of its own: attainment by level of the chain, ratios, then each
level's measures with their run and XmR charts."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, LayoutError, NextPageTemplate

from npmassess.exports.common import ExportError, atomic_output
from npmassess.exports.pdf.document import ReportDoc, resolve_page_size
from npmassess.exports.pdf.results import measure_block, performance_story
from npmassess.exports.pdf.styles import Heading
from npmassess.i18n import _, current_language, using_language
from npmassess.exports.pdf.styles import P as Para
from npmassess.results.figures import ResultsData, figure_of
from npmassess.results.model import LEVEL_TITLES
from npmassess.results.performance import performance_report


def export_performance_pdf(data: ResultsData, path, page_size: str = "A4", lang: str | None = None) -> None:
    """The performance report as a PDF of its own (tables, then each measure's charts by level).

    In `lang` (default: the session's language)."""
    with using_language(lang or current_language()):
        _write(data, path, page_size)


def _write(data: ResultsData, path, page_size: str) -> None:
    reg = data.register
    rep = performance_report(reg, data.cycles)
    with atomic_output(path, ".pdf") as tmp:
        doc = ReportDoc(tmp, _("{organisation} · {unit} · Performance report").format(
                            organisation=reg.organisation, unit=reg.unit), resolve_page_size(page_size),
                        title=_("Performance report: {organisation} / {unit}").format(
                            organisation=reg.organisation, unit=reg.unit)[:300], creator="npmassess",
                        lang=current_language())
        story: list[Flowable] = [NextPageTemplate("body"),
                                 Heading(_("{organisation}: performance report").format(organisation=reg.organisation),
                                         "h1", 0, "perf-top"), Para(reg.unit, "subtitle")]
        story += performance_story(rep, doc.width)
        for lv in rep.levels:
            if lv.measures:
                story += [CondPageBreak(70 * mm), Heading(_(LEVEL_TITLES[lv.level]), "h2", 1, f"lvl-{lv.level}")]
                story += [b for m in lv.measures for b in measure_block(None, figure_of(m), doc.width)]
        try:
            doc.build(story)
        except (ValueError, LayoutError) as exc:
            raise ExportError(_("Could not lay out the document ({kind}): {error}").format(
                kind=_("Performance report"), error=str(exc)[:300])) from exc
