"""Smaller PDFs: the improvement plan alone, the consensus-meeting pack, the one-page executive summary."""

from __future__ import annotations

import os

from reportlab.lib.units import mm
from reportlab.platypus import LayoutError, PageBreak, Spacer, TableStyle

from npmassess.assessment import Assessment
from npmassess.model import Framework
from npmassess.progress import ProgressCallback, report
from npmassess.exports.common import Context, ExportError, atomic_output, build_context
from npmassess.exports.pdf.doctemplate import ReportDoc, header_text, metadata, resolve_page_size
from npmassess.exports.pdf.fonts import fonts
from npmassess.exports.pdf.styles import GRID, LIGHT, Heading, M, P, esc, styles
from npmassess.exports.pdf.tables import ContinuedTable, grid_table
from npmassess.exports.pdf.text import TextBlock, cell, note_block, shorten
from npmassess.exports.selection import meeting_agenda, plan_lines
from npmassess.exports.wording import document_name, group_terms, plural
from npmassess.i18n import N_, ngettext, using_language


def _old_text(ctx: Context, old) -> str:
    """A previous cycle's value in the report's language (its text was made in the UI's language)."""
    if old is None or old.value is None:
        return old.text if old is not None else "—"
    return ctx.value_text(old.value, kind="level" if ctx.report.ordinal else "score")


def _build(ctx: Context, path, page_size: str, kind: str, story: list, progress) -> int:
    with atomic_output(path, ".pdf") as tmp:
        doc = ReportDoc(tmp, header_text(ctx), resolve_page_size(page_size), progress, 1, cover=False,
                        **metadata(ctx, kind))
        try:
            doc.build(story)
        except (ValueError, LayoutError) as exc:
            raise ExportError(ctx.t("Could not lay out the document ({kind}): {error}").format(
                kind=kind, error=str(exc)[:300])) from exc
    return doc.page


def plan_story(ctx: Context, statuses: list[str] | None) -> list:
    t = ctx.t
    lines = plan_lines(ctx, statuses)
    which = ", ".join(ctx.status(s) for s in statuses) if statuses else t("all statuses")
    story = [Heading(t("Improvement plan"), "h1", 0, "plan"),
             P(t("{organisation} / {unit} ({cycle}). {n} of {total} actions ({statuses}), highest priority first. "
                 "Priority follows impact and effort (1-5).").format(
                 organisation=ctx.a.organisation, unit=ctx.a.unit, cycle=ctx.a.cycle, n=len(lines),
                 total=len(ctx.a.actions), statuses=which), "muted")]
    if not lines:
        return story + [P(t("None recorded."))]
    rows = [["#", t("Action"), ctx.fw.label("node", ctx.lang), t("Owner"), t("Due"), t("Priority"), t("Status")]]
    for line in lines:
        x = line.action
        body = TextBlock(shorten(x.title), [shorten(x.description)] if x.description.strip() else [], 8.5, 10.5, 0,
                         "", 0)
        rows.append([str(line.number), body, cell("\n".join(line.nodes)), cell(x.owner), cell(ctx.short_date(x.due)),
                     cell(f"{ctx.status(x.priority)} ({x.impact}/{x.effort})"), cell(ctx.status(x.status))])
        if line.afis:
            rows.append(["", TextBlock(t("Areas for improvement"), [shorten(a, 600) for a in line.afis], 8, 10, 6),
                         "", "", "", "", ""])
    spans = [("SPAN", (1, r), (-1, r)) for r, row in enumerate(rows) if r and row[0] == ""]
    return story + [grid_table(rows, [9 * mm, None, 30 * mm, 26 * mm, 21 * mm, 21 * mm, 19 * mm],
                               spans + [("BACKGROUND", (0, r), (-1, r), LIGHT) for r, row in enumerate(rows)
                                        if r and row[0] == ""], split_in_row=True)]


def export_plan_pdf(assessment: Assessment, framework: Framework | None, path: os.PathLike | str,
                    statuses: list[str] | None = None, page_size: str = "A4", lang: str = "en",
                    progress: ProgressCallback | None = None) -> None:
    """The improvement plan alone as a PDF: filtered by status, sorted by priority, with the linked AFIs."""
    ctx = build_context(assessment, framework, lang)
    with using_language(ctx.lang):  # what the shared parts write ('(continued)') in the plan's language
        _build(ctx, path, page_size, ctx.t("Improvement plan"), plan_story(ctx, statuses), progress)


def _worksheet(ctx: Context, node_id: str) -> list:
    rows = [[cell(ctx.t(label) if label else "", True), cell(" ")] for label in
            (N_("Agreed score"), N_("Rationale"), "", "", "", N_("Strengths"), "", "", N_("Areas for improvement"),
             "", "", N_("Actions"), "", "", N_("Owner and due date"))]
    table = ContinuedTable(rows, colWidths=[42 * mm, None], rowHeights=[11 * mm] * len(rows))
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts().body), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("LINEBELOW", (1, 0), (1, -1), 0.5, GRID)]))
    return [P(ctx.t("Worksheet {node}: to fill in during the meeting").format(node=node_id), "h3"), table]


def export_consensus_pack(assessment: Assessment, framework: Framework | None, path: os.PathLike | str,
                          threshold: float | None = None, page_size: str = "A4", lang: str = "en",
                          anonymous: bool = False, progress: ProgressCallback | None = None) -> int:
    """The consensus-meeting pack: agenda by divergence, each node's individual scores and notes, a worksheet each.

    Returns the number of agenda nodes.
    """
    ctx = build_context(assessment, framework, lang, anonymous)
    with using_language(ctx.lang):
        return _consensus_pack(ctx, path, threshold, page_size, progress)


def _consensus_pack(ctx: Context, path, threshold: float | None, page_size: str, progress) -> int:
    t, lang = ctx.t, ctx.lang
    used, items = meeting_agenda(ctx, threshold)
    shown = ctx.num(used, "level")
    spread = (ngettext("{n} level", "{n} levels", used, lang) if ctx.report.ordinal
              else ngettext("{n} point", "{n} points", used, lang)).format(n=shown)
    word = ctx.fw.label("node", lang).lower()
    story = [Heading(t("Consensus meeting pack"), "h1", 0, "pack"),
             P(ngettext("{organisation} / {unit} ({cycle}). Agenda: {n} {node} whose individual scores spread by "
                        "more than {threshold}.",
                        "{organisation} / {unit} ({cycle}). Agenda: the {n} {nodes} whose individual scores spread by "
                        "more than {threshold}, widest first.", len(items), lang).format(
                 organisation=ctx.a.organisation, unit=ctx.a.unit, cycle=ctx.a.cycle, n=len(items),
                 node=word, nodes=plural(word, lang), threshold=spread),
               "muted")]
    rows = [["#", ctx.fw.label("node", lang), t("Lowest"), t("Highest"), t("Spread"), t("Raters")]]
    vk = "level" if ctx.report.ordinal else "score"
    for i, d in enumerate(items, 1):
        node = ctx.fw.node(d.node_id)
        rows.append([str(i), cell(f"{node.id} {ctx.title(node)}"), ctx.value_text(d.low, kind=vk),
                     ctx.value_text(d.high, kind=vk), ctx.value_text(d.spread, kind="level" if vk == "level" else "spread"),
                     str(d.raters)])
    story.append(grid_table(rows, [8 * mm, None, 17 * mm, 17 * mm, 16 * mm, 22 * mm]) if items
                 else P(t("No node's scores spread beyond the threshold: no agenda.")))
    for i, d in enumerate(items, 1):
        report(progress, i, len(items) + 1, d.node_id)
        node = ctx.fw.node(d.node_id)
        story += [PageBreak(), Heading(f"{i}. {node.id} {ctx.title(node)}", "h1", 1, f"a-{node.id}")]
        node_dims = ctx.method.dimensions_for(node.type)
        node_dims = node_dims if len(node_dims) > 1 else ()  # one dimension: its value is the score
        head = [t("Participants")] + [dim.title(lang) for dim in node_dims] + [t("Score")]
        rows = [head]
        for p in ctx.a.participants:
            dims = [ctx.a.ratings.get((p.id, node.id, dim.id)) for dim in node_dims]
            rows.append([cell(ctx.person(p))] + [ctx.value_text(v, kind="level" if ctx.report.ordinal else "score")
                                                  if v is not None else "—" for v in dims]
                        + [ctx.value_text(ctx.people[p.id].nodes[node.id].value, node)])
        n = len(head)
        story.append(grid_table(rows, [50 * mm] + [None] * (n - 1)))
        for kind, label in (("strength", N_("Strengths")), ("improvement", N_("Areas for improvement")),
                            ("evidence", N_("Evidence"))):
            notes = [x for x in ctx.node_notes(node.id, kind) if x.participant_id is not None]
            if notes:
                story.append(P(t(label), "label"))
                groups: dict[str, list[str]] = {}
                for x in notes:
                    groups.setdefault(ctx.author(x), []).append(x.text)
                for author, texts in groups.items():
                    story.append(note_block(author, texts, styles()["notes"]))
        story += [PageBreak()] + _worksheet(ctx, node.id)  # a worksheet page of its own, to write on
    _build(ctx, path, page_size, t("Consensus meeting pack"), story, progress)
    return len(items)


def export_summary_pdf(assessment: Assessment, framework: Framework | None, path: os.PathLike | str,
                       history=None, page_size: str = "A4", lang: str = "en",
                       progress: ProgressCallback | None = None) -> int:
    """A one-page executive summary with the change since the last cycle; returns the page count (1)."""
    ctx = build_context(assessment, framework, lang)
    with using_language(ctx.lang):
        return _summary(ctx, path, history, page_size, progress)


def _summary(ctx: Context, path, history, page_size: str, progress) -> int:
    t, rep, fw, lang = ctx.t, ctx.report, ctx.fw, ctx.lang
    prev = history.cycles[-2] if history is not None and len(history.cycles) >= 2 else None
    story = [Heading(t("{document}: Executive summary").format(document=document_name(ctx)), "h1", 0, "summary"),
             P(f"{ctx.a.organisation} / {ctx.a.unit} · {fw.short_title(lang)} · {ctx.a.cycle}", "subtitle")]
    en, res = group_terms(ctx)
    if rep.ordinal:
        line = ", ".join(t("{label}: {value}").format(label=lv.label(lang), value=rep.profile.get(lv.value, 0))
                         for lv in ctx.levels())
    elif fw.aggregation == "points":
        line = t("Total: {total}; {enablers} {e}; {results} {r}").format(
            total=ctx.points_text(rep.total_points, rep.max_points), enablers=en, results=res,
            e=ctx.value_text(rep.enablers, kind="points"), r=ctx.value_text(rep.results, kind="points"))
    else:
        line = t("Overall: {overall}; {enablers}: {e}; {results}: {r}").format(
            overall=ctx.value_text(rep.overall), enablers=en, results=res, e=ctx.value_text(rep.enablers),
            r=ctx.value_text(rep.results))
    if prev is not None and prev.overall.value is not None and not rep.ordinal:
        delta = rep.overall - prev.overall.value
        line += " " + t("(overall {cycle}: {value}, change {change})").format(
            cycle=prev.cycle, value=ctx.num(prev.overall.value), change=("+" if delta > 0 else "") + ctx.num(delta))
    story.append(M(f"<b>{esc(line)}</b>"))
    head = ["", fw.label("criterion", lang), ctx.a.cycle] + ([prev.cycle, t("Change")] if prev else [])
    rows = [head]
    for c in fw.scored_criteria():
        g = rep.criteria[c.id]
        value = (g.lowest.value if g.lowest else None) if rep.ordinal else g.value
        text = (g.lowest.label(lang) if g.lowest else "—") if rep.ordinal else ctx.value_text(value)
        row = [c.id, cell(ctx.title(c)), cell(text)]
        if prev:
            old = prev.criteria.get(c.id)
            change = None if old is None or old.value is None or value is None else value - old.value
            row += [cell(_old_text(ctx, old)),
                    "—" if change is None else ("+" if change > 0 else "") + ctx.num(change, "level" if rep.ordinal
                                                                                    else "score")]
        rows.append(row)
    widths = [10 * mm, None, 32 * mm] + ([32 * mm, 18 * mm] if prev else [])
    story += [Spacer(1, 2), grid_table(rows, widths)]
    ranked = sorted([n for n in fw.scored_nodes() if rep.nodes[n.id].value is not None],
                    key=lambda n: -(rep.nodes[n.id].value or 0.0))  # value is set in ranked
    for label, nodes, kind in ((t("Main strengths"), ranked, "strength"),
                               (t("Main areas for improvement"), list(reversed(ranked)), "improvement")):
        items = []
        for n in nodes:
            notes = ctx.node_notes(n.id, kind)
            if notes:
                items.append(t("{label}: {value}").format(label=n.id, value=shorten(notes[0].text, 160)))
            if len(items) == 3:
                break
        story += [P(label, "h3"), TextBlock(None, items or [t("None recorded.")], 8.8, 11, 8)]
    acts = ctx.a.actions
    counts = ", ".join(t("{label}: {value}").format(label=ctx.status(s), value=sum(1 for x in acts if x.status == s))
                       for s in dict.fromkeys(x.status for x in acts))
    story += [P(t("Improvement plan"), "h3"),
              P(ngettext("{n} action ({counts}).", "{n} actions ({counts}).", len(acts), lang).format(
                  n=len(acts), counts=counts) if acts else t("No action recorded."))]
    return _build(ctx, path, page_size, t("Executive summary"), story, progress)  # notes are cut: one page
