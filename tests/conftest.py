"""Shared fixtures: offscreen Qt, a temporary database, the bundled frameworks, demo data."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from npmassess.frameworks import library  # noqa: E402
from npmassess.store import Store  # noqa: E402
from tests.hub.fixtures import hub_db, hub_url, pg_server, pgpass  # noqa: E402,F401 - PostgreSQL for hub tests


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path, monkeypatch):
    """Never touch the user's real data directory or database."""
    monkeypatch.setenv("NPMASSESS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("NPMASSESS_DB", raising=False)
    from npmassess import i18n
    yield
    if i18n.current_language() != "en":  # a test (e.g. the CLI with --lang fr) left French behind
        i18n.set_language("en")


@pytest.fixture
def lib():
    return library()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "test.db"


@pytest.fixture
def store(db_path):
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def caf(lib):
    return lib.get("caf", "2020")


@pytest.fixture
def demo_id(store, caf):
    from npmassess.demo import create_demo
    return create_demo(store, caf)
