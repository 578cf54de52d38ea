"""explain: an incident's derived fields, the rule step and claims behind each, the claims set
aside and why, and against another version what moved (compute.py); text, markdown and JSON
(formats.py)."""

from .compute import FIELDS, PLACE_FIELDS, Explanation, UnknownIncident, explain
from .formats import FORMATS, format_explanation

__all__ = ["FIELDS", "FORMATS", "PLACE_FIELDS", "Explanation", "UnknownIncident", "explain", "format_explanation"]
