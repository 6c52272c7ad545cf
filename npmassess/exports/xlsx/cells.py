"""Cells of every sheet of our workbooks: the shared styles (named fonts), text-safe put, header rows."""

from __future__ import annotations

from datetime import date

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter as col

from npmassess import numbers
from npmassess.exports.common import clean
from npmassess.exports.xlsx.finish import FONT_NAME

MAX_CELL = 32767  # Excel's limit on the characters in one cell
HEAD = Font(name=FONT_NAME, bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
TITLE = Font(name=FONT_NAME, bold=True, size=14, color="1F4E79")
BOLD = Font(name=FONT_NAME, bold=True)
SCORE_FMT = numbers.excel_format("score")
POINTS_FMT = numbers.excel_format("points")
PCT_FMT = "0%"
WRAP = Alignment(wrap_text=True, vertical="top")

def put(ws, row: int, column: int, value, font: Font | None = None, fmt: str | None = None) -> Cell:
    """Write one cell; any text is stored as text (never a formula), control characters dropped."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        text = clean(value)
        if len(text) > MAX_CELL:
            text = text[:MAX_CELL - 1] + "…"
        cell.value = text
        cell.data_type = "s"
    else:
        cell.value = value
    if font is not None:
        cell.font = font
    if fmt:
        cell.number_format = fmt
    return cell


def header(ws, row: int, names: list[str], widths: list[int] | None = None) -> None:
    """A header row (repeated on printed pages); columns never narrower than their longest word."""
    for i, name in enumerate(names, 1):
        c = put(ws, row, i, name, HEAD)
        c.fill = HEAD_FILL
        c.alignment = Alignment(wrap_text=True, vertical="center")
    for i, w in enumerate(widths or [], 1):
        ws.column_dimensions[col(i)].width = w
    for i, name in enumerate(names, 1):  # headers break between words, never inside one
        longest = max((len(word) for word in str(name).split()), default=0) + 2
        dim = ws.column_dimensions[col(i)]
        if (dim.width or 8.43) < longest:
            dim.width = longest
    if not getattr(ws, "_npm_header_row", 0):
        ws._npm_header_row = row


def as_date(text: str):
    """An ISO date string as a real date (text that is not a date stays text)."""
    try:
        return date.fromisoformat(str(text).strip()) if text else None
    except ValueError:
        return text
