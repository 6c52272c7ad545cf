"""Figures attached to a narrative (award application results, organisation chart): one model for every output.

A figure is a small table of values plus how to show it: a chart type, the team's own number
("7.1-1"), a caption and an alternative text for readers who cannot see the chart. The PDF and
Word exports draw the chart and print the table under it; the GUI edits the same objects.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from npmassess.i18n import N_, _, current_language

CHARTS = ("bar", "line", "table", "org", "image")  # org: rows are (unit, reports to) pairs
CHART_NAMES = {"bar": N_("Bar chart"), "line": N_("Line chart"), "table": N_("Table only"),
               "org": N_("Organisation chart"), "image": N_("Image (PNG or JPEG)")}
MAX_ROWS, MAX_COLUMNS = 60, 12
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Figure:
    number: str  # as the team numbers it, e.g. "7.1-1"
    caption: str
    chart: str = "bar"
    columns: list[str] = field(default_factory=list)  # first column: the category (year, unit...)
    rows: list[list] = field(default_factory=list)  # values: text in column 0, numbers after (or None)
    alt: str = ""  # alternative text; a generated description is used when empty
    source: str = ""  # where the data come from
    image: str = ""  # chart "image": the SHA-256 of its PNG or JPEG (stored once, npmassess.figure_images)
    width: int = 0  # the image's size in pixels (the exports scale it to the text width)
    height: int = 0

    @property
    def is_image(self) -> bool:
        return self.chart == "image"

    def series(self) -> list[tuple[str, list[float | None]]]:
        """(column name, values) for every value column."""
        return [(name, [_num(r[i]) if i < len(r) else None for r in self.rows])
                for i, name in enumerate(self.columns[1:], 1)]

    def categories(self) -> list[str]:
        return [str(r[0]) if r else "" for r in self.rows]

    def alt_text(self) -> str:
        """The alternative text: the team's, or one that says what the chart shows."""
        if self.alt.strip():
            return self.alt.strip()
        if self.is_image:
            return _("Image: {caption}.").format(caption=self.caption)
        from npmassess.i18n import labelled
        from npmassess.numbers import fmt
        if self.chart == "org":
            return _("Organisation chart: {n} units.").format(n=len(self.rows)) + " " + "; ".join(
                _("{unit} reports to {head}").format(unit=r[0], head=r[1]) for r in self.rows if len(r) > 1 and r[1])
        parts = []
        lang = current_language()
        for name, values in self.series():
            shown = [f"{c} {fmt(v, 'measure', lang, decimals=6)}" for c, v in zip(self.categories(), values)
                     if v is not None]
            parts.append(labelled(name, ", ".join(shown)))
        return _("{chart}, {caption}.").format(chart=_(CHART_NAMES.get(self.chart, self.chart)),
                                                caption=self.caption) + " " + "; ".join(parts)


def _num(v) -> float | None:
    if v is None or v == "":
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def check(fig: Figure) -> str | None:
    """A one-line message if the figure cannot be drawn, else None."""
    if fig.chart not in CHARTS:
        return _("figure {n}: chart must be one of {kinds}, not '{kind}'").format(
            n=fig.number, kinds=", ".join(CHARTS), kind=fig.chart)
    if not fig.number.strip():
        return _("a figure needs a number (e.g. 7.1-1)")
    if fig.is_image:
        if not _DIGEST.match(fig.image or "") or fig.width <= 0 or fig.height <= 0:
            return _("figure {n}: an image figure needs its PNG or JPEG image").format(n=fig.number)
        return None
    if len(fig.rows) > MAX_ROWS or len(fig.columns) > MAX_COLUMNS:
        return _("figure {n}: at most {rows} rows and {columns} columns").format(
            n=fig.number, rows=MAX_ROWS, columns=MAX_COLUMNS)
    if fig.chart in ("bar", "line") and (len(fig.columns) < 2 or not fig.rows):
        return _("figure {n}: a {kind} needs a category column, a value column and rows").format(
            n=fig.number, kind=_(CHART_NAMES[fig.chart]).lower())
    return None


def as_dict(fig: Figure) -> dict:
    """The figure as stored and exchanged (a chart's figure has no image fields)."""
    d = asdict(fig)
    if not fig.is_image:
        for key in ("image", "width", "height"):
            d.pop(key)
    return d


def to_json(figures: list[Figure]) -> str:
    import json  # here: opening the store and listing assessments need no JSON
    return json.dumps([as_dict(f) for f in figures], ensure_ascii=False)


def from_json(text: str | None) -> list[Figure]:
    """Figures from their stored JSON (an empty list for nothing or bad data)."""
    if not text:
        return []
    import json
    try:
        items = json.loads(text)
    except ValueError:
        return []
    out = []
    for d in items if isinstance(items, list) else []:
        if isinstance(d, dict) and "number" in d:
            out.append(Figure(str(d.get("number", "")), str(d.get("caption", "")), str(d.get("chart", "bar")),
                              [str(c) for c in d.get("columns", [])], [list(r) for r in d.get("rows", [])],
                              str(d.get("alt", "")), str(d.get("source", "")), str(d.get("image") or ""),
                              _int(d.get("width")), _int(d.get("height"))))
    return out


def _int(v) -> int:
    return v if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 1_000_000 else 0


def image_digests(figures: dict[str, list[Figure]]) -> set[str]:
    """The SHA-256 of every image the figures show."""
    return {f.image for figs in figures.values() for f in figs if f.is_image and f.image}
