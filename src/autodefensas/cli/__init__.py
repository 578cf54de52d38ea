"""The `autodefensas` command. Each module below registers its commands on `app`."""

from . import (
    dataset,  # noqa: F401  (registers build, verify, rules)
    find,  # noqa: F401  (registers find)
)
from .common import app

__all__ = ["app"]
