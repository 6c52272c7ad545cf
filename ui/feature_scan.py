"""Spares PySide6 reading the source of every npmassess and ui module as it is imported (~30 ms a start).

PySide6 replaces ``__import__`` so that a module may write ``from __feature__ import snake_case``.
After each import of a module it has not seen, it reads the module's whole source
(``inspect.getsource``) to find the word "PySide6" and records the answer in
``shibokensupport.feature.pyside_feature_dict``: 0 (uses PySide6, no feature selected) or -1 (not
a PySide6 module). A start that reopens an assessment imports about 80 of our modules after PySide6,
and the reading cost about 30 ms of CPU (measured: 396 ms without this, 364 ms with it, median of 11).

The answers for our own modules are known in advance: no npmassess module mentions PySide6 (-1,
PySide's own answer; tests/ui/test_startup_lazy.py checks it) and ui modules use it (0; the two
that never name it would get -1, which behaves the same while no feature is selected). No module of
ours selects a feature (the same test refuses ``__feature__``). The standard library never names
PySide6 either (-1, exactly PySide's answer), and about 65 of its modules were read at each start.
So a finder placed first on sys.meta_path writes the answer for each such module as it starts to
load, and PySide, finding it there afterwards, skips the reading. The finder finds nothing itself (the import goes on as
always), leaves a name PySide already recorded alone, and is not installed when the table is not
where PySide 6.x keeps it or a feature was already selected. Standard-library modules loaded before
it was installed are recorded at once (the finder is not asked about a module already loaded).
"""

from __future__ import annotations

import sys

ANSWERS = {"npmassess": -1, "ui": 0}


def answer_for(name: str) -> int | None:
    """PySide6's answer for a module name known in advance (ours, the standard library), else None."""
    top = name.partition(".")[0]
    if top in ANSWERS:
        return ANSWERS[top]
    return -1 if top in sys.stdlib_module_names else None


class RecordAnswers:
    """A meta-path finder that finds nothing and records PySide6's answer for our module names."""

    def __init__(self, table: dict):
        self.table = table

    def find_spec(self, name: str, path=None, target=None):
        """Record the answer for a module about to load; always None (the usual finders load it)."""
        answer = answer_for(name)
        if answer is not None and name not in self.table:
            self.table[name] = answer
        return None

    def invalidate_caches(self) -> None:
        """Nothing is cached here."""


def install() -> bool:
    """Put the finder first on sys.meta_path (once); False when PySide6's table is not as expected."""
    if any(isinstance(f, RecordAnswers) for f in sys.meta_path):
        return True
    try:
        from shibokensupport import feature  # PySide6's own (internal) module
    except ImportError:
        return False
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict) or any(isinstance(v, int) and v > 0 for v in table.values()):
        return False  # another layout, or a feature already selected somewhere: leave PySide to it
    for name in list(sys.modules):  # loaded already: PySide reads them at their next import statement
        if name not in table and answer_for(name) == -1:
            table[name] = -1
    sys.meta_path.insert(0, RecordAnswers(table))
    return True
