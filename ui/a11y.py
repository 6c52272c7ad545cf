"""Accessibility helpers: WCAG contrast of colours, readable text colour, accessible texts."""

from __future__ import annotations

from PySide6.QtGui import QColor

MIN_CONTRAST = 4.5  # WCAG 2.x AA for normal text (EN 301 549 9.1.4.3)


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """Relative luminance (WCAG 2.x) of an opaque colour."""
    return 0.2126 * _channel(colour.redF()) + 0.7152 * _channel(colour.greenF()) + 0.0722 * _channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


_BLACK, _WHITE = QColor("#000000"), QColor("#ffffff")


_TEXT_ON: dict[int, QColor] = {}


def text_on(colour: QColor) -> QColor:
    """Black or white, whichever contrasts more with the colour (cached: painting asks often)."""
    key = colour.rgba()
    ink = _TEXT_ON.get(key)
    if ink is None:
        ink = _TEXT_ON[key] = _BLACK if contrast(colour, _BLACK) >= contrast(colour, _WHITE) else _WHITE
    return ink
