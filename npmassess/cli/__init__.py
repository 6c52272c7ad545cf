"""The headless command line: the same jobs as the GUI, over the same core functions.

Every subcommand module is listed in MODULES; each has parsers(add) and a COMMANDS table.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from pathlib import Path
from typing import Callable

from npmassess.cli import assess, exports, figures, hub, packages, process, results, smoke
from npmassess import fsutil, i18n
from npmassess.i18n import _
from npmassess.cli.base import Parser, UsageError
from npmassess.errors import NpmassessError
from npmassess.paths import data_dir, default_db_path
from npmassess.store.connection import classify

MODULES = (assess, exports, packages, figures, smoke, hub, results, process)
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    name: fn for module in MODULES for name, fn in module.COMMANDS.items()}

__all__ = ["COMMANDS", "UsageError", "build_parser", "run"]


def build_parser() -> argparse.ArgumentParser:
    """The parser of every subcommand."""
    from npmassess.cli.base import translate_argparse
    translate_argparse()
    common = Parser(add_help=False)
    common.add_argument("--db", metavar=_("PATH"),
                        help=_("database file (default: $NPMASSESS_DB or {path})").format(path=default_db_path()))
    common.add_argument("--lang", default=os.environ.get("NPMASSESS_LANG") or "en", choices=["en", "fr", "en+fr"],
                        help=_("language of the messages and of exported reports; en+fr: a bilingual PDF report "
                             "(default: $NPMASSESS_LANG or en)"))
    p = Parser(prog="npmassess", description=_("Excellence-framework self-assessments: "
               "CAF 2020, Baldrige, MAF, Capability Review. With no command, opens the GUI."))
    sub = p.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=Parser)

    def add(name, help_text):
        return sub.add_parser(name, help=help_text, description=help_text, parents=[common])

    for module in MODULES:
        module.parsers(add)
    return p


def _language_asked(argv: list[str]) -> str:
    """The language named by --lang (or $NPMASSESS_LANG), read before the arguments are parsed."""
    lang = os.environ.get("NPMASSESS_LANG") or "en"
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang.split("+")[0]


def _error(text: str) -> str:
    return _("error: {message}").format(message=text) + "\n"


def _log_path() -> Path:
    return data_dir() / "npmassess.log"


def run(argv: list[str]) -> int:
    """Run one command; exit code 0 on success, 1 with one line on stderr otherwise."""
    fsutil.clean_stale_parts()  # temporary files a crashed run left beside its outputs
    args = None
    i18n.set_language(_language_asked(argv))  # before parsing: usage errors and --help in that language too
    try:
        args = build_parser().parse_args(argv)
        i18n.set_language(str(getattr(args, "lang", "en") or "en").split("+")[0])
        if not args.command:
            build_parser().print_help()
            return 0
        return COMMANDS[args.command](args)
    except NpmassessError as exc:
        sys.stderr.write(_error(str(exc)))
        return 1
    except sqlite3.Error as exc:  # locked, read-only, disk full or damaged: only damage suggests a backup
        sys.stderr.write(_error(str(classify(exc, getattr(args, 'db', None) or default_db_path()))))
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(_error(_("interrupted")))
        return 1
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never show a traceback: log it and say where
        try:
            logging.basicConfig(filename=_log_path(), level=logging.ERROR)
            logging.exception("unexpected error in command %s", argv)
            where = " " + _("(details in {path})").format(path=_log_path())
        except Exception:
            where = ""
        sys.stderr.write(_error(_("unexpected {kind}: {problem}").format(kind=type(exc).__name__, problem=exc) + where))
        return 1
