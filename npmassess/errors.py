"""Typed errors raised by the core; the CLI and the GUI turn them into one clear message."""


class NpmassessError(Exception):
    """Base class: str(error) is a complete sentence a user can read."""


class FrameworkError(NpmassessError):
    """A framework file is missing, malformed or inconsistent."""

    def __init__(self, file: str, path: str, problem: str):
        self.file, self.path, self.problem = file, path, problem
        where = f"{file}: {path}: " if path else f"{file}: "
        super().__init__(where + problem)


class StoreError(NpmassessError):
    """The database cannot be opened or used (corrupt, newer version, locked)."""


class NotFound(NpmassessError):
    """An assessment, participant or record does not exist."""


class ValidationError(NpmassessError):
    """Input (a score, a field, an imported file) is not acceptable; names the field."""

    def __init__(self, field: str, problem: str):
        self.field, self.problem = field, problem
        super().__init__(f"{field}: {problem}" if field else problem)


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
