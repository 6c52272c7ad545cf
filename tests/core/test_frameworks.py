"""Framework files: the bundled ones carry the reference facts; broken ones are refused clearly."""

from pathlib import Path

import pytest

from npmassess.errors import FrameworkError
from npmassess.frameworks import load_all, load_file, parse_framework

TINY = (Path(__file__).parent.parent / "data" / "tiny-1.toml").read_text(encoding="utf-8")


def test_all_bundled_frameworks_load_without_errors(lib):
    assert lib.errors == []
    assert {f.key for f in lib} >= {"caf@2020", "baldrige@2023-2024", "maf@2003", "maf@current",
                                    "capability-review@2006"}


def test_caf_2020_structure(lib):
    caf = lib.get("caf", "2020")
    assert [c.id for c in caf.criteria] == [str(i) for i in range(1, 10)]
    leaves = caf.scored_nodes()
    assert len(leaves) == 28
    assert sum(n.type == "enabler" for n in leaves) == 20
    assert sum(n.type == "result" for n in leaves) == 8
    assert [len(c.children) for c in caf.criteria] == [4, 4, 3, 6, 3, 2, 2, 2, 2]
    assert caf.node("1.1").title() == "Provide direction for the organisation by developing its mission, vision and values"
    assert caf.node("4.3").title() == "Manage finances"
    assert caf.node("6").title() == "Citizen/Customer-oriented Results"
    assert caf.node("9.1").verified is True  # confirmed word for word on the CAF network page (2020 text)
    assert caf.node("6.1").verified is False  # the perception/performance pattern, its own page not read
    assert set(caf.methods) == {"classical", "fine-tuned"}
    ft = caf.method("fine-tuned")
    assert [d.id for d in ft.dimensions_for("enabler")] == ["plan", "do", "check", "act"]
    assert [d.id for d in ft.dimensions_for("result")] == ["trends", "targets"]
    bands = caf.method("classical").dimensions_for("enabler")[0].scale.bands
    assert [(b.min, b.max) for b in bands] == [(0, 10), (11, 30), (31, 50), (51, 70), (71, 90), (91, 100)]


def test_baldrige_points(lib):
    b = lib.get("baldrige")
    assert b.total_points == 1000
    items = b.scored_nodes()
    assert len(items) == 17
    assert sum(n.points for n in items if n.type == "process") == 550
    assert sum(n.points for n in items if n.type == "result") == 450
    expected = {"1.1": 70, "1.2": 50, "2.1": 45, "2.2": 40, "3.1": 40, "3.2": 45, "4.1": 45, "4.2": 45,
                "5.1": 40, "5.2": 45, "6.1": 45, "6.2": 40, "7.1": 120, "7.2": 80, "7.3": 80, "7.4": 80, "7.5": 90}
    assert {n.id: n.points for n in items} == expected
    assert b.node("P").type == "context" and [c.id for c in b.node("P").children] == ["P.1", "P.2"]
    assert b.node("4").title() == "Measurement, Analysis, and Knowledge Management"
    scale = b.method().dimensions_for("process")[0].scale
    assert scale.step == 5
    assert [(x.min, x.max) for x in scale.bands] == [(0, 5), (10, 25), (30, 45), (50, 65), (70, 85), (90, 100)]
    assert b.application.profile_page_limit == 5 and b.application.response_page_limit == 50


def test_ordinal_frameworks(lib):
    maf = lib.get("maf", "2003")
    assert len(maf.scored_nodes()) == 10
    assert maf.node("1").title() == "Public Service Values"
    levels = maf.method().dimensions[0].scale.levels
    assert [lv.label() for lv in levels] == ["Strong", "Acceptable", "Opportunity for Improvement", "Attention Required"]
    assert all(lv.label("fr") != lv.label() or lv.label() == "Acceptable" for lv in levels)
    assert len(lib.get("maf", "current").scored_nodes()) == 7
    cr = lib.get("capability-review")
    assert [n.id for n in cr.scored_nodes()] == ["L1", "L2", "L3", "L4", "S1", "S2", "S3", "D1", "D2", "D3"]
    assert len(cr.method("rag5").dimensions[0].scale.levels) == 5
    assert len(cr.method("rag4").dimensions[0].scale.levels) == 4


def test_tiny_file_parses_with_translations():
    fw = parse_framework(TINY.encode(), "tiny-1.toml")
    assert fw.title("fr") == "Petit référentiel"
    assert fw.title("de") == "Tiny framework"  # falls back to English
    assert fw.node("1.1").questions[1]("fr") == "Qui le fait ?"
    assert len(fw.fingerprint) == 64


BROKEN = [
    ("unknown key", ('points = 40\nguidance = "About', 'poinst = 40\nguidance = "About'), "criteria[0].children[0].poinst", "unknown key"),
    ("missing field", ('title = "Outcomes"\n', ''), "criteria[1].children[0].title", "missing required field"),
    ("duplicate id", ('id = "1.2"', 'id = "1.1"'), "criteria[0].children[1].id", "duplicate id '1.1'"),
    ("points do not add up", ('points = 20\n', 'points = 25\n'), "criteria[0].points", "add up to 65"),
    ("total mismatch", ("total_points = 100", "total_points = 1000"), "total_points", "add up to 100"),
    ("bands overlap", ("min = 50\nmax = 100", "min = 40\nmax = 100"), "scales[0].bands[1].min", "overlaps"),
    ("bands leave a gap", ("min = 50\nmax = 100", "min = 60\nmax = 100"), "scales[0].bands[1].min", "gap"),
    ("bands stop short", ("min = 50\nmax = 100", "min = 50\nmax = 95"), "scales[0].bands[1].max", "scale goes to 100"),
    ("bad colour", ('"#2e7d32"', '"green"'), "scales[0].bands[1].colour", "colour"),
    ("unknown scale", ('scale = "pct"', 'scale = "percent"'), "methods[0].dimensions[0].scale", "unknown scale"),
    ("bad type", ('type = "result"\npoints = 40\n[[criteria.children]]', 'type = "outcome"\npoints = 40\n[[criteria.children]]'),
     "criteria[1].type", "must be one of"),
    ("translation without en", ('{ en = "Tiny framework", fr', '{ de = "Tiny framework", fr'), "title", "'en'"),
    ("newer format", ("format = 1", "format = 2"), "format", "reads format 1"),
    ("unknown default method", ('default_method = "standard"', 'default_method = "fast"'), "default_method", "not one of"),
    ("undeclared language", ('languages = ["en", "fr"]', 'languages = ["en"]'), "criteria[0].children[0].questions[1].fr", "not listed in 'languages'"),
    ("points on a string", ("points = 60", 'points = "60"'), "criteria[0].points", "whole number"),
]


@pytest.mark.parametrize("name,edit,path,problem", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_names_file_path_and_problem(name, edit, path, problem):
    old, new = edit
    assert old in TINY, name
    text = TINY.replace(old, new, 1)
    with pytest.raises(FrameworkError) as err:
        parse_framework(text.encode(), "broken.toml")
    message = str(err.value)
    assert message.startswith("broken.toml: "), message
    assert err.value.path == path, message
    assert problem in message, message


def test_syntax_and_encoding_errors_are_reported(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\ntitle = [unclosed\n')
    with pytest.raises(FrameworkError, match="bad.toml: not valid TOML"):
        load_file(bad)
    latin = tmp_path / "latin.toml"
    latin.write_bytes('title = "Référentiel"'.encode("latin-1"))
    with pytest.raises(FrameworkError, match="not UTF-8"):
        load_file(latin)


def test_a_broken_file_is_refused_but_the_others_load(tmp_path):
    (tmp_path / "tiny-1.toml").write_text(TINY, encoding="utf-8")
    (tmp_path / "broken.toml").write_text(TINY.replace('id = "tiny"', 'id = "Tiny Two"'), encoding="utf-8")
    lib = load_all(tmp_path)
    assert [f.key for f in lib] == ["tiny@1"]
    assert len(lib.errors) == 1 and "broken.toml: id" in str(lib.errors[0])


FRENCH = [
    ("points on a string", ("points = 60", 'points = "60"'),
     "criteria[0].points\u00a0: doit être un nombre entier, pas '60'"),
    ("unknown key", ('points = 40\nguidance = "About', 'poinst = 40\nguidance = "About'),
     "criteria[0].children[0].poinst\u00a0: clé inconnue «\u00a0poinst\u00a0» (clés permises\u00a0: "),
    ("bands overlap", ("min = 50\nmax = 100", "min = 40\nmax = 100"),
     "scales[0].bands[1].min\u00a0: 40 chevauche la tranche précédente\u00a0: 50 attendu"),
    ("newer format", ("format = 1", "format = 2"),
     "format\u00a0: vaut 2\u00a0; cette version de npmassess lit le format 1"),
]


@pytest.mark.parametrize("name,edit,where_and_problem", FRENCH, ids=[f[0] for f in FRENCH])
def test_a_broken_file_read_in_french_names_file_and_field_in_french(tmp_path, name, edit, where_and_problem):
    from npmassess.i18n import using_language
    old, new = edit
    bad = tmp_path / "cassé.toml"
    bad.write_text(TINY.replace(old, new, 1), encoding="utf-8")
    with using_language("fr"), pytest.raises(FrameworkError) as err:
        load_file(bad)
    assert str(err.value).startswith(f"{bad}\u00a0: {where_and_problem}"), str(err.value)
    with pytest.raises(FrameworkError) as english:
        load_file(bad)
    assert "\u00a0" not in str(english.value) and "«" not in str(english.value)  # English output as before

def test_bundled_guidance_exists_for_every_scored_node(lib):
    for fw in lib:
        for node in fw.scored_nodes():
            assert node.guidance(), f"{fw.key} {node.id} has no guidance"
            assert node.questions, f"{fw.key} {node.id} has no guiding questions"


def test_a_deeply_nested_framework_file_is_refused_alone(tmp_path, monkeypatch, capsys):
    """Hundreds of levels (as headers or as nested arrays) are refused with a message; others load."""
    import shutil

    from npmassess.cli import run
    from npmassess.paths import frameworks_dir
    shutil.copy(frameworks_dir() / "caf-2020.toml", tmp_path / "caf-2020.toml")
    tiny = (Path(__file__).parents[1] / "data" / "tiny-1.toml").read_text()
    head = tiny[:tiny.index("[[criteria]]")]
    levels = "".join(f'[[criteria{".children" * k}]]\nid = "n{k}"\ntitle = "t"\ntype = "enabler"\n'
                     for k in range(300))
    (tmp_path / "deep-1.toml").write_text(head.replace('id = "tiny"', 'id = "deep"') + levels)
    (tmp_path / "deeper-1.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n" + head)
    lib = load_all(tmp_path)
    assert [f.key for f in lib] == ["caf@2020"]
    problems = sorted(str(e) for e in lib.errors)
    assert len(problems) == 2
    assert "deep-1.toml" in problems[0] and "levels deep" in problems[0]
    assert "deeper-1.toml" in problems[1] and "nested too deeply" in problems[1]
    monkeypatch.setenv("NPMASSESS_FRAMEWORKS", str(tmp_path))
    assert run(["frameworks", "--db", str(tmp_path / "x.db")]) == 0
    err = capsys.readouterr().err
    assert err.count("warning: framework refused") == 2
