"""An award application item's figures, as its narrative's "[Figure: NUMBER]" lines place them: the team's
own and, on a results item, the results register's measures, numbered here once for the PDF, Word and the
page budget."""

from __future__ import annotations

from dataclasses import dataclass

from npmassess.assessment import Assessment
from npmassess.exports.common import Context
from npmassess.i18n import N_, _
from npmassess.model import RESULT_TYPES, Framework, Node
from npmassess.narrative import place, renumber
from npmassess.results.figures import MeasureFigure, ResultsData, figure_of
from npmassess.results.model import Measure
from npmassess.results.nodes import is_results_node

MISSING_FIGURE = N_("[Figure {number}: no figure with this number on this item]")
UNKNOWN_FIGURES = N_("Item {item}: the narrative places figure {numbers}, which the item does not have "
                     "(the document shows a placeholder there).")


@dataclass(frozen=True)
class RegisterFigure:
    """A measure of the unit's results register shown as a figure of an item, with its number ('7.1-3')."""

    number: str
    measure: Measure

    def drawn(self) -> MeasureFigure:
        """The measure's charts and table, captioned 'Figure 7.1-3' in the current language."""
        return figure_of(self.measure, _("Figure {number}").format(number=self.number))


def item_figures(a: Assessment, node_id: str) -> list:
    """An item's own figures shown with its text (org charts have their own page in the front matter)."""
    return [f for f in a.figures.get(node_id, []) if f.chart != "org"]


def org_numbers(a: Assessment, node_id: str) -> set[str]:
    """The numbers of an item's org charts, as markers name them (a marker for one is not an error)."""
    return {str(f.number).strip().lower() for f in a.figures.get(node_id, []) if f.chart == "org"}


def next_figure_number(node_id: str, numbers: list[str]) -> int:
    """The first free figure number of an item after the team's ('7.1-2' and two figures: 3)."""
    used = [len(numbers)]
    for n in numbers:
        head, _sep, tail = n.strip().rpartition("-")
        if head == node_id and tail.isdigit():
            used.append(int(tail))
    return max(used) + 1


def register_figures(a: Assessment, fw: Framework, node: Node, data: ResultsData | None) -> list[RegisterFigure]:
    """A results item's measures from the register, numbered on after the team's own figures of the item
    (the team has 7.1-1 and 7.1-2: the register's start at 7.1-3); none without a register. The exports and
    the desk's figure list (which shows the writer the numbers to place) both ask here."""
    if data is None or node.type not in RESULT_TYPES or not is_results_node(fw, node):
        return []
    start = next_figure_number(node.id, [str(f.number) for f in item_figures(a, node.id)])
    return [RegisterFigure(f"{node.id}-{i}", m) for i, m in enumerate(data.register.linked(fw.id, node.id), start)]


def renumbered_narrative(a: Assessment, fw: Framework, node: Node, data: ResultsData | None,
                         figures: list) -> tuple[str, dict[str, str]]:
    """The item's narrative once its own figures become `figures`: the register's figures are numbered after
    the team's, so adding or removing one of the team's moves theirs (7.1-3 becomes 7.1-4); their markers
    and mentions in the text move with them. Returns (text, old number -> new number)."""
    import dataclasses
    before = {r.measure.id: r.number for r in register_figures(a, fw, node, data)}
    changed = dataclasses.replace(a, figures={**a.figures, node.id: list(figures)})
    after = {r.measure.id: r.number for r in register_figures(changed, fw, node, data)}
    mapping = {before[m]: after[m] for m in before if m in after and before[m] != after[m]}
    text = a.narratives.get(node.id, "")
    return renumber(text, mapping), mapping


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
