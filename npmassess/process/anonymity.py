"""Anonymous individual scores: participants shown as Assessor A, B, C (the mapping stays in the file)."""

from __future__ import annotations

import copy

from npmassess.assessment import Assessment, Participant

PREFIX = "Assessor"


def label(index: int) -> str:
    """'Assessor A' .. 'Assessor Z', then 'Assessor AA', 'Assessor AB' ..."""
    letters, n = "", index
    while True:
        letters = chr(ord("A") + n % 26) + letters
        n = n // 26 - 1
        if n < 0:
            return f"{PREFIX} {letters}"


def shown_name(a: Assessment, participant: Participant) -> str:
    """The name to show for a participant: the label when the assessment is anonymous."""
    if a.anonymous:
        return a.anonymity.get(participant.id) or PREFIX
    return participant.name


def shown_participants(a: Assessment) -> list[Participant]:
    """The participants as shown: labelled and without roles when anonymous, else as they are."""
    if not a.anonymous:
        return list(a.participants)
    return [Participant(p.id, shown_name(a, p), "", p.position) for p in a.participants]


def anonymised(a: Assessment) -> Assessment:
    """A copy with every participant name replaced by its label (also as an action owner); roles dropped."""
    if not a.anonymous:
        return a
    out = copy.deepcopy(a)
    names = {p.name.strip().casefold(): shown_name(a, p) for p in a.participants}
    out.participants = shown_participants(a)
    for x in out.actions:
        if x.owner.strip().casefold() in names:
            x.owner = names[x.owner.strip().casefold()]
    return out
