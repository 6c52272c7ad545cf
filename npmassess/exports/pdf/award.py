"""An award's document rules (page size, font, sizes, margins, page limits) and the item-by-item check against them."""

from __future__ import annotations

import re
from typing import Any
from dataclasses import dataclass

from npmassess.i18n import translate_to
from npmassess.model import Framework

INCH = 72.0
# Baldrige's rules, used for any rule the framework file leaves out (issue 10)
DEFAULTS = {"page_size": "letter", "font": "Times New Roman or Arial", "min_font_size": 10.0,
            "min_margin_in": 0.75, "profile_page_limit": 5, "response_page_limit": 50}


@dataclass(frozen=True)
class AwardRules:
    page_size: str  # "letter" or "a4"
    font: str  # as the rule says it: "Times New Roman or Arial"
    min_font_size: float
    min_margin_in: float
    profile_page_limit: int
    response_page_limit: int


def award_rules(fw: Framework) -> AwardRules:
    """The framework's application rules, with Baldrige's for any key the framework file leaves out."""
    app = fw.application
    values: dict[str, Any] = {k: getattr(app, k, None) for k in DEFAULTS}
    values = {k: (DEFAULTS[k] if v in (None, "", ()) else v) for k, v in values.items()}
    if isinstance(values["font"], (list, tuple)):  # the framework file lists the fonts allowed
        values["font"] = " or ".join(str(f) for f in values["font"])
    return AwardRules(str(values["page_size"]).lower(), str(values["font"]), float(values["min_font_size"]),
                      float(values["min_margin_in"]), int(values["profile_page_limit"]),
                      int(values["response_page_limit"]))


@dataclass
class Check:
    """One rule of the award checked against the document, worded in the document's language."""

    rule: str
    required: str
    actual: str
    met: bool
    lang: str = "en"

    def line(self) -> str:
        """'met: Font: required …; this document …' (the CLI's line for the rule)."""
        t = (lambda text: translate_to(self.lang, text))  # noqa: E731
        return t("{state}: {rule}: required {required}; this document {actual}").format(
            state=t("met") if self.met else t("NOT MET"), rule=self.rule, required=self.required, actual=self.actual)

    def sentence(self) -> str:
        """The warning for a rule not met: 'Smallest text: required …; this document ….'"""
        return translate_to(self.lang, "{rule}: required {required}; this document {actual}.").format(
            rule=self.rule, required=self.required, actual=self.actual)


_DEF = re.compile(r"\(([A-Z][A-Z0-9&]{1,9})s?\)")
_USED = re.compile(r"\b[A-Z][A-Z0-9&]{1,9}\b")
_COMMON = {"USD", "EU", "UK", "US", "IT", "OK", "I", "II", "III", "IV"}


def _expansion(before: str, letters: str) -> str:
    """The words before '(ABBR)' that the letters stand for ('Women, Infants, and Children' for WIC)."""
    tokens = list(re.finditer(r"[A-Za-z][A-Za-z']*", before[-120:]))
    caps = 0
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i].group(0)[0].isupper():
            caps += 1
            if caps == len(letters):
                return before[-120:][tokens[i].start():].strip(" ,;:")
    chosen = tokens[-len(letters):] if len(tokens) >= len(letters) else tokens
    return before[-120:][chosen[0].start():].strip(" ,;:") if chosen else ""


def glossary(texts: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """(abbreviation, expansion) defined in the texts as 'Full Name (ABBR)', and abbreviations used undefined."""
    defined: dict[str, str] = {}
    for text in texts:
        for m in _DEF.finditer(text):
            letters = m.group(1)
            words = _expansion(text[:m.start()].rstrip(), letters)
            if words and letters not in defined:
                defined[letters] = words
    used = {m.group(0).rstrip("s") for t in texts for m in _USED.finditer(t)}
    undefined = sorted(u for u in used - set(defined) - _COMMON if not u.isdigit() and len(u) > 1)
    return sorted(defined.items()), undefined
