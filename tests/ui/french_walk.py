"""Helpers for the French GUI tests: collect every text a widget tree shows, find English words in it."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QGroupBox,
                               QLabel, QLineEdit, QMenu, QPlainTextEdit, QTabWidget, QTextEdit, QWidget)

from npmassess import i18n

# Names and notations the same in both languages (products, keys, units)
NEUTRAL = {"npmassess", "caf", "baldrige", "maf", "crg", "excel", "pdf", "npma", "json", "xlsx", "zip", "ctrl",
           "alt", "tab", "esc", "del", "home", "end", "shift", "return", "enter", "pgup", "pgdown", "eipa",
           "eupan", "nist", "tbs", "sct", "qt", "us", "letter", "mm", "in", "plan", "do", "check", "act",
           "pdca", "radar", "total", "consensus", "participant", "participants", "impact", "effort", "action",
           "actions", "description", "date", "cycle", "cycles", "organisation", "points", "note", "notes",
           "page", "minimum", "maximum", "global", "type", "statut", "pdf", "items", "item", "capability",
           "review", "d", "db", "email", "excellence", "performance"}
SHORT_ENGLISH = {"of", "to", "is", "by", "no", "be", "it", "if", "we", "my", "up", "at", "the", "and", "for",
                 "with", "not", "yet", "all", "any", "this", "that", "your", "you", "from", "has", "have",
                 "new", "add", "edit", "open", "save", "close", "show", "hide", "none", "file", "view", "help"}


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ’']+", text)}


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Words of our English texts that never occur in their French translations."""
    cat = i18n.load_catalogue("fr")
    en, fr = set(), set()
    for msgid, msgstr in cat.messages.items():
        en |= _words(msgid.split("\x04")[-1])
        fr |= _words(msgstr)
    return frozenset(((en - fr) | SHORT_ENGLISH) - NEUTRAL)


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text or "")
    text = re.sub(r"\[[\w-]+\|[^\]]*\]", " ", text)  # a change's internal id, e.g. [rating|1abc…|1.1|score]
    return html.unescape(text).replace("&&", "&").replace("&", "")


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


def user_strings(assessment) -> list[str]:
    """Every text the users wrote in an assessment (kept as written, so not checked)."""
    a = assessment
    out = [a.organisation, a.unit, a.cycle]
    out += [p.name for p in a.participants] + [p.role for p in a.participants]
    out += [n.text for n in a.notes]
    for attr in ("rationale", "narratives"):
        value = getattr(a, attr, {})
        out += [v for v in (value.values() if isinstance(value, dict) else []) if isinstance(v, str)]
    for act in a.actions:
        out += [act.title, act.description, act.owner]
    return sorted({s for s in out if s}, key=len, reverse=True)


def english_left(texts: list[tuple[str, str]], user: list[str]) -> list[str]:
    """The texts that still contain an English word once the users' own text is taken out."""
    words = english_words()
    bad = []
    for where, text in texts:
        plain = _plain(text)
        for s in user:
            plain = plain.replace(s, " ")
        found = sorted(w for w in _words(plain) if w in words)
        if found:
            bad.append(f"{where}: {text[:120]!r} ({', '.join(found)})")
    return sorted(set(bad))
