"""Narrative markup: a small Markdown subset for award-application responses (plain text is valid).

Blocks are separated by blank lines. A line starting with "- ", "* " or "• " is a bullet, "1. " a
numbered item; a line "[Figure: ID]" places figure ID (npmassess.figures). Inside text, **bold**
and *italic* (or _italic_); a backslash keeps the next character literal (\\* is a star).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
FIGURE = re.compile(r"^\s*\[Figure:\s*([^\]\s]+)\s*\]\s*$", re.IGNORECASE)
INLINE = re.compile(r"\\(.)|\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)",
                     re.DOTALL)


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    """kind: 'paragraph' (lines), 'bullets' or 'numbered' (items), or 'figure' (figure_id)."""

    kind: str
    items: list[list[Run]] = field(default_factory=list)  # one per line / list item
    figure_id: str = ""


def runs(text: str, bold: bool = False, italic: bool = False) -> list[Run]:
    """Inline markup of one line or item as styled runs (nesting: bold may hold italic)."""
    out: list[Run] = []
    pos = 0
    for m in INLINE.finditer(text):
        if m.start() > pos:
            out.append(Run(text[pos:m.start()], bold, italic))
        if m.group(1) is not None:
            out.append(Run(m.group(1), bold, italic))
        elif m.group(2) is not None:
            out.extend(runs(m.group(2), True, italic))
        else:
            out.extend(runs(m.group(3) if m.group(3) is not None else m.group(4), bold, True))
        pos = m.end()
    if pos < len(text):
        out.append(Run(text[pos:], bold, italic))
    merged: list[Run] = []
    for r in out:  # neighbours of the same style become one run
        if merged and (merged[-1].bold, merged[-1].italic) == (r.bold, r.italic):
            merged[-1] = Run(merged[-1].text + r.text, r.bold, r.italic)
        elif r.text:
            merged.append(r)
    return merged


def parse(text: str) -> list[Block]:
    """The narrative as blocks; consecutive list lines form one list, other lines one paragraph."""
    blocks: list[Block] = []
    current: Block | None = None
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            current = None
            continue
        fig = FIGURE.match(line)
        bullet, number = BULLET.match(line), NUMBERED.match(line)
        if fig:
            blocks.append(Block("figure", figure_id=fig.group(1)))
            current = None
        elif match := bullet or number:
            kind = "bullets" if bullet else "numbered"
            if current is None or current.kind != kind:
                current = Block(kind)
                blocks.append(current)
            current.items.append(runs(match.group(1 if bullet else 2).strip()))
        else:
            if current is None or current.kind != "paragraph":
                current = Block("paragraph")
                blocks.append(current)
            current.items.append(runs(line.strip()))
    return blocks


def plain(text: str) -> str:
    """The narrative without markup (bullets as '• ', figures as '[Figure ID]')."""
    out = []
    for block in parse(text):
        if block.kind == "figure":
            out.append(f"[Figure {block.figure_id}]")
            continue
        lines = ["".join(r.text for r in item) for item in block.items]
        if block.kind == "bullets":
            lines = [f"• {t}" for t in lines]
        elif block.kind == "numbered":
            lines = [f"{i}. {t}" for i, t in enumerate(lines, 1)]
        out.append("\n".join(lines))
    return "\n\n".join(out)


def word_count(text: str) -> int:
    """Words a reader sees (markup, bullets and figure places not counted)."""
    return sum(len("".join(r.text for r in item).split()) for b in parse(text) for item in b.items)


def figure_ids(text: str) -> list[str]:
    """Figures the narrative places, in order."""
    return [b.figure_id for b in parse(text) if b.kind == "figure"]


MENTION = re.compile(r"(\[Figure:\s*|\bFigures?\s+)([^\s\]),;:]+?)(?=[\s\]),;:]|\.(?:\s|$)|$)", re.IGNORECASE)


def named_figures(text: str) -> set[str]:
    """The figure numbers a text names, in "[Figure: N]" lines or "Figure N" mentions (lower case)."""
    return {m.group(2).lower() for m in MENTION.finditer(text or "")}


def renumber(text: str, mapping: dict[str, str]) -> str:
    """The text with figure numbers moved as mapping says, all at once ('7.1-3' -> '7.1-4' and '7.1-4' ->
    '7.1-5' never chain): in "[Figure: N]" lines and in mentions such as "(Figure N)" or "figure N"
    (the mentions named_figures finds)."""
    if not mapping or not text:
        return text
    return MENTION.sub(lambda m: m.group(1) + mapping.get(m.group(2), m.group(2)), text)


def _number_key(number: str) -> list:
    """Natural order of figure numbers ('7.1-2' before '7.1-10')."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in re.split(r"(\d+)", number) if p]


def place(text: str, figures: list) -> tuple[list[tuple[str, object]], list[str]]:
    """The narrative's pieces in reading order, with each figure where its "[Figure: NUMBER]" line puts it.

    Returns (pieces, unknown): pieces are ("text", str) (lines between markers), ("figure", Figure) and
    ("missing", number) for a marker naming no figure of the item (figures: anything with a .number, the
    team's Figure or exports.placement.RegisterFigure); figures no marker names follow the
    text in number order; unknown lists the missing numbers once each, in order. The PDF, the Word
    document and the page budget all lay out these pieces."""
    by_number = {str(f.number).strip().lower(): f for f in figures}
    pieces: list[tuple[str, object]] = []
    unknown: list[str] = []
    placed: set[int] = set()
    lines: list[str] = []
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        m = FIGURE.match(line)
        if not m:
            lines.append(line)
            continue
        if "\n".join(lines).strip():
            pieces.append(("text", "\n".join(lines)))
        lines = []
        fig = by_number.get(m.group(1).lower())
        if fig is None:
            pieces.append(("missing", m.group(1)))
            if m.group(1) not in unknown:
                unknown.append(m.group(1))
        elif id(fig) not in placed:  # a figure is shown once, where it is first named
            placed.add(id(fig))
            pieces.append(("figure", fig))
    if "\n".join(lines).strip():
        pieces.append(("text", "\n".join(lines)))
    rest = sorted((f for f in figures if id(f) not in placed), key=lambda f: _number_key(str(f.number)))
    return pieces + [("figure", f) for f in rest], unknown
