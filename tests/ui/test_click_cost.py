"""What one score click costs with each view on screen: SQL statements and scorings (issue 9, item 4).

Statements are counted with sqlite3's trace callback on both of the GUI's connections (its reading
one and the writer's); '--' lines and immediate repeats are sub-programs and trigger runs of the
statement before them (Python 3.11 reports a trigger with its statement's text), not statements.
"""

from __future__ import annotations

import pytest

from npmassess import comparison, scoring
from npmassess.demo import create_demo
from npmassess.frameworks import library
from npmassess.store import Store


def units(db_path) -> str:
    """A unit with three cycles (the 2026 one returned) and two other units in 2026."""
    caf = library().get("caf")
    with Store(db_path) as store:
        for cycle in ("2024", "2025"):
            store.update_assessment(create_demo(store, caf, "classical"), cycle=cycle)
        for unit in ("Housing Advice Unit", "Pensions Unit"):
            store.update_assessment(create_demo(store, caf, "classical"), unit=unit)
        return create_demo(store, caf, "classical")


def top_level(log: list[str]) -> list[str]:
    return [s for i, s in enumerate(log) if not s.startswith("--") and (i == 0 or s != log[i - 1])]


@pytest.fixture
def counted(make_main_window, db_path, qtbot, monkeypatch):
    aid = units(db_path)
    window = make_main_window(db_path, open_last=False)
    window.open_assessment(aid)
    for key in ("dashboard", "comparison", "scoring"):  # each view built once (building is not a click)
        window.show_view(key)
        qtbot.wait(30)
    session = window.session
    log: list[str] = []
    session.store.db.conn.set_trace_callback(log.append)
    assert session.writer.submit(lambda st: st.db.conn.set_trace_callback(log.append)).done.wait(5)
    scored: list = []
    real = scoring.score

    def score(*args, **kwargs):
        scored.append(args[2] if len(args) > 2 else kwargs.get("participant_id"))
        return real(*args, **kwargs)
    monkeypatch.setattr(scoring, "score", score)

    def click(view: str, band: int) -> tuple[list[str], list]:
        window.show_view("scoring")
        qtbot.wait(10)
        log.clear()
        scored.clear()
        before = session.undo_stack.count()
        window.views["scoring"].panel.rows[0].pick(band)
        qtbot.waitUntil(lambda: session.undo_stack.count() == before + 1)
        window.show_view(view)
        qtbot.wait(30)
        return top_level(log), list(scored)
    return window, session, aid, click


@pytest.mark.parametrize("view", ["scoring", "dashboard", "comparison"])
def test_one_click_is_four_statements_and_one_scoring_of_the_participant(counted, view):
    window, session, aid, click = counted
    pid = session.current_participant
    for band in (2, 3, 2):
        statements, scored = click(view, band)
        assert len(statements) == 4, statements
        assert statements[0] == "BEGIN IMMEDIATE" and statements[-1] == "COMMIT"
        assert statements[1].startswith("update ratings set value") and \
            statements[2].startswith("insert into audit_trail"), statements
        assert scored == [pid], scored  # the participant clicked, once; no other person, cycle or unit
    assert window.views[view].isVisible()


def test_what_the_views_show_after_clicks_is_what_a_fresh_reading_gives(counted, db_path):
    window, session, aid, click = counted
    pid = session.current_participant
    click("comparison", 2)
    click("comparison", 3)
    view = window.views["comparison"]
    with Store(db_path) as fresh:
        assert view.history.to_dict() == comparison.unit_history(fresh, aid).to_dict()
        assert view.league.to_dict() == comparison.unit_league(fresh, "2026", "caf").to_dict()
        a = fresh.load(aid)
        assert session.report(pid).overall == scoring.score(session.framework, a, pid).overall
        assert fresh.load_header(aid)["updated"] == fresh.db.execute(
            "select max(at) from audit_trail where assessment_id = ?", [aid]).fetchone()[0]


def test_an_outside_change_to_another_cycle_reaches_the_comparison(counted, db_path, qtbot):
    window, session, aid, click = counted
    click("comparison", 2)
    view = window.views["comparison"]
    old = next(c for c in view.history.cycles if c.cycle == "2025")
    node = session.framework.scored_nodes()[0].id
    with Store(db_path) as other:  # another program edits the 2025 cycle
        other.set_rating(old.id, None, node, "score", 5)
    session.check_external()  # what coming back to the window does
    qtbot.waitUntil(lambda: next(c for c in view.history.cycles if c.cycle == "2025").overall.value
                    != old.overall.value)
    with Store(db_path) as fresh:
        assert view.history.to_dict() == comparison.unit_history(fresh, aid).to_dict()
