"""Shared helpers for the consensus, dashboard, plan and workshop view tests."""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QColor, QImage

from npmassess.demo import create_demo
from npmassess.frameworks import library
from ui.session import Session

CASES = {
    "caf-classical": ("caf", "2020", "classical"),
    "caf-fine-tuned": ("caf", "2020", "fine-tuned"),
    "baldrige": ("baldrige", "2023-2024", None),
    "maf": ("maf", "current", None),
    "maf-2003": ("maf", "2003", None),
    "capability-review": ("capability-review", "2006", None),
    "pma": ("pma-scorecard", "2001-2008", None),
    "kr-gpe": ("kr-gpe", "2022", None),
    "tqa": ("tqa", "2023-2024", None),
    "pqa": ("pqa", "2023-2024", None),
    "efqm": ("efqm", "2020", None),
}


def demo_session(store, case: str = "caf-classical") -> Session:
    """A Session over a fresh demo assessment of one framework variant."""
    fid, edition, method = CASES[case]
    fw = library().get(fid, edition)
    return Session(store, create_demo(store, fw, method))


def show(qtbot, widget, width: int = 1366, height: int = 768):
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def count_colour(image: QImage, colour: str | QColor, tolerance: int = 12, step: int = 1) -> int:
    """How many pixels of the image are close to a colour (step > 1 divides the count roughly)."""
    c = QColor(colour)
    rgb = image.convertToFormat(QImage.Format_RGB32)
    histogram = Counter(memoryview(bytes(rgb.constBits())).cast("I"))  # counted in C: fast
    n = 0
    for value, count in histogram.items():
        r, g, b = (value >> 16) & 255, (value >> 8) & 255, value & 255
        if abs(r - c.red()) <= tolerance and abs(g - c.green()) <= tolerance and abs(b - c.blue()) <= tolerance:
            n += count
    return n // (step * step)


class Messages(list):
    """Collects what show_error would have shown (monkeypatched in tests)."""

    def __call__(self, parent, text):
        self.append(text)


def capture_errors(monkeypatch) -> Messages:
    import ui.viewkit
    messages = Messages()
    monkeypatch.setattr(ui.viewkit, "show_error", messages)
    return messages
