"""CLI `figure` subcommands: add an image or a chart (from a CSV table) to a node's narrative, list, remove."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from npmassess.cli.base import UsageError, open_store, out
from npmassess.figures import CHARTS, Figure, as_dict
from npmassess.i18n import _, labelled


def _assessment(args, store) -> str:
    given = [x for x in (getattr(args, "id", None), getattr(args, "assessment", None)) if x]
    if not given:
        raise UsageError(_("figure {command}: name the assessment (its id, or --assessment ID)").format(
            command=args.figure_command))
    if len(given) == 2 and given[0] != given[1]:
        raise UsageError(_("figure {command}: two different assessments given ({first} and {second})").format(
            command=args.figure_command, first=given[0], second=given[1]))
    return store.find(given[0])


def cmd_figure(args) -> int:
    if not getattr(args, "figure_command", None):
        raise UsageError(_("figure: choose add, list or remove (see --help)"))
    return {"add": _add, "list": _list, "remove": _remove}[args.figure_command](args)


def _add(args) -> int:
    from npmassess import figures_edit
    from npmassess.figure_images import image_figure
    source = Path(args.image or args.data)
    caption = args.caption if args.caption is not None else source.stem
    with open_store(args) as store:
        aid = _assessment(args, store)
        figures_edit.check_node(store, aid, args.node)
        current = store.load(aid).figures.get(args.node, [])
        number = (args.number or "").strip() or figures_edit.next_number(args.node, current)
        images: dict[str, bytes] = {}
        if args.image:
            if args.chart not in (None, "image"):
                raise UsageError(_("figure add: --image makes an image figure; --chart {kind} needs --data").format(
                    kind=args.chart))
            fig, images = image_figure(source, number, caption, alt=args.alt or "", source=args.source or "")
        else:
            columns, rows = figures_edit.read_table(source)
            fig = Figure(number, caption, args.chart or "bar", columns, rows, args.alt or "", args.source or "")
        figures_edit.add_figure(store, aid, args.node, fig, images, replace=args.replace, position=args.position)
        replaced = any(f.number == number for f in current)
        verb = _("Replaced figure {number} on {node}") if replaced else _("Added figure {number} to {node}")
        out(labelled(verb.format(number=number, node=args.node), figures_edit.summary(fig)) + ".")
        if not fig.alt.strip():
            sys.stderr.write(_("warning: {text}").format(text=_(
                "figure {number} has no alternative text (--alt); readers who cannot see it get: {alt}").format(
                number=number, alt=fig.alt_text())) + "\n")
    return 0


def _list(args) -> int:
    from npmassess import figures_edit
    with open_store(args) as store:
        aid = _assessment(args, store)
        found = figures_edit.figures_of(store, aid, args.node)
        if args.json:
            out(json.dumps({n: [as_dict(f) for f in figs] for n, figs in found.items()}, ensure_ascii=False,
                           indent=1))
            return 0
        if not found:
            where = _("on {node}").format(node=args.node) if args.node else _("in this assessment")
            out(_("No figures {where}.").format(where=where))
        for node, figs in found.items():
            for f in figs:
                out(f"{node}  {f.number}  {figures_edit.summary(f)}")
    return 0


def _remove(args) -> int:
    from npmassess import figures_edit
    with open_store(args) as store:
        aid = _assessment(args, store)
        gone = figures_edit.remove_figure(store, aid, args.node, args.number)
        out(labelled(_("Removed figure {number} from {node}").format(number=gone.number, node=args.node),
                     figures_edit.summary(gone)) + ".")
        from npmassess.narrative import named_figures
        if gone.number.lower() in named_figures(store.load(aid).narratives.get(args.node, "")):
            sys.stderr.write(_("warning: {text}").format(text=_(
                "the narrative of {node} still names figure {number}: change or remove that reference.").format(
                node=args.node, number=gone.number)) + "\n")
    return 0


def parsers(add) -> None:
    from npmassess.cli.base import Parser
    p = add("figure", _("Figures of an assessment's narratives: add an image or a chart, list them, remove one."))
    sub = p.add_subparsers(dest="figure_command", metavar=_("SUBCOMMAND"), parser_class=Parser)

    def cmd(name: str, text: str):
        s = sub.add_parser(name, help=text, description=text)
        # given after the subcommand too; SUPPRESS keeps a value given before it
        s.add_argument("--db", metavar=_("PATH"), default=argparse.SUPPRESS, help=_("database file"))
        s.add_argument("--lang", default=argparse.SUPPRESS, choices=["en", "fr"],
                       help=_("language of the messages (default: $NPMASSESS_LANG or en)"))
        s.add_argument("id", nargs="?", help=_("assessment id (or a unique prefix)"))
        s.add_argument("--assessment", metavar="ID", help=_("the assessment (instead of the id argument)"))
        return s
    s = cmd("add", _("Add a figure to a node: an image (PNG or JPEG) or a chart of a small CSV table."))
    s.add_argument("--node", required=True, metavar=_("NODE"), help=_("the node whose narrative shows it, e.g. 7.1"))
    what = s.add_mutually_exclusive_group(required=True)
    what.add_argument("--image", metavar=_("FILE"), help=_("a PNG or JPEG image"))
    what.add_argument("--data", metavar=_("FILE"), help=_("a CSV table: first line the column names, then one row "
                                                         "per category (year, unit...) with its values"))
    s.add_argument("--chart", choices=[c for c in CHARTS if c != "image"],
                   help=_("how --data is drawn (default: bar)"))
    s.add_argument("--number", metavar="N", help=_("the figure's number as the award numbers it (default: the "
                                                   "node's next, e.g. 7.1-2)"))
    s.add_argument("--caption", metavar=_("TEXT"), help=_("the caption (default: the file's name)"))
    s.add_argument("--alt", metavar=_("TEXT"), help=_("alternative text: what the figure shows, for readers who "
                                                      "cannot see it"))
    s.add_argument("--source", metavar=_("TEXT"), help=_("where the data come from"))
    s.add_argument("--position", type=int, metavar="N", help=_("its place among the node's figures, from 1 "
                                                               "(default: last)"))
    s.add_argument("--replace", action="store_true", help=_("replace the node's figure with this number"))
    s = cmd("list", _("List the figures of an assessment (or of one node)."))
    s.add_argument("--node", metavar=_("NODE"))
    s.add_argument("--json", action="store_true", help=_("machine-readable output"))
    s = cmd("remove", _("Remove a node's figure by its number."))
    s.add_argument("--node", required=True, metavar=_("NODE"))
    s.add_argument("--number", required=True, metavar="N")


COMMANDS = {"figure": cmd_figure}
