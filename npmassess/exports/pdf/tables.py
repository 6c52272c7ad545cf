"""Tables for PDF exports: wrapped header cells, whole rows, '(continued)' on a table's later pages."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle

from npmassess.exports.pdf.fonts import fonts
from npmassess.exports.pdf.styles import ACCENT, GRID, INK
from npmassess.exports.pdf.text import TextBlock, head_cell
from npmassess.i18n import N_, _

CONTINUED = N_("(continued)")  # translated where it is written: continued()


def continued() -> str:
    """'(continued)' in the report's language."""
    return _(CONTINUED)


def grid_style(header: bool = True, family: tuple[str, str] | None = None, size: float = 8.5) -> list:
    """The house grid: thin lines, top-aligned cells, an accent header row with white text (contrast 8.9:1)."""
    body, bold = family or (fonts().body, fonts().bold)
    cmds = [("FONTNAME", (0, 0), (-1, -1), body), ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), size * 1.24), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    if header:
        cmds += [("BACKGROUND", (0, 0), (-1, 0), ACCENT), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                 ("FONTNAME", (0, 0), (-1, 0), bold), ("FONTSIZE", (0, 0), (-1, 0), min(size, 7.5) if family is None
                                                                       else size)]
    return cmds


class ContinuedTable(Table):
    """A table whose repeated header says '(continued)' on every page after the first.

    Rows are kept whole where possible (reportlab tries whole rows first; a row is cut only when it
    alone is taller than a page).
    """

    def _drawCell(self, cellval, cellstyle, pos, size):
        from npmassess.exports.pdf.tagging import draw_cell
        draw_cell(self, super()._drawCell, cellval, cellstyle, pos, size)  # TH / TD in a tagged PDF

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._npm_label = continued()  # the language the story is written in (layout runs later)

    def keep(self, tail: int = 0, heads: set[int] | frozenset[int] = frozenset()) -> ContinuedTable:
        """Split only where at least `tail` rows go on together and no row in `heads` ends a page."""
        self._npm_keep_tail, self._npm_heads, self._npm_offset = tail, frozenset(heads), 0
        return self

    def split(self, availWidth, availHeight):
        label = getattr(self, "_npm_label", None) or continued()
        parts = _tidy(self, super().split(availWidth, availHeight), availWidth,
                      lambda h: Table.split(self, availWidth, h))
        for part in parts:
            part._npm_label = label
        for part in parts[1:]:
            _mark_continued(part, label)
        return parts


def _tidy(table: ContinuedTable, parts: list, width: float, split_at) -> list:
    """Move the page break up while it leaves fewer than the kept tail rows or ends on a heading row."""
    tail: int = getattr(table, "_npm_keep_tail", 0)
    heads: frozenset[int] = getattr(table, "_npm_heads", frozenset())
    offset, rep = getattr(table, "_npm_offset", 0), int(table.repeatRows or 0)
    if len(parts) != 2 or not (tail or heads):
        return parts
    total, cut = len(table._cellvalues), len(parts[0]._cellvalues)  # rows [0, cut) on this page
    best = next((b for b in range(cut, rep, -1) if total - b >= tail and offset + b - 1 not in heads), None)
    if best is None:
        if not getattr(table, "_npm_refused", False):  # all of it on the next page, once
            table._npm_refused = True
            return []
        best = cut  # no better place on a whole page either: reportlab's
    if best != cut:
        new = split_at(sum(table._rowHeights[:best]) + 0.01)
        parts = new if len(new) == 2 and len(new[0]._cellvalues) == best else parts
        best = len(parts[0]._cellvalues)
    for part, off in zip(parts, (offset, offset + best - rep)):
        part._npm_keep_tail, part._npm_heads, part._npm_offset = tail, heads, off
    return parts


def _mark_continued(table: Table, label: str) -> None:
    if not getattr(table, "repeatRows", 0) or getattr(table, "_npm_continued", False):
        return
    table._npm_continued = True
    head = list(table._cellvalues[0])  # a copy: the first part shares the header row's list
    table._cellvalues[0] = head
    widths = table._colWidths
    col = max(range(len(head)), key=lambda i: widths[i] or 0)
    old = head[col]
    wrapped = isinstance(old, (list, tuple))
    if wrapped:
        old = old[0] if old else None
    text = old.items[0] if isinstance(old, TextBlock) and old.items else (old if isinstance(old, str) else None)
    if text is None or label in text:
        return
    new = head_cell(f"{text} {label}".strip(), getattr(old, "colour", None))
    avail = (widths[col] or 0) - 6
    old_h = old.wrap(avail, 1e6)[1] if isinstance(old, TextBlock) else 9.2
    if new.wrap(avail, 1e6)[1] <= max(old_h, 9.2) + 0.1:  # same height: the row heights are already fixed
        head[col] = (new,) if wrapped else new


def header_row(names: list[str]) -> list:
    """Header cells that wrap between words instead of running into the next column."""
    return [head_cell(n) if n else "" for n in names]


def fit_header_words(names: list[str], widths: list) -> list:
    """Column widths with room for each header's longest word ('Completeness' was cut as 'Completene|ss'):
    a fixed column narrower than that word widens, and a flexible column (None) gives up the room."""
    if not any(w is None for w in widths):
        return widths
    from reportlab.pdfbase.pdfmetrics import stringWidth
    bold = fonts().bold
    out = list(widths)
    for i, (name, w) in enumerate(zip(names, widths)):
        if w is None or not name:
            continue
        need = max(stringWidth(word, bold, 7) for word in str(name).split()) + 6 + 1  # padding 3 + 3
        out[i] = max(w, need)
    return out


def grid_table(rows: list[list], widths: list, extra: list | None = None, header: bool = True,
               split_in_row: bool = False, family: tuple[str, str] | None = None,
               size: float = 8.5) -> ContinuedTable:
    """A grid table with a wrapped, repeated header row ('(continued)' after a page break)."""
    if header and rows:
        if all(isinstance(r, str) for r in rows[0]):
            widths = fit_header_words(rows[0], widths)
            rows = [header_row(list(rows[0]))] + rows[1:]
    tbl = ContinuedTable(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=int(split_in_row))
    tbl.setStyle(TableStyle(grid_style(header, family, size) + (extra or [])))
    return tbl
