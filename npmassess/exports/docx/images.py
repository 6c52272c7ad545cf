"""Chart images for Word documents, drawn with Pillow (already installed with reportlab): bars, lines, radar.

Word needs pictures; reportlab's bitmap renderer needs rlPyCairo, which we do not ship, and a
plotting library would be a heavy dependency for four simple chart types. Pillow draws them at
2x resolution with the same fonts and colours as the PDF.
"""

from __future__ import annotations

import io
import math
import struct

from PIL import Image, ImageDraw, ImageFont

from npmassess import numbers
from npmassess.exports.pdf.fonts import BODY_FILES, find_font

ACCENT = (31, 78, 121)
GRID = (184, 196, 208)
INK = (31, 41, 51)
SERIES = [ACCENT, (156, 74, 0), (47, 133, 90), (107, 70, 193), (74, 85, 104)]
SCALE = 2  # pixels per point, for a sharp print
MAX_IMAGE_HEIGHT_IN = 6.7  # an image figure, caption and source fit one Letter or A4 page (as in the PDF)


def word_ready(data: bytes) -> bytes:
    """An image figure's bytes as Word can embed them: as they are, or as PNG when python-docx cannot read the
    header (a JPEG without a JFIF or Exif segment, such as Adobe CMYK files)."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image as DocxImage
    try:
        DocxImage.from_blob(data)
        return data
    except (UnrecognizedImageError, ValueError, struct.error):
        pass
    with Image.open(io.BytesIO(data)) as im:
        return _png(im.convert("RGBA" if "A" in im.getbands() else "RGB"))


def text_width_in(doc) -> float:
    """The width of the text of the document's last section, in inches (page width minus margins)."""
    section = doc.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / 914400


def _font(size: float, bold: bool = False) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    path = find_font(BODY_FILES["-Bold" if bold else ""])
    try:
        return ImageFont.truetype(str(path), int(size * SCALE)) if path else ImageFont.load_default()
    except OSError:
        return ImageFont.load_default()


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def _nice_top(value: float) -> tuple[float, float]:
    from npmassess.exports.pdf.charts import _nice_top as nice
    return nice(value)


def shown_labels(widths: list[float], slot: float, gap: float) -> list[int]:
    """Which category labels an axis can show, centred in slots of that width, without two touching:
    every k-th from the last (the latest period is the one a reader looks for), k as small as fits."""
    if not widths:
        return []
    k = max(1, math.ceil((max(widths) + gap) / slot)) if slot > 0 else len(widths)
    return sorted(range(len(widths) - 1, -1, -k))


def bars(categories: list[str], series: list[tuple[str, list[float | None]]], top: float | None = None,
         width: float = 420, height: float = 220, line: bool = False, span: tuple[float, float] | None = None) -> bytes:
    """A bar (or line) chart with a value axis, gridlines, category labels and a legend.

    span: (low, high) of a line chart's value axis, rounded out to nice steps (None: from zero)."""
    W, H = int(width * SCALE), int(height * SCALE)
    img = Image.new("RGB", (W, H), "white")
    d = ImageDraw.Draw(img)
    small = _font(8)
    values = [v for _, vals in series for v in vals if v is not None]
    top, step = (top, top / 5) if top else _nice_top(max(values + [1]))
    low = 0.0
    if span and line:
        _top, step = _nice_top(max(span[1] - span[0], 1e-9))
        step = step or 1.0
        low = math.floor(span[0] / step) * step
        top = max(math.ceil(span[1] / step) * step, low + step)
    left, right, bottom, head = 40 * SCALE, 10 * SCALE, 34 * SCALE, 22 * SCALE
    pw, ph = W - left - right, H - bottom - head
    k = low
    while k <= top + 1e-9:
        y = head + ph - ph * (k - low) / (top - low)
        d.line([(left, y), (left + pw, y)], fill=GRID, width=1)
        d.text((left - 4 * SCALE, y), numbers.fmt(k, "measure"), fill=INK, font=small, anchor="rm")
        k += step
    n, m = max(len(categories), 1), max(len(series), 1)
    slot = pw / n
    cats = [c[:14] for c in categories]
    axis = small
    widths = [d.textlength(c, font=axis) for c in cats]
    if len(shown_labels(widths, slot, 2 * SCALE)) < len(cats):  # a point smaller before leaving any label out
        axis = _font(7)
        widths = [d.textlength(c, font=axis) for c in cats]
    edge = math.inf  # left end of the label drawn last (they are drawn from the latest back)
    for i in reversed(shown_labels(widths, slot, 2 * SCALE)):  # centred under its point, inside the picture
        x = min(max(left + slot * (i + 0.5), widths[i] / 2 + 2), W - widths[i] / 2 - 2)
        if x + widths[i] / 2 + 2 * SCALE > edge:
            continue  # the latest label moved in from the edge: its neighbour gives way
        d.text((x, head + ph + 4 * SCALE), cats[i], fill=INK, font=axis, anchor="ma")
        edge = x - widths[i] / 2
    for s, (_name, vals) in enumerate(series):
        colour = SERIES[s % len(SERIES)]
        pts = []
        for i, v in enumerate(vals):
            if v is None:
                continue
            y = head + ph - ph * (min(max(v, low), top) - low) / (top - low)
            if line:
                pts.append((left + slot * (i + 0.5), y))
            else:
                bw = slot * 0.8 / m
                x = left + slot * i + slot * 0.1 + bw * s
                d.rectangle([x, y, x + bw - 2, head + ph], fill=colour)
        if line and len(pts) > 1:
            d.line(pts, fill=colour, width=3 * SCALE // 2)
            for x, y in pts:
                d.ellipse([x - 3 * SCALE, y - 3 * SCALE, x + 3 * SCALE, y + 3 * SCALE], fill=colour)
    x = left
    for s, (name, _) in enumerate(series):
        d.rectangle([x, 6 * SCALE, x + 8 * SCALE, 14 * SCALE], fill=SERIES[s % len(SERIES)])
        d.text((x + 11 * SCALE, 10 * SCALE), name, fill=INK, font=small, anchor="lm")
        x += 11 * SCALE + d.textlength(name, font=small) + 12 * SCALE
    d.line([(left, head + ph), (left + pw, head + ph)], fill=INK, width=2)
    return _png(img)


def radar(labels: list[str], values: list[float | None], top: float, rings: list[float],
          size: float = 330) -> bytes:
    """A radar chart with named axes and values, rings labelled between the first two axes."""
    W = H = int(size * SCALE)
    img = Image.new("RGB", (W + 160 * SCALE, H), "white")
    d = ImageDraw.Draw(img)
    small, bold = _font(7.5), _font(7.5, True)
    cx, cy, r = (W + 160 * SCALE) / 2, H / 2, H / 2 - 34 * SCALE
    n = len(labels)

    def pt(k: int, frac: float) -> tuple[float, float]:
        a = math.radians(90 - k * 360 / n)
        return cx + r * frac * math.cos(a), cy - r * frac * math.sin(a)

    for ring in rings:
        d.polygon([pt(k, ring / top) for k in range(n)], outline=GRID)
    for k in range(n):
        d.line([(cx, cy), pt(k, 1)], fill=GRID)
    a = math.radians(90 - 180 / n)
    for ring in rings:
        f = ring / top
        d.text((cx + r * f * math.cos(a) + 3, cy - r * f * math.sin(a)), numbers.fmt(ring, "level"), fill=(92, 107, 122),
               font=small)
    poly = [pt(k, (v or 0) / top) for k, v in enumerate(values)]
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    ImageDraw.Draw(overlay).polygon(poly, fill=ACCENT + (64,), outline=ACCENT + (255,))
    img.paste(overlay, (0, 0), overlay)
    d = ImageDraw.Draw(img)
    d.line(poly + poly[:1], fill=ACCENT, width=3)
    for k, (label, v) in enumerate(zip(labels, values)):
        x, y = pt(k, 1.12)
        c = math.cos(math.radians(90 - k * 360 / n))
        anchor = "m" if abs(c) < 0.3 else ("l" if c > 0 else "r")
        d.text((x, y), label[:26], fill=INK, font=bold, anchor=anchor + "s")
        d.text((x, y + 2), "—" if v is None else numbers.fmt(v, "score" if top > 10 else "level"), fill=INK,
               font=small, anchor=anchor + "t")
    return _png(img)
