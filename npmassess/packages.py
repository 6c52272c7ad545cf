"""Import of assessment files into the store (JSON today; packages and kits extend this)."""

from __future__ import annotations

from pathlib import Path

from . import interchange
from .errors import ImportFileError
from .store import Store


def import_file(store: Store, path: Path, dry_run: bool = False, as_copy: bool = False,
                confirm: bool = False) -> str:
    """Import one file; returns a sentence describing what was (or would be) done."""
    if not path.exists():
        raise ImportFileError(f"{path}: no such file.")
    a, fw = interchange.read_json(path, store.frameworks)
    if as_copy:
        a = interchange.with_new_ids(a)
    if store.exists(a.id):
        raise ImportFileError(f"{path}: assessment {a.id} ({a.label}) is already in {store.path}; "
                              "use --as-copy to import it as a separate assessment.")
    summary = (f"{a.label}: {fw.key}, {len(a.participants)} participants, {len(a.ratings)} ratings, "
               f"{len(a.notes)} notes, {len(a.actions)} actions")
    if dry_run:
        return f"Would import {summary} (dry run: nothing written)."
    store.write_assessment(a)
    return f"Imported {summary} as {a.id}."
