"""Splitting pasted text into list items (one note per line, bullets and numbering stripped)."""

from __future__ import annotations

import re

# "- ", "* ", "• ", "– ", "1. ", "1) ", "a) ", "(iv) " at the start of a line
_BULLET = re.compile(r"^\s*(?:[-*•‣◦▪–—·]+|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)])\s+")


def strip_bullet(line: str) -> str:
    """The line without a leading bullet or list number, trimmed."""
    return _BULLET.sub("", line, count=1).strip()


def split_items(text: str) -> list[str]:
    """One item per non-blank line of text, bullets stripped (a single line gives one item)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n").split("\n")
    return [item for item in (strip_bullet(line) for line in lines) if item]


def is_multi_item(text: str) -> bool:
    """True when pasted text holds more than one non-blank line (so it becomes several notes)."""
    return len(split_items(text)) > 1
