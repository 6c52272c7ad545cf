"""Which nodes are judged on measured results, and which nodes a unit's measures are linked to.

Light on purpose (no register model, no statistics): the scoring view asks this for every node it
shows, also at start-up, and loads the rest of the results package only for a results node.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from npmassess.model import Framework, Node

# Nodes scored on results that are not of type "result" in their framework.
RESULT_ELEMENTS = {"maf": {"9", "RM"}, "capability-review": {"S1", "D3"}, "pma-scorecard": {"5"}, "kr-gpe": {"1"}}


def is_results_node(fw: Framework, node: Node) -> bool:
    """True for the nodes judged on measured results (CAF 6-9, Baldrige 7, MAF 9/RM, CR S1/D3)."""
    return node.type == "result" or node.id in RESULT_ELEMENTS.get(fw.id, set())


def links_of(store, organisation: str, unit: str) -> set[str]:
    """Every 'framework:node' some measure of the unit is linked to (one small query)."""
    return {r[0] for r in store.db.conn.execute(
        "select distinct l.link from measure_links l join measures m on m.id = l.measure_id"
        " where m.organisation = ? and m.unit = ?", [organisation, unit])}
