"""Shared export helpers: snapshot and context, safe text, atomic file writing."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from npmassess.assessment import Assessment, Note, value_label
from npmassess import fsutil
from npmassess.numbers import short_date  # noqa: F401 - exports use it from here too
from npmassess.errors import ExportError
from npmassess.i18n import _, colon, translate_to
from npmassess.numbers import date_text, fmt, percent
from npmassess.model import RESULT_TYPES, Framework, Node
from npmassess import numbers
from npmassess.scoring import Divergence, ScoreReport, divergence, score, side_by_side


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
        return self.t("Assessor {letter}").format(
            letter=chr(65 + i) if i < 26 else f"{chr(65 + i // 26 - 1)}{chr(65 + i % 26)}")

    @property
    def method(self):
        return self.report.method

    @property
    def c(self) -> str:
        """What goes between a label and its value: ': ', or no-break space + ': ' in French."""
        return colon(self.lang)

    @property
    def sc(self) -> str:
        """'; ' or, in French, no-break space + '; '."""
        return "\u00a0; " if self.lang == "fr" else "; "

    @property
    def pct_sign(self) -> str:
        """' %' after a number: no-break space + '%' in French, '%' in English."""
        return "\u00a0%" if self.lang == "fr" else "%"

    def pct(self, fraction: float | None) -> str:
        """A share as a percentage in the report's language ('75%', '75 %')."""
        return percent(fraction, self.lang)

    def num(self, value: float | None, kind: str = "score") -> str:
        """A number in the report's language (decimal comma in French)."""
        return fmt(value, kind, self.lang)

    def date(self, value) -> str:
        """A date as the report's readers write it ('3 December 2026', '3 décembre 2026')."""
        return date_text(value, self.lang)

    def stored_date(self, value) -> str:
        """A stored date in a sentence: as stored (ISO) in English, '1er janvier 2025' in French."""
        return date_text(value, self.lang) if self.lang == "fr" and value else ("" if value is None else str(value))

    def short_date(self, value) -> str:
        """A date in a table column: as stored (ISO) in English, day/month/year in French."""
        return short_date(value, self.lang)

    def status(self, value: str) -> str:
        """A stored status or priority in the report's language."""
        return value_label(value, self.lang)

    def missing_language_notice(self) -> str:
        """The cover's notice when the framework file has no text in the report's language ('' if it has)."""
        if self.lang in self.fw.languages:
            return ""
        return self.t("{framework} has no text in this language: its titles, guidance and scales are shown "
                      "in English.").format(framework=self.fw.title_with_edition(self.lang))

    def t(self, text: str) -> str:
        """The export's own wording in the report's language (npmassess.i18n's catalogue)."""
        return translate_to(self.lang, text)

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

    def lights(self, node: Node, report: ScoreReport | None = None) -> list[tuple[str, str, str]]:
        """Side-by-side dimensions of a node: (dimension title, level label or '—', colour)."""
        rep = report or self.report
        out = []
        for did, _score, level in side_by_side(rep, node.id):
            dim = next(d for d in rep.method.dimensions_for(node.type) if d.id == did)
            out.append((dim.title(self.lang), level.label(self.lang) if level else "—", level.colour if level else ""))
        return out

    def lights_text(self, node: Node, report: ScoreReport | None = None) -> str:
        """'Status: Red · Progress: Green': every dimension on its own, never combined."""
        return " · ".join(f"{title}{self.c}{label}" for title, label, _c in self.lights(node, report))

    def bonus_text(self) -> str:
        """'Bonus 2.1 / 3 points; total with bonus 61.1 points.' ('' without bonus criteria)."""
        rep = self.report
        if not rep.max_bonus:
            return ""
        return self.t("Bonus {b} / {m} points; total with bonus {t} points.").format(
            b=self.value_text(rep.bonus_points), m=rep.max_bonus, t=self.value_text(rep.total_with_bonus))

    def grade_text(self) -> str:
        """'Recognition: TQC (more than 350 points).' ('' without grades); provisional until complete."""
        rep, fw = self.report, self.fw
        if not fw.grades:
            return ""
        label = fw.label("grade", self.lang)
        if rep.grade is not None:
            return f"{label}{self.c}{rep.grade.label(self.lang)} ({rep.grade.rule(self.lang)})."
        if rep.missing:
            so_far = (self.t("already {grade}").format(grade=rep.grade_so_far.label(self.lang))
                      if rep.grade_so_far else self.t("none reached yet"))
            return f"{label}{self.c}" + self.t("not final until every item is rated ({so_far}).").format(so_far=so_far)
        return f"{label}{self.c}" + self.t("none reached.")

    def points_extra(self) -> str:
        """Bonus points and grade, as plain sentences ('' when the framework has neither)."""
        return " ".join(x for x in (self.bonus_text(), self.grade_text()) if x)

    def value_text(self, value: float | None, node: Node | None = None, kind: str = "score") -> str:
        """A node or group value as read: '63.5', 'Acceptable (3)' for ordinal, '—' if missing.

        Every number goes through npmassess.numbers (half-up rounding, fixed decimals per kind).
        """
        if node is not None and node.scored and self.report.separate:
            return self.lights_text(node)
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

    def meaning(self, node: Node) -> tuple[str, str, str]:
        """(label, guidance, colour) of the consensus band or level of a scored node."""
        ns = self.report.nodes.get(node.id)
        if ns is None or ns.separate:  # side-by-side lights have no single meaning
            return "", "", ""
        if ns.level is not None:
            return ns.level.label(self.lang), ns.level.guidance(self.lang), ns.level.colour
        if ns.band is not None:
            return ns.band.label(self.lang), ns.band.guidance(self.lang), ns.band.colour
        return "", "", ""

    def is_result(self, node: Node) -> bool:
        return node.type in RESULT_TYPES

    def levels(self):
        """Ordinal levels of the method's results, best first (empty for numeric scales)."""
        if self.method.result_scale is not None:  # highest level met: named on the result scale
            return sorted(self.method.result_scale.levels, key=lambda lv: -lv.value)
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
    from npmassess.process.anonymity import anonymised
    assessment = anonymised(assessment)  # anonymous individual scores: no participant name in any export
    if lang not in ("en", "fr"):
        raise ExportError(_("Language '{lang}' is not supported for exports; use 'en', 'fr' or 'en+fr'.").format(
            lang=lang))
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
        raise ExportError(_("No output file was given."))
    if p.is_dir():
        raise ExportError(_("Cannot write {path}: it is a folder; give a file name ending in {suffix}.").format(
            path=p, suffix=suffix))
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(_("Cannot write {path}: the folder {folder} does not exist.").format(path=p, folder=parent))
    if not os.access(parent, os.W_OK):
        raise ExportError(_("Cannot write {path}: the folder {folder} is not writable.").format(path=p, folder=parent))
    if p.exists() and not os.access(p, os.W_OK):
        raise ExportError(_("Cannot write {path}: the file is read-only or open in another program.").format(path=p))
    return p


def atomic_output(path: os.PathLike | str, suffix: str):
    """A temporary file name beside the checked target; the target is replaced only on success."""
    return fsutil.atomic_output(check_target(path, suffix), ExportError)


def approval_sign_off(a: Assessment, given: dict | None = None) -> dict:
    """The cover's sign-off values: the recorded approval (who, when, note) under what the user gave."""
    values: dict = {}
    if signoff := getattr(a, "signoff", None):
        values = {"approved_by": signoff.get("approved_by", ""), "date": signoff.get("approved_on", "")}
    return {**values, **{k: v for k, v in (given or {}).items() if v}}
