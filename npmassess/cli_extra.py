"""Registers the subcommands that live in other modules (exports, packages and kits)."""

from . import cli_exports, cli_packages  # noqa: F401
