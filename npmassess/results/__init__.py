"""The results register: measures along the production chain, trends, suggestions, reports.

The names below load with their module on first use (PEP 562), so that importing a light
submodule (npmassess.results.nodes, asked at every node the scoring view shows) does not load
the register model and the statistics. `npmassess.results.suggest` is the module (the function
is `npmassess.results.suggest.suggest`): a package attribute cannot be both once the submodule loads.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_WHERE = {"LEVELS": "model", "Measure": "model", "Observation": "model", "Register": "model",
          "Period": "periods", "parse_period": "periods",
          "load_register": "registry", "register_of": "registry", "save_measures": "registry",
          "Reading": "stats", "XmR": "stats", "read": "stats", "xmr": "stats",
          "Suggestion": "suggest", "is_results_node": "nodes"}

__all__ = ["LEVELS", "Measure", "Observation", "Period", "Reading", "Register", "Suggestion", "XmR",
           "is_results_node", "load_register", "parse_period", "read", "register_of", "save_measures",
           "xmr"]

if TYPE_CHECKING:
    from npmassess.results.model import LEVELS, Measure, Observation, Register
    from npmassess.results.nodes import is_results_node
    from npmassess.results.periods import Period, parse_period
    from npmassess.results.registry import load_register, register_of, save_measures
    from npmassess.results.stats import Reading, XmR, read, xmr
    from npmassess.results.suggest import Suggestion


def __getattr__(name: str):
    """A public name of the package, loaded from its module when first asked for."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = globals()[name] = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    return value
