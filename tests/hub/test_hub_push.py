"""Hub set-up and pushes against a real PostgreSQL: new, unchanged, conflicts, refusals, the push log."""

import hashlib
import json
import zipfile
from dataclasses import replace

import pytest

from npmassess import schema
from npmassess.errors import ImportFileError
from npmassess.exchange import importing, interchange
from npmassess.hub import HubError, HubSource, check_version, connect, migrate, push_file
from npmassess.hub.connection import SCHEMA
from npmassess.store import Store
from tests.hub.helpers import make_assessment, unit_packages, write_package

DATA_TABLES = [t.name for t in schema.shared_tables()]


def counts(conn):
    with conn.transaction():
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in DATA_TABLES}


def test_init_creates_every_defined_column_and_is_idempotent(hub_url):
    conn = connect(hub_url())
    assert migrate(conn) == (schema.HUB_VERSION, schema.HUB_VERSION)  # second run: nothing to do
    rows = conn.execute("select table_name, column_name from information_schema.columns where table_schema = %s"
                        " order by table_name, ordinal_position", [SCHEMA]).fetchall()
    found = {}
    for t, c in rows:
        found.setdefault(t, []).append(c)
    found.pop("hub_migrations")
    assert found == {t.name: t.names for t in schema.hub_tables()}
    for t in schema.hub_tables():
        rls = conn.execute("select relrowsecurity from pg_class where oid = %s::regclass",
                           [f"{SCHEMA}.{t.name}"]).fetchone()[0]
        assert rls, f"{t.name} has no row-level security"
    conn.close()


def test_newer_hub_schema_is_refused(hub_url):
    conn = connect(hub_url())
    conn.execute(f"insert into {SCHEMA}.hub_migrations (version) values (%s)", [schema.HUB_VERSION + 1])
    conn.commit()
    with pytest.raises(HubError, match="newer npmassess"):
        check_version(conn)
    with pytest.raises(HubError, match="newer npmassess"):
        migrate(conn)
    with pytest.raises(HubError, match="newer npmassess"):
        HubSource(hub_url())
    conn.close()


def test_not_a_hub_yet(hub_db):
    with pytest.raises(HubError, match="not an npmassess hub yet"):
        HubSource(hub_db())


def test_push_then_repush_changes_nothing(hub_url, tmp_path, lib, caf):
    files = unit_packages(tmp_path, caf)
    conn = connect(hub_url())
    results = [push_file(conn, p, lib) for p in files.values()]
    assert [r.result for r in results] == ["new"] * len(files)
    before = counts(conn)
    assert before["assessments"] == len(files) and before["ratings"] == 140 * len(files)
    again = [push_file(conn, p, lib) for p in files.values()]
    assert [r.result for r in again] == ["unchanged"] * len(files)
    assert counts(conn) == before
    # the same content in a new package (new manifest time) or as JSON is the same push
    src = HubSource(hub_url(), lib, conn)
    a = src.load(results[0].assessment_id)
    write_package(tmp_path, a, caf, "again.npma")
    interchange.write_json(a, caf, tmp_path / "again.json")
    assert push_file(conn, tmp_path / "again.npma", lib).result == "unchanged"
    assert push_file(conn, tmp_path / "again.json", lib).result == "unchanged"
    assert counts(conn) == before
    conn.close()


def test_conflicting_push_is_reported_and_writes_nothing(hub_url, tmp_path, lib, caf):
    a = make_assessment(caf, "Valmora City", "North Office", "2026")
    first = write_package(tmp_path, a, caf, "first.npma")
    conn = connect(hub_url())
    assert push_file(conn, first, lib).result == "new"
    src = HubSource(hub_url(), lib, conn)
    stored = interchange.dumps(src.load(a.id), caf)
    before = counts(conn)
    key = next(iter(a.consensus))
    changed = replace(a, consensus={**a.consensus, key: 100.0 if a.consensus[key] != 100.0 else 0.0})
    second = write_package(tmp_path, changed, caf, "second.npma")
    r = push_file(conn, second, lib)
    assert r.result == "conflict" and "other content" in r.message and "--replace" in r.message
    assert counts(conn) == before and interchange.dumps(src.load(a.id), caf) == stored
    # another assessment of the same unit, framework and cycle is a conflict too
    twin = make_assessment(caf, " valmora city", "NORTH OFFICE ", "2026", seed=5)
    r = push_file(conn, write_package(tmp_path, twin, caf, "twin.npma"), lib)
    assert r.result == "conflict" and a.id in r.message
    assert counts(conn) == before
    # replacing is explicit
    r = push_file(conn, second, lib, replace=True)
    assert r.result == "replaced"
    assert src.load(a.id).consensus[key] == changed.consensus[key]
    assert counts(conn) == before
    conn.close()


def test_bad_files_are_refused_with_the_local_import_message(hub_url, tmp_path, lib, caf, store):
    a = make_assessment(caf, "Valmora City", "North Office", "2026")
    good = write_package(tmp_path, a, caf, "good.npma")
    tampered = tmp_path / "tampered.npma"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(tampered, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "assessment.json":
                data = data.replace(b"North Office", b"North 0ffice")
            zout.writestr(item, data)
    truncated = tmp_path / "truncated.npma"
    truncated.write_bytes(good.read_bytes()[:200])
    bad_json = tmp_path / "bad.json"
    doc = interchange.to_dict(a, caf)
    doc["consensus"][0]["value"] = 7.5
    bad_json.write_text(json.dumps(doc))
    conn = connect(hub_url())
    for path in (tampered, truncated, bad_json):
        r = push_file(conn, path, lib)
        assert r.result == "refused"
        with pytest.raises(ImportFileError) as local:
            importing.preview_import(store, path)
        assert r.message in str(local.value)
    assert counts(conn)["assessments"] == 0
    conn.close()


def test_every_push_is_logged_with_who_when_and_checksum(hub_url, tmp_path, lib, caf):
    a = make_assessment(caf, "Valmora City", "North Office", "2026")
    path = write_package(tmp_path, a, caf, "north.npma")
    conn = connect(hub_url())
    push_file(conn, path, lib)
    push_file(conn, path, lib)
    rows = conn.execute("select pushed_by, pushed_at, file, file_checksum, assessment_id, result from hub_pushes"
                        " order by id").fetchall()
    conn.close()
    assert [r[5] for r in rows] == ["new", "unchanged"]
    assert all(r[0] == "hubsuper" and r[1] is not None and r[2] == "north.npma" for r in rows)
    assert rows[0][3] == hashlib.sha256(path.read_bytes()).hexdigest() and rows[0][4] == a.id


def test_hub_loads_exactly_what_was_pushed(hub_url, tmp_path, lib, caf):
    a = make_assessment(caf, "Ville d'Éa <&> 東京", "Unité = α", "2026")
    conn = connect(hub_url())
    push_file(conn, write_package(tmp_path, a, caf), lib)
    local = Store(tmp_path / "local.db")
    importing.import_file(local, write_package(tmp_path, a, caf, "same.npma"))
    hub = HubSource(hub_url(), lib, conn).load(a.id)
    mine = local.load(a.id)
    for field in ("organisation", "unit", "ratings", "consensus", "rationale", "narratives", "participants"):
        assert getattr(hub, field) == getattr(mine, field), field
    assert sorted((n.id, n.text) for n in hub.notes) == sorted((n.id, n.text) for n in mine.notes)
    assert [(x.id, sorted(x.node_ids), x.note_ids) for x in hub.actions] == \
        [(x.id, sorted(x.node_ids), x.note_ids) for x in mine.actions]
    local.close()
    conn.close()


def test_password_from_the_system_keyring_never_from_a_file_of_ours(hub_url, monkeypatch, tmp_path):
    """A login whose password is in no pgpass file connects once the keyring holds it."""
    import sys
    import types
    from npmassess.hub.connection import remember_url, save_password
    conn = connect(hub_url())
    conn.execute("create role kr_user login password 'kr-Secret-9'")
    conn.commit()
    conn.close()
    url = hub_url("kr_user")
    try:
        monkeypatch.setitem(sys.modules, "keyring", None)  # no keyring: libpq finds no password
        with pytest.raises(HubError, match="refused the login.*pgpass"):
            connect(url)
        with pytest.raises(HubError, match="No system keyring"):
            save_password(url, "kr-Secret-9")
        vault = {}
        fake = types.SimpleNamespace(get_password=lambda s, k: vault.get((s, k)),
                                     set_password=lambda s, k, p: vault.__setitem__((s, k), p))
        monkeypatch.setitem(sys.modules, "keyring", fake)
        assert "system keyring" in save_password(url, "kr-Secret-9")
        connect(url).close()
        remember_url(url)
        saved = (tmp_path / "data" / "hub.json").read_text(encoding="utf-8")
        assert "kr-Secret-9" not in saved and "kr_user" in saved
    finally:
        conn = connect(hub_url())
        conn.execute("drop owned by kr_user")
        conn.execute("drop role kr_user")
        conn.commit()
        conn.close()


def test_an_older_hub_is_migrated_step_by_step(hub_db, tmp_path, lib, caf):
    """A hub made by an older npmassess (schema 1) gets the later columns from `hub init`."""
    conn = connect(hub_db())
    assert migrate(conn, target=1) == (0, 1)
    with pytest.raises(HubError, match="an administrator runs"):
        check_version(conn)
    cols = lambda: [r[0] for r in conn.execute(  # noqa: E731
        "select column_name from information_schema.columns where table_schema = %s and table_name ="
        " 'assessments' order by ordinal_position", [SCHEMA])]
    old = cols()
    conn.rollback()
    assert migrate(conn) == (1, schema.HUB_VERSION)
    assert cols() == schema.table("assessments").names and len(old) < len(cols())
    conn.rollback()
    a = make_assessment(caf, "Valmora City", "North Office", "2026")
    a.language = "fr"
    assert push_file(conn, write_package(tmp_path, a, caf), lib).result == "new"
    assert HubSource(hub_db(), lib, conn).load(a.id).language == "fr"
    conn.close()
