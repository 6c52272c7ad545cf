"""The consensus view's counted texts follow the count, in English and French: the facilitator projects them."""

import dataclasses

import pytest

from ui import translator, viewkit
from ui.consensus_view import ConsensusView

from helpers_b import demo_session, show


@pytest.fixture(params=["en", "fr"])
def lang(request, qapp):
    translator.install(qapp, request.param)
    yield request.param
    translator.install(qapp, "en")


SCORED = {"en": ("1 participant scored this node; lowest ", "3 participants scored this node; lowest "),
          "fr": ("1 participant a noté cet élément\u00a0; note la plus basse ",
                 "3 participants ont noté cet élément\u00a0; note la plus basse ")}


def test_participants_who_scored_the_node_are_counted_with_a_real_plural(qtbot, store, monkeypatch, lang):
    session = demo_session(store, "caf-classical")
    view = show(qtbot, ConsensusView(session))
    real = viewkit.divergence(session)
    node = session.current_node
    assert real[node].raters >= 3  # the demo: several participants scored every node
    for k, want in zip((1, 3), SCORED[lang]):
        div = dataclasses.replace(real[node], values=dict(list(real[node].values.items())[:k]))
        monkeypatch.setattr(viewkit, "divergence", lambda _s, d=div: {**real, node: d})
        view._refresh_detail()
        text = view.spread_label.text()
        assert text.startswith(want), text
        assert "(s)" not in text and "participant(s)" not in text


def test_threshold_unit_follows_the_value(qtbot, store, lang):
    view = show(qtbot, ConsensusView(demo_session(store, "maf")))  # a level scale
    one, many = {"en": (" level", " levels"), "fr": (" niveau", " niveaux")}[lang]
    view.set_threshold(1)
    assert view.threshold.suffix() == one
    view.set_threshold(2)
    assert view.threshold.suffix() == many
    view.set_threshold(0)
    assert view.threshold.suffix() == (one if lang == "fr" else many)  # French: 0 is singular
