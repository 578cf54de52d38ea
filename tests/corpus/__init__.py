"""A corpus of broken contributions, one module per part of the dataset they break.

Every case registers into CASES (base.py); tests/test_corpus.py runs them, and
tests/test_catalogue.py holds that every rule of the catalogue has one.
"""

from . import (
    cases_coding,
    cases_figures,
    cases_generated,
    cases_places,
    cases_quality,
    cases_release,
    cases_rules,
    cases_schemas,
)
from .base import CASES, LAYERS, Case

__all__ = ["CASES", "LAYERS", "Case", "cases_coding", "cases_figures", "cases_generated", "cases_places",
           "cases_quality", "cases_release", "cases_rules", "cases_schemas"]
