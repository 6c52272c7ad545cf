"""Import flow shared by the CLI and the GUI: preview (read-only) then apply (one transaction)."""

from __future__ import annotations

import hmac
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from npmassess.exchange import interchange
from npmassess.exchange import merge
from npmassess.assessment import NOTE_KIND_LABELS, Assessment, now
from npmassess.errors import ImportFileError, ValidationError
from npmassess import counts
from npmassess.i18n import N_, _, listing, ngettext
from npmassess.exchange.kits import kit_seal, read_kit
from npmassess.exchange.packages import Incoming, detect, read_package, sha256
from npmassess.store import Store

KIND_NAMES = {"json": N_("JSON assessment file"), "package": N_("assessment package"),
              "kit-package": N_("scoring kit (package)"), "xlsx-kit": N_("returned Excel scoring kit")}
# what a change is about, in the preview's counts (singular, plural)
_NOUNS = {"score": (N_("score"), N_("scores")), "consensus score": (N_("consensus score"), N_("consensus scores")),
          "assessment field": (N_("assessment field"), N_("assessment fields")),
          "participant": (N_("participant"), N_("participants")), "action": (N_("action"), N_("actions")),
          "rationale": (N_("rationale"), N_("rationales")), "narrative": (N_("narrative"), N_("narratives")),
          "figure": (N_("figure"), N_("figures")), "note": (N_("note"), N_("notes")), "evidence": (N_("evidence"), N_("evidence")),
          "strength": (N_("strength"), N_("strengths")),
          "area for improvement": (N_("area for improvement"), N_("areas for improvement"))}
_VERBS = {"new": N_("new {what}"), "changed": N_("changed {what}"), "removed": N_("removed {what}")}


@dataclass
class ImportPreview:
    """What an import would do. Nothing has been written when you hold one of these."""

    incoming: Incoming
    theirs: Assessment  # the incoming snapshot, participant ids aligned with the store's
    new: bool  # True: creates a new assessment; False: merges into an existing one
    changes: list[merge.Change] = field(default_factory=list)
    participant: str | None = None  # kit returns: only this participant's scores and notes merge
    warnings: list[str] = field(default_factory=list)
    duplicate: bool = False
    target_label: str = ""

    @property
    def assessment_id(self) -> str:
        return self.theirs.id

    @property
    def conflicts(self) -> list[merge.Change]:
        return [c for c in self.changes if c.conflict]

    @property
    def nothing_to_do(self) -> bool:
        return not self.new and not self.changes

    def counts(self) -> Counter:
        """'new participant', 'changed score', 'new strength', ... -> how many (conflicts apart)."""
        out: Counter = Counter()
        for c in self.changes:
            if c.conflict:
                out["conflict"] += 1
                continue
            verb = "new" if c.mine is None else "removed" if c.theirs is None else "changed"
            noun = {"rating": "score", "consensus": "consensus score", "header": "assessment field"}.get(
                c.section, c.section)
            if c.section == "note" and verb == "new":
                noun = NOTE_KIND_LABELS.get(c.theirs[2], "note").lower()
            out[f"{verb} {noun}"] += 1
        return out

    def summary(self) -> str:
        a = self.theirs
        if self.new:
            return _("Import {label} as a new assessment: {counts}.").format(label=a.label, counts=listing([
                counts.participants(len(a.participants)), counts.individual_scores(len(a.ratings)),
                counts.consensus_scores(len(a.consensus)), counts.notes(len(a.notes)),
                counts.actions(len(a.actions))]))
        if self.duplicate:
            return _("Nothing to change in {target}: this kit was already merged (duplicate return).").format(
                target=self.target_label)
        if not self.changes:
            return _("Nothing to change in {target}: the file holds nothing new.").format(target=self.target_label)
        parts = []
        for what, n in sorted(self.counts().items()):
            if what == "conflict":
                continue
            verb, _sep, noun = what.partition(" ")
            one, many = _NOUNS.get(noun, (noun, noun + "s"))
            parts.append(f"{n} " + _(_VERBS.get(verb, "{what}")).format(what=_(one) if n == 1 else _(many)))
        conflicts = len(self.conflicts)
        text = _("Changes to {target}: {parts}").format(target=self.target_label,
                                                       parts=", ".join(parts) or _("none without conflict"))
        if conflicts:
            text += ngettext("; {n} conflict to resolve", "; {n} conflicts to resolve", conflicts).format(n=conflicts)
        return text + "."

    def lines(self) -> list[str]:
        """Human-readable preview: the source, warnings, a summary, then one line per change."""
        inc = self.incoming
        out = [_("{path}: {kind} for {label} ({framework}, method {method}).").format(
            path=inc.path, kind=_(KIND_NAMES.get(inc.kind, inc.kind)), label=self.theirs.label,
            framework=inc.framework.key, method=inc.framework.method(self.theirs.method).title()
            if self.theirs.method in inc.framework.methods else self.theirs.method)]
        out += [_("warning: {text}").format(text=w) for w in self.warnings]
        out.append(self.summary())
        out += ["  " + c.describe() for c in self.changes]
        return out


def _kit_checks(store: Store, inc: Incoming, aid: str, participant: str, preview: ImportPreview) -> None:
    """Stale and duplicate returns, from the store's log of issued kits."""
    kit = inc.kit or {}
    rec = store.kit_record(kit["id"])
    if rec is None:
        raise ImportFileError(_("{path}: this kit was not issued from {store} (no record of kit {kit}); import it "
                                "into the database that issued it. Nothing was imported.").format(
            path=inc.path, store=store.path, kit=kit["id"]))
    if rec["assessment_id"] != aid:
        raise ImportFileError(_("{path}: kit {kit} was issued for another assessment; refused.").format(
            path=inc.path, kit=kit["id"]))
    if rec["participant_id"] != kit.get("participant_id"):
        raise ImportFileError(_("{path}: kit {kit} was issued to another participant; refused.").format(
            path=inc.path, kit=kit["id"]))
    if inc.kind == "kit-package":
        seal = kit.get("seal")
        if not isinstance(seal, str) or not hmac.compare_digest(seal, kit_seal(kit, aid, store.kit_secret())):
            raise ImportFileError(_("{path}: the kit's identifiers in manifest.json were edited or its seal is "
                                    "missing; use the kit as issued. Nothing was imported.").format(path=inc.path))
    issued = [k for k in store.kits_of(aid, rec["participant_id"]) if k["kind"] in ("xlsx", "package")]
    ids = [k["id"] for k in issued]
    later = issued[ids.index(rec["id"]) + 1:] if rec["id"] in ids else []
    if later:
        raise ImportFileError(_("{path}: stale return: kit {kit} (issued {issued}) was replaced by kit {newer} "
                                "issued {newer_issued} for the same participant; import the newer kit instead. "
                                "Nothing was imported.").format(path=inc.path, kit=kit["id"], issued=rec["issued"],
                                                                newer=later[-1]["id"],
                                                                newer_issued=later[-1]["issued"]))
    if rec["returned"]:
        if rec["digest"] == inc.digest:
            preview.duplicate = True
            preview.warnings.append(_("duplicate return: this kit was already merged on {day}; it changes "
                                      "nothing.").format(day=rec["returned"]))
        else:
            preview.warnings.append(_("this kit was already returned on {day} with other content; values changed "
                                      "since the first return show as conflicts.").format(day=rec["returned"]))


def preview_import(store: Store, path: Path | str, as_copy: bool = False) -> ImportPreview:
    """Read and validate a file (JSON, package or Excel kit) and say what importing it would change."""
    inc = read_any(store, Path(path))
    a, fw = inc.assessment, inc.framework
    if as_copy:
        if inc.kind in ("xlsx-kit",):
            raise ImportFileError(_("{path}: a returned Excel kit merges into its assessment; it cannot be "
                                    "imported as a copy.").format(path=inc.path))
        copy = interchange.with_new_ids(a)
        return ImportPreview(inc, copy, True, warnings=list(inc.warnings))
    if not store.exists(a.id):
        return ImportPreview(inc, a, True, warnings=list(inc.warnings))
    mine = inc.mine if inc.mine is not None else store.load(a.id)
    if (mine.framework_id, mine.edition) != (a.framework_id, a.edition):
        raise ImportFileError(_("{path}: is for {framework} but assessment {id} here uses {here}; refused.").format(
            path=inc.path, framework=f"{a.framework_id}@{a.edition}", id=a.id,
            here=f"{mine.framework_id}@{mine.edition}"))
    if mine.method != a.method:
        raise ImportFileError(_("{path}: uses scoring method {method} but the assessment here uses {here}; scores "
                                "cannot be merged. Nothing was imported.").format(
            path=inc.path, method=repr(a.method), here=repr(mine.method)))
    mapping, notes = merge.align_participants(mine, a)
    theirs = merge.remap(a, mapping)
    base = inc.base
    if base is not None and not (inc.kit and store.kit_record(inc.kit["id"])) and not merge.knows_snapshot(store, base):
        notes.append(_("the file's starting point is not known in this database (it was exported elsewhere), so "
                       "every difference between two values is shown as a conflict."))
        base = None
    base = merge.remap(base, mapping) if base is not None else None
    preview = ImportPreview(inc, theirs, False, warnings=list(inc.warnings) + notes, target_label=mine.label)
    if inc.kit:
        preview.participant = mapping.get(inc.kit["participant_id"], inc.kit["participant_id"])
        if inc.mine is not None and preview.participant != inc.kit["participant_id"]:
            mine = store.load_participant(a.id, preview.participant)  # matched by name: their data
        _kit_checks(store, inc, a.id, preview.participant, preview)
        ignored = 0
        if inc.kind == "kit-package" and not preview.duplicate:  # an Excel kit holds nothing else
            ignored = len(merge.diff(fw, mine, theirs, base)) - len(merge.diff(fw, mine, theirs, base,
                                                                              preview.participant))
        if ignored > 0:
            preview.warnings.append(ngettext(
                "{n} difference outside the participant's own scores and notes was ignored (a kit only returns "
                "one person's work).",
                "{n} differences outside the participant's own scores and notes were ignored (a kit only returns "
                "one person's work).", ignored).format(n=ignored))
    if not preview.duplicate:
        preview.changes = merge.diff(fw, mine, theirs, base, preview.participant)
    return preview


def apply_import(store: Store, preview: ImportPreview, resolutions: dict[str, str] | None = None,
                 take: str | None = None) -> str:
    """Write a previewed import in one transaction; returns a sentence saying what was done.

    resolutions: {change.id: "mine" | "theirs"} per conflict; take: the same for every conflict left.
    The audit trail records the imported file as the source of every change.
    """
    from npmassess.process import audit
    with audit.about(store, source=str(preview.incoming.path)):
        return _apply_import(store, preview, resolutions, take)


def _apply_import(store: Store, preview: ImportPreview, resolutions: dict[str, str] | None,
                  take: str | None) -> str:
    inc, a = preview.incoming, preview.theirs
    kit_json = json.dumps(inc.kit, ensure_ascii=False) if inc.kit else ""
    if preview.new:
        if store.exists(a.id):
            raise ValidationError("assessment", _("{id} was created since the preview; preview the import again").format(
                id=a.id))
        interchange.validate(a, inc.framework)
        with store.transaction():
            store.write_assessment(a)
            store.set_sync_base(a.id, interchange.dumps(a, inc.framework, images=False), kit_json)
            merge.remember_snapshot(store, a)
        return _("Imported {label} as {id}.").format(label=a.label, id=a.id)
    if preview.nothing_to_do:
        return preview.summary()
    with store.transaction():
        written = merge.apply(store, a.id, preview.changes, resolutions, take, preview.participant)
        if inc.kit:
            store.mark_kit_returned(inc.kit["id"], now(), inc.digest)
        else:
            store.set_sync_base(a.id, interchange.dumps(a, inc.framework, images=False))
            merge.remember_snapshot(store, a)
            merge.remember_snapshot(store, inc.assessment)
    kept = len(preview.changes) - written
    text = ngettext("Merged {n} change into {target}", "Merged {n} changes into {target}", written).format(
        n=written, target=preview.target_label)
    if kept:
        text += ngettext("; kept this database's value for {n} conflict",
                         "; kept this database's values for {n} conflicts", kept).format(n=kept)
    return text + "."


def import_file(store: Store, path: Path, dry_run: bool = False, as_copy: bool = False,
                confirm: bool = False, take: str | None = None) -> str:
    """Non-interactive import: returns the preview text and what was done.

    A merge into an existing assessment needs confirm=True; conflicts need take='mine'|'theirs'.
    """
    p = preview_import(store, path, as_copy)
    text = "\n".join(p.lines())
    if dry_run:
        return text + "\n" + _("Dry run: nothing was written.")
    if not p.new and not confirm:
        raise ImportFileError(text + "\n" + _("Assessment {id} is already in {store}; nothing was written. Confirm "
                                             "the merge with --yes, or use --as-copy for a separate copy.").format(
            id=p.assessment_id, store=store.path))
    if p.nothing_to_do:
        return text
    open_conflicts = merge.unresolved(p.changes, None, take)
    if open_conflicts:
        raise ImportFileError(text + "\n" + ngettext(
            "{n} conflict unresolved; nothing was written. Choose with --take mine (keep this database's values) "
            "or --take theirs (take the file's values).",
            "{n} conflicts unresolved; nothing was written. Choose with --take mine (keep this database's values) "
            "or --take theirs (take the file's values).", len(open_conflicts)).format(n=len(open_conflicts)))
    return text + "\n" + apply_import(store, p, take=take)


def read_any(store: Store, path: Path) -> Incoming:
    """Read a JSON file, package or returned Excel kit, recognised by content."""
    path = Path(path)
    kind = detect(path)
    if kind == "json":
        a, fw = interchange.read_json(path, store.frameworks)
        text = path.read_text(encoding="utf-8")
        return Incoming(path, "json", a, fw, text, digest=sha256(text.encode("utf-8")))
    if kind == "package":
        return read_package(path, store.frameworks)
    return read_kit(store, path)
