"""Field checks shared by the store and the importers; each error names the field."""

from __future__ import annotations

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
