"""CLI subcommand 'export' (PDF, Excel, application document)."""

from __future__ import annotations

import sys

from npmassess.cli.base import UsageError, open_store, out
from npmassess.i18n import _, labelled, using_language


def parsers(add) -> None:
    s = add("export", _("Export one assessment: PDF capability review, Excel workbook, award application PDF."))
    s.add_argument("id", help=_("assessment id (a unique prefix is enough)"))
    s.add_argument("--pdf", metavar=_("FILE"), help=_("write the PDF capability review"))
    s.add_argument("--xlsx", metavar=_("FILE"), help=_("write the Excel workbook"))
    s.add_argument("--application", metavar=_("FILE"),
                   help=_("write the award application document (frameworks with an application format, e.g. Baldrige)"))
    s.add_argument("--docx", metavar=_("FILE"), help=_("write the capability review as an editable Word document"))
    s.add_argument("--application-docx", metavar=_("FILE"),
                   help=_("write the award application as an editable Word document"))
    s.add_argument("--anonymous", action="store_true",
                   help=_("show individual scores without names (Assessor A, B, C...) in the PDF and Word reports"))
    s.add_argument("--plan", metavar=_("FILE"), help=_("write the improvement plan alone (.pdf, .docx or .xlsx)"))
    s.add_argument("--status", action="append", metavar=_("STATUS"),
                   help=_("with --plan: only actions with this status (repeat for several; default all)"))
    s.add_argument("--consensus-pack", metavar=_("FILE"),
                   help=_("write the consensus-meeting pack PDF (agenda by divergence, scores, notes, worksheets)"))
    s.add_argument("--threshold", type=float, default=None,
                   help=_("with --consensus-pack: spread above which a node is on the agenda (default 20 points "
                        "or 1 level)"))
    s.add_argument("--summary", metavar=_("FILE"), help=_("write the one-page executive summary PDF"))
    s.add_argument("--sign-off", action="append", metavar=_("FIELD=VALUE"),
                   help=_("fill the cover's sign-off block (prepared_by, approved_by, date, version, classification); "
                        "repeat for several"))
    s.add_argument("--logo", metavar="IMAGE", help=_("an organisation logo (PNG or JPEG) for the report covers"))
    s.add_argument("--page-size", default=None, choices=["A4", "Letter"],
                   help=_("PDF page size (default A4; the award application follows the award's rule, e.g. Letter)"))
    s.add_argument("--audit", action="store_true", help=_("add the audit trail as an appendix to the PDF"))
    s.add_argument("--no-history", action="store_true",
                   help=_("leave out the comparison with the unit's previous cycles (included when there are any)"))
    s.add_argument("--no-results", action="store_true",
                   help=_("leave out the results register (measures, charts, performance report)"))


SIGN_OFF_FIELDS = ("prepared_by", "approved_by", "date", "version", "classification")


def _sign_off(items: list[str] | None) -> dict | None:
    if not items:
        return None
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().replace("-", "_").lower()
        if not sep or key not in SIGN_OFF_FIELDS:
            raise UsageError(labelled(f"--sign-off '{item}'", _("use FIELD=VALUE with FIELD one of {fields}").format(
                fields=", ".join(SIGN_OFF_FIELDS))))
        out[key] = value.strip()
    return out


def cmd_export(args) -> int:
    from npmassess.exports.common import snapshot  # each exporter is imported only when asked for
    sign_off = _sign_off(args.sign_off)
    if not (args.pdf or args.xlsx or args.application or args.docx or args.application_docx or args.plan
            or args.consensus_pack or args.summary):
        raise UsageError(_("export: give at least one of --pdf, --xlsx, --docx, --application, --application-docx, "
                           "--plan, --consensus-pack or --summary with a FILE"))
    with open_store(args) as store:
        a, fw = snapshot(store, args.id)
        if args.audit:
            from npmassess.process import audit
            a.audit_trail = audit.for_export(store, a)
        history = None
        if not args.no_history and (args.pdf or args.xlsx or args.summary):
            from npmassess.comparison import unit_history
            with using_language(args.lang.split("+")[0]):  # its notes and changes in the report's language
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
        export_pdf(a, fw, args.pdf, page_size=args.page_size or "A4", lang=args.lang, history=history,
                   results=results, anonymous=args.anonymous, sign_off=sign_off, logo=args.logo)
        out(_("Wrote {path}").format(path=args.pdf))
    if args.docx:
        from npmassess.exports.docx.report import export_docx
        export_docx(a, fw, args.docx, page_size=args.page_size or "A4", lang=langs[0], anonymous=args.anonymous,
                    sign_off=sign_off, logo=args.logo)
        out(_("Wrote {path}").format(path=args.docx))
    if args.application_docx:
        from npmassess.exports.docx.application import export_application_docx
        export_application_docx(a, fw, args.application_docx, page_size=args.page_size, lang=langs[0],
                                sign_off=sign_off, results=results)
        out(_("Wrote {path}").format(path=args.application_docx))
    if args.plan:
        from npmassess.exports.plan import export_plan
        export_plan(a, fw, args.plan, statuses=args.status, page_size=args.page_size or "A4", lang=langs[0])
        out(_("Wrote {path}").format(path=args.plan))
    if args.consensus_pack:
        from npmassess.exports.pdf.extras import export_consensus_pack
        n = export_consensus_pack(a, fw, args.consensus_pack, threshold=args.threshold,
                                  page_size=args.page_size or "A4", lang=langs[0], anonymous=args.anonymous)
        out(_("Wrote {path} ({n} items on the agenda)").format(path=args.consensus_pack, n=n))
    if args.summary:
        from npmassess.exports.pdf.extras import export_summary_pdf
        export_summary_pdf(a, fw, args.summary, history=history, page_size=args.page_size or "A4", lang=langs[0])
        out(_("Wrote {path}").format(path=args.summary))
    if args.application:
        from npmassess.exports.pdf.application import export_application
        warnings = export_application(a, fw, args.application, page_size=args.page_size, lang=langs[0],
                                      results=results)
        out(_("Wrote {path}").format(path=args.application))
        for check in getattr(warnings, "checks", []):  # every rule of the award, item by item
            out(f"  {check.line()}")
        for w in warnings:
            sys.stderr.write(_("warning: {text}").format(text=w) + "\n")
    return 0


COMMANDS = {"export": cmd_export}
