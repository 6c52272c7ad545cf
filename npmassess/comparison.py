"""Comparisons: one unit across cycles (trend, follow-up of actions) and several units in one cycle."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable

from npmassess import numbers, scoring
from npmassess.scoring import mean
from npmassess.assessment import Action, Assessment, Note, Participant, new_id, now
from npmassess.errors import NotFound, ValidationError
from npmassess.assessment import value_label
from npmassess.i18n import N_, _, current_language, labelled, ngettext
from npmassess.validation import check_cycle, cycle_key
from npmassess.model import Framework
from npmassess.store import Store

OPEN_STATUSES = ("planned", "in progress")


@dataclass
class Cell:
    """One comparable value: numeric (0-100 or level) with its text, assessors and spread.

    shown is the text, or a function that writes it in the current language (a report in French
    after a window in English, or both halves of a bilingual report, each read their own).
    """

    value: float | None
    shown: str | Callable[[], str]
    assessors: int = 0
    spread: float | None = None

    @property
    def text(self) -> str:
        """The value as a reader reads it, in the current language ("56,7" in French)."""
        return self.shown() if callable(self.shown) else self.shown

    def to_dict(self) -> dict:
        return {"value": None if self.value is None else round(self.value, 3), "text": self.text,
                "assessors": self.assessors, "spread": None if self.spread is None else round(self.spread, 3)}


@dataclass
class Column:
    """One assessment in a comparison (a cycle of a unit, or a unit in a cycle)."""

    id: str
    organisation: str
    unit: str
    cycle: str
    edition: str
    method: str
    overall: Cell
    criteria: dict[str, Cell]
    assessors: int
    spread: float | None
    rank: int = 0
    rated: int = 0  # scored nodes with a consensus value
    total: int = 0  # scored nodes of the framework
    completeness: float = 0.0  # share of the consensus scores entered, 0..1

    @property
    def label(self) -> str:
        return f"{self.organisation} / {self.unit}"

    @property
    def incomplete(self) -> bool:
        """True when some scored nodes have no consensus value yet (the comparison must say so)."""
        return self.rated < self.total


@dataclass
class FollowUp:
    """An action of the previous cycle, with its status now (carried: copied into the last cycle)."""

    criterion: str
    title: str
    status: str
    owner: str
    due: str
    cycle: str
    carried: bool = False

    def status_text(self, lang: str | None = None) -> str:
        """The status as a reader reads it: 'done (carried)', 'réalisée (reprise)'."""
        from npmassess.i18n import translate_to
        text = value_label(self.status, lang)
        return text + " " + translate_to(lang, "(carried)") if self.carried else text


def _natural(text: str) -> tuple:
    """Cycles in time order (validation.cycle_key: 2025, 2025/26, 2026 …)."""
    return cycle_key(text)


def _criterion_of(fw: Framework) -> dict[str, str]:
    return {n.id: c.id for c in fw.criteria for n in c.walk()}


def column(fw: Framework, a: Assessment, report: scoring.ScoreReport | None = None) -> Column:
    """Score one assessment for comparison: overall, per criterion, assessors and spread.

    report: its consensus scores when the caller has them (the GUI's session), else scored here.
    """
    rep = report if report is not None else scoring.score(fw, a)
    div = scoring.divergence(fw, a)
    ordinal = rep.ordinal
    scale = fw.method(a.method).dimensions[0].scale

    def text(v: float | None) -> Callable[[], str]:
        def shown() -> str:
            if v is None:
                return "—"
            lang = current_language()
            return scale.label_of(v) or numbers.fmt(v, "level", lang, trim=True) if ordinal else \
                numbers.fmt(v, "score", lang)
        return shown
    crits = {}

    def lights(lowest: dict) -> Callable[[], str]:  # side-by-side dimensions: each light's lowest, never combined
        return lambda: "/".join(lv.label()[:1] if lv else "—" for lv in lowest.values()) or "—"  # 'R/G'
    for crit, leaves in scoring.structure(fw)[1]:
        g = rep.criteria[crit.id]
        if rep.separate:
            spreads = [sp for n in leaves if (sp := div[n.id].spread) is not None]
            raters = {pid for n in leaves for v in div[n.id].by_dim.values() for pid in v}
            crits[crit.id] = Cell(None, lights(g.lowest_by_dim), len(raters), mean(spreads) if spreads else None)
            continue
        value = (g.lowest.value if g.lowest else None) if ordinal else g.value
        spreads = [sp for n in leaves if (sp := div[n.id].spread) is not None]
        raters = {pid for n in leaves for pid in div[n.id].values}
        crits[crit.id] = Cell(value, text(value), len(raters), mean(spreads) if spreads else None)
    overall_value = (rep.lowest.value if rep.lowest else None) if ordinal else rep.overall
    overall_text = lights(rep.lowest_by_dim) if rep.separate else text(overall_value)
    if fw.aggregation == "points" and rep.total_points is not None:
        points, most = rep.total_points, rep.max_points
        overall_text = lambda: f"{numbers.fmt(points, 'points', current_language())} / {most}"  # noqa: E731
    assessors = len({p for (p, _, _) in a.ratings})
    spreads = [d.spread for d in div.values() if d.spread is not None]
    total = len(fw.scored_nodes())
    return Column(a.id, a.organisation, a.unit, a.cycle, a.edition, a.method,
                  Cell(overall_value, overall_text, assessors, mean(spreads) if spreads else None),
                  crits, assessors, mean(spreads) if spreads else None, rated=total - len(rep.missing), total=total,
                  completeness=rep.completeness)


def _load_all(store: Store, ids: list[str], scores_only: bool = False,
              cache: "Cache | None" = None) -> list[Assessment]:
    """Several assessments: in one go when the source can (the hub), else one by one."""
    if cache is not None:
        return cache.load(store, ids)
    many = getattr(store, "load_many", None)
    return many(ids, scores_only=scores_only) if many else [store.load(i) for i in ids]


class Cache:
    """What the comparisons read and score, kept between refreshes (for one local store).

    It cannot see the file change: its owner says what changed. forget(id) after a committed edit
    of one assessment (only that one is scored again; the others are neither read nor scored),
    clear() after another program changed the file. use() hands it the open assessment's snapshot
    and consensus scores (the GUI's session keeps both up to date), so they are not read or
    scored a second time.
    """

    def __init__(self) -> None:
        self._summaries: list | None = None
        self._snapshots: dict[str, Assessment] = {}
        self._columns: dict[str, Column] = {}
        self._current: Assessment | None = None
        self._report: Callable[[], scoring.ScoreReport] | None = None

    def use(self, snapshot: Assessment, report: Callable[[], scoring.ScoreReport] | None = None) -> "Cache":
        """The open assessment as the caller holds it (and how to get its consensus scores)."""
        if self._current is not None and self._current is not snapshot:
            self._columns.pop(self._current.id, None)
        self._current, self._report = snapshot, report
        return self

    def summaries(self, store: Store) -> list:
        """store.list_assessments(), read once."""
        if self._summaries is None:
            self._summaries = store.list_assessments()
        return self._summaries

    def load(self, store: Store, ids: list[str]) -> list[Assessment]:
        """The snapshots of these assessments (the open one as the caller holds it), each read once."""
        out = []
        for i in ids:
            if self._current is not None and i == self._current.id:
                out.append(self._current)
                continue
            if i not in self._snapshots:
                self._snapshots[i] = store.load(i)
            out.append(self._snapshots[i])
        return out

    def column(self, fw: Framework, a: Assessment) -> Column:
        """column(fw, a), computed once per change of the assessment (a copy: leagues rank it)."""
        col = self._columns.get(a.id)
        if col is None:
            report = self._report() if self._report is not None and a is self._current else None
            col = self._columns[a.id] = column(fw, a, report)
        return replace(col)

    def forget(self, assessment_id: str, header: bool = False) -> None:
        """An edit of one assessment committed: score it again; header=True: its unit or cycle may
        have changed, so the list of assessments is read again too."""
        self._columns.pop(assessment_id, None)
        self._snapshots.pop(assessment_id, None)
        if header:
            self._summaries = None
        elif self._summaries is not None:  # its 'updated' stamp moved (which cycle's copy is the latest)
            self._summaries = [replace(s, updated=now()) if s.id == assessment_id else s for s in self._summaries]

    def clear(self) -> None:
        """Another program changed the file (or the caller cannot tell what changed): forget everything."""
        self._summaries = None
        self._snapshots.clear()
        self._columns.clear()


def _weak(col: Column) -> str | None:
    if col.assessors < 2:
        return ngettext("{label} ({cycle}): only {n} assessor; the comparison is weak.",
                        "{label} ({cycle}): only {n} assessors; the comparison is weak.", col.assessors).format(
            label=col.label, cycle=col.cycle, n=col.assessors)
    return None


@dataclass
class UnitHistory:
    """The same unit across cycles, oldest first."""

    organisation: str
    unit: str
    framework: Framework
    criteria: list[tuple[str, str]]
    cycles: list[Column]
    follow_up: dict[str, list[FollowUp]] = field(default_factory=dict)  # criterion -> last cycle's actions
    changed: list[str] = field(default_factory=list)  # what changed between the last two cycles
    warnings: list[str] = field(default_factory=list)
    kind: str = "history"

    def trend(self, criterion: str) -> float | None:
        """Last cycle minus the one before (None when either is missing)."""
        cells = [c.criteria.get(criterion) for c in self.cycles[-2:]]
        vals = [cell.value for cell in cells if cell is not None and cell.value is not None]
        if len(vals) < 2:  # fewer than two cycles, or either one without a value
            return None
        return vals[1] - vals[0]

    def lines(self) -> list[str]:
        """The comparison as text lines, in the language in use (the CLI's table)."""
        lang = current_language()
        out = [labelled(f"{self.organisation} / {self.unit}", ngettext("{framework} across {n} cycle", "{framework} across {n} cycles", len(self.cycles)).format(
            framework=self.framework.title(), n=len(self.cycles)))]
        out += [_("warning: {text}").format(text=w) for w in self.warnings]
        out.append(f"{'':<6}" + "".join(f"{c.cycle:>12}" for c in self.cycles) + f"{_('trend'):>12}")
        for cid, title in self.criteria + [("all", _("Overall"))]:
            cells = [c.overall if cid == "all" else c.criteria.get(cid) for c in self.cycles]
            trend = self.trend(cid) if cid != "all" else None
            row = "".join(f"{(x.text if x else '—')[:11]:>12}" for x in cells)
            shown = "" if trend is None else ("+" if trend >= 0 else "-") + numbers.fmt(abs(trend), "score", lang)
            label = _("all") if cid == "all" else cid
            out.append(f"{label:<6}{row}  {shown:>10}  {title[:40]}")
            for f in self.follow_up.get(cid, []):
                out.append(f"{'':<8}" + labelled(_("action from {cycle}").format(cycle=f.cycle),
                                                 f"{f.title[:60]} [{f.status_text(lang)}]"))
        out += [labelled(_("changed"), c) for c in self.changed]
        return out

    def to_dict(self) -> dict:
        return {"kind": self.kind, "organisation": self.organisation, "unit": self.unit,
                "framework": self.framework.key, "warnings": self.warnings,
                "criteria": [{"id": c, "title": t, "trend": self.trend(c)} for c, t in self.criteria],
                "cycles": [{"id": c.id, "cycle": c.cycle, "edition": c.edition, "method": c.method,
                            "overall": c.overall.to_dict(), "assessors": c.assessors,
                            "criteria": {k: v.to_dict() for k, v in c.criteria.items()}} for c in self.cycles],
                "follow_up": {k: [f.__dict__ for f in v] for k, v in self.follow_up.items()},
                "changed": self.changed}


def _same_unit(store: Store, a: Assessment, cache: Cache | None = None) -> list[Assessment]:
    key = (a.organisation.strip().casefold(), a.unit.strip().casefold(), a.framework_id)
    listed = cache.summaries(store) if cache is not None else store.list_assessments()
    rows = [s for s in listed
            if (s.organisation.strip().casefold(), s.unit.strip().casefold(), s.framework_id) == key]
    latest = {}  # cycle -> Summary
    for s in sorted(rows, key=lambda s: s.updated):
        latest[s.cycle] = s  # one assessment per cycle: the most recently updated
    return _load_all(store, [s.id for s in sorted(latest.values(), key=lambda s: _natural(s.cycle))], cache=cache)


def unit_history(store: Store, assessment_id: str, upto: bool = False, cache: Cache | None = None) -> UnitHistory:
    """Every cycle of the unit of this assessment (same organisation, unit and framework).

    upto: stop at this assessment's cycle (a report on 2025 does not show 2026), and use this
    assessment for its own cycle. cache: what earlier calls read and scored (see Cache).
    """
    this = cache.load(store, [assessment_id])[0] if cache is not None else store.load(assessment_id)
    snaps = _same_unit(store, this, cache)
    if upto:
        cycles = [s.cycle for s in snaps]
        cut = cycles.index(this.cycle) if this.cycle in cycles else len(snaps) - 1
        snaps = snaps[:cut] + [this]
    fws = [store.framework_of(s) for s in snaps]
    fw = fws[-1]
    hist = UnitHistory(snaps[-1].organisation, snaps[-1].unit, fw,
                       [(c.id, c.title()) for c in fw.scored_criteria()],
                       [cache.column(f, s) if cache is not None else column(f, s) for f, s in zip(fws, snaps)])
    hist.warnings += _mixed(hist.cycles, N_("cycles"), fw)
    hist.warnings += [w for w in map(_weak, hist.cycles) if w]
    if len(snaps) >= 2:
        prev, last = snaps[-2], snaps[-1]
        crit_of = _criterion_of(fws[-2])
        current = {x.title.strip().casefold(): x for x in last.actions}
        for x in prev.actions:
            carried = current.get(x.title.strip().casefold())
            status = carried.status if carried else x.status
            for crit in sorted({crit_of.get(n, n) for n in x.node_ids}) or ["all"]:
                hist.follow_up.setdefault(crit, []).append(
                    FollowUp(crit, x.title, status, x.owner, x.due, prev.cycle, carried=carried is not None))
        hist.changed = changes_between(fw, prev, last)
    return hist


def changes_between(fw: Framework, old: Assessment, new: Assessment) -> list[str]:
    """Consensus values that differ between two cycles, in framework order, e.g.
    '1.2 (Plan): 68 → 80 · Manage the organisation, its performance and its…' (values first, so
    a narrow list still shows them)."""
    def fmt(v: float | None) -> str:
        return "—" if v is None else numbers.fmt(v, "score", current_language(), trim=True)
    out = []
    for node in fw.scored_nodes():
        dims = fw.method(new.method).dimensions_for(node.type)
        title = node.title()
        title = title if len(title) <= 48 else title[:47] + "…"
        for d in dims:
            a, b = old.consensus.get((node.id, d.id)), new.consensus.get((node.id, d.id))
            if a != b:
                which = f" ({d.title()})" if len(dims) > 1 else ""
                out.append(labelled(f"{node.id}{which}", f"{fmt(a)} → {fmt(b)} · {title}"))
    return out


def _mixed(cols: list[Column], what: str, fw: Framework) -> list[str]:
    out = []

    def shown(attr: str, value: str) -> str:  # an edition as the cover names it, a method by its title
        if attr == "method":
            try:
                return fw.method(value).title()
            except (KeyError, ValueError):
                return value
        return _("current") if value == "current" else value
    for attr, name in (("edition", N_("framework editions")), ("method", N_("scoring methods"))):
        found = sorted({shown(attr, getattr(c, attr)) for c in cols})
        if len(found) > 1:
            out.append(_("the {what} use different {name} ({found}); values are compared by criterion id and may "
                         "not be comparable.").format(what=_(what), name=_(name), found=", ".join(found)))
    return out


@dataclass
class League:
    """Several units in one cycle: a league table and the heat map data (units x criteria)."""

    cycle: str
    framework: Framework
    criteria: list[tuple[str, str]]
    units: list[Column]
    warnings: list[str] = field(default_factory=list)
    kind: str = "league"

    def heat_map(self) -> list[list[float | None]]:
        return [[cell.value if (cell := u.criteria.get(c)) else None for c, _ in self.criteria] for u in self.units]

    def lines(self) -> list[str]:
        """The league table and heat map as text lines, in the language in use (the CLI's table)."""
        lang = current_language()
        out = [labelled(_("Cycle {cycle}").format(cycle=self.cycle), ngettext("{n} unit, {framework}", "{n} units, {framework}", len(self.units)).format(
            n=len(self.units), framework=self.framework.title()))]
        out += [_("warning: {text}").format(text=w) for w in self.warnings]
        heads = (_("unit"), _("overall"), _("assessors"), _("spread"), _("complete"))
        out.append(f"{'#':>3}  {heads[0]:<40} {heads[1]:>12} {heads[2]:>10} {heads[3]:>8} {heads[4]:>9}")
        for u in self.units:
            spread = "—" if u.spread is None else numbers.fmt(u.spread, "score", lang, decimals=1)
            name = f"{u.unit} ({u.organisation})"
            out.append(f"{u.rank:>3}  {name[:40]:<40} {u.overall.text:>12} {u.assessors:>10} {spread:>8} "
                       f"{numbers.percent(u.completeness, lang):>9}")
        out.append(f"{_('heat map'):<31} " + " ".join(f"{c:>6}" for c, _t in self.criteria))
        for u, row in zip(self.units, self.heat_map()):
            out.append(f"  {u.unit[:28]:<28} " + " ".join(
                f"{'—' if v is None else numbers.fmt(v, 'score', lang, decimals=1):>6}" for v in row))
        return out

    def to_dict(self) -> dict:
        return {"kind": self.kind, "cycle": self.cycle, "framework": self.framework.key, "warnings": self.warnings,
                "criteria": [{"id": c, "title": t} for c, t in self.criteria],
                "units": [{"rank": u.rank, "id": u.id, "organisation": u.organisation, "unit": u.unit,
                           "edition": u.edition, "method": u.method, "overall": u.overall.to_dict(),
                           "assessors": u.assessors, "spread": u.spread,
                           "completeness": round(u.completeness, 3),
                           "criteria": {k: v.to_dict() for k, v in u.criteria.items()}} for u in self.units]}


def _short_title(store: Store, framework_id: str, edition: str) -> str:
    """A framework as a reader names it ("CAF 2020"); its id when this computer does not have it."""
    try:
        return store.frameworks.get(framework_id, edition).short_title()
    except (AttributeError, NotFound):
        return framework_id


def unit_league(store: Store, cycle: str, framework_id: str | None = None, cache: Cache | None = None) -> League:
    """Every assessment of a cycle (one framework: the given one, else the most used), ranked."""
    listed = cache.summaries(store) if cache is not None else store.list_assessments()
    rows = [s for s in listed if s.cycle.strip() == cycle.strip()]
    if not rows:
        raise NotFound(_("No assessment has cycle '{cycle}' in {path}.").format(cycle=cycle, path=store.path))
    used = Counter(s.framework_id for s in rows)
    fid = framework_id or used.most_common(1)[0][0]
    if fid not in used:
        raise NotFound(_("No assessment of cycle '{cycle}' uses framework '{framework}' (found: {found}).").format(
            cycle=cycle, framework=fid, found=", ".join(used)))
    warnings = []
    if len(used) > 1:
        usual = {k: Counter(s.edition for s in rows if s.framework_id == k).most_common(1)[0][0] for k in used}
        titles = {k: _short_title(store, k, usual[k]) for k in used}
        others = ", ".join(f"{titles[k]} ({n})" for k, n in used.items() if k != fid)
        warnings.append(_("only {framework} assessments are compared; other frameworks in this cycle: {others}.")
                        .format(framework=titles[fid], others=others))
    snaps = _load_all(store, [s.id for s in rows if s.framework_id == fid], scores_only=True, cache=cache)
    fws = {s.id: store.framework_of(s) for s in snaps}
    editions = Counter(s.edition for s in snaps)  # the most used edition's framework (counted once)
    fw = max(fws.values(), key=lambda f: editions[f.edition])
    units = [cache.column(fws[s.id], s) if cache is not None else column(fws[s.id], s) for s in snaps]
    units.sort(key=lambda u: (u.overall.value is None, -(u.overall.value or 0), u.label.casefold()))
    for i, u in enumerate(units, start=1):
        u.rank = i
    warnings += _mixed(units, N_("units"), fw)
    warnings += [w for w in map(_weak, units) if w]
    return League(cycle, fw, [(c.id, c.title()) for c in fw.scored_criteria()], units, warnings)


def copy_to_new_cycle(store: Store, assessment_id: str, cycle: str,
                      edition: str | None = None) -> tuple[str, list[str]]:
    """Start a new cycle from an assessment; returns (new id, what was copied and what was not).

    Copied as a starting point: the consensus scores and rationale, consolidated notes, narratives,
    the participants (their individual scores start empty: each cycle is scored afresh) and the open
    actions (planned / in progress). Done and cancelled actions stay with the old cycle. With a newer
    `edition` of the framework that declares its correspondence (`previous` in its file), everything
    is carried across that map and what could not be carried is listed.
    """
    from npmassess import editions
    a = store.load(assessment_id)
    cycle = check_cycle("cycle", cycle)
    for s in _same_unit(store, a):
        if s.cycle.strip() == cycle:
            raise ValidationError("cycle", _("{organisation} / {unit} already has an assessment for cycle {cycle} "
                                             "({id})").format(organisation=a.organisation, unit=a.unit,
                                                              cycle=cycle, id=s.id))
    old_fw = store.framework_of(a)
    migrating = edition is not None and edition.strip() and edition.strip() != a.edition
    new_fw = editions.target_framework(store.frameworks, old_fw, edition.strip()) if migrating and edition is not None else old_fw
    method = a.method if a.method in new_fw.methods else new_fw.default_method
    new = Assessment(new_id(), a.organisation, a.unit, new_fw.id, new_fw.edition, method, cycle,
                     "in progress", now(), now())
    new.language = a.language
    new.participants = [Participant(new_id(), p.name, p.role, i) for i, p in enumerate(a.participants)]
    note_map: dict[str, str] = {}
    migration = None
    if migrating:
        migration = editions.migrate(old_fw, new_fw, a, new, note_map)
    else:
        new.consensus = dict(a.consensus)
        new.rationale = dict(a.rationale)
        new.narratives = dict(a.narratives)
        new.figures = {k: list(v) for k, v in a.figures.items()}
        for n in a.notes:
            if n.participant_id is None:
                note_map[n.id] = new_id()
                new.notes.append(Note(note_map[n.id], n.node_id, n.kind, n.text, None, n.position))
    carried = [x for x in a.actions if x.status in OPEN_STATUSES]
    unlinked = []
    for i, x in enumerate(carried):
        nodes = editions.remap_action(x, migration) if migration else list(x.node_ids)
        if migration and x.node_ids and not nodes:
            unlinked.append(x.title)
        new.actions.append(Action(new_id(), x.title, x.description, x.owner, x.due, x.impact, x.effort, x.status,
                                  nodes, [note_map[n] for n in x.note_ids if n in note_map], i))
    store.write_assessment(new)
    left = [x for x in a.actions if x.status not in OPEN_STATUSES]
    lines = [_("New cycle {cycle} of {org} / {unit}, started from cycle {old} ({id}).").format(
                 cycle=cycle, org=a.organisation, unit=a.unit, old=a.cycle, id=a.id)]
    if migration:
        lines += migration.lines()
        if method != a.method:
            lines.append(_("Scoring method: {method} (the old method '{old}' does not exist in edition {edition}).")
                         .format(method=new_fw.method(method).title(), old=a.method, edition=new_fw.edition))
    lines += [_("Copied as a starting point: {c} consensus scores (review each one), rationale for {r} nodes, "
                "{n} consolidated notes, {t} narratives.").format(c=len(new.consensus), r=len(new.rationale),
                                                                 n=len(new.notes), t=len(new.narratives)),
              _("Participants: {names} (individual scores start empty).").format(
                  names=", ".join(p.name for p in new.participants) or _("none"))]
    lines += [_("Carried open action: {title} [{status}]").format(title=x.title, status=value_label(x.status))
              for x in carried]
    lines += [_("Not carried: the action '{title}' lost its links: none of its nodes exists in edition {edition} "
                "(the action itself is kept).").format(title=t, edition=new_fw.edition) for t in unlinked]
    lines += [_("Left in cycle {cycle}: {title} [{status}]").format(cycle=a.cycle, title=x.title,
                                                                    status=value_label(x.status)) for x in left]
    return new.id, lines
