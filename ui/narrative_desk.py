"""The award writer's desk: a node's application narrative with light markup, saved as you type,
and a live page budget laid out by the export's own engine (item, category, whole application)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QToolButton, QVBoxLayout,
                               QWidget)

from npmassess.errors import NpmassessError
from npmassess.narrative import BULLET, FIGURE, INLINE, NUMBERED, word_count

from . import dialogs, undo
from .session import Session

PAGE_SIZES = ("Letter", "A4")


def _pages(value: float) -> str:
    """Pages with one decimal, in the UI language ("0,2" in French)."""
    from npmassess.i18n import current_language
    from npmassess.numbers import fmt
    return fmt(value, "score", current_language())


class MarkupHighlighter(QSyntaxHighlighter):
    """Shows **bold**, *italic*, list lines and figure lines as they will print."""

    def highlightBlock(self, text: str) -> None:
        marker = QTextCharFormat()
        marker.setFontWeight(QFont.Bold)
        self._inline(text, 0, False, False)
        list_line = BULLET.match(text) or NUMBERED.match(text)
        if list_line:
            self.setFormat(0, list_line.start(list_line.lastindex), marker)
        if FIGURE.match(text):
            self.setFormat(0, len(text), marker)


    def _inline(self, text: str, offset: int, bold: bool, italic: bool) -> None:
        """The core's own inline rule (npmassess.narrative.INLINE), nested as it parses."""
        for m in INLINE.finditer(text):
            if m.group(1) is not None:
                continue
            inner = 2 if m.group(2) is not None else (3 if m.group(3) is not None else 4)
            b, i = bold or inner == 2, italic or inner != 2
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Bold if b else QFont.Normal)
            fmt.setFontItalic(i)
            self.setFormat(offset + m.start(), m.end() - m.start(), fmt)
            self._inline(m.group(inner), offset + m.start(inner), b, i)


class MarkupEdit(QPlainTextEdit):
    """Plain-text editor that claims Ctrl+B, Ctrl+I and Ctrl+Shift+L before window shortcuts."""

    format_key = Signal(str)  # "bold", "italic", "bullets"
    KEYS = {"bold": QKeySequence("Ctrl+B"), "italic": QKeySequence("Ctrl+I"), "bullets": QKeySequence("Ctrl+Shift+L")}

    def resizeEvent(self, event) -> None:
        """Lines stay about 90 characters long however wide the desk is (easier to read and write)."""
        super().resizeEvent(event)
        measure = self.fontMetrics().horizontalAdvance("n" * 90)
        side = max(0, (self.width() - measure) // 2)
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)

    def _which(self, event) -> str | None:
        pressed = QKeySequence(event.keyCombination())
        return next((name for name, seq in self.KEYS.items() if seq.matches(pressed) == QKeySequence.ExactMatch), None)

    def event(self, event) -> bool:
        if event.type() == QEvent.ShortcutOverride and self._which(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        name = self._which(event)
        if name:
            self.format_key.emit(name)
            return
        super().keyPressEvent(event)


class NarrativeEditor(QWidget):
    """The award-application narrative of a node; saved (undoably) when typing pauses or focus leaves."""

    desk_toggled = Signal()  # the full-window writing mode was asked for (F9 or the button)

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.node_id = ""
        self.budget = None  # npmassess.exports.pdf.budget.PageBudget, once laid out
        self._budget_job = None
        self._budget_again = False
        self.edit = MarkupEdit(self)
        self.edit.setAccessibleName(self.tr("Application narrative"))
        self.edit.setAccessibleDescription(self.tr("Markup: **bold**, *italic*, lines starting with - are bullets, "
                                                   "a blank line starts a paragraph, [Figure: ID] places a figure"))
        self.edit.setPlaceholderText(self.tr("Describe your approach, deployment, learning and integration for this "
                                             "item, as it will appear in the application.\n\nA blank line starts a "
                                             "paragraph; - starts a bullet; **bold**, *italic*."))
        self.edit.setTabChangesFocus(True)
        self.edit.format_key.connect(self.apply_format)
        self.highlighter = MarkupHighlighter(self.edit.document())
        self.buttons = {}
        bar = QHBoxLayout()
        for key, text, tip in (("bold", self.tr("Bold"), self.tr("Bold (Ctrl+B)")),
                               ("italic", self.tr("Italic"), self.tr("Italic (Ctrl+I)")),
                               ("bullets", self.tr("• List"), self.tr("Bullet list (Ctrl+Shift+L)")),
                               ("desk", self.tr("Full window"), self.tr("Write in the full window (F9)"))):
            b = QToolButton(self)
            b.setText(text)
            b.setToolTip(tip)
            b.setAccessibleName(tip)
            b.setFocusPolicy(Qt.TabFocus)
            b.clicked.connect(lambda _c=False, k=key: self.desk_toggled.emit() if k == "desk" else self.apply_format(k))
            self.buttons[key] = b
            bar.addWidget(b)
        bar.addStretch(1)
        self.page_size = QComboBox(self)
        from .export_options import PAGE_SIZE_NAMES
        for size in PAGE_SIZES:  # shown by name in the language in use; the data is the size's key
            self.page_size.addItem(QCoreApplication.translate("ExportOptionsDialog", PAGE_SIZE_NAMES.get(size, size)),
                                   size)
        self.page_size.setAccessibleName(self.tr("Page size of the application"))
        self.page_size.setToolTip(self.tr("The page size the budget is laid out at (as in the export)"))
        from .file_jobs import application_page_size
        self.page_size.setCurrentIndex(PAGE_SIZES.index(application_page_size(session.framework)))
        self.page_size.currentIndexChanged.connect(lambda _i: self._page_size_changed(self.page_size.currentData()))
        size_label = QLabel(self.tr("Pa&ge size:"), self)
        size_label.setBuddy(self.page_size)
        bar.addWidget(size_label)
        bar.addWidget(self.page_size)
        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("Narrative status"))
        self.pages = QLabel(self)
        self.pages.setWordWrap(True)
        self.pages.setAccessibleName(self.tr("Page budget"))
        self.pages.setTextInteractionFlags(Qt.TextSelectableByKeyboard | Qt.TextSelectableByMouse)
        self.pages.setFocusPolicy(Qt.StrongFocus)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(1500)
        self._timer.timeout.connect(self.commit)
        self._budget_timer = QTimer(self)
        self._budget_timer.setSingleShot(True)
        self._budget_timer.setInterval(700)
        self._budget_timer.timeout.connect(self.update_budget)
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.edit, 1)
        from .figure_dialog import FigureList, figures_available
        self.figure_list = FigureList(self, self) if figures_available(session.store) else None
        if self.figure_list is not None:  # figures drawn by the export from the one figure model
            lay.addWidget(self.figure_list)
        lay.addWidget(self.status)
        lay.addWidget(self.pages)
        self._loading = False

    # -- formatting --------------------------------------------------------------------------
    def apply_format(self, kind: str) -> None:
        """Bold/italic wrap the selection (or insert a pair to type into); bullets toggle '- ' on the lines."""
        cursor = self.edit.textCursor()
        if kind in ("bold", "italic"):
            mark = "**" if kind == "bold" else "*"
            text = cursor.selectedText()
            cursor.insertText(f"{mark}{text}{mark}")
            if not text:
                cursor.movePosition(cursor.MoveOperation.Left, n=len(mark))
                self.edit.setTextCursor(cursor)
        elif kind == "bullets":
            start, end = sorted((cursor.selectionStart(), cursor.selectionEnd()))
            doc = self.edit.document()
            first, last = doc.findBlock(start).blockNumber(), doc.findBlock(end).blockNumber()
            lines = [doc.findBlockByNumber(i).text() for i in range(first, last + 1)]
            all_bullets = all(BULLET.match(t) for t in lines if t.strip())
            cursor.beginEditBlock()
            for i in range(first, last + 1):
                block = doc.findBlockByNumber(i)
                text = block.text()
                c = self.edit.textCursor()
                c.setPosition(block.position())
                if all_bullets:
                    m = BULLET.match(text)
                    if m:
                        c.setPosition(block.position() + m.start(1), c.MoveMode.KeepAnchor)
                        c.removeSelectedText()
                elif text.strip() and not BULLET.match(text) or last == first:
                    c.insertText("- ")
            cursor.endEditBlock()
        self.edit.setFocus()

    # -- saving ------------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and event.type() == event.Type.FocusOut:
            self.commit()
        return False

    def set_node(self, node_id: str) -> None:
        self.commit()
        self.node_id = node_id
        self.refresh()
        self._show_pages()

    def refresh(self) -> None:
        if self._timer.isActive():
            return  # the user is typing; their text wins and is saved shortly
        text = self.session.snapshot().narratives.get(self.node_id, "")
        if text != self.edit.toPlainText():
            self._loading = True
            self.edit.setPlainText(text)
            self._loading = False
        self._show_count(self.tr("Saved"))
        if self.figure_list is not None:
            self.figure_list.refresh()
        if self.isVisible():
            self._budget_timer.start()

    def _typed(self) -> None:
        if not self._loading:
            self._timer.start()
            self._budget_timer.start()
            self._show_count(self.tr("Editing…"))

    def _show_count(self, state: str) -> None:
        words = word_count(self.edit.toPlainText())
        self.status.setText(self.tr("{words} words · {state}").format(words=words, state=state))

    def commit(self) -> None:
        self._timer.stop()
        if not self.node_id:
            return
        try:
            undo.set_narrative(self.session, self.node_id, self.edit.toPlainText())
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Cannot save the narrative"), str(exc))
            return
        self._show_count(self.tr("Saved"))

    # -- page budget -------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.budget is None or self.budget.page_size != self.page_size.currentData():
            self._budget_timer.start()

    def _page_size_changed(self, size: str) -> None:
        QSettings().setValue("application_page_size", size)
        self.update_budget()

    def current_assessment(self):
        """The stored assessment with the text being typed in place of the saved one."""
        snap = self.session.snapshot()
        if not self.node_id:
            return snap
        return dataclasses.replace(snap, narratives={**snap.narratives, self.node_id: self.edit.toPlainText()})

    def update_budget(self) -> None:
        """Lay the application out off the GUI thread (one job at a time) and show the pages."""
        from .tasks import run_task
        if self.session.framework.application is None or self.session.store.closed:
            return  # (a timer may fire after the file was closed)
        if self._budget_job is not None:
            self._budget_again = True
            return
        assessment, fw, size = self.current_assessment(), self.session.framework, self.page_size.currentData()
        from npmassess.results.figures import results_data
        # the export fills the results items with the register's measures as figures: so does the budget
        results = results_data(self.session.store, self.session.assessment_id)  # the GUI's connection

        def work(_progress):
            from npmassess.exports.pdf.budget import page_budget
            return page_budget(assessment, fw, size, results=results)
        self._budget_job = run_task(work, self.tr("Page budget"), self, self._budget_done, self._budget_failed,
                                    show_progress=False)

    def _budget_finished(self) -> None:
        self._budget_job = None
        if self._budget_again:
            self._budget_again = False
            self._budget_timer.start()

    def _budget_done(self, budget) -> None:
        self.budget = budget
        self._budget_finished()
        self._show_pages()

    def _budget_failed(self, exc) -> None:
        self._budget_finished()
        self.pages.setText(self.tr("Page budget not available: {problem}").format(problem=exc))

    def budget_text(self) -> str:
        """Item, category and whole-application pages, with a warning sign near or over a limit."""
        b, fw = self.budget, self.session.framework
        if b is None or not self.node_id:
            return self.tr("Page budget: laying out…")
        sign = {"over": "⛔ ", "near": "⚠ ", "ok": ""}
        parts = []
        item = b.items.get(self.node_id)
        if item is not None:
            parts.append(self.tr("This item: {p} pages").format(p=_pages(item)))
        crit = next((c for c in fw.criteria if any(n.id == self.node_id for n in c.walk())), None)
        profile_id = fw.application.profile_node
        if crit is not None and crit.id != profile_id and crit.id in b.categories:
            parts.append(self.tr("{label} {id}: {p} pages").format(
                label=fw.label("criterion"), id=crit.id, p=_pages(b.categories[crit.id])))
        if b.profile_limit is None:
            parts.append(self.tr("Organizational Profile: {n} pages").format(n=b.profile_pages))
        else:
            parts.append(sign[b.state(b.profile_pages, b.profile_limit)] + self.tr(
                "Organizational Profile: {n} of {limit} pages").format(n=b.profile_pages, limit=b.profile_limit))
        if b.response_limit is None:
            parts.append(self.tr("Responses: {n} pages").format(n=b.response_pages))
        else:
            parts.append(sign[b.state(b.response_pages, b.response_limit)] + self.tr(
                "Responses: {n} of {limit} pages").format(n=b.response_pages, limit=b.response_limit))
        from .export_options import PAGE_SIZE_SHORT
        size = QCoreApplication.translate("ExportOptionsDialog", PAGE_SIZE_SHORT.get(b.page_size, b.page_size))
        parts.append(self.tr("Application: {n} pages ({size})").format(n=b.total_pages, size=size))
        text = " · ".join(parts)
        for w in b.warnings():
            text += "\n" + w
        return text

    def _show_pages(self) -> None:
        self.pages.setText(self.budget_text())
