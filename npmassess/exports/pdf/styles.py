"""Paragraph styles, safe paragraph builders and headings (with outline entries) for PDF exports."""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from npmassess.exports.common import clean
from npmassess.exports.pdf.fonts import fonts, markup

INK = colors.HexColor("#1f2933")
ACCENT = colors.HexColor("#1f4e79")
LIGHT = colors.HexColor("#e8eef5")
GRID = colors.HexColor("#b8c4d0")
MUTED = colors.HexColor("#5c6b7a")


def esc(text: object) -> str:
    """User text as safe Paragraph markup: escaped, control characters dropped, CJK runs switched."""
    s = escape(clean(text)).replace("\n", "<br/>")
    return markup(s)


WHITE = colors.white


def luminance(c: colors.Color) -> float:
    """WCAG relative luminance of a colour."""
    def ch(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * ch(c.red) + 0.7152 * ch(c.green) + 0.0722 * ch(c.blue)


def contrast(fg: colors.Color, bg: colors.Color) -> float:
    """WCAG contrast ratio of two colours (1 to 21; text needs at least 4.5)."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_on(bg: colors.Color) -> colors.Color:
    """The text colour (our dark ink, black or white) with the best contrast on a coloured ground."""
    return max((INK, colors.black, WHITE), key=lambda fg: contrast(fg, bg))


def hexcolour(value: str, default: str = "#cccccc") -> colors.Color:
    try:
        return colors.HexColor(value or default)
    except (ValueError, TypeError):
        return colors.HexColor(default)


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    f = fonts()
    base = ParagraphStyle("body", fontName=f.body, fontSize=9.5, leading=12.5, textColor=INK, spaceAfter=4)
    s = {"body": base}
    s["small"] = ParagraphStyle("small", base, fontSize=8, leading=10, spaceAfter=0)
    s["cell"] = ParagraphStyle("cell", base, fontSize=8.5, leading=10.5, spaceAfter=0)
    s["cellb"] = ParagraphStyle("cellb", s["cell"], fontName=f.bold)
    s["head"] = ParagraphStyle("head", s["cell"], fontName=f.bold, textColor=colors.white)
    s["muted"] = ParagraphStyle("muted", base, textColor=MUTED, fontSize=8.5, leading=11)
    s["h1"] = ParagraphStyle("h1", base, fontName=f.bold, fontSize=17, leading=21, textColor=ACCENT,
                             spaceBefore=4, spaceAfter=10)
    s["h2"] = ParagraphStyle("h2", base, fontName=f.bold, fontSize=13, leading=16, textColor=ACCENT,
                             spaceBefore=10, spaceAfter=6)
    s["h3"] = ParagraphStyle("h3", base, fontName=f.bold, fontSize=10.5, leading=13, spaceBefore=8, spaceAfter=3)
    s["label"] = ParagraphStyle("label", base, fontName=f.bold, fontSize=9, leading=12, spaceBefore=4,
                                spaceAfter=1, textColor=ACCENT)
    s["notes"] = ParagraphStyle("notes", base, fontSize=8.8, leading=11.2, leftIndent=10, spaceAfter=3)
    s["title"] = ParagraphStyle("title", base, fontName=f.bold, fontSize=26, leading=32, textColor=ACCENT,
                                spaceAfter=14)
    s["subtitle"] = ParagraphStyle("subtitle", base, fontSize=14, leading=19, textColor=INK, spaceAfter=6)
    s["caption"] = ParagraphStyle("caption", base, fontSize=8, leading=10, textColor=MUTED, alignment=TA_CENTER)
    for name in ("h1", "h2", "h3", "label"):  # a heading never ends a page without what it heads
        keep_with_next(s[name])
    return s


def P(text: object, style: str = "body") -> Paragraph:
    """A paragraph of user (or any) text, escaped."""
    return Paragraph(esc(text), styles()[style])


def M(markup_text: str, style: str = "body") -> Paragraph:
    """A paragraph of markup we built ourselves (user parts already passed through esc)."""
    return Paragraph(markup_text, styles()[style])


class Heading(Paragraph):
    """A heading that adds a bookmark and a PDF outline entry when drawn."""

    def __init__(self, text: str, style: str, level: int, key: str):
        super().__init__(esc(text), styles()[style])
        self.outline = (clean(text)[:200], level, key)


def keep_with_next(style: ParagraphStyle) -> ParagraphStyle:
    style.keepWithNext = 1
    return style
