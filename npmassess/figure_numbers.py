"""The numbers of an award item's figures: the team's own, then the results register's measures numbered
on after them ("7.1-3"), and the narrative's references moved when those numbers move. The exports
(npmassess.exports.placement), the desk and the figure command all number here."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from npmassess.assessment import Assessment
from npmassess.i18n import _
from npmassess.model import RESULT_TYPES, Framework, Node
from npmassess.narrative import renumber
from npmassess.results.figures import MeasureFigure, ResultsData, figure_of
from npmassess.results.model import Measure
from npmassess.results.nodes import is_results_node


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
    before = {r.measure.id: r.number for r in register_figures(a, fw, node, data)}
    changed = dataclasses.replace(a, figures={**a.figures, node.id: list(figures)})
    after = {r.measure.id: r.number for r in register_figures(changed, fw, node, data)}
    mapping = {before[m]: after[m] for m in before if m in after and before[m] != after[m]}
    text = a.narratives.get(node.id, "")
    return renumber(text, mapping), mapping
