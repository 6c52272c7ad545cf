"""CLI subcommands of the assessment process: stage, approve, reopen (more follow: history, agreement...)."""

from __future__ import annotations

from npmassess.cli.base import open_store, out
from npmassess.process import stages
from npmassess.process.identity import default_user


def _user(args) -> str:
    return (getattr(args, "user", None) or default_user()).strip()


def cmd_stage(args) -> int:
    with open_store(args) as store:
        aid = store.find(args.id)
        if args.stage:
            s = stages.set_stage(store, aid, args.stage, _user(args))
            out(f"{s.note} ({s.user}, {s.at})")
        else:
            st = stages.stage(store, aid)
            out(stages.STAGE_LABELS[st])
            for s in stages.history(store, aid):
                out(f"  {s.at}  {stages.KIND_LABELS.get(s.kind, s.kind):<14} {s.user}: {s.note}")
    return 0


def cmd_approve(args) -> int:
    with open_store(args) as store:
        aid = store.find(args.id)
        s = stages.approve(store, aid, _user(args), args.note)
        out(f"Approved by {s.user} on {s.date}; the assessment is read-only until reopened.")
    return 0


def cmd_reopen(args) -> int:
    with open_store(args) as store:
        aid = store.find(args.id)
        s = stages.reopen(store, aid, _user(args), args.reason)
        out(f"Reopened by {s.user} on {s.date}: {s.note}")
    return 0


def cmd_anonymous(args) -> int:
    with open_store(args) as store:
        aid = store.find(args.id)
        if args.setting:
            store.set_anonymous(aid, args.setting == "on")
        a = store.load(aid)
        out(f"Anonymous individual scores: {'on' if a.anonymous else 'off'}")
        for p in a.participants:
            out(f"  {a.anonymity[p.id]}: {p.name}")
    return 0


def cmd_agreement(args) -> int:
    import json

    from npmassess.process import agreement as agr
    from npmassess.process.anonymity import shown_participants
    with open_store(args) as store:
        a = store.load(store.find(args.id))
        fw = store.framework_of(a)
        res = agr.assess_agreement(fw, a)
        names = {p.id: p.name for p in shown_participants(a)}
        if args.json:
            out(json.dumps({"metric": res.metric, "overall": res.overall, "meaning": res.meaning,
                            "raters": res.raters, "units": res.units, "by_criterion": res.by_criterion,
                            "flags": [{"assessor": names.get(f.participant_id), "kind": f.kind, "text": f.text}
                                      for f in res.flags]}, ensure_ascii=False, indent=1))
            return 0
        fmt = lambda v: "   —" if v is None else f"{v:5.2f}"  # noqa: E731
        out(f"Krippendorff's alpha ({res.metric}), {res.raters} assessors, {res.units} items scored by two or more")
        out(f"Overall  {fmt(res.overall)}  {res.meaning}")
        for crit in fw.scored_criteria():
            v = res.by_criterion.get(crit.id)
            out(f"{crit.id:<8} {fmt(v)}  {agr.meaning(v)}")
        for f in res.flags:
            out(f"flag: {names.get(f.participant_id, '?')} {f.text}")
    return 0


def cmd_evidence_gaps(args) -> int:
    import json

    from npmassess.process import evidence as ev
    from npmassess.process.anonymity import shown_participants
    with open_store(args) as store:
        a = store.load(store.find(args.id))
        fw = store.framework_of(a)
        rep = ev.report(fw, a)
        names = {p.id: p.name for p in shown_participants(a)}
        who = lambda g: "consensus" if g.participant_id is None else names.get(g.participant_id, "?")  # noqa: E731
        if args.pdf:
            from npmassess.exports.pdf.evidence_gaps import export_evidence_gaps
            export_evidence_gaps(a, fw, args.pdf)
        if args.json:
            out(json.dumps({"threshold": rep.threshold, "cycle_start": rep.cycle_start,
                            "gaps": [{"node": g.node_id, "scored_by": who(g), "scores": dict(g.dimensions)}
                                     for g in rep.gaps],
                            "held": [{"node": n.node_id, "note": n.id, "text": n.text} for n in rep.held],
                            "stale": [{"node": n.node_id, "note": n.id, "dated": n.dated} for n in rep.stale]},
                           ensure_ascii=False, indent=1))
            return 0
        if rep.threshold is None:
            out(f"{fw.key} ({a.method}) sets no evidence rule.")
            return 0
        out(f"Scores above {rep.threshold} without evidence: {len(rep.consensus_gaps)} consensus, "
            f"{len(rep.individual_gaps)} individual")
        for g in rep.gaps:
            out(f"  {g.node_id:<6} {who(g):<24} " + ", ".join(f"{d} {v:g}" for d, v in g.dimensions))
        out(f"Evidence held but not attached: {len(rep.held)}")
        for n in rep.held:
            out(f"  {n.node_id:<6} {n.text[:70]}")
        if rep.cycle_start:
            out(f"Evidence dated before the cycle began ({rep.cycle_start}): {len(rep.stale)}")
            for n in rep.stale:
                out(f"  {n.node_id:<6} {n.dated}  {n.text[:60]}")
        if args.pdf:
            out(f"Wrote {args.pdf}")
    return 0


def cmd_evidence(args) -> int:
    with open_store(args) as store:
        held = True if args.held else False if args.attached else None
        store.set_evidence_meta(args.note, args.dated, held)
        n = store.note(args.note)
        meta = store.load(store._note_assessment(args.note))
        note = next(x for x in meta.notes if x.id == n.id)
        out(f"Evidence {note.id}: dated {note.dated or '-'}, {'held but not attached' if note.held else 'attached'}")
    return 0


def cmd_dossier(args) -> int:
    from npmassess.process import dossier
    with open_store(args) as store:
        aid = store.find(args.id)
        steps = dossier.steps(store, aid)
        if args.file:
            from npmassess.exports.pdf.dossier import export_dossier
            a = store.load(aid)
            export_dossier(a, store.framework_of(a), steps, args.file)
            out(f"Wrote {args.file}")
            return 0
        for s in steps:
            out(f"{s.number:>2}. [{'x' if s.complete else ' '}] {s.title}")
            out(f"      done {s.done or '-'}, owner {s.owner or '-'}" + (f"; {s.note}" if s.note else ""))
            if s.from_assessment:
                out(f"      the assessment shows: {s.from_assessment}")
            for f in s.attachments:
                out(f"      file {f.label + ': ' if f.label else ''}{f.path}  ({f.id})")
    return 0


def cmd_dossier_step(args) -> int:
    from npmassess.process import dossier
    with open_store(args) as store:
        aid = store.find(args.id)
        dossier.set_step(store, aid, args.step, args.done, args.owner, args.note)
        for path in args.attach or []:
            dossier.attach(store, aid, args.step, path, args.label or "")
        if args.detach:
            dossier.detach(store, args.detach)
        s = next(x for x in dossier.steps(store, aid) if x.number == args.step)
        out(f"Step {s.number}. {s.title}: done {s.done or '-'}, owner {s.owner or '-'}, "
            f"{len(s.attachments)} document(s)")
    return 0


def cmd_history(args) -> int:
    import json

    from npmassess.process import audit
    from npmassess.process.anonymity import shown_participants
    with open_store(args) as store:
        aid = store.find(args.id)
        a = store.load(aid)
        if args.node:
            try:
                store.framework_of(a).node(args.node)
            except KeyError:
                from npmassess.errors import ValidationError
                raise ValidationError("--node", f"'{args.node}' is not a node of {store.framework_of(a).key}") from None
        rows = audit.history(store, aid, args.node)
        if args.json:
            out(json.dumps(rows, ensure_ascii=False, indent=1))
            return 0
        names = {p.id: p.name for p in shown_participants(a)}
        if not rows:
            out("No recorded changes" + (f" for {args.node}." if args.node else "."))
        for r in rows:
            extra = "".join([f"  [from {r['source']}]" if r["source"] else "",
                             f"  (reason: {r['reason']})" if r["reason"] else ""])
            out(f"{r['at']}  {r['user']}: {audit.describe(r, names)}{extra}")
    return 0


def cmd_verify(args) -> int:
    from npmassess.errors import NpmassessError
    from npmassess.process import audit
    with open_store(args) as store:
        res = audit.verify(store)
    if not res.ok:
        raise NpmassessError(f"The audit trail of {args.db or 'the database'} has been tampered with: {res.problem}.")
    out(f"Audit trail intact: {res.rows} rows, chain head {res.head}")
    return 0


def _with_user(p):
    p.add_argument("--user", help="your name as recorded (default: $NPMASSESS_USER or your login)")
    return p


def parsers(add) -> None:
    p = _with_user(add("stage", "show an assessment's stage and sign-off history, or move it to "
                             "individual scoring or consensus"))
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("stage", nargs="?", choices=["individual", "consensus"], help="the stage to move to")
    p = _with_user(add("approve", "approve (sign off) an assessment: it becomes read-only until reopened"))
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("--note", required=True, help="the approval note (for example the board decision)")
    p = _with_user(add("reopen", "reopen an approved assessment for changes (the reason is kept)"))
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("--reason", required=True, help="why it is reopened")
    p = add("anonymous", "show individual scores as Assessor A, B, C in the consensus view, workshop mode "
                         "and every export (on/off); prints the mapping, which stays in the file")
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("setting", nargs="?", choices=["on", "off"], help="switch it on or off")
    p = add("agreement", "inter-rater agreement (Krippendorff's alpha) per criterion and overall, with flags")
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = add("evidence-gaps", "before the consensus meeting: scores above the framework's evidence band with "
                             "no evidence, evidence held but not attached, evidence older than the cycle")
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--pdf", metavar="FILE", help="also write the report as a PDF")
    p = add("evidence", "set an evidence note's date (when the evidence is from) and its held/attached flag")
    p.add_argument("note", help="the evidence note's id (see export-json)")
    p.add_argument("--dated", metavar="YYYY-MM-DD", help="when the evidence is from ('' clears it)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--held", action="store_true", help="held by the organisation but not attached")
    g.add_argument("--attached", action="store_true", help="attached to the assessment")
    p = add("dossier", "the CAF process dossier: print the ten-step checklist, or write it as a PDF with the "
                       "report summary, the improvement plan and its progress")
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("file", nargs="?", help="the PDF to write (without it, the checklist is printed)")
    p = add("dossier-step", "record a CAF process step: its date, owner, note and documents (file references)")
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("step", type=int, help="the step, 1 to 10")
    p.add_argument("--done", metavar="YYYY-MM-DD", help="when the step was completed ('' clears it)")
    p.add_argument("--owner", help="who is responsible")
    p.add_argument("--note", help="what was done")
    p.add_argument("--attach", metavar="PATH", action="append", help="a document for this step (repeatable)")
    p.add_argument("--label", help="a label for the documents attached")
    p.add_argument("--detach", metavar="FILE_ID", help="remove a document reference")
    p = add("history", "the audit trail of an assessment: who changed what, when, from which file, why")
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("--node", help="only the changes touching this node (for example 3.2)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add("verify", "check that the audit trail is intact (its hash chain); exit 1 if it was tampered with")


COMMANDS = {"history": cmd_history, "verify": cmd_verify, "dossier": cmd_dossier, "dossier-step": cmd_dossier_step, "evidence-gaps": cmd_evidence_gaps, "evidence": cmd_evidence, "agreement": cmd_agreement, "anonymous": cmd_anonymous, "stage": cmd_stage, "approve": cmd_approve, "reopen": cmd_reopen}
