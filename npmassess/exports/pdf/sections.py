"""Story builders for the PDF capability review: cover, summary, tables, charts, sections, plan, method."""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, TableStyle

from npmassess.i18n import N_, ngettext
from npmassess.model import Node
from npmassess.exports.common import Context
from npmassess.exports.pdf import lights
from npmassess.exports.pdf.charts import enablers_results, level_profile, points, radar, strip
from npmassess.exports.pdf.fonts import fonts
from npmassess.exports.common import clean
from npmassess.exports.wording import document_name, group_terms, how_scores_are_formed
from npmassess.exports.pdf.styles import GRID, LIGHT, MUTED, Heading, M, P, esc, hexcolour, styles, text_on
from npmassess.exports.pdf.tables import ContinuedTable, grid_style, grid_table
from npmassess.exports.pdf.text import TextBlock, cell, note_block, shorten
from npmassess.assessment import value_label

NOTE_HEADS = (("strength", "Strengths"), ("improvement", "Areas for improvement"), ("evidence", "Evidence"))


def coloured(text: str, colour: str, bold: bool = False):
    """A cell on a band/level colour, its text dark or white, whichever contrasts more (>= 4.5:1)."""
    return cell(text, bold, text_on(hexcolour(colour)) if colour else None)


SIGN_OFF = (("prepared_by", N_("Prepared by")), ("approved_by", N_("Approved by")), ("date", N_("Date")),
            ("version", N_("Version")), ("classification", N_("Classification")))


def sign_off_block(ctx: Context, values: dict | None) -> list[Flowable]:
    """Prepared by, approved by, date, version, classification: filled from values, else lines to sign."""
    values = values or {}
    rows = [[cell(ctx.t(label), True), cell(clean(values.get(key, "")) or " ")] for key, label in SIGN_OFF]
    table = ContinuedTable(rows, colWidths=[40 * mm, None], rowHeights=[8 * mm] * len(rows))
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts().body), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("LINEBELOW", (1, 0), (1, -1), 0.5, GRID)]))
    return [Spacer(1, 8 * mm), P(ctx.t("Sign-off"), "h3"), table]


def logo_flowable(path: str | None) -> list[Flowable]:
    """The organisation's logo, at most 45 x 20 mm (an unreadable file is an ExportError)."""
    if not path:
        return []
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image
    from npmassess.exports.common import ExportError
    try:
        w, h = ImageReader(str(path)).getSize()
    except Exception as exc:  # PIL raises many kinds for a bad image
        from npmassess.i18n import _
        raise ExportError(_("Cannot read the logo {path}: it is not a PNG, JPEG or GIF image ({kind}).").format(
            path=path, kind=type(exc).__name__)) from None
    scale = min(45 * mm / w, 20 * mm / h)
    img = Image(str(path), w * scale, h * scale)
    img.hAlign = "LEFT"
    return [img]


def cover(ctx: Context, sign_off: dict | None = None, logo: str | None = None) -> list[Flowable]:
    a, fw, t = ctx.a, ctx.fw, ctx.t
    rows = [(t("Organisation"), a.organisation), (t("Unit"), a.unit),
            (t("Framework"), fw.title_with_edition(ctx.lang)),
            (t("Scoring method"), ctx.method.title(ctx.lang)), (t("Cycle"), a.cycle), (t("Status"), ctx.status(a.status)),
            (t("Date"), ctx.date(date.today()))]
    people = [f"{p.name}, {value_label(p.role, ctx.lang)}" if p.role else p.name for p in a.participants] or ["—"]
    if ctx.anonymous:  # names with the scores would undo the anonymity
        people = [f"{len(a.participants)} {t('Participants').lower()}"]
    rows += [(t("Participants") if i == 0 else "", text) for i, text in enumerate(people)]  # one row each
    table = ContinuedTable([[cell(k, True), cell(v)] for k, v in rows], colWidths=[40 * mm, None], splitInRow=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts().body),  # no unembedded Helvetica default
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 5), ("TOPPADDING", (0, 0), (-1, -1), 5)]))
    top = logo_flowable(logo)
    notice = ctx.missing_language_notice()
    return [Spacer(1, (10 if top else 30) * mm)] + top + [
            Spacer(1, 10 * mm if top else 0), M(esc(document_name(ctx)), "subtitle"), P(a.organisation, "title"),
            P(f"{a.unit} · {fw.short_title(ctx.lang)} · {a.cycle}", "subtitle"), Spacer(1, 10 * mm), table,
            *sign_off_block(ctx, sign_off)] + ([Spacer(1, 8 * mm), P(notice, "muted")] if notice else []) + [PageBreak()]


def _score_line(ctx: Context) -> str:
    rep, t = ctx.report, ctx.t
    if rep.separate:
        return lights.profile_line(ctx)
    if rep.ordinal:
        prof = ", ".join(f"{lv.label(ctx.lang)}{ctx.c}{rep.profile.get(lv.value, 0)}" for lv in ctx.levels())
        low = rep.lowest.label(ctx.lang) if rep.lowest else "—"
        return f"<b>{esc(t('Level profile'))}{ctx.c}</b>{esc(prof)}. <b>{esc(t('Lowest rating'))}{ctx.c}</b>{esc(low)}."
    if ctx.fw.aggregation == "points":
        split = any(n.type == "result" for n in ctx.fw.scored_nodes())
        process, results = group_terms(ctx)
        return (f"<b>{esc(t('Total'))}{ctx.c}</b>{ctx.points_text(rep.total_points, rep.max_points)} "
                f"{t('Points').lower()} ({ctx.pct(None if rep.overall is None else rep.overall / 100)})"
                + (f"{ctx.sc}<b>{esc(process)}{ctx.c}</b>{ctx.value_text(rep.enablers, kind='points')}"
                   f"{ctx.sc}<b>{esc(results)}{ctx.c}</b>{ctx.value_text(rep.results, kind='points')}"
                   if split else "")
                + f". {esc(ctx.points_extra())}")
    return (f"<b>{esc(t('Overall'))}{ctx.c}</b>{ctx.value_text(rep.overall)}{ctx.sc}<b>{esc(t('Enablers'))}{ctx.c}</b>"
            f"{ctx.value_text(rep.enablers)}{ctx.sc}<b>{esc(t('Results'))}{ctx.c}</b>{ctx.value_text(rep.results)}.")


def _ranked(ctx: Context) -> list[Node]:
    if ctx.report.separate:  # no single value to rank by: framework order
        return ctx.fw.scored_nodes()
    nodes = [n for n in ctx.fw.scored_nodes() if ctx.report.nodes[n.id].value is not None]
    return sorted(nodes, key=lambda n: -(ctx.report.nodes[n.id].value or 0.0))  # value is set in nodes


def _main_notes(ctx: Context, nodes: list[Node], kind: str, limit: int = 6) -> list[str]:
    out = []
    for n in nodes:
        notes = ctx.node_notes(n.id, kind)
        if notes:
            out.append(f"<b>{esc(n.id)}</b> {esc(shorten(clean(notes[0].text), 400))}")
        if len(out) >= limit:
            break
    return out


def summary(ctx: Context) -> list[Flowable]:
    t, rep = ctx.t, ctx.report
    story: list[Flowable] = [Heading(t("Executive summary"), "h1", 0, "summary"), M(_score_line(ctx))]
    rows = [["", ctx.fw.label("criterion", ctx.lang), t("Score"), t("Completeness")]]
    for c in ctx.fw.scored_criteria():
        g = rep.criteria[c.id]
        if rep.separate:
            val = ctx.lights_text(c) if c.scored else lights.lowest_text(ctx, c.id)
        elif rep.ordinal:
            val = g.lowest.label(ctx.lang) if g.lowest else "—"
        elif ctx.fw.aggregation == "points":
            val = ctx.points_text(g.points, g.max_points)
        else:
            val = ctx.value_text(g.value)
        rows.append([c.id, cell(ctx.title(c)), cell(val), ctx.pct(g.completeness)])
    if rep.ordinal and not rep.separate:
        rows[0][2] = t("Lowest rating")
    story += [Spacer(1, 4), grid_table(rows, [12 * mm, None, 62 * mm if rep.separate else 40 * mm, 23 * mm])]
    ranked = _ranked(ctx)
    for title, items in ((t("Main strengths"), _main_notes(ctx, ranked, "strength")),
                         (t("Main areas for improvement"), _main_notes(ctx, list(reversed(ranked)), "improvement"))):
        story.append(P(title, "h3"))
        story.append(M("<br/>".join(f"• {i}" for i in items) or esc(t("None recorded.")), "notes"))
    acts = ctx.a.actions
    by_status = ", ".join(f"{ctx.status(s)}{ctx.c}{sum(1 for x in acts if x.status == s)}"
                          for s in dict.fromkeys(x.status for x in acts))
    story.append(P(t("Improvement plan"), "h3"))
    story.append(P(ngettext("{n} action ({counts}).", "{n} actions ({counts}).", len(acts), ctx.lang).format(
        n=len(acts), counts=by_status) if acts else t("No action recorded."), "notes"))
    return story


def score_table(ctx: Context) -> list[Flowable]:
    """Every scored node with its value, band or level (text contrasting with the band colour) and completeness.

    Set at 8 pt with tight rows so that the 37 rows of CAF fit one page, on A4 and on Letter.
    """
    if ctx.report.separate:
        return lights.score_table(ctx, grid_style)
    t, rep, fw = ctx.t, ctx.report, ctx.fw
    pts = fw.aggregation == "points"
    head = ["", fw.label("node", ctx.lang), t("Score"), t("Level") if rep.ordinal else t("Band"), t("Completeness")]
    if pts:
        head.insert(3, t("Points"))
    band_col = len(head) - 2
    rows, extra, heads = [list(head)], [], set()
    sz = 8.0
    for c in fw.scored_criteria():
        g = rep.criteria[c.id]
        if c.children:  # a criterion row (its lowest level for a rating scale), then its nodes
            low = g.lowest if rep.ordinal else None
            crit_val = ctx.num(low.value, "level") if low else ("—" if rep.ordinal else ctx.value_text(g.value))
            crit_colour = low.colour if low else ""
            row = [cell(c.id, True, size=sz), cell(ctx.title(c), True, size=sz), cell(crit_val, True, size=sz),
                   cell(low.label(ctx.lang) if low else "", True, text_on(hexcolour(crit_colour)) if crit_colour
                        else None, size=sz),
                   cell(ctx.pct(g.completeness), True, size=sz)]
            if pts:
                row.insert(3, cell(ctx.points_text(g.points, g.max_points), True, size=sz))
            extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), LIGHT))
            heads.add(len(rows))
            if crit_colour:
                extra.append(("BACKGROUND", (band_col, len(rows)), (band_col, len(rows)), hexcolour(crit_colour)))
            rows.append(row)
        for n in c.leaves():
            ns = rep.nodes[n.id]
            label, _, colour = ctx.meaning(n)
            value = ctx.num(ns.value, "level") if rep.ordinal else ctx.value_text(ns.value)
            row = [cell(n.id, size=sz), cell(ctx.title(n), size=sz), cell(value, size=sz),
                   cell(label, colour=text_on(hexcolour(colour)) if colour else None, size=sz),
                   cell(ctx.pct(ns.completeness), size=sz)]
            if pts:
                row.insert(3, cell(ctx.points_text(ns.points, ns.max_points), size=sz))
            if colour:
                extra.append(("BACKGROUND", (band_col, len(rows)), (band_col, len(rows)), hexcolour(colour)))
            rows.append(row)
    from reportlab.pdfbase.pdfmetrics import stringWidth
    id_w = max([stringWidth(n.id, fonts().bold, sz) + 8 for n in fw.scored_nodes()] + [10 * mm])
    longest = max([stringWidth(x.label(ctx.lang), fonts().bold, sz) for x in ctx.levels() or _bands(ctx)] + [0])
    level_w = min(55 * mm, max(33 * mm, longest + 8 if rep.ordinal else longest / 2 + 14))  # bands: two lines
    widths = [id_w, None, 13 * mm, level_w, 19 * mm]
    if pts:
        widths.insert(3, 22 * mm)
    extra += [("TOPPADDING", (0, 1), (-1, -1), 1), ("BOTTOMPADDING", (0, 1), (-1, -1), 1)]
    table = grid_table(rows, widths, extra).keep(tail=3, heads=heads)  # no criterion row or short tail alone
    return [PageBreak(), Heading(t("Score table"), "h1", 0, "scores"), table]


def _bands(ctx: Context) -> list:
    return [b for d in ctx.method.dimensions for b in d.scale.bands]


def charts(ctx: Context, width: float) -> list[Flowable]:
    t = ctx.t
    if ctx.report.separate:  # a radar or level chart would merge the lights; the score table shows them
        return []
    story: list[Flowable] = [PageBreak(), Heading(t("Charts"), "h1", 0, "charts")]
    r = radar(ctx, width, 80 * mm)
    rep, fw = ctx.report, ctx.fw
    if r is not None:
        if rep.ordinal:
            r.npm_alt = t("Radar chart of the consensus level of each node: {values}").format(values=", ".join(
                f"{n.id} {ctx.value_text(rep.nodes[n.id].value, n)}" for n in fw.scored_nodes()))
        else:
            r.npm_alt = t("Radar chart of the consensus score of each criterion (0-100): {values}").format(
                values=", ".join(f"{c.id} {ctx.title(c)} {ctx.value_text(rep.criteria[c.id].value)}"
                                 for c in fw.scored_criteria()))
        caption = t("Consensus score (%)") if ctx.fw.aggregation == "points" else t("Consensus score")
        story += [r, P(caption, "caption"), Spacer(1, 6 * mm)]
    if rep.ordinal:
        chart = level_profile(ctx, width, 75 * mm)
        chart.npm_alt = t("Stacked bars: number of nodes at each level per criterion. {values}").format(
            values=ctx.sc.join(t("{label}: {value}").format(label=c.id, value=", ".join(
                f"{lv.label(ctx.lang)} {rep.criteria[c.id].profile.get(lv.value, 0)}" for lv in ctx.levels()))
                for c in fw.scored_criteria()))
        story += [chart, P(t("Level profile"), "caption")]
    elif fw.aggregation == "points":
        chart = points(ctx, width, 75 * mm)
        chart.npm_alt = t("Bars: points earned and maximum per {label}. {values}").format(
            label=fw.label("criterion", ctx.lang).lower(), values=ctx.sc.join(
            f"{c.id} {ctx.points_text(rep.criteria[c.id].points, c.points)}" for c in fw.scored_criteria()))
        story += [chart, P(t("Points per {label}").format(label=fw.label("criterion", ctx.lang).lower()), "caption")]
    else:
        chart = enablers_results(ctx, width, 75 * mm)
        chart.npm_alt = t("Bars: score per criterion, then enablers, results and overall. {values}").format(
            values=ctx.sc.join([f"{c.id} {ctx.value_text(rep.criteria[c.id].value)}" for c in fw.scored_criteria()]
                               + [f"{t('Enablers')} {ctx.value_text(rep.enablers)}",
                                  f"{t('Results')} {ctx.value_text(rep.results)}",
                                  f"{t('Overall')} {ctx.value_text(rep.overall)}"]))
        story += [chart, P(f"{t('Enablers')} / {t('Results')}", "caption")]
    return story


def divergence(ctx: Context, width: float) -> list[Flowable]:
    t, rep = ctx.t, ctx.report
    if rep.separate:
        return []  # individual lights are listed per node in the detailed sections
    if rep.ordinal:
        levels = ctx.levels()
        low, high = min(lv.value for lv in levels), max(lv.value for lv in levels)
        colour = {lv.value: hexcolour(lv.colour) for lv in levels}
        colour_of = lambda v: colour.get(v, colors.grey)  # noqa: E731
    else:
        scale = ctx.method.dimensions[0].scale
        low, high, colour_of = scale.min, scale.max, None
    strip_w = width - 14 * mm - 3 * 16 * mm - 8
    vk = "level" if rep.ordinal else "score"
    rows = [["", f"{t('Individual scores')} ({ctx.num(low, 'level')}-{ctx.num(high, 'level')})",
             t("Lowest"), t("Highest"), t("Spread")]]
    for n in ctx.fw.scored_nodes():
        d = ctx.div[n.id]
        rows.append([n.id, strip(list(d.values.values()), rep.nodes[n.id].value, low, high, strip_w,
                                 colour_of=colour_of),
                     ctx.value_text(d.low, kind=vk), ctx.value_text(d.high, kind=vk),
                     ctx.value_text(d.spread, kind="level" if rep.ordinal else "spread")])
    tbl = grid_table(rows, [14 * mm, strip_w + 6, 16 * mm, 16 * mm, 16 * mm], [("VALIGN", (0, 1), (-1, -1), "MIDDLE")])
    return [PageBreak(), Heading(t("Divergence of individual scores"), "h1", 0, "divergence"),
            P(t("Each dot is one participant's score for the node; the black bar is the consensus."), "muted"), tbl]


def node_sections(ctx: Context, progress_step=None) -> list[Flowable]:
    """One section per criterion and node: score, meaning, individual scores, notes grouped by author."""
    story: list[Flowable] = []
    for i, crit in enumerate(ctx.fw.criteria):
        if progress_step:
            progress_step(i, crit)
        if not any(n.scored for n in crit.walk()) and not _has_notes(ctx, crit):
            continue  # a context part with nothing written (Baldrige P): no page of bare headings
        story += [PageBreak(), Heading(f"{crit.id} {ctx.title(crit)}", "h1", 1, f"c-{i}")]
        g = ctx.report.criteria.get(crit.id)
        if g is not None and crit.children:
            story.append(M(_group_line(ctx, crit, g), "body"))
        for j, node in enumerate(crit.walk()):
            if node is crit and crit.children:
                continue
            if node is not crit:
                story.append(CondPageBreak(40 * mm))
                story.append(Heading(f"{node.id} {ctx.title(node)}", "h2", 2, f"n-{i}-{j}"))
            story += _node_body(ctx, node)
    return story


def _has_notes(ctx: Context, crit: Node) -> bool:
    return any(ctx.node_notes(n.id, kind) for n in crit.walk() for kind, _ in NOTE_HEADS)


def _group_line(ctx: Context, crit: Node, g) -> str:
    t = ctx.t
    if ctx.report.separate:
        return f"<b>{esc(t('Lowest rating'))}{ctx.c}</b>{esc(lights.lowest_text(ctx, crit.id))}"
    if ctx.report.ordinal:
        return f"<b>{esc(t('Lowest rating'))}{ctx.c}</b>{esc(g.lowest.label(ctx.lang) if g.lowest else '—')}"
    if ctx.fw.aggregation == "points":
        return f"<b>{esc(t('Points'))}{ctx.c}</b>{ctx.points_text(g.points, g.max_points)}"
    return f"<b>{esc(t('Score'))}{ctx.c}</b>{ctx.value_text(g.value)} ({g.rated}/{g.total})"


def _node_body(ctx: Context, node: Node) -> list[Flowable]:
    t, a = ctx.t, ctx.a
    out: list[Flowable] = []
    if node.scored:
        ns = ctx.report.nodes[node.id]
        label, guidance, colour = ctx.meaning(node)
        value = ctx.value_text(ns.value, node)
        pts = f" · {ctx.points_text(ns.points, ns.max_points)} {t('Points').lower()}" if ns.points is not None else ""
        dims = ", ".join(f"{esc(d.title(ctx.lang))} {ctx.value_text(ns.dims.get(d.id))}"
                         for d in ctx.method.dimensions_for(node.type)) if len(ns.dims) > 1 and not ns.separate else ""
        swatch = f'<font color="{colour}">■</font> ' if colour else ""
        line = f"{swatch}<b>{esc(t('Consensus'))}{ctx.c}{esc(value)}</b>{pts}"
        if ns.separate:  # one swatch per light, side by side
            line = f"<b>{esc(t('Consensus'))}{ctx.c}</b>" + " &nbsp; ".join(
                (f'<font color="{c}">■</font> ' if c else "") + f"<b>{esc(title)}{ctx.c}{esc(label)}</b>"
                for title, label, c in ctx.lights(node))
        if label and not ctx.report.ordinal:
            line += f" · {esc(label)}"
        out.append(M(line + (f"<br/>{dims}" if dims else ""), "body"))
        if guidance:
            out.append(TextBlock(None, [clean(guidance)], 8.5, 11, 0, "", 4, MUTED))
        indiv = []
        for p in a.participants:
            v = ctx.people[p.id].nodes[node.id].value
            name = esc(shorten(clean(ctx.person(p)), 80).replace(" ", "\u00a0"))  # never break inside a name
            shown = ctx.lights_text(node, ctx.people[p.id]) if ns.separate else \
                (ctx.value_text(v, node) if v is not None else "—")
            indiv.append(f"{name}\u00a0<b>{esc(shown)}</b>")
        if indiv:
            out.append(M(f"<b>{esc(t('Individual scores'))}{ctx.c}</b>" + " · ".join(indiv), "small"))
        if clean(a.rationale.get(node.id, "")).strip():
            out += [Spacer(1, 3), TextBlock(t("Rationale"), [a.rationale[node.id]], 9.5, 12.5, 0, "", 4)]
    for kind, head in NOTE_HEADS:
        notes = ctx.node_notes(node.id, kind)
        if not notes:
            continue
        out.append(CondPageBreak(16 * mm))  # never leave a label alone at the foot of a page
        out.append(P(t(head), "label"))
        # one paragraph per author: far cheaper to lay out than one per note, and easier to read
        groups: dict[str, list[str]] = {}
        for n in notes:
            groups.setdefault(ctx.author(n), []).append(n.text)
        for author, texts in groups.items():
            out.append(note_block(author, texts, styles()["notes"]))
    return out


def plan(ctx: Context) -> list[Flowable]:
    t = ctx.t
    head = ["#", t("Action"), ctx.fw.label("node", ctx.lang), t("Owner"), t("Due"), t("Priority"), t("Status")]
    rows = [list(head)]
    for i, x in enumerate(ctx.a.actions, 1):
        title, desc = shorten(clean(x.title)), shorten(clean(x.description))
        body = TextBlock(title, [desc] if desc.strip() else [], 8.5, 10.5, 0, "", 0)
        rows.append([str(i), body, cell(", ".join(x.node_ids)), cell(x.owner),
                     cell(ctx.date(x.due) if x.due else ""), f"{ctx.status(x.priority)} ({x.impact}/{x.effort})",
                     ctx.status(x.status)])
    story: list[Flowable] = [PageBreak(), Heading(t("Improvement plan"), "h1", 0, "plan")]
    if len(rows) == 1:
        return story + [P(t("None recorded."))]
    tbl = grid_table(rows, [7 * mm, None, 21 * mm, 26 * mm, 21 * mm, 22 * mm, 19 * mm],
                     [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, LIGHT])],
                     split_in_row=True)  # whole rows first; only an action longer than a page is cut
    return story + [P(t("Priority: (Impact/Effort), 1-5."), "muted"), tbl]


def method(ctx: Context) -> list[Flowable]:
    fw, m, t, lang = ctx.fw, ctx.method, ctx.t, ctx.lang
    story: list[Flowable] = [PageBreak(), Heading(t("Method and scale"), "h1", 0, "method"),
                             P(f"{fw.title_with_edition(lang)}. {fw.publisher}."), P(fw.description(lang)),
                             M(f"<b>{esc(m.title(lang))}.</b> {esc(m.description(lang))}"),
                             P(t("How the scores are formed"), "h3")]
    story += [P(text) for text in how_scores_are_formed(ctx)]
    seen = set()
    for d in m.dimensions:
        if d.scale.id in seen:
            continue
        seen.add(d.scale.id)
        story.append(P(d.scale.title(lang), "h3"))
        if d.scale.description(lang):
            story.append(P(d.scale.description(lang), "muted"))
        rows, style = [], grid_style(False)
        for k, item in enumerate(d.scale.levels or d.scale.bands):
            rng = f"{item.value}" if hasattr(item, "value") else f"{item.min}-{item.max}"
            rows.append([coloured(rng, item.colour, True), cell(item.label(lang), True), cell(item.guidance(lang))])
            if item.colour:
                style.append(("BACKGROUND", (0, k), (0, k), hexcolour(item.colour)))
        if rows:
            story.append(grid_table(rows, [16 * mm, 40 * mm, None], style[len(grid_style(False)):], header=False))
    story += lights.method_extras(ctx, grid_style)
    story.append(P(t("Participants"), "h3"))
    rows = [[cell(ctx.person(p)), cell("" if ctx.anonymous else value_label(p.role, ctx.lang)), ctx.pct(ctx.people[p.id].completeness)]
            for p in ctx.a.participants]
    if rows:
        story.append(grid_table([[t("Participant"), "" if ctx.anonymous else t("Role"), t("Completeness")]] + rows,
                                [50 * mm, None, 25 * mm]))
    if ctx.a.language and ctx.a.language != lang:
        from npmassess.i18n import language_name
        story.append(P(t("The participants' own texts (notes, rationale) are quoted as written, in {language}.").format(
            language=language_name(ctx.a.language, lang)), "muted"))
    story.append(KeepTogether([P(t("Source: {source}").format(source=fw.source(lang)), "muted")]))
    return story
