"""Colours chosen for the palette in use (light or dark), shared by views and dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def error_colour(widget: QWidget) -> str:
    """A red that reads on the widget's background, light or dark palette."""
    return "#ff7b72" if widget.palette().window().color().lightness() < 128 else "#b00020"
