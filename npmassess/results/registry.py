"""Store access for the results register: one read transaction per load, BEGIN IMMEDIATE writes."""

from __future__ import annotations

from typing import Iterable

from npmassess.assessment import new_id, now
from npmassess.errors import NotFound, ValidationError
from npmassess.i18n import _
from npmassess.results.model import DIRECTIONS, LEVELS, Measure, Observation, Register
from npmassess.results.nodes import links_of  # noqa: F401 - also imported from here
from npmassess.results.periods import parse_period
from npmassess.store.connection import read as read_transaction
from npmassess.validation import check_field, check_number

_COLUMNS = ("id", "name", "level", "definition", "uom", "direction", "source", "owner", "baseline",
            "baseline_period", "comparison_name", "relates_to", "position")


def write(store):
    """One write transaction of the store (BEGIN IMMEDIATE; joins an open one)."""
    return store.transaction()


def _read(store):
    """One read transaction (a consistent view of the register), unless one is open."""
    return read_transaction(store.db.conn)


def check_measure(m: Measure) -> Measure:
    """The measure with its fields checked; raises ValidationError naming the first bad field."""
    m.name = check_field("measure name", m.name).strip()
    if m.level not in LEVELS:
        raise ValidationError(f"{m.name}: level", _("'{value}' is not one of {values}").format(
            value=m.level, values=", ".join(LEVELS)))
    if m.direction not in DIRECTIONS:
        raise ValidationError(f"{m.name}: direction", _("'{value}' is not one of {values}").format(
            value=m.direction, values=", ".join(DIRECTIONS)))
    for f in ("definition", "unit", "source", "owner", "comparison_name", "relates_to"):
        setattr(m, f, check_field("measure text", getattr(m, f), f"{m.name}: {f}"))
    m.baseline = check_number(f"{m.name}: baseline", m.baseline)
    if m.baseline_period:
        m.baseline_period = parse_period(m.baseline_period, f"{m.name}: baseline period").label
    seen = set()
    for o in m.observations:
        o.period = parse_period(o.period, f"{m.name}: period").label
        if o.period in seen:
            raise ValidationError(f"{m.name}: period", _("{period} is given twice").format(period=o.period))
        seen.add(o.period)
        for f in ("actual", "target", "comparison"):
            setattr(o, f, check_number(f"{m.name} {o.period}: {f}", getattr(o, f)))
    m.observations.sort(key=lambda o: o.key)
    kinds = {parse_period(o.period).kind for o in m.observations}
    if len(kinds) > 1:
        raise ValidationError(f"{m.name}: period", _("mixes {kinds} periods; keep one kind of period per "
                                                     "measure").format(kinds=_(" and ").join(_(k) for k in sorted(kinds))))
    for link in m.links:
        if ":" not in link:
            raise ValidationError(f"{m.name}: links", _("'{link}' is not framework:node (e.g. caf:6.2)").format(
                link=link))
    return m


def load_register(store, organisation: str, unit: str, link: str | None = None) -> Register:
    """Every measure of one organisation and unit, with links and values (one read transaction).

    link ('caf:6.2'): only the measures linked to that node, which is what scoring a node needs.
    """
    reg = Register(organisation, unit)
    q = store.db.conn.execute
    only = " and id in (select measure_id from measure_links where link = ?)" if link else ""
    args = [organisation, unit] + ([link] if link else [])
    with _read(store):
        rows = q(f"select {', '.join(_COLUMNS)} from measures where organisation = ? and unit = ?{only}"
                 " order by position, rowid", args).fetchall()
        by_id: dict[str, Measure] = {}
        for r in rows:
            m = Measure(id=r[0], name=r[1], level=r[2], definition=r[3] or "", unit=r[4] or "",
                        direction=r[5], source=r[6] or "", owner=r[7] or "", baseline=r[8],
                        baseline_period=r[9] or "", comparison_name=r[10] or "", relates_to=r[11] or "",
                        position=r[12] or 0)
            by_id[m.id] = m
            reg.measures.append(m)
        if by_id:
            only = only.replace(" and id in", " and m.id in")
            for mid, lk in q("select l.measure_id, l.link from measure_links l join measures m on m.id ="
                             f" l.measure_id where m.organisation = ? and m.unit = ?{only} order by l.rowid", args):
                by_id[mid].links.append(lk)
            for mid, period, actual, target, comp in q(  # in period order: the primary key's order
                    "select v.measure_id, v.period, v.actual, v.target, v.comparison from measures m"
                    f" join measure_values v on v.measure_id = m.id where m.organisation = ? and m.unit = ?{only}"
                    " order by v.measure_id, v.period_start, v.period_length", args):
                by_id[mid].observations.append(Observation(period, actual, target, comp))
    return reg


def register_of(store, assessment_id: str) -> Register:
    """The register of the organisation and unit an assessment belongs to."""
    h = store.load_header(assessment_id)
    return load_register(store, h["organisation"], h["unit"])


def save_measures(store, organisation: str, unit: str, measures: Iterable[Measure]) -> list[str]:
    """Insert or replace measures (fields, links and all values) in one transaction; returns ids."""
    organisation = check_field("organisation", organisation)
    unit = check_field("unit", unit)
    checked = [check_measure(m) for m in measures]
    q = store.db.conn.execute
    ids = []
    with write(store):
        pos = q("select coalesce(max(position), -1) + 1 from measures where organisation = ? and unit = ?",
                [organisation, unit]).fetchone()[0]
        for m in checked:
            m.id = m.id or new_id()
            row = q("select organisation, unit, position from measures where id = ?", [m.id]).fetchone()
            if row is not None and (row[0], row[1]) != (organisation, unit):
                raise ValidationError("measure", _("'{name}' belongs to another unit").format(name=m.name))
            if row is None:
                m.position, pos = pos, pos + 1
            else:
                m.position = row[2]
            q(f"insert or replace into measures (organisation, unit, {', '.join(_COLUMNS)}) values"
              f" ({', '.join('?' * (len(_COLUMNS) + 2))})",
              [organisation, unit, m.id, m.name, m.level, m.definition, m.unit, m.direction, m.source, m.owner,
               m.baseline, m.baseline_period, m.comparison_name, m.relates_to, m.position])
            q("delete from measure_links where measure_id = ?", [m.id])
            q("delete from measure_values where measure_id = ?", [m.id])
            for link in dict.fromkeys(m.links):
                q("insert into measure_links (measure_id, link) values (?, ?)", [m.id, link])
            store.db.conn.executemany(
                "insert into measure_values (measure_id, period, period_start, period_length, actual, target,"
                " comparison) values (?, ?, ?, ?, ?, ?, ?)",
                [(m.id, o.period, o.key.start, o.key.length, o.actual, o.target, o.comparison)
                 for o in m.observations])
            ids.append(m.id)
    return ids


def delete_measure(store, measure_id: str) -> str:
    """Remove a measure with its links and values; returns nothing needed for undo but the id check."""
    q = store.db.conn.execute
    if q("select 1 from measures where id = ?", [measure_id]).fetchone() is None:
        raise NotFound(_("No measure with id '{id}'.").format(id=measure_id))
    with write(store):
        q("delete from measure_links where measure_id = ?", [measure_id])
        q("delete from measure_values where measure_id = ?", [measure_id])
        q("delete from measures where id = ?", [measure_id])
    return measure_id


# -- overruled suggestions -------------------------------------------------------------------------
def set_overrule(store, assessment_id: str, node_id: str, dimension: str, suggested: float | None,
                 chosen: float | None, reason: str) -> str:
    """Keep why the team scored a results node away from the suggestion; returns the old reason."""
    store.load_header(assessment_id)
    reason = check_field("overrule reason", reason, "reason for overruling the suggestion")
    q = store.db.conn.execute
    key = [assessment_id, node_id, dimension]
    old = q("select reason from suggestion_overrules where assessment_id = ? and node_id = ? and dimension = ?",
            key).fetchone()
    with write(store):
        if not reason.strip():
            q("delete from suggestion_overrules where assessment_id = ? and node_id = ? and dimension = ?", key)
        else:
            q("insert or replace into suggestion_overrules (assessment_id, node_id, dimension, suggested, chosen,"
              " reason, recorded) values (?, ?, ?, ?, ?, ?, ?)", key + [suggested, chosen, reason, now()])
    return old[0] if old else ""


def overrules(store, assessment_id: str) -> dict[tuple[str, str], dict]:
    """(node, dimension) -> {suggested, chosen, reason, recorded} of one assessment."""
    rows = store.db.conn.execute(
        "select node_id, dimension, suggested, chosen, reason, recorded from suggestion_overrules"
        " where assessment_id = ?", [assessment_id]).fetchall()
    return {(n, d): {"suggested": s, "chosen": c, "reason": r, "recorded": t} for n, d, s, c, r, t in rows}
