"""Small helpers shared by the consensus, dashboard, plan and workshop views."""

from __future__ import annotations

import weakref
from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from npmassess import scoring
from npmassess.assessment import Assessment
from npmassess.model import Dimension, Node, Scale

from .session import Session

MISSING = "—"
_cache: "weakref.WeakKeyDictionary[Session, tuple[Assessment, dict]]" = weakref.WeakKeyDictionary()


def tr(text: str) -> str:
    return QCoreApplication.translate("views", text)


_thresholds: "weakref.WeakKeyDictionary[Session, float]" = weakref.WeakKeyDictionary()


def _threshold_key(session: Session) -> str:
    return "consensus/agenda_threshold_" + ("levels" if session.method.ordinal else "points")


def agenda_threshold(session: Session) -> float:
    """The facilitator's spread threshold for the agenda (consensus view and workshop share it).

    Remembered in QSettings per kind of scale (levels or points), so the next meeting starts with it.
    """
    if session in _thresholds:
        return _thresholds[session]
    from PySide6.QtCore import QSettings
    default = 1.0 if session.method.ordinal else 20.0
    try:
        value = float(QSettings().value(_threshold_key(session), default))
    except (TypeError, ValueError):
        value = default
    return value if 0 <= value <= (4 if session.method.ordinal else 100) else default


def set_agenda_threshold(session: Session, value: float) -> None:
    from PySide6.QtCore import QSettings
    _thresholds[session] = float(value)
    QSettings().setValue(_threshold_key(session), float(value))


def show_error(parent: QWidget | None, text: str) -> None:
    """Tell the user why an input was refused (tests patch this one function)."""
    from . import dialogs
    dialogs.error(parent, tr("Cannot do that"), text)


def cached(session: Session, key: str, compute: Callable[[], object]):
    """A value derived from the session's current snapshot, computed once per change."""
    snap = session.snapshot()
    entry = _cache.get(session)
    if entry is None or entry[0] is not snap:
        entry = (snap, {})
        _cache[session] = entry
    if key not in entry[1]:
        entry[1][key] = compute()
    return entry[1][key]


_by_ratings: "weakref.WeakKeyDictionary[Session, tuple[object, dict]]" = weakref.WeakKeyDictionary()


def _ratings_key(session: Session):
    """What individual scores depend on: method, participants and their ratings (not the consensus)."""
    def compute():
        snap = session.snapshot()
        return snap.method, tuple(p.id for p in snap.participants), frozenset(snap.ratings.items())
    return cached(session, "ratings_key", compute)


def by_ratings(session: Session, key, compute: Callable[[], object]):
    """Like cached(), but kept across edits that leave every participant's ratings unchanged
    (a consensus score, a note, an action): the consensus meeting does not re-score 12 people."""
    current = _ratings_key(session)
    entry = _by_ratings.get(session)
    if entry is None or entry[0] is not current:
        # compared in full once per snapshot, then by identity
        entry = (current, entry[1] if entry is not None and entry[0] == current else {})
        _by_ratings[session] = entry
    if key not in entry[1]:
        entry[1][key] = compute()
    return entry[1][key]


def divergence(session: Session) -> dict[str, scoring.Divergence]:
    return by_ratings(session, "divergence", lambda: scoring.divergence(session.framework, session.snapshot()))


def participant_report(session: Session, participant_id: str) -> scoring.ScoreReport:
    """One participant's scores, recomputed only when individual ratings change."""
    return by_ratings(session, ("report", participant_id), lambda: session.report(participant_id))


def dimensions(session: Session, node: Node) -> tuple[Dimension, ...]:
    return session.method.dimensions_for(node.type)


def node_scale(session: Session, node: Node) -> Scale | None:
    dims = dimensions(session, node)
    return dims[0].scale if dims else None


def value_text(scale: Scale | None, value: float | None, with_label: bool = False) -> str:
    """A score as shown in a cell: '63', '62.5' or, for ordinal scales, '3 Acceptable'."""
    if value is None:
        return MISSING
    from npmassess.i18n import current_language
    from npmassess.numbers import fmt
    text = fmt(value, "score", current_language(), trim=True)  # '62,5' in French
    if scale is not None and (with_label or scale.ordinal):
        label = scale.label_of(value)
        if label and scale.ordinal:
            return label if not with_label else f"{text} {label}"
        if label:
            return f"{text} ({label})"
    return text


_colours: dict[str, QColor] = {}


def _colour(name: str) -> QColor:
    """A shared QColor per hex string (treat as read-only; copy before changing)."""
    colour = _colours.get(name)
    if colour is None:
        colour = _colours[name] = QColor(name)
    return colour


def value_colour(scale: Scale | None, value: float | None) -> QColor | None:
    """The framework's colour for a value (its band or level), or None."""
    if scale is None or value is None:
        return None
    if scale.ordinal:
        level = scale.level_of(round(value))
        return _colour(level.colour) if level and level.colour else None
    band = scale.band_of(value)
    return _colour(band.colour) if band and band.colour else None


def text_on(colour: QColor) -> QColor:
    """Black or white, whichever contrasts more with the colour (WCAG ratio)."""
    from .a11y import text_on as best
    return _colour(best(colour).name())


def parse_score(scale: Scale, text: str, field: str) -> tuple[float | None, str | None]:
    """Read a typed score: (value, None) if valid (None value = cleared), else (None, message)."""
    text = text.strip().replace(",", ".")
    if not text:
        return None, None
    try:
        value = float(text)
    except ValueError:
        return None, tr("{field}: '{text}' is not a number.").format(field=field, text=text)
    problem = scale.check(value)
    if problem:
        return None, f"{field}: {problem}."
    return value, None


def node_label(node: Node, width: int = 0) -> str:
    text = f"{node.id} {node.title()}"
    return text if not width or len(text) <= width else text[: width - 1] + "…"


def previous_cycle(session: Session):
    """(assessment, framework, report) of the same unit's latest earlier cycle, or None."""
    from npmassess.validation import cycle_key

    def compute():
        snap = session.snapshot()
        store = session.store
        earlier = [s for s in store.list_assessments()
                   if s.id != snap.id and s.framework_id == snap.framework_id
                   and s.organisation.strip().casefold() == snap.organisation.strip().casefold()
                   and s.unit.strip().casefold() == snap.unit.strip().casefold()
                   and cycle_key(s.cycle) < cycle_key(snap.cycle)]
        if not earlier:
            return None
        best = max(earlier, key=lambda s: (cycle_key(s.cycle), s.updated))
        try:
            prev = store.load(best.id)
            fw = store.framework_of(prev)
            return prev, fw, scoring.score(fw, prev)
        except Exception:  # a damaged or unknown older record only loses the overlay
            return None
    return cached(session, "previous", compute)


def view_action(view: QWidget, text: str, shortcut: str, slot: Callable[[], object]):
    """A view's own action: its shortcut works only while the focus is inside the view (other
    views may bind the same keys); disabled until the view is shown."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence
    action = QAction(text, view)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    action.setEnabled(False)
    view.addAction(action)
    return action


class LazyRefresh:
    """Mixin for views (put it before QWidget): a change of one of REFRESH_KINDS marks the view
    dirty and refreshes it only if visible; a hidden view catches up when it is shown."""

    REFRESH_KINDS: frozenset[str] = frozenset({"all"})
    _dirty = True

    def _on_changed(self, kind: str) -> None:
        if kind in self.REFRESH_KINDS:
            self._dirty = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(event)


def save_rationale(parent: QWidget, session, node_id: str, editor) -> None:
    """Store a rationale editor's text for node_id if it was modified (undoable); errors shown to the user."""
    from npmassess.errors import NpmassessError

    from . import undo
    if not node_id or not editor.document().isModified():
        return
    editor.document().setModified(False)
    try:
        undo.set_rationale(session, node_id, editor.toPlainText())
    except NpmassessError as exc:
        show_error(parent, str(exc))
