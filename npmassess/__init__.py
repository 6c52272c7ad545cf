"""npmassess: excellence-framework self-assessment core (no Qt here)."""

from .assessment import Action, Assessment, Note, Participant, action_priority
from .errors import (Cancelled, FrameworkError, ImportFileError, NotFound, NpmassessError,
                     StoreError, ValidationError)
from .frameworks import Library, library, load_all, load_file
from .model import Framework, Method, Node, Scale, Text
from .scoring import ScoreReport, agenda, divergence, score
from .store import Store, Summary

__version__ = "0.1.0"

__all__ = [
    "Action", "Assessment", "Note", "Participant", "action_priority",
    "Cancelled", "FrameworkError", "ImportFileError", "NotFound", "NpmassessError", "StoreError",
    "ValidationError", "Library", "library", "load_all", "load_file", "Framework", "Method", "Node",
    "Scale", "Text", "ScoreReport", "agenda", "divergence", "score", "Store", "Summary",
]
