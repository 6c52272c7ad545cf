"""Minimal, safe reader of cell values in .xlsx workbooks: defusedxml parsing, bounded sizes.

Used for returned scoring kits, where openpyxl's full reader (styles, every sheet) costs ~50 ms a
file. Reads only the sheets asked for, as a grid of values (cached values for formula cells, as
openpyxl's data_only=True does). Handles shared, rich and inline strings, numbers and booleans.
"""

from __future__ import annotations

import posixpath
import re
import zipfile

from defusedxml.ElementTree import fromstring

from npmassess.errors import XlsxError
from npmassess.i18n import _

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MAX_ROWS, MAX_COLS = 5000, 100
MAX_PART = 20 * 1024 * 1024
_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")


def _part(zf: zipfile.ZipFile, name: str):
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise XlsxError(_("part {name} is missing").format(name=name)) from None
    if info.file_size > MAX_PART:
        raise XlsxError(_("part {name} is too large ({size} bytes)").format(name=name, size=info.file_size))
    try:
        return fromstring(zf.read(name))
    except zipfile.BadZipFile as exc:
        raise XlsxError(_("part {name} is damaged ({problem})").format(name=name, problem=exc)) from None
    except Exception as exc:  # defusedxml refusals and XML syntax errors
        raise XlsxError(_("part {name} is not valid XML ({kind})").format(name=name, kind=type(exc).__name__)) from None


def _target(base: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))


def _text(node) -> str:
    """Text of a shared or inline string: plain <t>, or the <t> of each rich-text run (no phonetics)."""
    direct = node.find(f"{M}t")
    if direct is not None:
        return direct.text or ""
    return "".join(t.text or "" for r in node.findall(f"{M}r") for t in r.findall(f"{M}t"))


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def read_sheets(zf: zipfile.ZipFile, wanted: set[str]) -> dict[str, tuple[str, list[list]]]:
    """{sheet name: (state, rows of values)} for the wanted sheets that exist."""
    wb = _part(zf, "xl/workbook.xml")
    rels = _part(zf, "xl/_rels/workbook.xml.rels")
    targets = {r.get("Id"): (r.get("Type", ""), r.get("Target", "")) for r in rels}
    shared: list[str] = []
    for kind, target in targets.values():
        if kind.endswith("/sharedStrings"):
            shared = [_text(si) for si in _part(zf, _target("xl", target)).iter(f"{M}si")]
    out = {}
    for sheet in wb.iter(f"{M}sheet"):
        name = sheet.get("name")
        if name not in wanted:
            continue
        rid = sheet.get(f"{R}id")
        if rid not in targets:
            raise XlsxError(_("sheet {name} has no part").format(name=name))
        out[name] = (sheet.get("state", "visible"), _grid(_part(zf, _target("xl", targets[rid][1])), shared, name))
    return out


def _grid(root, shared: list[str], name: str) -> list[list]:
    cells = {}
    rows = cols = 0
    for c in root.iter(f"{M}c"):
        m = _REF.match(c.get("r", ""))
        if not m:
            raise XlsxError(_("sheet {name}: a cell has no reference").format(name=name))
        row, col = int(m.group(2)), _column(m.group(1))
        if row > MAX_ROWS or col > MAX_COLS:
            raise XlsxError(_("sheet {name} is far larger than a kit (cell {cell})").format(name=name, cell=m.group(0)))
        kind, v = c.get("t", "n"), c.find(f"{M}v")
        raw = v.text if v is not None else None
        value: object
        if kind == "inlineStr":
            node = c.find(f"{M}is")
            value = _text(node) if node is not None else None
        elif raw is None:
            continue
        elif kind == "s":
            try:
                value = shared[int(raw)]
            except (ValueError, IndexError):
                raise XlsxError(_("sheet {name}: cell {cell} points to a missing string").format(
                    name=name, cell=m.group(0))) from None
        elif kind == "b":
            value = raw.strip() == "1"
        elif kind in ("str", "e"):
            value = raw
        else:
            try:
                value = int(raw) if re.fullmatch(r"-?\d+", raw.strip()) else float(raw)
            except ValueError:
                raise XlsxError(_("sheet {name}: cell {cell} holds '{value}', not a number").format(
                    name=name, cell=m.group(0), value=raw[:20])) from None
        cells[(row, col)] = value
        rows, cols = max(rows, row), max(cols, col)
    grid: list[list] = [[None] * cols for _ in range(rows)]
    for (r, c), value in cells.items():
        grid[r - 1][c - 1] = value
    return grid
