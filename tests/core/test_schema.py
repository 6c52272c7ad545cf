"""The one schema definition matches the local store after all its migrations, table for table."""

import sqlite3

from npmassess import schema
from npmassess.demo import build_demo
from npmassess.hub import records
from npmassess.store import Store
from npmassess.store import migrations as local_migrations


def _actual(path):
    conn = sqlite3.connect(str(path))
    try:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'"
                                             " and name not like 'sqlite_%'")]
        out = {}
        for name in names:
            cols = conn.execute(f"pragma table_info('{name}')").fetchall()
            out[name] = {"columns": [(c[1], c[2].upper(), bool(c[3])) for c in cols],
                         "pk": tuple(c[1] for c in sorted(cols, key=lambda c: c[5]) if c[5])}
        return out
    finally:
        conn.close()


def test_local_store_tables_equal_the_definition(tmp_path):
    path = tmp_path / "fresh.db"
    Store(path).close()
    actual = _actual(path)
    defined = {t.name: t for t in schema.local_tables()}
    unexplained = set(actual) - set(defined) - set(schema.INFRASTRUCTURE)
    assert not unexplained, (f"local tables missing from npmassess/schema.py: {sorted(unexplained)}; add them "
                             "(scope 'both' puts them in the hub too, 'local' needs a reason)")
    assert set(defined) <= set(actual), f"defined but not created locally: {sorted(set(defined) - set(actual))}"
    for name, t in defined.items():
        want = [(c.name, schema.TYPES[c.type][0], c.not_null) for c in t.columns]
        assert actual[name]["columns"] == want, f"{name}: local columns differ from npmassess/schema.py"
        assert actual[name]["pk"] == t.pk, f"{name}: primary key differs"


def test_tables_kept_on_one_side_say_why():
    for t in schema.TABLES:
        assert t.scope in ("both", "local", "hub")
        if t.scope != "both":
            assert len(t.reason) > 20, f"{t.name} is {t.scope}-only without a reason"
        for c in t.columns:
            assert c.type in schema.TYPES
            if t.scope != "hub":
                assert schema.TYPES[c.type][0], f"{t.name}.{c.name}: {c.type} has no SQLite type"
    assert schema.HUB_VERSION >= 1


def test_hub_rows_fill_every_shared_column(caf):
    """records.rows() builds every column the definition names; build() reads them back."""
    a = build_demo(caf)
    data = records.rows(a)
    for t in schema.shared_tables():
        assert all(len(r) == len(t.columns) for r in data[t.name])
    headers = data.pop("assessments")
    back = records.build(headers, data)[0]
    assert back.ratings == a.ratings and back.consensus == a.consensus and back.rationale == a.rationale
    assert sorted((n.id, n.text, n.participant_id, n.position) for n in back.notes) == \
        sorted((n.id, n.text, n.participant_id, n.position) for n in a.notes)
    assert [(x.title, x.node_ids, x.note_ids) for x in back.actions] == [(x.title, x.node_ids, x.note_ids)
                                                                          for x in a.actions]


def test_migrations_known():
    assert local_migrations.SCHEMA_VERSION == len(local_migrations.KNOWN)
