"""Assessment records: a plain snapshot of one assessment, as stored and exchanged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, UTC

from npmassess.figures import Figure
from npmassess.i18n import N_, translate_to

NOTE_KINDS = ("evidence", "strength", "improvement")
NOTE_KIND_LABELS = {"evidence": N_("Evidence"), "strength": N_("Strength"), "improvement": N_("Area for improvement")}
# Stored values are English ids; show them with value_label() (translated when the language has them)
ASSESSMENT_STATUSES = (N_("in progress"), N_("consensus"), N_("completed"), N_("archived"))
# roles offered for a participant (the list is editable: any other text is accepted too)
PARTICIPANT_ROLES = (N_("Facilitator"), N_("Member"), N_("Observer"))
ACTION_STATUSES = (N_("planned"), N_("in progress"), N_("done"), N_("cancelled"))
PRIORITIES = (N_("High"), N_("Medium"), N_("Low"))
# roles offered for a participant (the list is editable: any other text is accepted too)
PARTICIPANT_ROLES = (N_("Facilitator"), N_("Member"), N_("Observer"))


def value_label(value: str, lang: str | None = None) -> str:
    """A stored status, priority or note kind as a reader reads it, in the language (default: current)."""
    return translate_to(lang, NOTE_KIND_LABELS.get(value, value))
LEVEL_RANGE = range(1, 6)  # impact and effort: 1 (very low) .. 5 (very high)


def new_id() -> str:
    """A globally unique id, so records made on different laptops never collide on merge."""
    import uuid  # here: uuid (and platform) load only when a record is made, not with the store
    return uuid.uuid4().hex


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def action_priority(impact: int, effort: int) -> str:
    """Priority from impact and effort (1-5 each): high impact for little effort comes first."""
    value = impact * (6 - effort)  # 1..25
    if value >= 15:
        return "High"
    if value >= 8:
        return "Medium"
    return "Low"


@dataclass
class Participant:
    id: str
    name: str
    role: str = ""
    position: int = 0


@dataclass
class Note:
    """Evidence, a strength or an area for improvement; participant_id None = consolidated."""

    id: str
    node_id: str
    kind: str
    text: str
    participant_id: str | None = None
    position: int = 0
    dated: str = ""  # evidence: when the evidence is from (ISO date), not when it was typed
    held: bool = False  # evidence: held by the organisation but not attached to the assessment


@dataclass
class Action:
    id: str
    title: str
    description: str = ""
    owner: str = ""
    due: str = ""  # ISO date or empty
    impact: int = 3
    effort: int = 3
    status: str = "planned"
    node_ids: list[str] = field(default_factory=list)
    note_ids: list[str] = field(default_factory=list)
    position: int = 0

    @property
    def priority(self) -> str:
        return action_priority(self.impact, self.effort)


@dataclass
class Assessment:
    id: str
    organisation: str
    unit: str
    framework_id: str
    edition: str
    method: str
    cycle: str
    status: str = "in progress"
    created: str = ""
    updated: str = ""
    participants: list[Participant] = field(default_factory=list)
    # (participant_id, node_id, dimension) -> value
    ratings: dict[tuple[str, str, str], float] = field(default_factory=dict)
    # (node_id, dimension) -> value
    consensus: dict[tuple[str, str], float] = field(default_factory=dict)
    rationale: dict[str, str] = field(default_factory=dict)
    narratives: dict[str, str] = field(default_factory=dict)
    figures: dict[str, list[Figure]] = field(default_factory=dict)  # node -> figures with its narrative
    images: dict[str, bytes] = field(default_factory=dict)  # SHA-256 -> bytes of the images its figures show
    notes: list[Note] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    language: str = ""  # the language the users wrote its notes, rationale and narratives in ("" unknown)
    # the process (npmassess.process): stage, the approval in force, anonymous display of individuals
    stage: str = "individual"
    signoff: dict | None = None
    anonymous: bool = False
    anonymity: dict[str, str] = field(default_factory=dict)  # participant id -> "Assessor A"
    audit_trail: dict | None = None  # filled on request for the PDF audit appendix (process.audit.for_export)

    @property
    def label(self) -> str:
        return f"{self.organisation} / {self.unit} ({self.cycle})"

    def participant(self, participant_id: str) -> Participant:
        for p in self.participants:
            if p.id == participant_id:
                return p
        raise KeyError(participant_id)

    def participant_by_name(self, name: str) -> Participant | None:
        folded = name.strip().casefold()
        return next((p for p in self.participants if p.name.strip().casefold() == folded), None)

    def notes_for(self, node_id: str, kind: str | None = None,
                  participant_id: str | None | object = ...) -> list[Note]:
        """Notes of a node, optionally of one kind and one author (None = consolidated)."""
        out = [n for n in self.notes if n.node_id == node_id
               and (kind is None or n.kind == kind)
               and (participant_id is ... or n.participant_id == participant_id)]
        return sorted(out, key=lambda n: n.position)

    def ratings_of(self, participant_id: str | None) -> dict[tuple[str, str], float]:
        """(node, dimension) -> value for one participant, or the consensus when None."""
        if participant_id is None:
            return dict(self.consensus)
        return {(n, d): v for (p, n, d), v in self.ratings.items() if p == participant_id}
