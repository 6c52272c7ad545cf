"""The local store: one SQLite file per set of assessments (connection, migrations, records)."""

from npmassess.store.database import Store, Summary

__all__ = ["Store", "Summary"]
