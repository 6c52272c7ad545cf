"""A fast plain-text flowable for bulk notes: cached word widths, line-level splitting, no markup.

reportlab's Paragraph parses markup and measures every word of every paragraph in pure Python;
for hundreds of pages of notes that dominates the export time. Notes are plain text, so this
flowable wraps them itself (word widths cached per font), splits between lines at page ends and
draws with one text object. Text the body font cannot draw (CJK) goes through Paragraph instead,
which can switch fonts per run (see fonts.markup); :func:`note_block` picks the right one.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from .common import clean
from .fonts import fonts, in_body

_WIDTHS: dict[tuple[str, float, str], float] = {}


def _width(word: str, font: str, size: float) -> float:
    key = (font, size, word)
    w = _WIDTHS.get(key)
    if w is None:
        if len(_WIDTHS) > 200_000:
            _WIDTHS.clear()
        w = _WIDTHS[key] = stringWidth(word, font, size)
    return w


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """Cut a word longer than the line into pieces that fit (very long URLs, hostile input)."""
    out, cur = [], ""
    for ch in word:
        if cur and stringWidth(cur + ch, font, size) > width:
            out.append(cur)
            cur = ch
        else:
            cur += ch
    return out + ([cur] if cur else [])


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of text wrapped to width (newlines kept as line breaks)."""
    lines: list[str] = []
    space = _width(" ", font, size)
    for para in text.split("\n"):
        cur: list[str] = []
        cur_w = 0.0
        for word in para.split(" "):
            w = _width(word, font, size)
            if w > width:
                pieces = _break_word(word, font, size, width)
                if cur:
                    lines.append(" ".join(cur))
                lines.extend(pieces[:-1])
                cur, cur_w = [pieces[-1]] if pieces else [], _width(pieces[-1], font, size) if pieces else 0.0
                continue
            add = w + (space if cur else 0.0)
            if cur and cur_w + add > width:
                lines.append(" ".join(cur))
                cur, cur_w = [word], w
            else:
                cur.append(word)
                cur_w += add
        lines.append(" ".join(cur))
    return lines


class TextBlock(Flowable):
    """Lines of plain text: an optional bold title line, then bullet items with a hanging indent."""

    def __init__(self, title: str | None, items: list[str], size: float = 8.8, leading: float = 11.2,
                 indent: float = 10, bullet: str = "•", space_after: float = 3, colour=None,
                 _lines: list[tuple[float, str, str]] | None = None, bold: bool = False):
        super().__init__()
        self.bold = bold
        self.title, self.items, self.size, self.leading = title, items, size, leading
        self.indent, self.bullet, self.space_after, self.colour = indent, bullet, space_after, colour
        self._lines = _lines
        self._width = None

    def _layout(self, aw: float) -> list[tuple[float, str, str]]:
        f = fonts()
        out: list[tuple[float, str, str]] = []
        if self.title:
            for ln in wrap_text(self.title, f.bold, self.size, aw - self.indent):
                out.append((self.indent, f.bold, ln))
        font = f.bold if self.bold else f.body
        hang = self.indent + (_width(self.bullet + " ", font, self.size) if self.bullet else 0)
        for item in self.items:
            for i, ln in enumerate(wrap_text(item, font, self.size, aw - hang)):
                if i == 0 and self.bullet:
                    out.append((self.indent, font, f"{self.bullet} {ln}"))
                else:
                    out.append((hang, font, ln))
        return out

    def wrap(self, aw: float, ah: float):
        if self._lines is None or self._width != aw:
            if self.items is not None:
                self._lines = self._layout(aw)
            self._width = aw
        self.width, self.height = aw, len(self._lines) * self.leading
        return aw, self.height

    def getSpaceAfter(self) -> float:
        return self.space_after

    def split(self, aw: float, ah: float):
        self.wrap(aw, ah)
        n = int(ah // self.leading)
        if n < 2 or len(self._lines) - n < 1:  # keep at least two lines on each side when possible
            return []
        n = min(n, len(self._lines) - 1)
        first = TextBlock(None, None, self.size, self.leading, self.indent, self.bullet, 0, self.colour,
                          self._lines[:n], self.bold)
        rest = TextBlock(None, None, self.size, self.leading, self.indent, self.bullet, self.space_after,
                         self.colour, self._lines[n:], self.bold)
        return [first, rest]

    def draw(self) -> None:
        canv = self.canv
        if self.colour is not None:
            canv.setFillColor(self.colour)
        t = canv.beginText()
        current, line_x = None, 0.0
        t.setTextOrigin(0, self.height - self.size)
        for x, font, text in self._lines:
            if font != current:
                t.setFont(font, self.size, self.leading)
                current = font
            if x != line_x:  # relative moves: far fewer numbers to format than absolute origins
                t.moveCursor(x - line_x, 0)
                line_x = x
            t.textLine(text)
        canv.drawText(t)


def drawable(text: str) -> bool:
    """True when the body font has every character of the text (then TextBlock can draw it)."""
    return text.isascii() or all(ch.isascii() or in_body(ch) for ch in text)


def note_block(title: str | None, items: list[str], style, colour=None) -> Flowable:
    """TextBlock when the body font covers the text, else a Paragraph with per-run font fallback."""
    from .pdf_styles import esc
    title_c = clean(title) if title else None
    items_c = [clean(x).replace("\t", " ") for x in items]
    if all(drawable(x) for x in items_c) and (title_c is None or drawable(title_c)):
        return TextBlock(title_c, items_c, style.fontSize, style.leading, style.leftIndent,
                         space_after=style.spaceAfter, colour=colour)
    head = f"<b>{esc(title_c)}</b><br/>" if title_c else ""
    return Paragraph(head + "<br/>".join(f"• {esc(x)}" for x in items_c), style)


def cell(text: object, bold: bool = False) -> Flowable:
    """A table cell of plain text: TextBlock when the body font covers it, else an escaped Paragraph."""
    from .pdf_styles import P
    s = clean(text).replace("\t", " ")
    if drawable(s):
        return TextBlock(None, [s], 8.5, 10.5, 0, "", 0, None, bold=bold)
    return P(s, "cellb" if bold else "cell")
