"""Progress-callback protocol shared by long jobs (exports, imports, merges)."""

from __future__ import annotations

from typing import Callable, Optional

from npmassess.errors import Cancelled

# progress(done, total, message) -> truthy to ask the job to stop
ProgressCallback = Callable[[int, int, str], Optional[bool]]


def report(progress: ProgressCallback | None, done: int, total: int, message: str = "") -> None:
    """Call the callback if any; raise Cancelled when it asks to stop."""
    if progress is not None and progress(done, total, message):
        raise Cancelled()
