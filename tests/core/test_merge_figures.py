"""Figures in a merge: a member's new, changed and removed figures (and their images) reach the facilitator."""

from __future__ import annotations

import copy

import pytest
from PIL import Image, ImageDraw

from npmassess.cli import run
from npmassess.errors import ImportFileError, ValidationError
from npmassess.exchange import importing, interchange, merge, packages
from npmassess.figure_images import image_figure
from npmassess.figures import Figure
from npmassess.store import Store


def picture(path, size=(320, 200), colour="#1f4e79"):
    im = Image.new("RGB", size, "white")
    ImageDraw.Draw(im).rectangle([20, 20, size[0] - 20, size[1] - 20], fill=colour)
    im.save(path, "PNG")
    return path


def chart(number="1.1-1", caption="Staff survey: engagement", values=(61, 64, 70)):
    return Figure(number, caption, "line", ["Year", "Engaged %"],
                  [[str(2023 + i), v] for i, v in enumerate(values)], alt="Engagement rose each year")


@pytest.fixture
def member(tmp_path, store, demo_id):
    """The member's database, holding the facilitator's package (so the file coming back has a base)."""
    pkg = tmp_path / "to-member.npma"
    packages.export_package(store, demo_id, pkg)
    other = Store(tmp_path / "member.db")
    importing.import_file(other, pkg)
    yield other
    other.close()


def send_back(member_store, demo_id, tmp_path, name="back.npma"):
    path = tmp_path / name
    packages.export_package(member_store, demo_id, path)
    return path


def test_a_members_new_figures_and_image_reach_the_facilitator_once(store, demo_id, member, tmp_path):
    fig_img, data = image_figure(picture(tmp_path / "org.png"), "1.1-2", "Our organisation chart",
                                 alt="Three directorates under the board")
    member.set_figures(demo_id, "1.1", [chart(), fig_img], data)
    member.set_figures(demo_id, "2.1", [chart("2.1-1", "Stakeholder survey", (40, 52))])
    back = send_back(member, demo_id, tmp_path)
    preview = importing.preview_import(store, back)
    text = "\n".join(preview.lines())
    assert "new figure 1.1-1 on 1.1 “Staff survey: engagement”: “Staff survey: engagement” (line chart, 3 rows)" in text
    assert "new figure 1.1-2 on 1.1 “Our organisation chart”" in text and "image, 320 x 200 pixels" in text
    assert "3 new figures" in preview.summary()
    assert not preview.conflicts
    importing.apply_import(store, preview)
    here = store.load(demo_id)
    assert here.figures == member.load(demo_id).figures  # every field, in the member's order
    assert here.images == {fig_img.image: data[fig_img.image]}  # the image's bytes came with it
    # the same file again, and a fresh package of the same content: nothing new, nothing duplicated
    again = importing.preview_import(store, back)
    assert again.nothing_to_do, again.lines()
    assert importing.preview_import(store, send_back(member, demo_id, tmp_path, "again.npma")).nothing_to_do
    assert store.load(demo_id).figures == here.figures
    assert store.db.execute("select count(*) from figure_images").fetchone()[0] == 1


def test_a_figure_changed_in_the_file_only_is_changed_in_place(store, demo_id, member, tmp_path):
    first, second = chart(), chart("1.1-2", "Complaints per 1,000 users", (9, 7, 4))
    store.set_figures(demo_id, "1.1", [first, second])
    packages.export_package(store, demo_id, tmp_path / "round2.npma")
    importing.import_file(member, tmp_path / "round2.npma", confirm=True)
    changed = copy.deepcopy(first)
    changed.rows[-1][1] = 72.5
    changed.alt = "Engagement rose to 72.5 %"
    member.set_figures(demo_id, "1.1", [changed, second])
    preview = importing.preview_import(store, send_back(member, demo_id, tmp_path))
    [c] = preview.changes
    assert not c.conflict
    assert c.describe().startswith("changed figure 1.1-1 on 1.1 “Staff survey: engagement” (values, alternative text)")
    importing.apply_import(store, preview)
    assert store.load(demo_id).figures["1.1"] == [changed, second]


def test_both_sides_changed_the_same_figure_is_a_labelled_conflict(store, demo_id, member, tmp_path):
    store.set_figures(demo_id, "1.1", [chart()])
    packages.export_package(store, demo_id, tmp_path / "round2.npma")
    importing.import_file(member, tmp_path / "round2.npma", confirm=True)
    mine = chart(caption="Staff survey (facilitator's wording)")
    theirs = chart(values=(61, 64, 75))
    store.set_figures(demo_id, "1.1", [mine])
    member.set_figures(demo_id, "1.1", [theirs])
    back = send_back(member, demo_id, tmp_path)
    preview = importing.preview_import(store, back)
    [c] = preview.conflicts
    assert c.label == "figure 1.1-1 on 1.1 “Staff survey (facilitator's wording)”"
    assert "CONFLICT figure 1.1-1 on 1.1 “Staff survey (facilitator's wording)” (caption, values): " in c.describe()
    assert "both started from" in c.describe()
    with pytest.raises(ImportFileError, match="--take"):
        importing.import_file(store, back, confirm=True)
    assert store.load(demo_id).figures["1.1"] == [mine]  # nothing written
    importing.apply_import(store, preview, resolutions={c.id: "mine"})
    assert store.load(demo_id).figures["1.1"] == [mine]
    importing.apply_import(store, importing.preview_import(store, back), take="theirs")
    assert store.load(demo_id).figures["1.1"] == [theirs]


def test_removals_follow_the_base(store, demo_id, member, tmp_path):
    keep, drop, edited = chart("1.1-1"), chart("1.1-2", "Old survey"), chart("1.1-3", "Costs")
    store.set_figures(demo_id, "1.1", [keep, drop, edited])
    packages.export_package(store, demo_id, tmp_path / "round2.npma")
    importing.import_file(member, tmp_path / "round2.npma", confirm=True)
    member.set_figures(demo_id, "1.1", [keep])  # the member removed two figures
    store.set_figures(demo_id, "1.1", [keep, drop, chart("1.1-3", "Costs per case")])  # 1.1-3 changed here
    back = send_back(member, demo_id, tmp_path)
    preview = importing.preview_import(store, back)
    by_key = {c.key: c for c in preview.changes}
    assert set(by_key) == {("figure", "1.1", "1.1-2"), ("figure", "1.1", "1.1-3")}
    assert not by_key[("figure", "1.1", "1.1-2")].conflict  # untouched here: removed
    assert "removed figure 1.1-2 on 1.1 “Old survey”" in by_key[("figure", "1.1", "1.1-2")].describe()
    assert by_key[("figure", "1.1", "1.1-3")].conflict  # removed there, changed here: ask
    importing.apply_import(store, preview, take="mine")
    assert [f.number for f in store.load(demo_id).figures["1.1"]] == ["1.1-1", "1.1-3"]
    # a JSON file without a base never removes a figure
    interchange.write_json(member.load(demo_id), store.framework_of(demo_id), tmp_path / "plain.json")
    plain = importing.preview_import(store, tmp_path / "plain.json")
    assert all(c.conflict for c in plain.changes if c.section == "figure")
    assert not [c for c in plain.changes if c.section == "figure" and c.theirs is None and not c.conflict]


def test_a_new_figure_goes_where_the_file_has_it(store, demo_id, member, tmp_path):
    a, b = chart("1.1-1", "First"), chart("1.1-3", "Third")
    store.set_figures(demo_id, "1.1", [a, b])
    packages.export_package(store, demo_id, tmp_path / "round2.npma")
    importing.import_file(member, tmp_path / "round2.npma", confirm=True)
    middle = chart("1.1-2", "Second")
    member.set_figures(demo_id, "1.1", [a, middle, b])
    store.set_figures(demo_id, "1.1", [a, b, chart("1.1-4", "Fourth, added here")])
    importing.import_file(store, send_back(member, demo_id, tmp_path), confirm=True)
    assert [f.caption for f in store.load(demo_id).figures["1.1"]] == ["First", "Second", "Third",
                                                                        "Fourth, added here"]


def test_a_figure_whose_image_is_missing_writes_nothing(store, caf, demo_id, tmp_path):
    mine = store.load(demo_id)
    theirs, base = copy.deepcopy(mine), copy.deepcopy(mine)
    fig, _data = image_figure(picture(tmp_path / "p.png"), "1.1-1", "A picture")
    theirs.figures["1.1"] = [fig]  # the bytes left behind
    pid = mine.participants[0].id
    theirs.ratings[(pid, "2.1", "score")] = 5.0
    changes = merge.diff(caf, mine, theirs, base)
    assert {c.section for c in changes} == {"figure", "rating"}
    with pytest.raises(ValidationError, match="1.1-1"):
        merge.apply(store, demo_id, changes)
    after = store.load(demo_id)
    assert after.figures == {} and after.ratings.get((pid, "2.1", "score")) == mine.ratings.get((pid, "2.1", "score"))


def test_figure_keys_survive_numbers_written_differently(caf, store, demo_id):
    """3 and 3.0 are one value; a repeated number gets its own key instead of hiding a figure."""
    mine = store.load(demo_id)
    theirs = copy.deepcopy(mine)
    mine.figures["1.1"] = [chart(values=(61, 64, 70))]
    theirs.figures["1.1"] = [chart(values=(61.0, 64.0, 70.0))]
    assert merge.diff(caf, mine, theirs) == []
    theirs.figures["1.1"] = [chart(values=(61.0, 64.0, 70.0)), chart(caption="Same number again")]
    [c] = merge.diff(caf, mine, theirs)
    assert c.key == ("figure", "1.1", "1.1-1#2") and c.mine is None
    assert c.label == "figure 1.1-1 on 1.1 “Same number again”"


def test_cli_merge_shows_and_applies_figures(store, demo_id, member, tmp_path, capsys):
    member.set_figures(demo_id, "3.1", [chart("3.1-1", "Training hours")])
    back = send_back(member, demo_id, tmp_path)
    db = str(store.path)
    store.close()
    assert run(["import", str(back), "--db", db, "--yes"]) == 0
    shown = capsys.readouterr().out
    assert "new figure 3.1-1 on 3.1 “Training hours”" in shown and "Merged 1 change" in shown
    assert run(["import", str(back), "--db", db, "--yes"]) == 0
    assert "holds nothing new" in capsys.readouterr().out
    s = Store(db)
    assert [f.caption for f in s.load(demo_id).figures["3.1"]] == ["Training hours"]
    s.close()
