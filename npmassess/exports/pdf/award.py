"""An award's document rules (page size, font, sizes, margins, page limits) and the item-by-item check against them."""

from __future__ import annotations

import re
from typing import Any
from dataclasses import dataclass

from npmassess.i18n import _, translate_to
from npmassess.model import Framework

INCH = 72.0
# Baldrige's layout, used for any layout rule the framework file leaves out (issue 10); a rule left out
# is laid out this way but not checked, and a page limit left out is no limit.
DEFAULTS = {"page_size": "letter", "font": "Times New Roman or Arial", "min_font_size": 10.0,
            "min_margin_in": 0.75}


@dataclass(frozen=True)
class AwardRules:
    page_size: str  # "letter" or "a4"
    font: str  # as the rule says it: "Times New Roman or Arial"
    min_font_size: float
    min_margin_in: float
    profile_page_limit: int | None  # None: the award sets no limit
    response_page_limit: int | None
    declared: frozenset[str] = frozenset(DEFAULTS)  # the layout rules the framework file sets (checked)


def award_rules(fw: Framework) -> AwardRules:
    """The framework's application rules, laid out as Baldrige's for any layout key the framework file leaves out."""
    app = fw.application
    values: dict[str, Any] = {k: getattr(app, k, None) for k in DEFAULTS}
    declared = frozenset(k for k, v in values.items() if v not in (None, "", ()))
    values = {k: (DEFAULTS[k] if v in (None, "", ()) else v) for k, v in values.items()}
    if isinstance(values["font"], (list, tuple)):  # the framework file lists the fonts allowed
        values["font"] = " or ".join(str(f) for f in values["font"])
    return AwardRules(str(values["page_size"]).lower(), str(values["font"]), float(values["min_font_size"]),
                      float(values["min_margin_in"]), getattr(app, "profile_page_limit", None),
                      getattr(app, "response_page_limit", None), declared)


def limits_sentence(rules: AwardRules, profile: str) -> str:
    """'Page limits: Organizational Profile 5 pages, responses 50 pages; …' or '' when the award sets none."""
    parts = []
    if rules.profile_page_limit is not None:
        parts.append(_("{profile} {n} pages").format(profile=profile, n=rules.profile_page_limit))
    if rules.response_page_limit is not None:
        parts.append(_("responses {n} pages").format(n=rules.response_page_limit))
    if not parts:
        return ""
    return _("Page limits: {limits}; the cover, contents, organisation chart and glossary are not counted.").format(
        limits=", ".join(parts))


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
