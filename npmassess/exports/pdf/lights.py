"""PDF parts for dimensions reported side by side (PMA status and progress): never one merged value."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, TableStyle

from npmassess.i18n import translate_to
from npmassess.exports.common import Context
from npmassess.exports.pdf.styles import Heading, P, esc, hexcolour, text_on
from npmassess.exports.pdf.tables import ContinuedTable
from npmassess.exports.pdf.text import cell
from npmassess.scoring import result_levels


def dimension_titles(ctx: Context) -> list[tuple[str, str]]:
    """(dimension id, title) of the method, in order, once each."""
    return list(dict.fromkeys((d.id, d.title(ctx.lang)) for d in ctx.method.dimensions))


def profile_line(ctx: Context) -> str:
    """'Status: Green 1, Yellow 2, Red 2 (lowest Red). Progress: ...' as report markup."""
    rep, parts = ctx.report, []
    for did, title in dimension_titles(ctx):
        levels = result_levels(rep.method, did)
        counts = ", ".join(f"{levels[v].label(ctx.lang)} {n}" for v, n in rep.profiles.get(did, {}).items())
        low = rep.lowest_by_dim.get(did)
        parts.append(f"<b>{esc(title)}{ctx.c}</b>{esc(counts)} ({esc(ctx.t('Lowest rating').lower())} "
                     f"{esc(low.label(ctx.lang) if low else '—')})")
    return ". ".join(parts) + ". " + esc(ctx.t("The ratings are reported side by side and never combined."))


def lowest_text(ctx: Context, crit_id: str) -> str:
    g = ctx.report.criteria[crit_id]
    return " · ".join(f"{title}: {lv.label(ctx.lang) if (lv := g.lowest_by_dim.get(d)) else '—'}"
                      for d, title in dimension_titles(ctx))


def score_table(ctx: Context, grid_style) -> list[Flowable]:
    """One row per node, one coloured column per dimension (a light each), then completeness."""
    t, fw = ctx.t, ctx.fw
    dims = dimension_titles(ctx)
    rows = [["", fw.label("node", ctx.lang)] + [title for _, title in dims] + [t("Completeness")]]
    style = grid_style()
    for n in fw.scored_nodes():
        r = len(rows)
        lights = ctx.lights(n)
        rows.append([n.id, cell(ctx.title(n))]  # each light's text dark or white by contrast (>= 4.5:1)
                    + [cell(label, True, text_on(hexcolour(colour)) if colour else None) for _, label, colour in lights]
                    + [ctx.pct(ctx.report.nodes[n.id].completeness)])
        for j, (_, _, colour) in enumerate(lights):
            if colour:
                style.append(("BACKGROUND", (2 + j, r), (2 + j, r), hexcolour(colour)))
    widths = [12 * mm, None] + [28 * mm] * len(dims) + [24 * mm]
    tbl = ContinuedTable(rows, colWidths=widths, repeatRows=1, splitInRow=1)  # cells tagged TH/TD
    tbl.setStyle(TableStyle(style))
    return [PageBreak(), Heading(t("Score table"), "h1", 0, "scores"), tbl]


def method_extras(ctx: Context, grid_style) -> list[Flowable]:
    """Method appendix additions: bonus points, grades and their thresholds, and unconfirmed facts."""
    fw, lang, story = ctx.fw, ctx.lang, []
    if fw.bonus_points:
        bonus = ", ".join(f"{c.id} {c.title(lang)} ({c.points})" for c in fw.criteria if c.bonus)
        story.append(P(translate_to(lang, "Bonus points beyond the {total}-point total: {items}.").format(
            total=fw.total_points, items=bonus), "muted"))
    if fw.grades:
        story.append(P(fw.label("grade", lang), "h3"))
        rows, style = [], grid_style(False)
        for k, g in enumerate(fw.grades):
            rows.append([cell(g.rule(lang), True, text_on(hexcolour(g.colour)) if g.colour else None),
                         cell(g.label(lang), True), cell(g.guidance(lang))])
            if g.colour:
                style.append(("BACKGROUND", (0, k), (0, k), hexcolour(g.colour)))
        tbl = ContinuedTable(rows, colWidths=[36 * mm, 50 * mm, None])
        tbl.setStyle(TableStyle(style))
        story.append(tbl)
    # What could not be confirmed (verified = false, source_note) is for the file's authors and the
    # validator only: it never reaches a report (issue 17, "framework text users can trust").
    return story


