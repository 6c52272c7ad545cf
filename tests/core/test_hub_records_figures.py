"""Figures as hub rows and back (no PostgreSQL needed): the record conversion the hub push and HubSource use."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from npmassess import schema
from npmassess.demo import build_demo
from npmassess.errors import ValidationError
from npmassess.figure_images import digest_of
from npmassess.figures import Figure
from npmassess.hub import migrations, records


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 32), "teal").save(buf, "PNG")
    return buf.getvalue()


def test_figures_and_images_survive_the_rows(caf):
    a = build_demo(caf)
    data = _png()
    digest = digest_of(data)
    a.figures = {"1.1": [Figure("1.1-1", "Engagement = ↑ <&>", "line", ["Year", "%"], [["2024", 61.0], ["2025", None]]),
                         Figure("1.1-2", "Org", "image", alt="Board", image=digest, width=64, height=32)],
                 "2.1": [Figure("2.1-1", "Table", "table", ["Unit", "Head"], [["A", "B"]])]}
    a.images = {digest: data, "0" * 64: b"unused"}  # an image no figure shows stays behind
    rows = records.rows(a)
    assert len(rows["figures"]) == 2 and all(len(r) == 3 for r in rows["figures"])
    images = records.image_rows(a)
    assert images == [(a.id, digest, "png", 64, 32, data)]
    headers = rows.pop("assessments")
    back = records.build(headers, {**rows, "hub_figure_images": images})[0]
    assert back.figures == a.figures and back.images == {digest: data}
    # loaded without the figure parts (scores only): no figures, no error
    assert records.build(headers, {"participants": rows["participants"]})[0].figures == {}


def test_an_image_figure_without_its_image_is_refused(caf):
    a = build_demo(caf)
    a.figures = {"1.1": [Figure("1.1-2", "Org", "image", image="a" * 64, width=10, height=10)]}
    with pytest.raises(ValidationError, match="figure 1.1-2: its image is not in the file"):
        records.image_rows(a)


def test_hub_migration_4_creates_the_figure_tables_only():
    sql = "\n".join(migrations.statements(4))
    assert "create table npmassess.figures (assessment_id text references npmassess.assessments (id) on delete " \
           "cascade, node_id text, figures text, primary key (assessment_id, node_id))" in sql
    assert "create table npmassess.hub_figure_images" in sql and "data bytea not null" in sql
    assert "alter table npmassess.figures enable row level security" in sql
    assert "create table npmassess.assessments" not in sql
    assert "figures" not in "\n".join(migrations.statements(3))  # the migrations before stay as they were
    assert schema.HUB_VERSION == 4 and schema.table("figures").scope == "both"
