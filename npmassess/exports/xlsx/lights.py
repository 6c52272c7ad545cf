"""Workbook parts for dimensions reported side by side (PMA status and progress): never combined."""

from __future__ import annotations

from openpyxl.styles import Font, PatternFill

from npmassess.exports.common import Context
from npmassess.scoring import result_levels

BOLD = Font(bold=True)


def fill(colour: str) -> PatternFill | None:
    return PatternFill("solid", fgColor=colour.lstrip("#").upper()) if colour else None


def light_cells(ctx: Context, ws, row: int, node, dims: list[tuple[str, str]], first_col: int, put) -> None:
    """Each dimension's consensus level as its label, coloured like the light."""
    by_title = {title: (label, colour) for title, label, colour in ctx.lights(node)}
    for i, (_, title) in enumerate(dims):
        if title in by_title:
            label, colour = by_title[title]
            c = put(ws, row, first_col + i, label, BOLD)
            if fill(colour):
                c.fill = fill(colour)


def summary(ctx: Context, ws, top: int, put, header) -> None:
    """Per dimension: how many nodes are at each level, and the lowest; side by side, no total."""
    fw, t = ctx.fw, ctx.t
    dims = list(dict.fromkeys((d.id, d.title(ctx.lang)) for d in ctx.method.dimensions))
    r = top
    for did, title in dims:
        levels = result_levels(ctx.method, did)
        order = sorted(levels, reverse=True)
        header(ws, r, [title, fw.label("criterion", ctx.lang)] + [levels[v].label(ctx.lang) for v in order]
               + [t("Lowest rating")])
        r += 1
        for crit in fw.scored_criteria():
            g = ctx.report.criteria[crit.id]
            put(ws, r, 1, crit.id)
            put(ws, r, 2, ctx.title(crit))
            for j, v in enumerate(order):
                put(ws, r, 3 + j, g.profiles.get(did, {}).get(v, 0))
            low = g.lowest_by_dim.get(did)
            put(ws, r, 3 + len(order), low.label(ctx.lang) if low else "—")
            r += 1
        put(ws, r, 2, t("Overall"), BOLD)
        for j, v in enumerate(order):
            put(ws, r, 3 + j, ctx.report.profiles.get(did, {}).get(v, 0), BOLD)
        low = ctx.report.lowest_by_dim.get(did)
        put(ws, r, 3 + len(order), low.label(ctx.lang) if low else "—", BOLD)
        r += 2
    put(ws, r, 1, ctx.t("The ratings are reported side by side and never combined into one score."))
