"""What the smaller outputs show: the plan (filtered, sorted, with its areas for improvement), the meeting agenda."""

from __future__ import annotations

from dataclasses import dataclass

from npmassess.assessment import ACTION_STATUSES, Action
from npmassess.errors import ValidationError
from npmassess.i18n import _
from npmassess.exports.common import Context
from npmassess.scoring import Divergence, agenda

PRIORITY_ORDER = {"High": 0, "Medium": 1, "Low": 2}
DEFAULT_THRESHOLD = {True: 1.0, False: 20.0}  # levels (ordinal) or points: as in the consensus view


@dataclass
class PlanLine:
    number: int  # the action's number in the full plan
    action: Action
    afis: list[str]  # the texts of the linked areas for improvement
    nodes: list[str]  # "1.2 Title" of the linked nodes


def check_statuses(statuses: list[str] | None) -> list[str] | None:
    """The statuses asked for, checked (None means all)."""
    if not statuses:
        return None
    bad = [s for s in statuses if s not in ACTION_STATUSES]
    if bad:
        raise ValidationError("status", _("'{status}' is not an action status; use {statuses}").format(
            status=bad[0], statuses=", ".join(ACTION_STATUSES)))
    return list(statuses)


def plan_lines(ctx: Context, statuses: list[str] | None = None) -> list[PlanLine]:
    """Actions with the given statuses (all when None), highest priority first, with their linked AFIs."""
    statuses = check_statuses(statuses)
    notes = {n.id: n for n in ctx.a.notes}
    titles = {n.id: ctx.title(n) for n in ctx.fw.nodes()}
    out = []
    for i, x in enumerate(ctx.a.actions, 1):
        if statuses is not None and x.status not in statuses:
            continue
        afis = [notes[k].text for k in x.note_ids if k in notes]
        out.append(PlanLine(i, x, afis, [f"{n} {titles.get(n, '')}".strip() for n in x.node_ids]))
    out.sort(key=lambda p: (PRIORITY_ORDER.get(p.action.priority, 3), -p.action.impact * (6 - p.action.effort),
                            p.action.due or "9999", p.number))
    return out


def meeting_agenda(ctx: Context, threshold: float | None = None) -> tuple[float, list[Divergence]]:
    """(threshold used, nodes whose spread exceeds it, widest first): the consensus meeting's agenda."""
    if threshold is None:
        threshold = DEFAULT_THRESHOLD[ctx.report.ordinal]
    return threshold, agenda(ctx.fw, ctx.a, threshold)
