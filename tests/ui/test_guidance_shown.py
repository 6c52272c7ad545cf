"""The guidance the scoring view shows for every node of every bundled framework is guidance: no worklog
("verified", "assumed", "not yet checked"), no file path, in English and French; the About box cites
every framework's source."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QWidget

from npmassess.frameworks import library
from ui.scoring_view import ScoringView
from ui.session import Session

from helpers_b import show

WORKLOG = re.compile(r"verified|unverified|assumed|not yet checked|to verify|à vérifier|non vérifié|http|www\.|"
                     r"\.toml\b|\.md\b|\.py\b|/work/|/tmp/|[A-Za-z]:\\", re.IGNORECASE)


def shown(view: ScoringView) -> list[str]:
    """Every text the scoring view shows or announces for the current node (guidance, bands, tooltips)."""
    texts = [view.title.text(), view.details.text()]
    for w in view.findChildren(QWidget):
        if w.isVisibleTo(view):
            texts += [w.toolTip(), w.accessibleName(), w.accessibleDescription()]
    return [t for t in texts if t]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("fw", list(library()), ids=lambda f: f.key)
def test_guidance_of_every_node_is_guidance(qtbot, store, fw, lang):
    from ui.translator import install
    from PySide6.QtWidgets import QApplication
    install(QApplication.instance(), lang)
    method = next(iter(fw.methods))
    aid = store.create_assessment(fw, "O", "U", "2026", method, participants=[("Ann", "Member")])
    session = Session(store, aid)
    view = show(qtbot, ScoringView(session), 1366, 768)
    bad = []
    for node in fw.nodes():
        session.select_node(node.id)
        assert node.id in view.title.text()
        bad += [f"{node.id}: {m.group(0)!r} in {t[:120]!r}" for t in shown(view) for m in [WORKLOG.search(t)] if m]
    assert not bad, "\n".join(bad[:10])


def test_about_box_cites_every_framework_source(qtbot, make_main_window, db_path, dialog_log):
    window = make_main_window(db_path)
    window.show_about()
    text = " ".join(dialog_log.texts("info"))
    for fw in window.store.frameworks:
        assert fw.source() in text, fw.key
    assert not re.search(r"verified|assumed|not yet checked", text, re.IGNORECASE)
