"""A throwaway PostgreSQL server for the hub tests: initdb + pg_ctl on a temp dir and a free port.

Started once per test session and stopped at its end. As root it runs as the `postgres` user (in a
directory that user owns). TCP logins need passwords (scram); the tests give them through a pgpass
file (PGPASSFILE), as users would. Skips only when no PostgreSQL server binaries exist.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

psycopg = pytest.importorskip("psycopg", reason="psycopg 3 is not installed (pip install -e '.[hub]')")

SUPER_PASSWORD = "test-super-" + uuid.uuid4().hex[:8]
LOGINS = {"unit_north": "n-" + uuid.uuid4().hex[:8], "unit_south": "s-" + uuid.uuid4().hex[:8],
          "analyst_ann": "a-" + uuid.uuid4().hex[:8], "admin_ada": "d-" + uuid.uuid4().hex[:8]}


def _bindir() -> Path | None:
    found = shutil.which("initdb") or shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    cands = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(cands[-1]).parent if cands else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(cmd: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--"] + cmd if owner else cmd


@pytest.fixture(scope="session")
def pg_server():
    """(host, port, superuser) of a running server; stopped and removed after the session."""
    bindir = _bindir()
    if bindir is None or not (bindir / "pg_ctl").exists():
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine: "
                    "install the postgresql package (scripts/system-deps.sh does)")
    owner = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("running as root, but there is no 'postgres' user to run the server as")
        owner = "postgres"
    root = Path(tempfile.mkdtemp(prefix="npma-pg-"))
    data, sock, pwfile = root / "data", root / "sock", root / "pw"
    sock.mkdir()
    pwfile.write_text(SUPER_PASSWORD + "\n")
    if owner:
        shutil.chown(root, owner)
        shutil.chown(sock, owner)
        shutil.chown(pwfile, owner)
    port = _free_port()
    run = lambda cmd: subprocess.run(_as_server_user(cmd, owner), check=True, capture_output=True,  # noqa: E731
                                     text=True, timeout=120)
    run([str(bindir / "initdb"), "-D", str(data), "-U", "hubsuper", "--pwfile", str(pwfile), "-E", "UTF8",
         "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256"])
    run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-t", "60", "-o",
         f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50", "start"])
    try:
        yield ("127.0.0.1", port, "hubsuper")
    finally:
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                                       owner), capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pgpass(pg_server, tmp_path_factory):
    """A pgpass file with every test login's password; libpq reads it through PGPASSFILE."""
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
