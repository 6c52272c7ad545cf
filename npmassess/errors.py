"""Typed errors raised by the core; the CLI and the GUI turn them into one clear message."""


class NpmassessError(Exception):
    """Base class: str(error) is a complete sentence a user can read."""


class FrameworkError(NpmassessError):
    """A framework file is missing, malformed or inconsistent."""

    def __init__(self, file: str, path: str, problem: str):
        self.file, self.path, self.problem = file, path, problem
        from npmassess.i18n import colon  # French puts a no-break space before the colon
        where = f"{file}{colon()}{path}{colon()}" if path else f"{file}{colon()}"
        super().__init__(where + problem)


class StoreError(NpmassessError):
    """The database cannot be opened or used (corrupt, newer version, locked)."""


class NotFound(NpmassessError):
    """An assessment, participant or record does not exist."""


class ValidationError(NpmassessError):
    """Input (a score, a field, an imported file) is not acceptable; names the field."""

    def __init__(self, field: str, problem: str):
        self.field, self.problem = field, problem
        from npmassess.i18n import colon, translate_to  # the field's name in the current language
        super().__init__(f"{translate_to(None, field)}{colon()}{problem}" if field else problem)


class OutputError(NpmassessError):
    """A file cannot be written (folder missing or read-only, disk full...)."""


class ExportError(OutputError):
    """An export cannot be written or does not apply to this assessment."""


class UsageError(NpmassessError):
    """Bad command-line usage (one line, exit 1)."""


class SmokeFailure(NpmassessError):
    """One check of the installation self-test failed; the message names the check."""


class ImportFileError(NpmassessError):
    """An import file (JSON, package or kit) is damaged or does not fit."""


class Cancelled(NpmassessError):
    """Long work was cancelled through its progress callback."""

    def __init__(self, message: str = "Cancelled."):
        super().__init__(message)


class StoreLocked(StoreError):
    """Another program holds the database's write lock longer than we wait for it."""


class StoreReadOnly(StoreError):
    """The database file or its folder cannot be written; it is open for reading only."""


class DiskFull(StoreError):
    """The disk holding the database has no room left."""


class StoreDamaged(StoreError):
    """The database file is damaged (only this cause suggests restoring a backup)."""


class EditConflict(StoreError):
    """The value being edited was changed by another program since it was read."""

    def __init__(self, message: str, field: str, current: object, expected: object):
        self.field, self.current, self.expected = field, current, expected
        super().__init__(message)


class ApprovedError(NpmassessError):
    """A write to an approved (signed-off) assessment was refused; reopen it with a reason first."""


class HubError(NpmassessError):
    """The hub cannot be reached or refuses an operation; the message is one readable sentence."""


class AuthoringError(NpmassessError):
    """An authoring workbook cannot be read or breaks a rule; names the sheet, cell and rule."""

    def __init__(self, file: str, sheet: str, cell: str, problem: str):
        from pathlib import Path
        self.file, self.sheet, self.cell, self.problem = file, sheet, cell, problem
        from npmassess.i18n import _, colon
        where = _("sheet {sheet}, cell {cell}").format(sheet=sheet, cell=cell) if cell else _(
            "sheet {sheet}").format(sheet=sheet)
        super().__init__(f"{Path(file).name}{colon()}{where}{colon()}{problem}")


class RegisterImportError(ImportFileError):
    """A register file with problems; .problems lists every one (row and column named)."""

    def __init__(self, path: str, problems: list[str]):
        self.problems = problems
        from npmassess.i18n import _, colon, ngettext, semicolon
        rest = len(problems) - 1
        more = " " + ngettext("(and {n} more problem)", "(and {n} more problems)", rest).format(n=rest) if rest else ""
        super().__init__(f"{path}{colon()}{problems[0]}{more}{semicolon()}" + _("nothing was imported."))


class XlsxError(Exception):
    """A workbook's structure cannot be read (message says what); callers turn it into ImportFileError."""
