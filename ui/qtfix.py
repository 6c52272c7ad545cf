"""Keeps None, True and False alive under PySide6 6.12 on Python 3.11 (Qt calls drop references).

Measured here: every call of a void PySide6 method (QPainter.setPen, QWidget.setEnabled, ...) lowers
``sys.getrefcount(None)`` by one; after a few thousand calls CPython aborts with "Fatal Python error:
none_dealloc". Shiboken 6.12 relies on None being immortal, which is only true from Python 3.12
(PEP 683). pyproject.toml pins PySide6 below 6.12; should 6.12 be installed anyway on Python
3.11 before PySide6 fixes it, this still keeps the app alive: it gives None a reference
count no session can exhaust, which is what Python 3.12 does for every interpreter. True and False
were seen to suffer the same way (bool_dealloc), so they get the same headroom.
"""

from __future__ import annotations

import sys

HEADROOM = 1 << 40  # a trillion void calls


def keep_none_alive() -> bool:
    """Raise the reference counts of None, True and False once; True if the fix was applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import PySide6
    if tuple(PySide6.__version_info__[:2]) < (6, 12):  # 6.11 counts references correctly
        return False
    import ctypes
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt: first field of PyObject
        if refcount.value < HEADROOM:
            refcount.value += HEADROOM
    return True
