"""Editable Word report (python-docx) with the PDF report's content, built from real Word styles."""

from __future__ import annotations

import os
from datetime import date

from npmassess.assessment import Assessment, value_label
from npmassess.model import Framework
from npmassess.progress import ProgressCallback, report
from npmassess.exports.common import Context, ExportError, approval_sign_off, atomic_output, build_context
from npmassess.exports.docx import common as W
from npmassess.exports.docx import images
from npmassess.i18n import colon
from npmassess.exports.pdf.styles import hexcolour, text_on
from npmassess.exports.wording import document_name, group_terms, how_scores_are_formed

NOTE_HEADS = (("strength", "Strengths"), ("improvement", "Areas for improvement"), ("evidence", "Evidence"))


def _hex(c) -> str:
    return f"#{int(c.red * 255):02X}{int(c.green * 255):02X}{int(c.blue * 255):02X}"


def cover(doc, ctx: Context, sign_off: dict | None, logo: str | None) -> None:
    a, fw, t = ctx.a, ctx.fw, ctx.t
    if logo:
        try:
            with open(logo, "rb") as f:
                W.picture(doc, f.read(), f"{a.organisation} logo", 1.6, "Logo")
        except Exception as exc:  # unreadable file or not an image python-docx knows
            from npmassess.i18n import _
            raise ExportError(_("Cannot read the logo {path}: it is not a PNG, JPEG or GIF image ({kind}).").format(
                path=logo, kind=type(exc).__name__)) from None
    doc.add_paragraph(W.text(document_name(ctx)), style="Subtitle")
    doc.add_paragraph(W.text(a.organisation), style="Title")
    W.para(doc, f"{a.unit} · {fw.short_title(ctx.lang)} · {a.cycle}")
    rows = [[t("Organisation"), a.organisation], [t("Unit"), a.unit], [t("Framework"), fw.title_with_edition(ctx.lang)],
            [t("Scoring method"), ctx.method.title(ctx.lang)], [t("Cycle"), a.cycle], [t("Status"), ctx.status(a.status)],
            [t("Date"), ctx.date(date.today())],
            [t("Participants"), f"{len(a.participants)}" if ctx.anonymous else
             ctx.sc.join(f"{p.name}, {value_label(p.role, ctx.lang)}" if p.role else p.name for p in a.participants)]]
    W.table(doc, ["", ""], rows, [40, 120])
    W.sign_off(doc, approval_sign_off(ctx.a, sign_off), t)
    doc.add_page_break()


def summary(doc, ctx: Context) -> None:
    t, rep, fw = ctx.t, ctx.report, ctx.fw
    W.heading(doc, t("Executive summary"), 1)
    en, res = group_terms(ctx)
    if rep.ordinal:
        W.para(doc, ", ".join(f"{lv.label(ctx.lang)}{ctx.c}{rep.profile.get(lv.value, 0)}" for lv in ctx.levels()),
               bold_prefix=t("Level profile") + ctx.c)
    elif fw.aggregation == "points":
        W.para(doc, f"{ctx.points_text(rep.total_points, rep.max_points)} {t('Points').lower()}{ctx.sc}{en} "
               f"{ctx.value_text(rep.enablers, kind='points')}{ctx.sc}{res} {ctx.value_text(rep.results, kind='points')}.",
               bold_prefix=t("Total") + ctx.c)
    else:
        W.para(doc, f"{ctx.value_text(rep.overall)}{ctx.sc}{en}{ctx.c}{ctx.value_text(rep.enablers)}{ctx.sc}{res}{ctx.c}"
               f"{ctx.value_text(rep.results)}.", bold_prefix=t("Overall") + ctx.c)
    rows = []
    for c in fw.scored_criteria():
        g = rep.criteria[c.id]
        val = (g.lowest.label(ctx.lang) if g.lowest else "—") if rep.ordinal else (
            ctx.points_text(g.points, g.max_points) if fw.aggregation == "points" else ctx.value_text(g.value))
        rows.append([c.id, ctx.title(c), val, ctx.pct(g.completeness)])
    W.table(doc, ["", fw.label("criterion", ctx.lang), t("Lowest rating") if rep.ordinal else t("Score"),
                  t("Completeness")], rows, [12, 95, 35, 25])


def score_table(doc, ctx: Context) -> None:
    t, rep, fw = ctx.t, ctx.report, ctx.fw
    W.heading(doc, t("Score table"), 1)
    rows, fills = [], {}
    for c in fw.scored_criteria():
        for n in c.leaves():
            ns = rep.nodes[n.id]
            label, _, colour = ctx.meaning(n)
            value = ctx.num(ns.value, "level") if rep.ordinal else ctx.value_text(ns.value)  # the label: Level
            rows.append([n.id, ctx.title(n), value, label,
                         ctx.pct(ns.completeness)])
            if colour:
                bg = hexcolour(colour)
                fills[(len(rows), 3)] = (colour, _hex(text_on(bg)))
    W.table(doc, ["", fw.label("node", ctx.lang), t("Score"), t("Level") if rep.ordinal else t("Band"),
                  t("Completeness")], rows, [12, 80, 25, 35, 22], fills)


def charts(doc, ctx: Context) -> None:
    """Charts as pictures with alt text, each followed by its data table."""
    t, rep, fw = ctx.t, ctx.report, ctx.fw
    W.heading(doc, t("Charts"), 1)
    if rep.ordinal:
        nodes = fw.scored_nodes()
        levels = sorted(lv.value for lv in ctx.levels())
        values = [rep.nodes[n.id].value for n in nodes]
        labels = [n.id for n in nodes]
        png = images.radar(labels, values, max(levels), [v for v in levels if v > 0])
        alt = t("Radar chart of the consensus level of each node") + ctx.c + ", ".join(
            f"{n.id} {ctx.value_text(v, n)}" for n, v in zip(nodes, values))
    else:
        crits = fw.scored_criteria()
        values = [rep.criteria[c.id].value for c in crits]
        labels = [f"{c.id} {ctx.title(c)}" for c in crits]
        png = images.radar(labels, values, 100, [20, 40, 60, 80, 100])
        alt = t("Radar chart of the consensus score of each criterion (0-100)") + ctx.c + ", ".join(
            f"{c.id} {ctx.title(c)} {ctx.value_text(v)}" for c, v in zip(crits, values))
    W.picture(doc, png, alt, 5.8, t("Consensus score"))
    W.caption(doc, t("Consensus score") + (" (%)" if fw.aggregation == "points" else ""))
    if fw.aggregation == "points":
        crits = fw.scored_criteria()
        series: list[tuple[str, list[float | None]]] = [(t("Maximum"), [float(c.points or 0) for c in crits]),
                  (t("Earned"), [rep.criteria[c.id].points for c in crits])]
        W.picture(doc, images.bars([c.id for c in crits], series), t("Bar chart of points earned against the maximum "
                  "per {label}").format(label=fw.label("criterion", ctx.lang).lower()) + ctx.c + ", ".join(f"{c.id} {ctx.points_text(rep.criteria[c.id].points, c.points)}"
                                                    for c in crits), 6.0)
        W.caption(doc, t("Points per {label}").format(label=fw.label("criterion", ctx.lang).lower()))
        W.table(doc, [fw.label("criterion", ctx.lang), t("Earned"), t("Maximum")],
                [[c.id, ctx.value_text(rep.criteria[c.id].points, kind="points"), str(c.points)] for c in crits])
    elif not rep.ordinal:
        crits = fw.scored_criteria()
        W.table(doc, [fw.label("criterion", ctx.lang), t("Score")],
                [[f"{c.id} {ctx.title(c)}", ctx.value_text(rep.criteria[c.id].value)] for c in crits], [120, 30])


def node_sections(doc, ctx: Context, anonymous: bool) -> None:
    t, a = ctx.t, ctx.a
    names = {p.id: ctx.person(p) for p in a.participants}
    for crit in ctx.fw.criteria:
        nodes = [n for n in crit.walk() if n.scored or any(ctx.node_notes(n.id, k) for k, _ in NOTE_HEADS)]
        if not nodes:
            continue
        W.heading(doc, f"{crit.id} {ctx.title(crit)}", 1)
        for node in nodes:
            if node is not crit:
                W.heading(doc, f"{node.id} {ctx.title(node)}", 2)
            if node.scored:
                ns = ctx.report.nodes[node.id]
                label = ctx.meaning(node)[0]
                W.para(doc, ctx.value_text(ns.value, node) + (f" · {label}" if label and not ctx.report.ordinal else ""),
                       bold_prefix=t("Consensus") + ctx.c)
                scores = " · ".join(f"{names[p.id]} {ctx.value_text(ctx.people[p.id].nodes[node.id].value, node)}"
                                    for p in a.participants)
                if scores:
                    W.para(doc, scores, bold_prefix=t("Individual scores") + ctx.c)
                if W.text(a.rationale.get(node.id, "")).strip():
                    W.para(doc, a.rationale[node.id], bold_prefix=t("Rationale") + ctx.c)
            for kind, head in NOTE_HEADS:
                notes = ctx.node_notes(node.id, kind)
                if not notes:
                    continue
                W.heading(doc, t(head), 3)
                for n in notes:
                    author = t("Consensus") if n.participant_id is None else names.get(n.participant_id, ctx.author(n))
                    W.bullet(doc, f"{author}{ctx.c}{n.text}")


def plan(doc, ctx: Context) -> None:
    t = ctx.t
    W.heading(doc, t("Improvement plan"), 1)
    rows = [[str(i), f"{x.title}. {x.description}".strip(". ") if x.description else x.title, ", ".join(x.node_ids),
             x.owner, ctx.short_date(x.due) if x.due else "", f"{ctx.status(x.priority)} ({x.impact}/{x.effort})",
             ctx.status(x.status)]
            for i, x in enumerate(ctx.a.actions, 1)]
    if not rows:
        W.para(doc, t("None recorded."))
        return
    W.table(doc, ["#", t("Action"), ctx.fw.label("node", ctx.lang), t("Owner"), t("Due"), t("Priority"), t("Status")],
            rows, [8, 70, 18, 25, 20, 20, 18])


def method(doc, ctx: Context) -> None:
    fw, m, t, lang = ctx.fw, ctx.method, ctx.t, ctx.lang
    W.heading(doc, t("Method and scale"), 1)
    W.para(doc, f"{fw.title_with_edition(lang)}. {fw.publisher}.")
    W.para(doc, fw.source(lang), bold_prefix=f"{t('Source')}{colon(lang)}")  # as the PDF's method section
    W.para(doc, m.description(lang), bold_prefix=f"{m.title(lang)}. ")
    W.heading(doc, t("How the scores are formed"), 2)
    for p in how_scores_are_formed(ctx):
        W.para(doc, p)
    seen = set()
    for d in m.dimensions:
        if d.scale.id in seen:
            continue
        seen.add(d.scale.id)
        W.heading(doc, d.scale.title(lang), 3)
        rows, fills = [], {}
        for item in d.scale.levels or d.scale.bands:
            rows.append([f"{item.value}" if hasattr(item, "value") else f"{item.min}-{item.max}", item.label(lang),
                         item.guidance(lang)])
            if item.colour:
                fills[(len(rows), 0)] = (item.colour, _hex(text_on(hexcolour(item.colour))))
        W.table(doc, ["", t("Level") if d.scale.ordinal else t("Band"), t("Description")], rows, [18, 40, 110], fills)


def export_docx(assessment: Assessment, framework: Framework | None, path: os.PathLike | str,
                page_size: str = "A4", lang: str = "en", progress: ProgressCallback | None = None,
                sign_off: dict | None = None, logo: str | None = None, anonymous: bool = False) -> None:
    """Write the capability review as an editable Word document (atomically)."""
    ctx = build_context(assessment, framework, lang, anonymous)
    report(progress, 0, 4, ctx.t("Scoring"))
    doc = W.new_document(page_size, lang=lang)
    W.properties(doc, f"{document_name(ctx)}{ctx.c}{assessment.organisation} / {assessment.unit} ({assessment.cycle})",
                 assessment.organisation, ctx.fw.title(lang), [ctx.fw.id, ctx.fw.edition, assessment.cycle], lang)
    cover(doc, ctx, sign_off, logo)
    summary(doc, ctx)
    score_table(doc, ctx)
    report(progress, 1, 4, ctx.t("Charts"))
    charts(doc, ctx)
    report(progress, 2, 4, ctx.t("Sections"))
    node_sections(doc, ctx, anonymous)
    plan(doc, ctx)
    method(doc, ctx)
    report(progress, 3, 4, ctx.t("Saving"))
    with atomic_output(path, ".docx") as tmp:
        doc.save(tmp)
    report(progress, 4, 4, ctx.t("Done"))

