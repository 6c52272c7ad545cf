"""Scoring engine: hand-worked totals from the reference, plus properties."""

import pytest
from hypothesis import given, settings, strategies as st

from npmassess.assessment import Assessment, Participant
from npmassess.frameworks import library

from npmassess.scoring import agenda, divergence, score

CAF = library().get("caf", "2020")
BALDRIGE = library().get("baldrige")


def make(fw, method=None, consensus=None, ratings=None, participants=()):
    a = Assessment("a1", "Org", "Unit", fw.id, fw.edition, method or fw.default_method, "2026")
    a.participants = [Participant(p, p.upper()) for p in participants]
    a.consensus = dict(consensus or {})
    a.ratings = dict(ratings or {})
    return a


def test_caf_classical_by_hand(caf):
    c = {("1.1", "score"): 40, ("1.2", "score"): 60, ("1.3", "score"): 50, ("1.4", "score"): 70,
         ("6.1", "score"): 20, ("6.2", "score"): 35}
    rep = score(caf, make(caf, consensus=c))
    assert rep.criteria["1"].value == pytest.approx(55.0)  # (40+60+50+70)/4
    assert rep.criteria["6"].value == pytest.approx(27.5)
    assert rep.criteria["2"].value is None  # not rated: missing, not zero
    assert rep.enablers == pytest.approx(55.0)
    assert rep.results == pytest.approx(27.5)
    assert rep.overall == pytest.approx((40 + 60 + 50 + 70 + 20 + 35) / 6)
    assert rep.completeness == pytest.approx(6 / 28)
    assert "2.1" in rep.missing and "1.1" not in rep.missing
    assert rep.nodes["1.2"].band.label() == rep.framework.method("classical").dimensions_for("enabler")[0].scale.band_of(60).label()
    assert (rep.nodes["1.2"].band.min, rep.nodes["1.2"].band.max) == (51, 70)


def test_caf_fine_tuned_by_hand(caf):
    c = {("1.1", "plan"): 50, ("1.1", "do"): 40, ("1.1", "check"): 30, ("1.1", "act"): 20,
         ("6.1", "trends"): 60, ("6.1", "targets"): 40,
         ("1.2", "plan"): 80, ("1.2", "do"): 60}  # 1.2 half done
    rep = score(caf, make(caf, "fine-tuned", consensus=c))
    assert rep.nodes["1.1"].value == pytest.approx(35.0)  # (50+40+30+20)/4 = 140/400
    assert rep.nodes["6.1"].value == pytest.approx(50.0)  # (60+40)/2
    assert rep.nodes["1.2"].value is None and rep.nodes["1.2"].completeness == 0.5
    assert rep.criteria["1"].value == pytest.approx(35.0)  # only 1.1 complete
    assert rep.criteria["1"].completeness == pytest.approx((1 + 0.5) / 4)


def test_baldrige_points_by_hand(lib):
    b = lib.get("baldrige")
    c = {("1.1", "score"): 50, ("1.2", "score"): 40, ("7.1", "score"): 70, ("7.5", "score"): 25}
    rep = score(b, make(b, consensus=c))
    assert rep.nodes["1.1"].points == pytest.approx(35.0)  # 50 % of 70
    assert rep.nodes["1.2"].points == pytest.approx(20.0)  # 40 % of 50
    assert rep.criteria["1"].points == pytest.approx(55.0) and rep.criteria["1"].max_points == 120
    assert rep.criteria["7"].points == pytest.approx(84 + 22.5)  # 70 % of 120 + 25 % of 90
    assert rep.total_points == pytest.approx(55 + 84 + 22.5)
    assert rep.enablers == pytest.approx(55.0) and rep.results == pytest.approx(106.5)
    assert rep.max_points == 1000
    assert (rep.nodes["7.5"].band.min, rep.nodes["7.5"].band.max) == (10, 25)
    assert "P.1" not in rep.nodes  # the profile is narrative, never scored


def test_baldrige_all_full_marks_is_1000(lib):
    b = lib.get("baldrige")
    c = {(n.id, "score"): 100 for n in b.scored_nodes()}
    rep = score(b, make(b, consensus=c))
    assert rep.total_points == pytest.approx(1000)
    assert rep.enablers == pytest.approx(550) and rep.results == pytest.approx(450)


def test_ordinal_profile_never_averages(lib):
    maf = lib.get("maf", "2003")
    values = [4, 4, 3, 2, 1, 3, 3]  # 7 of 10 rated
    c = {(str(i + 1), "rating"): v for i, v in enumerate(values)}
    rep = score(maf, make(maf, consensus=c))
    assert rep.overall is None and rep.enablers is None and rep.total_points is None
    assert rep.profile == {4: 2, 3: 3, 2: 1, 1: 1}
    assert rep.lowest.label() == "Attention Required"
    assert rep.completeness == pytest.approx(0.7)
    assert rep.nodes["1"].level.label() == "Strong"
    assert rep.missing == ["8", "9", "10"]


def test_capability_review_profile_per_area(lib):
    cr = lib.get("capability-review")
    c = {("L1", "rating"): 5, ("L2", "rating"): 3, ("S1", "rating"): 2}
    rep = score(cr, make(cr, "rag5", consensus=c))
    assert rep.criteria["L"].profile[5] == 1 and rep.criteria["L"].profile[3] == 1
    assert rep.criteria["L"].lowest.label() == "Development area"
    assert rep.criteria["S"].lowest.label() == "Urgent development area"
    assert rep.criteria["D"].lowest is None and rep.criteria["D"].rated == 0


def test_divergence_and_agenda(caf):
    r = {("p", "1.1", "score"): 20, ("q", "1.1", "score"): 80, ("p", "1.2", "score"): 50,
         ("q", "1.2", "score"): 55, ("p", "1.3", "score"): 40}
    a = make(caf, ratings=r, participants=("p", "q"))
    d = divergence(caf, a)
    assert d["1.1"].spread == 60 and d["1.1"].low == 20 and d["1.1"].high == 80
    assert d["1.2"].spread == 5
    assert d["1.3"].spread == 0 and d["1.3"].raters == 1
    assert d["2.1"].spread is None
    assert [x.node_id for x in agenda(caf, a, 4)] == ["1.1", "1.2"]
    assert [x.node_id for x in agenda(caf, a, 30)] == ["1.1"]


def test_participant_scores_are_their_own(caf):
    r = {("p", "1.1", "score"): 20, ("q", "1.1", "score"): 80}
    a = make(caf, ratings=r, participants=("p", "q"), consensus={("1.1", "score"): 50})
    assert score(caf, a, "p").nodes["1.1"].value == 20
    assert score(caf, a, "q").nodes["1.1"].value == 80
    assert score(caf, a).nodes["1.1"].value == 50


@st.composite
def caf_values(draw, fw):
    nodes = fw.scored_nodes()
    return {(n.id, "score"): draw(st.integers(0, 100)) for n in nodes}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_caf_totals_bounded_and_monotone(data):
    caf = CAF
    values = data.draw(caf_values(caf))
    rep = score(caf, make(caf, consensus=values))
    assert 0 <= rep.overall <= 100 and 0 <= rep.enablers <= 100 and 0 <= rep.results <= 100
    key = data.draw(st.sampled_from(sorted(values)))
    bump = data.draw(st.integers(0, 100 - values[key]))
    higher = values | {key: values[key] + bump}
    rep2 = score(caf, make(caf, consensus=higher))
    assert rep2.overall >= rep.overall - 1e-9
    crit = key[0].split(".")[0]
    assert rep2.criteria[crit].value >= rep.criteria[crit].value - 1e-9


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_baldrige_total_bounded_and_monotone(data):
    b = BALDRIGE
    values = {(n.id, "score"): data.draw(st.sampled_from(range(0, 101, 5))) for n in b.scored_nodes()}
    rep = score(b, make(b, consensus=values))
    assert 0 <= rep.total_points <= 1000
    assert rep.total_points == pytest.approx(sum(g.points for g in rep.criteria.values()))
    key = data.draw(st.sampled_from(sorted(values)))
    higher = values | {key: min(100, values[key] + 5)}
    assert score(b, make(b, consensus=higher)).total_points >= rep.total_points


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_fine_tuned_node_is_mean_of_phases(data):
    caf = CAF
    phases = {d: data.draw(st.integers(0, 100)) for d in ("plan", "do", "check", "act")}
    rep = score(caf, make(caf, "fine-tuned", consensus={("3.2", d): v for d, v in phases.items()}))
    assert rep.nodes["3.2"].value == pytest.approx(sum(phases.values()) / 4)
    assert min(phases.values()) <= rep.nodes["3.2"].value <= max(phases.values())
