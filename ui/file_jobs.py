"""File > Import and Export: ask on the GUI thread, run the core off it, report back."""

from __future__ import annotations

import copy
import importlib
import inspect
import logging
import re
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QWidget

from npmassess.errors import Cancelled, NpmassessError, StoreLocked
from npmassess.fsutil import describe_os_error
from npmassess.store import Store

from . import dialogs
from .session import Session
from .tasks import Task, run_task

log = logging.getLogger(__name__)

# kind -> (module, function, file suffix, file filter)
EXPORTS = {
    "pdf": ("npmassess.exports.pdf.document", "export_pdf", ".pdf", "PDF (*.pdf)"),
    "xlsx": ("npmassess.exports.xlsx.workbook", "export_xlsx", ".xlsx", "Excel workbook (*.xlsx)"),
    "application": ("npmassess.exports.pdf.application", "export_application", ".pdf", "PDF (*.pdf)"),
    "docx": ("npmassess.exports.docx.report", "export_docx", ".docx", "Word document (*.docx)"),
    "application_docx": ("npmassess.exports.docx.application", "export_application_docx", ".docx",
                         "Word document (*.docx)"),
    "plan": ("npmassess.exports.plan", "export_plan", ".pdf",
             "PDF (*.pdf);;Word document (*.docx);;Excel workbook (*.xlsx)"),
    "consensus_pack": ("npmassess.exports.pdf.extras", "export_consensus_pack", ".pdf", "PDF (*.pdf)"),
    "summary": ("npmassess.exports.pdf.extras", "export_summary_pdf", ".pdf", "PDF (*.pdf)"),
}
ALSO_ACCEPTED = {"plan": (".docx", ".xlsx")}  # the plan's format follows the file name's suffix
IMPORT_FILTER = ("Assessment files and returned kits (*.json *.npma *.zip *.xlsx);;"
                 "All files (*)")


def tr(text: str) -> str:
    return QCoreApplication.translate("file_jobs", text)


def export_function(kind: str) -> Callable | None:
    """The core export function for kind, or None when that export is not in this build."""
    module, name, _suffix, _filter = EXPORTS[kind]
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def default_page_size() -> str:
    """Letter where the locale measures in US units (US, Canada), A4 elsewhere."""
    return "Letter" if QLocale().measurementSystem() == QLocale.ImperialUSSystem else "A4"


def application_page_size(framework) -> str:
    """The award application's page size: the narrative desk's choice, else the award's own, else Letter."""
    from PySide6.QtCore import QSettings
    saved = QSettings().value("application_page_size", "", type=str)
    if saved in ("A4", "Letter"):
        return saved
    rule = getattr(getattr(framework, "application", None), "page_size", None)
    return "A4" if str(rule).lower() == "a4" else "Letter"


def export_options(parent: QWidget, session: Session, title: str, pages: bool, langs: bool,
                   bilingual: bool = False) -> dict | None:
    """Ask page size / language when the export takes them and there is a choice; remembered in QSettings.

    Returns the keyword arguments for the export function, or None when cancelled.
    """
    from PySide6.QtCore import QSettings

    from .export_options import language_name
    settings = QSettings()
    languages = [(code, language_name(code)) for code in session.framework.languages] if langs else []
    if bilingual and len(languages) > 1:  # one document, the whole report in each language (Canada)
        languages.append(("+".join(c for c, _n in languages), tr("English and French, one after the other")))
    sizes = ["A4", "Letter"] if pages else []
    page_size = settings.value("export/page_size", default_page_size(), type=str)
    lang = settings.value("export/lang", "", type=str)
    codes = [c for c, _ in languages]
    if lang not in codes:
        lang = QLocale().name().split("_")[0] if QLocale().name().split("_")[0] in codes else (codes or ["en"])[0]
    if not sizes and len(languages) < 2:
        return {"lang": lang} if langs else {}
    chosen = dialogs.export_options(parent, title, sizes, languages, page_size, lang)
    if chosen is None:
        return None
    page_size, lang = chosen
    out = {}
    if pages:
        out["page_size"] = page_size
        settings.setValue("export/page_size", page_size)
    if langs:
        out["lang"] = lang
        settings.setValue("export/lang", lang)
    return out


def suggested_name(session: Session, suffix: str, kind: str) -> str:
    a = session.snapshot()
    base = f"{a.organisation} {a.unit} {a.cycle}" + (" application" if kind.startswith("application") else "")
    return re.sub(r"[^\w.-]+", "-", base).strip("-")[:120] + suffix


def start_export(parent: QWidget, session: Session, kind: str,
                 on_finished: Callable[[str, Path | None, BaseException | None], None]) -> Task | None:
    """Ask for a path and run the export in the background; None when not started."""
    fn = export_function(kind)
    titles = {"pdf": tr("Export PDF report"), "xlsx": tr("Export Excel workbook"),
              "application": tr("Export award application"), "docx": tr("Export editable Word report"),
              "application_docx": tr("Export award application as Word"),
              "plan": tr("Export the improvement plan"), "consensus_pack": tr("Export the consensus-meeting pack"),
              "summary": tr("Export the one-page summary")}
    if fn is None:
        dialogs.info(parent, titles[kind], tr("This export is not available in this build of npmassess."))
        return None
    _module, _name, suffix, filters = EXPORTS[kind]
    params = inspect.signature(fn).parameters
    # the award application's page size is chosen in the narrative desk (its page budget), so it is not asked
    options = export_options(parent, session, titles[kind], "page_size" in params and not kind.startswith("application"),
                             "lang" in params, bilingual=kind == "pdf")
    if options is None:
        return None
    path = dialogs.save_file(parent, titles[kind], filters, suggested_name(session, suffix, kind))
    if path is None:
        return None
    if path.suffix.lower() != suffix and path.suffix.lower() not in ALSO_ACCEPTED.get(kind, ()):
        path = path.with_name(path.name + suffix)
    snapshot = copy.deepcopy(session.snapshot())  # the worker never reads the GUI's connection
    from PySide6.QtCore import QSettings
    if kind == "pdf" and QSettings().value("export/audit", False, type=bool):  # Process > audit appendix
        from npmassess.process import audit
        snapshot.audit_trail = audit.for_export(session.store, snapshot)
    framework = session.framework
    kwargs = dict(options)
    if kind.startswith("application") and "page_size" in params:  # as laid out in the narrative desk's budget
        kwargs["page_size"] = application_page_size(session.framework)
    if "threshold" in params:  # the consensus pack uses the facilitator's agenda threshold
        from . import viewkit
        kwargs["threshold"] = viewkit.agenda_threshold(session)
    if "history" in params:  # the unit's earlier cycles, read here on the GUI's connection
        from npmassess.comparison import unit_history
        from npmassess.i18n import current_language, using_language
        with using_language(str(kwargs.get("lang") or current_language()).split("+")[0]):  # in the report's language
            kwargs["history"] = unit_history(session.store, session.assessment_id, upto=True)
    if "results" in params:  # the unit's results register, read here on the GUI's connection
        from npmassess.results.figures import results_data
        kwargs["results"] = results_data(session.store, session.assessment_id)
    warnings: list[str] = []

    def work(progress):
        result = fn(snapshot, framework, path, progress=progress, **kwargs)
        warnings.extend(result or [])  # the application export returns its page-limit warnings
        return path

    def done(p):
        if warnings:
            dialogs.info(parent, titles[kind], tr("Exported to {path}, with warnings:").format(path=p)
                         + "\n\n" + "\n".join(f"• {w}" for w in warnings))
        on_finished(kind, p, None)

    return run_task(work, titles[kind], parent, on_done=done,
                    on_error=lambda exc: on_finished(kind, path, exc))


def export_message(kind: str, path: Path | None, exc: BaseException | None) -> tuple[bool, str]:
    """(ok, sentence) for the end of an export."""
    if exc is None:
        return True, tr("Exported to {path}.").format(path=path)
    if isinstance(exc, Cancelled):
        return True, tr("Export cancelled; nothing was written.")
    if isinstance(exc, NpmassessError):
        return False, str(exc)
    if isinstance(exc, NotImplementedError):
        return False, tr("This export is not available in this build of npmassess.")
    if isinstance(exc, OSError):
        return False, tr("Cannot write {path}: {problem}.").format(path=path, problem=describe_os_error(exc))
    return False, tr("The export failed unexpectedly ({kind}); details were written to the error log.").format(
        kind=type(exc).__name__)


def _with_store(db_path: Path, frameworks, fn):
    """Run fn(store) on a connection owned by the worker thread (waiting for a lock like the writer)."""
    from . import writer
    store = Store(db_path, frameworks, timeout=writer.WRITE_TIMEOUT)
    try:
        return fn(store)
    finally:
        store.close()


def preview_lines(preview, limit: int = 20) -> str:
    lines = preview.lines()
    if len(lines) > limit:
        lines = lines[:limit] + [tr("… and {n} more changes.").format(n=len(lines) - limit)]
    return "\n".join(lines)


class ImportJob:
    """File > Import: read and preview off the GUI thread, confirm, then apply off it too."""

    def __init__(self, parent: QWidget, store: Store,
                 on_finished: Callable[[str | None, BaseException | None, str | None], None]):
        self.parent, self.store, self.on_finished = parent, store, on_finished
        self.task: Task | None = None
        self.preview = None
        self.path: Path | None = None

    def start(self, path: Path | None = None) -> Task | None:
        if path is None:
            path = dialogs.open_file(self.parent, tr("Import an assessment file"), IMPORT_FILTER)
            if path is None:
                return None
        self.path = path
        from npmassess.exchange import importing
        db, fw = self.store.path, self.store.frameworks

        def read(progress):
            progress(0, 1, tr("Reading {name}").format(name=path.name))
            return _with_store(db, fw, lambda st: importing.preview_import(st, path))

        self.task = run_task(read, tr("Import"), self.parent, on_done=self._previewed,
                             on_error=lambda exc: self.on_finished(None, exc, None))
        return self.task

    def _previewed(self, preview) -> None:
        from npmassess.exchange import merge
        self.preview = preview
        text = preview_lines(preview)
        if preview.nothing_to_do:
            self.on_finished(preview.summary(), None, None)
            return
        resolutions: dict[str, str] = {}
        if preview.new:
            if not dialogs.confirm(self.parent, tr("Import"), text + "\n\n" + tr("Import this file?")):
                self.on_finished(None, Cancelled(tr("Import cancelled; nothing was written.")), None)
                return
        else:  # a merge: the table of changes, with a choice per conflict
            chosen = dialogs.review_import(self.parent, preview)
            if chosen is None:
                self.on_finished(None, Cancelled(tr("Import cancelled; nothing was written.")), None)
                return
            resolutions = chosen
            if merge.unresolved(preview.changes, resolutions, None):
                self.on_finished(None, Cancelled(tr("Import cancelled: a conflict has no choice; nothing was "
                                                    "written.")), None)
                return
        self._apply(preview, resolutions)

    def _apply(self, preview, resolutions: dict[str, str]) -> None:
        """Write the import in one transaction on the worker's own connection; "Saving…" meanwhile."""
        from npmassess.exchange import importing
        db, fw = self.store.path, self.store.frameworks
        aid = preview.assessment_id
        self._pending(True)

        def done(msg: str) -> None:
            self._pending(False)
            self.on_finished(msg, None, aid)

        self.task = run_task(
            lambda progress: _with_store(db, fw, lambda st: importing.apply_import(st, preview, resolutions=resolutions)),
            tr("Import"), self.parent, on_done=done, on_error=self._apply_failed)

    def _apply_failed(self, exc: BaseException) -> None:
        """A lock held too long wrote nothing (one transaction): say so; Retry reads and previews again."""
        self._pending(False)
        if isinstance(exc, StoreLocked) and self.path is not None and dialogs.choose(
                self.parent, tr("Not saved"), str(exc), [tr("Retry")]) == 0:
            if self.start(self.path) is not None:
                return
        self.on_finished(None, exc, None)

    def _pending(self, on: bool) -> None:
        if hasattr(self.parent, "write_pending"):
            self.parent.write_pending(on)


def start_import(parent: QWidget, store: Store,
                 on_finished: Callable[[str | None, BaseException | None, str | None], None],
                 path: Path | None = None) -> ImportJob | None:
    """Ask for a file and import it (preview and confirmation first when the core offers them)."""
    job = ImportJob(parent, store, on_finished)
    return job if job.start(path) is not None else None


def start_package_export(parent: QWidget, session: Session,
                         on_finished: Callable[[str, Path | None, BaseException | None], None]) -> Task | None:
    """File > Share as package: the whole assessment in one .npma file for a colleague's laptop."""
    title = tr("Share as package")
    path = dialogs.save_file(parent, title, tr("npmassess package (*.npma)"),
                             suggested_name(session, ".npma", "package"))
    if path is None:
        return None
    if path.suffix.lower() != ".npma":
        path = path.with_name(path.name + ".npma")
    return _package_task(parent, session, path, title, on_finished)


def _package_task(parent: QWidget, session: Session, path: Path, title: str,
                  on_finished: Callable[[str, Path | None, BaseException | None], None]) -> Task:
    """Write the package in one write transaction: a lock held too long writes nothing; Retry tries again."""
    from npmassess.exchange import packages
    db, fw, aid = session.store.path, session.store.frameworks, session.assessment_id

    def export(st: Store) -> None:
        with st.transaction():  # the lock first: then the file, and the snapshot it remembers
            packages.export_package(st, aid, path)

    def work(progress):
        progress(0, 1, tr("Writing {name}").format(name=path.name))
        _with_store(db, fw, export)
        return path

    def failed(exc: BaseException) -> None:
        if isinstance(exc, StoreLocked) and dialogs.choose(parent, tr("Not saved"), str(exc), [tr("Retry")]) == 0:
            task = _package_task(parent, session, path, title, on_finished)
            if hasattr(parent, "tasks"):
                parent.tasks.append(task)
            return
        on_finished("package", path, exc)

    return run_task(work, title, parent, on_done=lambda p: on_finished("package", p, None), on_error=failed)
