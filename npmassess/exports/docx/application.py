"""Editable Word award application: the PDF application's content, on the award's page size, font and margins."""

from __future__ import annotations

import os
from datetime import date

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from npmassess.assessment import Assessment
from npmassess.i18n import N_, _, current_language, using_language
from npmassess import numbers
from npmassess.figure_images import scaled
from npmassess.figures import Figure
from npmassess.model import Framework
from npmassess.progress import ProgressCallback, report
from npmassess.exports.common import ExportError, approval_sign_off, atomic_output, build_context
from npmassess.exports.docx import common as W
from npmassess.exports.docx import images
from npmassess.exports.pdf.award import award_rules, glossary, limits_sentence
from npmassess.exports.pdf.application import NO_FORMAT
from npmassess.exports.placement import MISSING_FIGURE, RegisterFigure, figure_warnings, item_pieces
from npmassess.exports.docx.measures import measure_figure
from npmassess.narrative import Run
from npmassess.narrative import parse as parse_narrative
from npmassess.exports.pdf.fonts import award_font

NO_RESPONSE = N_("[No response written yet]")


def _narrative(doc, value: str) -> None:
    """A narrative's paragraphs and lists as Word paragraphs, with its bold and italic words."""
    for block in parse_narrative(value):
        if block.kind == "figure":  # item placement took the known figures out; a marker left is text
            W.para(doc, f"[Figure: {block.figure_id}]")
        elif block.kind == "paragraph":
            lines: list[Run] = []
            for i, line in enumerate(block.items):
                lines += ([Run("\n")] if i else []) + line
            W.styled(doc, "", None, runs=lines)
        elif block.kind == "bullets":
            for item in block.items:
                W.styled(doc, "", "List Bullet", runs=item)
        else:  # numbered as typed (Word's List Number would go on counting across lists)
            for n, item in enumerate(block.items, 1):
                W.styled(doc, "", None, runs=[Run(f"{n}.\u00a0")] + item)


def _toc(doc) -> None:
    """A Word table-of-contents field (Word fills in the page numbers when the document is opened or updated)."""
    p = doc.add_paragraph()
    run = p.add_run()
    for kind, value in (("begin", None), (None, 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None), (None, None),
                        ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                el.set(qn("w:dirty"), "true")  # Word updates the field on open
            run._r.append(el)
        elif value:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = value
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = _("Right-click and choose Update Field to show the contents.")
            run._r.append(t)


def figure(doc, fig: Figure, pictures: dict[str, bytes] | None = None) -> None:
    """Caption, chart picture (or the figure's own image, at the text width) with alt text, and its data table."""
    W.caption(doc, _("Figure {number}: {caption}").format(number=fig.number, caption=fig.caption))
    if fig.is_image:
        data = (pictures or {}).get(fig.image)
        if data:
            width, _height = scaled(fig.width, fig.height, images.text_width_in(doc), images.MAX_IMAGE_HEIGHT_IN)
            W.picture(doc, images.word_ready(data), fig.alt_text(), width, _("Figure {number}").format(number=fig.number))
        else:
            W.para(doc, _("(image not available)"))
    elif fig.chart in ("bar", "line"):
        W.picture(doc, images.bars(fig.categories(), fig.series(), line=fig.chart == "line"), fig.alt_text(), 5.5,
                  _("Figure {number}").format(number=fig.number))
    if fig.rows:
        W.table(doc, list(fig.columns), [[_cell(v) for v in r] for r in fig.rows])
    if fig.source:
        W.para(doc, _("Source: {source}").format(source=fig.source))


def _item(doc, ctx, node, results=None) -> None:
    """An item's narrative with its figures (the team's, and the register's on a results item) where
    "[Figure: NUMBER]" lines place them, the others after in number order (as in the PDF)."""
    pieces, _unknown = item_pieces(ctx, node, results)
    if not any(kind == "text" for kind, _v in pieces):
        W.para(doc, _(NO_RESPONSE))
    for kind, value in pieces:
        if kind == "text":
            _narrative(doc, str(value))
        elif isinstance(value, RegisterFigure):  # a measure from the results register
            measure_figure(doc, value.drawn())
        elif kind == "figure":
            figure(doc, value, ctx.a.images)  # type: ignore[arg-type]
        else:
            W.para(doc, _(MISSING_FIGURE).format(number=value))


def _cell(value) -> str:
    """A table value: numbers in the document's language (decimal comma in French), text as written."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return numbers.fmt(value, "measure", current_language())
    return "" if value is None else str(value)


def export_application_docx(assessment: Assessment, framework: Framework | None, path: os.PathLike | str,
                            page_size: str | None = None, lang: str = "en",
                            progress: ProgressCallback | None = None, sign_off: dict | None = None,
                            results=None) -> list[str]:
    """Write the award application as an editable Word document (atomically); returns its warnings.

    results: the unit's results register; its measures fill the results items as numbered figures."""
    lang = lang.split("+")[0]  # the application is written in one language
    ctx = build_context(assessment, framework, lang)
    if ctx.fw.application is None:
        raise ExportError(ctx.t(NO_FORMAT).format(framework=ctx.fw.title(lang)))
    with using_language(lang):
        _write(ctx, path, page_size, progress, sign_off, results)
        leaves = [n.id for n in ctx.fw.nodes() if not n.children]
        return figure_warnings(ctx, leaves, results)


def _write(ctx, path, page_size: str | None, progress: ProgressCallback | None, sign_off: dict | None,
           results=None) -> None:
    """The document's content, in the current language (export_application_docx sets it)."""
    fw, a, lang = ctx.fw, ctx.a, ctx.lang
    assert fw.application is not None, "export_application_docx checks it"
    rules = award_rules(fw)
    font = award_font(rules.font)
    # Word gets the font the rule names (Office has it; LibreOffice maps it to Liberation, same metrics)
    doc = W.new_document(page_size or rules.page_size, font.required, rules.min_font_size + 1,
                         rules.min_margin_in + 0.05, lang)
    profile = fw.node(fw.application.profile_node)
    W.properties(doc, ctx.t("{document}: {organisation} / {unit} ({cycle})").format(
        document=_("Award application"), organisation=a.organisation, unit=a.unit, cycle=a.cycle), a.organisation,
        fw.title(lang), [fw.id, fw.edition, a.cycle], lang)
    doc.add_paragraph(W.text(_("Award application")), style="Subtitle")
    doc.add_paragraph(W.text(a.organisation), style="Title")
    W.para(doc, f"{a.unit} · {fw.title_with_edition(lang)} · {a.cycle}")
    W.para(doc, " ".join(filter(None, [_("Prepared {date}.").format(date=ctx.date(date.today())),
                                       limits_sentence(rules, ctx.title(profile))])))
    W.sign_off(doc, approval_sign_off(ctx.a, sign_off), ctx.t)
    doc.add_page_break()
    W.heading(doc, _("Contents"), 1)
    _toc(doc)
    doc.add_page_break()
    org = [f for n in fw.nodes() for f in a.figures.get(n.id, []) if f.chart == "org"]
    if org:
        W.heading(doc, _("Organization chart"), 1)
        for f in org:
            W.caption(doc, _("Figure {number}: {caption}").format(number=f.number, caption=f.caption))
            W.table(doc, list(f.columns) or [_("Unit"), _("Reports to")], [[str(v) for v in r] for r in f.rows])
    terms, _undefined = glossary([t for t in a.narratives.values() if t])
    if terms:
        W.heading(doc, _("Glossary of abbreviations"), 1)
        W.table(doc, [_("Abbreviation"), _("Meaning")], [list(x) for x in terms], [35, 120])
    if org or terms:  # else the contents' page break already starts the profile on a new page
        doc.add_page_break()
    items = [n for n in fw.nodes() if not n.children]
    for i, c in enumerate(fw.criteria):
        report(progress, i, len(fw.criteria) + 1, f"{c.id}")
        W.heading(doc, f"{c.id} {ctx.title(c)}" if c is not profile else ctx.title(c), 1)
        for node in [n for n in c.walk() if n in items]:
            if node is not c:
                pts = " (" + _("{n} points").format(n=node.points) + ")" if node.points else ""
                W.heading(doc, f"{node.id} {ctx.title(node)}{pts}", 2)
            _item(doc, ctx, node, results)
        if c is profile:
            doc.add_page_break()
    with atomic_output(path, ".docx") as tmp:
        doc.save(tmp)
    report(progress, 1, 1, _("Done"))
