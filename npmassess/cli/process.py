"""CLI subcommands of the assessment process: stage, approve, reopen (more follow: history, agreement...)."""

from __future__ import annotations

from npmassess.cli.base import open_store, out
from npmassess.i18n import _, colon, labelled, ngettext, semicolon
from npmassess.numbers import short_date
from npmassess.process import stages
from npmassess.process.identity import default_user


def _user(args) -> str:
    return (getattr(args, "user", None) or default_user()).strip()


def cmd_stage(args) -> int:
    with open_store(args) as store:
        aid = store.find(args.id)
        if args.stage:
            s = stages.set_stage(store, aid, args.stage, _user(args))
            out(f"{_stage_note(s.note)} ({s.user}, {_when(s.at)})")
        else:
            st = stages.stage(store, aid)
            out(_(stages.STAGE_LABELS[st]))
            for s in stages.history(store, aid):
                kind = _(stages.KIND_LABELS[s.kind]) if s.kind in stages.KIND_LABELS else s.kind
                note = _stage_note(s.note) if s.kind == "stage" else s.note
                out(f"  {_when(s.at)}  {kind:<14} {labelled(s.user, note)}")
    return 0


def _when(at: str) -> str:
    """A recorded time in the language's short form (03/12/2026 17:28:53+00:00 in French)."""
    from npmassess.i18n import current_language
    return short_date(at, current_language())


def _stage_note(note: str) -> str:
    """The note of a stage change ('Individual scoring -> Consensus') with the stage names translated."""
    names = {str(v): _(v) for v in stages.STAGE_LABELS.values()}
    return " -> ".join(names.get(part, part) for part in note.split(" -> "))


def cmd_approve(args) -> int:
    with open_store(args) as store:
        aid = store.find(args.id)
        s = stages.approve(store, aid, _user(args), args.note)
        out(_("Approved by {user} on {date}; the assessment is read-only until reopened.").format(
            user=s.user, date=_when(s.date)))
    return 0


def cmd_reopen(args) -> int:
    with open_store(args) as store:
        aid = store.find(args.id)
        s = stages.reopen(store, aid, _user(args), args.reason)
        out(labelled(_("Reopened by {user} on {date}").format(user=s.user, date=_when(s.date)), s.note))
    return 0


def cmd_anonymous(args) -> int:
    with open_store(args) as store:
        aid = store.find(args.id)
        if args.setting:
            store.set_anonymous(aid, args.setting == "on")
        a = store.load(aid)
        out(labelled(_("Anonymous individual scores"), _("on") if a.anonymous else _("off")))
        for p in a.participants:
            out("  " + labelled(_assessor(a.anonymity[p.id]), p.name))
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
        from npmassess.i18n import current_language
        from npmassess.numbers import fmt as number
        fmt = lambda v: "   —" if v is None else f"{number(v, 'ratio', current_language()):>5}"  # noqa: E731
        metric = _("ordinal") if res.metric == "ordinal" else _("interval")
        out(_("Krippendorff's alpha ({metric}), {raters} assessors, {units} items scored by two or more").format(
            metric=metric, raters=res.raters, units=res.units))
        out(f"{_('Overall'):<8} {fmt(res.overall)}  {_(res.meaning)}")
        for crit in fw.scored_criteria():
            v = res.by_criterion.get(crit.id)
            out(f"{crit.id:<8} {fmt(v)}  {_(agr.meaning(v))}")
        for f in res.flags:
            out(labelled(_("flag"), f"{_assessor(names.get(f.participant_id, '?'))} {f.text}"))
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
        who = lambda g: _("consensus") if g.participant_id is None else _assessor(  # noqa: E731
            names.get(g.participant_id, "?"))
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
            out(_("{framework} ({method}) sets no evidence rule.").format(framework=fw.key, method=a.method))
            return 0
        from npmassess.i18n import current_language
        from npmassess.numbers import fmt as number
        lang = current_language()
        dims = {d.id: d.title() for d in fw.method(a.method).dimensions}
        out(labelled(_("Scores above {threshold} without evidence").format(threshold=number(rep.threshold, "measure", lang)),
                     _("{consensus} consensus, {individual} individual").format(
                         consensus=len(rep.consensus_gaps), individual=len(rep.individual_gaps))))
        for g in rep.gaps:
            out(f"  {g.node_id:<6} {who(g):<24} " + ", ".join(
                f"{dims.get(d, d).lower()} {number(v, 'measure', lang)}" for d, v in g.dimensions))
        out(labelled(_("Evidence held but not attached"), len(rep.held)))
        for n in rep.held:
            out(f"  {n.node_id:<6} {n.text[:70]}")
        if rep.cycle_start:
            out(labelled(_("Evidence dated before the cycle began ({date})").format(
                date=short_date(rep.cycle_start, lang)), len(rep.stale)))
            for n in rep.stale:
                out(f"  {n.node_id:<6} {short_date(n.dated, lang)}  {n.text[:60]}")
        if args.pdf:
            out(_("Wrote {path}").format(path=args.pdf))
    return 0


def cmd_evidence(args) -> int:
    with open_store(args) as store:
        held = True if args.held else False if args.attached else None
        store.set_evidence_meta(args.note, args.dated, held)
        n = store.note(args.note)
        meta = store.load(store._note_assessment(args.note))
        note = next(x for x in meta.notes if x.id == n.id)
        out(labelled(_("Evidence {id}").format(id=note.id), _("dated {date}, {state}").format(
            date=_when(note.dated) or "-", state=_("held but not attached") if note.held else _("attached"))))
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
            out(_("Wrote {path}").format(path=args.file))
            return 0
        for s in steps:
            out(f"{s.number:>2}. [{'x' if s.complete else ' '}] {s.title}")
            line = _("done {date}, owner {owner}").format(date=_when(s.done) or "-", owner=s.owner or "-")
            out("      " + line + (semicolon() + s.note if s.note else ""))
            if s.from_assessment:
                out("      " + labelled(_("the assessment shows"), s.from_assessment))
            for f in s.attachments:
                out("      " + _("file") + " " + (f.label + colon() if f.label else "") + f"{f.path}  ({f.id})")
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
        n = len(s.attachments)
        out(labelled(_("Step {number}. {title}").format(number=s.number, title=s.title), ngettext(
            "done {date}, owner {owner}, {n} document", "done {date}, owner {owner}, {n} documents", n).format(
            date=_when(s.done) or "-", owner=s.owner or "-", n=n)))
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
                raise ValidationError("--node", _("'{node}' is not a node of {framework}").format(
                    node=args.node, framework=store.framework_of(a).key)) from None
        rows = audit.history(store, aid, args.node)
        if args.json:
            out(json.dumps(rows, ensure_ascii=False, indent=1))
            return 0
        names = {p.id: p.name for p in shown_participants(a)}
        if not rows:
            out(_("No recorded changes for {node}.").format(node=args.node) if args.node else _("No recorded changes."))
        for r in rows:
            extra = "".join(["  [" + _("from {file}").format(file=r["source"]) + "]" if r["source"] else "",
                             "  (" + labelled(_("reason"), r["reason"]) + ")" if r["reason"] else ""])
            out(f"{_when(r['at'])}  {labelled(r['user'], audit.describe(r, names))}{extra}")
    return 0


def cmd_verify(args) -> int:
    from npmassess.errors import NpmassessError
    from npmassess.process import audit
    with open_store(args) as store:
        res = audit.verify(store)
    if not res.ok:
        raise NpmassessError(labelled(_("The audit trail of {db} has been tampered with").format(
            db=args.db or _("the database")), res.problem) + ".")
    out(labelled(_("Audit trail intact"), _("{rows} rows, chain head {head}").format(rows=res.rows, head=res.head)))
    return 0


def _assessor(label: str) -> str:
    """'Assessor A' (the anonymous label kept in the file) in the language in use."""
    head, _sep, letter = label.rpartition(" ")
    return _("Assessor {letter}").format(letter=letter) if head == "Assessor" else label


def _with_user(p):
    p.add_argument("--user", help=_("your name as recorded (default: $NPMASSESS_USER or your login)"))
    return p


def parsers(add) -> None:
    p = _with_user(add("stage", _("show an assessment's stage and sign-off history, or move it to "
                             "individual scoring or consensus")))
    p.add_argument("id", help=_("assessment id (or a unique prefix)"))
    p.add_argument("stage", nargs="?", choices=["individual", "consensus"], help=_("the stage to move to"))
    p = _with_user(add("approve", _("approve (sign off) an assessment: it becomes read-only until reopened")))
    p.add_argument("id", help=_("assessment id (or a unique prefix)"))
    p.add_argument("--note", required=True, help=_("the approval note (for example the board decision)"))
    p = _with_user(add("reopen", _("reopen an approved assessment for changes (the reason is kept)")))
    p.add_argument("id", help=_("assessment id (or a unique prefix)"))
    p.add_argument("--reason", required=True, help=_("why it is reopened"))
    p = add("anonymous", _("show individual scores as Assessor A, B, C in the consensus view, workshop mode "
                         "and every export (on/off); prints the mapping, which stays in the file"))
    p.add_argument("id", help=_("assessment id (or a unique prefix)"))
    p.add_argument("setting", nargs="?", choices=["on", "off"], help=_("switch it on or off"))
    p = add("agreement", _("inter-rater agreement (Krippendorff's alpha) per criterion and overall, with flags"))
    p.add_argument("id", help=_("assessment id (or a unique prefix)"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add("evidence-gaps", _("before the consensus meeting: scores above the framework's evidence band with "
                             "no evidence, evidence held but not attached, evidence older than the cycle"))
    p.add_argument("id", help=_("assessment id (or a unique prefix)"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.add_argument("--pdf", metavar=_("FILE"), help=_("also write the report as a PDF"))
    p = add("evidence", _("set an evidence note's date (when the evidence is from) and its held/attached flag"))
    p.add_argument("note", metavar=_("NOTE"), help=_("the evidence note's id (see export-json)"))
    p.add_argument("--dated", metavar=_("YYYY-MM-DD"), help=_("when the evidence is from ('' clears it)"))
    g = p.add_mutually_exclusive_group()
    g.add_argument("--held", action="store_true", help=_("held by the organisation but not attached"))
    g.add_argument("--attached", action="store_true", help=_("attached to the assessment"))
    p = add("dossier", _("the CAF process dossier: print the ten-step checklist, or write it as a PDF with the "
                       "report summary, the improvement plan and its progress"))
    p.add_argument("id", help=_("assessment id (or a unique prefix)"))
    p.add_argument("file", metavar=_("FILE"), nargs="?", help=_("the PDF to write (without it, the checklist is printed)"))
    p = add("dossier-step", _("record a CAF process step: its date, owner, note and documents (file references)"))
    p.add_argument("id", help=_("assessment id (or a unique prefix)"))
    p.add_argument("step", metavar=_("STEP"), type=int, help=_("the step, 1 to 10"))
    p.add_argument("--done", metavar=_("YYYY-MM-DD"), help=_("when the step was completed ('' clears it)"))
    p.add_argument("--owner", help=_("who is responsible"))
    p.add_argument("--note", help=_("what was done"))
    p.add_argument("--attach", metavar=_("PATH"), action="append", help=_("a document for this step (repeatable)"))
    p.add_argument("--label", help=_("a label for the documents attached"))
    p.add_argument("--detach", metavar=_("FILE_ID"), help=_("remove a document reference"))
    p = add("history", _("the audit trail of an assessment: who changed what, when, from which file, why"))
    p.add_argument("id", help=_("assessment id (or a unique prefix)"))
    p.add_argument("--node", help=_("only the changes touching this node (for example 3.2)"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    add("verify", _("check that the audit trail is intact (its hash chain); exit 1 if it was tampered with"))


COMMANDS = {"history": cmd_history, "verify": cmd_verify, "dossier": cmd_dossier, "dossier-step": cmd_dossier_step, "evidence-gaps": cmd_evidence_gaps, "evidence": cmd_evidence, "agreement": cmd_agreement, "anonymous": cmd_anonymous, "stage": cmd_stage, "approve": cmd_approve, "reopen": cmd_reopen}
