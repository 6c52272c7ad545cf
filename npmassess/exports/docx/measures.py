"""Word figures of the results register's measures in an award application (numbered by exports.placement, as in the PDF)."""

from __future__ import annotations

from npmassess.exports.docx import common as W
from npmassess.exports.docx import images
from npmassess.i18n import N_, _, current_language
from npmassess.numbers import fmt
from npmassess.results.figures import MeasureFigure

SERIES = (N_("Actual"), N_("Target"), N_("Comparison"))


def alt_text(fig: MeasureFigure) -> str:
    """What the run chart shows, for a screen reader."""
    lang = current_language()
    values = "; ".join(f"{p}: {fmt(v, 'measure', lang)}" for p, v in zip(fig.periods, fig.actual) if v is not None)
    return _("Run chart of {title}, {n} periods. Actual values: {values}. {statement}.").format(
        title=fig.title, n=len(fig.periods), values=values, statement=fig.reading.statement())


def measure_figure(doc, fig: MeasureFigure) -> None:
    """Caption, statement, run chart picture (actual, target, comparison) at the text width and data table."""
    unit = f" ({fig.unit})" if fig.unit else ""
    W.caption(doc, _("{number}: {title}").format(number=fig.number, title=fig.title) + unit)
    better = _("lower is better") if fig.lower_is_better else _("higher is better")
    why = _("{better}; {reason}.").format(better=better, reason=fig.reading.reason)
    W.para(doc, f"{fig.reading.statement()}. {why[:1].upper()}{why[1:]}").paragraph_format.keep_with_next = True
    series = [(_(label), seq) for label, seq in zip(SERIES, (fig.actual, fig.target, fig.comparison))
              if label == "Actual" or any(v is not None for v in seq)]
    width = images.text_width_in(doc)
    png = images.bars(fig.periods, series, width=width * 72, height=200, line=True, span=fig.value_range())
    W.picture(doc, png, alt_text(fig), width, fig.number)
    lang = current_language()
    rows = [[p] + [fmt(seq[i], "measure", lang) if seq[i] is not None else "—" for _l, seq in series]
            for i, p in enumerate(fig.periods)]
    W.table(doc, [_("Period")] + [label for label, _s in series], rows)
