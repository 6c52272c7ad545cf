"""The one translation mechanism: gettext .po catalogues in npmassess/locale, read as they are.

English is the source language: a message's English text is its id. The GUI (through
ui/translator.py), the CLI, the reports and the workbooks all look texts up here. The .po files are
parsed directly (no compiled .mo to keep in step), so a fresh clone, an editable install and the
PyInstaller bundle all read the same file. The UI language is process-wide; an export can render in
another language through `using_language(lang)` or `translate_to(lang, text)` without touching it.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, Iterable, Iterator



def N_(text: str) -> str:  # noqa: N802 - the usual gettext name
    """Mark a string for extraction without translating it now (translate when shown, with _())."""
    return text


DOMAIN = "npmassess"
LANGUAGES = ("en", "fr")  # English first: the source language
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}  # each in its own language (menus)
_NAMES_IN_TEXT = {"en": N_("English"), "fr": N_("French")}  # in a sentence, translated: "in French"
_PLURAL = {"fr": lambda n: 0 if n <= 1 else 1}  # French: 0 and 1 are singular
_ui_language = "en"
_override: ContextVar[str | None] = ContextVar("npmassess_language", default=None)
_catalogues: dict[str, "Catalogue"] = {}
_lock = threading.Lock()


def locale_dir() -> Path:
    """Folder of the catalogues: npmassess/locale in the source tree and in the bundle."""
    return Path(__file__).resolve().parent / "locale"


def catalogue_path(lang: str) -> Path:
    """The .po file of a language."""
    return locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


class Catalogue:
    """Translations of one language: msgid -> msgstr, and msgid -> plural forms."""

    def __init__(self, lang: str, messages: dict[str, str], plurals: dict[str, list[str]]):
        self.lang = lang
        self.messages = messages
        self.plurals = plurals

    def gettext(self, text: str, context: str | None = None) -> str:
        if context:
            found = self.messages.get(f"{context}\x04{text}")
            if found:
                return found
        return self.messages.get(text) or text

    def ngettext(self, singular: str, plural: str, n: float) -> str:
        forms = self.plurals.get(singular)
        index = _PLURAL.get(self.lang, lambda k: 0 if k == 1 else 1)(n)
        if forms and index < len(forms) and forms[index]:
            return forms[index]
        return singular if n == 1 else plural

    def __contains__(self, text: str) -> bool:
        return text in self.messages or text in self.plurals


def _unquote(s: str) -> str:
    s = s.strip()
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise ValueError(f"not a quoted string: {s[:40]}")
    out, i, body = [], 0, s[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_po(text: str) -> list[dict]:
    """The entries of a .po file: dicts with msgctxt, msgid, msgid_plural, msgstr, plural, fuzzy."""
    entries: list[dict] = []
    cur: dict = {}
    key: str | None = None

    def flush() -> None:
        nonlocal cur, key
        if "msgid" in cur:
            entries.append(cur)
        cur, key = {}, None

    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        try:
            if not line:
                flush()
            elif line.startswith("#"):
                if "msgstr" in cur or "plural" in cur:
                    flush()  # comments start the next entry
                if line.startswith("#,"):
                    cur["fuzzy"] = "fuzzy" in line
            elif line.startswith('"'):
                if key is None:
                    raise ValueError("text outside an entry")
                if key.startswith("msgstr["):
                    cur["plural"][int(key[7:-1])] += _unquote(line)
                else:
                    cur[key] += _unquote(line)
            else:
                word, _, rest = line.partition(" ")
                if word in ("msgctxt", "msgid") and ("msgstr" in cur or "plural" in cur):
                    flush()
                if word.startswith("msgstr["):
                    cur.setdefault("plural", {})[int(word[7:-1])] = _unquote(rest)
                elif word in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
                    cur[word] = _unquote(rest)
                else:
                    raise ValueError(f"unknown keyword {word!r}")
                key = word
        except (ValueError, IndexError, KeyError) as exc:
            raise ValueError(f"line {lineno}: {exc}") from None
    flush()
    return entries


def load_catalogue(lang: str, path: Path | None = None) -> Catalogue:
    """Read a language's catalogue (fuzzy and empty translations are left out)."""
    path = path or catalogue_path(lang)
    messages: dict[str, str] = {}
    plurals: dict[str, list[str]] = {}
    if path.is_file():
        for e in parse_po(path.read_text(encoding="utf-8")):
            if e.get("fuzzy") or not e["msgid"]:
                continue
            key = f"{e['msgctxt']}\x04{e['msgid']}" if e.get("msgctxt") else e["msgid"]
            if "plural" in e:
                forms = [e["plural"][i] for i in sorted(e["plural"])]
                if all(forms):
                    plurals[key] = forms
                    messages[key] = forms[0]
            elif e.get("msgstr"):
                messages[key] = e["msgstr"]
    return Catalogue(lang, messages, plurals)


def catalogue(lang: str) -> Catalogue | None:
    """The loaded catalogue of a language (None for English, the source language)."""
    if lang == "en" or lang not in LANGUAGES:
        return None
    with _lock:
        if lang not in _catalogues:
            _catalogues[lang] = load_catalogue(lang)
        return _catalogues[lang]


def normalise(lang: str | None) -> str:
    """'fr_CA', 'fr-BE', 'FR' -> 'fr'; unknown or empty -> 'en'."""
    code = (lang or "").replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else "en"


def set_language(lang: str) -> str:
    """Set the process-wide (UI and CLI) language; returns the code actually used."""
    global _ui_language
    _ui_language = normalise(lang)
    return _ui_language


def current_language() -> str:
    """The language texts are rendered in here: an export's override, else the UI language."""
    return _override.get() or _ui_language


@contextmanager
def using_language(lang: str) -> Iterator[str]:
    """Render in `lang` inside the block (this thread/context only), e.g. a French report from an English UI."""
    token = _override.set(normalise(lang))
    try:
        yield normalise(lang)
    finally:
        _override.reset(token)


def translate_to(lang: str | None, text: str, context: str | None = None) -> str:
    """`text` in `lang` (default: the current language); the English text when there is no translation."""
    cat = catalogue(lang or current_language())
    return cat.gettext(text, context) if cat else text


def gettext(text: str) -> str:
    """`text` in the current language."""
    return translate_to(None, text)


_ = gettext


def ngettext(singular: str, plural: str, n: float, lang: str | None = None) -> str:
    """The singular or plural form for n, in the current language (or `lang`)."""
    cat = catalogue(lang or current_language())
    if cat:
        return cat.ngettext(singular, plural, n)
    return singular if n == 1 else plural


def pgettext(context: str, text: str) -> str:
    """`text` with a disambiguating context (msgctxt), falling back to the plain entry."""
    return translate_to(None, text, context)


def colon(lang: str | None = None) -> str:
    """': ' in English, no-break space + ': ' in French (what goes between a label and its value)."""
    return "\u00a0: " if (lang or current_language()) == "fr" else ": "


def semicolon(lang: str | None = None) -> str:
    """'; ' in English, no-break space + '; ' in French (between the clauses of a list)."""
    return "\u00a0; " if (lang or current_language()) == "fr" else "; "


def listing(parts: Iterable[str]) -> str:
    """Items of a list side by side: '2 participants, 14 individual scores' (', ' in English and French)."""
    return ", ".join(p for p in parts if p)


def labelled(label: str, value: object, lang: str | None = None) -> str:
    """'Label: value' with the language's typography ('Global : 49,1' in French)."""
    return f"{label}{colon(lang)}{value}"


class Deferred:
    """A generated text written when it is shown, in the language then in use (str() of it).

    A report in French, or the French half of a bilingual one, can so show a line that was prepared
    while the interface spoke English."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], str]):
        self._make = make

    def __str__(self) -> str:
        return self._make()

    def __repr__(self) -> str:
        return f"Deferred({self._make()!r})"

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


def language_name(code: str, lang: str | None = None) -> str:
    """The name of language `code` in a sentence written in `lang` ('French', 'français')."""
    return translate_to(lang, _NAMES_IN_TEXT.get(code, code))
