"""Scoring engine: pure functions from ratings to node, criterion and overall results.

Rules (one place, used by the GUI, the exports and the CLI alike):
- a scored node's value is the mean of its dimensions (CAF fine-tuned: P, D, C, A or trends and
  targets), and only exists once every dimension is rated; otherwise it is *missing*, never 0;
- ``mean`` frameworks (CAF): criterion = mean of its rated sub-criteria; enablers, results and
  overall = mean of the rated sub-criteria of that kind (all 28 for overall);
- ``points`` frameworks (Baldrige): item points = percent x item points / 100; category = sum of its
  rated items; total = sum of rated items, out of total_points;
- ``profile`` frameworks (ordinal scales: MAF, Capability Review): no average at all, only the
  distribution per level, the lowest rating and the ratings per area;
- methods with ``combine = "separate"`` (PMA status and progress): a node has no single value;
  each dimension is reported on its own, side by side, with its own profile per dimension;
- methods with ``combine = "highest_met"`` (ISO 9004 style): the node's result is the number of
  levels met in a row from the first, named on the method's result scale;
- bonus criteria (Korea) add points beyond total_points; grades are read from the total with bonus,
  once every scored node is rated (before that, ``grade_so_far`` says what is already reached).
"""

from __future__ import annotations

from dataclasses import dataclass, field
import math
from typing import Iterable, Mapping

from npmassess.assessment import Assessment
from npmassess.model import RESULT_TYPES, Band, Framework, Grade, Level, Method, Node


@dataclass
class NodeScore:
    node_id: str
    value: float | None  # numeric score 0-100, or the ordinal level value
    dims: dict[str, float | None]
    completeness: float  # share of the node's dimensions rated, 0..1
    band: Band | None = None
    level: Level | None = None
    points: float | None = None  # points earned (points frameworks)
    max_points: int | None = None
    separate: bool = False  # dimensions reported side by side: value stays None
    dim_levels: dict[str, Level | None] = field(default_factory=dict)  # separate: dimension -> level


@dataclass
class GroupScore:
    node_id: str
    value: float | None  # mean (mean frameworks) or percent of max points (points frameworks)
    completeness: float
    rated: int
    total: int
    points: float | None = None
    max_points: int | None = None
    profile: dict[int, int] = field(default_factory=dict)  # level value -> count
    lowest: Level | None = None
    profiles: dict[str, dict[int, int]] = field(default_factory=dict)  # separate: per dimension
    lowest_by_dim: dict[str, Level | None] = field(default_factory=dict)


@dataclass
class ScoreReport:
    framework: Framework
    method: Method
    participant_id: str | None
    nodes: dict[str, NodeScore]
    criteria: dict[str, GroupScore]
    overall: float | None
    enablers: float | None
    results: float | None
    total_points: float | None
    max_points: int | None
    completeness: float
    missing: list[str]
    profile: dict[int, int]
    lowest: Level | None
    profiles: dict[str, dict[int, int]] = field(default_factory=dict)  # separate: per dimension
    lowest_by_dim: dict[str, Level | None] = field(default_factory=dict)
    bonus_points: float | None = None  # points earned on bonus criteria
    max_bonus: int = 0
    grade: Grade | None = None  # set once every scored node is rated
    grade_so_far: Grade | None = None  # what the rated nodes already reach (a lower bound)

    @property
    def ordinal(self) -> bool:
        return self.framework.aggregation == "profile"

    @property
    def separate(self) -> bool:
        return self.method.separate

    @property
    def total_with_bonus(self) -> float | None:
        if self.total_points is None and self.bonus_points is None:
            return None
        return (self.total_points or 0.0) + (self.bonus_points or 0.0)


def mean(values: list[float]) -> float:
    """Arithmetic mean from a correctly rounded sum (statistics.mean is 10x slower: Fractions)."""
    return math.fsum(values) / len(values)


_STRUCTURE: dict[int, tuple[Framework, list[Node], list[tuple[Node, list[Node]]]]] = {}


def structure(framework: Framework) -> tuple[list[Node], list[tuple[Node, list[Node]]]]:
    """Scored nodes and (scored criterion, its scored nodes), computed once per framework object (frozen)."""
    hit = _STRUCTURE.get(id(framework))
    if hit is None or hit[0] is not framework:
        hit = (framework, framework.scored_nodes(), [(c, c.leaves()) for c in framework.scored_criteria()])
        _STRUCTURE[id(framework)] = hit
    return hit[1], hit[2]


_DIMS: dict[tuple[int, str], tuple[Method, tuple]] = {}


def _dims(method: Method, node_type: str) -> tuple:
    """method.dimensions_for(node_type), computed once per method object (frozen)."""
    hit = _DIMS.get((id(method), node_type))
    if hit is None or hit[0] is not method:
        hit = (method, method.dimensions_for(node_type))
        _DIMS[(id(method), node_type)] = hit
    return hit[1]


def _node_value(method: Method, dims: tuple, node_id: str,
                ratings: Mapping[tuple[str, str], float]) -> float | None:
    """A node's one value: None until every dimension is rated (and always for separate methods);
    highest level met, lowest level (ordinal) or mean of the dimensions."""
    if method.separate or not dims:
        return None
    maybe = [ratings.get((node_id, d.id)) for d in dims]
    values = [v for v in maybe if v is not None]
    if len(values) < len(maybe):
        return None
    if method.combine == "highest_met":
        return float(_levels_met(dims, {d.id: v for d, v in zip(dims, values)}))
    if len(values) == 1:
        return values[0]
    return min(values) if dims[0].scale.ordinal else mean(values)


def _mean(values: list[float]) -> float | None:
    return mean(values) if values else None


def _known(values: Iterable[float | None]) -> list[float]:
    """The values (or points) of rated scores, which always have one: a None is a scoring bug."""
    out = []
    for v in values:
        if v is None:
            raise ValueError("a rated score has no value")
        out.append(v)
    return out


def node_score(framework: Framework, method: Method, node: Node,
               ratings: Mapping[tuple[str, str], float]) -> NodeScore:
    """Score of one scored node from (node, dimension) -> value ratings."""
    dims = _dims(method, node.type)
    values = {d.id: ratings.get((node.id, d.id)) for d in dims}
    present = [v for v in values.values() if v is not None]
    done = len(present) / len(dims) if dims else 0.0
    if method.separate:
        ns = NodeScore(node.id, None, values, done, max_points=node.points, separate=True,
                       dim_levels={d.id: d.scale.level_of(values[d.id]) for d in dims})
        return ns
    value = _node_value(method, dims, node.id, ratings)
    ns = NodeScore(node.id, value, values, done, max_points=node.points)
    scale = method.result_scale if method.combine == "highest_met" else (dims[0].scale if dims else None)
    if value is not None and scale is not None:
        if scale.ordinal:
            ns.level = scale.level_of(value)
        else:
            # the band is read on the node's single-score scale (classical) or the first dimension's
            ns.band = scale.band_of(value)
            if framework.aggregation == "points" and node.points is not None:
                ns.points = value * node.points / 100.0
    return ns


def _levels_met(dims, values: Mapping[str, float | None]) -> int:
    """Highest level reached with no gap below: dimensions met in a row from the first."""
    reached = 0
    for d in dims:
        best = max(lv.value for lv in d.scale.levels)
        if values.get(d.id) != best:
            break
        reached += 1
    return reached


def result_levels(method: Method, dimension: str | None = None) -> dict[int, Level]:
    """Value -> level of what a node's result is read on (one dimension's scale when given)."""
    if method.result_scale is not None and dimension is None:
        return {lv.value: lv for lv in method.result_scale.levels}
    levels: dict[int, Level] = {}
    for d in method.dimensions:
        if dimension is None or d.id == dimension:
            for lv in d.scale.levels:
                levels.setdefault(lv.value, lv)
    return levels


def _profile(method: Method, scores: list[NodeScore], dimension: str | None = None
             ) -> tuple[dict[int, int], Level | None]:
    levels = result_levels(method, dimension)
    counts = {v: 0 for v in sorted(levels, reverse=True)}
    if dimension is None:
        rated = [int(s.value) for s in scores if s.value is not None]
    else:
        rated = [int(dv) for s in scores if (dv := s.dims.get(dimension)) is not None]
    for v in rated:
        counts[v] = counts.get(v, 0) + 1
    return counts, (levels.get(min(rated)) if rated else None)


def _dim_ids(method: Method) -> list[str]:
    return list(dict.fromkeys(d.id for d in method.dimensions))


def score(framework: Framework, assessment: Assessment, participant_id: str | None = None,
          ratings: Mapping[tuple[str, str], float] | None = None) -> ScoreReport:
    """Scores of an assessment, from the consensus (default) or from one participant's ratings."""
    method = framework.method(assessment.method)
    if ratings is None:
        ratings = assessment.ratings_of(participant_id)
    scored, crits = structure(framework)
    nodes = {n.id: node_score(framework, method, n, ratings) for n in scored}
    criteria: dict[str, GroupScore] = {}
    for crit, crit_leaves in crits:
        leaves = [nodes[n.id] for n in crit_leaves]
        rated = [s for s in leaves if (s.completeness == 1 if s.separate else s.value is not None)]
        g = GroupScore(crit.id, None, sum(s.completeness for s in leaves) / len(leaves), len(rated), len(leaves))
        if framework.aggregation == "mean":
            g.value = _mean(_known(s.value for s in rated))
        elif framework.aggregation == "points":
            g.max_points = crit.points
            g.points = sum(_known(s.points for s in rated)) if rated else None
            g.value = g.points * 100.0 / crit.points if g.points is not None and crit.points else None
        elif method.separate:
            for did in _dim_ids(method):
                g.profiles[did], g.lowest_by_dim[did] = _profile(method, leaves, did)
        else:
            g.profile, g.lowest = _profile(method, leaves)
        criteria[crit.id] = g
    all_scores = list(nodes.values())
    node_types = {n.id: n.type for n in scored}
    rated_all = [s for s in all_scores if s.value is not None]
    report = ScoreReport(
        framework, method, participant_id, nodes, criteria, None, None, None, None,
        framework.total_points,
        sum(s.completeness for s in all_scores) / len(all_scores) if all_scores else 0.0,
        [s.node_id for s in all_scores if (s.completeness < 1 if s.separate else s.value is None)], {}, None)
    if framework.aggregation == "mean":
        report.overall = _mean(_known(s.value for s in rated_all))
        report.enablers = _mean(_known(s.value for s in rated_all if node_types[s.node_id] not in RESULT_TYPES))
        report.results = _mean(_known(s.value for s in rated_all if node_types[s.node_id] in RESULT_TYPES))
    elif framework.aggregation == "points":
        bonus_ids = {n.id for c in framework.criteria if c.bonus for n in c.walk()}
        regular = [s for s in rated_all if s.node_id not in bonus_ids]
        extra = [s for s in rated_all if s.node_id in bonus_ids]
        report.total_points = sum(_known(s.points for s in regular)) if regular else None
        report.bonus_points = sum(_known(s.points for s in extra)) if extra else None
        report.max_bonus = framework.bonus_points
        process = _known(s.points for s in regular if node_types[s.node_id] not in RESULT_TYPES)
        results = _known(s.points for s in regular if node_types[s.node_id] in RESULT_TYPES)
        report.enablers = sum(process) if process else None
        report.results = sum(results) if results else None
        report.overall = report.total_points * 100.0 / framework.total_points \
            if report.total_points is not None and framework.total_points else None
        if framework.grades:
            report.grade_so_far = framework.grade_of(report.total_with_bonus)
            report.grade = report.grade_so_far if not report.missing else None
    elif method.separate:
        for did in _dim_ids(method):
            report.profiles[did], report.lowest_by_dim[did] = _profile(method, all_scores, did)
    else:
        report.profile, report.lowest = _profile(method, all_scores)
    return report


def side_by_side(report: ScoreReport, node_id: str) -> list[tuple[str, str, Level | None]]:
    """(dimension id, dimension title, level) of a node rated with separate dimensions, in order."""
    node = report.framework.node(node_id)
    ns = report.nodes.get(node_id)
    return [(d.id, d.title(), ns.dim_levels.get(d.id) if ns else None)
            for d in report.method.dimensions_for(node.type)]


@dataclass
class Divergence:
    node_id: str
    values: dict[str, float]  # participant id -> node value (only those who rated it fully)
    low: float | None
    high: float | None
    spread: float | None  # high - low; for ordinal scales, in levels
    # separate dimensions: dimension -> participant -> rating (spread is the widest dimension's)
    by_dim: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def raters(self) -> int:
        return len(self.values)


def divergence(framework: Framework, assessment: Assessment) -> dict[str, Divergence]:
    """Per scored node, the participants' individual node scores and their spread."""
    method = framework.method(assessment.method)
    scored = structure(framework)[0]
    if method.separate:
        reports = {p.id: score(framework, assessment, p.id) for p in assessment.participants}
        return {node.id: _separate_divergence(method, node, reports) for node in scored}
    by_participant: dict[str, dict] = {p.id: {} for p in assessment.participants}
    for (pid, n, d), v in assessment.ratings.items():
        if pid in by_participant:
            by_participant[pid][(n, d)] = v
    # only node values are needed here: the same rule as score() (_node_value), without the roll-ups
    dims = [(n.id, _dims(method, n.type)) for n in scored]
    values_of = {pid: {nid: _node_value(method, d, nid, r) for nid, d in dims} for pid, r in by_participant.items()}
    out = {}
    for node in scored:
        values = {pid: nv for pid, r in values_of.items() if (nv := r[node.id]) is not None}
        spread: float | None
        if framework.aggregation == "profile" and values:
            order = {lv.value: i for i, lv in enumerate(_levels(framework, assessment, node))}
            ranks = [order.get(int(v), 0) for v in values.values()]
            spread = float(max(ranks) - min(ranks))
        else:
            spread = max(values.values()) - min(values.values()) if values else None
        out[node.id] = Divergence(node.id, values, min(values.values()) if values else None,
                                  max(values.values()) if values else None, spread)
    return out


def _separate_divergence(method: Method, node: Node, reports: dict[str, ScoreReport]) -> Divergence:
    by_dim: dict[str, dict[str, float]] = {}
    spreads = []
    for d in method.dimensions_for(node.type):
        vals = {pid: dv for pid, r in reports.items()
                if (dv := r.nodes[node.id].dims.get(d.id)) is not None}
        by_dim[d.id] = vals
        if vals:
            order = {lv.value: i for i, lv in enumerate(d.scale.levels)}
            ranks = [order.get(int(v), 0) for v in vals.values()]
            spreads.append(float(max(ranks) - min(ranks)))
    return Divergence(node.id, {}, None, None, max(spreads) if spreads else None, by_dim)


def _levels(framework: Framework, assessment: Assessment, node: Node) -> tuple[Level, ...]:
    method = framework.method(assessment.method)
    if method.result_scale is not None:
        return method.result_scale.levels
    dims = method.dimensions_for(node.type)
    return dims[0].scale.levels if dims else ()


def agenda(framework: Framework, assessment: Assessment, threshold: float) -> list[Divergence]:
    """Nodes whose spread exceeds the threshold, widest first: the consensus meeting's agenda."""
    items = [d for d in divergence(framework, assessment).values()
             if d.spread is not None and d.spread > threshold]
    order = {n.id: i for i, n in enumerate(framework.scored_nodes())}
    return sorted(items, key=lambda d: (-(d.spread or 0.0), order[d.node_id]))  # spread is set in items


def participant_completeness(framework: Framework, assessment: Assessment) -> dict[str, float]:
    """Share of the dimensions each participant has rated, 0..1."""
    return {p.id: score(framework, assessment, p.id).completeness for p in assessment.participants}


def format_value(report: ScoreReport, value: float | None, digits: int = 1, lang: str | None = None) -> str:
    """A score as people read it: '63.5' ('63,5' in French; default: the current language), half-up; '—' if missing."""
    from npmassess.i18n import current_language
    from npmassess.numbers import fmt
    return fmt(value, "score", lang or current_language(), decimals=digits, trim=True)
