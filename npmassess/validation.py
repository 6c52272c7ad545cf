"""Field checks shared by the store and the importers; each error names the field."""

from __future__ import annotations

import re
from datetime import datetime

from npmassess.assessment import LEVEL_RANGE
from npmassess.errors import ValidationError


def check_text(field: str, value: object, required: bool = False, limit: int = 100_000) -> str:
    """Text as given (None counts as empty); refuses non-text, NUL characters, blanks if required."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, f"must be text, not {type(value).__name__}")
    if "\x00" in value:
        raise ValidationError(field, "contains a NUL character")
    if required and not value.strip():
        raise ValidationError(field, "must not be empty")
    if len(value) > limit:
        raise ValidationError(field, f"is {len(value)} characters long; the limit is {limit}")
    return value


def check_date(field: str, value: object) -> str:
    """An ISO date (YYYY-MM-DD) or the empty string."""
    text = check_text(field, value).strip()
    if text:
        try:
            datetime.strptime(text, "%Y-%m-%d")
        except ValueError:
            raise ValidationError(field, f"'{text}' is not a date in the form YYYY-MM-DD") from None
    return text


def check_level(field: str, value: object) -> int:
    """Impact or effort: a whole number from 1 to 5."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in LEVEL_RANGE:
        raise ValidationError(field, f"must be a whole number from 1 to 5, not {value!r}")
    return value


# A cycle is a year (2026) or a span of years (2026/27, 2026-27, 2026–2027): the years of one round.
_CYCLE = re.compile(r"^(\d{4})(?:\s*([/\-–])\s*(\d{2}|\d{4}))?$")
MIN_YEAR, MAX_YEAR = 1900, 2200


def parse_cycle(text: str) -> tuple[int, int] | None:
    """(first year, last year) of a cycle label, or None if it is not a year or a span of years."""
    m = _CYCLE.match((text or "").strip())
    if not m:
        return None
    start = int(m.group(1))
    if m.group(3) is None:
        end = start
    elif len(m.group(3)) == 2:
        end = start - start % 100 + int(m.group(3))
        if end < start:  # 2099/00
            end += 100
    else:
        end = int(m.group(3))
    if not (MIN_YEAR <= start <= MAX_YEAR) or not start <= end <= start + 5:
        return None
    return start, end


def check_cycle(field: str, value: object) -> str:
    """A cycle label: a year (2026) or a span (2026/27, 2026-27, 2026-2027), trimmed."""
    text = check_text(field, value, True, 50).strip()
    years = parse_cycle(text)
    if years is None:
        raise ValidationError(field, f"'{text}' is not a year or a span of years such as 2026 or 2026/27")
    return text


def cycle_key(text: str) -> tuple:
    """Sort key of a cycle label: by its years; labels that are not years sort after, naturally."""
    years = parse_cycle(text)
    if years is not None:
        return (0, years[0], years[1], "")
    return (1, 0, 0, [f"{int(t):09d}" if t.isdigit() else t.casefold() for t in re.split(r"(\d+)", text or "")])
