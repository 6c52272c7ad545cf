"""Format extensions: side-by-side dimensions, highest level met, bonus points, grades, document rules."""

from pathlib import Path

import pytest

from npmassess.assessment import Assessment
from npmassess.errors import FrameworkError
from npmassess.frameworks import library, load_all, parse_framework
from npmassess.scoring import divergence, score, side_by_side

DATA = Path(__file__).parent.parent / "data"
TINY = (DATA / "tiny-1.toml").read_text(encoding="utf-8")
MATURITY = (DATA / "maturity-1.toml").read_text(encoding="utf-8")
PMA_FILE = (Path(__file__).parents[2] / "frameworks" / "pma-scorecard-2001-2008.toml").read_text(encoding="utf-8")


def parse(text: str, name: str = "x.toml"):
    return parse_framework(text.encode("utf-8"), name)


def refused(text: str, where: str, problem: str):
    with pytest.raises(FrameworkError) as exc:
        parse(text, "bad.toml")
    msg = str(exc.value)
    assert msg.startswith(f"bad.toml: {where}"), msg
    assert problem in msg, msg


def assessment(fw, consensus, method=None) -> Assessment:
    a = Assessment("a1", "Org", "Unit", fw.id, fw.edition, method or fw.default_method, "2026")
    a.consensus = dict(consensus)
    return a


# ---------------------------------------------------------------- side by side (PMA)

def test_pma_scorecard_structure():
    fw = library().get("pma-scorecard")
    assert [(c.id, c.title()) for c in fw.criteria] == [
        ("1", "Strategic Management of Human Capital"), ("2", "Competitive Sourcing"),
        ("3", "Improved Financial Performance"), ("4", "Expanded Electronic Government"),
        ("5", "Budget and Performance Integration")]
    m = fw.method()
    assert m.separate and [d.id for d in m.dimensions_for("element")] == ["status", "progress"]
    for dim in m.dimensions:
        assert [lv.label() for lv in dim.scale.levels] == ["Green", "Yellow", "Red"]


def test_status_and_progress_are_reported_side_by_side_never_averaged():
    fw = library().get("pma-scorecard")
    a = assessment(fw, {("1", "status"): 1, ("1", "progress"): 3,  # red status, green progress
                        ("2", "status"): 3, ("2", "progress"): 3, ("3", "status"): 2})
    rep = score(fw, a)
    n1 = rep.nodes["1"]
    assert n1.value is None and n1.level is None  # no merged value of any kind
    assert [(d, lv.label()) for d, _, lv in side_by_side(rep, "1")] == [("status", "Red"), ("progress", "Green")]
    assert rep.profiles["status"] == {3: 1, 2: 1, 1: 1}
    assert rep.profiles["progress"] == {3: 2, 2: 0, 1: 0}
    assert rep.lowest_by_dim["status"].label() == "Red" and rep.lowest_by_dim["progress"].label() == "Green"
    assert rep.profile == {} and rep.lowest is None
    assert rep.missing == ["3", "4", "5"]  # 3 has status only: incomplete, not averaged away
    assert rep.criteria["1"].profiles["status"] == {3: 0, 2: 0, 1: 1}


def test_side_by_side_divergence_takes_the_widest_dimension():
    fw = library().get("pma-scorecard")
    a = assessment(fw, {})
    a.ratings = {("p1", "1", "status"): 3, ("p2", "1", "status"): 1,
                 ("p1", "1", "progress"): 2, ("p2", "1", "progress"): 2}
    from npmassess.assessment import Participant
    a.participants = [Participant("p1", "A"), Participant("p2", "B")]
    d = divergence(fw, a)["1"]
    assert d.spread == 2.0 and d.by_dim["progress"] == {"p1": 2, "p2": 2}


def test_separate_needs_profile_aggregation_and_two_dimensions():
    one_dim = PMA_FILE.replace('''[[methods.dimensions]]
id = "progress"''', '''[[methods.dimensions]]
id = "progress_unused"
applies_to_nothing = 1''')
    refused(one_dim, "methods[0].dimensions[1]", "unknown key 'applies_to_nothing'")
    single = PMA_FILE[:PMA_FILE.index('[[methods.dimensions]]\nid = "progress"')] + \
        PMA_FILE[PMA_FILE.index("# ---------------------------------------------------------------- initiatives"):]
    refused(single, "methods[0].combine", "at least two dimensions")
    refused(TINY.replace('id = "standard"\ntitle = "Standard"', 'id = "standard"\ntitle = "Standard"\ncombine = "separate"'),
            "methods[0].combine", "needs ordinal scales")
    refused(PMA_FILE.replace('combine = "separate"', 'combine = "average"'), "methods[0].combine", "must be one of")


# ---------------------------------------------------------------- highest level met with no gap

def test_highest_level_met_counts_only_levels_without_a_gap_below():
    fw = parse(MATURITY)
    a = assessment(fw, {("7", "l1"): 1, ("7", "l2"): 0, ("7", "l3"): 1,   # gap at level 2
                        ("8", "l1"): 1, ("8", "l2"): 1, ("8", "l3"): 0})
    rep = score(fw, a)
    assert rep.nodes["7"].value == 1 and rep.nodes["7"].level.label() == "Level 1"
    assert rep.nodes["8"].value == 2 and rep.nodes["8"].level.label() == "Level 2"
    assert rep.profile == {3: 0, 2: 1, 1: 1, 0: 0} and rep.lowest.label() == "Level 1"
    a.consensus[("7", "l2")] = 1
    assert score(fw, a).nodes["7"].value == 3
    a.consensus[("7", "l1")] = 0
    assert score(fw, a).nodes["7"].value == 0


def test_highest_met_needs_a_result_scale_covering_every_result():
    refused(MATURITY.replace('result_scale = "reached"\n', ""), "methods[0].result_scale", "missing")
    refused(MATURITY.replace('result_scale = "reached"', 'result_scale = "nope"'), "methods[0].result_scale",
            "not an ordinal scale")
    no_zero = MATURITY.replace('''[[scales.levels]]
value = 0
label = "Below level 1"''', '''[[scales.levels]]
value = -1
label = "Below level 1"''')
    refused(no_zero, "methods[0].result_scale", "needs a level for every result 0..3")


# ---------------------------------------------------------------- bonus points and grades

BONUS = TINY.replace('[[criteria]]\nid = "2"', '''[[criteria]]
id = "B"
title = "Bonus"
type = "process"
points = 5
bonus = true

[[criteria]]
id = "2"''').replace('default_method = "standard"', '''default_method = "standard"

[[grades]]
label = "A"
min = 90
[[grades]]
label = "B"
above = 60
''')


def test_bonus_points_come_on_top_of_the_total_and_grades_read_the_total_with_bonus():
    fw = parse(BONUS)
    assert fw.total_points == 100 and fw.bonus_points == 5
    a = assessment(fw, {("1.1", "score"): 100, ("1.2", "score"): 100, ("2.1", "score"): 50})
    rep = score(fw, a)
    assert rep.total_points == 80 and rep.bonus_points is None and rep.total_with_bonus == 80
    assert rep.grade is None and rep.grade_so_far.label() == "B"  # the bonus item is not rated yet
    a.consensus[("B", "score")] = 0
    rep = score(fw, a)
    assert rep.grade.label() == "B" and rep.overall == 80
    a.consensus[("2.1", "score")] = 75  # 90 points exactly: 'at least 90' reaches A
    assert score(fw, a).grade.label() == "A"
    a.consensus[("2.1", "score")] = 50
    a.consensus[("B", "score")] = 100  # 80 + 5 bonus = 85: still B, the bonus is beyond the total
    rep = score(fw, a)
    assert (rep.total_points, rep.bonus_points, rep.total_with_bonus) == (80, 5, 85) and rep.grade.label() == "B"
    a.consensus = {k: 0 for k in a.consensus}
    assert score(fw, a).grade is None  # below every threshold: no grade


def test_above_means_strictly_more_than(lib):
    tqa = lib.get("tqa")
    assert [(g.label(), g.above) for g in tqa.grades] == [
        ("TQA: Global Excellence", 750), ("Thailand Quality Award (TQA)", 650), ("Thailand Quality Class (TQC)", 350)]
    assert tqa.grade_of(350) is None and tqa.grade_of(350.25).label() == "Thailand Quality Class (TQC)"
    assert tqa.grade_of(650).label() == "Thailand Quality Class (TQC)"
    assert tqa.grade_of(650.5).label() == "Thailand Quality Award (TQA)"
    assert tqa.grade_of(750).label() == "Thailand Quality Award (TQA)"
    assert tqa.grade_of(751).label() == "TQA: Global Excellence"


@pytest.mark.parametrize("change, where, problem", [
    ('[[grades]]\nlabel = "A"\nmin = 90', "grades[0]", "exactly one threshold"),
    ('[[grades]]\nlabel = "A"\nmin = 90\nabove = 80', "grades[0]", "exactly one threshold"),
    ('[[grades]]\nlabel = "A"\nmin = 50', "grades[1].above", "best first"),
    ('[[grades]]\nlabel = "A"\nmin = 106', "grades[0].min", "outside 0-105 points"),
    ('[[grades]]\nlabel = "A"\nmin = "ninety"', "grades[0].min", "must be a number"),
])
def test_bad_grades_are_refused(change, where, problem):
    text = BONUS.replace('[[grades]]\nlabel = "A"\nmin = 90', change)
    if change.endswith("min = 90"):  # drop the threshold instead
        text = BONUS.replace('[[grades]]\nlabel = "A"\nmin = 90', '[[grades]]\nlabel = "A"')
    refused(text, where, problem)


def test_bonus_and_grades_need_points_and_bonus_is_top_level_only():
    refused(BONUS.replace('points = 5\nbonus = true', 'bonus = true'), "criteria[1].points", "bonus criterion needs points")
    nested = TINY.replace('id = "1.2"\ntitle = "Second item"\ntype = "process"\npoints = 20',
                          'id = "1.2"\ntitle = "Second item"\ntype = "process"\npoints = 20\nbonus = true')
    refused(nested, "criteria[0].children[1].bonus", "only a top-level criterion")
    refused(BONUS.replace("points = 5\nbonus = true", "points = 5\nbonus = \"yes\""), "criteria[1].bonus", "true or false")
    grades_on_profile = PMA_FILE.replace('default_method = "scorecard"', 'default_method = "scorecard"\n[[grades]]\nlabel = "A"\nmin = 1')
    refused(grades_on_profile, "grades", "need points aggregation")


def test_korea_areas_points_and_bonus(lib):
    kr = lib.get("kr-gpe", "2022")
    regular = [(c.id, c.title(), c.points) for c in kr.criteria if not c.bonus]
    assert regular == [("1", "Major policies", 50), ("2", "Regulatory innovation", 20),
                       ("3", "Government innovation", 10), ("4", "Policy communication", 20)]
    assert kr.total_points == 100 and kr.bonus_points == 3
    assert kr.node("1").title("ko") == "주요정책" and kr.node("B").title("ko") == "적극행정 (가점)"
    assert kr.grades == ()  # official grades are relative rankings: no threshold is invented
    assert all(c.verified is False and c.source_note for c in kr.criteria)
    a = assessment(kr, {("1", "score"): 80, ("2", "score"): 50, ("3", "score"): 100, ("4", "score"): 75, ("B", "score"): 100})
    rep = score(kr, a)
    assert (rep.total_points, rep.bonus_points, rep.total_with_bonus) == (75.0, 3.0, 78.0)


# ---------------------------------------------------------------- EFQM, TQA, PQA

def test_efqm_2020_structure_and_points(lib):
    e = lib.get("efqm", "2020")
    assert [(c.id, c.title(), c.points) for c in e.criteria] == [
        ("1", "Purpose, Vision & Strategy", 100), ("2", "Organisational Culture & Leadership", 100),
        ("3", "Engaging Stakeholders", 100), ("4", "Creating Sustainable Value", 200),
        ("5", "Driving Performance & Transformation", 100), ("6", "Stakeholder Perceptions", 200),
        ("7", "Strategic & Operational Performance", 200)]
    assert e.total_points == 1000
    assert [len(c.children) for c in e.criteria] == [5, 4, 5, 4, 5, 0, 0]
    enabler_subs = [n for n in e.scored_nodes() if n.type == "enabler"]
    assert len(enabler_subs) == 23 and len(e.scored_nodes()) == 25
    assert sum(c.points for c in e.criteria[:2]) == 200  # Direction
    assert sum(c.points for c in e.criteria[2:5]) == 400  # Execution
    assert sum(c.points for c in e.criteria[5:]) == 400  # Results
    assert {n.points for n in e.node("4").children} == {50}
    radar = e.method("radar")
    assert [d.title() for d in radar.dimensions_for("enabler")] == ["Approaches", "Deployment", "Assessment & Refinement"]
    assert [d.title() for d in radar.dimensions_for("result")] == ["Relevance & Usability", "Performance"]
    assert [b.label() for b in radar.dimensions[0].scale.bands][-1] == "Outstanding ability to achieve"


@pytest.mark.parametrize("fid", ["tqa", "pqa"])
def test_baldrige_variants_share_the_baldrige_tree_and_points(lib, fid):
    b, v = lib.get("baldrige"), lib.get(fid)
    assert [(n.id, n.title(), n.points) for n in v.nodes()] == [(n.id, n.title(), n.points) for n in b.nodes()]
    assert len(v.scored_nodes()) == 17 and v.total_points == 1000
    assert all(not c.verified for c in v.criteria if c.id != "P")  # points not confirmed by the award body


def test_pqa_declares_no_invented_thresholds(lib):
    assert lib.get("pqa").grades == ()


# ---------------------------------------------------------------- application document rules

def test_baldrige_application_document_rules(lib):
    app = lib.get("baldrige").application
    assert (app.profile_page_limit, app.response_page_limit) == (5, 50)
    assert app.page_size == "letter" and app.font == ("Times New Roman", "Arial")
    assert app.min_font_size == 10 and app.min_margin_in == 0.75


APP = TINY.replace('default_method = "standard"', 'default_method = "standard"\napplication = { profile_node = "1", '
                   'profile_page_limit = 5, response_page_limit = 50, page_size = "a4", font = "Arial", '
                   'min_font_size = 11, min_margin_in = 1 }')


def test_application_rules_accept_a_single_font_and_refuse_bad_values():
    app = parse(APP).application
    assert app.font == ("Arial",) and app.page_size == "a4" and app.min_margin_in == 1.0
    refused(APP.replace('"a4"', '"legal"'), "application.page_size", 'must be "letter" or "a4"')
    refused(APP.replace("min_font_size = 11", "min_font_size = 0"), "application.min_font_size", "greater than 0")
    refused(APP.replace('font = "Arial"', "font = []"), "application.font", "must not be empty")
    refused(APP.replace('font = "Arial"', 'font = "Arial", paper = "A4"'), "application.paper", "unknown key")


def test_source_notes_are_kept_apart_from_displayed_notes():
    fw = parse(TINY.replace('source = "tests/data"', 'source = "tests/data"\nsource_note = "check 1.2"')
               .replace('guidance = "About the first item."', 'guidance = "About the first item."\nsource_note = "x"'))
    assert fw.source_note == "check 1.2" and not hasattr(fw, "note")
    assert fw.node("1.1").source_note == "x" and not hasattr(fw.node("1.1"), "note")
    refused(TINY.replace('source = "tests/data"', 'source = "tests/data"\nsource_note = 3'), "source_note",
            "must be a string")


# ---------------------------------------------------------------- user frameworks

def test_user_frameworks_are_listed_beside_the_bundled_ones(tmp_path, monkeypatch):
    user = tmp_path / "mine"
    user.mkdir()
    monkeypatch.setenv("NPMASSESS_USER_FRAMEWORKS", str(user))
    before = library()
    assert not any(f.user for f in before)
    (user / "tiny-1.toml").write_text(TINY, encoding="utf-8")
    (user / "caf-copy.toml").write_text(PMA_FILE, encoding="utf-8")  # same id and edition as a bundled file
    lib = library()
    tiny = lib.get("tiny", "1")
    assert tiny.user and not lib.get("caf").user
    assert [f.key for f in lib if f.key == "pma-scorecard@2001-2008"] == ["pma-scorecard@2001-2008"]
    assert any("caf-copy.toml: id" in str(e) and "bundled" in str(e) for e in lib.errors)
    assert len(lib) == len(before) + 1


def test_a_missing_user_folder_is_not_created_by_listing(tmp_path, monkeypatch):
    monkeypatch.setenv("NPMASSESS_USER_FRAMEWORKS", str(tmp_path / "absent"))
    library()
    assert not (tmp_path / "absent").exists()
    assert load_all(tmp_path / "absent").frameworks == []
