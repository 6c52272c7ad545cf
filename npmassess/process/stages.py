"""Stages of an assessment (individual scoring -> consensus -> approved) and its sign-off.

An approved assessment is read-only: the store's triggers refuse every write to it (see
npmassess.store.lock) until it is reopened with a reason. Approvals and reopenings are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from npmassess.errors import ApprovedError, ValidationError
from npmassess.i18n import N_, _
from npmassess.process.identity import check_user
from npmassess.validation import check_text

STAGES = ("individual", "consensus", "approved")
STAGE_LABELS = {"individual": N_("Individual scoring"), "consensus": N_("Consensus"), "approved": N_("Approved")}
KIND_LABELS = {"stage": N_("Stage changed"), "approved": N_("Approved"), "reopened": N_("Reopened")}


@dataclass(frozen=True)
class SignOff:
    """One entry of the sign-off log: an approval, a reopening or a stage change."""

    kind: str
    user: str
    at: str
    note: str

    @property
    def date(self) -> str:
        return self.at[:10]


def stage(store, assessment_id: str) -> str:
    """The stage of an assessment: individual, consensus or approved."""
    return store.stage_of(assessment_id)


def is_approved(store, assessment_id: str) -> bool:
    return stage(store, assessment_id) == "approved"


def history(store, assessment_id: str) -> list[SignOff]:
    """Every approval, reopening and stage change, oldest first."""
    return [SignOff(**r) for r in store.signoff_rows(assessment_id)]


def approval(store, assessment_id: str) -> SignOff | None:
    """The approval in force (None unless the assessment is approved now)."""
    if not is_approved(store, assessment_id):
        return None
    return next((s for s in reversed(history(store, assessment_id)) if s.kind == "approved"), None)


def set_stage(store, assessment_id: str, new_stage: str, user: str) -> SignOff:
    """Move between individual scoring and consensus (approval has its own function)."""
    user = check_user(user)
    if new_stage not in ("individual", "consensus"):
        raise ValidationError("stage", _("must be individual or consensus, not {value} (use approve to "
                                        "approve)").format(value=repr(new_stage)))
    current = stage(store, assessment_id)
    if current == "approved":
        raise ApprovedError(locked_message(store, assessment_id))
    if current == new_stage:
        raise ValidationError("stage", _("the assessment is already at {stage}").format(
            stage=_(STAGE_LABELS[new_stage]).lower()))
    return SignOff(**_log(store.write_stage(assessment_id, new_stage, "stage", user,
                                            f"{STAGE_LABELS[current]} -> {STAGE_LABELS[new_stage]}")))


def approve(store, assessment_id: str, user: str, note: str = "") -> SignOff:
    """Approve (sign off) an assessment: it becomes read-only until reopened."""
    user = check_user(user)
    note = check_text("approval note", note, False, 5_000).strip()
    if is_approved(store, assessment_id):
        raise ApprovedError(locked_message(store, assessment_id))
    return SignOff(**_log(store.write_stage(assessment_id, "approved", "approved", user, note)))


def reopen(store, assessment_id: str, user: str, reason: str) -> SignOff:
    """Reopen an approved assessment for changes; the reason is required and kept."""
    user = check_user(user)
    reason = check_text("reason for reopening", reason, True, 5_000).strip()
    if not is_approved(store, assessment_id):
        raise ValidationError("reopen", _("{assessment} is not approved, so there is nothing to reopen").format(
            assessment=_label(store, assessment_id)))
    return SignOff(**_log(store.write_stage(assessment_id, "consensus", "reopened", user, reason)))


def _log(row: dict) -> dict:
    return {k: row[k] for k in ("kind", "user", "at", "note")}


def _label(store, assessment_id: str) -> str:
    h = store.load_header(assessment_id)
    return f"Assessment '{h['organisation']} / {h['unit']} ({h['cycle']})'"


def locked_message(store, assessment_id: str) -> str:
    """Why a write was refused: names the assessment, who approved it and when."""
    try:
        label = _label(store, assessment_id)
        ok = next((s for s in reversed(history(store, assessment_id)) if s.kind == "approved"), None)
    except Exception:  # the message must never fail
        label, ok = "This assessment", None
    who = f" by {ok.user} on {ok.date}" if ok else ""
    return (f"{label} was approved{who} and is read-only; reopen it with a reason before changing it.")


def signoff_block(store, assessment_id: str) -> dict | None:
    """What an export's sign-off block shows for an approved assessment (None if not approved)."""
    ok = approval(store, assessment_id)
    if ok is None:
        return None
    return {"status": STAGE_LABELS["approved"], "approved_by": ok.user, "approved_on": ok.date,
            "approved_at": ok.at, "note": ok.note}
