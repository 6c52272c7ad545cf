"""Who is working: the local user name (GUI setting, --user, $NPMASSESS_USER or the OS login)."""

from __future__ import annotations

import getpass
import os

from npmassess.validation import check_text


def default_user() -> str:
    """$NPMASSESS_USER, else the operating-system login, else 'unknown'."""
    name = os.environ.get("NPMASSESS_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # no login name (some containers): still record something honest
        return "unknown"


def check_user(name: str) -> str:
    """A user name as recorded in sign-offs and the trail (required, one line, at most 200 chars)."""
    return check_text("user name", name, True, 200).strip()
