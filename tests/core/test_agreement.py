"""Krippendorff's alpha against values computed by hand and Krippendorff's own worked example."""

import pytest

from npmassess.process import agreement
from npmassess.process.agreement import alpha, assess_agreement, meaning

N = None


def test_interval_two_raters_three_units_by_hand():
    # values 1,2 | 3,3 | 5,4 (n = 6). D_o = (2*1 + 0 + 2*1) / 6 = 2/3.
    # D_e = 2 * (n*sum(v^2) - sum(v)^2) / (n(n-1)) = 2 * (6*64 - 18^2) / 30 = 4.  alpha = 1 - (2/3)/4 = 5/6.
    assert alpha([(1, 2), (3, 3), (5, 4)]) == pytest.approx(5 / 6)


def test_ordinal_by_hand():
    # values 1,1 | 2,3 | 3,3: n1=2, n2=1, n3=3, n=6.  d(1,2)=(3-1.5)^2=2.25, d(2,3)=(4-2)^2=4,
    # d(1,3)=(6-2.5)^2=12.25.  D_o = 2*4/6 = 4/3.  D_e = 2*(2*1*2.25 + 1*3*4 + 2*3*12.25)/30 = 6.
    assert alpha([(1, 1), (2, 3), (3, 3)], "ordinal") == pytest.approx(1 - (4 / 3) / 6)


def test_missing_values_and_unpairable_units():
    # perfect agreement where two raters overlap; the unit with one value is left out
    assert alpha([(2, 2, N), (N, 4, 4), (7, N, N)]) == pytest.approx(1.0)
    assert alpha([(5, 5), (5, 5)]) is None  # no variation: undefined, not "perfect"
    assert alpha([(5, N), (N, 3)]) is None  # nothing pairable


def test_krippendorffs_worked_example():
    """Krippendorff (2011), 'Computing Krippendorff's alpha-reliability': 4 observers, 12 units, gaps."""
    observers = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
                 [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
                 [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
                 [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]
    units = list(zip(*observers))
    assert round(alpha(units, "nominal"), 3) == 0.743
    assert round(alpha(units, "ordinal"), 3) == 0.815
    assert round(alpha(units, "interval"), 3) == 0.849


def test_meaning_in_words():
    assert meaning(0.85).startswith("good")
    assert meaning(0.7).startswith("tentative")
    assert meaning(0.667).startswith("tentative") and meaning(0.66).startswith("low")
    assert meaning(None).startswith("not measurable")


def test_assessment_agreement_per_criterion_and_flags(store, caf):
    aid = store.create_assessment(caf, "Org", "Unit", "2026", "classical",
                                  participants=[("Ann", ""), ("Bob", ""), ("Flat", ""), ("Edge", "")])
    a = store.load(aid)
    ann, bob, flat, edge = (p.id for p in a.participants)
    nodes = [n.id for n in caf.scored_nodes()]
    items = []
    for i, n in enumerate(nodes):
        d = caf.method("classical").dimensions_for(caf.node(n).type)[0].id
        items += [(ann, n, d, 10 + 3 * i), (bob, n, d, 12 + 3 * i), (flat, n, d, 50),
                  (edge, n, d, 100 if i % 2 else 0)]
    store.set_ratings(aid, items)
    res = assess_agreement(caf, store.load(aid))
    assert res.metric == "interval" and res.raters == 4 and res.units == len(nodes)
    kinds = {(f.participant_id, f.kind) for f in res.flags}
    assert kinds == {(flat, "alike"), (edge, "extreme")}
    # Ann and Bob alone agree well: check the overall figure against the function on the same matrix
    two = store.create_assessment(caf, "Org", "Unit2", "2026", "classical", participants=[("Ann", ""), ("Bob", "")])
    b = store.load(two)
    pa, pb = (p.id for p in b.participants)
    store.set_ratings(two, [(pa if p == ann else pb, n, d, v) for p, n, d, v in items if p in (ann, bob)])
    res2 = assess_agreement(caf, store.load(two))
    expected = alpha([(10 + 3 * i, 12 + 3 * i) for i in range(len(nodes))])
    assert res2.overall == pytest.approx(expected) and res2.overall > 0.8
    assert res2.meaning.startswith("good")
    assert set(res2.by_criterion) == {c.id for c in caf.criteria}


def test_ordinal_metric_for_level_scales(store, lib):
    from npmassess.demo import create_demo
    maf = lib.get("maf")
    res = assess_agreement(maf, store.load(create_demo(store, maf)))
    assert res.metric == "ordinal"
    assert agreement.metric_for(maf, maf.method()) == "ordinal"


def test_cli_agreement(tmp_path):
    import json

    from tests.core.test_cli import run as cli
    db = tmp_path / "cli.db"
    aid = cli("demo", db=db).stdout.strip()
    text = cli("agreement", aid, db=db)
    assert text.returncode == 0 and "Krippendorff's alpha (interval)" in text.stdout
    data = json.loads(cli("agreement", aid, "--json", db=db).stdout)
    assert data["metric"] == "interval" and set(data["by_criterion"]) == {str(i) for i in range(1, 10)}
    assert f"Overall  {data['overall']:5.2f}" in text.stdout
