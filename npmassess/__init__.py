"""npmassess: excellence-framework self-assessment core (no Qt here)."""

from npmassess.assessment import Action, Assessment, Note, Participant, action_priority
from npmassess.errors import (Cancelled, FrameworkError, ImportFileError, NotFound, NpmassessError,
                     StoreError, ValidationError)
from npmassess.frameworks import Library, library, load_all, load_file
from npmassess.model import Framework, Method, Node, Scale, Text
from npmassess.scoring import ScoreReport, agenda, divergence, score
from npmassess.store import Store, Summary

__version__ = "0.1.0"

__all__ = [
    "Action", "Assessment", "Note", "Participant", "action_priority",
    "Cancelled", "FrameworkError", "ImportFileError", "NotFound", "NpmassessError", "StoreError",
    "ValidationError", "Library", "library", "load_all", "load_file", "Framework", "Method", "Node",
    "Scale", "Text", "ScoreReport", "agenda", "divergence", "score", "Store", "Summary",
]
