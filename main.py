"""npmassess entry point: no arguments (or 'gui') opens the GUI; subcommands run headless."""

import sys

GLOBAL = ("--db", "--lang")  # options every subcommand takes, also accepted before its name


def _command_first(argv: list[str]) -> list[str]:
    """`--db F --lang fr demo …` as `demo --db F --lang fr …`: the command name first, as argparse needs."""
    i, lead = 0, []
    while i < len(argv):
        if argv[i] in GLOBAL and i + 1 < len(argv):
            lead += argv[i:i + 2]
            i += 2
        elif argv[i].split("=", 1)[0] in GLOBAL and "=" in argv[i]:
            lead.append(argv[i])
            i += 1
        else:
            break
    if lead and i < len(argv) and not argv[i].startswith("-"):
        return [argv[i], *lead, *argv[i + 1:]]
    return argv


def main(argv: list[str]) -> int:
    argv = _command_first(argv)
    if not argv or argv[0] == "gui" or (argv[0].startswith("--") and argv[0] not in ("--help", "-h")):
        from ui.app import run
        return run(argv[1:] if argv and argv[0] == "gui" else argv)
    from npmassess.cli import run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
