"""Where things live: data directory, default database, bundled data (frozen-aware)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "npmassess"


def resource_dir() -> Path:
    """Root of bundled read-only data: the source tree, or PyInstaller's unpack folder."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def frameworks_dir() -> Path:
    """Folder holding the bundled framework files."""
    override = os.environ.get("NPMASSESS_FRAMEWORKS")
    return Path(override) if override else resource_dir() / "frameworks"


def data_dir() -> Path:
    """Per-user data directory (created on demand)."""
    base = _data_base()
    base.mkdir(parents=True, exist_ok=True)
    return base


def _data_base() -> Path:
    override = os.environ.get("NPMASSESS_DATA_DIR")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP_NAME
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_NAME
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / APP_NAME
    return base


def cache_dir() -> Path:
    """Per-user cache folder (not created here): what can be rebuilt, such as parsed framework files."""
    override = os.environ.get("NPMASSESS_DATA_DIR")
    if override:
        return Path(override) / "cache"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / APP_NAME / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP_NAME
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / APP_NAME


def user_frameworks_dir() -> Path:
    """The user's own framework files (authoring-workbook imports); not created until written to."""
    override = os.environ.get("NPMASSESS_USER_FRAMEWORKS")
    return Path(override) if override else _data_base() / "frameworks"


def default_db_path() -> Path:
    """The database used when neither --db nor NPMASSESS_DB is given."""
    env = os.environ.get("NPMASSESS_DB")
    return Path(env) if env else data_dir() / "npmassess.db"
