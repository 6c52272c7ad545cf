"""Connecting to the hub: URLs without passwords, libpq's pgpass/service files, the system keyring."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from npmassess.errors import HubError
from npmassess.i18n import N_, _, labelled
from npmassess.fsutil import describe_os_error, write_atomic
from npmassess.paths import data_dir

SCHEMA = "npmassess"
KEYRING_SERVICE = "npmassess-hub"
URL_ENV = "NPMASSESS_HUB_URL"
PASSWORD_ADVICE = N_("keep passwords in ~/.pgpass (or the file named by PGPASSFILE), in a PostgreSQL service "
                   "file, or in the system keyring")


def _driver():
    try:
        import psycopg
    except ImportError:
        raise HubError("The hub needs the PostgreSQL driver psycopg 3: pip install 'npmassess[hub]'.") from None
    return psycopg


def parse_url(url: str) -> dict[str, str]:
    """The connection parameters of a URL or key=value string; refuses one holding a password."""
    url = (url or "").strip()
    if not url:
        raise HubError(_("No hub given: pass --url postgresql://HOST/DATABASE or set {env}.").format(env=URL_ENV))
    from psycopg.conninfo import conninfo_to_dict
    try:
        params = conninfo_to_dict(url)
    except Exception as exc:  # psycopg.ProgrammingError: malformed
        raise HubError(_("'{url}' is not a PostgreSQL connection URL ({problem}).").format(
            url=url, problem=_first_line(exc))) from None
    if params.get("password"):
        raise HubError("The hub URL contains a password; it was not used or saved. Remove it and "
                       f"{PASSWORD_ADVICE}.")
    return {k: str(v) for k, v in params.items()}


def describe(url: str) -> str:
    """'db on host:port as user' for messages (never a password)."""
    try:
        p = parse_url(url)
    except HubError:
        return _("the hub")
    where = p.get("service") and _("service {name}").format(name=p["service"]) or _("{db} on {host}").format(
        db=p.get("dbname", "?"), host=f"{p.get('host', 'localhost')}:{p.get('port', '5432')}")
    return _("{where} as {user}").format(where=where, user=p["user"]) if p.get("user") else where


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__


def keyring_key(params: dict[str, str]) -> str:
    return (f"{params.get('user') or os.environ.get('PGUSER') or ''}@{params.get('host', 'localhost')}:"
            f"{params.get('port', '5432')}/{params.get('dbname') or params.get('service') or ''}")


def _keyring():
    try:
        import keyring  # optional: present on desktops with a Secret Service, Keychain or Credential Manager
        return keyring
    except Exception:
        return None


def keyring_available() -> bool:
    return _keyring() is not None


def keyring_password(params: dict[str, str]) -> str | None:
    """The password the system keyring holds for these parameters, if a keyring is present."""
    kr = _keyring()
    if kr is None:
        return None
    try:
        return kr.get_password(KEYRING_SERVICE, keyring_key(params))
    except Exception:
        return None


def save_password(url: str, password: str) -> str:
    """Keep a password in the system keyring (never in a file of ours); returns a sentence."""
    kr = _keyring()
    if kr is None:
        raise HubError(_("No system keyring is available here; {advice}.").format(advice=_(PASSWORD_ADVICE)))
    params = parse_url(url)
    try:
        kr.set_password(KEYRING_SERVICE, keyring_key(params), password)
    except Exception as exc:
        raise HubError(_("The system keyring refused the password ({problem}).").format(problem=_first_line(exc))) from None
    return f"Password for {describe(url)} kept in the system keyring."


def connect(url: str, timeout: int = 5) -> Any:
    """An open psycopg connection with search_path set to the hub schema; HubError if unreachable."""
    psycopg = _driver()
    params = parse_url(url)
    extra: dict[str, Any] = {"connect_timeout": timeout, "application_name": "npmassess"}
    password = keyring_password(params)
    if password:
        extra["password"] = password
    try:
        conn = psycopg.connect(url, **extra)
    except psycopg.OperationalError as exc:
        if "password" in str(exc):
            raise HubError(_("The hub ({hub}) refused the login: {problem}; {advice}.").format(
                hub=describe(url), problem=_first_line(exc), advice=_(PASSWORD_ADVICE))) from None
        raise HubError(_("Cannot reach the hub ({hub}): {problem}.").format(hub=describe(url), problem=_first_line(exc))) from None
    conn.execute(f"set search_path to {SCHEMA}, public")
    conn.commit()
    return conn


def create_database(url: str, timeout: int = 5) -> bool:
    """Create the URL's database when it does not exist (needs CREATEDB); True if it was created."""
    psycopg = _driver()
    from psycopg import sql
    from psycopg.conninfo import make_conninfo
    params = parse_url(url)
    name = params.get("dbname")
    if not name:
        return False
    try:
        conn = psycopg.connect(make_conninfo(url, dbname="postgres"), connect_timeout=timeout, autocommit=True,
                               **({"password": p} if (p := keyring_password(params)) else {}))
    except psycopg.OperationalError as exc:
        raise HubError(_("Cannot reach the hub ({hub}): {problem}.").format(hub=describe(url), problem=_first_line(exc))) from None
    try:
        if conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
        return True
    except psycopg.errors.InsufficientPrivilege:
        raise HubError(_("Database {name} does not exist and this login may not create it (CREATEDB); ask the "
                         "database administrator to create it.").format(name=name)) from None
    finally:
        conn.close()


def reachable(url: str, timeout: int = 3) -> tuple[bool, str]:
    """(True, '') when the hub answers, else (False, the reason)."""
    try:
        conn = connect(url, timeout)
    except HubError as exc:
        return False, str(exc)
    conn.close()
    return True, ""


# -- the remembered URL (no password: refused by parse_url) -----------------------------------
def _settings_path() -> Path:
    return data_dir() / "hub.json"


def remember_url(url: str) -> None:
    """Remember the hub URL for later commands (a password is refused, never written)."""
    parse_url(url)
    path = _settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HubError(labelled(_("Cannot write {path}").format(path=path), describe_os_error(exc)) + ".") from None
    write_atomic(path, json.dumps({"url": url.strip()}), HubError)


def resolve_url(url: str | None) -> str:
    """The URL given, else $NPMASSESS_HUB_URL, else the one remembered by `hub init`."""
    if url:
        return url
    if os.environ.get(URL_ENV):
        return os.environ[URL_ENV]
    try:
        saved = json.loads(_settings_path().read_text(encoding="utf-8")).get("url", "")
    except (OSError, ValueError, AttributeError):
        saved = ""
    if not saved:
        raise HubError(_("No hub given: pass --url postgresql://HOST/DATABASE, set {env}, or run "
                         "`npmassess hub init --url ...` once.").format(env=URL_ENV))
    return saved
