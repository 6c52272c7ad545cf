"""Hub test fixtures (imported by tests/conftest.py): a throwaway PostgreSQL server, pgpass, databases.

initdb + pg_ctl on a temp dir and a free port.
Started once per test session and stopped at its end. As root it runs as the `postgres` user (in a
directory that user owns). TCP logins need passwords (scram); the tests give them through a pgpass
file (PGPASSFILE), as users would. Skips only when no PostgreSQL server binaries exist.
"""

from __future__ import annotations

import os
import uuid

import pytest

from tests.hub.pgserver import TempServer


def _psycopg():
    """The driver; a missing one is an error, not a skip (make test installs the hub extra)."""
    import psycopg
    return psycopg


SUPER_PASSWORD = "test-super-" + uuid.uuid4().hex[:8]
LOGINS = {"unit_north": "n-" + uuid.uuid4().hex[:8], "unit_south": "s-" + uuid.uuid4().hex[:8],
          "analyst_ann": "a-" + uuid.uuid4().hex[:8], "admin_ada": "d-" + uuid.uuid4().hex[:8]}


@pytest.fixture(scope="session")
def pg_server():
    """(host, port, superuser) of a running server; stopped and removed after the session."""
    _psycopg()
    try:
        server = TempServer("hubsuper", SUPER_PASSWORD)
    except FileNotFoundError:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine: "
                    "install the postgresql package (scripts/system-deps.sh does)")
    except KeyError:
        pytest.fail("running as root, but there is no 'postgres' user to run the server as")
    server.start()
    try:
        yield (server.host, server.port, server.superuser)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pgpass(pg_server, tmp_path_factory):
    """A pgpass file with every test login's password; libpq reads it through PGPASSFILE."""
    psycopg = _psycopg()
    host, port, su = pg_server
    path = tmp_path_factory.mktemp("pgpass") / "pgpass"
    lines = [f"{host}:{port}:*:{su}:{SUPER_PASSWORD}"] + [f"{host}:{port}:*:{u}:{p}" for u, p in LOGINS.items()]
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    old = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(path)
    with psycopg.connect(host=host, port=port, user=su, dbname="postgres", autocommit=True) as conn:
        for login, password in LOGINS.items():
            conn.execute(f"create role {login} login password '{password}'")
    yield path
    if old is None:
        os.environ.pop("PGPASSFILE", None)
    else:
        os.environ["PGPASSFILE"] = old


@pytest.fixture
def hub_db(pg_server, pgpass):
    """A fresh empty database on the test server; returns url_for(user) -> URL without password."""
    psycopg = _psycopg()
    host, port, su = pg_server
    name = "hub_" + uuid.uuid4().hex[:10]
    with psycopg.connect(host=host, port=port, user=su, dbname="postgres", autocommit=True) as conn:
        conn.execute(f"create database {name}")

    def url_for(user: str = su) -> str:
        return f"postgresql://{user}@{host}:{port}/{name}"
    yield url_for
    with psycopg.connect(host=host, port=port, user=su, dbname="postgres", autocommit=True) as conn:
        conn.execute(f"drop database if exists {name} with (force)")


@pytest.fixture
def hub_url(hub_db):
    """A database made into a hub by `hub init` (as the superuser); returns url_for."""
    from npmassess.hub import connect, migrate
    conn = connect(hub_db())
    migrate(conn)
    conn.close()
    return hub_db
