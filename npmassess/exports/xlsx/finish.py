"""Finishing touches for every workbook: cached formula values, chart data caches, fonts, row heights, print setup.

openpyxl writes a formula cell as ``<f>…</f><v/>`` with no cached value, so anything that reads a
workbook without recalculating it (mail and Teams previews, Quick Look, pandas, Power BI,
openpyxl's data_only) sees blanks, and its charts reference cells with no data cache. We record the
value the scoring engine computed for every formula we write (:func:`formula`), put those values
into the chart series' caches before saving (:func:`finish`), and after saving write them into the
sheets' XML as the formulas' cached results (:func:`write_cached_values`). Excel and LibreOffice
still recalculate on open (fullCalcOnLoad), so a user's later edit is never hidden by a stale cache.
"""

from __future__ import annotations

import math
import re
import zipfile
from datetime import date
from xml.sax.saxutils import escape

from openpyxl.cell.cell import Cell
from openpyxl.chart.data_source import AxDataSource, NumData, NumVal, StrData, StrRef, StrVal
from openpyxl.styles import Font
from openpyxl.utils.cell import range_boundaries

from npmassess.exports.xlsx.bulk import _sheet_paths

FONT_NAME = "Calibri"  # every cell names its font: LibreOffice otherwise falls back to a serif for bold cells
LINE_HEIGHT = 15.0  # points per line of 11 pt Calibri


def cache_of(wb) -> dict[tuple[str, str], object]:
    """The workbook's record of cached formula results: (sheet title, 'C5') -> value."""
    cached = getattr(wb, "_npm_cached", None)
    if cached is None:
        cached = wb._npm_cached = {}
    return cached


def formula(ws, row: int, column: int, text: str, value: object, fmt: str | None = None) -> Cell:
    """Write a formula we built ourselves (never from user text) with the value the engine computed."""
    cell = ws.cell(row=row, column=column, value=text)
    if fmt:
        cell.number_format = fmt
    if isinstance(value, float) and not math.isfinite(value):
        value = ""
    cache_of(ws.parent)[(ws.title, cell.coordinate)] = "" if value is None else value
    return cell


def set_print_titles(ws, header_row: int) -> None:
    """Repeat the header rows on every printed page."""
    ws.print_title_rows = f"{header_row}:{header_row}"


def _value(wb, sheet: str, coord: str):
    cached = cache_of(wb).get((sheet, coord))
    if cached is not None:
        return cached
    v = wb[sheet][coord].value
    return None if isinstance(v, str) and v.startswith("=") else v


def _cells(wb, ref: str) -> list:
    """Values of a chart reference like 'Summary'!$C$12:$C$20 (formulas read from the cache)."""
    sheet, _, rng = ref.rpartition("!")
    sheet = sheet.strip("'").replace("''", "'")
    c1, r1, c2, r2 = range_boundaries(rng.replace("$", ""))
    from openpyxl.utils import get_column_letter
    return [_value(wb, sheet, f"{get_column_letter(c)}{r}") for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _num_cache(values: list, fmt: str = "General") -> NumData:
    pts = [NumVal(idx=i, v=float(v)) for i, v in enumerate(values) if isinstance(v, (int, float))]
    return NumData(pt=pts, ptCount=len(values), formatCode=fmt)


def _str_cache(values: list) -> StrData:
    return StrData(pt=[StrVal(idx=i, v="" if v is None else str(v)) for i, v in enumerate(values)],
                   ptCount=len(values))


def fill_chart_caches(wb) -> None:
    """Give every chart series its numCache/strCache from the cells (or cached formula values) it shows."""
    for ws in wb.worksheets:
        for chart in getattr(ws, "_charts", []):
            for s in chart.series:
                if s.val is not None and s.val.numRef is not None:
                    s.val.numRef.numCache = _num_cache(_cells(wb, s.val.numRef.f), "0.0")
                if s.cat is not None:
                    ref = s.cat.numRef.f if s.cat.numRef is not None else (s.cat.strRef.f if s.cat.strRef else None)
                    if ref:
                        s.cat = AxDataSource(strRef=StrRef(f=ref, strCache=_str_cache(_cells(wb, ref))))
                if s.tx is not None and s.tx.strRef is not None:
                    s.tx.strRef.strCache = _str_cache(_cells(wb, s.tx.strRef.f))


def _lines(text: str, width: float) -> int:
    chars = max(int(width * 1.15), 4)  # a column width of w holds about w digits of 11 pt Calibri
    return sum(max(1, math.ceil(len(part) / chars)) for part in text.split("\n"))


def fit_rows(ws, limit: float = 409.0) -> None:
    """Row heights that fit wrapped text (Excel does not grow rows of a file it did not lay out)."""
    widths = {k: (d.width or 8.43) for k, d in ws.column_dimensions.items()}
    merged = {}
    for rng in ws.merged_cells.ranges:
        from openpyxl.utils import get_column_letter
        merged[(rng.min_row, rng.min_col)] = sum(widths.get(get_column_letter(c), 8.43)
                                                 for c in range(rng.min_col, rng.max_col + 1))
    for row in ws.iter_rows():
        lines = 1
        size = 11.0
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment is not None and cell.alignment.wrap_text:
                width = merged.get((cell.row, cell.column), widths.get(cell.column_letter, 8.43))
                lines = max(lines, _lines(cell.value, width))
            if cell.font is not None and cell.font.sz:
                size = max(size, float(cell.font.sz))
        if lines > 1 or size > 11:
            r = row[0].row
            ws.row_dimensions[r].height = min(limit, lines * LINE_HEIGHT * size / 11.0)


def name_fonts(ws) -> None:
    """Every styled cell names its font (a bold cell with no name falls back to a serif in LibreOffice)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.has_style and cell.font is not None and not cell.font.name:
                f = cell.font
                cell.font = Font(name=FONT_NAME, sz=f.sz or 11, b=f.b, i=f.i, color=f.color, u=f.u)


def print_setup(ws) -> None:
    """Print (and LibreOffice PDF conversion) one page wide, landscape, header rows repeated."""
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_options.gridLines = False


def finish(wb) -> None:
    """Fonts, row heights, print setup and chart caches on every sheet, before saving."""
    for ws in wb.worksheets:
        name_fonts(ws)
        fit_rows(ws)
        print_setup(ws)
        if not ws.print_title_rows:
            set_print_titles(ws, getattr(ws, "_npm_header_row", 0) or 1)
    fill_chart_caches(wb)


def _xml_value(value) -> tuple[str, str]:
    """(type attribute, <v> text) of a cached formula result."""
    if isinstance(value, bool):
        return ' t="b"', "1" if value else "0"
    if isinstance(value, (int, float)):
        return "", repr(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, date):
        from openpyxl.utils.datetime import to_excel
        return "", repr(float(to_excel(value)))
    return ' t="str"', escape(str(value))


def write_cached_values(path: str, wb) -> int:
    """Write the recorded results of formulas into the saved workbook's sheets; returns how many."""
    cached = cache_of(wb)
    if not cached:
        return 0
    by_sheet: dict[str, dict[str, object]] = {}
    for (sheet, coord), v in cached.items():
        by_sheet.setdefault(sheet, {})[coord] = v
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
        paths = _sheet_paths(z)
    todo = {paths[s]: vals for s, vals in by_sheet.items() if s in paths}
    done = 0
    cell_re = re.compile(r'<c r="([A-Z]+\d+)"([^>]*)><f>(.*?)</f><v\s*/>(?:</v>)?</c>|'
                         r'<c r="([A-Z]+\d+)"([^>]*)><f>(.*?)</f><v></v></c>', re.S)

    def patch(xml: str, vals: dict[str, object]) -> str:
        nonlocal done

        def one(m: re.Match) -> str:
            nonlocal done
            coord, attrs, f = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5),
                                                                                        m.group(6))
            if coord not in vals:
                return m.group(0)
            t, v = _xml_value(vals[coord])
            attrs = re.sub(r'\st="[^"]*"', "", attrs)
            done += 1
            return f'<c r="{coord}"{attrs}{t}><f>{f}</f><v>{v}</v></c>'

        return cell_re.sub(one, xml)

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info, data in items:
            vals = todo.get(info.filename)
            if vals:
                data = patch(data.decode("utf-8"), vals).encode("utf-8")
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return done
