"""Figures on the hub (schema 4) against a real PostgreSQL: pushed with the assessment, read back, row security."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image

from npmassess import schema
from npmassess.exchange import importing, interchange
from npmassess.figure_images import digest_of
from npmassess.figures import Figure
from npmassess.hub import HubError, HubSource, check_version, connect, migrate, push_file
from npmassess.hub.connection import SCHEMA
from npmassess.hub.queries import add_member
from npmassess.store import Store
from tests.hub.helpers import make_assessment, write_package


def png(colour: str, size=(120, 80)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "PNG")
    return buf.getvalue()


def with_figures(a, colour="navy", caption="Organisation <&> chart = 東京"):
    data = png(colour)
    digest = digest_of(data)
    a.figures = {"1.1": [Figure("1.1-1", "Staff engagement", "line", ["Year", "%"], [["2024", 61.0], ["2025", 64.5]],
                                alt="Rose from 61 to 64.5 %", source="Staff survey"),
                         Figure("1.1-2", caption, "image", alt="Three directorates", image=digest, width=120,
                                height=80)],
                 "9.1": [Figure("9.1-1", "Complaints", "bar", ["Year", "Per 1,000"], [["2025", 4.0]])]}
    a.images = {digest: data}
    return a


def counts(conn, aid):
    with conn.transaction():
        return tuple(conn.execute(f"select count(*) from {t} where assessment_id = %s", [aid]).fetchone()[0]
                     for t in ("figures", "hub_figure_images"))


def test_pushed_figures_and_images_come_back_from_the_hub(hub_url, tmp_path, lib, caf):
    a = with_figures(make_assessment(caf, "Valmora City", "North Office", "2026"))
    conn = connect(hub_url())
    pkg = write_package(tmp_path, a, caf)
    assert push_file(conn, pkg, lib).result == "new"
    assert counts(conn, a.id) == (2, 1)
    back = HubSource(hub_url(), lib, conn).load(a.id)
    assert back.figures == a.figures and back.images == a.images
    # exactly what a local import of the same package holds, down to the interchange file
    local = Store(tmp_path / "local.db")
    importing.import_file(local, pkg)
    mine = local.load(a.id)
    assert back.figures == mine.figures and back.images == mine.images
    assert interchange.to_dict(back, caf)["figures"] == interchange.to_dict(mine, caf)["figures"]
    local.close()
    # pushed again (package or JSON): unchanged, nothing duplicated
    assert push_file(conn, pkg, lib).result == "unchanged"
    interchange.write_json(back, caf, tmp_path / "again.json")
    assert push_file(conn, tmp_path / "again.json", lib).result == "unchanged"
    assert counts(conn, a.id) == (2, 1)
    conn.close()


def test_a_replaced_push_replaces_figures_and_images(hub_url, tmp_path, lib, caf):
    a = with_figures(make_assessment(caf, "Valmora City", "North Office", "2026"))
    conn = connect(hub_url())
    push_file(conn, write_package(tmp_path, a, caf), lib)
    b = with_figures(replace(a, status="completed"), colour="darkred", caption="New chart")
    b.figures.pop("9.1")
    path = write_package(tmp_path, b, caf, "b.npma")
    assert push_file(conn, path, lib).result == "conflict"
    assert HubSource(hub_url(), lib, conn).load(a.id).images == a.images  # nothing written
    assert push_file(conn, path, lib, replace=True).result == "replaced"
    back = HubSource(hub_url(), lib, conn).load(a.id)
    assert back.figures == b.figures and back.images == b.images and set(back.images) != set(a.images)
    assert counts(conn, a.id) == (1, 1)
    conn.close()


def test_a_figure_whose_image_is_missing_is_refused_and_writes_nothing(hub_url, tmp_path, lib, caf):
    a = with_figures(make_assessment(caf, "Valmora City", "North Office", "2026"))
    path = tmp_path / "noimage.json"
    interchange.write_json(a, caf, path)
    text = path.read_text(encoding="utf-8")
    doc = interchange.json.loads(text)
    doc.pop("images")
    path.write_text(interchange.json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    conn = connect(hub_url())
    r = push_file(conn, path, lib)
    assert r.result == "refused" and "figure 1.1-2: its image is not in the file" in r.message
    with conn.transaction():
        assert conn.execute("select count(*) from assessments").fetchone()[0] == 0
    conn.close()


def test_units_see_only_their_own_figures(hub_url, tmp_path, lib, caf):
    north = with_figures(make_assessment(caf, "Valmora City", "North Office", "2026"))
    south = with_figures(make_assessment(caf, "Valmora City", "South Office", "2026", seed=2), colour="green")
    conn = connect(hub_url())
    for a in (north, south):
        assert push_file(conn, write_package(tmp_path, a, caf), lib).result == "new"
    add_member(conn, "unit_north", "unit", "Valmora City", "North Office")
    conn.close()
    with HubSource(hub_url("unit_north"), lib) as src:
        with src.conn.transaction():
            seen = src.conn.execute("select distinct assessment_id from figures union "
                                    "select distinct assessment_id from hub_figure_images").fetchall()
        assert seen == [(north.id,)]
        assert src.load(north.id).images == north.images


def test_an_older_hub_gets_the_figure_tables_and_refills_figures_on_the_next_push(hub_db, tmp_path, lib, caf):
    conn = connect(hub_db())
    assert migrate(conn, target=3) == (0, 3)
    with conn.transaction():
        assert conn.execute("select to_regclass(%s)", [f"{SCHEMA}.figures"]).fetchone()[0] is None
    with pytest.raises(HubError, match="an administrator runs"):
        check_version(conn)
    assert migrate(conn) == (3, schema.HUB_VERSION) == (3, 4)
    with conn.transaction():
        rls = conn.execute("select relname, relrowsecurity from pg_class where oid in (%s::regclass, %s::regclass)",
                           [f"{SCHEMA}.figures", f"{SCHEMA}.hub_figure_images"]).fetchall()
    assert sorted(rls) == [("figures", True), ("hub_figure_images", True)]
    # an assessment pushed before the hub kept figures: its digest is on the hub, its figures are not
    a = with_figures(make_assessment(caf, "Valmora City", "North Office", "2026"))
    pkg = write_package(tmp_path, a, caf)
    push_file(conn, pkg, lib)
    with conn.transaction():
        conn.execute("delete from figures")
        conn.execute("delete from hub_figure_images")
    r = push_file(conn, pkg, lib)
    assert r.result == "unchanged" and "Its 3 figures were added" in r.message
    assert HubSource(hub_db(), lib, conn).load(a.id).figures == a.figures
    assert counts(conn, a.id) == (2, 1)
    assert "figures were added" not in push_file(conn, pkg, lib).message  # once
    conn.close()
