"""Meaning checks: what a claim's quote says, against how the claim is coded.

The coding layer proves that a quote is in its text; these checks read what the quote
says (figures, qualifiers, dates, places) in English and Spanish. Each checker is a
function of one document (build.records.Document: its source record, text and resolved
claims) returning problems at the claim's sheet line; CODING_CHECKERS take the whole
coding (registries and documents) for checks across them. A check that cannot tell
says nothing: precision matters as much as recall.
"""

from __future__ import annotations

from collections.abc import Callable

from ..build.records import Coding, Document
from ..report import Problem
from .dates import check_dates
from .figures import figure_problems
from .places import place_problems

DOCUMENT_CHECKERS: tuple[Callable[[Document], list[Problem]], ...] = (figure_problems, check_dates)
CODING_CHECKERS: tuple[Callable[[Coding], list[Problem]], ...] = (place_problems,)


def document_problems(document: Document) -> list[Problem]:
    return [problem for check in DOCUMENT_CHECKERS for problem in check(document)]


def coding_problems(coding: Coding) -> list[Problem]:
    return [problem for check in CODING_CHECKERS for problem in check(coding)]
