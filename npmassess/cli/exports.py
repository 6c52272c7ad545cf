"""CLI subcommand 'export' (PDF, Excel, application document)."""

from __future__ import annotations

import sys

from npmassess.cli.base import UsageError, open_store, out
from npmassess.i18n import _


def parsers(add) -> None:
    s = add("export", "Export one assessment: PDF capability review, Excel workbook, award application PDF.")
    s.add_argument("id", help="assessment id (a unique prefix is enough)")
    s.add_argument("--pdf", metavar="FILE", help="write the PDF capability review")
    s.add_argument("--xlsx", metavar="FILE", help="write the Excel workbook")
    s.add_argument("--application", metavar="FILE",
                   help="write the award application document (frameworks with an application format, e.g. Baldrige)")
    s.add_argument("--page-size", default="A4", choices=["A4", "Letter"], help="PDF page size (default A4)")
    s.add_argument("--audit", action="store_true", help=_("add the audit trail as an appendix to the PDF"))
    s.add_argument("--no-history", action="store_true",
                   help="leave out the comparison with the unit's previous cycles (included when there are any)")
    s.add_argument("--no-results", action="store_true",
                   help="leave out the results register (measures, charts, performance report)")


def cmd_export(args) -> int:
    from npmassess.exports.common import snapshot  # each exporter is imported only when asked for
    if not (args.pdf or args.xlsx or args.application):
        raise UsageError(_("export: give at least one of --pdf FILE, --xlsx FILE or --application FILE"))
    with open_store(args) as store:
        a, fw = snapshot(store, args.id)
        if args.audit:
            from npmassess.process import audit
            a.audit_trail = audit.for_export(store, a)
        history = None
        if not args.no_history and (args.pdf or args.xlsx):
            from npmassess.comparison import unit_history
            history = unit_history(store, a.id, upto=True)
        results = None
        if not args.no_results:
            from npmassess.results.figures import results_data
            results = results_data(store, a.id)
    langs = args.lang.split("+")  # en+fr: a bilingual PDF; the workbook and application use the first
    for code in langs:
        if code not in fw.languages:
            sys.stderr.write(_("warning: {framework} has no text in '{lang}': its framework texts are in English "
                               "(the cover says so)").format(framework=fw.title_with_edition(), lang=code) + "\n")
    if args.xlsx:
        from npmassess.exports.xlsx.workbook import export_xlsx
        export_xlsx(a, fw, args.xlsx, lang=langs[0], history=history, results=results)
        out(_("Wrote {path}").format(path=args.xlsx))
    if args.pdf:
        from npmassess.exports.pdf.document import export_pdf
        export_pdf(a, fw, args.pdf, page_size=args.page_size, lang=args.lang, history=history,
                   results=results)
        out(_("Wrote {path}").format(path=args.pdf))
    if args.application:
        from npmassess.exports.pdf.application import export_application
        warnings = export_application(a, fw, args.application, page_size=args.page_size, lang=langs[0],
                                      results=results)
        out(_("Wrote {path}").format(path=args.application))
        for w in warnings:
            sys.stderr.write(_("warning: {text}").format(text=w) + "\n")
    return 0


COMMANDS = {"export": cmd_export}
