"""A fast plain-text flowable for user text: cached word widths, per-run font fallback, line splitting.

reportlab's Paragraph parses markup and measures every word of every paragraph in pure Python, and
splitting a long Paragraph at a page end re-wraps it; for hundreds of pages of notes (or a long
narrative) that dominates the export time. User text is plain text, so TextBlock wraps it itself
(word widths cached per font), switches to the CJK fallback font for characters the body font
lacks (see fonts.py), breaks lines between CJK characters and inside over-long words, splits
between lines at page ends and draws each line with one text object. No markup is ever parsed,
so '<', '&' and tags print literally.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from npmassess.exports.common import clean
from npmassess.exports.pdf.fonts import _cjk_map, cjk_font, fonts, in_body

_WIDTHS: dict[tuple[str, float, str], float] = {}


def clear_widths() -> None:
    """Forget measured word widths (after the fonts changed)."""
    _WIDTHS.clear()
Line = tuple[float, list[tuple[str, str]]]  # x offset, [(font, text), ...]


def _width(word: str, font: str, size: float) -> float:
    key = (font, size, word)
    w = _WIDTHS.get(key)
    if w is None:
        if len(_WIDTHS) > 200_000:
            _WIDTHS.clear()
        w = _WIDTHS[key] = stringWidth(word, font, size)
    return w


def _font_of(ch: str, body: str) -> str:
    if ch.isascii() or in_body(ch):
        return body
    name = cjk_font()
    return name if name and ord(ch) in _cjk_map() else body


def _tokens(para: str, body: str) -> list[tuple[str, str, bool]]:
    """(text, font, space before) pieces; each fallback (CJK) character is its own piece."""
    if para.isascii() or all(ch.isascii() or in_body(ch) for ch in para):  # the common case, fast
        out, space = [], False
        for word in para.split(" "):
            if word:
                out.append((word, body, space))
            space = True
        return out
    out = []
    cur, cur_font, space = "", body, False
    for ch in para:
        if ch == " ":
            if cur:
                out.append((cur, cur_font, space))
                cur = ""
            space = True
            continue
        f = _font_of(ch, body)
        if f != body:
            if cur:
                out.append((cur, cur_font, space))
                cur, space = "", False
            out.append((ch, f, space))
            space = False
        else:
            if cur and cur_font != f:
                out.append((cur, cur_font, space))
                cur, space = "", False
            cur, cur_font = cur + ch, f
    if cur:
        out.append((cur, cur_font, space))
    return out


def _break_token(text: str, font: str, size: float, width: float) -> list[str]:
    """Cut a word longer than the line into pieces that fit (linear: widths added per character)."""
    out, cur, w = [], "", 0.0
    for ch in text:
        cw = _width(ch, font, size)
        if cur and w + cw > width:
            out.append(cur)
            cur, w = ch, cw
        else:
            cur, w = cur + ch, w + cw
    return out + ([cur] if cur else [])


def wrap_runs(text: str, body: str, size: float, width: float) -> list[list[tuple[str, str]]]:
    """Lines of (font, text) runs wrapped to width; newlines are kept as line breaks."""
    return wrap_styled([(body, text)], size, width)


def _styled_tokens(styled: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """The tokens of runs in their own fonts (bold, italic); a space at a run's end goes to the next word."""
    out: list[tuple[str, str, bool]] = []
    pending = False
    for font, text in styled:
        toks = _tokens(text, font)
        if toks and pending and not toks[0][2]:
            toks[0] = (toks[0][0], toks[0][1], True)
        out += toks
        pending = text.endswith(" ") or (pending and not toks)
    return out


def wrap_styled(styled: list[tuple[str, str]], size: float, width: float) -> list[list[tuple[str, str]]]:
    """Lines of (font, text) runs wrapped to width from runs of (font, text); newlines break lines."""
    lines: list[list[tuple[str, str]]] = []
    width = max(width, size)  # never loop on an impossible width
    paras: list[list[tuple[str, str]]] = [[]]
    for font, text in styled:
        for k, part in enumerate(text.split("\n")):
            if k:
                paras.append([])
            paras[-1].append((font, part))
    for para in paras:
        line: list[tuple[str, str]] = []
        used = 0.0
        for tok, font, space in _styled_tokens(para):
            gap = _width(" ", font, size) if space and line else 0.0
            w = _width(tok, font, size)
            if w > width:
                pieces = _break_token(tok, font, size, width)
                for piece in pieces[:-1]:
                    if line:
                        lines.append(line)
                    lines.append([(font, piece)])
                    line, used = [], 0.0
                tok, w, gap = pieces[-1], _width(pieces[-1], font, size), 0.0
                if line:
                    lines.append(line)
                    line, used = [], 0.0
            if line and used + gap + w > width:
                lines.append(line)
                line, used, gap = [], 0.0, 0.0
            piece = (" " if gap else "") + tok
            if line and line[-1][0] == font:
                line[-1] = (font, line[-1][1] + piece)
            else:
                line.append((font, piece))
            used += gap + w
        lines.append(line)
    return lines


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Plain lines of text wrapped to width (one font)."""
    return ["".join(t for _, t in line) for line in wrap_runs(text, font, size, width)]


class TextBlock(Flowable):
    """Lines of plain text: an optional bold title line, then items (bulleted or not) with a hanging indent."""

    def __init__(self, title: str | None, items: list | None, size: float = 8.8, leading: float = 11.2,
                 indent: float = 10, bullet: str = "•", space_after: float = 3, colour=None,
                 _lines: list[Line] | None = None, bold: bool = False, family: tuple[str, str] | None = None):
        super().__init__()
        self.family = family  # (regular, bold) font names; the house fonts when None
        self.title, self.items, self.size, self.leading = title, items, size, leading
        self.indent, self.bullet, self.space_after, self.colour = indent, bullet, space_after, colour
        self.bold = bold
        self._lines: list[Line] = _lines if _lines is not None else []  # items: laid out in wrap()
        self._width: float | None = None

    def _layout(self, aw: float) -> list[Line]:
        body, bold = self.family or (fonts().body, fonts().bold)
        out: list[Line] = []
        if self.title:
            for runs in wrap_runs(clean(self.title), bold, self.size, aw - self.indent):
                out.append((self.indent, runs))
        font = bold if self.bold else body
        hang = self.indent + (_width(self.bullet + " ", font, self.size) if self.bullet else 0)
        for item in self.items or ():
            styled = [(font, clean(item))] if isinstance(item, str) else [(f, clean(t)) for f, t in item]
            for i, runs in enumerate(wrap_styled([(f, t.replace("\t", " ")) for f, t in styled], self.size,
                                                 aw - hang)):
                if i == 0 and self.bullet:
                    if runs and runs[0][0] == font:  # one run per font keeps the PDF operators few
                        runs = [(font, f"{self.bullet} {runs[0][1]}")] + runs[1:]
                    else:
                        runs = [(font, self.bullet + " ")] + runs
                    out.append((self.indent, runs))
                else:
                    out.append((hang, runs))
        return out

    def wrap(self, aw: float, ah: float):
        if self._width != aw and self.items is not None:
            self._lines = self._layout(aw)
        self._width = aw
        self.width, self.height = aw, len(self._lines) * self.leading
        return aw, self.height

    def getSpaceAfter(self) -> float:
        return self.space_after

    def split(self, aw: float, ah: float):
        self.wrap(aw, ah)
        n = min(int(ah // self.leading), len(self._lines) - 1)
        # keep together: never a lone first line (an author's name without its first note) at a page foot
        if len(self._lines) - n < 2:  # and never a lone last line at the top of the next page
            n = len(self._lines) - 2
        if n < 2:
            return []
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
        for x, runs in self._lines:
            if x != line_x:  # relative moves: far fewer numbers to format than absolute origins
                t.moveCursor(x - line_x, 0)
                line_x = x
            last = len(runs) - 1
            for k, (font, text) in enumerate(runs):
                if font != current:
                    t.setFont(font, self.size, self.leading)
                    current = font
                if k < last:
                    t.textOut(text)
                else:
                    t.textLine(text)
            if not runs:
                t.textLine("")
        canv.drawText(t)


def drawable(text: str) -> bool:
    """True when the body font has every character of the text (no fallback font needed)."""
    return text.isascii() or all(ch.isascii() or in_body(ch) for ch in text)


def note_block(title: str | None, items: list[str], style, colour=None) -> Flowable:
    """A bulleted block of notes under a bold title (the author)."""
    return TextBlock(title, list(items), style.fontSize, style.leading, style.leftIndent,
                     space_after=style.spaceAfter, colour=colour)


CELL_LIMIT = 2500  # characters: a table row must fit on one page, so longer cell text is shortened


def shorten(s: str, limit: int = CELL_LIMIT) -> str:
    if len(s) <= limit:
        return s
    from npmassess.i18n import _
    return s[:limit].rstrip() + " " + _("[…shortened: {n} more characters; the Excel workbook has the full text]").format(
        n=len(s) - limit)


def cell(text: object, bold: bool = False, colour=None, size: float = 8.5) -> Flowable:
    """A table cell of plain text (shortened past CELL_LIMIT characters)."""
    return TextBlock(None, [shorten(clean(text))], size, size * 1.24, 0, "", 0, colour, bold=bold)


def head_cell(text: object, colour=None) -> Flowable:
    """A table header cell: bold, wrapped between words (white on the accent ground unless told)."""
    from reportlab.lib import colors
    return TextBlock(None, [clean(text)], 7, 8.6, 0, "", 0, colour or colors.white, bold=True)
