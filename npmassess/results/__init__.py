"""The results register: measures along the production chain, trends, suggestions, reports."""

from npmassess.results.model import LEVELS, Measure, Observation, Register
from npmassess.results.periods import Period, parse_period
from npmassess.results.registry import load_register, register_of, save_measures
from npmassess.results.stats import Reading, XmR, read, xmr
from npmassess.results.suggest import Suggestion, is_results_node, suggest

__all__ = ["LEVELS", "Measure", "Observation", "Period", "Reading", "Register", "Suggestion", "XmR",
           "is_results_node", "load_register", "parse_period", "read", "register_of", "save_measures",
           "suggest", "xmr"]
