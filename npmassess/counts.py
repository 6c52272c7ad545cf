"""Counted nouns for summaries ('1 participant', '3 participants'), in the language in use.

Each count is its own plural (npmassess.i18n.ngettext), so a sentence with several counts is built from
these pieces joined by npmassess.i18n.listing, never from 'participant(s)'.
"""

from __future__ import annotations

from npmassess.i18n import ngettext


def participants(n: int) -> str:
    """'1 participant', '3 participants'."""
    return ngettext("{n} participant", "{n} participants", n).format(n=n)


def individual_scores(n: int) -> str:
    """'1 individual score', '3 individual scores' (French: note individuelle)."""
    return ngettext("{n} individual score", "{n} individual scores", n).format(n=n)


def consensus_scores(n: int) -> str:
    """'1 consensus score', '3 consensus scores'."""
    return ngettext("{n} consensus score", "{n} consensus scores", n).format(n=n)


def notes(n: int) -> str:
    """'1 note', '3 notes' (French: remarque)."""
    return ngettext("{n} note", "{n} notes", n).format(n=n)


def actions(n: int) -> str:
    """'1 action', '3 actions'."""
    return ngettext("{n} action", "{n} actions", n).format(n=n)


def assessments(n: int) -> str:
    """'1 assessment', '3 assessments'."""
    return ngettext("{n} assessment", "{n} assessments", n).format(n=n)


def levels(n: float, text: str | None = None) -> str:
    """'1 level', '2 levels' ('1,5 niveau' in French, where below 2 is singular); `text`: n as shown."""
    return ngettext("{n} level", "{n} levels", n).format(n=n if text is None else text)
