"""Adding, replacing and removing a node's figures: the rules the figure dialog and the `figure` command share.

The next free number, values typed with a point or a comma, a table read from a CSV file, the check
that a chart's values are numbers, and the writes themselves (Store.set_figures, one transaction,
the image stored with its figure). Every refusal is one line naming the file, field or value.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from typing import Any

from npmassess.errors import NotFound, ValidationError
from npmassess.fsutil import describe_os_error
from npmassess.figures import CHART_NAMES, MAX_COLUMNS, MAX_ROWS, Figure, check
from npmassess.i18n import N_, _, ngettext

MAX_TABLE_BYTES = 1024 * 1024  # a figure's table is small: a CSV file above 1 MB is not one
FIELD_NAMES = (N_("node"), N_("number"), N_("position"), N_("figure"))  # the fields a refusal names


def next_number(node_id: str, figures: list[Figure]) -> str:
    """The number a new figure of the node gets: '<node>-<n>', the first n after the count not yet used."""
    used = {f.number for f in figures}
    n = len(figures) + 1
    while f"{node_id}-{n}" in used:
        n += 1
    return f"{node_id}-{n}"


def summary(fig: Figure) -> str:
    """What a figure is, in a few words: its caption and kind ('“Engagement” (line chart, 4 rows)')."""
    caption = " ".join(fig.caption.split())
    caption = f"“{caption[:60]}…”" if len(caption) > 60 else f"“{caption}”"
    if fig.is_image:
        what = _("image, {w} x {h} pixels").format(w=fig.width, h=fig.height)
    else:
        rows = ngettext("{n} row", "{n} rows", len(fig.rows)).format(n=len(fig.rows))
        what = f"{_(CHART_NAMES.get(fig.chart, fig.chart)).lower()}, {rows}"
    return f"{caption} ({what})"


def parse_value(text: str) -> float | str | None:
    """A typed value: a number (with a point or a comma), None when empty, else the text itself."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def problem(fig: Figure) -> str | None:
    """Why the figure cannot be drawn (values of a chart that are not numbers first), or None."""
    bad = [f"{fig.columns[c] if c < len(fig.columns) and fig.columns[c] else c + 1} {r[c]!r}"
           for r in fig.rows for c in range(1, len(r)) if isinstance(r[c], str)]
    if bad and fig.chart in ("bar", "line"):
        return _("Figure {n}: these values are not numbers: {bad}").format(n=fig.number or "?", bad=", ".join(bad[:5]))
    return check(fig)


def read_table(path: os.PathLike | str) -> tuple[list[str], list[list[Any]]]:
    """(column names, rows) from a CSV file: first row the names, then the first column the category and
    one column per series (comma, semicolon or tab separated); ValidationError naming the file and line."""
    name = os.fspath(path)
    try:
        if os.path.getsize(name) > MAX_TABLE_BYTES:
            raise ValidationError(name, _("is larger than 1 MB; a figure's table has at most {rows} rows and "
                                          "{columns} columns").format(rows=MAX_ROWS, columns=MAX_COLUMNS))
        with open(name, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise ValidationError(name, _("cannot be read ({problem})").format(problem=describe_os_error(exc, reading=True))) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(name, _("is not UTF-8 text; save the table as CSV (UTF-8)")) from None
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines = [row for row in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in row)]
    if not lines:
        raise ValidationError(name, _("is empty; its first line names the columns (for example Year,Value)"))
    columns = [c.strip() for c in lines[0]]
    while columns and not columns[-1]:
        columns.pop()
    if len(lines) - 1 > MAX_ROWS or len(columns) > MAX_COLUMNS:
        raise ValidationError(name, _("has {rows} rows and {columns} columns; a figure has at most {max_rows} rows and "
                                      "{max_columns} columns").format(rows=len(lines) - 1, columns=len(columns),
                                                                      max_rows=MAX_ROWS, max_columns=MAX_COLUMNS))
    rows: list[list[Any]] = []
    for i, line in enumerate(lines[1:], 2):
        cells = [c.strip() for c in line]
        while len(cells) > len(columns) and not cells[-1]:
            cells.pop()
        if len(cells) > len(columns):
            raise ValidationError(_("{file}, line {line}").format(file=name, line=i), _(
                "has {n} values but the first line names {m} columns").format(n=len(cells), m=len(columns)))
        cells += [""] * (len(columns) - len(cells))
        rows.append([cells[0]] + [parse_value(c) for c in cells[1:]])
    return columns, rows


def check_node(store, assessment_id: str, node_id: str) -> str:
    """The node id when the assessment's framework has it; ValidationError naming it otherwise."""
    fw = store.framework_of(assessment_id)
    if not any(n.id == node_id for n in fw.nodes()):
        raise ValidationError("node", _("'{node}' is not a node of {framework}").format(node=node_id, framework=fw.key))
    return node_id


def figures_of(store, assessment_id: str, node_id: str | None = None) -> dict[str, list[Figure]]:
    """node -> figures of an assessment (only that node's with node_id), in framework order."""
    a = store.load(assessment_id)
    order = {n.id: i for i, n in enumerate(store.framework_of(a).nodes())}
    found = {n: figs for n, figs in a.figures.items() if figs and (node_id is None or n == node_id)}
    return dict(sorted(found.items(), key=lambda kv: order.get(kv[0], len(order))))


@dataclass(frozen=True)
class FiguresSaved:
    """What saving a node's figures did beyond the figures: the register's numbers that moved (old -> new,
    the narrative followed) and removed figures the narrative still names (it now names another or none)."""

    moved: dict[str, str] = field(default_factory=dict)
    dangling: list[str] = field(default_factory=list)


def set_item_figures(store, assessment_id: str, node_id: str, figures: list[Figure],
                     images: dict[str, bytes] | None = None) -> FiguresSaved:
    """Replace a node's figures in one transaction. On a results item the register's figures are numbered
    after the team's, so a figure added or removed moves theirs (7.1-3 becomes 7.1-4): the narrative's
    "[Figure: N]" markers and "Figure N" mentions move with them in the same commit."""
    from npmassess.figure_numbers import renumbered_narrative
    from npmassess.narrative import named_figures
    from npmassess.results.figures import results_data
    from npmassess.results.nodes import is_results_node
    with store.transaction():
        a = store.load(assessment_id)
        fw = store.framework_of(a)
        node = fw.node(node_id)
        text, moved = a.narratives.get(node_id, ""), dict[str, str]()
        if is_results_node(fw, node):
            text, moved = renumbered_narrative(a, fw, node, results_data(store, assessment_id), figures)
        store.set_figures(assessment_id, node_id, figures, images)
        if text != a.narratives.get(node_id, ""):
            store.set_narrative(assessment_id, node_id, text)
    kept = {str(f.number).lower() for f in figures}
    named = named_figures(a.narratives.get(node_id, ""))  # as the text read before any number moved
    dangling = [str(f.number) for f in a.figures.get(node_id, [])
                if str(f.number).lower() not in kept and str(f.number).lower() in named]
    return FiguresSaved(moved, dangling)


def add_figure(store, assessment_id: str, node_id: str, fig: Figure, images: dict[str, bytes] | None = None,
               replace: bool = False, position: int | None = None) -> list[Figure]:
    """Add a figure to a node (or, with replace, put it in place of the one with its number); returns the
    node's figures before (for undo). position: 1-based place among the node's figures (default: last)."""
    check_node(store, assessment_id, node_id)
    msg = problem(fig)
    if msg:
        raise ValidationError("figure", msg)
    with store.transaction():  # read and write as one: another program's figure is never overwritten
        figs = list(store.load(assessment_id).figures.get(node_id, []))
        old = list(figs)
        same = [i for i, f in enumerate(figs) if f.number == fig.number]
        if same and not replace:
            raise ValidationError("number", _("{node} already has a figure {number}; choose another number or "
                                              "replace it").format(node=node_id, number=fig.number))
        if same:
            figs[same[0]] = fig
        else:
            if position is not None and not 1 <= position <= len(figs) + 1:
                raise ValidationError("position", _("must be between 1 and {n}, not {value}").format(
                    n=len(figs) + 1, value=position))
            figs.insert(len(figs) if position is None else position - 1, fig)
        set_item_figures(store, assessment_id, node_id, figs, images)  # the register's numbers move with the text
        return old


def remove_figure(store, assessment_id: str, node_id: str, number: str) -> Figure:
    """Remove a node's figure by its number; returns it. NotFound naming the number and the node's figures."""
    check_node(store, assessment_id, node_id)
    with store.transaction():
        figs = list(store.load(assessment_id).figures.get(node_id, []))
        gone = next((f for f in figs if f.number == number), None)
        if gone is None:
            there = ", ".join(f.number for f in figs) or _("none")
            raise NotFound(_("{node} has no figure {number} (its figures: {there}).").format(
                node=node_id, number=number, there=there))
        set_item_figures(store, assessment_id, node_id, [f for f in figs if f is not gone])
    return gone
