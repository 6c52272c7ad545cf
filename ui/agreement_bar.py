"""A one-line summary of agreement between assessors (Krippendorff's alpha) for the consensus view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from npmassess import numbers
from npmassess.i18n import _, current_language, ngettext
from npmassess.process import agreement as agr
from npmassess.process.anonymity import shown_participants

from .session import Session

REFRESH_ON = ("ratings", "participants", "all", "assessment")


class AgreementBar(QLabel):
    """Alpha overall and for the selected node's criterion, in figures and words, plus assessor flags."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setTextFormat(Qt.PlainText)
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("Agreement between assessors"))
        self.result: agr.Agreement | None = None
        self._dirty = True
        session.changed.connect(self._changed)
        session.node_selected.connect(lambda _n: self._show())
        self._compute()

    def _changed(self, kind: str) -> None:
        """Recompute later, and only while shown: edits must not wait for the statistics."""
        if kind in REFRESH_ON:
            self._dirty = True
            if self.isVisible():
                from PySide6.QtCore import QTimer
                QTimer.singleShot(0, self._compute_if_dirty)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._compute_if_dirty()

    def _compute_if_dirty(self) -> None:
        if self._dirty:
            self._compute()

    def _compute(self) -> None:
        self._dirty = False
        self.result = agr.assess_agreement(self.session.framework, self.session.snapshot())
        self._show()

    def criterion_of(self, node_id: str) -> str | None:
        for crit in self.session.framework.criteria:
            if any(n.id == node_id for n in crit.walk()):
                return crit.id
        return None

    def _show(self) -> None:
        res = self.result
        if res is None:
            return
        lang = current_language()
        fmt = lambda v: "—" if v is None else numbers.fmt(v, "score", lang, decimals=2)  # noqa: E731
        text = self.tr("Agreement between assessors (Krippendorff's alpha, {metric}): {value}, {meaning}.").format(
            metric=_(res.metric), value=fmt(res.overall), meaning=_(res.meaning))
        crit = self.criterion_of(self.session.current_node)
        if crit is not None:
            v = res.by_criterion.get(crit)
            text += "  " + self.tr("Criterion {c}: {value}, {meaning}.").format(c=crit, value=fmt(v),
                                                                                meaning=_(agr.meaning(v)))
        names = {p.id: p.name for p in shown_participants(self.session.snapshot())}
        lines = flag_lines(res.flags, names)
        if lines:
            text += "\n" + "\n".join(f"⚑ {line}" for line in lines)
        self.setText(text)
        tip = self.tr("0.8 or more: good agreement; 0.667 to 0.8: tentative; below 0.667: low. "
                      "Alpha counts every item scored by at least two assessors, gaps allowed.")
        if res.flags:  # every flagged assessor, one a line
            tip += "\n\n" + "\n".join(f"⚑ {names.get(f.participant_id, '?')} {f.text}" for f in res.flags)
        self.setToolTip(tip)


SHOWN_NAMES = 4  # names on the line; the tooltip lists all


def flag_lines(flags: list[agr.AssessorFlag], names: dict[str, str]) -> list[str]:
    """One line per kind of flag: the assessor's own sentence when alone, else how many and a few names."""
    out = []
    for kind in dict.fromkeys(f.kind for f in flags):
        these = [f for f in flags if f.kind == kind]
        if len(these) == 1:
            out.append(f"{names.get(these[0].participant_id, '?')} {these[0].text}")
            continue
        who = [names.get(f.participant_id, "?") for f in these]
        shown = ", ".join(who[:SHOWN_NAMES])
        if len(who) > SHOWN_NAMES:
            shown = _("{names} and {n} more").format(names=shown, n=len(who) - SHOWN_NAMES)
        head = (ngettext("{n} assessor scores everything alike", "{n} assessors score everything alike", len(who))
                if kind == "alike" else
                ngettext("{n} assessor scores nearly always at an end of the scale",
                         "{n} assessors score nearly always at an end of the scale", len(who)))
        out.append(_("{flag} ({names}): {advice}").format(flag=head.format(n=len(who)), names=shown,
                                                          advice=_(agr.FLAG_ADVICE.get(kind, ""))))
    return out
