"""Reporting: the rule catalogue, Problem, Report and its formats."""

from .catalogue import Rule, catalogue, get
from .formats import FORMATS
from .problem import Problem
from .report import LayerRun, Report

__all__ = ["FORMATS", "LayerRun", "Problem", "Report", "Rule", "catalogue", "get"]
