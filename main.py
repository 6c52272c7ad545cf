"""npmassess entry point: no arguments (or 'gui') opens the GUI; subcommands run headless."""

import sys


def main(argv: list[str]) -> int:
    if not argv or argv[0] == "gui" or (argv[0].startswith("--") and argv[0] not in ("--help", "-h")):
        from ui.app import run
        return run(argv[1:] if argv and argv[0] == "gui" else argv)
    from npmassess.cli import run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
