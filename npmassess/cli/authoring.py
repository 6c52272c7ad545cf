"""CLI: `frameworks export-authoring` and `frameworks import-authoring` (authoring workbooks)."""

from __future__ import annotations

from npmassess.cli.base import Parser, out
from npmassess.frameworks import library
from npmassess.i18n import _, labelled
from npmassess.frameworks.authoring import export_authoring
from npmassess.frameworks.authoring_import import import_authoring


def add_subcommands(frameworks_parser) -> None:
    """`frameworks [list]`, `frameworks export-authoring ID EDITION FILE`, `frameworks import-authoring FILE`."""
    sp = frameworks_parser.add_subparsers(dest="action", metavar=_("ACTION"), parser_class=Parser)
    sp.add_parser("list", help=_("list the bundled and user frameworks (the default)"))
    e = sp.add_parser("export-authoring", help=_("write a framework as an authoring workbook (.xlsx)"),
                      description=_("Write a framework as an authoring workbook to edit in Excel or LibreOffice."))
    e.add_argument("id", help=_("framework id, e.g. efqm"))
    e.add_argument("edition", metavar=_("EDITION"), help=_("edition, e.g. 2020"))
    e.add_argument("file", metavar=_("FILE"), help=_("the workbook to write (.xlsx)"))
    i = sp.add_parser("import-authoring", help=_("check an authoring workbook and add it to your frameworks"),
                      description=_("Check an authoring workbook and write it as a framework file in your "
                                  "frameworks folder; nothing is written if any rule is broken."))
    i.add_argument("file", metavar=_("FILE"), help=_("the authoring workbook (.xlsx)"))


def run(args) -> int | None:
    """Run an authoring action; None when the action is the plain listing."""
    if args.action == "export-authoring":
        fw = library().get(args.id, args.edition)
        export_authoring(fw, args.file)
        out(labelled(_("Wrote {path} ({framework})").format(path=args.file, framework=fw.title_with_edition()),
                     _("sheets Framework, Tree, Scales, Methods.")))
        return 0
    if args.action == "import-authoring":
        fw, path = import_authoring(args.file)
        out(_("Added {framework} ({key}, {n} scored nodes) as {path}").format(
            framework=fw.title_with_edition(), key=fw.key, n=len(fw.scored_nodes()), path=path))
        return 0
    return None
