"""Workshop mode at projector sizes: every text painted on the board fits its box (never cut), for
every bundled framework."""

import pytest
from PySide6.QtCore import QRectF, Qt
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
