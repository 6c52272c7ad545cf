"""npmassess entry point: no arguments (or 'gui') opens the GUI; subcommands run headless."""

import sys

COMMON = ("--db", "--lang")  # options every subcommand takes: also accepted before the command's name


def _command_first(argv: list[str]) -> list[str] | None:
    """'--db F demo ...' as 'demo --db F ...' when a command follows common options; None otherwise."""
    i = 0
    while i < len(argv) and argv[i].split("=", 1)[0] in COMMON:
        i += 1 if "=" in argv[i] else 2
    if not i or i >= len(argv) or argv[i].startswith("-"):
        return None
    from npmassess.cli import COMMANDS
    return [argv[i], *argv[:i], *argv[i + 1:]] if argv[i] in COMMANDS else None


def main(argv: list[str]) -> int:
    moved = _command_first(argv) if argv and argv[0].startswith("--") else None
    if moved is not None:
        argv = moved
    elif not argv or argv[0] == "gui" or (argv[0].startswith("--") and argv[0] not in ("--help", "-h")):
        from ui.app import run
        return run(argv[1:] if argv and argv[0] == "gui" else argv)
    from npmassess.cli import run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
