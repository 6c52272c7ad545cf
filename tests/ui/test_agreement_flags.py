"""The consensus view's agreement line: many assessors flagged alike fit one or two lines, all named in the tip."""

from __future__ import annotations

from npmassess.demo import create_demo
from npmassess.store import Store


def _twelve_alike(db_path) -> str:
    s = Store(db_path)
    fw = s.frameworks.get("caf")
    aid = create_demo(s, fw, "classical")
    snap = s.load(aid)
    for i in range(len(snap.participants), 12):
        s.add_participant(aid, f"Participant Number {i + 1:02d}", "Member")
    snap = s.load(aid)
    nodes = [(n.id, d.id) for n in fw.scored_nodes() for d in fw.method("classical").dimensions_for(n.type)]
    items = [(p.id, n, d, 50) for p in snap.participants[:11] for n, d in nodes]  # eleven give 50 everywhere
    items += [(snap.participants[11].id, n, d, 100) for n, d in nodes]  # one always at the top
    s.set_ratings(aid, items)
    s.close()
    return aid


def test_many_alike_assessors_take_at_most_two_lines(make_main_window, db_path, qtbot):
    aid = _twelve_alike(db_path)
    w = make_main_window(db_path)
    assert w.open_assessment(aid)
    w.show_view("consensus")
    bar = w.views["consensus"].agreement
    qtbot.waitUntil(lambda: "⚑" in bar.text())
    flag_lines = [ln for ln in bar.text().splitlines() if "⚑" in ln]
    assert 1 <= len(flag_lines) <= 2, bar.text()
    assert all(len(ln) <= 170 for ln in flag_lines), flag_lines
    alike = next(ln for ln in flag_lines if "alike" in ln)
    assert "12" in alike or "11" in alike  # how many, not a list of eleven sentences
    assert bar.text().count("check that the scale was understood") <= 1
    # on screen: the whole label is at most four lines high at the window's width
    lines = bar.heightForWidth(bar.width()) / bar.fontMetrics().lineSpacing()
    assert lines <= 4.5, (lines, bar.text())
    tip = bar.toolTip()
    snap = w.session.snapshot()
    assert all(p.name in tip for p in snap.participants), tip  # everyone flagged is named in the tooltip
    w.views["consensus"].grab().save("/tmp/sm/consensus_twelve.png")
