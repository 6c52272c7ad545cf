"""Word charts' period labels: as many as fit without touching, always the latest."""

from hypothesis import given
from hypothesis import strategies as st

from npmassess.exports.docx import images
from npmassess.exports.docx.images import shown_labels


@given(st.lists(st.floats(min_value=5, max_value=120), min_size=1, max_size=60),
       st.floats(min_value=4, max_value=200), st.floats(min_value=0, max_value=20))
def test_shown_labels_never_touch_and_keep_the_latest(widths, slot, gap):
    shown = shown_labels(widths, slot, gap)
    assert shown[-1] == len(widths) - 1
    for a, b in zip(shown, shown[1:]):  # centres of neighbours: far enough for the two half widths and the gap
        assert (b - a) * slot >= (widths[a] + widths[b]) / 2 + gap - 1e-9


def test_labels_that_fit_are_all_shown():
    assert shown_labels([30.0] * 12, 40.0, 6.0) == list(range(12))


def test_a_long_monthly_run_chart_draws_fewer_labels(monkeypatch):
    drawn = []
    real = images.ImageDraw.ImageDraw.text

    def spy(self, xy, text, *a, **k):
        drawn.append(text)
        return real(self, xy, text, *a, **k)

    monkeypatch.setattr(images.ImageDraw.ImageDraw, "text", spy)
    months = [f"2024-{m:02d}" for m in range(1, 13)] + [f"2025-{m:02d}" for m in range(1, 13)] + \
        [f"2026-{m:02d}" for m in range(1, 13)]
    images.bars(months, [("Actual", [float(i) for i in range(36)])], width=468, line=True)
    periods = [t for t in drawn if t in months]
    assert "2026-12" in periods and 6 <= len(periods) < 36
