"""Registers the subcommands that live in other modules (exports, packages and kits)."""

from . import cli_exports, cli_packages  # noqa: F401
from . import smoke  # noqa: F401,E402 - CLI subcommand "smoke" (packaging self-check)
