"""The always-open new-note line: its hint is shown whole, wrapped, when the pane is narrow."""

from __future__ import annotations


def test_the_hint_of_an_empty_narrow_line_is_not_cut(qtbot):
    from ui.notes_editor import LineText
    w = LineText()
    qtbot.addWidget(w)
    w.setPlaceholderText("Nouvelle remarque\u00a0: saisir, puis Entrée")
    w.resize(600, w.height())
    w.show()
    qtbot.waitExposed(w)
    one = w.height()
    w.resize(110, one)  # narrower than the hint: it wraps over two or more lines
    fm = w.fontMetrics()

    def shown_whole() -> bool:
        need = fm.boundingRect(0, 0, w.viewport().width() - 8, 10_000, 0x1000, w.placeholderText()).height()
        return need > fm.lineSpacing() and w.viewport().height() >= need
    qtbot.waitUntil(shown_whole)
    w.setPlainText("x")  # typed text: the line fits the text again
    qtbot.waitUntil(lambda: w.height() == one)
