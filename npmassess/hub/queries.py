"""Hub reports besides comparisons: the list of assessments, open actions across units, members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from npmassess.comparison import OPEN_STATUSES, _natural
from npmassess.errors import NotFound, ValidationError
from npmassess.i18n import _, current_language
from npmassess.numbers import short_date
from npmassess.hub.connection import HubError
from npmassess.hub.migrations import ADMIN, ANALYST, ROLES, UNIT
from npmassess.hub.source import HubSource


@dataclass
class HubEntry:
    id: str
    organisation: str
    unit: str
    framework: str
    cycle: str
    status: str
    pushed_by: str
    pushed_at: str
    digest: str

    def line(self) -> str:
        from npmassess.assessment import value_label
        pushed = short_date(self.pushed_at[:16], current_language())
        return (f"{self.id[:8]}  {self.cycle[:10]:<10} {self.framework[:18]:<18} {value_label(self.status)[:11]:<11} "
                f"{pushed:<16} {self.pushed_by[:14]:<14} {self.organisation} / {self.unit}")


def entries(src: HubSource) -> list[HubEntry]:
    """Every assessment this role may see, with who pushed it and when; by unit, then cycle."""
    with src.conn.transaction():
        rows = src.conn.execute("""
            select a.id, a.organisation, a.unit, a.framework_id || '@' || a.edition, a.cycle, a.status,
                   coalesce(h.pushed_by, ''), coalesce(to_char(h.pushed_at, 'YYYY-MM-DD HH24:MI'), ''),
                   coalesce(h.digest, '')
            from assessments a left join hub_packages h on h.assessment_id = a.id""").fetchall()
    out = [HubEntry(*r) for r in rows]
    out.sort(key=lambda e: (e.organisation.casefold(), e.unit.casefold(), _natural(e.cycle)))
    return out


@dataclass
class OpenAction:
    organisation: str
    unit: str
    cycle: str
    title: str
    owner: str
    due: str
    status: str
    overdue_days: int | None  # None: no due date or not yet due

    def line(self) -> str:
        from npmassess.assessment import value_label
        late = _("{n} d late").format(n=self.overdue_days) if self.overdue_days else ""
        due = short_date(self.due, current_language()) or "—"
        return (f"{due:<10} {late:>9}  {value_label(self.status):<11} {self.title[:50]:<50} "
                f"{self.owner[:20]:<20} {self.organisation} / {self.unit} ({self.cycle})")


def open_actions(src: HubSource, today: date | None = None) -> list[OpenAction]:
    """Open actions of each unit's latest cycle (per framework), overdue first, then by due date."""
    today = today or date.today()
    with src.conn.transaction():
        rows = src.conn.execute("""
            select a.id, a.organisation, a.unit, a.framework_id, a.cycle, x.title, coalesce(x.owner, ''),
                   coalesce(x.due, ''), x.status
            from actions x join assessments a on a.id = x.assessment_id
            where x.status = any(%s) order by x.position""", [list(OPEN_STATUSES)]).fetchall()
        cycles = src.conn.execute("select organisation, unit, framework_id, cycle from assessments").fetchall()
    latest: dict[tuple, str] = {}
    for org, unit, fid, cycle in cycles:
        key = (org.strip().casefold(), unit.strip().casefold(), fid)
        if key not in latest or _natural(cycle) > _natural(latest[key]):
            latest[key] = cycle
    out = []
    for _aid, org, unit, fid, cycle, title, owner, due, status in rows:
        if latest.get((org.strip().casefold(), unit.strip().casefold(), fid)) != cycle:
            continue
        late = None
        try:
            days = (today - date.fromisoformat(due)).days if due else 0
            late = days if days > 0 else None
        except ValueError:
            pass
        out.append(OpenAction(org, unit, cycle, title, owner, due, status, late))
    out.sort(key=lambda x: (x.overdue_days is None, -(x.overdue_days or 0), x.due == "", x.due,
                            x.organisation.casefold(), x.unit.casefold()))
    return out


def unit_assessment(src: HubSource, unit: str) -> str:
    """The latest assessment of a unit named 'UNIT' or 'ORGANISATION / UNIT' (case does not matter)."""
    wanted = unit.strip().casefold()
    rows = src.list_assessments()
    match = [s for s in rows if s.unit.strip().casefold() == wanted
             or f"{s.organisation.strip()} / {s.unit.strip()}".casefold() == wanted]
    if not match:
        raise NotFound(_("No unit named '{unit}' on {hub} (that you may see).").format(unit=unit, hub=src.path))
    orgs = sorted({s.organisation.strip() for s in match})
    if len(orgs) > 1:
        raise ValidationError("unit", _("'{unit}' is a unit of several organisations ({organisations}); give "
                                        "'ORGANISATION / UNIT'.").format(unit=unit, organisations=", ".join(orgs)))
    return max(match, key=lambda s: (_natural(s.cycle), s.updated)).id


def has_role(conn: Any, *roles: str) -> bool:
    """Is the current user a member of one of these roles (or a superuser)?"""
    with conn.transaction():
        row = conn.execute("select rolsuper from pg_roles where rolname = current_user").fetchone()
        if row and row[0]:
            return True
        return any(conn.execute("select pg_has_role(current_user, %s, 'member')", [r]).fetchone()[0]
                   for r in roles)


def add_member(conn: Any, login: str, role: str, organisation: str = "", unit: str = "") -> str:
    """Give a login role a hub role; unit members are mapped to their unit (admin only)."""
    import psycopg
    from psycopg import sql
    group = f"npmassess_{role}"
    if group not in ROLES:
        raise ValidationError("role", _("must be unit, analyst or admin, not {value}").format(value=repr(role)))
    if group == UNIT and not (organisation.strip() and unit.strip()):
        raise ValidationError("unit", _("a unit member needs --organisation and --unit"))
    try:
        with conn.transaction():
            if conn.execute("select 1 from pg_roles where rolname = %s", [login]).fetchone() is None:
                raise HubError(_("There is no PostgreSQL login '{login}'; create it first (createuser -P {login}).").format(
                    login=login))
            conn.execute(sql.SQL("grant {} to {}").format(sql.Identifier(group), sql.Identifier(login)))
            if group == UNIT:
                conn.execute("insert into hub_members (login, organisation, unit) values (%s, %s, %s)"
                             " on conflict do nothing", [login, organisation.strip(), unit.strip()])
    except psycopg.errors.InsufficientPrivilege as exc:
        raise HubError(_("Not allowed: {problem} (members are added by a hub administrator with CREATEROLE).").format(
            problem=str(exc).splitlines()[0])) from None
    where = f" for {organisation.strip()} / {unit.strip()}" if group == UNIT else ""
    return f"{login} is now {group}{where}."


__all__ = ["ADMIN", "ANALYST", "UNIT", "entries", "open_actions", "unit_assessment", "add_member", "has_role"]
