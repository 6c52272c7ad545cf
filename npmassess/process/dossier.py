"""The CAF process dossier: the ten steps of the CAF process as a checklist with dates, owners, files.

Steps and phases follow the CAF 2020 guidelines, chapter IV (10 steps in 3 phases). Source note
(authors only): step 1's wording is verified for CAF 2020; steps 2-8 follow the CAF 2013
guidance and the EIPA eTool; the wording of steps 9 and 10 is unverified, their content confirmed.
The dossier stays editable after approval: steps 7-10 happen after the report is approved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from npmassess.errors import ValidationError
from npmassess.process import dossier_applies
from npmassess.i18n import N_, _, current_language
from npmassess.validation import check_date, check_text

# Titles from the English CAF 2020 guideline; their French (in the catalogue) is our translation.
PHASES = {1: N_("Start of the CAF journey"), 2: N_("Self-assessment process"),
          3: N_("Improvement plan / prioritisation")}
# (step, phase, title, what the dossier should hold)
STEPS: tuple[tuple[int, int, str, str], ...] = (
    (1, 1, N_("Decide how to organise and plan the self-assessment"), N_("the decision to start, scope and plan")),
    (2, 1, N_("Communicate the self-assessment project"), N_("the communication plan and what was sent")),
    (3, 2, N_("Compose one or more self-assessment groups"), N_("the group composition")),
    (4, 2, N_("Organise training"), N_("training dates, material and attendance")),
    (5, 2, N_("Undertake the self-assessment"), N_("individual assessment (5A) and consensus in the group (5B)")),
    (6, 2, N_("Draw up a report describing the results of the self-assessment"), N_("the report and its approval")),
    (7, 3, N_("Draft an improvement plan, based on the accepted self-assessment report"), N_("the improvement plan")),
    (8, 3, N_("Communicate the improvement plan"), N_("how and when the plan was communicated")),
    (9, 3, N_("Implement the improvement plan"), N_("progress of the actions")),
    (10, 3, N_("Plan the next self-assessment"), N_("the date and scope of the next cycle")),
)
STEP_IDS = tuple(s[0] for s in STEPS)


@dataclass
class Attachment:
    id: str
    path: str
    label: str
    added: str


@dataclass
class Step:
    number: int
    phase: int
    title: str
    holds: str
    done: str = ""  # ISO date the step was completed
    owner: str = ""
    note: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    from_assessment: str = ""  # what the assessment itself shows for this step

    @property
    def complete(self) -> bool:
        return bool(self.done)


applies = dossier_applies  # the rule lives in the package, which the GUI reads without this module


def _check_step(step: int) -> int:
    if isinstance(step, bool) or not isinstance(step, int) or step not in STEP_IDS:
        raise ValidationError("step", _("must be a CAF process step from 1 to 10, not {step}").format(step=repr(step)))
    return step


def _require_caf(store, assessment_id: str):
    fw = store.framework_of(assessment_id)
    if not applies(fw):
        raise ValidationError("dossier", _("the process dossier follows the CAF process; {framework} has none").format(
            framework=fw.key))
    return fw


def steps(store, assessment_id: str) -> list[Step]:
    """The ten steps with what was recorded and what the assessment itself shows."""
    fw = _require_caf(store, assessment_id)
    rows, files = store.dossier_rows(assessment_id)
    a = store.load(assessment_id)
    hints = derived(fw, a)
    out = []
    for number, phase, title, holds in STEPS:
        r = rows.get(number, {})
        out.append(Step(number, phase, _(title), _(holds), r.get("done", ""), r.get("owner", ""), r.get("note", ""),
                        [Attachment(f["id"], f["path"], f["label"], f["added"]) for f in files if f["step"] == number],
                        hints.get(number, "")))
    return out


def derived(fw, a) -> dict[int, str]:
    """What the assessment shows for steps 3, 5, 6, 7 and 9 (group, scores, approval, plan, progress)."""
    from npmassess import scoring
    from npmassess.numbers import percent
    from npmassess.process.stages import STAGE_LABELS
    out = {3: _("{n} assessors recorded").format(n=len(a.participants))}
    rep = scoring.score(fw, a)
    stage = _(STAGE_LABELS[a.stage]) if a.stage in STAGE_LABELS else a.stage
    out[5] = _("stage: {stage}; consensus scores for {share} of the nodes").format(
        stage=stage, share=percent(rep.completeness, current_language()))
    if a.signoff:
        out[6] = _("approved by {who} on {when}").format(who=a.signoff['approved_by'], when=a.signoff['approved_on'])
    else:
        out[6] = _("not approved yet")
    out[7] = _("{n} improvement actions").format(n=len(a.actions))
    out[9] = progress_text(a)
    return out


def progress(a) -> dict[str, int]:
    """Actions by status."""
    counts: dict[str, int] = {}
    for x in a.actions:
        counts[x.status] = counts.get(x.status, 0) + 1
    return counts


def progress_text(a) -> str:
    counts = progress(a)
    live = len(a.actions) - counts.get("cancelled", 0)
    if not live:
        return _("no actions yet")
    done = counts.get("done", 0)
    from npmassess.numbers import percent
    return _("{done} of {live} actions done ({share}), {busy} in progress").format(
        done=done, live=live, share=percent(done / live, current_language()), busy=counts.get("in progress", 0))


def set_step(store, assessment_id: str, step: int, done: str | None = None, owner: str | None = None,
             note: str | None = None) -> dict[str, str]:
    """Record a step's completion date, owner and/or note; returns the old values (for undo)."""
    _require_caf(store, assessment_id)
    step = _check_step(step)
    fields = {}
    if done is not None:
        fields["done"] = check_date(f"step {step} date", done)
    if owner is not None:
        fields["owner"] = check_text(f"step {step} owner", owner, False, 200).strip()
    if note is not None:
        fields["note"] = check_text(f"step {step} note", note, False, 20_000)
    return store.write_dossier_step(assessment_id, step, fields)


def attach(store, assessment_id: str, step: int, path: str, label: str = "") -> str:
    """Attach a file reference (the path as given; the file itself stays where it is)."""
    _require_caf(store, assessment_id)
    step = _check_step(step)
    path = check_text(f"step {step} attachment", path, True, 4_000).strip()
    label = check_text(f"step {step} attachment label", label, False, 300).strip()
    return store.write_dossier_file(assessment_id, step, path, label)


def detach(store, file_id: str) -> dict:
    return store.delete_dossier_file(file_id)
