"""Shared export helpers: snapshot and context, safe text, atomic file writing, labels."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from npmassess.assessment import Assessment, Note
from npmassess import fsutil
from npmassess.errors import ExportError
from npmassess.model import RESULT_TYPES, Framework, Node
from npmassess import numbers
from npmassess.scoring import Divergence, ScoreReport, divergence, score


# XML 1.0 forbids most C0 controls (and reportlab/openpyxl choke on them); C1 controls are invisible
# and discouraged; lone surrogates cannot be encoded. Tab and newline are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def clean(text: object) -> str:
    """User text made safe for XML files: control characters dropped, CR/LF normalised."""
    s = "" if text is None else str(text)
    if "\r" not in s and not _CONTROL.search(s):
        return s
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", s)


def snapshot(store, assessment_id: str) -> tuple[Assessment, Framework]:
    """(assessment, framework) for an id or unique id prefix, read from a Store."""
    a = store.load(store.find(assessment_id))
    return a, store.framework_of(a)


def _framework_for(a: Assessment, framework: Framework | None) -> Framework:
    if framework is not None:
        return framework
    from npmassess.frameworks import library
    return library().get(a.framework_id, a.edition)


@dataclass
class Context:
    """Everything an export needs, computed once from a snapshot."""

    a: Assessment
    fw: Framework
    lang: str
    report: ScoreReport
    people: dict[str, ScoreReport]
    div: dict[str, Divergence]
    notes: dict[tuple[str, str], list[Note]] = field(default_factory=dict)  # (node, kind) -> notes
    anonymous: bool = False  # individual scores and notes shown as Assessor A, B, C... instead of names

    def person(self, participant) -> str:
        """A participant's name, or 'Assessor A' (B, C...) in an anonymous report."""
        if not self.anonymous:
            return participant.name
        i = next((k for k, p in enumerate(self.a.participants) if p.id == participant.id), 0)
        return "Assessor " + (chr(65 + i) if i < 26 else f"{chr(65 + i // 26 - 1)}{chr(65 + i % 26)}")

    @property
    def method(self):
        return self.report.method

    def t(self, key: str) -> str:
        return tr(key, self.lang)

    def title(self, node: Node) -> str:
        return node.title(self.lang)

    def author(self, note: Note) -> str:
        if note.participant_id is None:
            return self.t("Consensus")
        try:
            return self.person(self.a.participant(note.participant_id))
        except KeyError:
            return self.t("Unknown participant")

    def node_notes(self, node_id: str, kind: str) -> list[Note]:
        return self.notes.get((node_id, kind), [])

    def value_text(self, value: float | None, node: Node | None = None, kind: str = "score") -> str:
        """A node or group value as read: '63.5', 'Acceptable (3)' for ordinal, '—' if missing.

        Every number goes through npmassess.numbers (half-up rounding, fixed decimals per kind).
        """
        if value is None:
            return numbers.MISSING
        if self.report.ordinal and node is not None:
            dims = self.method.dimensions_for(node.type)
            level = dims[0].scale.level_of(value) if dims else None
            text = numbers.fmt(value, "level", self.lang)
            return f"{level.label(self.lang)} ({text})" if level else text
        return numbers.fmt(value, kind, self.lang)

    def points_text(self, value: float | None, maximum: int | None) -> str:
        """Points earned out of a maximum: '412.5 / 1000'."""
        return f"{numbers.fmt(value, 'points', self.lang)} / {numbers.fmt(maximum, 'max_points', self.lang)}"

    def pct(self, fraction: float | None) -> str:
        """A share (completeness) as a percentage in the report's language."""
        return numbers.percent(fraction, self.lang)

    def meaning(self, node: Node) -> tuple[str, str, str]:
        """(label, guidance, colour) of the consensus band or level of a scored node."""
        ns = self.report.nodes.get(node.id)
        if ns is None:
            return "", "", ""
        if ns.level is not None:
            return ns.level.label(self.lang), ns.level.guidance(self.lang), ns.level.colour
        if ns.band is not None:
            return ns.band.label(self.lang), ns.band.guidance(self.lang), ns.band.colour
        return "", "", ""

    def is_result(self, node: Node) -> bool:
        return node.type in RESULT_TYPES

    def levels(self):
        """Ordinal levels of the method, best first (empty for numeric scales)."""
        seen, out = set(), []
        for d in self.method.dimensions:
            for lv in d.scale.levels:
                if lv.value not in seen:
                    seen.add(lv.value)
                    out.append(lv)
        return sorted(out, key=lambda lv: -lv.value)


def build_context(assessment: Assessment, framework: Framework | None = None, lang: str = "en",
                  anonymous: bool = False) -> Context:
    """Score the snapshot once (consensus, each participant, divergence) for an export."""
    fw = _framework_for(assessment, framework)
    if lang not in ("en", "fr"):
        raise ExportError(f"Language '{lang}' is not supported for exports; use 'en' or 'fr'.")
    people = {p.id: score(fw, assessment, p.id) for p in assessment.participants}
    ctx = Context(assessment, fw, lang, score(fw, assessment), people, divergence(fw, assessment),
                  anonymous=anonymous)
    for n in sorted(assessment.notes, key=lambda n: (n.participant_id is not None, n.position)):
        ctx.notes.setdefault((n.node_id, n.kind), []).append(n)
    return ctx


def check_target(path: os.PathLike | str, suffix: str) -> Path:
    """The output path, checked: its folder exists and is writable, and it is not a folder."""
    p = Path(path)
    if str(path).strip() == "":
        raise ExportError("No output file was given.")
    if p.is_dir():
        raise ExportError(f"Cannot write {p}: it is a folder; give a file name ending in {suffix}.")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"Cannot write {p}: the folder {parent} does not exist.")
    if not os.access(parent, os.W_OK):
        raise ExportError(f"Cannot write {p}: the folder {parent} is not writable.")
    if p.exists() and not os.access(p, os.W_OK):
        raise ExportError(f"Cannot write {p}: the file is read-only or open in another program.")
    return p


def atomic_output(path: os.PathLike | str, suffix: str):
    """A temporary file name beside the checked target; the target is replaced only on success."""
    return fsutil.atomic_output(check_target(path, suffix), ExportError)


_FR = {
    "Capability review": "Revue des capacités", "Consensus": "Consensus", "Participants": "Participants",
    "Organisation": "Organisation", "Unit": "Unité", "Framework": "Référentiel", "Scoring method": "Méthode de notation",
    "Cycle": "Cycle", "Date": "Date", "Status": "Statut", "Executive summary": "Synthèse",
    "Overall": "Global", "Enablers": "Facteurs", "Results": "Résultats", "Score": "Note", "Scores": "Notes",
    "Main strengths": "Principaux points forts", "Main areas for improvement": "Principaux axes d'amélioration",
    "Strengths": "Points forts", "Areas for improvement": "Axes d'amélioration", "Evidence": "Preuves",
    "Improvement plan": "Plan d'amélioration", "Method and scale": "Méthode et échelle",
    "Divergence of individual scores": "Divergence des notes individuelles", "Individual scores": "Notes individuelles",
    "Charts": "Graphiques", "Score table": "Tableau des notes", "Completeness": "Complétude",
    "Band": "Niveau", "Level": "Niveau", "Points": "Points", "Action": "Action", "Owner": "Responsable",
    "Due": "Échéance", "Priority": "Priorité", "Impact": "Impact", "Effort": "Effort", "Nodes": "Éléments",
    "Rationale": "Justification", "Spread": "Écart", "Lowest": "Minimum", "Highest": "Maximum",
    "Page": "Page", "actions": "actions", "Unknown participant": "Participant inconnu",
    "Not rated": "Non noté", "None recorded.": "Rien de noté.", "Lowest rating": "Note la plus basse",
    "Level profile": "Profil des niveaux", "Points by category": "Points par catégorie",
    "Maximum": "Maximum", "Earned": "Obtenus", "Description": "Description", "Contents": "Sommaire",
    "Total": "Total", "Process items": "Items de processus", "Results items": "Items de résultats",
    "How the scores are formed": "Comment les notes sont formées",
    "CAF self-assessment report": "Rapport d'auto-évaluation CAF", "Baldrige self-assessment": "Auto-évaluation Baldrige",
    "MAF pre-assessment": "Pré-évaluation du CRG", "Sign-off": "Validation", "Prepared by": "Préparé par",
    "Approved by": "Approuvé par", "Version": "Version", "Classification": "Classification",
}


def tr(key: str, lang: str = "en") -> str:
    """The export's own wording in the chosen language (English when no translation)."""
    return _FR.get(key, key) if lang == "fr" else key
