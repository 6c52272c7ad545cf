"""An award application item's figures, as its narrative's "[Figure: NUMBER]" lines place them: the team's
own and, on a results item, the results register's measures, numbered here once for the PDF, Word and the
page budget."""

from __future__ import annotations

from npmassess.exports.common import Context
from npmassess.figure_numbers import RegisterFigure, item_figures, org_numbers, register_figures  # noqa: F401
from npmassess.i18n import N_, _
from npmassess.model import Node
from npmassess.narrative import place
from npmassess.results.figures import ResultsData

MISSING_FIGURE = N_("[Figure {number}: no figure with this number on this item]")
UNKNOWN_FIGURES = N_("Item {item}: the narrative places figure {numbers}, which the item does not have "
                     "(the document shows a placeholder there).")


def item_pieces(ctx: Context, node: Node, data: ResultsData | None = None) -> tuple[list[tuple[str, object]], list[str]]:
    """narrative.place over the item's own figures and the register's: (pieces, unknown numbers).

    A figure is a Figure (the team's) or a RegisterFigure; a marker naming one of the item's org charts
    (on its own page) is neither shown nor unknown."""
    org = org_numbers(ctx.a, node.id)
    figures = item_figures(ctx.a, node.id) + register_figures(ctx.a, ctx.fw, node, data)
    pieces, unknown = place(ctx.a.narratives.get(node.id, ""), figures)
    pieces = [(kind, v) for kind, v in pieces if kind != "missing" or str(v).lower() not in org]
    return pieces, [u for u in unknown if u.lower() not in org]


def figure_warnings(ctx: Context, node_ids: list[str], data: ResultsData | None = None) -> list[str]:
    """One warning per item whose narrative places a figure number the item does not have."""
    out = []
    for nid in node_ids:
        _pieces, unknown = item_pieces(ctx, ctx.fw.node(nid), data)
        if unknown:
            out.append(_(UNKNOWN_FIGURES).format(item=nid, numbers=", ".join(unknown)))
    return out
