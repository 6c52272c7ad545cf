"""The one number formatter: half-up rounding, fixed decimals per kind of value, per language.

Every figure a user reads (GUI, PDF, workbook number formats, CLI text) goes through here, so a
value prints the same everywhere: 53.25 is "53.3" in the report, the workbook and on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # decimal loads with the first number rounded (a start page of dates needs none)
    from decimal import Decimal

MISSING = "—"

# Decimals per kind of value. A kind names what the number is, not where it is shown.
DECIMALS: dict[str, int] = {
    "score": 1,       # a 0-100 score, a band value, a mean of scores (CAF 53.3)
    "points": 1,      # Baldrige points (412.5)
    "max_points": 0,  # a maximum or a declared total (1000)
    "percent": 0,     # completeness, shares (75 %)
    "level": 0,       # an ordinal level (3)
    "spread": 1,      # max - min of individual scores
    "ratio": 2,       # efficiency/effectiveness ratios, agreement figures
    "count": 0,
    "measure": 2,     # a measured value from the results register (trimmed of trailing zeros)
}

# Typography per language: decimal mark, thousands separator, what goes before '%'.
_NARROW_NBSP = "\u202f"
_NBSP = "\u00a0"
_STYLE = {
    "en": {"decimal": ".", "group": ",", "percent": "%"},
    "fr": {"decimal": ",", "group": _NARROW_NBSP, "percent": _NBSP + "%"},
}


def round_half_up(value: float, decimals: int) -> Decimal:
    """value rounded half away from zero (53.25 -> 53.3, -0.5 -> -1), as people round by hand."""
    from decimal import ROUND_HALF_UP, Decimal
    # repr() first: Decimal(53.25) is exact, but Decimal(0.1 + 0.2) is not what was meant.
    q = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(q, rounding=ROUND_HALF_UP)


def decimals_for(kind: str) -> int:
    """How many decimals a kind of value is shown with."""
    try:
        return DECIMALS[kind]
    except KeyError:
        raise ValueError(f"unknown kind of number {kind!r} (known: {', '.join(DECIMALS)})") from None


def fmt(value: float | int | None, kind: str = "score", lang: str = "en", *,
        decimals: int | None = None, group: bool = False, trim: bool | None = None) -> str:
    """value as text for a reader: fixed decimals for its kind, the language's decimal mark.

    trim drops trailing zeros (used for measures, whose precision varies); scores keep a fixed
    number of decimals so a column never mixes "32" and "53.2".
    """
    if value is None:
        return MISSING
    digits = decimals_for(kind) if decimals is None else decimals
    try:
        d = round_half_up(value, digits)
    except (ArithmeticError, ValueError) as exc:  # decimal's InvalidOperation is an ArithmeticError
        from decimal import InvalidOperation
        if isinstance(exc, (InvalidOperation, ValueError, OverflowError)):
            return MISSING
        raise
    if d == 0:
        d = abs(d)  # no "-0.0"
    text = f"{d:,.{digits}f}" if group else f"{d:.{digits}f}"
    if (kind == "measure" if trim is None else trim) and "." in text:
        text = text.rstrip("0").rstrip(".")
    style = _STYLE.get(lang.split("-")[0].split("_")[0], _STYLE["en"])
    return text.replace(",", "\x00").replace(".", style["decimal"]).replace("\x00", style["group"])


def percent(fraction: float | None, lang: str = "en", decimals: int | None = None) -> str:
    """A fraction (0.75) as a percentage ("75%" in English, "75 %" in French)."""
    if fraction is None:
        return MISSING
    style = _STYLE.get(lang.split("-")[0], _STYLE["en"])
    return fmt(fraction * 100, "percent", lang, decimals=decimals) + style["percent"]


def excel_format(kind: str) -> str:
    """The workbook number format of a kind (Excel applies the reader's own decimal mark)."""
    digits = decimals_for(kind)
    return "0" if digits == 0 else "0." + "0" * digits


_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
}


def date_text(value, lang: str = "en") -> str:
    """A date as a reader writes it: '3 December 2026', '1er décembre 2026'; ISO text is accepted, bad text kept."""
    from datetime import date, datetime
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    code = lang.split("-")[0].split("_")[0]
    months = _MONTHS.get(code, _MONTHS["en"])
    day = "1er" if code == "fr" and value.day == 1 else str(value.day)
    return f"{day} {months[value.month - 1]} {value.year}"


def short_date(value, lang: str = "en") -> str:
    """A date for a narrow column: ISO as stored in English ('2027-08-20 14:05', the time after a space, not
    ISO's 'T'), '20/08/2027 14:05' in French; other text kept as written."""
    from datetime import date, datetime
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        value = value.isoformat()
    text = str(value)
    try:
        d = date.fromisoformat(text[:10])
    except ValueError:
        return text
    rest = text[10:].replace("T", " ", 1).strip()
    if lang != "fr":
        return text[:10] + (f" {rest}" if rest else "")
    return f"{d.day:02d}/{d.month:02d}/{d.year}" + (f" {rest}" if rest else "")
