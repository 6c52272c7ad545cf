"""The evidence-gap report PDF (its own document, for the consensus meeting)."""

from __future__ import annotations

from npmassess.exports.pdf.process import EVIDENCE, evidence_gap_story


def export_evidence_gaps(assessment, framework, path, page_size: str = "A4", lang: str | None = None) -> None:
    """Write the evidence-gap report PDF (atomically), in `lang` (default: the session's language)."""
    from npmassess.exports.common import atomic_output, build_context
    from npmassess.exports.pdf.document import ReportDoc, header_text, metadata, resolve_page_size
    from npmassess.i18n import current_language, using_language
    ctx = build_context(assessment, framework, lang or current_language())
    with using_language(ctx.lang), atomic_output(path, ".pdf") as tmp:
        doc = ReportDoc(tmp, header_text(ctx), resolve_page_size(page_size),
                        **metadata(ctx, ctx.t(EVIDENCE["title"])))
        from reportlab.platypus import NextPageTemplate
        doc.build([NextPageTemplate("body"), *evidence_gap_story(ctx)])
