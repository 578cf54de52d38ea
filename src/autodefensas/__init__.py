"""autodefensas: an event dataset of confrontations involving self-defense groups in
Mexico, coded claim by claim from news articles, and the toolkit that rebuilds and
verifies it."""

from .build import build
from .dataframes import Tables, load
from .problems import Problem, Report
from .verify import verify

__version__ = "0.1.0"
__all__ = ["build", "verify", "load", "Tables", "Problem", "Report", "__version__"]
