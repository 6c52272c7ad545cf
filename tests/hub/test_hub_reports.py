"""Hub reports against a real PostgreSQL: comparisons equal the local ones, roles, benchlearning, plans, CLI."""

import json
import re
import uuid
from dataclasses import replace
from datetime import date

import psycopg
import pytest

from npmassess import comparison
from npmassess.cli import run
from npmassess.errors import NotFound
from npmassess.exchange import importing, packages
from npmassess.hub import HubError, HubSource, connect, push_file
from npmassess.hub.benchlearning import export
from npmassess.hub.queries import add_member, open_actions, unit_assessment
from npmassess.schema import HUB_VERSION
from npmassess.store import Store
from tests.hub.helpers import UNITS, make_assessment, unit_packages, write_package


@pytest.fixture
def pushed(hub_url, tmp_path, lib, caf):
    """Three units x two cycles pushed by the administrator; returns (url_for, files)."""
    files = unit_packages(tmp_path, caf)
    conn = connect(hub_url())
    assert all(push_file(conn, p, lib).result == "new" for p in files.values())
    add_member(conn, "unit_north", "unit", "Valmora City", "North Office")
    add_member(conn, "unit_south", "unit", "Valmora City", "South Office")
    add_member(conn, "analyst_ann", "analyst")
    add_member(conn, "admin_ada", "admin")
    conn.close()
    return hub_url, files


def _local(tmp_path, files):
    store = Store(tmp_path / "local.db")
    for p in files.values():
        importing.import_file(store, p)
    return store


def test_hub_comparison_equals_the_local_comparison(pushed, tmp_path, lib):
    url_for, files = pushed
    local = _local(tmp_path, files)
    with HubSource(url_for("analyst_ann"), lib) as hub:
        for cycle in ("2025", "2026"):
            assert comparison.unit_league(hub, cycle).to_dict() == comparison.unit_league(local, cycle).to_dict()
        aid = unit_assessment(hub, "valmora city / north office")
        assert comparison.unit_history(hub, aid).to_dict() == comparison.unit_history(local, aid).to_dict()
        lg = comparison.unit_league(hub, "2026")
    assert len(lg.units) == 3 and all(u.assessors == 5 and u.completeness == 1.0 for u in lg.units)
    local.close()


def test_unit_role_reads_and_pushes_its_own_unit_only(pushed, tmp_path, lib, caf):
    url_for, files = pushed
    with HubSource(url_for("unit_north"), lib) as north:
        seen = north.list_assessments()
        assert {s.unit for s in seen} == {"North Office"} and len(seen) == 2
        with north.conn.transaction():
            notes = north.conn.execute("select n.text from notes n join assessments a on a.id = n.assessment_id"
                                       " where a.unit <> 'North Office'").fetchall()
            rationale = north.conn.execute("select count(*) from consensus").fetchone()[0]
            names = north.conn.execute("select count(*) from participants").fetchone()[0]
        assert notes == [] and rationale == 2 * 28 and names == 2 * 5  # its own two cycles only
        south_id = packages.read_package(files[("Valmora City", "South Office", "2026")], lib).assessment.id
        assert not north.exists(south_id)
        with pytest.raises(NotFound):
            north.load(south_id)
        # pushing another unit's package is refused by the database, and nothing is written
        other = make_assessment(caf, "Valmora City", "South Office", "2027")
        r = push_file(north.conn, write_package(tmp_path, other, caf, "south-2027.npma"), lib)
        assert r.result == "refused" and "not one of your units" in r.message
        own = make_assessment(caf, "Valmora City", "North Office", "2027")
        assert push_file(north.conn, write_package(tmp_path, own, caf, "north-2027.npma"), lib).result == "new"
        edited = write_package(tmp_path, replace(own, status="completed"), caf, "north-2027b.npma")
        assert push_file(north.conn, edited, lib).result == "conflict"
        assert push_file(north.conn, edited, lib, replace=True).result == "replaced"  # its own, explicitly
        assert north.load(own.id).status == "completed"
        # the row security holds for hand-written SQL too, not only in our code
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            with north.conn.transaction():
                north.conn.execute("update assessments set unit = 'South Office' where id = %s", [own.id])
        with pytest.raises(HubError, match="analyst"):
            export(north, tmp_path / "bl.json")
    with HubSource(url_for("admin_ada"), lib) as admin:
        units = {(s.unit, s.cycle) for s in admin.list_assessments()}
        pushes = admin.conn.execute("select pushed_by, result from hub_pushes where file like %s order by id",
                                    ["%-2027.npma"]).fetchall()
        admin.conn.rollback()
    assert ("North Office", "2027") in units and ("South Office", "2027") not in units
    assert pushes == [("unit_north", "refused"), ("unit_north", "new")]
    assert ("North Office", "2027") in units


def test_analyst_reads_everything_but_writes_nothing(pushed, tmp_path, lib, caf):
    url_for, files = pushed
    with HubSource(url_for("analyst_ann"), lib) as ann:
        assert len(ann.list_assessments()) == len(files)
        r = push_file(ann.conn, write_package(tmp_path, make_assessment(caf, "X", "Y", "2026"), caf), lib)
        assert r.result == "refused"
        assert len(ann.list_assessments()) == len(files)


def test_benchlearning_export_has_no_names_and_no_free_text(pushed, tmp_path, lib):
    url_for, files = pushed
    with HubSource(url_for("analyst_ann"), lib) as ann:
        message = export(ann, tmp_path / "bl.json")
        export(ann, tmp_path / "bl.csv")
        snaps = ann.load_many([s.id for s in ann.list_assessments()])
    assert "6 assessments of 3 coded units" in message
    words = set()
    for a in snaps:
        words |= {a.organisation, a.unit, a.id} | {p.name for p in a.participants} | {p.role for p in a.participants}
        words |= {n.text for n in a.notes} | set(a.rationale.values()) | set(a.narratives.values())
        words |= {x.title for x in a.actions} | {x.owner for x in a.actions} | {x.description for x in a.actions}
        words |= {p.id for p in a.participants}
    words.discard("")
    for name in ("bl.json", "bl.csv"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        leaked = [w for w in words if w in text]
        assert not leaked, f"{name} leaks {leaked[:3]}"
    doc = json.loads((tmp_path / "bl.json").read_text(encoding="utf-8"))
    assert doc["units"] == 3 and len(doc["records"]) == 6
    codes = {r["unit"] for r in doc["records"]}
    assert len(codes) == 3 and all(re.fullmatch(r"U\d{4}", c) for c in codes)
    first = doc["records"][0]
    assert set(first) == {"unit", "cycle", "framework", "edition", "method", "status", "assessors",
                          "completeness", "overall", "spread", "criteria"}
    league = comparison.unit_league(_local(tmp_path, files), "2026")
    overall = sorted(round(u.overall.value, 3) for u in league.units)
    assert sorted(r["overall"] for r in doc["records"] if r["cycle"] == "2026") == overall


def test_open_actions_across_units_overdue_first(pushed, lib):
    url_for, _ = pushed
    with HubSource(url_for("analyst_ann"), lib) as ann:
        rows = open_actions(ann, today=date(2027, 3, 1))
    assert rows and {r.cycle for r in rows} == {"2026"}  # each unit's latest cycle only
    assert {r.unit for r in rows} == {u for _, u in UNITS}
    assert all(r.status in ("planned", "in progress") for r in rows)
    late = [r.overdue_days is not None for r in rows]
    assert late == sorted(late, reverse=True) and any(late) and not all(late)
    days = [r.overdue_days for r in rows if r.overdue_days]
    assert days == sorted(days, reverse=True)


def test_init_creates_a_missing_database(hub_db, capsys):
    url = hub_db().rsplit("/", 1)[0] + "/new_" + uuid.uuid4().hex[:8]
    try:
        assert run(["hub", "init", "--url", url]) == 0
        assert "Created the database" in capsys.readouterr().out
        assert run(["hub", "status", "--url", url]) == 0
        out = capsys.readouterr().out
        assert f"schema {HUB_VERSION}," in out and "owner of the hub schema" in out
    finally:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f"drop database if exists {url.rsplit('/', 1)[1]} with (force)")


def test_cli_end_to_end(hub_db, tmp_path, lib, caf, capsys):
    folder = tmp_path / "returned"
    folder.mkdir()
    files = unit_packages(folder, caf)
    url = hub_db()
    assert run(["hub", "init", "--url", url]) == 0
    assert "ready" in capsys.readouterr().out
    assert run(["hub", "push", "--folder", str(folder)]) == 0  # the URL was remembered
    assert f"{len(files)} new" in capsys.readouterr().out
    assert run(["hub", "push", *map(str, files.values())]) == 0
    assert f"{len(files)} unchanged" in capsys.readouterr().out
    a = packages.read_package(next(iter(files.values())), lib).assessment
    changed = replace(a, status="archived")
    assert run(["hub", "push", str(write_package(tmp_path, changed, caf, "changed.npma"))]) == 1
    captured = capsys.readouterr()
    assert "conflict" in captured.out and "not pushed" in captured.err
    assert run(["hub", "compare", "--cycle", "2026", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["units"]) == 3
    assert run(["hub", "compare", "--cycle", "2026", "--xlsx", str(tmp_path / "c.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "heat map" in out and "complete" in out
    import openpyxl
    wb = openpyxl.load_workbook(tmp_path / "c.xlsx")
    assert any("Pensions" in str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
    assert run(["hub", "history", "Pensions"]) == 0
    assert "2025" in capsys.readouterr().out
    assert run(["hub", "plans"]) == 0
    assert "open actions" in capsys.readouterr().out
    assert run(["hub", "list"]) == 0
    assert "6 assessments" in capsys.readouterr().out
    assert run(["hub", "benchlearning", str(tmp_path / "b.csv")]) == 0
    assert run(["hub", "history", "Nowhere"]) == 1
    assert "No unit named" in capsys.readouterr().err
    assert run(["hub", "list", "--url", url.replace("@", ":secret@")]) == 1
    assert "contains a password" in capsys.readouterr().err
