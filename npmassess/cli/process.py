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


COMMANDS = {"anonymous": cmd_anonymous, "stage": cmd_stage, "approve": cmd_approve, "reopen": cmd_reopen}
