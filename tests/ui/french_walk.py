"""Helpers for the French GUI tests: collect every text a widget tree shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QGroupBox,
                               QLabel, QLineEdit, QMenu, QPlainTextEdit, QTabWidget, QTextEdit, QWidget)

from french_text import _without_elided, english_left, kept_english, user_strings  # noqa: F401 - re-exported

import re


def _model_texts(view: QAbstractItemView, out: list[tuple[str, str]], where: str) -> None:
    model = view.model()
    if model is None:
        return
    roles = (Qt.DisplayRole, Qt.ToolTipRole)
    from PySide6.QtCore import QModelIndex
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a list model hides columnCount(parent): one column
        columns = 1
    for i in range(columns):
        for role in roles:
            value = model.headerData(i, Qt.Horizontal, role)
            if isinstance(value, str):
                out.append((f"{where} header", value))

    def walk(parent, depth=0):
        for r in range(min(model.rowCount(parent), 300)):
            for c in range(columns):
                index = model.index(r, c, parent)
                for role in roles + (Qt.AccessibleTextRole,):
                    value = index.data(role)
                    if isinstance(value, str):
                        out.append((f"{where} cell", value))
            if depth < 3:
                walk(model.index(r, 0, parent), depth + 1)
    walk(view.rootIndex())


def _menu_texts(menu: QMenu, out: list, where: str) -> None:
    out.append((where, menu.title()))
    for act in menu.actions():
        out += [(where, act.text()), (where, act.toolTip()), (where, act.statusTip())]
        if act.menu() is not None and act.menu() is not menu:
            _menu_texts(act.menu(), out, where)


def shown_texts(top: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text the widget tree can show: labels, buttons, tips, titles, headers, cells."""
    out: list[tuple[str, str]] = []
    for w in [top] + top.findChildren(QWidget):
        name = type(w).__name__
        out += [(name, w.windowTitle()), (name, w.toolTip()), (name, w.statusTip()), (name, w.whatsThis()),
                (name, w.accessibleName()), (name, w.accessibleDescription())]
        if isinstance(w, QLabel):
            out.append((name, w.text()))
        elif isinstance(w, QAbstractButton):
            out.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QLineEdit):
            out.append((name, w.placeholderText()))
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            out.append((name, w.placeholderText()))
        elif isinstance(w, QAbstractSpinBox):
            out += [(name, getattr(w, "suffix", lambda: "")()), (name, getattr(w, "prefix", lambda: "")()),
                    (name, w.specialValueText())]
        if isinstance(w, QComboBox):
            out += [(name, w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                out += [(name, w.tabText(i)), (name, w.tabToolTip(i))]
        if isinstance(w, QAbstractItemView):
            _model_texts(w, out, name)
        if isinstance(w, QMenu):
            _menu_texts(w, out, name)
        for act in w.actions():
            out += [(name, act.text()), (name, act.toolTip())]
    return [(where, t) for where, t in out if t]


_ENGLISH_NUMBER = re.compile(r"(?<![\w.])\d+\.\d+(?!\w|[.-]\d)")


def english_numbers(texts: list[tuple[str, str]], ids: list[str]) -> list[str]:
    """The texts with a decimal point ("56.7") once framework ids ("1.2", "7.1-1") are taken out."""
    bad = []
    for where, text in texts:
        plain = text
        if not _ENGLISH_NUMBER.search(plain):
            continue
        for i in ids:
            plain = re.sub(rf"(?<![\w.]){re.escape(i)}(?!\w|[.-]\d)", " ", plain)
        if _ENGLISH_NUMBER.search(plain):
            bad.append(f"{where}: {text[:120]!r} (decimal point)")
    return sorted(set(bad))


def _kept_as_x(text: str, kept: list[str]) -> str:
    """Each kept text (users' own, official titles) replaced by a word: "{name}: {note}" glued in code shows as "x: x"."""
    for k in kept:
        if k and k in text:
            text = text.replace(k, "x")
    return text


_GLUED = re.compile(r"[^\s\u00a0\u202f([{«]([:;?!])(?=\s|$)")


def glued_punctuation(texts: list[tuple[str, str]], kept: list[str]) -> list[str]:
    """French texts with ':' ';' '?' '!' glued to the word before ("Nom: …"), once the kept texts are out."""
    import html
    bad = []
    for where, text in texts:
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))  # markup (style='a; b') is not text
        if not _GLUED.search(text):
            continue
        plain = _kept_as_x(_without_elided(text, kept), kept)  # a kept title cut short by a narrow column
        if _GLUED.search(plain):
            bad.append(f"{where}: {text[:120]!r} (no no-break space before {_GLUED.search(plain).group(1)!r})")
    return sorted(set(bad))


_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def iso_dates(texts: list[tuple[str, str]], kept: list[str]) -> list[str]:
    """Dates shown as stored (2027-02-21) where French readers expect 21/02/2027, users' own text aside."""
    bad = []
    for where, text in texts:
        plain = _kept_as_x(text, kept)
        if _ISO_DATE.search(plain):
            bad.append(f"{where}: {text[:120]!r} (ISO date {_ISO_DATE.search(plain).group(0)})")
    return sorted(set(bad))
