"""The `figure` command and its core (npmassess.figures_edit): add an image or a chart, list, remove, refuse."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from npmassess import figures_edit
from npmassess.cli import run
from npmassess.errors import NotFound, ValidationError
from npmassess.figures import Figure
from npmassess.store import Store


@pytest.fixture
def files(tmp_path):
    Image.new("RGB", (300, 150), "navy").save(tmp_path / "org-chart.png")
    (tmp_path / "engagement.csv").write_text("Year;Engaged %;Target\n2023;61;65\n2024;64,5;65\n2025;70;\n",
                                             encoding="utf-8")
    return tmp_path


def figs(db, aid, node="1.1"):
    with Store(db) as s:
        return s.load(aid).figures.get(node, []), s.load(aid).images


def test_add_list_remove_through_the_cli(store, demo_id, files, capsys):
    db = str(store.path)
    store.close()
    assert run(["figure", "add", demo_id[:8], "--db", db, "--node", "1.1", "--image", str(files / "org-chart.png"),
                "--alt", "Three directorates under the board"]) == 0
    assert capsys.readouterr().out.strip() == "Added figure 1.1-1 to 1.1: “org-chart” (image, 300 x 150 pixels)."
    assert run(["figure", "add", "--db", db, "--assessment", demo_id, "--node", "1.1", "--data",
                str(files / "engagement.csv"), "--chart", "line", "--caption", "Staff engagement"]) == 0
    got = capsys.readouterr()
    assert "Added figure 1.1-2 to 1.1: “Staff engagement” (line chart, 3 rows)." in got.out
    assert "no alternative text" in got.err and "2024 64.5" in got.err  # the generated description is shown
    shown, images = figs(db, demo_id)
    image, chart = shown
    assert (image.chart, image.width, image.height, image.alt) == ("image", 300, 150, "Three directorates under "
                                                                   "the board")
    assert images[image.image][:8] == b"\x89PNG\r\n\x1a\n"
    assert chart.columns == ["Year", "Engaged %", "Target"]
    assert chart.rows == [["2023", 61.0, 65.0], ["2024", 64.5, 65.0], ["2025", 70.0, None]]
    assert run(["figure", "list", demo_id, "--db", db]) == 0
    assert capsys.readouterr().out.splitlines() == ["1.1  1.1-1  “org-chart” (image, 300 x 150 pixels)",
                                                    "1.1  1.1-2  “Staff engagement” (line chart, 3 rows)"]
    assert run(["figure", "list", demo_id, "--db", db, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [f["number"] for f in listed["1.1"]] == ["1.1-1", "1.1-2"] and listed["1.1"][0]["width"] == 300
    assert run(["figure", "remove", demo_id, "--db", db, "--node", "1.1", "--number", "1.1-1"]) == 0
    assert "Removed figure 1.1-1 from 1.1" in capsys.readouterr().out
    assert [f.number for f in figs(db, demo_id)[0]] == ["1.1-2"]
    # replace in place, with the same number
    assert run(["figure", "add", demo_id, "--db", db, "--node", "1.1", "--number", "1.1-2", "--replace", "--image",
                str(files / "org-chart.png"), "--caption", "Now a picture", "--alt", "x"]) == 0
    assert "Replaced figure 1.1-2 on 1.1" in capsys.readouterr().out
    assert [(f.number, f.chart) for f in figs(db, demo_id)[0]] == [("1.1-2", "image")]


@pytest.mark.parametrize("extra, message", [
    (["--node", "9.9", "--data", "engagement.csv"], "node: '9.9' is not a node of caf@2020"),
    (["--node", "1.1", "--image", "engagement.csv"], "engagement.csv: is not a PNG or JPEG image"),
    (["--node", "1.1", "--image", "missing.png"], "missing.png: cannot be read"),
    (["--node", "1.1", "--data", "words.csv", "--chart", "bar"], "these values are not numbers: Value 'many'"),
    (["--node", "1.1", "--data", "ragged.csv"], "ragged.csv, line 3: has 3 values but the first line names 2"),
    (["--node", "1.1", "--data", "empty.csv"], "empty.csv: is empty"),
    (["--node", "1.1", "--data", "engagement.csv", "--number", "1.1-1"], "1.1 already has a figure 1.1-1"),
    (["--node", "1.1", "--data", "engagement.csv", "--position", "5"], "position: must be between 1 and 2, not 5"),
    (["--node", "1.1", "--image", "org-chart.png", "--chart", "bar"], "--chart bar needs --data"),
    (["--node", "1.1"], "one of the arguments --image --data is required"),
])
def test_bad_input_is_one_line_and_changes_nothing(store, demo_id, files, capsys, monkeypatch, extra, message):
    (files / "words.csv").write_text("Year,Value\n2024,many\n", encoding="utf-8")
    (files / "ragged.csv").write_text("Year,Value\n2024,3\n2025,4,5\n", encoding="utf-8")
    (files / "empty.csv").write_text("\n\n", encoding="utf-8")
    store.set_figures(demo_id, "1.1", [Figure("1.1-1", "Kept", "table", ["A"], [["x"]])])
    db = str(store.path)
    store.close()
    monkeypatch.chdir(files)
    assert run(["figure", "add", demo_id, "--db", db, *extra]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    shown, images = figs(db, demo_id)
    assert [f.caption for f in shown] == ["Kept"] and images == {}


def test_remove_and_list_refusals(store, demo_id, capsys):
    db = str(store.path)
    store.close()
    assert run(["figure", "remove", demo_id, "--db", db, "--node", "1.1", "--number", "1.1-4"]) == 1
    assert "1.1 has no figure 1.1-4 (its figures: none)." in capsys.readouterr().err
    assert run(["figure", "list", "--db", db]) == 1
    assert "name the assessment" in capsys.readouterr().err
    assert run(["figure", "list", "zzzz", "--db", db]) == 1
    assert "zzzz" in capsys.readouterr().err
    assert run(["figure", "list", demo_id, "--db", db]) == 0
    assert capsys.readouterr().out.strip() == "No figures in this assessment."


def test_core_numbering_values_and_position(store, demo_id):
    one = Figure("1.1-1", "One", "table", ["A"], [["x"]])
    three = Figure("1.1-3", "Three", "table", ["A"], [["x"]])
    assert figures_edit.next_number("1.1", []) == "1.1-1"
    assert figures_edit.next_number("1.1", [one, Figure("1.1-2", "", "table")]) == "1.1-3"
    assert figures_edit.next_number("1.1", [three, Figure("1.1-2", "", "table")]) == "1.1-4"  # never a used one
    assert [figures_edit.parse_value(t) for t in ("12", "3,5", " 4.25 ", "", "n/a")] == [12.0, 3.5, 4.25, None, "n/a"]
    figures_edit.add_figure(store, demo_id, "1.1", three)
    old = figures_edit.add_figure(store, demo_id, "1.1", one, position=1)
    assert old == [three]
    assert [f.number for f in store.load(demo_id).figures["1.1"]] == ["1.1-1", "1.1-3"]
    with pytest.raises(ValidationError, match="already has a figure 1.1-3"):
        figures_edit.add_figure(store, demo_id, "1.1", three)
    assert figures_edit.remove_figure(store, demo_id, "1.1", "1.1-1") == one
    with pytest.raises(NotFound, match="its figures: 1.1-3"):
        figures_edit.remove_figure(store, demo_id, "1.1", "1.1-1")
    assert figures_edit.problem(Figure("1.1-5", "Bad", "bar", ["Y", "V"], [["2024", "lots"]])).startswith(
        "Figure 1.1-5: these values are not numbers")


def test_the_command_moves_the_registers_figure_references_too(tmp_path, files, capsys):
    """Adding a team figure on a results item renumbers the register's figures after it: the narrative's
    marker and mention that named the register's 7.1-3 name it as 7.1-4 afterwards; removing it moves back."""
    from npmassess.demo import create_demo
    from npmassess.frameworks import library
    db = tmp_path / "award.db"
    with Store(db) as s:
        aid = create_demo(s, library().get("baldrige"), None)
        s.set_narrative(aid, "7.1", "Coverage rose.\n\n[Figure: 7.1-3]\n\nFigure 7.1-3 counts the sessions.")
    assert run(["figure", "add", aid[:8], "--db", str(db), "--node", "7.1", "--data", str(files / "engagement.csv"),
                "--caption", "Staff engagement", "--alt", "Engagement by year"]) == 0
    with Store(db) as s:
        text = s.load(aid).narratives["7.1"]
    assert "[Figure: 7.1-4]" in text and "Figure 7.1-4 counts the sessions." in text
    assert run(["figure", "remove", aid[:8], "--db", str(db), "--node", "7.1", "--number", "7.1-3"]) == 0
    with Store(db) as s:
        assert "[Figure: 7.1-3]" in s.load(aid).narratives["7.1"]


def test_removing_a_figure_the_text_still_names_is_said(store, demo_id, files, capsys):
    from npmassess.narrative import named_figures
    assert named_figures("See Figure 1.1-1.\n[Figure: 1.1-2]\nFigures 3.2-1, and figure 7.1-10)") == {
        "1.1-1", "1.1-2", "3.2-1", "7.1-10"}
    db = str(store.path)
    store.close()
    assert run(["figure", "add", demo_id[:8], "--db", db, "--node", "1.1", "--image", str(files / "org-chart.png"),
                "--alt", "Three directorates"]) == 0
    with Store(db) as s:
        s.set_narrative(demo_id, "1.1", "Our structure (Figure 1.1-1) has three directorates.")
        saved = figures_edit.set_item_figures(s, demo_id, "1.1", [])
    assert saved.dangling == ["1.1-1"] and saved.moved == {}
    assert run(["figure", "add", demo_id[:8], "--db", db, "--node", "1.1", "--image", str(files / "org-chart.png"),
                "--alt", "Three directorates"]) == 0
    capsys.readouterr()
    assert run(["figure", "remove", demo_id[:8], "--db", db, "--node", "1.1", "--number", "1.1-1"]) == 0
    assert "still names figure 1.1-1" in capsys.readouterr().err
