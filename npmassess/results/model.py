"""The results register: measures along the production chain, their targets and values."""

from __future__ import annotations

from dataclasses import dataclass, field

from npmassess.i18n import N_
from npmassess.results.periods import Period, sort_key

# The production chain of public-sector performance management, in order.
LEVELS = ("input", "activity", "output", "outcome", "impact")
LEVEL_TITLES = {"input": N_("Inputs"), "activity": N_("Activities"), "output": N_("Outputs"),
                "outcome": N_("Outcomes"), "impact": N_("Impact")}  # msgids: shown through _()
DIRECTIONS = ("higher", "lower")  # which way is better


@dataclass
class Observation:
    """What the register holds for one measure and one period (any part may be missing)."""

    period: str
    actual: float | None = None
    target: float | None = None
    comparison: float | None = None

    @property
    def key(self) -> Period:
        return sort_key(self.period)


@dataclass
class Measure:
    """One measure of an organisation's unit; links name framework nodes as 'caf:6.2'."""

    id: str
    name: str
    level: str
    definition: str = ""
    unit: str = ""
    direction: str = "higher"
    source: str = ""
    owner: str = ""
    baseline: float | None = None
    baseline_period: str = ""
    comparison_name: str = ""  # the peer or benchmark the comparison values come from
    relates_to: str = ""  # id of the input (for an output) or output (for an outcome) it is divided by
    links: list[str] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)  # sorted by period
    position: int = 0

    @property
    def lower_is_better(self) -> bool:
        return self.direction == "lower"

    def linked_to(self, framework_id: str, node_id: str) -> bool:
        return f"{framework_id}:{node_id}" in self.links

    def nodes_of(self, framework_id: str) -> list[str]:
        """The node ids of one framework this measure is linked to."""
        prefix = framework_id + ":"
        return [link[len(prefix):] for link in self.links if link.startswith(prefix)]

    def actuals(self) -> list[tuple[str, float]]:
        """(period, actual) of every period with an actual value, oldest first."""
        return [(o.period, o.actual) for o in self.observations if o.actual is not None]

    def latest(self) -> Observation | None:
        """The latest period with an actual value."""
        return next((o for o in reversed(self.observations) if o.actual is not None), None)


@dataclass
class Register:
    """Every measure of one organisation and unit (carried across assessment cycles)."""

    organisation: str
    unit: str
    measures: list[Measure] = field(default_factory=list)

    def measure(self, measure_id: str) -> Measure:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)

    def by_name(self, name: str) -> Measure | None:
        folded = name.strip().casefold()
        return next((m for m in self.measures if m.name.strip().casefold() == folded), None)

    def linked(self, framework_id: str, node_id: str) -> list[Measure]:
        """The measures linked to one framework node, in register order."""
        return [m for m in self.measures if m.linked_to(framework_id, node_id)]

    def at_level(self, level: str) -> list[Measure]:
        return [m for m in self.measures if m.level == level]
