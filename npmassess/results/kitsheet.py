"""A scoring kit's "Measured results" sheet: what the register shows for each results node."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font

from npmassess import numbers
from npmassess.i18n import _, colon, current_language
from npmassess.results.stats import read
from npmassess.results.suggest import is_results_node, suggest

TITLE, BOLD = Font(bold=True, size=14, color="1F4E79"), Font(bold=True)
MUTED = Font(color="5C6B7A", italic=True)
WRAP = Alignment(wrap_text=True, vertical="top")
_CONTROL = {c: None for c in list(range(0, 9)) + [11, 12] + list(range(14, 32))}


def put(ws, row: int, column: int, value, font: Font | None = None):
    """One cell; text stays text (never a formula), control characters dropped."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value.translate(_CONTROL)[:32767]
        cell.data_type = "s"
    else:
        cell.value = value
    if font is not None:
        cell.font = font
    return cell


def kit_sheet(ws, fw, method_id: str, register) -> int:
    """A scoring kit's 'Measured results' sheet: per results node its measures' statements, recent
    values and the band they suggest (text only: the kit reader never reads it). Returns the rows."""
    put(ws, 1, 1, _("Measured results: what the results register shows for each results node"), TITLE)
    put(ws, 2, 1, _("A suggestion from the data, not a score: give your own score on the scoring sheet."), MUTED)
    lang = current_language()
    titles = {d.id: d.title() for d in fw.method(method_id).dimensions}
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 14, 60
    for c in range(3, 11):
        ws.column_dimensions[chr(64 + c)].width = 10
    row = 4
    for node in fw.scored_nodes():
        if not is_results_node(fw, node):
            continue
        measures = register.linked(fw.id, node.id)
        put(ws, row, 1, node.id, BOLD)
        put(ws, row, 2, node.title(), BOLD)
        row += 1
        for s in suggest(fw, method_id, node, register):
            text = f"{s.label} ({numbers.fmt(s.value, 'measure', lang)})" if s.value is not None else _("no suggestion")
            put(ws, row, 2, _("Suggestion for {dimension}: {value}. {reason}.").format(
                dimension=titles.get(s.dimension, s.dimension), value=text, reason=s.reason)).alignment = WRAP
            row += 1
        for m in measures:
            r = read(m)
            put(ws, row, 2, f"{m.name}" + (f" ({m.unit})" if m.unit else "") + f"{colon(lang)}{r.statement()}.").alignment = WRAP
            recent = [o for o in m.observations if o.actual is not None][-8:]
            for c, o in enumerate(recent, 3):
                put(ws, row, c, o.period)
                put(ws, row + 1, c, o.actual)
            row += 2
        if not measures:
            put(ws, row, 2, _("No measure of the register is linked to this node."), MUTED)
            row += 1
        row += 1
    return row
