"""What the Store's mixins may rely on: the connection, the open transaction, shared helpers."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from sqlite_utils import Database

from npmassess.store.changes import Change

if TYPE_CHECKING:
    from npmassess.assessment import Assessment
    from npmassess.frameworks import Library
    from npmassess.model import Framework


class Transaction:
    """The records of one write transaction, and the file's data_version seen inside it."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.data_version: int | None = None


class StoreBase:
    """Attributes and methods Store provides to its mixins (declared here for the type checker)."""

    db: Database
    path: Path
    frameworks: Library
    _tx: Transaction | None

    if TYPE_CHECKING:
        def _write(self) -> AbstractContextManager[Transaction]: ...
        def _touch(self, assessment_id: str, extra: str = "", args: Iterable = ()) -> tuple: ...
        def _current(self, table: str, aid: str, key: Any) -> Any: ...
        def _put(self, table: str, aid: str, key: Any, new: Any) -> None: ...
        def _change(self, table: str, aid: str, key: Any, new: Any, old: Any = ...) -> Change | None: ...
        def _row(self, table: str, key: str) -> dict | None: ...
        def _participant_row(self, participant_id: str) -> dict: ...
        def _note_assessment(self, note_id: str) -> str: ...
        def _delete_contents(self, aid: str) -> None: ...
        def load_header(self, assessment_id: str) -> dict: ...
        def framework_of(self, assessment: Assessment | str) -> Framework: ...
        def exists(self, assessment_id: str) -> bool: ...
        def load(self, assessment_id: str) -> Assessment: ...
        def add_action(self, assessment_id: str, title: str, node_ids: Iterable[str] = (),
                       note_ids: Iterable[str] = (), action_id: str | None = None, **fields: Any) -> str: ...
        def add_participant(self, assessment_id: str, name: str, role: str = "",
                            participant_id: str | None = None) -> str: ...
        def add_note(self, assessment_id: str, participant_id: str | None, node_id: str, kind: str,
                     text: str, position: int | None = None, note_id: str | None = None) -> str: ...
