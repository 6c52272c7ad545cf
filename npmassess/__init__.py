"""npmassess: excellence-framework self-assessment core (no Qt here).

The names below load on first use (PEP 562), so importing a small module such as npmassess.paths
does not pull in the store and every framework file (the GUI shows its window first)."""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "npmassess.assessment": ("Action", "Assessment", "Note", "Participant", "action_priority"),
    "npmassess.errors": ("Cancelled", "FrameworkError", "ImportFileError", "NotFound", "NpmassessError",
                         "StoreError", "ValidationError"),
    "npmassess.frameworks": ("Library", "library", "load_all", "load_file"),
    "npmassess.model": ("Framework", "Method", "Node", "Scale", "Text"),
    "npmassess.scoring": ("ScoreReport", "agenda", "divergence", "score"),
    "npmassess.store": ("Store", "Summary"),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = list(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'npmassess' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
