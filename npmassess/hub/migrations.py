"""The hub's schema: DDL generated from npmassess.schema, versioned migrations, roles and row security.

Migration N creates the tables and columns whose ``since`` is N, then runs EXTRA[N] (functions,
triggers). Each migration runs in the one transaction of ``init`` and is recorded in hub_migrations;
a hub whose schema is newer than this program is refused, never touched.
"""

from __future__ import annotations

from npmassess.hub.connection import SCHEMA, HubError
from npmassess.i18n import _
from npmassess.schema import HUB_VERSION, TYPES, Table, hub_tables

ROLES = {"npmassess_unit": "pushes and reads only its own units",
         "npmassess_analyst": "reads every unit, exports benchlearning figures",
         "npmassess_admin": "administers the hub: members, corrections"}
UNIT, ANALYST, ADMIN = ROLES

_FUNCTIONS = f"""
create or replace function {SCHEMA}.unit_key(org text, unit text) returns text
  language sql immutable as $$ select lower(btrim(org)) || ' / ' || lower(btrim(unit)) $$;
create or replace function {SCHEMA}.my_unit(p_org text, p_unit text) returns boolean
  language sql stable as $$
    select exists (select 1 from {SCHEMA}.hub_members m where m.login = current_user
                   and {SCHEMA}.unit_key(m.organisation, m.unit) = {SCHEMA}.unit_key(p_org, p_unit)) $$;
create or replace function {SCHEMA}.note_unit() returns trigger
  language plpgsql security definer set search_path = {SCHEMA}, pg_temp as $$
  begin
    insert into hub_units (unit_key) values (unit_key(new.organisation, new.unit)) on conflict do nothing;
    return new;
  end $$;
create index assessments_unit_key on {SCHEMA}.assessments ({SCHEMA}.unit_key(organisation, unit), framework_id);
create trigger assessments_unit after insert on {SCHEMA}.assessments
  for each row execute function {SCHEMA}.note_unit();
"""
EXTRA = {1: _FUNCTIONS}


def _column_sql(t: Table, c) -> str:
    sql = f"{c.name} {TYPES[c.type][1]}"
    if c.not_null:
        sql += " not null"
    if c.default:
        sql += f" default {c.default}"
    if c.references:
        parent, col = c.references.split(".")
        sql += f" references {SCHEMA}.{parent} ({col}) on delete cascade"
    return sql


def _policies(t: Table) -> list[str]:
    """Row-level security: who sees and writes which rows of table t."""
    name = f"{SCHEMA}.{t.name}"
    out = [f"alter table {name} enable row level security"]
    if t.name == "hub_pushes":
        out += [f"create policy own_read on {name} for select to {UNIT} using (pushed_by = current_user)",
                f"create policy read_all on {name} for select to {ANALYST}, {ADMIN} using (true)",
                f"create policy write_own on {name} for insert to {UNIT}, {ADMIN} "
                "with check (pushed_by = current_user)"]
        return out
    if t.name == "hub_members":
        own = "login = current_user"
    elif t.name == "assessments":
        own = f"{SCHEMA}.my_unit(organisation, unit)"
    elif t.owner:
        col, parent = t.owner
        own = f"{col} in (select id from {SCHEMA}.{parent})"  # the parent's own policy filters it
    else:
        own = "false"
    out += [f"create policy unit_own on {name} to {UNIT} using ({own}) with check ({own})",
            f"create policy analyst_read on {name} for select to {ANALYST} using (true)",
            f"create policy admin_all on {name} to {ADMIN} using (true) with check (true)"]
    return out


def _grants(t: Table) -> list[str]:
    name = f"{SCHEMA}.{t.name}"
    if t.name == "hub_pushes":
        unit = admin = "select, insert"
    elif t.name in ("hub_members", "hub_units"):
        unit, admin = "select", "select, insert, update, delete"
    else:
        unit, admin = "select, insert, delete", "select, insert, update, delete"
    out = [f"grant {unit} on {name} to {UNIT}", f"grant select on {name} to {ANALYST}",
           f"grant {admin} on {name} to {ADMIN}"]
    for c in t.columns:
        if c.type == "serial":
            out.append(f"grant usage on sequence {SCHEMA}.{t.name}_{c.name}_seq to {UNIT}, {ANALYST}, {ADMIN}")
    return out


def statements(version: int) -> list[str]:
    """The SQL of hub migration `version`, generated from the schema definition.

    Order: tables and columns, then EXTRA (functions the policies call), then the policies.
    """
    out, policies = [], []
    for t in hub_tables():
        if t.since == version:
            cols = [_column_sql(t, c) for c in t.columns if c.since <= version]
            if t.pk:
                cols.append(f"primary key ({', '.join(t.pk)})")
            cols += [f"unique ({', '.join(u)})" for u in t.unique]
            out.append(f"create table {SCHEMA}.{t.name} ({', '.join(cols)})")
            out += [f"create index on {SCHEMA}.{t.name} ({', '.join(ix)})" for ix in t.indexes]
            out += _grants(t)
            policies += _policies(t)
        else:
            out += [f"alter table {SCHEMA}.{t.name} add column {_column_sql(t, c)}"
                    for c in t.columns if c.since == version and t.since < version]
    if version in EXTRA:
        out.append(EXTRA[version])
    return out + policies


def _create_roles(cur) -> None:
    for role in ROLES:
        cur.execute("select 1 from pg_roles where rolname = %s", [role])
        if cur.fetchone() is None:
            cur.execute(f"create role {role} nologin")


def applied(conn) -> list[int]:
    """Hub migrations applied so far ([] for a database that is not a hub yet)."""
    row = conn.execute("select to_regclass(%s)", [f"{SCHEMA}.hub_migrations"]).fetchone()
    if row[0] is None:
        return []
    return [r[0] for r in conn.execute(f"select version from {SCHEMA}.hub_migrations order by version")]


def check_version(conn, describe: str = "the hub") -> int:
    """The hub's schema version; HubError if it is not a hub, is older, or is newer than this program."""
    versions = applied(conn)
    conn.rollback()
    if not versions:
        raise HubError(_("{hub} is not an npmassess hub yet: run `npmassess hub init --url ...` first.").format(
            hub=describe))
    if max(versions) > HUB_VERSION:
        raise HubError(_("{hub} was set up by a newer npmassess (hub schema {schema}; this version knows {known}); "
                         "update npmassess to use it. Nothing was changed.").format(
            hub=describe, schema=max(versions), known=HUB_VERSION))
    if max(versions) < HUB_VERSION:
        raise HubError(_("{hub} has hub schema {schema}; this version needs {known}: an administrator runs "
                         "`npmassess hub init` to migrate it.").format(hub=describe, schema=max(versions),
                                                                       known=HUB_VERSION))
    return max(versions)


def migrate(conn, describe: str = "the hub", target: int = HUB_VERSION) -> tuple[int, int]:
    """Create or migrate the hub schema in one transaction; returns (version before, after).

    target: stop at this version (tests of old hubs); normally the newest this program knows.
    """
    import psycopg
    try:
        with conn.transaction():
            conn.execute("select pg_advisory_xact_lock(hashtext('npmassess-hub-migrate'))")
            before = applied(conn)
            if before and max(before) > HUB_VERSION:
                raise HubError(_("{hub} was set up by a newer npmassess (hub schema {schema}; this version knows "
                                 "{known}); update npmassess. Nothing was changed.").format(
                    hub=describe, schema=max(before), known=HUB_VERSION))
            cur = conn.cursor()
            if not before:
                _create_roles(cur)
                cur.execute(f"create schema if not exists {SCHEMA}")
                cur.execute(f"grant usage on schema {SCHEMA} to {', '.join(ROLES)}")
                cur.execute(f"create table {SCHEMA}.hub_migrations (version integer primary key, "
                            "applied timestamptz not null default now(), applied_by text not null "
                            "default current_user)")
                cur.execute(f"grant select on {SCHEMA}.hub_migrations to {', '.join(ROLES)}")
            for version in range((max(before) if before else 0) + 1, target + 1):
                for sql in statements(version):
                    cur.execute(sql)
                cur.execute(f"insert into {SCHEMA}.hub_migrations (version) values (%s)", [version])
    except psycopg.errors.InsufficientPrivilege as exc:
        raise HubError(_("Not allowed to set up {hub} ({problem}); hub init needs a PostgreSQL user that may create "
                         "schemas and roles (the database owner with CREATEROLE, or a superuser). Nothing was "
                         "changed.").format(hub=describe, problem=str(exc).splitlines()[0])) from None
    return (max(before) if before else 0), max([target] + before)
