"""The desk's writing column wraps its lines inside the column: no sideways scrolling at any width."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_narrative_desk import desk  # noqa: E402


@pytest.mark.parametrize("width", [1366, 1920, 900])
def test_lines_wrap_inside_the_column(qtbot, store, width):
    session, view, editor = desk(qtbot, store, paragraphs=3)
    view.resize(width, 768)
    edit = editor.edit
    qtbot.waitUntil(lambda: edit.viewport().width() > 0)
    qtbot.wait(50)
    assert edit.viewportMargins().left() >= 0
    assert edit.document().size().width() <= edit.viewport().width() + 1
    assert edit.horizontalScrollBar().maximum() == 0
    editor.commit()
