"""Award application document (Baldrige-style): Organizational Profile and item responses, page limits checked."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import (CondPageBreak, Flowable, LayoutError, NextPageTemplate, PageBreak, Spacer, Table,
                                TableStyle)

from npmassess.i18n import N_, translate_to
from npmassess.assessment import Assessment
from npmassess.model import Framework, Node
from npmassess.progress import ProgressCallback, report
from npmassess.exports.common import Context, ExportError, atomic_output, build_context, clean
from npmassess.exports.pdf.document import ReportDoc, header_text, metadata, resolve_page_size
from npmassess.exports.pdf.sections import grid_style
from npmassess.exports.pdf.styles import Heading, P
from npmassess.exports.pdf.text import TextBlock, cell

NO_RESPONSE = N_("[No response written yet]")


class Marker(Flowable):
    """A zero-size flowable whose drawing position the document records (page, y)."""

    def __init__(self, key: str):
        super().__init__()
        self.key = key

    def wrap(self, aw: float, ah: float):
        return 0, 0

    def draw(self) -> None:
        pass


@dataclass
class Positions:
    marks: dict[str, tuple[int, float]] = field(default_factory=dict)
    pages: int = 0


class ApplicationDoc(ReportDoc):
    """ReportDoc that also records where each Marker landed."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.positions = Positions()

    def afterFlowable(self, flowable) -> None:
        super().afterFlowable(flowable)
        if isinstance(flowable, Marker):
            self.positions.marks[flowable.key] = (self.page, self.frame._y)

    def afterPage(self) -> None:
        self.positions.pages = self.page


def narrative_flowables(text: str, lang: str | None = None) -> list[Flowable]:
    """A narrative as paragraphs (blank lines separate them); fast path for plain text."""
    text = clean(text).strip()
    if not text:
        return [P(translate_to(lang, NO_RESPONSE), "muted")]
    out: list[Flowable] = []
    for para in [p.strip() for p in text.split("\n\n") if p.strip()]:
        out.append(TextBlock(None, [para], 9.5, 12.5, 0, "", 6))
    return out


def _item_head(ctx: Context, node: Node) -> str:
    pts = " (" + ctx.t("{n} points").format(n=node.points) + ")" if node.points else ""
    return f"{node.id} {ctx.title(node)}{pts}"


def _results_figures(ctx: Context, node: Node, first: int = 1) -> list[Flowable]:
    notes = ctx.node_notes(node.id, "evidence")
    if not notes:
        return []
    rows = [["", ctx.t("Results figures and data sources")]]
    rows += [[ctx.t("Figure {id}").format(id=f"{node.id}-{i}"), cell(n.text)] for i, n in enumerate(notes, first)]
    tbl = Table(rows, colWidths=[26 * mm, None], repeatRows=1, splitInRow=1)
    tbl.setStyle(TableStyle(grid_style()))
    return [Spacer(1, 4), tbl]


def build_story(ctx: Context, progress: ProgressCallback | None, results=None,
                width: float = 174 * mm) -> tuple[list[Flowable], list[Node], list[Node]]:
    fw, a = ctx.fw, ctx.a
    app = fw.application
    assert app is not None, "export_application checks it"
    profile = fw.node(app.profile_node)
    profile_items = [n for n in profile.walk() if not n.children] or [profile]
    response_items = [n for c in fw.criteria if c.id != profile.id for n in c.walk() if not n.children]
    story: list[Flowable] = [NextPageTemplate("body"), Spacer(1, 30 * mm), P(ctx.t("Award application"), "subtitle"),
                             P(a.organisation, "title"), P(f"{a.unit} · {fw.short_title(ctx.lang)} · {a.cycle}", "subtitle"),
                             Spacer(1, 10 * mm),
                             P(ctx.t("Prepared {date}. Page limits: {profile} {p} pages, responses {r} pages.").format(
                                 date=ctx.date(date.today()), profile=ctx.title(profile), p=app.profile_page_limit,
                                 r=app.response_page_limit), "muted"),
                             PageBreak(), Marker("profile-start"), Heading(ctx.title(profile), "h1", 0, "profile")]
    total = len(profile_items) + len(response_items)
    for i, node in enumerate(profile_items):
        report(progress, i, total + 2, ctx.t("Profile {id}").format(id=node.id))
        story += [Marker(f"item:{node.id}")]
        if node is not profile:
            story.append(Heading(_item_head(ctx, node), "h2", 1, f"i-{node.id}"))
        story += narrative_flowables(a.narratives.get(node.id, ""), ctx.lang)
    story += [Marker("profile-end"), PageBreak(), Marker("responses-start")]
    for c in fw.criteria:
        if c.id == profile.id:
            continue
        story += [CondPageBreak(60 * mm), Heading(f"{c.id} {ctx.title(c)}", "h1", 0, f"c-{c.id}")]
        if c.points:
            story.append(P(ctx.t("{n} points").format(n=c.points), "muted"))
        for node in [n for n in c.walk() if not n.children]:
            report(progress, len(profile_items) + response_items.index(node), total + 2,
                   ctx.t("Item {id}").format(id=node.id))
            story.append(Marker(f"item:{node.id}"))
            if node is not c:
                story.append(Heading(_item_head(ctx, node), "h2", 1, f"i-{node.id}"))
            story += narrative_flowables(a.narratives.get(node.id, ""), ctx.lang)
            if ctx.is_result(node):
                from npmassess.exports.pdf.results import application_figures
                figures = application_figures(ctx, node, results, width)  # numbered from the register
                story += figures + _results_figures(ctx, node, 1 + len(figures))
    story.append(Marker("responses-end"))
    return story, profile_items, response_items


def _length(pos: Positions, start: str, end: str, frame_h: float) -> float:
    """Length in pages between two markers."""
    (p1, y1), (p2, y2) = pos.marks[start], pos.marks[end]
    return max(0.0, (p2 - p1) + (y1 - y2) / frame_h)


def page_checks(ctx: Context, pos: Positions, frame_h: float, profile: list[Node],
                responses: list[Node]) -> list[str]:
    """Warnings: parts over the award's page limits (naming the longest items), missing responses."""
    app = ctx.fw.application
    assert app is not None, "export_application checks it"
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
        return ctx.sc.join(f"{k} {titles[k]} (" + ctx.t("{n} pages").format(n=ctx.num(v, "points")) + ")"
                           for k, v in top)

    name = ctx.title(ctx.fw.node(app.profile_node))
    if prof_pages > app.profile_page_limit:
        warnings.append(ctx.t("The {name} takes {n} pages; the award allows {limit}. Longest items: {items}.").format(
            name=name, n=prof_pages, limit=app.profile_page_limit, items=longest(prof_len)))
    if resp_pages > app.response_page_limit:
        warnings.append(ctx.t("The responses take {n} pages; the award allows {limit}. Longest items: {items}.").format(
            n=resp_pages, limit=app.response_page_limit, items=longest(resp_len)))
    empty = [n.id for n in profile + responses if not clean(ctx.a.narratives.get(n.id, "")).strip()]
    if empty:
        warnings.append(ctx.t("{n} of {total} items have no narrative response yet: {items}.").format(
            n=len(empty), total=len(profile) + len(responses), items=", ".join(empty)))
    return warnings


def export_application(assessment: Assessment, framework: Framework | None, path: os.PathLike | str,
                       page_size: str = "A4", lang: str = "en",
                       progress: ProgressCallback | None = None, results=None) -> list[str]:
    """Write the award application PDF (atomically) and return warnings (page limits, empty items).

    results: the unit's results register; its measures fill the results items as numbered figures.
    """
    size = resolve_page_size(page_size)
    lang = lang.split("+")[0]  # the application is written in one language
    ctx = build_context(assessment, framework, lang)
    if ctx.fw.application is None:
        raise ExportError(f"{ctx.fw.title(lang)} has no award application format; the application document "
                          "is available for frameworks that define one (Baldrige).")
    try:
        ctx.fw.node(ctx.fw.application.profile_node)
    except KeyError:
        raise ExportError(f"{ctx.fw.title(lang)}: the application's profile node "
                          f"'{ctx.fw.application.profile_node}' does not exist.") from None
    story, profile, responses = build_story(ctx, progress, results, size[0] - 36 * mm)
    with atomic_output(path, ".pdf") as tmp:
        est = ctx.fw.application.profile_page_limit + ctx.fw.application.response_page_limit
        doc = ApplicationDoc(tmp, header_text(ctx), size, progress, est, **metadata(ctx, ctx.t("Award application")))
        try:
            doc.build(story)
        except (ValueError, LayoutError) as exc:
            raise ExportError(f"Could not lay out the application document: {str(exc)[:300]}") from exc
        warnings = page_checks(ctx, doc.positions, doc.height, profile, responses)
    report(progress, 1, 1, ctx.t("Done"))
    return warnings

