"""Reporting periods of the results register: month (2025-03), quarter (2025-Q1), year (2025)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from npmassess.errors import ValidationError
from npmassess.i18n import _

KINDS = ("month", "quarter", "year")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, order=True)
class Period:
    """One period; sorts by its first month, then by length (a month before its quarter)."""

    start: int  # months since year 0: year * 12 + month - 1
    length: int  # 1, 3 or 12 months
    kind: str
    label: str

    @property
    def year(self) -> int:
        return self.start // 12

    @property
    def end(self) -> int:
        """The last month of the period (same counting as start)."""
        return self.start + self.length - 1


def parse_period(text: object, field: str = "period") -> Period:
    """A period from its label; a clear error names the value and the accepted forms."""
    if isinstance(text, bool) or text is None:
        raise ValidationError(field, _("is empty; use 2025-03 (month), 2025-Q1 (quarter) or 2025 (year)"))
    if isinstance(text, int):  # a spreadsheet cell holding the year 2025
        text = str(text)
    if isinstance(text, float) and text.is_integer():
        text = str(int(text))
    if not isinstance(text, str):
        raise ValidationError(field, _("{value} is not a period; use 2025-03, 2025-Q1 or 2025").format(value=repr(text)))
    s = text.strip()
    m = _MONTH.match(s)
    if m and 1 <= int(m.group(2)) <= 12:
        year, month = int(m.group(1)), int(m.group(2))
        return Period(year * 12 + month - 1, 1, "month", f"{year:04d}-{month:02d}")
    m = _QUARTER.match(s)
    if m:
        year, q = int(m.group(1)), int(m.group(2))
        return Period(year * 12 + (q - 1) * 3, 3, "quarter", f"{year:04d}-Q{q}")
    m = _YEAR.match(s)
    if m:
        year = int(m.group(1))
        return Period(year * 12, 12, "year", f"{year:04d}")
    raise ValidationError(field, _("'{value}' is not a period; use 2025-03 (month), 2025-Q1 (quarter) "
                                   "or 2025 (year)").format(value=s))


@lru_cache(maxsize=8192)
def sort_key(label: str) -> Period:
    """Sort key of a stored (already valid) period label (cached: a register repeats its periods)."""
    return parse_period(label)
