"""Award application document (Baldrige-style) laid out to the award's rules and checked against them item by item.

Front matter (cover, contents, organisation chart, glossary of abbreviations) does not count toward
the page limits; the Organizational Profile and the item responses are measured separately. The
rules (page size, font, minimum size, margins, page limits) come from the framework file's
`application` table (Baldrige's rules for any key it leaves out). Times New Roman and Arial are
printed with Liberation Serif and Liberation Sans, which have the same metrics (the same text takes
the same room) and may be embedded freely.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (CondPageBreak, Flowable, LayoutError, NextPageTemplate, PageBreak, Paragraph,
                                Spacer, TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

from npmassess import numbers
from npmassess.i18n import N_, _, ngettext, translate_to, using_language
from npmassess.assessment import Assessment
from npmassess.model import Framework, Node
from npmassess.narrative import parse as parse_narrative
from npmassess.progress import ProgressCallback, report
from npmassess.exports.common import Context, ExportError, atomic_output, build_context, clean
from npmassess.exports.placement import MISSING_FIGURE, RegisterFigure, figure_warnings, item_pieces
from npmassess.exports.pdf.award import INCH, AwardRules, Check, award_rules, glossary, limits_sentence
from npmassess.exports.pdf.doctemplate import ReportDoc, header_text, metadata, resolve_page_size
from npmassess.exports.pdf.figures import figure_flowables
from npmassess.exports.pdf.fonts import award_font, face
from npmassess.exports.pdf.styles import ACCENT, INK, MUTED, esc
from npmassess.exports.pdf.tables import grid_table
from npmassess.exports.pdf.text import TextBlock

NO_RESPONSE = N_("[No response written yet]")
NO_FORMAT = N_("{framework} has no award application format; the application document is available for "
               "frameworks that define one (Baldrige).")


class Marker(Flowable):
    """A zero-size flowable whose drawing position the document records (page, y)."""

    def __init__(self, key: str):
        super().__init__()
        self.key = key

    def wrap(self, aw: float, ah: float):
        return 0, 0

    def draw(self) -> None:
        pass


class AppHeading(Paragraph):
    """A heading with a bookmark and a table-of-contents entry."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str):
        super().__init__(esc(text), style)
        self.outline = (clean(text)[:200], level, key)


@dataclass
class Positions:
    marks: dict[str, tuple[int, float]] = field(default_factory=dict)
    pages: int = 0


class ApplicationDoc(ReportDoc):
    """ReportDoc that records where each Marker landed and feeds the table of contents."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.positions = Positions()

    def afterFlowable(self, flowable) -> None:
        super().afterFlowable(flowable)
        if isinstance(flowable, Marker):
            self.positions.marks[flowable.key] = (self.page, self.frame._y)
        if isinstance(flowable, AppHeading):
            text, level, key = flowable.outline
            self.notify("TOCEntry", (level, text, self.page, key))

    def afterPage(self) -> None:
        self.positions.pages = self.page


class Results(list):
    """The warnings (a list, as before) plus every rule check, met or not."""

    checks: list[Check]


def _styles(family: tuple[str, str], size: float) -> dict[str, ParagraphStyle]:
    body, bold = family
    base = ParagraphStyle("abody", fontName=body, fontSize=size, leading=size * 1.25, textColor=INK, spaceAfter=4)
    return {"body": base,
            "muted": ParagraphStyle("amuted", base, textColor=MUTED),
            "title": ParagraphStyle("atitle", base, fontName=bold, fontSize=24, leading=30, textColor=ACCENT,
                                    spaceAfter=12),
            "subtitle": ParagraphStyle("asub", base, fontSize=14, leading=18, spaceAfter=6),
            "h1": ParagraphStyle("h1", base, fontName=bold, fontSize=size + 5, leading=(size + 5) * 1.2,
                                 textColor=ACCENT, spaceBefore=4, spaceAfter=8, keepWithNext=1),
            "h2": ParagraphStyle("ah2", base, fontName=bold, fontSize=size + 2, leading=(size + 2) * 1.25,
                                 textColor=ACCENT, spaceBefore=8, spaceAfter=4, keepWithNext=1),
            "toc0": ParagraphStyle("toc0", base, fontName=bold, leftIndent=0, spaceBefore=4),
            "toc1": ParagraphStyle("toc1", base, leftIndent=14, spaceAfter=1)}


def narrative_flowables(text: str, family, size: float, muted_style) -> list[Flowable]:
    """A narrative's paragraphs, bullet and numbered lists with their bold and italic words (npmassess.narrative)."""
    text = clean(text).strip()
    if not text:
        return [Paragraph(esc(translate_to(None, NO_RESPONSE)), muted_style)]
    out: list[Flowable] = []
    for block in parse_narrative(text):
        if block.kind == "figure":  # item_flowables places figures; a marker left here is text
            out.append(TextBlock(None, [f"[Figure: {block.figure_id}]"], size, size * 1.25, 0, "", 6, family=family))
            continue
        items = [[(face(family, r.bold, r.italic), r.text) for r in item] for item in block.items]
        if block.kind == "paragraph":  # its lines, as typed
            runs: list[tuple[str, str]] = []
            for i, line in enumerate(items):
                runs += ([(family[0], "\n")] if i else []) + line
            out.append(TextBlock(None, [runs], size, size * 1.25, 0, "", 6, family=family))
        elif block.kind == "bullets":
            out.append(TextBlock(None, items, size, size * 1.25, size, "•", 6, family=family))
        else:  # numbered: one block per item, its number hanging
            out += [TextBlock(None, [item], size, size * 1.25, size, f"{n}.", 0 if n < len(items) else 6,
                              family=family) for n, item in enumerate(items, 1)]
    return out


def item_flowables(ctx: Context, node: Node, width: float, family, size: float, muted_style,
                   results=None) -> list[Flowable]:
    """An item's narrative with its figures (the team's, and the register's on a results item) where the
    "[Figure: NUMBER]" lines place them, the others after in number order."""
    pieces, _unknown = item_pieces(ctx, node, results)
    out: list[Flowable] = []
    if not any(kind == "text" for kind, _v in pieces):
        out += narrative_flowables("", family, size, muted_style)
    for kind, value in pieces:
        if kind == "text":
            out += narrative_flowables(str(value), family, size, muted_style)
        elif isinstance(value, RegisterFigure):  # a measure from the results register
            from npmassess.exports.pdf.results import ChartText, measure_block
            out += measure_block(ctx, value.drawn(), width, ChartText.at_least(family, size))
        elif kind == "figure":
            out += figure_flowables(value, width, family, size, ctx.a.images)  # type: ignore[arg-type]
        else:
            out.append(Paragraph(esc(_(MISSING_FIGURE).format(number=value)), muted_style))
    return out


def _item_head(ctx: Context, node: Node) -> str:
    pts = " (" + ctx.t("{n} points").format(n=node.points) + ")" if node.points else ""
    return f"{node.id} {ctx.title(node)}{pts}"


def font_used(font) -> str:
    """The font the document is set in, as the cover and the font check name it."""
    if font.used and font.used != font.required:
        return _("{used} (metric-compatible with {required})").format(used=font.used, required=font.required)
    return font.used or _("the report font")


def page_name(page_size: str) -> str:
    """'Letter' or 'A4', as the award's rule names the page size."""
    return page_size.capitalize() if page_size != "a4" else "A4"


def font_rule(rules: AwardRules) -> str:
    """The fonts the rule allows, in the document's language ('Times New Roman or Arial', '… ou Arial')."""
    names = [f.strip() for f in rules.font.split(" or ") if f.strip()] or [rules.font]
    text = names[-1]
    for name in reversed(names[:-1]):
        text = _("{first} or {second}").format(first=name, second=text)
    return text


def _front_matter(ctx: Context, rules: AwardRules, font, st, width: float) -> list[Flowable]:
    a, fw = ctx.a, ctx.fw
    family, size = (font.body, font.bold), rules.min_font_size
    profile = ctx.title(fw.node(fw.application.profile_node)) if fw.application else ""
    story: list[Flowable] = [
        NextPageTemplate("body"), Spacer(1, 30 * mm), Paragraph(esc(_("Award application")), st["subtitle"]),
        Paragraph(esc(a.organisation), st["title"]),
        Paragraph(esc(f"{a.unit} · {fw.title_with_edition(ctx.lang)} · {a.cycle}"), st["subtitle"]),
        Spacer(1, 10 * mm),
        Paragraph(esc(" ".join(filter(None, [_(
            "Prepared {date}. Set in {font}, at least {size} pt, margins of at least {margin}, {page} pages.").format(
            date=ctx.date(date.today()), font=font_used(font), size=ctx.num(size, "measure"),
            margin=inches(rules.min_margin_in, "measure"), page=page_name(rules.page_size)),
            limits_sentence(rules, profile)]))), st["muted"]),
        PageBreak()]
    toc = TableOfContents()
    toc.levelStyles = [st["toc0"], st["toc1"]]
    toc.tableStyle = TableStyle([("FONTNAME", (0, 0), (-1, -1), font.body), ("FONTSIZE", (0, 0), (-1, -1), size),
                                 ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    story += [Paragraph(esc(_("Contents")), st["h1"]), toc, PageBreak()]
    org = [f for n in fw.nodes() for f in ctx.a.figures.get(n.id, []) if f.chart == "org"]
    if org:
        story.append(AppHeading(_("Organization chart"), st["h1"], 0, "org"))
        for f in org:
            story += figure_flowables(f, width, family, size, ctx.a.images)
        story.append(PageBreak())
    terms, _undefined = glossary(_texts(ctx))
    if terms:
        rows = [[_("Abbreviation"), _("Meaning")]] + [[
            TextBlock(None, [k], size, size * 1.2, 0, "", 0, bold=True, family=family),
            TextBlock(None, [v], size, size * 1.2, 0, "", 0, family=family)] for k, v in terms]
        rows[0] = [TextBlock(None, [h], size, size * 1.2, 0, "", 0, _white(), bold=True, family=family)
                   for h in rows[0]]
        story += [AppHeading(_("Glossary of abbreviations"), st["h1"], 0, "glossary"),
                  grid_table(rows, [35 * mm, None], family=family, size=size), PageBreak()]
    return story


def _white():
    from reportlab.lib import colors
    return colors.white


def _texts(ctx: Context) -> list[str]:
    return [t for t in ctx.a.narratives.values() if t] + [f.caption for fs in ctx.a.figures.values() for f in fs]


def build_story(ctx: Context, rules: AwardRules, font, width: float, progress: ProgressCallback | None,
                results=None):
    fw = ctx.fw
    app = fw.application
    assert app is not None, "export_application checks it"
    st = _styles((font.body, font.bold), rules.min_font_size)
    family, size = (font.body, font.bold), rules.min_font_size
    profile = fw.node(app.profile_node)
    profile_items = [n for n in profile.walk() if not n.children] or [profile]
    response_items = [n for c in fw.criteria if c.id != profile.id for n in c.walk() if not n.children]
    story = _front_matter(ctx, rules, font, st, width)
    story += [Marker("profile-start"), AppHeading(ctx.title(profile), st["h1"], 0, "profile")]
    total = len(profile_items) + len(response_items)

    def item(node: Node, show_head: bool, results_item: bool) -> None:
        story.append(Marker(f"item:{node.id}"))
        if show_head:
            story.append(AppHeading(_item_head(ctx, node), st["h2"], 1, f"i-{node.id}"))
        # a results item's figures include the results register's measures (none without a register)
        story.extend(item_flowables(ctx, node, width, family, size, st["muted"], results if results_item else None))

    for i, node in enumerate(profile_items):
        report(progress, i, total + 2, _("Profile {id}").format(id=node.id))
        item(node, node is not profile, False)
    story += [Marker("profile-end"), PageBreak(), Marker("responses-start")]
    for c in fw.criteria:
        if c.id == profile.id:
            continue
        story += [CondPageBreak(50 * mm), AppHeading(f"{c.id} {ctx.title(c)}", st["h1"], 0, f"c-{c.id}")]
        if c.points:
            story.append(Paragraph(esc(_("{n} points").format(n=c.points)), st["muted"]))
        for node in [n for n in c.walk() if not n.children]:
            report(progress, len(profile_items) + response_items.index(node), total + 2, _("Item {id}").format(id=node.id))
            item(node, node is not c, ctx.is_result(node))
    story.append(Marker("responses-end"))
    return story, profile_items, response_items


def _length(pos: Positions, start: str, end: str, frame_h: float) -> float:
    """Length in pages between two markers."""
    (p1, y1), (p2, y2) = pos.marks[start], pos.marks[end]
    return max(0.0, (p2 - p1) + (y1 - y2) / frame_h)


def page_checks(ctx: Context, rules: AwardRules, pos: Positions, frame_h: float, profile: list[Node],
                responses: list[Node]) -> tuple[list[str], list[Check]]:
    """Warnings (parts over the page limits, naming the longest items; missing responses) and the page checks."""
    warnings = []
    prof_pages = pos.marks["responses-start"][0] - pos.marks["profile-start"][0]
    resp_pages = pos.marks["responses-end"][0] - pos.marks["responses-start"][0] + 1
    keys = [f"item:{n.id}" for n in profile] + ["profile-end"]
    prof_len = {n.id: _length(pos, keys[i], keys[i + 1], frame_h) for i, n in enumerate(profile)}
    keys = [f"item:{n.id}" for n in responses] + ["responses-end"]
    resp_len = {n.id: _length(pos, keys[i], keys[i + 1], frame_h) for i, n in enumerate(responses)}
    titles = {n.id: ctx.title(n) for n in profile + responses}

    def longest(lengths: dict[str, float]) -> str:
        top = sorted(lengths.items(), key=lambda kv: -kv[1])[:3]
        return ctx.sc.join(f"{k} {titles[k]} ({_('{n} pages').format(n=ctx.num(v, 'spread'))})" for k, v in top)

    assert ctx.fw.application is not None, "export_application checks it"
    name = ctx.title(ctx.fw.node(ctx.fw.application.profile_node))
    if rules.profile_page_limit is not None and prof_pages > rules.profile_page_limit:
        warnings.append(_("The {name} takes {n} pages; the award allows {limit}. Longest items: {items}.").format(
            name=name, n=prof_pages, limit=rules.profile_page_limit, items=longest(prof_len)))
    if rules.response_page_limit is not None and resp_pages > rules.response_page_limit:
        warnings.append(_("The responses take {n} pages; the award allows {limit}. Longest items: {items}.").format(
            n=resp_pages, limit=rules.response_page_limit, items=longest(resp_len)))
    empty = [n.id for n in profile + responses if not clean(ctx.a.narratives.get(n.id, "")).strip()]
    if empty:
        warnings.append(_("{n} of {total} items have no narrative response yet: {items}.").format(
            n=len(empty), total=len(profile) + len(responses), items=", ".join(empty)))
    lang = ctx.lang

    def pages(n: int) -> str:
        return ngettext("{n} page", "{n} pages", n).format(n=n)
    checks = []
    if rules.profile_page_limit is not None:
        checks.append(Check(_("{name} length").format(name=name), _("at most {n} pages").format(
            n=rules.profile_page_limit), pages(prof_pages), prof_pages <= rules.profile_page_limit, lang))
    if rules.response_page_limit is not None:
        checks.append(Check(_("Item responses length"), _("at most {n} pages").format(n=rules.response_page_limit),
                            pages(resp_pages), resp_pages <= rules.response_page_limit, lang))
    checks += [Check(_("Item {id} response").format(id=n.id), _("a narrative"),
                     _("written") if n.id not in empty else _("missing"), n.id not in empty, lang)
               for n in profile + responses]
    return warnings, checks


def inches(value: float, kind: str) -> str:
    """A length in inches in the document's language ('0.75 in', '0,75 po')."""
    from npmassess.i18n import current_language
    return _("{n} in").format(n=numbers.fmt(value, kind, current_language()))


def format_checks(rules: AwardRules, size: tuple[float, float], font, margin: float, min_size: float) -> list[Check]:
    """The checks of the page size, font, smallest text and margins, in the current language."""
    from npmassess.i18n import current_language
    lang = current_language()
    want = LETTER if rules.page_size == "letter" else A4
    page = "Letter" if abs(size[0] - LETTER[0]) < 1 and abs(size[1] - LETTER[1]) < 1 else (
        "A4" if abs(size[0] - A4[0]) < 1 else _("{width} x {height} pt").format(
            width=numbers.fmt(size[0], "count", lang), height=numbers.fmt(size[1], "count", lang)))
    points = (lambda v: _("{n} pt").format(n=numbers.fmt(v, "measure", lang)))  # noqa: E731
    checks = {
        "page_size": lambda: Check(_("Page size"), page_name(rules.page_size), page,
                                   abs(size[0] - want[0]) < 1 and abs(size[1] - want[1]) < 1, lang),
        "font": lambda: Check(_("Font"), font_rule(rules), font_used(font) if font.used else _(
            "not available: the report font was used (install fonts-liberation)"), bool(font.used), lang),
        "min_font_size": lambda: Check(_("Smallest text"), _("at least {size}").format(
            size=points(rules.min_font_size)), points(min_size), min_size >= rules.min_font_size, lang),
        "min_margin_in": lambda: Check(_("Margins"), _("at least {size}").format(
            size=inches(rules.min_margin_in, "measure")), _(
            "{size} on every side (running header and page numbers inside)").format(
            size=inches(margin / INCH, "ratio")), margin / INCH >= rules.min_margin_in, lang)}
    return [make() for key, make in checks.items() if key in rules.declared]  # a rule the award sets, only


def smallest_text(path: str) -> float:
    """The smallest font size set anywhere in a PDF we wrote (read from its content streams)."""
    import re
    import zlib
    data = open(path, "rb").read()
    sizes = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = m.group(1)
        try:
            raw = zlib.decompress(raw)
        except zlib.error:
            pass
        sizes += [float(s) for s in re.findall(rb"/F[\w.+]+ ([\d.]+) Tf", raw)]
    return min([s for s in sizes if s > 0], default=0.0)


@dataclass
class Layout:
    """A laid-out application: its document (with the markers' positions) and the items of each part."""

    doc: ApplicationDoc
    profile: list[Node]
    responses: list[Node]
    margin: float


def prepare(assessment: Assessment, framework: Framework | None, page_size: str | None = None, lang: str = "en"):
    """The context, award rules, page size and font an application is laid out with (checked: clear errors)."""
    lang = lang.split("+")[0]  # the application is written in one language
    ctx = build_context(assessment, framework, lang)
    if ctx.fw.application is None:
        raise ExportError(ctx.t(NO_FORMAT).format(framework=ctx.fw.title(lang)))
    try:
        ctx.fw.node(ctx.fw.application.profile_node)
    except KeyError:
        raise ExportError(ctx.t("{framework}: the application's profile node '{node}' does not exist.").format(
            framework=ctx.fw.title(lang), node=ctx.fw.application.profile_node)) from None
    rules = award_rules(ctx.fw)
    return ctx, rules, resolve_page_size(page_size or rules.page_size), award_font(rules.font)


def lay_out(ctx: Context, rules: AwardRules, font, size: tuple[float, float], target,
            progress: ProgressCallback | None = None, results=None) -> Layout:
    """Lay the application out into target (a path or a file object): the one engine of the export and the budget."""
    margin = (rules.min_margin_in + 0.05) * INCH  # a little inside the limit: printers shift by a hair
    est = (rules.profile_page_limit or 5) + (rules.response_page_limit or 50)  # for the progress bar only
    doc = ApplicationDoc(target, header_text(ctx), size, progress, est, margin=margin,
                         header_size=rules.min_font_size, header_font=font.body,
                         **{**metadata(ctx, _("Award application")), "initialFontName": font.body})
    story, profile, responses = build_story(ctx, rules, font, doc.width, progress, results)
    try:
        doc.multiBuild(story, maxPasses=4)  # two passes: the contents need the page numbers
    except (ValueError, LayoutError) as exc:
        raise ExportError(_("Could not lay out the application document: {error}").format(
            error=str(exc)[:300])) from exc
    return Layout(doc, profile, responses, margin)


def export_application(assessment: Assessment, framework: Framework | None, path: os.PathLike | str,
                       page_size: str | None = None, lang: str = "en",
                       progress: ProgressCallback | None = None, results=None) -> Results:
    """Write the award application PDF (atomically) and return the warnings, with .checks for every rule.

    page_size: None follows the award's rule; another size is used as asked and reported as not met.
    results: the unit's results register; its measures fill the results items as numbered figures.
    """
    ctx, rules, size, font = prepare(assessment, framework, page_size, lang)
    with using_language(ctx.lang):  # charts and tables shared with the review print in the application's language
        with atomic_output(path, ".pdf") as tmp:
            layout = lay_out(ctx, rules, font, size, tmp, progress, results)
            warnings, checks = page_checks(ctx, rules, layout.doc.positions, layout.doc.frame_height,
                                           layout.profile, layout.responses)
            min_size = smallest_text(tmp)
        margin = layout.margin
        out = Results(warnings + figure_warnings(ctx, [n.id for n in layout.profile + layout.responses], results))
        _terms, undefined = glossary(_texts(ctx))
        formats = format_checks(rules, size, font, margin, min_size)
        out.checks = formats + checks + [
            Check(_("Abbreviations"), _("each spelled out once, as 'Full Name (ABBR)', for the glossary"),
                  _("all defined") if not undefined else _("used without definition: {names}").format(
                      names=", ".join(undefined[:12])), not undefined, ctx.lang)]
        out.extend(c.sentence() for c in formats if not c.met)
        report(progress, 1, 1, _("Done"))
    return out
