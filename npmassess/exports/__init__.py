"""Exports of an assessment snapshot: PDF and Word reports, Excel workbook, award application (PDF, Word).

Each function takes a snapshot (Assessment + Framework, taken on the caller's thread), an output
path and an optional progress(done, total, message) callback; it writes the file atomically and
raises ExportError (bad path, unsupported framework) or Cancelled (the callback asked to stop).
Submodules are imported on first use, so a PDF export never pays for importing openpyxl.
"""

from __future__ import annotations

from importlib import import_module

from npmassess.exports.common import ExportError, snapshot

_LAZY = {"export_pdf": ".pdf.document", "export_xlsx": ".xlsx.workbook", "export_application": ".pdf.application",
         "export_docx": ".docx.report", "export_application_docx": ".docx.application"}

__all__ = ["export_pdf", "export_xlsx", "export_application", "export_docx", "export_application_docx", "snapshot",
           "ExportError"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
