"""CLI subcommands 'package' and 'kit' (offline field offices)."""
