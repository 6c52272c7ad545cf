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

from npmassess.errors import Cancelled, ImportFileError, NpmassessError
from npmassess.store import Store

from . import dialogs
from .session import Session
from .tasks import Task, run_task

log = logging.getLogger(__name__)

# kind -> (module, function, file suffix, file filter)
EXPORTS = {
    "pdf": ("npmassess.exports.pdf", "export_pdf", ".pdf", "PDF (*.pdf)"),
    "xlsx": ("npmassess.exports.xlsx", "export_xlsx", ".xlsx", "Excel workbook (*.xlsx)"),
    "application": ("npmassess.exports.application", "export_application", ".pdf", "PDF (*.pdf)"),
}
IMPORT_FILTER = "Assessment files (*.json *.npma *.zip);;All files (*)"


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


def suggested_name(session: Session, suffix: str, kind: str) -> str:
    a = session.snapshot()
    base = f"{a.organisation} {a.unit} {a.cycle}" + (" application" if kind == "application" else "")
    return re.sub(r"[^\w.-]+", "-", base).strip("-")[:120] + suffix


def start_export(parent: QWidget, session: Session, kind: str,
                 on_finished: Callable[[str, Path | None, BaseException | None], None]) -> Task | None:
    """Ask for a path and run the export in the background; None when not started."""
    fn = export_function(kind)
    titles = {"pdf": tr("Export PDF report"), "xlsx": tr("Export Excel workbook"),
              "application": tr("Export award application")}
    if fn is None:
        dialogs.info(parent, titles[kind], tr("This export is not available in this build of npmassess."))
        return None
    _module, _name, suffix, filters = EXPORTS[kind]
    path = dialogs.save_file(parent, titles[kind], filters, suggested_name(session, suffix, kind))
    if path is None:
        return None
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    snapshot = copy.deepcopy(session.snapshot())  # the worker never reads the GUI's connection
    framework = session.framework
    params = inspect.signature(fn).parameters
    kwargs = {}
    if "page_size" in params:
        kwargs["page_size"] = default_page_size()

    def work(progress):
        fn(snapshot, framework, path, progress=progress, **kwargs)
        return path

    return run_task(work, titles[kind], parent,
                    on_done=lambda p: on_finished(kind, p, None),
                    on_error=lambda exc: on_finished(kind, path, exc))


def export_message(kind: str, path: Path | None, exc: BaseException | None) -> tuple[bool, str]:
    """(ok, sentence) for the end of an export."""
    if exc is None:
        return True, tr("Exported to {path}.").format(path=path)
    if isinstance(exc, Cancelled):
        return True, tr("Export cancelled; nothing was written.")
    if isinstance(exc, NpmassessError):
        return False, str(exc)
    if isinstance(exc, OSError):
        return False, tr("Cannot write {path}: {problem}.").format(path=path, problem=exc.strerror or exc)
    return False, tr("The export failed unexpectedly ({kind}); details were written to the error log.").format(
        kind=type(exc).__name__)


def _import_job(db_path: Path, frameworks, path: Path, as_copy: bool):
    def work(progress):
        from npmassess import packages
        store = Store(db_path, frameworks)
        try:
            progress(0, 1, tr("Reading {name}").format(name=path.name))
            return packages.import_file(store, path, as_copy=as_copy)
        finally:
            store.close()
    return work


def start_import(parent: QWidget, store: Store, on_finished: Callable[[str | None, BaseException | None], None],
                 path: Path | None = None, as_copy: bool = False) -> Task | None:
    """Ask for a file and import it with a connection of the worker's own."""
    if path is None:
        path = dialogs.open_file(parent, tr("Import an assessment file"), IMPORT_FILTER)
        if path is None:
            return None

    def failed(exc: BaseException) -> None:
        if isinstance(exc, ImportFileError) and "already in" in str(exc) and not as_copy:
            if dialogs.confirm(parent, tr("Already imported"),
                               tr("This assessment is already in your database. Import it again as a "
                                  "separate copy?")):
                start_import(parent, store, on_finished, path, as_copy=True)
                return
            on_finished(None, Cancelled(tr("Import cancelled; nothing was written.")))
            return
        on_finished(None, exc)

    return run_task(_import_job(store.path, store.frameworks, path, as_copy), tr("Import"), parent,
                    on_done=lambda msg: on_finished(msg, None), on_error=failed)
