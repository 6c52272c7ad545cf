"""Colour themes (View menu): the standard palette with readable contrast, and high contrast."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from .a11y import MIN_CONTRAST, contrast

THEMES = ("standard", "high-contrast")
# pairs of (background, text) roles whose contrast must reach MIN_CONTRAST in every palette
TEXT_PAIRS = ((QPalette.Window, QPalette.WindowText), (QPalette.Base, QPalette.Text),
              (QPalette.AlternateBase, QPalette.Text), (QPalette.Button, QPalette.ButtonText),
              (QPalette.Highlight, QPalette.HighlightedText), (QPalette.ToolTipBase, QPalette.ToolTipText),
              (QPalette.Base, QPalette.PlaceholderText), (QPalette.Base, QPalette.Link),
              (QPalette.Window, QPalette.Link))
_HC_FOCUS = "#ffd800"
HIGH_CONTRAST_STYLE = f"""
QLineEdit, QPlainTextEdit, QTextEdit {{ border: 1px solid #ffffff; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractItemView:focus,
QPushButton:focus, QToolButton:focus {{ border: 3px solid {_HC_FOCUS}; }}
QPushButton, QToolButton {{ border: 1px solid #ffffff; padding: 3px 8px; }}
QToolTip {{ color: #ffffff; background: #000000; border: 1px solid #ffffff; }}
"""


def _set(pal: QPalette, role, colour: str, disabled: str | None = None) -> None:
    pal.setColor(QPalette.Active, role, QColor(colour))
    pal.setColor(QPalette.Inactive, role, QColor(colour))
    pal.setColor(QPalette.Disabled, role, QColor(disabled or colour))


_BASE: list[QPalette] = []  # the palette Qt chose before any theme was applied


def standard_palette() -> QPalette:
    """The palette Qt chose (the desktop's, else the style's) with the few colours below 4.5:1 made darker.

    Taken from the application before the first theme is applied, not from QApplication.style(): handing
    the style to Python builds its dozen enum types, some 10-20 ms of every start (issue 17)."""
    # a new QPalette is a copy of the application's; QApplication.palette() or QPalette(other) would make
    # PySide build the Qt namespace's ~90 enum types (to resolve overloads), which the start page never needs
    pal = QPalette() if not _BASE else _BASE[0].__copy__()
    if not _BASE:
        _BASE.append(pal.__copy__())
    base = pal.color(QPalette.Base)
    dark = base.lightness() < 128
    _set(pal, QPalette.Highlight, "#7cb8ff" if dark else "#1f5fa8")
    _set(pal, QPalette.HighlightedText, "#000000" if dark else "#ffffff")
    _set(pal, QPalette.PlaceholderText, "#a8a8a8" if dark else "#5f5f5f")
    _set(pal, QPalette.Link, "#8ab4ff" if dark else "#0645ad")
    _set(pal, QPalette.ToolTipBase, "#ffffdc")
    _set(pal, QPalette.ToolTipText, "#000000")
    return pal


def high_contrast_palette() -> QPalette:
    """White on black, yellow selection, cyan links (every text pair at least 7:1)."""
    pal = QPalette()
    for role, colour, disabled in ((QPalette.Window, "#000000", None), (QPalette.WindowText, "#ffffff", "#c0c0c0"),
                                   (QPalette.Base, "#000000", None), (QPalette.AlternateBase, "#1a1a1a", None),
                                   (QPalette.Text, "#ffffff", "#c0c0c0"), (QPalette.Button, "#000000", None),
                                   (QPalette.ButtonText, "#ffffff", "#c0c0c0"), (QPalette.BrightText, "#ffff00", None),
                                   (QPalette.Highlight, "#ffd800", "#808080"), (QPalette.HighlightedText, "#000000", None),
                                   (QPalette.ToolTipBase, "#000000", None), (QPalette.ToolTipText, "#ffffff", None),
                                   (QPalette.PlaceholderText, "#c8c8c8", None), (QPalette.Link, "#66e0ff", None),
                                   (QPalette.LinkVisited, "#e0a0ff", None), (QPalette.Light, "#ffffff", None),
                                   (QPalette.Midlight, "#c0c0c0", None), (QPalette.Mid, "#808080", None),
                                   (QPalette.Dark, "#ffffff", None), (QPalette.Shadow, "#ffffff", None)):
        _set(pal, role, colour, disabled)
    return pal


def palette(theme: str) -> QPalette:
    return high_contrast_palette() if theme == "high-contrast" else standard_palette()


def apply(theme: str) -> str:
    """Use a theme for the whole application; returns the theme applied."""
    theme = theme if theme in THEMES else "standard"
    app = QApplication.instance()
    app.setPalette(palette(theme))
    app.setStyleSheet(HIGH_CONTRAST_STYLE if theme == "high-contrast" else "")
    return theme


def contrast_failures(pal: QPalette, group=QPalette.Active) -> list[str]:
    """Text/background role pairs of a palette below MIN_CONTRAST, as 'Base/Text 3.2'."""
    out = []
    for back, fore in TEXT_PAIRS:
        ratio = contrast(pal.color(group, back), pal.color(group, fore))
        if ratio < MIN_CONTRAST:
            out.append(f"{back.name}/{fore.name} {ratio:.2f}")
    return out
