"""Workshop mode at projector sizes: every text painted on the board fits its box (never cut), for
every bundled framework."""

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF, QPainter

from ui import workshop_board
from ui.workshop_view import WorkshopView

from helpers_b import CASES, demo_session, show


class RecordingPainter(QPainter):
    """A QPainter that remembers every (box, flags, text, font) drawn with a box."""

    drawn: list = []

    def drawText(self, *args):  # noqa: N802 - Qt's name
        if len(args) == 3 and isinstance(args[0], QRectF):
            RecordingPainter.drawn.append((QRectF(args[0]), int(args[1]), args[2], self.font()))
        return super().drawText(*args)


def overflowing(drawn) -> list[str]:
    """Texts whose laid-out size is larger than the box they were drawn in."""
    bad = []
    for box, flags, text, font in drawn:
        if not text.strip():
            continue
        need = QFontMetricsF(font).boundingRect(box, flags, text)
        if need.width() > box.width() + 1.5 or need.height() > box.height() * 1.1 + 1.5:  # a big digit's leading may spill
            bad.append(f"{text!r}: needs {need.width():.0f}x{need.height():.0f} in {box.width():.0f}x{box.height():.0f}")
    return bad


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_text_is_cut_on_the_projector(qtbot, store, monkeypatch, case):
    monkeypatch.setattr(workshop_board, "QPainter", RecordingPainter)
    session = demo_session(store, case)
    view = show(qtbot, WorkshopView(session), 1280, 720)
    nodes = session.framework.scored_nodes()
    for node in (nodes[1 % len(nodes)], nodes[-1]):  # a process node and a results node
        session.select_node(node.id)
        for width, height in ((1280, 720), (1920, 1080)):
            view.resize(width, height)
            RecordingPainter.drawn = []
            view.grab()
            texts = [t for _, _, t, _ in RecordingPainter.drawn]
            assert any(node.title() in t for t in texts)
            assert overflowing(RecordingPainter.drawn) == [], (case, node.id, width)
            names = [p.name for p in session.snapshot().participants]
            assert all(name in texts for name in names), "participants' names are shown whole"


NAMES = ["Anna Kowalska", "Jean-Luc Dubois", "Maria Papadopoulou", "Søren Nielsen", "Zoë Martin", "Ben Okafor",
         "Chloe Lambert", "Dmitri Ivanov", "Eva Novak", "Farid Haddad", "Grace O'Neill", "Hiro Tanaka"]


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_twelve_participants_all_shown_and_legible(qtbot, store, monkeypatch, size):
    """A CAF fine-tuned group of 12: every name and score on the board, at a size read from the back."""
    from npmassess.frameworks import library
    from ui.session import Session
    monkeypatch.setattr(workshop_board, "QPainter", RecordingPainter)
    fw = library().get("caf")
    aid = store.create_assessment(fw, "O", "U", "2026", "fine-tuned", participants=[(n, "Member") for n in NAMES])
    session = Session(store, aid)
    node = session.current_node
    store.set_ratings(aid, [(p.id, node, dim.id, float(30 + 3 * k)) for k, p in enumerate(session.snapshot().participants)
                            for dim in session.method.dimensions_for(session.framework.node(node).type)])
    session.notify("ratings")
    view = show(qtbot, WorkshopView(session), *size)
    RecordingPainter.drawn = []
    view.grab()
    names = {t: f for _, _, t, f in RecordingPainter.drawn if t in NAMES}
    assert sorted(names) == sorted(NAMES)
    assert min(f.pixelSize() for f in names.values()) >= view.board.unit * 0.5
    assert min(f.pixelSize() for f in names.values()) >= 12
    assert overflowing(RecordingPainter.drawn) == []
