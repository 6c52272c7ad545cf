"""CLI subcommand 'export' (PDF, Excel, application document)."""
