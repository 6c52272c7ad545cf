"""What the Store mixins (rows, records, bulk) use of Store, declared for the type checker."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Iterable, Protocol

from sqlite_utils import Database

from npmassess.assessment import Assessment
from npmassess.frameworks import Library
from npmassess.model import Framework
from npmassess.store.changes import Change


class OpenTransaction(Protocol):
    """The open write transaction (database._Transaction): its records and data_version."""

    changes: list[Change]
    data_version: int | None


class StoreBase:
    """Base of the Store mixins: declares Store's attributes and methods they call (no code of its own)."""

    db: Database
    frameworks: Library
    _tx: OpenTransaction | None

    if TYPE_CHECKING:  # implemented by Store (database.py) and RowAccess (rows.py)
        def _write(self) -> AbstractContextManager[OpenTransaction]: ...
        def _touch(self, assessment_id: str, extra: str = "", args: Iterable = ()) -> tuple: ...
        def exists(self, assessment_id: str) -> bool: ...
        def framework_of(self, assessment: Assessment | str) -> Framework: ...
        def load_header(self, assessment_id: str) -> dict: ...
        def _delete_contents(self, aid: str) -> None: ...
        def _participant_row(self, participant_id: str) -> dict: ...
        def _current(self, table: str, aid: str, key: Any) -> Any: ...
        def _change(self, table: str, aid: str, key: Any, new: Any, old: Any = ...) -> Change | None: ...
