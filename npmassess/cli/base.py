"""Shared pieces of the command line: usage errors, the parser class, store opening, output."""

from __future__ import annotations

import argparse
import sys

from npmassess.errors import UsageError
from npmassess.i18n import N_, _, colon
from npmassess.store import Store

__all__ = ["Parser", "UsageError", "open_store", "out"]


# argparse's own messages, translated as gettext lets any program translate them (argparse calls _()).
# argparse writes a ":" after a section heading itself: the French headings end with a no-break space.
ARGPARSE_MESSAGES = (N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
                     N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
                     N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("expected one argument"),
                     N_("argument %(argument_name)s: %(message)s"), N_("invalid %(type)s value: %(value)r"),
                     N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
                     N_("ambiguous option: %(option)s could match %(matches)s"))


def translate_argparse() -> None:
    """Have argparse's usage, help and error texts read in the language in use."""
    argparse._ = _  # type: ignore[attr-defined]  # argparse looks its messages up through its global _()


class Parser(argparse.ArgumentParser):
    """argparse that reports bad usage in one line and exits 1, as every other error."""

    def error(self, message: str):  # noqa: D401 - argparse override
        raise UsageError(f"{self.prog}{colon()}{message} " + _("(see --help)"))


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
