"""Bulk text rows for big sheets, written straight into the saved .xlsx (openpyxl's cell writer is slow).

openpyxl serialises each cell through an element tree, about 50 µs a cell: 50,000 note cells take
over a second. For the notes sheets we let openpyxl write the sheet with its header and first
data row (so styles, widths, filters and frozen panes come from openpyxl), then append the other
rows to that sheet's XML as inline strings, copying the first row's cell styles. Inline strings are
text, never formulas.
"""

from __future__ import annotations

import re
import zipfile
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from npmassess.exports.common import clean

MAX_CELL = 32767


def text_cell(text: object) -> str:
    s = clean(text)
    return s if len(s) <= MAX_CELL else s[:MAX_CELL - 1] + "…"


class BulkRows:
    """Rows (lists of str) to append to one sheet after the first data row openpyxl wrote."""

    def __init__(self, sheet_title: str, first_row: int):
        self.sheet_title, self.first_row = sheet_title, first_row
        self.rows: list[list[str]] = []
        self.widths: list[float] = []  # column widths of wrapped columns: rows get heights that fit

    def _height(self, row: list[str]) -> str:
        if not self.widths:
            return ""
        lines = 1
        for v, w in zip(row, self.widths):
            if v:
                chars = max(int(w * 1.15), 4)
                lines = max(lines, sum(-(-len(part) // chars) or 1 for part in v.split("\n")))
        return f' ht="{min(409.0, lines * 15.0):g}" customHeight="1"' if lines > 1 else ""

    def xml(self, styles: dict[str, str]) -> str:
        out = []
        width = max((len(r) for r in self.rows), default=0)
        heads = [f'{get_column_letter(c + 1)}' for c in range(width)]
        tails = [f'{styles.get(h, "")} t="inlineStr"><is><t xml:space="preserve">' for h in heads]
        seen: dict[str, str] = {}  # ids, titles and names repeat on every row: escape them once
        for i, row in enumerate(self.rows):
            r = self.first_row + i
            cells = []
            for c, v in enumerate(row):
                if v == "":
                    continue
                e = seen.get(v)
                if e is None:
                    e = escape(text_cell(v))
                    if c < len(row) - 1:
                        seen[v] = e
                cells.append(f'<c r="{heads[c]}{r}"{tails[c]}{e}</t></is></c>')
            out.append(f'<row r="{r}"{self._height(row)}>{"".join(cells)}</row>')
        return "".join(out)


def _sheet_paths(z: zipfile.ZipFile) -> dict[str, str]:
    wb = z.read("xl/workbook.xml").decode("utf-8")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {m.group(1): m.group(2) for m in re.finditer(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)}
    targets.update({m.group(2): m.group(1) for m in
                    re.finditer(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    out = {}
    for m in re.finditer(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
        name = m.group(1).replace("&amp;", "&")
        target = targets[m.group(2)].lstrip("/")
        out[name] = target if target.startswith("xl/") else "xl/" + target
    return out


def append_rows(path: str, bulks: list[BulkRows]) -> None:
    """Rewrite the saved workbook at path with the bulk rows appended to their sheets."""
    bulks = [b for b in bulks if b.rows]
    if not bulks:
        return
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
        paths = _sheet_paths(z)
    by_path = {paths[b.sheet_title]: b for b in bulks}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:  # speed over size
        for info, data in items:
            bulk = by_path.get(info.filename)
            if bulk is not None:
                data = _patch(data.decode("utf-8"), bulk).encode("utf-8")
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)


def _patch(xml: str, bulk: BulkRows) -> str:
    template = re.search(rf'<row r="{bulk.first_row - 1}"[^>]*>(.*?)</row>', xml, re.S)
    styles = {}
    if template:
        for m in re.finditer(r'<c r="([A-Z]+)\d+"([^>]*?)/?>', template.group(1)):
            s = re.search(r'\ss="\d+"', m.group(2))
            if s:
                styles[m.group(1)] = s.group(0)
    rows = bulk.xml(styles)
    if "</sheetData>" in xml:
        xml = xml.replace("</sheetData>", rows + "</sheetData>", 1)
    else:
        xml = xml.replace("<sheetData/>", f"<sheetData>{rows}</sheetData>", 1)
    last = bulk.first_row + len(bulk.rows) - 1
    return re.sub(r'<dimension ref="([A-Z]+\d+):([A-Z]+)\d+"/>',
                  lambda m: f'<dimension ref="{m.group(1)}:{m.group(2)}{last}"/>', xml, count=1)
