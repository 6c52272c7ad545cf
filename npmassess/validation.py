"""The one validation module: field limits in one table, text/date/level checks, score checks.

The store, the importers (JSON, packages, kits) and the GUI all call these, so a limit or a rule
is written once and every path refuses the same values with the same words.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import TYPE_CHECKING

from npmassess.assessment import LEVEL_RANGE
from npmassess.errors import ValidationError
from npmassess.i18n import _

if TYPE_CHECKING:
    from npmassess.model import Dimension, Framework

# field kind -> (required, maximum length in characters)
LIMITS: dict[str, tuple[bool, int]] = {
    "organisation": (True, 300),
    "unit": (True, 300),
    "cycle": (True, 50),
    "participant name": (True, 200),
    "participant role": (False, 200),
    "note": (True, 50_000),
    "action title": (True, 500),
    "action description": (False, 50_000),
    "action owner": (False, 200),
    "rationale": (False, 200_000),
    "narrative": (False, 200_000),
    "identifier": (True, 200),
    "label": (False, 200),
    "measure name": (True, 300),
    "measure text": (False, 5000),
    "overrule reason": (False, 10_000),
}
DEFAULT_LIMIT = 100_000


def check_text(field: str, value: object, required: bool = False, limit: int = DEFAULT_LIMIT) -> str:
    """Text as given (None counts as empty); refuses non-text, NUL, lone surrogates, blanks if required."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, _("must be text, not {kind}").format(kind=type(value).__name__))
    if "\x00" in value:
        raise ValidationError(field, _("contains a NUL character"))
    if required and not value.strip():
        raise ValidationError(field, _("must not be empty"))
    if len(value) > limit:
        raise ValidationError(field, _("is {n} characters long; the limit is {limit}").format(n=len(value), limit=limit))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(field, _("contains an invalid character (a lone UTF-16 surrogate)")) from None
    return value


def check_field(kind: str, value: object, field: str | None = None) -> str:
    """Text for a field kind of LIMITS (its required flag and limit); the error names field or kind."""
    required, limit = LIMITS[kind]
    return check_text(field or kind, value, required, limit)


def check_number(field: str, value: object) -> float | None:
    """A finite number, or None for no value (a measure's actual, target, comparison, baseline)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValidationError(field, _("must be a number, not {value}").format(value=repr(value)))
    return float(value)


def check_date(field: str, value: object) -> str:
    """An ISO date (YYYY-MM-DD) or the empty string."""
    text = check_text(field, value, limit=40).strip()
    if text:
        try:
            datetime.strptime(text, "%Y-%m-%d")
        except ValueError:
            raise ValidationError(field, _("'{text}' is not a date in the form YYYY-MM-DD").format(text=text)) from None
    return text


def check_level(field: str, value: object) -> int:
    """Impact or effort: a whole number from 1 to 5."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in LEVEL_RANGE:
        raise ValidationError(field, _("must be a whole number from 1 to 5, not {value!r}").format(value=value))
    return value


def dimension_for(framework: Framework, method_id: str, node_id: str, dimension: str) -> Dimension:
    """The scoring dimension of a scored node; ValidationError naming node or dimension otherwise."""
    try:
        node = framework.node(node_id)
    except KeyError:
        raise ValidationError("node", _("'{node}' is not a node of {framework}").format(
            node=node_id, framework=framework.key)) from None
    if not node.scored:
        raise ValidationError("node", _("'{node}' is not scored (it has no score of its own)").format(node=node_id))
    dims = {d.id: d for d in framework.method(method_id).dimensions_for(node.type)}
    if dimension not in dims:
        raise ValidationError("dimension", _("'{dimension}' does not apply to {node} (use {dimensions})").format(
            dimension=dimension, node=node_id, dimensions=", ".join(dims)))
    return dims[dimension]


def value_problem(dim: Dimension, value: object) -> str | None:
    """None if value (not None) is a valid score on the dimension's scale, else a sentence why not."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _("must be a number, not {value!r}").format(value=value)
    try:
        if not math.isfinite(value):
            return _("must be a finite number, not {value!r}").format(value=value)
    except OverflowError:
        return _("is far too large a number")
    return dim.scale.check(value)


def check_rating(framework: Framework, method_id: str, node_id: str, dimension: str,
                 value: object, field: str | None = None) -> float | None:
    """A score ready to store (float, or None = cleared); ValidationError naming the field otherwise."""
    dim = dimension_for(framework, method_id, node_id, dimension)
    if value is None:
        return None
    problem = value_problem(dim, value)
    if problem:
        raise ValidationError(field or f"{node_id} {dimension}", problem)
    return float(value)  # type: ignore[arg-type]


def rating_problem(framework: Framework, method_id: str, node_id: str, dimension: str,
                   value: object) -> str | None:
    """None if the score may be stored, else the sentence check_rating would raise."""
    try:
        check_rating(framework, method_id, node_id, dimension, value)
    except ValidationError as exc:
        return exc.problem if hasattr(exc, "problem") else str(exc)
    return None


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
    text = check_field("cycle", value, field).strip()
    years = parse_cycle(text)
    if years is None:
        raise ValidationError(field, _("'{text}' is not a year or a span of years such as 2026 or 2026/27").format(
            text=text))
    return text


def cycle_key(text: str) -> tuple:
    """Sort key of a cycle label: by its years; labels that are not years sort after, naturally."""
    years = parse_cycle(text)
    if years is not None:
        return (0, years[0], years[1], "")
    return (1, 0, 0, [f"{int(t):09d}" if t.isdigit() else t.casefold() for t in re.split(r"(\d+)", text or "")])
