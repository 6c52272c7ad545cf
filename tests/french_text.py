"""Find English left in French output: our English words that never occur in their French translations."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from npmassess import i18n

# Names and notations the same in both languages (products, keys, units)
NEUTRAL = {"npmassess", "caf", "baldrige", "maf", "crg", "excel", "pdf", "npma", "json", "xlsx", "zip", "ctrl",
           "alt", "tab", "esc", "del", "home", "end", "shift", "return", "enter", "pgup", "pgdown", "eipa",
           "eupan", "nist", "tbs", "sct", "qt", "us", "letter", "mm", "in", "plan", "do", "check", "act",
           "pdca", "radar", "total", "consensus", "participant", "participants", "impact", "effort", "action",
           "actions", "description", "date", "cycle", "cycles", "organisation", "points", "note", "notes",
           "page", "minimum", "maximum", "global", "type", "statut", "pdf", "items", "item", "capability",
           "review", "d", "db", "email", "excellence", "performance", "english", "visible", "but", "centre",
           "font"}  # font: a French verb too ("font-ils")
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
        en |= _words(re.sub(r"\{[^{}]*\}", " ", msgid.split("\x04")[-1]))
        fr |= _words(re.sub(r"\{[^{}]*\}", " ", msgstr))
    return frozenset(((en - fr) | SHORT_ENGLISH) - NEUTRAL)


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text or "")
    text = re.sub(r"\[[\w-]+\|[^\]]*\]", " ", text)  # a change's internal id, e.g. [rating|1abc…|1.1|score]
    text = re.sub(r"\b[a-z][\w+.-]*://\S+", " ", text)  # an address typed as is (postgresql://…)
    text = re.sub(r"\b[a-z][\w-]*@[\w-]+\b", " ", text)  # a framework key, e.g. maf@current
    return html.unescape(text).replace("&&", "&").replace("&", "")


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
    user = set(user) | {s.replace("&", "") for s in user if "&" in s}  # as _plain leaves it
    user = sorted(user | {s.replace("'", "’") for s in user if "'" in s}, key=len, reverse=True)  # French glyph
    bad = []
    for where, text in texts:
        plain = _without_elided(_plain(text), user)  # before any kept text is taken out of the cut one
        for s in user:
            plain = plain.replace(s, " ")
        found = sorted(w for w in _words(plain) if w in words)
        if found:
            bad.append(f"{where}: {text[:120]!r} ({', '.join(found)})")
    return sorted(set(bad))


def _without_elided(plain: str, user: list[str]) -> str:
    """Take out the start of a kept text cut short with '…' by a narrow column ('Take responsibility f…')."""
    def cut(m: re.Match) -> str:
        segment = m.group(1)
        for start in range(len(segment) - 7):
            tail = segment[start:].lstrip()
            if len(tail) >= 8 and any(k.startswith(tail) for k in user):
                return segment[:start] + " "
        return m.group(0)
    return re.sub(r"([^…]{8,})…", cut, plain)


def kept_english() -> list[str]:
    """Names kept in English on purpose: publishers, and the official titles of frameworks with no French edition."""
    from npmassess.frameworks import library
    out = []
    for fw in library():
        parts = [part.strip() for part in fw.publisher.split(",")]  # names of bodies
        out += [fw.publisher] + parts + [re.sub(r"\s*\([^)]*\)", "", part) for part in parts]
        if not fw.source.has("fr"):  # a framework file with no French cites its publication in English
            out.append(fw.source("en"))
        if not fw.title.has("fr"):
            out += [fw.title_with_edition("en"), fw.title("en"), fw.short_title("en")]
            out += [part.strip() for part in fw.title("en").replace(fw.edition, "").split(":")]
            out += [n.title("en") for n in fw.nodes() if not n.title.has("fr")]
        out += [g.label("en") for g in fw.grades if not g.label.has("fr")]  # official award names
        for scale in fw.scales.values():  # official rating names kept beside the French: "Solide (Strong)"
            for item in list(scale.levels) + list(scale.bands):
                if f"({item.label('en')})" in item.label("fr"):
                    out.append(item.label("en"))
    return sorted(set(out), key=len, reverse=True)
