"""autodefensas: an event dataset of confrontations involving self-defense groups in
Mexico, coded claim by claim from news articles, and the toolkit that rebuilds and
verifies it.

Importing it stays light: pandas is imported by load(), polars and
great-expectations only by the verify layers that need them.
"""

from ._version import read_version
from .build import build
from .load import LoadError, Tables, load
from .report import Problem, Report
from .verify import verify

__version__ = read_version()
__all__ = ["LoadError", "Problem", "Report", "Tables", "__version__", "build", "load", "verify"]
