"""Shared pieces of the command line: usage errors, the parser class, store opening, output."""

from __future__ import annotations

import argparse
import sys

from npmassess.errors import UsageError
from npmassess.i18n import _
from npmassess.store import Store

__all__ = ["Parser", "UsageError", "open_store", "out"]


class Parser(argparse.ArgumentParser):
    """argparse that reports bad usage in one line and exits 1, as every other error."""

    def error(self, message: str):  # noqa: D401 - argparse override
        raise UsageError(f"{self.prog}: {message} (see --help)")


def open_store(args: argparse.Namespace) -> Store:
    """The store named by --db (or the default one); a network share or read-only file is said on stderr."""
    store = Store(args.db)
    if store.warning:
        sys.stderr.write(_("warning: {text}").format(text=store.warning) + "\n")
    if store.read_only:
        sys.stderr.write(_("warning: {text}").format(text=_("{path} is read-only; it is open for reading only.").format(
            path=store.path)) + "\n")
    return store


def out(text: str = "") -> None:
    """One line on standard output."""
    sys.stdout.write(text + "\n")
