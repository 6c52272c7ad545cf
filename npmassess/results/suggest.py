"""The band the register's facts suggest for a results node, under the framework's own logic.

CAF 2020 results panel: trends and targets (classical: one score whose bands join trends and
targets, e.g. 51-70 "improving trends and/or most targets met", read as the lower of the two;
fine-tuned: a trends and a targets dimension, each on its own bands).
Baldrige results items: levels, trends, comparisons, integration (LeTCI), each read on the six
bands and combined as their rounded-down mean. The Baldrige-based awards (Thailand TQA,
Philippine PQA) read the same way. MAF, Capability Review, the PMA scorecard, Korea's GPE and
EFQM's RADAR give no band-by-band results rubric that counts trends and targets: for them the
suggestion is our own proportional reading (the mean of the improving share and the targets-met
share, placed on the scale).
A suggestion is never a score: the team decides, and an overrule keeps its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from npmassess import numbers
from npmassess.i18n import _, current_language, listing, ngettext
from npmassess.model import Dimension, Framework, Node, Scale
from npmassess.results.model import Measure, Register
from npmassess.results.nodes import RESULT_ELEMENTS, is_results_node  # noqa: F401 - also imported from here
from npmassess.results.stats import Reading, read

LETCI = {"baldrige", "tqa", "pqa"}  # Baldrige-based awards score results items on LeTCI


@dataclass
class Suggestion:
    """A suggested value for one dimension of a node, with the facts it rests on."""

    dimension: str
    value: float | None  # None: the facts suggest nothing (no measures)
    band_index: int | None  # index into the scale's bands (numeric) or levels (ordinal, best first)
    label: str
    reason: str


@dataclass
class Facts:
    """Counts over the linked measures, the inputs of every suggestion."""

    measures: int
    readable: int  # with enough points to read a trend
    improving: int
    worsening: int
    with_target: int
    met: int
    with_comparison: int
    better: int
    integrated: int  # also linked to a process or enabler node (Baldrige integration)

    def text(self) -> str:
        flat, few = self.readable - self.improving - self.worsening, self.measures - self.readable
        trends = listing([ngettext("{n} improving", "{n} improving", self.improving).format(n=self.improving),
                          ngettext("{n} worsening", "{n} worsening", self.worsening).format(n=self.worsening),
                          ngettext("{n} flat", "{n} flat", flat).format(n=flat),
                          ngettext("{n} without enough data", "{n} without enough data", few).format(n=few)])
        return _("{measures}: {trends}; latest target met {met} of {targets}; better than the comparison {better} "
                 "of {compared}").format(
            measures=ngettext("{n} linked measure", "{n} linked measures", self.measures).format(n=self.measures),
            trends=trends, met=self.met, targets=self.with_target, better=self.better, compared=self.with_comparison)


def facts(fw: Framework, measures: list[Measure], readings: list[Reading]) -> Facts:
    """Count what the linked measures show."""
    enablers = {n.id for n in fw.scored_nodes() if not is_results_node(fw, n)}
    return Facts(
        measures=len(measures),
        readable=sum(r.trend != "not enough data" for r in readings),
        improving=sum(r.trend == "improving" for r in readings),
        worsening=sum(r.trend == "worsening" for r in readings),
        with_target=sum(r.target_met is not None for r in readings),
        met=sum(bool(r.target_met) for r in readings),
        with_comparison=sum(r.versus_comparison is not None for r in readings),
        better=sum(r.versus_comparison == "better" for r in readings),
        integrated=sum(any(n in enablers for n in m.nodes_of(fw.id)) for m in measures))


def _share_band(part: int, whole: int) -> int:
    """A share on the six bands: none 1, under 20 % 1, 20-40 % 2, 40-60 % 3, 60-90 % 4, 90 %+ 5."""
    if whole == 0:
        return 0
    s = part / whole
    return 1 if s < 0.2 else 2 if s < 0.4 else 3 if s < 0.6 else 4 if s < 0.9 else 5


def caf_trends(f: Facts) -> tuple[int, str]:
    """CAF trends: no measurement 0, negative 1, flat 2, sustained 3, substantial 4, positive comparison 5."""
    if f.readable == 0:
        return 0, _("no linked measure has enough values to show a trend")
    if f.worsening > f.improving:
        return 1, _("more linked measures worsen than improve")
    share = f.improving / f.readable
    if share < 0.5:
        return 2, _("most trends are flat (no signal beyond noise)")
    if share < 0.75 or f.worsening:
        return 3, _("at least half of the trends improve")
    if f.improving == f.readable and f.with_comparison == f.measures and f.better == f.measures:
        return 5, _("every trend improves and every measure compares favourably")
    return 4, _("three quarters or more of the trends improve, none worsens")


def caf_targets(f: Facts) -> tuple[int, str]:
    """CAF targets: none 0, not met 1, few 2, some 3, most 4, all 5."""
    if f.with_target == 0:
        return 0, _("no linked measure has a target for its latest period")
    s = f.met / f.with_target
    if s == 0:
        return 1, _("no target is met")
    if s == 1:
        return 5, _("every target is met")
    return (2, _("few targets are met")) if s < 1 / 3 else (3, _("some targets are met")) if s < 2 / 3 \
        else (4, _("most targets are met"))


def caf_targets_classical(f: Facts, trends_band: int) -> tuple[int, str]:
    """CAF classical panel, targets part: none met 1, some (half or fewer) 2, most 3, all 4; 5 only with
    excellent trends."""
    if f.with_target == 0:
        return 0, _("no linked measure has a target for its latest period")
    s = f.met / f.with_target
    if s == 0:
        return 1, _("no target is met")
    if s <= 0.5:
        return 2, _("some targets are met (half or fewer)")
    if s < 1:
        return 3, _("most targets are met")
    if trends_band == 5:
        return 5, _("every target is met, with excellent trends and favourable comparisons")
    return 4, _("every target is met")


def baldrige_letci(f: Facts) -> tuple[int, str]:
    """Baldrige results: the rounded-down mean of the levels, trends, comparisons and integration bands."""
    le = _share_band(f.met, f.with_target) if f.with_target else 0
    t = 0 if f.readable == 0 else min(_share_band(f.improving, f.readable), 1 if f.worsening > f.improving else 5)
    c = _share_band(f.better, f.measures) if f.with_comparison else 0
    i = _share_band(f.integrated, f.measures)
    band = (le + t + c + i) // 4
    return band, _("levels {le}, trends {t}, comparisons {c}, integration {i} (bands 0-5; mean rounded down)").format(
        le=le, t=t, c=c, i=i)


def _numeric(scale: Scale, band: int) -> tuple[float, str]:
    b = scale.bands[min(band, len(scale.bands) - 1)]
    mid = (b.min + b.max) / 2
    value = scale.min + round((mid - scale.min) / scale.step) * scale.step
    return float(min(max(value, b.min), b.max)), f"{_num(b.min)}-{_num(b.max)} {b.label()}"


def suggest(fw: Framework, method_id: str, node: Node, register: Register) -> list[Suggestion]:
    """One suggestion per dimension of a results node (empty for other nodes)."""
    if not is_results_node(fw, node):
        return []
    measures = register.linked(fw.id, node.id)
    readings = [read(m) for m in measures]
    f = facts(fw, measures, readings)
    out = []
    for dim in fw.method(method_id).dimensions_for(node.type):
        out.append(_suggest_dim(fw, dim, f))
    return out


def _suggest_dim(fw: Framework, dim: Dimension, f: Facts) -> Suggestion:
    if f.measures == 0:
        return Suggestion(dim.id, None, None, "", _("no measure of the register is linked to this node"))
    scale = dim.scale
    caf_logic = fw.id == "caf" or (fw.id not in LETCI and dim.id in ("trends", "targets"))
    if scale.ordinal or not (fw.id in LETCI or caf_logic) or len(scale.bands) != 6:
        # our own reading: the mean of the improving and targets-met shares, placed on the scale
        shares = [f.improving / f.readable] if f.readable else []
        if f.with_target:
            shares.append(f.met / f.with_target)
        if not shares:
            return Suggestion(dim.id, None, None, "", _("no trend can be read and no target is set"))
        s = sum(shares) / len(shares)
        if not scale.ordinal:
            value = scale.min + round(s * (scale.max - scale.min) / scale.step) * scale.step
            on_band = scale.band_of(value)
            index = list(scale.bands).index(on_band) if on_band is not None else None
            return Suggestion(dim.id, float(value), index, f"{_num(value)} {on_band.label() if on_band else ''}".strip(),
                              _own_reading(s, f))
        levels = scale.levels
        idx = min(len(levels) - 1, int((1 - s) * len(levels)))
        lv = levels[idx]
        return Suggestion(dim.id, float(lv.value), idx, lv.label(), _own_reading(s, f))
    if fw.id in LETCI:
        band, why = baldrige_letci(f)
    elif dim.id == "targets":
        band, why = caf_targets(f)
    elif dim.id == "trends":
        band, why = caf_trends(f)
    else:  # one score over trends and targets: the lower of the two, as the band texts join them
        (tb, tw) = caf_trends(f)
        gb, gw = caf_targets_classical(f, tb)
        band, why = (tb, tw) if f.with_target == 0 or tb <= gb else (gb, gw)
        why = _("trends band {tb} ({tw}), targets band {gb} ({gw}); the lower one counts").format(
            tb=tb, tw=tw, gb=gb, gw=gw)
    num, label = _numeric(scale, band)
    return Suggestion(dim.id, num, band, label, _("{why}; {facts}").format(why=why, facts=f.text()))


def _num(value: float) -> str:
    """A band bound or value in the current language ("12,5")."""
    return numbers.fmt(value, "score", current_language(), trim=True)


def _own_reading(share: float, f: Facts) -> str:
    return _("{share} of the trends improve and targets are met on average; {facts}").format(
        share=numbers.percent(share, current_language()), facts=f.text())
