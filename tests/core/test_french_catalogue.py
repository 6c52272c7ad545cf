"""The French catalogue reads as French: typography, no entry mixed with another, terms used one way."""

from __future__ import annotations

import re

import pytest

from npmassess import i18n

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def entries() -> list[tuple[str, str]]:
    """(msgid, msgstr) for every translated message and plural form of the French catalogue."""
    cat = i18n.load_catalogue("fr")
    out = list(cat.messages.items())
    for singular, forms in cat.plurals.items():
        out += [(singular, form) for form in forms]
    return [(k.split("\x04")[-1], v) for k, v in out if k and v]


def test_no_break_space_before_double_punctuation_and_inside_guillemets(entries):
    bad = [s for _, s in entries
           if re.search(r"[ \t][:;?!]", s) or "« " in s or " »" in s
           or re.search(r"«[^\u00a0\u202f]|[^\u00a0\u202f]»", s)]
    assert not bad, "use a no-break space (U+00A0) before : ; ? ! and inside « »:\n" + "\n".join(map(repr, bad))


def test_one_apostrophe(entries):
    bad = [s for _, s in entries if re.search(r"[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]", s)]
    assert not bad, "the catalogue writes the apostrophe ’ (U+2019):\n" + "\n".join(map(repr, bad))


def test_no_entry_carries_a_doubled_text(entries):
    """An earlier line-level merge glued two translations into one msgstr ('…rédigée)Ce que montre…')."""
    doubled = [s for i, s in entries if re.search(r"(.{40,}).*\1", s, re.S) and not re.search(r"(.{40,}).*\1", i, re.S)]
    glued = [s for _, s in entries if re.search(r"[a-zà-ÿ)][A-ZÀ-Ý][a-zà-ÿ]{3,}", s)
             and not re.search(r"(LibreOffice|PostgreSQL|PgSuiv|PgPréc|JavaScript)", s)]
    assert not doubled and not glued, "\n".join(map(repr, doubled + glued))


def test_a_label_stays_a_label_and_a_question_a_question(entries):
    """'Title' once read 'Priorité :' after a merge: the final ':' '?' '…' of the English is kept, and none added."""
    def end(s: str) -> str:
        s = s.rstrip()
        return next((e for e in (":", "?", "…") if s.endswith(e)), "")
    bad = [f"{i!r} -> {s!r}" for i, s in entries if end(i) != end(s)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("english, french", [
    ("Score", "Note"), ("score", "note"), ("note", "remarque"), ("Note", "Remarque"), ("notes", "remarques"),
    ("Node", "Élément"), ("Strength", "Point fort"), ("Area for improvement", "Axe d’amélioration"),
    ("Improvement plan", "Plan d’amélioration"), ("Consensus", "Consensus"), ("Facilitator", "Animateur"),
    ("Rationale", "Justification"), ("Evidence", "Preuves"), ("Framework", "Référentiel"),
    ("Criterion", "Critère"), ("Self-assessment group", "Groupe d’auto-évaluation"),
    ("Lowest rating", "Cote la plus basse"),
])
def test_terms(english, french):
    assert i18n.translate_to("fr", english) == french


def test_a_remark_is_never_called_a_note_where_note_means_a_score(entries):
    """In French a 'note' is a score: a remark (note, in English) is a 'remarque'."""
    def words(text: str) -> str:
        return re.sub(r"\{[^{}]*\}", "", text)  # placeholders apart
    bad = [f"{i!r} -> {s!r}" for i, s in entries
           if re.search(r"\bnotes?\b", words(i), re.I) and not re.search(r"\b(scores?|evidence note)\b", i, re.I)
           and re.search(r"\bnotes?\b", words(s), re.I)]
    assert not bad, "\n".join(bad)


def test_node_is_element_not_noeud(entries):
    assert not [s for _, s in entries if "nœud" in s.lower()]
